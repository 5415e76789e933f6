/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-field-editor.h"
#include "cube-gui-util.h"

/* How many of the customers left without a value the editor lists. */
#define MISSING_LIST_LIMIT 200

struct _CubeFieldEditor
{
  GtkWindow       parent_instance;

  GtkEntry       *label_entry;
  GtkLabel       *label_error;
  GtkEntry       *key_entry;
  GtkLabel       *key_hint;
  GtkLabel       *key_error;
  GtkEntry       *help_entry;
  GtkDropDown    *type_dropdown;
  GtkLabel       *type_error;
  GtkWidget      *options_label;
  GtkWidget      *options_box;
  GtkListView    *options_view;
  GtkEntry       *option_entry;
  GtkLabel       *options_error;
  GtkCheckButton *required_check;
  GtkCheckButton *unique_check;
  GtkLabel       *unique_error;
  GtkRevealer    *missing_revealer;
  GtkLabel       *missing_label;
  GtkListView    *missing_view;
  GtkLabel       *message_label;
  GtkButton      *cancel_button;

  CubeContext    *context;
  gint64          dataset_id;
  CubeFieldDef   *field;          /* as last saved; NULL for a new field */
  GtkStringList  *options;
  GtkSingleSelection *option_selection;
  GListStore     *missing;        /* CubeCustomer */
  gboolean        key_edited;     /* the user typed the key themselves */
  gboolean        deriving;       /* set while the editor writes the key */
};

G_DEFINE_FINAL_TYPE (CubeFieldEditor, cube_field_editor, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DATASET_ID,
  PROP_FIELD,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- helpers ----------------------------------------------------------- */

static CubeFieldType
selected_type (CubeFieldEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);

  return selected == GTK_INVALID_LIST_POSITION ? CUBE_FIELD_TEXT : (CubeFieldType) selected;
}

static char *
trimmed_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
clear_errors (CubeFieldEditor *self)
{
  cube_gui_set_error (self->label_error, NULL);
  cube_gui_set_error (self->key_error, NULL);
  cube_gui_set_error (self->type_error, NULL);
  cube_gui_set_error (self->options_error, NULL);
  cube_gui_set_error (self->unique_error, NULL);
  cube_gui_set_error (self->message_label, NULL);
}

/* Shows a refusal of the core next to the field it names. */
static void
show_error (CubeFieldEditor *self,
            const GError    *error)
{
  const char *field = error->domain == CUBE_ERROR ? cube_error_get_field (error) : NULL;
  GtkLabel *label = self->message_label;
  GtkWidget *focus = NULL;

  if (g_strcmp0 (field, "label") == 0)
    label = self->label_error, focus = GTK_WIDGET (self->label_entry);
  else if (g_strcmp0 (field, "key") == 0)
    label = self->key_error, focus = GTK_WIDGET (self->key_entry);
  else if (g_strcmp0 (field, "type") == 0)
    label = self->type_error, focus = GTK_WIDGET (self->type_dropdown);
  else if (g_strcmp0 (field, "options") == 0)
    label = self->options_error, focus = GTK_WIDGET (self->option_entry);
  else if (g_strcmp0 (field, "unique") == 0)
    label = self->unique_error, focus = GTK_WIDGET (self->unique_check);
  cube_gui_set_error (label, error->message);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static char **
dup_options (CubeFieldEditor *self)
{
  GListModel *model = G_LIST_MODEL (self->options);
  guint n = g_list_model_get_n_items (model);
  char **options = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    options[i] = g_strdup (gtk_string_list_get_string (self->options, i));
  return options;
}

static gboolean
has_option (CubeFieldEditor *self,
            const char      *option)
{
  g_autofree char *folded = g_utf8_casefold (option, -1);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->options)); i++)
    {
      g_autofree char *other = g_utf8_casefold (gtk_string_list_get_string (self->options, i), -1);

      if (g_str_equal (folded, other))
        return TRUE;
    }
  return FALSE;
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeFieldEditor *self)
{
  g_autofree char *label = trimmed_text (self->label_entry);
  g_autofree char *key = trimmed_text (self->key_entry);
  g_autofree char *option = trimmed_text (self->option_entry);
  gboolean choice = selected_type (self) == CUBE_FIELD_CHOICE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 label[0] != '\0' && cube_validate_field_key (key, NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-option",
                                 choice && option[0] != '\0' && !has_option (self, option));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-option",
                                 choice && gtk_single_selection_get_selected_item (self->option_selection) != NULL);
}

