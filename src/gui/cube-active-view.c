/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-active-view.h"
#include "cube-customer-card.h"
#include "cube-gui-util.h"
#include "cube-history-view.h"

struct _CubeActiveView
{
  GtkWindow         parent_instance;

  GtkWidget        *banner;
  GtkImage         *banner_icon;
  GtkLabel         *banner_label;
  GtkLabel         *assignment_label;
  GtkWidget        *card_box;
  GtkLabel         *card_message_label;
  GtkGrid          *outcome_grid;
  GtkWidget        *time_box;
  GtkEditable      *date_entry;
  GtkEditable      *time_entry;
  GtkCalendar      *calendar;
  GtkLabel         *time_error_label;
  GtkTextView      *comment_view;
  GtkLabel         *outcome_error_label;
  CubeHistoryView  *history_view;

  CubeContext      *context;
  CubeCustomer     *customer;
  CubeCustomerCard *card;
  GPtrArray        *outcomes;      /* CubeOutcome, not archived */
  GPtrArray        *fields;        /* CubeFieldDef, for the history */
  char             *outcome;       /* label of the chosen outcome, "" for none */
  char             *login;
  guint             renew_id;
  gboolean          holding;       /* we hold the lock as far as we know */
  gboolean          finished;
};

G_DEFINE_FINAL_TYPE (CubeActiveView, cube_active_view, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER,
  PROP_OUTCOME,
  PROP_FOLLOW_UP,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static CubeStore *
get_store (CubeActiveView *self)
{
  return cube_context_get_store (self->context);
}

static CubeOutcome *
selected_outcome (CubeActiveView *self)
{
  for (guint i = 0; self->outcomes != NULL && i < self->outcomes->len; i++)
    if (g_strcmp0 (cube_outcome_get_label (self->outcomes->pdata[i]), self->outcome) == 0)
      return self->outcomes->pdata[i];
  return NULL;
}

/* The follow-up time typed, or -1 with @message saying what is wrong (NULL
 * while nothing is typed). */
static gint64
typed_follow_up (CubeActiveView  *self,
                 const char     **message)
{
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (self->date_entry)));
  g_autofree char *time = g_strstrip (g_strdup (gtk_editable_get_text (self->time_entry)));
  g_autofree char *text = NULL;
  gsize len = strlen (time);
  gint64 t;

  *message = NULL;
  if (date[0] == '\0' && time[0] == '\0')
    return -1;
  if (date[0] == '\0' || time[0] == '\0')
    {
      *message = _("Enter both a date and a time");
      return -1;
    }
  g_strdelimit (time, ".", ':');
  /* "10" and "1030" are read as 10:00 and 10:30. */
  if (len <= 2 && g_ascii_isdigit (time[0]) && (len == 1 || g_ascii_isdigit (time[1])))
    text = g_strdup_printf ("%s %s:00", date, time);
  else if (len == 4 && strspn (time, "0123456789") == 4)
    text = g_strdup_printf ("%s %.2s:%.2s", date, time, time + 2);
  else
    text = g_strdup_printf ("%s %s", date, time);

  if ((t = cube_parse_time (text)) < 0)
    {
      *message = _("Enter the date as dd.mm.yyyy and the time as hh:mm");
      return -1;
    }
  if (t <= cube_store_now (get_store (self)))
    {
      *message = _("The follow-up time has passed");
      return -1;
    }
  return t;
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeActiveView *self)
{
  CubeOutcome *outcome = selected_outcome (self);
  gboolean needs_time = outcome != NULL && cube_outcome_get_needs_time (outcome);
  gboolean card_ok = self->card != NULL
                     && (!cube_customer_card_get_dirty (self->card) || cube_customer_card_get_valid (self->card));
  const char *message = NULL;
  gboolean time_ok = TRUE;

  if (needs_time)
    time_ok = typed_follow_up (self, &message) > 0;
  gtk_widget_set_visible (self->time_box, needs_time);
  gtk_label_set_text (self->time_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->time_error_label), needs_time && message != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "active.save-changes",
                                 !self->finished && self->card != NULL
                                 && cube_customer_card_get_dirty (self->card)
                                 && cube_customer_card_get_valid (self->card));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "active.register",
                                 !self->finished && self->holding && outcome != NULL && time_ok && card_ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "active.release", !self->finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "active.outcome", !self->finished && self->holding);
}

static void
show_outcome_error (CubeActiveView *self,
                    const char     *message)
{
  gtk_label_set_text (self->outcome_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_error_label), message != NULL);
}

static void
show_card_message (CubeActiveView *self,
                   const char     *message,
                   gboolean        is_error)
{
  gtk_label_set_text (self->card_message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->card_message_label), message != NULL);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->card_message_label), "confirmation");
      gtk_widget_add_css_class (GTK_WIDGET (self->card_message_label), "field-error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->card_message_label), "field-error");
      gtk_widget_add_css_class (GTK_WIDGET (self->card_message_label), "confirmation");
    }
}

