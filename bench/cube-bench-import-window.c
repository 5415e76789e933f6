/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import window over a big file: does the window stay responsive while
 * the import runs in its thread?
 *
 *   cube-bench-import-window [--rows N]
 *
 * Writes a CSV of N rows (default 200,000) × 9 columns into a temporary
 * directory, opens the import window on it over the demo database, and
 * measures:
 *   - the time to open the window (reading the head, guessing the mapping,
 *     the 50-row preview) and to draw its first frame;
 *   - while the import runs: the longest gap between two ticks of a 10 ms
 *     timeout on the main loop (how long the window could not react), the
 *     frames drawn, and the progress updates shown;
 *   - the import's own time and rows per second, as the window reports.
 * Run it under a display, e.g.
 *   xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- _build/bench/cube-bench-import-window
 */

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "import/cube-import-job.h"
#include "cube-core.h"
#include "cube-import-window.h"

typedef struct {
  gint64  last_tick;
  gint64  max_gap;
  guint   ticks;
  guint   frames;
  guint   progress_updates;
  gint64  first_frame;
} Stats;

static G_GNUC_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("cube-bench-import-window: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static gboolean
tick_cb (gpointer data)
{
  Stats *stats = data;
  gint64 now = g_get_monotonic_time ();

  if (stats->last_tick > 0)
    stats->max_gap = MAX (stats->max_gap, now - stats->last_tick);
  stats->last_tick = now;
  stats->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Stats         *stats)
{
  if (stats->first_frame == 0)
    stats->first_frame = g_get_monotonic_time ();
  stats->frames++;
}

static void
progress_text_cb (GObject    *label,
                  GParamSpec *pspec,
                  Stats      *stats)
{
  stats->progress_updates++;
}

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

static void
write_csv (const char *path,
           guint       rows)
{
  g_autoptr(GError) error = NULL;
  FILE *out = fopen (path, "w");

  if (out == NULL)
    die ("cannot write the CSV file", NULL);
  fputs ("Kundeid;Navn;E-post;Telefonnummer;Postnummer;Poststed;Fødselsdato;Kundetype;Notat\n", out);
  for (guint i = 0; i < rows; i++)
    fprintf (out, "%u;Kunde Ås %u;kunde%u@eksempel.no;9%07u;%04u;Oslo;%02u.%02u.%u;%s;Importert i benken\n",
             100000 + i, i, i, i % 10000000, i % 10000, 1 + i % 28, 1 + i % 12, 1940 + i % 60,
             i % 2 ? "Privat" : "Bedrift");
  fclose (out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeContext) context = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *csv = NULL;
  gint rows = 200000;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the file (default 200000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  Stats stats = { 0 };
  GtkWidget *window;
  GtkWidget *label;
  gint64 start, opened, run_start, run_end;
  gboolean created;
  guint tick_id;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    die ("options", error);
  gtk_init ();

  tmp = g_dir_make_tmp ("cube-bench-import-XXXXXX", &error);
  if (tmp == NULL)
    die ("temporary directory", error);
  db = g_build_filename (tmp, "cube.db", NULL);
  csv = g_build_filename (tmp, "kunder.csv", NULL);
  write_csv (csv, (guint) rows);
  if (!(store = cube_store_open_sqlite (db, &error)) || !cube_store_set_user (store, g_get_user_name (), &error)
      || !cube_demo_create (store, &created, &error))
    die ("database", error);
  context = cube_context_new (store);
  file = g_file_new_for_path (csv);

  start = g_get_monotonic_time ();
  window = cube_import_window_new (context, file);
  opened = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), &stats);
  while (stats.first_frame == 0)
    g_main_context_iteration (NULL, TRUE);
  if (!cube_import_window_get_file_ok (CUBE_IMPORT_WINDOW (window)))
    die ("the file was refused", NULL);

  label = find_named (window, "progress-text");
  g_signal_connect (label, "notify::label", G_CALLBACK (progress_text_cb), &stats);
  stats.frames = 0;
  tick_id = g_timeout_add (10, tick_cb, &stats);
  run_start = g_get_monotonic_time ();
  gtk_widget_activate_action (window, "import.run", NULL);
  while (cube_import_window_get_running (CUBE_IMPORT_WINDOW (window)))
    g_main_context_iteration (NULL, TRUE);
  run_end = g_get_monotonic_time ();
  g_source_remove (tick_id);

  printf ("rows in the file:            %d\n", rows);
  printf ("window opened (preview):     %.1f ms\n", (opened - start) / 1000.0);
  printf ("first frame:                 %.1f ms\n", (stats.first_frame - start) / 1000.0);
  printf ("import:                      %.2f s, %.0f rows/s\n", (run_end - run_start) / 1e6,
          rows / ((run_end - run_start) / 1e6));
  printf ("longest main-loop stall:     %.1f ms (10 ms timer, %u ticks)\n", stats.max_gap / 1000.0, stats.ticks);
  printf ("frames drawn while running:  %u (%.1f per second)\n", stats.frames,
          stats.frames / ((run_end - run_start) / 1e6));
  printf ("progress updates shown:      %u\n", stats.progress_updates);
  printf ("counts shown:                %s added, %s rejected\n",
          gtk_label_get_text (GTK_LABEL (find_named (window, "added-count"))),
          gtk_label_get_text (GTK_LABEL (find_named (window, "rejected-count"))));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&context);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (csv);
    g_rmdir (tmp);
  }
  return 0;
}
