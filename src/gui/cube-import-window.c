/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "import/cube-import-job.h"
#include "cube-application.h"
#include "cube-gui-util.h"
#include "cube-import-window.h"

/* Rows the preview shows, and head rows offered as the header. */
#define PREVIEW_ROWS      50
#define HEADER_CHOICES    20
#define HEADER_CELLS      4

/* The targets a column can have, in the order the mapping's dropdowns list
 * them; the dataset's custom fields follow. */
static const struct {
  CubeImportTarget  target;
  const char       *label;
} base_targets[] = {
  { CUBE_IMPORT_TARGET_IGNORE,       N_("Do not import") },
  { CUBE_IMPORT_TARGET_CUSTOMER_KEY, N_("Customer ID") },
  { CUBE_IMPORT_TARGET_NAME,         N_("Name") },
  { CUBE_IMPORT_TARGET_EMAIL,        N_("E-mail") },
  { CUBE_IMPORT_TARGET_PHONE1,       N_("Phone number 1") },
  { CUBE_IMPORT_TARGET_PHONE2,       N_("Phone number 2") },
  { CUBE_IMPORT_TARGET_PHONE3,       N_("Phone number 3") },
};

/* ---- a list model over a GPtrArray, items made as rows ask for them ---- */

/* One element of a GPtrArray the item keeps alive. */
#define CUBE_TYPE_IMPORT_ITEM (cube_import_item_get_type ())
G_DECLARE_FINAL_TYPE (CubeImportItem, cube_import_item, CUBE, IMPORT_ITEM, GObject)

struct _CubeImportItem
{
  GObject    parent_instance;
  GPtrArray *owner;
  gpointer   data;
};

G_DEFINE_FINAL_TYPE (CubeImportItem, cube_import_item, G_TYPE_OBJECT)

static void
cube_import_item_finalize (GObject *object)
{
  CubeImportItem *self = (CubeImportItem *) object;

  g_clear_pointer (&self->owner, g_ptr_array_unref);
  G_OBJECT_CLASS (cube_import_item_parent_class)->finalize (object);
}

static void
cube_import_item_class_init (CubeImportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cube_import_item_finalize;
}

static void
cube_import_item_init (CubeImportItem *self)
{
}

/* The rejections can be a million rows: the model holds the array, not an
 * object per row. */
#define CUBE_TYPE_IMPORT_ROWS (cube_import_rows_get_type ())
G_DECLARE_FINAL_TYPE (CubeImportRows, cube_import_rows, CUBE, IMPORT_ROWS, GObject)

struct _CubeImportRows
{
  GObject    parent_instance;
  GPtrArray *array;
};

static void cube_import_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CubeImportRows, cube_import_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cube_import_rows_list_model_init))

static GType
cube_import_rows_get_item_type (GListModel *model)
{
  return CUBE_TYPE_IMPORT_ITEM;
}

static guint
cube_import_rows_get_n_items (GListModel *model)
{
  CubeImportRows *self = CUBE_IMPORT_ROWS (model);

  return self->array ? self->array->len : 0;
}

static gpointer
cube_import_rows_get_item (GListModel *model,
                           guint       position)
{
  CubeImportRows *self = CUBE_IMPORT_ROWS (model);
  CubeImportItem *item;

  if (self->array == NULL || position >= self->array->len)
    return NULL;
  item = g_object_new (CUBE_TYPE_IMPORT_ITEM, NULL);
  item->owner = g_ptr_array_ref (self->array);
  item->data = g_ptr_array_index (self->array, position);
  return item;
}

static void
cube_import_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cube_import_rows_get_item_type;
  iface->get_n_items = cube_import_rows_get_n_items;
  iface->get_item = cube_import_rows_get_item;
}

static void
cube_import_rows_finalize (GObject *object)
{
  CubeImportRows *self = (CubeImportRows *) object;

  g_clear_pointer (&self->array, g_ptr_array_unref);
  G_OBJECT_CLASS (cube_import_rows_parent_class)->finalize (object);
}

static void
cube_import_rows_class_init (CubeImportRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cube_import_rows_finalize;
}

static void
cube_import_rows_init (CubeImportRows *self)
{
}

/* A model of @array's elements (a reference is taken; NULL: empty). */
static GListModel *
import_rows_new (GPtrArray *array)
{
  CubeImportRows *self = g_object_new (CUBE_TYPE_IMPORT_ROWS, NULL);

  self->array = array ? g_ptr_array_ref (array) : NULL;
  return G_LIST_MODEL (self);
}

/* ---- the window ---------------------------------------------------------- */

struct _CubeImportWindow
{
  GtkWindow            parent_instance;

  GtkStack            *page_stack;
  GtkStack            *bar_stack;
  GtkLabel            *error_title;
  GtkLabel            *error_label;
  GtkWidget           *setup_box;
  GtkLabel            *file_label;
  GtkDropDown         *assignment_dropdown;
  GtkWidget           *sheet_label;
  GtkDropDown         *sheet_dropdown;
  GtkDropDown         *header_dropdown;
  GtkDropDown         *duplicate_dropdown;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  GtkGrid             *mapping_grid;
  GtkLabel            *preview_summary;
  GtkColumnView       *preview_view;
  GtkLabel            *done_title;
  GtkLabel            *done_detail;
  GtkLabel            *added_label;
  GtkLabel            *updated_label;
  GtkLabel            *skipped_label;
  GtkLabel            *rejected_label;
  GtkStack            *rejections_stack;
  GtkLabel            *rejections_more_label;
  GtkColumnView       *rejections_view;
  GtkColumnViewColumn *rejection_row_column;
  GtkColumnViewColumn *rejection_column_column;
  GtkColumnViewColumn *rejection_reason_column;
  GtkRevealer         *done_message_revealer;
  GtkLabel            *done_message_label;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkWidget           *import_button;

