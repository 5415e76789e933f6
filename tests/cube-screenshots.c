/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders each screen of Cube on a demo database to PNG files, so that the
 * user interface can be looked at without a desktop:
 *   cube-screenshots OUTPUT-DIR
 * Run by build-aux/screenshot.sh under Xvfb. */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-active-view.h"
#include "cube-assignment-editor.h"
#include "cube-assignments-window.h"
#include "cube-data-owners-window.h"
#include "cube-users-window.h"
#include "cube-crm-settings-window.h"
#include "cube-correct-outcome-dialog.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-import-window.h"
#include "cube-field-editor.h"
#include "cube-new-customer-dialog.h"
#include "cube-overview-window.h"
#include "cube-window.h"

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

/* ---- the supervisor's administration windows ---------------------------- */

/* Agents, a second data owner and an assignment for chosen users, so the
 * administration windows have something to show. */
static void
give_admin_data (CubeStore *store)
{
  static const struct { const char *login, *name; CubePermissions permissions; } users[] = {
    { "kari", "Kari Nordmann", CUBE_PERMISSION_CUSTOMER_HANDLING },
    { "ola", "Ola Bråten", CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING },
    { "siri", "Siri Ødegård", CUBE_PERMISSION_ASSIGNMENT_SETUP | CUBE_PERMISSION_REPORTING
                              | CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_CORRECT_OUTCOMES },
  };
  static const struct {
    const char *label; CubeOutcomeKind kind; gboolean closes, needs_time, archived;
  } outcomes[] = {
    { "Avtale inngått", CUBE_OUTCOME_PROGRESS, TRUE, FALSE, FALSE },
    { "Ønsker tilbud på e-post", CUBE_OUTCOME_PROGRESS, FALSE, TRUE, FALSE },
    { "Nei takk", CUBE_OUTCOME_PROGRESS, TRUE, FALSE, FALSE },
    { "Ikke svar", CUBE_OUTCOME_ATTEMPT, FALSE, FALSE, FALSE },
    { "Ring tilbake senere", CUBE_OUTCOME_ATTEMPT, FALSE, TRUE, FALSE },
    { "Sendt brev", CUBE_OUTCOME_PROGRESS, FALSE, FALSE, TRUE },
  };
  const char *chosen[] = { "kari", "ola", NULL };
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(CubeUser) user = cube_store_find_user (store, users[i].login, NULL);

      /* The overview's screenshot made some of them already. */
      if (user == NULL)
        user = cube_store_add_user (store, users[i].login, users[i].name, users[i].permissions, &error);
      g_assert_no_error (error);
    }
  owner = cube_store_add_data_owner (store, "Fjordkraft Salg AS", "Fjordkraft Salg AS, org.nr. 912 345 678",
                                     "Salg av strømavtaler til eksisterende kunder", &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2B, &error);
  g_assert_no_error (error);
  assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Bedrift høst 2027", &error);
  g_assert_no_error (error);
  changed = cube_store_update_assignment (store, cube_assignment_get_id (assignment), "Bedrift høst 2027",
                                          cube_dataset_get_id (dataset), CUBE_VISIBILITY_CHOSEN, chosen,
                                          "2027-09-01", "2027-11-30", 5, 60, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autoptr(CubeOutcome) outcome = cube_store_add_outcome (store, cube_assignment_get_id (assignment),
                                                               outcomes[i].label, outcomes[i].kind,
                                                               outcomes[i].closes, outcomes[i].needs_time,
                                                               &error);
      g_assert_no_error (error);
      if (outcomes[i].archived)
        {
          g_autoptr(CubeOutcome) archived = cube_store_set_outcome_archived (store, cube_outcome_get_id (outcome),
                                                                             TRUE, &error);
          g_assert_no_error (error);
        }
    }
}

