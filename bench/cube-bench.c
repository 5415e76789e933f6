/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fills a database with customers through the core's one add function and
 * measures the insert rate, one add, and first-page search latency.
 *
 *   cube-bench [--customers N] [--database FILE] [--queries N]
 */

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cube-core.h"

#define BATCH_ROWS 50000
#define SINGLE_ADDS 100
#define PAGE 50

static const char * const first_names[] = {
  "Øystein", "Åse", "Bjørn", "Kari", "Ole", "Ingrid", "Håkon", "Sigrid", "Lars", "Solveig",
  "Tor", "Ragnhild", "Knut", "Astrid", "Jørgen", "Hanne", "Pål", "Gunn", "Espen", "Marit",
  "Sindre", "Tone", "Geir", "Linn", "Ståle", "Ellen", "Even", "Trude", "Arne", "Berit",
  "Vegard", "Kjersti", "Ørjan", "Synnøve", "Magnus", "Nora", "Henrik", "Ida", "Jonas", "Emma",
  "Sverre", "Eli", "Terje", "Mette", "Håvard", "Gro", "Kåre", "Liv", "Aslak", "Siri",
};

static const char * const surnames[] = {
  "Ås", "Bråten", "Sæther", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
  "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
  "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen",
  "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
  "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
  "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Bøe",
};

typedef struct {
  guint first;
  guint last;
  guint32 phone;
} Row;

/* An e-mail local part for a Norwegian name: æ→ae, ø→o, å→a, lower case. */
static char *
ascii_name (const char *name)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (c == 0xE6)
        g_string_append (out, "ae");
      else if (c == 0xF8)
        g_string_append_c (out, 'o');
      else if (c == 0xE5)
        g_string_append_c (out, 'a');
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
fill_draft (CubeCustomerDraft *draft,
            gint64             assignment_id,
            guint              index,
            const Row         *row)
{
  g_autofree char *first = ascii_name (first_names[row->first]);
  g_autofree char *last = ascii_name (surnames[row->last]);
  char phone[16];

  draft->assignment_id = assignment_id;
  g_free (draft->customer_key);
  draft->customer_key = g_strdup_printf ("K%07u", index);
  g_free (draft->name);
  draft->name = g_strdup_printf ("%s %s", first_names[row->first], surnames[row->last]);
  g_free (draft->email);
  draft->email = g_strdup_printf ("%s.%s%u@example.no", first, last, index % 1000);
  g_ptr_array_set_size (draft->phones, 0);
  g_snprintf (phone, sizeof phone, "%08u", row->phone);
  cube_customer_draft_add_phone (draft, phone);
}

static void
random_row (GRand *rand,
            Row   *row)
{
  row->first = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names));
  row->last = g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames));
  /* Norwegian mobile numbers start with 4 or 9. */
  row->phone = (g_rand_boolean (rand) ? 40000000 : 90000000) + g_rand_int_range (rand, 0, 10000000);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static G_GNUC_NORETURN void