  CubeContext         *context;
  GFile               *file;
  CubeImportJob       *job;          /* NULL when the file could not be read */
  GListStore          *assignments;  /* CubeAssignment */
  GtkStringList       *targets;      /* labels of the mapping's dropdowns */
  GPtrArray           *field_keys;   /* char *, the custom fields after base_targets */
  GPtrArray           *target_dropdowns; /* GtkDropDown per column of the mapping */
  GCancellable        *cancellable;  /* the run in flight */
  GtkFileChooserNative *report_chooser;

  gboolean             assignment_ok;  /* the job has the selected assignment */
  char                *fields_signature; /* of the job's fields, to follow CRM settings */
  gboolean             updating;       /* setting widgets from the job */
  gboolean             running;
  gboolean             finished;       /* the last run succeeded */
  gboolean             close_after_run;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (CubeImportWindow, cube_import_window, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_FILE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SHOW_CUSTOMERS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a preview cell shows. */
typedef enum {
  CELL_ROW,
  CELL_VALUE,
  CELL_RESULT,
  CELL_MESSAGE,
} CellKind;

/* ---- helpers ------------------------------------------------------------- */

/* @n with the locale's digit grouping ("1 234 567" in Norwegian). */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" PRIu64, n);
}

static char *
format_time_left (double seconds)
{
  guint s;

  if (seconds < 0)
    return g_strdup (_("estimating the time left"));
  s = (guint) (seconds + 0.5);
  if (s < 60)
    return g_strdup_printf (ngettext ("about %u second left", "about %u seconds left", s), s);
  /* Translators: the time an import still needs, in minutes and seconds. */
  return g_strdup_printf (_("about %u min %02u s left"), s / 60, s % 60);
}

static CubeAssignment *
selected_assignment (CubeImportWindow *self)
{
  return gtk_drop_down_get_selected_item (self->assignment_dropdown);
}

static gboolean
has_key_column (CubeImportWindow *self)
{
  CubeImportMapping *mapping = self->job ? cube_import_job_get_mapping (self->job) : NULL;

  return mapping != NULL
    && cube_import_mapping_find_column (mapping, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL) >= 0;
}

/* The one place that decides what can be done now. */
static void
update_actions (CubeImportWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->job != NULL && self->assignment_ok && !self->running;
  GPtrArray *rejections = self->finished ? cube_import_job_get_rejections (self->job) : NULL;
  const CubeImportSummary *summary = self->finished ? cube_import_job_get_summary (self->job) : NULL;

  gtk_widget_action_set_enabled (widget, "import.run", ready && has_key_column (self));
  gtk_widget_action_set_enabled (widget, "import.save-mapping", ready);
  gtk_widget_action_set_enabled (widget, "import.cancel", self->running);
  gtk_widget_action_set_enabled (widget, "import.save-report",
                                 !self->running && rejections != NULL && rejections->len > 0);
  gtk_widget_action_set_enabled (widget, "import.show-customers",
                                 !self->running && summary != NULL && summary->import_id > 0
                                 && summary->added + summary->updated > 0);
}

/* A problem (or, with @problem FALSE, a confirmation) above the mapping;
 * NULL hides it. */
static void
show_message (CubeImportWindow *self,
              const char       *message,
              gboolean          problem)
{
  GtkWidget *label = GTK_WIDGET (self->message_label);

  gtk_label_set_text (self->message_label, message ? message : "");
  if (problem)
    {
      gtk_widget_remove_css_class (label, "confirmation");
      gtk_widget_add_css_class (label, "import-problem");
    }
  else
    {
      gtk_widget_remove_css_class (label, "import-problem");
      gtk_widget_add_css_class (label, "confirmation");
    }
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

static void
show_done_message (CubeImportWindow *self,
                   const char       *message)
{
  gtk_label_set_text (self->done_message_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->done_message_revealer, message != NULL);
}

static const char *
target_label (CubeImportWindow *self,
              guint             index)
{
  return gtk_string_list_get_string (self->targets, index);
}

/* The dropdown position of @target (and @key). */
static guint
target_index (CubeImportWindow *self,
              CubeImportTarget  target,
              const char       *key)
{
  if (target != CUBE_IMPORT_TARGET_FIELD)
    {
      for (guint i = 0; i < G_N_ELEMENTS (base_targets); i++)
        if (base_targets[i].target == target)
          return i;
      return 0;
    }
  for (guint i = 0; i < self->field_keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->field_keys, i), key) == 0)
      return G_N_ELEMENTS (base_targets) + i;
  return 0;
}

/* The dropdowns' choices: the base targets, then the dataset's fields. */
static void
load_targets (CubeImportWindow *self)
{
  GPtrArray *fields = self->job ? cube_import_job_get_fields (self->job) : NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_ptr_array_set_size (self->field_keys, 0);
  for (guint i = 0; i < G_N_ELEMENTS (base_targets); i++)
    g_ptr_array_add (labels, (gpointer) _(base_targets[i].label));
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      CubeFieldDef *field = g_ptr_array_index (fields, i);

      if (cube_field_def_get_archived (field))
        continue;
      g_ptr_array_add (self->field_keys, g_strdup (cube_field_def_get_key (field)));
      g_ptr_array_add (labels, (gpointer) cube_field_def_get_label (field));
    }
  g_ptr_array_add (labels, NULL);
  /* A new list: the dropdowns still showing the old one go with the old
   * mapping (build_mapping() replaces them). */
  g_clear_object (&self->targets);
  self->targets = gtk_string_list_new ((const char * const *) labels->pdata);
}

/* The first non-empty value of @column below the header among the head
 * rows: what the column looks like. */
