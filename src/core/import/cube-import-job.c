/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import engine: rows of a sheet through the core's rules into one
 * assignment, all in one transaction.
 *
 * Every row is checked by the same functions as cube_store_add_customer()
 * (cube-store-private.h shares them) and written by the same backend code
 * (insert_customer_rows / update_customer_rows), without reading each
 * customer back. A duplicate Kundeid is one found in the dataset: rows
 * written earlier in the same run are there already (same transaction) and
 * carry this import's id, which tells "earlier in the file" from "already in
 * the dataset" without keeping the file's keys in memory. A dry run and the
 * preview do the same work and roll it back. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "cube-error.h"
#include "cube-import-job.h"
#include "cube-sheet-reader-private.h"
#include "cube-store-private.h"

#define HEAD_ROWS 100

/* ---- boxed types -------------------------------------------------------- */

static CubeImportPreviewRow *
preview_row_copy (const CubeImportPreviewRow *row)
{
  CubeImportPreviewRow *copy = g_memdup2 (row, sizeof *row);

  copy->values = g_new0 (char *, row->n_columns + 1);
  copy->errors = g_new0 (char *, row->n_columns + 1);
  for (guint i = 0; i < row->n_columns; i++)
    {
      copy->values[i] = g_strdup (row->values[i]);
      copy->errors[i] = g_strdup (row->errors[i]);
    }
  copy->message = g_strdup (row->message);
  return copy;
}

void
cube_import_preview_row_free (CubeImportPreviewRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < row->n_columns; i++)
    {
      g_free (row->values[i]);
      g_free (row->errors[i]);
    }
  g_free (row->values);
  g_free (row->errors);
  g_free (row->message);
  g_free (row);
}

G_DEFINE_BOXED_TYPE (CubeImportPreviewRow, cube_import_preview_row, preview_row_copy,
                     cube_import_preview_row_free)

static CubeImportRejection *
rejection_copy (const CubeImportRejection *rejection)
{
  CubeImportRejection *copy = g_memdup2 (rejection, sizeof *rejection);

  copy->column = g_strdup (rejection->column);
  copy->field = g_strdup (rejection->field);
  copy->reason = g_strdup (rejection->reason);
  copy->values = g_new0 (char *, rejection->n_values + 1);
  for (guint i = 0; i < rejection->n_values; i++)
    copy->values[i] = g_strdup (rejection->values[i]);
  return copy;
}

void
cube_import_rejection_free (CubeImportRejection *rejection)
{
  if (rejection == NULL)
    return;
  g_free (rejection->column);
  g_free (rejection->field);
  g_free (rejection->reason);
  g_strfreev (rejection->values);
  g_free (rejection);
}

G_DEFINE_BOXED_TYPE (CubeImportRejection, cube_import_rejection, rejection_copy,
                     cube_import_rejection_free)

static const char * const duplicate_modes[] = { "skip", "update", "fail" };

const char *
cube_import_duplicate_mode_to_string (CubeImportDuplicateMode mode)
{
  g_return_val_if_fail (mode <= CUBE_IMPORT_DUPLICATE_FAIL, NULL);
  return duplicate_modes[mode];
}

gboolean
cube_import_duplicate_mode_from_string (const char              *str,
                                        CubeImportDuplicateMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (duplicate_modes); i++)
    if (g_strcmp0 (str, duplicate_modes[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- the job ------------------------------------------------------------ */

struct _CubeImportJob
{
  GObject                  parent_instance;

  CubeStore               *store;
  CubeSheetReader         *reader;
  guint                    sheet;
  GPtrArray               *head_rows;   /* of CubeSheetRow* */
  const CubeSheetRow      *header;      /* one of head_rows, or &empty_header */
  CubeSheetRow             empty_header;
  CubeImportMapping       *mapping;

  gint64                   assignment_id;
  gint64                   dataset_id;
  GPtrArray               *fields;      /* CubeFieldDef, not archived */

  CubeImportDuplicateMode  mode;
  gboolean                 dry_run;

  CubeImportProgressFunc   progress_func;
  gpointer                 progress_data;
  GDestroyNotify           progress_destroy;

  char                    *checksum;
  CubeImportSummary        summary;
  GPtrArray               *rejections;  /* of CubeImportRejection*, the first ones */
  GFile                   *more_rejections;  /* the rest, as report lines */
};

G_DEFINE_FINAL_TYPE (CubeImportJob, cube_import_job, G_TYPE_OBJECT)

/* Deletes the temporary file of rejections beyond the kept ones. */
static void
drop_more_rejections (GFile **file)
{
  if (*file != NULL)
    g_file_delete (*file, NULL, NULL);
  g_clear_object (file);
}

static void
cube_import_job_finalize (GObject *object)
{
  CubeImportJob *self = CUBE_IMPORT_JOB (object);

  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  g_clear_object (&self->store);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->head_rows, g_ptr_array_unref);
  g_clear_object (&self->mapping);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->rejections, g_ptr_array_unref);
  drop_more_rejections (&self->more_rejections);
  g_free (self->checksum);

  G_OBJECT_CLASS (cube_import_job_parent_class)->finalize (object);
}

static void
cube_import_job_class_init (CubeImportJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cube_import_job_finalize;
}

static void
cube_import_job_init (CubeImportJob *self)
{
  self->head_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_sheet_row_free);
  self->header = &self->empty_header;
  self->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_import_rejection_free);
  self->mode = CUBE_IMPORT_DUPLICATE_SKIP;
}

CubeImportJob *
cube_import_job_new (CubeStore   *store,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(CubeSheetReader) reader = NULL;

  g_return_val_if_fail (CUBE_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(reader = cube_sheet_reader_open (path, error)))
    return NULL;
  return cube_import_job_new_for_reader (store, reader, error);
}

