/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <stdio.h>

#include "cube-application.h"
#include "cube-bar-chart.h"
#include "cube-overview-window.h"

struct _CubeOverviewWindow
{
  GtkWindow             parent_instance;

  GtkDropDown          *assignment_dropdown;
  GtkDropDown          *period_dropdown;
  GtkWidget            *range_box;
  GtkEditable          *from_entry;
  GtkEditable          *until_entry;
  GtkCalendar          *from_calendar;
  GtkCalendar          *until_calendar;
  GtkLabel             *error_label;
  GtkLabel             *summary_label;
  CubeBarChart         *status_chart;
  CubeBarChart         *outcome_chart;
  CubeBarChart         *agent_chart;
  GtkWidget            *no_agents_label;
  GtkColumnView        *table;
  GtkLabel             *export_label;
  GtkSpinner           *export_spinner;

  CubeContext          *context;
  char                 *database;      /* for the customers export's own connection */
  GFile                *export_file;   /* when set, the export actions ask for no file */
  gboolean              exporting;
  GCancellable         *cancellable;   /* of the export in flight; cancelled on close */
  GListStore           *assignments;   /* CubeAssignment */
  GListStore           *rows;          /* GtkStringObject: agent logins, then all_row */
  GtkStringObject      *all_row;
  GHashTable           *names;         /* login → display name */
  CubeOverview         *overview;      /* as shown; NULL when it cannot be read */
  GStrv                 columns;       /* the outcome labels the table has columns for */
  GtkFileChooserNative *chooser;
  CubeOverviewExport    chooser_what;
  CubeCsvFlags          csv_flags;
  gboolean              loading;       /* filling the assignment list */
};

G_DEFINE_FINAL_TYPE (CubeOverviewWindow, cube_overview_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_DATABASE,
  PROP_EXPORT_FILE,
  PROP_EXPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The choices of the period drop-down, in its order. */
enum {
  PERIOD_TODAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
  PERIOD_CHOSEN,
};

/* The table column of the total. */
#define TOTAL_COLUMN G_MAXUINT

/* Excel in Norway opens these without asking. */
#define DEFAULT_CSV_FLAGS (CUBE_CSV_BOM | CUBE_CSV_SEMICOLON)

static CubeStore *
get_store (CubeOverviewWindow *self)
{
  return cube_context_get_store (self->context);
}

static CubeAssignment *
selected_assignment (CubeOverviewWindow *self)
{
  return gtk_drop_down_get_selected_item (self->assignment_dropdown);
}

static void
show_error (CubeOverviewWindow *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* @style is "field-error", "confirmation" or NULL. */
static void
show_export_message (CubeOverviewWindow *self,
                     const char         *message,
                     const char         *style)
{
  GtkWidget *label = GTK_WIDGET (self->export_label);

  gtk_label_set_text (self->export_label, message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  gtk_widget_remove_css_class (label, "confirmation");
  gtk_widget_remove_css_class (label, "field-error");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeOverviewWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export-table",
                                 self->overview != NULL && !self->exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export-customers",
                                 self->overview != NULL && !self->exporting);
}

static void
set_exporting (CubeOverviewWindow *self,
               gboolean            exporting)
{
  if (self->exporting == exporting)
    return;
  self->exporting = exporting;
  gtk_widget_set_visible (GTK_WIDGET (self->export_spinner), exporting);
  gtk_spinner_set_spinning (self->export_spinner, exporting);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
}

/* ---- the period -------------------------------------------------------- */

static GDateTime *
local_midnight (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                g_date_time_get_day_of_month (dt), 0, 0, 0);
}

/* The start of the day typed in @entry (dd.mm.yyyy), or NULL with @error. */
static GDateTime *
typed_day (GtkEditable  *entry,
           const char   *field,
           const char   *label,
           GError      **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *iso = NULL;
  int y, m, d;

  if (text[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field, _("Enter the day “%s” as dd.mm.yyyy"), label);
      return NULL;
    }
  if (!(iso = cube_normalize_date (text, field, label, error)))
    return NULL;
  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field, _("Enter the day “%s” as dd.mm.yyyy"), label);
      return NULL;
    }
  return g_date_time_new_local (y, m, d, 0, 0, 0);
}

/* The period chosen, as Unix times [@from, @until); FALSE with @error when
 * the days typed cannot be read. */
