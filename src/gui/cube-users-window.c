/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-gui-util.h"
#include "cube-users-window.h"

struct _CubeUsersWindow
{
  GtkWindow            parent_instance;

  GtkColumnView       *column_view;
  GtkColumnViewColumn *login_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *administrator_column;
  GtkColumnViewColumn *assignment_setup_column;
  GtkColumnViewColumn *reporting_column;
  GtkColumnViewColumn *customer_handling_column;
  GtkColumnViewColumn *extended_customer_handling_column;
  GtkColumnViewColumn *correct_outcomes_column;
  GtkColumnViewColumn *state_column;
  GtkCheckButton      *show_archived_check;
  GtkLabel            *message_label;
  GtkEditable         *name_entry;
  GtkEditable         *login_entry;
  GtkEditable         *new_name_entry;

  CubeContext         *context;
  GListStore          *users;
  GtkSingleSelection  *selection;
};

G_DEFINE_FINAL_TYPE (CubeUsersWindow, cube_users_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void permission_toggled_cb (GtkCheckButton  *check,
                                   CubeUsersWindow *self);

/* The widget names of the permission checkboxes, for the table's cells. */
static const struct {
  CubePermissions  permission;
  const char      *name;
} permission_names[] = {
  { CUBE_PERMISSION_ADMINISTRATOR, "administrator" },
  { CUBE_PERMISSION_ASSIGNMENT_SETUP, "assignment-setup" },
  { CUBE_PERMISSION_REPORTING, "reporting" },
  { CUBE_PERMISSION_CUSTOMER_HANDLING, "customer-handling" },
  { CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING, "extended-customer-handling" },
  { CUBE_PERMISSION_CORRECT_OUTCOMES, "correct-outcomes" },
};

static CubeStore *
get_store (CubeUsersWindow *self)
{
  return cube_context_get_store (self->context);
}

static CubeUser *
selected_user (CubeUsersWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

/* ---- what can be done -------------------------------------------------- */

/* The one place that decides what can be done now. */
static void
update_actions (CubeUsersWindow *self)
{
  CubeUser *user = selected_user (self);
  const char *name = user && cube_user_get_name (user) ? cube_user_get_name (user) : "";
  const char *login = gtk_editable_get_text (self->login_entry);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (self->name_entry)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.save-name",
                                 user != NULL && g_strcmp0 (typed, name) != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.archive",
                                 user != NULL && !cube_user_get_archived (user));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.restore",
                                 user != NULL && cube_user_get_archived (user));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.add", login[0] != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_entry), user != NULL);
}

/* ---- the list ---------------------------------------------------------- */

static void
fill_name (CubeUsersWindow *self)
{
  CubeUser *user = selected_user (self);

  gtk_editable_set_text (self->name_entry, user && cube_user_get_name (user) ? cube_user_get_name (user) : "");
}

/* Reads the users again, keeping the selection; @select_id (0: the
 * selected one) is selected afterwards. */
static void
reload (CubeUsersWindow *self,
        gint64           select_id)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CubeUser *selected = selected_user (self);
  gboolean archived_too = gtk_check_button_get_active (self->show_archived_check);
  guint position;

  if (select_id == 0 && selected != NULL)
    select_id = cube_user_get_id (selected);
  if (!(users = cube_store_list_users (get_store (self), &error)))
    {
      cube_gui_set_message (self->message_label, error->message, "field-error");
      return;
    }
  for (guint i = 0; i < users->len; i++)
    if (archived_too || !cube_user_get_archived (users->pdata[i]))
      g_ptr_array_add (shown, users->pdata[i]);
  g_list_store_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                       shown->pdata, shown->len);
  position = cube_gui_find_id (G_LIST_MODEL (self->users), (CubeGuiIdFunc) cube_user_get_id, select_id);
  gtk_single_selection_set_selected (self->selection, position);
  fill_name (self);
  update_actions (self);
}

/* ---- cells ------------------------------------------------------------- */

static char *
login_text (CubeUsersWindow *self,
            CubeUser        *user)
{
  return g_strdup (cube_user_get_login (user));
}

static char *
name_text (CubeUsersWindow *self,
           CubeUser        *user)
{
  return g_strdup (cube_user_get_name (user) ? cube_user_get_name (user) : "");
}

