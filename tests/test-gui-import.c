/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import window as the main window opens it: a CSV file written here,
 * the assignment picked, the mapping guessed, the preview with an invalid
 * cell marked, the import run in its thread, the counts shown against what
 * the store holds, the rejected row listed and saved, the imported
 * customers shown in the main table; a file the reader refuses; and the
 * permission that the menu item and a dropped file need. */
#include <inttypes.h>
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "import/cube-import-job.h"
#include "cube-application.h"
#include "cube-import-window.h"
#include "cube-window.h"

#define OWNER        "Testeier AS"
#define ASSIGNMENT   "Høstkampanje"
#define OTHER_OWNER  "Annen eier AS"
#define OTHER_ASSIGNMENT "Vinterkampanje"

/* Row 3 has an e-mail address without a domain; row 4 is a Kundeid the
 * dataset already has (skipped by default); Notat matches no field. */
static const char csv_text[] =
  "Kundeid;Navn;E-post;Telefon;Medlemstype;Notat\r\n"
  "2001;Anne Ås;anne@eksempel.no;912 34 567;Gull;ring etter 16\r\n"
  "2002;Bjørn Berg;bjorn@eksempel;913 00 000;Sølv;\r\n"
  "1001;Åse Ødegård;ase@eksempel.no;;Gull;\r\n"
  "2003;Cecilie Dahl;;22 12 34 56;;\r\n";

typedef struct {
  char            *dir;
  char            *path;
  char            *csv;
  CubeStore       *store;     /* another connection, as another process has */
  CubeTestSetup    setup;
  CubeTestSetup    other;
  CubeApplication *app;
  GtkWidget       *window;
} Fixture;

static void
add_field (Fixture    *fixture,
           gint64      dataset_id,
           const char *key,
           const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = cube_store_add_field (fixture->store, dataset_id, key, label, CUBE_FIELD_TEXT,
                                                        FALSE, FALSE, NULL, NULL, &error);

  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = NULL;

  fixture->store = cube_test_new_database (&fixture->dir, &fixture->path);
  fixture->csv = g_build_filename (fixture->dir, "kunder.csv", NULL);
  g_file_set_contents (fixture->csv, csv_text, -1, &error);
  g_assert_no_error (error);
  cube_test_setup_minimal (fixture->store, OWNER, ASSIGNMENT, &fixture->setup);
  cube_test_setup_minimal (fixture->store, OTHER_OWNER, OTHER_ASSIGNMENT, &fixture->other);
  add_field (fixture, fixture->setup.dataset_id, "medlemstype", "Medlemstype");
  customer = cube_test_add_customer (fixture->store, fixture->setup.assignment_id, "1001", "Åse Ødegård", NULL);

  fixture->window = cube_test_open_main_window (fixture->path, &fixture->app);
  cube_test_assert_table_shows (fixture->window, "1001", 3000);
}

static gboolean
no_import_running (gpointer data)
{
  CubeImportWindow *window = CUBE_IMPORT_WINDOW (cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW));

  return window == NULL || !cube_import_window_get_running (window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (cube_test_spin_until (no_import_running, NULL, 10000));
  cube_test_close_main_window (g_steal_pointer (&fixture->app), g_steal_pointer (&fixture->window), FALSE);
  g_clear_object (&fixture->store);
  cube_test_remove_database (fixture->dir, fixture->path);
  g_free (fixture->csv);
}

/* Opens the import window on @path as Kunde → Importer fra Excel… does
 * after the file chooser. */
static GtkWidget *
open_import (Fixture    *fixture,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *window;

  cube_window_import_file (CUBE_WINDOW (fixture->window), file);
  window = cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_transient_for (window) == GTK_WINDOW (fixture->window));
  cube_test_spin (200);
  return GTK_WIDGET (window);
}