static void
update_title (CubeActiveView *self)
{
  const char *name = cube_customer_get_name (self->customer);
  const char *key = cube_customer_get_customer_key (self->customer);
  g_autofree char *title = NULL;
  g_autofree char *assignment = NULL;

  if (name != NULL && name[0] != '\0')
    title = g_strdup_printf (_("Active customer view – %s (%s)"), name, key);
  else
    title = g_strdup_printf (_("Active customer view – %s"), key);
  gtk_window_set_title (GTK_WINDOW (self), title);

  assignment = g_strdup_printf (_("Assignment: %s"), cube_customer_get_assignment_name (self->customer));
  gtk_label_set_text (self->assignment_label, assignment);
}

static void
refresh_history (CubeActiveView *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if (!(events = cube_store_list_events (get_store (self), cube_customer_get_id (self->customer), &error)))
    {
      g_warning ("Cannot read the history of customer %" G_GINT64_FORMAT ": %s",
                 cube_customer_get_id (self->customer), error->message);
      return;
    }
  cube_history_view_set_events (self->history_view, events, self->fields);
}

static void
stop_renewing (CubeActiveView *self)
{
  g_clear_handle_id (&self->renew_id, g_source_remove);
}

static void
set_lock_lost (CubeActiveView *self,
               const char     *reason)
{
  g_autofree char *text = g_strdup_printf (_("The lock was lost: %s"), reason);

  self->holding = FALSE;
  stop_renewing (self);
  gtk_label_set_text (self->banner_label, text);
  gtk_image_set_from_icon_name (self->banner_icon, "dialog-warning-symbolic");
  gtk_widget_remove_css_class (self->banner, "lock-banner");
  gtk_widget_add_css_class (self->banner, "lock-lost");
  update_actions (self);
}

/* Why @customer is not (any longer) locked to us, or NULL when it is. */
static char *
lost_reason (CubeActiveView *self,
             CubeCustomer   *customer)
{
  switch (cube_customer_get_status (customer))
    {
    case CUBE_STATUS_LOCKED:
      if (g_strcmp0 (cube_customer_get_locked_by (customer), self->login) == 0)
        return NULL;
      return g_strdup_printf (_("the customer is now locked by %s"), cube_customer_get_locked_by (customer));
    case CUBE_STATUS_CLOSED:
      return g_strdup (_("the customer is closed"));
    case CUBE_STATUS_AVAILABLE:
    default:
      return g_strdup (_("the customer was released"));
    }
}

/* Leaves the view: tells the others, emits ::finished and, when @destroy,
 * closes the window. */
static void
finish (CubeActiveView *self,
        gboolean        destroy)
{
  g_object_ref (self);
  self->finished = TRUE;
  self->holding = FALSE;
  stop_renewing (self);
  update_actions (self);
  cube_context_notify_changed (self->context);
  g_signal_emit (self, signals[FINISHED], 0);
  if (destroy)
    gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

/* Releases the lock if we hold it; errors only go to the log. */
static void
release_quietly (CubeActiveView *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->holding || self->customer == NULL || self->context == NULL)
    return;
  self->holding = FALSE;
  if (!cube_store_release_lock (get_store (self), cube_customer_get_id (self->customer), &error))
    g_debug ("Releasing customer %" G_GINT64_FORMAT ": %s",
             cube_customer_get_id (self->customer), error->message);
}

/* Saves what was typed in the card; FALSE (and the error shown) on failure. */
static gboolean
save_card (CubeActiveView *self)
{
  g_autoptr(CubeCustomerDraft) draft = cube_customer_card_get_draft (self->card);
  g_autoptr(GError) error = NULL;
  CubeCustomer *updated;

  updated = cube_store_update_customer (get_store (self), cube_customer_get_id (self->customer),
                                        draft, &error);
  if (updated == NULL)
    {
      if (cube_error_get_field (error) != NULL)
        cube_customer_card_show_error (self->card, error);
      show_card_message (self, error->message, TRUE);
      return FALSE;
    }
  g_set_object (&self->customer, updated);
  g_object_unref (updated);
  cube_customer_card_set_customer (self->card, self->customer);
  update_title (self);
  refresh_history (self);
  return TRUE;
}

/* ---- callbacks --------------------------------------------------------- */

