/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders each screen of Cube on a demo database to PNG files, so that the
 * user interface can be looked at without a desktop:
 *   cube-screenshots OUTPUT-DIR
 * Run by build-aux/screenshot.sh under Xvfb. */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <gtk/gtk.h>

#include "cube-core.h"
#include "cube-active-view.h"
#include "cube-crm-settings-window.h"
#include "cube-correct-outcome-dialog.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-field-editor.h"
#include "cube-new-customer-dialog.h"
#include "cube-overview-window.h"
#include "cube-window.h"

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
save_png (GtkWidget  *window,
          const char *dir,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_printerr ("%s: nothing to render\n", name);
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("Cannot write %s\n", path);
  else
    g_print ("%s\n", path);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)))
        return found;
    }
  return NULL;
}

static void
type_into (CubeCustomerCard *card,
           const char       *key,
           const char       *text)
{
  GtkWidget *input = cube_customer_card_get_input (card, key);

  if (input && GTK_IS_EDITABLE (input))
    gtk_editable_set_text (GTK_EDITABLE (input), text);
}

/* An edit and two attempts, the last with a follow-up tomorrow at 10:00, so
 * the details view has a history to show. */
static void
give_history (CubeStore    *store,
              gint64        assignment_id,
              CubeCustomer *customer)
{
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) result = NULL;
  g_autoptr(CubeOutcome) no_answer = NULL;
  g_autoptr(CubeOutcome) call_back = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                   g_date_time_get_month (tomorrow),
                                                   g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 id = cube_customer_get_id (customer);
  GHashTableIter iter;
  gpointer key, value;

  draft->customer_key = g_strdup (cube_customer_get_customer_key (customer));
  draft->name = g_strdup (cube_customer_get_name (customer));
  draft->email = g_strdup ("ole.haugen@eksempel.no");
  for (guint i = 0; cube_customer_get_phones (customer)[i] != NULL; i++)
    cube_customer_draft_add_phone (draft, cube_customer_get_phones (customer)[i]);
  g_hash_table_iter_init (&iter, cube_customer_get_fields (customer));
  while (g_hash_table_iter_next (&iter, &key, &value))
    cube_customer_draft_set_field (draft, key, value);
  result = cube_store_update_customer (store, id, draft, &error);
  g_assert_no_error (error);

  no_answer = cube_store_find_outcome (store, assignment_id, "Ikke svar", &error);
  g_assert_no_error (error);
  call_back = cube_store_find_outcome (store, assignment_id, "Ring tilbake senere", &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_lock_customer (store, id, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_register_outcome (store, id, cube_outcome_get_id (no_answer), 0, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_lock_customer (store, id, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_register_outcome (store, id, cube_outcome_get_id (call_back), g_date_time_to_unix (at),
                                        "Vil ha tilbud på bredbånd, ring etter kl. 10", &error);
  g_assert_no_error (error);
}

/* CRM settings of the demo dataset, and the editor of its choice field. */
static void
shoot_crm_settings (GtkWidget   *parent,
                    CubeContext *context,
                    const char  *out)
{
  GtkWidget *window = cube_crm_settings_window_new (context);
  GtkWidget *view = find_descendant (window, GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
  g_autoptr(GListModel) toplevels = NULL;

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (parent));
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(CubeFieldDef) field = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (cube_field_def_get_field_type (field) == CUBE_FIELD_CHOICE)
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), i);
    }
  spin (800);
  save_png (window, out, "crm-settings.png");

  gtk_widget_activate_action (window, "settings.edit-field", NULL);
  spin (800);
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) editor = g_list_model_get_item (toplevels, i);

      if (!CUBE_IS_FIELD_EDITOR (editor))
        continue;
      save_png (editor, out, "field-editor.png");
      /* Customers have a choice stored: none of them is a number. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (find_descendant (editor, GTK_TYPE_DROP_DOWN)), CUBE_FIELD_NUMBER);
      gtk_widget_activate_action (editor, "editor.save", NULL);
      spin (500);
      save_png (editor, out, "field-editor-refused.png");
      gtk_window_destroy (GTK_WINDOW (editor));
    }
  g_clear_object (&toplevels);

  /* A new required field: the customers it leaves without a value. */
  gtk_widget_activate_action (window, "settings.add-field", NULL);
  spin (300);
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) editor = g_list_model_get_item (toplevels, i);

      if (!CUBE_IS_FIELD_EDITOR (editor))
        continue;
      gtk_editable_set_text (GTK_EDITABLE (find_descendant (editor, GTK_TYPE_ENTRY)), "Kontaktperson");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (find_descendant (editor, GTK_TYPE_CHECK_BUTTON)), TRUE);
      gtk_widget_activate_action (editor, "editor.save", NULL);
      gtk_expander_set_expanded (GTK_EXPANDER (find_descendant (editor, GTK_TYPE_EXPANDER)), TRUE);
      spin (800);
      save_png (editor, out, "field-editor-required.png");
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The widget named @name below @widget. */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)))
        return found;
    }
  return NULL;
}