static void
select_assignment (GtkWidget  *window,
                   const char *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (cube_test_get_named (window, "assignment"));
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CubeAssignment) assignment = g_list_model_get_item (model, i);

      if (g_strcmp0 (cube_assignment_get_name (assignment), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          cube_test_spin (100);
          return;
        }
    }
  g_error ("No assignment %s in the dropdown", name);
}

/* The target the mapping's dropdown for @column (0 = A) shows. */
static const char *
column_target (GtkWidget *window,
               guint      column)
{
  GtkGrid *grid = GTK_GRID (cube_test_get_named (window, "mapping"));
  GtkWidget *dropdown = gtk_grid_get_child_at (grid, 3, column + 1);

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  return gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown)));
}

static void
set_column_target (GtkWidget *window,
                   guint      column,
                   guint      index)
{
  GtkGrid *grid = GTK_GRID (cube_test_get_named (window, "mapping"));
  GtkWidget *dropdown = gtk_grid_get_child_at (grid, 3, column + 1);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), index);
  cube_test_spin (100);
}

static const char *
label_text (GtkWidget  *window,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (cube_test_get_named (window, name)));
}

static gboolean
import_done (gpointer data)
{
  GtkWidget *window = data;

  return !cube_import_window_get_running (CUBE_IMPORT_WINDOW (window))
    && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (cube_test_get_named (window, "pages"))), "done") == 0;
}

static void
assert_no_customer (Fixture    *fixture,
                    const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_find_customer (fixture->store, fixture->setup.assignment_id,
                                                                key, &error);

  g_assert_null (customer);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
}

static gint64
count_customers (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cube_store_count_customers (fixture->store, &error);

  g_assert_no_error (error);
  return n;
}

/* ---- the whole flow --------------------------------------------------- */

