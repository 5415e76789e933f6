/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CubeSheetReader: decides what a file is from its content and hands the
 * work to the xlsx, ods or csv reader beside it. */

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cube-sheet-reader-private.h"

struct _CubeSheetReader
{
  GObject               parent_instance;

  CubeSheetSource       source;
  CubeSheetFormat       format;
  GPtrArray            *sheets;   /* of CubeSheetInfo* */
  CubeXlsxBook         *xlsx;
  CubeCsvLayout         csv;

  CubeSheetProgressFunc progress_func;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
};

G_DEFINE_FINAL_TYPE (CubeSheetReader, cube_sheet_reader, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CubeSheetRow, cube_sheet_row, cube_sheet_row_copy, cube_sheet_row_free)

/* ---- helpers shared by the readers ---- */

gboolean
cube_sheet_progress_update (CubeSheetProgress *progress,
                            guint64            done,
                            GError           **error)
{
  gint64 now;

  if (g_cancellable_set_error_if_cancelled (progress->cancellable, error))
    return FALSE;
  if (progress->func == NULL)
    return TRUE;
  now = g_get_monotonic_time ();
  if (now - progress->last_report >= 100 * G_TIME_SPAN_MILLISECOND || done >= progress->total)
    {
      progress->last_report = now;
      progress->func (MIN (done, progress->total), progress->total, progress->user_data);
    }
  return TRUE;
}

void
cube_row_buf_init (CubeRowBuf *buf)
{
  buf->strings = g_ptr_array_new ();
  buf->ptrs = g_ptr_array_new ();
  buf->n_cells = 0;
  buf->number = 0;
}

static void
free_gstring (gpointer data,
              gpointer user_data)
{
  g_string_free (data, TRUE);
}

void
cube_row_buf_clear (CubeRowBuf *buf)
{
  if (buf->strings == NULL)
    return;
  g_ptr_array_foreach (buf->strings, free_gstring, NULL);
  g_clear_pointer (&buf->strings, g_ptr_array_unref);
  g_clear_pointer (&buf->ptrs, g_ptr_array_unref);
}

void
cube_row_buf_reset (CubeRowBuf *buf,
                    guint64     number)
{
  for (guint i = 0; i < buf->n_cells; i++)
    g_string_truncate (g_ptr_array_index (buf->strings, i), 0);
  buf->n_cells = 0;
  buf->number = number;
}

GString *
cube_row_buf_cell (CubeRowBuf *buf,
                   guint       column)
{
  if (column >= CUBE_SHEET_MAX_COLUMNS)
    return NULL;
  while (buf->strings->len <= column)
    g_ptr_array_add (buf->strings, g_string_sized_new (16));
  if (column >= buf->n_cells)
    {
      /* Cells skipped over may hold text from an earlier row. */
      for (guint i = buf->n_cells; i <= column; i++)
        g_string_truncate (g_ptr_array_index (buf->strings, i), 0);
      buf->n_cells = column + 1;
    }
  return g_ptr_array_index (buf->strings, column);
}

gboolean
cube_row_buf_has_value (CubeRowBuf *buf)
{
  for (guint i = 0; i < buf->n_cells; i++)
    {
      GString *s = g_ptr_array_index (buf->strings, i);
      for (gsize j = 0; j < s->len; j++)
        if (!g_ascii_isspace (s->str[j]))
          return TRUE;
    }
  return FALSE;
}

void
cube_row_buf_finish (CubeRowBuf   *buf,
                     CubeSheetRow *row)
{
  while (buf->n_cells > 0 &&
         ((GString *) g_ptr_array_index (buf->strings, buf->n_cells - 1))->len == 0)
    buf->n_cells--;
  g_ptr_array_set_size (buf->ptrs, buf->n_cells);
  for (guint i = 0; i < buf->n_cells; i++)
    buf->ptrs->pdata[i] = ((GString *) g_ptr_array_index (buf->strings, i))->str;
  row->number = buf->number;
  row->n_cells = buf->n_cells;
  row->cells = (const char * const *) buf->ptrs->pdata;
}

