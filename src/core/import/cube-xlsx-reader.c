/* SPDX-License-Identifier: GPL-3.0-or-later */
/* .xlsx (Office Open XML) as written by Excel, LibreOffice, Google Sheets,
 * openpyxl and libxlsxwriter.
 *
 * The workbook, its relationships, the styles and the shared strings are
 * read once when the file is opened; a worksheet is then streamed through
 * libxml2's push parser, block by inflated block, so memory stays flat
 * however long the sheet is. Shared strings are kept once, in a
 * GStringChunk with an index.
 *
 * What a cell gives: shared and inline strings as they are; numbers as
 * written, except that date- and time-formatted numbers become ISO dates
 * ("2024-03-01", "2024-03-01 13:45", "13:45") in the workbook's 1900 or
 * 1904 date system, and numbers in an all-zeros format ("00000") keep their
 * leading zeros as shown; formulas give their cached value; booleans give
 * TRUE or FALSE; errors their text (#N/A).
 *
 * Merged cells: a value belongs to the first cell of the merge; the other
 * cells are empty (the <mergeCells> list comes after the data and is not
 * needed to get that). */

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cube-sheet-reader-private.h"

typedef enum {
  XF_GENERAL,
  XF_DATE,
  XF_DATETIME,
  XF_TIME,
  XF_ZEROS,   /* "00000": pad integers */
  XF_ELAPSED, /* "[h]:mm": hours past 24 */
} XfKind;

typedef struct {
  guint8 kind;
  guint8 width;   /* XF_ZEROS */
} XfFormat;

struct _CubeXlsxBook
{
  gboolean      date1904;
  GStringChunk *strings;
  GPtrArray    *shared;     /* const char* into @strings */
  GArray       *xfs;        /* XfFormat per cellXfs index */
};

void
cube_xlsx_book_free (CubeXlsxBook *book)
{
  if (book == NULL)
    return;
  if (book->strings)
    g_string_chunk_free (book->strings);
  g_clear_pointer (&book->shared, g_ptr_array_unref);
  g_clear_pointer (&book->xfs, g_array_unref);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeXlsxBook, cube_xlsx_book_free)

/* ---- number formats ---- */

/* Classifies a custom format code: date/time tokens outside quotes,
 * brackets and escapes. Only the first section counts. */
static XfFormat
classify_format (const char *code)
{
  XfFormat f = { XF_GENERAL, 0 };
  gboolean date = FALSE, time = FALSE, other = FALSE, elapsed_seen = FALSE;
  guint zeros = 0;

  for (const char *p = code; *p && *p != ';'; p++)
    {
      switch (*p)
        {
        case '"':
          for (p++; *p && *p != '"'; p++)
            ;
          if (!*p)
            goto done;
          other = TRUE;
          break;
        case '[':
          /* [h] [mm] [ss] are elapsed time; [Red], [$-414] are not tokens. */
          if (p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' || p[1] == 'S')
            {
              gboolean elapsed = TRUE;
              const char *q;
              for (q = p + 1; *q && *q != ']'; q++)
                if (g_ascii_tolower (*q) != g_ascii_tolower (p[1]))
                  elapsed = FALSE;
              if (elapsed)
                time = elapsed_seen = TRUE;
            }
          for (; *p && *p != ']'; p++)
            ;
          if (!*p)
            goto done;
          break;
        case '\\':
        case '_':
        case '*':
          if (!p[1])
            goto done;
          p++;
          other = TRUE;
          break;
        case 'd': case 'D': case 'y': case 'Y':
          date = TRUE;
          break;
        case 'm': case 'M':
          date = TRUE;  /* minutes when next to h or s; either way a date/time */
          break;
        case 'h': case 'H': case 's': case 'S':
          time = TRUE;
          break;
        case '0':
          zeros++;
          break;
        case 'e': case 'E': case 'g': case 'G': case 'b': case 'B':
          /* era and Buddhist-year tokens only matter next to others; General has 'e' too */
          other = TRUE;
          break;
        default:
          other = TRUE;
          break;
        }
    }
done:
  if (g_ascii_strncasecmp (code, "General", 7) == 0)
    return f;
  if (elapsed_seen)
    f.kind = XF_ELAPSED;
  else if (time && !date)
    f.kind = XF_TIME;
  else if (time && date)
    {
      /* "mm:ss" alone: minutes, so a time */
      gboolean has_day_or_year = FALSE;
      for (const char *p = code; *p && *p != ';'; p++)
        if (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y')
          has_day_or_year = TRUE;
      f.kind = has_day_or_year ? XF_DATETIME : XF_TIME;
    }
  else if (date)
    f.kind = XF_DATE;
  else if (zeros > 1 && !other && zeros <= 30)
    {
      f.kind = XF_ZEROS;
      f.width = zeros;
    }
  return f;
}

static XfFormat
builtin_format (int id)
{
  XfFormat f = { XF_GENERAL, 0 };

  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
      (id >= 50 && id <= 58))
    f.kind = id == 22 ? XF_DATETIME : XF_DATE;
  else if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47) || id == 32 || id == 33)
    f.kind = XF_TIME;
  return f;
}