/* Locks the next customer on @store and registers @label. */
static void
register_next (CubeStore  *store,
               gint64      assignment_id,
               const char *label)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;

  outcome = cube_store_find_outcome (store, assignment_id, label, &error);
  g_assert_no_error (error);
  locked = cube_store_lock_next (store, assignment_id, &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (store, cube_customer_get_id (locked), cube_outcome_get_id (outcome),
                                      0, NULL, &error);
  g_assert_no_error (error);
}

/* The overview with a day's work of two agents. */
static void
shoot_overview (CubeStore   *store,
                CubeContext *context,
                const char  *db,
                gint64       assignment_id,
                const char  *out)
{
  const char *mine[] = { "Salg", "Ikke svar", "Ikke svar", "Nei takk", "Salg", "Ikke svar" };
  const char *karis[] = { "Ikke svar", "Salg", "Feil nummer", "Ikke svar", "Nei takk", "Ikke svar", "Ikke svar" };
  g_autoptr(CubeUser) kari = NULL;
  g_autoptr(CubeStore) other = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  kari = cube_store_add_user (store, "kari", "Kari Nordmann", CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  other = cube_store_open_sqlite (db, &error);
  g_assert_no_error (error);
  cube_store_set_user (other, "kari", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (mine); i++)
    register_next (store, assignment_id, mine[i]);
  for (guint i = 0; i < G_N_ELEMENTS (karis); i++)
    register_next (other, assignment_id, karis[i]);
  cube_context_notify_changed (context);

  window = cube_overview_window_new (context, db);
  gtk_window_present (GTK_WINDOW (window));
  spin (800);
  save_png (window, out, "overview.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The details view showing only outcomes, one corrected; and the dialog
 * that corrects one. */
static void
shoot_history_filter (CubeStore   *store,
                      CubeContext *context,
                      gint64       assignment_id,
                      gint64       customer_id,
                      const char  *out)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CubeOutcome) sale = NULL;
  g_autoptr(CubeCustomer) corrected = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view, *dialog;
  gint64 first_outcome = 0;

  events = cube_store_list_events (store, customer_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (cube_event_get_kind (events->pdata[i]), "outcome") == 0)
      first_outcome = cube_event_get_id (events->pdata[i]);
  sale = cube_store_find_outcome (store, assignment_id, "Nei takk", &error);
  g_assert_no_error (error);
  corrected = cube_store_correct_outcome (store, first_outcome, cube_outcome_get_id (sale), 0,
                                          "Sa nei takk i telefonen, ikke ubesvart", &error);
  g_assert_no_error (error);

  view = cube_details_view_new (context, customer_id);
  gtk_window_present (GTK_WINDOW (view));
  spin (300);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (view, "history-kind")), 3);
  spin (500);
  save_png (view, out, "details-history-filter.png");

  dialog = cube_correct_outcome_dialog_new (context, first_outcome, assignment_id, "Nei takk");
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (view));
  gtk_window_present (GTK_WINDOW (dialog));
  spin (300);
  {
    GtkDropDown *outcome = GTK_DROP_DOWN (find_named (dialog, "outcome"));
    GListModel *model = gtk_drop_down_get_model (outcome);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(CubeOutcome) item = g_list_model_get_item (model, i);

        if (cube_outcome_get_needs_time (item))
          gtk_drop_down_set_selected (outcome, i);
      }
  }
  spin (500);
  save_png (dialog, out, "correct-outcome-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (view));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeContext) context = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) details = NULL;
  g_autoptr(GtkApplication) app = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  const char *out;
  GtkWidget *window, *dialog, *active, *view;
  CubeCustomerCard *card;
  gboolean created;
  const char *localedir = g_getenv ("CUBE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc != 2)
    {
      g_printerr ("Usage: %s OUTPUT-DIR\n", argv[0]);
      return 2;
    }
  out = argv[1];
  g_mkdir_with_parents (out, 0755);
  gtk_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/cubecrm/Cube/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  tmp = g_dir_make_tmp ("cube-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp, "cube.db", NULL);
  store = cube_store_open_sqlite (db, &error);
  g_assert_no_error (error);
  cube_store_set_user (store, g_get_user_name (), &error);
  g_assert_no_error (error);
  cube_demo_create (store, &created, &error);
  g_assert_no_error (error);
  context = cube_context_new (store);
  assignment = cube_store_find_assignment (store, CUBE_DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);

  /* A GtkApplication gives the main window its menubar. */
  app = gtk_application_new ("io.github.cubecrm.Cube.Screenshots", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  {
    g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/cubecrm/Cube/gtk/menus.ui");
    gtk_application_set_menubar (app, G_MENU_MODEL (gtk_builder_get_object (builder, "menubar")));
  }

  window = cube_window_new (app, context);
  gtk_window_present (GTK_WINDOW (window));
  spin (1500);
  save_png (window, out, "main-window.png");

  dialog = cube_new_customer_dialog_new (context);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  spin (500);
  save_png (dialog, out, "new-customer-dialog.png");
  card = CUBE_CUSTOMER_CARD (find_descendant (dialog, CUBE_TYPE_CUSTOMER_CARD));
  type_into (card, "customer_key", "20001");
  type_into (card, "name", "Øystein Ødegård");
  type_into (card, "email", "oystein@eksempel");
  type_into (card, "phone1", "912 34 567");
  type_into (card, "postnummer", "0150");
  type_into (card, "fodselsdato", "31.02.1980");
  spin (500);
  save_png (dialog, out, "new-customer-dialog-errors.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  locked = cube_store_lock_next (store, cube_assignment_get_id (assignment), &error);
  g_assert_no_error (error);
  active = cube_active_view_new (context, locked);
  gtk_window_present (GTK_WINDOW (active));
  spin (800);
  save_png (active, out, "active-view.png");
  gtk_window_destroy (GTK_WINDOW (active));

  details = cube_store_find_customer (store, cube_assignment_get_id (assignment), "10005", &error);
  g_assert_no_error (error);
  give_history (store, cube_assignment_get_id (assignment), details);
  view = cube_details_view_new (context, cube_customer_get_id (details));
  gtk_window_present (GTK_WINDOW (view));
  spin (800);
  save_png (view, out, "details-view.png");
  gtk_window_destroy (GTK_WINDOW (view));

  shoot_history_filter (store, context, cube_assignment_get_id (assignment), cube_customer_get_id (details), out);
  shoot_overview (store, context, db, cube_assignment_get_id (assignment), out);
  shoot_crm_settings (window, context, out);
  gtk_window_destroy (GTK_WINDOW (window));

  g_clear_object (&context);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (tmp);
  }
  return 0;
}
