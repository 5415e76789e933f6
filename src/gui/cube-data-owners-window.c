/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-data-owners-window.h"
#include "cube-gui-util.h"

struct _CubeDataOwnersWindow
{
  GtkWindow           parent_instance;

  GtkListView        *owner_list;
  GtkLabel           *form_heading;
  GtkEditable        *name_entry;
  GtkEditable        *controller_entry;
  GtkTextView        *purpose_view;
  GtkLabel           *name_error_label;
  GtkLabel           *controller_error_label;
  GtkLabel           *purpose_error_label;
  GtkLabel           *message_label;
  GtkLabel           *b2b_label;
  GtkLabel           *b2c_label;
  GtkLabel           *dataset_message_label;

  CubeContext        *context;
  GListStore         *owners;
  GtkSingleSelection *selection;
  CubeDataOwner      *form_base;   /* what the form was filled from; NULL for a new one */
  gboolean            has_b2b;
  gboolean            has_b2c;
};

G_DEFINE_FINAL_TYPE (CubeDataOwnersWindow, cube_data_owners_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CubeStore *
get_store (CubeDataOwnersWindow *self)
{
  return cube_context_get_store (self->context);
}

static CubeDataOwner *
selected_owner (CubeDataOwnersWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static char *
purpose_text (CubeDataOwnersWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->purpose_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
same_text (const char *typed,
           const char *stored)
{
  g_autofree char *clean = g_strstrip (g_strdup (typed ? typed : ""));

  return g_strcmp0 (clean, stored ? stored : "") == 0;
}

/* Whether the form holds something not saved. */
static gboolean
form_dirty (CubeDataOwnersWindow *self)
{
  g_autofree char *purpose = purpose_text (self);
  CubeDataOwner *base = self->form_base;

  return !same_text (gtk_editable_get_text (self->name_entry), base ? cube_data_owner_get_name (base) : NULL)
         || !same_text (gtk_editable_get_text (self->controller_entry),
                        base ? cube_data_owner_get_controller (base) : NULL)
         || !same_text (purpose, base ? cube_data_owner_get_purpose (base) : NULL);
}

/* ---- what can be done -------------------------------------------------- */

/* The one place that decides what can be done now. */
static void
update_actions (CubeDataOwnersWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));
  gboolean chosen = selected_owner (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "owners.save", name[0] != '\0' && form_dirty (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "owners.add-b2b", chosen && !self->has_b2b);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "owners.add-b2c", chosen && !self->has_b2c);
}

static void
clear_errors (CubeDataOwnersWindow *self)
{
  cube_gui_set_message (self->name_error_label, NULL, NULL);
  cube_gui_set_message (self->controller_error_label, NULL, NULL);
  cube_gui_set_message (self->purpose_error_label, NULL, NULL);
  cube_gui_set_message (self->message_label, NULL, NULL);
}

/* Shows the core's message under the field it names, else under the form. */
static void
show_error (CubeDataOwnersWindow *self,
            const GError         *error)
{
  const char *field = cube_error_get_field (error);
  GtkLabel *label = self->message_label;
  GtkWidget *input = NULL;

  if (g_strcmp0 (field, "name") == 0)
    label = self->name_error_label, input = GTK_WIDGET (self->name_entry);
  else if (g_strcmp0 (field, "controller") == 0)
    label = self->controller_error_label, input = GTK_WIDGET (self->controller_entry);
  else if (g_strcmp0 (field, "purpose") == 0)
    label = self->purpose_error_label, input = GTK_WIDGET (self->purpose_view);
  cube_gui_set_message (label, error->message, "field-error");
  if (input != NULL)
    gtk_widget_grab_focus (input);
}

/* ---- showing ----------------------------------------------------------- */

static void
fill_form (CubeDataOwnersWindow *self)
{
  CubeDataOwner *owner = selected_owner (self);
  const char *purpose = owner ? cube_data_owner_get_purpose (owner) : NULL;

  g_set_object (&self->form_base, owner);
  gtk_editable_set_text (self->name_entry, owner ? cube_data_owner_get_name (owner) : "");
  gtk_editable_set_text (self->controller_entry,
                         owner && cube_data_owner_get_controller (owner) ? cube_data_owner_get_controller (owner) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->purpose_view), purpose ? purpose : "", -1);
  gtk_label_set_text (self->form_heading, owner ? cube_data_owner_get_name (owner) : _("New data owner"));
  clear_errors (self);
}