static void
append_digits (GString *out,
               guint    value,
               guint    width)
{
  char buf[12];
  guint i = sizeof buf;

  do
    {
      buf[--i] = '0' + value % 10;
      value /= 10;
    }
  while ((value > 0 || sizeof buf - i < width) && i > 0);
  g_string_append_len (out, buf + i, sizeof buf - i);
}

/* Days since 1970-01-01 → year, month, day (proleptic Gregorian). */
static void
civil_from_days (gint64  z,
                 int    *y,
                 int    *m,
                 int    *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

/* Formats serial @value of kind @kind into @out. */
static void
format_serial (GString  *out,
               double    value,
               XfKind    kind,
               gboolean  date1904)
{
  gint64 days, seconds;
  double whole;

  if (!isfinite (value) || value < 0 || value > 2958465.99999)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", value));
      return;
    }
  if (kind == XF_ELAPSED)
    {
      seconds = (gint64) llround (value * 86400.0);
      g_string_append_printf (out, "%02" G_GINT64_FORMAT ":", seconds / 3600);
      append_digits (out, (guint) (seconds / 60 % 60), 2);
      if (seconds % 60 != 0)
        {
          g_string_append_c (out, ':');
          append_digits (out, (guint) (seconds % 60), 2);
        }
      return;
    }
  whole = floor (value);
  days = (gint64) whole;
  seconds = (gint64) llround ((value - whole) * 86400.0);
  if (seconds >= 86400)
    {
      days++;
      seconds -= 86400;
    }

  if (kind != XF_TIME)
    {
      int y, m, d;

      if (!date1904 && days == 60)
        {
          /* Excel's 1900 leap-year bug: the day it shows does not exist. */
          y = 1900, m = 2, d = 29;
        }
      else
        {
          /* Serial 0 is 1899-12-31 (1900) or 1904-01-01 (1904); from serial
           * 61 on, the 1900 system counts the phantom 29 February. */
          gint64 epoch = date1904 ? -24107 : (days < 60 ? -25568 : -25569);
          civil_from_days (epoch + days, &y, &m, &d);
        }
      append_digits (out, y, 4);
      g_string_append_c (out, '-');
      append_digits (out, m, 2);
      g_string_append_c (out, '-');
      append_digits (out, d, 2);
      if (kind == XF_DATE)
        return;
      g_string_append_c (out, ' ');
    }
  append_digits (out, (guint) (seconds / 3600), 2);
  g_string_append_c (out, ':');
  append_digits (out, (guint) (seconds / 60 % 60), 2);
  if (seconds % 60 != 0)
    {
      g_string_append_c (out, ':');
      append_digits (out, (guint) (seconds % 60), 2);
    }
}

/* A number as the cell shows it in the General format, near enough:
 * integers whole, others with up to 15 significant digits. */
