/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CRM settings window and its field editor, driven through their
 * actions and widgets as a supervisor would; checked against the store and
 * against the new-customer dialogs and details view open meanwhile. */
#include <gtk/gtk.h>

#include "cube-test-util.h"
#include "cube-crm-settings-window.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-field-editor.h"
#include "cube-new-customer-dialog.h"
#include "cube-window.h"

#define AGENT_LOGIN "agent-ola"

typedef struct {
  char           *dir;
  char           *path;
  CubeStore      *store;
  CubeContext    *context;
  CubeAssignment *assignment;
  gint64          dataset_id;
  GtkWidget      *window;     /* the CRM settings window */
} Fixture;

/* ---- helpers ----------------------------------------------------------- */

static void
spin (void)
{
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The visible GtkLabel showing @text, anywhere below @widget. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)))
        return found;
    }
  return NULL;
}

/* Whether the menubar of @window offers the item @text: its button exists
 * in the (closed) menu and is not hidden. */
static gboolean
menu_offers (GtkWidget  *widget,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        {
          GtkWidget *item = gtk_widget_get_parent (child);

          /* The label sits in the item's box, inside the item. */
          while (item != NULL && !GTK_IS_POPOVER (gtk_widget_get_parent (item))
                 && gtk_widget_get_visible (item) && gtk_widget_get_visible (child))
            {
              if (G_TYPE_CHECK_INSTANCE_TYPE (item, g_type_from_name ("GtkModelButton")))
                return gtk_widget_get_visible (item) && gtk_widget_get_sensitive (item);
              item = gtk_widget_get_parent (item);
            }
          return FALSE;
        }
      if (menu_offers (child, text))
        return TRUE;
    }
  return FALSE;
}

/* The visible label below @widget whose text contains @part. */
static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), part) != NULL)
        return GTK_LABEL (child);
      if ((found = find_label_containing (child, part)))
        return found;
    }
  return NULL;
}

/* The shown widget below @widget that assistive technology calls @name. */
static GtkWidget *
find_by_accessible_label (GtkWidget  *widget,
                          const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *mismatch = NULL;
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      /* A label names itself; the inputs it names are what is wanted. */
      if (!GTK_IS_LABEL (child))
        mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      if (!GTK_IS_LABEL (child) && mismatch == NULL)
        return child;
      if ((found = find_by_accessible_label (child, name)))
        return found;
    }
  return NULL;
}

/* The input that the visible label @text names (its mnemonic widget). */
static GtkWidget *
input_named (GtkWidget  *window,
             const char *text)
{
  GtkLabel *label = find_label (window, text);

  g_assert_nonnull (label);
  g_assert_nonnull (gtk_label_get_mnemonic_widget (label));
  return gtk_label_get_mnemonic_widget (label);
}

/* The toplevel of @type that is shown, or NULL. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static GtkSingleSelection *
field_selection (Fixture *fixture)
{
  GtkWidget *view = find_by_accessible_label (fixture->window, "Fields");

  g_assert_true (GTK_IS_COLUMN_VIEW (view));
  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
}

/* The keys the settings window lists, in order, joined by spaces. */
static char *
listed_keys (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (field_selection (fixture));
  GString *keys = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeFieldDef) field = g_list_model_get_item (model, i);

      g_string_append_printf (keys, "%s%s", i ? " " : "", cube_field_def_get_key (field));
    }
  return g_string_free (keys, FALSE);
}

/* The keys of the dataset's fields as the store has them. */
static char *
stored_keys (Fixture  *fixture,
             gboolean  include_archived)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  GString *keys = g_string_new (NULL);

  fields = cube_store_list_fields (fixture->store, fixture->dataset_id, include_archived, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (keys, "%s%s", i ? " " : "", cube_field_def_get_key (fields->pdata[i]));
  return g_string_free (keys, FALSE);
}

static CubeFieldDef *
stored_field (Fixture    *fixture,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  CubeFieldDef *field = cube_store_find_field (fixture->store, fixture->dataset_id, key, &error);

  g_assert_no_error (error);
  return field;
}

/* Selects the listed field @key as a click on its row would. */
static void
select_listed (Fixture    *fixture,
               const char *key)
{
  GtkSingleSelection *selection = field_selection (fixture);
  GListModel *model = G_LIST_MODEL (selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeFieldDef) field = g_list_model_get_item (model, i);

      if (g_str_equal (cube_field_def_get_key (field), key))
        {
          gtk_single_selection_set_selected (selection, i);
          spin ();
          return;
        }
    }
  g_assert_not_reached ();
}

