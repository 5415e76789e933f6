/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <string.h>

#include "cube-correct-outcome-dialog.h"

struct _CubeCorrectOutcomeDialog
{
  GtkWindow    parent_instance;

  GtkLabel    *current_label;
  GtkDropDown *outcome_dropdown;
  GtkWidget   *time_caption;
  GtkWidget   *time_box;
  GtkEditable *date_entry;
  GtkEditable *time_entry;
  GtkCalendar *calendar;
  GtkEditable *comment_entry;
  GtkLabel    *error_label;

  CubeContext *context;
  gint64       event_id;
  gint64       assignment_id;
  char        *current;
  GListStore  *outcomes;   /* CubeOutcome offered: not archived, not @current */
};

G_DEFINE_FINAL_TYPE (CubeCorrectOutcomeDialog, cube_correct_outcome_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_EVENT_ID,
  PROP_ASSIGNMENT_ID,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CubeOutcome *
selected_outcome (CubeCorrectOutcomeDialog *self)
{
  return gtk_drop_down_get_selected_item (self->outcome_dropdown);
}

static gboolean
needs_time (CubeCorrectOutcomeDialog *self)
{
  CubeOutcome *outcome = selected_outcome (self);

  return outcome != NULL && cube_outcome_get_needs_time (outcome);
}

static void
show_error (CubeCorrectOutcomeDialog *self,
            const char               *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The follow-up time typed (dd.mm.yyyy and hh:mm), or -1 with @message. */
static gint64
typed_follow_up (CubeCorrectOutcomeDialog  *self,
                 const char               **message)
{
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (self->date_entry)));
  g_autofree char *time = g_strstrip (g_strdup (gtk_editable_get_text (self->time_entry)));
  g_autofree char *iso = NULL;
  g_autofree char *text = NULL;
  gsize len = strlen (time);
  gint64 t;

  *message = NULL;
  if (date[0] == '\0' || time[0] == '\0')
    {
      *message = _("Enter both a date and a time");
      return -1;
    }
  g_strdelimit (time, ".", ':');
  if (!(iso = cube_normalize_date (date, "follow_up_at", _("Follow-up"), NULL)))
    {
      *message = _("Enter the date as dd.mm.yyyy and the time as hh:mm");
      return -1;
    }
  /* "10" and "1030" are read as 10:00 and 10:30. */
  if (len <= 2 && g_ascii_isdigit (time[0]) && (len == 1 || g_ascii_isdigit (time[1])))
    text = g_strdup_printf ("%s %s:00", iso, time);
  else if (len == 4 && strspn (time, "0123456789") == 4)
    text = g_strdup_printf ("%s %.2s:%.2s", iso, time, time + 2);
  else
    text = g_strdup_printf ("%s %s", iso, time);
  if ((t = cube_parse_time (text)) < 0)
    {
      *message = _("Enter the date as dd.mm.yyyy and the time as hh:mm");
      return -1;
    }
  return t;
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeCorrectOutcomeDialog *self)
{
  gboolean time = needs_time (self);

  gtk_widget_set_visible (self->time_box, time);
  gtk_widget_set_visible (self->time_caption, time);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "correct.save", selected_outcome (self) != NULL);
}

static void
load_outcomes (CubeCorrectOutcomeDialog *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;

  current = g_strdup_printf (_("Registered outcome: %s"), self->current ? self->current : "–");
  gtk_label_set_text (self->current_label, current);
  if (!(list = cube_store_list_outcomes (cube_context_get_store (self->context), self->assignment_id, &error)))
    {
      show_error (self, error->message);
      return;
    }
  g_list_store_remove_all (self->outcomes);
  for (guint i = 0; i < list->len; i++)
    if (!cube_outcome_get_archived (list->pdata[i])
        && g_strcmp0 (cube_outcome_get_label (list->pdata[i]), self->current) != 0)
      g_list_store_append (self->outcomes, list->pdata[i]);
}

/* ---- callbacks --------------------------------------------------------- */

static void
changed_cb (CubeCorrectOutcomeDialog *self)
{
  show_error (self, NULL);
  update_actions (self);
}

static void
day_selected_cb (CubeCorrectOutcomeDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%d.%m.%Y");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self->calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (self->date_entry, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->time_entry));
}

/* ---- actions ----------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (widget);
  CubeOutcome *outcome = selected_outcome (self);
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  gint64 follow_up_at = 0;

  if (outcome == NULL)
    return;
  if (cube_outcome_get_needs_time (outcome) && (follow_up_at = typed_follow_up (self, &message)) < 0)
    {
      show_error (self, message);
      return;
    }
  /* The core decides: permission, the outcome, the time, who holds it. */
  customer = cube_store_correct_outcome (cube_context_get_store (self->context), self->event_id,
                                         cube_outcome_get_id (outcome), follow_up_at,
                                         gtk_editable_get_text (self->comment_entry), &error);
  if (customer == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_object_ref (self);
  cube_context_notify_changed (self->context);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_correct_outcome_dialog_constructed (GObject *object)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (object);

  G_OBJECT_CLASS (cube_correct_outcome_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL);
  load_outcomes (self);
  g_signal_connect_object (self->outcome_dropdown, "notify::selected", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cube_correct_outcome_dialog_dispose (GObject *object)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_CORRECT_OUTCOME_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->outcomes);

  G_OBJECT_CLASS (cube_correct_outcome_dialog_parent_class)->dispose (object);
}

static void
cube_correct_outcome_dialog_finalize (GObject *object)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (object);

  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (cube_correct_outcome_dialog_parent_class)->finalize (object);
}

static void
cube_correct_outcome_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_ASSIGNMENT_ID:
      g_value_set_int64 (value, self->assignment_id);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_correct_outcome_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  CubeCorrectOutcomeDialog *self = CUBE_CORRECT_OUTCOME_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_EVENT_ID:
      self->event_id = g_value_get_int64 (value);
      break;
    case PROP_ASSIGNMENT_ID:
      self->assignment_id = g_value_get_int64 (value);
      break;
    case PROP_CURRENT:
      self->current = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_correct_outcome_dialog_class_init (CubeCorrectOutcomeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_correct_outcome_dialog_constructed;
  object_class->dispose = cube_correct_outcome_dialog_dispose;
  object_class->finalize = cube_correct_outcome_dialog_finalize;
  object_class->get_property = cube_correct_outcome_dialog_get_property;
  object_class->set_property = cube_correct_outcome_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The outcome event corrected. */
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The assignment it was registered in: its outcomes are offered. */
  properties[PROP_ASSIGNMENT_ID] =
    g_param_spec_int64 ("assignment-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The label of the outcome in effect now. */
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cubecrm/Cube/ui/cube-correct-outcome-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, time_caption);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, time_box);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, time_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeCorrectOutcomeDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "correct.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cube_correct_outcome_dialog_init (CubeCorrectOutcomeDialog *self)
{
  g_autoptr(GtkExpression) label = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->outcomes = g_list_store_new (CUBE_TYPE_OUTCOME);
  label = gtk_property_expression_new (CUBE_TYPE_OUTCOME, NULL, "label");
  gtk_drop_down_set_expression (self->outcome_dropdown, label);
  gtk_drop_down_set_model (self->outcome_dropdown, G_LIST_MODEL (self->outcomes));
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_correct_outcome_dialog_new (CubeContext *context,
                                 gint64       event_id,
                                 gint64       assignment_id,
                                 const char  *current)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_CORRECT_OUTCOME_DIALOG,
                       "context", context,
                       "event-id", event_id,
                       "assignment-id", assignment_id,
                       "current", current,
                       NULL);
}
