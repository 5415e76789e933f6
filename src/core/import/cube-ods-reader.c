/* SPDX-License-Identifier: GPL-3.0-or-later */
/* .ods (OpenDocument spreadsheet) as written by LibreOffice: content.xml
 * streamed through libxml2's push parser.
 *
 * Repeated rows and cells (table:number-rows-repeated,
 * table:number-columns-repeated) are counted, not expanded, unless they
 * hold a value, so the million empty rows LibreOffice may write after the
 * data cost nothing. A cell gives: for floats, percentages and currencies
 * office:value ("1234.5"), but the shown text when it is digits with
 * leading zeros equal to the value ("00012"); dates as ISO
 * ("2024-03-01", "2024-03-01 13:45"); times as "13:45"; booleans TRUE or
 * FALSE; text the paragraphs joined by line breaks, with text:s, text:tab
 * and text:line-break honoured and annotations left out. Covered cells
 * (the hidden part of a merge) are empty: the value stays in the first
 * cell of the merge. */

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cube-sheet-reader-private.h"

#define NS_TABLE  "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT   "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_DRAW   "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

#define MAX_ROWS G_GUINT64_CONSTANT (16777216)

typedef enum {
  VALUE_TEXT,
  VALUE_FLOAT,
  VALUE_DATE,
  VALUE_TIME,
  VALUE_BOOLEAN,
} ValueType;

typedef struct {
  CubeXmlPass       pass;
  gboolean          listing;      /* only names and emptiness */
  GPtrArray        *sheets;       /* listing: CubeSheetInfo* */
  guint             target;       /* reading: the table to read */

  CubeSheetRowFunc  func;
  gpointer          user_data;
  CubeRowBuf        row;

  int               table_depth;
  guint             table_index;  /* top-level tables started so far */
  gboolean          active;       /* inside the table we read or list */
  guint64           row_number;   /* rows before the current one */
  guint64           row_repeat;
  gboolean          in_row;
  guint64           column;

  gboolean          in_cell;
  gboolean          covered;
  guint64           col_repeat;
  ValueType         value_type;
  char             *value;        /* office:value / date-value / … */
  GString          *text;
  guint             n_paragraphs;
  int               p_depth;
  int               skip_depth;   /* annotations, drawings */
  const xmlChar    *uri_cache[4]; /* table, text, office, draw */
} OdsState;

enum { URI_TABLE, URI_TEXT, URI_OFFICE, URI_DRAW };
#define is_ns(uri, ns) is_ns_cached ((uri), (ns), &state->uri_cache[ \
  strcmp ((ns), NS_TABLE) == 0 ? URI_TABLE : strcmp ((ns), NS_TEXT) == 0 ? URI_TEXT : \
  strcmp ((ns), NS_OFFICE) == 0 ? URI_OFFICE : URI_DRAW])

/* libxml2 interns namespace URIs, so after the first match a pointer
 * comparison does; @cache remembers the pointer. */
static inline gboolean
is_ns_cached (const xmlChar  *uri,
              const char     *ns,
              const xmlChar **cache)
{
  if (uri == NULL)
    return FALSE;
  if (uri == *cache)
    return TRUE;
  if (strcmp ((const char *) uri, ns) != 0)
    return FALSE;
  *cache = uri;
  return TRUE;
}


static guint64
attr_repeat (const xmlChar **attrs,
             int             n_attrs,
             const char     *name)
{
  gsize len;
  const char *value = cube_xml_attr (attrs, n_attrs, name, &len);
  guint64 n = 0;

  if (value == NULL)
    return 1;
  for (gsize i = 0; i < len && g_ascii_isdigit (value[i]); i++)
    {
      n = n * 10 + (value[i] - '0');
      if (n > MAX_ROWS * 4)
        break;
    }
  return MAX (n, 1);
}

static void
ods_fail (OdsState *state,
          GError   *error)
{
  cube_xml_pass_fail (&state->pass, error);
}

static void
append_text (OdsState   *state,
             const char *text,
             gsize       len)
{
  if (state->text->len + len > CUBE_SHEET_MAX_CELL_BYTES)
    {
      GError *error = NULL;
      cube_sheet_set_cell_too_long (&error, state->row_number + 1,
                                    (guint) MIN (state->column, CUBE_SHEET_MAX_COLUMNS));
      state->p_depth = 0;
      state->in_cell = FALSE;
      ods_fail (state, error);
      return;
    }
  g_string_append_len (state->text, text, len);
}