/* Whether an action is enabled, read where the user sees it: the
 * sensitivity of the button that points at it. */
static GtkWidget *
button_for_action (GtkWidget  *widget,
                   const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = button_for_action (child, action)))
        return found;
    }
  return NULL;
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  GtkWidget *button = button_for_action (widget, action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static GtkWidget *
open_new_customer_dialog (Fixture *fixture)
{
  GtkWidget *dialog = cube_new_customer_dialog_new (fixture->context);

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  return dialog;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (window);
}

/* Opens the field editor with @action ("settings.add-field" or
 * "settings.edit-field") and returns it (a reference the caller owns). */
static GtkWidget *
open_editor (Fixture    *fixture,
             const char *action)
{
  GtkWidget *editor;

  g_assert_true (action_enabled (fixture->window, action));
  gtk_widget_activate_action (fixture->window, action, NULL);
  spin ();
  editor = find_toplevel (CUBE_TYPE_FIELD_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (fixture->window));
  return g_object_ref (editor);
}

/* The check button labelled @text. */
static GtkCheckButton *
check_named (GtkWidget  *window,
             const char *text)
{
  GtkLabel *label = find_label (window, text);
  GtkWidget *check = label ? gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_CHECK_BUTTON) : NULL;

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

/* How many windows of @type are open. */
static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        n++;
    }
  return n;
}

static void
type_into (GtkWidget  *window,
           const char *label,
           const char *text)
{
  GtkWidget *input = input_named (window, label);

  g_assert_true (GTK_IS_EDITABLE (input));
  gtk_editable_set_text (GTK_EDITABLE (input), text);
  spin ();
}

static void
save_editor (GtkWidget *editor)
{
  g_assert_true (action_enabled (editor, "editor.save"));
  gtk_widget_activate_action (editor, "editor.save", NULL);
  spin ();
}

/* ---- fixture ----------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean created;

  fixture->dir = cube_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "cube.db", NULL);
  fixture->store = cube_test_open_store (fixture->path, g_get_user_name ());
  g_assert_true (cube_demo_create (fixture->store, &created, &error));
  g_assert_no_error (error);
  fixture->context = cube_context_new (fixture->store);
  fixture->assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);
  fixture->dataset_id = cube_assignment_get_dataset_id (fixture->assignment);

  fixture->window = cube_crm_settings_window_new (fixture->context);
  g_object_ref_sink (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  spin ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Every window the test left open. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
  spin ();
  g_assert_finalize_object (g_steal_pointer (&fixture->window));
  g_clear_object (&fixture->assignment);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  cube_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_lists_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *listed = listed_keys (fixture);
  g_autofree char *stored = stored_keys (fixture, FALSE);
  GtkDropDown *owner = GTK_DROP_DOWN (find_by_accessible_label (fixture->window, "Data owner"));
  GtkDropDown *dataset = GTK_DROP_DOWN (find_by_accessible_label (fixture->window, "Dataset"));
  CubeDataOwner *chosen_owner;
  CubeDataset *chosen_dataset;

  /* The only data owner and its dataset are chosen; their fields are
   * listed in the dataset's order, with their type in the user's words. */
  g_assert_nonnull (owner);
  g_assert_nonnull (dataset);
  chosen_owner = gtk_drop_down_get_selected_item (owner);
  chosen_dataset = gtk_drop_down_get_selected_item (dataset);
  g_assert_nonnull (chosen_owner);
  g_assert_cmpstr (cube_data_owner_get_name (chosen_owner), ==, CUBE_DEMO_OWNER);
  g_assert_nonnull (chosen_dataset);
  g_assert_cmpint (cube_dataset_get_id (chosen_dataset), ==, fixture->dataset_id);
  g_assert_cmpstr (listed, ==, stored);
  g_assert_nonnull (find_label (fixture->window, "Fødselsdato"));
  g_assert_nonnull (find_label (fixture->window, cube_field_type_get_display_name (CUBE_FIELD_DATE)));
  g_assert_nonnull (find_label (fixture->window, cube_field_type_get_display_name (CUBE_FIELD_YES_NO)));

  /* Nothing is selected: only adding is possible. */
  g_assert_true (action_enabled (fixture->window, "settings.add-field"));
  g_assert_false (action_enabled (fixture->window, "settings.edit-field"));
  g_assert_false (action_enabled (fixture->window, "settings.move-up"));
  g_assert_false (action_enabled (fixture->window, "settings.archive-field"));
  select_listed (fixture, "postnummer");
  g_assert_true (action_enabled (fixture->window, "settings.edit-field"));
  g_assert_false (action_enabled (fixture->window, "settings.move-up"));
  g_assert_true (action_enabled (fixture->window, "settings.move-down"));
  g_assert_true (action_enabled (fixture->window, "settings.archive-field"));
  g_assert_false (action_enabled (fixture->window, "settings.restore-field"));

  /* The main window's menu raises the window already open. */
  cube_crm_settings_window_present (NULL, fixture->context);
  spin ();
  g_assert_true (find_toplevel (CUBE_TYPE_CRM_SETTINGS_WINDOW) == fixture->window);
  g_assert_cmpuint (count_toplevels (CUBE_TYPE_CRM_SETTINGS_WINDOW), ==, 1);
}

