/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import engine (CubeImportJob): every rule of issue 5 on the fixtures
 * made by real writers and on small CSV files written here. */

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "cube-core.h"
#include "import/cube-import.h"
#include "cube-sqlite-store.h"
#include "cube-store-private.h"
#include "cube-test-util.h"

typedef struct {
  char          *dir;
  char          *path;
  CubeStore     *store;
  CubeTestSetup  setup;
} Fixture;

static void
add_field (Fixture             *f,
           const char          *key,
           const char          *label,
           CubeFieldType        type,
           gboolean             required,
           gboolean             unique,
           const char * const  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = cube_store_add_field (f->store, f->setup.dataset_id, key, label, type,
                                                        required, unique, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (field);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const kinds[] = { "Privat", "Bedrift", NULL };

  f->dir = cube_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "cube.db", NULL);
  f->store = cube_test_open_store (f->path, "admin");
  cube_test_setup_minimal (f->store, "Eier AS", "Importoppdrag", &f->setup);
  add_field (f, "fodselsdato", "Fødselsdato", CUBE_FIELD_DATE, FALSE, FALSE, NULL);
  add_field (f, "kundetype", "Kundetype", CUBE_FIELD_CHOICE, FALSE, FALSE, kinds);
  add_field (f, "notat", "Notat", CUBE_FIELD_MULTILINE, FALSE, FALSE, NULL);
  add_field (f, "medlemsnr", "Medlemsnr", CUBE_FIELD_TEXT, FALSE, TRUE, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  cube_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (CUBE_FIXTURES_DIR, name, NULL);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A job on @path for the fixture's assignment. */
static CubeImportJob *
new_job (Fixture    *f,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeImportJob) job = cube_import_job_new (f->store, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (job);
  cube_import_job_set_assignment (job, f->setup.assignment_id, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&job);
}

static void
run_ok (CubeImportJob *job)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cube_import_job_run (job, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_summary (CubeImportJob *job,
                guint64        added,
                guint64        updated,
                guint64        skipped,
                guint64        rejected)
{
  const CubeImportSummary *summary = cube_import_job_get_summary (job);

  g_assert_cmpuint (summary->added, ==, added);
  g_assert_cmpuint (summary->updated, ==, updated);
  g_assert_cmpuint (summary->skipped, ==, skipped);
  g_assert_cmpuint (summary->rejected, ==, rejected);
  g_assert_cmpuint (cube_import_job_get_rejections (job)->len, ==, MIN (rejected, CUBE_IMPORT_KEPT_REJECTIONS));
}

static CubeCustomer *
find (Fixture    *f,
      const char *key)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_find_customer (f->store, f->setup.assignment_id, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

static const char *
field_value (CubeCustomer *customer,
             const char   *key)
{
  return g_hash_table_lookup (cube_customer_get_fields (customer), key);
}

static gint64
count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cube_store_count_customers (f->store, &error);

  g_assert_no_error (error);
  return n;
}

/* How many customers a search for @text finds (at most 10). */
static guint
n_found (Fixture    *f,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = cube_store_search_customers (f->store, text, 0, 10, &error);

  g_assert_no_error (error);
  return found->len;
}

static guint
n_imports (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) imports = cube_store_list_imports (f->store, &error);

  g_assert_no_error (error);
  return imports->len;
}

/* The search index agrees with the customers (FTS5's own check against
 * its content table). */
static void
assert_search_index_ok (Fixture *f)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, "INSERT INTO customer_search (customer_search, rank) VALUES ('integrity-check', 1)",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("search index: %s", message);
  /* An import stops the index's merging while it fills it: later writes
   * must merge again (FTS5's default, 4), or segments pile up. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT coalesce ((SELECT v FROM customer_search_config"
                                           " WHERE k = 'automerge'), 4)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 4);
  sqlite3_finalize (stmt);
  /* … and hold what FTS5 holds by default in memory (1 MB), not the
   * import's 4 MB. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT coalesce ((SELECT v FROM customer_search_config"
                                           " WHERE k = 'hashsize'), 1048576)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1048576);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* A file beside the database (its "-journal", "-wal"). */
static gboolean
beside_exists (Fixture    *f,
               const char *suffix)
{
  g_autofree char *path = g_strconcat (f->path, suffix, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The customers @db sees, or -1 when it cannot read. */
static gint64
raw_count_customers (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM customers", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The file is in WAL mode, where readers and a writer share it. */
static void
assert_wal (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static CubeImportRejection *
rejection (CubeImportJob *job,
           guint          index)
{
  GPtrArray *rejections = cube_import_job_get_rejections (job);

  g_assert_cmpuint (index, <, rejections->len);
  return rejections->pdata[index];
}

/* ---- values as stored --------------------------------------------------- */

static void
test_csv_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "kunder.csv",
    "Kundeid;Navn;E-post;Telefon;Mobil;Fødselsdato;Kundetype;Notat\n"
    "00012;Åse Ødegård;ase@example.no;912 34 567;+46 70 123 45 67;01.03.1985;Privat;\"Linje 1\nLinje 2\"\n"
    "00013; Bjørn Æsæ ;;22 33 44 55;;2000-02-29;Bedrift;\n");
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(CubeCustomer) ase = NULL;
  g_autoptr(CubeCustomer) bjorn = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  CubeEvent *created;

  run_ok (job);
  assert_summary (job, 2, 0, 0, 0);
  g_assert_cmpint (count (f), ==, 2);

  ase = find (f, "00012");
  g_assert_cmpstr (cube_customer_get_name (ase), ==, "Åse Ødegård");
  g_assert_cmpstr (cube_customer_get_email (ase), ==, "ase@example.no");
  g_assert_cmpstr (cube_customer_get_phones (ase)[0], ==, "+4791234567");
  g_assert_cmpstr (cube_customer_get_phones (ase)[1], ==, "+46701234567");
  g_assert_cmpstr (field_value (ase, "fodselsdato"), ==, "1985-03-01");
  g_assert_cmpstr (field_value (ase, "kundetype"), ==, "Privat");
  g_assert_cmpstr (field_value (ase, "notat"), ==, "Linje 1\nLinje 2");
  g_assert_cmpint (cube_customer_get_status (ase), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_assignment_id (ase), ==, f->setup.assignment_id);

  bjorn = find (f, "00013");
  g_assert_cmpstr (cube_customer_get_name (bjorn), ==, "Bjørn Æsæ");
  g_assert_cmpstr (cube_customer_get_phones (bjorn)[0], ==, "+4722334455");
  g_assert_null (cube_customer_get_phones (bjorn)[1]);
  g_assert_cmpstr (field_value (bjorn, "fodselsdato"), ==, "2000-02-29");
  g_assert_null (field_value (bjorn, "notat"));

  /* History: created, source import, the file name as the detail. */
  events = cube_store_list_events (f->store, cube_customer_get_id (ase), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  created = events->pdata[0];
  g_assert_cmpstr (cube_event_get_kind (created), ==, "created");
  g_assert_cmpstr (cube_event_get_source (created), ==, "import");
  g_assert_cmpstr (cube_event_get_comment (created), ==, "kunder.csv");
  g_assert_cmpstr (cube_event_get_login (created), ==, "admin");
}

/* The files LibreOffice, openpyxl and the CSV export wrote. */
/* A file that is broken, unsafe or not what it says: a clear error (naming
 * the row where the reader knows it) and a database exactly as before, also
 * when good rows came before the broken part. */
static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  static const char * const files[] = {
    "bomb.xlsx", "truncated.xlsx", "bad-utf8.xlsx", "big-cell.xlsx", "xxe-file.xlsx", "xxe-http.xlsx",
    "not-a-sheet.xlsx", "not-really.xlsx", "xxe.ods", "invalid-utf8.csv", "unclosed-quote.csv", NULL,
  };
  g_autoptr(GString) text = g_string_new ("Kundeid;Navn\n");
  g_autofree char *late = NULL;
  g_autoptr(CubeCustomer) before = cube_test_add_customer (f->store, f->setup.assignment_id, "0", "Før", NULL);

  /* 300 good rows, past the rows the preview reads, then a quote that
   * never closes on line 302. */
  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (text, "%u;Kunde %u\n", i, i);
  g_string_append (text, "301;\"Cecilie\n");
  late = write_file (f, "late.csv", text->str);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = files[i] ? fixture_path (files[i]) : g_strdup (late);
      g_autoptr(GError) error = NULL;
      g_autoptr(CubeImportJob) job = cube_import_job_new (f->store, path, &error);

      g_test_message ("%s", path);
      if (job != NULL)
        {
          CubeImportMapping *mapping;

          g_assert_true (cube_import_job_set_assignment (job, f->setup.assignment_id, &error));
          mapping = cube_import_job_get_mapping (job);
          if (cube_import_mapping_get_n_columns (mapping) > 0
              && cube_import_mapping_find_column (mapping, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL) < 0)
            cube_import_mapping_set_target (mapping, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
          g_assert_false (cube_import_job_run (job, NULL, &error));
        }
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (count (f), ==, 1);
      g_assert_cmpuint (n_imports (f), ==, 0);
    }
  /* The late break names its line. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CubeImportJob) job = new_job (f, late);

    g_assert_false (cube_import_job_run (job, NULL, &error));
    g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
    g_assert_nonnull (strstr (error->message, "302"));
    {
      g_autoptr(GError) missing = NULL;
      g_autoptr(CubeCustomer) none = cube_store_find_customer (f->store, f->setup.assignment_id, "1", &missing);

      g_assert_null (none);
      g_assert_error (missing, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
    }
  }
}

/* The SQL of every index on customers, in name order, one per line. */
static char *
customer_indexes (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, coalesce (sql, '') FROM sqlite_master"
                                       " WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s: %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A big import next to the table (here 60,000 rows into a handful) builds
 * some indexes again at its end instead of keeping them up row by row: the
 * indexes are exactly as before, search uses them, and an import that
 * fails after the point where they were dropped gets them back with the
 * rollback. */
static void
test_big_import_indexes (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *before = customer_indexes (f);
  g_autoptr(GString) text = g_string_new ("Kundeid;Navn;Telefon\n");
  g_autofree char *good = NULL, *broken = NULL, *after = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= 60000; i++)
    g_string_append_printf (text, "B%05u;Kunde Østby %u;9%07u\n", i, i, i);
  good = write_file (f, "big.csv", text->str);
  g_string_append (text, "B99999;\"Aldri lukket\n");
  broken = write_file (f, "big-broken.csv", text->str);

  {
    g_autoptr(CubeImportJob) job = new_job (f, broken);

    g_assert_false (cube_import_job_run (job, NULL, &error));
    g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
    g_clear_error (&error);
    g_assert_cmpint (count (f), ==, 0);
    after = customer_indexes (f);
    g_assert_cmpstr (after, ==, before);
    g_clear_pointer (&after, g_free);
    g_assert_true (cube_sqlite_store_checks_foreign_keys (CUBE_SQLITE_STORE (f->store)));
  }
  {
    g_autoptr(CubeImportJob) job = new_job (f, good);

    run_ok (job);
    assert_summary (job, 60000, 0, 0, 0);
    g_assert_true (cube_sqlite_store_checks_foreign_keys (CUBE_SQLITE_STORE (f->store)));
  }
  after = customer_indexes (f);
  g_assert_cmpstr (after, ==, before);
  assert_search_index_ok (f);
  found = cube_store_search_customers (f->store, "90059999", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "B59999");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = cube_store_search_customers (f->store, "østby 4242", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, "B04242");
}

/* The bulk path (as the import's writer uses it) with what it does while
 * waiting for rows, cube_store_bulk_idle(): history and search index
 * written ahead must come out as if written at the end, also for a
 * customer updated after the index had it, and go with a rollback. */
static gint64
bulk_add_customer (CubeStoreBulk *bulk,
                   gint64         import_id,
                   const char    *key,
                   const char    *name)
{
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomerDraft) clean = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  draft->customer_key = g_strdup (key);
  draft->name = g_strdup (name);
  clean = cube_store_bulk_normalize (bulk, draft, &error);
  g_assert_no_error (error);
  id = cube_store_bulk_add (bulk, clean, NULL, "idle.csv", import_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static guint
bulk_idle_steps (CubeStoreBulk *bulk)
{
  g_autoptr(GError) error = NULL;
  gboolean did_work = TRUE;
  guint steps = 0;

  while (did_work)
    {
      g_assert_true (cube_store_bulk_idle (bulk, &did_work, &error));
      g_assert_no_error (error);
      steps += did_work;
    }
  return steps;
}

static void
run_bulk_with_idle (Fixture  *f,
                    gboolean  commit)
{
  CubeImportRecord record = { 0 };
  g_autoptr(GError) error = NULL;
  CubeStoreBulk *bulk;
  gint64 import_id, first = 0;

  g_assert_true (cube_store_bulk_begin (f->store, TRUE, &error));
  /* Needless for the bulk path's own rows (see sqlite_import_begin). */
  g_assert_false (cube_sqlite_store_checks_foreign_keys (CUBE_SQLITE_STORE (f->store)));
  bulk = cube_store_bulk_new (f->store, f->setup.assignment_id, &error);
  g_assert_no_error (error);
  record.file_name = (char *) "idle.csv";
  record.checksum = (char *) "0";
  record.assignment_id = f->setup.assignment_id;
  record.duplicate_mode = (char *) "update";
  import_id = cube_store_insert_import (f->store, &record, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *key = g_strdup_printf ("I%05u", i);
      g_autofree char *name = g_strdup_printf ("Idlekunde %05u", i);
      gint64 id = bulk_add_customer (bulk, import_id, key, name);

      if (i == 0)
        first = id;
    }
  /* History for the 6,000, then the search index for 5,000 of them. */
  g_assert_cmpuint (bulk_idle_steps (bulk), ==, 2);
  {
    g_autoptr(CubeCustomer) old = cube_store_get_customer (f->store, first, &error);
    g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
    g_autoptr(CubeCustomerDraft) clean = NULL;

    g_assert_no_error (error);
    draft->customer_key = g_strdup ("I00000");
    draft->name = g_strdup ("Omdøpt Kunde");
    clean = cube_store_bulk_normalize (bulk, draft, &error);
    g_assert_no_error (error);
    g_assert_true (cube_store_bulk_update (bulk, old, clean, import_id, &error));
    g_assert_no_error (error);
  }
  for (guint i = 6000; i < 6010; i++)
    {
      g_autofree char *key = g_strdup_printf ("I%05u", i);
      g_autofree char *name = g_strdup_printf ("Idlekunde %05u", i);

      bulk_add_customer (bulk, import_id, key, name);
    }
  if (commit)
    {
      g_assert_true (cube_store_bulk_flush (bulk, &error));
      g_assert_no_error (error);
      g_assert_true (cube_store_commit (f->store, &error));
      g_assert_no_error (error);
    }
  else
    cube_store_rollback (f->store);
  cube_store_bulk_free (bulk);
  /* Back for everything else, committed or not. */
  g_assert_true (cube_sqlite_store_checks_foreign_keys (CUBE_SQLITE_STORE (f->store)));
}

static void
test_bulk_idle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CubeCustomer) renamed = NULL;
  g_autoptr(GError) error = NULL;

  /* Rolled back: nothing of the work done ahead stays. */
  run_bulk_with_idle (f, FALSE);
  g_assert_cmpint (count (f), ==, 0);
  assert_search_index_ok (f);
  g_assert_cmpuint (n_found (f, "idlekunde"), ==, 0);

  run_bulk_with_idle (f, TRUE);
  g_assert_cmpint (count (f), ==, 6010);
  assert_search_index_ok (f);
  /* Indexed ahead, indexed at the end, and renamed after indexing. */
  g_assert_cmpuint (n_found (f, "idlekunde 00042"), ==, 1);
  g_assert_cmpuint (n_found (f, "idlekunde 06009"), ==, 1);
  g_assert_cmpuint (n_found (f, "idlekunde 00000"), ==, 0);
  found = cube_store_search_customers (f->store, "omdøpt", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* Its history in order: created (written ahead), then the rename. */
  renamed = g_object_ref (found->pdata[0]);
  events = cube_store_list_events (f->store, cube_customer_get_id (renamed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), ==, "edited");
  g_assert_cmpstr (cube_event_get_kind (events->pdata[1]), ==, "created");
  g_assert_cmpstr (cube_event_get_comment (events->pdata[1]), ==, "idle.csv");
  g_clear_pointer (&events, g_ptr_array_unref);
  /* One "created" each, for the ones written ahead and at the end. */
  {
    g_autoptr(CubeCustomer) last = find (f, "I06009");

    events = cube_store_list_events (f->store, cube_customer_get_id (last), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 1);
    g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), ==, "created");
  }
}

static void
test_fixture_files (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const lo_files[] = { "lo.xlsx", "lo.ods", "lo-1904.xlsx" };

  for (guint i = 0; i < G_N_ELEMENTS (lo_files); i++)
    {
      g_autofree char *path = fixture_path (lo_files[i]);
      g_autoptr(CubeImportJob) job = new_job (f, path);
      g_autoptr(CubeCustomer) ase = NULL;
      g_autoptr(CubeCustomer) bjorn = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", lo_files[i]);
      /* Each file in its own assignment would do too; here each run's
       * customers are updated by the next. */
      cube_import_job_set_duplicate_mode (job, i == 0 ? CUBE_IMPORT_DUPLICATE_SKIP
                                                      : CUBE_IMPORT_DUPLICATE_UPDATE);
      run_ok (job);
      if (i == 0)
        assert_summary (job, 2, 0, 0, 1);
      else
        assert_summary (job, 0, 2, 0, 1);
      /* Row 5 has TRUE in E-post. */
      g_assert_cmpuint (rejection (job, 0)->number, ==, 5);
      g_assert_cmpstr (rejection (job, 0)->column, ==, "C (E-post)");
      g_assert_cmpstr (rejection (job, 0)->field, ==, "email");
      g_assert_cmpstr (rejection (job, 0)->values[0], ==, "1000");
      g_assert_cmpstr (rejection (job, 0)->values[2], ==, "TRUE");

      ase = find (f, "00012");
      g_assert_cmpstr (cube_customer_get_name (ase), ==, "Åse Ødegård");
      g_assert_cmpstr (cube_customer_get_phones (ase)[0], ==, "+4791234567");
      g_assert_cmpstr (field_value (ase, "fodselsdato"), ==, "1985-03-01");
      g_assert_cmpstr (field_value (ase, "kundetype"), ==, "Privat");
      g_assert_cmpstr (field_value (ase, "notat"), ==, "Linje 1\nLinje   2");
      bjorn = find (f, "00013");
      g_assert_cmpstr (cube_customer_get_phones (bjorn)[0], ==, "+4722334455");
      g_assert_cmpstr (field_value (bjorn, "fodselsdato"), ==, "2000-02-29");
      g_assert_cmpstr (field_value (bjorn, "kundetype"), ==, "Bedrift");
      g_assert_cmpint (count (f), ==, 2);
    }

  /* openpyxl: English headers, three phone columns. */
  {
    g_autofree char *path = fixture_path ("openpyxl.xlsx");
    g_autoptr(CubeImportJob) job = NULL;
    g_autoptr(CubeCustomer) ase = NULL;
    g_autoptr(GError) error = NULL;

    cube_store_add_assignment (f->store, f->setup.dataset_id, "Openpyxl", &error);
    job = new_job (f, path);
    cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_UPDATE);
    run_ok (job);
    assert_summary (job, 0, 2, 0, 1);
    g_assert_cmpstr (rejection (job, 0)->column, ==, "C (Email)");
    ase = find (f, "00012");
    g_assert_cmpstr (cube_customer_get_phones (ase)[0], ==, "+4791234567");
    g_assert_cmpstr (cube_customer_get_phones (ase)[1], ==, "+4798765432");
    g_assert_cmpstr (cube_customer_get_phones (ase)[2], ==, "+4722334455");
  }
}

/* ---- rejections --------------------------------------------------------- */

static void
test_rejections (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *report_path = g_build_filename (f->dir, "avvist.csv", NULL);
  g_autofree char *report = NULL;
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  add_field (f, "region", "Region", CUBE_FIELD_TEXT, TRUE, FALSE, NULL);
  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup ("K0");
  cube_customer_draft_set_field (draft, "medlemsnr", "M9");
  cube_customer_draft_set_field (draft, "region", "Vest");
  existing = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);

  path = write_file (f, "kunder.csv",
    "Kundeid,Navn,E-post,Telefon,Kundetype,Medlemsnr,Region\n"
    "K1,Ola,ola@example.no,912 34 567,Privat,M1,Vest\n"
    "K2,Kari,kari@,,,,Nord\n"
    "K3,Per,,12,,,Sør\n"
    "K4,Liv,,,Ukjent,,Øst\n"
    "K5,Eva,,,,M1,Vest\n"
    "K6,Ada,,,,,\n"
    "K7,Siv,,,,M9,Vest\n"
    ",Uten id,,,,,Vest\n"
    "K8,Ok,,,,,Nord\n");
  job = new_job (f, path);
  run_ok (job);
  assert_summary (job, 2, 0, 0, 7);
  g_assert_cmpint (count (f), ==, 3);

  g_assert_cmpuint (rejection (job, 0)->number, ==, 3);
  g_assert_cmpstr (rejection (job, 0)->column, ==, "C (E-post)");
  g_assert_cmpstr (rejection (job, 0)->reason, ==, "E-mail is not a valid e-mail address");
  g_assert_cmpuint (rejection (job, 0)->n_values, ==, 7);
  g_assert_cmpstr (rejection (job, 0)->values[1], ==, "Kari");
  g_assert_cmpstr (rejection (job, 1)->column, ==, "D (Telefon)");
  g_assert_cmpstr (rejection (job, 2)->column, ==, "E (Kundetype)");
  /* Unique-if-filled: earlier in the file, and in the dataset. */
  g_assert_cmpuint (rejection (job, 3)->number, ==, 6);
  g_assert_cmpstr (rejection (job, 3)->column, ==, "F (Medlemsnr)");
  g_assert_cmpstr (rejection (job, 4)->column, ==, "G (Region)");
  g_assert_cmpstr (rejection (job, 4)->reason, ==, "Region is required");
  g_assert_cmpuint (rejection (job, 5)->number, ==, 8);
  g_assert_cmpstr (rejection (job, 5)->column, ==, "F (Medlemsnr)");
  g_assert_cmpuint (rejection (job, 6)->number, ==, 9);
  g_assert_cmpstr (rejection (job, 6)->column, ==, "A (Kundeid)");
  g_assert_cmpstr (rejection (job, 6)->field, ==, "customer_key");

  /* The report: a header line, then a line a rejected row. */
  cube_import_job_write_report_to_path (job, report_path, &error);
  g_assert_no_error (error);
  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (report, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);  /* 8 lines and the empty end */
  g_assert_cmpstr (lines[0], ==, "Row,Column,Reason,Kundeid,Navn,E-post,Telefon,Kundetype,Medlemsnr,Region");
  g_assert_cmpstr (lines[1], ==, "3,C (E-post),E-mail is not a valid e-mail address,K2,Kari,kari@,,,,Nord");
  g_assert_cmpstr (lines[5], ==, "7,G (Region),Region is required,K6,Ada,,,,,");
  g_assert_true (g_str_has_prefix (lines[7], "9,A (Kundeid),"));
  g_assert_cmpstr (lines[8], ==, "");
}

/* A file of many bad rows: memory keeps the first
 * CUBE_IMPORT_KEPT_REJECTIONS, the summary counts all, the report has
 * all, in file order, and the good rows are imported. */
static void
test_many_rejections (Fixture       *f,
                      gconstpointer  data)
{
  const guint bad = CUBE_IMPORT_KEPT_REJECTIONS + 700;
  g_autoptr(GString) csv = g_string_new ("Kundeid,Navn,E-post\n");
  g_autofree char *path = NULL;
  g_autofree char *report_path = g_build_filename (f->dir, "avviste.csv", NULL);
  g_autofree char *report = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < bad; i++)
    {
      g_string_append_printf (csv, "B%05u,Feil %u,ikke-en-adresse\n", i, i);
      if (i % 100 == 0)
        g_string_append_printf (csv, "G%05u,God %u,god%u@example.no\n", i, i, i);
    }
  path = write_file (f, "mange-feil.csv", csv->str);
  job = new_job (f, path);
  run_ok (job);
  assert_summary (job, (bad + 99) / 100, 0, 0, bad);

  cube_import_job_write_report_to_path (job, report_path, &error);
  g_assert_no_error (error);
  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (report, "\r\n", -1);
  /* The header, a line a bad row, the empty end. */
  g_assert_cmpuint (g_strv_length (lines), ==, bad + 2);
  g_assert_cmpstr (lines[0], ==, "Row,Column,Reason,Kundeid,Navn,E-post");
  g_assert_true (g_str_has_suffix (lines[CUBE_IMPORT_KEPT_REJECTIONS], "B00999,Feil 999,ikke-en-adresse"));
  g_assert_true (g_str_has_suffix (lines[CUBE_IMPORT_KEPT_REJECTIONS + 1], "B01000,Feil 1000,ikke-en-adresse"));
  g_assert_true (g_str_has_suffix (lines[bad], "B01699,Feil 1699,ikke-en-adresse"));
  for (guint i = 1; i <= bad; i++)
    g_assert_true (g_str_has_prefix (lines[i], i == 1 ? "2," : "") && strstr (lines[i], ",C (E-post),") != NULL);
  /* Written again, the same. */
  {
    g_autofree char *again = NULL;

    cube_import_job_write_report_to_path (job, report_path, &error);
    g_assert_no_error (error);
    g_file_get_contents (report_path, &again, NULL, &error);
    g_assert_cmpstr (again, ==, report);
  }
}

