/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-assignment-editor.h"
#include "cube-assignments-window.h"
#include "cube-gui-util.h"

struct _CubeAssignmentsWindow
{
  GtkWindow            parent_instance;

  GtkCheckButton      *show_archived_check;
  GtkColumnView       *assignment_view;
  GtkColumnViewColumn *assignment_name_column;
  GtkColumnViewColumn *dataset_column;
  GtkColumnViewColumn *dates_column;
  GtkColumnViewColumn *visibility_column;
  GtkColumnViewColumn *attempt_limit_column;
  GtkColumnViewColumn *cooldown_column;
  GtkColumnViewColumn *assignment_state_column;
  GtkLabel            *assignment_message_label;
  GtkLabel            *outcomes_heading;
  GtkColumnView       *outcome_view;
  GtkLabel            *no_outcomes_label;
  GtkColumnViewColumn *outcome_label_column;
  GtkColumnViewColumn *kind_column;
  GtkColumnViewColumn *closes_column;
  GtkColumnViewColumn *needs_time_column;
  GtkColumnViewColumn *outcome_state_column;
  GtkEditable         *outcome_label_entry;
  GtkDropDown         *kind_dropdown;
  GtkCheckButton      *closes_check;
  GtkCheckButton      *needs_time_check;
  GtkLabel            *outcome_message_label;

  CubeContext         *context;
  GListStore          *assignments;
  GtkSingleSelection  *assignment_selection;
  GListStore          *outcomes;
  GtkSingleSelection  *outcome_selection;
  GHashTable          *datasets;     /* id → CubeDataset */
  gint64               shown_outcomes_of;
};

G_DEFINE_FINAL_TYPE (CubeAssignmentsWindow, cube_assignments_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CubeStore *
get_store (CubeAssignmentsWindow *self)
{
  return cube_context_get_store (self->context);
}

static CubeAssignment *
selected_assignment (CubeAssignmentsWindow *self)
{
  return gtk_single_selection_get_selected_item (self->assignment_selection);
}

static CubeOutcome *
selected_outcome (CubeAssignmentsWindow *self)
{
  return gtk_single_selection_get_selected_item (self->outcome_selection);
}

static CubeOutcomeKind
form_kind (CubeAssignmentsWindow *self)
{
  return gtk_drop_down_get_selected (self->kind_dropdown) == 1 ? CUBE_OUTCOME_ATTEMPT : CUBE_OUTCOME_PROGRESS;
}

/* Whether the outcome form differs from the selected outcome. */
static gboolean
outcome_form_dirty (CubeAssignmentsWindow *self)
{
  CubeOutcome *outcome = selected_outcome (self);
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (self->outcome_label_entry)));

  return outcome != NULL
         && (g_strcmp0 (label, cube_outcome_get_label (outcome)) != 0
             || form_kind (self) != cube_outcome_get_kind (outcome)
             || gtk_check_button_get_active (self->closes_check) != cube_outcome_get_closes (outcome)
             || gtk_check_button_get_active (self->needs_time_check) != cube_outcome_get_needs_time (outcome));
}

/* Whether an outcome of the selected assignment has @label already (the
 * core refuses a second one, archived or not). */
static gboolean
label_in_use (CubeAssignmentsWindow *self,
              const char            *label)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->outcomes));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CubeOutcome) outcome = g_list_model_get_item (G_LIST_MODEL (self->outcomes), i);

      if (g_strcmp0 (cube_outcome_get_label (outcome), label) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- what can be done -------------------------------------------------- */

/* The one place that decides what can be done now. */
static void
update_actions (CubeAssignmentsWindow *self)
{
  CubeAssignment *assignment = selected_assignment (self);
  CubeOutcome *outcome = selected_outcome (self);
  guint position = gtk_single_selection_get_selected (self->outcome_selection);
  guint n_outcomes = g_list_model_get_n_items (G_LIST_MODEL (self->outcomes));
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (self->outcome_label_entry)));
  gboolean attempt = form_kind (self) == CUBE_OUTCOME_ATTEMPT;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assignments.edit", assignment != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assignments.archive",
                                 assignment != NULL && !cube_assignment_get_archived (assignment));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assignments.restore",
                                 assignment != NULL && cube_assignment_get_archived (assignment));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.move-up", outcome != NULL && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.move-down",
                                 outcome != NULL && position + 1 < n_outcomes);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.archive",
                                 outcome != NULL && !cube_outcome_get_archived (outcome));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.restore",
                                 outcome != NULL && cube_outcome_get_archived (outcome));
  /* The core refuses one in use, with the count. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.delete", outcome != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.add",
                                 assignment != NULL && label[0] != '\0' && !label_in_use (self, label));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outcomes.save",
                                 label[0] != '\0' && outcome_form_dirty (self));

  gtk_widget_set_visible (GTK_WIDGET (self->no_outcomes_label), assignment != NULL && n_outcomes == 0);

  /* An attempt never closes the customer (the core says so too). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->closes_check), !attempt);
  gtk_widget_set_sensitive (GTK_WIDGET (self->outcome_label_entry), assignment != NULL);
}

/* ---- the outcomes ------------------------------------------------------ */

