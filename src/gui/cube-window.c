/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>
#include <glib/gi18n.h>

#include "cube-active-view.h"
#include "cube-application.h"
#include "cube-assignments-window.h"
#include "cube-crm-settings-window.h"
#include "cube-customer-list-model.h"
#include "cube-data-owners-window.h"
#include "cube-details-view.h"
#include "cube-gui-util.h"
#include "cube-import-window.h"
#include "cube-new-customer-dialog.h"
#include "cube-overview-window.h"
#include "cube-users-window.h"
#include "cube-window.h"

#define CONFIRMATION_SECONDS 5

struct _CubeWindow
{
  GtkApplicationWindow   parent_instance;

  GtkSearchEntry        *search_entry;
  GtkRevealer           *confirmation_revealer;
  GtkLabel              *confirmation_label;
  GtkStack              *content_stack;
  GtkColumnView         *column_view;
  GtkColumnViewColumn   *key_column;
  GtkColumnViewColumn   *name_column;
  GtkColumnViewColumn   *phone_column;
  GtkColumnViewColumn   *email_column;
  GtkColumnViewColumn   *assignment_column;
  GtkColumnViewColumn   *status_column;
  GtkColumnViewColumn   *changed_by_column;
  GtkLabel              *empty_label;
  GtkLabel              *empty_hint;
  GtkRevealer           *import_revealer;
  GtkLabel              *import_label;

  CubeContext           *context;
  char                  *database;
  char                  *login;       /* the signed-in user's */
  CubeCustomerListModel *model;
  guint                  confirmation_id;
  gboolean               can_import;  /* customer handling: win.import, drops */
};