/* A ragged CSV row (values past the header) is rejected, not imported. */
static void
test_ragged_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "ragged.csv", "Kundeid,Navn\nK1,Ola\nK2,Kari,ekstra\nK3,Per\n");
  g_autoptr(CubeImportJob) job = new_job (f, path);

  run_ok (job);
  assert_summary (job, 2, 0, 0, 1);
  g_assert_cmpuint (rejection (job, 0)->number, ==, 3);
  g_assert_nonnull (strstr (rejection (job, 0)->reason, "column C"));
}

/* ---- duplicates --------------------------------------------------------- */

static const char *duplicates_csv =
  "Kundeid,Navn\n"
  "K1,Ny\n"
  "K2,Første\n"
  "K2,Andre\n"
  "K3,Tredje\n";

static gint64
add_k1 (Fixture *f)
{
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup ("K1");
  draft->name = g_strdup ("Gammel");
  cube_customer_draft_add_phone (draft, "912 34 567");
  cube_customer_draft_set_field (draft, "notat", "Beholdes");
  customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  return cube_customer_get_id (customer);
}

static gboolean
has_edit (GPtrArray  *events,
          const char *field,
          const char *old_value,
          const char *new_value)
{
  for (guint i = 0; i < events->len; i++)
    {
      CubeEvent *event = events->pdata[i];

      if (g_strcmp0 (cube_event_get_kind (event), "edited") == 0
          && g_strcmp0 (cube_event_get_field (event), field) == 0
          && g_strcmp0 (cube_event_get_old_value (event), old_value) == 0
          && g_strcmp0 (cube_event_get_new_value (event), new_value) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_duplicate_skip (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv", duplicates_csv);
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeCustomer) k1 = NULL;
  g_autoptr(CubeCustomer) k2 = NULL;

  add_k1 (f);
  job = new_job (f, path);
  g_assert_cmpint (cube_import_job_get_duplicate_mode (job), ==, CUBE_IMPORT_DUPLICATE_SKIP);
  run_ok (job);
  assert_summary (job, 2, 0, 2, 0);
  g_assert_cmpint (count (f), ==, 3);
  k1 = find (f, "K1");
  g_assert_cmpstr (cube_customer_get_name (k1), ==, "Gammel");
  k2 = find (f, "K2");
  g_assert_cmpstr (cube_customer_get_name (k2), ==, "Første");
}

static void
test_duplicate_update (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv", duplicates_csv);
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeCustomer) k1 = NULL;
  g_autoptr(CubeCustomer) k2 = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 k1_id = add_k1 (f);

  job = new_job (f, path);
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_UPDATE);
  run_ok (job);
  assert_summary (job, 2, 2, 0, 0);
  g_assert_cmpint (count (f), ==, 3);

  /* Mapped columns change; what the file does not have stays. */
  k1 = find (f, "K1");
  g_assert_cmpint (cube_customer_get_id (k1), ==, k1_id);
  g_assert_cmpstr (cube_customer_get_name (k1), ==, "Ny");
  g_assert_cmpstr (cube_customer_get_phones (k1)[0], ==, "+4791234567");
  g_assert_cmpstr (field_value (k1, "notat"), ==, "Beholdes");
  events = cube_store_list_events (f->store, k1_id, &error);
  g_assert_no_error (error);
  g_assert_true (has_edit (events, "name", "Gammel", "Ny"));
  g_assert_false (has_edit (events, "notat", "Beholdes", NULL));
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Twice in the file: the second row updates what the first added. */
  k2 = find (f, "K2");
  g_assert_cmpstr (cube_customer_get_name (k2), ==, "Andre");
  events = cube_store_list_events (f->store, cube_customer_get_id (k2), &error);
  g_assert_no_error (error);
  g_assert_true (has_edit (events, "name", "Første", "Andre"));
  /* Newest first: the edit, then (last) the "created" of the first row. */
  g_assert_cmpuint (events->len, >=, 2);
  g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), ==, "edited");
  g_assert_cmpstr (cube_event_get_kind (events->pdata[events->len - 1]), ==, "created");
  g_assert_cmpstr (cube_event_get_comment (events->pdata[events->len - 1]), ==, "dup.csv");
  g_clear_pointer (&events, g_ptr_array_unref);

  /* The search index has the names as they ended up. */
  g_assert_cmpuint (n_found (f, "Andre"), ==, 1);
  g_assert_cmpuint (n_found (f, "Første"), ==, 0);
  g_assert_cmpuint (n_found (f, "Gammel"), ==, 0);
  g_assert_cmpuint (n_found (f, "Tredje"), ==, 1);
  assert_search_index_ok (f);

  /* Updated twice by one file, a customer that was there before: the index
   * loses the text it had and gets the last. */
  {
    g_autofree char *again = write_file (f, "igjen.csv",
                                         "Kundeid,Navn,E-post\nK1,Mellomnavn,\nK1,Nyere navn,ny@example.no\n");
    g_autoptr(CubeImportJob) job2 = new_job (f, again);

    cube_import_job_set_duplicate_mode (job2, CUBE_IMPORT_DUPLICATE_UPDATE);
    run_ok (job2);
    assert_summary (job2, 0, 2, 0, 0);
  }
  g_assert_cmpuint (n_found (f, "Nyere"), ==, 1);
  g_assert_cmpuint (n_found (f, "ny@example"), ==, 1);
  g_assert_cmpuint (n_found (f, "Mellomnavn"), ==, 0);
  assert_search_index_ok (f);
}

