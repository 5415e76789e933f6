/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <stdio.h>

#include "cube-assignment-editor.h"
#include "cube-gui-util.h"

struct _CubeAssignmentEditor
{
  GtkWindow       parent_instance;

  GtkEditable    *name_entry;
  GtkDropDown    *dataset_dropdown;
  GtkCheckButton *all_users_check;
  GtkCheckButton *chosen_users_check;
  GtkListBox     *users_list;
  GtkEditable    *from_entry;
  GtkCalendar    *from_calendar;
  GtkEditable    *until_entry;
  GtkCalendar    *until_calendar;
  GtkSpinButton  *attempt_limit_spin;
  GtkSpinButton  *cooldown_spin;
  GtkLabel       *name_error_label;
  GtkLabel       *dataset_error_label;
  GtkLabel       *visibility_error_label;
  GtkLabel       *from_error_label;
  GtkLabel       *until_error_label;
  GtkLabel       *attempt_limit_error_label;
  GtkLabel       *cooldown_error_label;
  GtkLabel       *message_label;

  CubeContext    *context;
  CubeAssignment *assignment;   /* NULL for a new one */
  GListStore     *datasets;
  GPtrArray      *user_checks;  /* GtkCheckButton, each with its "cube-login" */
};

G_DEFINE_FINAL_TYPE (CubeAssignmentEditor, cube_assignment_editor, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ASSIGNMENT,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static CubeStore *
get_store (CubeAssignmentEditor *self)
{
  return cube_context_get_store (self->context);
}

/* "Demo AS – B2C". */
static char *
dataset_title (CubeDataset *dataset)
{
  if (dataset == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s – %s", cube_dataset_get_owner_name (dataset),
                          cube_dataset_get_kind (dataset) == CUBE_DATASET_B2B ? "B2B" : "B2C");
}

/* ---- what can be done -------------------------------------------------- */

/* The one place that decides what can be done now. */
static void
update_actions (CubeAssignmentEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));
  gboolean chosen = gtk_check_button_get_active (self->chosen_users_check);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 name[0] != '\0' && gtk_drop_down_get_selected_item (self->dataset_dropdown) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->users_list), chosen);
}

static void
clear_errors (CubeAssignmentEditor *self)
{
  cube_gui_set_error (self->name_error_label, NULL);
  cube_gui_set_error (self->dataset_error_label, NULL);
  cube_gui_set_error (self->visibility_error_label, NULL);
  cube_gui_set_error (self->from_error_label, NULL);
  cube_gui_set_error (self->until_error_label, NULL);
  cube_gui_set_error (self->attempt_limit_error_label, NULL);
  cube_gui_set_error (self->cooldown_error_label, NULL);
  cube_gui_set_error (self->message_label, NULL);
}

/* The core's message under the field it names, else under the form. */
static void
show_error (CubeAssignmentEditor *self,
            const GError         *error)
{
  static const struct {
    const char *field;
    gsize       label_offset;
    gsize       input_offset;
  } fields[] = {
    { "name", G_STRUCT_OFFSET (CubeAssignmentEditor, name_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, name_entry) },
    { "dataset", G_STRUCT_OFFSET (CubeAssignmentEditor, dataset_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, dataset_dropdown) },
    { "visibility", G_STRUCT_OFFSET (CubeAssignmentEditor, visibility_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, all_users_check) },
    { "login", G_STRUCT_OFFSET (CubeAssignmentEditor, visibility_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, users_list) },
    { "active_from", G_STRUCT_OFFSET (CubeAssignmentEditor, from_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, from_entry) },
    { "active_until", G_STRUCT_OFFSET (CubeAssignmentEditor, until_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, until_entry) },
    { "attempt_limit", G_STRUCT_OFFSET (CubeAssignmentEditor, attempt_limit_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, attempt_limit_spin) },
    { "cooldown_minutes", G_STRUCT_OFFSET (CubeAssignmentEditor, cooldown_error_label),
      G_STRUCT_OFFSET (CubeAssignmentEditor, cooldown_spin) },
  };
  const char *field = cube_error_get_field (error);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field, fields[i].field) == 0)
      {
        cube_gui_set_error (G_STRUCT_MEMBER (GtkLabel *, self, fields[i].label_offset), error->message);
        gtk_widget_grab_focus (G_STRUCT_MEMBER (GtkWidget *, self, fields[i].input_offset));
        return;
      }
  cube_gui_set_error (self->message_label, error->message);
}

/* ---- filling ----------------------------------------------------------- */