static void
test_add_field_shows_in_dialogs (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *label = "Kundenummer hos leverandør";
  g_autofree char *derived = cube_field_key_from_label (label);
  g_autoptr(CubeFieldDef) field = NULL;
  GtkWidget *open_dialog = open_new_customer_dialog (fixture);
  GtkWidget *new_dialog;
  GtkWidget *editor;
  GtkWidget *input;

  g_assert_null (find_by_accessible_label (open_dialog, label));

  editor = open_editor (fixture, "settings.add-field");
  /* The key follows the label as it is typed, by the core's rule. */
  type_into (editor, "Label *", label);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_named (editor, "Key *"))), ==, derived);
  type_into (editor, "Help text", "Leverandørens eget nummer");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (input_named (editor, "Type")), CUBE_FIELD_NUMBER);
  spin ();
  save_editor (editor);
  /* Saved: the editor closed. */
  g_assert_null (find_toplevel (CUBE_TYPE_FIELD_EDITOR));
  g_assert_finalize_object (editor);

  field = stored_field (fixture, derived);
  g_assert_cmpstr (cube_field_def_get_label (field), ==, label);
  g_assert_cmpint (cube_field_def_get_field_type (field), ==, CUBE_FIELD_NUMBER);
  g_assert_cmpstr (cube_field_def_get_help (field), ==, "Leverandørens eget nummer");
  g_assert_false (cube_field_def_get_required (field));
  /* Listed last and selected. */
  {
    g_autofree char *listed = listed_keys (fixture);
    g_autofree char *stored = stored_keys (fixture, FALSE);
    CubeFieldDef *selected = gtk_single_selection_get_selected_item (field_selection (fixture));

    g_assert_cmpstr (listed, ==, stored);
    g_assert_true (g_str_has_suffix (listed, derived));
    g_assert_nonnull (selected);
    g_assert_cmpint (cube_field_def_get_id (selected), ==, cube_field_def_get_id (field));
  }

  /* The dialog open meanwhile shows it at once, and a new one too. */
  input = find_by_accessible_label (open_dialog, label);
  g_assert_nonnull (input);
  g_assert_true (GTK_IS_EDITABLE (input));
  new_dialog = open_new_customer_dialog (fixture);
  g_assert_nonnull (find_by_accessible_label (new_dialog, label));

  /* And a customer saved from the open dialog keeps its value. */
  gtk_editable_set_text (GTK_EDITABLE (find_by_accessible_label (open_dialog, "Customer ID")), "88001");
  gtk_editable_set_text (GTK_EDITABLE (input), "4711");
  spin ();
  gtk_widget_activate_action (open_dialog, "customer.save-and-details", NULL);
  spin ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CubeCustomer) customer = cube_store_find_customer (fixture->store,
                                                                 cube_assignment_get_id (fixture->assignment),
                                                                 "88001", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (customer), derived), ==, "4711");
  }
  close_window (new_dialog);
  close_window (open_dialog);
}