/* Update refuses a customer another user holds: the row is rejected. */
static void
test_duplicate_update_locked (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv", "Kundeid,Navn\nK1,Ny\n");
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) k1 = NULL;
  g_autoptr(CubeStore) agent = NULL;
  g_autoptr(GError) error = NULL;
  gint64 k1_id = add_k1 (f);

  agent = cube_test_open_store (f->path, "agent");
  locked = cube_store_lock_customer (agent, k1_id, &error);
  g_assert_no_error (error);

  job = new_job (f, path);
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_UPDATE);
  run_ok (job);
  assert_summary (job, 0, 0, 0, 1);
  g_assert_nonnull (strstr (rejection (job, 0)->reason, "agent"));
  k1 = find (f, "K1");
  g_assert_cmpstr (cube_customer_get_name (k1), ==, "Gammel");
}

static void
test_duplicate_fail (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv", duplicates_csv);
  g_autofree char *in_file = write_file (f, "twice.csv", "Kundeid,Navn\nK7,En\nK8,To\nK7,Tre\n");
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeImportJob) job2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 k1_id = add_k1 (f);

  /* Already in the dataset: row 2. */
  job = new_job (f, path);
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_FAIL);
  g_assert_false (cube_import_job_run (job, NULL, &error));
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "customer_key");
  g_assert_true (g_str_has_prefix (error->message, "Row 2: "));
  g_assert_nonnull (strstr (error->message, "K1"));
  g_assert_cmpint (cube_error_get_existing_customer_id (error), ==, k1_id);
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
  g_assert_cmpint (cube_import_job_get_summary (job)->import_id, ==, 0);
  g_clear_error (&error);

  /* Twice in the file: row 4, after two rows were written and rolled back. */
  job2 = new_job (f, in_file);
  cube_import_job_set_duplicate_mode (job2, CUBE_IMPORT_DUPLICATE_FAIL);
  g_assert_false (cube_import_job_run (job2, NULL, &error));
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "customer_key");
  g_assert_true (g_str_has_prefix (error->message, "Row 4: "));
  g_assert_nonnull (strstr (error->message, "more than once"));
  g_assert_cmpuint (cube_import_job_get_summary (job2)->added, ==, 2);
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
}

