/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cube-cli-commands.h"
#include "cube-cli-json.h"
#include "import/cube-import.h"

typedef struct _CubeCli CubeCli;

/* Parses the command's options from @argv (argv[0] is the command name),
 * does its work and leaves what to print in cli->json and cli->text. Output
 * is printed only once the command's transaction has been committed. */
typedef gboolean (*CubeCliHandler) (CubeCli   *cli,
                                    int        argc,
                                    char     **argv,
                                    GError   **error);

typedef struct {
  const char     *group;    /* "customer" for `customer add`; NULL for `demo` */
  const char     *name;
  CubeCliHandler  handler;
  const char     *summary;
} CubeCliCommand;

struct _CubeCli
{
  /* Global options. */
  char                 *database;
  char                 *user;
  gboolean              json;

  const CubeCliCommand *command;
  CubeStore            *store;
  gboolean              in_transaction;
  /* What this run created, removed again when the command fails. */
  char                 *created_file;
  char                 *created_dir;

  JsonNode             *json_result;
  GString              *text;
  const char           *description;  /* more --help text for the command */
};

static gboolean cmd_demo             (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_export           (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_import           (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_imports          (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_assignment_list  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_assignment_add   (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_assignment_edit  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_assignment_archive (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_assignment_restore (CubeCli *cli, int argc, char **argv, GError **error);
static void     append_outcome       (GString *text, CubeOutcome *outcome);
static gboolean pick_flag            (gboolean old_value, gboolean on, gboolean off, const char *option,
                                      gboolean *value, GError **error);
static gboolean cmd_outcome_add      (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_edit     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_archive  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_restore  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_correct  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_delete   (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_dataset_list     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_dataset_add      (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_owner_add        (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_owner_list       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_owner_edit       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_user_list        (CubeCli *cli, int argc, char **argv, GError **error);
static void     append_user          (GString *text, CubeUser *user);
static gboolean cmd_user_add         (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_user_edit        (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_user_archive     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_user_restore     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_list       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_add        (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean parse_field_type     (const char *name, CubeFieldType *type, GError **error);
static gboolean cmd_field_edit       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_move       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_archive    (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_restore    (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_field_missing    (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_list     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_outcome_register (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_add     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_get     (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_search  (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_list    (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_history (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_customer_move    (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_lock_next        (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_lock_take        (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_lock_renew       (CubeCli *cli, int argc, char **argv, GError **error);
static gboolean cmd_lock_release     (CubeCli *cli, int argc, char **argv, GError **error);

static const struct {
  const char *name;
  const char *summary;
} groups[] = {
  { "assignment", N_("Assignments (oppdrag)") },
  { "owner", N_("Data owners (dataeiere): name, controller and purpose") },
  { "dataset", N_("Customer registers (datasett) of the data owners") },
  { "user", N_("Users and their permissions") },
  { "field", N_("Custom information fields (CRM settings) of a dataset") },
  { "customer", N_("Add, show, search customers and their history") },
  { "lock", N_("Lock customers to work them in the active customer view") },
  { "outcome", N_("Outcomes (utfall) of an assignment, and registering them") },
};

/* Every command, in the order --help lists them. */
static const CubeCliCommand commands[] = {
  { NULL, "demo", cmd_demo, N_("Create the demo data (does nothing when it is there)") },
  { NULL, "export", cmd_export,
    N_("Export an assignment’s customers or its overview as CSV") },
  { NULL, "import", cmd_import,
    N_("Import customers from an .xlsx, .ods or .csv file into an assignment") },
  { NULL, "imports", cmd_imports, N_("List the recorded imports, newest first") },
  { "assignment", "list", cmd_assignment_list, N_("List the assignments") },
  { "assignment", "add", cmd_assignment_add, N_("Add an assignment over a dataset") },
  { "assignment", "edit", cmd_assignment_edit,
    N_("Change an assignment: name, visibility, dates, attempt limit, cool-down") },
  { "assignment", "archive", cmd_assignment_archive, N_("Archive an assignment") },
  { "assignment", "restore", cmd_assignment_restore, N_("Restore an archived assignment") },
  { "owner", "add", cmd_owner_add, N_("Add a data owner") },
  { "owner", "list", cmd_owner_list, N_("List the data owners") },
  { "owner", "edit", cmd_owner_edit, N_("Change a data owner’s name, controller or purpose") },
  { "dataset", "list", cmd_dataset_list, N_("List the datasets") },
  { "dataset", "add", cmd_dataset_add, N_("Add the B2B or B2C dataset of a data owner") },
  { "user", "list", cmd_user_list, N_("List the users and their permissions") },
  { "user", "add", cmd_user_add, N_("Add a user by login, with permissions") },
  { "user", "edit", cmd_user_edit, N_("Change a user’s name or permissions") },
  { "user", "archive", cmd_user_archive, N_("Archive a user: they can no longer sign in") },
  { "user", "restore", cmd_user_restore, N_("Restore an archived user") },
  { "field", "list", cmd_field_list, N_("List the custom fields of a dataset") },
  { "field", "add", cmd_field_add, N_("Add a custom field to a dataset") },
  { "field", "edit", cmd_field_edit, N_("Change a custom field") },
  { "field", "move", cmd_field_move, N_("Move a custom field in the dataset’s order") },
  { "field", "archive", cmd_field_archive,
    N_("Archive a custom field: hidden from forms and import, values kept") },
  { "field", "restore", cmd_field_restore, N_("Restore an archived custom field") },
  { "field", "missing", cmd_field_missing,
    N_("List the customers without a value for a field (e.g. after making it required)") },
  { "customer", "add", cmd_customer_add, N_("Add a customer to an assignment") },
  { "customer", "get", cmd_customer_get, N_("Show a customer") },
  { "customer", "search", cmd_customer_search,
    N_("Search customers by Kundeid, name, e-mail or phone") },
  { "customer", "list", cmd_customer_list, N_("List all customers, oldest first") },
  { "customer", "history", cmd_customer_history, N_("Show a customer’s history, newest first") },
  { "customer", "move", cmd_customer_move,
    N_("Move a customer to another assignment of its dataset; it becomes available") },
  { "lock", "next", cmd_lock_next, N_("Lock the next available customer of an assignment") },
  { "lock", "take", cmd_lock_take, N_("Lock a given customer") },
  { "lock", "renew", cmd_lock_renew, N_("Renew the lease of a customer you hold") },
  { "lock", "release", cmd_lock_release, N_("Release a lock") },
  { "outcome", "list", cmd_outcome_list, N_("List the outcomes of an assignment") },
  { "outcome", "add", cmd_outcome_add, N_("Add an outcome to an assignment") },
  { "outcome", "edit", cmd_outcome_edit, N_("Change an outcome or its place in the list") },
  { "outcome", "archive", cmd_outcome_archive,
    N_("Archive an outcome: no longer offered, kept in the history") },
  { "outcome", "restore", cmd_outcome_restore, N_("Restore an archived outcome") },
  { "outcome", "delete", cmd_outcome_delete, N_("Delete an outcome that has never been registered") },
  { "outcome", "correct", cmd_outcome_correct,
    N_("Correct a registered outcome (the correction is itself an event)") },
  { "outcome", "register", cmd_outcome_register,
    N_("Register an outcome for a customer you hold, and release it") },
};

/* Core field keys and the option that sets them, so an error can point at
 * what to change on the command line. */
static const struct {
  const char *field;
  const char *option;
} field_options[] = {
  { "customer_key", "--id" },
  { "name", "--name" },
  { "email", "--email" },
  { "phone", "--phone" },
  { "phone1", "--phone" },
  { "phone2", "--phone" },
  { "phone3", "--phone" },
  { "phones", "--phone" },
  { "assignment", "--assignment" },
  { "to", "--to" },
  { "dataset", "--dataset" },
  { "owner", "--owner" },
  { "kind", "--kind" },
  { "controller", "--controller" },
  { "purpose", "--purpose" },
  { "outcome", "--outcome" },
  { "follow_up_at", "--at" },
  { "from", "--from" },
  { "until", "--until" },
  { "what", "--what" },
  { "output", "--output" },
  { "event", "--event" },
  { "at", "--at" },
  { "comment", "--comment" },
  { "visibility", "--visibility" },
  { "active_from", "--from" },
  { "active_until", "--until" },
  { "attempt_limit", "--attempt-limit" },
  { "cooldown_minutes", "--cooldown" },
  { "closes", "--closes" },
  { "login", "--user" },
  { "permissions", "--permissions" },
  { "limit", "--limit" },
  { "offset", "--offset" },
};

/* Options of `field add` that name core fields of a field definition. */
static const struct {
  const char *field;
  const char *option;
} field_def_options[] = {
  { "key", "--key" },
  { "label", "--label" },
  { "type", "--type" },
  { "options", "--option" },
  { "option", "--option" },
  { "help", "--help-text" },
  { "dataset", "--dataset" },
  { "unique", "--unique" },
  { "position", "--position" },
};

/* ---- helpers ------------------------------------------------------------ */

static gboolean
global_option_cb (const char  *option_name,
                  const char  *value,
                  gpointer     data,
                  GError     **error)
{
  CubeCli *cli = data;

  if (g_str_equal (option_name, "--database"))
    {
      g_free (cli->database);
      cli->database = g_strdup (value);
    }
  else if (g_str_equal (option_name, "--user"))
    {
      g_free (cli->user);
      cli->user = g_strdup (value);
    }
  else if (g_str_equal (option_name, "--json"))
    cli->json = TRUE;
  return TRUE;
}

/* The global options; accepted before the command and, for convenience,
 * after it too. */
static GOptionGroup *
global_group_new (CubeCli *cli)
{
  static const GOptionEntry entries[] = {
    { "database", 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer) global_option_cb,
      N_("Use the database FILE (default: $CUBE_DATABASE, else $XDG_DATA_HOME/cube/cube.db)"),
      N_("FILE") },
    { "user", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) global_option_cb,
      N_("Act as the user LOGIN (default: your login); unknown logins become agents"),
      N_("LOGIN") },
    { "json", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer) global_option_cb,
      N_("Print one JSON document instead of text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("global", _("Global options:"),
                                            _("Show the global options"), cli, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

static gboolean
is_group (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_str_equal (groups[i].name, name))
      return TRUE;
  return FALSE;
}

static const char *
group_summary (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_str_equal (groups[i].name, name))
      return groups[i].summary;
  return NULL;
}

static const CubeCliCommand *
find_command (const char *group,
              const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].group, group) == 0 && g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

/* "cube-cli customer add", as the usage line and error hints show it. */
static char *
command_path (const char *group,
              const char *name)
{
  GString *path = g_string_new ("cube-cli");

  if (group != NULL)
    g_string_append_printf (path, " %s", group);
  if (name != NULL)
    g_string_append_printf (path, " %s", name);
  return g_string_free (path, FALSE);
}

/* The list of commands for --help: all of them, or those of @group. */
static char *
describe_commands (const char *group)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = NULL;

      if (group != NULL && g_strcmp0 (commands[i].group, group) != 0)
        continue;
      name = commands[i].group != NULL
        ? g_strdup_printf ("%s %s", commands[i].group, commands[i].name)
        : g_strdup (commands[i].name);
      g_string_append_printf (text, "  %-20s %s\n", name, _(commands[i].summary));
    }
  g_string_append_c (text, '\n');
  if (group == NULL)
    g_string_append (text, _("An assignment is named by its id or its exact name; a dataset by its\n"
                             "id or OWNER/b2b or OWNER/b2c.\n"
                             "Run “cube-cli COMMAND --help” for the options of a command.\n\n"));
  g_string_append (text, _("Exit status: 0 done, 1 invalid input, 2 usage, 3 conflict,\n"
                           "4 not found, 5 permission denied."));
  return g_string_free (text, FALSE);
}

/* The options that name what a command works on; @location is where the
 * option's text goes. */
#define ASSIGNMENT_OPTION(location) \
  { "assignment", 'a', 0, G_OPTION_ARG_STRING, (location), \
    N_("The assignment: its id or exact name (required)"), N_("A") }
#define DATASET_OPTION(location) \
  { "dataset", 'd', 0, G_OPTION_ARG_STRING, (location), \
    N_("The dataset: its id or OWNER/b2b or OWNER/b2c (required)"), N_("D") }
#define FIELD_KEY_OPTION(location) \
  { "key", 'k', 0, G_OPTION_ARG_STRING, (location), N_("The field’s key (required)"), N_("KEY") }

static gboolean
parse_options (CubeCli       *cli,
               const char    *parameter_string,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  const CubeCliCommand *command = cli->command;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *prgname = command_path (command->group, command->name);

  /* GOption prints the program name in the usage line. */
  g_set_prgname (prgname);
  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command->summary);
  if (cli->description != NULL)
    g_option_context_set_description (context, cli->description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, global_group_new (cli));
  return g_option_context_parse (context, argc, argv, error);
}

static gboolean
check_no_arguments (int      argc,
                    char   **argv,
                    GError **error)
{
  if (argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), argv[1]);
      return FALSE;
    }
  return TRUE;
}

/* parse_options for a command that takes options and no arguments. */
static gboolean
parse_no_arguments (CubeCli        *cli,
                    GOptionEntry   *entries,
                    int            *argc,
                    char         ***argv,
                    GError        **error)
{
  return parse_options (cli, NULL, entries, argc, argv, error) && check_no_arguments (*argc, *argv, error);
}

static gboolean
require_option (const char  *value,
                const char  *option,
                GError     **error)
{
  if (value == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("The option %s is required"), option);
      return FALSE;
    }
  return TRUE;
}

/* Opens the database and starts the command's one transaction, so that a
 * command that fails writes nothing (not even the user it created). */
static gboolean
open_store (CubeCli  *cli,
            GError  **error)
{
  g_autofree char *path = cube_store_resolve_path (cli->database);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *login = cli->user != NULL ? cli->user : g_get_user_name ();

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    cli->created_dir = g_strdup (dir);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    cli->created_file = g_strdup (path);
  /* 0700: the database holds personal data. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      cube_set_error (error, CUBE_ERROR_DATABASE, "database", _("Cannot create the folder %s: %s"),
                      dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (!(cli->store = cube_store_open_sqlite (path, error)))
    return FALSE;
  if (!cube_store_begin (cli->store, error))
    return FALSE;
  cli->in_transaction = TRUE;
  return cube_store_set_user (cli->store, login, error);
}

/* Opens the store for a command that works on the assignment --assignment
 * names, and finds it. */
static CubeAssignment *
open_assignment (CubeCli     *cli,
                 const char  *assignment_spec,
                 GError     **error)
{
  if (!require_option (assignment_spec, "--assignment", error) || !open_store (cli, error))
    return NULL;
  return cube_store_find_assignment (cli->store, assignment_spec, error);
}

/* For a command whose one option is --assignment: parses it, opens the
 * store and finds the assignment. */
static CubeAssignment *
open_assignment_only (CubeCli   *cli,
                      int       *argc,
                      char    ***argv,
                      GError   **error)
{
  g_autofree char *assignment_spec = NULL;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    G_OPTION_ENTRY_NULL
  };

  if (!parse_no_arguments (cli, entries, argc, argv, error))
    return NULL;
  return open_assignment (cli, assignment_spec, error);
}

static void
set_result (CubeCli  *cli,
            JsonNode *node)
{
  g_clear_pointer (&cli->json_result, json_node_unref);
  cli->json_result = node;
}

typedef void (*CubeCliAppendFunc) (GString *text, gpointer object);

/* A list as the result of a command: JSON, or a line or more an item with
 * @append, or @empty (when not NULL) for an empty list. */
static void
show_list (CubeCli            *cli,
           GPtrArray          *list,
           CubeCliJsonFunc     json,
           CubeCliAppendFunc   append,
           const char         *empty)
{
  set_result (cli, cube_cli_json_array (list, json));
  for (guint i = 0; i < list->len; i++)
    append (cli->text, list->pdata[i]);
  if (list->len == 0 && empty != NULL)
    g_string_append_printf (cli->text, "%s\n", empty);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_time);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : NULL;
}

/* Appends @value and spaces up to @width characters (not bytes: names have
 * æ, ø and å), then one space. */
static void
append_padded (GString    *text,
               const char *value,
               guint       width)
{
  g_string_append (text, value);
  for (glong i = g_utf8_strlen (value, -1); i < (glong) width; i++)
    g_string_append_c (text, ' ');
  g_string_append_c (text, ' ');
}

/* Ends a line of columns without trailing spaces. */
static void
end_line (GString *text)
{
  while (text->len > 0 && text->str[text->len - 1] == ' ')
    g_string_truncate (text, text->len - 1);
  g_string_append_c (text, '\n');
}

static const char *
or_dash (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : "–";
}

static const char *
status_label (CubeCustomerStatus status)
{
  switch (status)
    {
    case CUBE_STATUS_AVAILABLE:
      return _("available");
    case CUBE_STATUS_LOCKED:
      return _("locked");
    case CUBE_STATUS_CLOSED:
      return _("closed");
    default:
      return cube_status_to_string (status);
    }
}

static CubeCustomer *
find_customer (CubeCli     *cli,
               const char  *assignment_spec,
               const char  *customer_key,
               GError     **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;

  g_autoptr(CubeCustomer) customer = NULL;

  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return NULL;
  if (!(customer = cube_store_find_customer (cli->store, cube_assignment_get_id (assignment),
                                             customer_key, error)))
    return NULL;
  /* Kundeid is unique in the dataset, but the command names an assignment:
   * a customer of another assignment is not the one meant. */
  if (cube_customer_get_assignment_id (customer) != cube_assignment_get_id (assignment))
    {
      cube_set_error (error, CUBE_ERROR_NOT_FOUND, "customer_key",
                      _("Customer %s is not in the assignment “%s” but in “%s”"), customer_key,
                      cube_assignment_get_name (assignment),
                      cube_customer_get_assignment_name (customer));
      return NULL;
    }
  return g_steal_pointer (&customer);
}

/* One line for lists: Kundeid, name, status, assignment. */
static void
append_customer_line (GString      *text,
                      CubeCustomer *customer)
{
  append_padded (text, cube_customer_get_customer_key (customer), 12);
  append_padded (text, or_dash (cube_customer_get_name (customer)), 28);
  append_padded (text, status_label (cube_customer_get_status (customer)), 10);
  g_string_append (text, or_dash (cube_customer_get_assignment_name (customer)));
  end_line (text);
}

static void
append_customer (CubeCli      *cli,
                 CubeCustomer *customer)
{
  GString *text = cli->text;
  const char * const *phones = cube_customer_get_phones (customer);
  GHashTable *values = cube_customer_get_fields (customer);
  g_autofree char *phone_list = phones != NULL ? g_strjoinv (", ", (char **) phones) : NULL;
  g_autofree char *follow_up = format_time (cube_customer_get_follow_up_at (customer));
  g_autofree char *updated = format_time (cube_customer_get_updated_at (customer));
  g_autofree char *expires = format_time (cube_customer_get_lock_expires (customer));
  g_autoptr(GPtrArray) fields = NULL;

  g_string_append_printf (text, "%s: %s (id %" G_GINT64_FORMAT ")\n", _("Kundeid"),
                          cube_customer_get_customer_key (customer), cube_customer_get_id (customer));
  g_string_append_printf (text, "%s: %s\n", _("Name"), or_dash (cube_customer_get_name (customer)));
  g_string_append_printf (text, "%s: %s\n", _("E-mail"), or_dash (cube_customer_get_email (customer)));
  g_string_append_printf (text, "%s: %s\n", _("Phone"), or_dash (phone_list));
  g_string_append_printf (text, "%s: %s (id %" G_GINT64_FORMAT ")\n", _("Assignment"),
                          or_dash (cube_customer_get_assignment_name (customer)),
                          cube_customer_get_assignment_id (customer));
  g_string_append_printf (text, "%s: %s\n", _("Status"),
                          status_label (cube_customer_get_status (customer)));
  if (cube_customer_get_locked_by (customer) != NULL)
    g_string_append_printf (text, "%s: %s (%s %s)\n", _("Locked by"),
                            cube_customer_get_locked_by (customer), _("until"), or_dash (expires));
  g_string_append_printf (text, "%s: %d\n", _("Attempts"), cube_customer_get_attempts (customer));
  g_string_append_printf (text, "%s: %s\n", _("Last outcome"),
                          or_dash (cube_customer_get_last_outcome (customer)));
  g_string_append_printf (text, "%s: %s\n", _("Follow-up"), or_dash (follow_up));
  g_string_append_printf (text, "%s: %s (%s)\n", _("Updated"), or_dash (updated),
                          or_dash (cube_customer_get_updated_by (customer)));

  /* Custom fields by their labels, in the dataset's order. */
  fields = cube_store_list_fields (cli->store, cube_customer_get_dataset_id (customer), TRUE, NULL);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      CubeFieldDef *field = fields->pdata[i];
      const char *value = values != NULL ? g_hash_table_lookup (values, cube_field_def_get_key (field)) : NULL;

      if (value == NULL && cube_field_def_get_archived (field))
        continue;
      /* Yes/no is stored as 1/0. */
      if (value != NULL && cube_field_def_get_field_type (field) == CUBE_FIELD_YES_NO)
        value = g_str_equal (value, "1") ? _("yes") : g_str_equal (value, "0") ? _("no") : value;
      g_string_append_printf (text, "%s: %s\n", cube_field_def_get_label (field), or_dash (value));
    }
}

/* The customer as the result of a command: JSON, or text after @headline. */
static void
show_customer (CubeCli      *cli,
               CubeCustomer *customer,
               const char   *headline)
{
  set_result (cli, cube_cli_json_customer (customer));
  if (headline != NULL)
    g_string_append_printf (cli->text, "%s\n\n", headline);
  append_customer (cli, customer);
}

/* Options of `import` that name what an error is about. */
static const struct {
  const char *field;
  const char *option;
} import_options[] = {
  { "assignment", "--assignment" },
  { "sheet", "--sheet" },
  { "header_row", "--header-row" },
  { "map", "--map" },
  { "report", "--report" },
  { "on_duplicate", "--on-duplicate" },
};

static const char *
option_for_field (CubeCli    *cli,
                  const char *field)
{
  const char *group = cli->command != NULL ? cli->command->group : NULL;

  if (cli->command != NULL && cli->command->handler == cmd_import)
    {
      for (guint i = 0; i < G_N_ELEMENTS (import_options); i++)
        if (g_str_equal (import_options[i].field, field))
          return import_options[i].option;
      return NULL;
    }

  if (g_strcmp0 (group, "field") == 0)
    for (guint i = 0; i < G_N_ELEMENTS (field_def_options); i++)
      if (g_str_equal (field_def_options[i].field, field))
        return field_def_options[i].option;
  if (g_strcmp0 (group, "user") == 0 && g_str_equal (field, "login"))
    return "--login";
  if (cli->command->handler == cmd_customer_move && g_str_equal (field, "assignment"))
    return "--to";
  if (g_strcmp0 (group, "outcome") == 0 && g_str_equal (field, "label")
      && cli->command->handler != cmd_outcome_register)
    return "--label";
  for (guint i = 0; i < G_N_ELEMENTS (field_options); i++)
    if (g_str_equal (field_options[i].field, field))
      return field_options[i].option;
  return NULL;
}

static int
exit_status_for (const GError *error)
{
  if (error->domain == G_OPTION_ERROR)
    return CUBE_CLI_EXIT_USAGE;
  if (error->domain != CUBE_ERROR)
    return CUBE_CLI_EXIT_INVALID;
  switch ((CubeErrorCode) error->code)
    {
    case CUBE_ERROR_CONFLICT:
      return CUBE_CLI_EXIT_CONFLICT;
    case CUBE_ERROR_NOT_FOUND:
      return CUBE_CLI_EXIT_NOT_FOUND;
    case CUBE_ERROR_PERMISSION:
      return CUBE_CLI_EXIT_PERMISSION;
    case CUBE_ERROR_VALIDATION:
    case CUBE_ERROR_DATABASE:
    default:
      return CUBE_CLI_EXIT_INVALID;
    }
}

/* Prints @error on stderr, naming the option to change where there is one,
 * and returns the exit status it means. */
static int
report_error (CubeCli      *cli,
              const GError *error)
{
  int status = exit_status_for (error);
  const char *field = error->domain == CUBE_ERROR ? cube_error_get_field (error) : NULL;
  const char *option = field != NULL ? option_for_field (cli, field) : NULL;

  if (option != NULL)
    g_printerr ("cube-cli: %s (%s)\n", error->message, option);
  else if (field != NULL && cli->command != NULL && cli->command->handler == cmd_customer_add)
    /* Any other field of a customer is a custom field. */
    g_printerr ("cube-cli: %s (--field %s)\n", error->message, field);
  else
    g_printerr ("cube-cli: %s\n", error->message);

  if (status == CUBE_CLI_EXIT_USAGE)
    {
      g_autofree char *path = command_path (cli->command ? cli->command->group : NULL,
                                            cli->command ? cli->command->name : NULL);
      g_printerr (_("Try “%s --help”.\n"), path);
    }
  else if (status == CUBE_CLI_EXIT_CONFLICT && cli->store != NULL
           && cube_error_get_existing_customer_id (error) > 0)
    {
      gint64 id = cube_error_get_existing_customer_id (error);
      g_autoptr(CubeCustomer) existing = cube_store_get_customer (cli->store, id, NULL);
      /* Formatted apart: xgettext cannot see through G_GINT64_FORMAT. */
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *message = NULL;

      if (existing != NULL && cube_customer_get_name (existing) != NULL
          && cube_customer_get_name (existing)[0] != '\0')
        message = g_strdup_printf (_("The existing customer is Kundeid %s (id %s), %s"),
                                   cube_customer_get_customer_key (existing), id_text,
                                   cube_customer_get_name (existing));
      else if (existing != NULL)
        message = g_strdup_printf (_("The existing customer is Kundeid %s (id %s)"),
                                   cube_customer_get_customer_key (existing), id_text);
      else
        message = g_strdup_printf (_("The existing customer has id %s"), id_text);
      g_printerr ("cube-cli: %s\n", message);
      /* A script gets the existing customer too, to offer to open it. */
      if (cli->json && existing != NULL)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
          json_builder_set_member_name (builder, "existing");
          json_builder_add_value (builder, cube_cli_json_customer (existing));
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          cube_cli_json_print (node);
        }
    }
  return status;
}

/* ---- commands ------------------------------------------------------------ */

static gboolean
cmd_demo (CubeCli  *cli,
          int       argc,
          char    **argv,
          GError  **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *dataset_spec = NULL;
  gboolean created = FALSE;
  gint64 customers;

  if (!parse_no_arguments (cli, NULL, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!cube_demo_create (cli->store, &created, error))
    return FALSE;

  if (!(assignment = cube_store_find_assignment (cli->store, CUBE_DEMO_ASSIGNMENT, error)))
    return FALSE;
  dataset_spec = g_strdup_printf ("%" G_GINT64_FORMAT, cube_assignment_get_dataset_id (assignment));
  if (!(dataset = cube_store_find_dataset (cli->store, dataset_spec, error)))
    return FALSE;
  /* The core counts customers in the whole database, not per assignment. */
  if ((customers = cube_store_count_customers (cli->store, error)) < 0)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_boolean_value (builder, created);
  json_builder_set_member_name (builder, "data_owner");
  json_builder_add_string_value (builder, cube_dataset_get_owner_name (dataset));
  json_builder_set_member_name (builder, "dataset");
  json_builder_add_value (builder, cube_cli_json_dataset (dataset));
  json_builder_set_member_name (builder, "assignment");
  json_builder_add_value (builder, cube_cli_json_assignment (assignment));
  json_builder_set_member_name (builder, "customers");
  json_builder_add_int_value (builder, customers);
  json_builder_end_object (builder);
  set_result (cli, json_builder_get_root (builder));

  g_string_append (cli->text, created ? _("Created the demo data:") : _("The demo data was already there:"));
  g_string_append_c (cli->text, '\n');
  g_string_append_printf (cli->text, "  %s: %s\n", _("Data owner"), cube_dataset_get_owner_name (dataset));
  g_string_append_printf (cli->text, "  %s: %s/%s (id %" G_GINT64_FORMAT ")\n", _("Dataset"),
                          cube_dataset_get_owner_name (dataset),
                          cube_dataset_kind_to_string (cube_dataset_get_kind (dataset)),
                          cube_dataset_get_id (dataset));
  g_string_append_printf (cli->text, "  %s: %s (id %" G_GINT64_FORMAT ")\n", _("Assignment"),
                          cube_assignment_get_name (assignment), cube_assignment_get_id (assignment));
  g_string_append_printf (cli->text, "  %s: %" G_GINT64_FORMAT "\n", _("Customers in the database"),
                          customers);
  g_string_append_printf (cli->text, _("Try: cube-cli lock next --assignment \"%s\"\n"),
                          cube_assignment_get_name (assignment));
  return TRUE;
}

/* Local midnight starting @date (YYYY-MM-DD or dd.mm.yyyy), plus @days. */
static gboolean
parse_day (const char  *date,
           const char  *field,
           const char  *label,
           int          days,
           gint64      *result,
           GError     **error)
{
  g_autofree char *clean = cube_normalize_date (date, field, label, error);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  int y, m, d;

  if (clean == NULL || sscanf (clean, "%d-%d-%d", &y, &m, &d) != 3)
    return FALSE;
  tz = g_time_zone_new_local ();
  day = g_date_time_new (tz, y, m, d, 0, 0, 0);
  shifted = g_date_time_add_days (day, days);
  *result = g_date_time_to_unix (shifted);
  return TRUE;
}

static gboolean
cmd_export (CubeCli  *cli,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *what = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *output = NULL;
  gboolean bom = FALSE, semicolon = FALSE;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "what", 'w', 0, G_OPTION_ARG_STRING, &what,
      N_("customers (default) or overview"), N_("WHAT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("The overview from this day (default: today)"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      N_("The overview until and with this day (default: the --from day)"), N_("DATE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE, replaced only when complete (default: standard output)"), N_("FILE") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Start with a UTF-8 byte order mark, for Excel"), NULL },
    { "semicolon", 0, 0, G_OPTION_ARG_NONE, &semicolon,
      N_("Separate fields with “;”, as Excel in Norway expects"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  CubeCsvFlags flags = (bom ? CUBE_CSV_BOM : 0);
  gint64 from = 0, until = 0;
  gboolean overview, ok;

  cli->description = _("The customers: Kundeid, name, e-mail, phones, every custom field, status,\n"
                       "attempts, last outcome, follow-up and last change, a row each. The\n"
                       "overview: a row per agent and one for all, a column per outcome, for the\n"
                       "days from --from to --until (both included).");
  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error))
    return FALSE;
  flags = (bom ? CUBE_CSV_BOM : 0) | (semicolon ? CUBE_CSV_SEMICOLON : 0);
  if (what != NULL && !g_str_equal (what, "customers") && !g_str_equal (what, "overview"))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "what", _("“%s” is not customers or overview"), what);
      return FALSE;
    }
  overview = what != NULL && g_str_equal (what, "overview");
  if (!overview && (from_text != NULL || until_text != NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--from and --until belong to --what overview"));
      return FALSE;
    }
  if (from_text != NULL && !parse_day (from_text, "from", _("From"), 0, &from, error))
    return FALSE;
  if (until_text != NULL && !parse_day (until_text, "until", _("Until"), 1, &until, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return FALSE;
  if (overview)
    {
      if (from == 0)
        from = until > 0 ? cube_store_day_start (cli->store, until - 1) : cube_store_day_start (cli->store, 0);
      if (until == 0)
        {
          g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (from);
          g_autoptr(GDateTime) next = g_date_time_add_days (start, 1);

          until = g_date_time_to_unix (next);
        }
    }

  if (output != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      file = g_file_new_for_commandline_arg (output);
      if (!(out = (GOutputStream *) g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                                     &local_error)))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, "output", _("Cannot write %s: %s"), output,
                          local_error->message);
          return FALSE;
        }
    }
  else
    out = g_unix_output_stream_new (1, FALSE);

  if (overview)
    {
      g_autoptr(CubeOverview) result = cube_store_get_overview (cli->store, cube_assignment_get_id (assignment),
                                                                from, until, error);

      ok = result != NULL && cube_store_export_overview (cli->store, result, out, flags, NULL, error);
    }
  else
    ok = cube_store_export_customers (cli->store, cube_assignment_get_id (assignment), out, flags, NULL, error);

  /* A failed export leaves an existing file as it was. */
  abandon = g_cancellable_new ();
  if (!ok)
    g_cancellable_cancel (abandon);
  if (!g_output_stream_close (out, ok ? NULL : abandon, ok ? error : NULL))
    return FALSE;
  if (ok && output != NULL)
    g_string_append_printf (cli->text, _("Wrote %s.\n"), output);
  return ok;
}

/* Column @spec of the file: a header label, else a column letter (A, AB). */
static int
import_column (CubeImportMapping  *mapping,
               const char         *spec,
               GError            **error)
{
  int column = cube_import_mapping_find_header (mapping, spec);
  guint n = cube_import_mapping_get_n_columns (mapping);

  if (column < 0 && spec[0] != '\0' && strlen (spec) <= 3)
    {
      guint index = 0;
      const char *p;

      for (p = spec; *p && g_ascii_isalpha (*p); p++)
        index = index * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (*p == '\0' && index >= 1 && index <= n)
        column = index - 1;
    }
  if (column < 0)
    cube_set_error (error, CUBE_ERROR_VALIDATION, "map",
                    _("The file has no column “%s” (give its header or its letter)"), spec);
  return column;
}

/* Applies one --map COLUMN=FIELD. FIELD is customer_key, name, email,
 * phone1…phone3, ignore, or a custom field's key or label. */
static gboolean
apply_map (CubeImportJob  *job,
           const char     *spec,
           GError        **error)
{
  CubeImportMapping *mapping = cube_import_job_get_mapping (job);
  GPtrArray *fields = cube_import_job_get_fields (job);
  const char *eq = strrchr (spec, '=');
  g_autofree char *column_spec = NULL;
  const char *target_spec;
  CubeImportTarget target;
  int column;

  if (eq == NULL || eq == spec || eq[1] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--map takes COLUMN=FIELD, not “%s”"), spec);
      return FALSE;
    }
  column_spec = g_strndup (spec, eq - spec);
  target_spec = eq + 1;
  if ((column = import_column (mapping, column_spec, error)) < 0)
    return FALSE;
  if (cube_import_target_from_string (target_spec, &target) && target != CUBE_IMPORT_TARGET_FIELD)
    {
      cube_import_mapping_set_target (mapping, column, target, NULL);
      return TRUE;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];

      if (g_str_equal (cube_field_def_get_key (def), target_spec)
          || g_utf8_collate (cube_field_def_get_label (def), target_spec) == 0)
        {
          cube_import_mapping_set_target (mapping, column, CUBE_IMPORT_TARGET_FIELD,
                                          cube_field_def_get_key (def));
          return TRUE;
        }
    }
  cube_set_error (error, CUBE_ERROR_VALIDATION, "map",
                  _("“%s” is not customer_key, name, email, phone1, phone2, phone3, ignore "
                    "or a field of the dataset"), target_spec);
  return FALSE;
}

static void
import_progress_cb (const CubeImportProgress *progress,
                    gpointer                  user_data)
{
  g_autofree char *rows = g_strdup_printf ("%" PRIu64, (uint64_t) progress->rows_done);

  /* Back to the start of the line: the progress overwrites itself. */
  g_printerr ("\r");
  if (progress->seconds_left >= 0)
    g_printerr (_("%s rows, %.0f rows/s, %.0f s left"), rows, progress->rows_per_second,
                progress->seconds_left);
  else
    g_printerr (_("%s rows, %.0f rows/s"), rows, progress->rows_per_second);
  g_printerr ("   ");
}

static gboolean
cmd_import (CubeCli  *cli,
            int       argc,
            char    **argv,
            GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *on_duplicate = NULL;
  g_autofree char *report = NULL;
  g_auto(GStrv) maps = NULL;
  int header_row = 0;
  gboolean dry_run = FALSE, save_mapping = FALSE;
  GOptionEntry entries[] = {
    { "assignment", 'a', 0, G_OPTION_ARG_STRING, &assignment_spec,
      N_("The assignment: its id or exact name (required)"), N_("A") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet,
      N_("The sheet to import (default: the first that is not empty)"), N_("NAME") },
    { "header-row", 0, 0, G_OPTION_ARG_INT, &header_row,
      N_("The header is row N of the file (default: the first non-empty row)"), N_("N") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Put COLUMN (header or letter) into FIELD: customer_key, name, email, phone1…3, "
         "ignore or a field key; repeatable"), N_("COLUMN=FIELD") },
    { "on-duplicate", 0, 0, G_OPTION_ARG_STRING, &on_duplicate,
      N_("A Kundeid already there: skip (default), update or fail"), N_("MODE") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report,
      N_("Write the rejected rows as CSV to FILE"), N_("FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check every row and report, but write nothing"), NULL },
    { "save-mapping", 0, 0, G_OPTION_ARG_NONE, &save_mapping,
      N_("Save the mapping for the dataset’s next imports"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeImportJob) job = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  CubeImportDuplicateMode mode = CUBE_IMPORT_DUPLICATE_SKIP;
  const CubeImportSummary *summary;
  GPtrArray *rejections;
  gboolean progress, ok;

  cli->description = _("Every row goes through the same checks as “customer add”; rows that fail\n"
                       "are rejected (see --report) and the others imported, all in one\n"
                       "transaction. Exit status 0 when the import ran, even with rejected rows;\n"
                       "1 when the file cannot be read; 3 when --on-duplicate fail met a\n"
                       "duplicate (then nothing is written).");
  if (!parse_options (cli, _("FILE"), entries, &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   argc < 2 ? _("Name the file to import") : _("Unexpected argument “%s”"),
                   argc < 2 ? NULL : argv[2]);
      return FALSE;
    }
  if (!require_option (assignment_spec, "--assignment", error))
    return FALSE;
  if (on_duplicate != NULL && !cube_import_duplicate_mode_from_string (on_duplicate, &mode))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("--on-duplicate is skip, update or fail, not “%s”"), on_duplicate);
      return FALSE;
    }
  if (header_row < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("--header-row must be a row number"));
      return FALSE;
    }
  if (!open_store (cli, error))
    return FALSE;
  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return FALSE;
  if (!(job = cube_import_job_new (cli->store, argv[1], error)))
    return FALSE;
  if (sheet != NULL)
    {
      int index = cube_sheet_reader_find_sheet (cube_import_job_get_reader (job), sheet);

      if (index < 0)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, "sheet", _("The file has no sheet “%s”"), sheet);
          return FALSE;
        }
      if (!cube_import_job_set_sheet (job, index, NULL, error))
        return FALSE;
    }
  if (!cube_import_job_set_assignment (job, cube_assignment_get_id (assignment), error))
    return FALSE;
  if (header_row > 0 && !cube_import_job_set_header_row (job, header_row, error))
    return FALSE;
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    if (!apply_map (job, maps[i], error))
      return FALSE;
  if (save_mapping && !dry_run && !cube_import_job_save_mapping (job, error))
    return FALSE;
  cube_import_job_set_duplicate_mode (job, mode);
  cube_import_job_set_dry_run (job, dry_run);

  /* The import is its own transaction, not a savepoint inside the
   * command's: SQLite keeps a copy of every page a savepoint changes, which
   * for a million rows is slow and grows the memory. What the command did
   * so far (at most signing in a new login, or saving the mapping) is
   * committed first. */
  cli->in_transaction = FALSE;
  if (!cube_store_commit (cli->store, error))
    return FALSE;

  progress = isatty (STDERR_FILENO);
  if (progress)
    cube_import_job_set_progress_func (job, import_progress_cb, NULL, NULL);
  ok = cube_import_job_run (job, NULL, error);
  if (progress)
    g_printerr ("\r\033[K");
  if (!ok)
    return FALSE;

  summary = cube_import_job_get_summary (job);
  rejections = cube_import_job_get_rejections (job);
  if (report != NULL && !cube_import_job_write_report_to_path (job, report, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, summary->added);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, summary->updated);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, summary->skipped);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, summary->rejected);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, summary->seconds);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  if (summary->import_id > 0)
    {
      json_builder_set_member_name (builder, "import_id");
      json_builder_add_int_value (builder, summary->import_id);
    }
  json_builder_end_object (builder);
  set_result (cli, json_builder_get_root (builder));

  {
    g_autofree char *added = g_strdup_printf ("%" PRIu64, (uint64_t) summary->added);
    g_autofree char *updated = g_strdup_printf ("%" PRIu64, (uint64_t) summary->updated);
    g_autofree char *skipped = g_strdup_printf ("%" PRIu64, (uint64_t) summary->skipped);
    g_autofree char *rejected = g_strdup_printf ("%" PRIu64, (uint64_t) summary->rejected);

    g_string_append_printf (cli->text,
                            dry_run ? _("Dry run of %s into “%s” (nothing written): %s to add, %s to update, "
                                        "%s to skip, %s rejected (%.1f s).\n")
                                    : _("Imported %s into “%s”: %s added, %s updated, %s skipped, "
                                        "%s rejected (%.1f s).\n"),
                            cube_sheet_reader_get_file_name (cube_import_job_get_reader (job)),
                            cube_assignment_get_name (assignment), added, updated, skipped, rejected,
                            summary->seconds);
  }
  for (guint i = 0; i < rejections->len && i < 20; i++)
    {
      CubeImportRejection *rejection = rejections->pdata[i];
      g_autofree char *number = g_strdup_printf ("%" PRIu64, (uint64_t) rejection->number);

      if (rejection->column != NULL)
        g_string_append_printf (cli->text, _("  Row %s, column %s: %s\n"), number, rejection->column,
                                rejection->reason);
      else
        g_string_append_printf (cli->text, _("  Row %s: %s\n"), number, rejection->reason);
    }
  if (rejections->len > 20)
    {
      g_autofree char *more = g_strdup_printf ("%u", rejections->len - 20);
      g_string_append_printf (cli->text, _("  … and %s more rejected rows.\n"), more);
    }
  if (report != NULL)
    g_string_append_printf (cli->text, _("Wrote the rejected rows to %s.\n"), report);
  return TRUE;
}

static JsonNode *
json_import_record (gpointer object)
{
  CubeImportRecord *record = object;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *at = cube_cli_json_format_time (record->imported_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  json_builder_set_member_name (builder, "file_name");
  json_builder_add_string_value (builder, record->file_name);
  json_builder_set_member_name (builder, "checksum");
  json_builder_add_string_value (builder, record->checksum);
  json_builder_set_member_name (builder, "sheet");
  json_builder_add_string_value (builder, record->sheet);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, record->login);
  json_builder_set_member_name (builder, "imported_at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "assignment_id");
  json_builder_add_int_value (builder, record->assignment_id);
  json_builder_set_member_name (builder, "assignment");
  json_builder_add_string_value (builder, record->assignment_name);
  json_builder_set_member_name (builder, "on_duplicate");
  json_builder_add_string_value (builder, record->duplicate_mode);
  json_builder_set_member_name (builder, "added");
  json_builder_add_int_value (builder, record->added);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, record->updated);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, record->skipped);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, record->rejected);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, record->seconds);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
cmd_imports (CubeCli  *cli,
             int       argc,
             char    **argv,
             GError  **error)
{
  g_autoptr(GPtrArray) imports = NULL;

  if (!parse_no_arguments (cli, NULL, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(imports = cube_store_list_imports (cli->store, error)))
    return FALSE;
  set_result (cli, cube_cli_json_array (imports, json_import_record));
  if (imports->len == 0)
    g_string_append_printf (cli->text, "%s\n", _("No imports yet."));
  for (guint i = 0; i < imports->len; i++)
    {
      CubeImportRecord *record = imports->pdata[i];
      g_autofree char *at = format_time (record->imported_at);
      g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT, record->id);
      g_autofree char *counts = g_strdup_printf ("+%" G_GINT64_FORMAT " ~%" G_GINT64_FORMAT
                                                 " =%" G_GINT64_FORMAT " !%" G_GINT64_FORMAT,
                                                 record->added, record->updated, record->skipped,
                                                 record->rejected);

      append_padded (cli->text, id, 5);
      append_padded (cli->text, or_dash (at), 16);
      append_padded (cli->text, or_dash (record->login), 10);
      append_padded (cli->text, record->file_name, 24);
      append_padded (cli->text, or_dash (record->assignment_name), 20);
      g_string_append (cli->text, counts);
      end_line (cli->text);
    }
  if (imports->len > 0)
    g_string_append_printf (cli->text, "%s\n", _("+ added, ~ updated, = skipped, ! rejected"));
  return TRUE;
}

static gboolean
cmd_assignment_list (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Include archived assignments"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) datasets = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(assignments = cube_store_list_assignments (cli->store, all, error)))
    return FALSE;
  if (!(datasets = cube_store_list_datasets (cli->store, error)))
    return FALSE;

  set_result (cli, cube_cli_json_array (assignments, (CubeCliJsonFunc) cube_cli_json_assignment));
  for (guint i = 0; i < assignments->len; i++)
    {
      CubeAssignment *assignment = assignments->pdata[i];
      g_autofree char *dataset_name = NULL;

      for (guint j = 0; j < datasets->len && dataset_name == NULL; j++)
        if (cube_dataset_get_id (datasets->pdata[j]) == cube_assignment_get_dataset_id (assignment))
          dataset_name = g_strdup_printf ("%s/%s", cube_dataset_get_owner_name (datasets->pdata[j]),
                                          cube_dataset_kind_to_string (cube_dataset_get_kind (datasets->pdata[j])));
      g_string_append_printf (cli->text, "%4" G_GINT64_FORMAT "  %s  [%s]%s\n",
                              cube_assignment_get_id (assignment), cube_assignment_get_name (assignment),
                              or_dash (dataset_name),
                              cube_assignment_get_archived (assignment) ? _(" (archived)") : "");
    }
  if (assignments->len == 0)
    g_string_append_printf (cli->text, "%s\n", _("No assignments."));
  return TRUE;
}

static void
append_dataset_line (GString     *text,
                     CubeDataset *dataset)
{
  g_string_append_printf (text, "%4" G_GINT64_FORMAT "  %s/%s\n", cube_dataset_get_id (dataset),
                          cube_dataset_get_owner_name (dataset),
                          cube_dataset_kind_to_string (cube_dataset_get_kind (dataset)));
}

/* The options `assignment add` and `assignment edit` share. */
typedef struct {
  char   *name;
  char   *dataset;
  char   *visibility;
  char  **chosen;
  char   *from;
  char   *until;
  int     attempt_limit;
  int     cooldown;
} AssignmentOptions;

static void
assignment_options_clear (AssignmentOptions *options)
{
  g_free (options->name);
  g_free (options->dataset);
  g_free (options->visibility);
  g_strfreev (options->chosen);
  g_free (options->from);
  g_free (options->until);
}

static const char assignment_help[] =
  N_("A dataset is named by its id or OWNER/b2b or OWNER/b2c. Dates are YYYY-MM-DD or\n"
     "dd.mm.yyyy; an empty date (--from \"\") removes the limit. --chosen makes the\n"
     "assignment visible to the chosen users only (and to supervisors); repeat it\n"
     "for each user, or give --visibility all to open it to everyone.");

/* Fills @entries (room for 9) from @n. */
static void
add_assignment_entries (GOptionEntry      *entries,
                        guint              n,
                        AssignmentOptions *options)
{
  options->attempt_limit = -1;
  options->cooldown = -1;
  entries[n++] = (GOptionEntry) { "name", 'n', 0, G_OPTION_ARG_STRING, &options->name,
                                  N_("The assignment’s name"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "dataset", 'd', 0, G_OPTION_ARG_STRING, &options->dataset,
                                  N_("The dataset it works (id or OWNER/b2b or OWNER/b2c)"), N_("D") };
  entries[n++] = (GOptionEntry) { "visibility", 0, 0, G_OPTION_ARG_STRING, &options->visibility,
                                  N_("Who sees it: all or chosen"), N_("WHO") };
  entries[n++] = (GOptionEntry) { "chosen", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->chosen,
                                  N_("A chosen user’s login (repeat; replaces the chosen users)"),
                                  N_("LOGIN") };
  entries[n++] = (GOptionEntry) { "from", 0, 0, G_OPTION_ARG_STRING, &options->from,
                                  N_("The first day it can be worked"), N_("DATE") };
  entries[n++] = (GOptionEntry) { "until", 0, 0, G_OPTION_ARG_STRING, &options->until,
                                  N_("The last day it can be worked"), N_("DATE") };
  entries[n++] = (GOptionEntry) { "attempt-limit", 0, 0, G_OPTION_ARG_INT, &options->attempt_limit,
                                  N_("Attempts after which a customer is no longer offered (0: none)"),
                                  N_("N") };
  entries[n++] = (GOptionEntry) { "cooldown", 0, 0, G_OPTION_ARG_INT, &options->cooldown,
                                  N_("Minutes after an attempt before a customer is offered again"),
                                  N_("MINUTES") };
  entries[n] = (GOptionEntry) G_OPTION_ENTRY_NULL;
}

/* Applies @options over @assignment (its current settings). */
static CubeAssignment *
apply_assignment_options (CubeCli            *cli,
                          CubeAssignment     *assignment,
                          AssignmentOptions  *options,
                          GError            **error)
{
  g_autoptr(CubeDataset) dataset = NULL;
  CubeVisibility visibility = cube_assignment_get_visibility (assignment);
  const char * const *chosen = cube_assignment_get_users (assignment);
  gint64 dataset_id = cube_assignment_get_dataset_id (assignment);

  if (options->visibility != NULL && !cube_visibility_from_string (options->visibility, &visibility))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "visibility",
                      _("“%s” is not all or chosen"), options->visibility);
      return NULL;
    }
  if (options->chosen != NULL)
    {
      chosen = (const char * const *) options->chosen;
      if (options->visibility == NULL)
        visibility = CUBE_VISIBILITY_CHOSEN;
    }
  if (options->attempt_limit < -1 || options->cooldown < -1)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION,
                      options->attempt_limit < -1 ? "attempt_limit" : "cooldown_minutes",
                      _("The number cannot be negative"));
      return NULL;
    }
  if (options->dataset != NULL)
    {
      if (!(dataset = cube_store_find_dataset (cli->store, options->dataset, error)))
        return NULL;
      dataset_id = cube_dataset_get_id (dataset);
    }
  return cube_store_update_assignment (cli->store, cube_assignment_get_id (assignment),
                                       options->name ? options->name : cube_assignment_get_name (assignment),
                                       dataset_id, visibility, chosen,
                                       options->from ? options->from : cube_assignment_get_active_from (assignment),
                                       options->until ? options->until : cube_assignment_get_active_until (assignment),
                                       options->attempt_limit >= 0 ? (guint) options->attempt_limit
                                                                   : cube_assignment_get_attempt_limit (assignment),
                                       options->cooldown >= 0 ? (guint) options->cooldown
                                                              : cube_assignment_get_cooldown_minutes (assignment),
                                       error);
}