static void
format_number (GString    *out,
               const char *raw,
               gsize       len,
               XfFormat    xf,
               gboolean    date1904)
{
  char buf[64];
  char *end;
  double value;

  if (len == 0 || len >= sizeof buf)
    {
      g_string_append_len (out, raw, len);
      return;
    }
  memcpy (buf, raw, len);
  buf[len] = '\0';
  value = g_ascii_strtod (buf, &end);
  if (*end != '\0' || !isfinite (value))
    {
      g_string_append_len (out, raw, len);
      return;
    }

  switch (xf.kind)
    {
    case XF_DATE:
    case XF_DATETIME:
    case XF_TIME:
    case XF_ELAPSED:
      format_serial (out, value, xf.kind, date1904);
      return;
    case XF_ZEROS:
      if (value == floor (value) && fabs (value) < 1e15)
        {
          g_string_append_printf (out, "%0*.0f", value < 0 ? xf.width + 1 : xf.width, value);
          return;
        }
      break;
    default:
      break;
    }

  /* Plain integers as written ("12", not "12.0"); others trimmed to what Excel shows. */
  {
    gboolean plain = TRUE;
    for (gsize i = 0; i < len; i++)
      if (!g_ascii_isdigit (raw[i]) && !(i == 0 && raw[i] == '-'))
        plain = FALSE;
    if (plain)
      {
        g_string_append_len (out, raw, len);
        return;
      }
  }
  if (value == floor (value) && fabs (value) < 1e17)
    g_string_append_printf (out, "%.0f", value);
  else
    {
      /* 2.5E+20, as Excel shows it */
      g_ascii_formatd (buf, sizeof buf, "%.15g", value);
      g_strdelimit (buf, "e", 'E');
      g_string_append (out, buf);
    }
}

/* ---- small parts: workbook, relationships, styles, shared strings ---- */

typedef struct {
  CubeXmlPass   pass;
  CubeXlsxBook *book;
  GPtrArray    *sheets;    /* CubeSheetInfo*, part holds the r:id until resolved */
  GHashTable   *rels;      /* id → target */
  GHashTable   *rel_types; /* id → type */
  /* styles */
  GHashTable   *numfmts;   /* id → XfFormat packed in a pointer */
  gboolean      in_cell_xfs;
  /* shared strings */
  GString      *text;
  gboolean      in_si;
  gboolean      in_t;
  int           rph_depth;
  guint64       count;
} PartState;

static void
workbook_start (void           *ctx,
                const xmlChar  *localname,
                const xmlChar  *prefix,
                const xmlChar  *uri,
                int             n_namespaces,
                const xmlChar **namespaces,
                int             n_attributes,
                int             n_defaulted,
                const xmlChar **attributes)
{
  PartState *state = ctx;
  const char *name = (const char *) localname;

  if (strcmp (name, "workbookPr") == 0)
    {
      g_autofree char *v = cube_xml_attr_dup (attributes, n_attributes, "date1904");
      state->book->date1904 = v && (strcmp (v, "1") == 0 || g_ascii_strcasecmp (v, "true") == 0);
    }
  else if (strcmp (name, "sheet") == 0)
    {
      CubeSheetInfo *info = g_new0 (CubeSheetInfo, 1);

      info->name = cube_xml_attr_dup (attributes, n_attributes, "name");
      info->part = cube_xml_attr_dup (attributes, n_attributes, "id");  /* r:id */
      if (info->name == NULL || !g_utf8_validate (info->name, -1, NULL))
        g_free (info->name), info->name = g_strdup_printf ("%u", state->sheets->len + 1);
      g_ptr_array_add (state->sheets, info);
      if (state->sheets->len > 10000)
        {
          GError *error = NULL;
          cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” has too many sheets"), state->pass.file_name);
          cube_xml_pass_fail (&state->pass, error);
        }
    }
}