void
cube_sheet_set_cell_too_long (GError **error,
                              guint64  row,
                              guint    column)
{
  g_autofree char *name = cube_sheet_column_name (column);

  cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                  _("Row %" PRIu64 ", column %s: the cell is longer than %d MiB"),
                  row, name, CUBE_SHEET_MAX_CELL_BYTES / (1024 * 1024));
}

static void
sax_internal_subset (void          *ctx,
                     const xmlChar *name,
                     const xmlChar *external_id,
                     const xmlChar *system_id)
{
  CubeXmlPass *pass = ctx;
  GError *error = NULL;

  cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                  _("“%s” contains a document type declaration (DOCTYPE) in %s; "
                    "spreadsheets never have one, so the file is refused for safety"),
                  pass->file_name, pass->part);
  cube_xml_pass_fail (pass, error);
}

static xmlEntityPtr
sax_get_entity (void          *ctx,
                const xmlChar *name)
{
  /* Only the predefined entities (&amp; and friends) exist. */
  return xmlGetPredefinedEntity (name);
}

static xmlParserInputPtr
sax_resolve_entity (void          *ctx,
                    const xmlChar *public_id,
                    const xmlChar *system_id)
{
  return NULL;  /* never load anything */
}

static void
sax_structured_error (void        *ctx,
                      xmlErrorPtr  xml_error)
{
  CubeXmlPass *pass = ctx;

  if (xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;
  if (pass->xml_error == NULL)
    {
      pass->xml_error = g_strstrip (g_strdup (xml_error->message ? xml_error->message : ""));
      pass->xml_error_line = xml_error->line;
    }
}

void
cube_sheet_sax_init (xmlSAXHandler *sax)
{
  memset (sax, 0, sizeof *sax);
  sax->initialized = XML_SAX2_MAGIC;
  sax->internalSubset = sax_internal_subset;
  sax->externalSubset = sax_internal_subset;
  sax->getEntity = sax_get_entity;
  sax->getParameterEntity = sax_get_entity;
  sax->resolveEntity = sax_resolve_entity;
  sax->serror = sax_structured_error;
}

void
cube_xml_pass_fail (CubeXmlPass *pass,
                    GError      *error)
{
  if (pass->error == NULL)
    pass->error = error;
  else
    g_error_free (error);
  xmlStopParser (pass->ctxt);
}

void
cube_xml_pass_stop (CubeXmlPass *pass)
{
  pass->done = TRUE;
  xmlStopParser (pass->ctxt);
}

const char *
cube_xml_attr (const xmlChar **attrs,
               int             n_attrs,
               const char     *localname,
               gsize          *len)
{
  for (int i = 0; i < n_attrs; i++)
    {
      const xmlChar **a = attrs + 5 * i;
      if (strcmp ((const char *) a[0], localname) == 0)
        {
          *len = a[4] - a[3];
          return (const char *) a[3];
        }
    }
  *len = 0;
  return NULL;
}

/* Attribute values reach SAX2 handlers with their character and predefined
 * entity references undecoded ("&#38;" for "&"): decode them here, since
 * entity substitution (XML_PARSE_NOENT) stays off. */
static char *
decode_attr (const char *value,
             gsize       len)
{
  GString *out = g_string_sized_new (len);
  static const struct { const char *name; char c; } predefined[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
  };

  for (gsize i = 0; i < len; i++)
    {
      const char *semi;
      gsize n;
      gboolean done = FALSE;

      if (value[i] != '&' || (semi = memchr (value + i, ';', len - i)) == NULL)
        {
          g_string_append_c (out, value[i]);
          continue;
        }
      n = semi - (value + i + 1);
      if (n >= 2 && value[i + 1] == '#')
        {
          g_autofree char *digits = g_strndup (value + i + 2, n - 1);
          char *end;
          gboolean hex = digits[0] == 'x' || digits[0] == 'X';
          guint64 c = g_ascii_strtoull (digits + (hex ? 1 : 0), &end, hex ? 16 : 10);

          if (*end == '\0' && end != digits + (hex ? 1 : 0) && c > 0 && c <= 0x10FFFF &&
              g_unichar_validate ((gunichar) c))
            {
              g_string_append_unichar (out, (gunichar) c);
              done = TRUE;
            }
        }
      else
        for (guint k = 0; k < G_N_ELEMENTS (predefined); k++)
          if (strlen (predefined[k].name) == n && memcmp (value + i + 1, predefined[k].name, n) == 0)
            {
              g_string_append_c (out, predefined[k].c);
              done = TRUE;
              break;
            }
      if (done)
        i += n + 1;
      else
        g_string_append_c (out, value[i]);
    }
  return g_string_free (out, FALSE);
}

char *
cube_xml_attr_dup (const xmlChar **attrs,
                   int             n_attrs,
                   const char     *localname)
{
  gsize len;
  const char *value = cube_xml_attr (attrs, n_attrs, localname, &len);

  if (value == NULL)
    return NULL;
  if (memchr (value, '&', len) == NULL)
    return g_strndup (value, len);
  return decode_attr (value, len);
}

GInputStream *
cube_sheet_source_open_stream (CubeSheetSource *source,
                               GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  GFileInputStream *stream;

  if (source->path == NULL)
    return g_memory_input_stream_new_from_bytes (source->bytes);
  file = g_file_new_for_path (source->path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Cannot read “%s”: %s"),
                      source->file_name, local_error->message);
      return NULL;
    }
  return G_INPUT_STREAM (stream);
}