static gboolean
chosen_period (CubeOverviewWindow  *self,
               gint64              *from,
               gint64              *until,
               GError             **error)
{
  g_autoptr(GDateTime) today = local_midnight (cube_store_day_start (get_store (self), 0));
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  switch (gtk_drop_down_get_selected (self->period_dropdown))
    {
    case PERIOD_WEEK:
      /* Weeks start on Monday. */
      start = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));
      end = g_date_time_add_weeks (start, 1);
      break;
    case PERIOD_MONTH:
      start = g_date_time_add_days (today, 1 - g_date_time_get_day_of_month (today));
      end = g_date_time_add_months (start, 1);
      break;
    case PERIOD_CHOSEN:
      {
        g_autoptr(GDateTime) last = NULL;

        if (!(start = typed_day (self->from_entry, "from", _("From"), error)))
          return FALSE;
        if (!(last = typed_day (self->until_entry, "until", _("Until"), error)))
          return FALSE;
        /* Until and with the last day. */
        end = g_date_time_add_days (last, 1);
      }
      break;
    case PERIOD_TODAY:
    default:
      start = g_date_time_ref (today);
      end = g_date_time_add_days (today, 1);
      break;
    }
  *from = g_date_time_to_unix (start);
  *until = g_date_time_to_unix (end);
  return TRUE;
}

/* ---- showing the overview ---------------------------------------------- */

static const char *
display_name (CubeOverviewWindow *self,
              const char         *login)
{
  const char *name;

  if (login == NULL || login[0] == '\0')
    return "?";
  name = self->names ? g_hash_table_lookup (self->names, login) : NULL;
  return name && name[0] ? name : login;
}

static void
read_names (CubeOverviewWindow *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!(users = cube_store_list_users (get_store (self), &error)))
    {
      g_debug ("Cannot read the users: %s", error->message);
      return;
    }
  for (guint i = 0; i < users->len; i++)
    g_hash_table_insert (self->names, g_strdup (cube_user_get_login (users->pdata[i])),
                         g_strdup (cube_user_get_name (users->pdata[i])));
}

static char *
count_text (CubeOverviewWindow *self,
            GtkStringObject    *row,
            guint               column)
{
  const char *agent = row == self->all_row ? NULL : gtk_string_object_get_string (row);

  if (self->overview == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%" G_GINT64_FORMAT, cube_overview_get_count (self->overview, agent, column));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
count_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CubeOverviewWindow       *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "cube-column"));
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = count_text (self, row, column == 0 ? TOTAL_COLUMN : column - 1);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (row == self->all_row)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
agent_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
agent_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CubeOverviewWindow       *self)
{
  GtkStringObject *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  if (row == self->all_row)
    {
      gtk_label_set_text (GTK_LABEL (label), _("All agents"));
      gtk_widget_add_css_class (label, "heading");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), display_name (self, gtk_string_object_get_string (row)));
      gtk_widget_remove_css_class (label, "heading");
    }
}

static void
add_column (CubeOverviewWindow *self,
            const char         *title,
            guint               column,
            gboolean            agent)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  if (agent)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (agent_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (agent_bind_cb), self);
    }
  else
    {
      /* 0 is the total, n + 1 outcome n. */
      g_object_set_data (G_OBJECT (factory), "cube-column",
                         GUINT_TO_POINTER (column == TOTAL_COLUMN ? 0 : column + 1));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (count_bind_cb), self);
    }
  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_expand (view_column, agent);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->table, view_column);
}

/* A column per outcome of the overview: made again when they change. */
static void
update_columns (CubeOverviewWindow *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GListModel *columns = gtk_column_view_get_columns (self->table);
  guint n = self->overview ? cube_overview_get_n_outcomes (self->overview) : 0;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (labels, (gpointer) cube_overview_get_outcome_label (self->overview, i));
  g_ptr_array_add (labels, NULL);
  if (self->columns != NULL && g_strv_equal ((const char * const *) self->columns,
                                             (const char * const *) labels->pdata))
    return;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->table, column);
    }
  add_column (self, _("Agent"), 0, TRUE);
  for (guint i = 0; i < n; i++)
    add_column (self, labels->pdata[i], i, FALSE);
  add_column (self, _("Total"), TOTAL_COLUMN, FALSE);
  g_strfreev (self->columns);
  self->columns = g_strdupv ((char **) labels->pdata);
}