static void
update_key_hint (CubeFieldEditor *self)
{
  if (self->field == NULL)
    gtk_label_set_text (self->key_hint, _("Made from the label; used by the import and the API"));
  else
    gtk_label_set_text (self->key_hint, _("Can change only while no customer has a value for the field"));
}

static void
update_options_visible (CubeFieldEditor *self)
{
  gboolean choice = selected_type (self) == CUBE_FIELD_CHOICE;

  gtk_widget_set_visible (self->options_label, choice);
  gtk_widget_set_visible (self->options_box, choice);
}

/* Fills the form from @field. */
static void
fill (CubeFieldEditor *self,
      CubeFieldDef    *field)
{
  const char * const *options = cube_field_def_get_options (field);

  self->deriving = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->label_entry), cube_field_def_get_label (field));
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry), cube_field_def_get_key (field));
  self->deriving = FALSE;
  self->key_edited = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->help_entry),
                         cube_field_def_get_help (field) ? cube_field_def_get_help (field) : "");
  gtk_drop_down_set_selected (self->type_dropdown, cube_field_def_get_field_type (field));
  gtk_check_button_set_active (self->required_check, cube_field_def_get_required (field));
  gtk_check_button_set_active (self->unique_check, cube_field_def_get_unique (field));
  gtk_string_list_splice (self->options, 0, g_list_model_get_n_items (G_LIST_MODEL (self->options)),
                          (const char * const *) options);
}

/* After a save that made the field required: the customers it left
 * without a value, which keep theirs until they are edited. */
static void
show_missing (CubeFieldEditor *self)
{
  CubeStore *store = cube_context_get_store (self->context);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 n;

  n = cube_store_count_missing_value (store, cube_field_def_get_id (self->field), &error);
  if (n <= 0)
    {
      if (error != NULL)
        g_debug ("Cannot count the customers without a value: %s", error->message);
      gtk_revealer_set_reveal_child (self->missing_revealer, FALSE);
      return;
    }
  customers = cube_store_list_missing_value (store, cube_field_def_get_id (self->field), 0,
                                             MISSING_LIST_LIMIT, &error);
  if (customers != NULL)
    g_list_store_splice (self->missing, 0, g_list_model_get_n_items (G_LIST_MODEL (self->missing)),
                         customers->pdata, customers->len);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Saved. %lu customer has no value for “%s”: it is not changed, "
                                       "and must be given one the next time it is edited.",
                                       "Saved. %lu customers have no value for “%s”: they are not changed, "
                                       "and must be given one the next time they are edited.",
                                       n),
                          (gulong) n, cube_field_def_get_label (self->field));
  gtk_label_set_text (self->missing_label, text);
  gtk_revealer_set_reveal_child (self->missing_revealer, TRUE);
}

/* ---- callbacks --------------------------------------------------------- */

static void
label_changed_cb (CubeFieldEditor *self)
{
  cube_gui_set_error (self->label_error, NULL);
  /* A new field's key follows its label until the user types one. */
  if (self->field == NULL && !self->key_edited)
    {
      g_autofree char *label = trimmed_text (self->label_entry);
      g_autofree char *key = label[0] ? cube_field_key_from_label (label) : g_strdup ("");

      self->deriving = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->key_entry), key);
      self->deriving = FALSE;
    }
  update_actions (self);
}