GInputStream *
cube_sheet_reader_open_input (CubeSheetReader  *self,
                              GError          **error)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), NULL);
  return cube_sheet_source_open_stream (&self->source, error);
}

char *
cube_sheet_column_name (guint column)
{
  char buf[16];
  int i = sizeof buf - 1;
  guint64 n = (guint64) column + 1;

  buf[i] = '\0';
  while (n > 0 && i > 0)
    {
      buf[--i] = 'A' + (n - 1) % 26;
      n = (n - 1) / 26;
    }
  return g_strdup (buf + i);
}

/* ---- CubeSheetRow ---- */

CubeSheetRow *
cube_sheet_row_copy (const CubeSheetRow *row)
{
  CubeSheetRow *copy = g_new0 (CubeSheetRow, 1);
  char **cells = g_new0 (char *, row->n_cells + 1);

  for (guint i = 0; i < row->n_cells; i++)
    cells[i] = g_strdup (row->cells[i]);
  copy->number = row->number;
  copy->n_cells = row->n_cells;
  copy->cells = (const char * const *) cells;
  return copy;
}

void
cube_sheet_row_free (CubeSheetRow *row)
{
  if (row == NULL)
    return;
  g_strfreev ((char **) row->cells);
  g_free (row);
}

const char *
cube_sheet_row_get_cell (const CubeSheetRow *row,
                         guint               column)
{
  return column < row->n_cells ? row->cells[column] : "";
}

/* ---- the reader ---- */

static void
sheet_info_free (gpointer data)
{
  CubeSheetInfo *info = data;

  g_free (info->name);
  g_free (info->part);
  g_free (info);
}

static void
cube_sheet_reader_finalize (GObject *object)
{
  CubeSheetReader *self = CUBE_SHEET_READER (object);

  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  g_clear_pointer (&self->xlsx, cube_xlsx_book_free);
  g_clear_pointer (&self->sheets, g_ptr_array_unref);
  g_clear_pointer (&self->source.path, g_free);
  g_clear_pointer (&self->source.bytes, g_bytes_unref);
  g_clear_pointer (&self->source.file_name, g_free);

  G_OBJECT_CLASS (cube_sheet_reader_parent_class)->finalize (object);
}

static void
cube_sheet_reader_class_init (CubeSheetReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_sheet_reader_finalize;
  xmlInitParser ();
}

static void
cube_sheet_reader_init (CubeSheetReader *self)
{
  self->sheets = g_ptr_array_new_with_free_func (sheet_info_free);
}

static gboolean
has_suffix (const char *name,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, suffix);
}

