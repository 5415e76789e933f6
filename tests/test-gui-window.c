/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window as Cube's own application runs it: menus and shortcuts,
 * the search as the user types, the customer table and its name buttons,
 * customers added by other processes, and the new-customer dialog it opens.
 * Driven through actions, shortcuts and widgets; checked against the store. */
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-active-view.h"
#include "cube-application.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-new-customer-dialog.h"
#include "cube-window.h"

#define OWNER "Testeier AS"
#define ASSIGNMENT "Høstkampanje"

typedef struct {
  char            *dir;
  char            *path;
  CubeStore       *store;     /* another connection, as another process has */
  CubeTestSetup    setup;
  CubeApplication *app;
  GtkWidget       *window;
  gboolean         ran;       /* the application's main loop ran */
} Fixture;

/* A visible GtkButton below @widget, or NULL. */
static GtkWidget *
find_visible_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_BUTTON (child))
        return child;
      if ((found = find_visible_button (child)))
        return found;
    }
  return NULL;
}

static GListModel *
table_model (Fixture *fixture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (cube_test_find_descendant (fixture->window, GTK_TYPE_COLUMN_VIEW));

  g_assert_nonnull (view);
  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

static GtkEditable *
search_entry (Fixture *fixture)
{
  GtkWidget *entry = cube_test_find_descendant (fixture->window, GTK_TYPE_SEARCH_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* The table row widget whose Kundeid cell shows @key. */
static GtkWidget *
table_row (Fixture    *fixture,
           const char *key)
{
  GtkWidget *view = cube_test_find_descendant (fixture->window, GTK_TYPE_COLUMN_VIEW);
  GtkLabel *label = cube_test_find_label (view, key);
  GtkWidget *cell;

  g_assert_nonnull (label);
  /* label → cell → row */
  cell = gtk_widget_get_parent (GTK_WIDGET (label));
  g_assert_nonnull (cell);
  return gtk_widget_get_parent (cell);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  CubeCustomer *customer;

  fixture->store = cube_test_new_database (&fixture->dir, &fixture->path);
  cube_test_setup_minimal (fixture->store, OWNER, ASSIGNMENT, &fixture->setup);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1001", "Åse Ødegård", "912 34 567");
  g_object_unref (customer);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1002", NULL, "913 00 000");
  g_object_unref (customer);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1003", "Bjørn Bråten", NULL);
  g_object_unref (customer);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1004", "Kari Bråten", NULL);
  g_object_unref (customer);
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1005", "Ole Hansen", NULL);
  g_object_unref (customer);

  fixture->window = cube_test_open_main_window (fixture->path, &fixture->app);
  cube_test_assert_table_shows (fixture->window, "1001 1002 1003 1004 1005", 2000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cube_test_close_main_window (g_steal_pointer (&fixture->app), g_steal_pointer (&fixture->window), fixture->ran);
  g_clear_object (&fixture->store);
  cube_test_remove_database (fixture->dir, fixture->path);
}

/* ---- menus and shortcuts ------------------------------------------------ */

/* The items of @menu (its sections flattened) as "label=action" lines. */
static void
describe_menu (GMenuModel *menu,
               GString    *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (section != NULL)
        {
          describe_menu (section, out);
          continue;
        }
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_string_append_printf (out, "%s=%s;", label, action);
    }
}

static char *
describe_submenu (GMenuModel *menubar,
                  int         index,
                  char      **label)
{
  g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (menubar, index, G_MENU_LINK_SUBMENU);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (submenu);
  g_assert_true (g_menu_model_get_item_attribute (menubar, index, G_MENU_ATTRIBUTE_LABEL, "s", label));
  describe_menu (submenu, out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_accel (Fixture    *fixture,
              const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_menubar (Fixture       *fixture,
              gconstpointer  data)
{
  GMenuModel *menubar = gtk_application_get_menubar (GTK_APPLICATION (fixture->app));
  g_autofree char *customer_label = NULL;
  g_autofree char *assignment_label = NULL;
  g_autofree char *help_label = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *assignment = NULL;
  g_autofree char *help = NULL;
  g_autofree char *settings_label = NULL;
  g_autofree char *settings = NULL;

  /* Kunde, Oppdrag, Innstillinger, Hjelp: in that order and nothing else. */
  g_assert_nonnull (menubar);
  g_assert_true (gtk_application_window_get_show_menubar (GTK_APPLICATION_WINDOW (fixture->window)));
  g_assert_cmpint (g_menu_model_get_n_items (menubar), ==, 4);
  customer = describe_submenu (menubar, 0, &customer_label);
  assignment = describe_submenu (menubar, 1, &assignment_label);
  settings = describe_submenu (menubar, 2, &settings_label);
  help = describe_submenu (menubar, 3, &help_label);
  g_assert_cmpstr (customer_label, ==, "_Customer");
  g_assert_cmpstr (assignment_label, ==, "_Assignment");
  g_assert_cmpstr (help_label, ==, "_Help");
  g_assert_nonnull (strstr (customer, "+ New customer=win.new-customer;"));
  g_assert_nonnull (strstr (customer, "Search for customer=win.search;"));
  g_assert_nonnull (strstr (assignment, "=win.work-next;"));
  g_assert_nonnull (strstr (assignment, "=win.assignments;"));
  g_assert_nonnull (strstr (assignment, "=win.overview;"));
  g_assert_cmpstr (settings_label, ==, "_Settings");
  g_assert_nonnull (strstr (settings, "=win.crm-settings;"));
  g_assert_nonnull (strstr (settings, "=win.data-owners;"));
  g_assert_nonnull (strstr (settings, "=win.users;"));
  g_assert_nonnull (strstr (help, "_Keyboard Shortcuts=win.show-help-overlay;"));
  g_assert_nonnull (strstr (help, "_About Cube=app.about;"));

  /* The accelerators the menu items show. */
  assert_accel (fixture, "win.new-customer", "<Control>n");
  assert_accel (fixture, "win.search", "<Control>f");
  assert_accel (fixture, "app.quit", "<Control>q");
  assert_accel (fixture, "win.show-help-overlay", "<Control>question");
}

/* Activates what the window does for @accel, through the shortcut the
 * window installed for the application's accelerators, as a key press
 * would. FALSE when no shortcut of the window has that trigger. */
static gboolean
press_shortcut (GtkWidget  *window,
                const char *accel)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accel);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (trigger != NULL && gtk_shortcut_trigger_equal (trigger, wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, window,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
assert_new_customer_dialog (Fixture *fixture)
{
  GtkWindow *dialog;

  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_NEW_CUSTOMER_DIALOG), 1000));
  dialog = cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (dialog));
  gtk_window_destroy (dialog);
  cube_test_spin (50);
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG));
}

static void
test_new_customer_from_menu (Fixture       *fixture,
                             gconstpointer  data)
{
  /* Kunde → + Ny kunde activates this action. */
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG));
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.new-customer", NULL));
  assert_new_customer_dialog (fixture);
}

