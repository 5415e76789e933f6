/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-crm-settings-window.h"
#include "cube-field-editor.h"

#define SETUP_PERMISSIONS (CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_ASSIGNMENT_SETUP)
/* What a dragged row carries: this prefix and the field's id. */
#define DRAG_PREFIX "cube-field:"

typedef enum {
  COLUMN_LABEL,
  COLUMN_KEY,
  COLUMN_TYPE,
  COLUMN_REQUIRED,
  COLUMN_UNIQUE,
  COLUMN_ARCHIVED,
} Column;

struct _CubeCrmSettingsWindow
{
  GtkWindow            parent_instance;

  GtkDropDown         *owner_dropdown;
  GtkDropDown         *dataset_dropdown;
  GtkStack            *list_stack;
  GtkLabel            *empty_label;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *label_column;
  GtkColumnViewColumn *key_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *required_column;
  GtkColumnViewColumn *unique_column;
  GtkColumnViewColumn *archived_column;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;

  CubeContext         *context;
  GListStore          *owners;      /* CubeDataOwner */
  GListStore          *datasets;    /* CubeDataset of the chosen owner */
  GListStore          *fields;      /* CubeFieldDef shown */
  GPtrArray           *all_fields;  /* CubeFieldDef of the dataset, archived too */
  GtkSingleSelection  *selection;
  CubePermissions      permissions;
  gboolean             show_archived;
  gboolean             loading;     /* set while the window fills itself */
};

G_DEFINE_FINAL_TYPE (CubeCrmSettingsWindow, cube_crm_settings_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SHOW_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- helpers ----------------------------------------------------------- */

static CubeStore *
get_store (CubeCrmSettingsWindow *self)
{
  return cube_context_get_store (self->context);
}

static CubeDataOwner *
selected_owner (CubeCrmSettingsWindow *self)
{
  return gtk_drop_down_get_selected_item (self->owner_dropdown);
}

static CubeDataset *
selected_dataset (CubeCrmSettingsWindow *self)
{
  return gtk_drop_down_get_selected_item (self->dataset_dropdown);
}

static CubeFieldDef *
selected_field (CubeCrmSettingsWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

/* The index of @field_id among all the dataset's fields, or -1. */
static int
full_index (CubeCrmSettingsWindow *self,
            gint64                 field_id)
{
  for (guint i = 0; self->all_fields != NULL && i < self->all_fields->len; i++)
    if (cube_field_def_get_id (self->all_fields->pdata[i]) == field_id)
      return (int) i;
  return -1;
}

/* The field shown next to @field in @direction (-1 up, +1 down), or NULL. */
static CubeFieldDef *
shown_neighbour (CubeCrmSettingsWindow *self,
                 CubeFieldDef          *field,
                 int                    direction)
{
  GListModel *model = G_LIST_MODEL (self->fields);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; field != NULL && i < n; i++)
    {
      g_autoptr(CubeFieldDef) item = g_list_model_get_item (model, i);

      if (item != field)
        continue;
      if ((direction < 0 && i == 0) || (direction > 0 && i + 1 >= n))
        return NULL;
      return g_list_model_get_item (model, i + direction);
    }
  return NULL;
}

static void
show_message (CubeCrmSettingsWindow *self,
              const char            *message,
              gboolean               is_error)
{
  GtkWidget *label = GTK_WIDGET (self->message_label);

  /* Without the permission, the window says so whenever nothing else. */
  if (message == NULL && (self->permissions & SETUP_PERMISSIONS) == 0)
    {
      message = _("Only an administrator or a user with assignment setup can change the CRM settings.");
      is_error = TRUE;
    }
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_remove_css_class (label, is_error ? "confirmation" : "field-error");
  gtk_widget_add_css_class (label, is_error ? "field-error" : "confirmation");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeCrmSettingsWindow *self)
{
  gboolean can_setup = (self->permissions & SETUP_PERMISSIONS) != 0;
  CubeFieldDef *field = can_setup ? selected_field (self) : NULL;
  g_autoptr(CubeFieldDef) above = shown_neighbour (self, field, -1);
  g_autoptr(CubeFieldDef) below = shown_neighbour (self, field, +1);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "settings.add-field", can_setup && selected_dataset (self) != NULL);
  gtk_widget_action_set_enabled (widget, "settings.edit-field", field != NULL);
  gtk_widget_action_set_enabled (widget, "settings.move-up", above != NULL);
  gtk_widget_action_set_enabled (widget, "settings.move-down", below != NULL);
  gtk_widget_action_set_enabled (widget, "settings.archive-field",
                                 field != NULL && !cube_field_def_get_archived (field));
  gtk_widget_action_set_enabled (widget, "settings.restore-field",
                                 field != NULL && cube_field_def_get_archived (field));
}

