/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cube on a Norwegian desktop: the real application, its window, the
 * new-customer dialog and the active customer view, built from the real .ui
 * files with the compiled po/nb.po, must show the Norwegian texts the users
 * know; core errors and cube-cli must speak Norwegian too.
 *
 * Run with LC_ALL=nb_NO.UTF-8, LANGUAGE=nb and CUBE_LOCALEDIR pointing at
 * the build tree's po directory (tests/meson.build sets them). */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-active-view.h"
#include "cube-application.h"
#include "cube-customer-card.h"
#include "cube-new-customer-dialog.h"
#include "cube-window.h"

typedef struct {
  char            *dir;
  char            *path;
  CubeApplication *app;
  GtkWidget       *window;
} Fixture;

/* ---- helpers ------------------------------------------------------------ */

/* Runs what is pending now. */
static void
spin (void)
{
  cube_test_spin_pending (200);
}

/* Spins until @widget has been laid out (or a bounded time has passed). */
static void
spin_until_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  spin ();
}

/* @label as the user sees it: without the mnemonic underscore. */
static char *
without_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; *p; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (text, *++p);
      else if (*p != '_')
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
assert_shows_label (GtkWidget  *widget,
                    const char *text)
{
  if (cube_test_find_label (widget, text) == NULL)
    g_error ("No label “%s” in %s", text, G_OBJECT_TYPE_NAME (widget));
}

/* The label of item @i of @model, or NULL. */
static char *
item_label (GMenuModel *model,
            int         i)
{
  char *label = NULL;

  g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
  return label;
}

/* Appends the labels (without mnemonics) of every item of @model and of its
 * sections and submenus to @labels. */
static void
collect_labels (GMenuModel *model,
                GPtrArray  *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = item_label (model, i);
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

      if (label != NULL)
        g_ptr_array_add (labels, without_mnemonic (label));
      if (section != NULL)
        collect_labels (section, labels);
      if (submenu != NULL)
        collect_labels (submenu, labels);
    }
}

static void
assert_has_string (GPtrArray  *strings,
                   const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), text))
      return;
  g_error ("“%s” is missing", text);
}

/* ---- fixture: the real application on a demo database --------------------- */

typedef void (*TestBody) (Fixture *fixture);

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CubeStore) store = NULL;

  store = cube_test_new_database (&fixture->dir, &fixture->path);
  g_assert_true (cube_test_add_demo (store));
  g_clear_object (&store);
  fixture->app = cube_application_new ();
}

/* A database without custom fields: one assignment, three customers. (The
 * demo data's choice field would trip a GTK critical in the customer card
 * when the active view fills it; see the report.) */
static void
fixture_set_up_plain (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CubeStore) store = NULL;
  CubeTestSetup setup;

  store = cube_test_new_database (&fixture->dir, &fixture->path);
  cube_test_setup_minimal (store, "Kraftselskapet AS", "Høstkampanje", &setup);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", 30001 + i);
      g_autoptr(CubeCustomer) customer = cube_test_add_customer (store, setup.assignment_id, key,
                                                                  "Kari Nordmann", "+47 912 34 567");
    }
  g_clear_object (&store);
  fixture->app = cube_application_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->app));
  cube_test_remove_database (fixture->dir, fixture->path);
}

/* Runs after the application's own activate handler built the window. */
static void
activated_cb (GApplication *app,
              Fixture      *fixture)
{
  TestBody body = g_object_get_data (G_OBJECT (app), "test-body");
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));
  GtkWidget *other;

  g_assert_nonnull (windows);
  g_assert_true (CUBE_IS_WINDOW (windows->data));
  g_assert_nonnull (cube_application_get_context (fixture->app));
  fixture->window = g_object_ref (windows->data);
  spin_until_mapped (fixture->window);

  body (fixture);

  while ((other = GTK_WIDGET (cube_test_find_toplevel (GTK_TYPE_WINDOW))) != NULL && other != fixture->window)
    gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin ();
  g_assert_finalize_object (g_steal_pointer (&fixture->window));
  g_application_quit (app);
}