static void
key_changed_cb (CubeFieldEditor *self)
{
  g_autofree char *key = trimmed_text (self->key_entry);
  g_autoptr(GError) error = NULL;

  if (!self->deriving)
    self->key_edited = key[0] != '\0';
  /* The core's rule for a key, as the user types. */
  if (key[0] != '\0' && !cube_validate_field_key (key, &error))
    cube_gui_set_error (self->key_error, error->message);
  else
    cube_gui_set_error (self->key_error, NULL);
  update_actions (self);
}

static void
type_changed_cb (CubeFieldEditor *self)
{
  cube_gui_set_error (self->type_error, NULL);
  cube_gui_set_error (self->options_error, NULL);
  update_options_visible (self);
  update_actions (self);
}

static void
unique_toggled_cb (CubeFieldEditor *self)
{
  cube_gui_set_error (self->unique_error, NULL);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 2);
  gtk_widget_set_margin_bottom (label, 2);
  gtk_list_item_set_child (item, label);
}

static void
bind_option_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkStringObject *option = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (option));
}

static void
bind_customer_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  CubeCustomer *customer = gtk_list_item_get_item (item);
  const char *name = cube_customer_get_name (customer);
  g_autofree char *text = NULL;

  if (name != NULL && name[0] != '\0')
    /* Translators: "<Kundeid> – <name>" in the list of customers without a value. */
    text = g_strdup_printf (_("%s – %s"), cube_customer_get_customer_key (customer), name);
  else
    text = g_strdup (cube_customer_get_customer_key (customer));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* ---- actions ----------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeFieldEditor *self = CUBE_FIELD_EDITOR (widget);
  CubeStore *store = cube_context_get_store (self->context);
  g_autofree char *label = trimmed_text (self->label_entry);
  g_autofree char *key = trimmed_text (self->key_entry);
  g_autofree char *help = trimmed_text (self->help_entry);
  g_auto(GStrv) options = NULL;
  g_autoptr(CubeFieldDef) saved = NULL;
  g_autoptr(GError) error = NULL;
  CubeFieldType type = selected_type (self);
  gboolean required = gtk_check_button_get_active (self->required_check);
  gboolean unique = gtk_check_button_get_active (self->unique_check);
  gboolean newly_required;

  clear_errors (self);
  /* Only a choice field has options; those typed before another type was
   * chosen are not sent. */
  options = type == CUBE_FIELD_CHOICE ? dup_options (self) : g_new0 (char *, 1);
  newly_required = required && (self->field == NULL || !cube_field_def_get_required (self->field));

  if (self->field == NULL)
    saved = cube_store_add_field (store, self->dataset_id, key, label, type, required, unique,
                                  (const char * const *) options, help, &error);
  else
    saved = cube_store_update_field (store, cube_field_def_get_id (self->field), key, label, type,
                                     required, unique, (const char * const *) options, help, &error);
  if (saved == NULL)
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->field, saved);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit field"));
  update_key_hint (self);
  cube_context_notify_changed (self->context);
  g_signal_emit (self, signals[SAVED], 0, saved);

  /* Existing customers are not changed by a new required rule: say how
   * many it leaves without a value, and stay open to list them. */
  if (newly_required)
    {
      show_missing (self);
      if (gtk_revealer_get_reveal_child (self->missing_revealer))
        {
          gtk_button_set_label (self->cancel_button, _("_Close"));
          return;
        }
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
add_option_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CubeFieldEditor *self = CUBE_FIELD_EDITOR (widget);
  g_autofree char *option = trimmed_text (self->option_entry);

  if (option[0] == '\0' || has_option (self, option))
    return;
  gtk_string_list_append (self->options, option);
  gtk_single_selection_set_selected (self->option_selection,
                                     g_list_model_get_n_items (G_LIST_MODEL (self->options)) - 1);
  gtk_editable_set_text (GTK_EDITABLE (self->option_entry), "");
  cube_gui_set_error (self->options_error, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->option_entry));
  update_actions (self);
}