static void
update_empty_state (CubeCrmSettingsWindow *self)
{
  const char *empty = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->owners)) == 0)
    empty = _("There are no data owners yet. Create one under Settings → Data Owners and Datasets.");
  else if (selected_dataset (self) == NULL)
    empty = _("The data owner has no dataset yet. Create one under Settings → Data Owners and Datasets.");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->fields)) == 0)
    empty = self->all_fields != NULL && self->all_fields->len > 0
            ? _("Every field of the dataset is archived. Turn on “Show archived” to see them.")
            : _("The dataset has no custom fields yet. Add one with “Add field…”.");
  if (empty != NULL)
    gtk_label_set_text (self->empty_label, empty);
  gtk_stack_set_visible_child_name (self->list_stack, empty != NULL ? "empty" : "fields");
}

static void
select_field (CubeCrmSettingsWindow *self,
              gint64                 field_id)
{
  GListModel *model = G_LIST_MODEL (self->fields);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; field_id > 0 && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeFieldDef) field = g_list_model_get_item (model, i);

      if (cube_field_def_get_id (field) == field_id)
        position = i;
    }
  gtk_single_selection_set_selected (self->selection, position);
}

/* Reads the chosen dataset's fields again; the selected field stays
 * selected while it is shown. */
static void
load_fields (CubeCrmSettingsWindow *self)
{
  CubeDataset *dataset = selected_dataset (self);
  CubeFieldDef *field = selected_field (self);
  gint64 selected_id = field ? cube_field_def_get_id (field) : 0;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->all_fields, g_ptr_array_unref);
  if (dataset != NULL
      && !(self->all_fields = cube_store_list_fields (get_store (self), cube_dataset_get_id (dataset),
                                                      TRUE, &error)))
    show_message (self, error->message, TRUE);

  for (guint i = 0; self->all_fields != NULL && i < self->all_fields->len; i++)
    if (self->show_archived || !cube_field_def_get_archived (self->all_fields->pdata[i]))
      g_ptr_array_add (shown, self->all_fields->pdata[i]);
  g_list_store_splice (self->fields, 0, g_list_model_get_n_items (G_LIST_MODEL (self->fields)),
                       shown->pdata, shown->len);
  select_field (self, selected_id);
  update_empty_state (self);
}

/* The chosen data owner's datasets, B2B before B2C; the chosen one stays. */
static void
load_datasets (CubeCrmSettingsWindow *self)
{
  CubeDataOwner *owner = selected_owner (self);
  CubeDataset *dataset = selected_dataset (self);
  gint64 selected_id = dataset ? cube_dataset_get_id (dataset) : 0;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint position = 0;

  if (owner != NULL && !(all = cube_store_list_datasets (get_store (self), &error)))
    show_message (self, error->message, TRUE);
  for (int kind = CUBE_DATASET_B2B; kind <= CUBE_DATASET_B2C; kind++)
    for (guint i = 0; all != NULL && i < all->len; i++)
      {
        CubeDataset *item = all->pdata[i];

        if (cube_dataset_get_owner_id (item) != cube_data_owner_get_id (owner)
            || (int) cube_dataset_get_kind (item) != kind)
          continue;
        if (cube_dataset_get_id (item) == selected_id)
          position = mine->len;
        g_ptr_array_add (mine, item);
      }
  g_list_store_splice (self->datasets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->datasets)),
                       mine->pdata, mine->len);
  gtk_drop_down_set_selected (self->dataset_dropdown, mine->len > 0 ? position : GTK_INVALID_LIST_POSITION);
}