static void
test_new_customer_from_ctrl_n (Fixture       *fixture,
                               gconstpointer  data)
{
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG));
  g_assert_true (press_shortcut (fixture->window, "<Control>n"));
  assert_new_customer_dialog (fixture);
}

static void
test_ctrl_f_focuses_search (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *focus;

  g_assert_true (press_shortcut (fixture->window, "<Control>f"));
  cube_test_spin (50);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (search_entry (fixture))
                 || gtk_widget_is_ancestor (focus, GTK_WIDGET (search_entry (fixture))));
}

static gboolean
quit_guard_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static gboolean
press_ctrl_q_cb (gpointer data)
{
  Fixture *fixture = data;

  g_assert_true (press_shortcut (fixture->window, "<Control>q"));
  return G_SOURCE_REMOVE;
}

static void
test_ctrl_q_quits (Fixture       *fixture,
                   gconstpointer  data)
{
  gboolean timed_out = FALSE;
  guint guard;
  int status;

  /* The application's main loop runs until Ctrl+Q ends it. */
  g_timeout_add (100, press_ctrl_q_cb, fixture);
  guard = g_timeout_add_seconds (10, quit_guard_cb, &timed_out);
  status = g_application_run (G_APPLICATION (fixture->app), 0, NULL);
  fixture->ran = TRUE;
  g_assert_false (timed_out);
  g_assert_cmpint (status, ==, 0);
  g_source_remove (guard);
}