static void
append_assignment (GString        *text,
                   CubeAssignment *assignment)
{
  const char * const *users = cube_assignment_get_users (assignment);
  g_autofree char *chosen = g_strjoinv (", ", (char **) users);

  g_string_append_printf (text, "%4" G_GINT64_FORMAT "  %s", cube_assignment_get_id (assignment),
                          cube_assignment_get_name (assignment));
  if (cube_assignment_get_archived (assignment))
    g_string_append (text, _(" (archived)"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, "      %s: %s\n", _("Visible to"),
                          cube_assignment_get_visibility (assignment) == CUBE_VISIBILITY_ALL
                          ? _("all users") : or_dash (chosen));
  g_string_append_printf (text, "      %s: %s – %s\n", _("Active"),
                          cube_assignment_get_active_from (assignment)
                          ? cube_assignment_get_active_from (assignment) : "",
                          cube_assignment_get_active_until (assignment)
                          ? cube_assignment_get_active_until (assignment) : "");
  g_string_append_printf (text, "      %s: %u; %s: %u %s\n", _("Attempt limit"),
                          cube_assignment_get_attempt_limit (assignment), _("cool-down"),
                          cube_assignment_get_cooldown_minutes (assignment), _("minutes"));
}

static void
show_assignment (CubeCli        *cli,
                 CubeAssignment *assignment)
{
  set_result (cli, cube_cli_json_assignment (assignment));
  append_assignment (cli->text, assignment);
}

static gboolean
cmd_assignment_add (CubeCli  *cli,
                    int       argc,
                    char    **argv,
                    GError  **error)
{
  AssignmentOptions options = { 0 };
  GOptionEntry entries[10];
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autofree char *dataset_spec = NULL;
  gboolean ok;

  add_assignment_entries (entries, 0, &options);
  cli->description = _(assignment_help);
  ok = parse_no_arguments (cli, entries, &argc, &argv, error)
       && require_option (options.name, "--name", error) && require_option (options.dataset, "--dataset", error);
  if (ok)
    ok = open_store (cli, error)
         && (dataset = cube_store_find_dataset (cli->store, options.dataset, error))
         && (assignment = cube_store_add_assignment (cli->store, cube_dataset_get_id (dataset), options.name, error));
  /* The rest goes in the same transaction. */
  if (ok)
    {
      g_clear_pointer (&options.dataset, g_free);
      ok = (changed = apply_assignment_options (cli, assignment, &options, error)) != NULL;
    }
  assignment_options_clear (&options);
  if (!ok)
    return FALSE;

  show_assignment (cli, changed);
  return TRUE;
}

static gboolean
cmd_assignment_edit (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  AssignmentOptions options = { 0 };
  g_autofree char *assignment_spec = NULL;
  GOptionEntry entries[11];
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  gboolean ok;

  entries[0] = (GOptionEntry) ASSIGNMENT_OPTION (&assignment_spec);
  add_assignment_entries (entries, 1, &options);
  cli->description = _(assignment_help);
  ok = parse_no_arguments (cli, entries, &argc, &argv, error)
       && require_option (assignment_spec, "--assignment", error);
  if (ok)
    ok = open_store (cli, error)
         && (assignment = cube_store_find_assignment (cli->store, assignment_spec, error))
         && (changed = apply_assignment_options (cli, assignment, &options, error));
  assignment_options_clear (&options);
  if (!ok)
    return FALSE;

  show_assignment (cli, changed);
  return TRUE;
}

static gboolean
set_assignment_archived (CubeCli   *cli,
                         int        argc,
                         char     **argv,
                         gboolean   archived,
                         GError   **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) changed = NULL;

  if (!(assignment = open_assignment_only (cli, &argc, &argv, error)))
    return FALSE;
  if (!cube_store_set_assignment_archived (cli->store, cube_assignment_get_id (assignment), archived, error))
    return FALSE;
  if (!(changed = cube_store_get_assignment (cli->store, cube_assignment_get_id (assignment), error)))
    return FALSE;

  show_assignment (cli, changed);
  return TRUE;
}