/* ---- atomicity ---------------------------------------------------------- */

static char *
many_rows (guint n)
{
  GString *csv = g_string_new ("Kundeid,Navn,E-post,Telefon\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%06u,Kunde %u,k%u@example.no,9%07u\n", i, i, i, i);
  return g_string_free (csv, FALSE);
}

typedef struct {
  guint         calls;
  guint         limit;
  GCancellable *cancellable;
  gboolean      kill;
} Clock;

/* A clock that cancels (or kills the process) after @limit readings: the
 * store reads it for every row it writes. */
static gint64
counting_clock (gpointer user_data)
{
  Clock *clock = user_data;

  if (++clock->calls == clock->limit)
    {
      if (clock->kill)
        raise (SIGKILL);
      g_cancellable_cancel (clock->cancellable);
    }
  return 1700000000;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv = many_rows (5000);
  g_autofree char *path = write_file (f, "mange.csv", csv);
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Clock clock = { 0, 3000, cancellable, FALSE };

  add_k1 (f);
  cube_store_set_clock (f->store, counting_clock, &clock);
  g_assert_false (cube_import_job_run (job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped part-way, after rows had been written… */
  g_assert_cmpuint (cube_import_job_get_summary (job)->added, >, 1000);
  g_assert_cmpuint (cube_import_job_get_summary (job)->added, <, 5000);
  /* … and none of them stayed. */
  cube_store_set_clock (f->store, NULL, NULL);
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
  assert_search_index_ok (f);
}

/* The child of test_killed: imports until the clock kills it. */
static void
killed_child (void)
{
  const char *db = g_getenv ("CUBE_TEST_IMPORT_DB");
  const char *csv = g_getenv ("CUBE_TEST_IMPORT_CSV");
  const char *assignment = g_getenv ("CUBE_TEST_IMPORT_ASSIGNMENT");
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Clock clock = { 0, 3000, NULL, TRUE };

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /import/killed");
      return;
    }
  store = cube_test_open_store (db, "admin");
  job = cube_import_job_new (store, csv, &error);
  g_assert_no_error (error);
  cube_import_job_set_assignment (job, g_ascii_strtoll (assignment, NULL, 10), &error);
  g_assert_no_error (error);
  cube_store_set_clock (store, counting_clock, &clock);
  cube_import_job_run (job, NULL, &error);
  g_assert_not_reached ();
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *csv = many_rows (5000);
  g_autofree char *path = write_file (f, "mange.csv", csv);
  g_autofree char *assignment = g_strdup_printf ("%" G_GINT64_FORMAT, f->setup.assignment_id);

  add_k1 (f);
  g_clear_object (&f->store);
  g_setenv ("CUBE_TEST_IMPORT_DB", f->path, TRUE);
  g_setenv ("CUBE_TEST_IMPORT_CSV", path, TRUE);
  g_setenv ("CUBE_TEST_IMPORT_ASSIGNMENT", assignment, TRUE);
  g_test_trap_subprocess ("/import/killed-child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* Killed, not failed an assertion on the way. */
  g_test_trap_assert_stderr_unmatched ("*assert*");
  g_test_trap_assert_stderr_unmatched ("*ERROR*");

  /* Alone with the file, the import wrote through a rollback journal: the
   * killed one left it behind, and opening the file rolls it back. */
  g_assert_true (beside_exists (f, "-journal"));

  /* The database is as before the import, and still works. */
  f->store = cube_test_open_store (f->path, "admin");
  g_assert_false (beside_exists (f, "-journal"));
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
  g_assert_cmpuint (n_found (f, "Kunde 1"), ==, 0);
  assert_search_index_ok (f);
  assert_wal (f);
}

/* ---- the database to itself, or shared ---------------------------------- */

typedef struct {
  Fixture  *f;
  sqlite3  *other;         /* another connection to the file, or NULL */
  guint     calls;
  gboolean  saw_journal;   /* a rollback journal beside the file */
  gint64    other_count;   /* customers @other counted then, -1: it could not read */
} Watch;

/* A clock that looks, half-way through the import, at the file and at
 * what another connection can read. */
static gint64
watching_clock (gpointer user_data)
{
  Watch *watch = user_data;

  if (++watch->calls == 2000)
    {
      watch->saw_journal = beside_exists (watch->f, "-journal");
      if (watch->other != NULL)
        watch->other_count = raw_count_customers (watch->other);
    }
  return 1700000000;
}

/* Imports 5,000 rows after K1 with @watch looking on half-way. */
static void
run_watched (Fixture *f,
             Watch   *watch)
{
  g_autofree char *csv = many_rows (5000);
  g_autofree char *path = write_file (f, "mange.csv", csv);
  g_autoptr(CubeImportJob) job = new_job (f, path);

  cube_store_set_clock (f->store, watching_clock, watch);
  run_ok (job);
  cube_store_set_clock (f->store, NULL, NULL);
  g_assert_cmpuint (watch->calls, >=, 2000);
}

/* Nobody else has the file open: the import has it to itself, writing
 * through a rollback journal, and leaves it in WAL mode for the others. */
static void
test_alone (Fixture       *f,
            gconstpointer  data)
{
  Watch watch = { f, NULL, 0, FALSE, 0 };

  add_k1 (f);
  run_watched (f, &watch);
  g_assert_true (watch.saw_journal);
  g_assert_false (beside_exists (f, "-journal"));
  assert_wal (f);
  g_assert_cmpint (count (f), ==, 5001);
  g_assert_cmpuint (n_found (f, "Kunde 4999"), ==, 1);
  assert_search_index_ok (f);
}

/* Another connection has the file open (the desktop application, another
 * agent): the import writes through the WAL, and the other connection
 * goes on reading the customers as they were while it runs. */
static void
test_shared (Fixture       *f,
             gconstpointer  data)
{
  Watch watch = { f, NULL, 0, FALSE, 0 };

  add_k1 (f);
  g_assert_cmpint (sqlite3_open_v2 (f->path, &watch.other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_count_customers (watch.other), ==, 1);
  run_watched (f, &watch);
  g_assert_false (watch.saw_journal);
  g_assert_cmpint (watch.other_count, ==, 1);
  g_assert_cmpint (raw_count_customers (watch.other), ==, 5001);
  sqlite3_close (watch.other);
  assert_wal (f);
  g_assert_cmpuint (n_found (f, "Kunde 4999"), ==, 1);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dup.csv", duplicates_csv);
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeCustomer) k1 = NULL;

  add_k1 (f);
  job = new_job (f, path);
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_UPDATE);
  cube_import_job_set_dry_run (job, TRUE);
  run_ok (job);
  /* The counts the real run would have… */
  assert_summary (job, 2, 2, 0, 0);
  g_assert_cmpint (cube_import_job_get_summary (job)->import_id, ==, 0);
  /* … and nothing written. */
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
  k1 = find (f, "K1");
  g_assert_cmpstr (cube_customer_get_name (k1), ==, "Gammel");
}

/* ---- preview ------------------------------------------------------------ */

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "forhånd.csv",
    "Kundeid,Navn,E-post,Telefon,Fødselsdato\n"
    "K9,Ola,ola@example.no,912 34 567,01.03.1985\n"
    "K8,Kari,kari@,12,31.02.1990\n"
    "K1,Gammel kunde,,,\n"
    "K9,Igjen,,,\n"
    "K7,Per,,,\n");
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  CubeImportPreviewRow *row;
  gint64 k1_id = add_k1 (f);

  job = new_job (f, path);
  rows = cube_import_job_preview (job, 4, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);

  row = rows->pdata[0];
  g_assert_cmpuint (row->number, ==, 2);
  g_assert_cmpint (row->action, ==, CUBE_IMPORT_ROW_ADD);
  g_assert_cmpuint (row->n_columns, ==, 5);
  g_assert_cmpstr (row->values[3], ==, "+4791234567");
  g_assert_cmpstr (row->values[4], ==, "1985-03-01");
  for (guint i = 0; i < row->n_columns; i++)
    g_assert_null (row->errors[i]);
  g_assert_null (row->message);

  /* Each invalid cell with its reason, not only the first. */
  row = rows->pdata[1];
  g_assert_cmpint (row->action, ==, CUBE_IMPORT_ROW_REJECT);
  g_assert_null (row->errors[0]);
  g_assert_cmpstr (row->errors[2], ==, "E-mail is not a valid e-mail address");
  g_assert_cmpstr (row->values[2], ==, "kari@");
  g_assert_nonnull (row->errors[3]);
  g_assert_nonnull (row->errors[4]);
  g_assert_cmpstr (row->message, ==, "E-mail is not a valid e-mail address");

  row = rows->pdata[2];
  g_assert_cmpint (row->action, ==, CUBE_IMPORT_ROW_SKIP);
  g_assert_cmpint (row->existing_id, ==, k1_id);
  g_assert_nonnull (strstr (row->message, "already in the dataset"));

  row = rows->pdata[3];
  g_assert_cmpint (row->action, ==, CUBE_IMPORT_ROW_SKIP);
  g_assert_nonnull (strstr (row->message, "more than once"));

  /* The preview writes nothing. */
  g_assert_cmpint (count (f), ==, 1);
  g_assert_cmpuint (n_imports (f), ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* In fail mode a duplicate would stop the run. */
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_FAIL);
  rows = cube_import_job_preview (job, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (((CubeImportPreviewRow *) rows->pdata[2])->action, ==, CUBE_IMPORT_ROW_DUPLICATE);
}

