/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The supervisor's cube-cli commands as a user runs them: fields, data
 * owners and datasets, users, assignments and outcomes, moving customers,
 * history, corrections and exports, with their exit statuses. */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "cube-cli-test-util.h"

/* Runs cube-cli as @user with the fixture's database. */
#define run_as(fixture, user, ...) \
  run_argv ((fixture), (fixture)->path, NULL, (const char *[]) { "--user", user, __VA_ARGS__, NULL })

#define expect(fixture, status, user, ...) \
  assert_status ((fixture), run_as ((fixture), (user), __VA_ARGS__), (status))

static CubeStore *
open_store_as (const char *path,
               const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = cube_store_open_sqlite (path, &error);

  g_assert_no_error (error);
  if (login != NULL)
    {
      cube_store_set_user (store, login, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

/* "boss" (the first user: every permission), data owner Acme with a B2C
 * dataset, assignment "Vår" with outcomes, and an agent "agent". */
static void
set_up_data (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = open_store_as (fixture->path, "boss");
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeOutcome) o1 = NULL;
  g_autoptr(CubeOutcome) o2 = NULL;
  g_autoptr(CubeOutcome) o3 = NULL;
  g_autoptr(CubeUser) agent = NULL;

  owner = cube_store_add_data_owner (store, "Acme", "Acme AS", "Salg", &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error);
  g_assert_no_error (error);
  assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Vår", &error);
  g_assert_no_error (error);
  o1 = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Salg",
                               CUBE_OUTCOME_PROGRESS, TRUE, FALSE, &error);
  g_assert_no_error (error);
  o2 = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Ikke svar",
                               CUBE_OUTCOME_ATTEMPT, FALSE, FALSE, &error);
  g_assert_no_error (error);
  o3 = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Nei takk",
                               CUBE_OUTCOME_PROGRESS, TRUE, FALSE, &error);
  g_assert_no_error (error);
  agent = cube_store_add_user (store, "agent", "Agent", CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
}

static JsonArray *
output_array (Fixture *fixture)
{
  g_autoptr(JsonNode) root = parse_output (fixture);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static JsonObject *
output_object (Fixture *fixture)
{
  g_autoptr(JsonNode) root = parse_output (fixture);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The keys of `field list --json` (with --all when @all), joined by ",". */
static char *
listed_keys (Fixture  *fixture,
             gboolean  all)
{
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);

  if (all)
    expect (fixture, EXIT_DONE, "boss", "--json", "field", "list", "--dataset", "Acme/b2c", "--all");
  else
    expect (fixture, EXIT_DONE, "boss", "--json", "field", "list", "--dataset", "Acme/b2c");
  array = output_array (fixture);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append_c (keys, ',');
      g_string_append (keys, json_object_get_string_member (json_array_get_object_element (array, i), "key"));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* ---- fields ---------------------------------------------------------------- */

static void
test_field_add_and_edit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) field = NULL;

  set_up_data (fixture);
  /* The key comes from the label when not given. */
  expect (fixture, EXIT_DONE, "boss", "--json", "field", "add", "--dataset", "Acme/b2c",
          "--label", "Fødselsdato", "--type", "text");
  field = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (field, "key"), ==, "fodselsdato");
  g_clear_pointer (&field, json_object_unref);

  expect (fixture, EXIT_DONE, "boss", "--json", "field", "edit", "--dataset", "Acme/b2c",
          "--key", "fodselsdato", "--label", "Født", "--type", "date", "--required", "--unique",
          "--help-text", "dd.mm.åååå");
  field = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (field, "label"), ==, "Født");
  g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "date");
  g_assert_true (json_object_get_boolean_member (field, "required"));
  g_assert_true (json_object_get_boolean_member (field, "unique"));
  g_assert_cmpstr (json_object_get_string_member (field, "help"), ==, "dd.mm.åååå");
  g_clear_pointer (&field, json_object_unref);

  /* Only what is given changes; --no-… turns a flag off. */
  expect (fixture, EXIT_DONE, "boss", "--json", "field", "edit", "--dataset", "Acme/b2c",
          "--key", "fodselsdato", "--no-required");
  field = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (field, "label"), ==, "Født");
  g_assert_false (json_object_get_boolean_member (field, "required"));
  g_assert_true (json_object_get_boolean_member (field, "unique"));
  g_clear_pointer (&field, json_object_unref);

  /* The key may change while nobody has a value. */
  expect (fixture, EXIT_DONE, "boss", "field", "edit", "--dataset", "Acme/b2c",
          "--key", "fodselsdato", "--new-key", "born");
  g_assert_nonnull (strstr (fixture->out, "born"));

  expect (fixture, EXIT_USAGE, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "born",
          "--required", "--no-required");
  expect (fixture, EXIT_USAGE, "boss", "field", "edit", "--dataset", "Acme/b2c");
  expect (fixture, EXIT_INVALID, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "born",
          "--type", "colour");
  expect (fixture, EXIT_INVALID, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "born",
          "--new-key", "Not a key");
  g_assert_nonnull (strstr (fixture->err, "--key"));
  expect (fixture, EXIT_NOT_FOUND, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "nope",
          "--label", "X");
  expect (fixture, EXIT_NOT_FOUND, "boss", "field", "edit", "--dataset", "Nobody/b2c", "--key", "born",
          "--label", "X");
  expect (fixture, EXIT_PERMISSION, "agent", "field", "edit", "--dataset", "Acme/b2c", "--key", "born",
          "--label", "X");
  expect (fixture, EXIT_PERMISSION, "agent", "field", "add", "--dataset", "Acme/b2c",
          "--label", "X", "--type", "text");
}

