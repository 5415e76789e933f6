/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the GUI test suites and tests/cube-screenshots.c:
 * spinning the main loop, finding widgets and windows, and running Cube's
 * own application on a test database. Static inline like cube-test-util.h,
 * so a suite needs nothing more than the include. */

#include <gtk/gtk.h>

#include "cube-test-util.h"
#include "cube-application.h"
#include "cube-window.h"

G_BEGIN_DECLS

typedef gboolean (*CubeTestCondition) (gpointer data);

/* Runs the main loop for up to @ms, or until @done (may be NULL) says so;
 * returns whether it did. */
static inline gboolean
cube_test_spin_until (CubeTestCondition done,
                      gpointer          data,
                      guint             ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (done != NULL && done (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      if (!g_main_context_pending (NULL))
        g_usleep (2000);
    }
  return done != NULL && done (data);
}

/* Runs the main loop for @ms. */
static inline void
cube_test_spin (guint ms)
{
  cube_test_spin_until (NULL, NULL, ms);
}

/* Runs what is pending now, at most @max_iterations sources. */
static inline void
cube_test_spin_pending (guint max_iterations)
{
  for (guint i = 0; i < max_iterations && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget of @type below @widget (depth first), or NULL. */
static inline GtkWidget *
cube_test_find_descendant (GtkWidget *widget,
                           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = cube_test_find_descendant (child, type)))
        return found;
    }
  return NULL;
}

/* The widget named @name (GtkWidget:name; the .ui files name what tests
 * drive) below @widget, or NULL. */
static inline GtkWidget *
cube_test_find_named (GtkWidget  *widget,
                      const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = cube_test_find_named (child, name)))
        return found;
    }
  return NULL;
}

/* As cube_test_find_named(), but the widget must be there. */
static inline GtkWidget *
cube_test_get_named (GtkWidget  *widget,
                     const char *name)
{
  GtkWidget *found = cube_test_find_named (widget, name);

  if (found == NULL)
    g_error ("No widget named %s", name);
  return found;
}

/* The GtkLabel below @widget showing @text (starting with it when @prefix);
 * when @shown, only a label that is itself visible. NULL if none. */
static inline GtkLabel *
cube_test_find_label_full (GtkWidget  *widget,
                           const char *text,
                           gboolean    prefix,
                           gboolean    shown)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && (!shown || gtk_widget_get_visible (child))
          && (prefix ? g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), text)
                     : g_str_equal (gtk_label_get_text (GTK_LABEL (child)), text)))
        return GTK_LABEL (child);
      if ((found = cube_test_find_label_full (child, text, prefix, shown)))
        return found;
    }
  return NULL;
}

/* The GtkLabel showing @text, anywhere below @widget, or NULL. */
static inline GtkLabel *
cube_test_find_label (GtkWidget  *widget,
                      const char *text)
{
  return cube_test_find_label_full (widget, text, FALSE, FALSE);
}

/* The visible GtkLabel showing @text, anywhere below @widget, or NULL. */
static inline GtkLabel *
cube_test_find_shown_label (GtkWidget  *widget,
                            const char *text)
{
  return cube_test_find_label_full (widget, text, FALSE, TRUE);
}

/* The widget below @widget that points at @action (a button, a check
 * button, a menu item), or NULL. */
static inline GtkWidget *
cube_test_find_actionable (GtkWidget  *widget,
                           const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = cube_test_find_actionable (child, action)))
        return found;
    }
  return NULL;
}

/* The GtkButton below @widget that points at @action, or NULL. */
static inline GtkWidget *
cube_test_find_action_button (GtkWidget  *widget,
                              const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = cube_test_find_action_button (child, action)))
        return found;
    }
  return NULL;
}

/* Whether @action can be used now, read where the user sees it: the
 * sensitivity of the widget below @widget that points at it. */