/* New row objects each time, so that every cell is bound again. */
static void
update_rows (CubeOverviewWindow *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *agents = self->overview ? cube_overview_get_agents (self->overview) : NULL;

  for (guint i = 0; agents != NULL && agents[i] != NULL; i++)
    g_ptr_array_add (rows, gtk_string_object_new (agents[i]));
  g_clear_object (&self->all_row);
  if (self->overview != NULL)
    {
      self->all_row = gtk_string_object_new ("");
      g_ptr_array_add (rows, g_object_ref (self->all_row));
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       rows->pdata, rows->len);
}

static void
update_charts (CubeOverviewWindow *self)
{
  CubeOverview *overview = self->overview;
  const char *status_labels[] = { _("Available"), _("Locked"), _("Follow-up"), _("Closed") };
  gint64 status_values[4] = { 0 };
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (gint64));
  const char * const *agents;
  guint n;

  if (overview == NULL)
    {
      cube_bar_chart_set_bars (self->status_chart, NULL, NULL, 0);
      cube_bar_chart_set_bars (self->outcome_chart, NULL, NULL, 0);
      cube_bar_chart_set_bars (self->agent_chart, NULL, NULL, 0);
      gtk_widget_set_visible (self->no_agents_label, TRUE);
      return;
    }

  status_values[0] = cube_overview_get_status_count (overview, CUBE_STATUS_AVAILABLE);
  status_values[1] = cube_overview_get_status_count (overview, CUBE_STATUS_LOCKED);
  status_values[2] = cube_overview_get_follow_ups (overview);
  status_values[3] = cube_overview_get_status_count (overview, CUBE_STATUS_CLOSED);
  cube_bar_chart_set_bars (self->status_chart, status_labels, status_values, G_N_ELEMENTS (status_values));

  n = cube_overview_get_n_outcomes (overview);
  for (guint i = 0; i < n; i++)
    {
      gint64 count = cube_overview_get_count (overview, NULL, i);

      g_ptr_array_add (labels, (gpointer) cube_overview_get_outcome_label (overview, i));
      g_array_append_val (values, count);
    }
  cube_bar_chart_set_bars (self->outcome_chart, (const char * const *) labels->pdata,
                           (const gint64 *) values->data, n);

  g_ptr_array_set_size (labels, 0);
  g_array_set_size (values, 0);
  agents = cube_overview_get_agents (overview);
  for (guint i = 0; agents[i] != NULL; i++)
    {
      gint64 count = cube_overview_get_count (overview, agents[i], G_MAXUINT);

      g_ptr_array_add (labels, (gpointer) display_name (self, agents[i]));
      g_array_append_val (values, count);
    }
  cube_bar_chart_set_bars (self->agent_chart, (const char * const *) labels->pdata,
                           (const gint64 *) values->data, labels->len);
  gtk_widget_set_visible (self->no_agents_label, labels->len == 0);
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_format (dt, "%d.%m.%Y");
}

static void
update_summary (CubeOverviewWindow *self)
{
  CubeOverview *overview = self->overview;
  g_autofree char *customers = NULL;
  g_autofree char *outcomes = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customers_text = NULL;
  g_autofree char *outcomes_text = NULL;
  gint64 n_customers, n_outcomes;

  if (overview == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }
  n_customers = cube_overview_get_customers (overview);
  n_outcomes = cube_overview_get_count (overview, NULL, G_MAXUINT);
  first = format_day (cube_overview_get_from (overview));
  /* The period ends before midnight of its last day. */
  last = format_day (cube_overview_get_until (overview) - 1);
  customers_text = g_strdup_printf ("%" G_GINT64_FORMAT, n_customers);
  outcomes_text = g_strdup_printf ("%" G_GINT64_FORMAT, n_outcomes);
  customers = g_strdup_printf (ngettext ("%s customer in the assignment", "%s customers in the assignment",
                                         (gulong) n_customers), customers_text);
  if (g_str_equal (first, last))
    outcomes = g_strdup_printf (ngettext ("%s outcome registered on %s", "%s outcomes registered on %s",
                                          (gulong) n_outcomes), outcomes_text, first);
  else
    outcomes = g_strdup_printf (ngettext ("%s outcome registered from %s to %s",
                                          "%s outcomes registered from %s to %s", (gulong) n_outcomes),
                                outcomes_text, first, last);
  text = g_strconcat (customers, " · ", outcomes, NULL);
  gtk_label_set_text (self->summary_label, text);
}

