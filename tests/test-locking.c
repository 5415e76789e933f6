/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Locks, leases and outcomes in the core store, and a race of cube-cli
 * processes taking customers from one database file. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "cube-core.h"

#define T0 ((gint64) 1800000000)

typedef struct {
  char *dir;
  char *path;
  CubeStore *store;
  gint64 now;
  gint64 assignment_id;
  gint64 attempt_id;     /* Ikke svar: attempt */
  gint64 sale_id;        /* Salg: progress, closes */
  gint64 interested_id;  /* Interessert: progress, does not close */
  gint64 callback_id;    /* Ring tilbake: attempt, needs a time */
  gint64 customers[3];
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
act_as (Fixture    *fixture,
        const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cube_store_set_user (fixture->store, login, &error));
  g_assert_no_error (error);
}

static gint64
add_outcome (Fixture         *fixture,
             const char      *label,
             CubeOutcomeKind  kind,
             gboolean         closes,
             gboolean         needs_time)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;

  outcome = cube_store_add_outcome (fixture->store, fixture->assignment_id, label, kind,
                                    closes, needs_time, &error);
  g_assert_no_error (error);
  return cube_outcome_get_id (outcome);
}

static void
add_user (CubeStore       *store,
          const char      *login,
          CubePermissions  permissions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) user = NULL;

  user = cube_store_add_user (store, login, login, permissions, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (cube_user_get_permissions (user), ==, permissions);
}

static gint64
add_customer (CubeStore  *store,
              gint64      assignment_id,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) customer = NULL;

  draft->assignment_id = assignment_id;
  draft->customer_key = g_strdup (key);
  draft->name = g_strdup_printf ("Kunde %s", key);
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  return cube_customer_get_id (customer);
}

/* Data owner, dataset, assignment with four outcomes, an admin, two agents
 * ("anna", "bo") and a supervisor ("sup"), and three customers. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;

  fixture->dir = g_dir_make_tmp ("cube-locking-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "cube.db", NULL);
  fixture->store = cube_store_open_sqlite (fixture->path, &error);
  g_assert_no_error (error);
  fixture->now = T0;
  cube_store_set_clock (fixture->store, fake_clock, fixture);
  cube_store_set_lease_seconds (fixture->store, CUBE_DEFAULT_LEASE_SECONDS);

  act_as (fixture, "admin");
  owner = cube_store_add_data_owner (fixture->store, "Testeier AS", "Testeier AS", "Salg", &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (fixture->store, cube_data_owner_get_id (owner),
                                    CUBE_DATASET_B2C, &error);
  g_assert_no_error (error);
  assignment = cube_store_add_assignment (fixture->store, cube_dataset_get_id (dataset),
                                          "Høstkampanje", &error);
  g_assert_no_error (error);
  fixture->assignment_id = cube_assignment_get_id (assignment);
  fixture->attempt_id = add_outcome (fixture, "Ikke svar", CUBE_OUTCOME_ATTEMPT, FALSE, FALSE);
  fixture->sale_id = add_outcome (fixture, "Salg", CUBE_OUTCOME_PROGRESS, TRUE, FALSE);
  fixture->interested_id = add_outcome (fixture, "Interessert", CUBE_OUTCOME_PROGRESS, FALSE, FALSE);
  fixture->callback_id = add_outcome (fixture, "Ring tilbake", CUBE_OUTCOME_ATTEMPT, FALSE, TRUE);

  add_user (fixture->store, "anna", CUBE_PERMISSION_CUSTOMER_HANDLING);
  add_user (fixture->store, "bo", CUBE_PERMISSION_CUSTOMER_HANDLING);
  add_user (fixture->store, "sup",
            CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING);

  for (guint i = 0; i < G_N_ELEMENTS (fixture->customers); i++)
    {
      g_autofree char *key = g_strdup_printf ("K%u", i + 1);
      fixture->customers[i] = add_customer (fixture->store, fixture->assignment_id, key);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_unlink (fixture->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static CubeCustomer *
get_customer (Fixture *fixture,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_get_customer (fixture->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

/* The kinds of a customer's events, newest first, comma-separated. */
static char *
event_kinds (CubeStore *store,
             gint64     customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cube_store_list_events (store, customer_id, &error);
  g_autoptr(GString) kinds = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      if (i > 0)
        g_string_append_c (kinds, ',');
      g_string_append (kinds, cube_event_get_kind (events->pdata[i]));
    }
  return g_string_free (g_steal_pointer (&kinds), FALSE);
}