static gboolean
renew_cb (gpointer user_data)
{
  CubeActiveView *self = user_data;
  g_autoptr(GError) error = NULL;

  if (cube_store_renew_lock (get_store (self), cube_customer_get_id (self->customer), &error))
    return G_SOURCE_CONTINUE;
  if (g_error_matches (error, CUBE_ERROR, CUBE_ERROR_CONFLICT)
      || g_error_matches (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND))
    {
      self->renew_id = 0;
      set_lock_lost (self, error->message);
      return G_SOURCE_REMOVE;
    }
  /* A busy database: try again at the next turn. */
  g_debug ("Renewing the lock: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static void
context_changed_cb (CubeActiveView *self)
{
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  if (self->finished)
    return;
  if (!(customer = cube_store_get_customer (get_store (self), cube_customer_get_id (self->customer), &error)))
    {
      if (self->holding)
        set_lock_lost (self, error->message);
      return;
    }
  if (self->holding && (reason = lost_reason (self, customer)) != NULL)
    set_lock_lost (self, reason);
  if (!cube_customer_card_get_dirty (self->card)
      && cube_customer_get_updated_at (customer) != cube_customer_get_updated_at (self->customer))
    cube_customer_card_set_customer (self->card, customer);
  g_set_object (&self->customer, customer);
  update_title (self);
  refresh_history (self);
}

static void
card_changed_cb (CubeActiveView *self)
{
  if (cube_customer_card_get_dirty (self->card))
    show_card_message (self, NULL, FALSE);
  update_actions (self);
}

static void
time_changed_cb (CubeActiveView *self)
{
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_UP]);
}

static void
calendar_day_selected_cb (CubeActiveView *self)
{
  cube_gui_calendar_to_entry (self->calendar, self->date_entry);
  gtk_widget_grab_focus (GTK_WIDGET (self->time_entry));
}

static gboolean
close_request_cb (CubeActiveView *self)
{
  /* A closed window never leaves its customer locked. */
  if (!self->finished)
    {
      release_quietly (self);
      finish (self, FALSE);
    }
  return FALSE;
}

/* ---- actions ----------------------------------------------------------- */

static void
save_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (widget);

  if (save_card (self))
    {
      show_card_message (self, _("Changes saved"), FALSE);
      cube_context_notify_changed (self->context);
    }
  update_actions (self);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (widget);
  CubeOutcome *outcome = selected_outcome (self);
  g_autoptr(CubeCustomer) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;
  const char *message = NULL;
  gint64 follow_up_at = 0;

  if (outcome == NULL || !self->holding)
    return;
  if (cube_outcome_get_needs_time (outcome) && (follow_up_at = typed_follow_up (self, &message)) <= 0)
    return;
  /* Edits typed in the card are not lost by finishing the customer. */
  if (cube_customer_card_get_dirty (self->card) && !save_card (self))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  comment = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  registered = cube_store_register_outcome (get_store (self), cube_customer_get_id (self->customer),
                                            cube_outcome_get_id (outcome), follow_up_at,
                                            comment[0] ? comment : NULL, &error);
  if (registered == NULL)
    {
      show_outcome_error (self, error->message);
      if (g_error_matches (error, CUBE_ERROR, CUBE_ERROR_CONFLICT))
        set_lock_lost (self, error->message);
      return;
    }
  finish (self, TRUE);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->holding
      && !cube_store_release_lock (get_store (self), cube_customer_get_id (self->customer), &error)
      && !g_error_matches (error, CUBE_ERROR, CUBE_ERROR_CONFLICT)
      && !g_error_matches (error, CUBE_ERROR, CUBE_ERROR_PERMISSION))
    {
      /* The database refused; the lock may still be ours. */
      show_outcome_error (self, error->message);
      return;
    }
  self->holding = FALSE;
  finish (self, TRUE);
}

/* ---- building ---------------------------------------------------------- */

static void
build_outcomes (CubeActiveView *self)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  GtkCheckButton *group = NULL;

  self->outcomes = g_ptr_array_new_with_free_func (g_object_unref);
  if (!(all = cube_store_list_outcomes (get_store (self), cube_customer_get_assignment_id (self->customer),
                                        &error)))
    {
      show_outcome_error (self, error->message);
      return;
    }
  for (guint i = 0; i < all->len; i++)
    {
      CubeOutcome *outcome = all->pdata[i];
      GtkWidget *button;
      guint n;

      if (cube_outcome_get_archived (outcome))
        continue;
      n = self->outcomes->len;
      g_ptr_array_add (self->outcomes, g_object_ref (outcome));

      button = gtk_check_button_new_with_label (cube_outcome_get_label (outcome));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "active.outcome");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", cube_outcome_get_label (outcome));
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      if (cube_outcome_get_needs_time (outcome))
        gtk_widget_set_tooltip_text (button, _("Asks for a follow-up time"));
      gtk_grid_attach (self->outcome_grid, button, n % 2, n / 2, 1, 1);
    }
  if (self->outcomes->len == 0)
    show_outcome_error (self, _("The assignment has no outcomes"));
}

