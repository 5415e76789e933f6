/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The supervisor's overview and customer review, driven through their
 * actions and widgets on the demo data, checked against what the store
 * reports. A second connection on the same file plays another agent. */
#include <gtk/gtk.h>
#include <string.h>

#include "cube-test-util.h"
#include "cube-bar-chart.h"
#include "cube-correct-outcome-dialog.h"
#include "cube-details-view.h"
#include "cube-history-view.h"
#include "cube-overview-window.h"
#include "cube-window.h"

#define OTHER_LOGIN "kari"
#define OTHER_NAME  "Kari Nordmann"
#define DAY         (24 * 60 * 60)

typedef struct {
  char           *dir;
  char           *path;
  CubeStore      *store;
  CubeStore      *other;      /* Kari's connection */
  CubeContext    *context;
  CubeAssignment *assignment;
  gint64          fake_now;   /* when non-zero, the clock of fixture->store */
} Fixture;

static void
spin (void)
{
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
spin_until (Condition cond,
            gpointer  data,
            guint     ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static GtkWidget *
find_named_css (GtkWidget  *widget,
                const char *css_name,
                GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), css_name) == 0)
        g_ptr_array_add (found, child);
      else
        find_named_css (child, css_name, found);
    }
  return NULL;
}

/* The widget named @name (the .ui gives names to what tests drive). */
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
collect_labels (GtkWidget *widget,
                GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child))
        {
          if (out->len > 0)
            g_string_append_c (out, '|');
          g_string_append (out, gtk_label_get_text (GTK_LABEL (child)));
        }
      else
        collect_labels (child, out);
    }
}

/* The visible GtkLabel showing @text, anywhere below @widget. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child)
          && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)))
        return found;
    }
  return NULL;
}

/* The visible GtkLabel whose text starts with @prefix. */
static GtkLabel *
find_label_prefix (GtkWidget  *widget,
                   const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child)
          && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return GTK_LABEL (child);
      if ((found = find_label_prefix (child, prefix)))
        return found;
    }
  return NULL;
}

/* The button pointing at action @name. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), name) == 0)
        return child;
      if ((found = find_action_button (child, name)))
        return found;
    }
  return NULL;
}

/* The rows of the overview's table as shown: "cell|cell|…" each. */
static GPtrArray *
table_rows (GtkWidget *window)
{
  GtkWidget *table = find_descendant (window, GTK_TYPE_COLUMN_VIEW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *list;

  g_assert_nonnull (table);
  list = find_descendant (table, GTK_TYPE_LIST_VIEW);
  find_named_css (list ? list : table, "row", rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      collect_labels (rows->pdata[i], text);
      g_ptr_array_add (texts, g_string_free (g_steal_pointer (&text), FALSE));
    }
  return texts;
}

/* The chart's bars as "label=value;…". */
static char *
chart_text (CubeBarChart *chart)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cube_bar_chart_get_n_bars (chart); i++)
    g_string_append_printf (out, "%s=%" G_GINT64_FORMAT ";", cube_bar_chart_get_label (chart, i),
                            cube_bar_chart_get_value (chart, i));
  return g_string_free (out, FALSE);
}

/* The chart with the accessible title @title. */
static CubeBarChart *
find_chart (GtkWidget  *widget,
            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      CubeBarChart *found;

      if (CUBE_IS_BAR_CHART (child) && g_strcmp0 (cube_bar_chart_get_title (CUBE_BAR_CHART (child)), title) == 0)
        return CUBE_BAR_CHART (child);
      if ((found = find_chart (child, title)))
        return found;
    }
  return NULL;
}

static gboolean
is_toplevel (GtkWidget *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_find (toplevels, window) != NULL;
}

static GtkWidget *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static void
close_window (GtkWidget *window)
{
  if (is_toplevel (window))
    gtk_window_destroy (GTK_WINDOW (window));
  spin ();
  g_assert_finalize_object (window);
}