die (const char *what,
     GError     *error)
{
  g_printerr ("cube-bench: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

typedef enum {
  QUERY_CUSTOMER_KEY,
  QUERY_PHONE_PREFIX,
  QUERY_NAME_SUBSTRING,
  QUERY_EMAIL_SUBSTRING,
  QUERY_NAME_START,
} QueryKind;

static const char * const query_names[] = {
  "Kundeid (exact)",
  "phone prefix (5 digits)",
  "name substring (4 letters)",
  "e-mail substring",
  "name start (1 or 2 letters)",
};

static char *
make_query (QueryKind   kind,
            GRand      *rand,
            const Row  *rows,
            guint       n_rows)
{
  guint index = g_rand_int_range (rand, 0, n_rows);
  const Row *row = &rows[index];

  switch (kind)
    {
    case QUERY_CUSTOMER_KEY:
      return g_strdup_printf ("K%07u", index);
    case QUERY_PHONE_PREFIX:
      return g_strdup_printf ("%05u", row->phone / 1000);
    case QUERY_NAME_SUBSTRING:
      {
        /* Four letters from inside a name, lower case: "råte", "ystei". */
        const char *name = g_rand_boolean (rand) ? surnames[row->last] : first_names[row->first];
        glong length = g_utf8_strlen (name, -1);
        glong start = length > 4 ? g_rand_int_range (rand, 0, length - 3) : 0;
        g_autofree char *part = g_utf8_substring (name, start, MIN (start + 4, length));

        return g_utf8_strdown (part, -1);
      }
    case QUERY_EMAIL_SUBSTRING:
      {
        g_autofree char *first = ascii_name (first_names[row->first]);
        g_autofree char *last = ascii_name (surnames[row->last]);

        return g_strdup_printf ("%s.%s", first, last);
      }
    case QUERY_NAME_START:
      /* What a user has typed so far: "ø", "Bj". */
      return g_utf8_substring (first_names[row->first], 0, g_rand_boolean (rand) ? 1 : 2);
    default:
      g_assert_not_reached ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20270301);
  g_autoptr(GArray) single = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *database = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *owner_name = NULL;
  g_autofree Row *rows = NULL;
  gint customers = 1000000;
  gint queries = 200;
  gint64 assignment_id;
  gint64 start, total_start;
  double seconds;
  GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT, &customers, "Customers to insert (default 1000000)", "N" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "Database file (default: a temporary file, removed)", "FILE" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &queries, "Searches of each kind (default 200)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— fill a Cube database and time adds and searches");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cube-bench: %s\n", error->message);
      return 2;
    }
  if (customers < 1 || queries < 1)
    {
      g_printerr ("cube-bench: --customers and --queries must be at least 1\n");
      return 2;
    }

  if (database == NULL)
    {
      if (!(temp_dir = g_dir_make_tmp ("cube-bench-XXXXXX", &error)))
        die ("temporary directory", error);
      database = g_build_filename (temp_dir, "bench.db", NULL);
    }
  total_start = g_get_monotonic_time ();

  if (!(store = cube_store_open_sqlite (database, &error)))
    die (database, error);
  if (!cube_store_set_user (store, "bench", &error))
    die ("user", error);
  /* A fresh data owner each run, so an existing file can be reused. */
  owner_name = g_strdup_printf ("Benk AS %" G_GINT64_FORMAT, g_get_real_time ());
  if (!(owner = cube_store_add_data_owner (store, owner_name, owner_name, "Måling", &error)))
    die ("data owner", error);
  if (!(dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error)))
    die ("dataset", error);
  if (!(assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), "Benk", &error)))
    die ("assignment", error);
  assignment_id = cube_assignment_get_id (assignment);

  g_print ("database: %s\n", database);

  /* The load: batches of BATCH_ROWS adds, one transaction each. */
  rows = g_new (Row, customers);
  start = g_get_monotonic_time ();
  for (gint i = 0; i < customers; i++)
    {
      g_autoptr(CubeCustomer) customer = NULL;

      if (i % BATCH_ROWS == 0 && !cube_store_begin (store, &error))
        die ("begin", error);
      random_row (rand, &rows[i]);
      fill_draft (draft, assignment_id, i, &rows[i]);
      if (!(customer = cube_store_add_customer (store, draft, CUBE_SOURCE_IMPORT, "cube-bench", &error)))
        die ("add customer", error);
      if ((i + 1) % BATCH_ROWS == 0 || i + 1 == customers)
        {
          if (!cube_store_commit (store, &error))
            die ("commit", error);
        }
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("insert: %d rows in %.1f s (%.0f rows/s)\n", customers, seconds, customers / seconds);

  /* One add as the dialog does it: its own transaction. */
  for (guint i = 0; i < SINGLE_ADDS; i++)
    {
      g_autoptr(CubeCustomer) customer = NULL;
      Row row;
      double ms;

      random_row (rand, &row);
      fill_draft (draft, assignment_id, customers + i, &row);
      start = g_get_monotonic_time ();
      if (!(customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error)))
        die ("single add", error);
      ms = (g_get_monotonic_time () - start) / 1e3;
      g_array_append_val (single, ms);
    }
  g_print ("single add: median %.2f ms, p95 %.2f ms (%u adds, one transaction each)\n",
           percentile (single, 0.5), percentile (single, 0.95), SINGLE_ADDS);

  /* First page of each kind of search. */
  for (guint kind = 0; kind < G_N_ELEMENTS (query_names); kind++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      guint64 hits = 0;

      for (gint i = 0; i < queries; i++)
        {
          g_autofree char *text = make_query (kind, rand, rows, customers);
          g_autoptr(GPtrArray) found = NULL;
          double ms;

          start = g_get_monotonic_time ();
          if (!(found = cube_store_search_customers (store, text, 0, PAGE, &error)))
            die ("search", error);
          ms = (g_get_monotonic_time () - start) / 1e3;
          g_array_append_val (samples, ms);
          if (found->len == 0)
            g_printerr ("cube-bench: warning: “%s” found nothing\n", text);
          hits += found->len;
        }
      g_print ("search %s: median %.2f ms, p95 %.2f ms (%d queries, %.1f rows per page)\n",
               query_names[kind], percentile (samples, 0.5), percentile (samples, 0.95),
               queries, (double) hits / queries);
    }

  g_print ("peak RSS: %.1f MB\n", peak_rss_kb () / 1024.0);
  g_print ("total: %.1f s\n", (g_get_monotonic_time () - total_start) / 1e6);

  g_clear_object (&store);
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