CubeImportJob *
cube_import_job_new_for_reader (CubeStore        *store,
                                CubeSheetReader  *reader,
                                GError          **error)
{
  g_autoptr(CubeImportJob) self = g_object_new (CUBE_TYPE_IMPORT_JOB, NULL);
  guint n_sheets = cube_sheet_reader_get_n_sheets (reader);
  guint sheet = 0;

  g_return_val_if_fail (CUBE_IS_STORE (store), NULL);
  g_return_val_if_fail (CUBE_IS_SHEET_READER (reader), NULL);

  self->store = g_object_ref (store);
  self->reader = g_object_ref (reader);
  for (guint i = 0; i < n_sheets; i++)
    if (!cube_sheet_reader_get_sheet_empty (reader, i))
      {
        sheet = i;
        break;
      }
  if (!cube_import_job_set_sheet (self, sheet, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

CubeSheetReader *
cube_import_job_get_reader (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->reader;
}

CubeStore *
cube_import_job_get_store (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->store;
}

gboolean
cube_import_job_set_assignment (CubeImportJob  *self,
                                gint64          assignment_id,
                                GError        **error)
{
  CubeStoreBulk *bulk;
  CubeAssignment *assignment;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  if (!(bulk = cube_store_bulk_new (self->store, assignment_id, error)))
    return FALSE;
  assignment = cube_store_bulk_get_assignment (bulk);
  self->assignment_id = cube_assignment_get_id (assignment);
  self->dataset_id = cube_assignment_get_dataset_id (assignment);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->fields = g_ptr_array_ref (cube_store_bulk_get_fields (bulk));
  cube_store_bulk_free (bulk);
  cube_import_job_guess_mapping (self);
  return TRUE;
}

gint64
cube_import_job_get_assignment_id (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), 0);
  return self->assignment_id;
}

GPtrArray *
cube_import_job_get_fields (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  if (self->fields == NULL)
    self->fields = g_ptr_array_new_with_free_func (g_object_unref);
  return self->fields;
}

gboolean
cube_import_job_set_sheet (CubeImportJob  *self,
                           guint           sheet_index,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  if (sheet_index >= cube_sheet_reader_get_n_sheets (self->reader))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "sheet", _("The file has no sheet %u"), sheet_index + 1);
      return FALSE;
    }
  if (!(rows = cube_sheet_reader_read_head (self->reader, sheet_index, HEAD_ROWS, cancellable, error)))
    return FALSE;
  g_ptr_array_set_free_func (rows, (GDestroyNotify) cube_sheet_row_free);
  self->sheet = sheet_index;
  g_clear_pointer (&self->head_rows, g_ptr_array_unref);
  self->head_rows = g_steal_pointer (&rows);
  self->header = self->head_rows->len > 0 ? self->head_rows->pdata[0] : &self->empty_header;
  cube_import_job_guess_mapping (self);
  return TRUE;
}

guint
cube_import_job_get_sheet (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), 0);
  return self->sheet;
}

GPtrArray *
cube_import_job_get_head_rows (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->head_rows;
}

gboolean
cube_import_job_set_header_row (CubeImportJob  *self,
                                guint64         row_number,
                                GError        **error)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  for (guint i = 0; i < self->head_rows->len; i++)
    {
      const CubeSheetRow *row = self->head_rows->pdata[i];

      if (row->number == row_number)
        {
          self->header = row;
          cube_import_job_guess_mapping (self);
          return TRUE;
        }
    }
  cube_set_error (error, CUBE_ERROR_VALIDATION, "header_row",
                  _("Row %" PRIu64 " is not one of the first non-empty rows of the sheet"),
                  (uint64_t) row_number);
  return FALSE;
}

const CubeSheetRow *
cube_import_job_get_header (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->header;
}

CubeImportMapping *
cube_import_job_get_mapping (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->mapping;
}

void
cube_import_job_guess_mapping (CubeImportJob *self)
{
  g_return_if_fail (CUBE_IS_IMPORT_JOB (self));

  g_clear_object (&self->mapping);
  self->mapping = cube_import_guess_mapping (self->header, self->fields);
  if (self->dataset_id > 0)
    {
      g_autofree char *text = cube_store_get_import_mapping (self->store, self->dataset_id, NULL);
      g_autoptr(CubeImportMapping) saved = NULL;

      if (text != NULL && (saved = cube_import_mapping_new_from_string (text, NULL)))
        cube_import_mapping_apply_saved (self->mapping, saved);
    }
}

gboolean
cube_import_job_save_mapping (CubeImportJob  *self,
                              GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  if (self->dataset_id <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment", _("Choose an assignment"));
      return FALSE;
    }
  text = cube_import_mapping_to_string (self->mapping);
  return cube_store_save_import_mapping (self->store, self->dataset_id, text, error);
}

void
cube_import_job_set_duplicate_mode (CubeImportJob           *self,
                                    CubeImportDuplicateMode  mode)
{
  g_return_if_fail (CUBE_IS_IMPORT_JOB (self));
  g_return_if_fail (mode <= CUBE_IMPORT_DUPLICATE_FAIL);
  self->mode = mode;
}

CubeImportDuplicateMode
cube_import_job_get_duplicate_mode (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), CUBE_IMPORT_DUPLICATE_SKIP);
  return self->mode;
}

void
cube_import_job_set_dry_run (CubeImportJob *self,
                             gboolean       dry_run)
{
  g_return_if_fail (CUBE_IS_IMPORT_JOB (self));
  self->dry_run = dry_run;
}

void
cube_import_job_set_progress_func (CubeImportJob          *self,
                                   CubeImportProgressFunc  func,
                                   gpointer                user_data,
                                   GDestroyNotify          destroy)
{
  g_return_if_fail (CUBE_IS_IMPORT_JOB (self));

  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

const CubeImportSummary *
cube_import_job_get_summary (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return &self->summary;
}

GPtrArray *
cube_import_job_get_rejections (CubeImportJob *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);
  return self->rejections;
}

/* ---- one run ------------------------------------------------------------ */

typedef struct {
  int         column;
  const char *key;
} FieldColumn;

typedef struct {
  CubeImportJob       *job;
  CubeStore           *store;
  CubeStoreBulk       *bulk;
  CubeImportMapping   *mapping;
  GCancellable        *cancellable;
  gint64               import_id;
  guint64              header_number;
  const char          *file_name;

  /* The columns of the targets, -1 when not mapped. */
  int                  col_key;
  int                  col_name;
  int                  col_email;
  int                  col_phone[3];
  GArray              *field_columns;   /* of FieldColumn */

  /* Preview: the rows, up to @max_rows. */
  GPtrArray           *preview;
  guint                max_rows;

  CubeImportSummary    summary;
  GPtrArray           *rejections;      /* the first CUBE_IMPORT_KEPT_REJECTIONS */
  /* The rest, as lines of the report in a temporary file: a file of a
   * million bad rows took 548 MB when all were kept in memory. */
  GFile               *more_file;
  GFileIOStream       *more_stream;
  GString             *more_lines;
  /* The containers of the row as typed (borrow_draft), used again for
   * every row by the thread that prepares the rows. */
  GPtrArray           *raw_phones;
  GHashTable          *raw_fields;
  guint64              rows_done;
  gint64               start_us;

  /* Progress goes to the job's function, directly or through @context. */
  GMainContext        *context;
} Run;

/* The field key a target stands for, as the core names fields in errors. */
static const char *
target_field (CubeImportTarget  target,
              const char       *field_key)
{
  switch (target)
    {
    case CUBE_IMPORT_TARGET_CUSTOMER_KEY:
      return "customer_key";
    case CUBE_IMPORT_TARGET_NAME:
      return "name";
    case CUBE_IMPORT_TARGET_EMAIL:
      return "email";
    case CUBE_IMPORT_TARGET_PHONE1:
      return "phone1";
    case CUBE_IMPORT_TARGET_PHONE2:
      return "phone2";
    case CUBE_IMPORT_TARGET_PHONE3:
      return "phone3";
    case CUBE_IMPORT_TARGET_FIELD:
      return field_key;
    case CUBE_IMPORT_TARGET_IGNORE:
    default:
      return NULL;
    }
}