static void
rels_start (void           *ctx,
            const xmlChar  *localname,
            const xmlChar  *prefix,
            const xmlChar  *uri,
            int             n_namespaces,
            const xmlChar **namespaces,
            int             n_attributes,
            int             n_defaulted,
            const xmlChar **attributes)
{
  PartState *state = ctx;

  if (strcmp ((const char *) localname, "Relationship") == 0)
    {
      char *id = cube_xml_attr_dup (attributes, n_attributes, "Id");
      char *target = cube_xml_attr_dup (attributes, n_attributes, "Target");
      char *type = cube_xml_attr_dup (attributes, n_attributes, "Type");

      if (id && target && g_hash_table_size (state->rels) < 100000)
        {
          g_hash_table_replace (state->rel_types, g_strdup (id), type ? type : g_strdup (""));
          g_hash_table_replace (state->rels, id, target);
        }
      else
        {
          g_free (id);
          g_free (target);
          g_free (type);
        }
    }
}

static void
styles_start (void           *ctx,
              const xmlChar  *localname,
              const xmlChar  *prefix,
              const xmlChar  *uri,
              int             n_namespaces,
              const xmlChar **namespaces,
              int             n_attributes,
              int             n_defaulted,
              const xmlChar **attributes)
{
  PartState *state = ctx;
  const char *name = (const char *) localname;

  if (strcmp (name, "numFmt") == 0)
    {
      g_autofree char *id = cube_xml_attr_dup (attributes, n_attributes, "numFmtId");
      g_autofree char *code = cube_xml_attr_dup (attributes, n_attributes, "formatCode");

      if (id && code && g_hash_table_size (state->numfmts) < 100000)
        {
          XfFormat f = classify_format (code);
          g_hash_table_replace (state->numfmts, GINT_TO_POINTER (atoi (id)),
                                GUINT_TO_POINTER (1u | (guint) f.kind << 8 | (guint) f.width << 16));
        }
    }
  else if (strcmp (name, "cellXfs") == 0)
    state->in_cell_xfs = TRUE;
  else if (strcmp (name, "xf") == 0 && state->in_cell_xfs)
    {
      g_autofree char *id = cube_xml_attr_dup (attributes, n_attributes, "numFmtId");
      int fmt = id ? atoi (id) : 0;
      gpointer packed;
      XfFormat f;

      if (g_hash_table_lookup_extended (state->numfmts, GINT_TO_POINTER (fmt), NULL, &packed))
        {
          guint v = GPOINTER_TO_UINT (packed);
          f.kind = (v >> 8) & 0xff;
          f.width = (v >> 16) & 0xff;
        }
      else
        f = builtin_format (fmt);
      if (state->book->xfs->len < 1000000)
        g_array_append_val (state->book->xfs, f);
    }
}

static void
styles_end (void          *ctx,
            const xmlChar *localname,
            const xmlChar *prefix,
            const xmlChar *uri)
{
  PartState *state = ctx;

  if (strcmp ((const char *) localname, "cellXfs") == 0)
    state->in_cell_xfs = FALSE;
}

static void
sst_start (void           *ctx,
           const xmlChar  *localname,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             n_namespaces,
           const xmlChar **namespaces,
           int             n_attributes,
           int             n_defaulted,
           const xmlChar **attributes)
{
  PartState *state = ctx;
  const char *name = (const char *) localname;

  if (strcmp (name, "si") == 0)
    {
      state->in_si = TRUE;
      g_string_truncate (state->text, 0);
    }
  else if (strcmp (name, "rPh") == 0)
    state->rph_depth++;
  else if (strcmp (name, "t") == 0 && state->in_si && state->rph_depth == 0)
    state->in_t = TRUE;
}

static void
sst_end (void          *ctx,
         const xmlChar *localname,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  PartState *state = ctx;
  const char *name = (const char *) localname;

  if (strcmp (name, "t") == 0)
    state->in_t = FALSE;
  else if (strcmp (name, "rPh") == 0)
    state->rph_depth--;
  else if (strcmp (name, "si") == 0)
    {
      g_ptr_array_add (state->book->shared,
                       g_string_chunk_insert_len (state->book->strings, state->text->str, state->text->len));
      state->in_si = FALSE;
    }
}

