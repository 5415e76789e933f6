/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memmem */
#endif

/* Shared by the libFuzzer targets (build-aux/fuzz.sh builds them with clang). */

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "import/cube-import.h"

/* A stored (uncompressed) zip of @n entries named @names holding @parts, so
 * the fuzzer mutates the XML itself rather than deflate streams. */
static GBytes *
fuzz_make_zip (const char * const *names,
               const char * const *parts,
               const gsize        *lens,
               guint               n)
{
  struct archive *a = archive_write_new ();
  gsize size = 64 * 1024;
  gsize used = 0;
  char *buf;

  for (guint i = 0; i < n; i++)
    size += lens[i] + 512;
  buf = g_malloc (size);
  archive_write_set_format_zip (a);
  archive_write_set_format_option (a, "zip", "compression", "store");
  archive_write_open_memory (a, buf, size, &used);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      archive_entry_set_pathname (entry, names[i]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, lens[i]);
      archive_write_header (a, entry);
      archive_write_data (a, parts[i], lens[i]);
      archive_entry_free (entry);
    }
  archive_write_close (a);
  archive_write_free (a);
  return g_bytes_new_take (buf, used);
}

static gboolean
fuzz_row_cb (const CubeSheetRow *row,
             gpointer            user_data,
             GError            **error)
{
  CubeImportMapping **mapping = user_data;

  if (row->n_cells > CUBE_SHEET_MAX_COLUMNS)
    abort ();
  for (guint i = 0; i < row->n_cells; i++)
    if (row->cells[i] == NULL || !g_utf8_validate (row->cells[i], -1, NULL) ||
        strlen (row->cells[i]) > CUBE_SHEET_MAX_CELL_BYTES)
      abort ();
  if (*mapping == NULL)
    {
      *mapping = cube_import_guess_mapping (row, NULL);
      g_free (cube_import_mapping_to_string (*mapping));
    }
  else
    cube_import_mapping_check_row (*mapping, row, NULL);
  return TRUE;
}

/* Opens @bytes and reads every sheet; errors are fine, crashes are not. */
static void
fuzz_read_all (GBytes     *bytes,
               const char *file_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  reader = cube_sheet_reader_open_bytes (bytes, file_name, &error);
  if (reader == NULL)
    {
      if (error == NULL || error->message == NULL || error->message[0] == '\0')
        abort ();
      return;
    }
  for (guint i = 0; i < cube_sheet_reader_get_n_sheets (reader) && i < 8; i++)
    {
      g_autoptr(CubeImportMapping) mapping = NULL;
      g_autoptr(GError) read_error = NULL;

      if (!g_utf8_validate (cube_sheet_reader_get_sheet_name (reader, i), -1, NULL))
        abort ();
      if (!cube_sheet_reader_read (reader, i, fuzz_row_cb, &mapping, NULL, &read_error) &&
          (read_error == NULL || read_error->message[0] == '\0'))
        abort ();
    }
}

/* Splits @data at "\n@@@\n" into up to @max parts. */
static guint
fuzz_split (const guint8 *data,
            gsize         size,
            const char  **parts,
            gsize        *lens,
            guint         max)
{
  const char *p = (const char *) data;
  const char *end = p + size;
  guint n = 0;

  while (n < max - 1)
    {
      const char *sep = memmem (p, end - p, "\n@@@\n", 5);
      if (sep == NULL)
        break;
      parts[n] = p;
      lens[n] = sep - p;
      n++;
      p = sep + 5;
    }
  parts[n] = p;
  lens[n] = end - p;
  return n + 1;
}