static void
cube_active_view_constructed (GObject *object)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (object);
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  guint lease;

  G_OBJECT_CLASS (cube_active_view_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL && self->customer != NULL);

  user = cube_context_dup_user (self->context);
  self->login = g_strdup (user ? cube_user_get_login (user) : NULL);
  self->fields = cube_store_list_fields (get_store (self), cube_customer_get_dataset_id (self->customer),
                                         TRUE, &error);
  if (self->fields == NULL)
    {
      g_warning ("Cannot read the fields of the customer's dataset: %s", error->message);
      g_clear_error (&error);
    }

  self->card = CUBE_CUSTOMER_CARD (cube_customer_card_new (self->context));
  gtk_box_append (GTK_BOX (self->card_box), GTK_WIDGET (self->card));
  cube_customer_card_set_customer (self->card, self->customer);
  g_signal_connect_object (self->card, "notify::dirty", G_CALLBACK (card_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->card, "notify::valid", G_CALLBACK (card_changed_cb), self, G_CONNECT_SWAPPED);

  build_outcomes (self);
  update_title (self);
  refresh_history (self);

  self->holding = TRUE;
  if ((reason = lost_reason (self, self->customer)) != NULL)
    set_lock_lost (self, reason);
  else
    {
      lease = cube_store_get_lease_seconds (get_store (self));
      self->renew_id = g_timeout_add_seconds (MAX (1, lease / 3), renew_cb, self);
    }

  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cube_active_view_dispose (GObject *object)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (object);

  stop_renewing (self);
  /* Destroyed without a close request (the application quits): still let
   * the customer go. */
  if (self->holding && !self->finished)
    {
      release_quietly (self);
      self->finished = TRUE;
      cube_context_notify_changed (self->context);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_ACTIVE_VIEW);
  self->card = NULL;
  g_clear_object (&self->customer);
  g_clear_object (&self->context);
  g_clear_pointer (&self->outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (cube_active_view_parent_class)->dispose (object);
}

static void
cube_active_view_finalize (GObject *object)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (object);

  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cube_active_view_parent_class)->finalize (object);
}

static void
cube_active_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;
    case PROP_FOLLOW_UP:
      g_value_take_string (value, g_strdup_printf ("%s %s", gtk_editable_get_text (self->date_entry),
                                                   gtk_editable_get_text (self->time_entry)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_follow_up (CubeActiveView *self,
               const char     *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", " ", 2);

  gtk_editable_set_text (self->date_entry, parts[0] ? parts[0] : "");
  gtk_editable_set_text (self->time_entry, parts[0] && parts[1] ? parts[1] : "");
}

static void
cube_active_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CubeActiveView *self = CUBE_ACTIVE_VIEW (object);
  const char *str;

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CUSTOMER:
      self->customer = g_value_dup_object (value);
      break;
    case PROP_OUTCOME:
      str = g_value_get_string (value);
      if (g_strcmp0 (str ? str : "", self->outcome) != 0)
        {
          g_free (self->outcome);
          self->outcome = g_strdup (str ? str : "");
          show_outcome_error (self, NULL);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FOLLOW_UP:
      set_follow_up (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_active_view_class_init (CubeActiveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (CUBE_TYPE_HISTORY_VIEW);

  object_class->constructed = cube_active_view_constructed;
  object_class->dispose = cube_active_view_dispose;
  object_class->finalize = cube_active_view_finalize;
  object_class->get_property = cube_active_view_get_property;
  object_class->set_property = cube_active_view_set_property;

  /* Emitted when the outcome is saved or the customer is let go. */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL, CUBE_TYPE_CUSTOMER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The label of the chosen outcome, "" for none (the active.outcome action). */
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The follow-up time as typed: "dd.mm.yyyy hh:mm". */
  properties[PROP_FOLLOW_UP] =
    g_param_spec_string ("follow-up", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-active-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, banner);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, assignment_label);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, card_box);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, card_message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, outcome_grid);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, time_box);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, date_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, time_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, time_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, comment_view);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, outcome_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeActiveView, history_view);
  gtk_widget_class_bind_template_callback (widget_class, time_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "active.save-changes", NULL, save_changes_action);
  gtk_widget_class_install_action (widget_class, "active.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "active.release", NULL, release_action);
  gtk_widget_class_install_property_action (widget_class, "active.outcome", "outcome");
}

static void
cube_active_view_init (CubeActiveView *self)
{
  self->outcome = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cube_active_view_new (CubeContext  *context,
                      CubeCustomer *customer)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CUBE_IS_CUSTOMER (customer), NULL);

  return g_object_new (CUBE_TYPE_ACTIVE_VIEW,
                       "context", context,
                       "customer", customer,
                       NULL);
}
