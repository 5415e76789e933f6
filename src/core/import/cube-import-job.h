/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cube-import-mapping.h"
#include "cube-sheet-reader.h"
#include "cube-store.h"

G_BEGIN_DECLS

/* What an import does with a row whose Kundeid is already in the dataset
 * (or earlier in the same file). */
typedef enum {
  CUBE_IMPORT_DUPLICATE_SKIP,    /* leave the existing customer as it is */
  CUBE_IMPORT_DUPLICATE_UPDATE,  /* update it (edited events old → new) */
  CUBE_IMPORT_DUPLICATE_FAIL,    /* stop: nothing is written (CUBE_ERROR_CONFLICT) */
} CubeImportDuplicateMode;

/* "skip", "update", "fail" (command line, JSON). */
const char *cube_import_duplicate_mode_to_string   (CubeImportDuplicateMode  mode);
gboolean    cube_import_duplicate_mode_from_string (const char              *str,
                                                    CubeImportDuplicateMode *mode);

/* What the import would do (preview) or did with a row. */
typedef enum {
  CUBE_IMPORT_ROW_ADD,        /* a new customer */
  CUBE_IMPORT_ROW_UPDATE,     /* duplicate Kundeid, the existing customer is updated */
  CUBE_IMPORT_ROW_SKIP,       /* duplicate Kundeid, skipped */
  CUBE_IMPORT_ROW_DUPLICATE,  /* duplicate Kundeid in fail mode: the import would stop */
  CUBE_IMPORT_ROW_REJECT,     /* invalid: goes to the rejection report */
} CubeImportRowAction;

/* One row of the preview, as it will be stored. Arrays have one entry per
 * column of the mapping (the sheet's columns). */
typedef struct {
  guint64               number;     /* the row of the file */
  CubeImportRowAction   action;
  guint                 n_columns;
  char                **values;     /* the value as it will be stored (normalised:
                                     * E.164 phones, ISO dates…); the original for
                                     * ignored and invalid cells */
  char                **errors;     /* the reason a cell is invalid, or NULL */
  char                 *message;    /* the row's first problem in words (as the
                                     * rejection report has it; also duplicates),
                                     * or NULL when the row is fine */
  gint64                existing_id; /* the customer a duplicate matches, or 0 */
} CubeImportPreviewRow;

#define CUBE_TYPE_IMPORT_PREVIEW_ROW (cube_import_preview_row_get_type ())
GType  cube_import_preview_row_get_type (void) G_GNUC_CONST;
void   cube_import_preview_row_free     (CubeImportPreviewRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeImportPreviewRow, cube_import_preview_row_free)

/* A row the import refused. */
typedef struct {
  guint64   number;       /* the row of the file */
  char     *column;       /* the column as the user knows it: "C (E-post)", or NULL
                           * when the reason is the row's */
  char     *field;        /* the field key the reason names (cube_error_get_field), or NULL */
  char     *reason;       /* in words, translated */
  guint     n_values;
  char    **values;       /* the row's original cells */
} CubeImportRejection;

#define CUBE_TYPE_IMPORT_REJECTION (cube_import_rejection_get_type ())
GType  cube_import_rejection_get_type (void) G_GNUC_CONST;
void   cube_import_rejection_free     (CubeImportRejection *rejection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeImportRejection, cube_import_rejection_free)

/* Progress of a running import. */
typedef struct {
  guint64  rows_done;       /* rows read and checked so far */
  double   rows_per_second; /* since the start */
  double   seconds_left;    /* estimated from the bytes read; < 0 while unknown */
  double   fraction;        /* input bytes read / file size, 0 … 1 */
} CubeImportProgress;

/* Called during a run: in the calling thread for cube_import_job_run(), on
 * the caller's thread-default main context for cube_import_job_run_async();
 * at most about every 100 ms. */
typedef void (*CubeImportProgressFunc) (const CubeImportProgress *progress,
                                        gpointer                  user_data);

/* What a finished run did. */
typedef struct {
  guint64  added;
  guint64  updated;
  guint64  skipped;
  guint64  rejected;
  double   seconds;
  gint64   import_id;   /* the import's record (cube_store_list_imports()); 0 for a dry run */
} CubeImportSummary;

/* One file imported into one assignment: choose the sheet, the header row,
 * the mapping and the duplicate rule, preview, then run. */
#define CUBE_TYPE_IMPORT_JOB (cube_import_job_get_type ())
G_DECLARE_FINAL_TYPE (CubeImportJob, cube_import_job, CUBE, IMPORT_JOB, GObject)

/* Opens @path (cube_sheet_reader_open()) for an import with @store's
 * current user; the first non-empty sheet is chosen, its first non-empty
 * row is the header. Fails with the reader's message. */
CubeImportJob     *cube_import_job_new              (CubeStore        *store,
                                                     const char       *path,
                                                     GError          **error);
/* The same for a reader already open (cube_sheet_reader_open_bytes()). */
CubeImportJob     *cube_import_job_new_for_reader   (CubeStore        *store,
                                                     CubeSheetReader  *reader,
                                                     GError          **error);