/* Reads the first bytes of the source. */
static gsize
read_magic (CubeSheetSource *source,
            guint8          *buf,
            gsize            size,
            GError         **error)
{
  g_autoptr(GInputStream) stream = NULL;
  gsize n = 0;
  g_autoptr(GError) local_error = NULL;

  if (source->bytes)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (source->bytes, &len);
      n = MIN (len, size);
      if (n > 0)
        memcpy (buf, data, n);
      return n;
    }
  stream = cube_sheet_source_open_stream (source, error);
  if (stream == NULL)
    return G_MAXSIZE;
  if (!g_input_stream_read_all (stream, buf, size, &n, NULL, &local_error))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Cannot read “%s”: %s"),
                      source->file_name, local_error->message);
      return G_MAXSIZE;
    }
  return n;
}

static gboolean
contains_entry (GPtrArray  *entries,
                const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    if (strcmp (g_ptr_array_index (entries, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Decides the format; the extension only adds a clearer message. */
static gboolean
detect_format (CubeSheetReader *self,
               GError         **error)
{
  CubeSheetSource *source = &self->source;
  const char *name = source->file_name;
  gboolean says_xlsx = has_suffix (name, ".xlsx") || has_suffix (name, ".xlsm");
  gboolean says_ods = has_suffix (name, ".ods");
  gboolean says_csv = has_suffix (name, ".csv") || has_suffix (name, ".tsv") || has_suffix (name, ".txt");
  guint8 magic[8] = { 0 };
  gsize n;

  n = read_magic (source, magic, sizeof magic, error);
  if (n == G_MAXSIZE)
    return FALSE;

  if (n >= 4 && memcmp (magic, "PK\003\004", 4) == 0)
    {
      g_autoptr(GPtrArray) entries = cube_zip_list (source, error);
      g_autoptr(GBytes) mimetype = NULL;

      if (entries == NULL)
        return FALSE;
      if (contains_entry (entries, "mimetype"))
        {
          mimetype = cube_zip_read_small (source, "mimetype", 256, error);
          if (mimetype == NULL && error && *error)
            return FALSE;
        }
      if (mimetype != NULL &&
          g_bytes_get_size (mimetype) == strlen ("application/vnd.oasis.opendocument.spreadsheet") &&
          memcmp (g_bytes_get_data (mimetype, NULL), "application/vnd.oasis.opendocument.spreadsheet",
                  g_bytes_get_size (mimetype)) == 0 &&
          contains_entry (entries, "content.xml"))
        self->format = CUBE_SHEET_FORMAT_ODS;
      else if (contains_entry (entries, "[Content_Types].xml") &&
               contains_entry (entries, "xl/workbook.xml"))
        self->format = CUBE_SHEET_FORMAT_XLSX;
      else
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” is a zip archive but neither an Excel workbook (.xlsx) nor "
                            "an OpenDocument spreadsheet (.ods)"), name);
          return FALSE;
        }

      if (says_csv)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          self->format == CUBE_SHEET_FORMAT_ODS
                          ? _("“%s” is named as a CSV file but is an OpenDocument spreadsheet; rename it to .ods")
                          : _("“%s” is named as a CSV file but is an Excel workbook; rename it to .xlsx"),
                          name);
          return FALSE;
        }
      if ((says_xlsx && self->format != CUBE_SHEET_FORMAT_XLSX) ||
          (says_ods && self->format != CUBE_SHEET_FORMAT_ODS))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          self->format == CUBE_SHEET_FORMAT_ODS
                          ? _("“%s” is named as an Excel workbook but is an OpenDocument spreadsheet; rename it to .ods")
                          : _("“%s” is named as an OpenDocument spreadsheet but is an Excel workbook; rename it to .xlsx"),
                          name);
          return FALSE;
        }
      return TRUE;
    }

  if (n >= 4 && memcmp (magic, "\320\317\021\340", 4) == 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("“%s” is an old Excel 97–2003 workbook (.xls) or a password-protected "
                        "file; open it in Excel or LibreOffice and save it as .xlsx without a password"),
                      name);
      return FALSE;
    }

  if (n >= 2 && memcmp (magic, "PK", 2) == 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("“%s” is a damaged zip archive and cannot be read"), name);
      return FALSE;
    }

  if (says_xlsx || says_ods)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      says_xlsx
                      ? _("“%s” is not an Excel workbook: its content is not a zip archive "
                          "(it may be a renamed text file)")
                      : _("“%s” is not an OpenDocument spreadsheet: its content is not a zip archive "
                          "(it may be a renamed text file)"),
                      name);
      return FALSE;
    }

  self->format = CUBE_SHEET_FORMAT_CSV;
  return TRUE;
}

