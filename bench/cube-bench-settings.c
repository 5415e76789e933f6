/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures the supervisor's heavy paths on a filled database: changing a
 * field's type (every value converted), turning on unique-if-filled,
 * exporting the assignment as CSV (rows/s and peak memory), the overview,
 * and lock_next when the first customers are cooling down.
 *
 *   cube-bench-settings [--customers N] [--attempted N] [--database FILE]
 */

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>

#include <fcntl.h>
#include <gio/gunixoutputstream.h>

#include "cube-core.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static long
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
check (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

int
main (int argc, char *argv[])
{
  int customers = 100000;
  int attempted = 2000;
  g_autofree char *database = NULL;
  GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &customers, "Customers to create", "N" },
    { "attempted", 0, 0, G_OPTION_ARG_INT, &attempted, "Customers given an attempt just now", "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "Database file (default: temporary)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeOutcome) no_answer = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(CubeFieldDef) updated = NULL;
  g_autoptr(CubeOverview) overview = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *dir = NULL;
  gint64 start;
  long rss_before;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (database == NULL)
    {
      dir = g_dir_make_tmp ("cube-bench-XXXXXX", &error);
      check (error);
      database = g_build_filename (dir, "bench.db", NULL);
    }

  store = cube_store_open_sqlite (database, &error);
  check (error);
  cube_store_set_user (store, "bench", &error);
  check (error);
  owner = cube_store_add_data_owner (store, "Bench", NULL, NULL, &error);
  check (error);
  dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error);
  check (error);
  assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Bench", &error);
  check (error);
  no_answer = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Ikke svar",
                                      CUBE_OUTCOME_ATTEMPT, FALSE, FALSE, &error);
  check (error);
  field = cube_store_add_field (store, cube_dataset_get_id (dataset), "amount", "Beløp", CUBE_FIELD_TEXT,
                                FALSE, FALSE, NULL, NULL, &error);
  check (error);

  start = g_get_monotonic_time ();
  cube_store_begin (store, &error);
  check (error);
  for (int i = 0; i < customers; i++)
    {
      g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
      g_autoptr(CubeCustomer) customer = NULL;
      g_autofree char *amount = g_strdup_printf ("%d,%02d", i, i % 100);

      draft->assignment_id = cube_assignment_get_id (assignment);
      draft->customer_key = g_strdup_printf ("%08d", i);
      draft->name = g_strdup_printf ("Kunde %d, \"test\"", i);
      cube_customer_draft_add_phone (draft, "91234567");
      cube_customer_draft_set_field (draft, "amount", amount);
      customer = cube_store_add_customer (store, draft, CUBE_SOURCE_IMPORT, NULL, &error);
      check (error);
    }
  cube_store_commit (store, &error);
  check (error);
  printf ("add %d customers: %.2f s\n", customers, seconds_since (start));

  start = g_get_monotonic_time ();
  updated = cube_store_update_field (store, cube_field_def_get_id (field), NULL, "Beløp", CUBE_FIELD_NUMBER,
                                     FALSE, FALSE, NULL, NULL, &error);
  check (error);
  printf ("field type text → number, %d values converted: %.2f s\n", customers, seconds_since (start));
  g_clear_object (&updated);
  start = g_get_monotonic_time ();
  updated = cube_store_update_field (store, cube_field_def_get_id (field), NULL, "Beløp", CUBE_FIELD_NUMBER,
                                     FALSE, TRUE, NULL, NULL, &error);
  check (error);
  printf ("turn on unique-if-filled over %d values: %.3f s\n", customers, seconds_since (start));

  /* The first customers get an attempt now, and a 60-minute cool-down. */
  changed = cube_store_update_assignment (store, cube_assignment_get_id (assignment), "Bench",
                                          cube_dataset_get_id (dataset), CUBE_VISIBILITY_ALL, NULL, NULL, NULL,
                                          5, 60, &error);
  check (error);
  start = g_get_monotonic_time ();
  for (int i = 0; i < attempted && i < customers; i++)
    {
      g_autoptr(CubeCustomer) customer = cube_store_lock_next (store, cube_assignment_get_id (assignment), &error);
      g_autoptr(CubeCustomer) done = NULL;

      check (error);
      done = cube_store_register_outcome (store, cube_customer_get_id (customer), cube_outcome_get_id (no_answer),
                                          0, NULL, &error);
      check (error);
    }
  printf ("lock next + register attempt, %d times: %.2f s (%.2f ms each)\n", attempted, seconds_since (start),
          seconds_since (start) * 1000 / MAX (attempted, 1));
  start = g_get_monotonic_time ();
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(CubeCustomer) customer = cube_store_lock_next (store, cube_assignment_get_id (assignment), &error);

      check (error);
      cube_store_release_lock (store, cube_customer_get_id (customer), &error);
      check (error);
    }
  printf ("lock next past %d cooling-down customers (+ release): %.3f ms each\n", attempted,
          seconds_since (start) * 10);

  start = g_get_monotonic_time ();
  overview = cube_store_get_overview (store, cube_assignment_get_id (assignment), 0, 0, &error);
  check (error);
  printf ("overview (%" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " outcomes): %.3f s\n",
          cube_overview_get_customers (overview), cube_overview_get_count (overview, NULL, G_MAXUINT),
          seconds_since (start));

  out = g_unix_output_stream_new (g_open ("/dev/null", O_WRONLY, 0), TRUE);
  rss_before = max_rss_kb ();
  start = g_get_monotonic_time ();
  cube_store_export_customers (store, cube_assignment_get_id (assignment), out, CUBE_CSV_BOM, NULL, &error);
  check (error);
  printf ("export %d customers as CSV: %.2f s (%.0f rows/s); peak memory %ld → %ld kB\n", customers,
          seconds_since (start), customers / seconds_since (start), rss_before, max_rss_kb ());

  g_clear_object (&store);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (database, "-wal", NULL);
      g_autofree char *shm = g_strconcat (database, "-shm", NULL);

      g_unlink (database);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
