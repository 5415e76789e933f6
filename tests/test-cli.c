/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cube-cli as a user runs it: exit statuses, --json output, --help, the
 * database it picks, and that a failing command writes nothing. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "cube-core.h"

#define DEMO_ASSIGNMENT "Vårkampanje 2027"
#define DEMO_CUSTOMERS 40

enum {
  EXIT_DONE = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
  EXIT_CONFLICT = 3,
  EXIT_NOT_FOUND = 4,
  EXIT_PERMISSION = 5,
};

typedef struct {
  char *dir;
  char *path;      /* the database passed with --database */
  char *xdg;       /* XDG_DATA_HOME, so the default database stays inside dir */
  char *out;       /* stdout and stderr of the last run */
  char *err;
} Fixture;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cube-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->xdg = g_build_filename (fixture->dir, "xdg", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->xdg);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Runs cube-cli with @args (after --database unless @database is NULL) and
 * @cube_database as $CUBE_DATABASE (unset when NULL); returns the exit
 * status and keeps the output in the fixture. */
static int
run_argv (Fixture            *fixture,
          const char         *database,
          const char         *cube_database,
          const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  const char *cli = g_getenv ("CUBE_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  if (database != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, (gpointer) database);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "CUBE_DATABASE");
  if (cube_database != NULL)
    envp = g_environ_setenv (envp, "CUBE_DATABASE", cube_database, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", fixture->xdg, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &fixture->out, &fixture->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_test_message ("cube-cli ... %s -> %d\n%s%s", args[0], WEXITSTATUS (status),
                  fixture->out, fixture->err);
  return WEXITSTATUS (status);
}

#define run(fixture, ...) \
  run_argv ((fixture), (fixture)->path, NULL, (const char *[]) { __VA_ARGS__, NULL })

static void
assert_status (Fixture *fixture,
               int      status,
               int      expected)
{
  if (status != expected)
    g_error ("cube-cli exited with %d, expected %d\nstdout: %s\nstderr: %s",
             status, expected, fixture->out, fixture->err);
}

static JsonNode *
parse_output (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static CubeStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  CubeStore *store = cube_store_open_sqlite (path, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
count_customers (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store (path);
  gint64 count = cube_store_count_customers (store, &error);

  g_assert_no_error (error);
  return count;
}

static gint64
demo_assignment_id (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store (path);
  g_autoptr(CubeAssignment) assignment = cube_store_find_assignment (store, DEMO_ASSIGNMENT, &error);

  g_assert_no_error (error);
  return cube_assignment_get_id (assignment);
}

static void
create_demo (Fixture *fixture)
{
  assert_status (fixture, run (fixture, "--user", "boss", "demo"), EXIT_DONE);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack ? haystack : "", -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return strstr (h, n) != NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

/* ---- 0: done ---------------------------------------------------------- */

static void
test_done (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autofree char *assignment_arg = NULL;
  JsonObject *customer;
  JsonObject *fields;
  JsonArray *phones;
  JsonArray *results;
  JsonNode *assignment;
  gint64 assignment_id;
  gboolean listed = FALSE;

  create_demo (fixture);
  assignment_id = demo_assignment_id (fixture->path);

  assert_status (fixture,
                 run (fixture, "--user", "agent", "customer", "add",
                      "--assignment", DEMO_ASSIGNMENT, "--id", " T-100 ",
                      "--name", "Åse Bråten", "--email", " ase.braten@example.no ",
                      "--phone", "912 34 567", "--phone", "0046 70 123 45 67",
                      "--field", "kundetype=bedrift", "--field", "fodselsdato=1.3.1990"),
                 EXIT_DONE);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 1);

  /* The assignment by its id works as well as by its name. */
  assignment_arg = g_strdup_printf ("%" G_GINT64_FORMAT, assignment_id);
  assert_status (fixture,
                 run (fixture, "--user", "agent", "--json", "customer", "get",
                      "--assignment", assignment_arg, "--id", "T-100"),
                 EXIT_DONE);
  root = parse_output (fixture);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  customer = json_node_get_object (root);
  g_assert_cmpstr (member_string (customer, "customer_id"), ==, "T-100");
  g_assert_cmpstr (member_string (customer, "name"), ==, "Åse Bråten");
  g_assert_cmpstr (member_string (customer, "email"), ==, "ase.braten@example.no");
  phones = json_object_get_array_member (customer, "phones");
  g_assert_nonnull (phones);
  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (phones, 0), ==, "+4791234567");
  g_assert_cmpstr (json_array_get_string_element (phones, 1), ==, "+46701234567");
  fields = json_object_get_object_member (customer, "fields");
  g_assert_nonnull (fields);
  g_assert_cmpstr (member_string (fields, "kundetype"), ==, "Bedrift");
  g_assert_cmpstr (member_string (fields, "fodselsdato"), ==, "1990-03-01");
  g_assert_cmpstr (member_string (customer, "status"), ==, "available");
  g_assert_null (member_string (customer, "locked_by"));
  g_assert_cmpint (json_object_get_int_member (customer, "attempts"), ==, 0);

  /* "assignment" names the assignment: by name, by id, or as an object. */
  assignment = json_object_get_member (customer, "assignment");
  g_assert_nonnull (assignment);
  if (JSON_NODE_HOLDS_OBJECT (assignment))
    g_assert_cmpstr (member_string (json_node_get_object (assignment), "name"), ==, DEMO_ASSIGNMENT);
  else if (json_node_get_value_type (assignment) == G_TYPE_STRING)
    g_assert_cmpstr (json_node_get_string (assignment), ==, DEMO_ASSIGNMENT);
  else
    g_assert_cmpint (json_node_get_int (assignment), ==, assignment_id);

  /* Search finds it, exact Kundeid first. */
  assert_status (fixture, run (fixture, "--user", "agent", "--json", "customer", "search", "T-100"),
                 EXIT_DONE);
  found = parse_output (fixture);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (found));
  results = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (results), >=, 1);
  g_assert_cmpstr (member_string (json_array_get_object_element (results, 0), "customer_id"), ==,
                   "T-100");
  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_strcmp0 (member_string (json_array_get_object_element (results, i), "customer_id"),
                   "T-100") == 0)
      {
        g_assert_false (listed);
        listed = TRUE;
      }
}