static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = open_import (fixture, fixture->csv);
  GtkWidget *preview;
  GtkWidget *rejections;
  GtkLabel *label;
  GListModel *model;
  g_autoptr(CubeCustomer) anne = NULL;
  g_autoptr(CubeCustomer) cecilie = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report_path = g_build_filename (fixture->dir, "avvist.csv", NULL);
  g_autofree char *report = NULL;

  g_assert_true (cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)));
  /* A CSV file has no sheets to choose from. */
  g_assert_false (gtk_widget_get_visible (cube_test_get_named (window, "sheet")));
  g_assert_true (gtk_widget_get_visible (cube_test_get_named (window, "header-row")));

  /* Two assignments, none chosen yet: no preview, nothing to import. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (cube_test_get_named (window, "assignment"))), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_false (cube_test_action_enabled (window, "import.run"));
  g_assert_cmpstr (label_text (window, "preview-summary"), ==, "Choose an assignment to see the preview.");

  select_assignment (window, ASSIGNMENT);
  g_assert_true (cube_test_action_enabled (window, "import.run"));

  /* The mapping guessed from the header and the dataset's fields. */
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");
  g_assert_cmpstr (column_target (window, 1), ==, "Name");
  g_assert_cmpstr (column_target (window, 2), ==, "E-mail");
  g_assert_cmpstr (column_target (window, 3), ==, "Phone number 1");
  g_assert_cmpstr (column_target (window, 4), ==, "Medlemstype");
  g_assert_cmpstr (column_target (window, 5), ==, "Do not import");
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "mapping"), "anne@eksempel.no"));

  /* A target belongs to one column: giving Notat the name takes it from
   * Navn; and the preview follows. */
  set_column_target (window, 5, 2);
  g_assert_cmpstr (column_target (window, 5), ==, "Name");
  g_assert_cmpstr (column_target (window, 1), ==, "Do not import");
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "preview"), "ring etter 16"));
  set_column_target (window, 5, 0);
  set_column_target (window, 1, 2);
  g_assert_cmpstr (column_target (window, 1), ==, "Name");
  g_assert_null (cube_test_find_label (cube_test_get_named (window, "preview"), "ring etter 16"));

  /* Without a Kundeid column there is nothing to import. */
  set_column_target (window, 0, 0);
  g_assert_false (cube_test_action_enabled (window, "import.run"));
  set_column_target (window, 0, 1);
  g_assert_true (cube_test_action_enabled (window, "import.run"));

  /* The preview: values as they will be stored, the invalid e-mail marked
   * with its reason, the duplicate to be skipped. */
  preview = cube_test_get_named (window, "preview");
  g_assert_cmpstr (label_text (window, "preview-summary"), ==,
                   "The first 4 rows: 2 new, 0 updated, 1 skipped, 1 rejected");
  label = cube_test_find_label (preview, "bjorn@eksempel");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "import-invalid"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (label)));
  label = cube_test_find_label (preview, "anne@eksempel.no");
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "import-invalid"));
  g_assert_nonnull (cube_test_find_label (preview, "Rejected"));
  g_assert_nonnull (cube_test_find_label (preview, "Skipped"));
  /* Nothing is written before Import. */
  g_assert_cmpint (count_customers (fixture), ==, 1);

  /* Import: the run ends, the counts shown are those stored. */
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  g_assert_true (cube_test_spin_until (import_done, window, 20000));
  g_assert_cmpstr (label_text (window, "added-count"), ==, "2");
  g_assert_cmpstr (label_text (window, "updated-count"), ==, "0");
  g_assert_cmpstr (label_text (window, "skipped-count"), ==, "1");
  g_assert_cmpstr (label_text (window, "rejected-count"), ==, "1");

  g_assert_cmpint (count_customers (fixture), ==, 3);
  anne = cube_store_find_customer (fixture->store, fixture->setup.assignment_id, "2001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_name (anne), ==, "Anne Ås");
  g_assert_cmpstr (cube_customer_get_email (anne), ==, "anne@eksempel.no");
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (anne), "medlemstype"), ==, "Gull");
  cecilie = cube_store_find_customer (fixture->store, fixture->setup.assignment_id, "2003", &error);
  g_assert_no_error (error);
  assert_no_customer (fixture, "2002");

  /* The rejected row is listed with its row and column. */
  rejections = cube_test_get_named (window, "rejections");
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (rejections)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_false (gtk_widget_get_visible (cube_test_get_named (window, "rejections-more")));
  cube_test_spin (100);
  g_assert_nonnull (cube_test_find_label (rejections, "3"));
  g_assert_true (cube_test_action_enabled (window, "import.save-report"));
  g_assert_true (cube_import_window_save_report (CUBE_IMPORT_WINDOW (window), report_path, &error));
  g_assert_no_error (error);
  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "bjorn@eksempel"));
  g_assert_null (strstr (report, "anne@eksempel.no"));

  /* The imported customers in the main table, then everyone again. */
  g_assert_true (cube_test_action_enabled (window, "import.show-customers"));
  g_assert_true (gtk_widget_activate_action (window, "import.show-customers", NULL));
  cube_test_assert_table_shows (fixture->window, "2001 2003", 3000);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (
    gtk_widget_get_ancestor (cube_test_find_actionable (fixture->window, "win.show-all-customers"), GTK_TYPE_REVEALER))));
  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-all-customers", NULL));
  cube_test_assert_table_shows (fixture->window, "1001 2001 2003", 3000);

  gtk_widget_activate_action (window, "import.close", NULL);
  cube_test_spin (100);
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW));
}

/* More bad rows than the job keeps: the list shows the kept ones and says
 * so; the report saved from the window has every one. */