static gboolean
cmd_assignment_archive (CubeCli  *cli,
                        int       argc,
                        char    **argv,
                        GError  **error)
{
  return set_assignment_archived (cli, argc, argv, TRUE, error);
}

static gboolean
cmd_assignment_restore (CubeCli  *cli,
                        int       argc,
                        char    **argv,
                        GError  **error)
{
  return set_assignment_archived (cli, argc, argv, FALSE, error);
}

static gboolean
cmd_dataset_list (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autofree char *owner_spec = NULL;
  GOptionEntry entries[] = {
    { "owner", 'o', 0, G_OPTION_ARG_STRING, &owner_spec,
      N_("Only the datasets of data owner O (id or name)"), N_("O") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (owner_spec != NULL && !(owner = cube_store_find_data_owner (cli->store, owner_spec, error)))
    return FALSE;
  if (!(datasets = cube_store_list_datasets (cli->store, error)))
    return FALSE;
  for (guint i = datasets->len; owner != NULL && i > 0; i--)
    if (cube_dataset_get_owner_id (datasets->pdata[i - 1]) != cube_data_owner_get_id (owner))
      g_ptr_array_remove_index (datasets, i - 1);

  show_list (cli, datasets, (CubeCliJsonFunc) cube_cli_json_dataset,
             (CubeCliAppendFunc) append_dataset_line, _("No datasets."));
  return TRUE;
}

static gboolean
cmd_dataset_add (CubeCli  *cli,
                 int       argc,
                 char    **argv,
                 GError  **error)
{
  g_autofree char *owner_spec = NULL;
  g_autofree char *kind_name = NULL;
  GOptionEntry entries[] = {
    { "owner", 'o', 0, G_OPTION_ARG_STRING, &owner_spec,
      N_("The data owner: its id or exact name (required)"), N_("O") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name, N_("b2b or b2c (required)"), N_("KIND") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autofree char *id_text = NULL;
  CubeDatasetKind kind;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (owner_spec, "--owner", error) || !require_option (kind_name, "--kind", error))
    return FALSE;
  if (!cube_dataset_kind_from_string (kind_name, &kind))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "kind", _("“%s” is not b2b or b2c"), kind_name);
      return FALSE;
    }
  if (!open_store (cli, error))
    return FALSE;
  if (!(owner = cube_store_find_data_owner (cli->store, owner_spec, error)))
    return FALSE;
  if (!(dataset = cube_store_add_dataset (cli->store, cube_data_owner_get_id (owner), kind, error)))
    return FALSE;

  /* Formatted apart: xgettext cannot see through G_GINT64_FORMAT. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cube_dataset_get_id (dataset));
  set_result (cli, cube_cli_json_dataset (dataset));
  g_string_append_printf (cli->text, _("Added the dataset %s/%s (id %s).\n"),
                          cube_dataset_get_owner_name (dataset),
                          cube_dataset_kind_to_string (cube_dataset_get_kind (dataset)), id_text);
  return TRUE;
}

static void
append_owner (GString       *text,
              CubeDataOwner *owner)
{
  g_string_append_printf (text, "%4" G_GINT64_FORMAT "  ", cube_data_owner_get_id (owner));
  append_padded (text, cube_data_owner_get_name (owner), 24);
  g_string_append_printf (text, "%s: %s; %s: %s", _("controller"),
                          or_dash (cube_data_owner_get_controller (owner)), _("purpose"),
                          or_dash (cube_data_owner_get_purpose (owner)));
  end_line (text);
}

static gboolean
cmd_owner_add (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autofree char *name = NULL;
  g_autofree char *controller = NULL;
  g_autofree char *purpose = NULL;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("The data owner’s name (required)"), N_("NAME") },
    { "controller", 0, 0, G_OPTION_ARG_STRING, &controller,
      N_("Behandlingsansvarlig, the GDPR controller"), N_("TEXT") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("Formål, the purpose of the processing"),
      N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataOwner) owner = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (name, "--name", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(owner = cube_store_add_data_owner (cli->store, name, controller, purpose, error)))
    return FALSE;

  set_result (cli, cube_cli_json_data_owner (owner));
  g_string_append_printf (cli->text, _("Added the data owner %s; add its datasets with `dataset add`.\n"),
                          cube_data_owner_get_name (owner));
  return TRUE;
}

static gboolean
cmd_owner_list (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autoptr(GPtrArray) owners = NULL;

  if (!parse_no_arguments (cli, NULL, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(owners = cube_store_list_data_owners (cli->store, error)))
    return FALSE;

  show_list (cli, owners, (CubeCliJsonFunc) cube_cli_json_data_owner,
             (CubeCliAppendFunc) append_owner, _("No data owners."));
  return TRUE;
}

static gboolean
cmd_owner_edit (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autofree char *owner_spec = NULL;
  g_autofree char *name = NULL;
  g_autofree char *controller = NULL;
  g_autofree char *purpose = NULL;
  GOptionEntry entries[] = {
    { "owner", 'o', 0, G_OPTION_ARG_STRING, &owner_spec,
      N_("The data owner: its id or exact name (required)"), N_("O") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("A new name"), N_("NAME") },
    { "controller", 0, 0, G_OPTION_ARG_STRING, &controller,
      N_("A new behandlingsansvarlig (GDPR controller)"), N_("TEXT") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("A new formål (purpose)"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataOwner) changed = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (owner_spec, "--owner", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(owner = cube_store_find_data_owner (cli->store, owner_spec, error)))
    return FALSE;
  if (!(changed = cube_store_update_data_owner (cli->store, cube_data_owner_get_id (owner),
                                                name ? name : cube_data_owner_get_name (owner),
                                                controller ? controller : cube_data_owner_get_controller (owner),
                                                purpose ? purpose : cube_data_owner_get_purpose (owner),
                                                error)))
    return FALSE;

  set_result (cli, cube_cli_json_data_owner (changed));
  append_owner (cli->text, changed);
  return TRUE;
}

static gboolean
cmd_user_list (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autoptr(GPtrArray) users = NULL;

  if (!parse_no_arguments (cli, NULL, &argc, &argv, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(users = cube_store_list_users (cli->store, error)))
    return FALSE;

  show_list (cli, users, (CubeCliJsonFunc) cube_cli_json_user,
             (CubeCliAppendFunc) append_user, NULL);
  return TRUE;
}

/* The permission options of `user add` and `user edit`. */
typedef struct {
  gboolean  on[6];
  gboolean  off[6];
  char     *list;
} PermissionOptions;

static const struct {
  const char      *option;
  CubePermissions  permission;
} permission_options[6] = {
  { "admin", CUBE_PERMISSION_ADMINISTRATOR },
  { "setup", CUBE_PERMISSION_ASSIGNMENT_SETUP },
  { "reporting", CUBE_PERMISSION_REPORTING },
  { "customers", CUBE_PERMISSION_CUSTOMER_HANDLING },
  { "extended", CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING },
  { "correct", CUBE_PERMISSION_CORRECT_OUTCOMES },
};

static const char permissions_help[] =
  N_("Permissions: --admin (administrator), --setup (assignment setup), --reporting,\n"
     "--customers (customer handling), --extended (extended customer handling:\n"
     "change status, move, release another user’s lock), --correct (correct\n"
     "outcomes); each has a --no-… form. Or --permissions with a comma-separated\n"
     "list of administrator, assignment_setup, reporting, customer_handling,\n"
     "extended_customer_handling, correct_outcomes (or the short names above),\n"
     "which replaces them all; “none” for none. A new user without any gets\n"
     "customer handling.");

/* Adds the permission options to @entries (which has room) after @n. */
static void
add_permission_entries (GOptionEntry      *entries,
                        guint              n,
                        PermissionOptions *options)
{
  static const char *on_help[6] = {
    N_("Administrator: users and everything else"), N_("Assignment setup: CRM settings, assignments, outcomes"),
    N_("Reporting: overview and exports"), N_("Customer handling: add, edit and work customers"),
    N_("Extended customer handling: move customers, release others’ locks"),
    N_("Correct registered outcomes"),
  };
  static const char *off_names[6] = {
    "no-admin", "no-setup", "no-reporting", "no-customers", "no-extended", "no-correct",
  };

  for (guint i = 0; i < 6; i++)
    {
      entries[n++] = (GOptionEntry) { permission_options[i].option, 0, 0, G_OPTION_ARG_NONE,
                                      &options->on[i], on_help[i], NULL };
      entries[n++] = (GOptionEntry) { off_names[i], 0, 0, G_OPTION_ARG_NONE, &options->off[i],
                                      N_("Without the permission above"), NULL };
    }
  entries[n++] = (GOptionEntry) { "permissions", 0, 0, G_OPTION_ARG_STRING, &options->list,
                                  N_("Exactly these permissions (comma-separated; see below)"),
                                  N_("LIST") };
  entries[n] = (GOptionEntry) G_OPTION_ENTRY_NULL;
}

/* The permissions @options give, starting from @old; FALSE with a usage or
 * validation error for a bad combination or name. */
static gboolean
apply_permission_options (PermissionOptions  *options,
                          CubePermissions     old,
                          CubePermissions    *result,
                          GError            **error)
{
  CubePermissions permissions = old;
  gboolean any_flag = FALSE;

  for (guint i = 0; i < 6; i++)
    {
      if (options->on[i] && options->off[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("Give either --%s or --no-%s, not both"),
                       permission_options[i].option, permission_options[i].option);
          return FALSE;
        }
      any_flag |= options->on[i] || options->off[i];
    }
  if (options->list != NULL && any_flag)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give either --permissions or the single permission options, not both"));
      return FALSE;
    }
  if (options->list != NULL)
    {
      g_auto(GStrv) names = g_strsplit (options->list, ",", -1);

      permissions = CUBE_PERMISSION_NONE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *name = g_strstrip (g_strdup (names[i]));
          g_auto(GStrv) all = cube_cli_permission_names (CUBE_PERMISSION_ALL);
          gboolean found = FALSE;

          if (name[0] == '\0' || g_ascii_strcasecmp (name, "none") == 0)
            continue;
          for (guint j = 0; j < 6 && !found; j++)
            if (g_ascii_strcasecmp (name, permission_options[j].option) == 0
                || g_ascii_strcasecmp (name, all[j]) == 0)
              {
                permissions |= permission_options[j].permission;
                found = TRUE;
              }
          if (!found)
            {
              cube_set_error (error, CUBE_ERROR_VALIDATION, "permissions",
                              _("“%s” is not a permission; see --help"), name);
              return FALSE;
            }
        }
    }
  for (guint i = 0; i < 6; i++)
    {
      if (options->on[i])
        permissions |= permission_options[i].permission;
      if (options->off[i])
        permissions &= ~permission_options[i].permission;
    }
  *result = permissions;
  return TRUE;
}

