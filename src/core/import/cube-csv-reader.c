/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV as Excel, LibreOffice and scripts write it.
 *
 * Our own reader rather than libcsv: what a Norwegian user's file needs
 * around the parsing is most of the work (choosing between UTF-8 and
 * Windows-1252, the BOM, Excel's "sep=;" line, guessing comma, semicolon or
 * tab outside quotes, the line where each record starts for the rejection
 * report, a limit on a runaway quoted field), and libcsv offers none of it;
 * the RFC 4180 state machine itself is a few dozen lines that we can fuzz
 * together with the rest, with one dependency less.
 *
 * Rules: fields are separated by the detected delimiter; a field that
 * starts with a double quote runs to the next lone quote, may contain
 * delimiters and line breaks, and "" stands for one quote; text after the
 * closing quote is kept as it is (lenient, like Excel). A quote inside an
 * unquoted field is an ordinary character. Lines end with LF, CRLF or CR.
 * A quoted field still open at the end of the file is an error naming the
 * line where it began. Rows may have any number of fields (ragged rows are
 * read as they are; the mapping reports values beyond the header). */

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cube-sheet-reader-private.h"

#define BLOCK_SIZE (256 * 1024)
#define DETECT_BYTES (64 * 1024)

/* Windows-1252 0x80–0x9F; 0 where the code page has no character. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* ---- detection ---- */

/* Validates UTF-8 across block boundaries. */
typedef struct {
  guint8   pending[4];
  gsize    n_pending;
  guint64  line;
  gboolean multibyte;   /* saw a valid non-ASCII sequence */
  gboolean invalid;     /* saw an invalid one */
  guint64  invalid_line;
  guint64  first_multibyte_line;
  gboolean nul;
  guint64  nul_line;
} Utf8Scan;

static void
scan_utf8 (Utf8Scan     *scan,
           const guint8 *data,
           gsize         len,
           gboolean      last)
{
  guint8 joined[8];
  gsize i = 0;

  /* Finish a sequence cut by the previous block. */
  while (scan->n_pending > 0 && i < len)
    {
      const char *end;
      scan->pending[scan->n_pending++] = data[i++];
      memcpy (joined, scan->pending, scan->n_pending);
      if (g_utf8_validate ((const char *) joined, scan->n_pending, &end))
        {
          scan->multibyte = TRUE;
          scan->n_pending = 0;
        }
      else if (scan->n_pending >= 4 ||
               g_utf8_get_char_validated ((const char *) joined, scan->n_pending) == (gunichar) -1)
        {
          if (!scan->invalid)
            scan->invalid_line = scan->line + 1;
          scan->invalid = TRUE;
          scan->n_pending = 0;
        }
    }

  while (i < len)
    {
      guint8 c = data[i];

      if (c < 0x80)
        {
          if (c == '\n')
            scan->line++;
          else if (c == '\0' && !scan->nul)
            {
              scan->nul = TRUE;
              scan->nul_line = scan->line + 1;
            }
          i++;
          continue;
        }
      {
        gunichar u = g_utf8_get_char_validated ((const char *) data + i, len - i);
        if (u == (gunichar) -2 && !last && len - i < 4)
          {
            scan->n_pending = len - i;
            memcpy (scan->pending, data + i, scan->n_pending);
            return;
          }
        if (u == (gunichar) -1 || u == (gunichar) -2)
          {
            if (!scan->invalid)
              scan->invalid_line = scan->line + 1;
            scan->invalid = TRUE;
            i++;
            continue;
          }
        if (!scan->multibyte)
          scan->first_multibyte_line = scan->line + 1;
        scan->multibyte = TRUE;
        i = g_utf8_next_char ((const char *) data + i) - (const char *) data;
      }
    }
}