static void
test_field_edit_conflicts (Fixture       *fixture,
                           gconstpointer  data)
{
  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--key", "amount",
          "--label", "Beløp", "--type", "text");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1",
          "--field", "amount=12");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K2",
          "--field", "amount=tolv");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K3",
          "--field", "amount=12");

  /* One value blocks the type; two customers share a value. */
  expect (fixture, EXIT_CONFLICT, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "amount",
          "--type", "number");
  g_assert_nonnull (strstr (fixture->err, " 1 "));
  g_assert_nonnull (strstr (fixture->err, "--type"));
  expect (fixture, EXIT_CONFLICT, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "amount",
          "--unique");
  g_assert_nonnull (strstr (fixture->err, " 2 "));
  expect (fixture, EXIT_CONFLICT, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "amount",
          "--new-key", "belop");
  g_assert_nonnull (strstr (fixture->err, " 3 "));

  /* Required: existing customers are listed, not changed. */
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--key", "city",
          "--label", "Sted", "--type", "text");
  expect (fixture, EXIT_DONE, "boss", "field", "edit", "--dataset", "Acme/b2c", "--key", "city",
          "--required");
  g_assert_nonnull (strstr (fixture->out, "3 existing customers"));
  {
    g_autoptr(JsonArray) missing = NULL;

    expect (fixture, EXIT_DONE, "boss", "--json", "field", "missing", "--dataset", "Acme/b2c",
            "--key", "city");
    missing = output_array (fixture);
    g_assert_cmpuint (json_array_get_length (missing), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "customer_id"),
                     ==, "K1");
  }
  expect (fixture, EXIT_INVALID, "boss", "customer", "add", "--assignment", "Vår", "--id", "K4");
  g_assert_nonnull (strstr (fixture->err, "city"));
}

static void
test_field_move_archive_restore (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *keys = NULL;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--label", "A", "--type", "text");
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--label", "B", "--type", "text");
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--label", "C", "--type", "text");

  expect (fixture, EXIT_DONE, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "c", "--position", "1");
  keys = listed_keys (fixture, TRUE);
  g_assert_cmpstr (keys, ==, "c,a,b");
  g_free (keys);
  expect (fixture, EXIT_DONE, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "b", "--up");
  keys = listed_keys (fixture, TRUE);
  g_assert_cmpstr (keys, ==, "c,b,a");
  g_free (keys);
  expect (fixture, EXIT_DONE, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "c", "--down");
  keys = listed_keys (fixture, TRUE);
  g_assert_cmpstr (keys, ==, "b,c,a");
  g_free (keys);
  expect (fixture, EXIT_USAGE, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "c");
  expect (fixture, EXIT_USAGE, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "c", "--up", "--down");
  expect (fixture, EXIT_INVALID, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "c", "--position", "-1");
  expect (fixture, EXIT_NOT_FOUND, "boss", "field", "move", "--dataset", "Acme/b2c", "--key", "x", "--position", "1");
  expect (fixture, EXIT_PERMISSION, "agent", "field", "move", "--dataset", "Acme/b2c", "--key", "c", "--position", "1");

  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1", "--field", "c=verdi");
  expect (fixture, EXIT_DONE, "boss", "field", "archive", "--dataset", "Acme/b2c", "--key", "c");
  keys = listed_keys (fixture, FALSE);
  g_assert_cmpstr (keys, ==, "b,a");
  g_free (keys);
  expect (fixture, EXIT_INVALID, "boss", "customer", "add", "--assignment", "Vår", "--id", "K2", "--field", "c=x");
  expect (fixture, EXIT_PERMISSION, "agent", "field", "restore", "--dataset", "Acme/b2c", "--key", "c");
  expect (fixture, EXIT_DONE, "boss", "field", "restore", "--dataset", "Acme/b2c", "--key", "c");
  keys = listed_keys (fixture, FALSE);
  g_assert_cmpstr (keys, ==, "b,c,a");
  {
    g_autoptr(JsonObject) customer = NULL;

    expect (fixture, EXIT_DONE, "boss", "--json", "customer", "get", "--assignment", "Vår", "--id", "K1");
    customer = output_object (fixture);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (customer, "fields"), "c"),
                     ==, "verdi");
  }
  expect (fixture, EXIT_NOT_FOUND, "boss", "field", "archive", "--dataset", "Acme/b2c", "--key", "zz");
  expect (fixture, EXIT_USAGE, "boss", "field", "archive", "--dataset", "Acme/b2c");
}