static void
append_user (GString  *text,
             CubeUser *user)
{
  g_auto(GStrv) names = cube_cli_permission_names (cube_user_get_permissions (user));
  g_autofree char *permissions = g_strjoinv (", ", names);

  append_padded (text, cube_user_get_login (user), 16);
  append_padded (text, or_dash (cube_user_get_name (user)), 24);
  g_string_append (text, or_dash (permissions));
  if (cube_user_get_archived (user))
    g_string_append (text, _(" (archived)"));
  end_line (text);
}

/* Parses `user add|edit` and opens the store; @options must be cleared. */
static gboolean
parse_user_options (CubeCli            *cli,
                    gboolean            adding,
                    char              **login,
                    char              **name,
                    PermissionOptions  *options,
                    int                *argc,
                    char             ***argv,
                    GError            **error)
{
  GOptionEntry entries[16];

  entries[0] = (GOptionEntry) { "login", 'l', 0, G_OPTION_ARG_STRING, login,
                                N_("The user’s login, as on the workstation (required)"), N_("LOGIN") };
  entries[1] = (GOptionEntry) { "name", 'n', 0, G_OPTION_ARG_STRING, name,
                                adding ? N_("The user’s full name") : N_("A new full name"), N_("NAME") };
  add_permission_entries (entries, 2, options);
  cli->description = _(permissions_help);
  return parse_no_arguments (cli, entries, argc, argv, error)
         && require_option (*login, "--login", error);
}