static CubeEvent *
newest_event (CubeStore *store,
              gint64     customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cube_store_list_events (store, customer_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  return g_object_ref (events->pdata[0]);
}

static void
assert_events (Fixture    *fixture,
               gint64      customer_id,
               const char *expected)
{
  g_autofree char *kinds = event_kinds (fixture->store, customer_id);

  g_assert_cmpstr (kinds, ==, expected);
}

static void
lock_ok (Fixture *fixture,
         gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_lock_customer (fixture->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  g_assert_cmpint (cube_customer_get_status (customer), ==, CUBE_STATUS_LOCKED);
}

static void
assert_locked_by (Fixture    *fixture,
                  gint64      id,
                  const char *login)
{
  g_autoptr(CubeCustomer) customer = get_customer (fixture, id);

  g_assert_cmpstr (cube_customer_get_locked_by (customer), ==, login);
  g_assert_cmpint (cube_customer_get_status (customer), ==,
                   login ? CUBE_STATUS_LOCKED : CUBE_STATUS_AVAILABLE);
}

static void
test_second_user_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomer) again = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);
  assert_locked_by (fixture, id, "anna");
  assert_events (fixture, id, "locked,created");

  act_as (fixture, "bo");
  refused = cube_store_lock_customer (fixture->store, id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_assert_null (refused);
  g_clear_error (&error);
  assert_locked_by (fixture, id, "anna");
  assert_events (fixture, id, "locked,created");

  /* The holder locking again succeeds and renews the lease. */
  act_as (fixture, "anna");
  fixture->now = T0 + 30;
  again = cube_store_lock_customer (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_locked_by (again), ==, "anna");
  g_assert_cmpint (cube_customer_get_lock_expires (again), ==, T0 + 30 + CUBE_DEFAULT_LEASE_SECONDS);
}

static void
test_lease_expiry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomer) taken = NULL;
  g_autoptr(CubeCustomer) expired = NULL;
  g_autoptr(CubeCustomer) late_outcome = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(CubeEvent) event = NULL;
  g_autofree char *kinds = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);

  /* Within the lease the lock holds. */
  fixture->now = T0 + CUBE_DEFAULT_LEASE_SECONDS - 1;
  act_as (fixture, "bo");
  refused = cube_store_lock_customer (fixture->store, id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Once the lease ends the customer is free again. */
  fixture->now = T0 + CUBE_DEFAULT_LEASE_SECONDS + 1;
  expired = get_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_status (expired), ==, CUBE_STATUS_AVAILABLE);
  taken = cube_store_lock_customer (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_locked_by (taken), ==, "bo");
  event = newest_event (fixture->store, id);
  g_assert_cmpstr (cube_event_get_kind (event), ==, "locked");
  g_assert_cmpstr (cube_event_get_login (event), ==, "bo");

  /* The first holder has lost it: no outcome, no renewal. */
  act_as (fixture, "anna");
  late_outcome = cube_store_register_outcome (fixture->store, id, fixture->attempt_id, 0, "for sent",
                                              &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_assert_null (late_outcome);
  g_clear_error (&error);
  g_assert_false (cube_store_renew_lock (fixture->store, id, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);

  after = get_customer (fixture, id);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, "bo");
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 0);
  kinds = event_kinds (fixture->store, id);
  g_assert_null (strstr (kinds, "outcome"));
}