static gint64
fake_clock (gpointer data)
{
  Fixture *fixture = data;

  return fixture->fake_now > 0 ? fixture->fake_now : g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
outcome_id (Fixture    *fixture,
            const char *label)
{
  g_autoptr(CubeOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;

  outcome = cube_store_find_outcome (fixture->store, cube_assignment_get_id (fixture->assignment), label, &error);
  g_assert_no_error (error);
  return cube_outcome_get_id (outcome);
}

/* Locks the next customer on @store and registers @label; its id. */
static gint64
register_next (Fixture    *fixture,
               CubeStore  *store,
               const char *label)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(GError) error = NULL;

  locked = cube_store_lock_next (store, cube_assignment_get_id (fixture->assignment), &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (store, cube_customer_get_id (locked), outcome_id (fixture, label),
                                      0, NULL, &error);
  g_assert_no_error (error);
  return cube_customer_get_id (done);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CubeUser) kari = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created;

  fixture->dir = cube_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "cube.db", NULL);
  fixture->store = cube_test_open_store (fixture->path, g_get_user_name ());
  cube_store_set_clock (fixture->store, fake_clock, fixture);
  g_assert_true (cube_demo_create (fixture->store, &created, &error));
  g_assert_no_error (error);
  kari = cube_store_add_user (fixture->store, OTHER_LOGIN, OTHER_NAME, CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  fixture->other = cube_test_open_store (fixture->path, OTHER_LOGIN);
  fixture->context = cube_context_new (fixture->store);
  fixture->assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->assignment);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->other);
  g_clear_object (&fixture->store);
  cube_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Three outcomes by the current user and two by Kari, today; and two by the
 * current user ten days ago. */
static void
register_outcomes (Fixture *fixture)
{
  fixture->fake_now = g_get_real_time () / G_USEC_PER_SEC - 10 * DAY;
  register_next (fixture, fixture->store, "Ikke svar");
  register_next (fixture, fixture->store, "Feil nummer");
  fixture->fake_now = 0;

  register_next (fixture, fixture->store, "Salg");
  register_next (fixture, fixture->store, "Ikke svar");
  register_next (fixture, fixture->store, "Ikke svar");
  register_next (fixture, fixture->other, "Nei takk");
  register_next (fixture, fixture->other, "Ikke svar");
}

static GtkWidget *
open_overview (Fixture *fixture)
{
  GtkWidget *window = g_object_ref_sink (cube_overview_window_new (fixture->context, fixture->path));

  gtk_window_present (GTK_WINDOW (window));
  spin ();
  return window;
}

/* The row the table should show for @agent (NULL: all), from the store. */
static char *
expected_row (CubeOverview *overview,
              const char   *name,
              const char   *agent)
{
  GString *out = g_string_new (name);

  for (guint i = 0; i < cube_overview_get_n_outcomes (overview); i++)
    g_string_append_printf (out, "|%" G_GINT64_FORMAT, cube_overview_get_count (overview, agent, i));
  g_string_append_printf (out, "|%" G_GINT64_FORMAT, cube_overview_get_count (overview, agent, G_MAXUINT));
  return g_string_free (out, FALSE);
}

static gboolean
not_exporting (gpointer data)
{
  gboolean exporting;

  g_object_get (data, "exporting", &exporting, NULL);
  return !exporting;
}

/* ---- tests: the overview ----------------------------------------------- */

