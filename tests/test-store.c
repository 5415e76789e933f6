/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one way a customer comes in (cube_store_add_customer), permissions,
 * search and the demo data, through the SQLite store on a temporary file. */

#include <sqlite3.h>
#include <string.h>

#include "cube-core.h"
#include "cube-test-util.h"

typedef struct {
  char          *dir;
  char          *path;
  CubeStore     *store;
  CubeTestSetup  setup;
  sqlite3       *watcher;  /* a second connection that notices any commit */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cube_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "cube.db", NULL);
  f->store = cube_test_open_store (f->path, "admin");
  cube_test_setup_minimal (f->store, "Test AS", "Testoppdrag", &f->setup);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->watcher, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3_close (f->watcher);
  g_assert_finalize_object (f->store);
  cube_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* PRAGMA data_version of the watcher changes whenever the store commits. */
static gint64
data_version (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version;

  g_assert_cmpint (sqlite3_prepare_v2 (f->watcher, "PRAGMA data_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gint64
count_customers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cube_store_count_customers (f->store, &error);

  g_assert_no_error (error);
  return n;
}

static CubeCustomerDraft *
new_draft (Fixture    *f,
           const char *customer_key)
{
  CubeCustomerDraft *draft = cube_customer_draft_new ();

  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup (customer_key);
  return draft;
}

static CubeCustomer *
add_ok (Fixture           *f,
        CubeCustomerDraft *draft)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

static CubeFieldDef *
add_field (Fixture             *f,
           gint64               dataset_id,
           const char          *key,
           CubeFieldType        type,
           gboolean             required,
           gboolean             unique,
           const char * const  *options)
{
  g_autoptr(GError) error = NULL;
  CubeFieldDef *field = cube_store_add_field (f->store, dataset_id, key, key, type,
                                              required, unique, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (field);
  return field;
}

static void
assert_not_found (Fixture    *f,
                  gint64      assignment_id,
                  const char *customer_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_find_customer (f->store, assignment_id,
                                                               customer_key, &error);

  g_assert_null (customer);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
}

/* Adds @draft, which must fail with @code naming @field, and checks that
 * the database did not change. */
static void
assert_refused (Fixture                 *f,
                const CubeCustomerDraft *draft,
                CubeErrorCode            code,
                const char              *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  gint64 before = count_customers (f);
  gint64 version = data_version (f);

  customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  cube_test_assert_error (error, code, field);

  g_assert_cmpint (count_customers (f), ==, before);
  g_assert_cmpint (data_version (f), ==, version);

  /* The check without writing applies the same rules. */
  g_assert_false (cube_store_check_customer (f->store, draft, &check_error));
  cube_test_assert_error (check_error, code, field);
}

static CubeEvent *
only_created_event (Fixture *f,
                    gint64   customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cube_store_list_events (f->store, customer_id, &error);
  CubeEvent *created = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (cube_event_get_kind (events->pdata[i]), "created") == 0)
      {
        g_assert_null (created);
        created = g_object_ref (events->pdata[i]);
      }
  g_assert_nonnull (created);
  return created;
}

/* ---- adding ----------------------------------------------------------- */

static void
test_add_basic (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "  K-1  ");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) found = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *phones;
  CubeEvent *event;
  gint64 version = data_version (f);

  draft->name = g_strdup ("Øystein Ås");
  draft->email = g_strdup ("  oystein@example.no ");
  cube_customer_draft_add_phone (draft, "912 34 567");
  cube_customer_draft_add_phone (draft, "");  /* skipped */
  cube_customer_draft_add_phone (draft, "0046701234567");
  customer = add_ok (f, draft);

  g_assert_cmpint (data_version (f), !=, version);
  g_assert_cmpint (cube_customer_get_id (customer), >, 0);
  g_assert_cmpstr (cube_customer_get_customer_key (customer), ==, "K-1");
  g_assert_cmpstr (cube_customer_get_name (customer), ==, "Øystein Ås");
  g_assert_cmpstr (cube_customer_get_email (customer), ==, "oystein@example.no");
  g_assert_cmpint (cube_customer_get_assignment_id (customer), ==, f->setup.assignment_id);
  g_assert_cmpint (cube_customer_get_dataset_id (customer), ==, f->setup.dataset_id);
  phones = cube_customer_get_phones (customer);
  g_assert_nonnull (phones);
  g_assert_cmpuint (g_strv_length ((char **) phones), ==, 2);
  g_assert_cmpstr (phones[0], ==, "+4791234567");
  g_assert_cmpstr (phones[1], ==, "+46701234567");
  g_assert_cmpint (cube_customer_get_status (customer), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (customer));
  g_assert_cmpint (cube_customer_get_attempts (customer), ==, 0);

  /* Stored trimmed: found by the trimmed key. */
  found = cube_store_find_customer (f->store, f->setup.assignment_id, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (found), ==, cube_customer_get_id (customer));
  g_assert_cmpint (count_customers (f), ==, 1);

  events = cube_store_list_events (f->store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = events->pdata[0];
  g_assert_cmpstr (cube_event_get_kind (event), ==, "created");
  g_assert_cmpstr (cube_event_get_source (event), ==, "manual");
  g_assert_cmpstr (cube_event_get_login (event), ==, "admin");
  g_assert_cmpint (cube_event_get_customer_id (event), ==, cube_customer_get_id (customer));
  /* …and when: now, as the store's clock has it. */
  g_assert_cmpint (ABS (cube_event_get_at (event) - cube_store_now (f->store)), <=, 2);
}

static void
test_add_sources (Fixture       *f,
                  gconstpointer  data)
{
  const struct {
    CubeSource source;
    const char *name;
  } sources[] = {
    { CUBE_SOURCE_MANUAL, "manual" },
    { CUBE_SOURCE_IMPORT, "import" },
    { CUBE_SOURCE_API, "api" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *key = g_strdup_printf ("S%u", i);
      g_autoptr(CubeCustomerDraft) draft = new_draft (f, key);
      g_autoptr(CubeCustomer) customer = NULL;
      g_autoptr(CubeEvent) event = NULL;
      g_autoptr(GError) error = NULL;

      customer = cube_store_add_customer (f->store, draft, sources[i].source, NULL, &error);
      g_assert_no_error (error);
      event = only_created_event (f, cube_customer_get_id (customer));
      g_assert_cmpstr (cube_event_get_source (event), ==, sources[i].name);
      g_assert_cmpstr (cube_event_get_login (event), ==, "admin");
    }
}

static void
test_add_validation (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CubeFieldDef) date_field = add_field (f, f->setup.dataset_id, "fodselsdato",
                                                  CUBE_FIELD_DATE, FALSE, FALSE, NULL);
  g_autofree char *long_key = NULL;
  GString *s = g_string_new (NULL);

  for (int i = 0; i < 101; i++)
    g_string_append (s, "ø");
  long_key = g_string_free (s, FALSE);

  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    draft->assignment_id = 0;
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "assignment");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    draft->assignment_id = 987654;
    assert_refused (f, draft, CUBE_ERROR_NOT_FOUND, "assignment");
  }
  {
    const char *keys[] = { "", "   ", long_key, "V\t1", "V\n1", "V\0011" };

    for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autoptr(CubeCustomerDraft) draft = new_draft (f, keys[i]);
        g_test_message ("customer key case %" G_GSIZE_FORMAT, i);
        assert_refused (f, draft, CUBE_ERROR_VALIDATION, "customer_key");
      }
    {
      /* No Kundeid at all. */
      g_autoptr(CubeCustomerDraft) draft = new_draft (f, NULL);
      assert_refused (f, draft, CUBE_ERROR_VALIDATION, "customer_key");
    }
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    draft->email = g_strdup ("ola@");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "email");
    assert_not_found (f, f->setup.assignment_id, "V1");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_add_phone (draft, "abc");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "phone1");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_add_phone (draft, "912 34 567");
    cube_customer_draft_add_phone (draft, "1234");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "phone2");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_add_phone (draft, "912 34 567");
    cube_customer_draft_add_phone (draft, "+46 70 123 45 67");
    cube_customer_draft_add_phone (draft, "ring meg");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "phone3");
  }
  {
    /* A fourth number is one too many. */
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_add_phone (draft, "912 34 567");
    cube_customer_draft_add_phone (draft, "912 34 568");
    cube_customer_draft_add_phone (draft, "912 34 569");
    cube_customer_draft_add_phone (draft, "912 34 570");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "phones");
    assert_not_found (f, f->setup.assignment_id, "V1");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_set_field (draft, "fodselsdato", "31.02.2027");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "fodselsdato");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    cube_customer_draft_set_field (draft, "skonummer", "44");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "skonummer");
    assert_not_found (f, f->setup.assignment_id, "V1");
  }

  /* After all that, the same Kundeid with valid data goes in. */
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "V1");
    g_autoptr(CubeCustomer) customer = NULL;

    cube_customer_draft_set_field (draft, "fodselsdato", "1.3.1980");
    customer = add_ok (f, draft);
    g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (customer), "fodselsdato"), ==,
                     "1980-03-01");
    g_assert_cmpint (count_customers (f), ==, 1);
  }
}

