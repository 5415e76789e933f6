/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The supervisor's administration windows — data owners and datasets,
 * assignments and outcomes, users and permissions — driven through their
 * actions and widgets as a supervisor would, checked against the store, and
 * closed to the main window for users without the permission. */
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-assignment-editor.h"
#include "cube-assignments-window.h"
#include "cube-data-owners-window.h"
#include "cube-users-window.h"
#include "cube-window.h"

typedef struct {
  char        *dir;
  char        *path;
  CubeStore   *store;
  CubeContext *context;
  GtkWidget   *window;
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

/* Whether a visible label below @widget shows @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  GtkLabel *label = cube_test_find_label (widget, text);

  return label != NULL && gtk_widget_is_visible (GTK_WIDGET (label));
}

static void
activate (GtkWidget  *window,
          const char *action)
{
  g_assert_true (cube_test_action_enabled (window, action));
  g_assert_true (gtk_widget_activate_action (window, action, NULL));
  cube_test_spin (50);
}

static void
type_into (GtkWidget  *window,
           const char *name,
           const char *text)
{
  GtkWidget *widget = cube_test_get_named (window, name);

  gtk_editable_set_text (GTK_EDITABLE (widget), text);
  cube_test_spin (20);
}

/* The row of the column view @view (named) whose cell shows @text. */
static GtkWidget *
table_row (GtkWidget  *window,
           const char *view,
           const char *text)
{
  GtkLabel *label = cube_test_find_label (cube_test_get_named (window, view), text);
  GtkWidget *cell;

  g_assert_nonnull (label);
  cell = gtk_widget_get_parent (GTK_WIDGET (label));
  return gtk_widget_get_parent (cell);
}

typedef gboolean (*ItemMatchFunc) (gpointer item, gconstpointer data);

/* Selects the first row of the column view @view (named) that @match
 * accepts; returns its position. */
static guint
select_row (GtkWidget     *window,
            const char    *view,
            ItemMatchFunc  match,
            gconstpointer  data)
{
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (cube_test_get_named (window, view)));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (match (item, data))
        {
          gtk_selection_model_select_item (model, i, TRUE);
          cube_test_spin (50);
          return i;
        }
    }
  g_error ("No row to select in %s", view);
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
outcome_labelled (gpointer      item,
                  gconstpointer label)
{
  return g_strcmp0 (cube_outcome_get_label (item), label) == 0;
}

static gboolean
assignment_named (gpointer      item,
                  gconstpointer name)
{
  return g_strcmp0 (cube_assignment_get_name (item), name) == 0;
}

static gboolean
user_with_login (gpointer      item,
                 gconstpointer login)
{
  return g_strcmp0 (cube_user_get_login (item), login) == 0;
}

static CubeUser *
find_user (Fixture    *fixture,
           const char *login)
{
  g_autoptr(GError) error = NULL;
  CubeUser *user = cube_store_find_user (fixture->store, login, &error);

  g_assert_no_error (error);
  return user;
}

static void
add_agent (CubeStore  *store,
           const char *login,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) user = cube_store_add_user (store, login, name, CUBE_PERMISSION_CUSTOMER_HANDLING, &error);

  g_assert_no_error (error);
}

static gboolean
lists_assignment (CubeStore  *store,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = cube_store_list_assignments (store, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (cube_assignment_get_name (list->pdata[i]), name) == 0)
      return TRUE;
  return FALSE;
}

/* ---- fixture ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* The database's first user: every permission, the only administrator. */
  fixture->store = cube_test_new_database (&fixture->dir, &fixture->path);
  cube_test_add_demo (fixture->store);
  add_agent (fixture->store, "kari", "Kari Nordmann");
  add_agent (fixture->store, "ola", "Ola Bråten");
  fixture->context = cube_context_new (fixture->store);
}

static void
present (Fixture   *fixture,
         GtkWidget *window)
{
  fixture->window = g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  cube_test_spin (300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      cube_test_spin (50);
      g_assert_finalize_object (g_steal_pointer (&fixture->window));
    }
  g_assert_finalize_object (g_steal_pointer (&fixture->context));
  g_clear_object (&fixture->store);
  cube_test_remove_database (fixture->dir, fixture->path);
}

/* ---- data owners and datasets ----------------------------------------- */

static guint count_datasets (CubeStore *store, gint64 owner_id, CubeDatasetKind kind);