/* ---- data owners and datasets ------------------------------------------------ */

static void
test_owner_and_dataset (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) owner = NULL;
  g_autoptr(JsonArray) list = NULL;

  /* The first user of a new database sets everything up. */
  expect (fixture, EXIT_DONE, "boss", "--json", "owner", "add", "--name", "Fjord Kraft",
          "--controller", "Fjord Kraft AS", "--purpose", "Salg av strøm");
  owner = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (owner, "name"), ==, "Fjord Kraft");
  g_assert_cmpstr (json_object_get_string_member (owner, "controller"), ==, "Fjord Kraft AS");
  g_clear_pointer (&owner, json_object_unref);
  expect (fixture, EXIT_CONFLICT, "boss", "owner", "add", "--name", "Fjord Kraft");
  expect (fixture, EXIT_USAGE, "boss", "owner", "add");
  expect (fixture, EXIT_INVALID, "boss", "owner", "add", "--name", "  ");
  g_assert_nonnull (strstr (fixture->err, "--name"));
  expect (fixture, EXIT_PERMISSION, "agent", "owner", "add", "--name", "Agentens");

  expect (fixture, EXIT_DONE, "boss", "--json", "owner", "edit", "--owner", "Fjord Kraft",
          "--purpose", "Kundeservice");
  owner = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (owner, "name"), ==, "Fjord Kraft");
  g_assert_cmpstr (json_object_get_string_member (owner, "controller"), ==, "Fjord Kraft AS");
  g_assert_cmpstr (json_object_get_string_member (owner, "purpose"), ==, "Kundeservice");
  g_clear_pointer (&owner, json_object_unref);
  expect (fixture, EXIT_DONE, "boss", "owner", "edit", "--owner", "Fjord Kraft", "--name", "Fjordkraft");
  expect (fixture, EXIT_NOT_FOUND, "boss", "owner", "edit", "--owner", "Fjord Kraft", "--name", "X");
  expect (fixture, EXIT_USAGE, "boss", "owner", "edit", "--name", "X");
  expect (fixture, EXIT_PERMISSION, "agent", "owner", "edit", "--owner", "Fjordkraft", "--name", "X");

  expect (fixture, EXIT_DONE, "boss", "--json", "owner", "list");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "name"),
                   ==, "Fjordkraft");
  g_clear_pointer (&list, json_array_unref);

  expect (fixture, EXIT_DONE, "boss", "dataset", "add", "--owner", "Fjordkraft", "--kind", "b2c");
  expect (fixture, EXIT_DONE, "boss", "dataset", "add", "--owner", "Fjordkraft", "--kind", "B2B");
  expect (fixture, EXIT_CONFLICT, "boss", "dataset", "add", "--owner", "Fjordkraft", "--kind", "b2c");
  expect (fixture, EXIT_INVALID, "boss", "dataset", "add", "--owner", "Fjordkraft", "--kind", "b2x");
  expect (fixture, EXIT_NOT_FOUND, "boss", "dataset", "add", "--owner", "Ingen", "--kind", "b2c");
  expect (fixture, EXIT_USAGE, "boss", "dataset", "add", "--owner", "Fjordkraft");
  expect (fixture, EXIT_DONE, "boss", "owner", "add", "--name", "Annen");
  expect (fixture, EXIT_PERMISSION, "agent", "dataset", "add", "--owner", "Annen", "--kind", "b2c");

  expect (fixture, EXIT_DONE, "boss", "--json", "dataset", "list", "--owner", "Fjordkraft");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "spec"),
                   ==, "Fjordkraft/b2b");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "spec"),
                   ==, "Fjordkraft/b2c");
  g_clear_pointer (&list, json_array_unref);
  expect (fixture, EXIT_DONE, "boss", "--json", "dataset", "list", "--owner", "Annen");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  expect (fixture, EXIT_NOT_FOUND, "boss", "dataset", "list", "--owner", "Ingen");
}