static inline gboolean
cube_test_action_enabled (GtkWidget  *widget,
                          const char *action)
{
  GtkWidget *button = cube_test_find_actionable (widget, action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* The first visible toplevel of @type, in the order they were made, or NULL. */
static inline GtkWindow *
cube_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* A CubeTestCondition: whether a toplevel of @type (a GType in a pointer)
 * is shown. */
static inline gboolean
cube_test_toplevel_shown (gpointer type)
{
  return cube_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

/* Whether @window is still open (not destroyed). */
static inline gboolean
cube_test_is_toplevel (GtkWidget *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_find (toplevels, window) != NULL;
}

/* Destroys every window still open. */
static inline void
cube_test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

/* ---- a database of its own ----------------------------------------------- */

/* A new database in a new temporary directory, opened as the current user
 * (its first user: every permission). */
static inline CubeStore *
cube_test_new_database (char **dir,
                        char **path)
{
  *dir = cube_test_make_tmpdir ();
  *path = g_build_filename (*dir, "cube.db", NULL);
  return cube_test_open_store (*path, g_get_user_name ());
}

/* Removes what cube_test_new_database() made and frees @dir and @path
 * (close the stores on it first). */
static inline void
cube_test_remove_database (char *dir,
                           char *path)
{
  cube_test_remove_tree (dir);
  g_free (dir);
  g_free (path);
}

/* ---- the main window's customer table ----------------------------------- */

/* The Kundeids in the customer table of @window, in order, joined by spaces. */
static inline char *
cube_test_table_keys (GtkWidget *window)
{
  GtkWidget *view = cube_test_find_descendant (window, GTK_TYPE_COLUMN_VIEW);
  GListModel *model;
  g_autoptr(GString) keys = g_string_new (NULL);

  g_assert_nonnull (view);
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeCustomer) customer = g_list_model_get_item (model, i);

      g_assert_nonnull (customer);
      if (keys->len > 0)
        g_string_append_c (keys, ' ');
      g_string_append (keys, cube_customer_get_customer_key (customer));
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

typedef struct {
  GtkWidget  *window;
  const char *keys;
} CubeTestKeysWanted;

static inline gboolean
cube_test_table_shows (gpointer data)
{
  CubeTestKeysWanted *wanted = data;
  g_autofree char *keys = cube_test_table_keys (wanted->window);

  return g_strcmp0 (keys, wanted->keys) == 0;
}

/* Waits up to @within_ms for the table of @window to list @keys. */
static inline void
cube_test_assert_table_shows (GtkWidget  *window,
                              const char *keys,
                              guint       within_ms)
{
  CubeTestKeysWanted wanted = { window, keys };

  if (!cube_test_spin_until (cube_test_table_shows, &wanted, within_ms))
    {
      g_autofree char *shown = cube_test_table_keys (window);
      g_assert_cmpstr (shown, ==, keys);
    }
}

/* ---- Cube's own application --------------------------------------------- */

/* Starts Cube's application on the database at @path, as it would open it
 * for the user, and presents its main window (a reference the caller owns). */
static inline GtkWidget *
cube_test_open_main_window (const char       *path,
                            CubeApplication **app)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  g_setenv ("CUBE_DATABASE", path, TRUE);
  *app = cube_application_new ();
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cube_application_get_context (*app));

  window = cube_window_new (GTK_APPLICATION (*app), cube_application_get_context (*app));
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static inline gboolean
cube_test_quit_idle_cb (gpointer data)
{
  g_application_quit (data);
  return G_SOURCE_REMOVE;
}

/* Undoes cube_test_open_main_window(), taking both references. Unless the
 * test ran it already (@ran), the application's main loop is run to its
 * end (activating it presents the main window): shutdown takes it off the
 * bus, so the next test can register its own. */
static inline void
cube_test_close_main_window (CubeApplication *app,
                             GtkWidget       *window,
                             gboolean         ran)
{
  if (!ran)
    {
      g_idle_add (cube_test_quit_idle_cb, app);
      g_application_run (G_APPLICATION (app), 0, NULL);
    }
  /* Every window the test opened. */
  cube_test_destroy_toplevels ();
  cube_test_spin (100);
  g_assert_finalize_object (window);
  g_assert_finalize_object (app);
  g_unsetenv ("CUBE_DATABASE");
}

G_END_DECLS