static void
test_done_lock_cycle (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) locked = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) outcomes = NULL;
  g_autofree char *key = NULL;
  JsonObject *customer;

  create_demo (fixture);

  assert_status (fixture, run (fixture, "--user", "agent", "--json", "outcome", "list",
                               "--assignment", DEMO_ASSIGNMENT),
                 EXIT_DONE);
  outcomes = parse_output (fixture);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (outcomes));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (outcomes)), ==, 5);

  assert_status (fixture, run (fixture, "--user", "agent", "--json", "lock", "next",
                               "--assignment", DEMO_ASSIGNMENT),
                 EXIT_DONE);
  locked = parse_output (fixture);
  customer = json_node_get_object (locked);
  key = g_strdup (member_string (customer, "customer_id"));
  g_assert_cmpstr (member_string (customer, "status"), ==, "locked");
  g_assert_cmpstr (member_string (customer, "locked_by"), ==, "agent");

  assert_status (fixture, run (fixture, "--user", "agent", "--json", "outcome", "register",
                               "--assignment", DEMO_ASSIGNMENT, "--id", key,
                               "--outcome", "Ikke svar", "--comment", "svarte ikke"),
                 EXIT_DONE);
  assert_status (fixture, run (fixture, "--user", "agent", "--json", "customer", "get",
                               "--assignment", DEMO_ASSIGNMENT, "--id", key),
                 EXIT_DONE);
  after = parse_output (fixture);
  customer = json_node_get_object (after);
  g_assert_cmpstr (member_string (customer, "status"), ==, "available");
  g_assert_null (member_string (customer, "locked_by"));
  g_assert_cmpint (json_object_get_int_member (customer, "attempts"), ==, 1);

  assert_status (fixture, run (fixture, "--user", "agent", "lock", "take",
                               "--assignment", DEMO_ASSIGNMENT, "--id", key),
                 EXIT_DONE);
  assert_status (fixture, run (fixture, "--user", "agent", "lock", "release",
                               "--assignment", DEMO_ASSIGNMENT, "--id", key),
                 EXIT_DONE);
}