static void
test_add_choice_field (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = NULL;
  GtkWidget *dialog = open_new_customer_dialog (fixture);
  GtkWidget *editor = open_editor (fixture, "settings.add-field");
  const char * const *options;
  GtkWidget *input;

  type_into (editor, "Label *", "Interesse");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (input_named (editor, "Type")), CUBE_FIELD_CHOICE);
  spin ();
  /* A choice field gets its options from the list. */
  g_assert_false (action_enabled (editor, "editor.add-option"));
  type_into (editor, "Options *", "Strøm");
  g_assert_true (action_enabled (editor, "editor.add-option"));
  gtk_widget_activate_action (editor, "editor.add-option", NULL);
  type_into (editor, "Options *", "Bredbånd");
  gtk_widget_activate_action (editor, "editor.add-option", NULL);
  type_into (editor, "Options *", "TV");
  gtk_widget_activate_action (editor, "editor.add-option", NULL);
  /* The one just added is selected: removing takes it away again. */
  g_assert_true (action_enabled (editor, "editor.remove-option"));
  gtk_widget_activate_action (editor, "editor.remove-option", NULL);
  spin ();
  save_editor (editor);
  g_assert_null (find_toplevel (CUBE_TYPE_FIELD_EDITOR));
  g_assert_finalize_object (editor);

  field = stored_field (fixture, "interesse");
  g_assert_cmpint (cube_field_def_get_field_type (field), ==, CUBE_FIELD_CHOICE);
  options = cube_field_def_get_options (field);
  g_assert_nonnull (options);
  g_assert_cmpuint (g_strv_length ((char **) options), ==, 2);
  g_assert_cmpstr (options[0], ==, "Strøm");
  g_assert_cmpstr (options[1], ==, "Bredbånd");

  /* The dialog offers them (after the empty choice). */
  input = find_by_accessible_label (dialog, "Interesse");
  g_assert_true (GTK_IS_DROP_DOWN (input));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (input))), ==, 3);
  close_window (dialog);
}

static void
test_archive_and_restore (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CubeFieldDef) archived = NULL;
  g_autoptr(CubeFieldDef) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) before = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autofree char *listed = NULL;
  GtkWidget *dialog = open_new_customer_dialog (fixture);
  GtkWidget *view;

  before = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment), "10005", &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_hash_table_lookup (cube_customer_get_fields (before), "poststed"));
  view = cube_details_view_new (fixture->context, cube_customer_get_id (before));
  g_object_ref_sink (view);
  gtk_window_present (GTK_WINDOW (view));
  spin ();
  g_assert_nonnull (find_by_accessible_label (dialog, "Poststed"));
  g_assert_nonnull (find_by_accessible_label (view, "Poststed"));

  select_listed (fixture, "poststed");
  gtk_widget_activate_action (fixture->window, "settings.archive-field", NULL);
  spin ();
  archived = stored_field (fixture, "poststed");
  g_assert_true (cube_field_def_get_archived (archived));
  /* Hidden from the forms at once; the values are kept. */
  g_assert_null (find_by_accessible_label (dialog, "Poststed"));
  g_assert_null (find_by_accessible_label (view, "Poststed"));
  after = cube_store_get_customer (fixture->store, cube_customer_get_id (before), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (after), "poststed"), ==,
                   g_hash_table_lookup (cube_customer_get_fields (before), "poststed"));
  /* No longer listed, until archived fields are shown too. */
  listed = listed_keys (fixture);
  g_assert_null (strstr (listed, "poststed"));
  g_clear_pointer (&listed, g_free);
  g_assert_false (action_enabled (fixture->window, "settings.archive-field"));

  gtk_widget_activate_action (fixture->window, "settings.show-archived", NULL);
  spin ();
  {
    g_autofree char *all = stored_keys (fixture, TRUE);
    listed = listed_keys (fixture);
    g_assert_cmpstr (listed, ==, all);
  }
  select_listed (fixture, "poststed");
  g_assert_false (action_enabled (fixture->window, "settings.archive-field"));
  g_assert_true (action_enabled (fixture->window, "settings.restore-field"));
  gtk_widget_activate_action (fixture->window, "settings.restore-field", NULL);
  spin ();
  restored = stored_field (fixture, "poststed");
  g_assert_false (cube_field_def_get_archived (restored));
  g_assert_true (GTK_IS_EDITABLE (find_by_accessible_label (dialog, "Poststed")));
  g_assert_true (GTK_IS_EDITABLE (find_by_accessible_label (view, "Poststed")));

  close_window (view);
  close_window (dialog);
}