static void
test_add_key_limits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  GString *s = g_string_new (NULL);

  /* 100 characters of two bytes each: within the limit. */
  for (int i = 0; i < 100; i++)
    g_string_append (s, "ø");
  draft = new_draft (f, s->str);
  customer = add_ok (f, draft);
  g_assert_cmpstr (cube_customer_get_customer_key (customer), ==, s->str);
  g_string_free (s, TRUE);
}

static void
test_add_duplicate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CubeCustomer) first = cube_test_add_customer (f->store, f->setup.assignment_id,
                                                          "K1", "Kari", NULL);
  g_autoptr(GError) error = NULL;
  gint64 first_id = cube_customer_get_id (first);

  {
    /* Same key, padded: the trimmed key is the same Kundeid. */
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, " K1 ");
    g_autoptr(GError) dup_error = NULL;
    g_autoptr(CubeCustomer) dup = NULL;
    gint64 version = data_version (f);

    draft->name = g_strdup ("Someone else");
    dup = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &dup_error);
    g_assert_null (dup);
    cube_test_assert_error (dup_error, CUBE_ERROR_CONFLICT, "customer_key");
    g_assert_cmpint (cube_error_get_existing_customer_id (dup_error), ==, first_id);
    g_assert_cmpint (data_version (f), ==, version);
    g_assert_cmpint (count_customers (f), ==, 1);
  }
  {
    /* The check reports the same conflict. */
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "K1");
    g_autoptr(GError) check_error = NULL;

    g_assert_false (cube_store_check_customer (f->store, draft, &check_error));
    cube_test_assert_error (check_error, CUBE_ERROR_CONFLICT, "customer_key");
    g_assert_cmpint (cube_error_get_existing_customer_id (check_error), ==, first_id);
  }
  {
    /* The first customer is untouched. */
    g_autoptr(CubeCustomer) again = cube_store_get_customer (f->store, first_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cube_customer_get_name (again), ==, "Kari");
  }
}