static void
test_help_menu (Fixture       *fixture,
                gconstpointer  data)
{
  /* Hjelp → Hurtigtaster and Hjelp → Om Cube. */
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-help-overlay", NULL));
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 1000));
  gtk_window_destroy (cube_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));

  g_assert_true (gtk_widget_activate_action (fixture->window, "app.about", NULL));
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_ABOUT_DIALOG), 1000));
  g_assert_cmpstr (gtk_about_dialog_get_program_name (GTK_ABOUT_DIALOG (cube_test_find_toplevel (GTK_TYPE_ABOUT_DIALOG))),
                   ==, "Cube");
}

/* ---- search and table --------------------------------------------------- */

static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (cube_test_find_descendant (fixture->window, GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  static const char * const titles[] = {
    "Customer ID", "Name", "Phone number", "E-mail", "Assignment", "Status", "Last changed by",
  };
  GtkWidget *row;

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }

  /* What a row shows of its customer. */
  row = table_row (fixture, "1001");
  g_assert_nonnull (cube_test_find_label (row, "Åse Ødegård"));
  g_assert_nonnull (cube_test_find_label (row, "+47 912 34 567"));
  g_assert_nonnull (cube_test_find_label (row, ASSIGNMENT));
  g_assert_nonnull (cube_test_find_label (row, "Available"));
  g_assert_nonnull (cube_test_find_label (row, g_get_user_name ()));
}

static void
test_search_as_you_type (Fixture       *fixture,
                         gconstpointer  data)
{
  gtk_editable_set_text (search_entry (fixture), "Bråten");
  cube_test_assert_table_shows (fixture->window, "1003 1004", 2000);
  gtk_editable_set_text (search_entry (fixture), "1001");
  cube_test_assert_table_shows (fixture->window, "1001", 2000);
  /* A phone number as people type it. */
  gtk_editable_set_text (search_entry (fixture), "913 00");
  cube_test_assert_table_shows (fixture->window, "1002", 2000);
  gtk_editable_set_text (search_entry (fixture), "finnes ikke");
  cube_test_assert_table_shows (fixture->window, "", 2000);
  g_assert_nonnull (cube_test_find_label (fixture->window, "No customers found"));
  /* Emptying the field lists everyone again. */
  gtk_editable_set_text (search_entry (fixture), "");
  cube_test_assert_table_shows (fixture->window, "1001 1002 1003 1004 1005", 2000);
}

static void
record_keys_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                gpointer    data)
{
  GPtrArray *seen = data;
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeCustomer) customer = g_list_model_get_item (model, i);
      g_string_append_printf (keys, "%s ", customer ? cube_customer_get_customer_key (customer) : "?");
    }
  g_ptr_array_add (seen, g_string_free (g_steal_pointer (&keys), FALSE));
}

static void
test_keystroke_cancels_search (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GListModel *model = table_model (fixture);
  gulong handler = g_signal_connect (model, "items-changed", G_CALLBACK (record_keys_cb), seen);

  /* Two keystrokes in a row: the first search must never show. */
  gtk_editable_set_text (search_entry (fixture), "Hansen");
  gtk_editable_set_text (search_entry (fixture), "Bråten");
  cube_test_assert_table_shows (fixture->window, "1003 1004", 2000);
  /* Late results of the first search would arrive now. */
  cube_test_spin (500);
  g_signal_handler_disconnect (model, handler);
  for (guint i = 0; i < seen->len; i++)
    g_assert_null (strstr (g_ptr_array_index (seen, i), "1005"));
  g_assert_cmpuint (seen->len, >=, 1);
  cube_test_assert_table_shows (fixture->window, "1003 1004", 0);
}

static void
test_name_button_opens_details (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *row = table_row (fixture, "1001");
  GtkWidget *button = find_visible_button (row);
  GtkWindow *details;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (cube_test_find_label (row, "Åse Ødegård")), button));
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_DETAILS_VIEW));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_DETAILS_VIEW), 1000));
  details = cube_test_find_toplevel (CUBE_TYPE_DETAILS_VIEW);
  g_assert_true (gtk_window_get_transient_for (details) == GTK_WINDOW (fixture->window));

  /* A customer without a name: plain text, nothing to click. */
  row = table_row (fixture, "1002");
  g_assert_null (find_visible_button (row));
  /* And the same cells, reused for other rows by a search, follow along. */
  gtk_editable_set_text (search_entry (fixture), "1002");
  cube_test_assert_table_shows (fixture->window, "1002", 2000);
  cube_test_spin (100);
  g_assert_null (find_visible_button (table_row (fixture, "1002")));
  gtk_editable_set_text (search_entry (fixture), "Hansen");
  cube_test_assert_table_shows (fixture->window, "1005", 2000);
  cube_test_spin (100);
  g_assert_nonnull (find_visible_button (table_row (fixture, "1005")));
}

