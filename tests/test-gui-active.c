/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The active customer view: the lock shown, the card and history, outcome
 * registration through the core, releasing, renewing the lease and losing
 * the lock to a supervisor or an expired lease. Driven through its actions
 * and buttons; checked against what the store holds afterwards. */
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-active-view.h"
#include "cube-customer-card.h"

#define OWNER "Testeier AS"
#define ASSIGNMENT "Høstkampanje"

typedef struct {
  char          *dir;
  char          *path;
  CubeStore     *store;        /* the agent's connection, behind the view */
  CubeContext   *context;
  CubeTestSetup  setup;
  gint64         customer_id;
  gint64         now;          /* the agent's clock, when faked */
  GtkWidget     *view;
  guint          n_finished;
} Fixture;

/* The widget below @widget that points at @action (a button, a check button). */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action,
                 const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0
          && (label == NULL
              || (GTK_IS_CHECK_BUTTON (child)
                  && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (child)), label) == 0)))
        return child;
      if ((found = find_actionable (child, action, label)))
        return found;
    }
  return NULL;
}

/* Whether @action can be used now, as its button shows it. */
static gboolean
action_enabled (Fixture    *fixture,
                const char *action)
{
  GtkWidget *button = find_actionable (fixture->view, action, NULL);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
click (Fixture    *fixture,
       const char *action)
{
  GtkWidget *button = find_actionable (fixture->view, action, NULL);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  cube_test_spin (50);
}

/* Picks the outcome @label as a click on its radio button does. */
static void
choose_outcome (Fixture    *fixture,
                const char *label)
{
  GtkWidget *radio = find_actionable (fixture->view, "active.outcome", label);

  g_assert_nonnull (radio);
  g_assert_true (gtk_widget_is_sensitive (radio));
  g_signal_emit_by_name (radio, "activate");
  cube_test_spin (20);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (radio)));
}

static CubeCustomer *
stored_customer (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_get_customer (fixture->store, fixture->customer_id, &error);

  g_assert_no_error (error);
  return customer;
}

static gint64
fake_clock (gpointer data)
{
  Fixture *fixture = data;

  return fixture->now;
}

static gint64
later_clock (gpointer data)
{
  return *(gint64 *) data;
}

static void
finished_cb (GtkWidget *view,
             Fixture   *fixture)
{
  fixture->n_finished++;
}

/* Opens the view on the customer, locked to the agent. */
static void
open_view (Fixture *fixture)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(GError) error = NULL;

  locked = cube_store_lock_customer (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  fixture->view = g_object_ref_sink (cube_active_view_new (fixture->context, locked));
  g_signal_connect (fixture->view, "finished", G_CALLBACK (finished_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->view));
  cube_test_spin (100);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CubeCustomer) customer = NULL;

  fixture->store = cube_test_new_database (&fixture->dir, &fixture->path);
  cube_test_setup_minimal (fixture->store, OWNER, ASSIGNMENT, &fixture->setup);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "5001", "Åse Ødegård",
                                     "912 34 567");
  fixture->customer_id = cube_customer_get_id (customer);
  fixture->context = cube_context_new (fixture->store);
  /* As the application does, only quicker. */
  cube_context_set_poll_interval (fixture->context, 100);
  /* Each test opens the view itself, some after setting the clock. */
  if (data == NULL)
    open_view (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->view != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->view));
      cube_test_spin (50);
      g_assert_finalize_object (g_steal_pointer (&fixture->view));
    }
  /* A closed view never leaves its customer locked. */
  {
    g_autoptr(CubeCustomer) customer = stored_customer (fixture);
    g_assert_cmpint (cube_customer_get_status (customer), !=, CUBE_STATUS_LOCKED);
  }
  cube_context_set_poll_interval (fixture->context, 0);
  g_assert_finalize_object (g_steal_pointer (&fixture->context));
  g_clear_object (&fixture->store);
  cube_test_remove_database (fixture->dir, fixture->path);
}

