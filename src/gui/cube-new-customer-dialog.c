/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-application.h"
#include "cube-customer-card.h"
#include "cube-gui-util.h"
#include "cube-new-customer-dialog.h"

struct _CubeNewCustomerDialog
{
  GtkWindow         parent_instance;

  GtkDropDown      *assignment_dropdown;
  GtkWidget        *card_box;
  GtkRevealer      *message_revealer;
  GtkLabel         *message_label;
  GtkWidget        *open_existing_button;
  GtkWidget        *save_button;

  CubeContext      *context;
  CubeCustomerCard *card;
  GListStore       *assignments;
  GSettings        *settings;
  gint64            existing_customer_id;
  gboolean          confirmed_close;
};

G_DEFINE_FINAL_TYPE (CubeNewCustomerDialog, cube_new_customer_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  SAVED,
  OPEN_CUSTOMER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static CubeAssignment *
selected_assignment (CubeNewCustomerDialog *self)
{
  return gtk_drop_down_get_selected_item (self->assignment_dropdown);
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeNewCustomerDialog *self)
{
  gboolean can_save = selected_assignment (self) != NULL && cube_customer_card_get_valid (self->card);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save-and-lock", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save-and-details", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.save-and-add-another", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.open-existing", self->existing_customer_id > 0);
}

static void
show_message (CubeNewCustomerDialog *self,
              const char            *message,
              gint64                 existing_customer_id)
{
  self->existing_customer_id = existing_customer_id;
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (self->open_existing_button, existing_customer_id > 0);
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
  update_actions (self);
}

/* Typing the next customer hides the confirmation of the last one. */
static void
card_dirty_cb (CubeNewCustomerDialog *self)
{
  if (cube_customer_card_get_dirty (self->card) && self->existing_customer_id == 0)
    show_message (self, NULL, 0);
}

static void
load_assignments (CubeNewCustomerDialog *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = self->settings ? g_settings_get_int64 (self->settings, "last-assignment") : 0;

  list = cube_store_list_assignments (cube_context_get_store (self->context), FALSE, &error);
  if (list == NULL)
    {
      show_message (self, error->message, 0);
      return;
    }
  gtk_drop_down_set_selected (self->assignment_dropdown, cube_gui_fill_assignments (self->assignments, list, last));
}

static void
assignment_changed_cb (CubeNewCustomerDialog *self)
{
  CubeAssignment *assignment = selected_assignment (self);

  cube_customer_card_set_dataset (self->card, assignment ? cube_assignment_get_dataset_id (assignment) : 0);
  update_actions (self);
}

static void
save (CubeNewCustomerDialog *self,
      CubeSaveMode           mode)
{
  CubeStore *store = cube_context_get_store (self->context);
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(CubeCustomerDraft) draft = cube_customer_card_get_draft (self->card);
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  if (assignment == NULL)
    return;
  draft->assignment_id = cube_assignment_get_id (assignment);
  if (mode == CUBE_SAVE_AND_LOCK)
    customer = cube_store_add_customer_locked (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  else
    customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);

  if (customer == NULL)
    {
      gint64 existing = cube_error_get_existing_customer_id (error);

      if (g_error_matches (error, CUBE_ERROR, CUBE_ERROR_CONFLICT)
          && g_strcmp0 (cube_error_get_field (error), "customer_key") == 0)
        show_message (self, _("Customer ID already exists"), existing);
      else
        {
          cube_customer_card_show_error (self->card, error);
          show_message (self, error->message, existing);
        }
      return;
    }

  if (self->settings)
    g_settings_set_int64 (self->settings, "last-assignment", cube_assignment_get_id (assignment));
  cube_context_notify_changed (self->context);
  g_signal_emit (self, signals[SAVED], 0, customer, mode);

  if (mode == CUBE_SAVE_AND_ADD_ANOTHER)
    {
      g_autofree char *message = g_strdup_printf (_("Customer %s was added"),
                                                  cube_customer_get_customer_key (customer));
      cube_customer_card_clear (self->card);
      show_message (self, message, 0);
      return;
    }
  self->confirmed_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CubeNewCustomerDialog *self = CUBE_NEW_CUSTOMER_DIALOG (widget);

  if (g_str_equal (action_name, "customer.save-and-lock"))
    save (self, CUBE_SAVE_AND_LOCK);
  else if (g_str_equal (action_name, "customer.save-and-details"))
    save (self, CUBE_SAVE_AND_DETAILS);
  else
    save (self, CUBE_SAVE_AND_ADD_ANOTHER);
}