static void
test_add_same_key_other_dataset (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CubeCustomer) first = cube_test_add_customer (f->store, f->setup.assignment_id,
                                                          "K1", "Kari B2C", NULL);
  g_autoptr(CubeDataset) b2b = NULL;
  g_autoptr(CubeAssignment) b2b_assignment = NULL;
  g_autoptr(CubeCustomer) in_b2b = NULL;
  g_autoptr(CubeCustomer) in_other_owner = NULL;
  g_autoptr(CubeCustomer) found = NULL;
  CubeTestSetup other;
  g_autoptr(GError) error = NULL;

  /* The same data owner's B2B register. */
  b2b = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, &error);
  g_assert_no_error (error);
  b2b_assignment = cube_store_add_assignment (f->store, cube_dataset_get_id (b2b), "B2B-oppdrag", &error);
  g_assert_no_error (error);
  in_b2b = cube_test_add_customer (f->store, cube_assignment_get_id (b2b_assignment), "K1", "Kari B2B", NULL);
  g_assert_cmpint (cube_customer_get_id (in_b2b), !=, cube_customer_get_id (first));
  g_assert_cmpint (cube_customer_get_dataset_id (in_b2b), ==, cube_dataset_get_id (b2b));

  /* Another data owner's register. */
  cube_test_setup_minimal (f->store, "Annen AS", "Annet oppdrag", &other);
  in_other_owner = cube_test_add_customer (f->store, other.assignment_id, "K1", "Kari Annen", NULL);
  g_assert_cmpint (cube_customer_get_dataset_id (in_other_owner), ==, other.dataset_id);

  g_assert_cmpint (count_customers (f), ==, 3);

  /* Each assignment finds its own. */
  found = cube_store_find_customer (f->store, other.assignment_id, "K1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (found), ==, cube_customer_get_id (in_other_owner));
  g_clear_object (&found);
  found = cube_store_find_customer (f->store, f->setup.assignment_id, "K1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (found), ==, cube_customer_get_id (first));
}

static void
test_add_unique_if_filled (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = add_field (f, f->setup.dataset_id, "orgnr", CUBE_FIELD_TEXT,
                                             FALSE, TRUE, NULL);
  g_autoptr(CubeCustomerDraft) a = new_draft (f, "A");
  g_autoptr(CubeCustomerDraft) b = new_draft (f, "B");
  g_autoptr(CubeCustomerDraft) c = new_draft (f, "C");
  g_autoptr(CubeCustomerDraft) d = new_draft (f, "D");
  g_autoptr(CubeCustomerDraft) e = new_draft (f, "E");
  g_autoptr(CubeCustomer) customer_a = NULL;
  g_autoptr(CubeCustomer) customer_c = NULL;
  g_autoptr(CubeCustomer) customer_d = NULL;
  g_autoptr(CubeCustomer) customer_e = NULL;
  g_autoptr(CubeCustomer) dup = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version;

  cube_customer_draft_set_field (a, "orgnr", "987654321");
  customer_a = add_ok (f, a);

  cube_customer_draft_set_field (b, "orgnr", "987654321");
  version = data_version (f);
  dup = cube_store_add_customer (f->store, b, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (dup);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "orgnr");
  g_assert_cmpint (cube_error_get_existing_customer_id (error), ==, cube_customer_get_id (customer_a));
  g_assert_cmpint (data_version (f), ==, version);
  assert_not_found (f, f->setup.assignment_id, "B");

  /* Empty values never conflict: neither "" nor a missing key. */
  cube_customer_draft_set_field (c, "orgnr", "");
  customer_c = add_ok (f, c);
  cube_customer_draft_set_field (d, "orgnr", "");
  customer_d = add_ok (f, d);
  customer_e = add_ok (f, e);

  /* Another value is fine. */
  cube_customer_draft_set_field (b, "orgnr", "123456789");
  g_clear_error (&error);
  dup = cube_store_add_customer (f->store, b, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dup);
  g_assert_cmpint (count_customers (f), ==, 5);
}

/* Values are compared as stored, after normalisation: one number or one
 * e-mail address typed two ways is still a repeat. */
static void
test_add_unique_normalised (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CubeFieldDef) number = add_field (f, f->setup.dataset_id, "medlemsnr", CUBE_FIELD_NUMBER,
                                              FALSE, TRUE, NULL);
  g_autoptr(CubeFieldDef) email = add_field (f, f->setup.dataset_id, "faktura", CUBE_FIELD_EMAIL,
                                             FALSE, TRUE, NULL);
  g_autoptr(CubeCustomerDraft) a = new_draft (f, "A");
  g_autoptr(CubeCustomer) customer_a = NULL;
  static const char * const same_number[] = { "1000,0", "1 000", "01000", "1000.00" };
  static const char * const same_email[] = { "post@EXAMPLE.no", "post@example.NO " };

  cube_customer_draft_set_field (a, "medlemsnr", "1000");
  cube_customer_draft_set_field (a, "faktura", "post@example.no");
  customer_a = add_ok (f, a);

  for (guint i = 0; i < G_N_ELEMENTS (same_number); i++)
    {
      g_autoptr(CubeCustomerDraft) b = new_draft (f, "B");
      g_autoptr(CubeCustomer) dup = NULL;
      g_autoptr(GError) error = NULL;

      cube_customer_draft_set_field (b, "medlemsnr", same_number[i]);
      dup = cube_store_add_customer (f->store, b, CUBE_SOURCE_MANUAL, NULL, &error);
      g_assert_null (dup);
      cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "medlemsnr");
    }
  for (guint i = 0; i < G_N_ELEMENTS (same_email); i++)
    {
      g_autoptr(CubeCustomerDraft) b = new_draft (f, "B");
      g_autoptr(CubeCustomer) dup = NULL;
      g_autoptr(GError) error = NULL;

      cube_customer_draft_set_field (b, "faktura", same_email[i]);
      dup = cube_store_add_customer (f->store, b, CUBE_SOURCE_MANUAL, NULL, &error);
      g_assert_null (dup);
      cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "faktura");
    }
  assert_not_found (f, f->setup.assignment_id, "B");
  g_assert_cmpint (count_customers (f), ==, 1);
}

/* Choices match ignoring case, so two that differ only in case would be
 * one choice nobody can pick apart: refused. */
static void
test_choice_options_case (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const options[] = { "Privat", "PRIVAT", NULL };
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(GError) error = NULL;

  field = cube_store_add_field (f->store, f->setup.dataset_id, "kundetype", "Kundetype",
                                CUBE_FIELD_CHOICE, FALSE, FALSE, options, NULL, &error);
  g_assert_null (field);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "options");
}

static void
test_add_required_field (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = add_field (f, f->setup.dataset_id, "postnummer", CUBE_FIELD_TEXT,
                                             TRUE, FALSE, NULL);
  g_autoptr(CubeCustomer) customer = NULL;

  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "R1");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "postnummer");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "R1");
    cube_customer_draft_set_field (draft, "postnummer", "");
    assert_refused (f, draft, CUBE_ERROR_VALIDATION, "postnummer");
  }
  {
    g_autoptr(CubeCustomerDraft) draft = new_draft (f, "R1");
    cube_customer_draft_set_field (draft, "postnummer", "0150");
    customer = add_ok (f, draft);
  }
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (customer), "postnummer"), ==, "0150");
}