static void
test_overview_counts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GtkWidget) window = NULL;
  g_autoptr(CubeOverview) stored = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcomes = NULL;
  g_autofree char *statuses = NULL;
  g_autofree char *agents = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *karis = NULL;
  g_autofree char *all = NULL;
  g_autofree char *expected_agents = NULL;
  gint64 from = cube_store_day_start (fixture->store, 0);
  gboolean me_first = g_strcmp0 (g_get_user_name (), OTHER_LOGIN) < 0;

  register_outcomes (fixture);
  window = open_overview (fixture);

  /* Today, as the store counts it… */
  stored = cube_store_get_overview (fixture->store, cube_assignment_get_id (fixture->assignment),
                                    from, from + DAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_overview_get_count (stored, NULL, G_MAXUINT), ==, 5);
  g_assert_cmpint (cube_overview_get_count (stored, OTHER_LOGIN, G_MAXUINT), ==, 2);

  /* …in the charts… */
  outcomes = chart_text (find_chart (window, "Outcomes in the period"));
  g_assert_cmpstr (outcomes, ==, "Salg=1;Nei takk=1;Ikke svar=3;Ring tilbake senere=0;Feil nummer=0;");
  statuses = chart_text (find_chart (window, "Customers by status now"));
  /* Salg, Nei takk and Feil nummer (ten days ago) closed three of forty. */
  g_assert_cmpstr (statuses, ==, "Available=37;Locked=0;Follow-up=0;Closed=3;");
  g_assert_cmpint (cube_overview_get_status_count (stored, CUBE_STATUS_CLOSED), ==, 3);
  agents = chart_text (find_chart (window, "Outcomes per agent"));
  expected_agents = me_first ? g_strdup_printf ("%s=3;%s=2;", g_get_user_name (), OTHER_NAME)
                             : g_strdup_printf ("%s=2;%s=3;", OTHER_NAME, g_get_user_name ());
  g_assert_cmpstr (agents, ==, expected_agents);

  /* …and in the table: a row per agent, then all of them. */
  rows = table_rows (window);
  mine = expected_row (stored, g_get_user_name (), g_get_user_name ());
  karis = expected_row (stored, OTHER_NAME, OTHER_LOGIN);
  all = expected_row (stored, "All agents", NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (rows->pdata[me_first ? 0 : 1], ==, mine);
  g_assert_cmpstr (rows->pdata[me_first ? 1 : 0], ==, karis);
  g_assert_cmpstr (rows->pdata[2], ==, all);
  g_assert_cmpstr (all, ==, "All agents|1|1|3|0|0|5");
  g_assert_nonnull (find_label_prefix (window, "40 customers in the assignment · 5 outcomes registered on "));

  close_window (g_steal_pointer (&window));
}

