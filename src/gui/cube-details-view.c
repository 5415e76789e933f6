/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-active-view.h"
#include "cube-correct-outcome-dialog.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-history-view.h"

struct _CubeDetailsView
{
  GtkWindow         parent_instance;

  GtkWidget        *banner;
  GtkImage         *state_icon;
  GtkLabel         *state_label;
  GtkLabel         *assignment_label;
  GtkWidget        *card_box;
  GtkLabel         *card_message_label;
  GtkLabel         *attempts_label;
  GtkLabel         *last_outcome_label;
  GtkLabel         *updated_label;
  GtkLabel         *select_error_label;
  CubeHistoryView  *history_view;
  GtkDropDown      *kind_dropdown;
  GtkWidget        *move_button;
  GtkPopover       *move_popover;
  GtkDropDown      *move_dropdown;
  GtkLabel         *move_error_label;

  CubeContext      *context;
  gint64            customer_id;
  CubeCustomer     *customer;      /* as last read; NULL when it cannot be read */
  CubeCustomer     *card_base;     /* what the card was last filled from */
  CubeCustomerCard *card;
  GPtrArray        *fields;        /* CubeFieldDef with archived ones, for the history */
  GPtrArray        *events;        /* CubeEvent, newest first, as last read */
  GListStore       *move_targets;  /* CubeAssignment: the dataset's others */
  char             *login;
  CubePermissions   permissions;
  guint             expiry_id;     /* re-reads when another user's lease runs out */
};

G_DEFINE_FINAL_TYPE (CubeDetailsView, cube_details_view, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define EMPTY_VALUE "–"

/* The kinds the history filter shows, in the order of its choices (the
 * first, All, filters nothing). */
static const char * const kind_filters[][3] = {
  { NULL },
  { "created", NULL },
  { "edited", NULL },
  { "outcome", NULL },
  { "locked", "released", NULL },
  { "moved", NULL },
  { "corrected", NULL },
};

static CubeStore *
get_store (CubeDetailsView *self)
{
  return cube_context_get_store (self->context);
}

/* "dd.mm.yyyy hh:mm" in local time. */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt ? g_date_time_format (dt, "%d.%m.%Y %H:%M") : g_strdup (EMPTY_VALUE);
}

static gboolean
is_locked_by_me (CubeDetailsView *self)
{
  return self->customer != NULL
         && cube_customer_get_status (self->customer) == CUBE_STATUS_LOCKED
         && g_strcmp0 (cube_customer_get_locked_by (self->customer), self->login) == 0;
}

static gboolean
is_locked_by_other (CubeDetailsView *self)
{
  return self->customer != NULL
         && cube_customer_get_status (self->customer) == CUBE_STATUS_LOCKED
         && !is_locked_by_me (self);
}

/* The name of the user @login, else the login. */
static char *
user_display_name (CubeDetailsView *self,
                   const char      *login)
{
  g_autoptr(CubeUser) user = NULL;

  if (login == NULL)
    return g_strdup ("?");
  user = cube_store_find_user (get_store (self), login, NULL);
  if (user != NULL && cube_user_get_name (user) != NULL && cube_user_get_name (user)[0] != '\0')
    return g_strdup (cube_user_get_name (user));
  return g_strdup (login);
}

static CubeFieldDef *
find_field (CubeDetailsView *self,
            const char      *key)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    if (g_strcmp0 (cube_field_def_get_key (self->fields->pdata[i]), key) == 0)
      return self->fields->pdata[i];
  return NULL;
}

/* ---- what can be done -------------------------------------------------- */

