/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-application.h"
#include "cube-window.h"

struct _CubeApplication
{
  GtkApplication  parent_instance;

  char           *database;
  char           *user;      /* --user: act as another login */
  char           *path;       /* the database opened */
  CubeContext    *context;
};

G_DEFINE_FINAL_TYPE (CubeApplication, cube_application, GTK_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SCHEMA_ID "io.github.cubecrm.Cube"

GSettings *
cube_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)))
    return NULL;
  return g_settings_new (SCHEMA_ID);
}

/* --database, then CUBE_DATABASE, then the GSettings key, then the default. */
static char *
database_path (CubeApplication *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *configured = NULL;

  if (self->database == NULL && g_getenv ("CUBE_DATABASE") == NULL
      && (settings = cube_settings_new ()) != NULL)
    configured = g_settings_get_string (settings, "database");
  return cube_store_resolve_path (self->database ? self->database : configured);
}

static void
show_startup_error (CubeApplication *self,
                    const GError    *error)
{
  GtkWidget *dialog;

  g_printerr ("cube: %s\n", error->message);
  dialog = gtk_message_dialog_new (NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   "%s", _("Cube cannot open its database"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *authors[] = { "Cube for Linux developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", "Cube",
                         "logo-icon-name", "io.github.cubecrm.Cube",
                         "version", PACKAGE_VERSION,
                         "comments", _("Work-queue CRM for call centres"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_cb },
  { "about", about_cb },
};

static int
cube_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  CubeApplication *self = CUBE_APPLICATION (app);

  g_variant_dict_lookup (options, "database", "s", &self->database);
  g_variant_dict_lookup (options, "user", "s", &self->user);
  return -1;
}

static void
cube_application_startup (GApplication *app)
{
  CubeApplication *self = CUBE_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };

  G_APPLICATION_CLASS (cube_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/io/github/cubecrm/Cube/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name ("io.github.cubecrm.Cube");

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-customer", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);

  path = database_path (self);
  if (!(store = cube_store_open_sqlite (path, &error))
      || !cube_store_set_user (store, self->user ? self->user : g_get_user_name (), &error))
    {
      show_startup_error (self, error);
      return;
    }
  self->path = g_steal_pointer (&path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
  self->context = cube_context_new (store);
  /* Other processes' customers show up within two seconds. */
  cube_context_set_poll_interval (self->context, 1000);
}

static void
cube_application_activate (GApplication *app)
{
  CubeApplication *self = CUBE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->context == NULL)
    return;
  if (window == NULL)
    window = GTK_WINDOW (cube_window_new (GTK_APPLICATION (app), self->context));
  gtk_window_present (window);
}

static void
cube_application_finalize (GObject *object)
{
  CubeApplication *self = (CubeApplication *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cube_application_parent_class)->finalize (object);
}

static void
cube_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CubeApplication *self = CUBE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_application_class_init (CubeApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cube_application_finalize;
  object_class->get_property = cube_application_get_property;
  app_class->handle_local_options = cube_application_handle_local_options;
  app_class->startup = cube_application_startup;
  app_class->activate = cube_application_activate;

  /* The file the context's store has open (windows open a second
   * connection to it for searches); NULL before startup. */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_application_init (CubeApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_STRING, NULL, N_("The database file to open"), N_("FILE") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, N_("Act as the user LOGIN (default: your login); unknown logins become agents"), N_("LOGIN") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

CubeApplication *
cube_application_new (void)
{
  /* Agents may run one Cube each on a shared machine. */
  return g_object_new (CUBE_TYPE_APPLICATION,
                       "application-id", "io.github.cubecrm.Cube",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/cubecrm/Cube",
                       NULL);
}

CubeContext *
cube_application_get_context (CubeApplication *self)
{
  g_return_val_if_fail (CUBE_IS_APPLICATION (self), NULL);
  return self->context;
}
