/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Start-up and scrolling of the main window over a big database.
 *
 *   cube-bench-startup [--customers N] [--database FILE] [--steps N]
 *
 * Fills the database (or tops up the one given) to N customers through the
 * core in one transaction, then starts Cube afresh in a child process, as a
 * user would, and measures there:
 *   - the time from process start, and from just before GTK is initialised,
 *     to the first frame the main window draws (its frame clock's
 *     "after-paint");
 *   - the time each frame takes while the table is scrolled from top to
 *     bottom: --steps jumps across the whole table, then a viewport at a
 *     time over the last rows;
 *   - resident memory (VmRSS, and the peak VmHWM) after that.
 * Run it under a display, e.g.
 *   xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- cube-bench-startup
 */

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cube-application.h"
#include "cube-core.h"

#define SEQUENTIAL_STEPS 200

static const char * const first_names[] = {
  "Øystein", "Åse", "Bjørn", "Kari", "Ole", "Ingrid", "Håkon", "Sigrid", "Lars", "Solveig",
  "Tor", "Ragnhild", "Knut", "Astrid", "Jørgen", "Hanne", "Pål", "Gunn", "Espen", "Marit",
};

static const char * const surnames[] = {
  "Ås", "Bråten", "Sæther", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
  "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
};

static G_GNUC_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("cube-bench-startup: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

/* ---- filling ---------------------------------------------------------------- */

static void
fill (const char *path,
      gint        customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20270301);
  gint64 count, start;
  double seconds;

  if (!(store = cube_store_open_sqlite (path, &error)))
    die (path, error);
  if (!cube_store_set_user (store, g_get_user_name (), &error))
    die ("user", error);
  if ((count = cube_store_count_customers (store, &error)) < 0)
    die ("count", error);
  g_print ("database: %s (%" G_GINT64_FORMAT " customers)\n", path, count);
  if (count >= customers)
    return;

  if (!(assignments = cube_store_list_assignments (store, FALSE, &error)))
    die ("assignments", error);
  if (assignments->len > 0)
    assignment = g_object_ref (g_ptr_array_index (assignments, 0));
  else
    {
      g_autoptr(CubeDataOwner) owner = NULL;
      g_autoptr(CubeDataset) dataset = NULL;

      if (!(owner = cube_store_add_data_owner (store, "Benk AS", "Benk AS", "Måling", &error))
          || !(dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error))
          || !(assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Benk", &error)))
        die ("setup", error);
    }

  /* The rest in one transaction, through the one add function. */
  start = g_get_monotonic_time ();
  if (!cube_store_begin (store, &error))
    die ("begin", error);
  for (gint64 i = count; i < customers; i++)
    {
      g_autoptr(CubeCustomer) customer = NULL;
      char phone[16];

      draft->assignment_id = cube_assignment_get_id (assignment);
      g_free (draft->customer_key);
      draft->customer_key = g_strdup_printf ("S%07" G_GINT64_FORMAT, i);
      g_free (draft->name);
      /* One in ten without a name: the table shows those as plain text. */
      draft->name = i % 10 == 9 ? NULL
        : g_strdup_printf ("%s %s", first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                           surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]);
      g_ptr_array_set_size (draft->phones, 0);
      g_snprintf (phone, sizeof phone, "%08u", 90000000 + g_rand_int_range (rand, 0, 10000000));
      cube_customer_draft_add_phone (draft, phone);
      if (!(customer = cube_store_add_customer (store, draft, CUBE_SOURCE_IMPORT, "cube-bench-startup", &error)))
        die ("add customer", error);
    }
  if (!cube_store_commit (store, &error))
    die ("commit", error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("filled: %" G_GINT64_FORMAT " customers in %.1f s\n", customers - count, seconds);
}

/* ---- measuring (in the child) -------------------------------------------- */

typedef struct {
  GtkApplication *app;
  GtkWidget      *window;
  GdkFrameClock  *clock;
  gint64          main_start;     /* monotonic, at main() */
  gint64          gtk_start;      /* monotonic, before GTK initialises */
  double          since_exec;     /* s, process start to first frame */
  gint64          first_frame;
  guint64         paints;
  gboolean        waiting;        /* for the frame after a scroll step */
  gint64          step_start;
  gint64          frame_start;    /* before-paint of the frame being drawn */
  GArray         *jump_ms;
  GArray         *sequential_ms;
  GArray         *jump_work_ms;   /* before-paint to after-paint */
  GArray         *sequential_work_ms;
  guint           steps;
  guint           step;
  guint           n_items;
  gboolean        last_row_loaded;
} Bench;

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line ? strtol (line + strlen (field), NULL, 10) : -1;
}