CubeSheetReader   *cube_import_job_get_reader       (CubeImportJob    *self);
CubeStore         *cube_import_job_get_store        (CubeImportJob    *self);

/* The assignment the customers go into. Loads its dataset's fields and,
 * when the dataset has a saved mapping, applies it over the guess. Fails
 * when the assignment does not exist or the user may not add customers. */
gboolean           cube_import_job_set_assignment   (CubeImportJob    *self,
                                                     gint64            assignment_id,
                                                     GError          **error);
gint64             cube_import_job_get_assignment_id (CubeImportJob   *self);
/* The dataset's fields (CubeFieldDef, not archived) mapping targets may
 * name; empty before an assignment is set. */
GPtrArray         *cube_import_job_get_fields       (CubeImportJob    *self);

/* Picks sheet @sheet_index: reads its first rows, takes the first as the
 * header and guesses the mapping again. */
gboolean           cube_import_job_set_sheet        (CubeImportJob    *self,
                                                     guint             sheet_index,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
guint              cube_import_job_get_sheet        (CubeImportJob    *self);
/* The first non-empty rows of the sheet (CubeSheetRow, up to 100), the
 * header among them: for choosing the header row. */
GPtrArray         *cube_import_job_get_head_rows    (CubeImportJob    *self);
/* Makes file row @row_number (as in CubeSheetRow.number; one of the head
 * rows) the header and guesses the mapping again; rows up to it are not
 * imported. */
gboolean           cube_import_job_set_header_row   (CubeImportJob    *self,
                                                     guint64           row_number,
                                                     GError          **error);
const CubeSheetRow *cube_import_job_get_header      (CubeImportJob    *self);

/* The job's mapping; change targets with cube_import_mapping_set_target().
 * Replaced (so do not keep it) by set_sheet, set_header_row, set_assignment
 * and guess_mapping. */
CubeImportMapping *cube_import_job_get_mapping      (CubeImportJob    *self);
/* Guesses the mapping from the header and the dataset's fields, then applies
 * the dataset's saved mapping, if any. */
void               cube_import_job_guess_mapping    (CubeImportJob    *self);
/* Stores the current mapping as the dataset's saved mapping. */
gboolean           cube_import_job_save_mapping     (CubeImportJob    *self,
                                                     GError          **error);

void               cube_import_job_set_duplicate_mode (CubeImportJob  *self,
                                                       CubeImportDuplicateMode mode);
CubeImportDuplicateMode cube_import_job_get_duplicate_mode (CubeImportJob *self);
/* A dry run reads and checks every row and reports, but writes nothing. */
void               cube_import_job_set_dry_run      (CubeImportJob    *self,
                                                     gboolean          dry_run);

/* The first @max_rows rows after the header as they would be stored, with
 * each invalid cell's reason and what would happen to the row
 * (CubeImportPreviewRow). Same checks as the run; writes nothing. */
GPtrArray         *cube_import_job_preview          (CubeImportJob    *self,
                                                     guint             max_rows,
                                                     GCancellable     *cancellable,
                                                     GError          **error);

void               cube_import_job_set_progress_func (CubeImportJob         *self,
                                                      CubeImportProgressFunc func,
                                                      gpointer               user_data,
                                                      GDestroyNotify         destroy);

/* Imports every row after the header in one transaction. Fails (nothing
 * written) when no column is mapped to Kundeid, when the file is broken
 * (the reader's message with the row), on a duplicate in fail mode
 * (CUBE_ERROR_CONFLICT naming the row), or when cancelled. Invalid rows
 * do not fail the run: they are rejected. Runs in the calling thread on
 * the job's store. */
gboolean           cube_import_job_run              (CubeImportJob    *self,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
/* The same in a worker thread with its own connection to the store's
 * database; the job must not be changed until it finishes. */
void               cube_import_job_run_async        (CubeImportJob      *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
gboolean           cube_import_job_run_finish       (CubeImportJob    *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* After a run (also a failed one: what was counted before it stopped). */
const CubeImportSummary *cube_import_job_get_summary (CubeImportJob   *self);
/* The rejected rows an import keeps in memory; the summary counts all of
 * them and the report has all of them. */
#define CUBE_IMPORT_KEPT_REJECTIONS 1000

/* The first rejected rows (CubeImportRejection) in file order, at most
 * CUBE_IMPORT_KEPT_REJECTIONS. */
GPtrArray         *cube_import_job_get_rejections   (CubeImportJob    *self);
/* Writes the rejection report as CSV (UTF-8, comma, a header line): Row,
 * Column, Reason, then the file's header cells and the row's values. */
gboolean           cube_import_job_write_report     (CubeImportJob    *self,
                                                     GOutputStream    *out,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
gboolean           cube_import_job_write_report_to_path (CubeImportJob *self,
                                                         const char    *path,
                                                         GError       **error);

G_END_DECLS