static void
test_overview_period (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GtkWidget) window = NULL;
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (g_get_real_time () / G_USEC_PER_SEC - 10 * DAY);
  g_autofree char *day = g_date_time_format (then, "%d.%m.%Y");
  g_autofree char *outcomes = NULL;
  GtkDropDown *period;
  GtkEditable *from, *until;
  CubeOverview *shown;

  register_outcomes (fixture);
  window = open_overview (fixture);
  shown = cube_overview_window_get_overview (CUBE_OVERVIEW_WINDOW (window));
  g_assert_cmpint (cube_overview_get_count (shown, NULL, G_MAXUINT), ==, 5);

  /* The day ten days ago: only the two outcomes registered then. */
  period = GTK_DROP_DOWN (find_named (window, "period"));
  from = GTK_EDITABLE (find_named (window, "from"));
  until = GTK_EDITABLE (find_named (window, "until"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (from)))));
  gtk_drop_down_set_selected (period, 3);
  spin ();
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (from)))));
  gtk_editable_set_text (from, day);
  gtk_editable_set_text (until, day);
  spin ();
  shown = cube_overview_window_get_overview (CUBE_OVERVIEW_WINDOW (window));
  g_assert_cmpint (cube_overview_get_count (shown, NULL, G_MAXUINT), ==, 2);
  outcomes = chart_text (find_chart (window, "Outcomes in the period"));
  g_assert_cmpstr (outcomes, ==, "Salg=0;Nei takk=0;Ikke svar=1;Ring tilbake senere=0;Feil nummer=1;");

  /* A day that cannot be read is said next to the period, in words. */
  gtk_editable_set_text (until, "31.02.2026");
  spin ();
  g_assert_null (cube_overview_window_get_overview (CUBE_OVERVIEW_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (find_named (window, "error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (window, "error"))), !=, "");
  g_assert_false (gtk_widget_is_sensitive (find_action_button (window, "overview.export-table")));

  /* This month holds today's five at least. */
  gtk_drop_down_set_selected (period, 2);
  spin ();
  shown = cube_overview_window_get_overview (CUBE_OVERVIEW_WINDOW (window));
  g_assert_nonnull (shown);
  g_assert_cmpint (cube_overview_get_count (shown, NULL, G_MAXUINT), >=, 5);

  close_window (g_steal_pointer (&window));
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
test_overview_export_table (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GtkWidget) window = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "table.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *confirmation = NULL;
  gboolean me_first = g_strcmp0 (g_get_user_name (), OTHER_LOGIN) < 0;
  g_autofree char *mine = g_strdup_printf ("%s;1;0;2;0;0;3\r\n", g_get_user_name ());
  const char *karis = "kari;0;1;1;0;0;2\r\n";

  register_outcomes (fixture);
  window = open_overview (fixture);
  g_object_set (window, "export-file", file, NULL);
  g_assert_true (gtk_widget_is_sensitive (find_action_button (window, "overview.export-table")));
  gtk_widget_activate_action (window, "overview.export-table", NULL);
  g_assert_true (spin_until (not_exporting, window, 5000));
  spin ();

  /* The file Excel in Norway opens: a byte order mark and semicolons. */
  text = read_text (path);
  expected = g_strconcat ("\xEF\xBB\xBF" "Agent;Salg;Nei takk;Ikke svar;Ring tilbake senere;Feil nummer;Total\r\n",
                          me_first ? mine : karis, me_first ? karis : mine,
                          "All agents;1;1;3;0;0;5\r\n", NULL);
  g_assert_cmpstr (text, ==, expected);
  confirmation = g_strdup_printf ("Wrote 3 rows to %s", path);
  g_assert_nonnull (find_label (window, confirmation));

  close_window (g_steal_pointer (&window));
}

static void
test_overview_export_customers (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GtkWidget) window = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "customers.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CubeCustomer) sold = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *confirmation = NULL;
  g_autofree char *sold_line = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 sold_id;

  sold_id = register_next (fixture, fixture->store, "Salg");
  sold = cube_store_get_customer (fixture->store, sold_id, &error);
  g_assert_no_error (error);
  window = open_overview (fixture);
  g_object_set (window, "export-file", file, NULL);
  gtk_widget_activate_action (window, "overview.export-customers", NULL);
  /* Off the main loop: the window answers while it is written. */
  g_assert_true (spin_until (not_exporting, window, 10000));
  spin ();

  text = read_text (path);
  lines = g_strsplit (text, "\r\n", -1);
  /* The header and the forty demo customers, then the final line end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 42);
  g_assert_true (g_str_has_prefix (lines[0], "\xEF\xBB\xBF" "Customer ID;Name;E-mail;Phone 1;Phone 2;Phone 3;"));
  g_assert_cmpstr (lines[41], ==, "");
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], cube_customer_get_customer_key (sold)))
      sold_line = g_strdup (lines[i]);
  g_assert_nonnull (sold_line);
  g_assert_nonnull (strstr (sold_line, ";Salg;"));
  confirmation = g_strdup_printf ("Wrote 40 rows to %s", path);
  g_assert_nonnull (find_label (window, confirmation));

  close_window (g_steal_pointer (&window));
}

/* The main window offers the overview only to those the core lets see it. */
static void
test_overview_permission (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.cubecrm.Cube.TestOverview",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(CubeContext) karis_context = cube_context_new (fixture->other);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOverview) refused = NULL;
  GtkWidget *main_window, *overview;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* Kari (customer handling only): nothing opens, and the core says no. */
  main_window = g_object_ref_sink (cube_window_new (app, karis_context));
  gtk_window_present (GTK_WINDOW (main_window));
  spin ();
  gtk_widget_activate_action (main_window, "win.overview", NULL);
  spin ();
  g_assert_null (find_toplevel (CUBE_TYPE_OVERVIEW_WINDOW));
  refused = cube_store_get_overview (fixture->other, cube_assignment_get_id (fixture->assignment), 0, 0, &error);
  g_assert_null (refused);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  close_window (main_window);

  /* A supervisor gets it, transient for the main window, once. */
  main_window = g_object_ref_sink (cube_window_new (app, fixture->context));
  gtk_window_present (GTK_WINDOW (main_window));
  spin ();
  gtk_widget_activate_action (main_window, "win.overview", NULL);
  spin ();
  overview = find_toplevel (CUBE_TYPE_OVERVIEW_WINDOW);
  g_assert_nonnull (overview);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overview)) == GTK_WINDOW (main_window));
  gtk_widget_activate_action (main_window, "win.overview", NULL);
  spin ();
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    guint n = 0;

    for (GList *l = toplevels; l != NULL; l = l->next)
      n += CUBE_IS_OVERVIEW_WINDOW (l->data);
    g_assert_cmpuint (n, ==, 1);
  }
  g_object_ref (overview);
  close_window (overview);
  close_window (main_window);
}