G_DEFINE_FINAL_TYPE (CubeWindow, cube_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef char *(*CellTextFunc) (CubeWindow   *self,
                               CubeCustomer *customer);

/* A phone number in E.164 as people write it: Norwegian mobile numbers
 * (4xx, 9xx) as +47 912 34 567, other Norwegian numbers as +47 22 12 34 56. */
static char *
format_phone (const char *e164)
{
  if (e164 == NULL || e164[0] == '\0')
    return g_strdup ("");

  if (g_str_has_prefix (e164, "+47") && strlen (e164) == 11
      && strspn (e164 + 1, "0123456789") == 10)
    {
      const char *n = e164 + 3;

      if (n[0] == '4' || n[0] == '9')
        return g_strdup_printf ("+47 %.3s %.2s %.3s", n, n + 3, n + 5);
      return g_strdup_printf ("+47 %.2s %.2s %.2s %.2s", n, n + 2, n + 4, n + 6);
    }
  return g_strdup (e164);
}

static char *
key_text (CubeWindow   *self,
          CubeCustomer *customer)
{
  return g_strdup (cube_customer_get_customer_key (customer));
}

static char *
phone_text (CubeWindow   *self,
            CubeCustomer *customer)
{
  const char * const *phones = cube_customer_get_phones (customer);

  return format_phone (phones ? phones[0] : NULL);
}

static char *
email_text (CubeWindow   *self,
            CubeCustomer *customer)
{
  return g_strdup (cube_customer_get_email (customer));
}

static char *
assignment_text (CubeWindow   *self,
                 CubeCustomer *customer)
{
  return g_strdup (cube_customer_get_assignment_name (customer));
}

static char *
status_text (CubeWindow   *self,
             CubeCustomer *customer)
{
  const char *holder = cube_customer_get_locked_by (customer);

  switch (cube_customer_get_status (customer))
    {
    case CUBE_STATUS_AVAILABLE:
      return g_strdup (_("Available"));
    case CUBE_STATUS_LOCKED:
      /* The login is read once: asking the store here would be a query
       * for every cell scrolled into view. */
      if (self->login != NULL && g_strcmp0 (holder, self->login) == 0)
        return g_strdup (_("Locked by you"));
      /* Translators: %s is the login of the user holding the customer. */
      return g_strdup_printf (_("Locked by %s"), holder ? holder : "");
    case CUBE_STATUS_CLOSED:
      return g_strdup (_("Closed"));
    default:
      return g_strdup ("");
    }
}

static char *
changed_by_text (CubeWindow   *self,
                 CubeCustomer *customer)
{
  return g_strdup (cube_customer_get_updated_by (customer));
}

static void
present_transient (CubeWindow *self,
                   GtkWidget  *window)
{
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_active (CubeWindow   *self,
             CubeCustomer *customer)
{
  present_transient (self, cube_active_view_new (self->context, customer));
}

static void
update_empty_state (CubeWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  const char *query = cube_customer_list_model_get_query (self->model);

  if (g_list_model_get_n_items (model) > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "results");
      return;
    }
  if (query[0] == '\0' && cube_customer_list_model_get_import (self->model) > 0)
    {
      gtk_label_set_text (self->empty_label, _("No customers from this import"));
      gtk_label_set_text (self->empty_hint, _("The customers it added may have been moved or deleted since."));
    }
  else if (query[0] == '\0')
    {
      gtk_label_set_text (self->empty_label, _("No customers yet"));
      gtk_label_set_text (self->empty_hint, _("Add one with Customer → + New customer."));
    }
  else
    {
      gtk_label_set_text (self->empty_label, _("No customers found"));
      gtk_label_set_text (self->empty_hint,
                          _("Try another customer ID, name, phone number or e-mail address."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

/* The assignment "work next" takes: the one chosen last in the new-customer
 * dialog while it is open, else the first open assignment. */
static CubeAssignment *
work_assignment (CubeWindow  *self,
                 GError     **error)
{
  CubeStore *store = cube_context_get_store (self->context);
  g_autoptr(GSettings) settings = cube_settings_new ();
  g_autoptr(GPtrArray) assignments = NULL;
  gint64 last = settings ? g_settings_get_int64 (settings, "last-assignment") : 0;

  if (!(assignments = cube_store_list_assignments (store, FALSE, error)))
    return NULL;
  for (guint i = 0; i < assignments->len; i++)
    if (cube_assignment_get_id (g_ptr_array_index (assignments, i)) == last)
      return g_object_ref (g_ptr_array_index (assignments, i));
  if (assignments->len > 0)
    return g_object_ref (g_ptr_array_index (assignments, 0));
  g_set_error_literal (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND, _("There is no open assignment"));
  return NULL;
}

/* Navn: a button that opens the customer when it has a name, else text. */
static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *button_label = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (button_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (button_label), PANGO_ELLIPSIZE_END);
  gtk_button_set_child (GTK_BUTTON (button), button_label);
  gtk_button_set_has_frame (GTK_BUTTON (button), FALSE);
  gtk_widget_set_halign (button, GTK_ALIGN_START);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CubeCustomer *customer = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *button = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (button);
  const char *name = customer ? cube_customer_get_name (customer) : NULL;
  gboolean has_name = name != NULL && name[0] != '\0';

  gtk_widget_set_visible (button, has_name);
  gtk_widget_set_visible (label, !has_name);
  if (has_name)
    {
      gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), name);
      /* The target first: the action takes an id. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", cube_customer_get_id (customer));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-customer");
    }
  else
    gtk_label_set_text (GTK_LABEL (label), "");
}

/* The table's tooltips: the whole text of a cut-off cell, and what a name
 * button does. Asked for when the pointer rests, not set on every cell as
 * rows are bound: setting a tooltip makes GTK look up the pointer, a round
 * trip to the X server for each cell scrolled into view. */
static gboolean
table_query_tooltip_cb (GtkWidget  *view,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip,
                        CubeWindow *self)
{
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  GtkWidget *label = NULL;
  GtkWidget *button;
  const char *text;

  if (keyboard_mode || picked == NULL)
    return FALSE;
  for (GtkWidget *w = picked; w != NULL && w != view && label == NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_LABEL (w))
      label = w;
  if (label == NULL)
    return FALSE;
  text = gtk_label_get_text (GTK_LABEL (label));
  if (text == NULL || text[0] == '\0')
    return FALSE;

  button = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
  if (button != NULL && gtk_widget_is_ancestor (button, view))
    {
      g_autofree char *description = NULL;

      /* Translators: tooltip of a customer's name in the table. */
      description = g_strdup_printf (_("Show details of %s"), text);
      gtk_tooltip_set_text (tooltip, description);
      return TRUE;
    }
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_text_column (CubeWindow          *self,
                 GtkColumnViewColumn *column,
                 CellTextFunc         func)
{
  cube_gui_set_text_column (column, (CubeGuiCellTextFunc) func, self);
}

static gboolean
hide_confirmation_cb (gpointer user_data)
{
  CubeWindow *self = user_data;

  self->confirmation_id = 0;
  gtk_revealer_set_reveal_child (self->confirmation_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (CubeWindow *self)
{
  update_empty_state (self);
}

/* Every keystroke: the model cancels the search in flight and starts the
 * next one off the main loop. */
static void
search_changed_cb (CubeWindow *self)
{
  /* A search looks among every customer. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    cube_window_show_import (self, 0);
  cube_customer_list_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Enter in the search field opens the customer when exactly one matches
 * (asked directly: the table may still show the last search). */
static void
search_activate_cb (CubeWindow *self)
{
  CubeStore *store = cube_context_get_store (self->context);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(GPtrArray) found = NULL;

  if (text[0] == '\0')
    return;
  found = cube_store_search_customers (store, text, 0, 2, NULL);
  if (found != NULL && found->len == 1)
    cube_window_open_details (self, cube_customer_get_id (g_ptr_array_index (found, 0)));
}

static void
stop_search_cb (CubeWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
row_activate_cb (GtkColumnView *view,
                 guint          position,
                 CubeWindow    *self)
{
  g_autoptr(CubeCustomer) customer = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (customer != NULL)
    cube_window_open_details (self, cube_customer_get_id (customer));
}

static void
dialog_saved_cb (CubeNewCustomerDialog *dialog,
                 CubeCustomer          *customer,
                 int                    mode,
                 CubeWindow            *self)
{
  g_autofree char *message = NULL;

  /* Translators: %s is the Kundeid of the customer just saved. */
  message = g_strdup_printf (_("Customer %s was added"), cube_customer_get_customer_key (customer));
  cube_window_show_confirmation (self, message);
  /* The dialog has told the context, which reloads the table. */

  switch ((CubeSaveMode) mode)
    {
    case CUBE_SAVE_AND_LOCK:
      open_active (self, customer);
      break;
    case CUBE_SAVE_AND_DETAILS:
      cube_window_open_details (self, cube_customer_get_id (customer));
      break;
    case CUBE_SAVE_AND_ADD_ANOTHER:
    default:
      break;
    }
}

static void
dialog_open_customer_cb (CubeNewCustomerDialog *dialog,
                         gint64                 customer_id,
                         CubeWindow            *self)
{
  cube_window_open_details (self, customer_id);
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeWindow *self = CUBE_WINDOW (widget);
  GtkWidget *dialog = cube_new_customer_dialog_new (self->context);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  g_signal_connect_object (dialog, "open-customer", G_CALLBACK (dialog_open_customer_cb), self, 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  present_transient (self, dialog);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CubeWindow *self = CUBE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
work_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CubeWindow *self = CUBE_WINDOW (widget);
  CubeStore *store = cube_context_get_store (self->context);
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  if (!(assignment = work_assignment (self, &error)))
    {
      cube_window_show_confirmation (self, error->message);
      return;
    }
  customer = cube_store_lock_next (store, cube_assignment_get_id (assignment), &error);
  if (customer == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND))
        /* Translators: %s is the name of an assignment. */
        message = g_strdup_printf (_("No available customer in %s"), cube_assignment_get_name (assignment));
      else
        message = g_strdup (error->message);
      cube_window_show_confirmation (self, message);
      return;
    }
  cube_context_notify_changed (self->context);
  open_active (self, customer);
}

/* The supervisor's windows, each for the permissions the core asks of it. */
typedef void (*PresentFunc) (GtkWindow *parent, CubeContext *context);

static const struct {
  const char      *action;
  CubePermissions  any_of;
  PresentFunc      present;
} supervisor_windows[] = {
  { "win.crm-settings", CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_ASSIGNMENT_SETUP,
    cube_crm_settings_window_present },
  { "win.data-owners", CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_ASSIGNMENT_SETUP,
    cube_data_owners_window_present },
  { "win.assignments", CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_ASSIGNMENT_SETUP,
    cube_assignments_window_present },
  { "win.users", CUBE_PERMISSION_ADMINISTRATOR, cube_users_window_present },
  { "win.overview", CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_REPORTING,
    cube_overview_window_present },
};

/* The one place that decides which of the window's actions the signed-in
 * user may use now; run again when the database changes (permissions can be
 * changed by another supervisor meanwhile). */
static void
update_actions (CubeWindow *self)
{
  g_autoptr(CubeUser) user = cube_context_dup_user (self->context);
  CubePermissions permissions = user != NULL && !cube_user_get_archived (user)
                                ? cube_user_get_permissions (user) : CUBE_PERMISSION_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (supervisor_windows); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), supervisor_windows[i].action,
                                   (permissions & supervisor_windows[i].any_of) != 0);
  /* Importing adds customers, as the dialog does. */
  self->can_import = (permissions & CUBE_PERMISSION_CUSTOMER_HANDLING) != 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", self->can_import);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-all-customers",
                                 self->model != NULL && cube_customer_list_model_get_import (self->model) > 0);
}

static void
supervisor_window_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CubeWindow *self = CUBE_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (supervisor_windows); i++)
    if (g_str_equal (supervisor_windows[i].action, action_name))
      supervisor_windows[i].present (GTK_WINDOW (self), self->context);
}

static void
import_show_customers_cb (CubeImportWindow *window,
                          gint64            import_id,
                          CubeWindow       *self)
{
  cube_window_show_import (self, import_id);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    CubeWindow      *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file != NULL)
    cube_window_import_file (self, file);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_types[],
            const char     *suffixes[])
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* Kunde → Importer fra Excel…: choose the file, then the import window. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CubeWindow *self = CUBE_WINDOW (widget);
  static const char *xlsx_types[] = { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL };
  static const char *ods_types[] = { "application/vnd.oasis.opendocument.spreadsheet", NULL };
  static const char *csv_types[] = { "text/csv", NULL };
  static const char *all_types[] = { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                     "application/vnd.oasis.opendocument.spreadsheet", "text/csv", NULL };
  static const char *xlsx_suffixes[] = { "xlsx", NULL };
  static const char *ods_suffixes[] = { "ods", NULL };
  static const char *csv_suffixes[] = { "csv", NULL };
  static const char *all_suffixes[] = { "xlsx", "ods", "csv", NULL };
  GtkFileChooserNative *chooser;

  if (!self->can_import)
    return;
  chooser = gtk_file_chooser_native_new (_("Import from Excel"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The first filter is the one chosen. */
  add_filter (GTK_FILE_CHOOSER (chooser), _("Spreadsheets (.xlsx, .ods, .csv)"), all_types, all_suffixes);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Excel workbooks (.xlsx)"), xlsx_types, xlsx_suffixes);
  add_filter (GTK_FILE_CHOOSER (chooser), _("OpenDocument spreadsheets (.ods)"), ods_types, ods_suffixes);
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV files (.csv)"), csv_types, csv_suffixes);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A file dropped on the window is imported like one chosen in the menu. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CubeWindow    *self)
{
  GFile *file = NULL;

  if (!self->can_import)
    return FALSE;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      g_autoptr(GSList) files = gdk_file_list_get_files (g_value_get_boxed (value));

      file = files ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL)
    return FALSE;
  cube_window_import_file (self, file);
  return TRUE;
}

static void
show_all_customers_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  cube_window_show_import (CUBE_WINDOW (widget), 0);
}

static void
context_changed_cb (CubeWindow *self)
{
  update_actions (self);
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cube_window_open_details (CUBE_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
cube_window_constructed (GObject *object)
{
  CubeWindow *self = (CubeWindow *) object;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(CubeUser) user = NULL;

  G_OBJECT_CLASS (cube_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  user = cube_context_dup_user (self->context);
  self->login = g_strdup (user ? cube_user_get_login (user) : NULL);

  /* show-menubar is a construct property: its default overrides the
   * template, which init applied before it. */
  gtk_application_window_set_show_menubar (GTK_APPLICATION_WINDOW (self), TRUE);

  /* The model reloads itself on the context's ::changed, which fires for
   * our writes and, polled, for other processes' commits. */
  self->model = g_object_new (CUBE_TYPE_CUSTOMER_LIST_MODEL,
                              "context", self->context,
                              "database", self->database,
                              NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_empty_state (self);

  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
cube_window_dispose (GObject *object)
{
  CubeWindow *self = (CubeWindow *) object;

  g_clear_handle_id (&self->confirmation_id, g_source_remove);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_WINDOW);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_window_parent_class)->dispose (object);
}

static void
cube_window_finalize (GObject *object)
{
  CubeWindow *self = (CubeWindow *) object;

  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->login, g_free);

  G_OBJECT_CLASS (cube_window_parent_class)->finalize (object);
}

static void
cube_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CubeWindow *self = CUBE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CubeWindow *self = CUBE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_window_class_init (CubeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_window_constructed;
  object_class->dispose = cube_window_dispose;
  object_class->finalize = cube_window_finalize;
  object_class->get_property = cube_window_get_property;
  object_class->set_property = cube_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The database file, for the search's own connection (NULL: search on
   * the context's connection). */
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, confirmation_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, confirmation_label);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, key_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, phone_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, email_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, assignment_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, status_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, changed_by_column);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeWindow, import_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "win.new-customer", NULL, new_customer_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.work-next", NULL, work_next_action);
  gtk_widget_class_install_action (widget_class, "win.open-customer", "x", open_customer_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-all-customers", NULL, show_all_customers_action);
  for (guint i = 0; i < G_N_ELEMENTS (supervisor_windows); i++)
    gtk_widget_class_install_action (widget_class, supervisor_windows[i].action, NULL,
                                     supervisor_window_action);
}

static void
cube_window_init (CubeWindow *self)
{
  g_autoptr(GtkListItemFactory) name_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (name_factory, "setup", G_CALLBACK (name_setup_cb), self);
  g_signal_connect (name_factory, "bind", G_CALLBACK (name_bind_cb), self);
  gtk_column_view_column_set_factory (self->name_column, name_factory);
  set_text_column (self, self->key_column, key_text);
  set_text_column (self, self->phone_column, phone_text);
  set_text_column (self, self->email_column, email_text);
  set_text_column (self, self->assignment_column, assignment_text);
  set_text_column (self, self->status_column, status_text);
  set_text_column (self, self->changed_by_column, changed_by_text);

  g_signal_connect (self->column_view, "activate", G_CALLBACK (row_activate_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->column_view), TRUE);
  g_signal_connect (self->column_view, "query-tooltip", G_CALLBACK (table_query_tooltip_cb), self);

  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
    GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

    gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
}

GtkWidget *
cube_window_new (GtkApplication *application,
                 CubeContext    *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_autofree char *database = NULL;

  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  /* Cube's own application knows the file; searches get a connection of
   * their own to it and run off the main loop. */
  if (CUBE_IS_APPLICATION (application)
      && cube_application_get_context (CUBE_APPLICATION (application)) == context)
    g_object_get (application, "database-path", &database, NULL);
  return g_object_new (CUBE_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "database", database,
                       NULL);
}

void
cube_window_show_confirmation (CubeWindow *self,
                               const char *message)
{
  g_return_if_fail (CUBE_IS_WINDOW (self));

  g_clear_handle_id (&self->confirmation_id, g_source_remove);
  gtk_label_set_text (self->confirmation_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->confirmation_revealer, message != NULL && message[0] != '\0');
  if (message != NULL && message[0] != '\0')
    self->confirmation_id = g_timeout_add_seconds (CONFIRMATION_SECONDS, hide_confirmation_cb, self);
}

void
cube_window_open_details (CubeWindow *self,
                          gint64      customer_id)
{
  g_return_if_fail (CUBE_IS_WINDOW (self));
  g_return_if_fail (customer_id > 0);

  present_transient (self, cube_details_view_new (self->context, customer_id));
}

void
cube_window_import_file (CubeWindow *self,
                         GFile      *file)
{
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  window = cube_import_window_new (self->context, file);
  g_signal_connect_object (window, "show-customers", G_CALLBACK (import_show_customers_cb), self, 0);
  present_transient (self, window);
}

void
cube_window_show_import (CubeWindow *self,
                         gint64      import_id)
{
  g_autoptr(CubeImportRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CUBE_IS_WINDOW (self));

  if (import_id > 0)
    {
      CubeStore *store = cube_context_get_store (self->context);
      g_autofree char *text = NULL;
      g_autofree char *count = NULL;
      gint64 n;

      if (!(record = cube_store_get_import (store, import_id, &error))
          || (n = cube_store_count_import_customers (store, import_id, &error)) < 0)
        {
          cube_window_show_confirmation (self, error->message);
          return;
        }
      count = g_strdup_printf ("%" PRId64, n);
      /* The table lists the import's customers, not a search. */
      if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      /* Translators: "Customers from kunder.xlsx (imported into
       * Høstkampanje): 1234". */
      text = g_strdup_printf (_("Customers from %s (imported into %s): %s"), record->file_name,
                              record->assignment_name ? record->assignment_name : "", count);
      gtk_label_set_text (self->import_label, text);
    }
  cube_customer_list_model_set_import (self->model, import_id);
  gtk_widget_set_visible (GTK_WIDGET (self->import_revealer), import_id > 0);
  gtk_revealer_set_reveal_child (self->import_revealer, import_id > 0);
  update_empty_state (self);
  update_actions (self);
  if (import_id > 0)
    gtk_window_present (GTK_WINDOW (self));
}