/* Reads everything again (at start and on every change of the database),
 * keeping what the user chose. */
static void
reload (CubeCrmSettingsWindow *self)
{
  CubeDataOwner *owner = selected_owner (self);
  gint64 owner_id = owner ? cube_data_owner_get_id (owner) : 0;
  g_autoptr(GPtrArray) owners = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GError) error = NULL;
  guint position = 0;

  if (self->loading)
    return;
  self->loading = TRUE;

  user = cube_context_dup_user (self->context);
  self->permissions = user != NULL && !cube_user_get_archived (user)
                      ? cube_user_get_permissions (user) : CUBE_PERMISSION_NONE;
  if ((self->permissions & SETUP_PERMISSIONS) == 0)
    show_message (self, NULL, TRUE);

  if (!(owners = cube_store_list_data_owners (get_store (self), &error)))
    show_message (self, error->message, TRUE);
  for (guint i = 0; owners != NULL && i < owners->len; i++)
    if (cube_data_owner_get_id (owners->pdata[i]) == owner_id)
      position = i;
  if (owners != NULL)
    {
      /* Splicing keeps the drop-down's choice only when nothing changed. */
      g_list_store_splice (self->owners, 0, g_list_model_get_n_items (G_LIST_MODEL (self->owners)),
                           owners->pdata, owners->len);
      gtk_drop_down_set_selected (self->owner_dropdown, owners->len > 0 ? position : GTK_INVALID_LIST_POSITION);
    }
  load_datasets (self);
  load_fields (self);

  self->loading = FALSE;
  update_actions (self);
}

/* Moves @field_id to where @target_id is now among all the dataset's
 * fields (archived ones included, as the core counts). */
static void
move_field_to (CubeCrmSettingsWindow *self,
               gint64                 field_id,
               gint64                 target_id)
{
  g_autoptr(GError) error = NULL;
  int target = full_index (self, target_id);

  if (target < 0 || field_id == target_id)
    return;
  if (!cube_store_move_field (get_store (self), field_id, target + 1, &error))
    {
      show_message (self, error->message, TRUE);
      return;
    }
  show_message (self, NULL, FALSE);
  cube_context_notify_changed (self->context);
  select_field (self, field_id);
  update_actions (self);
}

/* ---- the list's cells -------------------------------------------------- */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *cell)
{
  CubeFieldDef *field = g_object_get_data (G_OBJECT (cell), "cube-field");

  g_autofree char *text = NULL;

  if (field == NULL)
    return NULL;
  /* As text, which every backend can carry between its windows. */
  text = g_strdup_printf (DRAG_PREFIX "%" G_GINT64_FORMAT, cube_field_def_get_id (field));
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static gboolean
drop_cb (GtkDropTarget         *target,
         const GValue          *value,
         double                 x,
         double                 y,
         CubeCrmSettingsWindow *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  CubeFieldDef *field = g_object_get_data (G_OBJECT (cell), "cube-field");

  const char *text = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
  gint64 dragged_id;

  /* Only a field of this list, dragged here. */
  if (field == NULL || text == NULL || !g_str_has_prefix (text, DRAG_PREFIX)
      || (self->permissions & SETUP_PERMISSIONS) == 0)
    return FALSE;
  dragged_id = g_ascii_strtoll (text + strlen (DRAG_PREFIX), NULL, 10);
  if (full_index (self, dragged_id) < 0)
    return FALSE;
  move_field_to (self, dragged_id, cube_field_def_get_id (field));
  return TRUE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CubeCrmSettingsWindow    *self)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);

  /* A row is dragged by any of its cells and dropped on another row. */
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), label);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (target));

  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CubeCrmSettingsWindow    *self)
{
  CubeFieldDef *field = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cube-column"));
  const char *text = "";

  switch (column)
    {
    case COLUMN_LABEL:
      text = cube_field_def_get_label (field);
      break;
    case COLUMN_KEY:
      text = cube_field_def_get_key (field);
      break;
    case COLUMN_TYPE:
      text = cube_field_type_get_display_name (cube_field_def_get_field_type (field));
      break;
    case COLUMN_REQUIRED:
      text = cube_field_def_get_required (field) ? _("Yes") : "";
      break;
    case COLUMN_UNIQUE:
      text = cube_field_def_get_unique (field) ? _("Yes") : "";
      break;
    case COLUMN_ARCHIVED:
      text = cube_field_def_get_archived (field) ? _("Yes") : "";
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  if (cube_field_def_get_archived (field))
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
  g_object_set_data_full (G_OBJECT (label), "cube-field", g_object_ref (field), g_object_unref);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "cube-field", NULL);
}