/* Picks the delimiter whose count per record is steadiest in @text. */
static char
guess_delimiter (const char *text,
                 gsize       len,
                 gboolean    complete)
{
  static const char candidates[3] = { ';', ',', '\t' };
  guint counts[3][20] = { { 0 } };
  guint n_records = 0;
  gboolean quoted = FALSE;
  gsize i;
  int best = -1;
  guint best_score = 0, best_first = 0;

  for (i = 0; i < len && n_records < 20; i++)
    {
      char c = text[i];
      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        {
          if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
          n_records++;
        }
      else if (!quoted)
        for (int k = 0; k < 3; k++)
          if (c == candidates[k])
            counts[k][n_records]++;
    }
  /* The last record counts only when it is whole. */
  if (n_records < 20 && (complete || n_records == 0))
    n_records++;

  for (int k = 0; k < 3; k++)
    {
      guint first = counts[k][0], score = 0;
      if (first == 0)
        continue;
      for (guint r = 0; r < n_records; r++)
        if (counts[k][r] == first)
          score++;
      if (best < 0 || score > best_score || (score == best_score && first > best_first))
        {
          best = k;
          best_score = score;
          best_first = first;
        }
    }
  return best < 0 ? ',' : candidates[best];
}

/* Windows-1252 bytes → UTF-8; FALSE at a byte the code page lacks. */
static gboolean
append_cp1252 (GString      *out,
               const guint8 *data,
               gsize         len,
               gsize        *bad_offset)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];
      gunichar u;

      if (c < 0x80)
        {
          g_string_append_c (out, c);
          continue;
        }
      u = c < 0xA0 ? cp1252_high[c - 0x80] : c;
      if (u == 0)
        {
          *bad_offset = i;
          return FALSE;
        }
      g_string_append_unichar (out, u);
    }
  return TRUE;
}

gboolean
cube_csv_detect (CubeSheetSource *source,
                 CubeCsvLayout   *layout,
                 GError         **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *block = g_malloc (BLOCK_SIZE);
  g_autoptr(GByteArray) head = g_byte_array_new ();
  Utf8Scan scan = { 0 };
  gboolean first = TRUE;
  gsize bom = 0;
  g_autoptr(GString) text = NULL;
  gsize offset;

  memset (layout, 0, sizeof *layout);
  stream = cube_sheet_source_open_stream (source, error);
  if (stream == NULL)
    return FALSE;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, block, BLOCK_SIZE, NULL, &local_error);
      const guint8 *data = block;

      if (n < 0)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Cannot read “%s”: %s"),
                          source->file_name, local_error->message);
          return FALSE;
        }
      if (first)
        {
          first = FALSE;
          if (n >= 2 && ((block[0] == 0xFF && block[1] == 0xFE) || (block[0] == 0xFE && block[1] == 0xFF)))
            {
              cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                              _("“%s” is UTF-16 text (Excel’s “Unicode text”); save it as "
                                "“CSV UTF-8” or as .xlsx instead"), source->file_name);
              return FALSE;
            }
          if (n >= 3 && block[0] == 0xEF && block[1] == 0xBB && block[2] == 0xBF)
            bom = 3;
        }
      if (head->len < DETECT_BYTES && n > 0)
        g_byte_array_append (head, data, MIN ((gsize) n, DETECT_BYTES - head->len));
      scan_utf8 (&scan, data, n, n == 0);
      if (scan.nul)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("Line %" PRIu64 " of “%s” contains a NUL byte: "
                            "this is not a text file"), scan.nul_line, source->file_name);
          return FALSE;
        }
      if (n == 0)
        break;
    }

  if (scan.invalid)
    {
      if (bom || scan.multibyte)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("Line %" PRIu64 " of “%s” is not valid UTF-8 text, "
                            "although the file is UTF-8 elsewhere"),
                          scan.invalid_line, source->file_name);
          return FALSE;
        }
      layout->windows_1252 = TRUE;
    }

  /* The head as UTF-8, for the delimiter and the "sep=" line. */
  if (layout->windows_1252)
    {
      gsize bad = 0;
      text = g_string_new (NULL);
      if (!append_cp1252 (text, head->data, head->len, &bad))
        {
          guint64 line = 1;
          for (gsize i = 0; i < bad; i++)
            if (head->data[i] == '\n')
              line++;
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("Line %" PRIu64 " of “%s” is neither UTF-8 nor Windows-1252 text"),
                          line, source->file_name);
          return FALSE;
        }
    }
  else
    text = head->len > bom ? g_string_new_len ((const char *) head->data + bom, head->len - bom)
                           : g_string_new (NULL);

  layout->skip_bytes = bom;
  offset = 0;
  if (g_ascii_strncasecmp (text->str, "sep=", 4) == 0 && text->len >= 5 &&
      (text->str[5] == '\n' || text->str[5] == '\r' || text->len == 5))
    {
      layout->delimiter = text->str[4];
      offset = 5;
      if (offset < text->len && text->str[offset] == '\r')
        offset++;
      if (offset < text->len && text->str[offset] == '\n')
        offset++;
      layout->skip_bytes += offset;  /* ASCII, so bytes in either encoding */
      layout->skip_lines = 1;
      return TRUE;
    }

  layout->delimiter = guess_delimiter (text->str, text->len, head->len < DETECT_BYTES);
  return TRUE;
}