/* ---- tests: the details view ------------------------------------------- */

static CubeCustomer *
demo_customer (Fixture    *fixture,
               const char *key)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment),
                                                     key, &error);

  g_assert_no_error (error);
  return customer;
}

static CubeCustomer *
stored_customer (Fixture *fixture,
                 gint64   id)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_get_customer (fixture->store, id, &error);

  g_assert_no_error (error);
  return customer;
}

static GPtrArray *
stored_events (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = cube_store_list_events (fixture->store, id, &error);

  g_assert_no_error (error);
  return events;
}

/* Locks customer @id on @store and registers @label; the outcome event's id. */
static gint64
register_on (Fixture    *fixture,
             CubeStore  *store,
             gint64      id,
             const char *label,
             gint64      follow_up_at,
             const char *comment)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  locked = cube_store_lock_customer (store, id, &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (store, id, outcome_id (fixture, label), follow_up_at, comment, &error);
  g_assert_no_error (error);
  events = stored_events (fixture, id);
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (cube_event_get_kind (events->pdata[i]), "outcome") == 0)
      return cube_event_get_id (events->pdata[i]);
  g_assert_not_reached ();
}

static GtkWidget *
open_details (CubeContext *context,
              gint64       id)
{
  GtkWidget *view = g_object_ref_sink (cube_details_view_new (context, id));

  gtk_window_present (GTK_WINDOW (view));
  spin ();
  return view;
}

static GtkWidget *
history_view (GtkWidget *view)
{
  GtkWidget *history = find_descendant (view, CUBE_TYPE_HISTORY_VIEW);

  g_assert_nonnull (history);
  return history;
}

/* Tomorrow at 10:00 local time. */
static GDateTime *
tomorrow_at_ten (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
}

static guint
n_shown (GtkWidget *view)
{
  g_autoptr(GPtrArray) shown = cube_history_view_get_shown_events (CUBE_HISTORY_VIEW (history_view (view)));

  return shown->len;
}