static void
test_many_rejections (Fixture       *fixture,
                      gconstpointer  data)
{
  const guint bad = CUBE_IMPORT_KEPT_REJECTIONS + 250;
  g_autoptr(GString) csv = g_string_new ("Kundeid;Navn;E-post\r\n");
  g_autofree char *path = g_build_filename (fixture->dir, "mange-feil.csv", NULL);
  g_autofree char *report_path = g_build_filename (fixture->dir, "alle-avviste.csv", NULL);
  g_autofree char *report = NULL;
  g_autofree char *kept = g_strdup_printf ("%'" PRIu64, (guint64) CUBE_IMPORT_KEPT_REJECTIONS);
  g_autofree char *all = g_strdup_printf ("%'" PRIu64, (guint64) bad);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GListModel *model;
  const char *more;

  for (guint i = 0; i < bad; i++)
    g_string_append_printf (csv, "F%05u;Feil %u;ikke-en-adresse\r\n", i, i);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  window = open_import (fixture, path);
  select_assignment (window, ASSIGNMENT);
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  g_assert_true (cube_test_spin_until (import_done, window, 20000));
  g_assert_cmpstr (label_text (window, "rejected-count"), ==, all);

  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (cube_test_get_named (window, "rejections"))));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CUBE_IMPORT_KEPT_REJECTIONS);
  g_assert_true (gtk_widget_get_visible (cube_test_get_named (window, "rejections-more")));
  more = label_text (window, "rejections-more");
  g_assert_nonnull (strstr (more, kept));
  g_assert_nonnull (strstr (more, all));

  g_assert_true (cube_import_window_save_report (CUBE_IMPORT_WINDOW (window), report_path, &error));
  g_assert_no_error (error);
  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (report, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, bad + 2);
  g_assert_nonnull (strstr (lines[bad], "F01249"));
}

/* "Update" changes the existing customer; "stop" writes nothing and says
 * which row stopped it. */
static void
test_duplicate_rules (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *window = open_import (fixture, fixture->csv);
  GtkDropDown *duplicates = GTK_DROP_DOWN (cube_test_get_named (window, "duplicates"));
  g_autoptr(CubeCustomer) ase = NULL;
  g_autoptr(GError) error = NULL;

  select_assignment (window, ASSIGNMENT);
  gtk_drop_down_set_selected (duplicates, CUBE_IMPORT_DUPLICATE_FAIL);
  cube_test_spin (100);
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "preview"), "Stops the import"));
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  g_assert_true (cube_test_spin_until (no_import_running, NULL, 20000));
  cube_test_spin (50);
  /* Back to the choices, with the reason; nothing written. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (cube_test_get_named (window, "pages"))), ==, "setup");
  g_assert_true (g_str_has_prefix (label_text (window, "import-message"), "Nothing was imported: "));
  g_assert_cmpint (count_customers (fixture), ==, 1);

  gtk_drop_down_set_selected (duplicates, CUBE_IMPORT_DUPLICATE_UPDATE);
  cube_test_spin (100);
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  g_assert_true (cube_test_spin_until (import_done, window, 20000));
  g_assert_cmpstr (label_text (window, "added-count"), ==, "2");
  g_assert_cmpstr (label_text (window, "updated-count"), ==, "1");
  g_assert_cmpstr (label_text (window, "skipped-count"), ==, "0");
  ase = cube_store_find_customer (fixture->store, fixture->setup.assignment_id, "1001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_email (ase), ==, "ase@eksempel.no");
}

/* A file that is not what its name says: the reader's message, nothing
 * to import, nothing written. */
static void
test_broken_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kunder.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  g_file_set_contents (path, csv_text, -1, &error);
  g_assert_no_error (error);
  window = open_import (fixture, path);
  g_assert_false (cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (cube_test_get_named (window, "pages"))), ==, "error");
  g_assert_cmpstr (label_text (window, "error-message"), !=, "");
  g_assert_nonnull (cube_test_find_label (window, "Cannot import kunder.xlsx"));
  g_assert_false (cube_test_action_enabled (window, "import.run"));
  g_assert_cmpint (count_customers (fixture), ==, 1);
}

/* A workbook with two sheets: the sheet can be chosen, and ids keep their
 * leading zeros in the preview. */