static void
test_data_owner_and_dataset (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataOwner) renamed = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextView *purpose;
  GtkWidget *window;

  present (fixture, cube_data_owners_window_new (fixture->context));
  window = fixture->window;
  /* The demo data owner is shown first, with its B2C dataset only. */
  g_assert_nonnull (cube_test_find_label (window, "Demo AS"));
  g_assert_true (cube_test_action_enabled (window, "owners.add-b2b"));
  g_assert_false (cube_test_action_enabled (window, "owners.add-b2c"));

  activate (window, "owners.new");
  g_assert_false (cube_test_action_enabled (window, "owners.add-b2b"));
  type_into (window, "name-entry", "Nordlys/Energi");
  type_into (window, "controller-entry", "Nordlys Energi AS, org.nr. 987 654 321");
  purpose = GTK_TEXT_VIEW (cube_test_get_named (window, "purpose-view"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (purpose), "Salg av strøm til privatkunder", -1);
  cube_test_spin (20);

  /* The core's rule, shown under the field it names. */
  activate (window, "owners.save");
  g_assert_true (shows_text (window, "A data owner’s name cannot contain “/”"));
  g_assert_true (gtk_widget_is_visible (cube_test_get_named (window, "name-error")));
  owner = cube_store_find_data_owner (fixture->store, "Nordlys/Energi", &error);
  g_assert_null (owner);
  g_clear_error (&error);

  type_into (window, "name-entry", "Nordlys Energi AS");
  activate (window, "owners.save");
  g_assert_false (gtk_widget_is_visible (cube_test_get_named (window, "name-error")));
  owner = cube_store_find_data_owner (fixture->store, "Nordlys Energi AS", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_data_owner_get_controller (owner), ==, "Nordlys Energi AS, org.nr. 987 654 321");
  g_assert_cmpstr (cube_data_owner_get_purpose (owner), ==, "Salg av strøm til privatkunder");
  /* The new data owner is listed and chosen, and can have its datasets. */
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "owner-list"), "Nordlys Energi AS"));
  g_assert_true (cube_test_action_enabled (window, "owners.add-b2b"));
  g_assert_true (cube_test_action_enabled (window, "owners.add-b2c"));

  activate (window, "owners.add-b2b");
  dataset = cube_store_find_dataset (fixture->store, "Nordlys Energi AS/b2b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_dataset_get_owner_id (dataset), ==, cube_data_owner_get_id (owner));
  /* At most one of each: the B2B button is done, the B2C one is not. */
  g_assert_false (cube_test_action_enabled (window, "owners.add-b2b"));
  g_assert_true (cube_test_action_enabled (window, "owners.add-b2c"));
  g_assert_true (shows_text (window, "Created, no assignments yet"));

  activate (window, "owners.add-b2c");
  g_clear_object (&dataset);
  dataset = cube_store_find_dataset (fixture->store, "Nordlys Energi AS/b2c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_dataset_get_owner_id (dataset), ==, cube_data_owner_get_id (owner));
  g_assert_false (cube_test_action_enabled (window, "owners.add-b2c"));

  /* Edited: the same data owner, its datasets stay with it. */
  type_into (window, "name-entry", "Nordlys Energi Privat AS");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (purpose), "Salg av strøm og nettleie", -1);
  cube_test_spin (20);
  activate (window, "owners.save");
  g_clear_object (&renamed);
  renamed = cube_store_get_data_owner (fixture->store, cube_data_owner_get_id (owner), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_data_owner_get_name (renamed), ==, "Nordlys Energi Privat AS");
  g_assert_cmpstr (cube_data_owner_get_purpose (renamed), ==, "Salg av strøm og nettleie");
  g_assert_cmpstr (cube_data_owner_get_controller (renamed), ==, "Nordlys Energi AS, org.nr. 987 654 321");
  g_assert_cmpuint (count_datasets (fixture->store, cube_data_owner_get_id (owner), CUBE_DATASET_B2B), ==, 1);
  g_assert_cmpuint (count_datasets (fixture->store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C), ==, 1);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "owner-list"), "Nordlys Energi Privat AS"));
  g_assert_null (cube_test_find_label (cube_test_get_named (window, "owner-list"), "Nordlys Energi AS"));
}

static gboolean
owner_named (GObject       *item,
             gconstpointer  name)
{
  return g_strcmp0 (cube_data_owner_get_name (CUBE_DATA_OWNER (item)), name) == 0;
}

static guint
count_datasets (CubeStore       *store,
                gint64           owner_id,
                CubeDatasetKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datasets = cube_store_list_datasets (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < datasets->len; i++)
    if (cube_dataset_get_owner_id (datasets->pdata[i]) == owner_id && cube_dataset_get_kind (datasets->pdata[i]) == kind)
      n++;
  return n;
}