/* Seconds since the kernel started this process (10 ms resolution). */
static double
seconds_since_exec (void)
{
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  const char *p;
  unsigned long long start_ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL)
      || !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL)
      || !(p = strrchr (stat, ')')))
    return -1;
  /* Field 22, starttime; the fields after the command name start at 3. */
  p += 2;
  for (int field = 3; field < 22 && p; field++)
    p = strchr (p, ' ') ? strchr (p, ' ') + 1 : NULL;
  if (p == NULL || sscanf (p, "%llu", &start_ticks) != 1)
    return -1;
  return g_ascii_strtod (uptime, NULL) - (double) start_ticks / sysconf (_SC_CLK_TCK);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_frames (const char *what,
              GArray     *samples)
{
  if (samples->len == 0)
    return;
  g_array_sort (samples, compare_doubles);
  g_print ("%s: %u frames, median %.1f ms, p95 %.1f ms, max %.1f ms\n", what, samples->len,
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, (guint) (0.95 * (samples->len - 1))),
           g_array_index (samples, double, samples->len - 1));
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

static GtkAdjustment *
table_adjustment (Bench *bench)
{
  GtkWidget *view = find_descendant (bench->window, GTK_TYPE_COLUMN_VIEW);

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
}

static void finish (Bench *bench);

/* Moves the table on by one step; the frame drawn after it ends the step.
 * First --steps jumps spread over the whole table, then back a number of
 * viewports from the bottom and down again one viewport at a time. */
static gboolean
scroll_step_cb (gpointer data)
{
  Bench *bench = data;
  GtkAdjustment *adjustment = table_adjustment (bench);
  double page = gtk_adjustment_get_page_size (adjustment);
  double bottom = gtk_adjustment_get_upper (adjustment) - page;
  double value;

  if (bench->step < bench->steps)
    value = bottom * (bench->step + 1) / bench->steps;
  else if (bench->step <= bench->steps + SEQUENTIAL_STEPS)
    value = bottom - page * (bench->steps + SEQUENTIAL_STEPS - bench->step);
  else
    {
      finish (bench);
      return G_SOURCE_REMOVE;
    }
  bench->waiting = TRUE;
  bench->step_start = g_get_monotonic_time ();
  gtk_adjustment_set_value (adjustment, MAX (value, 0));
  gtk_widget_queue_draw (bench->window);
  return G_SOURCE_REMOVE;
}

static gboolean
start_scrolling_cb (gpointer data)
{
  Bench *bench = data;
  GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (bench->window, GTK_TYPE_COLUMN_VIEW));

  bench->n_items = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
  g_print ("rows in the table: %u\n", bench->n_items);
  g_print ("memory after the first frame: VmRSS %.1f MB (anonymous %.1f MB, files %.1f MB)\n",
           status_kb ("VmRSS:") / 1024.0, status_kb ("RssAnon:") / 1024.0, status_kb ("RssFile:") / 1024.0);
  scroll_step_cb (bench);
  return G_SOURCE_REMOVE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  double work = (now - bench->frame_start) / 1e3;

  bench->paints++;
  if (bench->first_frame == 0)
    {
      bench->first_frame = now;
      bench->since_exec = seconds_since_exec ();
      g_print ("first frame: %.3f s after process start, %.3f s after main(), %.3f s after GTK init began\n",
               bench->since_exec, (now - bench->main_start) / 1e6, (now - bench->gtk_start) / 1e6);
      /* Let the window settle, then scroll. */
      g_timeout_add (500, start_scrolling_cb, bench);
      return;
    }
  if (!bench->waiting)
    return;
  bench->waiting = FALSE;
  if (bench->step < bench->steps)
    {
      double ms = (now - bench->step_start) / 1e3;
      g_array_append_val (bench->jump_ms, ms);
      g_array_append_val (bench->jump_work_ms, work);
    }
  else if (bench->step > bench->steps)
    {
      double ms = (now - bench->step_start) / 1e3;
      g_array_append_val (bench->sequential_ms, ms);
      g_array_append_val (bench->sequential_work_ms, work);
    }
  bench->step++;
  g_idle_add (scroll_step_cb, bench);
}

static void
window_realize_cb (GtkWidget *window,
                   Bench     *bench)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  bench->clock = gdk_surface_get_frame_clock (surface);
  g_signal_connect (bench->clock, "before-paint", G_CALLBACK (before_paint_cb), bench);
  g_signal_connect (bench->clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL)
    return;
  bench->window = GTK_WIDGET (window);
  g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), bench);
}