static void
load_datasets (CubeAssignmentEditor *self)
{
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wanted = self->assignment ? cube_assignment_get_dataset_id (self->assignment) : 0;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (!(datasets = cube_store_list_datasets (get_store (self), &error)))
    {
      cube_gui_set_error (self->dataset_error_label, error->message);
      return;
    }
  g_list_store_splice (self->datasets, 0, 0, datasets->pdata, datasets->len);
  for (guint i = 0; i < datasets->len; i++)
    if (cube_dataset_get_id (datasets->pdata[i]) == wanted)
      selected = i;
  if (datasets->len == 0)
    cube_gui_set_error (self->dataset_error_label,
               _("There is no dataset yet. Create one under Settings → Data Owners and Datasets."));
  /* With one dataset there is nothing to choose. */
  if (selected == GTK_INVALID_LIST_POSITION && wanted == 0 && datasets->len == 1)
    selected = 0;
  gtk_drop_down_set_selected (self->dataset_dropdown, selected);
}

static void
load_users (CubeAssignmentEditor *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *chosen = self->assignment ? cube_assignment_get_users (self->assignment) : NULL;

  if (!(users = cube_store_list_users (get_store (self), &error)))
    {
      cube_gui_set_error (self->visibility_error_label, error->message);
      return;
    }
  for (guint i = 0; i < users->len; i++)
    {
      CubeUser *user = users->pdata[i];
      const char *login = cube_user_get_login (user);
      const char *name = cube_user_get_name (user);
      gboolean is_chosen = chosen != NULL && g_strv_contains (chosen, login);
      g_autofree char *text = NULL;
      GtkWidget *check;

      /* Archived users can no longer work; they stay listed while chosen. */
      if (cube_user_get_archived (user) && !is_chosen)
        continue;
      text = name != NULL && name[0] != '\0' ? g_strdup_printf ("%s (%s)", name, login) : g_strdup (login);
      check = gtk_check_button_new_with_label (text);
      gtk_widget_set_name (check, login);
      g_object_set_data_full (G_OBJECT (check), "cube-login", g_strdup (login), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_chosen);
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_end (check, 6);
      gtk_list_box_append (self->users_list, check);
      g_ptr_array_add (self->user_checks, check);
    }
}

static void
fill (CubeAssignmentEditor *self)
{
  CubeAssignment *assignment = self->assignment;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  load_datasets (self);
  load_users (self);
  if (assignment == NULL)
    return;

  gtk_window_set_title (GTK_WINDOW (self), _("Edit assignment"));
  gtk_editable_set_text (self->name_entry, cube_assignment_get_name (assignment));
  /* Customers never move between datasets: chosen once, at creation. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->dataset_dropdown), FALSE);
  gtk_check_button_set_active (cube_assignment_get_visibility (assignment) == CUBE_VISIBILITY_CHOSEN
                               ? self->chosen_users_check : self->all_users_check, TRUE);
  from = cube_gui_date_for_display (cube_assignment_get_active_from (assignment));
  until = cube_gui_date_for_display (cube_assignment_get_active_until (assignment));
  gtk_editable_set_text (self->from_entry, from);
  gtk_editable_set_text (self->until_entry, until);
  gtk_spin_button_set_value (self->attempt_limit_spin, cube_assignment_get_attempt_limit (assignment));
  gtk_spin_button_set_value (self->cooldown_spin, cube_assignment_get_cooldown_minutes (assignment));
}

/* ---- callbacks --------------------------------------------------------- */

/* The calendar opens on the day typed in the entry, when there is one. */
static void
calendar_shown_cb (GtkCalendar *calendar,
                   GtkEditable *entry)
{
  int y, m, d;
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(GDateTime) date = NULL;

  if (sscanf (text, "%d.%d.%d", &d, &m, &y) == 3 || sscanf (text, "%d-%d-%d", &y, &m, &d) == 3)
    date = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (date == NULL)
    return;
  /* Showing the day is not choosing it. */
  g_signal_handlers_block_by_func (calendar, cube_gui_calendar_to_entry, entry);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, cube_gui_calendar_to_entry, entry);
}