static void
set_column_factory (CubeCrmSettingsWindow *self,
                    GtkColumnViewColumn   *column,
                    Column                 kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cube-column", GINT_TO_POINTER (kind));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, 0);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

static char *
dataset_name_cb (CubeDataset *dataset,
                 gpointer     user_data)
{
  /* B2B and B2C are the product's words in every language. */
  return g_strdup (dataset == NULL ? "" : cube_dataset_get_kind (dataset) == CUBE_DATASET_B2B ? "B2B" : "B2C");
}

/* ---- callbacks --------------------------------------------------------- */

static void
owner_changed_cb (CubeCrmSettingsWindow *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  show_message (self, NULL, FALSE);
  load_datasets (self);
  load_fields (self);
  self->loading = FALSE;
  update_actions (self);
}

static void
dataset_changed_cb (CubeCrmSettingsWindow *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  show_message (self, NULL, FALSE);
  load_fields (self);
  self->loading = FALSE;
  update_actions (self);
}

static void
context_changed_cb (CubeCrmSettingsWindow *self)
{
  reload (self);
}

static void
row_activated_cb (CubeCrmSettingsWindow *self,
                  guint                  position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "settings.edit-field", NULL);
}

static void
editor_saved_cb (CubeFieldEditor       *editor,
                 CubeFieldDef          *field,
                 CubeCrmSettingsWindow *self)
{
  select_field (self, cube_field_def_get_id (field));
  update_actions (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
open_editor (CubeCrmSettingsWindow *self,
             CubeFieldDef          *field)
{
  CubeDataset *dataset = selected_dataset (self);
  GtkWidget *editor;

  if (dataset == NULL)
    return;
  editor = cube_field_editor_new (self->context, cube_dataset_get_id (dataset), field);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (editor), TRUE);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_field_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (widget);

  show_message (self, NULL, FALSE);
  open_editor (self, NULL);
}

static void
edit_field_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (widget);
  CubeFieldDef *field = selected_field (self);

  if (field == NULL)
    return;
  show_message (self, NULL, FALSE);
  open_editor (self, field);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (widget);
  CubeFieldDef *field = selected_field (self);
  g_autoptr(CubeFieldDef) neighbour = NULL;

  neighbour = shown_neighbour (self, field, g_str_equal (action_name, "settings.move-up") ? -1 : +1);
  if (neighbour == NULL)
    return;
  move_field_to (self, cube_field_def_get_id (field), cube_field_def_get_id (neighbour));
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (widget);
  CubeFieldDef *field = selected_field (self);
  gboolean archive = g_str_equal (action_name, "settings.archive-field");
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (field == NULL)
    return;
  changed = cube_store_set_field_archived (get_store (self), cube_field_def_get_id (field), archive, &error);
  if (changed == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  if (archive)
    message = g_strdup_printf (_("“%s” is archived: hidden from the customer card and the import; "
                                 "its values are kept."), cube_field_def_get_label (changed));
  else
    message = g_strdup_printf (_("“%s” is restored."), cube_field_def_get_label (changed));
  cube_context_notify_changed (self->context);
  show_message (self, message, FALSE);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_crm_settings_window_constructed (GObject *object)
{
  CubeCrmSettingsWindow *self = (CubeCrmSettingsWindow *) object;

  G_OBJECT_CLASS (cube_crm_settings_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  reload (self);
  g_signal_connect_object (self->owner_dropdown, "notify::selected", G_CALLBACK (owner_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dataset_dropdown, "notify::selected", G_CALLBACK (dataset_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
cube_crm_settings_window_dispose (GObject *object)
{
  CubeCrmSettingsWindow *self = (CubeCrmSettingsWindow *) object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_CRM_SETTINGS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->fields);
  g_clear_object (&self->datasets);
  g_clear_object (&self->owners);
  g_clear_pointer (&self->all_fields, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_crm_settings_window_parent_class)->dispose (object);
}

static void
cube_crm_settings_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SHOW_ARCHIVED:
      g_value_set_boolean (value, self->show_archived);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_crm_settings_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CubeCrmSettingsWindow *self = CUBE_CRM_SETTINGS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SHOW_ARCHIVED:
      if (self->show_archived != g_value_get_boolean (value))
        {
          self->show_archived = g_value_get_boolean (value);
          if (self->context != NULL)
            {
              load_fields (self);
              update_actions (self);
            }
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_crm_settings_window_class_init (CubeCrmSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_crm_settings_window_constructed;
  object_class->dispose = cube_crm_settings_window_dispose;
  object_class->get_property = cube_crm_settings_window_get_property;
  object_class->set_property = cube_crm_settings_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether archived fields are listed too ("Vis arkiverte"). */
  properties[PROP_SHOW_ARCHIVED] =
    g_param_spec_boolean ("show-archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-crm-settings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, label_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, key_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, type_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, required_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, unique_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, archived_column);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeCrmSettingsWindow, message_label);

  gtk_widget_class_install_action (widget_class, "settings.add-field", NULL, add_field_action);
  gtk_widget_class_install_action (widget_class, "settings.edit-field", NULL, edit_field_action);
  gtk_widget_class_install_action (widget_class, "settings.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "settings.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "settings.archive-field", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "settings.restore-field", NULL, archive_action);
  gtk_widget_class_install_property_action (widget_class, "settings.show-archived", "show-archived");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "settings.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "settings.move-down", NULL);
}

static void
cube_crm_settings_window_init (CubeCrmSettingsWindow *self)
{
  g_autoptr(GtkExpression) owner_name = NULL;
  g_autoptr(GtkExpression) dataset_name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->owners = g_list_store_new (CUBE_TYPE_DATA_OWNER);
  owner_name = gtk_property_expression_new (CUBE_TYPE_DATA_OWNER, NULL, "name");
  gtk_drop_down_set_expression (self->owner_dropdown, owner_name);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (self->owners));

  self->datasets = g_list_store_new (CUBE_TYPE_DATASET);
  dataset_name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                              G_CALLBACK (dataset_name_cb), NULL, NULL);
  gtk_drop_down_set_expression (self->dataset_dropdown, dataset_name);
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (self->datasets));

  self->fields = g_list_store_new (CUBE_TYPE_FIELD_DEF);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->fields)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  set_column_factory (self, self->label_column, COLUMN_LABEL);
  set_column_factory (self, self->key_column, COLUMN_KEY);
  set_column_factory (self, self->type_column, COLUMN_TYPE);
  set_column_factory (self, self->required_column, COLUMN_REQUIRED);
  set_column_factory (self, self->unique_column, COLUMN_UNIQUE);
  set_column_factory (self, self->archived_column, COLUMN_ARCHIVED);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_crm_settings_window_new (CubeContext *context)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_CRM_SETTINGS_WINDOW, "context", context, NULL);
}

void
cube_crm_settings_window_present (GtkWindow   *parent,
                                  CubeContext *context)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_CONTEXT (context));

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (CUBE_IS_CRM_SETTINGS_WINDOW (other) && CUBE_CRM_SETTINGS_WINDOW (other)->context == context)
        {
          gtk_window_present (other);
          return;
        }
    }

  window = cube_crm_settings_window_new (context);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), parent);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
    }
  gtk_window_present (GTK_WINDOW (window));
}