static void
fill_outcome_form (CubeAssignmentsWindow *self)
{
  CubeOutcome *outcome = selected_outcome (self);

  gtk_editable_set_text (self->outcome_label_entry, outcome ? cube_outcome_get_label (outcome) : "");
  gtk_drop_down_set_selected (self->kind_dropdown,
                              outcome && cube_outcome_get_kind (outcome) == CUBE_OUTCOME_ATTEMPT ? 1 : 0);
  gtk_check_button_set_active (self->closes_check, outcome && cube_outcome_get_closes (outcome));
  gtk_check_button_set_active (self->needs_time_check, outcome && cube_outcome_get_needs_time (outcome));
}

/* Reads the selected assignment's outcomes again, selecting @select_id
 * (0: the one selected now, if it is still there). */
static void
reload_outcomes (CubeAssignmentsWindow *self,
                 gint64                 select_id)
{
  CubeAssignment *assignment = selected_assignment (self);
  CubeOutcome *selected = selected_outcome (self);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 assignment_id = assignment ? cube_assignment_get_id (assignment) : 0;
  gboolean dirty = outcome_form_dirty (self);
  gboolean same_assignment = assignment_id == self->shown_outcomes_of;

  if (select_id == 0 && selected != NULL && same_assignment)
    select_id = cube_outcome_get_id (selected);
  if (assignment == NULL)
    outcomes = g_ptr_array_new ();
  else if (!(outcomes = cube_store_list_outcomes (get_store (self), assignment_id, &error)))
    {
      cube_gui_set_message (self->outcome_message_label, error->message, "field-error");
      return;
    }
  if (!same_assignment)
    cube_gui_set_message (self->outcome_message_label, NULL, NULL);
  self->shown_outcomes_of = assignment_id;

  if (assignment != NULL)
    {
      /* Translators: %s is the name of an assignment. */
      g_autofree char *heading = g_strdup_printf (_("Outcomes of %s"), cube_assignment_get_name (assignment));

      gtk_label_set_text (self->outcomes_heading, heading);
    }
  else
    gtk_label_set_text (self->outcomes_heading, _("Outcomes"));

  g_signal_handlers_block_matched (self->outcome_selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_splice (self->outcomes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->outcomes)),
                       outcomes->pdata, outcomes->len);
  gtk_single_selection_set_selected (self->outcome_selection,
                                     cube_gui_find_id (G_LIST_MODEL (self->outcomes),
                                                       (CubeGuiIdFunc) cube_outcome_get_id, select_id));
  g_signal_handlers_unblock_matched (self->outcome_selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  /* What the user is typing stays while the same outcome is selected. */
  if (!dirty || !same_assignment || selected_outcome (self) == NULL
      || (selected != NULL && cube_outcome_get_id (selected_outcome (self)) != cube_outcome_get_id (selected)))
    fill_outcome_form (self);
  update_actions (self);
}

/* ---- the assignments --------------------------------------------------- */

/* Reads the assignments (and datasets, for their names) again, selecting
 * @select_id (0: the one selected now). */