/* ---- 1: invalid input -------------------------------------------------- */

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  create_demo (fixture);

  assert_status (fixture,
                 run (fixture, "--user", "agent", "customer", "add", "--assignment", DEMO_ASSIGNMENT,
                      "--id", "T-1", "--name", "Ola", "--email", "ola.example.no"),
                 EXIT_INVALID);
  g_assert_true (contains_casefold (fixture->err, "mail"));

  assert_status (fixture,
                 run (fixture, "--user", "agent", "customer", "add", "--assignment", DEMO_ASSIGNMENT,
                      "--id", "T-1", "--phone", "12ab34"),
                 EXIT_INVALID);
  g_assert_true (contains_casefold (fixture->err, "phone"));

  assert_status (fixture,
                 run (fixture, "--user", "agent", "customer", "add", "--assignment", DEMO_ASSIGNMENT,
                      "--id", "T-1", "--field", "fodselsdato=31.02.2027"),
                 EXIT_INVALID);
  g_assert_true (contains_casefold (fixture->err, "dselsdato"));

  /* Nothing was written. */
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
  assert_status (fixture,
                 run (fixture, "--user", "agent", "customer", "get", "--assignment", DEMO_ASSIGNMENT,
                      "--id", "T-1"),
                 EXIT_NOT_FOUND);
}

/* ---- 2: usage ---------------------------------------------------------- */

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  create_demo (fixture);

  assert_status (fixture, run (fixture, "--user", "agent", "frobnicate"), EXIT_USAGE);
  g_assert_cmpstr (fixture->err, !=, "");
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "frobnicate"), EXIT_USAGE);
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add", "--id", "T-2",
                               "--name", "Uten Oppdrag"),
                 EXIT_USAGE);
  g_assert_true (contains_casefold (fixture->err, "assignment"));
  assert_status (fixture, run (fixture, "--user", "agent", "lock", "next"), EXIT_USAGE);

  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
}

/* ---- 3: conflict ------------------------------------------------------- */