static void
select_by_label (GtkDropDown *dropdown,
                 const char  *label)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeOutcome) outcome = g_list_model_get_item (model, i);

      if (g_strcmp0 (cube_outcome_get_label (outcome), label) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          spin ();
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_history_filter (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CubeCustomer) customer = demo_customer (fixture, "10005");
  g_autoptr(GtkWidget) view = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) locks = NULL;
  g_autoptr(GPtrArray) again = NULL;
  gint64 id = cube_customer_get_id (customer);
  GtkDropDown *kind;

  register_on (fixture, fixture->store, id, "Ikke svar", 0, NULL);
  register_on (fixture, fixture->other, id, "Ikke svar", 0, "Svarte ikke");
  all = stored_events (fixture, id);
  view = open_details (fixture->context, id);
  g_assert_cmpuint (n_shown (view), ==, all->len);
  g_assert_nonnull (find_label (view, "Created (demo)"));
  g_assert_nonnull (find_label (view, "Locked"));

  /* Outcomes only: the two registered, nothing else. */
  kind = GTK_DROP_DOWN (find_named (view, "history-kind"));
  g_assert_nonnull (kind);
  gtk_drop_down_set_selected (kind, 3);
  spin ();
  outcomes = cube_history_view_get_shown_events (CUBE_HISTORY_VIEW (history_view (view)));
  g_assert_cmpuint (outcomes->len, ==, 2);
  for (guint i = 0; i < outcomes->len; i++)
    g_assert_cmpstr (cube_event_get_kind (outcomes->pdata[i]), ==, "outcome");
  g_assert_cmpuint (all->len, >, 2);
  g_assert_null (find_label (view, "Created (demo)"));
  g_assert_null (find_label (view, "Locked"));
  g_assert_nonnull (find_label (view, "Outcome: Ikke svar"));
  g_assert_nonnull (find_label (view, "“Svarte ikke”"));

  /* Locked/released: both kinds, and nothing has been moved. */
  gtk_drop_down_set_selected (kind, 4);
  spin ();
  locks = cube_history_view_get_shown_events (CUBE_HISTORY_VIEW (history_view (view)));
  g_assert_cmpuint (locks->len, >=, 2);
  for (guint i = 0; i < locks->len; i++)
    g_assert_true (g_str_equal (cube_event_get_kind (locks->pdata[i]), "locked")
                   || g_str_equal (cube_event_get_kind (locks->pdata[i]), "released"));
  gtk_drop_down_set_selected (kind, 5);
  spin ();
  g_assert_cmpuint (n_shown (view), ==, 0);
  g_assert_nonnull (find_label (view, "No events of this kind"));

  /* All again. */
  gtk_drop_down_set_selected (kind, 0);
  spin ();
  again = cube_history_view_get_shown_events (CUBE_HISTORY_VIEW (history_view (view)));
  g_assert_cmpuint (again->len, ==, all->len);

  close_window (g_steal_pointer (&view));
}