static void
test_second_dataset_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CubeStore) other = cube_test_open_store (fixture->path, g_get_user_name ());
  g_autoptr(CubeDataOwner) owner = cube_store_find_data_owner (fixture->store, CUBE_DEMO_OWNER, NULL);
  g_autoptr(CubeDataset) first = NULL;
  g_autoptr(CubeDataset) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  GtkWidget *window;

  present (fixture, cube_data_owners_window_new (fixture->context));
  window = fixture->window;
  g_assert_true (owner_named (gtk_single_selection_get_selected_item (
    GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (cube_test_get_named (window, "owner-list"))))),
    CUBE_DEMO_OWNER));
  g_assert_true (cube_test_action_enabled (window, "owners.add-b2b"));

  /* Another supervisor creates the B2B dataset first, in another process. */
  first = cube_store_add_dataset (other, cube_data_owner_get_id (owner), CUBE_DATASET_B2B, &error);
  g_assert_no_error (error);
  second = cube_store_add_dataset (other, cube_data_owner_get_id (owner), CUBE_DATASET_B2B, &expected);
  g_assert_null (second);
  g_assert_error (expected, CUBE_ERROR, CUBE_ERROR_CONFLICT);

  /* The window did not know yet: the core refuses, and its message shows. */
  activate (window, "owners.add-b2b");
  g_assert_true (shows_text (window, expected->message));
  g_assert_cmpuint (count_datasets (fixture->store, cube_data_owner_get_id (owner), CUBE_DATASET_B2B), ==, 1);
  /* And the window now shows the one that exists. */
  g_assert_false (cube_test_action_enabled (window, "owners.add-b2b"));
  g_assert_true (shows_text (window, "Created, no assignments yet"));
}

/* ---- assignments ------------------------------------------------------- */

static gboolean
editor_gone (gpointer data)
{
  return cube_test_find_toplevel (CUBE_TYPE_ASSIGNMENT_EDITOR) == NULL;
}

static void
test_create_assignment (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CubeStore) as_ola = NULL;
  g_autoptr(CubeStore) as_kari = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) demo = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *editor, *dataset;
  const char * const *users;

  present (fixture, cube_assignments_window_new (fixture->context));
  window = fixture->window;
  activate (window, "assignments.new");
  editor = GTK_WIDGET (cube_test_find_toplevel (CUBE_TYPE_ASSIGNMENT_EDITOR));
  g_assert_nonnull (editor);
  g_object_ref (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));

  /* The demo's one dataset is preselected; the name is still missing. */
  dataset = cube_test_get_named (editor, "dataset-dropdown");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dataset)), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (dataset));
  g_assert_false (cube_test_action_enabled (editor, "editor.save"));
  type_into (editor, "name-entry", "Sommer 2027");
  type_into (editor, "from-entry", "01.01.2020");
  /* The calendar opens on the day typed, and a day chosen there is typed. */
  {
    GtkWidget *calendar = cube_test_get_named (editor, "until-calendar");
    GtkWidget *popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);
    GtkWidget *button = gtk_widget_get_ancestor (popover, GTK_TYPE_MENU_BUTTON);
    g_autoptr(GDateTime) shown = NULL;
    g_autoptr(GDateTime) chosen = g_date_time_new_local (2027, 8, 31, 0, 0, 0);

    type_into (editor, "until-entry", "24.12.2026");
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    cube_test_spin (100);
    g_assert_true (gtk_widget_get_mapped (calendar));
    shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
    g_assert_cmpint (g_date_time_get_year (shown), ==, 2026);
    g_assert_cmpint (g_date_time_get_month (shown), ==, 12);
    g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 24);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_test_get_named (editor, "until-entry"))), ==, "24.12.2026");
    gtk_calendar_select_day (GTK_CALENDAR (calendar), chosen);
    g_signal_emit_by_name (calendar, "day-selected");
    cube_test_spin (100);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_test_get_named (editor, "until-entry"))), ==, "31.08.2027");
    g_assert_false (gtk_widget_get_mapped (calendar));
  }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (editor, "chosen-users-check")), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (cube_test_get_named (editor, "users-list"), "kari")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cube_test_get_named (editor, "attempt-limit-spin")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cube_test_get_named (editor, "cooldown-spin")), 15);
  cube_test_spin (20);

  /* A date the core does not take is shown under its field. */
  type_into (editor, "until-entry", "31.02.2027");
  activate (editor, "editor.save");
  g_assert_true (gtk_widget_is_visible (cube_test_get_named (editor, "until-error")));
  g_assert_null (cube_store_find_assignment (fixture->store, "Sommer 2027", NULL));

  type_into (editor, "until-entry", "31.12.2099");
  activate (editor, "editor.save");
  g_assert_true (cube_test_spin_until (editor_gone, NULL, 1000));
  g_assert_finalize_object (editor);

  assignment = cube_store_find_assignment (fixture->store, "Sommer 2027", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_assignment_get_dataset_id (assignment), ==, cube_assignment_get_dataset_id (demo));
  g_assert_cmpuint (cube_assignment_get_attempt_limit (assignment), ==, 3);
  g_assert_cmpuint (cube_assignment_get_cooldown_minutes (assignment), ==, 15);
  g_assert_cmpint (cube_assignment_get_visibility (assignment), ==, CUBE_VISIBILITY_CHOSEN);
  users = cube_assignment_get_users (assignment);
  g_assert_nonnull (users);
  g_assert_cmpstr (users[0], ==, "kari");
  g_assert_null (users[1]);
  g_assert_cmpstr (cube_assignment_get_active_from (assignment), ==, "2020-01-01");
  g_assert_cmpstr (cube_assignment_get_active_until (assignment), ==, "2099-12-31");

  /* The window lists it, selected, with its outcomes (none yet). */
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), "Sommer 2027"));
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), "01.01.2020 – 31.12.2099"));
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), "Only kari"));
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), "15 min"));
  g_assert_true (shows_text (window, "Outcomes of Sommer 2027"));
  g_assert_true (gtk_widget_is_visible (cube_test_get_named (window, "no-outcomes")));

  /* Enter in the label adds the first outcome. */
  type_into (window, "outcome-label-entry", "Avtale inngått");
  g_signal_emit_by_name (cube_test_get_named (window, "outcome-label-entry"), "activate");
  cube_test_spin (50);
  {
    g_autoptr(CubeOutcome) first = cube_store_find_outcome (fixture->store, cube_assignment_get_id (assignment),
                                                            "Avtale inngått", &error);

    g_assert_no_error (error);
    g_assert_cmpint (cube_outcome_get_kind (first), ==, CUBE_OUTCOME_PROGRESS);
  }
  g_assert_false (gtk_widget_is_visible (cube_test_get_named (window, "no-outcomes")));
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "outcome-view"), "Avtale inngått"));

  /* Only the chosen agent gets it. */
  as_kari = cube_test_open_store (fixture->path, "kari");
  as_ola = cube_test_open_store (fixture->path, "ola");
  g_assert_true (lists_assignment (as_kari, "Sommer 2027"));
  g_assert_false (lists_assignment (as_ola, "Sommer 2027"));
  g_assert_true (lists_assignment (as_ola, CUBE_DEMO_ASSIGNMENT));
}