/* Asks the core for the overview of the assignment and period chosen. */
static void
refresh_overview (CubeOverviewWindow *self)
{
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(CubeOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from = 0, until = 0;

  gtk_widget_set_visible (self->range_box,
                          gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CHOSEN);
  if (assignment == NULL)
    show_error (self, _("There is no assignment to show"));
  else if (chosen_period (self, &from, &until, &error)
           && (overview = cube_store_get_overview (get_store (self), cube_assignment_get_id (assignment),
                                                   from, until, &error)) != NULL)
    show_error (self, NULL);
  else
    show_error (self, error->message);

  g_clear_object (&self->overview);
  self->overview = g_steal_pointer (&overview);
  read_names (self);
  update_columns (self);
  update_rows (self);
  update_charts (self);
  update_summary (self);
  update_actions (self);
}

/* Reads the assignments again, keeping the one chosen. */
static void
load_assignments (CubeOverviewWindow *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  CubeAssignment *current = selected_assignment (self);
  gint64 current_id = current ? cube_assignment_get_id (current) : 0;
  guint selected = 0;

  if (!(list = cube_store_list_assignments (get_store (self), FALSE, &error)))
    {
      g_debug ("Cannot read the assignments: %s", error->message);
      return;
    }
  self->loading = TRUE;
  g_list_store_splice (self->assignments, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assignments)),
                       list->pdata, list->len);
  for (guint i = 0; i < list->len; i++)
    if (cube_assignment_get_id (list->pdata[i]) == current_id)
      selected = i;
  gtk_drop_down_set_selected (self->assignment_dropdown, list->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;
}

/* ---- exports ----------------------------------------------------------- */

/* Records in a CSV file written by the core (quoted line breaks are part of
 * their field), the header row included. */
static gint64
count_csv_records (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autofree char *buffer = NULL;
  gboolean quoted = FALSE, pending = FALSE;
  gint64 records = 0;
  gssize n;

  if (in == NULL)
    return -1;
  buffer = g_malloc (64 * 1024);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 64 * 1024, cancellable, error)) > 0)
    for (gssize i = 0; i < n; i++)
      {
        if (buffer[i] == '"')
          quoted = !quoted;
        else if (buffer[i] == '\n' && !quoted)
          {
            records++;
            pending = FALSE;
            continue;
          }
        pending = TRUE;
      }
  if (n < 0)
    return -1;
  return records + (pending ? 1 : 0);
}

typedef struct {
  char               *database;
  char               *login;
  gint64              assignment_id;
  GFile              *file;
  CubeCsvFlags        flags;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->database);
  g_free (job->login);
  g_clear_object (&job->file);
  g_free (job);
}

/* Writes the customers of the job's assignment with @store; the rows
 * written, or -1 with @error (the file then stays as it was). */
static gint64
write_customers (CubeStore     *store,
                 ExportJob     *job,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = g_cancellable_new ();
  gint64 records;
  gboolean ok;

  if (!(out = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error)))
    return -1;
  ok = cube_store_export_customers (store, job->assignment_id, G_OUTPUT_STREAM (out), job->flags,
                                    cancellable, error);
  /* A failed export leaves an existing file as it was. */
  if (!ok)
    {
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
      return -1;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return -1;
  if ((records = count_csv_records (job->file, cancellable, error)) < 0)
    return -1;
  return MAX (records - 1, 0);
}

static void
export_customers_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rows;

  /* A connection of its own: the window's stays free for the main loop. */
  if (!(store = cube_store_open_sqlite (job->database, &error))
      || !cube_store_set_user (store, job->login, &error)
      || (rows = write_customers (store, job, cancellable, &error)) < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, rows);
}

static void
show_written (CubeOverviewWindow *self,
              GFile              *file,
              gint64              rows)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *rows_text = g_strdup_printf ("%" G_GINT64_FORMAT, rows);
  g_autofree char *message = g_strdup_printf (ngettext ("Wrote %s row to %s", "Wrote %s rows to %s",
                                                        (gulong) rows), rows_text, name);

  show_export_message (self, message, "confirmation");
}

static void
export_customers_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (source);
  GTask *task = G_TASK (result);
  ExportJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 rows = g_task_propagate_int (task, &error);

  /* Closed meanwhile: nothing left to show it in. */
  if (self->context == NULL)
    return;
  g_clear_object (&self->cancellable);
  set_exporting (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The customers were not exported: %s"), error->message);

      show_export_message (self, message, "field-error");
      return;
    }
  show_written (self, job->file, rows);
}