static void
shoot_data_owners (CubeContext *context,
                   const char  *out)
{
  GtkWidget *window = cube_data_owners_window_new (context);

  gtk_window_present (GTK_WINDOW (window));
  cube_test_spin (600);
  save_png (window, out, "data-owners.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_assignments (CubeContext *context,
                   const char  *out)
{
  CubeStore *store = cube_context_get_store (context);
  g_autoptr(CubeAssignment) assignment = cube_store_find_assignment (store, "Bedrift høst 2027", NULL);
  GtkWidget *window = cube_assignments_window_new (context);
  GtkWidget *editor;

  gtk_window_present (GTK_WINDOW (window));
  cube_test_spin (300);
  /* "Ring tilbake senere" chosen: the form below shows it. */
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (cube_test_find_named (window, "outcome-view"))),
                                   4, TRUE);
  cube_test_spin (300);
  save_png (window, out, "assignments.png");
  editor = cube_assignment_editor_new (context, assignment);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (editor));
  cube_test_spin (600);
  save_png (editor, out, "assignment-editor.png");
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_users (CubeContext *context,
             const char  *out)
{
  GtkWidget *window = cube_users_window_new (context);

  gtk_window_present (GTK_WINDOW (window));
  cube_test_spin (600);
  save_png (window, out, "users.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A customer list as a supervisor gets it: synonyms for the headers, one
 * customer already there, a few cells the import refuses. */
static const char import_csv[] =
  "Kundenummer;Fullt navn;Epost;Mobil;Postnummer;Poststed;Fødselsdato;Kundetype;Kommentar\r\n"
  "20001;Øystein Ødegård;oystein.odegard@example.no;912 34 567;0150;Oslo;12.03.1975;Privat;Ring etter 16\r\n"
  "20002;Åse Lærum;ase.laerum@example;913 45 678;5003;Bergen;01.11.1982;Privat;\r\n"
  "20003;Bjørn Sæther;bjorn.saether@example.no;+47 22 12 34 56;7010;Trondheim;31.02.1980;Bedrift;Vil ha tilbud\r\n"
  "10003;Kari Bråten;kari.braten@example.no;481 00 003;4006;Stavanger;03.03.1952;Privat;\r\n"
  "20004;Ingrid Haugen;ingrid.haugen@example.no;934 56 789;9008;Tromsø;24.12.1990;Privat;\r\n"
  "20005;Håkon Østby;hakon.ostby@example.no;945 67 890;3015;Drammen;17.05.1968;Forening;\r\n"
  "20006;Sigrid Strøm;sigrid.strom@example.no;956 78 901;1606;Fredrikstad;08.08.1988;Privat;Nyhetsbrev\r\n"
  "20007;Lars Næss;lars.naess@example.no;967 89 012;2317;Hamar;29.06.1971;Bedrift;\r\n"
  "20008;Solveig Moen;solveig.moen@example.no;978 90 123;0150;Oslo;14.02.1995;Privat;\r\n"
  "20009;Eirik Kvåle;eirik.kvale@example.no;989 01 234;5003;Bergen;02.09.1979;Privat;\r\n";

static gboolean
import_finished (CubeImportWindow *window)
{
  return !cube_import_window_get_running (window);
}

/* CRM settings of the demo dataset, and the editor of its choice field. */
static void
shoot_crm_settings (GtkWidget   *parent,
                    CubeContext *context,
                    const char  *out)
{
  GtkWidget *window = cube_crm_settings_window_new (context);
  GtkWidget *view = cube_test_find_descendant (window, GTK_TYPE_COLUMN_VIEW);
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
  cube_test_spin (800);
  save_png (window, out, "crm-settings.png");

  gtk_widget_activate_action (window, "settings.edit-field", NULL);
  cube_test_spin (800);
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) editor = g_list_model_get_item (toplevels, i);

      if (!CUBE_IS_FIELD_EDITOR (editor))
        continue;
      save_png (editor, out, "field-editor.png");
      /* Customers have a choice stored: none of them is a number. */
      gtk_drop_down_set_selected (GTK_DROP_DOWN (cube_test_find_descendant (editor, GTK_TYPE_DROP_DOWN)), CUBE_FIELD_NUMBER);
      gtk_widget_activate_action (editor, "editor.save", NULL);
      cube_test_spin (500);
      save_png (editor, out, "field-editor-refused.png");
      gtk_window_destroy (GTK_WINDOW (editor));
    }
  g_clear_object (&toplevels);

  /* A new required field: the customers it leaves without a value. */
  gtk_widget_activate_action (window, "settings.add-field", NULL);
  cube_test_spin (300);
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) editor = g_list_model_get_item (toplevels, i);

      if (!CUBE_IS_FIELD_EDITOR (editor))
        continue;
      gtk_editable_set_text (GTK_EDITABLE (cube_test_find_descendant (editor, GTK_TYPE_ENTRY)), "Kontaktperson");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (cube_test_find_descendant (editor, GTK_TYPE_CHECK_BUTTON)), TRUE);
      gtk_widget_activate_action (editor, "editor.save", NULL);
      gtk_expander_set_expanded (GTK_EXPANDER (cube_test_find_descendant (editor, GTK_TYPE_EXPANDER)), TRUE);
      cube_test_spin (800);
      save_png (editor, out, "field-editor-required.png");
    }
  gtk_window_destroy (GTK_WINDOW (window));
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
  cube_test_spin (800);
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
  cube_test_spin (300);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (cube_test_find_named (view, "history-kind")), 3);
  cube_test_spin (500);
  save_png (view, out, "details-history-filter.png");

  dialog = cube_correct_outcome_dialog_new (context, first_outcome, assignment_id, "Nei takk");
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (view));
  gtk_window_present (GTK_WINDOW (dialog));
  cube_test_spin (300);
  {
    GtkDropDown *outcome = GTK_DROP_DOWN (cube_test_find_named (dialog, "outcome"));
    GListModel *model = gtk_drop_down_get_model (outcome);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(CubeOutcome) item = g_list_model_get_item (model, i);

        if (cube_outcome_get_needs_time (item))
          gtk_drop_down_set_selected (outcome, i);
      }
  }
  cube_test_spin (500);
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
  store = cube_test_open_store (db, g_get_user_name ());
  cube_test_add_demo (store);
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
  cube_test_spin (1500);
  save_png (window, out, "main-window.png");

  dialog = cube_new_customer_dialog_new (context);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  cube_test_spin (500);
  save_png (dialog, out, "new-customer-dialog.png");
  card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (dialog, CUBE_TYPE_CUSTOMER_CARD));
  type_into (card, "customer_key", "20001");
  type_into (card, "name", "Øystein Ødegård");
  type_into (card, "email", "oystein@eksempel");
  type_into (card, "phone1", "912 34 567");
  type_into (card, "postnummer", "0150");
  type_into (card, "fodselsdato", "31.02.1980");
  cube_test_spin (500);
  save_png (dialog, out, "new-customer-dialog-errors.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  locked = cube_store_lock_next (store, cube_assignment_get_id (assignment), &error);
  g_assert_no_error (error);
  active = cube_active_view_new (context, locked);
  gtk_window_present (GTK_WINDOW (active));
  cube_test_spin (800);
  save_png (active, out, "active-view.png");
  gtk_window_destroy (GTK_WINDOW (active));

  details = cube_store_find_customer (store, cube_assignment_get_id (assignment), "10005", &error);
  g_assert_no_error (error);
  give_history (store, cube_assignment_get_id (assignment), details);
  view = cube_details_view_new (context, cube_customer_get_id (details));
  gtk_window_present (GTK_WINDOW (view));
  cube_test_spin (800);
  save_png (view, out, "details-view.png");
  gtk_window_destroy (GTK_WINDOW (view));

  shoot_history_filter (store, context, cube_assignment_get_id (assignment), cube_customer_get_id (details), out);
  shoot_overview (store, context, db, cube_assignment_get_id (assignment), out);

  /* The import window on a CSV file: mapping and preview, then the run. */
  {
    g_autofree char *csv = g_build_filename (tmp, "kunder.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    GtkWidget *import;
    gint64 end;

    g_file_set_contents (csv, import_csv, -1, &error);
    g_assert_no_error (error);
    import = cube_import_window_new (context, file);
    gtk_window_set_transient_for (GTK_WINDOW (import), GTK_WINDOW (window));
    g_signal_connect_swapped (import, "show-customers", G_CALLBACK (cube_window_show_import), window);
    gtk_window_present (GTK_WINDOW (import));
    cube_test_spin (800);
    save_png (import, out, "import-window.png");
    gtk_widget_activate_action (import, "import.run", NULL);
    end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (!import_finished (CUBE_IMPORT_WINDOW (import)) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    cube_test_spin (500);
    save_png (import, out, "import-window-done.png");
    /* "Show imported customers": the main table lists only those. */
    gtk_widget_activate_action (import, "import.show-customers", NULL);
    gtk_window_destroy (GTK_WINDOW (import));
    cube_test_spin (800);
    save_png (window, out, "main-window-import.png");
    gtk_widget_activate_action (window, "win.show-all-customers", NULL);
    cube_test_spin (100);
    g_unlink (csv);
  }
  /* A file of more bad rows than the window lists. */
  {
    g_autofree char *csv = g_build_filename (tmp, "feil.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    g_autoptr(GString) text = g_string_new ("Kundeid;Navn;E-post\n");
    GtkWidget *import;
    gint64 end;

    for (guint i = 0; i < 1250; i++)
      g_string_append_printf (text, "F%04u;Kunde %u;kunde%u(at)eksempel.no\n", i, i, i);
    g_file_set_contents (csv, text->str, -1, &error);
    g_assert_no_error (error);
    import = cube_import_window_new (context, file);
    gtk_window_set_transient_for (GTK_WINDOW (import), GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (import));
    cube_test_spin (800);
    gtk_widget_activate_action (import, "import.run", NULL);
    end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (!import_finished (CUBE_IMPORT_WINDOW (import)) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    cube_test_spin (500);
    save_png (import, out, "import-window-many-rejected.png");
    gtk_window_destroy (GTK_WINDOW (import));
    cube_test_spin (100);
    g_unlink (csv);
  }
  /* Last: it adds a required field the demo's customers lack. */
  shoot_crm_settings (window, context, out);
  give_admin_data (store);
  shoot_data_owners (context, out);
  shoot_assignments (context, out);
  shoot_users (context, out);
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