static char *
state_text (CubeUsersWindow *self,
            CubeUser        *user)
{
  return g_strdup (cube_user_get_archived (user) ? _("Archived") : _("Active"));
}

static void
check_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CubeUsersWindow          *self)
{
  GtkWidget *check = gtk_check_button_new ();
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "cube-permission-index"));

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_name (check, permission_names[index].name);
  g_object_set_data (G_OBJECT (check), "cube-list-item", item);
  g_object_set_data (G_OBJECT (check), "cube-permission",
                     GUINT_TO_POINTER (permission_names[index].permission));
  g_signal_connect_object (check, "toggled", G_CALLBACK (permission_toggled_cb), self, 0);
  gtk_list_item_set_child (item, check);
}

static void
set_check_quietly (CubeUsersWindow *self,
                   GtkCheckButton  *check,
                   gboolean         active)
{
  g_signal_handlers_block_by_func (check, permission_toggled_cb, self);
  gtk_check_button_set_active (check, active);
  g_signal_handlers_unblock_by_func (check, permission_toggled_cb, self);
}

static void
check_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CubeUsersWindow          *self)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_list_item_get_child (item));
  GtkColumnViewColumn *column = g_object_get_data (G_OBJECT (factory), "cube-column");
  CubePermissions permission = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "cube-permission"));
  CubeUser *user = gtk_list_item_get_item (item);
  g_autofree char *label = NULL;

  if (user == NULL)
    return;
  set_check_quietly (self, check, (cube_user_get_permissions (user) & permission) != 0);
  /* Translators: accessible name of a checkbox: "<permission> for <login>". */
  label = g_strdup_printf (_("%s for %s"), gtk_column_view_column_get_title (column),
                           cube_user_get_login (user));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
set_check_column (CubeUsersWindow     *self,
                  GtkColumnViewColumn *column,
                  guint                index)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cube-permission-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (factory), "cube-column", column);
  g_signal_connect (factory, "setup", G_CALLBACK (check_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (check_bind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* ---- callbacks --------------------------------------------------------- */

/* A ticked or unticked permission is saved at once; a refusal by the core
 * (the last administrator) is shown and the checkbox put back. */
static void
permission_toggled_cb (GtkCheckButton  *check,
                       CubeUsersWindow *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "cube-list-item");
  CubePermissions permission = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "cube-permission"));
  CubeUser *user = gtk_list_item_get_item (item);
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(GError) error = NULL;
  CubePermissions permissions;
  gboolean active = gtk_check_button_get_active (check);

  if (user == NULL)
    return;
  permissions = cube_user_get_permissions (user);
  permissions = active ? (permissions | permission) : (permissions & ~permission);
  changed = cube_store_update_user (get_store (self), cube_user_get_id (user),
                                    cube_user_get_name (user) ? cube_user_get_name (user) : "",
                                    permissions, &error);
  if (changed == NULL)
    {
      set_check_quietly (self, check, !active);
      cube_gui_set_message (self->message_label, error->message, "field-error");
      return;
    }
  cube_gui_set_message (self->message_label, NULL, NULL);
  cube_context_notify_changed (self->context);
}

static void
context_changed_cb (CubeUsersWindow *self)
{
  reload (self, 0);
}

static void
selection_changed_cb (CubeUsersWindow *self)
{
  fill_name (self);
  update_actions (self);
}

static void
show_archived_cb (CubeUsersWindow *self)
{
  reload (self, 0);
}

/* ---- actions ----------------------------------------------------------- */

static void
save_name_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (widget);
  CubeUser *user = selected_user (self);
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(GError) error = NULL;

  if (user == NULL)
    return;
  changed = cube_store_update_user (get_store (self), cube_user_get_id (user),
                                    gtk_editable_get_text (self->name_entry),
                                    cube_user_get_permissions (user), &error);
  if (changed == NULL)
    {
      cube_gui_set_message (self->message_label, error->message, "field-error");
      return;
    }
  cube_gui_set_message (self->message_label, _("Name saved"), "confirmation");
  cube_context_notify_changed (self->context);
}