static guint
count_events (const char *path,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store (path);
  g_autoptr(CubeAssignment) assignment = cube_store_find_assignment (store, DEMO_ASSIGNMENT, &error);
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_no_error (error);
  customer = cube_store_find_customer (store, cube_assignment_get_id (assignment), key, &error);
  g_assert_no_error (error);
  events = cube_store_list_events (store, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  return events->len;
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  guint events;

  create_demo (fixture);

  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1", "--name", "Først"),
                 EXIT_DONE);
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1", "--name", "Andre"),
                 EXIT_CONFLICT);
  g_assert_nonnull (strstr (fixture->err, "DUP-1"));
  g_assert_nonnull (strstr (fixture->err, "Først"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 1);

  /* With --json a script gets the existing customer, to offer to open it. */
  assert_status (fixture, run (fixture, "--user", "agent", "--json", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1", "--name", "Andre"),
                 EXIT_CONFLICT);
  root = parse_output (fixture);
  {
    JsonObject *object = json_node_get_object (root);
    JsonObject *existing = json_object_get_object_member (object, "existing");

    g_assert_nonnull (existing);
    g_assert_cmpstr (json_object_get_string_member (existing, "customer_id"), ==, "DUP-1");
    g_assert_cmpstr (json_object_get_string_member (existing, "name"), ==, "Først");
    g_assert_cmpstr (member_string (object, "error"), !=, "");
  }
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 1);

  assert_status (fixture, run (fixture, "--user", "anna", "lock", "take",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1"),
                 EXIT_DONE);
  events = count_events (fixture->path, "DUP-1");
  assert_status (fixture, run (fixture, "--user", "bo", "lock", "take",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1"),
                 EXIT_CONFLICT);
  g_assert_cmpuint (count_events (fixture->path, "DUP-1"), ==, events);

  assert_status (fixture, run (fixture, "--user", "bo", "--json", "customer", "get",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "DUP-1"),
                 EXIT_DONE);
  root = parse_output (fixture);
  g_assert_cmpstr (member_string (json_node_get_object (root), "name"), ==, "Først");
  g_assert_cmpstr (member_string (json_node_get_object (root), "locked_by"), ==, "anna");
  g_assert_cmpstr (member_string (json_node_get_object (root), "status"), ==, "locked");
}

/* ---- 4: not found ------------------------------------------------------ */

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeAssignment) demo = NULL;
  g_autoptr(CubeAssignment) empty = NULL;

  create_demo (fixture);

  /* An assignment with no customers at all. */
  store = open_store (fixture->path);
  g_assert_true (cube_store_set_user (store, "boss", &error));
  demo = cube_store_find_assignment (store, DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);
  empty = cube_store_add_assignment (store, cube_assignment_get_dataset_id (demo), "Tom liste", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  assert_status (fixture, run (fixture, "--user", "agent", "customer", "get",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "FINNES-IKKE"),
                 EXIT_NOT_FOUND);
  assert_status (fixture, run (fixture, "--user", "agent", "lock", "next", "--assignment", "Tom liste"),
                 EXIT_NOT_FOUND);
  assert_status (fixture, run (fixture, "--user", "agent", "lock", "next",
                               "--assignment", "Finnes ikke"),
                 EXIT_NOT_FOUND);
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add",
                               "--assignment", "Finnes ikke", "--id", "T-4"),
                 EXIT_NOT_FOUND);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);

  /* A customer of the same dataset but another assignment is not the one
   * the command names: not found, and not locked through it. */
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "get",
                               "--assignment", "Tom liste", "--id", "10001"),
                 EXIT_NOT_FOUND);
  g_assert_nonnull (strstr (fixture->err, DEMO_ASSIGNMENT));
  assert_status (fixture, run (fixture, "--user", "agent", "lock", "take",
                               "--assignment", "Tom liste", "--id", "10001"),
                 EXIT_NOT_FOUND);
  assert_status (fixture, run (fixture, "--user", "agent", "--json", "customer", "get",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "10001"),
                 EXIT_DONE);
  {
    g_autoptr(JsonNode) root = parse_output (fixture);
    g_assert_cmpstr (member_string (json_node_get_object (root), "status"), ==, "available");
  }
}

/* ---- nothing is written on failure ------------------------------------- */

static guint
count_users (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store (path);
  g_autoptr(GPtrArray) users = cube_store_list_users (store, &error);

  g_assert_no_error (error);
  return users->len;
}