typedef struct {
  gboolean found;
} EmptyProbe;

static gboolean
probe_row_cb (const CubeSheetRow *row,
              gpointer            user_data,
              GError            **error)
{
  ((EmptyProbe *) user_data)->found = TRUE;
  return FALSE;
}

static gboolean
read_sheet (CubeSheetReader   *self,
            guint              sheet_index,
            CubeSheetRowFunc   func,
            gpointer           user_data,
            CubeSheetProgress *progress,
            GError           **error)
{
  CubeSheetInfo *info = g_ptr_array_index (self->sheets, sheet_index);

  switch (self->format)
    {
    case CUBE_SHEET_FORMAT_XLSX:
      if (!info->readable)
        return TRUE;
      return cube_xlsx_book_read (self->xlsx, &self->source, info, func, user_data, progress, error);
    case CUBE_SHEET_FORMAT_ODS:
      return cube_ods_read (&self->source, sheet_index, func, user_data, progress, error);
    case CUBE_SHEET_FORMAT_CSV:
    default:
      return cube_csv_read (&self->source, &self->csv, func, user_data, progress, error);
    }
}

static CubeSheetReader *
open_source (CubeSheetReader *self,
             GError         **error)
{
  g_autoptr(CubeSheetReader) reader = self;

  if (!detect_format (self, error))
    return NULL;

  switch (self->format)
    {
    case CUBE_SHEET_FORMAT_XLSX:
      self->xlsx = cube_xlsx_book_open (&self->source, self->sheets, error);
      if (self->xlsx == NULL)
        return NULL;
      /* Whether each sheet is empty: reading stops at the first row. */
      for (guint i = 0; i < self->sheets->len; i++)
        {
          CubeSheetInfo *info = g_ptr_array_index (self->sheets, i);
          CubeSheetProgress progress = { 0 };
          EmptyProbe probe = { FALSE };

          if (!read_sheet (self, i, probe_row_cb, &probe, &progress, error))
            return NULL;
          info->empty = !probe.found;
        }
      break;
    case CUBE_SHEET_FORMAT_ODS:
      if (!cube_ods_list (&self->source, self->sheets, error))
        return NULL;
      break;
    case CUBE_SHEET_FORMAT_CSV:
    default:
      {
        CubeSheetInfo *info;
        CubeSheetProgress progress = { 0 };
        EmptyProbe probe = { FALSE };

        if (!cube_csv_detect (&self->source, &self->csv, error))
          return NULL;
        info = g_new0 (CubeSheetInfo, 1);
        info->name = g_strdup (self->source.file_name);
        info->readable = TRUE;
        g_ptr_array_add (self->sheets, info);
        if (!read_sheet (self, 0, probe_row_cb, &probe, &progress, error))
          return NULL;
        info->empty = !probe.found;
      }
      break;
    }

  return g_steal_pointer (&reader);
}

CubeSheetReader *
cube_sheet_reader_open (const char  *path,
                        GError     **error)
{
  CubeSheetReader *self;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Cannot read “%s”: %s"),
                      base, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *base = g_path_get_basename (path);
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("“%s” is not a file"), base);
      return NULL;
    }

  self = g_object_new (CUBE_TYPE_SHEET_READER, NULL);
  self->source.path = g_strdup (path);
  self->source.file_name = g_path_get_basename (path);
  self->source.size = g_file_info_get_size (info);
  return open_source (self, error);
}

CubeSheetReader *
cube_sheet_reader_open_bytes (GBytes      *bytes,
                              const char  *file_name,
                              GError     **error)
{
  CubeSheetReader *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_object_new (CUBE_TYPE_SHEET_READER, NULL);
  self->source.bytes = g_bytes_ref (bytes);
  self->source.file_name = g_strdup (file_name ? file_name : "");
  self->source.size = g_bytes_get_size (bytes);
  return open_source (self, error);
}