static gboolean
cmd_user_add (CubeCli  *cli,
              int       argc,
              char    **argv,
              GError  **error)
{
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  PermissionOptions options = { 0 };
  g_autoptr(CubeUser) user = NULL;
  CubePermissions permissions;
  gboolean ok;

  ok = parse_user_options (cli, TRUE, &login, &name, &options, &argc, &argv, error)
       && apply_permission_options (&options, CUBE_PERMISSION_NONE, &permissions, error);
  if (ok && options.list == NULL && permissions == CUBE_PERMISSION_NONE)
    permissions = CUBE_PERMISSION_CUSTOMER_HANDLING;
  g_free (options.list);
  if (!ok || !open_store (cli, error))
    return FALSE;
  if (!(user = cube_store_add_user (cli->store, login, name, permissions, error)))
    return FALSE;

  set_result (cli, cube_cli_json_user (user));
  append_user (cli->text, user);
  return TRUE;
}

static gboolean
cmd_user_edit (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  PermissionOptions options = { 0 };
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeUser) changed = NULL;
  CubePermissions permissions;
  gboolean ok;

  ok = parse_user_options (cli, FALSE, &login, &name, &options, &argc, &argv, error)
       && apply_permission_options (&options, CUBE_PERMISSION_NONE, &permissions, error);
  if (ok)
    ok = open_store (cli, error) && (user = cube_store_find_user (cli->store, login, error)) != NULL;
  /* Applied again to the user's own permissions. */
  if (ok)
    ok = apply_permission_options (&options, cube_user_get_permissions (user), &permissions, error);
  g_free (options.list);
  if (!ok)
    return FALSE;
  if (!(changed = cube_store_update_user (cli->store, cube_user_get_id (user),
                                          name ? name : cube_user_get_name (user), permissions, error)))
    return FALSE;

  set_result (cli, cube_cli_json_user (changed));
  append_user (cli->text, changed);
  return TRUE;
}

static gboolean
set_user_archived (CubeCli   *cli,
                   int        argc,
                   char     **argv,
                   gboolean   archived,
                   GError   **error)
{
  g_autofree char *login = NULL;
  GOptionEntry entries[] = {
    { "login", 'l', 0, G_OPTION_ARG_STRING, &login, N_("The user’s login (required)"), N_("LOGIN") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeUser) changed = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (login, "--login", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(user = cube_store_find_user (cli->store, login, error)))
    return FALSE;
  if (!(changed = cube_store_set_user_archived (cli->store, cube_user_get_id (user), archived, error)))
    return FALSE;

  set_result (cli, cube_cli_json_user (changed));
  append_user (cli->text, changed);
  return TRUE;
}

static gboolean
cmd_user_archive (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  return set_user_archived (cli, argc, argv, TRUE, error);
}

static gboolean
cmd_user_restore (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  return set_user_archived (cli, argc, argv, FALSE, error);
}

static gboolean
cmd_field_list (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *dataset_spec = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "assignment", 'a', 0, G_OPTION_ARG_STRING, &assignment_spec,
      N_("The fields of the dataset of assignment A (id or name)"), N_("A") },
    { "dataset", 'd', 0, G_OPTION_ARG_STRING, &dataset_spec,
      N_("The fields of dataset D (id or OWNER/b2b or OWNER/b2c)"), N_("D") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include archived fields"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) fields = NULL;
  gint64 dataset_id;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (assignment_spec == NULL && dataset_spec == NULL)
    return require_option (NULL, "--assignment", error);
  if (!open_store (cli, error))
    return FALSE;

  if (assignment_spec != NULL)
    {
      g_autoptr(CubeAssignment) assignment = cube_store_find_assignment (cli->store, assignment_spec, error);

      if (assignment == NULL)
        return FALSE;
      dataset_id = cube_assignment_get_dataset_id (assignment);
    }
  else
    {
      g_autoptr(CubeDataset) dataset = cube_store_find_dataset (cli->store, dataset_spec, error);

      if (dataset == NULL)
        return FALSE;
      dataset_id = cube_dataset_get_id (dataset);
    }
  if (!(fields = cube_store_list_fields (cli->store, dataset_id, all, error)))
    return FALSE;

  set_result (cli, cube_cli_json_array (fields, (CubeCliJsonFunc) cube_cli_json_field_def));
  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *field = fields->pdata[i];
      const char * const *options = cube_field_def_get_options (field);

      append_padded (cli->text, cube_field_def_get_key (field), 16);
      append_padded (cli->text, cube_field_def_get_label (field), 20);
      append_padded (cli->text, cube_field_type_to_string (cube_field_def_get_field_type (field)), 10);
      if (cube_field_def_get_required (field))
        g_string_append_printf (cli->text, " %s", _("required"));
      if (cube_field_def_get_unique (field))
        g_string_append_printf (cli->text, " %s", _("unique"));
      if (cube_field_def_get_archived (field))
        g_string_append_printf (cli->text, " %s", _("archived"));
      if (options != NULL && options[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) options);
          g_string_append_printf (cli->text, " [%s]", list);
        }
      end_line (cli->text);
    }
  if (fields->len == 0)
    g_string_append_printf (cli->text, "%s\n", _("No custom fields."));
  return TRUE;
}