static gboolean
is_active_field (GPtrArray  *fields,
                 const char *key)
{
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    if (g_strcmp0 (cube_field_def_get_key (fields->pdata[i]), key) == 0)
      return TRUE;
  return FALSE;
}

/* The column a core error's field names, -1 when none. */
static int
column_of_field (Run        *run,
                 const char *field)
{
  if (field == NULL)
    return -1;
  if (g_str_equal (field, "customer_key"))
    return run->col_key;
  if (g_str_equal (field, "name"))
    return run->col_name;
  if (g_str_equal (field, "email"))
    return run->col_email;
  if (g_str_has_prefix (field, "phone") && field[5] >= '1' && field[5] <= '3' && field[6] == '\0')
    return run->col_phone[field[5] - '1'];
  for (guint i = 0; i < run->field_columns->len; i++)
    {
      FieldColumn *fc = &g_array_index (run->field_columns, FieldColumn, i);
      if (g_str_equal (fc->key, field))
        return fc->column;
    }
  return -1;
}

/* "C (E-post)": the column as the user sees it in the file. */
static char *
column_title (Run *run,
              int  column)
{
  g_autofree char *letter = NULL;
  const char *header;

  if (column < 0)
    return NULL;
  letter = cube_sheet_column_name (column);
  header = cube_import_mapping_get_header (run->mapping, column);
  if (header == NULL || header[0] == '\0')
    return g_steal_pointer (&letter);
  return g_strdup_printf ("%s (%s)", letter, header);
}

static void
run_init (Run           *run,
          CubeImportJob *job,
          CubeStore     *store,
          GCancellable  *cancellable)
{
  CubeImportMapping *mapping = job->mapping;
  guint n = cube_import_mapping_get_n_columns (mapping);

  memset (run, 0, sizeof *run);
  run->job = job;
  run->store = store;
  run->mapping = g_object_ref (mapping);
  run->cancellable = cancellable;
  run->header_number = job->header->number;
  run->file_name = cube_sheet_reader_get_file_name (job->reader);
  run->col_key = run->col_name = run->col_email = -1;
  run->col_phone[0] = run->col_phone[1] = run->col_phone[2] = -1;
  run->field_columns = g_array_new (FALSE, FALSE, sizeof (FieldColumn));
  run->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_import_rejection_free);
  run->raw_phones = g_ptr_array_sized_new (3);
  run->raw_fields = g_hash_table_new (g_str_hash, g_str_equal);
  run->start_us = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      const char *key = NULL;
      CubeImportTarget target = cube_import_mapping_get_target (mapping, i, &key);

      switch (target)
        {
        case CUBE_IMPORT_TARGET_CUSTOMER_KEY:
          run->col_key = i;
          break;
        case CUBE_IMPORT_TARGET_NAME:
          run->col_name = i;
          break;
        case CUBE_IMPORT_TARGET_EMAIL:
          run->col_email = i;
          break;
        case CUBE_IMPORT_TARGET_PHONE1:
        case CUBE_IMPORT_TARGET_PHONE2:
        case CUBE_IMPORT_TARGET_PHONE3:
          run->col_phone[target - CUBE_IMPORT_TARGET_PHONE1] = i;
          break;
        case CUBE_IMPORT_TARGET_FIELD:
          /* A saved mapping may name a field archived since: hidden from
           * import, like from the forms. */
          if (key != NULL && is_active_field (job->fields, key))
            {
              FieldColumn fc = { i, key };
              g_array_append_val (run->field_columns, fc);
            }
          break;
        case CUBE_IMPORT_TARGET_IGNORE:
        default:
          break;
        }
    }
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->bulk, cube_store_bulk_free);
  g_clear_object (&run->mapping);
  g_clear_pointer (&run->field_columns, g_array_unref);
  g_clear_pointer (&run->rejections, g_ptr_array_unref);
  g_clear_pointer (&run->preview, g_ptr_array_unref);
  g_clear_pointer (&run->raw_phones, g_ptr_array_unref);
  g_clear_pointer (&run->raw_fields, g_hash_table_unref);
  if (run->more_stream != NULL)
    g_io_stream_close (G_IO_STREAM (run->more_stream), NULL, NULL);
  g_clear_object (&run->more_stream);
  drop_more_rejections (&run->more_file);
  if (run->more_lines != NULL)
    g_string_free (run->more_lines, TRUE);
  run->more_lines = NULL;
}

static const char *
cell (const CubeSheetRow *row,
      int                 column)
{
  if (column < 0)
    return NULL;
  return cube_sheet_row_get_cell (row, column);
}

/* The row as typed, in the core's draft. */
static CubeCustomerDraft *
build_draft (Run                *run,
             const CubeSheetRow *row)
{
  CubeCustomerDraft *draft = cube_customer_draft_new ();

  draft->assignment_id = run->job->assignment_id;
  draft->customer_key = g_strdup (cell (row, run->col_key));
  draft->name = g_strdup (cell (row, run->col_name));
  draft->email = g_strdup (cell (row, run->col_email));
  for (guint i = 0; i < 3; i++)
    cube_customer_draft_add_phone (draft, run->col_phone[i] >= 0 ? cell (row, run->col_phone[i]) : "");
  for (guint i = 0; i < run->field_columns->len; i++)
    {
      FieldColumn *fc = &g_array_index (run->field_columns, FieldColumn, i);
      cube_customer_draft_set_field (draft, fc->key, cell (row, fc->column));
    }
  return draft;
}

/* The row as typed in @draft, which borrows the row's cells and the run's
 * containers: no copies for a row that only needs checking (all but an
 * update's). Valid until the next row; not to be freed. */
static void
borrow_draft (Run                *run,
              const CubeSheetRow *row,
              CubeCustomerDraft  *draft)
{
  g_ptr_array_set_size (run->raw_phones, 0);
  g_hash_table_remove_all (run->raw_fields);
  draft->assignment_id = run->job->assignment_id;
  draft->customer_key = (char *) cell (row, run->col_key);
  draft->name = (char *) cell (row, run->col_name);
  draft->email = (char *) cell (row, run->col_email);
  draft->phones = run->raw_phones;
  draft->fields = run->raw_fields;
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (draft->phones, (gpointer) (run->col_phone[i] >= 0 ? cell (row, run->col_phone[i]) : ""));
  for (guint i = 0; i < run->field_columns->len; i++)
    {
      FieldColumn *fc = &g_array_index (run->field_columns, FieldColumn, i);
      g_hash_table_insert (draft->fields, (gpointer) fc->key, (gpointer) cell (row, fc->column));
    }
}