static void
reload (CubeAssignmentsWindow *self,
        gint64                 select_id)
{
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GPtrArray) datasets = NULL;
  g_autoptr(GError) error = NULL;
  CubeAssignment *selected = selected_assignment (self);
  gboolean archived_too = gtk_check_button_get_active (self->show_archived_check);
  guint position;

  if (select_id == 0 && selected != NULL)
    select_id = cube_assignment_get_id (selected);
  if (!(datasets = cube_store_list_datasets (get_store (self), &error))
      || !(assignments = cube_store_list_assignments (get_store (self), archived_too, &error)))
    {
      cube_gui_set_message (self->assignment_message_label, error->message, "field-error");
      return;
    }
  g_hash_table_remove_all (self->datasets);
  for (guint i = 0; i < datasets->len; i++)
    g_hash_table_insert (self->datasets, g_memdup2 (&(gint64) { cube_dataset_get_id (datasets->pdata[i]) },
                                                    sizeof (gint64)),
                         g_object_ref (datasets->pdata[i]));

  g_signal_handlers_block_matched (self->assignment_selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_list_store_splice (self->assignments, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assignments)),
                       assignments->pdata, assignments->len);
  position = cube_gui_find_id (G_LIST_MODEL (self->assignments), (CubeGuiIdFunc) cube_assignment_get_id,
                               select_id);
  if (position == GTK_INVALID_LIST_POSITION && assignments->len > 0)
    position = 0;
  gtk_single_selection_set_selected (self->assignment_selection, position);
  g_signal_handlers_unblock_matched (self->assignment_selection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  reload_outcomes (self, 0);
}

/* ---- cells ------------------------------------------------------------- */

typedef char *(*CellTextFunc) (CubeAssignmentsWindow *self,
                               gpointer               item);

static void
set_text_column (CubeAssignmentsWindow *self,
                 GtkColumnViewColumn   *column,
                 CellTextFunc           func)
{
  cube_gui_set_text_column (column, (CubeGuiCellTextFunc) func, self);
}

static char *
assignment_name_text (CubeAssignmentsWindow *self,
                      gpointer               item)
{
  return g_strdup (cube_assignment_get_name (item));
}