static void
test_add_field_values_stored (Fixture       *f,
                              gconstpointer  data)
{
  const char * const kinds[] = { "Privat", "Bedrift", NULL };
  g_autoptr(CubeFieldDef) number = add_field (f, f->setup.dataset_id, "belop", CUBE_FIELD_NUMBER, FALSE, FALSE, NULL);
  g_autoptr(CubeFieldDef) date = add_field (f, f->setup.dataset_id, "dato", CUBE_FIELD_DATE, FALSE, FALSE, NULL);
  g_autoptr(CubeFieldDef) choice = add_field (f, f->setup.dataset_id, "kundetype", CUBE_FIELD_CHOICE, FALSE, FALSE, kinds);
  g_autoptr(CubeFieldDef) yesno = add_field (f, f->setup.dataset_id, "nyhetsbrev", CUBE_FIELD_YES_NO, FALSE, FALSE, NULL);
  g_autoptr(CubeFieldDef) link = add_field (f, f->setup.dataset_id, "nettside", CUBE_FIELD_LINK, FALSE, FALSE, NULL);
  g_autoptr(CubeFieldDef) phone = add_field (f, f->setup.dataset_id, "mobil", CUBE_FIELD_PHONE, FALSE, FALSE, NULL);
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "F1");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) reread = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  cube_customer_draft_set_field (draft, "belop", "1 234,5");
  cube_customer_draft_set_field (draft, "dato", "1.3.2027");
  cube_customer_draft_set_field (draft, "kundetype", "bedrift");
  cube_customer_draft_set_field (draft, "nyhetsbrev", "Ja");
  cube_customer_draft_set_field (draft, "nettside", "www.example.no");
  cube_customer_draft_set_field (draft, "mobil", "0047 912 34 567");
  customer = add_ok (f, draft);

  /* Read back from the database, not from the returned object only. */
  reread = cube_store_get_customer (f->store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  fields = cube_customer_get_fields (reread);
  g_assert_cmpstr (g_hash_table_lookup (fields, "belop"), ==, "1234.5");
  g_assert_cmpstr (g_hash_table_lookup (fields, "dato"), ==, "2027-03-01");
  g_assert_cmpstr (g_hash_table_lookup (fields, "kundetype"), ==, "Bedrift");
  g_assert_cmpstr (g_hash_table_lookup (fields, "nyhetsbrev"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (fields, "nettside"), ==, "https://www.example.no");
  g_assert_cmpstr (g_hash_table_lookup (fields, "mobil"), ==, "+4791234567");

  {
    g_autoptr(CubeCustomerDraft) bad = new_draft (f, "F2");
    cube_customer_draft_set_field (bad, "kundetype", "Offentlig");
    assert_refused (f, bad, CUBE_ERROR_VALIDATION, "kundetype");
  }
  {
    g_autoptr(CubeCustomerDraft) bad = new_draft (f, "F2");
    cube_customer_draft_set_field (bad, "nyhetsbrev", "kanskje");
    assert_refused (f, bad, CUBE_ERROR_VALIDATION, "nyhetsbrev");
  }
  {
    g_autoptr(CubeCustomerDraft) bad = new_draft (f, "F2");
    cube_customer_draft_set_field (bad, "belop", "mange");
    assert_refused (f, bad, CUBE_ERROR_VALIDATION, "belop");
  }
}

static void
test_add_archived_assignment (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "A1");
  g_autoptr(GError) error = NULL;

  cube_store_set_assignment_archived (f->store, f->setup.assignment_id, TRUE, &error);
  g_assert_no_error (error);
  assert_refused (f, draft, CUBE_ERROR_VALIDATION, "assignment");
  g_assert_cmpint (count_customers (f), ==, 0);

  /* Unarchived, it takes customers again. */
  cube_store_set_assignment_archived (f->store, f->setup.assignment_id, FALSE, &error);
  g_assert_no_error (error);
  g_object_unref (add_ok (f, draft));
}

/* ---- permissions ------------------------------------------------------ */

static void
test_permissions_agent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CubeUser) admin = cube_store_get_user (f->store);
  g_autoptr(CubeUser) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeCustomerDraft) draft = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeEvent) event = NULL;
  g_autoptr(GPtrArray) fields = NULL;

  /* The database's first user may do everything. */
  g_assert_cmpstr (cube_user_get_login (admin), ==, "admin");
  g_assert_cmpint (cube_user_get_permissions (admin), ==, CUBE_PERMISSION_ALL);

  g_assert_true (cube_store_set_user (f->store, "agent", &error));
  g_assert_no_error (error);
  agent = cube_store_get_user (f->store);
  g_assert_cmpstr (cube_user_get_login (agent), ==, "agent");
  g_assert_cmpint (cube_user_get_permissions (agent), ==, CUBE_PERMISSION_CUSTOMER_HANDLING);

  field = cube_store_add_field (f->store, f->setup.dataset_id, "hemmelig", "Hemmelig",
                                CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  g_assert_null (field);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);
  fields = cube_store_list_fields (f->store, f->setup.dataset_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, 0);

  owner = cube_store_add_data_owner (f->store, "Agent AS", NULL, NULL, &error);
  g_assert_null (owner);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);

  assignment = cube_store_add_assignment (f->store, f->setup.dataset_id, "Agentens oppdrag", &error);
  g_assert_null (assignment);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);

  outcome = cube_store_add_outcome (f->store, f->setup.assignment_id, "Egen", CUBE_OUTCOME_ATTEMPT,
                                    FALSE, FALSE, &error);
  g_assert_null (outcome);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);

  user = cube_store_add_user (f->store, "venn", "Venn", CUBE_PERMISSION_ALL, &error);
  g_assert_null (user);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);
  user = cube_store_find_user (f->store, "venn", NULL);
  g_assert_null (user);

  /* Customer handling is what an agent has. */
  draft = new_draft (f, "AG1");
  customer = add_ok (f, draft);
  event = only_created_event (f, cube_customer_get_id (customer));
  g_assert_cmpstr (cube_event_get_login (event), ==, "agent");
}

static void
test_permissions_none (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CubeUser) viewer = NULL;
  g_autoptr(CubeUser) current = NULL;
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "N1");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version;

  viewer = cube_store_add_user (f->store, "viewer", "Viewer", CUBE_PERMISSION_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_user_get_permissions (viewer), ==, CUBE_PERMISSION_NONE);

  g_assert_true (cube_store_set_user (f->store, "viewer", &error));
  g_assert_no_error (error);
  /* Already known: set_user does not turn it into an agent. */
  current = cube_store_get_user (f->store);
  g_assert_cmpint (cube_user_get_permissions (current), ==, CUBE_PERMISSION_NONE);

  assert_refused (f, draft, CUBE_ERROR_PERMISSION, NULL);

  version = data_version (f);
  customer = cube_store_add_customer_locked (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_assert_cmpint (data_version (f), ==, version);
  assert_not_found (f, f->setup.assignment_id, "N1");
}

/* ---- add and lock ----------------------------------------------------- */