static void
sst_characters (void          *ctx,
                const xmlChar *ch,
                int            len)
{
  PartState *state = ctx;

  if (!state->in_t)
    return;
  if (state->text->len + len > CUBE_SHEET_MAX_CELL_BYTES)
    {
      GError *error = NULL;
      cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                      _("“%s”: shared string number %u is longer than %d MiB"),
                      state->pass.file_name, state->book->shared->len + 1,
                      CUBE_SHEET_MAX_CELL_BYTES / (1024 * 1024));
      cube_xml_pass_fail (&state->pass, error);
      return;
    }
  g_string_append_len (state->text, (const char *) ch, len);
}

/* Resolves a relationship target relative to xl/. */
static char *
resolve_target (const char *target)
{
  if (target[0] == '/')
    return g_strdup (target + 1);
  if (g_str_has_prefix (target, "xl/"))
    return g_strdup (target);
  while (g_str_has_prefix (target, "./"))
    target += 2;
  return g_strconcat ("xl/", target, NULL);
}

CubeXlsxBook *
cube_xlsx_book_open (CubeSheetSource *source,
                     GPtrArray       *sheets,
                     GError         **error)
{
  g_autoptr(CubeXlsxBook) book = g_new0 (CubeXlsxBook, 1);
  PartState state = { 0 };
  xmlSAXHandler sax;
  gboolean found;
  gboolean ok = FALSE;

  book->strings = g_string_chunk_new (64 * 1024);
  book->shared = g_ptr_array_new ();
  book->xfs = g_array_new (FALSE, TRUE, sizeof (XfFormat));
  state.book = book;
  state.sheets = sheets;
  state.rels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state.rel_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state.numfmts = g_hash_table_new (g_direct_hash, g_direct_equal);
  state.text = g_string_new (NULL);

  cube_sheet_sax_init (&sax);
  sax.startElementNs = workbook_start;
  if (!cube_zip_parse_entry (source, "xl/workbook.xml", CUBE_SHEET_MAX_PART_BYTES, &sax,
                             &state.pass, NULL, NULL, error))
    goto out;

  cube_sheet_sax_init (&sax);
  sax.startElementNs = rels_start;
  if (!cube_zip_parse_entry (source, "xl/_rels/workbook.xml.rels", CUBE_SHEET_MAX_PART_BYTES, &sax,
                             &state.pass, NULL, &found, error))
    goto out;

  for (guint i = 0; i < sheets->len; i++)
    {
      CubeSheetInfo *info = g_ptr_array_index (sheets, i);
      const char *target = info->part ? g_hash_table_lookup (state.rels, info->part) : NULL;
      const char *type = info->part ? g_hash_table_lookup (state.rel_types, info->part) : NULL;

      g_free (info->part);
      info->part = NULL;
      if (target == NULL && found == FALSE)
        info->part = g_strdup_printf ("xl/worksheets/sheet%u.xml", i + 1);
      else if (target != NULL)
        info->part = resolve_target (target);
      info->readable = info->part != NULL && (type == NULL || g_str_has_suffix (type, "/worksheet"));
      info->empty = TRUE;
    }

  cube_sheet_sax_init (&sax);
  sax.startElementNs = styles_start;
  sax.endElementNs = styles_end;
  if (!cube_zip_parse_entry (source, "xl/styles.xml", CUBE_SHEET_MAX_PART_BYTES, &sax,
                             &state.pass, NULL, &found, error))
    goto out;

  cube_sheet_sax_init (&sax);
  sax.startElementNs = sst_start;
  sax.endElementNs = sst_end;
  sax.characters = sst_characters;
  if (!cube_zip_parse_entry (source, "xl/sharedStrings.xml", CUBE_SHEET_MAX_PART_BYTES, &sax,
                             &state.pass, NULL, &found, error))
    goto out;

  ok = TRUE;
out:
  g_hash_table_unref (state.rels);
  g_hash_table_unref (state.rel_types);
  g_hash_table_unref (state.numfmts);
  g_string_free (state.text, TRUE);
  return ok ? g_steal_pointer (&book) : NULL;
}