static void
remove_option_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CubeFieldEditor *self = CUBE_FIELD_EDITOR (widget);
  guint selected = gtk_single_selection_get_selected (self->option_selection);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  gtk_string_list_remove (self->options, selected);
  cube_gui_set_error (self->options_error, NULL);
  update_actions (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_field_editor_constructed (GObject *object)
{
  CubeFieldEditor *self = (CubeFieldEditor *) object;

  G_OBJECT_CLASS (cube_field_editor_parent_class)->constructed (object);

  if (self->field != NULL)
    {
      self->dataset_id = cube_field_def_get_dataset_id (self->field);
      fill (self, self->field);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit field"));
    }
  update_key_hint (self);
  update_options_visible (self);

  g_signal_connect_object (self->label_entry, "changed", G_CALLBACK (label_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_entry, "changed", G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->option_entry, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->type_dropdown, "notify::selected", G_CALLBACK (type_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->unique_check, "toggled", G_CALLBACK (unique_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->option_selection, "notify::selected", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->options, "items-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cube_field_editor_dispose (GObject *object)
{
  CubeFieldEditor *self = (CubeFieldEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_FIELD_EDITOR);
  g_clear_object (&self->option_selection);
  g_clear_object (&self->options);
  g_clear_object (&self->missing);
  g_clear_object (&self->field);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_field_editor_parent_class)->dispose (object);
}

static void
cube_field_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CubeFieldEditor *self = CUBE_FIELD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_DATASET_ID:
      g_value_set_int64 (value, self->dataset_id);
      break;
    case PROP_FIELD:
      g_value_set_object (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_field_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CubeFieldEditor *self = CUBE_FIELD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_DATASET_ID:
      self->dataset_id = g_value_get_int64 (value);
      break;
    case PROP_FIELD:
      self->field = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_field_editor_class_init (CubeFieldEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_field_editor_constructed;
  object_class->dispose = cube_field_editor_dispose;
  object_class->get_property = cube_field_editor_get_property;
  object_class->set_property = cube_field_editor_set_property;

  /* Emitted after each save, with the field as stored. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, CUBE_TYPE_FIELD_DEF);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATASET_ID] =
    g_param_spec_int64 ("dataset-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_object ("field", NULL, NULL, CUBE_TYPE_FIELD_DEF,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-field-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, label_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, label_error);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, key_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, key_hint);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, key_error);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, help_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, type_error);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, options_label);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, options_box);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, options_view);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, option_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, options_error);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, required_check);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, unique_check);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, unique_error);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, missing_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, missing_label);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, missing_view);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeFieldEditor, cancel_button);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-option", NULL, add_option_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-option", NULL, remove_option_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
cube_field_editor_init (CubeFieldEditor *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In the order of CubeFieldType: the position is the type. */
  for (CubeFieldType type = CUBE_FIELD_TEXT; type <= CUBE_FIELD_YES_NO; type++)
    gtk_string_list_append (types, cube_field_type_get_display_name (type));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
  gtk_drop_down_set_selected (self->type_dropdown, CUBE_FIELD_TEXT);

  self->options = gtk_string_list_new (NULL);
  self->option_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->options)));
  gtk_single_selection_set_autoselect (self->option_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->option_selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_option_cb), NULL);
  gtk_list_view_set_factory (self->options_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->options_view, GTK_SELECTION_MODEL (self->option_selection));

  self->missing = g_list_store_new (CUBE_TYPE_CUSTOMER);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_customer_cb), NULL);
  gtk_list_view_set_factory (self->missing_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->missing_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->missing)))));
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_field_editor_new (CubeContext  *context,
                       gint64        dataset_id,
                       CubeFieldDef *field)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (field == NULL || CUBE_IS_FIELD_DEF (field), NULL);

  return g_object_new (CUBE_TYPE_FIELD_EDITOR,
                       "context", context,
                       "dataset-id", field ? cube_field_def_get_dataset_id (field) : dataset_id,
                       "field", field,
                       NULL);
}

CubeFieldDef *
cube_field_editor_get_field (CubeFieldEditor *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_EDITOR (self), NULL);
  return self->field;
}