/* For an update: what the file does not map keeps the customer's value. */
static void
merge_existing (Run               *run,
                CubeCustomerDraft *draft,
                CubeCustomer      *old)
{
  const char * const *phones = cube_customer_get_phones (old);
  guint n_phones = phones != NULL ? g_strv_length ((char **) phones) : 0;
  GHashTable *values = cube_customer_get_fields (old);
  GPtrArray *fields = run->job->fields;

  if (run->col_name < 0)
    {
      g_free (draft->name);
      draft->name = g_strdup (cube_customer_get_name (old));
    }
  if (run->col_email < 0)
    {
      g_free (draft->email);
      draft->email = g_strdup (cube_customer_get_email (old));
    }
  for (guint i = 0; i < 3; i++)
    if (run->col_phone[i] < 0)
      {
        g_free (draft->phones->pdata[i]);
        draft->phones->pdata[i] = g_strdup (i < n_phones ? phones[i] : "");
      }
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const char *key = cube_field_def_get_key (fields->pdata[i]);
      const char *value = values != NULL ? g_hash_table_lookup (values, key) : NULL;

      if (value != NULL && column_of_field (run, key) < 0)
        cube_customer_draft_set_field (draft, key, value);
    }
}

/* One line of the rejection report for @rejection, with @n_header
 * columns of the file at least. */
static void
append_report_line (GString                   *line,
                    const CubeImportRejection *rejection,
                    guint                      n_header)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  char number[24];

  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, rejection->number);
  g_ptr_array_add (fields, number);
  g_ptr_array_add (fields, rejection->column);
  g_ptr_array_add (fields, rejection->reason);
  for (guint i = 0; i < MAX (n_header, rejection->n_values); i++)
    g_ptr_array_add (fields, i < rejection->n_values ? rejection->values[i] : NULL);
  cube_csv_append_row (line, (const char * const *) fields->pdata, fields->len, CUBE_CSV_DEFAULT);
}

/* Writes what add_rejection() has not written of the rejections beyond
 * the kept ones. */
static gboolean
flush_more_rejections (Run     *run,
                       GError **error)
{
  if (run->more_stream == NULL || run->more_lines->len == 0)
    return TRUE;
  return cube_csv_flush (run->more_lines, g_io_stream_get_output_stream (G_IO_STREAM (run->more_stream)),
                         NULL, error);
}

static gboolean
add_rejection (Run                *run,
               const CubeSheetRow *row,
               const GError       *problem,
               GError            **error)
{
  g_autoptr(CubeImportRejection) rejection = g_new0 (CubeImportRejection, 1);
  const char *field = problem->domain == CUBE_ERROR ? cube_error_get_field (problem) : NULL;

  rejection->number = row->number;
  rejection->column = column_title (run, column_of_field (run, field));
  rejection->field = g_strdup (field);
  rejection->reason = g_strdup (problem->message);
  rejection->n_values = row->n_cells;
  rejection->values = g_new0 (char *, row->n_cells + 1);
  for (guint i = 0; i < row->n_cells; i++)
    rejection->values[i] = g_strdup (row->cells[i]);
  run->summary.rejected++;
  if (run->rejections->len < CUBE_IMPORT_KEPT_REJECTIONS)
    {
      g_ptr_array_add (run->rejections, g_steal_pointer (&rejection));
      return TRUE;
    }
  if (run->more_stream == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!(run->more_file = g_file_new_tmp ("cube-import-rejections-XXXXXX.csv", &run->more_stream,
                                             &local_error)))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Cannot keep the rejected rows: "));
          return FALSE;
        }
      run->more_lines = g_string_sized_new (128 * 1024);
    }
  append_report_line (run->more_lines, rejection, cube_import_mapping_get_n_columns (run->mapping));
  if (run->more_lines->len > 64 * 1024 && !flush_more_rejections (run, error))
    return FALSE;
  return TRUE;
}

/* Whether @error is about the row (it is rejected) rather than a failure
 * that stops the import. */
static gboolean
rejects_row (const GError *error)
{
  return error->domain == CUBE_ERROR
    && (error->code == CUBE_ERROR_VALIDATION || error->code == CUBE_ERROR_CONFLICT);
}

/* What a row comes to before the database is asked: its mapping and
 * Kundeid checked, the draft normalised by the core's rules. Needs no
 * transaction, so a reader thread can do it ahead of the writer. */
typedef struct {
  GError            *problem;      /* rejects the row: mapping or Kundeid */
  char              *key;          /* the normalised Kundeid */
  CubeCustomerDraft *draft;        /* as typed; kept for an update */
  CubeCustomerDraft *clean;        /* normalised, or NULL with @clean_error */
  GError            *clean_error;
  gpointer           derived;      /* cube_store_bulk_derive (@clean) */
  GDestroyNotify     derived_free;
} Prepared;

static void
prepared_clear (Prepared *prepared)
{
  g_clear_error (&prepared->problem);
  g_clear_pointer (&prepared->key, g_free);
  g_clear_pointer (&prepared->draft, cube_customer_draft_free);
  g_clear_pointer (&prepared->clean, cube_customer_draft_free);
  g_clear_error (&prepared->clean_error);
  if (prepared->derived_free != NULL)
    g_clear_pointer (&prepared->derived, prepared->derived_free);
}

/* @spare: emptied drafts to normalise into (of a batch), or NULL. */
static void
prepare_row (Run                *run,
             const CubeSheetRow *row,
             Prepared           *prepared,
             GPtrArray          *spare)
{
  g_autoptr(CubeCustomerDraft) owned = NULL;
  CubeCustomerDraft borrowed, *draft, *clean;

  memset (prepared, 0, sizeof *prepared);
  if (!cube_import_mapping_check_row (run->mapping, row, &prepared->problem))
    return;
  /* An update merges the row into the customer later: it keeps a copy. */
  if (run->job->mode == CUBE_IMPORT_DUPLICATE_UPDATE)
    draft = owned = build_draft (run, row);
  else
    borrow_draft (run, row, draft = &borrowed);
  clean = spare != NULL && spare->len > 0 ? g_ptr_array_steal_index_fast (spare, spare->len - 1)
                                           : cube_customer_draft_new ();
  if (cube_store_bulk_normalize_into (run->bulk, draft, clean, &prepared->clean_error))
    prepared->clean = clean;
  else if (spare != NULL)
    {
      cube_customer_draft_clear (clean);
      g_ptr_array_add (spare, clean);
    }
  else
    cube_customer_draft_free (clean);
  if (prepared->clean != NULL)
    {
      /* The normalised draft has the Kundeid checked already. */
      prepared->key = g_strdup (prepared->clean->customer_key);
      prepared->derived = cube_store_bulk_derive (run->bulk, prepared->clean, &prepared->derived_free);
    }
  else if (!(prepared->key = cube_store_bulk_normalize_value (run->bulk, "customer_key", draft->customer_key,
                                                              &prepared->problem)))
    {
      /* A bad Kundeid rejects the row for that reason, whatever else. */
      g_clear_error (&prepared->clean_error);
      return;
    }
  prepared->draft = g_steal_pointer (&owned);
}