static gboolean
cmd_field_add (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autofree char *dataset_spec = NULL;
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *help = NULL;
  g_auto(GStrv) options = NULL;
  gboolean required = FALSE;
  gboolean unique = FALSE;
  GOptionEntry entries[] = {
    DATASET_OPTION (&dataset_spec),
    { "key", 'k', 0, G_OPTION_ARG_STRING, &key,
      N_("Stable key: a–z, 0–9 and _, starting with a letter (default: made from the label)"),
      N_("KEY") },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label, N_("Label shown to users (required)"), N_("LABEL") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name,
      N_("text, multiline, number, date, email, phone, link, choice or yesno (required)"), N_("TYPE") },
    { "required", 0, 0, G_OPTION_ARG_NONE, &required, N_("The field must be filled"), NULL },
    { "unique", 0, 0, G_OPTION_ARG_NONE, &unique,
      N_("A value may not repeat within the dataset (when filled)"), NULL },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options,
      N_("A choice of a choice field (repeat for each)"), N_("VALUE") },
    { "help-text", 0, 0, G_OPTION_ARG_STRING, &help, N_("Help text shown with the field"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  CubeFieldType type;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (dataset_spec, "--dataset", error)
      || !require_option (label, "--label", error)
      || !require_option (type_name, "--type", error))
    return FALSE;
  if (key == NULL)
    key = cube_field_key_from_label (label);
  if (!parse_field_type (type_name, &type, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(dataset = cube_store_find_dataset (cli->store, dataset_spec, error)))
    return FALSE;
  if (!(field = cube_store_add_field (cli->store, cube_dataset_get_id (dataset), key, label, type,
                                      required, unique, (const char * const *) options, help, error)))
    return FALSE;

  set_result (cli, cube_cli_json_field_def (field));
  g_string_append_printf (cli->text, _("Added the field %s (“%s”, %s) to %s/%s.\n"),
                          cube_field_def_get_key (field), cube_field_def_get_label (field),
                          cube_field_type_to_string (cube_field_def_get_field_type (field)),
                          cube_dataset_get_owner_name (dataset),
                          cube_dataset_kind_to_string (cube_dataset_get_kind (dataset)));
  return TRUE;
}

static gboolean
parse_field_type (const char     *name,
                  CubeFieldType  *type,
                  GError        **error)
{
  if (!cube_field_type_from_string (name, type))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "type",
                      _("“%s” is not a field type; use text, multiline, number, date, email, phone, "
                        "link, choice or yesno"), name);
      return FALSE;
    }
  return TRUE;
}

/* A --flag / --no-flag pair: the old value unless one of them is given. */
static gboolean
pick_flag (gboolean     old_value,
           gboolean     on,
           gboolean     off,
           const char  *option,
           gboolean    *value,
           GError     **error)
{
  if (on && off)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give either %s or --no-%s, not both"), option, option + 2);
      return FALSE;
    }
  *value = on ? TRUE : off ? FALSE : old_value;
  return TRUE;
}

/* The field named by --dataset and --key, for the commands that change one. */
static CubeFieldDef *
find_field (CubeCli      *cli,
            const char   *dataset_spec,
            const char   *key,
            CubeDataset **dataset_out,
            GError      **error)
{
  g_autoptr(CubeDataset) dataset = NULL;
  CubeFieldDef *field;

  if (!(dataset = cube_store_find_dataset (cli->store, dataset_spec, error)))
    return NULL;
  if (!(field = cube_store_find_field (cli->store, cube_dataset_get_id (dataset), key, error)))
    return NULL;
  if (dataset_out != NULL)
    *dataset_out = g_steal_pointer (&dataset);
  return field;
}

static gboolean
cmd_field_edit (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autofree char *dataset_spec = NULL;
  g_autofree char *key = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *label = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *help = NULL;
  g_auto(GStrv) options = NULL;
  gboolean required = FALSE, no_required = FALSE;
  gboolean unique = FALSE, no_unique = FALSE;
  gboolean no_options = FALSE;
  GOptionEntry entries[] = {
    DATASET_OPTION (&dataset_spec),
    FIELD_KEY_OPTION (&key),
    { "new-key", 0, 0, G_OPTION_ARG_STRING, &new_key,
      N_("A new key (only while no customer has a value)"), N_("KEY") },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label, N_("A new label"), N_("LABEL") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type_name,
      N_("A new type (only when every value converts)"), N_("TYPE") },
    { "required", 0, 0, G_OPTION_ARG_NONE, &required,
      N_("New and edited customers must fill the field"), NULL },
    { "no-required", 0, 0, G_OPTION_ARG_NONE, &no_required, N_("The field may be empty"), NULL },
    { "unique", 0, 0, G_OPTION_ARG_NONE, &unique,
      N_("A value may not repeat within the dataset (refused while values repeat)"), NULL },
    { "no-unique", 0, 0, G_OPTION_ARG_NONE, &no_unique, N_("Values may repeat"), NULL },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options,
      N_("The choices of a choice field, replacing the old ones (repeat for each)"), N_("VALUE") },
    { "no-options", 0, 0, G_OPTION_ARG_NONE, &no_options,
      N_("Remove the choices (when changing away from a choice field)"), NULL },
    { "help-text", 0, 0, G_OPTION_ARG_STRING, &help, N_("A new help text"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(CubeFieldDef) changed = NULL;
  CubeFieldType type;
  gboolean new_required, new_unique;
  const char * const *new_options;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (dataset_spec, "--dataset", error) || !require_option (key, "--key", error))
    return FALSE;
  if (type_name != NULL && !parse_field_type (type_name, &type, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(field = find_field (cli, dataset_spec, key, &dataset, error)))
    return FALSE;
  if (type_name == NULL)
    type = cube_field_def_get_field_type (field);
  if (!pick_flag (cube_field_def_get_required (field), required, no_required, "--required",
                  &new_required, error)
      || !pick_flag (cube_field_def_get_unique (field), unique, no_unique, "--unique", &new_unique, error))
    return FALSE;
  if (options != NULL)
    new_options = (const char * const *) options;
  else if (no_options || type != CUBE_FIELD_CHOICE)
    new_options = NULL;
  else
    new_options = cube_field_def_get_options (field);

  if (!(changed = cube_store_update_field (cli->store, cube_field_def_get_id (field), new_key,
                                           label != NULL ? label : cube_field_def_get_label (field),
                                           type, new_required, new_unique, new_options,
                                           help != NULL ? help : cube_field_def_get_help (field), error)))
    return FALSE;

  set_result (cli, cube_cli_json_field_def (changed));
  g_string_append_printf (cli->text, _("Changed the field %s (“%s”, %s).\n"),
                          cube_field_def_get_key (changed), cube_field_def_get_label (changed),
                          cube_field_type_to_string (cube_field_def_get_field_type (changed)));
  if (new_required && !cube_field_def_get_required (field))
    {
      gint64 missing = cube_store_count_missing_value (cli->store, cube_field_def_get_id (changed), NULL);

      if (missing > 0)
        g_string_append_printf (cli->text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%lu existing customer has no value; see `field missing`.\n",
                                             "%lu existing customers have no value; see `field missing`.\n",
                                             missing), (gulong) missing);
    }
  return TRUE;
}