/* ---- mapping, header, sheet --------------------------------------------- */

/* A field archived after the assignment was chosen (here: by another
 * connection, as by a supervisor in another window) is not imported: the
 * run goes by the fields its own transaction sees. */
static void
test_field_archived_meanwhile (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = write_file (f, "notat.csv", "Kundeid;Navn;Notat\n501;Anne Ås;ring etter 16\n");
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(CubeStore) other = cube_test_open_store (f->path, "admin");
  g_autoptr(CubeFieldDef) notat = NULL;
  g_autoptr(CubeFieldDef) archived = NULL;
  g_autoptr(CubeCustomer) anne = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cube_import_mapping_find_column (cube_import_job_get_mapping (job), CUBE_IMPORT_TARGET_FIELD,
                                                    "notat"), ==, 2);
  notat = cube_store_find_field (other, f->setup.dataset_id, "notat", &error);
  g_assert_no_error (error);
  archived = cube_store_set_field_archived (other, cube_field_def_get_id (notat), TRUE, &error);
  g_assert_no_error (error);

  run_ok (job);
  assert_summary (job, 1, 0, 0, 0);
  anne = find (f, "501");
  g_assert_cmpstr (cube_customer_get_name (anne), ==, "Anne Ås");
  g_assert_null (field_value (anne, "notat"));
}

