/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Imports a file into an assignment through the CubeImportJob API in this
 * process and prints what it took: rows/s, the phases, peak memory, and a
 * search for an imported customer right after.
 *
 *   cube-bench-import --database FILE --assignment A [--user LOGIN]
 *                     [--on-duplicate skip|update|fail] [--dry-run]
 *                     [--in-transaction] [--search TEXT]… FILE.xlsx|.ods|.csv
 *   cube-bench-import --read-only FILE
 *
 * --read-only only streams the file's rows through the sheet reader (no
 * database): the reader's share of an import. *
 * --in-transaction runs the import inside an outer transaction, as cube-cli
 * does (its commands run in one), so the job's own becomes a savepoint.
 *
 * The database is changed (the import is committed unless --dry-run): give
 * it a copy (bench/import-bench.sh does).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cube-core.h"
#include "import/cube-import-job.h"

#define PAGE 50

/* What the progress reports showed, for the phases. */
typedef struct {
  gint64  start;
  gint64  last_report;       /* when the last report came */
  guint64 last_rows;
  double  last_fraction;
  gint64  read_done;         /* first report with every input byte read, or 0 */
  guint   reports;
} Progress;

static gboolean
count_row (const CubeSheetRow *row,
           gpointer            user_data,
           GError            **error)
{
  guint64 *rows = user_data;
  gsize bytes = 0;

  /* Touch every cell, as a consumer would. */
  for (guint i = 0; i < row->n_cells; i++)
    bytes += row->cells[i] ? strlen (row->cells[i]) : 0;
  (*rows)++;
  return bytes < G_MAXSIZE;
}

static long
status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  return line ? strtol (line + strlen (key), NULL, 10) : -1;
}