static void
ods_start (void           *ctx,
           const xmlChar  *localname,
           const xmlChar  *prefix,
           const xmlChar  *uri,
           int             n_namespaces,
           const xmlChar **namespaces,
           int             n_attributes,
           int             n_defaulted,
           const xmlChar **attributes)
{
  OdsState *state = ctx;
  const char *name = (const char *) localname;

  if (is_ns (uri, NS_TABLE))
    {
      if (strcmp (name, "table") == 0)
        {
          state->table_depth++;
          if (state->table_depth == 1)
            {
              if (state->listing)
                {
                  CubeSheetInfo *info = g_new0 (CubeSheetInfo, 1);

                  info->name = cube_xml_attr_dup (attributes, n_attributes, "name");
                  if (info->name == NULL)
                    info->name = g_strdup_printf ("%u", state->table_index + 1);
                  info->empty = TRUE;
                  info->readable = TRUE;
                  g_ptr_array_add (state->sheets, info);
                  if (state->sheets->len > 10000)
                    {
                      GError *error = NULL;
                      cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                                      _("“%s” has too many sheets"), state->pass.file_name);
                      ods_fail (state, error);
                      return;
                    }
                  state->active = TRUE;
                }
              else
                state->active = state->table_index == state->target;
              state->row_number = 0;
              state->table_index++;
            }
          return;
        }
      if (!state->active || state->table_depth != 1)
        return;
      if (strcmp (name, "table-row") == 0)
        {
          state->in_row = TRUE;
          state->row_repeat = attr_repeat (attributes, n_attributes, "number-rows-repeated");
          state->column = 0;
          state->pass.row = state->row_number + 1;
          cube_row_buf_reset (&state->row, state->row_number + 1);
        }
      else if (state->in_row &&
               (strcmp (name, "table-cell") == 0 || strcmp (name, "covered-table-cell") == 0))
        {
          const char *type;
          gsize len;

          state->in_cell = TRUE;
          state->covered = name[0] == 'c';
          state->col_repeat = attr_repeat (attributes, n_attributes, "number-columns-repeated");
          state->n_paragraphs = 0;
          state->p_depth = 0;
          g_string_truncate (state->text, 0);
          g_clear_pointer (&state->value, g_free);

          /* In listing mode a sheet known to have data needs no more work. */
          if (state->listing &&
              !((CubeSheetInfo *) g_ptr_array_index (state->sheets, state->sheets->len - 1))->empty)
            {
              state->covered = TRUE;
              return;
            }

          type = cube_xml_attr (attributes, n_attributes, "value-type", &len);
          state->value_type = VALUE_TEXT;
          if (type == NULL)
            ;
          else if ((len == 5 && memcmp (type, "float", 5) == 0) ||
                   (len == 10 && memcmp (type, "percentage", 10) == 0) ||
                   (len == 8 && memcmp (type, "currency", 8) == 0))
            {
              state->value_type = VALUE_FLOAT;
              state->value = cube_xml_attr_dup (attributes, n_attributes, "value");
            }
          else if (len == 4 && memcmp (type, "date", 4) == 0)
            {
              state->value_type = VALUE_DATE;
              state->value = cube_xml_attr_dup (attributes, n_attributes, "date-value");
            }
          else if (len == 4 && memcmp (type, "time", 4) == 0)
            {
              state->value_type = VALUE_TIME;
              state->value = cube_xml_attr_dup (attributes, n_attributes, "time-value");
            }
          else if (len == 7 && memcmp (type, "boolean", 7) == 0)
            {
              state->value_type = VALUE_BOOLEAN;
              state->value = cube_xml_attr_dup (attributes, n_attributes, "boolean-value");
            }
          else
            state->value = cube_xml_attr_dup (attributes, n_attributes, "string-value");
          if (state->value && strlen (state->value) > CUBE_SHEET_MAX_CELL_BYTES)
            {
              GError *error = NULL;
              cube_sheet_set_cell_too_long (&error, state->row_number + 1,
                                            (guint) MIN (state->column, CUBE_SHEET_MAX_COLUMNS));
              ods_fail (state, error);
            }
        }
      return;
    }

  if (!state->in_cell || state->covered)
    return;

  if (is_ns (uri, NS_OFFICE) && strcmp (name, "annotation") == 0)
    state->skip_depth++;
  else if (is_ns (uri, NS_DRAW))
    state->skip_depth++;
  else if (state->skip_depth > 0)
    return;
  else if (is_ns (uri, NS_TEXT))
    {
      if (strcmp (name, "p") == 0 || strcmp (name, "h") == 0)
        {
          if (state->p_depth == 0 && state->n_paragraphs++ > 0)
            append_text (state, "\n", 1);
          state->p_depth++;
        }
      else if (state->p_depth > 0 && strcmp (name, "s") == 0)
        {
          guint64 n = attr_repeat (attributes, n_attributes, "c");
          for (guint64 i = 0; i < n && state->in_cell; i++)
            append_text (state, " ", 1);
        }
      else if (state->p_depth > 0 && strcmp (name, "tab") == 0)
        append_text (state, "\t", 1);
      else if (state->p_depth > 0 && strcmp (name, "line-break") == 0)
        append_text (state, "\n", 1);
    }
}