/* The one place that decides what can be done now. */
static void
update_actions (CubeDetailsView *self)
{
  gboolean readable = self->customer != NULL && self->card != NULL;
  gboolean handles = (self->permissions & CUBE_PERMISSION_CUSTOMER_HANDLING) != 0;
  gboolean dirty = readable && cube_customer_card_get_dirty (self->card);
  gboolean valid = readable && cube_customer_card_get_valid (self->card);
  gboolean other = is_locked_by_other (self);
  gboolean closed = readable && cube_customer_get_status (self->customer) == CUBE_STATUS_CLOSED;

  gboolean extended = (self->permissions & CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING) != 0;
  gboolean corrects = (self->permissions & CUBE_PERMISSION_CORRECT_OUTCOMES) != 0;

  /* The core refuses these while another user holds the customer. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.save-changes",
                                 readable && handles && !other && dirty && valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.select",
                                 readable && handles && !other && !closed && (!dirty || valid));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.correct-outcome",
                                 readable && corrects && !other);
  cube_history_view_set_correct_action (self->history_view, readable && corrects ? "details.correct-outcome" : NULL);
  /* A move releases anyone's lock: extended customer handling may. */
  gtk_widget_set_visible (self->move_button, readable && extended);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.move",
                                 readable && extended && gtk_drop_down_get_selected_item (self->move_dropdown) != NULL);
}

/* @style is "field-error", "confirmation" or NULL for a plain notice. */
static void
show_card_message (CubeDetailsView *self,
                   const char      *message,
                   const char      *style)
{
  GtkWidget *label = GTK_WIDGET (self->card_message_label);

  gtk_label_set_text (self->card_message_label, message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  gtk_widget_remove_css_class (label, "confirmation");
  gtk_widget_remove_css_class (label, "field-error");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
}

static void
show_select_error (CubeDetailsView *self,
                   const char      *message)
{
  gtk_label_set_text (self->select_error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->select_error_label), message != NULL);
}

/* ---- showing the customer ---------------------------------------------- */