static G_GNUC_NORETURN void
die (const char *what,
     GError     *error)
{
  g_printerr ("cube-bench-import: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
on_progress (const CubeImportProgress *progress,
             gpointer                  user_data)
{
  Progress *p = user_data;

  p->last_report = g_get_monotonic_time ();
  p->last_rows = progress->rows_done;
  p->last_fraction = progress->fraction;
  p->reports++;
  if (p->read_done == 0 && progress->fraction >= 1.0)
    p->read_done = p->last_report;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeImportJob) job = NULL;
  g_autofree char *database = NULL;
  g_autofree char *assignment_spec = NULL;
  g_autofree char *user = NULL;
  g_autofree char *duplicate = NULL;
  g_auto(GStrv) searches = NULL;
  g_auto(GStrv) files = NULL;
  gboolean dry_run = FALSE;
  gboolean in_transaction = FALSE;
  gboolean read_only = FALSE;
  CubeImportDuplicateMode mode = CUBE_IMPORT_DUPLICATE_SKIP;
  const CubeImportSummary *summary;
  Progress progress = { 0 };
  gint64 start, phase;
  double open_s, setup_s, run_s, total_s;
  guint64 rows;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The database (changed: give a copy)", "FILE" },
    { "assignment", 'a', 0, G_OPTION_ARG_STRING, &assignment_spec, "The assignment: id or name", "A" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "Import as LOGIN (default: bench)", "LOGIN" },
    { "on-duplicate", 0, 0, G_OPTION_ARG_STRING, &duplicate, "skip (default), update or fail", "MODE" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Read and check every row, write nothing", NULL },
    { "in-transaction", 0, 0, G_OPTION_ARG_NONE, &in_transaction,
      "Run inside an outer transaction, as cube-cli does", NULL },
    { "read-only", 0, 0, G_OPTION_ARG_NONE, &read_only,
      "Only stream the rows through the sheet reader (no database)", NULL },
    { "search", 's', 0, G_OPTION_ARG_STRING_ARRAY, &searches,
      "Search for TEXT right after the import (repeat)", "TEXT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE" },
    { NULL }
  };

  context = g_option_context_new ("FILE — import a spreadsheet through CubeImportJob and time it");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cube-bench-import: %s\n", error->message);
      return 2;
    }
  if (read_only && files != NULL && files[0] != NULL && files[1] == NULL)
    {
      g_autoptr(CubeSheetReader) reader = NULL;
      guint64 n = 0;

      start = g_get_monotonic_time ();
      if (!(reader = cube_sheet_reader_open (files[0], &error)))
        die (files[0], error);
      if (!cube_sheet_reader_read (reader, 0, count_row, &n, NULL, &error))
        die (files[0], error);
      total_s = seconds_since (start);
      g_print ("file: %s\n", files[0]);
      g_print ("read only (sheet reader, header included): %" G_GUINT64_FORMAT " rows in %.2f s, %.0f rows/s\n",
               n, total_s, n / total_s);
      g_print ("peak RSS (VmHWM): %.1f MB\n", status_kb ("VmHWM:") / 1024.0);
      return 0;
    }
  if (database == NULL || assignment_spec == NULL || files == NULL || files[0] == NULL || files[1] != NULL)
    {
      g_printerr ("cube-bench-import: give --database, --assignment and one FILE\n");
      return 2;
    }
  if (duplicate != NULL && !cube_import_duplicate_mode_from_string (duplicate, &mode))
    {
      g_printerr ("cube-bench-import: --on-duplicate is skip, update or fail\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  if (!(store = cube_store_open_sqlite (database, &error)))
    die (database, error);
  if (!cube_store_set_user (store, user ? user : "bench", &error))
    die ("user", error);
  if (!(assignment = cube_store_find_assignment (store, assignment_spec, &error)))
    die (assignment_spec, error);

  phase = g_get_monotonic_time ();
  if (!(job = cube_import_job_new (store, files[0], &error)))
    die (files[0], error);
  open_s = seconds_since (phase);

  phase = g_get_monotonic_time ();
  if (!cube_import_job_set_assignment (job, cube_assignment_get_id (assignment), &error))
    die ("assignment", error);
  cube_import_job_set_duplicate_mode (job, mode);
  cube_import_job_set_dry_run (job, dry_run);
  setup_s = seconds_since (phase);

  progress.start = g_get_monotonic_time ();
  cube_import_job_set_progress_func (job, on_progress, &progress, NULL);
  if (in_transaction && !cube_store_begin (store, &error))
    die ("begin", error);
  if (!cube_import_job_run (job, NULL, &error))
    die ("import", error);
  if (in_transaction && !cube_store_commit (store, &error))
    die ("commit", error);
  run_s = seconds_since (progress.start);
  total_s = seconds_since (start);

  summary = cube_import_job_get_summary (job);
  rows = summary->added + summary->updated + summary->skipped + summary->rejected;
  g_print ("file: %s\n", files[0]);
  g_print ("rows: %" G_GUINT64_FORMAT " (added %" G_GUINT64_FORMAT ", updated %" G_GUINT64_FORMAT
           ", skipped %" G_GUINT64_FORMAT ", rejected %" G_GUINT64_FORMAT ")%s\n",
           rows, summary->added, summary->updated, summary->skipped, summary->rejected,
           dry_run ? " (dry run, nothing written)" : "");
  if (in_transaction)
    g_print ("inside an outer transaction (as cube-cli)\n");
  g_print ("open the file (cube_import_job_new): %.3f s\n", open_s);
  g_print ("set the assignment (fields, saved mapping): %.3f s\n", setup_s);
  g_print ("run (read, check, write, index, commit): %.2f s, %.0f rows/s (the job's own count: %.2f s)\n",
           run_s, rows / run_s, summary->seconds);
  if (progress.read_done != 0)
    g_print ("  whole file read after %.2f s; after that (last rows, index, commit): %.2f s\n",
             (progress.read_done - progress.start) / 1e6, run_s - (progress.read_done - progress.start) / 1e6);
  else if (progress.reports > 0)
    g_print ("  last progress report after %.2f s (%" G_GUINT64_FORMAT " rows, %.0f%% of the file); "
             "after it: %.2f s\n",
             (progress.last_report - progress.start) / 1e6, progress.last_rows,
             progress.last_fraction * 100, run_s - (progress.last_report - progress.start) / 1e6);
  g_print ("total in process (open the database to commit): %.2f s, %.0f rows/s\n", total_s, rows / total_s);

  for (guint i = 0; searches != NULL && searches[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      gint64 t = g_get_monotonic_time ();

      if (!(found = cube_store_search_customers (store, searches[i], 0, PAGE, &error)))
        die ("search", error);
      g_print ("search \"%s\" right after: %u hit(s) in %.2f ms\n", searches[i], found->len,
               (g_get_monotonic_time () - t) / 1e3);
      if (found->len == 0)
        {
          g_printerr ("cube-bench-import: \"%s\" found nothing\n", searches[i]);
          return 1;
        }
    }

  g_print ("peak RSS (VmHWM): %.1f MB\n", status_kb ("VmHWM:") / 1024.0);
  return 0;
}