/* ---- users ------------------------------------------------------------------------ */

static char *
user_permissions (Fixture    *fixture,
                  const char *login)
{
  g_autoptr(JsonArray) users = NULL;

  expect (fixture, EXIT_DONE, "boss", "--json", "user", "list");
  users = output_array (fixture);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_str_equal (json_object_get_string_member (user, "login"), login))
        {
          JsonArray *permissions = json_object_get_array_member (user, "permissions");
          g_autoptr(GString) text = g_string_new (json_object_get_boolean_member (user, "archived")
                                                  ? "archived:" : "");

          for (guint j = 0; j < json_array_get_length (permissions); j++)
            g_string_append_printf (text, "%s%s", j > 0 ? "," : "",
                                    json_array_get_string_element (permissions, j));
          return g_string_free (g_steal_pointer (&text), FALSE);
        }
    }
  return NULL;
}

static void
test_users (Fixture       *fixture,
            gconstpointer  data)
{
  char *permissions;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "user", "add", "--login", "kari", "--name", "Kari Nordmann");
  permissions = user_permissions (fixture, "kari");
  g_assert_cmpstr (permissions, ==, "customer_handling");
  g_free (permissions);
  expect (fixture, EXIT_DONE, "boss", "user", "add", "--login", "ola", "--setup", "--reporting");
  permissions = user_permissions (fixture, "ola");
  g_assert_cmpstr (permissions, ==, "assignment_setup,reporting");
  g_free (permissions);
  expect (fixture, EXIT_CONFLICT, "boss", "user", "add", "--login", "ola");
  expect (fixture, EXIT_INVALID, "boss", "user", "add", "--login", "o la");
  g_assert_nonnull (strstr (fixture->err, "--login"));
  expect (fixture, EXIT_USAGE, "boss", "user", "add", "--name", "Ingen");
  expect (fixture, EXIT_USAGE, "boss", "user", "add", "--login", "x", "--admin", "--no-admin");
  expect (fixture, EXIT_PERMISSION, "agent", "user", "add", "--login", "per");

  expect (fixture, EXIT_DONE, "boss", "user", "edit", "--login", "kari", "--extended", "--no-customers");
  permissions = user_permissions (fixture, "kari");
  g_assert_cmpstr (permissions, ==, "extended_customer_handling");
  g_free (permissions);
  expect (fixture, EXIT_DONE, "boss", "user", "edit", "--login", "kari",
          "--permissions", "customers, correct_outcomes");
  permissions = user_permissions (fixture, "kari");
  g_assert_cmpstr (permissions, ==, "customer_handling,correct_outcomes");
  g_free (permissions);
  expect (fixture, EXIT_INVALID, "boss", "user", "edit", "--login", "kari", "--permissions", "boss");
  g_assert_nonnull (strstr (fixture->err, "--permissions"));
  expect (fixture, EXIT_USAGE, "boss", "user", "edit", "--login", "kari", "--permissions", "admin", "--setup");
  expect (fixture, EXIT_NOT_FOUND, "boss", "user", "edit", "--login", "nobody", "--admin");
  expect (fixture, EXIT_PERMISSION, "ola", "user", "edit", "--login", "kari", "--admin");

  /* The last administrator keeps the permission and cannot be archived. */
  expect (fixture, EXIT_CONFLICT, "boss", "user", "edit", "--login", "boss", "--no-admin");
  expect (fixture, EXIT_CONFLICT, "boss", "user", "archive", "--login", "boss");
  permissions = user_permissions (fixture, "boss");
  g_assert_nonnull (strstr (permissions, "administrator"));
  g_free (permissions);

  expect (fixture, EXIT_DONE, "boss", "user", "archive", "--login", "kari");
  permissions = user_permissions (fixture, "kari");
  g_assert_true (g_str_has_prefix (permissions, "archived:"));
  g_free (permissions);
  expect (fixture, EXIT_PERMISSION, "kari", "customer", "add", "--assignment", "Vår", "--id", "K1");
  expect (fixture, EXIT_DONE, "boss", "user", "restore", "--login", "kari");
  expect (fixture, EXIT_DONE, "kari", "customer", "add", "--assignment", "Vår", "--id", "K1");
  expect (fixture, EXIT_NOT_FOUND, "boss", "user", "archive", "--login", "nobody");
  expect (fixture, EXIT_USAGE, "boss", "user", "archive");
}

/* ---- assignments and outcomes ------------------------------------------------------ */