/* Without a dataset there is nothing to create an assignment in: the
 * editor says where to make one, and cannot save. */
static void
test_assignment_needs_dataset (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autoptr(CubeStore) store = cube_test_open_store (path, g_get_user_name ());
  g_autoptr(CubeContext) context = cube_context_new (store);
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  present (fixture, cube_assignment_editor_new (context, NULL));
  editor = fixture->window;
  g_assert_true (gtk_widget_is_visible (cube_test_get_named (editor, "dataset-error")));
  g_assert_true (shows_text (editor, "There is no dataset yet. Create one under Settings → Data Owners and Datasets."));
  type_into (editor, "name-entry", "Uten datasett");
  g_assert_false (cube_test_action_enabled (editor, "editor.save"));
  /* Activated anyway (a disabled action does nothing): nothing is written. */
  gtk_widget_activate_action (editor, "editor.save", NULL);
  cube_test_spin (20);
  assignments = cube_store_list_assignments (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assignments->len, ==, 0);
  /* Closed here, while its own store is still open. */
  gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&fixture->window)));
  cube_test_spin (50);
  g_assert_finalize_object (editor);
}

static void
test_edit_and_archive_assignment (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeStore) as_ola = cube_test_open_store (fixture->path, "ola");
  GtkWidget *window, *editor;

  present (fixture, cube_assignments_window_new (fixture->context));
  window = fixture->window;
  select_row (window, "assignment-view", assignment_named, CUBE_DEMO_ASSIGNMENT);
  activate (window, "assignments.edit");
  editor = GTK_WIDGET (cube_test_find_toplevel (CUBE_TYPE_ASSIGNMENT_EDITOR));
  g_assert_nonnull (editor);
  g_object_ref (editor);
  /* The dataset was chosen at creation. */
  g_assert_false (gtk_widget_get_sensitive (cube_test_get_named (editor, "dataset-dropdown")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_test_get_named (editor, "name-entry"))), ==, CUBE_DEMO_ASSIGNMENT);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cube_test_get_named (editor, "attempt-limit-spin")), 7);
  activate (editor, "editor.save");
  g_assert_true (cube_test_spin_until (editor_gone, NULL, 1000));
  g_assert_finalize_object (editor);
  assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, NULL);
  g_assert_cmpuint (cube_assignment_get_attempt_limit (assignment), ==, 7);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), "7"));

  activate (window, "assignments.archive");
  g_clear_object (&assignment);
  assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, NULL);
  g_assert_true (cube_assignment_get_archived (assignment));
  g_assert_false (lists_assignment (as_ola, CUBE_DEMO_ASSIGNMENT));
  /* Archived ones are listed only when asked for, and can be restored. */
  g_assert_null (cube_test_find_label (cube_test_get_named (window, "assignment-view"), CUBE_DEMO_ASSIGNMENT));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (window, "show-archived-check")), TRUE);
  cube_test_spin (100);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "assignment-view"), CUBE_DEMO_ASSIGNMENT));
  select_row (window, "assignment-view", assignment_named, CUBE_DEMO_ASSIGNMENT);
  activate (window, "assignments.restore");
  g_assert_true (lists_assignment (as_ola, CUBE_DEMO_ASSIGNMENT));
}