static char *
describe_dataset (CubeDataOwnersWindow *self,
                  CubeDataset          *dataset,
                  GPtrArray            *assignments)
{
  guint n = 0;

  if (dataset == NULL)
    return g_strdup (_("Not created yet"));
  for (guint i = 0; assignments != NULL && i < assignments->len; i++)
    if (cube_assignment_get_dataset_id (assignments->pdata[i]) == cube_dataset_get_id (dataset))
      n++;
  if (n == 0)
    return g_strdup (_("Created, no assignments yet"));
  /* Translators: the state of a B2B or B2C dataset. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Created, used by %u assignment",
                                       "Created, used by %u assignments", n), n);
}

/* The chosen data owner's B2B and B2C datasets. */
static void
show_datasets (CubeDataOwnersWindow *self)
{
  CubeDataOwner *owner = selected_owner (self);
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *b2b_text = NULL;
  g_autofree char *b2c_text = NULL;
  CubeDataset *b2b = NULL;
  CubeDataset *b2c = NULL;

  self->has_b2b = self->has_b2c = FALSE;
  if (owner == NULL)
    {
      gtk_label_set_text (self->b2b_label, _("Save the data owner first"));
      gtk_label_set_text (self->b2c_label, _("Save the data owner first"));
      update_actions (self);
      return;
    }
  if (!(datasets = cube_store_list_datasets (get_store (self), &error)))
    {
      cube_gui_set_message (self->dataset_message_label, error->message, "field-error");
      update_actions (self);
      return;
    }
  assignments = cube_store_list_assignments (get_store (self), TRUE, NULL);
  for (guint i = 0; i < datasets->len; i++)
    {
      CubeDataset *dataset = datasets->pdata[i];

      if (cube_dataset_get_owner_id (dataset) != cube_data_owner_get_id (owner))
        continue;
      if (cube_dataset_get_kind (dataset) == CUBE_DATASET_B2B)
        b2b = dataset;
      else
        b2c = dataset;
    }
  self->has_b2b = b2b != NULL;
  self->has_b2c = b2c != NULL;
  b2b_text = describe_dataset (self, b2b, assignments);
  b2c_text = describe_dataset (self, b2c, assignments);
  gtk_label_set_text (self->b2b_label, b2b_text);
  gtk_label_set_text (self->b2c_label, b2c_text);
  update_actions (self);
}

/* Reads the data owners again and selects @select_id (0: the one selected
 * now). What is typed in the form stays unless the form is not dirty. */
static void
reload (CubeDataOwnersWindow *self,
        gint64                select_id)
{
  g_autoptr(GPtrArray) owners = NULL;
  g_autoptr(GError) error = NULL;
  CubeDataOwner *selected = selected_owner (self);
  gboolean dirty = form_dirty (self);
  gboolean keep_new = selected == NULL && select_id == 0;

  if (select_id == 0 && selected != NULL)
    select_id = cube_data_owner_get_id (selected);
  if (!(owners = cube_store_list_data_owners (get_store (self), &error)))
    {
      cube_gui_set_message (self->message_label, error->message, "field-error");
      return;
    }
  g_signal_handlers_block_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_splice (self->owners, 0, g_list_model_get_n_items (G_LIST_MODEL (self->owners)),
                       owners->pdata, owners->len);
  gtk_single_selection_set_selected (self->selection,
                                     keep_new ? GTK_INVALID_LIST_POSITION
                                              : cube_gui_find_id (G_LIST_MODEL (self->owners),
                                                                  (CubeGuiIdFunc) cube_data_owner_get_id, select_id));
  g_signal_handlers_unblock_matched (self->selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  if (!dirty || (selected_owner (self) == NULL) != (self->form_base == NULL)
      || (self->form_base != NULL && cube_data_owner_get_id (self->form_base) != select_id))
    fill_form (self);
  else if (selected_owner (self) != NULL)
    g_set_object (&self->form_base, selected_owner (self));
  show_datasets (self);
}

/* ---- cells ------------------------------------------------------------- */

static void
owner_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CubeDataOwner *owner = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), owner ? cube_data_owner_get_name (owner) : "");
}

/* ---- callbacks --------------------------------------------------------- */

static void
context_changed_cb (CubeDataOwnersWindow *self)
{
  reload (self, 0);
}

static void
selection_changed_cb (CubeDataOwnersWindow *self)
{
  fill_form (self);
  cube_gui_set_message (self->dataset_message_label, NULL, NULL);
  show_datasets (self);
}