static const char *
sample_value (CubeImportWindow *self,
              guint             column)
{
  GPtrArray *rows = cube_import_job_get_head_rows (self->job);
  const CubeSheetRow *header = cube_import_job_get_header (self->job);
  guint64 after = header ? header->number : 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const CubeSheetRow *row = g_ptr_array_index (rows, i);
      const char *cell;

      if (row->number <= after)
        continue;
      cell = cube_sheet_row_get_cell (row, column);
      if (cell[0] != '\0')
        return cell;
    }
  return "";
}

/* Sets each column's dropdown to its target in the job's mapping. */
static void
sync_targets (CubeImportWindow *self)
{
  CubeImportMapping *mapping = cube_import_job_get_mapping (self->job);

  self->updating = TRUE;
  for (guint i = 0; i < self->target_dropdowns->len; i++)
    {
      const char *key = NULL;
      CubeImportTarget target = cube_import_mapping_get_target (mapping, i, &key);

      gtk_drop_down_set_selected (g_ptr_array_index (self->target_dropdowns, i),
                                  target_index (self, target, key));
    }
  self->updating = FALSE;
}

static void refresh_preview (CubeImportWindow *self);

static void
target_changed_cb (GtkDropDown      *dropdown,
                   GParamSpec       *pspec,
                   CubeImportWindow *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "cube-column"));
  guint index = gtk_drop_down_get_selected (dropdown);
  CubeImportMapping *mapping;

  if (self->updating || index == GTK_INVALID_LIST_POSITION)
    return;
  mapping = cube_import_job_get_mapping (self->job);
  if (index < G_N_ELEMENTS (base_targets))
    cube_import_mapping_set_target (mapping, column, base_targets[index].target, NULL);
  else if (index - G_N_ELEMENTS (base_targets) < self->field_keys->len)
    cube_import_mapping_set_target (mapping, column, CUBE_IMPORT_TARGET_FIELD,
                                    g_ptr_array_index (self->field_keys, index - G_N_ELEMENTS (base_targets)));
  /* A target belongs to one column: another may have lost it. */
  sync_targets (self);
  refresh_preview (self);
  update_actions (self);
}

static GtkWidget *
grid_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* One line per column of the file: letter, header, a sample value and the
 * dropdown choosing where it goes. */
static void
build_mapping (CubeImportWindow *self)
{
  CubeImportMapping *mapping = cube_import_job_get_mapping (self->job);
  GtkWidget *child;
  guint n_columns = cube_import_mapping_get_n_columns (mapping);

  g_ptr_array_set_size (self->target_dropdowns, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mapping_grid))) != NULL)
    gtk_grid_remove (self->mapping_grid, child);

  gtk_grid_attach (self->mapping_grid, grid_label (_("Column"), "dim-label"), 0, 0, 2, 1);
  gtk_grid_attach (self->mapping_grid, grid_label (_("Example"), "dim-label"), 2, 0, 1, 1);
  gtk_grid_attach (self->mapping_grid, grid_label (_("Import as"), "dim-label"), 3, 0, 1, 1);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *letter = cube_sheet_column_name (i);
      const char *header = cube_import_mapping_get_header (mapping, i);
      g_autofree char *description = NULL;
      GtkWidget *header_label = grid_label (header[0] ? header : _("(no header)"), header[0] ? NULL : "dim-label");
      GtkWidget *sample = grid_label (sample_value (self, i), "dim-label");
      GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->targets)), NULL);

      gtk_label_set_max_width_chars (GTK_LABEL (header_label), 18);
      gtk_label_set_max_width_chars (GTK_LABEL (sample), 16);
      gtk_widget_set_hexpand (sample, TRUE);
      gtk_widget_set_tooltip_text (sample, sample_value (self, i));
      gtk_widget_set_tooltip_text (header_label, header);
      /* Translators: the accessible name of a column's dropdown: "Import
       * column B (E-post) as". */
      description = g_strdup_printf (_("Import column %s (%s) as"), letter, header);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
      g_object_set_data (G_OBJECT (dropdown), "cube-column", GUINT_TO_POINTER (i));
      g_ptr_array_add (self->target_dropdowns, dropdown);

      gtk_grid_attach (self->mapping_grid, grid_label (letter, "dim-label"), 0, i + 1, 1, 1);
      gtk_grid_attach (self->mapping_grid, header_label, 1, i + 1, 1, 1);
      gtk_grid_attach (self->mapping_grid, sample, 2, i + 1, 1, 1);
      gtk_grid_attach (self->mapping_grid, dropdown, 3, i + 1, 1, 1);
    }
  sync_targets (self);
  for (guint i = 0; i < self->target_dropdowns->len; i++)
    g_signal_connect_object (g_ptr_array_index (self->target_dropdowns, i), "notify::selected",
                             G_CALLBACK (target_changed_cb), self, 0);
}

/* ---- the preview --------------------------------------------------------- */