/* ---- the worksheet ---- */

typedef enum {
  CELL_NUMBER,
  CELL_SHARED,
  CELL_INLINE,
  CELL_FORMULA_STRING,
  CELL_BOOL,
  CELL_ERROR,
  CELL_ISO_DATE,
} CellType;

typedef struct {
  CubeXmlPass       pass;
  CubeXlsxBook     *book;
  CubeRowBuf        row;
  CubeSheetRowFunc  func;
  gpointer          user_data;

  gboolean          in_sheet_data;
  gboolean          in_row;
  guint64           row_number;
  gint64            column;     /* current cell's column, -1 before the first */
  gboolean          in_cell;
  CellType          cell_type;
  XfFormat          cell_format;
  gboolean          collect;    /* inside <v> or inline <t> */
  gboolean          in_is;
  int               rph_depth;
  GString          *text;       /* <v> of numbers, shared string indexes, … */
  GString          *out;        /* where characters go: @text or the cell itself */
} SheetState;

static void
sheet_fail (SheetState *state,
            GError     *error)
{
  cube_xml_pass_fail (&state->pass, error);
}

/* "C12" → column 2; -1 when there are no letters. */
static gint64
parse_column_ref (const char *ref,
                  gsize       len)
{
  gint64 column = 0;
  gsize i;

  for (i = 0; i < len && g_ascii_isalpha (ref[i]); i++)
    {
      column = column * 26 + (g_ascii_toupper (ref[i]) - 'A' + 1);
      if (column > CUBE_SHEET_MAX_COLUMNS)
        return CUBE_SHEET_MAX_COLUMNS;
    }
  return i == 0 ? -1 : column - 1;
}

static guint64
parse_uint (const char *s,
            gsize       len)
{
  guint64 n = 0;

  for (gsize i = 0; i < len && g_ascii_isdigit (s[i]); i++)
    {
      n = n * 10 + (s[i] - '0');
      if (n > G_MAXUINT32)
        return G_MAXUINT32;
    }
  return n;
}

static void
emit_row (SheetState *state)
{
  CubeSheetRow row;
  GError *error = NULL;

  if (!cube_row_buf_has_value (&state->row))
    return;
  cube_row_buf_finish (&state->row, &row);
  if (!state->func (&row, state->user_data, &error))
    {
      if (error)
        sheet_fail (state, error);
      else
        cube_xml_pass_stop (&state->pass);
    }
}

static CellType
parse_cell_type (const char *value,
                 gsize       len)
{
  if (value == NULL || (len == 1 && value[0] == 'n'))
    return CELL_NUMBER;
  if (len == 1 && value[0] == 's')
    return CELL_SHARED;
  if (len == 9 && memcmp (value, "inlineStr", 9) == 0)
    return CELL_INLINE;
  if (len == 1 && value[0] == 'b')
    return CELL_BOOL;
  if (len == 1 && value[0] == 'e')
    return CELL_ERROR;
  if (len == 1 && value[0] == 'd')
    return CELL_ISO_DATE;
  return CELL_FORMULA_STRING;  /* "str" and anything unknown: the text as it is */
}