static void
finish (Bench *bench)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (bench->window, GTK_TYPE_COLUMN_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(CubeCustomer) last = NULL;
  GtkAdjustment *adjustment = table_adjustment (bench);

  if (bench->n_items > 0)
    last = g_list_model_get_item (model, bench->n_items - 1);
  g_print ("scrolled to %.0f of %.0f px; last row: %s\n",
           gtk_adjustment_get_value (adjustment),
           gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment),
           last ? cube_customer_get_customer_key (last) : "(not loaded)");
  /* From the scroll to the frame drawn (this includes waiting for the
   * frame clock), and the frame's own work (layout, bind, snapshot, paint). */
  print_frames ("jumps across the table, scroll to frame drawn", bench->jump_ms);
  print_frames ("jumps across the table, frame work", bench->jump_work_ms);
  print_frames ("a viewport at a time at the bottom, scroll to frame drawn", bench->sequential_ms);
  print_frames ("a viewport at a time at the bottom, frame work", bench->sequential_work_ms);
  g_print ("memory after scrolling to the bottom: VmRSS %.1f MB (anonymous %.1f MB, files %.1f MB), "
           "peak VmHWM %.1f MB\n",
           status_kb ("VmRSS:") / 1024.0, status_kb ("RssAnon:") / 1024.0, status_kb ("RssFile:") / 1024.0,
           status_kb ("VmHWM:") / 1024.0);
  g_signal_handlers_disconnect_by_data (bench->clock, bench);
  g_application_quit (G_APPLICATION (bench->app));
}

static int
measure (const char *path,
         guint       steps,
         gint64      main_start)
{
  g_autoptr(CubeApplication) app = NULL;
  Bench bench = { 0 };
  char *argv[] = { (char *) "cube", (char *) "--database", (char *) path, NULL };
  int status;

  bench.main_start = main_start;
  bench.steps = steps;
  bench.jump_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.sequential_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.jump_work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.sequential_work_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* What main.c does; GTK initialises in the application's startup. */
  app = cube_application_new ();
  bench.app = GTK_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &bench);
  bench.gtk_start = g_get_monotonic_time ();
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_array_unref (bench.jump_ms);
  g_array_unref (bench.sequential_ms);
  g_array_unref (bench.jump_work_ms);
  g_array_unref (bench.sequential_work_ms);
  if (bench.first_frame == 0)
    {
      g_printerr ("cube-bench-startup: the window drew no frame\n");
      return 1;
    }
  return status;
}

int
main (int    argc,
      char **argv)
{
  gint64 main_start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *database = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *self = NULL;
  gint customers = 1000000;
  gint steps = 1000;
  gboolean child = FALSE;
  GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &customers, "Customers in the database (default 1000000)", "N" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      "Database file, filled up to N customers and kept (default: a temporary file, removed)", "FILE" },
    { "steps", 's', 0, G_OPTION_ARG_INT, &steps, "Jumps from the top to the bottom of the table (default 1000)", "N" },
    { "measure", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new ("— time Cube's start-up and scrolling over many customers");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cube-bench-startup: %s\n", error->message);
      return 2;
    }
  if (customers < 1 || steps < 1)
    {
      g_printerr ("cube-bench-startup: --customers and --steps must be at least 1\n");
      return 2;
    }
  if (child)
    return measure (database, steps, main_start);

  if (database == NULL)
    {
      if (!(temp_dir = g_dir_make_tmp ("cube-bench-XXXXXX", &error)))
        die ("temporary directory", error);
      database = g_build_filename (temp_dir, "bench.db", NULL);
    }
  fill (database, customers);

  /* The measurement in a fresh process: nothing of the fill is warm in it
   * but what the operating system caches. */
  {
    g_autofree char *steps_arg = g_strdup_printf ("--steps=%d", steps);
    g_autofree char *database_arg = g_strdup_printf ("--database=%s", database);
    char *child_argv[] = { NULL, (char *) "--measure", database_arg, steps_arg, NULL };
    int status = 1;

    self = g_file_read_link ("/proc/self/exe", &error);
    if (self == NULL)
      die ("/proc/self/exe", error);
    child_argv[0] = self;
    if (!g_spawn_sync (NULL, child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                       &status, &error))
      die ("starting the measurement", error);
    if (!g_spawn_check_wait_status (status, &error))
      die ("the measurement", error);
  }

  if (temp_dir != NULL)
    {
      g_autofree char *wal = g_strconcat (database, "-wal", NULL);
      g_autofree char *shm = g_strconcat (database, "-shm", NULL);

      g_unlink (database);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (temp_dir);
    }
  return 0;
}