/* Shows @model (taken) in @view, nothing selectable. */
static void
set_view_model (GtkColumnView *view,
                GListModel    *model)
{
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (model);

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static const char *
action_text (CubeImportRowAction action)
{
  switch (action)
    {
    case CUBE_IMPORT_ROW_ADD:
      return _("New");
    case CUBE_IMPORT_ROW_UPDATE:
      return _("Updates");
    case CUBE_IMPORT_ROW_SKIP:
      return _("Skipped");
    case CUBE_IMPORT_ROW_DUPLICATE:
      return _("Stops the import");
    case CUBE_IMPORT_ROW_REJECT:
      return _("Rejected");
    default:
      return "";
    }
}

static void
preview_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cube-kind"));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "cube-column"));
  CubeImportItem *entry = gtk_list_item_get_item (item);
  CubeImportPreviewRow *row = entry ? entry->data : NULL;
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *number = NULL;
  const char *text = "";
  const char *problem = NULL;

  if (row == NULL)
    return;
  switch (kind)
    {
    case CELL_ROW:
      text = number = g_strdup_printf ("%" PRIu64, row->number);
      break;
    case CELL_VALUE:
      if (column < row->n_columns)
        {
          text = row->values[column] ? row->values[column] : "";
          problem = row->errors[column];
        }
      break;
    case CELL_RESULT:
      text = action_text (row->action);
      if (row->action == CUBE_IMPORT_ROW_REJECT || row->action == CUBE_IMPORT_ROW_DUPLICATE)
        problem = row->message ? row->message : text;
      break;
    case CELL_MESSAGE:
      text = row->message ? row->message : "";
      break;
    default:
      break;
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  /* An invalid cell is marked, its reason in the tooltip. */
  if (problem != NULL)
    gtk_widget_add_css_class (label, "import-invalid");
  else
    gtk_widget_remove_css_class (label, "import-invalid");
  if (kind == CELL_MESSAGE)
    {
      /* Why the row is refused reads as a problem; a skip is not one. */
      if (row->action == CUBE_IMPORT_ROW_REJECT || row->action == CUBE_IMPORT_ROW_DUPLICATE)
        gtk_widget_add_css_class (label, "error");
      else
        gtk_widget_remove_css_class (label, "error");
      gtk_widget_set_tooltip_text (label, text[0] ? text : NULL);
    }
  else
    gtk_widget_set_tooltip_text (label, problem);
}

static void
add_preview_column (CubeImportWindow *self,
                    const char       *title,
                    CellKind          kind,
                    guint             column,
                    int               fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "cube-kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (factory), "cube-column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cube_gui_label_cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (preview_bind_cb), self);
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_append_column (self->preview_view, view_column);
}

static void
clear_preview (CubeImportWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  gtk_column_view_set_model (self->preview_view, NULL);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview_view, column);
    }
}

/* The first rows as they will be stored: a column per mapped column, each
 * invalid cell marked. */
static void
refresh_preview (CubeImportWindow *self)
{
  CubeImportMapping *mapping;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autofree char *first = NULL;
  guint counts[CUBE_IMPORT_ROW_REJECT + 1] = { 0 };
  guint n_columns;

  clear_preview (self);
  if (self->job == NULL)
    return;
  if (!self->assignment_ok)
    {
      gtk_label_set_text (self->preview_summary, _("Choose an assignment to see the preview."));
      return;
    }
  if (!(rows = cube_import_job_preview (self->job, PREVIEW_ROWS, NULL, &error)))
    {
      gtk_label_set_text (self->preview_summary, error->message);
      return;
    }

  mapping = cube_import_job_get_mapping (self->job);
  n_columns = cube_import_mapping_get_n_columns (mapping);
  /* What happens to the row and why come first: the values can be many
   * columns wide. */
  add_preview_column (self, _("Row"), CELL_ROW, 0, 50);
  add_preview_column (self, _("Result"), CELL_RESULT, 0, 120);
  add_preview_column (self, _("Message"), CELL_MESSAGE, 0, 220);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *key = NULL;
      CubeImportTarget target = cube_import_mapping_get_target (mapping, i, &key);

      if (target == CUBE_IMPORT_TARGET_IGNORE)
        continue;
      add_preview_column (self, target_label (self, target_index (self, target, key)), CELL_VALUE, i,
                          target == CUBE_IMPORT_TARGET_NAME || target == CUBE_IMPORT_TARGET_EMAIL ? 170 : 120);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CubeImportPreviewRow *row = g_ptr_array_index (rows, i);

      if (row->action <= CUBE_IMPORT_ROW_REJECT)
        counts[row->action]++;
    }
  model = import_rows_new (rows);
  set_view_model (self->preview_view, g_steal_pointer (&model));

  if (!has_key_column (self))
    {
      gtk_label_set_text (self->preview_summary, _("Choose the column that holds the customer ID."));
      return;
    }
  if (rows->len == 0)
    {
      gtk_label_set_text (self->preview_summary, _("There are no rows below the header."));
      return;
    }
  {
    g_autofree char *summary = NULL;

    /* Translators: the preview's summary, e.g. "The first 50 rows: 47 new,
     * 0 updated, 1 skipped, 2 rejected". */
    first = g_strdup_printf (ngettext ("The first row:", "The first %u rows:", rows->len), rows->len);
    summary = g_strdup_printf (_("%s %u new, %u updated, %u skipped, %u rejected"), first,
                               counts[CUBE_IMPORT_ROW_ADD], counts[CUBE_IMPORT_ROW_UPDATE],
                               counts[CUBE_IMPORT_ROW_SKIP] + counts[CUBE_IMPORT_ROW_DUPLICATE],
                               counts[CUBE_IMPORT_ROW_REJECT]);
    gtk_label_set_text (self->preview_summary, summary);
  }
}

/* ---- the choices ----------------------------------------------------------- */

/* Header row choices: "Row 3: Kundeid, Navn, E-post, …". */
static void
load_header_rows (CubeImportWindow *self)
{
  GPtrArray *rows = cube_import_job_get_head_rows (self->job);
  const CubeSheetRow *header = cube_import_job_get_header (self->job);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; rows != NULL && i < rows->len && i < HEADER_CHOICES; i++)
    {
      const CubeSheetRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint c = 0; c < row->n_cells && c < HEADER_CELLS; c++)
        {
          if (c > 0)
            g_string_append (text, ", ");
          g_string_append (text, row->cells[c]);
        }
      if (row->n_cells > HEADER_CELLS)
        g_string_append (text, ", …");
      {
        g_autofree char *number = g_strdup_printf ("%" PRIu64, row->number);
        /* Translators: a header row choice: "Row 1: Kundeid, Navn, E-post". */
        g_autofree char *choice = g_strdup_printf (_("Row %s: %s"), number, text->str);

        gtk_string_list_append (list, choice);
      }
      if (header != NULL && row->number == header->number)
        selected = i;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->header_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->header_dropdown, selected);
  self->updating = FALSE;
}