static void
update_title (CubeDetailsView *self)
{
  const char *name = self->customer ? cube_customer_get_name (self->customer) : NULL;
  const char *key = self->customer ? cube_customer_get_customer_key (self->customer) : NULL;
  g_autofree char *title = NULL;

  if (key == NULL)
    title = g_strdup (_("Customer details"));
  else if (name != NULL && name[0] != '\0')
    title = g_strdup_printf (_("Customer details – %s (%s)"), name, key);
  else
    title = g_strdup_printf (_("Customer details – %s"), key);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static gboolean expiry_cb (gpointer user_data);

/* Another user's lock ends by itself when its lease runs out, without a
 * commit to notice: look again then. */
static void
schedule_expiry_check (CubeDetailsView *self)
{
  gint64 remaining;

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (!is_locked_by_other (self))
    return;
  remaining = cube_customer_get_lock_expires (self->customer) - cube_store_now (get_store (self));
  self->expiry_id = g_timeout_add_seconds ((guint) CLAMP (remaining + 1, 1, G_MAXINT), expiry_cb, self);
}

static void
set_banner (CubeDetailsView *self,
            const char      *icon_name,
            const char      *css_class)
{
  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_remove_css_class (self->banner, "lock-banner");
  gtk_widget_remove_css_class (self->banner, "lock-lost");
  gtk_widget_add_css_class (self->banner, css_class);
}

/* The header: available, locked by whom, follow-up, or closed with the
 * outcome; the assignment; attempts, last outcome, last change. */
static void
update_state (CubeDetailsView *self)
{
  CubeCustomer *customer = self->customer;
  g_autofree char *state = NULL;
  g_autofree char *assignment = NULL;
  g_autofree char *attempts = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *when = NULL;
  const char *outcome;
  gint64 follow_up_at;

  update_title (self);
  schedule_expiry_check (self);
  if (customer == NULL)
    {
      gtk_label_set_text (self->state_label, _("The customer no longer exists"));
      set_banner (self, "dialog-warning-symbolic", "lock-lost");
      gtk_label_set_text (self->assignment_label, "");
      gtk_label_set_text (self->attempts_label, EMPTY_VALUE);
      gtk_label_set_text (self->last_outcome_label, EMPTY_VALUE);
      gtk_label_set_text (self->updated_label, EMPTY_VALUE);
      return;
    }

  outcome = cube_customer_get_last_outcome (customer);
  follow_up_at = cube_customer_get_follow_up_at (customer);
  switch (cube_customer_get_status (customer))
    {
    case CUBE_STATUS_LOCKED:
      if (is_locked_by_me (self))
        {
          state = g_strdup (_("Locked by you"));
          set_banner (self, "changes-prevent-symbolic", "lock-banner");
        }
      else
        {
          g_autofree char *holder = user_display_name (self, cube_customer_get_locked_by (customer));

          state = g_strdup_printf (_("Locked by %s"), holder);
          set_banner (self, "changes-prevent-symbolic", "lock-lost");
        }
      break;
    case CUBE_STATUS_CLOSED:
      if (outcome != NULL && outcome[0] != '\0')
        state = g_strdup_printf (_("Closed: %s"), outcome);
      else
        state = g_strdup (_("Closed"));
      set_banner (self, "object-select-symbolic", "lock-banner");
      follow_up_at = 0;
      break;
    case CUBE_STATUS_AVAILABLE:
    default:
      set_banner (self, follow_up_at > 0 ? "x-office-calendar-symbolic" : "changes-allow-symbolic",
                  "lock-banner");
      break;
    }

  if (follow_up_at > 0)
    {
      g_autofree char *date = format_time (follow_up_at);

      when = g_strdup_printf (_("Follow-up %s"), date);
    }
  if (state != NULL && when != NULL)
    {
      g_autofree char *both = g_strconcat (state, " · ", when, NULL);

      gtk_label_set_text (self->state_label, both);
    }
  else if (state != NULL || when != NULL)
    gtk_label_set_text (self->state_label, state ? state : when);
  else
    gtk_label_set_text (self->state_label, _("Available"));

  assignment = g_strdup_printf (_("Assignment: %s"), cube_customer_get_assignment_name (customer));
  gtk_label_set_text (self->assignment_label, assignment);

  attempts = g_strdup_printf ("%d", cube_customer_get_attempts (customer));
  gtk_label_set_text (self->attempts_label, attempts);
  if (cube_customer_get_updated_at (customer) > 0)
    {
      g_autofree char *at = format_time (cube_customer_get_updated_at (customer));
      const char *by = cube_customer_get_updated_by (customer);

      /* Translators: "<date time> by <login>". */
      updated = by && by[0] ? g_strdup_printf (_("%s by %s"), at, by) : g_steal_pointer (&at);
    }
  gtk_label_set_text (self->last_outcome_label, outcome && outcome[0] ? outcome : EMPTY_VALUE);
  gtk_label_set_text (self->updated_label, updated ? updated : EMPTY_VALUE);
}

static void
refresh_history (CubeDetailsView *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if (!(events = cube_store_list_events (get_store (self), self->customer_id, &error)))
    {
      g_debug ("Cannot read the history of customer %" G_GINT64_FORMAT ": %s",
               self->customer_id, error->message);
      g_clear_pointer (&self->events, g_ptr_array_unref);
      cube_history_view_set_events (self->history_view, NULL, self->fields);
      return;
    }
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events = g_ptr_array_ref (events);
  cube_history_view_set_events (self->history_view, events, self->fields);
}

/* The assignments of the customer's dataset it can move to. */
static void
load_move_targets (CubeDetailsView *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  CubeAssignment *chosen = gtk_drop_down_get_selected_item (self->move_dropdown);
  gint64 chosen_id = chosen ? cube_assignment_get_id (chosen) : 0;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_list_store_remove_all (self->move_targets);
  if (self->customer == NULL
      || (self->permissions & CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING) == 0)
    return;
  if (!(list = cube_store_list_assignments (get_store (self), FALSE, &error)))
    {
      g_debug ("Cannot read the assignments: %s", error->message);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      CubeAssignment *assignment = list->pdata[i];

      if (cube_assignment_get_dataset_id (assignment) != cube_customer_get_dataset_id (self->customer)
          || cube_assignment_get_id (assignment) == cube_customer_get_assignment_id (self->customer)
          || cube_assignment_get_archived (assignment))
        continue;
      if (cube_assignment_get_id (assignment) == chosen_id)
        selected = g_list_model_get_n_items (G_LIST_MODEL (self->move_targets));
      g_list_store_append (self->move_targets, assignment);
    }
  if (selected == GTK_INVALID_LIST_POSITION && g_list_model_get_n_items (G_LIST_MODEL (self->move_targets)) > 0)
    selected = 0;
  gtk_drop_down_set_selected (self->move_dropdown, selected);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal (a, b);
}

static gboolean
values_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (a == NULL || b == NULL)
    return (a == NULL || g_hash_table_size (a) == 0) && (b == NULL || g_hash_table_size (b) == 0);
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
      return FALSE;
  return TRUE;
}

