/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The zip container of .xlsx and .ods, read with libarchive one entry at a
 * time, with the limits that keep a zip bomb from filling memory or time:
 * an absolute size per entry and a ratio of inflated to compressed bytes. */

#include <inttypes.h>
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

/* One entry being inflated, with the limits. */
typedef struct {
  struct archive  *a;
  CubeSheetSource *source;
  const char      *name;
  guint64          max_bytes;
  guint64          inflated;
  la_int64_t       start;
} Inflater;

/* The next block of inflated data: 1 with data, 0 at the end, -1 on error. */
static int
inflate_block (Inflater    *inf,
               const void **buf,
               gsize       *size,
               GError     **error)
{
  la_int64_t offset;
  guint64 compressed;
  size_t n;
  int r = archive_read_data_block (inf->a, buf, &n, &offset);

  if (r == ARCHIVE_EOF)
    return 0;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    {
      set_archive_error (error, inf->source, inf->a);
      return -1;
    }
  *size = n;
  inf->inflated += n;
  compressed = MAX (archive_filter_bytes (inf->a, -1) - inf->start, 1);
  if (inf->inflated > inf->max_bytes ||
      (inf->inflated > CUBE_SHEET_RATIO_GRACE_BYTES && inf->inflated / compressed > CUBE_SHEET_MAX_RATIO))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                      inf->inflated > inf->max_bytes
                      ? _("“%s” is refused: its part %s inflates to more than %" PRIu64
                          " MiB (a zip bomb?)")
                      : _("“%s” is refused: its part %s inflates more than %" PRIu64
                          " times its compressed size (a zip bomb?)"),
                      inf->source->file_name, inf->name,
                      inf->inflated > inf->max_bytes ? inf->max_bytes >> 20 : (guint64) CUBE_SHEET_MAX_RATIO);
      return -1;
    }
  return 1;
}

/* Big entries inflate in a second thread while this one parses: a few
 * blocks travel between them, so memory stays bounded. */
#define THREAD_MIN_BYTES (16 << 20)
#define N_BUFFERS        4

typedef struct {
  GByteArray *data;   /* NULL for the end marker */
  guint64     input;  /* compressed bytes read so far */
  GError     *error;  /* end marker of a failed inflate */
} Block;

typedef struct {
  Inflater     inf;
  GAsyncQueue *full;
  GAsyncQueue *empty;
  gint         stop;
} Pipe;

static gpointer
inflate_thread (gpointer user_data)
{
  Pipe *pipe = user_data;

  for (;;)
    {
      Block *block;
      const void *buf;
      gsize size = 0;
      GError *error = NULL;
      int r;

      if (g_atomic_int_get (&pipe->stop))
        r = 0;
      else
        r = inflate_block (&pipe->inf, &buf, &size, &error);
      if (r <= 0)
        {
          block = g_new0 (Block, 1);
          block->error = error;
          g_async_queue_push (pipe->full, block);
          return NULL;
        }
      if (size == 0)
        continue;
      block = g_async_queue_pop (pipe->empty);
      g_byte_array_set_size (block->data, 0);
      g_byte_array_append (block->data, buf, size);
      block->input = archive_filter_bytes (pipe->inf.a, -1);
      g_async_queue_push (pipe->full, block);
    }
}

static void
block_free (gpointer data)
{
  Block *block = data;

  if (block->data)
    g_byte_array_unref (block->data);
  g_clear_error (&block->error);
  g_free (block);
}

static gboolean
stream_threaded (Inflater          *inf,
                 ChunkFunc          func,
                 gpointer           user_data,
                 CubeSheetProgress *progress,
                 GError           **error)
{
  Pipe pipe = { 0 };
  GThread *thread;
  gboolean ok = TRUE;

  pipe.inf = *inf;
  pipe.full = g_async_queue_new ();
  pipe.empty = g_async_queue_new ();
  for (int i = 0; i < N_BUFFERS; i++)
    {
      Block *block = g_new0 (Block, 1);
      block->data = g_byte_array_sized_new (256 * 1024);
      g_async_queue_push (pipe.empty, block);
    }
  thread = g_thread_new ("cube-inflate", inflate_thread, &pipe);

  for (;;)
    {
      Block *block = g_async_queue_pop (pipe.full);

      if (block->data == NULL)
        {
          if (block->error && ok)
            {
              g_propagate_error (error, g_steal_pointer (&block->error));
              ok = FALSE;
            }
          block_free (block);
          break;
        }
      if (ok && progress && !cube_sheet_progress_update (progress, block->input, error))
        ok = FALSE;
      if (ok && !func ((const char *) block->data->data, block->data->len, user_data, error))
        ok = FALSE;
      if (!ok)
        g_atomic_int_set (&pipe.stop, 1);
      g_async_queue_push (pipe.empty, block);  /* keeps the inflater going until it sees stop */
    }

  g_thread_join (thread);
  g_async_queue_unref (pipe.full);
  while (g_async_queue_length (pipe.empty) > 0)
    block_free (g_async_queue_pop (pipe.empty));
  g_async_queue_unref (pipe.empty);
  return ok;
}

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
  Inflater inf = { 0 };
  gboolean ok = TRUE;
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
                      _("“%s” is refused: its part %s would inflate to more than %" PRIu64
                        " MiB (a zip bomb?)"),
                      source->file_name, name, max_bytes >> 20);
      archive_read_free (a);
      return FALSE;
    }

  inf.a = a;
  inf.source = source;
  inf.name = name;
  inf.max_bytes = max_bytes;
  inf.start = archive_filter_bytes (a, -1);

  if (archive_entry_size_is_set (entry) && archive_entry_size (entry) >= THREAD_MIN_BYTES)
    ok = stream_threaded (&inf, func, user_data, progress, error);
  else
    for (;;)
      {
        const void *buf;
        gsize size = 0;

        r = inflate_block (&inf, &buf, &size, error);
        if (r <= 0)
          {
            ok = r == 0;
            break;
          }
        if (progress && !cube_sheet_progress_update (progress, archive_filter_bytes (a, -1), error))
          {
            ok = FALSE;
            break;
          }
        if (size > 0 && !func (buf, size, user_data, error))
          {
            ok = FALSE;
            break;
          }
      }
  archive_read_free (a);
  return ok;
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
                        _("Row %" PRIu64 ": “%s” is damaged: %s is not well-formed XML "
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