/* Position of @widget in a depth-first walk below @root, -1 if not there. */
static int
widget_order (GtkWidget *root,
              GtkWidget *widget)
{
  int index = 0;
  GtkWidget *stack[256];
  int top = 0;

  stack[top++] = root;
  while (top > 0)
    {
      GtkWidget *w = stack[--top];
      GtkWidget *children[256];
      int n = 0;

      if (w == widget)
        return index;
      index++;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c && n < 256; c = gtk_widget_get_next_sibling (c))
        children[n++] = c;
      while (n > 0 && top < 256)
        stack[top++] = children[--n];
    }
  return -1;
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return !gtk_widget_get_visible (fixture->view);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_shows_lock_card_history (Fixture       *fixture,
                              gconstpointer  data)
{
  CubeCustomerCard *card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (fixture->view, CUBE_TYPE_CUSTOMER_CARD));
  GtkLabel *locked, *created;

  g_assert_nonnull (cube_test_find_label (fixture->view, "Locked by you"));
  g_assert_null (cube_test_find_label_full (fixture->view, "The lock was lost", TRUE, FALSE));

  /* The card, editable, with the customer's values. */
  g_assert_nonnull (card);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_customer_card_get_input (card, "customer_key"))), ==, "5001");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_customer_card_get_input (card, "name"))), ==, "Åse Ødegård");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (cube_customer_card_get_input (card, "name"))));

  /* The history, newest first: locked after created. */
  locked = cube_test_find_label (fixture->view, "Locked");
  created = cube_test_find_label (fixture->view, "Created (manual)");
  g_assert_nonnull (locked);
  g_assert_nonnull (created);
  g_assert_cmpint (widget_order (fixture->view, GTK_WIDGET (locked)), <,
                   widget_order (fixture->view, GTK_WIDGET (created)));

  /* The assignment's outcomes, nothing chosen: nothing to save yet. */
  g_assert_nonnull (find_actionable (fixture->view, "active.outcome", "Salg"));
  g_assert_nonnull (find_actionable (fixture->view, "active.outcome", "Ikke svar"));
  g_assert_nonnull (find_actionable (fixture->view, "active.outcome", "Ring tilbake"));
  g_assert_false (action_enabled (fixture, "active.register"));
  g_assert_true (action_enabled (fixture, "active.release"));
}

static void
test_register_attempt (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkTextView *comment = GTK_TEXT_VIEW (cube_test_find_descendant (fixture->view, GTK_TYPE_TEXT_VIEW));
  g_autoptr(CubeCustomer) before = stored_customer (fixture);
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  CubeEvent *newest;

  g_assert_cmpint (cube_customer_get_status (before), ==, CUBE_STATUS_LOCKED);
  choose_outcome (fixture, "Ikke svar");
  g_assert_true (action_enabled (fixture, "active.register"));
  g_assert_nonnull (comment);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (comment), "Ringte to ganger", -1);
  click (fixture, "active.register");

  /* Registered through the core, released, and the view is gone. */
  after = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_attempts (after), ==, cube_customer_get_attempts (before) + 1);
  g_assert_cmpstr (cube_customer_get_last_outcome (after), ==, "Ikke svar");
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (after));
  events = cube_store_list_events (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 1);
  newest = g_ptr_array_index (events, 0);
  g_assert_cmpstr (cube_event_get_kind (newest), ==, "outcome");
  g_assert_cmpstr (cube_event_get_outcome (newest), ==, "Ikke svar");
  g_assert_cmpstr (cube_event_get_comment (newest), ==, "Ringte to ganger");
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_true (cube_test_spin_until (window_gone, fixture, 500));
}

static void
test_register_progress_closes (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;

  choose_outcome (fixture, "Salg");
  click (fixture, "active.register");
  after = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_CLOSED);
  g_assert_cmpstr (cube_customer_get_last_outcome (after), ==, "Salg");
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_true (cube_test_spin_until (window_gone, fixture, 500));
}