static gint64
fixed_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_add_locked (Fixture       *f,
                 gconstpointer  data)
{
  gint64 t = 1800000000;
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "L1");
  g_autoptr(CubeCustomerDraft) draft2 = new_draft (f, "L2");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) customer2 = NULL;
  g_autoptr(CubeCustomer) reread = NULL;
  g_autoptr(CubeCustomer) taken = NULL;
  g_autoptr(CubeEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  cube_store_set_clock (f->store, fixed_clock, &t);
  g_assert_cmpuint (cube_store_get_lease_seconds (f->store), ==, CUBE_DEFAULT_LEASE_SECONDS);

  customer = cube_store_add_customer_locked (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (customer), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpstr (cube_customer_get_locked_by (customer), ==, "admin");
  g_assert_cmpint (cube_customer_get_lock_expires (customer), ==, t + CUBE_DEFAULT_LEASE_SECONDS);
  event = only_created_event (f, cube_customer_get_id (customer));
  g_assert_cmpstr (cube_event_get_source (event), ==, "manual");

  /* Another user sees it locked and cannot take it. */
  g_assert_true (cube_store_set_user (f->store, "agent", &error));
  reread = cube_store_get_customer (f->store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (reread), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpstr (cube_customer_get_locked_by (reread), ==, "admin");
  taken = cube_store_lock_customer (f->store, cube_customer_get_id (customer), &error);
  g_assert_null (taken);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* The lease length applies, and the lock goes to whoever adds. */
  cube_store_set_lease_seconds (f->store, 300);
  customer2 = cube_store_add_customer_locked (f->store, draft2, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_locked_by (customer2), ==, "agent");
  g_assert_cmpint (cube_customer_get_lock_expires (customer2), ==, t + 300);
}

/* ---- search ----------------------------------------------------------- */

static GPtrArray *
search (Fixture    *f,
        const char *text,
        guint       offset,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *result = cube_store_search_customers (f->store, text, offset, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static gboolean
contains_key (GPtrArray  *customers,
              const char *customer_key)
{
  for (guint i = 0; i < customers->len; i++)
    if (g_strcmp0 (cube_customer_get_customer_key (customers->pdata[i]), customer_key) == 0)
      return TRUE;
  return FALSE;
}

static void
add_search_customers (Fixture *f)
{
  const struct {
    const char *key, *name, *email, *phone;
  } people[] = {
    { "P1", "Øystein Ås", "oystein@firma.no", "912 34 567" },
    { "P2", "Åse Bråten", "ase@example.no", "+46 70 123 45 67" },
    { "P3", "Ola Hansen", "ola.hansen@example.no", "22 33 44 55" },
    { "P4", "Ærlige Kari", NULL, "480 00 000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(CubeCustomerDraft) draft = new_draft (f, people[i].key);
      g_autoptr(CubeCustomer) customer = NULL;

      draft->name = g_strdup (people[i].name);
      draft->email = g_strdup (people[i].email);
      cube_customer_draft_add_phone (draft, people[i].phone);
      customer = add_ok (f, draft);
    }
}

typedef struct {
  const char *text;
  const char *key;   /* the one customer it finds, NULL: none */
} SearchCase;

/* Each search of @cases finds just the customer it names, or nobody. */
static void
assert_search_cases (Fixture          *f,
                     const SearchCase *cases,
                     guint             n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GPtrArray) found = search (f, cases[i].text, 0, 50);

      g_test_message ("search \"%s\"", cases[i].text);
      g_assert_cmpuint (found->len, ==, cases[i].key != NULL ? 1 : 0);
      if (cases[i].key != NULL)
        g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, cases[i].key);
    }
}

static void
test_search_names (Fixture       *f,
                   gconstpointer  data)
{
  static const SearchCase cases[] = {
    { "øystein", "P1" },
    { "ØYSTEIN", "P1" },
    { "Øystein", "P1" },
    { "øYsTeIn ås", "P1" },
    { "bråten", "P2" },
    { "BRÅTEN", "P2" },
    { "ærlig", "P4" },
    { "ÆRLIGE", "P4" },
    { "hansen", "P3" },
    { "Ingen slik", NULL },
  };

  add_search_customers (f);
  assert_search_cases (f, cases, G_N_ELEMENTS (cases));
}

/* One or two letters find the names that start with them, not those that
 * have them inside (the trigram index, after the text's start mark). */
static void
test_search_name_start (Fixture       *f,
                        gconstpointer  data)
{
  static const SearchCase cases[] = {
    { "ø", "P1" },
    { "ØY", "P1" },
    { "å", "P2" },
    { "Ås", "P2" },
    { "o", "P3" },
    { "Ol", "P3" },
    { "æ", "P4" },
    /* Inside Ola Hansen's name, and inside an e-mail address: at the start
     * of neither. */
    { "ha", NULL },
    { "fi", NULL },
  };

  add_search_customers (f);
  assert_search_cases (f, cases, G_N_ELEMENTS (cases));
}

static void
test_search_phone (Fixture       *f,
                   gconstpointer  data)
{
  const char *finds_p1[] = { "912 34", "91234", "4791234", "+47 912", "0047 912 34",
                             "91234567", "+4791234567", "912 34 567" };

  add_search_customers (f);
  for (guint i = 0; i < G_N_ELEMENTS (finds_p1); i++)
    {
      g_autoptr(GPtrArray) found = search (f, finds_p1[i], 0, 50);

      g_test_message ("search \"%s\"", finds_p1[i]);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "P1");
    }
  {
    /* A Swedish number keeps its own country code. */
    g_autoptr(GPtrArray) found = search (f, "+46 70 123", 0, 50);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "P2");
  }
  {
    /* The digits must be a prefix, not anywhere in the number. */
    g_autoptr(GPtrArray) found = search (f, "34 567", 0, 50);
    g_assert_false (contains_key (found, "P1"));
  }
  {
    g_autoptr(GPtrArray) found = search (f, "913 00", 0, 50);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_search_email (Fixture       *f,
                   gconstpointer  data)
{
  add_search_customers (f);
  {
    g_autoptr(GPtrArray) found = search (f, "firma", 0, 50);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "P1");
  }
  {
    g_autoptr(GPtrArray) found = search (f, "@example.no", 0, 50);
    g_assert_cmpuint (found->len, ==, 2);
    g_assert_true (contains_key (found, "P2"));
    g_assert_true (contains_key (found, "P3"));
  }
  {
    g_autoptr(GPtrArray) found = search (f, "ola.hansen@", 0, 50);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "P3");
  }
}