static void
open_existing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CubeNewCustomerDialog *self = CUBE_NEW_CUSTOMER_DIALOG (widget);

  if (self->existing_customer_id > 0)
    g_signal_emit (self, signals[OPEN_CUSTOMER], 0, self->existing_customer_id);
}

static void
discard_response_cb (GtkDialog             *question,
                     int                    response,
                     CubeNewCustomerDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (question));
  if (response == GTK_RESPONSE_REJECT)
    {
      self->confirmed_close = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* Asks before throwing away what was typed. */
static gboolean
cube_new_customer_dialog_close_request (GtkWindow *window)
{
  CubeNewCustomerDialog *self = CUBE_NEW_CUSTOMER_DIALOG (window);
  GtkWidget *question;

  if (self->confirmed_close || !cube_customer_card_get_dirty (self->card))
    return GTK_WINDOW_CLASS (cube_new_customer_dialog_parent_class)->close_request (window);

  question = gtk_message_dialog_new (window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     "%s", _("Discard the new customer?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (question), "%s",
                                            _("What you typed has not been saved."));
  gtk_dialog_add_buttons (GTK_DIALOG (question),
                          _("_Keep editing"), GTK_RESPONSE_CANCEL,
                          _("_Discard"), GTK_RESPONSE_REJECT,
                          NULL);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (question), GTK_RESPONSE_REJECT),
                            "destructive-action");
  gtk_dialog_set_default_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (question, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
cube_new_customer_dialog_constructed (GObject *object)
{
  CubeNewCustomerDialog *self = (CubeNewCustomerDialog *) object;

  G_OBJECT_CLASS (cube_new_customer_dialog_parent_class)->constructed (object);

  self->card = CUBE_CUSTOMER_CARD (cube_customer_card_new (self->context));
  gtk_box_append (GTK_BOX (self->card_box), GTK_WIDGET (self->card));
  g_signal_connect_object (self->card, "notify::valid", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->card, "notify::dirty", G_CALLBACK (card_dirty_cb), self, G_CONNECT_SWAPPED);

  load_assignments (self);
  g_signal_connect_object (self->assignment_dropdown, "notify::selected",
                           G_CALLBACK (assignment_changed_cb), self, G_CONNECT_SWAPPED);
  assignment_changed_cb (self);
  cube_customer_card_focus_key (self->card);
}

static void
cube_new_customer_dialog_dispose (GObject *object)
{
  CubeNewCustomerDialog *self = (CubeNewCustomerDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_NEW_CUSTOMER_DIALOG);
  g_clear_object (&self->assignments);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_new_customer_dialog_parent_class)->dispose (object);
}

static void
cube_new_customer_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CubeNewCustomerDialog *self = CUBE_NEW_CUSTOMER_DIALOG (object);

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
cube_new_customer_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CubeNewCustomerDialog *self = CUBE_NEW_CUSTOMER_DIALOG (object);

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
cube_new_customer_dialog_class_init (CubeNewCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  g_type_ensure (CUBE_TYPE_CUSTOMER_CARD);

  object_class->constructed = cube_new_customer_dialog_constructed;
  object_class->dispose = cube_new_customer_dialog_dispose;
  object_class->get_property = cube_new_customer_dialog_get_property;
  object_class->set_property = cube_new_customer_dialog_set_property;
  window_class->close_request = cube_new_customer_dialog_close_request;

  /* Emitted after a save, with the new customer and what the user chose. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, CUBE_TYPE_CUSTOMER, G_TYPE_INT);
  /* Emitted when the user wants to see the customer that has the Kundeid. */
  signals[OPEN_CUSTOMER] = g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-new-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, assignment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, card_box);
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, open_existing_button);
  gtk_widget_class_bind_template_child (widget_class, CubeNewCustomerDialog, save_button);

  gtk_widget_class_install_action (widget_class, "customer.save-and-lock", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "customer.save-and-details", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "customer.save-and-add-another", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "customer.open-existing", NULL, open_existing_action);
  gtk_widget_class_install_action (widget_class, "customer.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "customer.cancel", NULL);
}

static void
cube_new_customer_dialog_init (CubeNewCustomerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = cube_settings_new ();
  self->assignments = cube_gui_assignment_dropdown_new_model (self->assignment_dropdown);
}

GtkWidget *
cube_new_customer_dialog_new (CubeContext *context)
{
  return g_object_new (CUBE_TYPE_NEW_CUSTOMER_DIALOG, "context", context, NULL);
}