static void
test_assignments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) assignment = NULL;
  g_autoptr(JsonArray) list = NULL;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "user", "add", "--login", "kari");
  expect (fixture, EXIT_DONE, "boss", "--json", "assignment", "add", "--name", "Høst", "--dataset", "Acme/b2c",
          "--chosen", "kari", "--from", "2020-01-01", "--until", "31.12.2099", "--attempt-limit", "4",
          "--cooldown", "60");
  assignment = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (assignment, "name"), ==, "Høst");
  g_assert_cmpstr (json_object_get_string_member (assignment, "visibility"), ==, "chosen");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (assignment, "users"), 0),
                   ==, "kari");
  g_assert_cmpstr (json_object_get_string_member (assignment, "active_from"), ==, "2020-01-01");
  g_assert_cmpstr (json_object_get_string_member (assignment, "active_until"), ==, "2099-12-31");
  g_assert_cmpint (json_object_get_int_member (assignment, "attempt_limit"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (assignment, "cooldown_minutes"), ==, 60);
  g_clear_pointer (&assignment, json_object_unref);

  /* A failing add writes nothing, not even the assignment itself. */
  expect (fixture, EXIT_NOT_FOUND, "boss", "assignment", "add", "--name", "Vinter", "--dataset", "Acme/b2c",
          "--chosen", "nobody");
  expect (fixture, EXIT_NOT_FOUND, "boss", "assignment", "edit", "--assignment", "Vinter", "--cooldown", "1");
  expect (fixture, EXIT_CONFLICT, "boss", "assignment", "add", "--name", "Høst", "--dataset", "Acme/b2c");
  expect (fixture, EXIT_INVALID, "boss", "assignment", "add", "--name", "X", "--dataset", "Acme/b2c",
          "--from", "2027-13-01");
  g_assert_nonnull (strstr (fixture->err, "--from"));
  expect (fixture, EXIT_USAGE, "boss", "assignment", "add", "--name", "X");
  expect (fixture, EXIT_NOT_FOUND, "boss", "assignment", "add", "--name", "X", "--dataset", "Nobody/b2c");
  expect (fixture, EXIT_PERMISSION, "agent", "assignment", "add", "--name", "X", "--dataset", "Acme/b2c");

  /* Visible to kari only: the agent does not see it, kari does. */
  expect (fixture, EXIT_DONE, "agent", "--json", "assignment", "list");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_clear_pointer (&list, json_array_unref);
  expect (fixture, EXIT_DONE, "kari", "--json", "assignment", "list");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_clear_pointer (&list, json_array_unref);
  expect (fixture, EXIT_PERMISSION, "agent", "customer", "add", "--assignment", "Høst", "--id", "K1");
  expect (fixture, EXIT_DONE, "kari", "customer", "add", "--assignment", "Høst", "--id", "K1");

  expect (fixture, EXIT_DONE, "boss", "--json", "assignment", "edit", "--assignment", "Høst",
          "--visibility", "all", "--from", "", "--name", "Høst 2027");
  assignment = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (assignment, "visibility"), ==, "all");
  g_assert_true (json_object_get_null_member (assignment, "active_from"));
  g_assert_cmpint (json_object_get_int_member (assignment, "attempt_limit"), ==, 4);
  g_clear_pointer (&assignment, json_object_unref);
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Høst 2027");
  expect (fixture, EXIT_INVALID, "boss", "assignment", "edit", "--assignment", "Høst 2027", "--visibility", "some");
  expect (fixture, EXIT_INVALID, "boss", "assignment", "edit", "--assignment", "Høst 2027", "--attempt-limit", "-3");
  expect (fixture, EXIT_PERMISSION, "agent", "assignment", "edit", "--assignment", "Høst 2027", "--cooldown", "0");

  expect (fixture, EXIT_DONE, "boss", "assignment", "archive", "--assignment", "Høst 2027");
  expect (fixture, EXIT_DONE, "boss", "--json", "assignment", "list");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_clear_pointer (&list, json_array_unref);
  expect (fixture, EXIT_PERMISSION, "agent", "assignment", "restore", "--assignment", "Høst 2027");
  expect (fixture, EXIT_DONE, "boss", "assignment", "restore", "--assignment", "Høst 2027");
  expect (fixture, EXIT_DONE, "boss", "--json", "assignment", "list");
  list = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  expect (fixture, EXIT_NOT_FOUND, "boss", "assignment", "archive", "--assignment", "Ingen");
}