static void
format_float (GString    *out,
              const char *value,
              const char *shown)
{
  char buf[64];
  char *end;
  double v = g_ascii_strtod (value, &end);
  gboolean digits = shown[0] != '\0';

  if (*end != '\0' || !isfinite (v))
    {
      g_string_append (out, value);
      return;
    }
  for (const char *p = shown; *p; p++)
    if (!g_ascii_isdigit (*p))
      digits = FALSE;
  if (digits && shown[0] == '0' && strlen (shown) < 20 && g_ascii_strtod (shown, NULL) == v)
    {
      g_string_append (out, shown);
      return;
    }
  if (v == floor (v) && fabs (v) < 1e17)
    g_string_append_printf (out, "%.0f", v);
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.15g", v);
      g_string_append (out, buf);
    }
}

/* "PT13H45M00S" → "13:45" */
static void
format_duration (GString    *out,
                 const char *value)
{
  guint64 h = 0, m = 0;
  double s = 0;
  const char *p = value;

  if (*p == '-')
    p++;
  if (*p == 'P')
    p++;
  while (*p && *p != 'T')
    p++;
  if (*p == 'T')
    p++;
  while (*p)
    {
      char *end;
      double n = g_ascii_strtod (p, &end);
      if (end == p)
        break;
      if (*end == 'H')
        h = (guint64) n;
      else if (*end == 'M')
        m = (guint64) n;
      else if (*end == 'S')
        s = n;
      else
        break;
      p = end + 1;
    }
  g_string_append_printf (out, "%02" PRIu64 ":%02" PRIu64, h, m);
  if ((guint64) llround (s) % 60 != 0)
    g_string_append_printf (out, ":%02d", (int) ((guint64) llround (s) % 60));
}

/* "2024-03-01T13:45:00.5" → "2024-03-01 13:45" */
static void
format_date (GString    *out,
             const char *value)
{
  const char *t = strchr (value, 'T');

  if (t == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_len (out, value, t - value);
  if (strlen (t) >= 6)
    {
      g_string_append_c (out, ' ');
      g_string_append_len (out, t + 1, 5);
      if (strlen (t) >= 9 && strncmp (t + 6, ":00", 3) != 0)
        g_string_append_len (out, t + 6, 3);
    }
}

static void
finish_cell (OdsState *state)
{
  g_autoptr(GString) value = NULL;
  guint64 repeat = state->col_repeat;

  if (state->covered)
    {
      state->column += repeat;
      return;
    }

  value = g_string_new (NULL);
  switch (state->value_type)
    {
    case VALUE_FLOAT:
      if (state->value)
        format_float (value, state->value, state->text->str);
      else
        g_string_append_len (value, state->text->str, state->text->len);
      break;
    case VALUE_DATE:
      if (state->value)
        format_date (value, state->value);
      break;
    case VALUE_TIME:
      if (state->value)
        format_duration (value, state->value);
      break;
    case VALUE_BOOLEAN:
      if (state->value)
        g_string_append (value, strcmp (state->value, "true") == 0 ? "TRUE" : "FALSE");
      break;
    case VALUE_TEXT:
    default:
      if (state->value)
        g_string_append (value, state->value);
      else
        g_string_append_len (value, state->text->str, state->text->len);
      break;
    }

  if (value->len == 0)
    {
      state->column += repeat;
      return;
    }
  if (state->column + repeat > CUBE_SHEET_MAX_COLUMNS)
    {
      GError *error = NULL;
      cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                      _("Row %" PRIu64 ": a cell lies beyond the last column XFD"),
                      state->row_number + 1);
      ods_fail (state, error);
      return;
    }
  for (guint64 i = 0; i < repeat; i++)
    g_string_assign (cube_row_buf_cell (&state->row, (guint) (state->column + i)), value->str);
  state->column += repeat;
}