/* Does what the import does with the row @prepared came from; *@action
 * says what that was, *@problem (when set) why it was rejected or not
 * written. FALSE with @error when the import must stop. */
static gboolean
apply_row (Run                  *run,
           Prepared             *prepared,
           CubeImportRowAction  *action,
           gint64               *existing_id,
           GError              **problem,
           GError              **error)
{
  g_autoptr(CubeCustomerDraft) clean = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *key = prepared->key;
  gint64 id, written_by = 0;

  *existing_id = 0;
  *action = CUBE_IMPORT_ROW_REJECT;
  if (prepared->problem != NULL)
    {
      g_propagate_error (problem, g_steal_pointer (&prepared->problem));
      return TRUE;
    }
  /* Most rows of an import are new customers: outside update mode the
   * insert tells (writing nothing) when the Kundeid is taken, and only then
   * is it looked up, as below. On any conflict the row goes the way below,
   * so that a taken Kundeid counts first, as it does there. */
  if (prepared->clean != NULL && run->job->mode != CUBE_IMPORT_DUPLICATE_UPDATE)
    {
      if (cube_store_bulk_add (run->bulk, prepared->clean, prepared->derived, run->file_name, run->import_id,
                               &local_error) > 0)
        {
          *action = CUBE_IMPORT_ROW_ADD;
          return TRUE;
        }
      if (!g_error_matches (local_error, CUBE_ERROR, CUBE_ERROR_CONFLICT))
        {
          if (!rejects_row (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_propagate_error (problem, g_steal_pointer (&local_error));
          return TRUE;
        }
      g_clear_error (&local_error);
    }
  if ((id = cube_store_bulk_find (run->bulk, key, &written_by, error)) < 0)
    return FALSE;

  if (id > 0)
    {
      gboolean in_file = written_by > 0 && written_by == run->import_id;

      *existing_id = id;
      switch (run->job->mode)
        {
        case CUBE_IMPORT_DUPLICATE_SKIP:
          *action = CUBE_IMPORT_ROW_SKIP;
          break;
        case CUBE_IMPORT_DUPLICATE_FAIL:
          *action = CUBE_IMPORT_ROW_DUPLICATE;
          break;
        case CUBE_IMPORT_DUPLICATE_UPDATE:
        default:
          *action = CUBE_IMPORT_ROW_UPDATE;
          break;
        }
      if (*action != CUBE_IMPORT_ROW_UPDATE)
        {
          if (in_file)
            cube_set_error (problem, CUBE_ERROR_CONFLICT, "customer_key",
                            _("Customer ID %s appears more than once in the file"), key);
          else
            cube_set_error (problem, CUBE_ERROR_CONFLICT, "customer_key",
                            _("Customer ID %s is already in the dataset"), key);
          if (problem != NULL && *problem != NULL)
            cube_error_set_existing_customer_id (*problem, id);
          return TRUE;
        }
      else
        {
          g_autoptr(CubeCustomer) old = NULL;

          if (!(old = cube_store_get_customer (run->store, id, error)))
            return FALSE;
          merge_existing (run, prepared->draft, old);
          if (!(clean = cube_store_bulk_normalize (run->bulk, prepared->draft, &local_error))
              || !cube_store_bulk_update (run->bulk, old, clean, run->import_id, &local_error))
            {
              if (!rejects_row (local_error))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              *action = CUBE_IMPORT_ROW_REJECT;
              g_propagate_error (problem, g_steal_pointer (&local_error));
            }
          return TRUE;
        }
    }

  if (prepared->clean == NULL)
    local_error = g_steal_pointer (&prepared->clean_error);
  if (prepared->clean == NULL
      || cube_store_bulk_add (run->bulk, prepared->clean, prepared->derived, run->file_name, run->import_id,
                              &local_error) <= 0)
    {
      if (!rejects_row (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_propagate_error (problem, g_steal_pointer (&local_error));
      return TRUE;
    }
  *action = CUBE_IMPORT_ROW_ADD;
  return TRUE;
}

/* The preview of @row: each mapped cell as it will be stored, or its reason. */
static CubeImportPreviewRow *
preview_row_new (Run                 *run,
                 const CubeSheetRow  *row,
                 CubeImportRowAction  action,
                 gint64               existing_id,
                 const GError        *problem)
{
  CubeImportPreviewRow *preview = g_new0 (CubeImportPreviewRow, 1);
  guint n = MAX (cube_import_mapping_get_n_columns (run->mapping), row->n_cells);

  preview->number = row->number;
  preview->action = action;
  preview->existing_id = existing_id;
  preview->n_columns = n;
  preview->values = g_new0 (char *, n + 1);
  preview->errors = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *original = cube_sheet_row_get_cell (row, i);
      const char *key = NULL;
      CubeImportTarget target = i < cube_import_mapping_get_n_columns (run->mapping)
        ? cube_import_mapping_get_target (run->mapping, i, &key) : CUBE_IMPORT_TARGET_IGNORE;
      const char *field = target_field (target, key);
      g_autoptr(GError) local_error = NULL;
      char *stored = NULL;

      if (field != NULL && column_of_field (run, field) == (int) i)
        stored = cube_store_bulk_normalize_value (run->bulk, field, original, &local_error);
      else
        stored = g_strdup (original);
      if (stored == NULL)
        {
          preview->values[i] = g_strdup (original);
          preview->errors[i] = g_strdup (local_error->message);
        }
      else
        preview->values[i] = stored;
    }
  if (problem != NULL)
    {
      int column = column_of_field (run, problem->domain == CUBE_ERROR ? cube_error_get_field (problem) : NULL);

      preview->message = g_strdup (problem->message);
      if (column >= 0 && (guint) column < n && preview->errors[column] == NULL
          && action == CUBE_IMPORT_ROW_REJECT)
        preview->errors[column] = g_strdup (problem->message);
    }
  return preview;
}

typedef struct {
  CubeImportJob      *job;
  CubeImportProgress  progress;
} ProgressMessage;

static void
progress_message_free (gpointer data)
{
  ProgressMessage *message = data;

  g_object_unref (message->job);
  g_free (message);
}

static gboolean
progress_in_context (gpointer data)
{
  ProgressMessage *message = data;

  if (message->job->progress_func != NULL)
    message->job->progress_func (&message->progress, message->job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report_progress (Run     *run,
                 guint64  done,
                 guint64  total)
{
  CubeImportJob *job = run->job;
  CubeImportProgress progress = { 0 };
  double seconds = (g_get_monotonic_time () - run->start_us) / (double) G_USEC_PER_SEC;

  if (job->progress_func == NULL)
    return;
  progress.rows_done = run->rows_done;
  progress.fraction = total > 0 ? MIN (1.0, (double) done / total) : 0;
  progress.rows_per_second = seconds > 0 ? run->rows_done / seconds : 0;
  progress.seconds_left = progress.fraction > 0.01 ? seconds * (1 - progress.fraction) / progress.fraction : -1;
  if (run->context == NULL)
    job->progress_func (&progress, job->progress_data);
  else
    {
      ProgressMessage *message = g_new0 (ProgressMessage, 1);

      message->job = g_object_ref (job);
      message->progress = progress;
      g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, progress_in_context, message,
                                  progress_message_free);
    }
}

/* Counts what the import did with @row (or adds it to the preview); FALSE
 * with @error when the import must stop. */
static gboolean
account_row (Run                *run,
             const CubeSheetRow *row,
             Prepared           *prepared,
             GError            **error)
{
  g_autoptr(GError) problem = NULL;
  CubeImportRowAction action;
  gint64 existing_id;

  if (!apply_row (run, prepared, &action, &existing_id, &problem, error))
    return FALSE;

  if (run->preview != NULL)
    {
      g_ptr_array_add (run->preview, preview_row_new (run, row, action, existing_id, problem));
      return TRUE;
    }
  switch (action)
    {
    case CUBE_IMPORT_ROW_ADD:
      run->summary.added++;
      break;
    case CUBE_IMPORT_ROW_UPDATE:
      run->summary.updated++;
      break;
    case CUBE_IMPORT_ROW_SKIP:
      run->summary.skipped++;
      break;
    case CUBE_IMPORT_ROW_DUPLICATE:
      {
        g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, row->number);

        cube_set_error (error, CUBE_ERROR_CONFLICT, "customer_key", _("Row %s: %s"), number, problem->message);
        cube_error_set_existing_customer_id (*error, existing_id);
        return FALSE;
      }
    case CUBE_IMPORT_ROW_REJECT:
    default:
      return add_rejection (run, row, problem, error);
    }
  return TRUE;
}

/* One row at a time, in the calling thread (the preview). */
static gboolean
row_cb (const CubeSheetRow  *row,
        gpointer             user_data,
        GError             **error)
{
  Run *run = user_data;
  Prepared prepared;
  gboolean ok;

  if (row->number <= run->header_number)
    return TRUE;
  if (run->preview != NULL && run->preview->len >= run->max_rows)
    return FALSE;
  if ((run->rows_done & 1023) == 0 && g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;
  run->rows_done++;

  prepare_row (run, row, &prepared, NULL);
  ok = account_row (run, row, &prepared, error);
  prepared_clear (&prepared);
  return ok;
}

/* ---- the pipeline ------------------------------------------------------- */

/* An import uses both cores: a reader thread reads the rows and prepares
 * them (prepare_row: the mapping, the core's validation and normalisation),
 * the calling thread applies them to the database in file order
 * (apply_row, in the run's one transaction). Rows go over in batches;
 * N_BATCHES of them circulate, which bounds the memory. */
#define BATCH_ROWS 256
/* New customers an import adds before it guesses its size for
 * cube_store_bulk_defer_indexes(). */
#define DEFER_AFTER_ROWS 50000
#define N_BATCHES  16

typedef struct {
  guint64   number;
  guint     n_cells;
  guint     first_cell;   /* in the batch's offsets */
  Prepared  prepared;
} Item;

typedef struct {
  GArray    *items;       /* of Item */
  GString   *text;        /* the rows' cells, each ending in its NUL */
  GArray    *offsets;     /* of gsize: where each cell starts in @text */
  GPtrArray *spare;       /* of CubeCustomerDraft, emptied, for prepare_row */
  guint64    done;        /* the reader's progress when the batch was sent */
  guint64    total;
  gboolean   last;        /* the reader has finished: @ok, @error */
  gboolean   ok;
  GError    *error;
} Batch;

typedef struct {
  Run          *run;
  GAsyncQueue  *full;     /* Batch*, reader → writer */
  GAsyncQueue  *empty;    /* Batch*, writer → reader */
  Batch        *batch;    /* the one the reader fills */
  gint          stop;     /* atomic: the writer wants no more rows */
  guint64       rows_read;
  guint64       done;
  guint64       total;
} Pipe;

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->items = g_array_sized_new (FALSE, FALSE, sizeof (Item), BATCH_ROWS);
  batch->text = g_string_sized_new (64 * BATCH_ROWS);
  batch->offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), 16 * BATCH_ROWS);
  batch->spare = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_customer_draft_free);
  return batch;
}