static char *
listed_outcomes (Fixture *fixture)
{
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  expect (fixture, EXIT_DONE, "boss", "--json", "outcome", "list", "--assignment", "Vår");
  list = output_array (fixture);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      g_string_append_printf (text, "%s%s%s", i ? "," : "", json_object_get_string_member (o, "label"),
                              json_object_get_boolean_member (o, "archived") ? "*" : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_outcomes (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) outcome = NULL;
  char *labels;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "--json", "outcome", "add", "--assignment", "Vår", "--label", "Ring senere",
          "--kind", "attempt", "--needs-time");
  outcome = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (outcome, "kind"), ==, "attempt");
  g_assert_true (json_object_get_boolean_member (outcome, "needs_time"));
  g_clear_pointer (&outcome, json_object_unref);
  expect (fixture, EXIT_CONFLICT, "boss", "outcome", "add", "--assignment", "Vår", "--label", "Salg", "--kind", "progress");
  expect (fixture, EXIT_INVALID, "boss", "outcome", "add", "--assignment", "Vår", "--label", "X", "--kind", "attempt",
          "--closes");
  g_assert_nonnull (strstr (fixture->err, "--closes"));
  expect (fixture, EXIT_INVALID, "boss", "outcome", "add", "--assignment", "Vår", "--label", "X", "--kind", "maybe");
  expect (fixture, EXIT_USAGE, "boss", "outcome", "add", "--assignment", "Vår", "--label", "X");
  expect (fixture, EXIT_PERMISSION, "agent", "outcome", "add", "--assignment", "Vår", "--label", "X", "--kind", "attempt");

  expect (fixture, EXIT_DONE, "boss", "--json", "outcome", "edit", "--assignment", "Vår", "--outcome", "ring senere",
          "--label", "Ring tilbake", "--no-needs-time", "--position", "1");
  outcome = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (outcome, "label"), ==, "Ring tilbake");
  g_assert_false (json_object_get_boolean_member (outcome, "needs_time"));
  g_assert_cmpint (json_object_get_int_member (outcome, "position"), ==, 1);
  labels = listed_outcomes (fixture);
  g_assert_cmpstr (labels, ==, "Ring tilbake,Salg,Ikke svar,Nei takk");
  g_free (labels);
  expect (fixture, EXIT_NOT_FOUND, "boss", "outcome", "edit", "--assignment", "Vår", "--outcome", "Ingen", "--label", "X");
  expect (fixture, EXIT_USAGE, "boss", "outcome", "edit", "--assignment", "Vår", "--outcome", "Salg",
          "--closes", "--no-closes");
  expect (fixture, EXIT_PERMISSION, "agent", "outcome", "edit", "--assignment", "Vår", "--outcome", "Salg",
          "--label", "X");

  /* In use: archived, not deleted. */
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1");
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_DONE, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Ikke svar");
  expect (fixture, EXIT_CONFLICT, "boss", "outcome", "delete", "--assignment", "Vår", "--outcome", "Ikke svar");
  expect (fixture, EXIT_DONE, "boss", "outcome", "archive", "--assignment", "Vår", "--outcome", "Ikke svar");
  labels = listed_outcomes (fixture);
  g_assert_cmpstr (labels, ==, "Ring tilbake,Salg,Ikke svar*,Nei takk");
  g_free (labels);
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_NOT_FOUND, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Ikke svar");
  expect (fixture, EXIT_PERMISSION, "agent", "outcome", "restore", "--assignment", "Vår", "--outcome", "Ikke svar");
  expect (fixture, EXIT_DONE, "boss", "outcome", "restore", "--assignment", "Vår", "--outcome", "Ikke svar");
  expect (fixture, EXIT_DONE, "boss", "outcome", "delete", "--assignment", "Vår", "--outcome", "Nei takk");
  labels = listed_outcomes (fixture);
  g_assert_cmpstr (labels, ==, "Ring tilbake,Salg,Ikke svar");
  g_free (labels);
  expect (fixture, EXIT_NOT_FOUND, "boss", "outcome", "delete", "--assignment", "Vår", "--outcome", "Nei takk");
  expect (fixture, EXIT_USAGE, "boss", "outcome", "archive", "--assignment", "Vår");
}

/* ---- moving customers -------------------------------------------------------------- */