/* The grid row of the card input that is called @name. */
static int
card_row (GtkWidget  *dialog,
          const char *name)
{
  GtkWidget *input = find_by_accessible_label (dialog, name);
  int column, row, width, height;

  g_assert_nonnull (input);
  while (!GTK_IS_GRID (gtk_widget_get_parent (input)))
    input = gtk_widget_get_parent (input);
  gtk_grid_query_child (GTK_GRID (gtk_widget_get_parent (input)), input, &column, &row, &width, &height);
  return row;
}

static void
test_move_reorders_dialog (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *dialog = open_new_customer_dialog (fixture);
  g_autofree char *before = stored_keys (fixture, TRUE);
  g_autofree char *after = NULL;
  g_autofree char *back = NULL;
  g_autofree char *listed = NULL;

  g_assert_true (g_str_has_prefix (before, "postnummer poststed "));
  g_assert_cmpint (card_row (dialog, "Postnummer"), <, card_row (dialog, "Poststed"));

  select_listed (fixture, "postnummer");
  gtk_widget_activate_action (fixture->window, "settings.move-down", NULL);
  spin ();
  after = stored_keys (fixture, TRUE);
  g_assert_true (g_str_has_prefix (after, "poststed postnummer "));
  g_assert_cmpstr (after + strlen ("poststed postnummer "), ==, before + strlen ("postnummer poststed "));
  listed = listed_keys (fixture);
  g_assert_cmpstr (listed, ==, after);
  /* The moved field stays selected; the open dialog follows. */
  g_assert_cmpstr (cube_field_def_get_key (gtk_single_selection_get_selected_item (field_selection (fixture))),
                   ==, "postnummer");
  g_assert_cmpint (card_row (dialog, "Poststed"), <, card_row (dialog, "Postnummer"));
  g_assert_true (action_enabled (fixture->window, "settings.move-up"));

  gtk_widget_activate_action (fixture->window, "settings.move-up", NULL);
  spin ();
  back = stored_keys (fixture, TRUE);
  g_assert_cmpstr (back, ==, before);
  g_assert_cmpint (card_row (dialog, "Postnummer"), <, card_row (dialog, "Poststed"));
  g_assert_false (action_enabled (fixture->window, "settings.move-up"));
  close_window (dialog);
}

/* Customers of the demo dataset with a value for @key. */
static guint
count_values (Fixture    *fixture,
              const char *key)
{
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  customers = cube_store_list_customers (fixture->store, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < customers->len; i++)
    {
      const char *value = g_hash_table_lookup (cube_customer_get_fields (customers->pdata[i]), key);

      if (cube_customer_get_dataset_id (customers->pdata[i]) == fixture->dataset_id && value && value[0])
        n++;
    }
  return n;
}

static void
test_type_change_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = NULL;
  guint n_values = count_values (fixture, "poststed");
  g_autofree char *count = g_strdup_printf (" %u ", n_values);
  GtkWidget *editor;
  GtkLabel *refusal;

  /* Every demo customer has a town: none of them is a number. */
  g_assert_cmpuint (n_values, >, 1);
  select_listed (fixture, "poststed");
  editor = open_editor (fixture, "settings.edit-field");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_named (editor, "Label *"))), ==, "Poststed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_named (editor, "Key *"))), ==, "poststed");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (input_named (editor, "Type")), CUBE_FIELD_NUMBER);
  spin ();
  save_editor (editor);

  /* The refusal names how many values block it, next to the type; the
   * editor stays open and nothing changed. */
  g_assert_true (find_toplevel (CUBE_TYPE_FIELD_EDITOR) == editor);
  refusal = find_label_containing (editor, "do not convert");
  g_assert_nonnull (refusal);
  g_assert_nonnull (strstr (gtk_label_get_text (refusal), count));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (refusal), "field-error"));
  field = stored_field (fixture, "poststed");
  g_assert_cmpint (cube_field_def_get_field_type (field), ==, CUBE_FIELD_TEXT);
  g_assert_cmpuint (count_values (fixture, "poststed"), ==, n_values);

  gtk_widget_activate_action (editor, "editor.cancel", NULL);
  spin ();
  g_assert_null (find_toplevel (CUBE_TYPE_FIELD_EDITOR));
  g_assert_finalize_object (editor);
}