/* Whether the card would show the same for @a and @b. */
static gboolean
same_card_values (CubeCustomer *a,
                  CubeCustomer *b)
{
  return cube_customer_get_dataset_id (a) == cube_customer_get_dataset_id (b)
         && g_strcmp0 (cube_customer_get_customer_key (a), cube_customer_get_customer_key (b)) == 0
         && g_strcmp0 (cube_customer_get_name (a), cube_customer_get_name (b)) == 0
         && g_strcmp0 (cube_customer_get_email (a), cube_customer_get_email (b)) == 0
         && strv_equal (cube_customer_get_phones (a), cube_customer_get_phones (b))
         && values_equal (cube_customer_get_fields (a), cube_customer_get_fields (b));
}

static void
fill_card (CubeDetailsView *self)
{
  g_set_object (&self->card_base, self->customer);
  cube_customer_card_set_customer (self->card, self->customer);
}

/* Reads the customer again and shows what changed; what the user typed in
 * the card stays. */
static void
refresh (CubeDetailsView *self)
{
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GError) error = NULL;
  CubeCustomerStatus old_status = self->customer ? cube_customer_get_status (self->customer) : CUBE_STATUS_AVAILABLE;

  user = cube_context_dup_user (self->context);
  self->permissions = user ? cube_user_get_permissions (user) : CUBE_PERMISSION_NONE;

  customer = cube_store_get_customer (get_store (self), self->customer_id, &error);
  if (customer == NULL && !g_error_matches (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND))
    {
      /* A busy database: keep what is shown until the next change. */
      g_debug ("Reading customer %" G_GINT64_FORMAT ": %s", self->customer_id, error->message);
      return;
    }
  if (customer == NULL || self->customer == NULL
      || cube_customer_get_status (customer) != old_status
      || g_strcmp0 (cube_customer_get_locked_by (customer), cube_customer_get_locked_by (self->customer)) != 0)
    show_select_error (self, NULL);
  g_set_object (&self->customer, customer);

  if (customer != NULL && self->card != NULL
      && (self->card_base == NULL || !same_card_values (self->card_base, customer)))
    {
      if (!cube_customer_card_get_dirty (self->card))
        fill_card (self);
      else
        show_card_message (self, _("Someone else changed this customer. Your unsaved changes are kept; "
                                   "the fields you did not change take the new values when you save."),
                           NULL);
    }
  update_state (self);
  refresh_history (self);
  load_move_targets (self);
  update_actions (self);
}

/* ---- saving the card --------------------------------------------------- */

/* @text in the form the core stores it, or NULL when it breaks a rule. */
static char *
stored_form (CubeDetailsView *self,
             const char      *key,
             const char      *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  CubeFieldDef *def;

  if (g_str_equal (key, "customer_key"))
    return cube_validate_customer_key (trimmed, NULL);
  if (g_str_equal (key, "name"))
    return g_steal_pointer (&trimmed);
  if (g_str_equal (key, "email"))
    return cube_validate_email (trimmed, key, key, NULL);
  if (g_str_has_prefix (key, "phone"))
    return trimmed[0] ? cube_normalize_phone (trimmed, key, key, NULL) : g_strdup ("");
  if ((def = find_field (self, key)) != NULL)
    return cube_validate_field_value (def, trimmed, NULL);
  return g_steal_pointer (&trimmed);
}