static void
test_correct_outcome (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CubeCustomer) customer = demo_customer (fixture, "10006");
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(CubeCustomer) closed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) corrected = NULL;
  g_autoptr(GtkWidget) view = NULL;
  g_autoptr(GDateTime) at = tomorrow_at_ten ();
  g_autofree char *day = g_date_time_format (at, "%d.%m.%Y");
  gint64 id = cube_customer_get_id (customer);
  gint64 event_id;
  GtkWidget *dialog, *button;
  CubeEvent *correction;

  /* Kari registered "Ikke svar"; the supervisor corrects it. */
  event_id = register_on (fixture, fixture->other, id, "Ikke svar", 0, NULL);
  view = open_details (fixture->context, id);
  button = find_action_button (view, "details.correct-outcome");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))), ==,
                   event_id);
  g_assert_true (gtk_widget_activate_action (view, "details.correct-outcome", "x", event_id));
  spin ();
  dialog = find_toplevel (CUBE_TYPE_CORRECT_OUTCOME_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (view));
  g_assert_nonnull (find_label (dialog, "Registered outcome: Ikke svar"));

  /* An outcome that needs a time asks for it; the core says why not. */
  select_by_label (GTK_DROP_DOWN (find_named (dialog, "outcome")), "Ring tilbake senere");
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "follow-up")));
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "comment")), "Ba om å bli ringt");
  gtk_widget_activate_action (dialog, "correct.save", NULL);
  spin ();
  g_assert_true (is_toplevel (dialog));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "error")));
  events = stored_events (fixture, id);
  g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), !=, "corrected");
  g_clear_pointer (&events, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "date")), day);
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "time")), "10:00");
  gtk_widget_activate_action (dialog, "correct.save", NULL);
  spin ();
  g_assert_false (is_toplevel (dialog));
  g_assert_finalize_object (dialog);

  /* The correction is its own event; the original stays. */
  events = stored_events (fixture, id);
  correction = events->pdata[0];
  g_assert_cmpstr (cube_event_get_kind (correction), ==, "corrected");
  g_assert_cmpint (cube_event_get_corrects_id (correction), ==, event_id);
  g_assert_cmpstr (cube_event_get_old_value (correction), ==, "Ikke svar");
  g_assert_cmpstr (cube_event_get_new_value (correction), ==, "Ring tilbake senere");
  g_assert_cmpstr (cube_event_get_comment (correction), ==, "Ba om å bli ringt");
  g_assert_cmpstr (cube_event_get_login (correction), ==, g_get_user_name ());
  after = stored_customer (fixture, id);
  g_assert_cmpstr (cube_customer_get_last_outcome (after), ==, "Ring tilbake senere");
  g_assert_cmpint (cube_customer_get_follow_up_at (after), ==, g_date_time_to_unix (at));

  /* Shown at once, with the original marked. */
  g_assert_nonnull (find_label_prefix (view, "Outcome corrected: Ikke svar → Ring tilbake senere"));
  g_assert_nonnull (find_label (view, "Corrected to Ring tilbake senere"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (view, "history-kind")), 6);
  spin ();
  corrected = cube_history_view_get_shown_events (CUBE_HISTORY_VIEW (history_view (view)));
  g_assert_cmpuint (corrected->len, ==, 1);

  /* Corrected again, to a closing outcome: the customer closes. */
  g_assert_true (gtk_widget_activate_action (view, "details.correct-outcome", "x", event_id));
  spin ();
  dialog = g_object_ref (find_toplevel (CUBE_TYPE_CORRECT_OUTCOME_DIALOG));
  g_assert_nonnull (find_label (dialog, "Registered outcome: Ring tilbake senere"));
  select_by_label (GTK_DROP_DOWN (find_named (dialog, "outcome")), "Salg");
  g_assert_false (gtk_widget_get_visible (find_named (dialog, "follow-up")));
  gtk_widget_activate_action (dialog, "correct.save", NULL);
  spin ();
  g_assert_false (is_toplevel (dialog));
  g_assert_finalize_object (dialog);
  closed = stored_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_status (closed), ==, CUBE_STATUS_CLOSED);
  g_assert_cmpstr (cube_customer_get_last_outcome (closed), ==, "Salg");
  g_assert_nonnull (find_label (view, "Closed: Salg"));

  close_window (g_steal_pointer (&view));
}

static void
test_correct_needs_permission (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CubeCustomer) customer = demo_customer (fixture, "10007");
  g_autoptr(CubeContext) karis_context = cube_context_new (fixture->other);
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GtkWidget) view = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = cube_customer_get_id (customer);
  gint64 event_id;

  event_id = register_on (fixture, fixture->other, id, "Ikke svar", 0, NULL);
  before = stored_events (fixture, id);

  /* Kari sees the outcome but gets nothing to correct it with. */
  view = open_details (karis_context, id);
  g_assert_nonnull (find_label (view, "Outcome: Ikke svar"));
  g_assert_null (find_action_button (view, "details.correct-outcome"));
  gtk_widget_activate_action (view, "details.correct-outcome", "x", event_id);
  spin ();
  g_assert_null (find_toplevel (CUBE_TYPE_CORRECT_OUTCOME_DIALOG));
  /* Nor to move it with. */
  g_assert_false (gtk_widget_get_visible (find_named (view, "move")));

  /* And the core refuses her. */
  refused = cube_store_correct_outcome (fixture->other, event_id, outcome_id (fixture, "Salg"), 0, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_PERMISSION);
  after = stored_events (fixture, id);
  g_assert_cmpuint (after->len, ==, before->len);

  close_window (g_steal_pointer (&view));
}