static void
form_changed_cb (CubeDataOwnersWindow *self)
{
  update_actions (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (widget);

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  /* Also when nothing was selected: an empty form for the new one. */
  fill_form (self);
  show_datasets (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (widget);
  CubeDataOwner *owner = selected_owner (self);
  g_autoptr(CubeDataOwner) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *purpose = purpose_text (self);

  clear_errors (self);
  if (owner != NULL)
    saved = cube_store_update_data_owner (get_store (self), cube_data_owner_get_id (owner),
                                          gtk_editable_get_text (self->name_entry),
                                          gtk_editable_get_text (self->controller_entry), purpose, &error);
  else
    saved = cube_store_add_data_owner (get_store (self), gtk_editable_get_text (self->name_entry),
                                       gtk_editable_get_text (self->controller_entry), purpose, &error);
  if (saved == NULL)
    {
      show_error (self, error);
      return;
    }
  /* The form now shows what was saved. */
  g_set_object (&self->form_base, NULL);
  gtk_editable_set_text (self->name_entry, "");
  gtk_editable_set_text (self->controller_entry, "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->purpose_view), "", -1);
  reload (self, cube_data_owner_get_id (saved));
  cube_gui_set_message (self->message_label, owner ? _("Data owner saved") : _("Data owner created"), "confirmation");
  cube_context_notify_changed (self->context);
}

static void
add_dataset (CubeDataOwnersWindow *self,
             CubeDatasetKind       kind)
{
  CubeDataOwner *owner = selected_owner (self);
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  if (owner == NULL)
    return;
  dataset = cube_store_add_dataset (get_store (self), cube_data_owner_get_id (owner), kind, &error);
  /* Shows what the database holds now, also when someone else was first. */
  show_datasets (self);
  if (dataset == NULL)
    {
      cube_gui_set_message (self->dataset_message_label, error->message, "field-error");
      return;
    }
  cube_gui_set_message (self->dataset_message_label,
               kind == CUBE_DATASET_B2B ? _("B2B dataset created") : _("B2C dataset created"),
               "confirmation");
  cube_context_notify_changed (self->context);
}

static void
add_dataset_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  add_dataset (CUBE_DATA_OWNERS_WINDOW (widget),
               g_str_equal (action_name, "owners.add-b2b") ? CUBE_DATASET_B2B : CUBE_DATASET_B2C);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_data_owners_window_constructed (GObject *object)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (object);

  G_OBJECT_CLASS (cube_data_owners_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  reload (self, 0);
  /* Start with the first data owner when there is one. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->owners)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
cube_data_owners_window_dispose (GObject *object)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (object);

  if (self->owner_list != NULL)
    gtk_list_view_set_model (self->owner_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_DATA_OWNERS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->owners);
  g_clear_object (&self->form_base);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_data_owners_window_parent_class)->dispose (object);
}

static void
cube_data_owners_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_data_owners_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CubeDataOwnersWindow *self = CUBE_DATA_OWNERS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_data_owners_window_class_init (CubeDataOwnersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_data_owners_window_constructed;
  object_class->dispose = cube_data_owners_window_dispose;
  object_class->get_property = cube_data_owners_window_get_property;
  object_class->set_property = cube_data_owners_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cubecrm/Cube/ui/cube-data-owners-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, owner_list);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, form_heading);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, controller_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, purpose_view);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, controller_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, purpose_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, b2b_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, b2c_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDataOwnersWindow, dataset_message_label);

  gtk_widget_class_install_action (widget_class, "owners.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "owners.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "owners.add-b2b", NULL, add_dataset_action);
  gtk_widget_class_install_action (widget_class, "owners.add-b2c", NULL, add_dataset_action);
}

static void
cube_data_owners_window_init (CubeDataOwnersWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->owners = g_list_store_new (CUBE_TYPE_DATA_OWNER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->owners)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (cube_gui_label_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (owner_bind_cb), NULL);
  gtk_list_view_set_factory (self->owner_list, factory);
  gtk_list_view_set_model (self->owner_list, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller_entry, "changed", G_CALLBACK (form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->purpose_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_data_owners_window_new (CubeContext *context)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_DATA_OWNERS_WINDOW, "context", context, NULL);
}

void
cube_data_owners_window_present (GtkWindow   *parent,
                                 CubeContext *context)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_CONTEXT (context));

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CUBE_IS_DATA_OWNERS_WINDOW (l->data) && CUBE_DATA_OWNERS_WINDOW (l->data)->context == context)
      {
        gtk_window_present (l->data);
        return;
      }
  window = cube_data_owners_window_new (context);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}