static void
batch_reset (Batch *batch)
{
  for (guint i = 0; i < batch->items->len; i++)
    {
      Prepared *prepared = &g_array_index (batch->items, Item, i).prepared;

      /* The drafts go round again (a million rows: three million
       * containers fewer to allocate and free). */
      if (prepared->clean != NULL)
        {
          cube_customer_draft_clear (prepared->clean);
          g_ptr_array_add (batch->spare, g_steal_pointer (&prepared->clean));
        }
      prepared_clear (prepared);
    }
  g_array_set_size (batch->items, 0);
  g_string_truncate (batch->text, 0);
  g_array_set_size (batch->offsets, 0);
  batch->done = batch->total = 0;
  batch->last = batch->ok = FALSE;
  g_clear_error (&batch->error);
}

static void
batch_free (Batch *batch)
{
  batch_reset (batch);
  g_array_unref (batch->items);
  g_string_free (batch->text, TRUE);
  g_array_unref (batch->offsets);
  g_ptr_array_unref (batch->spare);
  g_free (batch);
}

static void
pipe_send (Pipe *pipe)
{
  pipe->batch->done = pipe->done;
  pipe->batch->total = pipe->total;
  g_async_queue_push (pipe->full, g_steal_pointer (&pipe->batch));
}

static void
pipe_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  Pipe *pipe = user_data;

  pipe->done = done;
  pipe->total = total;
}