static void
test_outcome_needs_time (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *date = NULL, *time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_week = g_date_time_add_days (now, 7);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) expected = NULL;
  g_autofree char *future = g_date_time_format (next_week, "%d.%m.%Y");
  g_autofree char *past = g_date_time_format (yesterday, "%d.%m.%Y");
  g_autoptr(CubeCustomer) after = NULL;
  GtkLabel *label;

  choose_outcome (fixture, "Ring tilbake");
  /* It asks for a date and a time and saves nothing without them. */
  label = cube_test_find_label (fixture->view, "Follow-up date");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (label)));
  date = gtk_label_get_mnemonic_widget (label);
  time = gtk_label_get_mnemonic_widget (cube_test_find_label (fixture->view, "Time"));
  g_assert_true (GTK_IS_EDITABLE (date));
  g_assert_true (GTK_IS_EDITABLE (time));
  g_assert_false (action_enabled (fixture, "active.register"));

  gtk_editable_set_text (GTK_EDITABLE (date), future);
  cube_test_spin (20);
  g_assert_false (action_enabled (fixture, "active.register"));
  g_assert_nonnull (cube_test_find_label (fixture->view, "Enter both a date and a time"));
  gtk_editable_set_text (GTK_EDITABLE (time), "25:99");
  cube_test_spin (20);
  g_assert_false (action_enabled (fixture, "active.register"));
  gtk_editable_set_text (GTK_EDITABLE (date), past);
  gtk_editable_set_text (GTK_EDITABLE (time), "14:30");
  cube_test_spin (20);
  g_assert_false (action_enabled (fixture, "active.register"));
  g_assert_nonnull (cube_test_find_label (fixture->view, "The follow-up time has passed"));
  /* Saving anyway (Enter in the field) registers nothing. */
  gtk_widget_activate_action (fixture->view, "active.register", NULL);
  cube_test_spin (20);
  {
    g_autoptr(CubeCustomer) still = stored_customer (fixture);
    g_assert_cmpint (cube_customer_get_status (still), ==, CUBE_STATUS_LOCKED);
    g_assert_cmpint (cube_customer_get_attempts (still), ==, 0);
  }

  gtk_editable_set_text (GTK_EDITABLE (date), future);
  cube_test_spin (20);
  g_assert_true (action_enabled (fixture, "active.register"));
  click (fixture, "active.register");

  after = stored_customer (fixture);
  expected = g_date_time_new_local (g_date_time_get_year (next_week), g_date_time_get_month (next_week),
                                    g_date_time_get_day_of_month (next_week), 14, 30, 0);
  g_assert_cmpint (cube_customer_get_follow_up_at (after), ==, g_date_time_to_unix (expected));
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 1);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_release_customer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  /* Slipp kunden: no outcome, the lock released, the view gone. */
  choose_outcome (fixture, "Salg");
  click (fixture, "active.release");
  after = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (after));
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 0);
  g_assert_null (cube_customer_get_last_outcome (after));
  events = cube_store_list_events (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_event_get_kind (g_ptr_array_index (events, 0)), ==, "released");
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_true (cube_test_spin_until (window_gone, fixture, 500));
}

static void
test_close_releases (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;

  gtk_window_close (GTK_WINDOW (fixture->view));
  cube_test_spin (50);
  after = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_lease_renewed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) renewed = NULL;
  gint64 start = 1900000000;

  /* A three-second lease on a clock the test moves. */
  fixture->now = start;
  cube_store_set_clock (fixture->store, fake_clock, fixture);
  cube_store_set_lease_seconds (fixture->store, 3);
  open_view (fixture);
  locked = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_lock_expires (locked), ==, start + 3);

  /* Two seconds on, the open view has renewed its lease from then. */
  fixture->now = start + 2;
  cube_test_spin (2200);
  renewed = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_status (renewed), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpint (cube_customer_get_lock_expires (renewed), ==, start + 2 + 3);
  g_assert_nonnull (cube_test_find_label (fixture->view, "Locked by you"));
  choose_outcome (fixture, "Ikke svar");
  g_assert_true (action_enabled (fixture, "active.register"));
}

static gboolean
lock_lost_shown (gpointer data)
{
  Fixture *fixture = data;

  return cube_test_find_label_full (fixture->view, "The lock was lost", TRUE, FALSE) != NULL;
}

static void
assert_registration_disabled (Fixture *fixture)
{
  GtkWidget *radio = find_actionable (fixture->view, "active.outcome", "Ikke svar");

  g_assert_null (cube_test_find_label (fixture->view, "Locked by you"));
  g_assert_false (action_enabled (fixture, "active.register"));
  g_assert_false (gtk_widget_is_sensitive (radio));
  /* Even when asked directly, nothing is registered. */
  gtk_widget_activate_action (fixture->view, "active.register", NULL);
  cube_test_spin (20);
  g_assert_cmpuint (fixture->n_finished, ==, 0);
}

