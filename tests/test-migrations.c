/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening database files: a new or empty file gets the schema; a newer
 * schema, a text file or another program's SQLite database is refused and
 * left exactly as it was. The files are inspected with sqlite3 directly. */

#include <sqlite3.h>
#include <string.h>

#include "cube-core.h"
#include "cube-sqlite-store.h"
#include "cube-test-util.h"

#define APPLICATION_ID 0x43554245  /* "CUBE" */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cube_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "cube.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cube_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static gboolean
wal_exists (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return g_file_test (wal, G_FILE_TEST_EXISTS);
}

/* Opening @path must fail with CUBE_ERROR_DATABASE and leave it as it was. */
static void
assert_refused_unchanged (const char *path)
{
  g_autoptr(GBytes) before = file_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;

  g_assert_false (wal_exists (path));

  store = cube_store_open_sqlite (path, &error);
  g_assert_null (store);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_DATABASE);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");

  after = file_bytes (path);
  g_assert_cmpuint (g_bytes_get_size (after), ==, g_bytes_get_size (before));
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (wal_exists (path));

  /* Refusing twice is just as harmless. */
  g_clear_error (&error);
  store = cube_store_open_sqlite (path, &error);
  g_assert_null (store);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_DATABASE);
  g_clear_pointer (&after, g_bytes_unref);
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
assert_cube_schema (const char *path)
{
  sqlite3 *db = raw_open (path);
  g_autofree char *journal_mode = NULL;

  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), >=, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUBE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, APPLICATION_ID);
  /* WAL is recorded in the file, so it shows from outside. */
  journal_mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), >, 0);
  sqlite3_close (db);
}

/* A store with a data owner, an assignment and one customer "K1". */
static gint64
fill (const char *path)
{
  g_autoptr(CubeStore) store = cube_test_open_store (path, "admin");
  g_autoptr(CubeCustomer) customer = NULL;
  CubeTestSetup setup;

  cube_test_setup_minimal (store, "Test AS", "Testoppdrag", &setup);
  customer = cube_test_add_customer (store, setup.assignment_id, "K1", "Øystein Ås", "912 34 567");
  return setup.assignment_id;
}