/* Runs the application as `cube --database FILE` does, with @data (a
 * TestBody) driving it once its window is up. */
static void
run_in_application (Fixture       *fixture,
                    gconstpointer  data)
{
  char *argv[] = { (char *) "cube", (char *) "--database", fixture->path, NULL };

  g_object_set_data (G_OBJECT (fixture->app), "test-body", (gpointer) data);
  g_signal_connect_after (fixture->app, "activate", G_CALLBACK (activated_cb), fixture);
  g_assert_cmpint (g_application_run (G_APPLICATION (fixture->app), 3, argv), ==, 0);
  /* The body ran: it cleared the window. */
  g_assert_null (fixture->window);
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_catalogue (void)
{
  /* Without the catalogue every other test would fail in English. */
  g_assert_cmpstr (textdomain (NULL), ==, GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Customer ID"), ==, "Kundeid");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Customer ID is required"), ==, "Kundeid må fylles ut");
}

static void
test_menubar (Fixture *fixture)
{
  GMenuModel *menubar = gtk_application_get_menubar (GTK_APPLICATION (fixture->app));
  g_autoptr(GPtrArray) top = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) customer = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) assignment = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) help = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) settings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMenuModel) settings_menu = NULL;
  g_autoptr(GMenuModel) customer_menu = NULL;
  g_autoptr(GMenuModel) assignment_menu = NULL;
  g_autoptr(GMenuModel) help_menu = NULL;
  g_autofree char *raw = NULL;

  g_assert_nonnull (menubar);
  g_assert_cmpint (g_menu_model_get_n_items (menubar), ==, 4);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *label = item_label (menubar, i);
      g_assert_nonnull (label);
      g_ptr_array_add (top, without_mnemonic (label));
    }
  g_assert_cmpstr (g_ptr_array_index (top, 0), ==, "Kunde");
  g_assert_cmpstr (g_ptr_array_index (top, 1), ==, "Oppdrag");
  g_assert_cmpstr (g_ptr_array_index (top, 2), ==, "Innstillinger");
  g_assert_cmpstr (g_ptr_array_index (top, 3), ==, "Hjelp");
  /* The top-level menus keep a mnemonic on their first letter. */
  raw = item_label (menubar, 0);
  g_assert_cmpstr (raw, ==, "_Kunde");

  customer_menu = g_menu_model_get_item_link (menubar, 0, G_MENU_LINK_SUBMENU);
  assignment_menu = g_menu_model_get_item_link (menubar, 1, G_MENU_LINK_SUBMENU);
  settings_menu = g_menu_model_get_item_link (menubar, 2, G_MENU_LINK_SUBMENU);
  help_menu = g_menu_model_get_item_link (menubar, 3, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (settings_menu);
  collect_labels (settings_menu, settings);
  assert_has_string (settings, "CRM-innstillinger…");
  assert_has_string (settings, "Dataeiere og datasett…");
  assert_has_string (settings, "Brukere og tilganger…");
  g_assert_nonnull (customer_menu);
  g_assert_nonnull (assignment_menu);
  g_assert_nonnull (help_menu);
  collect_labels (customer_menu, customer);
  collect_labels (assignment_menu, assignment);
  collect_labels (help_menu, help);
  assert_has_string (customer, "+ Ny kunde");
  assert_has_string (customer, "Søk etter kunde");
  assert_has_string (customer, "Avslutt");
  assert_has_string (assignment, "Hent neste kunde");
  assert_has_string (assignment, "Oppdrag og utfall…");
  assert_has_string (assignment, "Oversikt…");
  assert_has_string (help, "Hurtigtaster");
  assert_has_string (help, "Om Cube");

  /* And the menubar the window shows says the same. */
  assert_shows_label (fixture->window, "Kunde");
  assert_shows_label (fixture->window, "Oppdrag");
  assert_shows_label (fixture->window, "Hjelp");
}