static void
test_unique_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = NULL;
  GtkWidget *editor;
  GtkLabel *refusal;

  /* The demo's forty customers live in fewer towns. */
  select_listed (fixture, "poststed");
  editor = open_editor (fixture, "settings.edit-field");
  gtk_check_button_set_active (check_named (editor, "Unique if filled"), TRUE);
  spin ();
  save_editor (editor);
  refusal = find_label_containing (editor, "Unique-if-filled cannot be turned on");
  g_assert_nonnull (refusal);
  g_assert_true (g_regex_match_simple ("[0-9]+ customers share", gtk_label_get_text (refusal), 0, 0));
  field = stored_field (fixture, "poststed");
  g_assert_false (cube_field_def_get_unique (field));
  gtk_widget_activate_action (editor, "editor.cancel", NULL);
  spin ();
  g_assert_finalize_object (editor);
}

static void
test_required_lists_missing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  GtkWidget *dialog = open_new_customer_dialog (fixture);
  GtkWidget *editor;
  GtkWidget *list, *expander;
  gint64 missing;

  editor = open_editor (fixture, "settings.add-field");
  type_into (editor, "Label *", "Kontaktperson");
  gtk_check_button_set_active (check_named (editor, "Required"), TRUE);
  spin ();
  save_editor (editor);

  field = stored_field (fixture, "kontaktperson");
  g_assert_true (cube_field_def_get_required (field));
  missing = cube_store_count_missing_value (fixture->store, cube_field_def_get_id (field), &error);
  g_assert_no_error (error);
  g_assert_cmpint (missing, ==, cube_store_count_customers (fixture->store, NULL));

  /* The editor stays open to say how many customers have no value, and
   * lists them; they are not changed. */
  g_assert_true (find_toplevel (CUBE_TYPE_FIELD_EDITOR) == editor);
  count = g_strdup_printf ("Saved. %" G_GINT64_FORMAT " customers have no value", missing);
  g_assert_nonnull (find_label_containing (editor, count));
  g_assert_null (find_by_accessible_label (editor, "Customers without a value"));
  expander = gtk_widget_get_ancestor (GTK_WIDGET (find_label (editor, "Show the customers")), GTK_TYPE_EXPANDER);
  g_assert_nonnull (expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  spin ();
  list = find_by_accessible_label (editor, "Customers without a value");
  g_assert_true (GTK_IS_LIST_VIEW (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                    ==, MIN (missing, 200));
  /* The new-customer dialog asks for it now. */
  g_assert_nonnull (find_label (dialog, "Kontaktperson *"));

  gtk_widget_activate_action (editor, "editor.cancel", NULL);
  spin ();
  g_assert_finalize_object (editor);
  close_window (dialog);
}

static void
test_key_change_refused_with_values (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(CubeFieldDef) field = NULL;
  GtkWidget *editor;

  select_listed (fixture, "poststed");
  editor = open_editor (fixture, "settings.edit-field");
  /* Changing the label of a field keeps its key. */
  type_into (editor, "Label *", "By");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input_named (editor, "Key *"))), ==, "poststed");
  type_into (editor, "Key *", "by");
  save_editor (editor);
  g_assert_nonnull (find_label_containing (editor, "The key cannot change"));
  field = stored_field (fixture, "poststed");
  g_assert_cmpstr (cube_field_def_get_label (field), ==, "Poststed");

  /* With the key as it was, the new label is saved. */
  type_into (editor, "Key *", "poststed");
  save_editor (editor);
  g_assert_null (find_toplevel (CUBE_TYPE_FIELD_EDITOR));
  g_assert_finalize_object (editor);
  g_clear_object (&field);
  field = stored_field (fixture, "poststed");
  g_assert_cmpstr (cube_field_def_get_label (field), ==, "By");
  g_assert_nonnull (find_label (fixture->window, "By"));
}