/* ---- parsing ---- */

typedef enum {
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED,   /* saw a quote inside a quoted field */
} CsvState;

typedef struct {
  CubeSheetSource  *source;
  CubeSheetRowFunc  func;
  gpointer          user_data;
  char              delimiter;
  CubeRowBuf        row;
  CsvState          state;
  guint             column;
  GString          *field;
  guint64           line;         /* current line, 1-based */
  guint64           record_line;  /* where the record began */
  gboolean          after_cr;
  gboolean          stopped;
} Parser;

static gboolean
end_field (Parser  *p,
           GError **error)
{
  GString *cell = cube_row_buf_cell (&p->row, p->column);

  if (cell == NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("Line %" PRIu64 ": the row has more than %d columns"),
                      p->record_line, CUBE_SHEET_MAX_COLUMNS);
      return FALSE;
    }
  if (!g_utf8_validate (p->field->str, p->field->len, NULL))
    {
      g_autofree char *col = cube_sheet_column_name (p->column);
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("Line %" PRIu64 ", column %s: the field is not valid UTF-8 text"),
                      p->record_line, col);
      return FALSE;
    }
  g_string_truncate (cell, 0);
  if (memchr (p->field->str, '\r', p->field->len) == NULL)
    g_string_append_len (cell, p->field->str, p->field->len);
  else
    {
      /* Line breaks inside a quoted field become \n, whichever the file used. */
      for (gsize i = 0; i < p->field->len; i++)
        {
          char c = p->field->str[i];
          if (c == '\r')
            {
              g_string_append_c (cell, '\n');
              if (i + 1 < p->field->len && p->field->str[i + 1] == '\n')
                i++;
            }
          else
            g_string_append_c (cell, c);
        }
    }
  g_string_truncate (p->field, 0);
  p->column++;
  p->state = FIELD_START;
  return TRUE;
}

static gboolean
end_record (Parser  *p,
            GError **error)
{
  CubeSheetRow row;
  GError *local_error = NULL;

  if (!end_field (p, error))
    return FALSE;
  if (cube_row_buf_has_value (&p->row))
    {
      cube_row_buf_finish (&p->row, &row);
      if (!p->func (&row, p->user_data, &local_error))
        {
          if (local_error)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          p->stopped = TRUE;
          return FALSE;
        }
    }
  p->column = 0;
  cube_row_buf_reset (&p->row, p->line);
  p->record_line = p->line;
  return TRUE;
}

static gboolean
field_append (Parser      *p,
              const char  *s,
              gsize        len,
              GError     **error)
{
  if (p->field->len + len > CUBE_SHEET_MAX_CELL_BYTES)
    {
      g_autofree char *col = cube_sheet_column_name (p->column);
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("Line %" PRIu64 ", column %s: the field is longer than %d MiB "
                        "(a quote that is never closed?)"),
                      p->record_line, col, CUBE_SHEET_MAX_CELL_BYTES / (1024 * 1024));
      return FALSE;
    }
  g_string_append_len (p->field, s, len);
  return TRUE;
}