static void
test_xlsx_sheets (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *window = open_import (fixture, CUBE_FIXTURES_DIR "/xlsxwriter.xlsx");
  GtkDropDown *sheets = GTK_DROP_DOWN (cube_test_get_named (window, "sheet"));
  GtkGrid *mapping;

  g_assert_true (cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sheets)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (sheets)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (sheets), ==, 0);
  select_assignment (window, ASSIGNMENT);
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");
  g_assert_cmpstr (column_target (window, 1), ==, "Name");
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "preview"), "00012"));

  /* The second sheet has one column, "andre", and no rows below it. */
  gtk_drop_down_set_selected (sheets, 1);
  cube_test_spin (100);
  mapping = GTK_GRID (cube_test_get_named (window, "mapping"));
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (mapping), "andre"));
  g_assert_null (gtk_grid_get_child_at (mapping, 3, 2));
  g_assert_false (cube_test_action_enabled (window, "import.run"));

  gtk_drop_down_set_selected (sheets, 0);
  cube_test_spin (100);
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");
  g_assert_true (cube_test_action_enabled (window, "import.run"));
}

/* A title above the header, as Excel saves it (padded with separators to
 * the sheet's width): the user makes the second row the header and the
 * mapping is guessed from it. */
static void
test_header_row (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "med-tittel.csv", NULL);
  g_autofree char *text = g_strconcat ("Kundeliste høsten 2026;;;;;\r\n", csv_text, NULL);
  g_autoptr(GError) error = NULL;
  GtkDropDown *header;
  GtkWidget *window;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  window = open_import (fixture, path);
  select_assignment (window, ASSIGNMENT);
  header = GTK_DROP_DOWN (cube_test_get_named (window, "header-row"));
  g_assert_cmpuint (gtk_drop_down_get_selected (header), ==, 0);
  g_assert_cmpstr (column_target (window, 0), ==, "Do not import");
  g_assert_false (cube_test_action_enabled (window, "import.run"));

  gtk_drop_down_set_selected (header, 1);
  cube_test_spin (100);
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");
  g_assert_cmpstr (column_target (window, 2), ==, "E-mail");
  g_assert_true (cube_test_action_enabled (window, "import.run"));
  /* Rows are counted as in the file: the first customer is row 3 now. */
  g_assert_nonnull (cube_test_find_label (cube_test_get_named (window, "preview"), "Rejected"));
  g_assert_cmpstr (label_text (window, "preview-summary"), ==,
                   "The first 4 rows: 2 new, 0 updated, 1 skipped, 1 rejected");
}

/* Cancel, or closing the window, while the import runs: nothing is
 * written; the window stays usable after a cancel. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "mange.csv", NULL);
  g_autoptr(GString) text = g_string_new ("Kundeid;Navn;E-post\n");
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "%u;Kunde nummer %u;kunde%u@eksempel.no\n", 500000 + i, i, i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  window = open_import (fixture, path);
  select_assignment (window, ASSIGNMENT);
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  g_assert_true (cube_import_window_get_running (CUBE_IMPORT_WINDOW (window)));
  g_assert_false (gtk_widget_is_sensitive (cube_test_get_named (window, "assignment")));
  g_assert_true (cube_test_action_enabled (window, "import.cancel"));
  g_assert_true (gtk_widget_activate_action (window, "import.cancel", NULL));
  g_assert_true (cube_test_spin_until (no_import_running, NULL, 20000));
  cube_test_spin (50);
  g_assert_cmpstr (label_text (window, "import-message"), ==, "The import was cancelled. Nothing was written.");
  g_assert_true (gtk_widget_is_sensitive (cube_test_get_named (window, "assignment")));
  g_assert_true (cube_test_action_enabled (window, "import.run"));
  g_assert_cmpint (count_customers (fixture), ==, 1);

  /* Closing while it runs cancels; the window goes when the run has
   * rolled back. */
  g_assert_true (gtk_widget_activate_action (window, "import.run", NULL));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (cube_test_spin_until (no_import_running, NULL, 20000));
  cube_test_spin (100);
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW));
  g_assert_cmpint (count_customers (fixture), ==, 1);
}