static void
export_customers (CubeOverviewWindow *self,
                  GFile              *file)
{
  g_autoptr(CubeUser) user = cube_context_dup_user (self->context);
  g_autoptr(GTask) task = NULL;
  CubeAssignment *assignment = selected_assignment (self);
  ExportJob *job;

  if (assignment == NULL || user == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->database = g_strdup (self->database);
  job->login = g_strdup (cube_user_get_login (user));
  job->assignment_id = cube_assignment_get_id (assignment);
  job->file = g_object_ref (file);
  job->flags = self->csv_flags;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_export_message (self, _("Exporting the customers…"), NULL);
  set_exporting (self, TRUE);
  task = g_task_new (self, self->cancellable, export_customers_done_cb, NULL);
  g_task_set_source_tag (task, export_customers);
  g_task_set_task_data (task, job, export_job_free);
  if (self->database != NULL)
    g_task_run_in_thread (task, export_customers_thread);
  else
    {
      /* No file to open a second connection to: the window's own, here. */
      g_autoptr(GError) error = NULL;
      gint64 rows = write_customers (get_store (self), job, self->cancellable, &error);

      if (rows < 0)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_int (task, rows);
    }
}

static void
export_table (CubeOverviewWindow *self,
              GFile              *file)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rows;

  if (self->overview == NULL)
    return;
  /* A row per agent and one for all of them. */
  rows = g_strv_length ((char **) cube_overview_get_agents (self->overview)) + 1;
  if (!(out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error))
      || !cube_store_export_overview (get_store (self), self->overview, G_OUTPUT_STREAM (out),
                                      self->csv_flags, NULL, &error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The table was not exported: %s"), error->message);

      if (out != NULL)
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        }
      show_export_message (self, message, "field-error");
      return;
    }
  show_written (self, file, rows);
}

static void
chooser_response_cb (GtkNativeDialog    *dialog,
                     int                 response,
                     CubeOverviewWindow *self)
{
  g_autoptr(GFile) file = NULL;
  const char *format;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
      self->csv_flags = g_strcmp0 (format, "comma") == 0 ? CUBE_CSV_DEFAULT : DEFAULT_CSV_FLAGS;
      cube_overview_window_export_to (self, file, self->chooser_what);
    }
  g_clear_object (&self->chooser);
}

/* Asks where to save @what, then saves it there. */
static void
choose_file (CubeOverviewWindow *self,
             CubeOverviewExport  what)
{
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *ids[] = { "semicolon", "comma", NULL };
  const char *labels[] = { _("Excel (semicolon, UTF-8 mark)"), _("Standard CSV (comma)"), NULL };

  if (self->export_file != NULL)
    {
      cube_overview_window_export_to (self, self->export_file, what);
      return;
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser_what = what;
  self->chooser = gtk_file_chooser_native_new (what == CUBE_OVERVIEW_EXPORT_TABLE
                                               ? _("Export the table") : _("Export the customers"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "format",
                               self->csv_flags == CUBE_CSV_DEFAULT ? "comma" : "semicolon");
  /* Translators: file names; %s is the assignment. */
  name = g_strdup_printf (what == CUBE_OVERVIEW_EXPORT_TABLE ? _("Overview %s.csv") : _("Customers %s.csv"),
                          assignment ? cube_assignment_get_name (assignment) : "");
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- callbacks --------------------------------------------------------- */

static void
context_changed_cb (CubeOverviewWindow *self)
{
  load_assignments (self);
  refresh_overview (self);
}

static void
choice_changed_cb (CubeOverviewWindow *self)
{
  if (!self->loading)
    refresh_overview (self);
}

static void
range_changed_cb (CubeOverviewWindow *self)
{
  if (gtk_drop_down_get_selected (self->period_dropdown) == PERIOD_CHOSEN)
    refresh_overview (self);
}

static void
set_day_from_calendar (GtkCalendar *calendar,
                       GtkEditable *entry)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d.%m.%Y");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (entry, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
from_day_selected_cb (CubeOverviewWindow *self)
{
  set_day_from_calendar (self->from_calendar, self->from_entry);
}

static void
until_day_selected_cb (CubeOverviewWindow *self)
{
  set_day_from_calendar (self->until_calendar, self->until_entry);
}

/* ---- actions ----------------------------------------------------------- */

static void
export_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_file (CUBE_OVERVIEW_WINDOW (widget), CUBE_OVERVIEW_EXPORT_TABLE);
}

static void
export_customers_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  choose_file (CUBE_OVERVIEW_WINDOW (widget), CUBE_OVERVIEW_EXPORT_CUSTOMERS);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_overview_window_constructed (GObject *object)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (object);
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *day = NULL;

  G_OBJECT_CLASS (cube_overview_window_parent_class)->constructed (object);

  g_return_if_fail (self->context != NULL);

  /* A chosen period starts as today. */
  today = g_date_time_new_from_unix_local (cube_store_now (get_store (self)));
  day = g_date_time_format (today, "%d.%m.%Y");
  gtk_editable_set_text (self->from_entry, day);
  gtk_editable_set_text (self->until_entry, day);

  load_assignments (self);
  refresh_overview (self);
  g_signal_connect_object (self->assignment_dropdown, "notify::selected",
                           G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->period_dropdown, "notify::selected",
                           G_CALLBACK (choice_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
cube_overview_window_dispose (GObject *object)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_OVERVIEW_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->export_file);
  g_clear_object (&self->overview);
  g_clear_object (&self->all_row);
  g_clear_object (&self->rows);
  g_clear_object (&self->assignments);

  G_OBJECT_CLASS (cube_overview_window_parent_class)->dispose (object);
}

static void
cube_overview_window_finalize (GObject *object)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (object);

  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (cube_overview_window_parent_class)->finalize (object);
}

static void
cube_overview_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_EXPORT_FILE:
      g_value_set_object (value, self->export_file);
      break;
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->exporting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_overview_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CubeOverviewWindow *self = CUBE_OVERVIEW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_EXPORT_FILE:
      if (g_set_object (&self->export_file, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_overview_window_class_init (CubeOverviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (CUBE_TYPE_BAR_CHART);

  object_class->constructed = cube_overview_window_constructed;
  object_class->dispose = cube_overview_window_dispose;
  object_class->finalize = cube_overview_window_finalize;
  object_class->get_property = cube_overview_window_get_property;
  object_class->set_property = cube_overview_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The database file the customers export opens its own connection to;
   * NULL exports on the main loop. */
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* When set, the export actions write here without asking (tests). */
  properties[PROP_EXPORT_FILE] =
    g_param_spec_object ("export-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether an export is being written. */
  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-overview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, assignment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, range_box);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, until_entry);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, until_calendar);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, status_chart);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, outcome_chart);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, agent_chart);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, no_agents_label);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, table);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, export_label);
  gtk_widget_class_bind_template_child (widget_class, CubeOverviewWindow, export_spinner);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, from_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, until_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "overview.export-table", NULL, export_table_action);
  gtk_widget_class_install_action (widget_class, "overview.export-customers", NULL, export_customers_action);
}