static void
test_new_file (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CubeStore *store;

  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  store = cube_store_open_sqlite (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  /* While open, the store works in WAL mode. */
  g_assert_true (wal_exists (f->path));
  g_assert_finalize_object (store);

  assert_cube_schema (f->path);
  /* A new file has the bigger pages. */
  {
    sqlite3 *db = raw_open (f->path);

    g_assert_cmpint (raw_int (db, "PRAGMA page_size"), ==, 16384);
    sqlite3_close (db);
  }
}

/* Opens @path as a store and uses it: a working database, not just an
 * accepted file. */
static void
open_and_use (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  CubeTestSetup setup;

  store = cube_store_open_sqlite (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (cube_store_set_user (store, "admin", &error));
  g_assert_no_error (error);
  cube_test_setup_minimal (store, "Test AS", "Testoppdrag", &setup);
  customer = cube_test_add_customer (store, setup.assignment_id, "K1", NULL, NULL);
  g_assert_nonnull (customer);
  g_clear_object (&customer);
  g_assert_finalize_object (g_steal_pointer (&store));

  assert_cube_schema (path);
}

/* A file that has pages keeps their size: changing it would take a VACUUM
 * with nobody else connected. */
static void
test_page_size_kept (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *claim = g_strdup_printf ("PRAGMA page_size = 4096; PRAGMA application_id = %d;",
                                            CUBE_APPLICATION_ID);
  sqlite3 *db = raw_open (f->path);

  raw_exec (db, claim);
  g_assert_cmpint (raw_int (db, "PRAGMA page_count"), >, 0);
  sqlite3_close (db);

  open_and_use (f->path);
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA page_size"), ==, 4096);
  sqlite3_close (db);
}

static void
test_empty_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);
  open_and_use (f->path);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  gint64 assignment_id = fill (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeUser) admin = NULL;
  g_autoptr(CubeUser) agent = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3 *db;

  store = cube_store_open_sqlite (f->path, &error);
  g_assert_no_error (error);

  customer = cube_store_find_customer (store, assignment_id, "K1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_name (customer), ==, "Øystein Ås");
  g_assert_cmpstr (cube_customer_get_phones (customer)[0], ==, "+4791234567");
  g_assert_cmpint (cube_store_count_customers (store, &error), ==, 1);
  g_assert_no_error (error);

  assignment = cube_store_get_assignment (store, assignment_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_assignment_get_name (assignment), ==, "Testoppdrag");

  /* The search index survives too. */
  found = cube_store_search_customers (store, "øystein", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* The users are remembered: admin is still the first user, so a new
   * login now is an agent. */
  admin = cube_store_find_user (store, "admin", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_user_get_permissions (admin), ==, CUBE_PERMISSION_ALL);
  g_assert_true (cube_store_set_user (store, "agent", &error));
  g_assert_no_error (error);
  agent = cube_store_get_user (store);
  g_assert_cmpint (cube_user_get_permissions (agent), ==, CUBE_PERMISSION_CUSTOMER_HANDLING);

  g_assert_finalize_object (g_steal_pointer (&store));

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUBE_SCHEMA_VERSION);
  sqlite3_close (db);
}

/* A file of schema @version with an admin, a data owner, a dataset and an
 * assignment (all id 1), the rows @customers_sql inserts, and its search
 * index rebuilt from them. */
static void
make_old_file (Fixture    *f,
               int         version,
               const char *customers_sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSqliteStore) old = cube_sqlite_store_new_with_version (f->path, version, &error);
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&old));
  sql = g_strconcat ("INSERT INTO users (id, login, permissions, created_at) VALUES (1, 'admin', 63, 1);"
                     "INSERT INTO data_owners (id, name) VALUES (1, 'Eier');"
                     "INSERT INTO datasets (id, owner_id, kind) VALUES (1, 1, 'b2c');"
                     "INSERT INTO assignments (id, dataset_id, name, created_at) VALUES (1, 1, 'Gammelt', 1);",
                     customers_sql,
                     "INSERT INTO customer_search (customer_search) VALUES ('rebuild');", NULL);
  db = raw_open (f->path);
  raw_exec (db, sql);
  sqlite3_close (db);
}

/* A search for @text in @store finds @n customers, the first with Kundeid
 * @key (NULL: any). */
static void
assert_found (CubeStore  *store,
              const char *text,
              guint       n,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = cube_store_search_customers (store, text, 0, 10, &error);

  g_assert_no_error (error);
  g_test_message ("search \"%s\"", text);
  g_assert_cmpuint (found->len, ==, n);
  if (key != NULL)
    g_assert_cmpstr (cube_customer_get_customer_key (found->pdata[0]), ==, key);
}

/* A database of schema 6 (the search text on the customer) keeps finding
 * its customers by a non-ASCII e-mail address after the upgrade. */
static void
test_from_version_6 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CubeStore) store = NULL;
  sqlite3 *db;

  make_old_file (f, 6,
                 "INSERT INTO customers (id, dataset_id, assignment_id, customer_key, name, name_folded, email,"
                 "  search_text, created_at, updated_at) VALUES"
                 "  (1, 1, 1, 'K1', 'Kari', 'kari', 'ØYSTEIN@firma.no', 'kari' || char (10) || 'øystein@firma.no', 1, 1),"
                 "  (2, 1, 1, 'K2', 'Per', 'per', 'Per@Firma.no', 'per' || char (10) || 'per@firma.no', 1, 1);");
  store = cube_test_open_store (f->path, "admin");
  assert_found (store, "øystein@", 1, "K1");
  assert_found (store, "per@firma", 1, NULL);
  g_assert_finalize_object (g_steal_pointer (&store));

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM customers WHERE email_folded IS NOT NULL"), ==, 1);
  sqlite3_close (db);
}

/* A database of schema 7 (an index on the folded name for prefixes of one
 * or two letters) finds its customers by their first letters through the
 * trigram index after the upgrade, and has no name index left. */