static GtkApplication *
new_application (void)
{
  GtkApplication *app = gtk_application_new ("io.github.cubecrm.Cube.TestSettings", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  builder = gtk_builder_new_from_resource ("/io/github/cubecrm/Cube/gtk/menus.ui");
  gtk_application_set_menubar (app, G_MENU_MODEL (gtk_builder_get_object (builder, "menubar")));
  return app;
}

static void
test_without_permission (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GtkApplication) app = new_application ();
  g_autoptr(CubeStore) agent_store = NULL;
  g_autoptr(CubeContext) agent_context = NULL;
  g_autoptr(CubeUser) agent = NULL;
  g_autoptr(CubeFieldDef) field = stored_field (fixture, "poststed");
  g_autoptr(CubeFieldDef) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *admin_window, *agent_window, *agent_settings;

  /* The supervisor sees the menu item; an agent (customer handling only)
   * neither sees it nor can open the window. */
  agent = cube_store_add_user (fixture->store, AGENT_LOGIN, "Ola Agent", CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  agent_store = cube_test_open_store (fixture->path, AGENT_LOGIN);
  agent_context = cube_context_new (agent_store);

  admin_window = g_object_ref_sink (cube_window_new (app, fixture->context));
  gtk_window_present (GTK_WINDOW (admin_window));
  spin ();
  g_assert_true (menu_offers (admin_window, "CRM Settings…"));
  close_window (admin_window);

  agent_window = g_object_ref_sink (cube_window_new (app, agent_context));
  gtk_window_present (GTK_WINDOW (agent_window));
  spin ();
  g_assert_false (menu_offers (agent_window, "CRM Settings…"));
  g_assert_true (menu_offers (agent_window, "Search for customer"));
  gtk_widget_activate_action (agent_window, "win.crm-settings", NULL);
  spin ();
  g_assert_cmpuint (count_toplevels (CUBE_TYPE_CRM_SETTINGS_WINDOW), ==, 1);
  close_window (agent_window);

  /* The core refuses the agent's changes whatever the window does. */
  result = cube_store_update_field (agent_store, cube_field_def_get_id (field), NULL, "By",
                                    CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  g_assert_null (result);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  result = cube_store_add_field (agent_store, fixture->dataset_id, "by", "By", CUBE_FIELD_TEXT,
                                 FALSE, FALSE, NULL, NULL, &error);
  g_assert_null (result);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_false (cube_store_move_field (agent_store, cube_field_def_get_id (field), 1, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  result = cube_store_set_field_archived (agent_store, cube_field_def_get_id (field), TRUE, &error);
  g_assert_null (result);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);

  /* Opened anyway, the window offers nothing to change and says why. */
  agent_settings = g_object_ref_sink (cube_crm_settings_window_new (agent_context));
  gtk_window_present (GTK_WINDOW (agent_settings));
  spin ();
  g_assert_false (action_enabled (agent_settings, "settings.add-field"));
  g_assert_nonnull (find_label_containing (agent_settings, "Only an administrator"));
  close_window (agent_settings);
  g_clear_object (&field);
  field = stored_field (fixture, "poststed");
  g_assert_cmpstr (cube_field_def_get_label (field), ==, "Poststed");
  g_assert_false (cube_field_def_get_archived (field));
}

static void
test_other_process_change (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CubeStore) other = cube_test_open_store (fixture->path, g_get_user_name ());
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog = open_new_customer_dialog (fixture);
  gint64 end;

  /* Another process adds a field: polling finds the change, and both the
   * settings window and the dialog show it. */
  cube_context_set_poll_interval (fixture->context, 50);
  field = cube_store_add_field (other, fixture->dataset_id, "avtalenummer", "Avtalenummer", CUBE_FIELD_TEXT,
                                FALSE, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (find_by_accessible_label (dialog, "Avtalenummer") == NULL && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
  cube_context_set_poll_interval (fixture->context, 0);
  g_assert_nonnull (find_by_accessible_label (dialog, "Avtalenummer"));
  g_assert_nonnull (find_label (fixture->window, "Avtalenummer"));
  close_window (dialog);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/crm-settings/lists-fields", test_lists_fields);
  ADD ("/gui/crm-settings/add-field-shows-in-dialogs", test_add_field_shows_in_dialogs);
  ADD ("/gui/crm-settings/add-choice-field", test_add_choice_field);
  ADD ("/gui/crm-settings/archive-and-restore", test_archive_and_restore);
  ADD ("/gui/crm-settings/move-reorders-dialog", test_move_reorders_dialog);
  ADD ("/gui/crm-settings/type-change-refused", test_type_change_refused);
  ADD ("/gui/crm-settings/unique-refused", test_unique_refused);
  ADD ("/gui/crm-settings/required-lists-missing", test_required_lists_missing);
  ADD ("/gui/crm-settings/key-change-refused-with-values", test_key_change_refused_with_values);
  ADD ("/gui/crm-settings/without-permission", test_without_permission);
  ADD ("/gui/crm-settings/other-process-change", test_other_process_change);
#undef ADD

  return g_test_run ();
}
