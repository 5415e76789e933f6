/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the .ods reader. An input starting with "PK" is a
 * whole file; any other is content.xml, stored in a zip with a mimetype. */
#include "fuzz-common.h"

static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = NULL;

  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    bytes = g_bytes_new (data, size);
  else
    {
      const char *names[2] = { "mimetype", "content.xml" };
      const char *parts[2] = { mimetype, (const char *) data };
      gsize lens[2] = { strlen (mimetype), size };

      bytes = fuzz_make_zip (names, parts, lens, 2);
    }
  fuzz_read_all (bytes, "fuzz.ods");
  return 0;
}
