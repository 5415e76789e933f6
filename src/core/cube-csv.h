/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How an exported CSV file is written. */
typedef enum {
  CUBE_CSV_DEFAULT   = 0,       /* comma-separated, CRLF line ends (RFC 4180) */
  CUBE_CSV_BOM       = 1 << 0,  /* starts with a UTF-8 byte order mark, for Excel */
  CUBE_CSV_SEMICOLON = 1 << 1,  /* ";" between fields, as Excel in Norway expects */
} CubeCsvFlags;

/* Appends one row of @n_fields fields (NULL is empty) and a CRLF to @line,
 * quoting a field when it holds the separator, a quote, a line break or
 * leading or trailing spaces. */
void      cube_csv_append_row (GString             *line,
                               const char * const  *fields,
                               guint                n_fields,
                               CubeCsvFlags         flags);

/* Writes @line to @out and empties it. */
gboolean  cube_csv_flush      (GString             *line,
                               GOutputStream       *out,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