/* In the reader thread. */
static gboolean
pipe_row_cb (const CubeSheetRow  *row,
             gpointer             user_data,
             GError             **error)
{
  Pipe *pipe = user_data;
  Run *run = pipe->run;
  Batch *batch;
  Item item = { 0 };

  if (row->number <= run->header_number)
    return TRUE;
  if (g_atomic_int_get (&pipe->stop))
    return FALSE;
  if ((pipe->rows_read & 1023) == 0 && g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;
  pipe->rows_read++;

  if (pipe->batch == NULL)
    {
      /* Emptied here, not in the writer: the rows were allocated in this
       * thread, and the writer has better things to do. */
      pipe->batch = g_async_queue_pop (pipe->empty);
      batch_reset (pipe->batch);
    }
  batch = pipe->batch;
  item.number = row->number;
  item.n_cells = row->n_cells;
  item.first_cell = batch->offsets->len;
  for (guint i = 0; i < row->n_cells; i++)
    {
      gsize at = batch->text->len;

      g_array_append_val (batch->offsets, at);
      g_string_append_len (batch->text, row->cells[i], strlen (row->cells[i]) + 1);
    }
  prepare_row (run, row, &item.prepared, batch->spare);
  g_array_append_val (batch->items, item);
  if (batch->items->len >= BATCH_ROWS)
    pipe_send (pipe);
  return TRUE;
}

static gpointer
pipe_read (gpointer data)
{
  Pipe *pipe = data;
  CubeImportJob *job = pipe->run->job;
  GError *error = NULL;
  gboolean ok;

  cube_sheet_reader_set_progress_func (job->reader, pipe_progress_cb, pipe, NULL);
  ok = cube_sheet_reader_read (job->reader, job->sheet, pipe_row_cb, pipe, pipe->run->cancellable, &error);
  cube_sheet_reader_set_progress_func (job->reader, NULL, NULL, NULL);
  if (pipe->batch == NULL)
    {
      pipe->batch = g_async_queue_pop (pipe->empty);
      batch_reset (pipe->batch);
    }
  pipe->batch->last = TRUE;
  pipe->batch->ok = ok;
  pipe->batch->error = error;
  pipe_send (pipe);
  return NULL;
}

/* Reads the sheet through the pipeline and applies every row; as
 * cube_sheet_reader_read() with row_cb. */
static gboolean
read_piped (Run     *run,
            GError **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  Pipe pipe = { 0 };
  GThread *thread;
  Batch *batch;
  gboolean ok = TRUE, last = FALSE, deferred = FALSE;
  guint64 reported = 0;
  gint64 waited = 0;

  pipe.run = run;
  pipe.full = g_async_queue_new ();
  pipe.empty = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (pipe.empty, batch_new ());
  thread = g_thread_new ("cube-import-read", pipe_read, &pipe);

  while (!last)
    {
      gint64 before;

      /* While the reader is behind, the writer does work that would wait
       * for the end otherwise (history, search index), a step at a time;
       * not in a dry run, which keeps none of it. */
      batch = NULL;
      while (ok && !run->job->dry_run && (batch = g_async_queue_try_pop (pipe.full)) == NULL)
        {
          gboolean did_work = FALSE;

          /* Avbryt is seen below, with the next batch. */
          if (g_cancellable_is_cancelled (run->cancellable))
            break;
          if (!cube_store_bulk_idle (run->bulk, &did_work, error))
            {
              ok = FALSE;
              g_atomic_int_set (&pipe.stop, 1);
            }
          if (!did_work)
            break;
        }
      before = g_get_monotonic_time ();
      if (batch == NULL)
        batch = g_async_queue_pop (pipe.full);
      waited += g_get_monotonic_time () - before;
      last = batch->last;
      /* Avbryt stops the writing too, not only the reading (which may be
       * done already). */
      if (ok && g_cancellable_set_error_if_cancelled (run->cancellable, error))
        {
          ok = FALSE;
          g_atomic_int_set (&pipe.stop, 1);
        }
      for (guint i = 0; ok && i < batch->items->len; i++)
        {
          Item *item = &g_array_index (batch->items, Item, i);
          CubeSheetRow row = { item->number, item->n_cells, NULL };

          g_ptr_array_set_size (cells, 0);
          for (guint c = 0; c < item->n_cells; c++)
            g_ptr_array_add (cells, batch->text->str + g_array_index (batch->offsets, gsize, item->first_cell + c));
          row.cells = (const char * const *) cells->pdata;
          run->rows_done++;
          if (!account_row (run, &row, &item->prepared, error))
            {
              ok = FALSE;
              g_atomic_int_set (&pipe.stop, 1);
            }
        }
      if (ok && last && !batch->ok)
        {
          ok = FALSE;
          g_propagate_error (error, g_steal_pointer (&batch->error));
        }
      if (ok && batch->done != reported)
        {
          reported = batch->done;
          report_progress (run, batch->done, batch->total);
        }
      /* Once enough is read to tell how big the import is, the store may
       * stop maintaining indexes it will build again at the end. */
      if (ok && !deferred && run->summary.added >= DEFER_AFTER_ROWS && batch->done > 0 && batch->total > 0)
        {
          deferred = TRUE;
          if (!cube_store_bulk_defer_indexes (run->bulk,
                                              (guint64) (run->summary.added * ((double) batch->total / batch->done)),
                                              error))
            {
              ok = FALSE;
              g_atomic_int_set (&pipe.stop, 1);
            }
        }
      g_async_queue_push (pipe.empty, batch);
    }
  /* Which of the two threads sets the pace (G_MESSAGES_DEBUG=all). */
  g_debug ("import: rows written after %.2f s, %.2f s of it waiting for the reader",
           (g_get_monotonic_time () - run->start_us) / 1e6, waited / 1e6);
  g_thread_join (thread);
  while ((batch = g_async_queue_try_pop (pipe.empty)))
    batch_free (batch);
  g_async_queue_unref (pipe.full);
  g_async_queue_unref (pipe.empty);
  return ok;
}

/* The file's SHA-256, lowercase hex. */
static char *
file_checksum (CubeSheetReader  *reader,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (256 * 1024);
  gssize n;

  if (!(in = cube_sheet_reader_open_input (reader, error)))
    return NULL;
  while ((n = g_input_stream_read (in, buffer, 256 * 1024, cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/* The file's checksum in a thread of its own, while the writer builds the
 * indexes (the reader's core is free by then): 0.3 s less for 80 MB. */
typedef struct {
  CubeSheetReader *reader;
  GCancellable    *cancellable;
  GError          *error;
} ChecksumTask;

static gpointer
checksum_thread (gpointer data)
{
  ChecksumTask *task = data;

  return file_checksum (task->reader, task->cancellable, &task->error);
}

/* Reads and writes every row of the sheet in one transaction of @store.
 * With @preview, stops after the first @max_rows rows. Rolls back unless
 * this is a real run that succeeded. */
static gboolean
do_run (CubeImportJob  *self,
        CubeStore      *store,
        Run            *run,
        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  CubeImportRecord record = { 0 };
  gboolean ok, write = run->preview == NULL && !self->dry_run;

  if (self->assignment_id <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment", _("Choose an assignment"));
      return FALSE;
    }
  if (run->col_key < 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "customer_key",
                      _("No column is mapped to Kundeid (Customer ID)"));
      return FALSE;
    }
  if (!cube_store_bulk_begin (store, write, error))
    return FALSE;
  ok = (run->bulk = cube_store_bulk_new (store, self->assignment_id, &local_error)) != NULL;
  if (ok)
    {
      GPtrArray *now = cube_store_bulk_get_fields (run->bulk);

      /* The fields as the transaction sees them: one archived since the
       * assignment was chosen (here or by another process) is not
       * imported, as the forms no longer show it. */
      for (guint i = run->field_columns->len; i-- > 0;)
        if (!is_active_field (now, g_array_index (run->field_columns, FieldColumn, i).key))
          g_array_remove_index (run->field_columns, i);
    }
  if (ok)
    {
      record.file_name = (char *) run->file_name;
      /* Known at the end (checksum_thread), if not before. */
      record.checksum = self->checksum ? self->checksum : (char *) "";
      record.sheet = (char *) cube_sheet_reader_get_sheet_name (self->reader, self->sheet);
      record.assignment_id = self->assignment_id;
      record.duplicate_mode = (char *) cube_import_duplicate_mode_to_string (self->mode);
      record.imported_at = cube_store_now (store);
      ok = (run->import_id = cube_store_insert_import (store, &record, &local_error)) > 0;
    }
  if (ok)
    {
      if (run->preview == NULL)
        ok = read_piped (run, &local_error);
      else
        ok = cube_sheet_reader_read (self->reader, self->sheet, row_cb, run, run->cancellable, &local_error);
    }
  if (ok && write)
    {
      ChecksumTask task = { self->reader, run->cancellable, NULL };
      GThread *checksummer = NULL;

      record.id = run->import_id;
      record.added = run->summary.added;
      record.updated = run->summary.updated;
      record.skipped = run->summary.skipped;
      record.rejected = run->summary.rejected;
      record.imported_at = cube_store_now (store);
      if (self->checksum == NULL)
        checksummer = g_thread_new ("cube-import-checksum", checksum_thread, &task);
      /* The report must have every rejected row of what is committed. */
      ok = flush_more_rejections (run, &local_error) && cube_store_bulk_flush (run->bulk, &local_error);
      if (checksummer != NULL)
        {
          char *checksum = g_thread_join (checksummer);

          if (checksum == NULL && ok)
            {
              ok = FALSE;
              g_propagate_error (&local_error, g_steal_pointer (&task.error));
            }
          g_clear_error (&task.error);
          if (checksum != NULL)
            self->checksum = checksum;
        }
      record.checksum = self->checksum;
      record.seconds = (g_get_monotonic_time () - run->start_us) / (double) G_USEC_PER_SEC;
      if (!ok || !cube_store_finish_import (store, &record, &local_error))
        {
          ok = FALSE;
          cube_store_rollback (store);
        }
      /* A failed commit has rolled back. */
      else if ((ok = cube_store_commit (store, &local_error)))
        run->summary.import_id = run->import_id;
      g_debug ("import: committed after %.2f s", (g_get_monotonic_time () - run->start_us) / 1e6);
    }
  else
    cube_store_rollback (store);
  run->summary.seconds = (g_get_monotonic_time () - run->start_us) / (double) G_USEC_PER_SEC;
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Keeps what a run counted and refused in the job. */
static void
take_results (CubeImportJob *self,
              Run           *run)
{
  self->summary = run->summary;
  g_clear_pointer (&self->rejections, g_ptr_array_unref);
  self->rejections = g_steal_pointer (&run->rejections);
  self->rejections = self->rejections ? self->rejections
                                      : g_ptr_array_new_with_free_func ((GDestroyNotify) cube_import_rejection_free);
  drop_more_rejections (&self->more_rejections);
  if (run->more_stream != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* A report without them would lie: then there is none of them. */
      if (flush_more_rejections (run, &local_error)
          && g_io_stream_close (G_IO_STREAM (run->more_stream), NULL, &local_error))
        self->more_rejections = g_steal_pointer (&run->more_file);
      else
        g_warning ("Rejected rows lost: %s", local_error->message);
    }
}

GPtrArray *
cube_import_job_preview (CubeImportJob  *self,
                         guint           max_rows,
                         GCancellable   *cancellable,
                         GError        **error)
{
  Run run;
  GPtrArray *rows = NULL;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), NULL);

  run_init (&run, self, self->store, cancellable);
  run.preview = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_import_preview_row_free);
  run.max_rows = max_rows;
  if (max_rows == 0 || do_run (self, self->store, &run, error))
    rows = g_steal_pointer (&run.preview);
  run_clear (&run);
  return rows;
}

gboolean
cube_import_job_run (CubeImportJob  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  Run run;
  gboolean ok;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  run_init (&run, self, self->store, cancellable);
  ok = do_run (self, self->store, &run, error);
  take_results (self, &run);
  run_clear (&run);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CubeImportJob *self = source_object;
  g_autoptr(CubeStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Run run;
  gboolean ok;

  if (!(store = cube_store_open_again (self->store, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  run_init (&run, self, store, cancellable);
  run.context = g_task_get_context (task);
  ok = do_run (self, store, &run, &error);
  take_results (self, &run);
  run_clear (&run);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
cube_import_job_run_async (CubeImportJob       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CUBE_IS_IMPORT_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cube_import_job_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

gboolean
cube_import_job_run_finish (CubeImportJob  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the rejection report ----------------------------------------------- */

gboolean
cube_import_job_write_report (CubeImportJob  *self,
                              GOutputStream  *out,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  guint n_header = cube_import_mapping_get_n_columns (self->mapping);
  g_autoptr(GFileInputStream) more = NULL;
  g_autofree char *buffer = NULL;
  gssize n;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  g_ptr_array_add (fields, (gpointer) _("Row"));
  g_ptr_array_add (fields, (gpointer) _("Column"));
  g_ptr_array_add (fields, (gpointer) _("Reason"));
  for (guint i = 0; i < n_header; i++)
    g_ptr_array_add (fields, (gpointer) cube_import_mapping_get_header (self->mapping, i));
  cube_csv_append_row (line, (const char * const *) fields->pdata, fields->len, CUBE_CSV_DEFAULT);

  for (guint r = 0; r < self->rejections->len; r++)
    {
      append_report_line (line, self->rejections->pdata[r], n_header);
      if (line->len > 64 * 1024 && !cube_csv_flush (line, out, cancellable, error))
        return FALSE;
    }
  if (!cube_csv_flush (line, out, cancellable, error))
    return FALSE;
  if (self->more_rejections == NULL)
    return TRUE;
  if (!(more = g_file_read (self->more_rejections, cancellable, error)))
    return FALSE;
  buffer = g_malloc (256 * 1024);
  while ((n = g_input_stream_read (G_INPUT_STREAM (more), buffer, 256 * 1024, cancellable, error)) > 0)
    if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
      return FALSE;
  return n == 0;
}

gboolean
cube_import_job_write_report_to_path (CubeImportJob  *self,
                                      const char     *path,
                                      GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GCancellable) abandon = g_cancellable_new ();
  gboolean ok;

  g_return_val_if_fail (CUBE_IS_IMPORT_JOB (self), FALSE);

  if (!(out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &local_error)))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "report", _("Cannot write %s: %s"), path,
                      local_error->message);
      return FALSE;
    }
  ok = cube_import_job_write_report (self, G_OUTPUT_STREAM (out), NULL, &local_error);
  /* A failed report leaves an existing file as it was. */
  if (!ok)
    g_cancellable_cancel (abandon);
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), ok ? NULL : abandon, ok ? &local_error : NULL) || !ok)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "report", _("Cannot write %s: %s"), path,
                      local_error != NULL ? local_error->message : "");
      return FALSE;
    }
  return TRUE;
}