static char *
dataset_text (CubeAssignmentsWindow *self,
              gpointer               item)
{
  gint64 id = cube_assignment_get_dataset_id (item);
  CubeDataset *dataset = g_hash_table_lookup (self->datasets, &id);

  if (dataset == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("%s – %s", cube_dataset_get_owner_name (dataset),
                          cube_dataset_get_kind (dataset) == CUBE_DATASET_B2B ? "B2B" : "B2C");
}

static char *
dates_text (CubeAssignmentsWindow *self,
            gpointer               item)
{
  g_autofree char *from = cube_gui_date_for_display (cube_assignment_get_active_from (item));
  g_autofree char *until = cube_gui_date_for_display (cube_assignment_get_active_until (item));

  if (from[0] != '\0' && until[0] != '\0')
    return g_strdup_printf ("%s – %s", from, until);
  if (from[0] != '\0')
    /* Translators: an assignment's dates: from a day, no last day. */
    return g_strdup_printf (_("From %s"), from);
  if (until[0] != '\0')
    /* Translators: an assignment's dates: no first day, until a day. */
    return g_strdup_printf (_("Until %s"), until);
  return g_strdup (_("Always"));
}

static char *
visibility_text (CubeAssignmentsWindow *self,
                 gpointer               item)
{
  const char * const *users = cube_assignment_get_users (item);
  guint n = users ? g_strv_length ((char **) users) : 0;

  if (cube_assignment_get_visibility (item) == CUBE_VISIBILITY_ALL)
    return g_strdup (_("All users"));
  /* A few are named; more are counted. */
  if (n > 0 && n <= 3)
    {
      g_autofree char *logins = g_strjoinv (", ", (char **) users);

      /* Translators: %s is a list of logins, "kari, ola". */
      return g_strdup_printf (_("Only %s"), logins);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen user", "%u chosen users", n), n);
}

static char *
attempt_limit_text (CubeAssignmentsWindow *self,
                    gpointer               item)
{
  guint limit = cube_assignment_get_attempt_limit (item);

  return limit == 0 ? g_strdup (_("No limit")) : g_strdup_printf ("%u", limit);
}

static char *
cooldown_text (CubeAssignmentsWindow *self,
               gpointer               item)
{
  guint minutes = cube_assignment_get_cooldown_minutes (item);

  /* Translators: a cool-down in minutes. */
  return minutes == 0 ? g_strdup (_("None")) : g_strdup_printf (_("%u min"), minutes);
}

static char *
assignment_state_text (CubeAssignmentsWindow *self,
                       gpointer               item)
{
  return g_strdup (cube_assignment_get_archived (item) ? _("Archived") : _("Active"));
}

static char *
outcome_label_text (CubeAssignmentsWindow *self,
                    gpointer               item)
{
  return g_strdup (cube_outcome_get_label (item));
}

static char *
kind_text (CubeAssignmentsWindow *self,
           gpointer               item)
{
  return g_strdup (cube_outcome_get_kind (item) == CUBE_OUTCOME_ATTEMPT ? _("Attempt") : _("Progress"));
}

static char *
closes_text (CubeAssignmentsWindow *self,
             gpointer               item)
{
  return g_strdup (cube_outcome_get_closes (item) ? _("Yes") : _("No"));
}

static char *
needs_time_text (CubeAssignmentsWindow *self,
                 gpointer               item)
{
  return g_strdup (cube_outcome_get_needs_time (item) ? _("Yes") : _("No"));
}

static char *
outcome_state_text (CubeAssignmentsWindow *self,
                    gpointer               item)
{
  return g_strdup (cube_outcome_get_archived (item) ? _("Archived") : _("Active"));
}

/* ---- callbacks --------------------------------------------------------- */

static void
context_changed_cb (CubeAssignmentsWindow *self)
{
  reload (self, 0);
}

static void
assignment_selected_cb (CubeAssignmentsWindow *self)
{
  cube_gui_set_message (self->assignment_message_label, NULL, NULL);
  reload_outcomes (self, 0);
}

static void
outcome_selected_cb (CubeAssignmentsWindow *self)
{
  fill_outcome_form (self);
  update_actions (self);
}

static void
outcome_form_changed_cb (CubeAssignmentsWindow *self)
{
  if (form_kind (self) == CUBE_OUTCOME_ATTEMPT)
    gtk_check_button_set_active (self->closes_check, FALSE);
  update_actions (self);
}

/* Enter saves the selected outcome when the form changed it, else adds one. */
static void
outcome_label_activate_cb (CubeAssignmentsWindow *self)
{
  const char *action = outcome_form_dirty (self) ? "outcomes.save" : "outcomes.add";

  gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

static void
show_archived_cb (CubeAssignmentsWindow *self)
{
  reload (self, 0);
}

static void
editor_saved_cb (CubeAssignmentEditor  *editor,
                 CubeAssignment        *assignment,
                 CubeAssignmentsWindow *self)
{
  g_autofree char *message = NULL;

  reload (self, cube_assignment_get_id (assignment));
  /* Translators: %s is the name of an assignment. */
  message = g_strdup_printf (_("%s is saved"), cube_assignment_get_name (assignment));
  cube_gui_set_message (self->assignment_message_label, message, "confirmation");
}

/* ---- actions: assignments ---------------------------------------------- */

static void
open_editor (CubeAssignmentsWindow *self,
             CubeAssignment        *assignment)
{
  GtkWidget *editor = cube_assignment_editor_new (self->context, assignment);

  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_assignment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_editor (CUBE_ASSIGNMENTS_WINDOW (widget), NULL);
}

static void
edit_assignment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);

  if (selected_assignment (self) != NULL)
    open_editor (self, selected_assignment (self));
}

static void
archive_assignment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(GError) error = NULL;
  gboolean archive = g_str_equal (action_name, "assignments.archive");
  g_autofree char *message = NULL;

  if (assignment == NULL)
    return;
  if (!cube_store_set_assignment_archived (get_store (self), cube_assignment_get_id (assignment), archive,
                                           &error))
    {
      cube_gui_set_message (self->assignment_message_label, error->message, "field-error");
      return;
    }
  if (archive)
    /* Translators: %s is the name of an assignment. */
    message = g_strdup_printf (_("%s is archived; agents no longer get its customers"),
                               cube_assignment_get_name (assignment));
  else
    /* Translators: %s is the name of an assignment, a user or an outcome. */
    message = g_strdup_printf (_("%s is restored"), cube_assignment_get_name (assignment));
  cube_gui_set_message (self->assignment_message_label, message, "confirmation");
  cube_context_notify_changed (self->context);
}

/* ---- actions: outcomes ------------------------------------------------- */

static void
outcome_done (CubeAssignmentsWindow *self,
              gint64                 select_id,
              const char            *message)
{
  reload_outcomes (self, select_id);
  cube_gui_set_message (self->outcome_message_label, message, "confirmation");
  cube_context_notify_changed (self->context);
}