static void
test_failure_writes_nothing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "ny", NULL);
  g_autofree char *fresh = g_build_filename (folder, "cube.db", NULL);
  guint users;

  /* A failing command on a database that does not exist yet leaves no file
   * and no folder behind. */
  assert_status (fixture, run_argv (fixture, fresh, NULL,
                                    (const char *[]) { "customer", "get", "--assignment", "X",
                                                       "--id", "Y", NULL }),
                 EXIT_NOT_FOUND);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  /* A failing command by a new login does not leave that user behind. */
  create_demo (fixture);
  users = count_users (fixture->path);
  assert_status (fixture, run (fixture, "--user", "nykommer", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "10001"),
                 EXIT_CONFLICT);
  g_assert_cmpuint (count_users (fixture->path), ==, users);

  /* The same --field twice is refused rather than one value silently lost. */
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "T-9",
                               "--field", "postnummer=0150", "--field", "postnummer=5003"),
                 EXIT_INVALID);
  g_assert_nonnull (strstr (fixture->err, "postnummer"));
  /* A bad fourth number given after an empty one is named by its option. */
  assert_status (fixture, run (fixture, "--user", "agent", "customer", "add",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "T-9",
                               "--phone", "91234567", "--phone", "", "--phone", "93456789",
                               "--phone", "abc"),
                 EXIT_INVALID);
  g_assert_nonnull (strstr (fixture->err, "--phone"));
  g_assert_null (strstr (fixture->err, "--field"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
}

/* ---- 5: permission ----------------------------------------------------- */

static guint
count_fields (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store (path);
  g_autoptr(CubeDataset) dataset = cube_store_find_dataset (store, "Demo AS/b2c", &error);
  g_autoptr(GPtrArray) fields = NULL;

  g_assert_no_error (error);
  fields = cube_store_list_fields (store, cube_dataset_get_id (dataset), TRUE, &error);
  g_assert_no_error (error);
  return fields->len;
}

static void
test_permission (Fixture       *fixture,
                 gconstpointer  data)
{
  guint fields;

  create_demo (fixture);
  fields = count_fields (fixture->path);
  g_assert_cmpuint (fields, ==, 6);

  assert_status (fixture, run (fixture, "--user", "agent", "field", "add", "--dataset", "Demo AS/b2c",
                               "--key", "kundenivaa", "--label", "Kundenivå", "--type", "text"),
                 EXIT_PERMISSION);
  g_assert_cmpstr (fixture->err, !=, "");
  g_assert_cmpuint (count_fields (fixture->path), ==, fields);

  /* The same command by the administrator works. */
  assert_status (fixture, run (fixture, "--user", "boss", "field", "add", "--dataset", "Demo AS/b2c",
                               "--key", "kundenivaa", "--label", "Kundenivå", "--type", "text"),
                 EXIT_DONE);
  g_assert_cmpuint (count_fields (fixture->path), ==, fields + 1);
}

/* ---- --help, the database, demo twice ---------------------------------- */

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const commands[][4] = {
    { "--help" },
    { "demo", "--help" },
    { "assignment", "--help" },
    { "assignment", "list", "--help" },
    { "field", "--help" },
    { "field", "add", "--help" },
    { "field", "list", "--help" },
    { "customer", "--help" },
    { "customer", "add", "--help" },
    { "customer", "get", "--help" },
    { "customer", "search", "--help" },
    { "lock", "--help" },
    { "lock", "next", "--help" },
    { "lock", "take", "--help" },
    { "lock", "release", "--help" },
    { "outcome", "--help" },
    { "outcome", "list", "--help" },
    { "outcome", "register", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strjoinv (" ", (char **) commands[i]);

      g_test_message ("cube-cli %s", line);
      assert_status (fixture, run_argv (fixture, fixture->path, NULL, commands[i]), EXIT_DONE);
      if (!contains_casefold (fixture->out, "usage"))
        g_error ("cube-cli %s printed no usage: %s", line, fixture->out);
    }
}

static void
test_database_from_environment (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *default_db = g_build_filename (fixture->xdg, "cube", "cube.db", NULL);

  assert_status (fixture,
                 run_argv (fixture, NULL, fixture->path, (const char *[]) { "--user", "boss", "demo", NULL }),
                 EXIT_DONE);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
  g_assert_false (g_file_test (default_db, G_FILE_TEST_EXISTS));

  /* --database wins over the environment. */
  {
    g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);

    assert_status (fixture,
                   run_argv (fixture, other, fixture->path,
                             (const char *[]) { "--user", "boss", "customer", "add",
                                                "--assignment", DEMO_ASSIGNMENT, "--id", "X", NULL }),
                   EXIT_NOT_FOUND);
    g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
  }
}

static void
test_demo_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GPtrArray) assignments = NULL;

  create_demo (fixture);
  assert_status (fixture, run (fixture, "--user", "boss", "demo"), EXIT_DONE);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);

  store = open_store (fixture->path);
  assignments = cube_store_list_assignments (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 1);
}

/* ---- import -------------------------------------------------------------- */