static void
test_main_window (Fixture *fixture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (cube_test_find_descendant (fixture->window, GTK_TYPE_COLUMN_VIEW));
  GListModel *columns;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *search = cube_test_find_descendant (fixture->window, GTK_TYPE_SEARCH_ENTRY);
  g_autofree char *placeholder = NULL;

  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_ptr_array_add (titles, g_strdup (gtk_column_view_column_get_title (column)));
    }
  assert_has_string (titles, "Kundeid");
  assert_has_string (titles, "Navn");
  assert_has_string (titles, "Telefonnummer");
  assert_has_string (titles, "E-post");
  assert_has_string (titles, "Oppdrag");
  assert_has_string (titles, "Status");
  assert_has_string (titles, "Sist endret av");

  g_assert_nonnull (search);
  g_object_get (search, "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, ==, "Søk på kundeid, navn, telefon eller e-post");
  assert_shows_label (fixture->window, "+ Ny kunde");
  assert_shows_label (fixture->window, "Hent neste kunde");
  /* The demo customers are available: the status cells, set in C. */
  assert_shows_label (fixture->window, "Ledig");
}

static void
test_new_customer_dialog (Fixture *fixture)
{
  g_autoptr(GtkWidget) dialog = NULL;
  g_autoptr(GPtrArray) save_options = g_ptr_array_new_with_free_func (g_free);
  CubeCustomerCard *card;
  GtkWidget *save_button, *menu_button, *email;
  const char *tooltip;
  g_autoptr(GError) error = NULL;
  CubeStore *store = cube_context_get_store (cube_application_get_context (fixture->app));
  gint64 before = cube_store_count_customers (store, &error);

  g_assert_no_error (error);
  gtk_widget_activate_action (fixture->window, "win.new-customer", NULL);
  spin ();
  dialog = GTK_WIDGET (cube_test_find_toplevel (CUBE_TYPE_NEW_CUSTOMER_DIALOG));
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  spin_until_mapped (dialog);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Ny kunde");
  assert_shows_label (dialog, "Oppdrag *");
  assert_shows_label (dialog, "Kundeid *");
  assert_shows_label (dialog, "Navn");
  assert_shows_label (dialog, "E-post");
  assert_shows_label (dialog, "Telefonnummer");
  assert_shows_label (dialog, "Andre informasjonsfelter");
  assert_shows_label (dialog, "Avbryt");

  save_button = cube_test_find_action_button (dialog, "customer.save-and-lock");
  g_assert_nonnull (save_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (save_button)), ==, "_Lagre og lås/registrer utfall");
  assert_shows_label (save_button, "Lagre og lås/registrer utfall");

  /* The arrow of the split button, right of the save button. */
  menu_button = gtk_widget_get_next_sibling (save_button);
  g_assert_true (GTK_IS_MENU_BUTTON (menu_button));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Flere lagringsvalg");
  tooltip = gtk_widget_get_tooltip_text (menu_button);
  g_assert_cmpstr (tooltip, ==, "Flere lagringsvalg");
  collect_labels (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), save_options);
  assert_has_string (save_options, "Lagre og se detaljer");
  assert_has_string (save_options, "Lagre og legg til en til");

  /* A core validation message, shown under the field in Norwegian. */
  card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (dialog, CUBE_TYPE_CUSTOMER_CARD));
  g_assert_nonnull (card);
  gtk_editable_set_text (GTK_EDITABLE (cube_customer_card_get_input (card, "customer_key")), "88001");
  email = cube_customer_card_get_input (card, "email");
  gtk_editable_set_text (GTK_EDITABLE (email), "oystein@eksempel");
  spin ();
  assert_shows_label (dialog, "E-post er ikke en gyldig e-postadresse");
  g_assert_false (gtk_widget_get_sensitive (save_button));

  /* Fixed, it saves through the Norwegian button's action. */
  gtk_editable_set_text (GTK_EDITABLE (email), "oystein@eksempel.no");
  spin ();
  g_assert_null (cube_test_find_label (dialog, "E-post er ikke en gyldig e-postadresse"));
  g_assert_true (gtk_widget_get_sensitive (save_button));
  gtk_widget_activate_action (dialog, "customer.save-and-add-another", NULL);
  spin ();
  g_assert_cmpint (cube_store_count_customers (store, NULL), ==, before + 1);
  assert_shows_label (dialog, "Kunde 88001 er lagt til");

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (g_steal_pointer (&dialog));
}