static void
outcome_failed (CubeAssignmentsWindow *self,
                const GError          *error)
{
  cube_gui_set_message (self->outcome_message_label, error->message, "field-error");
  if (g_strcmp0 (cube_error_get_field (error), "label") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->outcome_label_entry));
}

static void
add_outcome_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (assignment == NULL)
    return;
  outcome = cube_store_add_outcome (get_store (self), cube_assignment_get_id (assignment),
                                    gtk_editable_get_text (self->outcome_label_entry), form_kind (self),
                                    gtk_check_button_get_active (self->closes_check),
                                    gtk_check_button_get_active (self->needs_time_check), &error);
  if (outcome == NULL)
    {
      outcome_failed (self, error);
      return;
    }
  /* Translators: %s is the label of an outcome. */
  message = g_strdup_printf (_("%s is added"), cube_outcome_get_label (outcome));
  outcome_done (self, cube_outcome_get_id (outcome), message);
}

static void
save_outcome_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeOutcome *selected = selected_outcome (self);
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;

  if (selected == NULL)
    return;
  outcome = cube_store_update_outcome (get_store (self), cube_outcome_get_id (selected),
                                       gtk_editable_get_text (self->outcome_label_entry), form_kind (self),
                                       gtk_check_button_get_active (self->closes_check),
                                       gtk_check_button_get_active (self->needs_time_check), &error);
  if (outcome == NULL)
    {
      outcome_failed (self, error);
      return;
    }
  /* The form shows what was saved. */
  fill_outcome_form (self);
  outcome_done (self, cube_outcome_get_id (outcome), _("Outcome saved"));
}

static void
move_outcome_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeOutcome *outcome = selected_outcome (self);
  guint position = gtk_single_selection_get_selected (self->outcome_selection);
  g_autoptr(GError) error = NULL;
  gint64 id;
  /* Positions count from 1: one up is the current index. */
  int target = g_str_equal (action_name, "outcomes.move-up") ? (int) position : (int) position + 2;

  if (outcome == NULL)
    return;
  id = cube_outcome_get_id (outcome);
  if (!cube_store_move_outcome (get_store (self), id, target, &error))
    {
      outcome_failed (self, error);
      return;
    }
  outcome_done (self, id, NULL);
}

static void
archive_outcome_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeOutcome *selected = selected_outcome (self);
  gboolean archive = g_str_equal (action_name, "outcomes.archive");
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (selected == NULL)
    return;
  outcome = cube_store_set_outcome_archived (get_store (self), cube_outcome_get_id (selected), archive, &error);
  if (outcome == NULL)
    {
      outcome_failed (self, error);
      return;
    }
  if (archive)
    /* Translators: %s is the label of an outcome. */
    message = g_strdup_printf (_("%s is archived: no longer offered, its history kept"),
                               cube_outcome_get_label (outcome));
  else
    /* Translators: %s is the name of an assignment, a user or an outcome. */
    message = g_strdup_printf (_("%s is restored"), cube_outcome_get_label (outcome));
  outcome_done (self, cube_outcome_get_id (outcome), message);
}