/* TRUE when @typed (as the card gives it) is what @base held. */
static gboolean
untouched (CubeDetailsView *self,
           const char      *key,
           const char      *typed,
           const char      *base)
{
  g_autofree char *stored = stored_form (self, key, typed);

  return stored != NULL && g_strcmp0 (stored, base ? base : "") == 0;
}

static void
take_current (CubeDetailsView *self,
              const char      *key,
              char           **typed,
              const char      *base,
              const char      *current)
{
  if (untouched (self, key, *typed, base))
    {
      g_free (*typed);
      *typed = g_strdup (current ? current : "");
    }
}

/* What the card holds, where each field the user did not change takes the
 * value stored now: saving never undoes someone else's change made since
 * the card was filled. */
static CubeCustomerDraft *
merged_draft (CubeDetailsView *self)
{
  CubeCustomerDraft *draft = cube_customer_card_get_draft (self->card);
  CubeCustomer *base = self->card_base;
  CubeCustomer *now = self->customer;
  const char * const *base_phones;
  const char * const *now_phones;
  g_autoptr(GPtrArray) typed_phones = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  gboolean phones_untouched = TRUE;
  guint n_base_phones;

  if (base == NULL || now == NULL || base == now
      || cube_customer_get_dataset_id (base) != cube_customer_get_dataset_id (now))
    return draft;

  take_current (self, "customer_key", &draft->customer_key,
                cube_customer_get_customer_key (base), cube_customer_get_customer_key (now));
  take_current (self, "name", &draft->name, cube_customer_get_name (base), cube_customer_get_name (now));
  take_current (self, "email", &draft->email, cube_customer_get_email (base), cube_customer_get_email (now));

  base_phones = cube_customer_get_phones (base);
  now_phones = cube_customer_get_phones (now);
  n_base_phones = base_phones ? g_strv_length ((char **) base_phones) : 0;
  for (guint i = 0; i < draft->phones->len; i++)
    {
      g_autofree char *phone = stored_form (self, "phone1", draft->phones->pdata[i]);

      if (phone == NULL)
        phones_untouched = FALSE;
      else if (phone[0] != '\0')
        g_ptr_array_add (typed_phones, g_steal_pointer (&phone));
    }
  phones_untouched = phones_untouched && typed_phones->len == n_base_phones;
  for (guint i = 0; phones_untouched && i < n_base_phones; i++)
    phones_untouched = g_strcmp0 (typed_phones->pdata[i], base_phones[i]) == 0;
  if (phones_untouched)
    {
      g_ptr_array_set_size (draft->phones, 0);
      for (guint i = 0; now_phones != NULL && now_phones[i] != NULL; i++)
        cube_customer_draft_add_phone (draft, now_phones[i]);
    }

  g_hash_table_iter_init (&iter, draft->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTable *base_values = cube_customer_get_fields (base);
      GHashTable *now_values = cube_customer_get_fields (now);
      const char *current = now_values ? g_hash_table_lookup (now_values, key) : NULL;

      if (untouched (self, key, value, base_values ? g_hash_table_lookup (base_values, key) : NULL))
        g_hash_table_iter_replace (&iter, g_strdup (current ? current : ""));
    }
  return draft;
}

/* Saves what was typed in the card; FALSE (and the error shown) on failure. */
static gboolean
save_card (CubeDetailsView *self)
{
  g_autoptr(CubeCustomerDraft) draft = merged_draft (self);
  g_autoptr(CubeCustomer) updated = NULL;
  g_autoptr(GError) error = NULL;

  updated = cube_store_update_customer (get_store (self), self->customer_id, draft, &error);
  if (updated == NULL)
    {
      if (cube_error_get_field (error) != NULL)
        cube_customer_card_show_error (self->card, error);
      show_card_message (self, error->message, "field-error");
      return FALSE;
    }
  g_set_object (&self->customer, updated);
  fill_card (self);
  return TRUE;
}

/* The active view already open on customer @id, or NULL. */
static GtkWindow *
find_active_view (gint64 id)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      g_autoptr(CubeCustomer) customer = NULL;

      if (!CUBE_IS_ACTIVE_VIEW (l->data))
        continue;
      g_object_get (l->data, "customer", &customer, NULL);
      if (customer != NULL && cube_customer_get_id (customer) == id)
        return l->data;
    }
  return NULL;
}