static char *
write_csv (Fixture    *fixture,
           const char *name,
           const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *csv = write_csv (fixture, "kunder.csv",
                                    "Kundenr;Navn;E-post;Telefon;Kundetype;Nr\n"
                                    "00042;Åse Ødegård;ase@example.no;912 34 567;Privat;7\n"
                                    "00043;Bjørn;ikke-epost;;Bedrift;8\n"
                                    "00044;Kari;;;Ukjent;9\n");
  g_autofree char *report = g_build_filename (fixture->dir, "avvist.csv", NULL);
  g_autofree char *report_text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary;
  JsonArray *imports;

  create_demo (fixture);

  /* A dry run counts and writes nothing. */
  assert_status (fixture, run (fixture, "--user", "boss", "--json", "import", csv,
                               "--assignment", DEMO_ASSIGNMENT, "--dry-run"), EXIT_DONE);
  root = parse_output (fixture);
  summary = json_node_get_object (root);
  g_assert_cmpint (member_int (summary, "added"), ==, 1);
  g_assert_cmpint (member_int (summary, "rejected"), ==, 2);
  g_assert_false (json_object_has_member (summary, "import_id"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
  g_clear_pointer (&root, json_node_unref);

  /* The real run, with the report; rejected rows do not fail it. */
  assert_status (fixture, run (fixture, "--user", "boss", "--json", "import", csv,
                               "--assignment", DEMO_ASSIGNMENT, "--report", report), EXIT_DONE);
  g_assert_cmpstr (fixture->err, ==, "");  /* no progress: stderr is not a terminal */
  root = parse_output (fixture);
  summary = json_node_get_object (root);
  g_assert_cmpint (member_int (summary, "added"), ==, 1);
  g_assert_cmpint (member_int (summary, "updated"), ==, 0);
  g_assert_cmpint (member_int (summary, "skipped"), ==, 0);
  g_assert_cmpint (member_int (summary, "rejected"), ==, 2);
  g_assert_true (json_object_has_member (summary, "seconds"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 1);
  g_clear_pointer (&root, json_node_unref);
  g_file_get_contents (report, &report_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report_text, ==,
                   "Row,Column,Reason,Kundenr,Navn,E-post,Telefon,Kundetype,Nr\r\n"
                   "3,C (E-post),E-mail is not a valid e-mail address,00043,Bjørn,ikke-epost,,Bedrift,8\r\n"
                   "4,E (Kundetype),Kundetype must be one of the listed choices,00044,Kari,,,Ukjent,9\r\n");

  /* The stored customer keeps its leading zeros; search finds it. */
  assert_status (fixture, run (fixture, "--user", "boss", "customer", "search", "Ødegård"), EXIT_DONE);
  g_assert_nonnull (strstr (fixture->out, "00042"));

  /* Text output, --map to a column letter, update mode. */
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", DEMO_ASSIGNMENT,
                               "--map", "F=postnummer", "--map", "Kundetype=ignore",
                               "--on-duplicate", "update"), EXIT_DONE);
  g_assert_nonnull (strstr (fixture->out, "1 added, 1 updated"));
  g_assert_nonnull (strstr (fixture->out, "Row 3, column C (E-post)"));
  assert_status (fixture, run (fixture, "--user", "boss", "--json", "customer", "get",
                               "--assignment", DEMO_ASSIGNMENT, "--id", "00042"), EXIT_DONE);
  root = parse_output (fixture);
  g_assert_cmpstr (member_string (json_object_get_object_member (json_node_get_object (root), "fields"),
                                  "postnummer"), ==, "7");
  g_clear_pointer (&root, json_node_unref);

  /* The imports are recorded. */
  assert_status (fixture, run (fixture, "--user", "boss", "--json", "imports"), EXIT_DONE);
  root = parse_output (fixture);
  imports = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (imports), ==, 2);
  summary = json_array_get_object_element (imports, 0);
  g_assert_cmpstr (member_string (summary, "file_name"), ==, "kunder.csv");
  g_assert_cmpstr (member_string (summary, "user"), ==, "boss");
  g_assert_cmpstr (member_string (summary, "on_duplicate"), ==, "update");
  g_assert_cmpint (member_int (summary, "updated"), ==, 1);
  g_assert_cmpuint (strlen (member_string (summary, "checksum")), ==, 64);
  g_clear_pointer (&root, json_node_unref);
  assert_status (fixture, run (fixture, "--user", "boss", "imports"), EXIT_DONE);
  g_assert_nonnull (strstr (fixture->out, "kunder.csv"));
}