static void
finish_row (OdsState *state)
{
  guint64 repeat = state->row_repeat;

  if (!cube_row_buf_has_value (&state->row))
    {
      state->row_number += repeat;
      return;
    }

  if (state->listing)
    {
      ((CubeSheetInfo *) g_ptr_array_index (state->sheets, state->sheets->len - 1))->empty = FALSE;
      state->row_number += repeat;
      return;
    }

  if (state->row_number + repeat > MAX_ROWS)
    {
      GError *error = NULL;
      cube_set_error (&error, CUBE_ERROR_VALIDATION, NULL,
                      _("Row %" PRIu64 ": the sheet has more rows than a spreadsheet can hold"),
                      state->row_number + 1);
      ods_fail (state, error);
      return;
    }

  for (guint64 i = 0; i < repeat; i++)
    {
      CubeSheetRow row;
      GError *error = NULL;

      state->row.number = state->row_number + 1 + i;
      cube_row_buf_finish (&state->row, &row);
      if (!state->func (&row, state->user_data, &error))
        {
          if (error)
            ods_fail (state, error);
          else
            cube_xml_pass_stop (&state->pass);
          return;
        }
    }
  state->row_number += repeat;
}

static void
ods_end (void          *ctx,
         const xmlChar *localname,
         const xmlChar *prefix,
         const xmlChar *uri)
{
  OdsState *state = ctx;
  const char *name = (const char *) localname;

  if (is_ns (uri, NS_TABLE))
    {
      if (strcmp (name, "table") == 0)
        {
          state->table_depth--;
          if (state->table_depth == 0 && state->active)
            {
              state->active = FALSE;
              if (!state->listing)
                cube_xml_pass_stop (&state->pass);
            }
          return;
        }
      if (!state->active || state->table_depth != 1)
        return;
      if (strcmp (name, "table-row") == 0 && state->in_row)
        {
          state->in_row = FALSE;
          finish_row (state);
        }
      else if (state->in_cell &&
               (strcmp (name, "table-cell") == 0 || strcmp (name, "covered-table-cell") == 0))
        {
          state->in_cell = FALSE;
          finish_cell (state);
        }
      return;
    }

  if (!state->in_cell || state->covered)
    return;
  if ((is_ns (uri, NS_OFFICE) && strcmp (name, "annotation") == 0) || is_ns (uri, NS_DRAW))
    state->skip_depth--;
  else if (state->skip_depth == 0 && is_ns (uri, NS_TEXT) &&
           (strcmp (name, "p") == 0 || strcmp (name, "h") == 0))
    state->p_depth--;
}

static void
ods_characters (void          *ctx,
                const xmlChar *ch,
                int            len)
{
  OdsState *state = ctx;

  if (state->in_cell && !state->covered && state->p_depth > 0 && state->skip_depth == 0)
    append_text (state, (const char *) ch, len);
}

static gboolean
run (CubeSheetSource   *source,
     OdsState          *state,
     CubeSheetProgress *progress,
     GError           **error)
{
  xmlSAXHandler sax;
  gboolean ok;

  cube_sheet_sax_init (&sax);
  sax.startElementNs = ods_start;
  sax.endElementNs = ods_end;
  sax.characters = ods_characters;
  state->text = g_string_sized_new (256);
  cube_row_buf_init (&state->row);

  ok = cube_zip_parse_entry (source, "content.xml", CUBE_SHEET_MAX_SHEET_BYTES, &sax, &state->pass,
                             progress, NULL, error);

  cube_row_buf_clear (&state->row);
  g_string_free (state->text, TRUE);
  g_free (state->value);
  return ok;
}

gboolean
cube_ods_list (CubeSheetSource *source,
               GPtrArray       *sheets,
               GError         **error)
{
  OdsState state = { 0 };

  state.listing = TRUE;
  state.sheets = sheets;
  return run (source, &state, NULL, error);
}

gboolean
cube_ods_read (CubeSheetSource   *source,
               guint              sheet_index,
               CubeSheetRowFunc   func,
               gpointer           user_data,
               CubeSheetProgress *progress,
               GError           **error)
{
  OdsState state = { 0 };

  state.target = sheet_index;
  state.func = func;
  state.user_data = user_data;
  return run (source, &state, progress, error);
}