/* After the sheet, header or assignment changed: everything below it. */
static void
reload_mapping (CubeImportWindow *self)
{
  load_targets (self);
  build_mapping (self);
  refresh_preview (self);
  update_actions (self);
}

static void
assignment_changed_cb (CubeImportWindow *self)
{
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->job == NULL)
    return;
  self->assignment_ok = FALSE;
  if (assignment != NULL)
    {
      self->assignment_ok = cube_import_job_set_assignment (self->job, cube_assignment_get_id (assignment), &error);
      show_message (self, error ? error->message : NULL, TRUE);
    }
  g_free (self->fields_signature);
  self->fields_signature = self->assignment_ok ? cube_field_defs_signature (cube_import_job_get_fields (self->job))
                                               : NULL;
  reload_mapping (self);
}

/* The CRM settings changed (here or in another process) while the window
 * is open: the targets follow the dataset's fields. Columns keep what they
 * were given unless their field is gone; a column that was not imported
 * takes a field added just now when the guess gives it one. */
static void
context_changed_cb (CubeImportWindow *self)
{
  CubeAssignment *assignment = selected_assignment (self);
  CubeImportMapping *mapping;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *before;
  guint n_columns;

  if (self->running || self->finished || !self->assignment_ok || assignment == NULL
      || !(fields = cube_store_list_fields (cube_context_get_store (self->context),
                                            cube_assignment_get_dataset_id (assignment), FALSE, NULL)))
    return;
  signature = cube_field_defs_signature (fields);
  if (g_strcmp0 (signature, self->fields_signature) == 0)
    return;

  before = cube_import_job_get_fields (self->job);
  for (guint i = 0; before != NULL && i < before->len; i++)
    g_hash_table_add (known, g_strdup (cube_field_def_get_key (before->pdata[i])));
  mapping = cube_import_job_get_mapping (self->job);
  n_columns = cube_import_mapping_get_n_columns (mapping);
  targets = g_array_sized_new (FALSE, FALSE, sizeof (CubeImportTarget), n_columns);
  keys = g_ptr_array_new_full (n_columns, g_free);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *key = NULL;
      CubeImportTarget target = cube_import_mapping_get_target (mapping, i, &key);

      g_array_append_val (targets, target);
      g_ptr_array_add (keys, g_strdup (key));
    }

  self->assignment_ok = cube_import_job_set_assignment (self->job, cube_assignment_get_id (assignment), &error);
  show_message (self, error ? error->message : NULL, TRUE);
  g_clear_pointer (&self->fields_signature, g_free);
  if (self->assignment_ok)
    {
      GPtrArray *now = cube_import_job_get_fields (self->job);

      mapping = cube_import_job_get_mapping (self->job);
      for (guint i = 0; i < n_columns && i < cube_import_mapping_get_n_columns (mapping); i++)
        {
          CubeImportTarget target = g_array_index (targets, CubeImportTarget, i);
          const char *key = keys->pdata[i];
          gboolean exists = target != CUBE_IMPORT_TARGET_FIELD;

          for (guint j = 0; !exists && j < now->len; j++)
            exists = g_strcmp0 (cube_field_def_get_key (now->pdata[j]), key) == 0;
          const char *guessed = NULL;
          CubeImportTarget guess = cube_import_mapping_get_target (mapping, i, &guessed);

          if (target != CUBE_IMPORT_TARGET_IGNORE && exists)
            cube_import_mapping_set_target (mapping, i, target, key);
          else if (target == CUBE_IMPORT_TARGET_IGNORE
                   && guess == CUBE_IMPORT_TARGET_FIELD && !g_hash_table_contains (known, guessed))
            ; /* the new field's own column */
          else if (guess != CUBE_IMPORT_TARGET_IGNORE)
            cube_import_mapping_set_target (mapping, i, CUBE_IMPORT_TARGET_IGNORE, NULL);
        }
      self->fields_signature = cube_field_defs_signature (now);
    }
  reload_mapping (self);
}

static void
sheet_changed_cb (CubeImportWindow *self)
{
  guint sheet = gtk_drop_down_get_selected (self->sheet_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->updating || self->job == NULL || sheet == GTK_INVALID_LIST_POSITION)
    return;
  if (!cube_import_job_set_sheet (self->job, sheet, NULL, &error))
    show_message (self, error->message, TRUE);
  else
    show_message (self, NULL, TRUE);
  load_header_rows (self);
  reload_mapping (self);
}

static void
header_changed_cb (CubeImportWindow *self)
{
  GPtrArray *rows = self->job ? cube_import_job_get_head_rows (self->job) : NULL;
  guint index = gtk_drop_down_get_selected (self->header_dropdown);
  g_autoptr(GError) error = NULL;
  const CubeSheetRow *row;

  if (self->updating || rows == NULL || index == GTK_INVALID_LIST_POSITION || index >= rows->len)
    return;
  row = g_ptr_array_index (rows, index);
  if (!cube_import_job_set_header_row (self->job, row->number, &error))
    show_message (self, error->message, TRUE);
  reload_mapping (self);
}

static void
duplicate_changed_cb (CubeImportWindow *self)
{
  guint index = gtk_drop_down_get_selected (self->duplicate_dropdown);

  if (self->updating || self->job == NULL || index == GTK_INVALID_LIST_POSITION)
    return;
  cube_import_job_set_duplicate_mode (self->job, (CubeImportDuplicateMode) index);
  refresh_preview (self);
}

