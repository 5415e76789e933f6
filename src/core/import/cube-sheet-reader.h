/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a file turned out to be, judged by its content. */
typedef enum {
  CUBE_SHEET_FORMAT_CSV,
  CUBE_SHEET_FORMAT_XLSX,
  CUBE_SHEET_FORMAT_ODS,
} CubeSheetFormat;

/* Limits the readers enforce; a file past them is refused with an error. */
#define CUBE_SHEET_MAX_CELL_BYTES    (1024 * 1024)              /* one cell */
#define CUBE_SHEET_MAX_COLUMNS       16384                      /* like Excel: A … XFD */
#define CUBE_SHEET_MAX_SHEET_BYTES   (G_GUINT64_CONSTANT (4) << 30) /* inflated sheet XML */
#define CUBE_SHEET_MAX_PART_BYTES    (G_GUINT64_CONSTANT (512) << 20) /* shared strings, styles, workbook */
#define CUBE_SHEET_MAX_RATIO         200                        /* inflated : compressed … */
#define CUBE_SHEET_RATIO_GRACE_BYTES (G_GUINT64_CONSTANT (8) << 20) /* … checked past 8 MiB */

/* One non-empty row as the file shows it. @cells are UTF-8 strings, never
 * NULL ("" for an empty cell), in column order from A; trailing empty cells
 * are left off, so @n_cells may be less than the header's width. */
typedef struct {
  guint64             number;   /* 1-based row (CSV: line where the record starts) */
  guint               n_cells;
  const char * const *cells;
} CubeSheetRow;

/* Called for every non-empty row; the row is only valid during the call.
 * Return FALSE to stop reading: with @error set the read fails with it,
 * without it the read ends successfully. */
typedef gboolean (*CubeSheetRowFunc) (const CubeSheetRow *row,
                                      gpointer            user_data,
                                      GError            **error);

/* Called now and then while reading: input bytes consumed of @total. */
typedef void (*CubeSheetProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

#define CUBE_TYPE_SHEET_ROW (cube_sheet_row_get_type ())
GType          cube_sheet_row_get_type (void) G_GNUC_CONST;
/* A copy that owns its strings; free with cube_sheet_row_free(). */
CubeSheetRow  *cube_sheet_row_copy     (const CubeSheetRow *row);
void           cube_sheet_row_free     (CubeSheetRow       *row);
/* Cell @column (0 = A), or "" past the end of the row. */
const char    *cube_sheet_row_get_cell (const CubeSheetRow *row,
                                        guint               column);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeSheetRow, cube_sheet_row_free)

/* Reads .xlsx, .ods and .csv files as rows of cell strings, streaming. */
#define CUBE_TYPE_SHEET_READER (cube_sheet_reader_get_type ())
G_DECLARE_FINAL_TYPE (CubeSheetReader, cube_sheet_reader, CUBE, SHEET_READER, GObject)

/* Opens @path, deciding the format from its content; an extension that
 * contradicts the content is an error. Lists the sheets. */
CubeSheetReader *cube_sheet_reader_open           (const char       *path,
                                                   GError          **error);
/* Same for a file's bytes held in memory; @file_name is used for the
 * extension check and in messages (may be NULL). */
CubeSheetReader *cube_sheet_reader_open_bytes     (GBytes           *bytes,
                                                   const char       *file_name,
                                                   GError          **error);

CubeSheetFormat  cube_sheet_reader_get_format     (CubeSheetReader  *self);
/* The file's base name, as given. */
const char      *cube_sheet_reader_get_file_name  (CubeSheetReader  *self);
/* Size of the file in bytes. */
guint64          cube_sheet_reader_get_file_size  (CubeSheetReader  *self);
/* Number of sheets: one for CSV. */
guint            cube_sheet_reader_get_n_sheets   (CubeSheetReader  *self);
/* The sheet's name as the workbook shows it (CSV: the file name). */
const char      *cube_sheet_reader_get_sheet_name (CubeSheetReader  *self,
                                                   guint             sheet_index);
/* Whether the sheet has no non-empty cell. */
gboolean         cube_sheet_reader_get_sheet_empty (CubeSheetReader *self,
                                                   guint             sheet_index);
/* Index of the sheet called @name, or -1. */
int              cube_sheet_reader_find_sheet     (CubeSheetReader  *self,
                                                   const char       *name);
/* For CSV: the detected delimiter (',', ';' or '\t') and whether the file
 * was read as Windows-1252; 0 and FALSE for the others. */
char             cube_sheet_reader_get_delimiter  (CubeSheetReader  *self);
gboolean         cube_sheet_reader_get_windows_1252 (CubeSheetReader *self);

/* Called during cube_sheet_reader_read() with the input consumed so far. */
void             cube_sheet_reader_set_progress_func (CubeSheetReader      *self,
                                                      CubeSheetProgressFunc func,
                                                      gpointer              user_data,
                                                      GDestroyNotify        destroy);

/* Streams the non-empty rows of sheet @sheet_index to @func, in file order.
 * Fails (CUBE_ERROR, CUBE_ERROR_VALIDATION, message naming the row and
 * column) on a broken file, or with G_IO_ERROR_CANCELLED. */
gboolean         cube_sheet_reader_read           (CubeSheetReader  *self,
                                                   guint             sheet_index,
                                                   CubeSheetRowFunc  func,
                                                   gpointer          user_data,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

/* The first @max_rows non-empty rows of the sheet, as CubeSheetRow copies:
 * for the header and the preview. */
GPtrArray       *cube_sheet_reader_read_head      (CubeSheetReader  *self,
                                                   guint             sheet_index,
                                                   guint             max_rows,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

/* "A" for 0, "AB" for 27: the spreadsheet's name of a column. */
char            *cube_sheet_column_name           (guint             column);

G_END_DECLS