static void
test_active_view (Fixture *fixture)
{
  g_autoptr(GtkWidget) active = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) released = NULL;
  g_autoptr(GError) error = NULL;
  CubeStore *store = cube_context_get_store (cube_application_get_context (fixture->app));
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *release_button;

  gtk_widget_activate_action (fixture->window, "win.work-next", NULL);
  spin ();
  active = GTK_WIDGET (cube_test_find_toplevel (CUBE_TYPE_ACTIVE_VIEW));
  g_assert_nonnull (active);
  g_object_ref (active);
  spin_until_mapped (active);

  /* The customer the view shows is locked to us in the store. */
  found = cube_store_list_customers (store, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      CubeCustomer *customer = g_ptr_array_index (found, i);

      if (cube_customer_get_status (customer) == CUBE_STATUS_LOCKED)
        {
          g_assert_null (locked);
          locked = g_object_ref (customer);
        }
    }
  g_assert_nonnull (locked);
  g_assert_cmpstr (cube_customer_get_locked_by (locked), ==, g_get_user_name ());
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (active)), "Aktivt kundebilde – "));

  assert_shows_label (active, "Låst av deg");
  assert_shows_label (active, "Kundekort");
  assert_shows_label (active, "Registrer utfall");
  assert_shows_label (active, "Historikk");
  assert_shows_label (active, "Kundeid *");
  assert_shows_label (active, "Telefonnummer");
  release_button = cube_test_find_action_button (active, "active.release");
  g_assert_nonnull (release_button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (release_button)), ==, "_Slipp kunden");
  assert_shows_label (release_button, "Slipp kunden");
  assert_shows_label (cube_test_find_action_button (active, "active.register"), "Lagre");

  /* The main window's table says who holds the customer. */
  spin ();
  assert_shows_label (fixture->window, "Låst av deg");

  /* “Slipp kunden” lets the customer go. */
  gtk_widget_activate_action (active, "active.release", NULL);
  spin ();
  released = cube_store_get_customer (store, cube_customer_get_id (locked), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (released), ==, CUBE_STATUS_AVAILABLE);

  gtk_window_destroy (GTK_WINDOW (active));
  spin ();
  g_assert_finalize_object (g_steal_pointer (&active));
}