/* An address with letters outside ASCII is found in any case, also after
 * it changes (the index folds it like the name). */
static void
test_search_email_non_ascii (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "N1");
  g_autoptr(CubeCustomerDraft) edit = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) edited = NULL;
  g_autoptr(GError) error = NULL;

  draft->name = g_strdup ("Kunde");
  draft->email = g_strdup ("ÆRLIG.ÅSE@Example.no");
  customer = add_ok (f, draft);
  {
    g_autoptr(GPtrArray) found = search (f, "ærlig.åse@", 0, 50);
    g_assert_cmpuint (found->len, ==, 1);
  }
  edit = cube_customer_draft_new ();
  edit->assignment_id = f->setup.assignment_id;
  edit->customer_key = g_strdup ("N1");
  edit->name = g_strdup ("Kunde");
  edit->email = g_strdup ("ØYVIND@example.no");
  edited = cube_store_update_customer (f->store, cube_customer_get_id (customer), edit, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) found = search (f, "ærlig.åse@", 0, 50);
    g_assert_cmpuint (found->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) found = search (f, "øyvind@exa", 0, 50);
    g_assert_cmpuint (found->len, ==, 1);
  }
}

static void
test_search_exact_key_first (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CubeCustomer) a = cube_test_add_customer (f->store, f->setup.assignment_id, "KX10010", "Andre", NULL);
  g_autoptr(CubeCustomer) b = cube_test_add_customer (f->store, f->setup.assignment_id, "Z-9", "Kunde KX1001 AS", NULL);
  g_autoptr(CubeCustomer) c = cube_test_add_customer (f->store, f->setup.assignment_id, "KX10011", "Tredje", NULL);
  /* Added last, so it has the highest id, yet comes first. */
  g_autoptr(CubeCustomer) exact = cube_test_add_customer (f->store, f->setup.assignment_id, "KX1001", "Eksakt", NULL);
  g_autoptr(GPtrArray) found = search (f, "KX1001", 0, 50);

  g_assert_cmpuint (found->len, ==, 4);
  g_assert_cmpint (cube_customer_get_id (found->pdata[0]), ==, cube_customer_get_id (exact));
  g_assert_true (contains_key (found, "KX10010"));
  g_assert_true (contains_key (found, "KX10011"));
  g_assert_true (contains_key (found, "Z-9"));
}

/* A Kundeid is found in every dataset (they are looked up a dataset at a
 * time): exact matches first, by id, then prefixes in Kundeid order. */
static void
test_search_key_datasets (Fixture       *f,
                          gconstpointer  data)
{
  const char * const keys[][2] = {
    { "A", "KK205" }, { "A", "KK21" }, { "B", "KK203" }, { "A", "KK2" }, { "B", "KK2" },
    { "B", "KK201" }, { "A", "KK3" }, { "B", "XKK2" },
  };
  const char * const expected[] = { "KK2", "KK2", "KK201", "KK203", "KK205", "KK21" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataset) b2b = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, &error);
  g_autoptr(CubeAssignment) in_b = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 exact_ids[2] = { 0 };
  guint n_exact = 0;

  g_assert_no_error (error);
  in_b = cube_store_add_assignment (f->store, cube_dataset_get_id (b2b), "B2B-oppdrag", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gint64 assignment = keys[i][0][0] == 'A' ? f->setup.assignment_id : cube_assignment_get_id (in_b);
      g_autoptr(CubeCustomer) customer = cube_test_add_customer (f->store, assignment, keys[i][1], "Navn", NULL);

      if (g_str_equal (keys[i][1], "KK2"))
        exact_ids[n_exact++] = cube_customer_get_id (customer);
    }

  found = search (f, "KK2", 0, 50);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[i]), ==, expected[i]);
  g_assert_cmpint (cube_customer_get_id (found->pdata[0]), ==, exact_ids[0]);
  g_assert_cmpint (cube_customer_get_id (found->pdata[1]), ==, exact_ids[1]);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A page of three: the prefix step is limited per dataset, not overall. */
  found = search (f, "KK20", 0, 3);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "KK201");
  g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[1]), ==, "KK203");
  g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[2]), ==, "KK205");
}