static void
test_customer_move (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) customer = NULL;
  g_autoptr(JsonArray) history = NULL;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "assignment", "add", "--name", "Høst", "--dataset", "Acme/b2c");
  expect (fixture, EXIT_DONE, "boss", "dataset", "add", "--owner", "Acme", "--kind", "b2b");
  expect (fixture, EXIT_DONE, "boss", "assignment", "add", "--name", "Bedrift", "--dataset", "Acme/b2b");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1");
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_DONE, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Salg");

  expect (fixture, EXIT_PERMISSION, "agent", "customer", "move", "--assignment", "Vår", "--id", "K1", "--to", "Høst");
  expect (fixture, EXIT_INVALID, "boss", "customer", "move", "--assignment", "Vår", "--id", "K1", "--to", "Bedrift");
  g_assert_nonnull (strstr (fixture->err, "--to"));
  expect (fixture, EXIT_NOT_FOUND, "boss", "customer", "move", "--assignment", "Vår", "--id", "K1", "--to", "Ingen");
  expect (fixture, EXIT_NOT_FOUND, "boss", "customer", "move", "--assignment", "Vår", "--id", "K9", "--to", "Høst");
  expect (fixture, EXIT_USAGE, "boss", "customer", "move", "--assignment", "Vår", "--id", "K1");

  expect (fixture, EXIT_DONE, "boss", "--json", "customer", "move", "--assignment", "Vår", "--id", "K1",
          "--to", "Høst");
  customer = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (customer, "assignment"), ==, "Høst");
  g_assert_cmpstr (json_object_get_string_member (customer, "status"), ==, "available");
  g_assert_true (json_object_get_null_member (customer, "last_outcome"));
  expect (fixture, EXIT_DONE, "boss", "--json", "customer", "history", "--assignment", "Høst", "--id", "K1");
  history = output_array (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "kind"), ==, "moved");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "old_value"), ==, "Vår");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "new_value"), ==, "Høst");
  g_assert_cmpuint (json_array_get_length (history), ==, 4);
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Høst");
}

/* ---- corrections and history --------------------------------------------------------- */

static void
test_outcome_correct_and_history (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(JsonObject) customer = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autofree char *first_event = NULL;

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "user", "add", "--login", "kontroll", "--correct");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1", "--name", "Kari");
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_DONE, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Ikke svar");
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_DONE, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Salg", "--comment", "Ja takk");

  expect (fixture, EXIT_PERMISSION, "agent", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Nei takk");
  expect (fixture, EXIT_USAGE, "kontroll", "outcome", "correct", "--assignment", "Vår", "--id", "K1");
  expect (fixture, EXIT_NOT_FOUND, "kontroll", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Kanskje");
  expect (fixture, EXIT_INVALID, "kontroll", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Salg");
  expect (fixture, EXIT_NOT_FOUND, "kontroll", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--event", "99999", "--outcome", "Nei takk");

  /* The latest outcome by default: the customer follows. */
  expect (fixture, EXIT_DONE, "kontroll", "--json", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Nei takk", "--comment", "Feil knapp");
  customer = output_object (fixture);
  g_assert_cmpstr (json_object_get_string_member (customer, "last_outcome"), ==, "Nei takk");
  g_assert_cmpstr (json_object_get_string_member (customer, "status"), ==, "closed");

  /* history: who, when, what; --kind filters. */
  expect (fixture, EXIT_DONE, "boss", "customer", "history", "--assignment", "Vår", "--id", "K1");
  g_assert_nonnull (strstr (fixture->out, "kontroll"));
  g_assert_nonnull (strstr (fixture->out, "outcome: “Salg” → “Nei takk”"));
  g_assert_nonnull (strstr (fixture->out, "Feil knapp"));
  expect (fixture, EXIT_DONE, "boss", "--json", "customer", "history", "--assignment", "Vår", "--id", "K1",
          "--kind", "outcome", "--kind", "corrected");
  history = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "kind"), ==, "corrected");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1), "outcome"), ==, "Salg");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 2), "outcome"), ==, "Ikke svar");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (history, 0), "corrects_id"), ==,
                   json_object_get_int_member (json_array_get_object_element (history, 1), "id"));
  g_assert_true (json_object_get_null_member (json_array_get_object_element (history, 1), "corrects_id"));
  first_event = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 json_object_get_int_member (json_array_get_object_element (history, 2), "id"));
  g_clear_pointer (&history, json_array_unref);
  expect (fixture, EXIT_DONE, "boss", "--json", "customer", "history", "--assignment", "Vår", "--id", "K1",
          "--kind", "edited");
  history = output_array (fixture);
  g_assert_cmpuint (json_array_get_length (history), ==, 0);
  expect (fixture, EXIT_INVALID, "boss", "customer", "history", "--assignment", "Vår", "--id", "K1",
          "--kind", "called");

  /* An older outcome by --event: its attempt becomes a sale; the state stays. */
  expect (fixture, EXIT_DONE, "kontroll", "--json", "outcome", "correct", "--assignment", "Vår", "--id", "K1",
          "--event", first_event, "--outcome", "Salg");
  g_clear_pointer (&customer, json_object_unref);
  customer = output_object (fixture);
  g_assert_cmpint (json_object_get_int_member (customer, "attempts"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (customer, "last_outcome"), ==, "Nei takk");
}