static void
test_expired_holder_cannot_register (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) late_outcome = NULL;
  gint64 id = fixture->customers[1];

  /* Nobody took it after expiry; the lease is still gone. */
  act_as (fixture, "anna");
  lock_ok (fixture, id);
  fixture->now = T0 + CUBE_DEFAULT_LEASE_SECONDS + 5;
  late_outcome = cube_store_register_outcome (fixture->store, id, fixture->sale_id, 0, NULL, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (cube_store_renew_lock (fixture->store, id, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  assert_locked_by (fixture, id, NULL);
}

static void
test_renew (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomer) renewed = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);

  fixture->now = T0 + 100;
  g_assert_true (cube_store_renew_lock (fixture->store, id, &error));
  g_assert_no_error (error);
  renewed = get_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_lock_expires (renewed), ==, T0 + 100 + CUBE_DEFAULT_LEASE_SECONDS);

  /* Past the first lease, still within the renewed one. */
  fixture->now = T0 + CUBE_DEFAULT_LEASE_SECONDS + 50;
  act_as (fixture, "bo");
  refused = cube_store_lock_customer (fixture->store, id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (cube_store_renew_lock (fixture->store, id, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);

  act_as (fixture, "anna");
  done = cube_store_register_outcome (fixture->store, id, fixture->attempt_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_attempts (done), ==, 1);
}

static void
test_outcome_by_non_holder (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomer) unlocked = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);

  act_as (fixture, "bo");
  refused = cube_store_register_outcome (fixture->store, id, fixture->sale_id, 0, "kapret", &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_assert_null (refused);
  g_clear_error (&error);

  after = get_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, "anna");
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 0);
  assert_events (fixture, id, "locked,created");

  /* Nor on a customer nobody holds. */
  unlocked = cube_store_register_outcome (fixture->store, fixture->customers[1], fixture->sale_id,
                                          0, NULL, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  assert_events (fixture, fixture->customers[1], "created");
}

static void
test_attempt_outcome (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) first = NULL;
  g_autoptr(CubeCustomer) second = NULL;
  g_autoptr(CubeCustomer) next = NULL;
  g_autoptr(CubeEvent) event = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);
  first = cube_store_register_outcome (fixture->store, id, fixture->attempt_id, 0, "svarte ikke",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (first), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (first));
  g_assert_cmpint (cube_customer_get_attempts (first), ==, 1);
  assert_events (fixture, id, "outcome,locked,created");
  event = newest_event (fixture->store, id);
  g_assert_cmpstr (cube_event_get_outcome (event), ==, "Ikke svar");
  g_assert_cmpstr (cube_event_get_comment (event), ==, "svarte ikke");
  g_assert_cmpstr (cube_event_get_login (event), ==, "anna");

  /* Still in the pool: lock_next offers it again (lowest id). */
  act_as (fixture, "bo");
  next = cube_store_lock_next (fixture->store, fixture->assignment_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (next), ==, id);
  second = cube_store_register_outcome (fixture->store, id, fixture->attempt_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_attempts (second), ==, 2);
  assert_events (fixture, id, "outcome,locked,outcome,locked,created");
}

static void
test_progress_outcomes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) closed = NULL;
  g_autoptr(CubeCustomer) open = NULL;
  g_autoptr(CubeCustomer) relock = NULL;
  g_autoptr(CubeCustomer) none = NULL;
  gint64 first = fixture->customers[0];
  gint64 second = fixture->customers[1];

  act_as (fixture, "anna");
  lock_ok (fixture, first);
  closed = cube_store_register_outcome (fixture->store, first, fixture->sale_id, 0, "solgt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (closed), ==, CUBE_STATUS_CLOSED);
  g_assert_null (cube_customer_get_locked_by (closed));
  g_assert_cmpint (cube_customer_get_attempts (closed), ==, 0);
  assert_events (fixture, first, "outcome,locked,created");

  /* A progress outcome that does not close keeps the customer available. */
  lock_ok (fixture, second);
  open = cube_store_register_outcome (fixture->store, second, fixture->interested_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (open), ==, CUBE_STATUS_AVAILABLE);

  /* The closed customer is never handed out again. */
  act_as (fixture, "bo");
  relock = cube_store_lock_customer (fixture->store, first, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->customers) - 1; i++)
    {
      g_autoptr(CubeCustomer) next = cube_store_lock_next (fixture->store, fixture->assignment_id,
                                                           &error);
      g_assert_no_error (error);
      g_assert_cmpint (cube_customer_get_id (next), !=, first);
    }
  none = cube_store_lock_next (fixture->store, fixture->assignment_id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  /* Even when everything else has expired. */
  fixture->now += 10 * CUBE_DEFAULT_LEASE_SECONDS;
  for (guint i = 0; i < G_N_ELEMENTS (fixture->customers) - 1; i++)
    {
      g_autoptr(CubeCustomer) next = cube_store_lock_next (fixture->store, fixture->assignment_id,
                                                           &error);
      g_assert_no_error (error);
      g_assert_cmpint (cube_customer_get_id (next), !=, first);
    }
  assert_events (fixture, first, "outcome,locked,created");
}