static void
start_cell (SheetState     *state,
            int             n_attributes,
            const xmlChar **attributes)
{
  const char *ref = NULL, *type = NULL, *style = NULL;
  gsize ref_len = 0, type_len = 0, style_len = 0;
  gint64 column;

  /* One pass over the attributes: r, t and s are all a <c> has that matters. */
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + 5 * i;
      const char *name = (const char *) a[0];

      if (name[0] == '\0' || name[1] != '\0')
        continue;
      if (name[0] == 'r')
        ref = (const char *) a[3], ref_len = a[4] - a[3];
      else if (name[0] == 't')
        type = (const char *) a[3], type_len = a[4] - a[3];
      else if (name[0] == 's')
        style = (const char *) a[3], style_len = a[4] - a[3];
    }

  column = ref ? parse_column_ref (ref, ref_len) : -1;
  state->column = column >= 0 ? column : state->column + 1;
  if (state->column >= CUBE_SHEET_MAX_COLUMNS)
    {
      GError *error = NULL;
      cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                      _("Row %" PRIu64 ": a cell lies beyond the last column XFD"),
                      state->row_number);
      sheet_fail (state, error);
      return;
    }

  state->in_cell = TRUE;
  state->cell_type = parse_cell_type (type, type_len);
  if (style)
    {
      guint64 xf = parse_uint (style, style_len);
      state->cell_format = xf < state->book->xfs->len
                           ? g_array_index (state->book->xfs, XfFormat, xf)
                           : (XfFormat) { XF_GENERAL, 0 };
    }
  else
    state->cell_format = (XfFormat) { XF_GENERAL, 0 };

  /* Text cells are written straight into the row; the others go through @text. */
  if (state->cell_type == CELL_INLINE || state->cell_type == CELL_FORMULA_STRING ||
      state->cell_type == CELL_ERROR)
    state->out = cube_row_buf_cell (&state->row, (guint) state->column);
  else
    state->out = state->text;
  g_string_truncate (state->out, 0);
}

static void
sheet_start (void           *ctx,
             const xmlChar  *localname,
             const xmlChar  *prefix,
             const xmlChar  *uri,
             int             n_namespaces,
             const xmlChar **namespaces,
             int             n_attributes,
             int             n_defaulted,
             const xmlChar **attributes)
{
  SheetState *state = ctx;
  const char *name = (const char *) localname;

  if (!state->in_sheet_data)
    {
      if (strcmp (name, "sheetData") == 0)
        state->in_sheet_data = TRUE;
      return;
    }

  switch (name[0])
    {
    case 'c':
      if (name[1] == '\0' && state->in_row)
        start_cell (state, n_attributes, attributes);
      break;
    case 'v':
      if (name[1] == '\0' && state->in_cell && !state->in_is)
        {
          g_string_truncate (state->out, 0);
          state->collect = TRUE;
        }
      break;
    case 'i':
      if (name[1] == 's' && name[2] == '\0' && state->in_cell)
        {
          state->in_is = TRUE;
          g_string_truncate (state->out, 0);
        }
      break;
    case 't':
      if (name[1] == '\0' && state->in_is && state->rph_depth == 0)
        state->collect = TRUE;
      break;
    case 'r':
      if (strcmp (name, "row") == 0)
        {
          const char *value;
          gsize len;
          guint64 number;

          value = cube_xml_attr (attributes, n_attributes, "r", &len);
          number = value ? parse_uint (value, len) : 0;
          state->row_number = number > 0 ? number : state->row_number + 1;
          state->pass.row = state->row_number;
          state->in_row = TRUE;
          state->column = -1;
          cube_row_buf_reset (&state->row, state->row_number);
        }
      else if (strcmp (name, "rPh") == 0)
        state->rph_depth++;
      break;
    default:
      break;
    }
}