/* Feeds UTF-8 text; FALSE on error or when the callback stopped. */
static gboolean
parse (Parser     *p,
       const char *s,
       gsize       len,
       GError    **error)
{
  const char delim = p->delimiter;
  gsize i = 0;

  while (i < len)
    {
      char c = s[i];

      if (p->after_cr)
        {
          p->after_cr = FALSE;
          if (c == '\n')
            {
              i++;
              continue;  /* the CR already ended the line */
            }
        }

      switch (p->state)
        {
        case FIELD_START:
          if (c == '"')
            {
              p->state = QUOTED;
              i++;
              continue;
            }
          p->state = UNQUOTED;
          G_GNUC_FALLTHROUGH;
        case UNQUOTED:
          {
            gsize j = i;
            while (j < len && s[j] != delim && s[j] != '\n' && s[j] != '\r')
              j++;
            if (!field_append (p, s + i, j - i, error))
              return FALSE;
            i = j;
            if (i == len)
              continue;
            c = s[i++];
            if (c == delim)
              {
                if (!end_field (p, error))
                  return FALSE;
              }
            else
              {
                p->after_cr = c == '\r';
                p->line++;
                if (!end_record (p, error))
                  return FALSE;
              }
          }
          break;
        case QUOTED:
          {
            gsize j = i;
            while (j < len && s[j] != '"')
              {
                if (s[j] == '\n' || (s[j] == '\r' && (j + 1 >= len || s[j + 1] != '\n')))
                  p->line++;
                j++;
              }
            if (!field_append (p, s + i, j - i, error))
              return FALSE;
            i = j;
            if (i < len)
              {
                p->state = QUOTE_IN_QUOTED;
                i++;
              }
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              if (!field_append (p, "\"", 1, error))
                return FALSE;
              p->state = QUOTED;
              i++;
            }
          else
            p->state = UNQUOTED;  /* closed; anything after it is kept as it is */
          break;
        }
    }
  return TRUE;
}

gboolean
cube_csv_read (CubeSheetSource     *source,
               const CubeCsvLayout *layout,
               CubeSheetRowFunc     func,
               gpointer             user_data,
               CubeSheetProgress   *progress,
               GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree guint8 *block = g_malloc (BLOCK_SIZE);
  g_autoptr(GString) converted = g_string_sized_new (BLOCK_SIZE * 2);
  Parser p = { 0 };
  guint64 consumed = 0;
  gsize skip = layout->skip_bytes;
  gboolean ok = FALSE;

  stream = cube_sheet_source_open_stream (source, error);
  if (stream == NULL)
    return FALSE;

  p.source = source;
  p.func = func;
  p.user_data = user_data;
  p.delimiter = layout->delimiter ? layout->delimiter : ',';
  p.field = g_string_sized_new (256);
  p.line = 1 + layout->skip_lines;
  p.record_line = p.line;
  cube_row_buf_init (&p.row);
  cube_row_buf_reset (&p.row, p.line);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (stream, block, BLOCK_SIZE, NULL, &local_error);
      const guint8 *data = block;
      gsize len;

      if (n < 0)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Cannot read “%s”: %s"),
                          source->file_name, local_error->message);
          goto out;
        }
      if (n == 0)
        break;
      consumed += n;
      len = n;
      if (skip > 0)
        {
          gsize k = MIN (skip, len);
          data += k;
          len -= k;
          skip -= k;
        }

      if (layout->windows_1252)
        {
          gsize bad = 0;
          g_string_truncate (converted, 0);
          if (!append_cp1252 (converted, data, len, &bad))
            {
              guint64 line = p.line;
              /* Count the lines up to the bad byte in this block. */
              for (gsize i = 0; i < bad; i++)
                if (data[i] == '\n')
                  line++;
              cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                              _("Line %" PRIu64 " of “%s” is neither UTF-8 nor Windows-1252 text"),
                              line, source->file_name);
              goto out;
            }
          if (!parse (&p, converted->str, converted->len, error))
            {
              ok = p.stopped;
              goto out;
            }
        }
      else if (!parse (&p, (const char *) data, len, error))
        {
          ok = p.stopped;
          goto out;
        }

      if (progress && !cube_sheet_progress_update (progress, consumed, error))
        goto out;
    }

  if (p.state == QUOTED)
    {
      g_autofree char *col = cube_sheet_column_name (p.column);
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("Line %" PRIu64 ", column %s: a quoted field is never closed"),
                      p.record_line, col);
      goto out;
    }
  if (p.state != FIELD_START || p.column > 0)
    {
      if (!end_record (&p, error))
        {
          ok = p.stopped;
          goto out;
        }
    }
  ok = TRUE;

out:
  cube_row_buf_clear (&p.row);
  g_string_free (p.field, TRUE);
  return ok;
}