static gboolean
table_has_2001 (gpointer data)
{
  g_autofree char *keys = cube_test_table_keys (((Fixture *) data)->window);

  return strstr (keys, "2001") != NULL;
}

static void
run_cli (Fixture    *fixture,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("CUBE_CLI");
  int status = -1;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, fixture->path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("cube-cli failed: %s%s", out, err);
}

static void
test_cli_customer_appears (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 start;

  run_cli (fixture, "customer", "add", "--assignment", ASSIGNMENT, "--id", "2001",
           "--name", "Solveig Strand", NULL);
  start = g_get_monotonic_time ();
  /* Without restart, within two seconds. */
  g_assert_true (cube_test_spin_until (table_has_2001, fixture, 2000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  cube_test_assert_table_shows (fixture->window, "1001 1002 1003 1004 1005 2001", 0);
  cube_test_spin (100);
  g_assert_nonnull (cube_test_find_label (table_row (fixture, "2001"), "Solveig Strand"));
}

static void
test_cli_customer_found_by_search (Fixture       *fixture,
                                   gconstpointer  data)
{
  /* A search on screen picks up a new match too. */
  gtk_editable_set_text (search_entry (fixture), "Strand");
  cube_test_assert_table_shows (fixture->window, "", 2000);
  run_cli (fixture, "customer", "add", "--assignment", ASSIGNMENT, "--id", "2001",
           "--name", "Solveig Strand", NULL);
  cube_test_assert_table_shows (fixture->window, "2001", 2000);
}

typedef struct {
  Fixture    *fixture;
  const char *key;
  const char *status;
} StatusWanted;

static gboolean
row_shows_status (gpointer data)
{
  StatusWanted *wanted = data;
  GtkWidget *view = cube_test_find_descendant (wanted->fixture->window, GTK_TYPE_COLUMN_VIEW);
  GtkLabel *label = cube_test_find_label (view, wanted->key);

  return label != NULL && cube_test_find_label (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (label))),
                                      wanted->status) != NULL;
}

static void
assert_row_status (Fixture    *fixture,
                   const char *key,
                   const char *status)
{
  StatusWanted wanted = { fixture, key, status };

  g_assert_true (cube_test_spin_until (row_shows_status, &wanted, 2000));
}

static void
test_work_next_and_register (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *active;

  /* Oppdrag → Work next customer locks the first available one. */
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.work-next", NULL));
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_ACTIVE_VIEW), 1000));
  active = cube_test_find_toplevel (CUBE_TYPE_ACTIVE_VIEW);
  g_assert_true (gtk_window_get_transient_for (active) == GTK_WINDOW (fixture->window));
  assert_row_status (fixture, "1001", "Locked by you");

  /* The outcome registered there releases the lock; back in the window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (active), "active.outcome", "s", "Ikke svar"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (active), "active.register", NULL));
  g_assert_false (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_ACTIVE_VIEW), 200));
  after = cube_store_find_customer (fixture->store, fixture->setup.assignment_id, "1001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_attempts (after), ==, 1);
  g_assert_cmpstr (cube_customer_get_last_outcome (after), ==, "Ikke svar");
  assert_row_status (fixture, "1001", "Available");
  g_assert_true (gtk_widget_get_visible (fixture->window));
}

static void
test_status_locked_by_other (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CubeStore) other = cube_test_open_store (fixture->path, "kari");
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(GError) error = NULL;

  customer = cube_store_find_customer (other, fixture->setup.assignment_id, "1003", &error);
  g_assert_no_error (error);
  locked = cube_store_lock_customer (other, cube_customer_get_id (customer), &error);
  g_assert_no_error (error);
  assert_row_status (fixture, "1003", "Locked by kari");
  g_assert_true (cube_store_release_lock (other, cube_customer_get_id (customer), &error));
  g_assert_no_error (error);
  assert_row_status (fixture, "1003", "Available");
}

/* ---- the new-customer dialog from the window ------------------------------ */