static void
test_from_version_7 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CubeStore) store = NULL;
  sqlite3 *db;

  make_old_file (f, 7,
                 "INSERT INTO customers (id, dataset_id, assignment_id, customer_key, name, name_folded, email,"
                 "  created_at, updated_at) VALUES"
                 "  (1, 1, 1, 'K1', 'Åse Lid', 'åse lid', 'ase@firma.no', 1, 1),"
                 "  (2, 1, 1, 'K2', 'Per Åsen', 'per åsen', 'per@firma.no', 1, 1);");
  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customers_name'"), ==, 1);
  sqlite3_close (db);

  store = cube_test_open_store (f->path, "admin");
  assert_found (store, "Å", 1, "K1");
  assert_found (store, "pe", 1, "K2");
  /* Substrings as before. */
  assert_found (store, "åse", 2, NULL);
  g_assert_finalize_object (g_steal_pointer (&store));

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customers_name'"), ==, 0);
  sqlite3_close (db);
}

/* A database of schema 8 (an index on each customer's import) lists an
 * import's customers the same after the upgrade. */
static void
test_from_version_8 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GPtrArray) customers = NULL;

  make_old_file (f, 8,
                 "INSERT INTO imports (id, file_name, checksum, imported_at, assignment_id, duplicate_mode)"
                 "  VALUES (1, 'gamle.csv', '', 1, 1, 'update');"
                 "INSERT INTO customers (id, dataset_id, assignment_id, customer_key, name, name_folded, email,"
                 "  created_at, updated_at, import_id) VALUES"
                 "  (1, 1, 1, 'K1', 'Kari', 'kari', '', 1, 1, 1),"
                 "  (2, 1, 1, 'K2', 'Per', 'per', '', 1, 1, NULL),"
                 "  (3, 1, 1, 'K3', 'Ola', 'ola', '', 1, 1, 1);");
  store = cube_test_open_store (f->path, "admin");
  g_assert_cmpint (cube_store_count_import_customers (store, 1, &error), ==, 2);
  g_assert_no_error (error);
  customers = cube_store_list_import_customers (store, 1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 2);
  g_assert_cmpstr (cube_customer_get_customer_key (customers->pdata[0]), ==, "K1");
  g_assert_cmpstr (cube_customer_get_customer_key (customers->pdata[1]), ==, "K3");
}

static void
test_newer_schema_refused (Fixture       *f,
                           gconstpointer  data)
{
  sqlite3 *db;

  fill (f->path);
  db = raw_open (f->path);
  raw_exec (db, "PRAGMA user_version = 9999");
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, APPLICATION_ID);
  sqlite3_close (db);

  assert_refused_unchanged (f->path);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 9999);
  sqlite3_close (db);
}

static void
test_text_file_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  /* Long enough to look like a database page or two. */
  for (int i = 0; i < 200; i++)
    g_string_append_printf (text, "Linje %d: dette er en vanlig tekstfil, ikke en database.\n", i);
  g_file_set_contents (f->path, text->str, text->len, &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  assert_refused_unchanged (f->path);
}

static void
test_foreign_sqlite_refused (Fixture       *f,
                             gconstpointer  data)
{
  sqlite3 *db = raw_open (f->path);

  raw_exec (db, "CREATE TABLE foo (id INTEGER PRIMARY KEY, bar TEXT);"
                "INSERT INTO foo (bar) VALUES ('baz'), ('qux');");
  sqlite3_close (db);

  assert_refused_unchanged (f->path);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM foo"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master"), ==, 1);
  sqlite3_close (db);
}

/* An empty file that another program has claimed with its application_id
 * is not ours either: refused, and its header left as it was. */
static void
test_foreign_application_id_refused (Fixture       *f,
                                     gconstpointer  data)
{
  sqlite3 *db = raw_open (f->path);

  raw_exec (db, "PRAGMA application_id = 12345");
  sqlite3_close (db);

  assert_refused_unchanged (f->path);

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA application_id"), ==, 12345);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master"), ==, 0);
  sqlite3_close (db);
}

/* A database of schema 2 (before imports) gets the imports tables and
 * customers.import_id, and keeps its customers and search index. */