static void
test_saved_mapping (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = write_file (f, "første.csv", "Nr,Fullt navn,Type X\nA1,Ola,Privat\n");
  g_autofree char *second = write_file (f, "andre.csv", "Type X,Annet,Nr\nBedrift,x,A2\n");
  g_autoptr(CubeImportJob) job = new_job (f, first);
  g_autoptr(CubeImportJob) job2 = NULL;
  g_autoptr(CubeCustomer) a2 = NULL;
  g_autoptr(GError) error = NULL;
  CubeImportMapping *mapping = cube_import_job_get_mapping (job);
  const char *key = NULL;

  /* "Nr" and "Type X" are not guessed. */
  g_assert_cmpint (cube_import_mapping_get_target (mapping, 0, NULL), ==, CUBE_IMPORT_TARGET_IGNORE);
  g_assert_cmpint (cube_import_mapping_get_target (mapping, 1, NULL), ==, CUBE_IMPORT_TARGET_NAME);
  cube_import_mapping_set_target (mapping, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  cube_import_mapping_set_target (mapping, 2, CUBE_IMPORT_TARGET_FIELD, "kundetype");
  g_assert_true (cube_import_job_save_mapping (job, &error));
  g_assert_no_error (error);
  run_ok (job);
  assert_summary (job, 1, 0, 0, 0);

  /* Another file of the dataset: the saved mapping follows the labels. */
  job2 = new_job (f, second);
  mapping = cube_import_job_get_mapping (job2);
  g_assert_cmpint (cube_import_mapping_get_target (mapping, 0, &key), ==, CUBE_IMPORT_TARGET_FIELD);
  g_assert_cmpstr (key, ==, "kundetype");
  g_assert_cmpint (cube_import_mapping_get_target (mapping, 2, NULL), ==, CUBE_IMPORT_TARGET_CUSTOMER_KEY);
  run_ok (job2);
  assert_summary (job2, 1, 0, 0, 0);
  a2 = find (f, "A2");
  g_assert_cmpstr (field_value (a2, "kundetype"), ==, "Bedrift");
}

static void
test_header_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "tittel.csv", "Kundeliste mars;\n;\nKundeid;Navn\nK1;Ola\nK2;Kari\n");
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(GError) error = NULL;

  /* The first non-empty row is taken as the header: nothing is Kundeid. */
  g_assert_cmpuint (cube_import_job_get_header (job)->number, ==, 1);
  g_assert_false (cube_import_job_run (job, NULL, &error));
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "customer_key");
  g_clear_error (&error);
  g_assert_cmpint (count (f), ==, 0);

  g_assert_false (cube_import_job_set_header_row (job, 2, &error));
  g_clear_error (&error);
  g_assert_true (cube_import_job_set_header_row (job, 3, &error));
  g_assert_no_error (error);
  run_ok (job);
  assert_summary (job, 2, 0, 0, 0);
}