static CubeCustomerCard *
open_dialog (Fixture    *fixture,
             GtkWindow **dialog)
{
  CubeCustomerCard *card;

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.new-customer", NULL));
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_NEW_CUSTOMER_DIALOG), 1000));
  *dialog = cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG);
  card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (GTK_WIDGET (*dialog), CUBE_TYPE_CUSTOMER_CARD));
  g_assert_nonnull (card);
  return card;
}

static void
test_save_confirmed_in_window (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWindow *dialog = NULL;
  CubeCustomerCard *card = open_dialog (fixture, &dialog);
  g_autoptr(CubeCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *confirmation;

  gtk_editable_set_text (GTK_EDITABLE (cube_customer_card_get_input (card, "customer_key")), "12345");
  gtk_editable_set_text (GTK_EDITABLE (cube_customer_card_get_input (card, "name")), "Pål Sæther");
  cube_test_spin (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "customer.save-and-details", NULL));
  cube_test_spin (100);

  stored = cube_store_find_customer (fixture->store, fixture->setup.assignment_id, "12345", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_name (stored), ==, "Pål Sæther");
  /* The dialog closed, the window says what was saved ("Kunde 12345 er
   * lagt til"), the table has it and the details view shows it. */
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG));
  confirmation = cube_test_find_label (fixture->window, "Customer 12345 was added");
  g_assert_nonnull (confirmation);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (GTK_WIDGET (confirmation)))));
  cube_test_assert_table_shows (fixture->window, "1001 1002 1003 1004 1005 12345", 1000);
  g_assert_nonnull (cube_test_find_toplevel (CUBE_TYPE_DETAILS_VIEW));
}

static void
test_cli_field_in_dialog (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *dataset = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->setup.dataset_id);
  GtkWindow *dialog = NULL;
  CubeCustomerCard *card;
  GtkLabel *label;
  GtkWidget *input;

  card = open_dialog (fixture, &dialog);
  g_assert_null (cube_customer_card_get_input (card, "medlemsnummer"));
  gtk_window_destroy (dialog);
  cube_test_spin (50);

  run_cli (fixture, "field", "add", "--dataset", dataset, "--key", "medlemsnummer",
           "--label", "Medlemsnummer", "--type", "number", NULL);
  run_cli (fixture, "field", "add", "--dataset", dataset, "--key", "medlemstype",
           "--label", "Medlemstype", "--type", "choice", "--option", "Gull", "--option", "Sølv", NULL);

  /* The generated widgets follow the field definitions, each named by its
   * label. */
  card = open_dialog (fixture, &dialog);
  input = cube_customer_card_get_input (card, "medlemsnummer");
  g_assert_true (GTK_IS_EDITABLE (input));
  label = cube_test_find_label (GTK_WIDGET (card), "Medlemsnummer");
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_mnemonic_widget (label) == input);
  input = cube_customer_card_get_input (card, "medlemstype");
  g_assert_true (GTK_IS_DROP_DOWN (input));
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (card), "Medlemstype"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/window/menubar", test_menubar);
  ADD ("/gui/window/new-customer-from-menu", test_new_customer_from_menu);
  ADD ("/gui/window/new-customer-from-ctrl-n", test_new_customer_from_ctrl_n);
  ADD ("/gui/window/ctrl-f-focuses-search", test_ctrl_f_focuses_search);
  ADD ("/gui/window/ctrl-q-quits", test_ctrl_q_quits);
  ADD ("/gui/window/help-menu", test_help_menu);
  ADD ("/gui/window/columns", test_columns);
  ADD ("/gui/window/search-as-you-type", test_search_as_you_type);
  ADD ("/gui/window/keystroke-cancels-search", test_keystroke_cancels_search);
  ADD ("/gui/window/name-button-opens-details", test_name_button_opens_details);
  ADD ("/gui/window/cli-customer-appears", test_cli_customer_appears);
  ADD ("/gui/window/cli-customer-found-by-search", test_cli_customer_found_by_search);
  ADD ("/gui/window/work-next-and-register", test_work_next_and_register);
  ADD ("/gui/window/status-locked-by-other", test_status_locked_by_other);
  ADD ("/gui/window/save-confirmed-in-window", test_save_confirmed_in_window);
  ADD ("/gui/window/cli-field-in-dialog", test_cli_field_in_dialog);
#undef ADD

  return g_test_run ();
}