/* ---- outcomes ---------------------------------------------------------- */

/* The labels of the assignment's outcomes in the store, in order. */
static char *
stored_outcomes (Fixture *fixture,
                 gint64   assignment_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = cube_store_list_outcomes (fixture->store, assignment_id, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < outcomes->len; i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", cube_outcome_get_label (outcomes->pdata[i]));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_outcomes (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CubeAssignment) demo = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, NULL);
  gint64 demo_id = cube_assignment_get_id (demo);
  g_autofree char *before = stored_outcomes (fixture, demo_id);
  g_autofree char *added = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(CubeOutcome) archived = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;
  guint n;
  GtkWidget *window;

  present (fixture, cube_assignments_window_new (fixture->context));
  window = fixture->window;
  select_row (window, "assignment-view", assignment_named, CUBE_DEMO_ASSIGNMENT);
  g_assert_true (shows_text (window, "Outcomes of " CUBE_DEMO_ASSIGNMENT));

  /* An attempt outcome cannot close the customer: the box goes off. */
  type_into (window, "outcome-label-entry", "Sendt e-post");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (window, "closes-check")), TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cube_test_get_named (window, "kind-dropdown")), 1);
  cube_test_spin (20);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (cube_test_get_named (window, "closes-check"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (window, "needs-time-check")), TRUE);
  activate (window, "outcomes.add");

  added = stored_outcomes (fixture, demo_id);
  expected = g_strconcat (before, "|Sendt e-post", NULL);
  g_assert_cmpstr (added, ==, expected);
  outcome = cube_store_find_outcome (fixture->store, demo_id, "Sendt e-post", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_outcome_get_kind (outcome), ==, CUBE_OUTCOME_ATTEMPT);
  g_assert_false (cube_outcome_get_closes (outcome));
  g_assert_true (cube_outcome_get_needs_time (outcome));

  /* The new one is selected, its label in the form: adding it again is
   * off until the label is another. */
  g_assert_false (cube_test_action_enabled (window, "outcomes.add"));
  type_into (window, "outcome-label-entry", "Sendt e-post igjen");
  g_assert_true (cube_test_action_enabled (window, "outcomes.add"));
  type_into (window, "outcome-label-entry", "Sendt e-post");
  g_assert_false (cube_test_action_enabled (window, "outcomes.add"));

  /* Up one place, before the one that was last. */
  g_assert_false (cube_test_action_enabled (window, "outcomes.move-down"));
  activate (window, "outcomes.move-up");
  moved = stored_outcomes (fixture, demo_id);
  labels = g_strsplit (before, "|", -1);
  n = g_strv_length (labels);
  g_assert_cmpuint (n, >=, 2);
  {
    g_autoptr(GString) want = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      {
        if (i == n - 1)
          g_string_append (want, "Sendt e-post|");
        g_string_append_printf (want, "%s%s", labels[i], i + 1 < n ? "|" : "");
      }
    g_assert_cmpstr (moved, ==, want->str);
  }
  g_assert_true (cube_test_action_enabled (window, "outcomes.move-down"));

  /* Archived: kept in the list and history, no longer offered. */
  activate (window, "outcomes.archive");
  archived = cube_store_get_outcome (fixture->store, cube_outcome_get_id (outcome), &error);
  g_assert_no_error (error);
  g_assert_true (cube_outcome_get_archived (archived));
  g_assert_null (cube_store_find_outcome (fixture->store, demo_id, "Sendt e-post", NULL));
  g_assert_false (cube_test_action_enabled (window, "outcomes.archive"));
  g_assert_true (cube_test_action_enabled (window, "outcomes.restore"));

  /* Editing the selected outcome's label. */
  activate (window, "outcomes.restore");
  type_into (window, "outcome-label-entry", "Sendt e-post med tilbud");
  activate (window, "outcomes.save");
  g_clear_object (&archived);
  archived = cube_store_get_outcome (fixture->store, cube_outcome_get_id (outcome), &error);
  g_assert_cmpstr (cube_outcome_get_label (archived), ==, "Sendt e-post med tilbud");
  g_assert_false (cube_outcome_get_archived (archived));
}