static void
test_sheet (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = fixture_path ("lo.xlsx");
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (cube_import_job_get_sheet (job), ==, 0);
  /* "Andre ark" has a single row, its header: nothing to import. */
  g_assert_true (cube_import_job_set_sheet (job, 2, NULL, &error));
  g_assert_no_error (error);
  cube_import_mapping_set_target (cube_import_job_get_mapping (job), 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  run_ok (job);
  assert_summary (job, 0, 0, 0, 0);
  g_assert_false (cube_import_job_set_sheet (job, 7, NULL, &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
}

/* ---- the record, search, permission ------------------------------------- */

static gint64
fixed_clock (gpointer user_data)
{
  return 1700000000;
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Kundeid,Navn\nK1,Ny\nK2,Kari\n", -1);
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(CubeImportRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  CubeImportRecord *listed;

  add_k1 (f);
  path = write_file (f, "kunder.csv", "Kundeid,Navn\nK1,Ny\nK2,Kari\n");
  cube_store_set_clock (f->store, fixed_clock, NULL);
  job = new_job (f, path);
  cube_import_job_set_duplicate_mode (job, CUBE_IMPORT_DUPLICATE_UPDATE);
  run_ok (job);
  assert_summary (job, 1, 1, 0, 0);

  imports = cube_store_list_imports (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imports->len, ==, 1);
  listed = imports->pdata[0];
  g_assert_cmpint (listed->id, ==, cube_import_job_get_summary (job)->import_id);
  g_assert_cmpstr (listed->file_name, ==, "kunder.csv");
  g_assert_cmpstr (listed->checksum, ==, checksum);
  g_assert_cmpstr (listed->sheet, ==, "kunder.csv");
  g_assert_cmpstr (listed->login, ==, "admin");
  g_assert_cmpint (listed->imported_at, ==, 1700000000);
  g_assert_cmpint (listed->assignment_id, ==, f->setup.assignment_id);
  g_assert_cmpstr (listed->assignment_name, ==, "Importoppdrag");
  g_assert_cmpstr (listed->duplicate_mode, ==, "update");
  g_assert_cmpint (listed->added, ==, 1);
  g_assert_cmpint (listed->updated, ==, 1);
  g_assert_cmpint (listed->skipped, ==, 0);
  g_assert_cmpint (listed->rejected, ==, 0);
  g_assert_cmpfloat (listed->seconds, >=, 0);

  record = cube_store_get_import (f->store, listed->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->checksum, ==, checksum);

  /* The customers it added or updated. */
  g_assert_cmpint (cube_store_count_import_customers (f->store, listed->id, &error), ==, 2);
  customers = cube_store_list_import_customers (f->store, listed->id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 2);
  g_assert_cmpstr (cube_customer_get_customer_key (customers->pdata[0]), ==, "K1");
  g_assert_cmpstr (cube_customer_get_customer_key (customers->pdata[1]), ==, "K2");
}

/* Import @import_id shows the customers @keys (their Kundeids, in
 * order) from @offset, at most @limit. */
static void
assert_import_keys (Fixture    *f,
                    gint64      import_id,
                    guint       offset,
                    guint       limit,
                    const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = cube_store_list_import_customers (f->store, import_id, offset, limit, &error);
  g_autoptr(GString) shown = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < customers->len; i++)
    g_string_append_printf (shown, "%s%s", i ? " " : "", cube_customer_get_customer_key (customers->pdata[i]));
  g_assert_cmpstr (shown->str, ==, keys);
}

/* An import's customers are those it added or updated and that no later
 * import wrote since; each once, in id order, a page at a time. */
static void
test_customers_of_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *a_path = write_file (f, "a.csv", "Kundeid,Navn\nK2,To\nK3,Tre\nK4,Fire\n");
  g_autofree char *b_path = write_file (f, "b.csv", "Kundeid,Navn\nK3,Tre igjen\nK5,Fem\nK5,Fem igjen\n");
  g_autoptr(CubeImportJob) a = NULL;
  g_autoptr(CubeImportJob) b = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a_id, b_id;

  add_k1 (f);
  a = new_job (f, a_path);
  run_ok (a);
  a_id = cube_import_job_get_summary (a)->import_id;
  assert_import_keys (f, a_id, 0, 10, "K2 K3 K4");
  g_assert_cmpint (cube_store_count_import_customers (f->store, a_id, &error), ==, 3);

  /* B updates K3, adds K5 and then updates it from its own next row. */
  b = new_job (f, b_path);
  cube_import_job_set_duplicate_mode (b, CUBE_IMPORT_DUPLICATE_UPDATE);
  run_ok (b);
  b_id = cube_import_job_get_summary (b)->import_id;
  assert_import_keys (f, b_id, 0, 10, "K3 K5");
  g_assert_cmpint (cube_store_count_import_customers (f->store, b_id, &error), ==, 2);
  /* K3 is B's now. */
  assert_import_keys (f, a_id, 0, 10, "K2 K4");
  g_assert_cmpint (cube_store_count_import_customers (f->store, a_id, &error), ==, 2);
  g_assert_no_error (error);
  /* Pages. */
  assert_import_keys (f, a_id, 1, 1, "K4");
  assert_import_keys (f, b_id, 0, 1, "K3");
  assert_import_keys (f, b_id, 1, 5, "K5");
  assert_import_keys (f, b_id, 2, 5, "");
}

static void
test_search_after_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *csv = many_rows (300);
  g_autofree char *path = write_file (f, "mange.csv", csv);
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GError) error = NULL;

  run_ok (job);
  assert_summary (job, 300, 0, 0, 0);
  by_name = cube_store_search_customers (f->store, "Kunde 123", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, ==, 1);
  g_assert_cmpstr (cube_customer_get_customer_key (by_name->pdata[0]), ==, "000123");
  g_assert_cmpuint (n_found (f, "90000123"), ==, 1);
  g_assert_cmpuint (n_found (f, "000299"), ==, 1);
  g_assert_cmpuint (n_found (f, "k42@example"), ==, 1);
  assert_search_index_ok (f);
}