static void
load_assignments (CubeImportWindow *self)
{
  g_autoptr(GSettings) settings = cube_settings_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = settings ? g_settings_get_int64 (settings, "last-assignment") : 0;

  list = cube_store_list_assignments (cube_context_get_store (self->context), FALSE, &error);
  if (list == NULL)
    {
      show_message (self, error->message, TRUE);
      return;
    }
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->assignment_dropdown, cube_gui_fill_assignments (self->assignments, list, last));
  self->updating = FALSE;
  if (list->len == 0)
    show_message (self, _("There is no assignment you can import customers into."), TRUE);
}

static void
describe_file (CubeImportWindow *self)
{
  CubeSheetReader *reader = cube_import_job_get_reader (self->job);
  const char *name = cube_sheet_reader_get_file_name (reader);
  g_autofree char *text = NULL;

  switch (cube_sheet_reader_get_format (reader))
    {
    case CUBE_SHEET_FORMAT_XLSX:
      /* Translators: the file being imported and what it is. */
      text = g_strdup_printf (_("%s (Excel workbook)"), name);
      break;
    case CUBE_SHEET_FORMAT_ODS:
      text = g_strdup_printf (_("%s (OpenDocument spreadsheet)"), name);
      break;
    case CUBE_SHEET_FORMAT_CSV:
    default:
      {
        char delimiter = cube_sheet_reader_get_delimiter (reader);
        const char *separated = delimiter == ';' ? _("semicolons")
                              : delimiter == '\t' ? _("tabs") : _("commas");
        const char *encoding = cube_sheet_reader_get_windows_1252 (reader) ? "Windows-1252" : "UTF-8";

        /* Translators: "kunder.csv (CSV with semicolons, UTF-8)". */
        text = g_strdup_printf (_("%s (CSV with %s, %s)"), name, separated, encoding);
      }
      break;
    }
  gtk_label_set_text (self->file_label, text);
}

static void
load_sheets (CubeImportWindow *self)
{
  CubeSheetReader *reader = cube_import_job_get_reader (self->job);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  gboolean csv = cube_sheet_reader_get_format (reader) == CUBE_SHEET_FORMAT_CSV;

  for (guint i = 0; i < cube_sheet_reader_get_n_sheets (reader); i++)
    {
      const char *name = cube_sheet_reader_get_sheet_name (reader, i);

      if (cube_sheet_reader_get_sheet_empty (reader, i))
        {
          /* Translators: a sheet without any cell filled in. */
          g_autofree char *text = g_strdup_printf (_("%s (empty)"), name);
          gtk_string_list_append (list, text);
        }
      else
        gtk_string_list_append (list, name);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->sheet_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->sheet_dropdown, cube_import_job_get_sheet (self->job));
  self->updating = FALSE;
  /* A CSV file is one sheet: nothing to choose. */
  gtk_widget_set_visible (self->sheet_label, !csv);
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_dropdown), !csv);
}

static void
show_file_error (CubeImportWindow *self,
                 const GError     *error)
{
  g_autofree char *name = g_file_get_basename (self->file);
  /* Translators: %s is the name of the file that could not be imported. */
  g_autofree char *title = g_strdup_printf (_("Cannot import %s"), name);

  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, error->message);
  gtk_stack_set_visible_child_name (self->page_stack, "error");
  gtk_widget_set_visible (self->import_button, FALSE);
}

/* ---- the run --------------------------------------------------------------- */

static void
progress_cb (const CubeImportProgress *progress,
             gpointer                  user_data)
{
  CubeImportWindow *self = user_data;
  g_autofree char *done = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  done = format_count (progress->rows_done);
  rows = g_strdup_printf (ngettext ("%s row", "%s rows", (gulong) MIN (progress->rows_done, G_MAXULONG)), done);
  rate = format_count ((guint64) MAX (progress->rows_per_second, 0));
  left = format_time_left (progress->seconds_left);
  /* Translators: import progress: "12 000 rows · 40 000 rows per second ·
   * about 20 seconds left". */
  text = g_strdup_printf (_("%s · %s rows per second · %s"), rows, rate, left);
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress->fraction, 0.0, 1.0));
  gtk_label_set_text (self->progress_label, text);
}

static void
set_count (GtkLabel *label,
           guint64   n)
{
  g_autofree char *text = format_count (n);

  gtk_label_set_text (label, text);
}

static void
show_done (CubeImportWindow *self)
{
  const CubeImportSummary *summary = cube_import_job_get_summary (self->job);
  GPtrArray *rejections = cube_import_job_get_rejections (self->job);
  CubeAssignment *assignment = selected_assignment (self);
  CubeSheetReader *reader = cube_import_job_get_reader (self->job);
  g_autoptr(GListModel) model = import_rows_new (rejections);
  g_autofree char *seconds = g_strdup_printf ("%.1f", summary->seconds);
  g_autofree char *detail = NULL;

  set_count (self->added_label, summary->added);
  set_count (self->updated_label, summary->updated);
  set_count (self->skipped_label, summary->skipped);
  set_count (self->rejected_label, summary->rejected);
  gtk_label_set_text (self->done_title, summary->rejected > 0
                      ? _("The import is finished, with rejected rows")
                      : _("The import is finished"));
  if (summary->seconds < 1)
    /* Translators: "kunder.xlsx into Høstkampanje in under a second". */
    detail = g_strdup_printf (_("%s into %s in under a second"), cube_sheet_reader_get_file_name (reader),
                              assignment ? cube_assignment_get_name (assignment) : "");
  else
    /* Translators: "kunder.xlsx into Høstkampanje in 2.5 seconds". */
    detail = g_strdup_printf (_("%s into %s in %s seconds"), cube_sheet_reader_get_file_name (reader),
                              assignment ? cube_assignment_get_name (assignment) : "", seconds);
  gtk_label_set_text (self->done_detail, detail);

  set_view_model (self->rejections_view, g_steal_pointer (&model));
  /* The job keeps the first rejected rows; the report has all of them. */
  if (rejections != NULL && summary->rejected > rejections->len)
    {
      g_autofree char *shown = format_count (rejections->len);
      g_autofree char *all = format_count (summary->rejected);
      g_autofree char *more = NULL;

      /* Translators: "The first 1 000 of 25 000 rejected rows are shown here…". */
      more = g_strdup_printf (_("The first %s of %s rejected rows are shown here; Save report… saves all of them."),
                              shown, all);
      gtk_label_set_text (self->rejections_more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rejections_more_label),
                          rejections != NULL && summary->rejected > rejections->len);
  gtk_stack_set_visible_child_name (self->rejections_stack,
                                    rejections != NULL && rejections->len > 0 ? "list" : "none");
  show_done_message (self, NULL);
  gtk_stack_set_visible_child_name (self->page_stack, "done");
  gtk_stack_set_visible_child_name (self->bar_stack, "done");
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
}

