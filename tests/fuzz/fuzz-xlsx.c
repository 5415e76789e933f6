/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the .xlsx reader. An input starting with "PK" is a
 * whole file; any other is sheet1.xml [\n@@@\n sharedStrings.xml
 * [\n@@@\n styles.xml [\n@@@\n workbook.xml]]], stored in a zip with the
 * rest of a minimal workbook. */
#include "fuzz-common.h"

static const char content_types[] =
  "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char workbook[] =
  "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr/>"
  "<sheets><sheet name=\"Ark1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
  "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
  "Target=\"worksheets/sheet1.xml\"/></Relationships>";

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = NULL;

  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    bytes = g_bytes_new (data, size);
  else
    {
      const char *split[4];
      gsize split_lens[4];
      guint n = fuzz_split (data, size, split, split_lens, 4);
      const char *names[7] = { "[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                               "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml" };
      const char *parts[7] = { content_types, n > 3 ? split[3] : workbook, rels, split[0],
                               n > 1 ? split[1] : "", n > 2 ? split[2] : "" };
      gsize lens[7] = { strlen (content_types), n > 3 ? split_lens[3] : strlen (workbook), strlen (rels),
                        split_lens[0], n > 1 ? split_lens[1] : 0, n > 2 ? split_lens[2] : 0 };

      bytes = fuzz_make_zip (names, parts, lens, n > 2 ? 6 : n > 1 ? 5 : 4);
    }
  fuzz_read_all (bytes, "fuzz.xlsx");
  return 0;
}