static void
cube_overview_window_init (CubeOverviewWindow *self)
{
  g_autoptr(GtkExpression) name = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->csv_flags = DEFAULT_CSV_FLAGS;
  self->assignments = g_list_store_new (CUBE_TYPE_ASSIGNMENT);
  name = gtk_property_expression_new (CUBE_TYPE_ASSIGNMENT, NULL, "name");
  gtk_drop_down_set_expression (self->assignment_dropdown, name);
  gtk_drop_down_set_model (self->assignment_dropdown, G_LIST_MODEL (self->assignments));

  self->rows = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));

    gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  }
  update_actions (self);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_overview_window_new (CubeContext *context,
                          const char  *database)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_OVERVIEW_WINDOW,
                       "context", context,
                       "database", database,
                       NULL);
}

void
cube_overview_window_present (GtkWindow   *parent,
                              CubeContext *context)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  g_autofree char *database = NULL;
  GtkApplication *application = parent ? gtk_window_get_application (parent) : NULL;
  GtkWidget *window;

  g_return_if_fail (CUBE_IS_CONTEXT (context));

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CUBE_IS_OVERVIEW_WINDOW (l->data) && CUBE_OVERVIEW_WINDOW (l->data)->context == context)
      {
        gtk_window_present (l->data);
        return;
      }

  /* Cube's own application knows the file the exports open. */
  if (application != NULL && CUBE_IS_APPLICATION (application)
      && cube_application_get_context (CUBE_APPLICATION (application)) == context)
    g_object_get (application, "database-path", &database, NULL);
  window = cube_overview_window_new (context, database);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}

CubeOverview *
cube_overview_window_get_overview (CubeOverviewWindow *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW_WINDOW (self), NULL);
  return self->overview;
}

void
cube_overview_window_export_to (CubeOverviewWindow *self,
                                GFile              *file,
                                CubeOverviewExport  what)
{
  g_return_if_fail (CUBE_IS_OVERVIEW_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->exporting)
    return;
  if (what == CUBE_OVERVIEW_EXPORT_TABLE)
    export_table (self, file);
  else
    export_customers (self, file);
}