static void
test_import_exit_statuses (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *csv = write_csv (fixture, "kunder.csv", "Kundeid,Navn\nN1,Ny\nN2,Ny\n");
  g_autofree char *twice = write_csv (fixture, "to.csv", "Kundeid,Navn\nT1,En\nT1,To\n");
  g_autofree char *broken = write_csv (fixture, "ødelagt.xlsx", "Kundeid;Navn\n1;Ola\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "finnes-ikke.csv", NULL);
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeUser) reporter = NULL;
  g_autoptr(GError) error = NULL;

  create_demo (fixture);

  /* 1: the file cannot be read, with the reason. */
  assert_status (fixture, run (fixture, "--user", "boss", "import", broken, "--assignment", DEMO_ASSIGNMENT),
                 EXIT_INVALID);
  g_assert_nonnull (strstr (fixture->err, "ødelagt.xlsx"));
  assert_status (fixture, run (fixture, "--user", "boss", "import", missing, "--assignment", DEMO_ASSIGNMENT),
                 EXIT_INVALID);
  g_assert_nonnull (strstr (fixture->err, "finnes-ikke.csv"));

  /* 3: fail met a duplicate, in the file or in the dataset; nothing written. */
  assert_status (fixture, run (fixture, "--user", "boss", "import", twice, "--assignment", DEMO_ASSIGNMENT,
                               "--on-duplicate", "fail"), EXIT_CONFLICT);
  g_assert_nonnull (strstr (fixture->err, "Row 3"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS);
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", DEMO_ASSIGNMENT),
                 EXIT_DONE);
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", DEMO_ASSIGNMENT,
                               "--on-duplicate", "fail"), EXIT_CONFLICT);
  g_assert_nonnull (strstr (fixture->err, "Row 2"));
  g_assert_nonnull (strstr (fixture->err, "N1"));
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 2);

  /* 4: no such assignment; 2: usage. */
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", "Finnes ikke"),
                 EXIT_NOT_FOUND);
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv), EXIT_USAGE);
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", DEMO_ASSIGNMENT,
                               "--on-duplicate", "maybe"), EXIT_USAGE);
  assert_status (fixture, run (fixture, "--user", "boss", "import", csv, "--assignment", DEMO_ASSIGNMENT,
                               "--map", "Z=name"), EXIT_INVALID);
  g_assert_nonnull (strstr (fixture->err, "--map"));

  /* 5: no customer handling. */
  store = open_store (fixture->path);
  g_assert_true (cube_store_set_user (store, "boss", &error));
  reporter = cube_store_add_user (store, "rapport", NULL, CUBE_PERMISSION_REPORTING, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  assert_status (fixture, run (fixture, "--user", "rapport", "import", csv, "--assignment", DEMO_ASSIGNMENT,
                               "--on-duplicate", "update"), EXIT_PERMISSION);
  assert_status (fixture, run (fixture, "--user", "rapport", "imports"), EXIT_PERMISSION);
  g_assert_cmpint (count_customers (fixture->path), ==, DEMO_CUSTOMERS + 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("CUBE_CLI") == NULL)
    {
      g_printerr ("CUBE_CLI must name the cube-cli binary\n");
      return 1;
    }

#define ADD(name, func) \
  g_test_add ("/cli/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("exit-0/add-get-search", test_done);
  ADD ("exit-0/lock-cycle", test_done_lock_cycle);
  ADD ("exit-1/invalid-input", test_invalid_input);
  ADD ("exit-2/usage", test_usage);
  ADD ("exit-3/conflict", test_conflict);
  ADD ("exit-4/not-found", test_not_found);
  ADD ("exit-5/permission", test_permission);
  ADD ("failure-writes-nothing", test_failure_writes_nothing);
  ADD ("help", test_help);
  ADD ("database-from-environment", test_database_from_environment);
  ADD ("demo-twice", test_demo_twice);
  ADD ("import", test_import);
  ADD ("import-exit-statuses", test_import_exit_statuses);
#undef ADD

  return g_test_run ();
}