static void
test_lock_released_by_supervisor (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CubeUser) supervisor = NULL;
  g_autoptr(CubeStore) other = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GError) error = NULL;

  choose_outcome (fixture, "Ikke svar");
  g_assert_true (action_enabled (fixture, "active.register"));

  /* A supervisor, in another process, lets the customer go. */
  supervisor = cube_store_add_user (fixture->store, "leder", "Lise Leder",
                                    CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING,
                                    &error);
  g_assert_no_error (error);
  other = cube_test_open_store (fixture->path, "leder");
  g_assert_true (cube_store_release_lock (other, fixture->customer_id, &error));
  g_assert_no_error (error);

  g_assert_true (cube_test_spin_until (lock_lost_shown, fixture, 2000));
  g_assert_nonnull (cube_test_find_label (fixture->view, "The lock was lost: the customer was released"));
  assert_registration_disabled (fixture);
  after = stored_customer (fixture);
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 0);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);

  /* The agent can still leave; that does not take the customer back. */
  g_assert_true (action_enabled (fixture, "active.release"));
  click (fixture, "active.release");
  g_assert_cmpuint (fixture->n_finished, ==, 1);
}

static void
test_lease_expired (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CubeStore) other = NULL;
  g_autoptr(CubeCustomer) taken = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = 1900000000;
  gint64 later = start + 60;

  fixture->now = start;
  cube_store_set_clock (fixture->store, fake_clock, fixture);
  cube_store_set_lease_seconds (fixture->store, 30);
  open_view (fixture);
  choose_outcome (fixture, "Ikke svar");

  /* The agent's machine stalled past the lease; another agent takes the
   * customer. */
  fixture->now = later;
  other = cube_test_open_store (fixture->path, "kari");
  cube_store_set_clock (other, later_clock, &later);
  taken = cube_store_lock_customer (other, fixture->customer_id, &error);
  g_assert_no_error (error);

  g_assert_true (cube_test_spin_until (lock_lost_shown, fixture, 2000));
  g_assert_nonnull (cube_test_find_label (fixture->view, "The lock was lost: the customer is now locked by kari"));
  assert_registration_disabled (fixture);
  after = stored_customer (fixture);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, "kari");
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 0);

  /* Closing the view leaves kari's lock alone. */
  gtk_window_destroy (GTK_WINDOW (fixture->view));
  cube_test_spin (50);
  g_assert_finalize_object (g_steal_pointer (&fixture->view));
  g_clear_object (&after);
  after = stored_customer (fixture);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, "kari");
  g_assert_true (cube_store_release_lock (other, fixture->customer_id, &error));
  g_assert_no_error (error);
}

static void
test_lease_expired_unnoticed (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 start = 1900000000;

  /* Nobody took the customer, but the lease ran out: renewing fails and
   * the view says so. */
  fixture->now = start;
  cube_store_set_clock (fixture->store, fake_clock, fixture);
  cube_store_set_lease_seconds (fixture->store, 3);
  open_view (fixture);
  fixture->now = start + 10;
  g_assert_true (cube_test_spin_until (lock_lost_shown, fixture, 3000));
  assert_registration_disabled (fixture);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_UNOPENED(path, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (1), fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/active/shows-lock-card-history", test_shows_lock_card_history);
  ADD ("/gui/active/register-attempt", test_register_attempt);
  ADD ("/gui/active/register-progress-closes", test_register_progress_closes);
  ADD ("/gui/active/outcome-needs-time", test_outcome_needs_time);
  ADD ("/gui/active/release-customer", test_release_customer);
  ADD ("/gui/active/close-releases", test_close_releases);
  ADD ("/gui/active/lock-released-by-supervisor", test_lock_released_by_supervisor);
  ADD_UNOPENED ("/gui/active/lease-renewed", test_lease_renewed);
  ADD_UNOPENED ("/gui/active/lease-expired", test_lease_expired);
  ADD_UNOPENED ("/gui/active/lease-expired-unnoticed", test_lease_expired_unnoticed);
#undef ADD
#undef ADD_UNOPENED

  return g_test_run ();
}