static void
test_delete_outcome_in_use (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CubeAssignment) demo = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, NULL);
  gint64 demo_id = cube_assignment_get_id (demo);
  g_autoptr(CubeOutcome) sale = cube_store_find_outcome (fixture->store, demo_id, "Salg", NULL);
  g_autoptr(CubeOutcome) spare = NULL;
  g_autoptr(CubeOutcome) still = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  GtkWidget *window;

  g_assert_nonnull (sale);
  locked = cube_store_lock_next (fixture->store, demo_id, &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (fixture->store, cube_customer_get_id (locked), cube_outcome_get_id (sale),
                                      0, NULL, &error);
  g_assert_no_error (error);
  spare = cube_store_add_outcome (fixture->store, demo_id, "Sendt brev", CUBE_OUTCOME_PROGRESS, TRUE, FALSE,
                                  &error);
  g_assert_no_error (error);

  present (fixture, cube_assignments_window_new (fixture->context));
  window = fixture->window;
  select_row (window, "assignment-view", assignment_named, CUBE_DEMO_ASSIGNMENT);
  select_row (window, "outcome-view", outcome_labelled, "Salg");
  activate (window, "outcomes.delete");
  /* What the core says, and the outcome is still there. */
  g_assert_false (cube_store_delete_outcome (fixture->store, cube_outcome_get_id (sale), &expected));
  g_assert_error (expected, CUBE_ERROR, CUBE_ERROR_CONFLICT);
  g_assert_true (shows_text (window, expected->message));
  still = cube_store_get_outcome (fixture->store, cube_outcome_get_id (sale), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "outcome-view"), "Salg"));

  /* One nobody registered can be deleted. */
  select_row (window, "outcome-view", outcome_labelled, "Sendt brev");
  activate (window, "outcomes.delete");
  g_clear_object (&still);
  still = cube_store_get_outcome (fixture->store, cube_outcome_get_id (spare), &error);
  g_assert_null (still);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  g_assert_null (cube_test_find_label (cube_test_get_named (window, "outcome-view"), "Sendt brev"));
}

/* ---- users and permissions --------------------------------------------- */

static GtkCheckButton *
permission_check (GtkWidget  *window,
                  const char *login,
                  const char *permission)
{
  GtkWidget *row = table_row (window, "user-view", login);

  return GTK_CHECK_BUTTON (cube_test_get_named (row, permission));
}

static void
test_give_permission (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CubeUser) kari = NULL;
  GtkCheckButton *check;
  GtkWidget *window;

  present (fixture, cube_users_window_new (fixture->context));
  window = fixture->window;
  check = permission_check (window, "kari", "reporting");
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_true (gtk_check_button_get_active (permission_check (window, "kari", "customer-handling")));

  gtk_check_button_set_active (check, TRUE);
  cube_test_spin (50);
  kari = find_user (fixture, "kari");
  g_assert_cmpuint (cube_user_get_permissions (kari), ==,
                    CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_REPORTING);
  g_assert_true (gtk_check_button_get_active (permission_check (window, "kari", "reporting")));

  gtk_check_button_set_active (permission_check (window, "kari", "customer-handling"), FALSE);
  cube_test_spin (50);
  g_clear_object (&kari);
  kari = find_user (fixture, "kari");
  g_assert_cmpuint (cube_user_get_permissions (kari), ==, CUBE_PERMISSION_REPORTING);
}