static gboolean
shows_autumn (gpointer view)
{
  return find_label (view, "Assignment: Høstkampanje 2027") != NULL;
}

static void
test_move_customer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CubeCustomer) customer = demo_customer (fixture, "10008");
  g_autoptr(CubeAssignment) autumn = NULL;
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(CubeCustomer) kept = NULL;
  g_autoptr(CubeContext) karis_context = cube_context_new (fixture->other);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GtkWidget) view = NULL;
  g_autoptr(GtkWidget) karis_view = NULL;
  g_autoptr(GDateTime) at = tomorrow_at_ten ();
  g_autoptr(GError) error = NULL;
  gint64 id = cube_customer_get_id (customer);
  GtkDropDown *to;

  autumn = cube_store_add_assignment (fixture->store, cube_assignment_get_dataset_id (fixture->assignment),
                                      "Høstkampanje 2027", &error);
  g_assert_no_error (error);
  register_on (fixture, fixture->store, id, "Ring tilbake senere", g_date_time_to_unix (at), NULL);

  /* Kari has no extended customer handling: no move for her. */
  karis_view = open_details (karis_context, id);
  g_assert_false (gtk_widget_get_visible (find_named (karis_view, "move")));
  gtk_widget_activate_action (karis_view, "details.move", NULL);
  spin ();
  kept = stored_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_assignment_id (kept), ==, cube_assignment_get_id (fixture->assignment));

  view = open_details (fixture->context, id);
  g_assert_true (gtk_widget_get_visible (find_named (view, "move")));
  to = GTK_DROP_DOWN (find_named (view, "move-to"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (to)), ==, 1);
  g_assert_cmpint (cube_assignment_get_id (gtk_drop_down_get_selected_item (to)), ==,
                   cube_assignment_get_id (autumn));
  g_assert_true (gtk_widget_activate_action (view, "details.move", NULL));
  spin ();

  /* In the store: the new assignment, available, follow-up dropped… */
  moved = stored_customer (fixture, id);
  g_assert_cmpint (cube_customer_get_assignment_id (moved), ==, cube_assignment_get_id (autumn));
  g_assert_cmpint (cube_customer_get_status (moved), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_follow_up_at (moved), ==, 0);
  events = stored_events (fixture, id);
  g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), ==, "moved");
  /* …and in both views at once. */
  g_assert_nonnull (find_label (view, "Assignment: Høstkampanje 2027"));
  g_assert_nonnull (find_label (view, "Available"));
  g_assert_nonnull (find_label (view, "Moved to Høstkampanje 2027"));
  g_assert_nonnull (find_label (view, "Moved: " CUBE_DEMO_ASSIGNMENT " → Høstkampanje 2027"));
  /* The outcome from before the move is another assignment's: not corrected here. */
  g_assert_null (find_action_button (view, "details.correct-outcome"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (to)), ==, 1);
  g_assert_cmpint (cube_assignment_get_id (gtk_drop_down_get_selected_item (to)), ==,
                   cube_assignment_get_id (fixture->assignment));
  /* Kari's view, on a connection of its own, notices by polling. */
  cube_context_set_poll_interval (karis_context, 20);
  g_assert_true (spin_until (shows_autumn, karis_view, 3000));
  cube_context_set_poll_interval (karis_context, 0);

  close_window (g_steal_pointer (&view));
  close_window (g_steal_pointer (&karis_view));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/overview/counts", test_overview_counts);
  ADD ("/gui/overview/period", test_overview_period);
  ADD ("/gui/overview/export-table", test_overview_export_table);
  ADD ("/gui/overview/export-customers", test_overview_export_customers);
  ADD ("/gui/overview/permission", test_overview_permission);
  ADD ("/gui/details/history-filter", test_history_filter);
  ADD ("/gui/details/correct-outcome", test_correct_outcome);
  ADD ("/gui/details/correct-needs-permission", test_correct_needs_permission);
  ADD ("/gui/details/move", test_move_customer);
#undef ADD

  return g_test_run ();
}