static void
set_running (CubeImportWindow *self,
             gboolean          running)
{
  self->running = running;
  gtk_widget_set_sensitive (self->setup_box, !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CubeImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cube_import_job_run_finish (self->job, result, &error);

  g_clear_object (&self->cancellable);
  /* What was written is committed (or nothing is): the tables reload. */
  if (ok)
    cube_context_notify_changed (self->context);
  self->running = FALSE;
  if (self->disposed)
    return;
  set_running (self, FALSE);
  if (self->close_after_run)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (ok)
    {
      self->finished = TRUE;
      show_done (self);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->bar_stack, "setup");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, _("The import was cancelled. Nothing was written."), TRUE);
      else
        {
          /* Translators: %s says why, e.g. which row stopped the import. */
          g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
          show_message (self, message, TRUE);
        }
    }
  update_actions (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (widget);

  if (self->job == NULL || self->running || !self->assignment_ok || !has_key_column (self))
    return;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->finished = FALSE;
  show_message (self, NULL, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Starting the import…"));
  gtk_stack_set_visible_child_name (self->bar_stack, "running");
  set_running (self, TRUE);
  cube_import_job_set_progress_func (self->job, progress_cb, self, NULL);
  cube_import_job_run_async (self->job, self->cancellable, run_done_cb, g_object_ref (self));
  update_actions (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (widget);

  if (!self->running || self->cancellable == NULL)
    return;
  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  g_cancellable_cancel (self->cancellable);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
save_mapping_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (widget);
  CubeAssignment *assignment = selected_assignment (self);
  g_autoptr(GError) error = NULL;

  if (self->job == NULL || !self->assignment_ok || assignment == NULL)
    return;
  if (!cube_import_job_save_mapping (self->job, &error))
    show_message (self, error->message, TRUE);
  else
    {
      /* Translators: %s is an assignment; the mapping is kept for its dataset. */
      g_autofree char *message = g_strdup_printf (_("The columns are saved for the dataset of %s and chosen "
                                                    "like this the next time."),
                                                  cube_assignment_get_name (assignment));
      show_message (self, message, FALSE);
    }
}

static void
report_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    CubeImportWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->report_chooser);
  if (file == NULL)
    return;
  if (!(path = g_file_get_path (file)))
    {
      show_done_message (self, _("The report can only be saved to a local file."));
      return;
    }
  cube_import_window_save_report (self, path, &error);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = g_file_get_parent (self->file);
  g_autofree char *base = g_file_get_basename (self->file);
  g_autofree char *name = NULL;
  char *dot;

  if (self->report_chooser != NULL)
    return;
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  /* Translators: the suggested name of the rejection report; %s is the
   * imported file's name without its extension. */
  name = g_strdup_printf (_("%s-rejected.csv"), base);
  self->report_chooser = gtk_file_chooser_native_new (_("Save the rejected rows"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->report_chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->report_chooser), filter);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->report_chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->report_chooser), name);
  g_signal_connect_object (self->report_chooser, "response", G_CALLBACK (report_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
}

static void
show_customers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (widget);
  const CubeImportSummary *summary;

  if (!self->finished)
    return;
  summary = cube_import_job_get_summary (self->job);
  if (summary->import_id > 0)
    g_signal_emit (self, signals[SHOW_CUSTOMERS], 0, summary->import_id);
}

/* ---- the rejection list ---------------------------------------------------- */

typedef enum {
  REJECTION_ROW,
  REJECTION_COLUMN,
  REJECTION_REASON,
} RejectionCell;

static void
rejection_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  RejectionCell cell = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cube-cell"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (cell == REJECTION_REASON)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
rejection_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  RejectionCell cell = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cube-cell"));
  CubeImportItem *entry = gtk_list_item_get_item (item);
  CubeImportRejection *rejection = entry ? entry->data : NULL;
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *number = NULL;

  if (rejection == NULL)
    return;
  switch (cell)
    {
    case REJECTION_ROW:
      number = g_strdup_printf ("%" PRIu64, rejection->number);
      gtk_label_set_text (GTK_LABEL (label), number);
      break;
    case REJECTION_COLUMN:
      gtk_label_set_text (GTK_LABEL (label), rejection->column ? rejection->column : "—");
      break;
    case REJECTION_REASON:
    default:
      gtk_label_set_text (GTK_LABEL (label), rejection->reason ? rejection->reason : "");
      break;
    }
}