static void
test_needs_time (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomer) still = NULL;
  g_autoptr(CubeCustomer) later = NULL;
  g_autoptr(CubeCustomer) due = NULL;
  g_autoptr(CubeEvent) event = NULL;
  gint64 id = fixture->customers[0];
  gint64 at = T0 + 3600;

  /* Leases that outlast the follow-up, so only the follow-up time decides. */
  cube_store_set_lease_seconds (fixture->store, 2 * 3600);
  act_as (fixture, "anna");
  lock_ok (fixture, id);
  refused = cube_store_register_outcome (fixture->store, id, fixture->callback_id, 0, NULL, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (cube_error_get_field (error), ==, "follow_up_at");
  g_assert_null (refused);
  g_clear_error (&error);
  still = get_customer (fixture, id);
  g_assert_cmpstr (cube_customer_get_locked_by (still), ==, "anna");
  g_assert_cmpint (cube_customer_get_follow_up_at (still), ==, 0);
  assert_events (fixture, id, "locked,created");

  later = cube_store_register_outcome (fixture->store, id, fixture->callback_id, at, "etter lunsj",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_follow_up_at (later), ==, at);
  g_assert_cmpint (cube_customer_get_status (later), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_attempts (later), ==, 1);
  assert_events (fixture, id, "outcome,locked,created");
  event = newest_event (fixture->store, id);
  g_assert_cmpint (cube_event_get_follow_up_at (event), ==, at);
  g_assert_cmpstr (cube_event_get_outcome (event), ==, "Ring tilbake");

  /* Before the time, lock_next hands out the others and then nothing. */
  for (guint i = 1; i < G_N_ELEMENTS (fixture->customers); i++)
    {
      g_autoptr(CubeCustomer) next = cube_store_lock_next (fixture->store, fixture->assignment_id,
                                                           &error);
      g_assert_no_error (error);
      g_assert_cmpint (cube_customer_get_id (next), ==, fixture->customers[i]);
    }
  fixture->now = at - 1;
  act_as (fixture, "bo");
  due = cube_store_lock_next (fixture->store, fixture->assignment_id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Once the clock passes it, it comes back. */
  fixture->now = at + 1;
  due = cube_store_lock_next (fixture->store, fixture->assignment_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (due), ==, id);
  g_assert_cmpstr (cube_customer_get_locked_by (due), ==, "bo");
}

static void
test_release (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeEvent) event = NULL;
  gint64 id = fixture->customers[0];

  act_as (fixture, "anna");
  lock_ok (fixture, id);

  /* Another agent may not release it. */
  act_as (fixture, "bo");
  g_assert_false (cube_store_release_lock (fixture->store, id, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);
  assert_locked_by (fixture, id, "anna");
  assert_events (fixture, id, "locked,created");

  /* The holder may. */
  act_as (fixture, "anna");
  g_assert_true (cube_store_release_lock (fixture->store, id, &error));
  g_assert_no_error (error);
  assert_locked_by (fixture, id, NULL);
  assert_events (fixture, id, "released,locked,created");

  /* A supervisor with extended customer handling may release anyone's. */
  lock_ok (fixture, id);
  act_as (fixture, "sup");
  g_assert_true (cube_store_release_lock (fixture->store, id, &error));
  g_assert_no_error (error);
  assert_locked_by (fixture, id, NULL);
  assert_events (fixture, id, "released,locked,released,locked,created");
  event = newest_event (fixture->store, id);
  g_assert_cmpstr (cube_event_get_login (event), ==, "sup");

  /* Released means anyone can take it now. */
  act_as (fixture, "bo");
  lock_ok (fixture, id);
  assert_locked_by (fixture, id, "bo");
}

static void
test_empty_pool (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) current = NULL;
  g_autoptr(CubeAssignment) empty = NULL;
  g_autoptr(CubeCustomer) none = NULL;
  g_autoptr(CubeCustomer) still_none = NULL;

  current = cube_store_get_assignment (fixture->store, fixture->assignment_id, &error);
  g_assert_no_error (error);
  empty = cube_store_add_assignment (fixture->store, cube_assignment_get_dataset_id (current),
                                     "Tom kampanje", &error);
  g_assert_no_error (error);

  act_as (fixture, "anna");
  none = cube_store_lock_next (fixture->store, cube_assignment_get_id (empty), &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  g_assert_null (none);
  g_clear_error (&error);

  /* A pool whose customers are all locked is empty too. */
  for (guint i = 0; i < G_N_ELEMENTS (fixture->customers); i++)
    lock_ok (fixture, fixture->customers[i]);
  act_as (fixture, "bo");
  still_none = cube_store_lock_next (fixture->store, fixture->assignment_id, &error);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  g_assert_null (still_none);
}

/* ---- the race -------------------------------------------------------- */

#define RACE_PROCESSES 8
#define RACE_LOCKS_EACH 50
#define RACE_CUSTOMERS 420

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (dir);
}