static gboolean
cmd_field_move (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  g_autofree char *dataset_spec = NULL;
  g_autofree char *key = NULL;
  int position = 0;
  gboolean up = FALSE, down = FALSE;
  GOptionEntry entries[] = {
    DATASET_OPTION (&dataset_spec),
    FIELD_KEY_OPTION (&key),
    { "position", 'p', 0, G_OPTION_ARG_INT, &position,
      N_("The new place, 1 for first (archived fields count)"), N_("N") },
    { "up", 0, 0, G_OPTION_ARG_NONE, &up, N_("One place up"), NULL },
    { "down", 0, 0, G_OPTION_ARG_NONE, &down, N_("One place down"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(GPtrArray) fields = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (dataset_spec, "--dataset", error) || !require_option (key, "--key", error))
    return FALSE;
  if ((position != 0) + up + down != 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give one of --position, --up or --down"));
      return FALSE;
    }
  if (!open_store (cli, error))
    return FALSE;
  if (!(field = find_field (cli, dataset_spec, key, &dataset, error)))
    return FALSE;
  if (up || down)
    {
      if (!(fields = cube_store_list_fields (cli->store, cube_dataset_get_id (dataset), TRUE, error)))
        return FALSE;
      for (guint i = 0; i < fields->len; i++)
        if (cube_field_def_get_id (fields->pdata[i]) == cube_field_def_get_id (field))
          position = up ? MAX ((int) i, 1) : (int) i + 2;
      g_clear_pointer (&fields, g_ptr_array_unref);
    }
  if (!cube_store_move_field (cli->store, cube_field_def_get_id (field), position, error))
    return FALSE;
  if (!(fields = cube_store_list_fields (cli->store, cube_dataset_get_id (dataset), TRUE, error)))
    return FALSE;

  set_result (cli, cube_cli_json_array (fields, (CubeCliJsonFunc) cube_cli_json_field_def));
  for (guint i = 0; i < fields->len; i++)
    {
      g_string_append_printf (cli->text, "%3u  ", i + 1);
      append_padded (cli->text, cube_field_def_get_key (fields->pdata[i]), 16);
      g_string_append (cli->text, cube_field_def_get_label (fields->pdata[i]));
      if (cube_field_def_get_archived (fields->pdata[i]))
        g_string_append_printf (cli->text, " %s", _("archived"));
      end_line (cli->text);
    }
  return TRUE;
}

static gboolean
set_field_archived (CubeCli   *cli,
                    int        argc,
                    char     **argv,
                    gboolean   archived,
                    GError   **error)
{
  g_autofree char *dataset_spec = NULL;
  g_autofree char *key = NULL;
  GOptionEntry entries[] = {
    DATASET_OPTION (&dataset_spec),
    FIELD_KEY_OPTION (&key),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(CubeFieldDef) changed = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (dataset_spec, "--dataset", error) || !require_option (key, "--key", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(field = find_field (cli, dataset_spec, key, NULL, error)))
    return FALSE;
  if (!(changed = cube_store_set_field_archived (cli->store, cube_field_def_get_id (field), archived, error)))
    return FALSE;

  set_result (cli, cube_cli_json_field_def (changed));
  g_string_append_printf (cli->text,
                          archived ? _("Archived the field %s; its values are kept.\n")
                                   : _("Restored the field %s.\n"),
                          cube_field_def_get_key (changed));
  return TRUE;
}

static gboolean
cmd_field_archive (CubeCli  *cli,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  return set_field_archived (cli, argc, argv, TRUE, error);
}

static gboolean
cmd_field_restore (CubeCli  *cli,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  return set_field_archived (cli, argc, argv, FALSE, error);
}

static void show_customer_list (CubeCli *cli, GPtrArray *customers);
static gboolean check_page (int limit, int offset, GError **error);

static gboolean
cmd_field_missing (CubeCli  *cli,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  g_autofree char *dataset_spec = NULL;
  g_autofree char *key = NULL;
  int limit = 50;
  int offset = 0;
  GOptionEntry entries[] = {
    DATASET_OPTION (&dataset_spec),
    FIELD_KEY_OPTION (&key),
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N customers (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N customers"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(GPtrArray) customers = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (dataset_spec, "--dataset", error) || !require_option (key, "--key", error))
    return FALSE;
  if (!check_page (limit, offset, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(field = find_field (cli, dataset_spec, key, NULL, error)))
    return FALSE;
  if (!(customers = cube_store_list_missing_value (cli->store, cube_field_def_get_id (field),
                                                   offset, limit, error)))
    return FALSE;
  show_customer_list (cli, customers);
  return TRUE;
}

static gboolean
cmd_outcome_list (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;

  if (!(assignment = open_assignment_only (cli, &argc, &argv, error)))
    return FALSE;
  if (!(outcomes = cube_store_list_outcomes (cli->store, cube_assignment_get_id (assignment), error)))
    return FALSE;

  show_list (cli, outcomes, (CubeCliJsonFunc) cube_cli_json_outcome,
             (CubeCliAppendFunc) append_outcome, _("No outcomes."));
  return TRUE;
}

static gboolean
parse_outcome_kind (const char       *name,
                    CubeOutcomeKind  *kind,
                    GError          **error)
{
  if (!cube_outcome_kind_from_string (name, kind))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "kind", _("“%s” is not progress or attempt"), name);
      return FALSE;
    }
  return TRUE;
}

/* The outcome of the assignment labelled @label, archived or not. */
static CubeOutcome *
find_any_outcome (CubeCli         *cli,
                  const char      *assignment_spec,
                  const char      *label,
                  CubeAssignment **assignment_out,
                  GError         **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *folded = g_utf8_casefold (label, -1);

  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return NULL;
  if (!(outcomes = cube_store_list_outcomes (cli->store, cube_assignment_get_id (assignment), error)))
    return NULL;
  for (guint i = 0; i < outcomes->len; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (cube_outcome_get_label (outcomes->pdata[i]), -1);

      if (g_str_equal (candidate, folded))
        {
          if (assignment_out != NULL)
            *assignment_out = g_steal_pointer (&assignment);
          return g_object_ref (outcomes->pdata[i]);
        }
    }
  cube_set_error (error, CUBE_ERROR_NOT_FOUND, "outcome", _("The assignment has no outcome “%s”"), label);
  return NULL;
}

static void
append_outcome (GString     *text,
                CubeOutcome *outcome)
{
  append_padded (text, cube_outcome_get_label (outcome), 24);
  g_string_append (text, cube_outcome_get_kind (outcome) == CUBE_OUTCOME_PROGRESS
                         ? _("progress") : _("attempt"));
  if (cube_outcome_get_closes (outcome))
    g_string_append_printf (text, ", %s", _("closes the customer"));
  if (cube_outcome_get_needs_time (outcome))
    g_string_append_printf (text, ", %s", _("needs a time (--at)"));
  if (cube_outcome_get_archived (outcome))
    g_string_append_printf (text, ", %s", _("archived"));
  g_string_append_c (text, '\n');
}

static gboolean
cmd_outcome_add (CubeCli  *cli,
                 int       argc,
                 char    **argv,
                 GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *label = NULL;
  g_autofree char *kind_name = NULL;
  gboolean closes = FALSE, needs_time = FALSE;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label, N_("The outcome’s label (required)"), N_("LABEL") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_("progress (changes the customer’s state) or attempt (counts an attempt) (required)"),
      N_("KIND") },
    { "closes", 0, 0, G_OPTION_ARG_NONE, &closes, N_("Closes the customer (progress only)"), NULL },
    { "needs-time", 0, 0, G_OPTION_ARG_NONE, &needs_time, N_("Needs a follow-up time"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  CubeOutcomeKind kind;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (label, "--label", error)
      || !require_option (kind_name, "--kind", error))
    return FALSE;
  if (!parse_outcome_kind (kind_name, &kind, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return FALSE;
  if (!(outcome = cube_store_add_outcome (cli->store, cube_assignment_get_id (assignment), label, kind,
                                          closes, needs_time, error)))
    return FALSE;

  set_result (cli, cube_cli_json_outcome (outcome));
  append_outcome (cli->text, outcome);
  return TRUE;
}

static gboolean
cmd_outcome_edit (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *kind_name = NULL;
  gboolean closes = FALSE, no_closes = FALSE, needs_time = FALSE, no_needs_time = FALSE;
  int position = 0;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &name, N_("The outcome’s label (required)"), N_("LABEL") },
    { "label", 'l', 0, G_OPTION_ARG_STRING, &label, N_("A new label"), N_("LABEL") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name, N_("progress or attempt"), N_("KIND") },
    { "closes", 0, 0, G_OPTION_ARG_NONE, &closes, N_("Closes the customer"), NULL },
    { "no-closes", 0, 0, G_OPTION_ARG_NONE, &no_closes, N_("Does not close the customer"), NULL },
    { "needs-time", 0, 0, G_OPTION_ARG_NONE, &needs_time, N_("Needs a follow-up time"), NULL },
    { "no-needs-time", 0, 0, G_OPTION_ARG_NONE, &no_needs_time, N_("Needs no follow-up time"), NULL },
    { "position", 'p', 0, G_OPTION_ARG_INT, &position, N_("Its new place in the list, 1 for first"),
      N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(CubeOutcome) changed = NULL;
  CubeOutcomeKind kind;
  gboolean new_closes, new_needs_time;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (name, "--outcome", error))
    return FALSE;
  if (kind_name != NULL && !parse_outcome_kind (kind_name, &kind, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(outcome = find_any_outcome (cli, assignment_spec, name, NULL, error)))
    return FALSE;
  if (kind_name == NULL)
    kind = cube_outcome_get_kind (outcome);
  if (!pick_flag (cube_outcome_get_closes (outcome), closes, no_closes, "--closes", &new_closes, error)
      || !pick_flag (cube_outcome_get_needs_time (outcome), needs_time, no_needs_time, "--needs-time",
                     &new_needs_time, error))
    return FALSE;
  if (!(changed = cube_store_update_outcome (cli->store, cube_outcome_get_id (outcome),
                                             label ? label : cube_outcome_get_label (outcome),
                                             kind, new_closes, new_needs_time, error)))
    return FALSE;
  if (position != 0)
    {
      g_clear_object (&changed);
      if (!cube_store_move_outcome (cli->store, cube_outcome_get_id (outcome), position, error)
          || !(changed = cube_store_get_outcome (cli->store, cube_outcome_get_id (outcome), error)))
        return FALSE;
    }

  set_result (cli, cube_cli_json_outcome (changed));
  append_outcome (cli->text, changed);
  return TRUE;
}

/* `outcome archive|restore|delete`: @what 0 archives, 1 restores, 2 deletes. */
static gboolean
change_outcome (CubeCli   *cli,
                int        argc,
                char     **argv,
                int        what,
                GError   **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &name, N_("The outcome’s label (required)"), N_("LABEL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(CubeOutcome) changed = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (name, "--outcome", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(outcome = find_any_outcome (cli, assignment_spec, name, NULL, error)))
    return FALSE;
  if (what == 2)
    {
      if (!cube_store_delete_outcome (cli->store, cube_outcome_get_id (outcome), error))
        return FALSE;
      set_result (cli, cube_cli_json_outcome (outcome));
      g_string_append_printf (cli->text, _("Deleted the outcome “%s”.\n"), cube_outcome_get_label (outcome));
      return TRUE;
    }
  if (!(changed = cube_store_set_outcome_archived (cli->store, cube_outcome_get_id (outcome), what == 0, error)))
    return FALSE;
  set_result (cli, cube_cli_json_outcome (changed));
  append_outcome (cli->text, changed);
  return TRUE;
}

/* The time of --at, local, into @follow_up_at (left alone without --at). */
static gboolean
parse_follow_up (const char  *at,
                 gint64      *follow_up_at,
                 GError     **error)
{
  if (at != NULL && (*follow_up_at = cube_parse_time (at)) < 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "at",
                      _("“%s” is not a time; write it as \"YYYY-MM-DD HH:MM\""), at);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cmd_outcome_correct (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;
  g_autofree char *label = NULL;
  g_autofree char *at = NULL;
  g_autofree char *comment = NULL;
  gint64 event_id = 0;
  GOptionEntry entries[] = {
    { "assignment", 'a', 0, G_OPTION_ARG_STRING, &assignment_spec,
      N_("The customer’s assignment: its id or exact name (required)"), N_("A") },
    { "id", 'i', 0, G_OPTION_ARG_STRING, &customer_key, N_("The customer’s Kundeid (required)"),
      N_("KUNDEID") },
    { "event", 'e', 0, G_OPTION_ARG_INT64, &event_id,
      N_("The outcome event to correct, #N in `customer history` (default: the latest outcome)"),
      N_("N") },
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &label, N_("The right outcome’s label (required)"),
      N_("LABEL") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Follow-up time, local, when the right outcome needs one"), N_("\"YYYY-MM-DD HH:MM\"") },
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("Why, for the history"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autofree char *headline = NULL;
  gint64 follow_up_at = 0;

  cli->description = _("The original outcome stays in the history; the correction is a new\n"
                       "“corrected” event (old → new). When the event is the customer’s latest\n"
                       "outcome, the customer follows: closed or not, follow-up, attempts.\n"
                       "Correcting the same event again replaces the earlier correction.");
  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (customer_key, "--id", error)
      || !require_option (label, "--outcome", error))
    return FALSE;
  if (event_id < 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "event", _("An event number is positive"));
      return FALSE;
    }
  if (!parse_follow_up (at, &follow_up_at, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(customer = find_customer (cli, assignment_spec, customer_key, error)))
    return FALSE;
  if (event_id == 0)
    {
      g_autoptr(GPtrArray) events = cube_store_list_events (cli->store, cube_customer_get_id (customer), error);

      if (events == NULL)
        return FALSE;
      for (guint i = 0; i < events->len && event_id == 0; i++)
        if (g_str_equal (cube_event_get_kind (events->pdata[i]), "outcome"))
          event_id = cube_event_get_id (events->pdata[i]);
      if (event_id == 0)
        {
          cube_set_error (error, CUBE_ERROR_NOT_FOUND, "event", _("The customer has no registered outcome"));
          return FALSE;
        }
    }
  else
    {
      /* The event must be this customer's. */
      g_autoptr(GPtrArray) events = cube_store_list_events (cli->store, cube_customer_get_id (customer), error);
      gboolean found = FALSE;

      if (events == NULL)
        return FALSE;
      for (guint i = 0; i < events->len; i++)
        found |= cube_event_get_id (events->pdata[i]) == event_id;
      if (!found)
        {
          /* Formatted apart: xgettext cannot see through G_GINT64_FORMAT. */
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

          cube_set_error (error, CUBE_ERROR_NOT_FOUND, "event", _("The customer has no event #%s"), id_text);
          return FALSE;
        }
    }
  if (!(outcome = cube_store_find_outcome (cli->store, cube_customer_get_assignment_id (customer), label, error)))
    return FALSE;
  if (!(done = cube_store_correct_outcome (cli->store, event_id, cube_outcome_get_id (outcome),
                                           follow_up_at, comment, error)))
    return FALSE;

  headline = g_strdup_printf (_("Corrected the outcome of %s to “%s”."),
                              cube_customer_get_customer_key (done), cube_outcome_get_label (outcome));
  show_customer (cli, done, headline);
  return TRUE;
}

static gboolean
cmd_outcome_archive (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  return change_outcome (cli, argc, argv, 0, error);
}

static gboolean
cmd_outcome_restore (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  return change_outcome (cli, argc, argv, 1, error);
}

static gboolean
cmd_outcome_delete (CubeCli  *cli,
                    int       argc,
                    char    **argv,
                    GError  **error)
{
  return change_outcome (cli, argc, argv, 2, error);
}

static gboolean
cmd_outcome_register (CubeCli  *cli,
                      int       argc,
                      char    **argv,
                      GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;
  g_autofree char *label = NULL;
  g_autofree char *at = NULL;
  g_autofree char *comment = NULL;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "id", 'i', 0, G_OPTION_ARG_STRING, &customer_key, N_("The customer’s Kundeid (required)"),
      N_("KUNDEID") },
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &label, N_("The outcome’s label (required)"),
      N_("LABEL") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Follow-up time, local, for outcomes that need one"), N_("\"YYYY-MM-DD HH:MM\"") },
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("A comment for the history"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autofree char *headline = NULL;
  gint64 follow_up_at = 0;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error)
      || !require_option (customer_key, "--id", error)
      || !require_option (label, "--outcome", error))
    return FALSE;
  if (!parse_follow_up (at, &follow_up_at, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(customer = find_customer (cli, assignment_spec, customer_key, error)))
    return FALSE;
  /* The customer's own assignment decides which outcomes there are. */
  if (!(outcome = cube_store_find_outcome (cli->store, cube_customer_get_assignment_id (customer),
                                           label, error)))
    return FALSE;
  if (!(done = cube_store_register_outcome (cli->store, cube_customer_get_id (customer),
                                            cube_outcome_get_id (outcome), follow_up_at, comment, error)))
    return FALSE;

  headline = g_strdup_printf (_("Registered “%s” for %s; the lock is released."),
                              cube_outcome_get_label (outcome), cube_customer_get_customer_key (done));
  show_customer (cli, done, headline);
  return TRUE;
}

/* Splits KEY=VALUE of --field. */
static gboolean
parse_field_argument (const char  *argument,
                      char       **key,
                      char       **value,
                      GError     **error)
{
  const char *equals = strchr (argument, '=');

  if (equals == NULL || equals == argument)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--field takes KEY=VALUE, not “%s”"), argument);
      return FALSE;
    }
  *key = g_strstrip (g_strndup (argument, equals - argument));
  *value = g_strdup (equals + 1);
  return TRUE;
}

static gboolean
cmd_customer_add (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) field_args = NULL;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "id", 'i', 0, G_OPTION_ARG_STRING, &customer_key,
      N_("Kundeid, the data owner’s id for the customer (required)"), N_("KUNDEID") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Name"), N_("NAME") },
    { "email", 'e', 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), N_("EMAIL") },
    { "phone", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &phones,
      N_("Phone number, +47 unless given (up to three times)"), N_("PHONE") },
    { "field", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &field_args,
      N_("A custom field by its key (repeat for each; see `field list`)"), N_("KEY=VALUE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autofree char *headline = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error)
      || !require_option (customer_key, "--id", error))
    return FALSE;

  draft->customer_key = g_strdup (customer_key);
  draft->name = g_strdup (name);
  draft->email = g_strdup (email);
  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    cube_customer_draft_add_phone (draft, phones[i]);
  for (guint i = 0; field_args != NULL && field_args[i] != NULL; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (!parse_field_argument (field_args[i], &key, &value, error))
        return FALSE;
      if (g_hash_table_contains (draft->fields, key))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                          _("The field %s is given more than once"), key);
          return FALSE;
        }
      cube_customer_draft_set_field (draft, key, value);
    }

  if (!open_store (cli, error))
    return FALSE;
  if (!(assignment = cube_store_find_assignment (cli->store, assignment_spec, error)))
    return FALSE;
  draft->assignment_id = cube_assignment_get_id (assignment);
  if (!(customer = cube_store_add_customer (cli->store, draft, CUBE_SOURCE_API, "cube-cli", error)))
    return FALSE;

  headline = g_strdup_printf (_("Added customer %s to “%s”; it is available to agents."),
                              cube_customer_get_customer_key (customer),
                              cube_assignment_get_name (assignment));
  show_customer (cli, customer, headline);
  return TRUE;
}

/* The options of the commands that name one customer. */
static gboolean
parse_customer_options (CubeCli   *cli,
                        char     **assignment_spec,
                        char     **customer_key,
                        int       *argc,
                        char    ***argv,
                        GError   **error)
{
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (assignment_spec),
    { "id", 'i', 0, G_OPTION_ARG_STRING, customer_key, N_("The customer’s Kundeid (required)"),
      N_("KUNDEID") },
    G_OPTION_ENTRY_NULL
  };

  return parse_no_arguments (cli, entries, argc, argv, error)
         && require_option (*assignment_spec, "--assignment", error)
         && require_option (*customer_key, "--id", error);
}