CubeSheetFormat
cube_sheet_reader_get_format (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), CUBE_SHEET_FORMAT_CSV);
  return self->format;
}

const char *
cube_sheet_reader_get_file_name (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), NULL);
  return self->source.file_name;
}

guint64
cube_sheet_reader_get_file_size (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), 0);
  return self->source.size;
}

guint
cube_sheet_reader_get_n_sheets (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), 0);
  return self->sheets->len;
}

const char *
cube_sheet_reader_get_sheet_name (CubeSheetReader *self,
                                  guint            sheet_index)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), NULL);
  g_return_val_if_fail (sheet_index < self->sheets->len, NULL);
  return ((CubeSheetInfo *) g_ptr_array_index (self->sheets, sheet_index))->name;
}

gboolean
cube_sheet_reader_get_sheet_empty (CubeSheetReader *self,
                                   guint            sheet_index)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), TRUE);
  g_return_val_if_fail (sheet_index < self->sheets->len, TRUE);
  return ((CubeSheetInfo *) g_ptr_array_index (self->sheets, sheet_index))->empty;
}

int
cube_sheet_reader_find_sheet (CubeSheetReader *self,
                              const char      *name)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), -1);
  for (guint i = 0; i < self->sheets->len; i++)
    if (g_strcmp0 (((CubeSheetInfo *) g_ptr_array_index (self->sheets, i))->name, name) == 0)
      return i;
  return -1;
}

char
cube_sheet_reader_get_delimiter (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), 0);
  return self->format == CUBE_SHEET_FORMAT_CSV ? self->csv.delimiter : 0;
}

gboolean
cube_sheet_reader_get_windows_1252 (CubeSheetReader *self)
{
  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), FALSE);
  return self->format == CUBE_SHEET_FORMAT_CSV && self->csv.windows_1252;
}

void
cube_sheet_reader_set_progress_func (CubeSheetReader      *self,
                                     CubeSheetProgressFunc func,
                                     gpointer              user_data,
                                     GDestroyNotify        destroy)
{
  g_return_if_fail (CUBE_IS_SHEET_READER (self));
  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

gboolean
cube_sheet_reader_read (CubeSheetReader  *self,
                        guint             sheet_index,
                        CubeSheetRowFunc  func,
                        gpointer          user_data,
                        GCancellable     *cancellable,
                        GError          **error)
{
  CubeSheetProgress progress = { 0 };

  g_return_val_if_fail (CUBE_IS_SHEET_READER (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (sheet_index >= self->sheets->len)
    {
      cube_set_error (error, CUBE_ERROR_NOT_FOUND, NULL,
                      _("“%s” has no sheet number %u"), self->source.file_name, sheet_index + 1);
      return FALSE;
    }

  progress.func = self->progress_func;
  progress.user_data = self->progress_data;
  progress.total = self->source.size;
  progress.cancellable = cancellable;
  if (!read_sheet (self, sheet_index, func, user_data, &progress, error))
    return FALSE;
  if (progress.func)
    progress.func (progress.total, progress.total, progress.user_data);
  return TRUE;
}

typedef struct {
  GPtrArray *rows;
  guint      max_rows;
} HeadState;

static gboolean
head_row_cb (const CubeSheetRow *row,
             gpointer            user_data,
             GError            **error)
{
  HeadState *state = user_data;

  g_ptr_array_add (state->rows, cube_sheet_row_copy (row));
  return state->rows->len < state->max_rows;
}

GPtrArray *
cube_sheet_reader_read_head (CubeSheetReader *self,
                             guint            sheet_index,
                             guint            max_rows,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_sheet_row_free);
  HeadState state = { rows, max_rows };

  if (max_rows == 0)
    return g_steal_pointer (&rows);
  if (!cube_sheet_reader_read (self, sheet_index, head_row_cb, &state, cancellable, error))
    return NULL;
  return g_steal_pointer (&rows);
}