/* ---- exports ------------------------------------------------------------------------ */

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "kunder.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *future = g_date_time_format (later, "%Y-%m-%d");

  set_up_data (fixture);
  expect (fixture, EXIT_DONE, "boss", "field", "add", "--dataset", "Acme/b2c", "--label", "Notat", "--type", "text");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K1",
          "--name", "Hansen, Per", "--field", "notat=sier \"kanskje\"");
  expect (fixture, EXIT_DONE, "boss", "customer", "add", "--assignment", "Vår", "--id", "K2");
  expect (fixture, EXIT_DONE, "agent", "lock", "next", "--assignment", "Vår");
  expect (fixture, EXIT_DONE, "agent", "outcome", "register", "--assignment", "Vår", "--id", "K1",
          "--outcome", "Salg");

  expect (fixture, EXIT_DONE, "boss", "export", "--assignment", "Vår");
  g_assert_true (g_str_has_prefix (fixture->out, "Customer ID,Name,E-mail,Phone 1,Phone 2,Phone 3,Notat,Status,"));
  g_assert_nonnull (strstr (fixture->out, "\r\nK1,\"Hansen, Per\",,,,,\"sier \"\"kanskje\"\"\",closed,0,Salg,"));
  g_assert_nonnull (strstr (fixture->out, "\r\nK2,,,,,,,available,0,,"));

  expect (fixture, EXIT_DONE, "boss", "export", "--assignment", "Vår", "--output", file, "--bom", "--semicolon");
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "Customer ID;Name;"));
  g_assert_nonnull (strstr (contents, "\r\nK1;Hansen, Per;"));
  g_clear_pointer (&contents, g_free);

  /* Refused: the file keeps what it had. */
  expect (fixture, EXIT_PERMISSION, "agent", "export", "--assignment", "Vår", "--output", file);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "Customer ID;Name;"));

  expect (fixture, EXIT_DONE, "boss", "export", "--assignment", "Vår", "--what", "overview");
  g_assert_cmpstr (fixture->out, ==, "Agent,Salg,Ikke svar,Nei takk,Total\r\n"
                                     "agent,1,0,0,1\r\n"
                                     "All agents,1,0,0,1\r\n");
  expect (fixture, EXIT_DONE, "boss", "export", "--assignment", "Vår", "--what", "overview",
          "--from", today, "--until", today);
  g_assert_nonnull (strstr (fixture->out, "agent,1,0,0,1"));
  expect (fixture, EXIT_DONE, "boss", "export", "--assignment", "Vår", "--what", "overview", "--from", future);
  g_assert_cmpstr (fixture->out, ==, "Agent,Salg,Ikke svar,Nei takk,Total\r\nAll agents,0,0,0,0\r\n");

  expect (fixture, EXIT_INVALID, "boss", "export", "--assignment", "Vår", "--what", "everything");
  g_assert_nonnull (strstr (fixture->err, "--what"));
  expect (fixture, EXIT_INVALID, "boss", "export", "--assignment", "Vår", "--what", "overview", "--from", "i går");
  g_assert_nonnull (strstr (fixture->err, "--from"));
  expect (fixture, EXIT_INVALID, "boss", "export", "--assignment", "Vår", "--what", "overview",
          "--from", future, "--until", today);
  expect (fixture, EXIT_USAGE, "boss", "export", "--assignment", "Vår", "--from", today);
  expect (fixture, EXIT_USAGE, "boss", "export");
  expect (fixture, EXIT_NOT_FOUND, "boss", "export", "--assignment", "Ingen");
  expect (fixture, EXIT_PERMISSION, "agent", "export", "--assignment", "Vår", "--what", "overview");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli-settings/field/add-and-edit", test_field_add_and_edit);
  ADD ("/cli-settings/field/edit-conflicts", test_field_edit_conflicts);
  ADD ("/cli-settings/field/move-archive-restore", test_field_move_archive_restore);
  ADD ("/cli-settings/owner-and-dataset", test_owner_and_dataset);
  ADD ("/cli-settings/users", test_users);
  ADD ("/cli-settings/assignments", test_assignments);
  ADD ("/cli-settings/outcomes", test_outcomes);
  ADD ("/cli-settings/customer-move", test_customer_move);
  ADD ("/cli-settings/outcome-correct-and-history", test_outcome_correct_and_history);
  ADD ("/cli-settings/export", test_export);

#undef ADD
  return g_test_run ();
}