static void
set_rejection_factory (CubeImportWindow    *self,
                       GtkColumnViewColumn *column,
                       RejectionCell        cell)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cube-cell", GINT_TO_POINTER (cell));
  g_signal_connect (factory, "setup", G_CALLBACK (rejection_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (rejection_bind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* ---- overrides --------------------------------------------------------------- */

/* Closing while the import runs cancels it; the window goes when the run
 * has rolled back. */
static gboolean
cube_import_window_close_request (GtkWindow *window)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (window);

  if (self->running)
    {
      self->close_after_run = TRUE;
      cancel_action (GTK_WIDGET (self), "import.cancel", NULL);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (cube_import_window_parent_class)->close_request (window);
}

static void
cube_import_window_constructed (GObject *object)
{
  CubeImportWindow *self = (CubeImportWindow *) object;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (cube_import_window_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));
  g_return_if_fail (G_IS_FILE (self->file));

  if (!(path = g_file_get_path (self->file)))
    {
      g_set_error_literal (&error, CUBE_ERROR, CUBE_ERROR_VALIDATION,
                           _("Only files on this computer can be imported."));
      show_file_error (self, error);
      update_actions (self);
      return;
    }
  self->job = cube_import_job_new (cube_context_get_store (self->context), path, &error);
  if (self->job == NULL)
    {
      show_file_error (self, error);
      update_actions (self);
      return;
    }

  describe_file (self);
  load_sheets (self);
  load_header_rows (self);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->duplicate_dropdown, cube_import_job_get_duplicate_mode (self->job));
  self->updating = FALSE;
  load_assignments (self);
  gtk_stack_set_visible_child_name (self->page_stack, "setup");

  g_signal_connect_object (self->assignment_dropdown, "notify::selected",
                           G_CALLBACK (assignment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sheet_dropdown, "notify::selected",
                           G_CALLBACK (sheet_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->header_dropdown, "notify::selected",
                           G_CALLBACK (header_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duplicate_dropdown, "notify::selected",
                           G_CALLBACK (duplicate_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self, G_CONNECT_SWAPPED);
  /* The selected assignment loads its fields and saved mapping. */
  if (selected_assignment (self) != NULL)
    assignment_changed_cb (self);
  else
    reload_mapping (self);
}

static void
cube_import_window_dispose (GObject *object)
{
  CubeImportWindow *self = (CubeImportWindow *) object;

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->report_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->report_chooser));
  g_clear_object (&self->report_chooser);
  if (self->preview_view != NULL)
    clear_preview (self);
  if (self->rejections_view != NULL)
    gtk_column_view_set_model (self->rejections_view, NULL);
  g_clear_pointer (&self->target_dropdowns, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_IMPORT_WINDOW);
  /* A run still going needs the job and the context when it ends. */
  if (!self->running)
    {
      if (self->job != NULL)
        cube_import_job_set_progress_func (self->job, NULL, NULL, NULL);
      g_clear_object (&self->job);
    }
  g_clear_object (&self->assignments);
  g_clear_object (&self->targets);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (cube_import_window_parent_class)->dispose (object);
}

static void
cube_import_window_finalize (GObject *object)
{
  CubeImportWindow *self = (CubeImportWindow *) object;

  g_clear_pointer (&self->field_keys, g_ptr_array_unref);
  g_clear_pointer (&self->fields_signature, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->job);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_import_window_parent_class)->finalize (object);
}

static void
cube_import_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_import_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CubeImportWindow *self = CUBE_IMPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_import_window_class_init (CubeImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cube_import_window_constructed;
  object_class->dispose = cube_import_window_dispose;
  object_class->finalize = cube_import_window_finalize;
  object_class->get_property = cube_import_window_get_property;
  object_class->set_property = cube_import_window_set_property;
  window_class->close_request = cube_import_window_close_request;

  /* The user wants to see the customers import @import_id added or updated. */
  signals[SHOW_CUSTOMERS] = g_signal_new ("show-customers", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, bar_stack);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, setup_box);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, file_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, assignment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, sheet_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, sheet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, header_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, duplicate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, mapping_grid);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, preview_summary);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, preview_view);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, done_title);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, done_detail);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, added_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejections_stack);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejections_more_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejections_view);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejection_row_column);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejection_column_column);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, rejection_reason_column);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, done_message_revealer);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, done_message_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CubeImportWindow, import_button);

  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "import.save-mapping", NULL, save_mapping_action);
  gtk_widget_class_install_action (widget_class, "import.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "import.show-customers", NULL, show_customers_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.close", NULL);
}

static void
cube_import_window_init (CubeImportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->assignments = cube_gui_assignment_dropdown_new_model (self->assignment_dropdown);
  self->targets = gtk_string_list_new (NULL);
  self->field_keys = g_ptr_array_new_with_free_func (g_free);
  self->target_dropdowns = g_ptr_array_new ();

  set_rejection_factory (self, self->rejection_row_column, REJECTION_ROW);
  set_rejection_factory (self, self->rejection_column_column, REJECTION_COLUMN);
  set_rejection_factory (self, self->rejection_reason_column, REJECTION_REASON);
}

/* ---- public API ---------------------------------------------------------------- */

GtkWidget *
cube_import_window_new (CubeContext *context,
                        GFile       *file)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (CUBE_TYPE_IMPORT_WINDOW, "context", context, "file", file, NULL);
}

gboolean
cube_import_window_get_file_ok (CubeImportWindow *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_WINDOW (self), FALSE);

  return self->job != NULL;
}

gboolean
cube_import_window_get_running (CubeImportWindow *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_WINDOW (self), FALSE);

  return self->running;
}

gboolean
cube_import_window_save_report (CubeImportWindow  *self,
                                const char        *path,
                                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (CUBE_IS_IMPORT_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!self->finished)
    {
      g_set_error_literal (error, CUBE_ERROR, CUBE_ERROR_VALIDATION, _("No import has finished yet."));
      return FALSE;
    }
  if (!cube_import_job_write_report_to_path (self->job, path, &local_error))
    {
      show_done_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Translators: %s is the path of the report just saved. */
  message = g_strdup_printf (_("The rejected rows were saved to %s."), path);
  show_done_message (self, message);
  return TRUE;
}