static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "kunder.csv", "Kundeid,Navn\nK1,Ola\n");
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(CubeImportJob) job2 = NULL;
  g_autoptr(CubeUser) reporter = NULL;
  g_autoptr(CubeAssignment) closed = NULL;
  g_autoptr(GError) error = NULL;
  const char *chosen[] = { "admin", NULL };

  reporter = cube_store_add_user (f->store, "rapport", "Rapport", CUBE_PERMISSION_REPORTING, &error);
  g_assert_no_error (error);
  job = new_job (f, path);

  /* Someone without customer handling cannot start one… */
  g_assert_true (cube_store_set_user (f->store, "rapport", &error));
  job2 = cube_import_job_new (f->store, path, &error);
  g_assert_no_error (error);
  g_assert_false (cube_import_job_set_assignment (job2, f->setup.assignment_id, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  /* … nor run one prepared before they lost it. */
  g_assert_false (cube_import_job_run (job, NULL, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_cmpint (count (f), ==, 0);

  /* An agent may import only into an assignment open to them. */
  g_assert_true (cube_store_set_user (f->store, "admin", &error));
  closed = cube_store_update_assignment (f->store, f->setup.assignment_id, "Importoppdrag",
                                         f->setup.dataset_id, CUBE_VISIBILITY_CHOSEN, chosen,
                                         NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cube_store_set_user (f->store, "agent", &error));
  g_clear_object (&job2);
  job2 = cube_import_job_new (f->store, path, &error);
  g_assert_false (cube_import_job_set_assignment (job2, f->setup.assignment_id, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, "assignment");
  g_clear_error (&error);
  g_assert_true (cube_store_set_user (f->store, "admin", &error));
  g_assert_cmpint (count (f), ==, 0);
  g_assert_cmpuint (n_imports (f), ==, 0);
}

/* ---- in a worker thread ------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  GThread   *main_thread;
  guint      progress_calls;
  gboolean   progress_elsewhere;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
async_progress_cb (const CubeImportProgress *progress,
                   gpointer                  user_data)
{
  AsyncState *state = user_data;

  state->progress_calls++;
  if (g_thread_self () != state->main_thread)
    state->progress_elsewhere = TRUE;
  g_assert_cmpfloat (progress->fraction, >=, 0);
  g_assert_cmpfloat (progress->fraction, <=, 1);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = cube_import_job_run_finish (CUBE_IMPORT_JOB (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *csv = many_rows (20000);
  g_autofree char *path = write_file (f, "mange.csv", csv);
  g_autoptr(CubeImportJob) job = new_job (f, path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, g_thread_self (), 0, FALSE, FALSE, NULL };

  cube_import_job_set_progress_func (job, async_progress_cb, &state, NULL);
  cube_import_job_run_async (job, NULL, async_done_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_false (state.progress_elsewhere);
  assert_summary (job, 20000, 0, 0, 0);
  /* The job's own store sees them right away. */
  g_assert_cmpint (count (f), ==, 20000);
  g_assert_cmpuint (n_imports (f), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/csv-values", test_csv_values);
  ADD ("/import/fixture-files", test_fixture_files);
  ADD ("/import/bad-files", test_bad_files);
  ADD ("/import/big-import-indexes", test_big_import_indexes);
  ADD ("/import/bulk-idle", test_bulk_idle);
  ADD ("/import/many-rejections", test_many_rejections);
  ADD ("/import/rejections", test_rejections);
  ADD ("/import/ragged-row", test_ragged_row);
  ADD ("/import/duplicate/skip", test_duplicate_skip);
  ADD ("/import/duplicate/update", test_duplicate_update);
  ADD ("/import/duplicate/update-locked", test_duplicate_update_locked);
  ADD ("/import/duplicate/fail", test_duplicate_fail);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/killed", test_killed);
  ADD ("/import/alone", test_alone);
  ADD ("/import/shared", test_shared);
  ADD ("/import/dry-run", test_dry_run);
  ADD ("/import/preview", test_preview);
  ADD ("/import/saved-mapping", test_saved_mapping);
  ADD ("/import/field-archived-meanwhile", test_field_archived_meanwhile);
  ADD ("/import/header-row", test_header_row);
  ADD ("/import/sheet", test_sheet);
  ADD ("/import/record", test_record);
  ADD ("/import/search-after-import", test_search_after_import);
  ADD ("/import/customers-of-import", test_customers_of_import);
  ADD ("/import/permission", test_permission);
  ADD ("/import/async", test_async);
  g_test_add_func ("/import/killed-child", killed_child);

#undef ADD

  return g_test_run ();
}