/* The Kundeid of a customer object printed by cube-cli --json. */
static const char *
json_customer_key (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "customer_id");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
test_race (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *go = NULL;
  g_autofree char *assignment_arg = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GHashTable) holders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GSubprocess *processes[RACE_PROCESSES];
  const char *cli = g_getenv ("CUBE_CLI");
  const char *script =
    /* Wait for the go file so that all processes start together; one line
     * per call: exit status, a tab, the JSON output on one line. */
    "while [ ! -e \"$4\" ]; do sleep 0.01; done\n"
    "for i in $(seq " G_STRINGIFY (RACE_LOCKS_EACH) "); do\n"
    "  out=$(\"$CUBE_CLI\" --database \"$1\" --user \"$2\" --json lock next --assignment \"$3\" 2>>\"$5\")\n"
    "  rc=$?\n"
    "  printf '%s\\t%s\\n' \"$rc\" \"$(printf '%s' \"$out\" | tr -d '\\n')\"\n"
    "done\n";
  gint64 start;
  guint successes = 0;
  gint64 assignment_id;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("CUBE_CLI is not set to the cube-cli binary");
      return;
    }

  dir = g_dir_make_tmp ("cube-race-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "race.db", NULL);
  go = g_build_filename (dir, "go", NULL);

  store = cube_store_open_sqlite (path, &error);
  g_assert_no_error (error);
  g_assert_true (cube_store_set_user (store, "admin", &error));
  owner = cube_store_add_data_owner (store, "Kappløp AS", "Kappløp AS", "Salg", &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error);
  g_assert_no_error (error);
  assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Kappløpet", &error);
  g_assert_no_error (error);
  assignment_id = cube_assignment_get_id (assignment);
  assignment_arg = g_strdup_printf ("%" G_GINT64_FORMAT, assignment_id);
  for (guint i = 0; i < RACE_PROCESSES; i++)
    {
      g_autofree char *login = g_strdup_printf ("agent%u", i + 1);
      add_user (store, login, CUBE_PERMISSION_CUSTOMER_HANDLING);
    }
  g_assert_true (cube_store_begin (store, &error));
  for (guint i = 0; i < RACE_CUSTOMERS; i++)
    {
      g_autofree char *key = g_strdup_printf ("R%04u", i + 1);
      add_customer (store, assignment_id, key);
    }
  g_assert_true (cube_store_commit (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < RACE_PROCESSES; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autofree char *login = g_strdup_printf ("agent%u", i + 1);
      g_autofree char *errors = g_strdup_printf ("%s/agent%u.err", dir, i + 1);

      g_subprocess_launcher_setenv (launcher, "CUBE_CLI", cli, TRUE);
      processes[i] = g_subprocess_launcher_spawn (launcher, &error, "sh", "-c", script, "sh",
                                                  path, login, assignment_arg, go, errors, NULL);
      g_assert_no_error (error);
    }
  start = g_get_monotonic_time ();
  g_assert_true (g_file_set_contents (go, "", 0, &error));

  for (guint i = 0; i < RACE_PROCESSES; i++)
    {
      g_autofree char *login = g_strdup_printf ("agent%u", i + 1);
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (processes[i], NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (processes[i]));
      g_clear_object (&processes[i]);

      lines = g_strsplit (out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, RACE_LOCKS_EACH + 1);
      for (guint j = 0; j < RACE_LOCKS_EACH; j++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          char *tab = strchr (lines[j], '\t');
          JsonObject *object;
          const char *key;

          g_assert_nonnull (tab);
          *tab = '\0';
          if (g_strcmp0 (lines[j], "0") != 0)
            {
              g_autofree char *errors_path = g_strdup_printf ("%s/%s.err", dir, login);
              g_autofree char *errors = NULL;

              g_file_get_contents (errors_path, &errors, NULL, NULL);
              g_error ("%s: lock next exited with %s: %s", login, lines[j], errors ? errors : "");
            }
          successes++;
          json_parser_load_from_data (parser, tab + 1, -1, &error);
          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
          object = json_node_get_object (json_parser_get_root (parser));
          key = json_customer_key (object);
          g_assert_nonnull (key);
          g_assert_cmpstr (json_object_get_string_member_with_default (object, "locked_by", ""), ==, login);
          g_assert_cmpstr (json_object_get_string_member_with_default (object, "status", ""), ==, "locked");
          if (g_hash_table_contains (holders, key))
            g_error ("customer %s handed to both %s and %s", key,
                     (char *) g_hash_table_lookup (holders, key), login);
          g_hash_table_insert (holders, g_strdup (key), g_strdup (login));
        }
    }
  g_test_message ("%u processes x %u lock next took %.1f s", RACE_PROCESSES, RACE_LOCKS_EACH,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (successes, ==, RACE_PROCESSES * RACE_LOCKS_EACH);
  g_assert_cmpuint (g_hash_table_size (holders), ==, RACE_PROCESSES * RACE_LOCKS_EACH);

  /* The database agrees with what the processes were told. */
  for (guint i = 0; i < RACE_CUSTOMERS; i++)
    {
      g_autofree char *key = g_strdup_printf ("R%04u", i + 1);
      g_autoptr(CubeCustomer) customer = cube_store_find_customer (store, assignment_id, key, &error);
      g_autoptr(GPtrArray) events = NULL;
      const char *holder = g_hash_table_lookup (holders, key);
      guint locked_events = 0;
      const char *locked_login = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (cube_customer_get_locked_by (customer), ==, holder);
      events = cube_store_list_events (store, cube_customer_get_id (customer), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < events->len; j++)
        if (g_strcmp0 (cube_event_get_kind (events->pdata[j]), "locked") == 0)
          {
            locked_events++;
            locked_login = cube_event_get_login (events->pdata[j]);
          }
      g_assert_cmpuint (locked_events, ==, holder ? 1 : 0);
      g_assert_cmpstr (locked_login, ==, holder);
    }

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/locking/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("second-user-refused", test_second_user_refused);
  ADD ("lease-expiry", test_lease_expiry);
  ADD ("expired-holder-cannot-register", test_expired_holder_cannot_register);
  ADD ("renew", test_renew);
  ADD ("outcome-by-non-holder", test_outcome_by_non_holder);
  ADD ("attempt-outcome", test_attempt_outcome);
  ADD ("progress-outcomes", test_progress_outcomes);
  ADD ("needs-time", test_needs_time);
  ADD ("release", test_release);
  ADD ("empty-pool", test_empty_pool);
#undef ADD
  g_test_add_func ("/locking/race", test_race);

  return g_test_run ();
}