static void
delete_outcome_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (widget);
  CubeOutcome *selected = selected_outcome (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (selected == NULL)
    return;
  if (!cube_store_delete_outcome (get_store (self), cube_outcome_get_id (selected), &error))
    {
      outcome_failed (self, error);
      return;
    }
  /* Translators: %s is the label of an outcome. */
  message = g_strdup_printf (_("%s is deleted"), cube_outcome_get_label (selected));
  outcome_done (self, 0, message);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_assignments_window_constructed (GObject *object)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (object);

  G_OBJECT_CLASS (cube_assignments_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  reload (self, 0);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
cube_assignments_window_dispose (GObject *object)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (object);

  if (self->assignment_view != NULL)
    gtk_column_view_set_model (self->assignment_view, NULL);
  if (self->outcome_view != NULL)
    gtk_column_view_set_model (self->outcome_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_ASSIGNMENTS_WINDOW);
  g_clear_object (&self->assignment_selection);
  g_clear_object (&self->assignments);
  g_clear_object (&self->outcome_selection);
  g_clear_object (&self->outcomes);
  g_clear_pointer (&self->datasets, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_assignments_window_parent_class)->dispose (object);
}

static void
cube_assignments_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (object);

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
cube_assignments_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CubeAssignmentsWindow *self = CUBE_ASSIGNMENTS_WINDOW (object);

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
cube_assignments_window_class_init (CubeAssignmentsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_assignments_window_constructed;
  object_class->dispose = cube_assignments_window_dispose;
  object_class->get_property = cube_assignments_window_get_property;
  object_class->set_property = cube_assignments_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cubecrm/Cube/ui/cube-assignments-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, show_archived_check);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, assignment_view);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, assignment_name_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, dataset_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, dates_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, visibility_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, attempt_limit_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, cooldown_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, assignment_state_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, assignment_message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcomes_heading);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcome_view);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, no_outcomes_label);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcome_label_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, kind_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, closes_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, needs_time_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcome_state_column);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcome_label_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, closes_check);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, needs_time_check);
  gtk_widget_class_bind_template_child (widget_class, CubeAssignmentsWindow, outcome_message_label);

  gtk_widget_class_install_action (widget_class, "assignments.new", NULL, new_assignment_action);
  gtk_widget_class_install_action (widget_class, "assignments.edit", NULL, edit_assignment_action);
  gtk_widget_class_install_action (widget_class, "assignments.archive", NULL, archive_assignment_action);
  gtk_widget_class_install_action (widget_class, "assignments.restore", NULL, archive_assignment_action);
  gtk_widget_class_install_action (widget_class, "outcomes.add", NULL, add_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.save", NULL, save_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.move-up", NULL, move_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.move-down", NULL, move_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.archive", NULL, archive_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.restore", NULL, archive_outcome_action);
  gtk_widget_class_install_action (widget_class, "outcomes.delete", NULL, delete_outcome_action);
}

static void
cube_assignments_window_init (CubeAssignmentsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->datasets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->assignments = g_list_store_new (CUBE_TYPE_ASSIGNMENT);
  self->assignment_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->assignments)));
  gtk_single_selection_set_autoselect (self->assignment_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->assignment_selection, TRUE);
  gtk_column_view_set_model (self->assignment_view, GTK_SELECTION_MODEL (self->assignment_selection));
  self->outcomes = g_list_store_new (CUBE_TYPE_OUTCOME);
  self->outcome_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->outcomes)));
  gtk_single_selection_set_autoselect (self->outcome_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->outcome_selection, TRUE);
  gtk_column_view_set_model (self->outcome_view, GTK_SELECTION_MODEL (self->outcome_selection));

  set_text_column (self, self->assignment_name_column, assignment_name_text);
  set_text_column (self, self->dataset_column, dataset_text);
  set_text_column (self, self->dates_column, dates_text);
  set_text_column (self, self->visibility_column, visibility_text);
  set_text_column (self, self->attempt_limit_column, attempt_limit_text);
  set_text_column (self, self->cooldown_column, cooldown_text);
  set_text_column (self, self->assignment_state_column, assignment_state_text);
  set_text_column (self, self->outcome_label_column, outcome_label_text);
  set_text_column (self, self->kind_column, kind_text);
  set_text_column (self, self->closes_column, closes_text);
  set_text_column (self, self->needs_time_column, needs_time_text);
  set_text_column (self, self->outcome_state_column, outcome_state_text);

  g_signal_connect_object (self->assignment_selection, "notify::selected", G_CALLBACK (assignment_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_selection, "notify::selected", G_CALLBACK (outcome_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->show_archived_check, "toggled", G_CALLBACK (show_archived_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_label_entry, "changed", G_CALLBACK (outcome_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_label_entry, "activate", G_CALLBACK (outcome_label_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (outcome_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->closes_check, "toggled", G_CALLBACK (outcome_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->needs_time_check, "toggled", G_CALLBACK (outcome_form_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_assignments_window_new (CubeContext *context)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_ASSIGNMENTS_WINDOW, "context", context, NULL);
}

void
cube_assignments_window_present (GtkWindow   *parent,
                                 CubeContext *context)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_CONTEXT (context));

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CUBE_IS_ASSIGNMENTS_WINDOW (l->data) && CUBE_ASSIGNMENTS_WINDOW (l->data)->context == context)
      {
        gtk_window_present (l->data);
        return;
      }
  window = cube_assignments_window_new (context);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}