static void
test_from_version_2 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSqliteStore) old = cube_sqlite_store_new_with_version (f->path, 2, &error);
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *mapping = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&old));

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'imports'"), ==, 0);
  raw_exec (db,
            "INSERT INTO users (id, login, permissions, created_at) VALUES (1, 'admin', 63, 1);"
            "INSERT INTO data_owners (id, name) VALUES (1, 'Eier');"
            "INSERT INTO datasets (id, owner_id, kind) VALUES (1, 1, 'b2c');"
            "INSERT INTO assignments (id, dataset_id, name, created_at) VALUES (1, 1, 'Gammelt', 1);"
            "INSERT INTO customers (id, dataset_id, assignment_id, customer_key, name, name_folded,"
            "  created_at, updated_at) VALUES (1, 1, 1, 'K1', 'Åse Ødegård', 'åse ødegård', 1, 1);"
            "INSERT INTO customer_search (rowid, customer_key, name, email) VALUES (1, 'K1', 'Åse Ødegård', '');"
            "INSERT INTO field_defs (id, dataset_id, key, label, type, unique_if_filled, position)"
            "  VALUES (1, 1, 'medlemsnr', 'Medlemsnr', 'text', 1, 1), (2, 1, 'notat', 'Notat', 'multiline', 0, 2);"
            "INSERT INTO customer_values (customer_id, field_id, value) VALUES (1, 1, 'M1'), (1, 2, 'Hei \"du\"');"
            "UPDATE customers SET phone1 = '+4791234567' WHERE id = 1;"
            "INSERT INTO customer_phones (digits, customer_id) VALUES ('4791234567', 1), ('91234567', 1);");
  sqlite3_close (db);

  store = cube_test_open_store (f->path, "admin");
  customer = cube_store_find_customer (store, 1, "K1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_name (customer), ==, "Åse Ødegård");
  /* Custom values, phones and the search index came along. */
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (customer), "medlemsnr"), ==, "M1");
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (customer), "notat"), ==, "Hei \"du\"");
  found = cube_store_search_customers (store, "ødegå", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = cube_store_search_customers (store, "912 34", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* Unique-if-filled still holds. */
  {
    g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
    g_autoptr(CubeCustomer) twin = NULL;

    draft->assignment_id = 1;
    draft->customer_key = g_strdup ("K2");
    cube_customer_draft_set_field (draft, "medlemsnr", "M1");
    twin = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
    g_assert_null (twin);
    g_assert_error (error, CUBE_ERROR, CUBE_ERROR_CONFLICT);
    g_clear_error (&error);
  }
  imports = cube_store_list_imports (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imports->len, ==, 0);
  mapping = cube_store_get_import_mapping (store, 1, &error);
  g_assert_no_error (error);
  g_assert_null (mapping);
  g_assert_true (cube_store_save_import_mapping (store, 1, "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cube_store_count_import_customers (store, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  db = raw_open (f->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CUBE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM customers WHERE import_id IS NULL"), ==, 1);
  /* Schema 9: an import's customers by its id range and import_updates. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customers_import'"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'import_updates'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM import_mappings"), ==, 1);
  /* Schema 5: the trigram index keeps no sizes (columnsize=0). */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customer_search_docsize'"), ==, 0);
  /* Schema 6: the Kundeid is searched through (dataset, Kundeid). */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customers_key'"), ==, 0);
  /* Schema 7: the search index reads a view, the customer has no text of its own for it. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('customers') WHERE name = 'search_text'"),
                   ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customer_search_text'"), ==, 1);
  /* Schema 8: name prefixes go through the trigram index. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'customers_name'"), ==, 0);
  sqlite3_close (db);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/migrations/new-file", test_new_file);
  ADD ("/migrations/empty-file", test_empty_file);
  ADD ("/migrations/page-size-kept", test_page_size_kept);
  ADD ("/migrations/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/migrations/from-version-2", test_from_version_2);
  ADD ("/migrations/from-version-6", test_from_version_6);
  ADD ("/migrations/from-version-7", test_from_version_7);
  ADD ("/migrations/from-version-8", test_from_version_8);
  ADD ("/migrations/newer-schema-refused", test_newer_schema_refused);
  ADD ("/migrations/text-file-refused", test_text_file_refused);
  ADD ("/migrations/foreign-sqlite-refused", test_foreign_sqlite_refused);
  ADD ("/migrations/foreign-application-id-refused", test_foreign_application_id_refused);

#undef ADD

  return g_test_run ();
}