/* ---- callbacks --------------------------------------------------------- */

static gboolean
expiry_cb (gpointer user_data)
{
  CubeDetailsView *self = user_data;

  self->expiry_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
context_changed_cb (CubeDetailsView *self)
{
  g_autoptr(GPtrArray) fields = NULL;

  /* The CRM settings may have changed: the card rebuilds itself, the
   * checks and the history read the definitions again. */
  if (self->customer != NULL
      && (fields = cube_store_list_fields (get_store (self), cube_customer_get_dataset_id (self->customer),
                                           TRUE, NULL)) != NULL)
    {
      g_clear_pointer (&self->fields, g_ptr_array_unref);
      self->fields = g_steal_pointer (&fields);
    }
  refresh (self);
}

static void
kind_changed_cb (CubeDetailsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  cube_history_view_set_kinds (self->history_view,
                               selected > 0 && selected < G_N_ELEMENTS (kind_filters)
                               ? kind_filters[selected] : NULL);
}

static void
move_target_changed_cb (CubeDetailsView *self)
{
  gtk_label_set_text (self->move_error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), FALSE);
  update_actions (self);
}

static void
card_changed_cb (CubeDetailsView *self)
{
  if (cube_customer_card_get_dirty (self->card))
    show_card_message (self, NULL, NULL);
  update_actions (self);
}

/* ---- actions ----------------------------------------------------------- */

static void
save_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (widget);

  if (self->customer == NULL)
    return;
  if (save_card (self))
    {
      show_card_message (self, _("Changes saved"), "confirmation");
      /* Refreshes this view too, with the edited events. */
      cube_context_notify_changed (self->context);
    }
  update_actions (self);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *active;

  if (self->customer == NULL)
    return;
  show_select_error (self, NULL);
  /* What was typed is not lost by leaving the view. */
  if (cube_customer_card_get_dirty (self->card))
    {
      if (!save_card (self))
        return;
      cube_context_notify_changed (self->context);
    }

  g_object_ref (self);
  if (is_locked_by_me (self) && (active = find_active_view (self->customer_id)) != NULL)
    gtk_window_present (active);
  else if ((locked = cube_store_lock_customer (get_store (self), self->customer_id, &error)) != NULL)
    {
      cube_context_notify_changed (self->context);
      active = GTK_WINDOW (cube_active_view_new (self->context, locked));
      if (parent != NULL)
        gtk_window_set_transient_for (active, parent);
      gtk_window_present (active);
    }
  else
    {
      /* Someone took it meanwhile: show who, and why Select failed. */
      refresh (self);
      show_select_error (self, error->message);
      g_object_unref (self);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (widget);
  CubeAssignment *to = gtk_drop_down_get_selected_item (self->move_dropdown);
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->customer == NULL || to == NULL)
    return;
  /* The core checks the permission and the dataset. */
  moved = cube_store_move_customer (get_store (self), self->customer_id, cube_assignment_get_id (to), &error);
  if (moved == NULL)
    {
      gtk_label_set_text (self->move_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->move_error_label), TRUE);
      return;
    }
  message = g_strdup_printf (_("Moved to %s"), cube_customer_get_assignment_name (moved));
  gtk_popover_popdown (self->move_popover);
  g_set_object (&self->customer, moved);
  /* Refreshes this view too: the new assignment, available. */
  cube_context_notify_changed (self->context);
  show_card_message (self, message, "confirmation");
}

/* The outcome in effect for outcome event @event: its latest correction's. */
static const char *
outcome_in_effect (CubeDetailsView *self,
                   CubeEvent       *event)
{
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      CubeEvent *other = self->events->pdata[i];

      if (g_strcmp0 (cube_event_get_kind (other), "corrected") == 0
          && cube_event_get_corrects_id (other) == cube_event_get_id (event))
        return cube_event_get_new_value (other);
    }
  return cube_event_get_outcome (event);
}