/* "Save mapping for this dataset": the next file into the dataset gets the
 * columns as the user set them. */
static void
test_save_mapping (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = open_import (fixture, fixture->csv);

  select_assignment (window, ASSIGNMENT);
  g_assert_cmpstr (column_target (window, 4), ==, "Medlemstype");
  /* Notat holds the membership here; Medlemstype is not imported. */
  set_column_target (window, 5, 7);
  g_assert_cmpstr (column_target (window, 5), ==, "Medlemstype");
  g_assert_cmpstr (column_target (window, 4), ==, "Do not import");
  g_assert_true (cube_test_action_enabled (window, "import.save-mapping"));
  g_assert_true (gtk_widget_activate_action (window, "import.save-mapping", NULL));
  cube_test_spin (50);
  g_assert_true (g_str_has_prefix (label_text (window, "import-message"), "The columns are saved"));
  gtk_window_destroy (GTK_WINDOW (window));
  cube_test_spin (50);

  window = open_import (fixture, fixture->csv);
  select_assignment (window, ASSIGNMENT);
  g_assert_cmpstr (column_target (window, 5), ==, "Medlemstype");
  g_assert_cmpstr (column_target (window, 4), ==, "Do not import");
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");

  /* Another dataset has no saved mapping: the guess. */
  select_assignment (window, OTHER_ASSIGNMENT);
  g_assert_cmpstr (column_target (window, 4), ==, "Do not import");
  g_assert_cmpstr (column_target (window, 5), ==, "Do not import");
  g_assert_cmpstr (column_target (window, 1), ==, "Name");
}

typedef struct {
  GtkWidget  *window;
  guint       column;
  const char *target;
} TargetWait;

static gboolean
column_shows (gpointer data)
{
  TargetWait *wait = data;

  return g_strcmp0 (column_target (wait->window, wait->column), wait->target) == 0;
}

/* The CRM settings change in another process while the window is open:
 * the mapping follows at once. A field added for an unmapped column is
 * chosen for it; a column whose field is archived is no longer imported,
 * and the other columns keep what the user gave them. */
static void
test_follows_settings (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *window = open_import (fixture, fixture->csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) medlemstype = NULL;
  g_autoptr(CubeFieldDef) archived = NULL;
  TargetWait wait = { window, 5, "Notat" };

  select_assignment (window, ASSIGNMENT);
  g_assert_cmpstr (column_target (window, 4), ==, "Medlemstype");
  g_assert_cmpstr (column_target (window, 5), ==, "Do not import");
  /* The user's own choice: Telefon is not imported. */
  set_column_target (window, 3, 0);
  g_assert_cmpstr (column_target (window, 3), ==, "Do not import");

  add_field (fixture, fixture->setup.dataset_id, "notat", "Notat");
  g_assert_true (cube_test_spin_until (column_shows, &wait, 5000));
  g_assert_cmpstr (column_target (window, 4), ==, "Medlemstype");
  g_assert_cmpstr (column_target (window, 3), ==, "Do not import");

  medlemstype = cube_store_find_field (fixture->store, fixture->setup.dataset_id, "medlemstype", &error);
  g_assert_no_error (error);
  archived = cube_store_set_field_archived (fixture->store, cube_field_def_get_id (medlemstype), TRUE, &error);
  g_assert_no_error (error);
  wait.column = 4;
  wait.target = "Do not import";
  g_assert_true (cube_test_spin_until (column_shows, &wait, 5000));
  g_assert_cmpstr (column_target (window, 5), ==, "Notat");
  g_assert_cmpstr (column_target (window, 0), ==, "Customer ID");
  g_assert_cmpstr (column_target (window, 1), ==, "Name");
  g_assert_cmpstr (column_target (window, 3), ==, "Do not import");
}

/* Kunde → Importer fra Excel…: the file chooser (GTK's own dialog when
 * there is no portal) offers the three formats, and the file chosen opens
 * in the import window. */