static void
test_search_paging (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint sizes[] = { 10, 10, 5, 0 };

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *key = g_strdup_printf ("T%02u", i);
      g_autofree char *name = g_strdup_printf ("Testkunde %02u", i);
      g_autoptr(CubeCustomer) customer = cube_test_add_customer (f->store, f->setup.assignment_id,
                                                                 key, name, NULL);
    }
  /* Someone who must not match. */
  g_object_unref (cube_test_add_customer (f->store, f->setup.assignment_id, "O1", "Ola", NULL));

  for (guint page = 0; page < G_N_ELEMENTS (sizes); page++)
    {
      g_autoptr(GPtrArray) found = search (f, "testkunde", page * 10, 10);

      g_assert_cmpuint (found->len, ==, sizes[page]);
      for (guint i = 0; i < found->len; i++)
        {
          gint64 id = cube_customer_get_id (found->pdata[i]);

          g_assert_true (g_str_has_prefix (cube_customer_get_name (found->pdata[i]), "Testkunde"));
          /* No customer on two pages. */
          g_assert_true (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 25);

  {
    g_autoptr(GPtrArray) all = search (f, "testkunde", 0, 100);
    g_assert_cmpuint (all->len, ==, 25);
  }
}

/* ---- demo ------------------------------------------------------------- */

typedef struct {
  gint64 customers, fields, outcomes, assignments, owners, datasets, events;
} Counts;

static void
count_demo (Fixture *f,
            gint64   dataset_id,
            gint64   assignment_id,
            Counts  *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = cube_store_list_fields (f->store, dataset_id, TRUE, &error);
  g_autoptr(GPtrArray) outcomes = cube_store_list_outcomes (f->store, assignment_id, &error);
  g_autoptr(GPtrArray) assignments = cube_store_list_assignments (f->store, TRUE, &error);
  g_autoptr(GPtrArray) owners = cube_store_list_data_owners (f->store, &error);
  g_autoptr(GPtrArray) datasets = cube_store_list_datasets (f->store, &error);
  g_autoptr(GPtrArray) customers = cube_store_list_customers (f->store, 0, 1000, &error);

  g_assert_no_error (error);
  counts->customers = cube_store_count_customers (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts->customers, ==, customers->len);
  counts->fields = fields->len;
  counts->outcomes = outcomes->len;
  counts->assignments = assignments->len;
  counts->owners = owners->len;
  counts->datasets = datasets->len;
  counts->events = 0;
  for (guint i = 0; i < customers->len; i++)
    {
      g_autoptr(GPtrArray) events = cube_store_list_events (f->store, cube_customer_get_id (customers->pdata[i]), &error);
      g_assert_no_error (error);
      counts->events += events->len;
    }
}

static void
test_demo (void)
{
  g_autofree char *dir = cube_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  Fixture fx = { 0, };
  Fixture *f = &fx;
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean created = FALSE;
  Counts first, second;
  gint64 version;
  const struct {
    const char *label;
    CubeOutcomeKind kind;
    gboolean closes, needs_time;
  } expected_outcomes[] = {
    { "Salg", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
    { "Nei takk", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
    { "Ikke svar", CUBE_OUTCOME_ATTEMPT, FALSE, FALSE },
    { "Ring tilbake senere", CUBE_OUTCOME_ATTEMPT, FALSE, TRUE },
    { "Feil nummer", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
  };
  const struct {
    const char *key, *label;
    CubeFieldType type;
  } expected_fields[] = {
    { "postnummer", "Postnummer", CUBE_FIELD_TEXT },
    { "poststed", "Poststed", CUBE_FIELD_TEXT },
    { "fodselsdato", "Fødselsdato", CUBE_FIELD_DATE },
    { "kundetype", "Kundetype", CUBE_FIELD_CHOICE },
    { "nyhetsbrev", "Nyhetsbrev", CUBE_FIELD_YES_NO },
    { "notat", "Notat", CUBE_FIELD_MULTILINE },
  };

  f->dir = g_steal_pointer (&dir);
  f->path = g_steal_pointer (&path);
  /* An agent cannot create the demo, and asking does not make them an
   * administrator. */
  f->store = cube_test_open_store (f->path, "first");
  g_assert_true (cube_store_set_user (f->store, "agent", &error));
  g_assert_no_error (error);
  g_assert_false (cube_demo_create (f->store, &created, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (created);
  user = cube_store_get_user (f->store);
  g_assert_cmpint (cube_user_get_permissions (user), ==, CUBE_PERMISSION_CUSTOMER_HANDLING);
  g_clear_object (&user);
  g_assert_null (cube_store_find_dataset (f->store, "Demo AS/b2c", NULL));

  /* The first user of the database, the one trying Cube out, has every
   * permission and creates it. */
  g_assert_true (cube_store_set_user (f->store, "first", &error));
  g_assert_no_error (error);
  g_assert_true (cube_demo_create (f->store, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);

  user = cube_store_get_user (f->store);
  g_assert_cmpint (cube_user_get_permissions (user), ==, CUBE_PERMISSION_ALL);

  dataset = cube_store_find_dataset (f->store, "Demo AS/b2c", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_dataset_get_owner_name (dataset), ==, "Demo AS");
  g_assert_cmpint (cube_dataset_get_kind (dataset), ==, CUBE_DATASET_B2C);

  assignment = cube_store_find_assignment (f->store, "Vårkampanje 2027", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_assignment_get_dataset_id (assignment), ==, cube_dataset_get_id (dataset));
  g_assert_false (cube_assignment_get_archived (assignment));

  outcomes = cube_store_list_outcomes (f->store, cube_assignment_get_id (assignment), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, G_N_ELEMENTS (expected_outcomes));
  for (guint i = 0; i < G_N_ELEMENTS (expected_outcomes); i++)
    {
      g_autoptr(CubeOutcome) outcome = cube_store_find_outcome (f->store, cube_assignment_get_id (assignment),
                                                                expected_outcomes[i].label, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cube_outcome_get_label (outcome), ==, expected_outcomes[i].label);
      g_assert_cmpint (cube_outcome_get_kind (outcome), ==, expected_outcomes[i].kind);
      g_assert_cmpint (!!cube_outcome_get_closes (outcome), ==, expected_outcomes[i].closes);
      g_assert_cmpint (!!cube_outcome_get_needs_time (outcome), ==, expected_outcomes[i].needs_time);
    }

  fields = cube_store_list_fields (f->store, cube_dataset_get_id (dataset), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fields->len, ==, G_N_ELEMENTS (expected_fields));
  for (guint i = 0; i < G_N_ELEMENTS (expected_fields); i++)
    {
      CubeFieldDef *field = NULL;

      for (guint j = 0; j < fields->len; j++)
        if (g_strcmp0 (cube_field_def_get_key (fields->pdata[j]), expected_fields[i].key) == 0)
          field = fields->pdata[j];
      g_assert_nonnull (field);
      g_assert_cmpstr (cube_field_def_get_label (field), ==, expected_fields[i].label);
      g_assert_cmpint (cube_field_def_get_field_type (field), ==, expected_fields[i].type);
      if (expected_fields[i].type == CUBE_FIELD_CHOICE)
        {
          const char * const *options = cube_field_def_get_options (field);
          g_assert_nonnull (options);
          g_assert_cmpuint (g_strv_length ((char **) options), ==, 2);
          g_assert_true (g_strv_contains (options, "Privat"));
          g_assert_true (g_strv_contains (options, "Bedrift"));
        }
    }

  customers = cube_store_list_customers (f->store, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 40);
  for (guint i = 0; i < customers->len; i++)
    {
      CubeCustomer *customer = customers->pdata[i];
      g_autoptr(CubeEvent) event = NULL;

      g_assert_cmpint (cube_customer_get_assignment_id (customer), ==, cube_assignment_get_id (assignment));
      g_assert_cmpint (cube_customer_get_status (customer), ==, CUBE_STATUS_AVAILABLE);
      g_assert_cmpstr (cube_customer_get_name (customer), !=, "");
      g_assert_true (g_hash_table_add (keys, (gpointer) cube_customer_get_customer_key (customer)));
      event = only_created_event (f, cube_customer_get_id (customer));
      g_assert_cmpstr (cube_event_get_source (event), ==, "demo");
    }

  /* Norwegian names, found with Norwegian case folding. */
  found = cube_store_search_customers (f->store, "øystein", 0, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 0);
  for (guint i = 0; i < found->len; i++)
    g_assert_true (g_str_has_prefix (cube_customer_get_name (found->pdata[i]), "Øystein"));

  /* A second time changes nothing at all. */
  count_demo (f, cube_dataset_get_id (dataset), cube_assignment_get_id (assignment), &first);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &f->watcher, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  version = data_version (f);
  created = TRUE;
  g_assert_true (cube_demo_create (f->store, &created, &error));
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (data_version (f), ==, version);
  count_demo (f, cube_dataset_get_id (dataset), cube_assignment_get_id (assignment), &second);
  g_assert_cmpint (first.customers, ==, 40);
  g_assert_cmpint (second.customers, ==, first.customers);
  g_assert_cmpint (second.fields, ==, first.fields);
  g_assert_cmpint (second.outcomes, ==, first.outcomes);
  g_assert_cmpint (second.assignments, ==, first.assignments);
  g_assert_cmpint (second.owners, ==, first.owners);
  g_assert_cmpint (second.datasets, ==, first.datasets);
  g_assert_cmpint (second.events, ==, first.events);

  fixture_tear_down (f, NULL);
}

static void
test_add_phone_slot_named (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "P1");

  /* A form sends its empty first slot too: the error names the slot the
   * bad number was typed in, so it shows under that input. */
  cube_customer_draft_add_phone (draft, "");
  cube_customer_draft_add_phone (draft, "1234");
  assert_refused (f, draft, CUBE_ERROR_VALIDATION, "phone2");
}

/* The event of kind "edited" for @field, or NULL. */
static CubeEvent *
find_edit (GPtrArray  *events,
           const char *field)
{
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (cube_event_get_kind (events->pdata[i]), "edited") == 0
        && g_strcmp0 (cube_event_get_field (events->pdata[i]), field) == 0)
      return events->pdata[i];
  return NULL;
}

static void
test_update_records_history (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "U1");
  g_autoptr(CubeCustomerDraft) change = new_draft (f, "U1");
  g_autoptr(CubeCustomerDraft) bad = new_draft (f, "U1");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) updated = NULL;
  g_autoptr(CubeCustomer) unchanged = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  CubeEvent *event;

  draft->name = g_strdup ("Kari Bråten");
  cube_customer_draft_add_phone (draft, "912 34 567");
  customer = add_ok (f, g_steal_pointer (&draft));

  change->name = g_strdup ("Kari Nordmann");
  change->email = g_strdup (" kari@example.no ");
  cube_customer_draft_add_phone (change, "+47 22 33 44 55");
  updated = cube_store_update_customer (f->store, cube_customer_get_id (customer), change, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_name (updated), ==, "Kari Nordmann");
  g_assert_cmpstr (cube_customer_get_email (updated), ==, "kari@example.no");
  g_assert_cmpstr (cube_customer_get_phones (updated)[0], ==, "+4722334455");

  events = cube_store_list_events (f->store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  event = find_edit (events, "name");
  g_assert_nonnull (event);
  g_assert_cmpstr (cube_event_get_old_value (event), ==, "Kari Bråten");
  g_assert_cmpstr (cube_event_get_new_value (event), ==, "Kari Nordmann");
  event = find_edit (events, "phone1");
  g_assert_nonnull (event);
  g_assert_cmpstr (cube_event_get_old_value (event), ==, "+4791234567");
  g_assert_cmpstr (cube_event_get_new_value (event), ==, "+4722334455");
  g_assert_nonnull (find_edit (events, "email"));
  g_assert_null (find_edit (events, "customer_key"));

  /* The search index follows the edit. */
  found = cube_store_search_customers (f->store, "nordmann", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = cube_store_search_customers (f->store, "bråten", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  /* The same rules as adding: a bad value changes nothing. */
  bad->email = g_strdup ("no-at-sign");
  g_assert_null (cube_store_update_customer (f->store, cube_customer_get_id (customer), bad, &error));
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "email");
  g_clear_error (&error);
  unchanged = cube_store_get_customer (f->store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_email (unchanged), ==, "kari@example.no");
}

static void
test_update_refused_while_locked_by_other (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(CubeCustomerDraft) draft = new_draft (f, "U2");
  g_autoptr(CubeCustomerDraft) change = new_draft (f, "U2");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) updated = NULL;
  g_autoptr(CubeStore) agent = cube_test_open_store (f->path, "agent");
  g_autoptr(GError) error = NULL;

  customer = add_ok (f, g_steal_pointer (&draft));
  locked = cube_store_lock_customer (agent, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);

  change->name = g_strdup ("Someone else");
  updated = cube_store_update_customer (f->store, cube_customer_get_id (customer), change, &error);
  g_assert_null (updated);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/add/basic", test_add_basic);
  ADD ("/store/add/sources", test_add_sources);
  ADD ("/store/add/validation", test_add_validation);
  ADD ("/store/add/key-limits", test_add_key_limits);
  ADD ("/store/add/duplicate", test_add_duplicate);
  ADD ("/store/add/same-key-other-dataset", test_add_same_key_other_dataset);
  ADD ("/store/add/unique-if-filled", test_add_unique_if_filled);
  ADD ("/store/add/unique-normalised", test_add_unique_normalised);
  ADD ("/store/add/choice-options-case", test_choice_options_case);
  ADD ("/store/add/required-field", test_add_required_field);
  ADD ("/store/add/field-values-stored", test_add_field_values_stored);
  ADD ("/store/add/archived-assignment", test_add_archived_assignment);
  ADD ("/store/add/locked", test_add_locked);
  ADD ("/store/add/phone-slot-named", test_add_phone_slot_named);
  ADD ("/store/update/records-history", test_update_records_history);
  ADD ("/store/update/refused-while-locked-by-other", test_update_refused_while_locked_by_other);
  ADD ("/store/permissions/agent", test_permissions_agent);
  ADD ("/store/permissions/none", test_permissions_none);
  ADD ("/store/search/names", test_search_names);
  ADD ("/store/search/name-start", test_search_name_start);
  ADD ("/store/search/phone", test_search_phone);
  ADD ("/store/search/email", test_search_email);
  ADD ("/store/search/email-non-ascii", test_search_email_non_ascii);
  ADD ("/store/search/exact-key-first", test_search_exact_key_first);
  ADD ("/store/search/paging", test_search_paging);
  ADD ("/store/search/key-datasets", test_search_key_datasets);
  g_test_add_func ("/store/demo", test_demo);

#undef ADD

  return g_test_run ();
}
