/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the readers in src/core/import/; not installed, not public. */

#include <libxml/parser.h>

#include "cube-error.h"
#include "cube-sheet-reader.h"

G_BEGIN_DECLS

/* Where the bytes come from: a path or bytes in memory. */
typedef struct {
  char    *path;       /* NULL when reading @bytes */
  GBytes  *bytes;
  char    *file_name;  /* base name for messages */
  guint64  size;
} CubeSheetSource;

/* Progress and cancellation of one read. */
typedef struct {
  CubeSheetProgressFunc func;
  gpointer              user_data;
  guint64               total;
  GCancellable         *cancellable;
  gint64                last_report;  /* monotonic µs */
} CubeSheetProgress;

/* Reports @done when enough time passed; TRUE unless cancelled. */
gboolean cube_sheet_progress_update (CubeSheetProgress *progress,
                                     guint64            done,
                                     GError           **error);

/* The row being built: reused GStrings, so reading does not allocate per cell. */
typedef struct {
  GPtrArray  *strings;   /* of GString*, n_alloc of them */
  GPtrArray  *ptrs;      /* const char* handed out */
  guint       n_cells;
  guint64     number;
} CubeRowBuf;

void     cube_row_buf_init   (CubeRowBuf *buf);
void     cube_row_buf_clear  (CubeRowBuf *buf);
void     cube_row_buf_reset  (CubeRowBuf *buf, guint64 number);
/* The cell at @column, creating empty cells before it; NULL past the limit. */
GString *cube_row_buf_cell   (CubeRowBuf *buf, guint column);
/* TRUE when some cell holds more than white space. */
gboolean cube_row_buf_has_value (CubeRowBuf *buf);
/* Drops trailing empty cells and fills @row to point into @buf. */
void     cube_row_buf_finish (CubeRowBuf *buf, CubeSheetRow *row);

/* Sets the usual error of a cell past CUBE_SHEET_MAX_CELL_BYTES. */
void     cube_sheet_set_cell_too_long (GError **error, guint64 row, guint column);

/* A SAX2 handler with nothing but the safe parts; the readers add theirs. */
void     cube_sheet_sax_init (xmlSAXHandler *sax);
/* The parser options every reader uses: no network, no DTD, no entities. */
#define CUBE_SHEET_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA)

/* State every XML pass keeps so handlers can fail and stop the parser. */
typedef struct {
  xmlParserCtxtPtr ctxt;
  GError          *error;        /* first error raised by a handler */
  gboolean         done;         /* handler asked to stop, no error */
  char            *xml_error;    /* first libxml2 message */
  int              xml_error_line;
  const char      *part;         /* entry name, for messages */
  const char      *file_name;
  guint64          row;          /* the sheet row being read, 0 when none */
} CubeXmlPass;

/* Stops the parser with @error taken over (when none is set yet). */
void     cube_xml_pass_fail  (CubeXmlPass *pass, GError *error);
/* Stops the parser without error. */
void     cube_xml_pass_stop  (CubeXmlPass *pass);

/* An attribute of a SAX2 start element by local name, as a new string, or NULL. */
char    *cube_xml_attr_dup   (const xmlChar **attrs, int n_attrs, const char *localname);
/* Same, without copying: sets *@len; NULL when absent. */
const char *cube_xml_attr    (const xmlChar **attrs, int n_attrs, const char *localname, gsize *len);

/* Streams zip entry @name through a new push parser with @sax and @pass as
 * user data (the handlers receive @user_data via pass offset 0: make
 * CubeXmlPass the first member of your state). @found is set to whether the
 * entry exists; a missing entry is not an error when @found is non-NULL. */
gboolean cube_zip_parse_entry (CubeSheetSource   *source,
                               const char        *name,
                               guint64            max_bytes,
                               xmlSAXHandler     *sax,
                               CubeXmlPass       *pass,
                               CubeSheetProgress *progress,
                               gboolean          *found,
                               GError           **error);

/* Reads a small zip entry whole (at most @max_bytes); NULL with @error unset when absent. */
GBytes  *cube_zip_read_small  (CubeSheetSource *source,
                               const char      *name,
                               gsize            max_bytes,
                               GError         **error);

/* The entry names of the zip. */
GPtrArray *cube_zip_list      (CubeSheetSource *source,
                               GError         **error);

/* One sheet as the container knows it. */
typedef struct {
  char     *name;
  char     *part;      /* xlsx: zip entry of the worksheet */
  gboolean  empty;
  gboolean  readable;  /* FALSE for chart sheets and such */
} CubeSheetInfo;

/* The readers. Each lists sheets (filling @sheets of CubeSheetInfo*) and reads one. */
typedef struct _CubeXlsxBook CubeXlsxBook;
CubeXlsxBook *cube_xlsx_book_open  (CubeSheetSource *source, GPtrArray *sheets, GError **error);
void          cube_xlsx_book_free  (CubeXlsxBook *book);
gboolean      cube_xlsx_book_read  (CubeXlsxBook *book, CubeSheetSource *source, CubeSheetInfo *sheet,
                                    CubeSheetRowFunc func, gpointer user_data,
                                    CubeSheetProgress *progress, GError **error);

gboolean      cube_ods_list        (CubeSheetSource *source, GPtrArray *sheets, GError **error);
gboolean      cube_ods_read        (CubeSheetSource *source, guint sheet_index,
                                    CubeSheetRowFunc func, gpointer user_data,
                                    CubeSheetProgress *progress, GError **error);

typedef struct {
  char     delimiter;
  gboolean windows_1252;
  gboolean utf16;
  gsize    skip_bytes;   /* BOM and a "sep=;" line */
  guint64  skip_lines;
} CubeCsvLayout;

gboolean      cube_csv_detect      (CubeSheetSource *source, CubeCsvLayout *layout, GError **error);
gboolean      cube_csv_read        (CubeSheetSource *source, const CubeCsvLayout *layout,
                                    CubeSheetRowFunc func, gpointer user_data,
                                    CubeSheetProgress *progress, GError **error);

/* Opens the source as a stream. */
GInputStream *cube_sheet_source_open_stream (CubeSheetSource *source, GError **error);

/* The reader's file as a stream (for the import engine's checksum). */
GInputStream *cube_sheet_reader_open_input  (CubeSheetReader *self, GError **error);

G_END_DECLS