static void
set_archived (CubeUsersWindow *self,
              gboolean         archived)
{
  CubeUser *user = selected_user (self);
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (user == NULL)
    return;
  changed = cube_store_set_user_archived (get_store (self), cube_user_get_id (user), archived, &error);
  if (changed == NULL)
    {
      cube_gui_set_message (self->message_label, error->message, "field-error");
      return;
    }
  if (archived)
    /* Translators: %s is a login. */
    message = g_strdup_printf (_("%s is archived and can no longer work in Cube"), cube_user_get_login (changed));
  else
    /* Translators: %s is a login. */
    message = g_strdup_printf (_("%s is restored"), cube_user_get_login (changed));
  cube_gui_set_message (self->message_label, message, "confirmation");
  cube_context_notify_changed (self->context);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_archived (CUBE_USERS_WINDOW (widget), TRUE);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_archived (CUBE_USERS_WINDOW (widget), FALSE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (widget);
  g_autofree char *login = g_strstrip (g_strdup (gtk_editable_get_text (self->login_entry)));
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  user = cube_store_add_user (get_store (self), login, gtk_editable_get_text (self->new_name_entry),
                              CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  if (user == NULL)
    {
      cube_gui_set_message (self->message_label, error->message, "field-error");
      gtk_widget_grab_focus (GTK_WIDGET (g_strcmp0 (cube_error_get_field (error), "name") == 0
                                         ? self->new_name_entry : self->login_entry));
      return;
    }
  gtk_editable_set_text (self->login_entry, "");
  gtk_editable_set_text (self->new_name_entry, "");
  /* Translators: %s is a login. */
  message = g_strdup_printf (_("%s is added"), cube_user_get_login (user));
  cube_gui_set_message (self->message_label, message, "confirmation");
  reload (self, cube_user_get_id (user));
  cube_context_notify_changed (self->context);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_users_window_constructed (GObject *object)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (object);

  G_OBJECT_CLASS (cube_users_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));

  reload (self, 0);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
cube_users_window_dispose (GObject *object)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_USERS_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->users);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_users_window_parent_class)->dispose (object);
}

static void
cube_users_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (object);

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
cube_users_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CubeUsersWindow *self = CUBE_USERS_WINDOW (object);

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
cube_users_window_class_init (CubeUsersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cube_users_window_constructed;
  object_class->dispose = cube_users_window_dispose;
  object_class->get_property = cube_users_window_get_property;
  object_class->set_property = cube_users_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-users-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, login_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, name_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, administrator_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, assignment_setup_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, reporting_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, customer_handling_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, extended_customer_handling_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, correct_outcomes_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, state_column);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, show_archived_check);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, login_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeUsersWindow, new_name_entry);

  gtk_widget_class_install_action (widget_class, "users.save-name", NULL, save_name_action);
  gtk_widget_class_install_action (widget_class, "users.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "users.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "users.add", NULL, add_action);
}

static void
cube_users_window_init (CubeUsersWindow *self)
{
  GtkColumnViewColumn *checks[G_N_ELEMENTS (permission_names)];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->users = g_list_store_new (CUBE_TYPE_USER);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->users)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  cube_gui_set_text_column (self->login_column, (CubeGuiCellTextFunc) login_text, self);
  cube_gui_set_text_column (self->name_column, (CubeGuiCellTextFunc) name_text, self);
  cube_gui_set_text_column (self->state_column, (CubeGuiCellTextFunc) state_text, self);
  checks[0] = self->administrator_column;
  checks[1] = self->assignment_setup_column;
  checks[2] = self->reporting_column;
  checks[3] = self->customer_handling_column;
  checks[4] = self->extended_customer_handling_column;
  checks[5] = self->correct_outcomes_column;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    set_check_column (self, checks[i], i);

  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->show_archived_check, "toggled", G_CALLBACK (show_archived_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->login_entry, "changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_users_window_new (CubeContext *context)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_USERS_WINDOW, "context", context, NULL);
}

void
cube_users_window_present (GtkWindow   *parent,
                           CubeContext *context)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_CONTEXT (context));

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CUBE_IS_USERS_WINDOW (l->data) && CUBE_USERS_WINDOW (l->data)->context == context)
      {
        gtk_window_present (l->data);
        return;
      }
  window = cube_users_window_new (context);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}
