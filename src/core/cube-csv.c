/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "cube-csv.h"

static gboolean
needs_quotes (const char *value,
              char        separator)
{
  gsize len = strlen (value);

  if (len == 0)
    return FALSE;
  return strchr (value, separator) != NULL || strpbrk (value, "\"\r\n") != NULL
         || value[0] == ' ' || value[0] == '\t' || value[len - 1] == ' ' || value[len - 1] == '\t';
}

void
cube_csv_append_row (GString             *line,
                     const char * const  *fields,
                     guint                n_fields,
                     CubeCsvFlags         flags)
{
  char separator = (flags & CUBE_CSV_SEMICOLON) ? ';' : ',';

  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = fields[i] ? fields[i] : "";

      if (i > 0)
        g_string_append_c (line, separator);
      if (!needs_quotes (value, separator))
        {
          g_string_append (line, value);
          continue;
        }
      g_string_append_c (line, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  g_string_append (line, "\r\n");
}

gboolean
cube_csv_flush (GString        *line,
                GOutputStream  *out,
                GCancellable   *cancellable,
                GError        **error)
{
  gboolean ok = g_output_stream_write_all (out, line->str, line->len, NULL, cancellable, error);

  g_string_truncate (line, 0);
  return ok;
}