static void
test_core_errors (void)
{
  g_autofree char *dir = cube_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cube.db", NULL);
  g_autoptr(CubeStore) store = cube_test_open_store (path, g_get_user_name ());
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) first = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  CubeTestSetup setup;

  cube_test_setup_minimal (store, "Kraftselskapet AS", "Høstkampanje", &setup);
  draft->assignment_id = setup.assignment_id;

  /* No Kundeid. */
  draft->customer_key = g_strdup ("");
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "customer_key");
  g_assert_cmpstr (error->message, ==, "Kundeid må fylles ut");
  g_clear_error (&error);

  /* A bad e-mail address. */
  g_free (draft->customer_key);
  draft->customer_key = g_strdup ("50001");
  draft->email = g_strdup ("ikke en adresse");
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "email");
  g_assert_cmpstr (error->message, ==, "E-post er ikke en gyldig e-postadresse");
  g_clear_error (&error);

  /* A bad second phone number is named by its slot. */
  g_clear_pointer (&draft->email, g_free);
  cube_customer_draft_add_phone (draft, "912 34 567");
  cube_customer_draft_add_phone (draft, "abc");
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "phone2");
  g_assert_cmpstr (error->message, ==, "Telefonnummer 2 er ikke et gyldig telefonnummer");
  g_clear_error (&error);

  /* A Kundeid that is taken. */
  first = cube_test_add_customer (store, setup.assignment_id, "50002", "Kari Nordmann", NULL);
  g_free (draft->customer_key);
  draft->customer_key = g_strdup ("50002");
  g_ptr_array_set_size (draft->phones, 0);
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_null (customer);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "customer_key");
  g_assert_cmpstr (error->message, ==, "Kundeid 50002 finnes allerede");
  g_clear_error (&error);

  /* Nothing was stored but the one good customer. */
  g_assert_cmpint (cube_store_count_customers (store, NULL), ==, 1);

  g_clear_object (&store);
  cube_test_remove_tree (dir);
}

/* Runs cube-cli in Norwegian; returns its exit status. */
static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  const char *cli = g_getenv ("CUBE_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "CUBE_DATABASE");
  envp = g_environ_setenv (envp, "LC_ALL", "nb_NO.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "nb", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_test_message ("cube-cli %s -> %d\n%s%s", args[0], WEXITSTATUS (status), *out, *err);
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *dir = cube_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cube.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(CubeStore) store = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "--database", path, "demo", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Demodataene er laget:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An empty Kundeid: exit status 1 (invalid input), the core's message. */
  g_assert_cmpint (run_cli ((const char *[]) { "--database", path, "customer", "add",
                                               "--assignment", CUBE_DEMO_ASSIGNMENT,
                                               "--id", "", "--name", "Ola Nordmann", NULL },
                            &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Kundeid må fylles ut"));
  g_assert_null (strstr (err, "Customer ID"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad e-mail address. */
  g_assert_cmpint (run_cli ((const char *[]) { "--database", path, "customer", "add",
                                               "--assignment", CUBE_DEMO_ASSIGNMENT,
                                               "--id", "60001", "--email", "ola@", NULL },
                            &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "E-post er ikke en gyldig e-postadresse"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The help text. */
  g_assert_cmpint (run_cli ((const char *[]) { "--help", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Kommandoer:"));
  g_assert_nonnull (strstr (out, "Legg til en kunde i et oppdrag"));

  /* Neither failing command added a customer. */
  store = cube_test_open_store (path, g_get_user_name ());
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CubeAssignment) assignment = cube_store_find_assignment (store, CUBE_DEMO_ASSIGNMENT, &error);
    g_autoptr(CubeCustomer) customer = NULL;

    g_assert_no_error (error);
    customer = cube_store_find_customer (store, cube_assignment_get_id (assignment), "60001", &error);
    g_assert_null (customer);
    g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
  }
  g_clear_object (&store);
  cube_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("CUBE_LOCALEDIR");

  /* As src/gui/main.c does. */
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale %s is not installed (see build-aux/deps.sh)", g_getenv ("LC_ALL"));
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/catalogue", test_catalogue);
#define ADD(path, body) \
  g_test_add (path, Fixture, (TestBody) body, fixture_set_up, run_in_application, fixture_tear_down)
  ADD ("/i18n/menubar", test_menubar);
  ADD ("/i18n/main-window", test_main_window);
  ADD ("/i18n/new-customer-dialog", test_new_customer_dialog);
  g_test_add ("/i18n/active-view", Fixture, (TestBody) test_active_view,
              fixture_set_up_plain, run_in_application, fixture_tear_down);
#undef ADD
  g_test_add_func ("/i18n/core-errors", test_core_errors);
  g_test_add_func ("/i18n/cli", test_cli);

  return g_test_run ();
}