static void
test_last_administrator (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CubeUser) me = find_user (fixture, g_get_user_name ());
  g_autoptr(CubeUser) after = NULL;
  g_autoptr(CubeUser) refused = NULL;
  g_autoptr(GError) expected = NULL;
  GtkCheckButton *check;
  GtkWidget *window;

  g_assert_true (cube_user_get_permissions (me) & CUBE_PERMISSION_ADMINISTRATOR);
  refused = cube_store_update_user (fixture->store, cube_user_get_id (me), "",
                                    cube_user_get_permissions (me) & ~CUBE_PERMISSION_ADMINISTRATOR, &expected);
  g_assert_null (refused);
  g_assert_error (expected, CUBE_ERROR, CUBE_ERROR_CONFLICT);

  present (fixture, cube_users_window_new (fixture->context));
  window = fixture->window;
  check = permission_check (window, g_get_user_name (), "administrator");
  g_assert_true (gtk_check_button_get_active (check));
  gtk_check_button_set_active (check, FALSE);
  cube_test_spin (50);

  /* Refused by the core, shown, and the box ticked again. */
  g_assert_true (shows_text (window, expected->message));
  g_assert_true (gtk_check_button_get_active (permission_check (window, g_get_user_name (), "administrator")));
  after = find_user (fixture, g_get_user_name ());
  g_assert_cmpuint (cube_user_get_permissions (after), ==, cube_user_get_permissions (me));

  /* With a second administrator it can go. */
  gtk_check_button_set_active (permission_check (window, "ola", "administrator"), TRUE);
  cube_test_spin (50);
  check = permission_check (window, g_get_user_name (), "administrator");
  gtk_check_button_set_active (check, FALSE);
  cube_test_spin (50);
  g_clear_object (&after);
  after = find_user (fixture, g_get_user_name ());
  g_assert_false (cube_user_get_permissions (after) & CUBE_PERMISSION_ADMINISTRATOR);
}

static void
test_user_name_archive_and_add (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CubeUser) kari = NULL;
  g_autoptr(CubeUser) nils = NULL;
  g_autoptr(GError) expected = NULL;
  GtkWidget *window;

  present (fixture, cube_users_window_new (fixture->context));
  window = fixture->window;
  g_assert_false (cube_test_action_enabled (window, "users.archive"));

  select_row (window, "user-view", user_with_login, "kari");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_test_get_named (window, "name-entry"))), ==, "Kari Nordmann");
  type_into (window, "name-entry", "Kari Nordmann Berg");
  activate (window, "users.save-name");
  kari = find_user (fixture, "kari");
  g_assert_cmpstr (cube_user_get_name (kari), ==, "Kari Nordmann Berg");

  activate (window, "users.archive");
  g_clear_object (&kari);
  kari = find_user (fixture, "kari");
  g_assert_true (cube_user_get_archived (kari));
  /* Archived users are listed when asked for, and can be restored. */
  g_assert_null (cube_test_find_label (cube_test_get_named (window, "user-view"), "kari"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_get_named (window, "show-archived-check")), TRUE);
  cube_test_spin (100);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "user-view"), "kari"));
  select_row (window, "user-view", user_with_login, "kari");
  g_assert_true (cube_test_action_enabled (window, "users.restore"));
  activate (window, "users.restore");
  g_clear_object (&kari);
  kari = find_user (fixture, "kari");
  g_assert_false (cube_user_get_archived (kari));

  /* The last administrator cannot be archived: the core says why. */
  select_row (window, "user-view", user_with_login, g_get_user_name ());
  activate (window, "users.archive");
  {
    g_autoptr(CubeUser) me = find_user (fixture, g_get_user_name ());
    g_autoptr(CubeUser) refused = cube_store_set_user_archived (fixture->store, cube_user_get_id (me), TRUE,
                                                                &expected);

    g_assert_null (refused);
    g_assert_false (cube_user_get_archived (me));
    g_assert_true (shows_text (window, expected->message));
  }

  /* A new user by login: an agent, listed at once. */
  g_assert_false (cube_test_action_enabled (window, "users.add"));
  type_into (window, "login-entry", "nils");
  type_into (window, "new-name-entry", "Nils Ås");
  activate (window, "users.add");
  nils = find_user (fixture, "nils");
  g_assert_cmpstr (cube_user_get_name (nils), ==, "Nils Ås");
  g_assert_cmpuint (cube_user_get_permissions (nils), ==, CUBE_PERMISSION_CUSTOMER_HANDLING);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "user-view"), "nils"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_test_get_named (window, "login-entry"))), ==, "");
}

/* ---- the main window's actions by permission ---------------------------- */

static void
activate_nothing_cb (GApplication *app)
{
}

