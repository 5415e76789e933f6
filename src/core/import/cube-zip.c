/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The zip container of .xlsx and .ods, read with libarchive one entry at a
 * time, with the limits that keep a zip bomb from filling memory or time:
 * an absolute size per entry and a ratio of inflated to compressed bytes. */

#include <glib/gi18n-lib.h>
#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "cube-sheet-reader-private.h"

#define BLOCK_SIZE (128 * 1024)

static void
set_archive_error (GError         **error,
                   CubeSheetSource *source,
                   struct archive  *a)
{
  const char *detail = archive_error_string (a);

  cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                  _("“%s” is a damaged or truncated zip archive (%s)"),
                  source->file_name, detail ? detail : _("unknown error"));
}

static struct archive *
open_archive (CubeSheetSource *source,
              GError         **error)
{
  struct archive *a = archive_read_new ();
  int r;

  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (source->path)
    r = archive_read_open_filename (a, source->path, BLOCK_SIZE);
  else
    {
      gsize len;
      const void *data = g_bytes_get_data (source->bytes, &len);
      r = archive_read_open_memory (a, data, len);
    }
  if (r != ARCHIVE_OK)
    {
      set_archive_error (error, source, a);
      archive_read_free (a);
      return NULL;
    }
  return a;
}

/* Positions @a at entry @name. Returns 1 when found, 0 when absent, -1 on error. */
static int
seek_entry (struct archive        *a,
            CubeSheetSource       *source,
            const char            *name,
            struct archive_entry **entry,
            GError               **error)
{
  for (;;)
    {
      int r = archive_read_next_header (a, entry);

      if (r == ARCHIVE_EOF)
        return 0;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_archive_error (error, source, a);
          return -1;
        }
      if (g_strcmp0 (archive_entry_pathname (*entry), name) == 0)
        return 1;
      /* Data is skipped, not inflated. */
    }
}

GPtrArray *
cube_zip_list (CubeSheetSource *source,
               GError         **error)
{
  struct archive *a = open_archive (source, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct archive_entry *entry;

  if (a == NULL)
    return NULL;
  for (;;)
    {
      int r = archive_read_next_header (a, &entry);

      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_archive_error (error, source, a);
          archive_read_free (a);
          return NULL;
        }
      if (archive_entry_pathname (entry))
        g_ptr_array_add (names, g_strdup (archive_entry_pathname (entry)));
      if (names->len > 100000)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” has too many entries to be a spreadsheet"), source->file_name);
          archive_read_free (a);
          return NULL;
        }
    }
  archive_read_free (a);
  return g_steal_pointer (&names);
}

typedef gboolean (*ChunkFunc) (const char *data,
                               gsize       len,
                               gpointer    user_data,
                               GError    **error);

/* Inflates entry @name block by block into @func, enforcing the limits. */
static gboolean
stream_entry (CubeSheetSource   *source,
              const char        *name,
              guint64            max_bytes,
              ChunkFunc          func,
              gpointer           user_data,
              CubeSheetProgress *progress,
              gboolean          *found,
              GError           **error)
{
  struct archive *a = open_archive (source, error);
  struct archive_entry *entry;
  guint64 inflated = 0;
  la_int64_t start;
  int r;

  if (found)
    *found = FALSE;
  if (a == NULL)
    return FALSE;

  r = seek_entry (a, source, name, &entry, error);
  if (r <= 0)
    {
      archive_read_free (a);
      if (r == 0 && found == NULL)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” lacks the part %s"), source->file_name, name);
          return FALSE;
        }
      return r == 0;
    }
  if (found)
    *found = TRUE;

  if (archive_entry_size_is_set (entry) && (guint64) archive_entry_size (entry) > max_bytes)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      _("“%s” is refused: its part %s would inflate to more than %" G_GUINT64_FORMAT
                        " MiB (a zip bomb?)"),
                      source->file_name, name, max_bytes >> 20);
      archive_read_free (a);
      return FALSE;
    }

  start = archive_filter_bytes (a, -1);
  for (;;)
    {
      const void *buf;
      size_t size;
      la_int64_t offset;
      guint64 compressed;

      r = archive_read_data_block (a, &buf, &size, &offset);
      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          set_archive_error (error, source, a);
          archive_read_free (a);
          return FALSE;
        }
      inflated += size;
      compressed = MAX (archive_filter_bytes (a, -1) - start, 1);
      if (inflated > max_bytes ||
          (inflated > CUBE_SHEET_RATIO_GRACE_BYTES && inflated / compressed > CUBE_SHEET_MAX_RATIO))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          inflated > max_bytes
                          ? _("“%s” is refused: its part %s inflates to more than %" G_GUINT64_FORMAT
                              " MiB (a zip bomb?)")
                          : _("“%s” is refused: its part %s inflates more than %" G_GUINT64_FORMAT
                              " times its compressed size (a zip bomb?)"),
                          source->file_name, name,
                          inflated > max_bytes ? max_bytes >> 20 : (guint64) CUBE_SHEET_MAX_RATIO);
          archive_read_free (a);
          return FALSE;
        }
      if (progress && !cube_sheet_progress_update (progress, archive_filter_bytes (a, -1), error))
        {
          archive_read_free (a);
          return FALSE;
        }
      if (size > 0 && !func (buf, size, user_data, error))
        {
          archive_read_free (a);
          return FALSE;
        }
    }
  archive_read_free (a);
  return TRUE;
}