static void
form_changed_cb (CubeAssignmentEditor *self)
{
  update_actions (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeAssignmentEditor *self = CUBE_ASSIGNMENT_EDITOR (widget);
  CubeStore *store = get_store (self);
  CubeDataset *dataset = gtk_drop_down_get_selected_item (self->dataset_dropdown);
  g_autoptr(GPtrArray) logins = g_ptr_array_new ();
  g_autoptr(CubeAssignment) added = NULL;
  g_autoptr(CubeAssignment) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (self->name_entry);
  CubeVisibility visibility = gtk_check_button_get_active (self->chosen_users_check)
                              ? CUBE_VISIBILITY_CHOSEN : CUBE_VISIBILITY_ALL;
  gint64 id;

  if (dataset == NULL)
    return;
  clear_errors (self);
  for (guint i = 0; i < self->user_checks->len; i++)
    if (gtk_check_button_get_active (self->user_checks->pdata[i]))
      g_ptr_array_add (logins, g_object_get_data (self->user_checks->pdata[i], "cube-login"));
  g_ptr_array_add (logins, NULL);

  /* A new assignment and its settings are one write. */
  if (!cube_store_begin (store, &error))
    {
      show_error (self, error);
      return;
    }
  if (self->assignment != NULL)
    id = cube_assignment_get_id (self->assignment);
  else if ((added = cube_store_add_assignment (store, cube_dataset_get_id (dataset), name, &error)) != NULL)
    id = cube_assignment_get_id (added);
  else
    id = 0;
  if (id != 0)
    saved = cube_store_update_assignment (store, id, name,
                                          self->assignment ? cube_assignment_get_dataset_id (self->assignment)
                                                           : cube_dataset_get_id (dataset),
                                          visibility, (const char * const *) logins->pdata,
                                          gtk_editable_get_text (self->from_entry),
                                          gtk_editable_get_text (self->until_entry),
                                          (guint) gtk_spin_button_get_value_as_int (self->attempt_limit_spin),
                                          (guint) gtk_spin_button_get_value_as_int (self->cooldown_spin),
                                          &error);
  if (saved == NULL || !cube_store_commit (store, &error))
    {
      if (saved != NULL)
        g_clear_object (&saved);
      else
        cube_store_rollback (store);
      show_error (self, error);
      return;
    }

  cube_context_notify_changed (self->context);
  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_assignment_editor_constructed (GObject *object)
{
  CubeAssignmentEditor *self = CUBE_ASSIGNMENT_EDITOR (object);

  G_OBJECT_CLASS (cube_assignment_editor_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  fill (self);
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dataset_dropdown, "notify::selected", G_CALLBACK (form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chosen_users_check, "toggled", G_CALLBACK (form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
cube_assignment_editor_dispose (GObject *object)
{
  CubeAssignmentEditor *self = CUBE_ASSIGNMENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_ASSIGNMENT_EDITOR);
  g_clear_pointer (&self->user_checks, g_ptr_array_unref);
  g_clear_object (&self->datasets);
  g_clear_object (&self->assignment);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_assignment_editor_parent_class)->dispose (object);
}

static void
cube_assignment_editor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CubeAssignmentEditor *self = CUBE_ASSIGNMENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ASSIGNMENT:
      g_value_set_object (value, self->assignment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_assignment_editor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CubeAssignmentEditor *self = CUBE_ASSIGNMENT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ASSIGNMENT:
      self->assignment = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_assignment_editor_class_init (CubeAssignmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_assignment_editor_constructed;
  object_class->dispose = cube_assignment_editor_dispose;
  object_class->get_property = cube_assignment_editor_get_property;
  object_class->set_property = cube_assignment_editor_set_property;

  /* Emitted with the stored assignment after a save, before the editor closes. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, CUBE_TYPE_ASSIGNMENT);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNMENT] =
    g_param_spec_object ("assignment", NULL, NULL, CUBE_TYPE_ASSIGNMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cubecrm/Cube/ui/cube-assignment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, name_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, all_users_check);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, chosen_users_check);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, users_list);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, until_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, until_calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, attempt_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, cooldown_spin);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, name_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, dataset_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, visibility_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, from_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, until_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, attempt_limit_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, cooldown_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentEditor, message_label);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
cube_assignment_editor_init (CubeAssignmentEditor *self)
{
  g_autoptr(GtkExpression) title = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->user_checks = g_ptr_array_new ();
  self->datasets = g_list_store_new (CUBE_TYPE_DATASET);
  title = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (dataset_title), NULL, NULL);
  gtk_drop_down_set_expression (self->dataset_dropdown, title);
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (self->datasets));
  g_signal_connect_object (self->from_calendar, "day-selected", G_CALLBACK (cube_gui_calendar_to_entry),
                           self->from_entry, 0);
  g_signal_connect_object (self->until_calendar, "day-selected", G_CALLBACK (cube_gui_calendar_to_entry),
                           self->until_entry, 0);
  g_signal_connect_object (self->from_calendar, "map", G_CALLBACK (calendar_shown_cb), self->from_entry, 0);
  g_signal_connect_object (self->until_calendar, "map", G_CALLBACK (calendar_shown_cb), self->until_entry, 0);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_assignment_editor_new (CubeContext    *context,
                            CubeAssignment *assignment)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (assignment == NULL || CUBE_IS_ASSIGNMENT (assignment), NULL);

  return g_object_new (CUBE_TYPE_ASSIGNMENT_EDITOR,
                       "context", context,
                       "assignment", assignment,
                       NULL);
}