static void
test_file_chooser (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->csv);
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) first = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;
  GtkWindow *window;

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.import", NULL));
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), 3000));
  chooser = cube_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 4);
  first = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (first), ==, "Spreadsheets (.xlsx, .ods, .csv)");

  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  cube_test_spin (200);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (cube_test_spin_until (cube_test_toplevel_shown, GSIZE_TO_POINTER (CUBE_TYPE_IMPORT_WINDOW), 3000));
  window = cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW);
  g_assert_true (cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)));
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (window), "kunder.csv (CSV with semicolons, UTF-8)"));
}

/* Dropping a file on the main window opens the import window on it. */
static gboolean
drop_file (GtkWidget  *window,
           const char *path)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList files = { file, NULL };
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          return accepted;
        }
    }
  g_error ("The window takes no drops");
  return FALSE;
}

static void
test_drop_opens_import (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWindow *window;

  g_assert_true (drop_file (fixture->window, fixture->csv));
  cube_test_spin (100);
  window = cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)));
}

/* The item of the window's menubar labelled @label (the popovers hold
 * them from the start), or NULL. */
static GtkWidget *
menu_item (GtkWidget  *window,
           const char *label)
{
  GtkWidget *bar = cube_test_find_descendant (window, GTK_TYPE_POPOVER_MENU_BAR);
  GtkLabel *found;

  g_assert_nonnull (bar);
  found = cube_test_find_label (bar, label);
  return found ? gtk_widget_get_parent (GTK_WIDGET (found)) : NULL;
}

/* Kunde → Importer fra Excel… is there for a user with customer handling,
 * and neither it nor a drop works without. */
static void
test_permission (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeContext) context = NULL;
  GtkWidget *item;
  GtkWidget *window;

  /* The menu item follows the action: shown and enabled here. */
  item = menu_item (fixture->window, "Import from Excel…");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_get_visible (item));
  g_assert_true (gtk_widget_get_sensitive (item));

  /* A reporting user without customer handling. */
  user = cube_store_add_user (fixture->store, "rapport", "Rita Rapport", CUBE_PERMISSION_REPORTING, &error);
  g_assert_no_error (error);
  store = cube_test_open_store (fixture->path, "rapport");
  context = cube_context_new (store);
  window = cube_window_new (GTK_APPLICATION (fixture->app), context);
  gtk_window_present (GTK_WINDOW (window));
  cube_test_spin (200);
  /* The menu is there, the item is not (hidden while disabled). */
  g_assert_nonnull (menu_item (window, "Search for customer"));
  item = menu_item (window, "Import from Excel…");
  g_assert_false (item != NULL && gtk_widget_get_visible (item) && gtk_widget_get_sensitive (item));
  g_assert_true (gtk_widget_activate_action (window, "win.import", NULL));
  cube_test_spin (100);
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW));
  g_assert_false (drop_file (window, fixture->csv));
  cube_test_spin (100);
  g_assert_null (cube_test_find_toplevel (CUBE_TYPE_IMPORT_WINDOW));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/import/csv", test_import_csv);
  ADD ("/gui/import/duplicate-rules", test_duplicate_rules);
  ADD ("/gui/import/many-rejections", test_many_rejections);
  ADD ("/gui/import/broken-file", test_broken_file);
  ADD ("/gui/import/xlsx-sheets", test_xlsx_sheets);
  ADD ("/gui/import/header-row", test_header_row);
  ADD ("/gui/import/cancel", test_cancel);
  ADD ("/gui/import/save-mapping", test_save_mapping);
  ADD ("/gui/import/follows-settings", test_follows_settings);
  ADD ("/gui/import/file-chooser", test_file_chooser);
  ADD ("/gui/import/drop-opens-import", test_drop_opens_import);
  ADD ("/gui/import/permission", test_permission);
#undef ADD

  return g_test_run ();
}