static void
correct_outcome_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (widget);
  gint64 event_id = g_variant_get_int64 (parameter);
  CubeEvent *event = NULL;
  GtkWidget *dialog;

  if (self->customer == NULL)
    return;
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    if (cube_event_get_id (self->events->pdata[i]) == event_id)
      event = self->events->pdata[i];
  if (event == NULL || g_strcmp0 (cube_event_get_kind (event), "outcome") != 0)
    return;
  /* The history offers it for outcomes of the customer's assignment. */
  dialog = cube_correct_outcome_dialog_new (self->context, event_id,
                                            cube_customer_get_assignment_id (self->customer),
                                            outcome_in_effect (self, event));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_details_view_constructed (GObject *object)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (object);
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cube_details_view_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL);

  user = cube_context_dup_user (self->context);
  self->login = g_strdup (user ? cube_user_get_login (user) : NULL);

  self->card = CUBE_CUSTOMER_CARD (cube_customer_card_new (self->context));
  gtk_box_append (GTK_BOX (self->card_box), GTK_WIDGET (self->card));

  if ((customer = cube_store_get_customer (get_store (self), self->customer_id, &error)) != NULL)
    {
      self->fields = cube_store_list_fields (get_store (self), cube_customer_get_dataset_id (customer),
                                             TRUE, &error);
      if (self->fields == NULL)
        g_debug ("Cannot read the fields of the customer's dataset: %s", error->message);
    }
  else
    {
      g_debug ("Cannot read customer %" G_GINT64_FORMAT ": %s", self->customer_id, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->card), FALSE);
    }

  refresh (self);
  g_signal_connect_object (self->card, "notify::dirty", G_CALLBACK (card_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->card, "notify::valid", G_CALLBACK (card_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->move_dropdown, "notify::selected", G_CALLBACK (move_target_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cube_details_view_dispose (GObject *object)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (object);

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_DETAILS_VIEW);
  self->card = NULL;
  g_clear_object (&self->customer);
  g_clear_object (&self->card_base);
  g_clear_object (&self->context);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_object (&self->move_targets);

  G_OBJECT_CLASS (cube_details_view_parent_class)->dispose (object);
}

static void
cube_details_view_finalize (GObject *object)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (object);

  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cube_details_view_parent_class)->finalize (object);
}

static void
cube_details_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_details_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CubeDetailsView *self = CUBE_DETAILS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_details_view_class_init (CubeDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (CUBE_TYPE_HISTORY_VIEW);

  object_class->constructed = cube_details_view_constructed;
  object_class->dispose = cube_details_view_dispose;
  object_class->finalize = cube_details_view_finalize;
  object_class->get_property = cube_details_view_get_property;
  object_class->set_property = cube_details_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-details-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, banner);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, state_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, assignment_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, card_box);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, card_message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, last_outcome_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, select_error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, history_view);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, move_button);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, move_popover);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, move_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeDetailsView, move_error_label);

  gtk_widget_class_install_action (widget_class, "details.save-changes", NULL, save_changes_action);
  gtk_widget_class_install_action (widget_class, "details.select", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "details.move", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "details.correct-outcome", "x", correct_outcome_action);
}

static void
cube_details_view_init (CubeDetailsView *self)
{
  g_autoptr(GtkExpression) name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->move_targets = g_list_store_new (CUBE_TYPE_ASSIGNMENT);
  name = gtk_property_expression_new (CUBE_TYPE_ASSIGNMENT, NULL, "name");
  gtk_drop_down_set_expression (self->move_dropdown, name);
  gtk_drop_down_set_model (self->move_dropdown, G_LIST_MODEL (self->move_targets));
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_details_view_new (CubeContext *context,
                       gint64       customer_id)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_DETAILS_VIEW,
                       "context", context,
                       "customer-id", customer_id,
                       NULL);
}

gint64
cube_details_view_get_customer_id (CubeDetailsView *self)
{
  g_return_val_if_fail (CUBE_IS_DETAILS_VIEW (self), 0);
  return self->customer_id;
}