typedef struct {
  CubeXmlPass     *pass;
  CubeSheetSource *source;
  const char      *name;
} ParseState;

static gboolean
pass_failed (CubeXmlPass *pass,
             const char  *name,
             GError     **error)
{
  if (pass->error)
    {
      g_propagate_error (error, g_steal_pointer (&pass->error));
      return TRUE;
    }
  if (pass->done)
    return FALSE;
  if (pass->xml_error)
    {
      g_strdelimit (pass->xml_error, "\r\n\t", ' ');
      if (pass->row > 0)
        cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                        _("Row %" G_GUINT64_FORMAT ": “%s” is damaged: %s is not well-formed XML "
                          "(line %d: %s)"),
                        pass->row, pass->file_name, name, pass->xml_error_line, pass->xml_error);
      else
        cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                        _("“%s” is damaged: %s is not well-formed XML (line %d: %s)"),
                        pass->file_name, name, pass->xml_error_line, pass->xml_error);
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_chunk_cb (const char *data,
                gsize       len,
                gpointer    user_data,
                GError    **error)
{
  ParseState *state = user_data;
  CubeXmlPass *pass = state->pass;

  while (len > 0)
    {
      int piece = (int) MIN (len, (gsize) (1 << 20));

      xmlParseChunk (pass->ctxt, data, piece, 0);
      if (pass_failed (pass, state->name, error))
        return FALSE;
      if (pass->done)
        return FALSE;  /* stop inflating; no error */
      if (pass->ctxt->wellFormed == 0 && pass->xml_error == NULL)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” is damaged: %s is not well-formed XML"),
                          pass->file_name, state->name);
          return FALSE;
        }
      data += piece;
      len -= piece;
    }
  return TRUE;
}

gboolean
cube_zip_parse_entry (CubeSheetSource   *source,
                      const char        *name,
                      guint64            max_bytes,
                      xmlSAXHandler     *sax,
                      CubeXmlPass       *pass,
                      CubeSheetProgress *progress,
                      gboolean          *found,
                      GError           **error)
{
  ParseState state = { pass, source, name };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  pass->part = name;
  pass->file_name = source->file_name;
  pass->ctxt = xmlCreatePushParserCtxt (sax, pass, NULL, 0, name);
  if (pass->ctxt == NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("Out of memory reading “%s”"),
                      source->file_name);
      return FALSE;
    }
  xmlCtxtUseOptions (pass->ctxt, CUBE_SHEET_XML_OPTIONS);

  ok = stream_entry (source, name, max_bytes, parse_chunk_cb, &state, progress, found, &local_error);
  if (ok && (found == NULL || *found) && !pass->done)
    {
      xmlParseChunk (pass->ctxt, NULL, 0, 1);
      if (pass_failed (pass, name, &local_error))
        ok = FALSE;
      else if (pass->ctxt->wellFormed == 0 && !pass->done)
        {
          cube_set_error (&local_error, CUBE_ERROR_VALIDATION, NULL,
                          _("“%s” is damaged: %s is not well-formed XML"), source->file_name, name);
          ok = FALSE;
        }
    }
  if (!ok && local_error == NULL && pass->done)
    ok = TRUE;  /* a handler stopped early on purpose */

  if (pass->ctxt->myDoc)
    xmlFreeDoc (pass->ctxt->myDoc);
  xmlFreeParserCtxt (pass->ctxt);
  pass->ctxt = NULL;
  g_clear_pointer (&pass->xml_error, g_free);
  g_clear_error (&pass->error);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
append_cb (const char *data,
           gsize       len,
           gpointer    user_data,
           GError    **error)
{
  g_byte_array_append (user_data, (const guint8 *) data, len);
  return TRUE;
}

GBytes *
cube_zip_read_small (CubeSheetSource *source,
                     const char      *name,
                     gsize            max_bytes,
                     GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  gboolean found;

  if (!stream_entry (source, name, max_bytes, append_cb, data, NULL, &found, error))
    return NULL;
  if (!found)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