static gboolean
quit_idle_cb (gpointer app)
{
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

/* Opens the main window as @login and tries each administration window;
 * @allowed says which may open. */
static void
try_windows_as (Fixture    *fixture,
                const char *login,
                gboolean    data_owners,
                gboolean    assignments,
                gboolean    users)
{
  static const char *actions[] = { "win.data-owners", "win.assignments", "win.users" };
  GType types[] = { CUBE_TYPE_DATA_OWNERS_WINDOW, CUBE_TYPE_ASSIGNMENTS_WINDOW, CUBE_TYPE_USERS_WINDOW };
  gboolean allowed[] = { data_owners, assignments, users };
  g_autoptr(CubeStore) store = cube_test_open_store (fixture->path, login);
  g_autoptr(CubeContext) context = cube_context_new (store);
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.cubecrm.Cube.TestAdmin",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  GtkWidget *main_window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  main_window = g_object_ref_sink (cube_window_new (app, context));
  gtk_window_present (GTK_WINDOW (main_window));
  cube_test_spin (200);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWindow *opened;

      gtk_widget_activate_action (main_window, actions[i], NULL);
      if (!allowed[i])
        {
          cube_test_spin (100);
          g_assert_null (cube_test_find_toplevel (types[i]));
          continue;
        }
      g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (types[i]), 1000));
      opened = g_object_ref (cube_test_find_toplevel (types[i]));
      g_assert_true (gtk_window_get_transient_for (opened) == GTK_WINDOW (main_window));
      /* Asked again, the open one is raised, not a second one made. */
      gtk_widget_activate_action (main_window, actions[i], NULL);
      cube_test_spin (50);
      {
        g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
        guint n = 0;

        for (GList *l = toplevels; l != NULL; l = l->next)
          n += G_TYPE_CHECK_INSTANCE_TYPE (l->data, types[i]);
        g_assert_cmpuint (n, ==, 1);
      }
      gtk_window_destroy (opened);
      cube_test_spin (50);
      g_assert_finalize_object (opened);
    }

  gtk_window_destroy (GTK_WINDOW (main_window));
  cube_test_spin (50);
  g_assert_finalize_object (main_window);

  /* Run the application to its end: shutdown takes it off the bus, so the
   * next call can register its own. */
  g_signal_connect (app, "activate", G_CALLBACK (activate_nothing_cb), NULL);
  g_idle_add (quit_idle_cb, app);
  g_application_run (G_APPLICATION (app), 0, NULL);
}

static void
test_actions_need_permission (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CubeStore) as_kari = cube_test_open_store (fixture->path, "kari");
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeUser) ola = find_user (fixture, "ola");
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(GError) error = NULL;

  /* An agent: none of them. */
  try_windows_as (fixture, "kari", FALSE, FALSE, FALSE);
  /* And the core refuses the agent too. */
  owner = cube_store_add_data_owner (as_kari, "Snikeier AS", NULL, NULL, &error);
  g_assert_null (owner);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Assignment setup: data owners and assignments, not users. */
  changed = cube_store_update_user (fixture->store, cube_user_get_id (ola), cube_user_get_name (ola),
                                    CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_ASSIGNMENT_SETUP, &error);
  g_assert_no_error (error);
  try_windows_as (fixture, "ola", TRUE, TRUE, FALSE);

  /* The administrator: all three. */
  try_windows_as (fixture, g_get_user_name (), TRUE, TRUE, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/admin/data-owner-and-dataset", Fixture, NULL, fixture_set_up, test_data_owner_and_dataset,
              fixture_tear_down);
  g_test_add ("/admin/second-dataset-refused", Fixture, NULL, fixture_set_up, test_second_dataset_refused,
              fixture_tear_down);
  g_test_add ("/admin/create-assignment", Fixture, NULL, fixture_set_up, test_create_assignment,
              fixture_tear_down);
  g_test_add ("/admin/assignment-needs-dataset", Fixture, NULL, fixture_set_up, test_assignment_needs_dataset,
              fixture_tear_down);
  g_test_add ("/admin/edit-and-archive-assignment", Fixture, NULL, fixture_set_up,
              test_edit_and_archive_assignment, fixture_tear_down);
  g_test_add ("/admin/outcomes", Fixture, NULL, fixture_set_up, test_outcomes, fixture_tear_down);
  g_test_add ("/admin/delete-outcome-in-use", Fixture, NULL, fixture_set_up, test_delete_outcome_in_use,
              fixture_tear_down);
  g_test_add ("/admin/give-permission", Fixture, NULL, fixture_set_up, test_give_permission, fixture_tear_down);
  g_test_add ("/admin/last-administrator", Fixture, NULL, fixture_set_up, test_last_administrator,
              fixture_tear_down);
  g_test_add ("/admin/user-name-archive-and-add", Fixture, NULL, fixture_set_up, test_user_name_archive_and_add,
              fixture_tear_down);
  g_test_add ("/admin/actions-need-permission", Fixture, NULL, fixture_set_up, test_actions_need_permission,
              fixture_tear_down);

  return g_test_run ();
}