static void
finish_cell (SheetState *state)
{
  GString *cell;
  guint index;

  if (state->out != state->text)
    return;  /* text cells are already in place */

  cell = cube_row_buf_cell (&state->row, (guint) state->column);
  g_string_truncate (cell, 0);

  switch (state->cell_type)
    {
    case CELL_SHARED:
      index = (guint) parse_uint (state->text->str, state->text->len);
      if (state->text->len == 0 || index >= state->book->shared->len)
        {
          GError *error = NULL;
          g_autofree char *col = cube_sheet_column_name ((guint) state->column);
          cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                          _("Row %" PRIu64 ", column %s: the cell refers to a shared string "
                            "the file does not have"), state->row_number, col);
          sheet_fail (state, error);
          return;
        }
      g_string_append (cell, g_ptr_array_index (state->book->shared, index));
      break;
    case CELL_NUMBER:
      format_number (cell, state->text->str, state->text->len, state->cell_format, state->book->date1904);
      break;
    case CELL_BOOL:
      if (state->text->len > 0)
        g_string_append (cell, state->text->str[0] == '1' || state->text->str[0] == 't' ? "TRUE" : "FALSE");
      break;
    case CELL_ISO_DATE:
      /* "2024-03-01T00:00:00" → "2024-03-01" (or with the time) */
      if (state->text->len >= 10)
        {
          g_string_append_len (cell, state->text->str, 10);
          if (state->text->len >= 16 && state->text->str[10] == 'T' &&
              strncmp (state->text->str + 11, "00:00:00", MIN (8, state->text->len - 11)) != 0)
            {
              g_string_append_c (cell, ' ');
              g_string_append_len (cell, state->text->str + 11, 5);
            }
        }
      else
        g_string_append_len (cell, state->text->str, state->text->len);
      break;
    default:
      g_string_append_len (cell, state->text->str, state->text->len);
      break;
    }
}

static void
sheet_end (void          *ctx,
           const xmlChar *localname,
           const xmlChar *prefix,
           const xmlChar *uri)
{
  SheetState *state = ctx;
  const char *name = (const char *) localname;

  if (!state->in_sheet_data)
    return;

  switch (name[0])
    {
    case 'v':
    case 't':
      if (name[1] == '\0')
        state->collect = FALSE;
      break;
    case 'i':
      if (name[1] == 's' && name[2] == '\0')
        state->in_is = FALSE;
      break;
    case 'c':
      if (name[1] == '\0' && state->in_cell)
        {
          state->in_cell = FALSE;
          state->collect = FALSE;
          state->in_is = FALSE;
          finish_cell (state);
        }
      break;
    case 'r':
      if (strcmp (name, "row") == 0 && state->in_row)
        {
          state->in_row = FALSE;
          state->in_cell = FALSE;
          emit_row (state);
        }
      else if (strcmp (name, "rPh") == 0)
        state->rph_depth--;
      break;
    case 's':
      if (strcmp (name, "sheetData") == 0)
        {
          state->in_sheet_data = FALSE;
          cube_xml_pass_stop (&state->pass);  /* the rest holds no cell values */
        }
      break;
    default:
      break;
    }
}

static void
sheet_characters (void          *ctx,
                  const xmlChar *ch,
                  int            len)
{
  SheetState *state = ctx;

  if (!state->collect)
    return;
  if (state->out->len + len > CUBE_SHEET_MAX_CELL_BYTES)
    {
      GError *error = NULL;
      cube_sheet_set_cell_too_long (&error, state->row_number, (guint) MAX (state->column, 0));
      state->collect = FALSE;
      sheet_fail (state, error);
      return;
    }
  g_string_append_len (state->out, (const char *) ch, len);
}

gboolean
cube_xlsx_book_read (CubeXlsxBook      *book,
                     CubeSheetSource   *source,
                     CubeSheetInfo     *sheet,
                     CubeSheetRowFunc   func,
                     gpointer           user_data,
                     CubeSheetProgress *progress,
                     GError           **error)
{
  SheetState state = { 0 };
  xmlSAXHandler sax;
  gboolean ok;

  state.book = book;
  state.func = func;
  state.user_data = user_data;
  state.column = -1;
  state.text = g_string_sized_new (256);
  state.out = state.text;
  cube_row_buf_init (&state.row);

  cube_sheet_sax_init (&sax);
  sax.startElementNs = sheet_start;
  sax.endElementNs = sheet_end;
  sax.characters = sheet_characters;

  ok = cube_zip_parse_entry (source, sheet->part, CUBE_SHEET_MAX_SHEET_BYTES, &sax, &state.pass,
                             progress, NULL, error);

  cube_row_buf_clear (&state.row);
  g_string_free (state.text, TRUE);
  return ok;
}