/* Parses the options of a command that names one customer, opens the store
 * and finds the customer. */
static CubeCustomer *
open_customer (CubeCli   *cli,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;

  if (!parse_customer_options (cli, &assignment_spec, &customer_key, argc, argv, error)
      || !open_store (cli, error))
    return NULL;
  return find_customer (cli, assignment_spec, customer_key, error);
}

static gboolean
cmd_customer_get (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  g_autoptr(CubeCustomer) customer = NULL;

  if (!(customer = open_customer (cli, &argc, &argv, error)))
    return FALSE;
  show_customer (cli, customer, NULL);
  return TRUE;
}

static gboolean
check_page (int      limit,
            int      offset,
            GError **error)
{
  if (limit < 1 || limit > 1000)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "limit", _("The limit must be between 1 and 1000"));
      return FALSE;
    }
  if (offset < 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "offset", _("The offset cannot be negative"));
      return FALSE;
    }
  return TRUE;
}

static void
show_customer_list (CubeCli   *cli,
                    GPtrArray *customers)
{
  set_result (cli, cube_cli_json_array (customers, (CubeCliJsonFunc) cube_cli_json_customer));
  for (guint i = 0; i < customers->len; i++)
    append_customer_line (cli->text, customers->pdata[i]);
  if (customers->len == 0)
    g_string_append_printf (cli->text, "%s\n", _("No customers found."));
}

static gboolean
cmd_customer_search (CubeCli  *cli,
                     int       argc,
                     char    **argv,
                     GError  **error)
{
  int limit = 50;
  int offset = 0;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N customers (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N customers"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) customers = NULL;
  g_autofree char *text = NULL;

  if (!parse_options (cli, _("TEXT"), entries, &argc, &argv, error))
    return FALSE;
  if (argc < 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Give the TEXT to search for"));
      return FALSE;
    }
  if (!check_page (limit, offset, error))
    return FALSE;
  /* `customer search Åse Bråten` searches for the whole name. */
  text = g_strjoinv (" ", argv + 1);
  if (!open_store (cli, error))
    return FALSE;
  if (!(customers = cube_store_search_customers (cli->store, text, offset, limit, error)))
    return FALSE;
  show_customer_list (cli, customers);
  return TRUE;
}

static gboolean
cmd_customer_list (CubeCli  *cli,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  int limit = 50;
  int offset = 0;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N customers (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N customers"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) customers = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!check_page (limit, offset, error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(customers = cube_store_list_customers (cli->store, offset, limit, error)))
    return FALSE;
  show_customer_list (cli, customers);
  return TRUE;
}

static void
append_event (GString   *text,
              CubeEvent *event)
{
  g_autofree char *at = format_time (cube_event_get_at (event));
  g_autofree char *follow_up = format_time (cube_event_get_follow_up_at (event));
  const char *kind = cube_event_get_kind (event);

  g_string_append_printf (text, "#%-5" G_GINT64_FORMAT " ", cube_event_get_id (event));
  append_padded (text, or_dash (at), 17);
  append_padded (text, or_dash (cube_event_get_login (event)), 12);
  append_padded (text, kind, 9);
  if (cube_event_get_source (event) != NULL)
    g_string_append_printf (text, " %s: %s", _("source"), cube_event_get_source (event));
  if (cube_event_get_field (event) != NULL)
    g_string_append_printf (text, " %s: “%s” → “%s”", cube_event_get_field (event),
                            cube_event_get_old_value (event) ? cube_event_get_old_value (event) : "",
                            cube_event_get_new_value (event) ? cube_event_get_new_value (event) : "");
  if (cube_event_get_outcome (event) != NULL && cube_event_get_field (event) == NULL)
    g_string_append_printf (text, " %s", cube_event_get_outcome (event));
  if (follow_up != NULL)
    g_string_append_printf (text, " (%s %s)", _("follow-up"), follow_up);
  if (cube_event_get_comment (event) != NULL && cube_event_get_comment (event)[0] != '\0')
    g_string_append_printf (text, " — %s", cube_event_get_comment (event));
  end_line (text);
}

static const char * const event_kinds[] = {
  "created", "edited", "locked", "released", "outcome", "corrected", "moved", NULL
};

static gboolean
cmd_customer_history (CubeCli  *cli,
                      int       argc,
                      char    **argv,
                      GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;
  g_auto(GStrv) kinds = NULL;
  GOptionEntry entries[] = {
    ASSIGNMENT_OPTION (&assignment_spec),
    { "id", 'i', 0, G_OPTION_ARG_STRING, &customer_key, N_("The customer’s Kundeid (required)"),
      N_("KUNDEID") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &kinds,
      N_("Only events of KIND: created, edited, locked, released, outcome, corrected or moved "
         "(repeat for more)"), N_("KIND") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (customer_key, "--id", error))
    return FALSE;
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    if (!g_strv_contains (event_kinds, kinds[i]))
      {
        cube_set_error (error, CUBE_ERROR_VALIDATION, "kind",
                        _("“%s” is not a kind of event; use created, edited, locked, released, outcome, "
                          "corrected or moved"), kinds[i]);
        return FALSE;
      }
  if (!open_store (cli, error))
    return FALSE;
  if (!(customer = find_customer (cli, assignment_spec, customer_key, error)))
    return FALSE;
  if (!(events = cube_store_list_events (cli->store, cube_customer_get_id (customer), error)))
    return FALSE;
  for (guint i = events->len; kinds != NULL && i > 0; i--)
    if (!g_strv_contains ((const char * const *) kinds, cube_event_get_kind (events->pdata[i - 1])))
      g_ptr_array_remove_index (events, i - 1);

  set_result (cli, cube_cli_json_array (events, (CubeCliJsonFunc) cube_cli_json_event));
  for (guint i = 0; i < events->len; i++)
    append_event (cli->text, events->pdata[i]);
  if (events->len == 0)
    g_string_append_printf (cli->text, "%s\n", _("No events."));
  return TRUE;
}

static gboolean
cmd_customer_move (CubeCli  *cli,
                   int       argc,
                   char    **argv,
                   GError  **error)
{
  g_autofree char *assignment_spec = NULL;
  g_autofree char *customer_key = NULL;
  g_autofree char *to_spec = NULL;
  GOptionEntry entries[] = {
    { "assignment", 'a', 0, G_OPTION_ARG_STRING, &assignment_spec,
      N_("The customer’s assignment: its id or exact name (required)"), N_("A") },
    { "id", 'i', 0, G_OPTION_ARG_STRING, &customer_key, N_("The customer’s Kundeid (required)"),
      N_("KUNDEID") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to_spec,
      N_("The assignment to move it to, of the same dataset (required)"), N_("B") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(CubeAssignment) to = NULL;
  g_autofree char *headline = NULL;

  if (!parse_no_arguments (cli, entries, &argc, &argv, error))
    return FALSE;
  if (!require_option (assignment_spec, "--assignment", error) || !require_option (customer_key, "--id", error)
      || !require_option (to_spec, "--to", error))
    return FALSE;
  if (!open_store (cli, error))
    return FALSE;
  if (!(customer = find_customer (cli, assignment_spec, customer_key, error)))
    return FALSE;
  if (!(to = cube_store_find_assignment (cli->store, to_spec, error)))
    return FALSE;
  if (!(moved = cube_store_move_customer (cli->store, cube_customer_get_id (customer),
                                          cube_assignment_get_id (to), error)))
    return FALSE;

  headline = g_strdup_printf (_("Moved %s from “%s” to “%s”; it is available."),
                              cube_customer_get_customer_key (moved),
                              cube_customer_get_assignment_name (customer), cube_assignment_get_name (to));
  show_customer (cli, moved, headline);
  return TRUE;
}

static char *
locked_headline (CubeCustomer *customer)
{
  g_autofree char *until = format_time (cube_customer_get_lock_expires (customer));

  return g_strdup_printf (_("Locked %s to %s until %s; renew with `lock renew`."),
                          cube_customer_get_customer_key (customer),
                          or_dash (cube_customer_get_locked_by (customer)), or_dash (until));
}

static gboolean
cmd_lock_next (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autofree char *headline = NULL;

  if (!(assignment = open_assignment_only (cli, &argc, &argv, error)))
    return FALSE;
  if (!(customer = cube_store_lock_next (cli->store, cube_assignment_get_id (assignment), error)))
    return FALSE;

  headline = locked_headline (customer);
  show_customer (cli, customer, headline);
  return TRUE;
}

static gboolean
cmd_lock_take (CubeCli  *cli,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autofree char *headline = NULL;

  if (!(customer = open_customer (cli, &argc, &argv, error)))
    return FALSE;
  if (!(locked = cube_store_lock_customer (cli->store, cube_customer_get_id (customer), error)))
    return FALSE;

  headline = locked_headline (locked);
  show_customer (cli, locked, headline);
  return TRUE;
}

/* `lock renew|release` of the customer the options name. */
static gboolean
change_lock (CubeCli   *cli,
             int        argc,
             char     **argv,
             gboolean   renew,
             GError   **error)
{
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) changed = NULL;
  g_autofree char *headline = NULL;
  gint64 id;

  if (!(customer = open_customer (cli, &argc, &argv, error)))
    return FALSE;
  id = cube_customer_get_id (customer);
  if (!(renew ? cube_store_renew_lock (cli->store, id, error) : cube_store_release_lock (cli->store, id, error)))
    return FALSE;
  if (!(changed = cube_store_get_customer (cli->store, id, error)))
    return FALSE;

  if (renew)
    headline = locked_headline (changed);
  else
    headline = g_strdup_printf (_("Released %s; it is %s."), cube_customer_get_customer_key (changed),
                                status_label (cube_customer_get_status (changed)));
  show_customer (cli, changed, headline);
  return TRUE;
}

static gboolean
cmd_lock_renew (CubeCli  *cli,
                int       argc,
                char    **argv,
                GError  **error)
{
  return change_lock (cli, argc, argv, TRUE, error);
}

static gboolean
cmd_lock_release (CubeCli  *cli,
                  int       argc,
                  char    **argv,
                  GError  **error)
{
  return change_lock (cli, argc, argv, FALSE, error);
}

/* ---- running ------------------------------------------------------------- */

static int
run_command (CubeCli              *cli,
             const CubeCliCommand *command,
             int                   argc,
             char                **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  cli->command = command;
  ok = command->handler (cli, argc, argv, &error);
  if (cli->in_transaction)
    {
      cli->in_transaction = FALSE;
      if (ok)
        ok = cube_store_commit (cli->store, &error);
      else
        cube_store_rollback (cli->store);
    }
  if (!ok)
    {
      g_assert (error != NULL);
      return report_error (cli, error);
    }

  if (cli->json && cli->json_result != NULL)
    cube_cli_json_print (cli->json_result);
  else if (!cli->json)
    {
      fputs (cli->text->str, stdout);
      fflush (stdout);
    }
  return CUBE_CLI_EXIT_DONE;
}

/* Help for a level (all commands, or one group's) on stderr, for when the
 * command is missing. */
static int
missing_command (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s", help);
  return CUBE_CLI_EXIT_USAGE;
}

static int
usage_error (const char   *path,
             const GError *error)
{
  g_printerr ("cube-cli: %s\n", error->message);
  g_printerr (_("Try “%s --help”.\n"), path);
  return CUBE_CLI_EXIT_USAGE;
}

static int
run (CubeCli  *cli,
     int       argc,
     char    **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GOptionContext) group_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *group_description = NULL;
  g_autofree char *group_path = NULL;
  const CubeCliCommand *command;
  const char *group;

  g_set_prgname ("cube-cli");
  context = g_option_context_new (_("COMMAND …"));
  /* Stop at the command: its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, N_("Work Cube’s customers, assignments and outcomes "
                                            "from the command line."));
  description = describe_commands (NULL);
  g_option_context_set_description (context, description);
  g_option_context_set_main_group (context, global_group_new (cli));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("cube-cli", error);
  if (argc < 2)
    return missing_command (context);

  if ((command = find_command (NULL, argv[1])) != NULL)
    return run_command (cli, command, argc - 1, argv + 1);
  if (!is_group (argv[1]))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unknown command “%s”"), argv[1]);
      return usage_error ("cube-cli", error);
    }

  /* A group: `cube-cli customer [--help] COMMAND …`. */
  group = argv[1];
  argc--;
  argv++;
  group_path = command_path (group, NULL);
  g_set_prgname (group_path);
  group_context = g_option_context_new (_("COMMAND …"));
  g_option_context_set_strict_posix (group_context, TRUE);
  g_option_context_set_translation_domain (group_context, GETTEXT_PACKAGE);
  g_option_context_set_summary (group_context, group_summary (group));
  group_description = describe_commands (group);
  g_option_context_set_description (group_context, group_description);
  g_option_context_add_group (group_context, global_group_new (cli));
  if (!g_option_context_parse (group_context, &argc, &argv, &error))
    return usage_error (group_path, error);
  if (argc < 2)
    return missing_command (group_context);
  if ((command = find_command (group, argv[1])) == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unknown command “%s %s”"),
                   group, argv[1]);
      return usage_error (group_path, error);
    }
  return run_command (cli, command, argc - 1, argv + 1);
}

int
cube_cli_run (int    argc,
              char **argv)
{
  CubeCli cli = { 0 };
  int status;

  cli.text = g_string_new (NULL);
  status = run (&cli, argc, argv);

  if (cli.in_transaction)
    cube_store_rollback (cli.store);
  g_clear_object (&cli.store);
  /* Nothing is written when the command fails: not even a new, empty
   * database file or its folder. */
  if (status != 0 && cli.created_file != NULL)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (cli.created_file, suffixes[i], NULL);
          g_unlink (file);
        }
      if (cli.created_dir != NULL)
        g_rmdir (cli.created_dir);
    }
  g_free (cli.created_file);
  g_free (cli.created_dir);
  g_clear_pointer (&cli.json_result, json_node_unref);
  g_string_free (cli.text, TRUE);
  g_free (cli.database);
  g_free (cli.user);
  return status;
}
