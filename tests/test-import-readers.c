/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The spreadsheet readers and the column mapping of src/core/import/, on
 * files made by LibreOffice, openpyxl and libxlsxwriter
 * (tests/fixtures/make-fixtures.sh) and on the bad inputs beside them:
 * every cell a user relies on is checked value by value, every refusal by
 * its message. */

#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cube-core.h"
#include "import/cube-import.h"

#ifndef CUBE_FIXTURES_DIR
#error "CUBE_FIXTURES_DIR must be defined"
#endif

static char *
fixture (const char *name)
{
  return g_build_filename (CUBE_FIXTURES_DIR, name, NULL);
}

static CubeSheetReader *
open_fixture (const char *name)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  CubeSheetReader *reader = cube_sheet_reader_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

/* Opens @name expecting an error whose message contains each of @parts. */
static void
assert_open_fails (const char *name,
                   ...)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = cube_sheet_reader_open (path, &error);
  va_list args;
  const char *part;

  g_assert_null (reader);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  va_start (args, name);
  while ((part = va_arg (args, const char *)) != NULL)
    {
      if (strstr (error->message, part) == NULL)
        g_error ("“%s” lacks “%s”", error->message, part);
    }
  va_end (args);
}

static gboolean
collect_cb (const CubeSheetRow *row,
            gpointer            user_data,
            GError            **error)
{
  g_ptr_array_add (user_data, cube_sheet_row_copy (row));
  return TRUE;
}

/* All rows of sheet @sheet; NULL with @error on failure (rows read so far in *@partial). */
static GPtrArray *
read_rows (CubeSheetReader *reader,
           guint            sheet,
           GPtrArray      **partial,
           GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_sheet_row_free);

  if (!cube_sheet_reader_read (reader, sheet, collect_cb, rows, NULL, error))
    {
      if (partial)
        *partial = g_steal_pointer (&rows);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static GPtrArray *
read_ok (CubeSheetReader *reader,
         guint            sheet)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = read_rows (reader, sheet, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

/* Checks row @index: its number and exactly the cells given (NULL-terminated). */
static void
assert_row (GPtrArray *rows,
            guint      index,
            guint64    number,
            ...)
{
  CubeSheetRow *row;
  va_list args;
  const char *cell;
  guint n = 0;

  g_assert_cmpuint (index, <, rows->len);
  row = g_ptr_array_index (rows, index);
  g_assert_cmpuint (row->number, ==, number);
  va_start (args, number);
  while ((cell = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (n, <, row->n_cells);
      g_assert_cmpstr (row->cells[n], ==, cell);
      n++;
    }
  va_end (args);
  g_assert_cmpuint (row->n_cells, ==, n);
}

/* ---- LibreOffice ---- */

/* The same sheet through the three LibreOffice outputs gives the same cells. */
static void
check_lo_rows (GPtrArray *rows)
{
  g_assert_cmpuint (rows->len, ==, 4);
  /* Telefon is merged over D:E: the value is in D only. */
  assert_row (rows, 0, 1, "Kundeid", "Navn", "E-post", "Telefon", "", "Fødselsdato", "Kundetype",
              "Notat", "Sum", "Kundenr", NULL);
  /* Text "00012" stays as it is, a number formatted 000000 keeps its zeros,
   * a formula gives its cached value, paragraphs and text:s survive. */
  assert_row (rows, 1, 2, "00012", "Åse Ødegård", "ase@example.no", "912 34 567", "98765432",
              "1985-03-01", "Privat", "Linje 1\nLinje   2", "3", "000012", NULL);
  assert_row (rows, 2, 3, "00013", "Bjørn Æsæ", "", "+47 22 33 44 55", "", "2000-02-29", "Bedrift",
              "", "ab", NULL);
  /* Row 4 is empty and skipped; numbers, booleans and date-times. */
  assert_row (rows, 3, 5, "1000", "Per", "TRUE", "2.5", "", "2024-03-01 13:45", NULL);
}

static void
test_lo_xlsx (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo.xlsx");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) other = NULL;

  g_assert_cmpint (cube_sheet_reader_get_format (reader), ==, CUBE_SHEET_FORMAT_XLSX);
  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 3);
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 0), ==, "Kunder");
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 1), ==, "Tom");
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 2), ==, "Andre ark");
  g_assert_false (cube_sheet_reader_get_sheet_empty (reader, 0));
  g_assert_true (cube_sheet_reader_get_sheet_empty (reader, 1));
  g_assert_false (cube_sheet_reader_get_sheet_empty (reader, 2));
  g_assert_cmpint (cube_sheet_reader_find_sheet (reader, "Andre ark"), ==, 2);
  g_assert_cmpint (cube_sheet_reader_find_sheet (reader, "Finnes ikke"), ==, -1);

  rows = read_ok (reader, 0);
  check_lo_rows (rows);
  other = read_ok (reader, 2);
  g_assert_cmpuint (other->len, ==, 1);
  assert_row (other, 0, 1, "x", "", "z", NULL);
}

static void
test_lo_xlsx_1904 (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo-1904.xlsx");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  /* Same dates although the serial numbers differ by 1462 days. */
  check_lo_rows (rows);
}

static void
test_lo_ods (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo.ods");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  g_assert_cmpint (cube_sheet_reader_get_format (reader), ==, CUBE_SHEET_FORMAT_ODS);
  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 3);
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 2), ==, "Andre ark");
  g_assert_false (cube_sheet_reader_get_sheet_empty (reader, 0));
  g_assert_true (cube_sheet_reader_get_sheet_empty (reader, 1));

  rows = read_ok (reader, 0);
  check_lo_rows (rows);
  empty = read_ok (reader, 1);
  g_assert_cmpuint (empty->len, ==, 0);
  other = read_ok (reader, 2);
  assert_row (other, 0, 1, "x", "", "z", NULL);
}

/* ---- libxlsxwriter ---- */

static void
check_xlsxwriter (const char *name)
{
  g_autoptr(CubeSheetReader) reader = open_fixture (name);
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);
  g_autoptr(GPtrArray) other = read_ok (reader, 1);

  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 2);
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 1), ==, "Ark2");
  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, 1, "Kundenummer", "Fullt navn", "Epost", "Telefon", "", "Fødselsdato", "Sum",
              "Nummer", NULL);
  /* 42 in the format "00000" shows as 00042. */
  assert_row (rows, 1, 2, "00012", "Åse Ødegård", "ase@example.no", "912 34 567", "98765432",
              "1985-03-01", "3", "00042", NULL);
  /* Serial 59 is 1900-02-28, the day before Excel's phantom 29 February. */
  assert_row (rows, 2, 4, "00013", "Bjørn Æsæ", "TRUE", "", "0.1", "1900-02-28", "ab", NULL);
  assert_row (rows, 3, 5, "00014", "", "", "", "", "2024-03-01 13:45", NULL);
  assert_row (other, 0, 1, "andre", NULL);
}

static void
test_xlsxwriter_shared_strings (void)
{
  check_xlsxwriter ("xlsxwriter.xlsx");
}

static void
test_xlsxwriter_constant_memory (void)
{
  /* Inline strings, no sharedStrings.xml. */
  check_xlsxwriter ("xlsxwriter-cm.xlsx");
}

/* ---- openpyxl ---- */

static void
check_openpyxl (const char *name)
{
  g_autoptr(CubeSheetReader) reader = open_fixture (name);
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, 1, "Customer ID", "Name", "Email", "Phone", "Mobil", "Tlf", "Region", "Dato", NULL);
  assert_row (rows, 1, 2, "00012", "Åse Ødegård", "ase@example.no", "912 34 567", "98765432",
              "22 33 44 55", "Vest", "1985-03-01", NULL);
  assert_row (rows, 2, 4, "00013", "Bjørn Æsæ", "", "", "", "", "Nord", "2024-03-01 13:45", NULL);
  /* openpyxl stores no cached value for =1+2: the cell is empty. */
  assert_row (rows, 3, 5, "12", "tall", "TRUE", "3.25", "", "", "", "1900-03-01", NULL);
}

static void
test_openpyxl (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("openpyxl.xlsx");

  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 2);
  g_assert_true (cube_sheet_reader_get_sheet_empty (reader, 1));
  check_openpyxl ("openpyxl.xlsx");
}

static void
test_openpyxl_write_only (void)
{
  check_openpyxl ("openpyxl-writeonly.xlsx");
}

static void
test_openpyxl_1904 (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("openpyxl-1904.xlsx");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 1, 2, "1", "2024-03-01", NULL);
  assert_row (rows, 2, 3, "2", "1904-01-02", NULL);
}

static void
test_xlsx_without_references (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("no-refs.xlsx");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  /* No r on rows or cells: positions follow; an r="D2" in between jumps. */
  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 1, "a", "b", NULL);
  assert_row (rows, 1, 2, "1", "", "", "d", "5", NULL);
}

/* ---- CSV ---- */

static void
check_csv (const char *name,
           char        delimiter,
           gboolean    windows_1252,
           guint64     first_line)
{
  g_autoptr(CubeSheetReader) reader = open_fixture (name);
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpint (cube_sheet_reader_get_format (reader), ==, CUBE_SHEET_FORMAT_CSV);
  g_assert_cmpint (cube_sheet_reader_get_delimiter (reader), ==, delimiter);
  g_assert_cmpint (cube_sheet_reader_get_windows_1252 (reader), ==, windows_1252);
  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 1);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, first_line, "Kundeid", "Navn", "E-post", "Telefon", NULL);
  assert_row (rows, 1, first_line + 1, "00012", "Åse Ødegård", "ase@example.no", "912 34 567", NULL);
  assert_row (rows, 2, first_line + 2, "00013", "Bjørn Æsæ", "", "+47 22 33 44 55", NULL);
}

static void
test_csv_utf8_bom_comma (void)
{
  check_csv ("utf8-bom-comma.csv", ',', FALSE, 1);
}

static void
test_csv_utf8_semicolon (void)
{
  check_csv ("utf8-semicolon.csv", ';', FALSE, 1);
}

static void
test_csv_cp1252_semicolon (void)
{
  check_csv ("cp1252-semicolon.csv", ';', TRUE, 1);
}

static void
test_csv_tab (void)
{
  check_csv ("tab.csv", '\t', FALSE, 1);
}

static void
test_csv_sep_line (void)
{
  /* Excel's "sep=;" first line sets the delimiter and is not a row. */
  check_csv ("sep-line.csv", ';', FALSE, 2);
}

static void
test_csv_title_line (void)
{
  /* A title on its own line above the header (no delimiter on it) must not
   * decide the delimiter: the rows below are semicolon-separated. */
  static const char text[] = "Kundeliste høsten 2026\r\nKundeid;Navn;E-post\r\n"
                             "1;Åse Ødegård;ase@example.no\r\n2;Bjørn, Æsæ;bjorn@example.no\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = cube_sheet_reader_open_bytes (bytes, "title.csv", &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cube_sheet_reader_get_delimiter (reader), ==, ';');
  rows = read_ok (reader, 0);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, 1, "Kundeliste høsten 2026", NULL);
  assert_row (rows, 1, 2, "Kundeid", "Navn", "E-post", NULL);
  assert_row (rows, 3, 4, "2", "Bjørn, Æsæ", "bjorn@example.no", NULL);
}

static void
test_csv_libreoffice_cp1252 (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo-cp1252-semicolon.csv");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpint (cube_sheet_reader_get_delimiter (reader), ==, ';');
  g_assert_true (cube_sheet_reader_get_windows_1252 (reader));
  g_assert_cmpuint (rows->len, ==, 4);
  /* A quoted two-line cell: the next record starts two lines further down. */
  assert_row (rows, 1, 2, "00012", "Åse Ødegård", "ase@example.no", "912 34 567", "98765432",
              "01.03.1985", "Privat", "Linje 1\nLinje   2", "3", "000012", NULL);
  assert_row (rows, 2, 4, "00013", "Bjørn Æsæ", "", "+47 22 33 44 55", "", "29.02.2000", "Bedrift",
              "", "ab", NULL);
  assert_row (rows, 3, 6, "1000", "Per", "TRUE", "2.5", "", "01.03.2024 13:45", NULL);
}

static void
test_csv_quoted (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("quoted.csv");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpint (cube_sheet_reader_get_delimiter (reader), ==, ',');
  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, 1, "Kundeid", "Navn", "Notat", NULL);
  assert_row (rows, 1, 2, "1", "Hansen, Kari", "Sier \"hei\"\nog ring etter 16", NULL);
  assert_row (rows, 2, 5, "2", "Ola \"Nordmann\"", ";semi;kolon;", NULL);
  assert_row (rows, 3, 6, "3", "Per", "slutt", NULL);
}

static void
test_csv_ragged (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("ragged.csv");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);
  g_autoptr(CubeImportMapping) mapping = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (rows->len, ==, 5);
  assert_row (rows, 0, 1, "Kundeid", "Navn", NULL);
  assert_row (rows, 1, 2, "1", "Ola", NULL);
  assert_row (rows, 2, 3, "2", "Kari", "ekstra", "mer", NULL);
  assert_row (rows, 3, 4, "3", NULL);
  /* ";;;" on line 5 is empty and skipped; trailing empty fields are dropped. */
  assert_row (rows, 4, 6, "4", "Per", NULL);

  /* The row with more values than the header is reported, with its number. */
  mapping = cube_import_guess_mapping (g_ptr_array_index (rows, 0), NULL);
  g_assert_true (cube_import_mapping_check_row (mapping, g_ptr_array_index (rows, 1), &error));
  g_assert_no_error (error);
  g_assert_true (cube_import_mapping_check_row (mapping, g_ptr_array_index (rows, 3), &error));
  g_assert_no_error (error);
  g_assert_false (cube_import_mapping_check_row (mapping, g_ptr_array_index (rows, 2), &error));
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Row 3"));
  g_assert_nonnull (strstr (error->message, "column C"));
}

static void
test_csv_invalid_utf8 (void)
{
  /* UTF-8 with æøå, then a byte that is no UTF-8: not silently 1252. */
  assert_open_fails ("invalid-utf8.csv", "Line 3", "not valid UTF-8", NULL);
  /* 0x81 is neither UTF-8 nor a Windows-1252 character. */
  assert_open_fails ("not-1252.csv", "Line 3", "neither UTF-8 nor Windows-1252", NULL);
}

static void
test_csv_unclosed_quote (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("unclosed-quote.csv");
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (reader, 0, &partial, &error);

  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Line 3, column B: a quoted field is never closed");
  g_assert_cmpuint (partial->len, ==, 2);
}

/* Writes @contents to a new file @name in a new temporary directory. */
static char *
write_temp (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_csv_big_cell (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cube-import-XXXXXX", NULL);
  g_autoptr(GString) text = g_string_new ("Kundeid;Notat\n1;kort\n2;\"");
  g_autofree char *path = NULL;
  g_autoptr(CubeSheetReader) reader = NULL;
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  for (int i = 0; i < (3 << 20) / 8; i++)
    g_string_append (text, "abcdefgh");  /* 3 MiB inside an open quote */
  g_string_append (text, "\"\n3;etter\n");
  path = write_temp (dir, "big.csv", text->str, text->len);

  reader = cube_sheet_reader_open (path, &error);
  g_assert_no_error (error);
  rows = read_rows (reader, 0, &partial, &error);
  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "Line 3, column B"));
  g_assert_nonnull (strstr (error->message, "longer than 1 MiB"));
  g_assert_cmpuint (partial->len, ==, 2);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_csv_from_bytes (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a\tb\n\n\"x\ty\"\tz", 12);
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = cube_sheet_reader_open_bytes (bytes, "data.txt", &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cube_sheet_reader_get_delimiter (reader), ==, '\t');
  rows = read_ok (reader, 0);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 1, "a", "b", NULL);
  assert_row (rows, 1, 3, "x\ty", "z", NULL);
}

/* ---- bad zips and XML ---- */

static void
test_extension_contradicts_content (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cube-import-XXXXXX", NULL);
  g_autofree char *xlsx = fixture ("lo.xlsx");
  g_autofree char *ods = fixture ("lo.ods");
  g_autofree char *contents = NULL;
  g_autofree char *as_csv = NULL;
  g_autofree char *as_ods = NULL;
  g_autofree char *as_xlsx = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = NULL;

  assert_open_fails ("not-really.xlsx", "“not-really.xlsx” is not an Excel workbook", NULL);
  assert_open_fails ("not-a-sheet.xlsx", "is a zip archive but neither", NULL);

  g_assert_true (g_file_get_contents (xlsx, &contents, &len, NULL));
  as_csv = write_temp (dir, "kunder.csv", contents, len);
  as_ods = write_temp (dir, "kunder.ods", contents, len);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (ods, &contents, &len, NULL));
  as_xlsx = write_temp (dir, "kunder.xlsx", contents, len);

  reader = cube_sheet_reader_open (as_csv, &error);
  g_assert_null (reader);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_nonnull (strstr (error->message, "rename it to .xlsx"));
  g_clear_error (&error);
  reader = cube_sheet_reader_open (as_ods, &error);
  g_assert_null (reader);
  g_assert_nonnull (strstr (error->message, "is an Excel workbook; rename it to .xlsx"));
  g_clear_error (&error);
  reader = cube_sheet_reader_open (as_xlsx, &error);
  g_assert_null (reader);
  g_assert_nonnull (strstr (error->message, "OpenDocument spreadsheet; rename it to .ods"));
  g_clear_error (&error);

  g_unlink (as_csv);
  g_unlink (as_ods);
  g_unlink (as_xlsx);
  g_rmdir (dir);
}

static void
test_truncated_zip (void)
{
  assert_open_fails ("truncated.xlsx", "“truncated.xlsx” is a damaged or truncated zip archive", NULL);
}

static void
test_zip_bomb (void)
{
  gint64 start = g_get_monotonic_time ();

  /* 200 MB of inflated sheet from 200 kB: stopped within the first MBs. */
  assert_open_fails ("bomb.xlsx", "xl/worksheets/sheet1.xml", "times its compressed size", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);
}

static void
test_doctype_refused (void)
{
  /* Neither /etc/passwd nor the URL is ever read: the DOCTYPE stops parsing. */
  assert_open_fails ("xxe-file.xlsx", "document type declaration", "xl/worksheets/sheet1.xml", NULL);
  assert_open_fails ("xxe-http.xlsx", "document type declaration", NULL);
  assert_open_fails ("xxe.ods", "document type declaration", "content.xml", NULL);
}

static void
test_big_cell_xlsx (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("big-cell.xlsx");
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (reader, 0, &partial, &error);

  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Row 2, column C: the cell is longer than 1 MiB");
  g_assert_cmpuint (partial->len, ==, 1);
}

static void
test_bad_utf8_xlsx (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("bad-utf8.xlsx");
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (reader, 0, &partial, &error);

  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_true (g_str_has_prefix (error->message, "Row 2: “bad-utf8.xlsx” is damaged"));
  g_assert_nonnull (strstr (error->message, "not well-formed XML"));
  g_assert_cmpuint (partial->len, ==, 1);
}

static void
check_trailing_empty_rows (const char *name)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CubeSheetReader) reader = open_fixture (name);
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 1, "Kundeid", NULL);
  assert_row (rows, 1, 2, "1", NULL);
  /* Bounded: a million empty rows cost a fraction of a second, not minutes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_TIME_SPAN_SECOND);
}

static void
test_trailing_empty_rows_xlsx (void)
{
  check_trailing_empty_rows ("empty-rows.xlsx");
}

static void
test_trailing_empty_rows_ods (void)
{
  check_trailing_empty_rows ("empty-rows.ods");
}

/* Every input the fuzzers ever crashed on must now open or fail cleanly. */
static void
test_regressions (void)
{
  g_autofree char *dir_path = fixture ("regress");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no regression inputs");
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CubeSheetReader) reader = cube_sheet_reader_open (path, &error);

      if (reader == NULL)
        {
          g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        for (guint i = 0; i < cube_sheet_reader_get_n_sheets (reader); i++)
          {
            g_autoptr(GPtrArray) rows = read_rows (reader, i, NULL, &error);
            if (rows == NULL)
              g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
            g_clear_error (&error);
          }
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* ---- progress, cancellation, head ---- */

typedef struct {
  guint64 last;
  guint64 total;
  guint   calls;
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last);
  g_assert_cmpuint (done, <=, total);
  p->last = done;
  p->total = total;
  p->calls++;
}

static void
test_progress (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo.ods");
  g_autoptr(GPtrArray) rows = NULL;
  Progress p = { 0 };

  cube_sheet_reader_set_progress_func (reader, progress_cb, &p, NULL);
  rows = read_ok (reader, 0);
  g_assert_cmpuint (p.calls, >, 0);
  g_assert_cmpuint (p.total, ==, cube_sheet_reader_get_file_size (reader));
  g_assert_cmpuint (p.last, ==, p.total);
}

typedef struct {
  GCancellable *cancellable;
  guint         rows;
} CancelState;

static gboolean
cancel_cb (const CubeSheetRow *row,
           gpointer            user_data,
           GError            **error)
{
  CancelState *state = user_data;

  state->rows++;
  g_cancellable_cancel (state->cancellable);
  return TRUE;
}

static void
test_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cube-import-XXXXXX", NULL);
  g_autoptr(GString) text = g_string_new ("Kundeid;Navn\n");
  g_autofree char *path = NULL;
  g_autoptr(CubeSheetReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelState state = { cancellable, 0 };

  for (int i = 0; i < 200000; i++)
    g_string_append_printf (text, "%d;Kunde %d\n", i, i);
  path = write_temp (dir, "mange.csv", text->str, text->len);
  reader = cube_sheet_reader_open (path, &error);
  g_assert_no_error (error);

  g_assert_false (cube_sheet_reader_read (reader, 0, cancel_cb, &state, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped at the end of the block it was in, long before the 200,001 rows. */
  g_assert_cmpuint (state.rows, <, 50000);

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
stop_after_two_cb (const CubeSheetRow *row,
                   gpointer            user_data,
                   GError            **error)
{
  guint *n = user_data;

  if (++*n == 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stop here");
      return FALSE;
    }
  return TRUE;
}

static void
test_callback_error (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("xlsxwriter.xlsx");
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_false (cube_sheet_reader_read (reader, 0, stop_after_two_cb, &n, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (n, ==, 2);
}

static void
test_read_head (void)
{
  g_autoptr(CubeSheetReader) reader = open_fixture ("lo.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) head = cube_sheet_reader_read_head (reader, 0, 2, NULL, &error);
  g_autoptr(GPtrArray) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (head->len, ==, 2);
  g_assert_cmpstr (cube_sheet_row_get_cell (g_ptr_array_index (head, 1), 0), ==, "00012");
  g_assert_cmpstr (cube_sheet_row_get_cell (g_ptr_array_index (head, 1), 99), ==, "");

  none = cube_sheet_reader_read_head (reader, 7, 2, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND);
}

static void
test_column_names (void)
{
  static const struct { guint column; const char *name; } cases[] = {
    { 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 27, "AB" }, { 701, "ZZ" }, { 702, "AAA" }, { 16383, "XFD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = cube_sheet_column_name (cases[i].column);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* ---- cell formats, on workbooks built here ---- */

/* A zip of @n name/content pairs, as a file's bytes. */
static GBytes *
make_zip (const char * const *entries,
          guint               n)
{
  struct archive *a = archive_write_new ();
  gsize size = 1 << 20, used = 0;
  char *buf = g_malloc (size);

  archive_write_set_format_zip (a);
  archive_write_open_memory (a, buf, size, &used);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize len = strlen (entries[2 * i + 1]);

      archive_entry_set_pathname (entry, entries[2 * i]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, len);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, entries[2 * i + 1], len), ==, (la_ssize_t) len);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_bytes_new_take (buf, used);
}

#define XLSX_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* A one-sheet workbook with @sheet_data, @shared strings and @num_fmts/@xfs styles. */
static CubeSheetReader *
open_xlsx (gboolean    date1904,
           const char *shared,
           const char *num_fmts,
           const char *xfs,
           const char *sheet_data)
{
  g_autofree char *workbook = g_strdup_printf (
    "<?xml version=\"1.0\"?><workbook " XLSX_NS "><workbookPr%s/><sheets>"
    "<sheet name=\"Ark &amp; co\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    date1904 ? " date1904=\"1\"" : "");
  g_autofree char *styles = g_strdup_printf (
    "<?xml version=\"1.0\"?><styleSheet " XLSX_NS "><numFmts>%s</numFmts>"
    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>%s</cellXfs></styleSheet>",
    num_fmts, xfs);
  g_autofree char *sst = g_strdup_printf ("<?xml version=\"1.0\"?><sst " XLSX_NS ">%s</sst>", shared);
  g_autofree char *sheet = g_strdup_printf (
    "<?xml version=\"1.0\"?><worksheet " XLSX_NS "><sheetData>%s</sheetData>"
    "<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>", sheet_data);
  const char *entries[] = {
    "[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>",
    "xl/workbook.xml", workbook,
    "xl/_rels/workbook.xml.rels",
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/data.xml\"/></Relationships>",
    "xl/styles.xml", styles,
    "xl/sharedStrings.xml", sst,
    "xl/worksheets/data.xml", sheet,
  };
  g_autoptr(GBytes) bytes = make_zip (entries, G_N_ELEMENTS (entries) / 2);
  g_autoptr(GError) error = NULL;
  CubeSheetReader *reader = cube_sheet_reader_open_bytes (bytes, "built.xlsx", &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static void
test_xlsx_number_formats (void)
{
  /* xf 0 General, 1 built-in date 14, 2 built-in time 20 (h:mm), 3 date-time 22,
   * 4 custom d/m/yyyy with a locale tag, 5 quoted "d" (not a date), 6 [h]:mm,
   * 7 [Red]0.00 (not a date), 8 00000, 9 yyyy-mm-dd hh:mm:ss, 10 mm:ss, 11 built-in 45 */
  static const char num_fmts[] =
    "<numFmt numFmtId=\"164\" formatCode=\"[$-414]d/m/yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot;\\ 0\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"00000\"/>"
    "<numFmt numFmtId=\"169\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
    "<numFmt numFmtId=\"170\" formatCode=\"mm:ss\"/>";
  static const char xfs[] =
    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"20\"/><xf numFmtId=\"22\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
    "<xf numFmtId=\"168\"/><xf numFmtId=\"169\"/><xf numFmtId=\"170\"/><xf numFmtId=\"45\"/>";
  g_autoptr(CubeSheetReader) reader = open_xlsx (FALSE, "", num_fmts, xfs,
    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c>"
    "<c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>61</v></c><c r=\"E1\" s=\"1\"><v>45352</v></c>"
    "<c r=\"F1\" s=\"1\"><v>45352.75</v></c><c r=\"G1\" s=\"99\"><v>7</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>0.5729166666666666</v></c><c r=\"B2\" s=\"3\"><v>45352.5729166667</v></c>"
    "<c r=\"C2\" s=\"4\"><v>45352</v></c><c r=\"D2\" s=\"5\"><v>45352</v></c><c r=\"E2\" s=\"6\"><v>1.5</v></c>"
    "<c r=\"F2\" s=\"7\"><v>45352</v></c><c r=\"G2\" s=\"8\"><v>42</v></c>"
    "<c r=\"H2\" s=\"9\"><v>45352.99999999</v></c><c r=\"I2\" s=\"10\"><v>0.0006944444444444445</v></c>"
    "<c r=\"J2\" s=\"11\"><v>0.0006944444444444445</v></c><c r=\"K2\" s=\"9\"><v>45352.500011574</v></c></row>"
    "<row r=\"3\"><c r=\"A3\"><v>0.30000000000000004</v></c><c r=\"B3\"><v>1E-3</v></c>"
    "<c r=\"C3\"><v>12345678901234</v></c><c r=\"D3\"><v>-7</v></c><c r=\"E3\"><v>1.0</v></c>"
    "<c r=\"F3\"><v>2.5E+20</v></c><c r=\"G3\" t=\"n\"><v>abc</v></c></row>");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 0), ==, "Ark & co");
  g_assert_cmpuint (rows->len, ==, 3);
  /* 1900 system: serial 1, the last real day before the phantom 29 February,
   * the phantom itself (shown as Excel shows it), the day after, a recent day;
   * an unknown style index is General. */
  assert_row (rows, 0, 1, "1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "2024-03-01",
              "2024-03-01", "7", NULL);
  assert_row (rows, 1, 2, "13:45", "2024-03-01 13:45", "2024-03-01", "45352", "36:00", "45352",
              "00042", "2024-03-02 00:00", "00:01", "00:01", "2024-03-01 12:00:01", NULL);
  assert_row (rows, 2, 3, "0.3", "0.001", "12345678901234", "-7", "1", "2.5E+20", "abc", NULL);
}

static void
test_xlsx_1904_serials (void)
{
  g_autoptr(CubeSheetReader) reader = open_xlsx (TRUE, "", "", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>",
    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>60</v></c>"
    "<c r=\"C1\" s=\"1\"><v>43890</v></c></row>");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);

  /* No leap-year bug in the 1904 system. */
  assert_row (rows, 0, 1, "1904-01-01", "1904-03-01", "2024-03-01", NULL);
}

static void
test_xlsx_cell_types (void)
{
  g_autoptr(CubeSheetReader) reader = open_xlsx (FALSE,
    "<si><t>Kundeid</t></si>"
    "<si><r><t>Rik </t></r><r><rPr><b/></rPr><t>tekst</t></r><rPh><t>フリガナ</t></rPh></si>"
    "<si><t xml:space=\"preserve\">  mellomrom  </t></si>"
    "<si><t>æøå &amp; &#x1F600;</t></si>",
    "", "<xf numFmtId=\"0\"/>",
    /* The header row is merged A1:B1: B1 has no value. */
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"/></row>"
    "<row r=\"2\" spans=\"1:9\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
    "<c r=\"C2\" t=\"s\"><v>3</v></c><c r=\"D2\" t=\"b\"><v>0</v></c><c r=\"E2\" t=\"e\"><v>#N/A</v></c>"
    "<c r=\"F2\" t=\"str\"><f>A1&amp;\"x\"</f><v>Kundeidx</v></c><c r=\"G2\" t=\"d\"><v>2024-03-01T00:00:00</v></c>"
    "<c r=\"H2\" t=\"d\"><v>2024-03-01T13:45:10</v></c>"
    "<c r=\"I2\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>   </t></is></c></row>"
    "<row r=\"4\"><c r=\"C4\"><f>SUM(A1:A2)</f></c><c r=\"AA4\" t=\"inlineStr\"><is><t>langt ute</t></is></c></row>"
    "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>1</v></c></row>");
  g_autoptr(GPtrArray) rows = read_ok (reader, 0);
  CubeSheetRow *far;

  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, 1, "Kundeid", NULL);
  /* Rich text runs join, phonetic runs are left out, spaces are kept. */
  assert_row (rows, 1, 2, "Rik tekst", "  mellomrom  ", "æøå & 😀", "FALSE", "#N/A", "Kundeidx",
              "2024-03-01", "2024-03-01 13:45", "inline", NULL);
  /* Row 3 holds only white space: skipped. A formula without a cached value is empty. */
  far = g_ptr_array_index (rows, 2);
  g_assert_cmpuint (far->number, ==, 4);
  g_assert_cmpuint (far->n_cells, ==, 27);
  g_assert_cmpstr (far->cells[2], ==, "");
  g_assert_cmpstr (far->cells[26], ==, "langt ute");
  assert_row (rows, 3, 9, "Rik tekst", NULL);
}

static void
test_xlsx_bad_shared_string (void)
{
  g_autoptr(CubeSheetReader) reader = open_xlsx (FALSE, "<si><t>a</t></si>", "", "<xf numFmtId=\"0\"/>",
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"D2\" t=\"s\"><v>7</v></c></row>");
  g_autoptr(GPtrArray) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (reader, 0, &partial, &error);

  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==,
                   "Row 2, column D: the cell refers to a shared string the file does not have");
  g_assert_cmpuint (partial->len, ==, 1);
}

static void
test_xlsx_beyond_last_column (void)
{
  g_autoptr(CubeSheetReader) reader = open_xlsx (FALSE, "", "", "<xf numFmtId=\"0\"/>",
    "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"5\"><c r=\"XFE5\"><v>1</v></c></row>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_rows (reader, 0, NULL, &error);

  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Row 5: a cell lies beyond the last column XFD");
}

#define ODS_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
               "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
               "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
               "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
               "xmlns:o=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""

static CubeSheetReader *
open_ods (const char  *tables,
          GError     **error)
{
  g_autofree char *content = g_strdup_printf (
    "<?xml version=\"1.0\"?><office:document-content " ODS_NS "><office:body><office:spreadsheet>%s"
    "</office:spreadsheet></office:body></office:document-content>", tables);
  const char *entries[] = {
    "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
    "content.xml", content,
  };
  g_autoptr(GBytes) bytes = make_zip (entries, 2);

  return cube_sheet_reader_open_bytes (bytes, "built.ods", error);
}

static void
test_ods_cells (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) reader = open_ods (
    "<table:table table:name=\"Først\">"
    "<table:table-header-rows><table:table-row>"
    "<table:table-cell table:number-columns-spanned=\"2\" office:value-type=\"string\"><text:p>Navn</text:p></table:table-cell>"
    "<table:covered-table-cell office:value-type=\"string\"><text:p>skjult</text:p></table:covered-table-cell>"
    "<table:table-cell office:value-type=\"string\"><text:p>Tid</text:p></table:table-cell>"
    "</table:table-row></table:table-header-rows>"
    "<table:table-row table:number-rows-repeated=\"2\">"
    "<table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>d"
    "<text:span>e</text:span></text:p><office:annotation><text:p>kommentar</text:p></office:annotation></table:table-cell>"
    "<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"time\" office:time-value=\"PT13H45M00S\"><text:p>13:45</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"float\" office:value=\"7\"><text:p>7</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"currency\" office:value=\"1234.5\"><text:p>kr 1 234,50</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"false\"><text:p>USANN</text:p></table:table-cell>"
    "<table:table-cell><draw:frame><draw:text-box><text:p>boks</text:p></draw:text-box></draw:frame></table:table-cell>"
    "<table:table-cell o:value-type=\"float\" o:value=\"0.1\"><text:p>0,1</text:p></table:table-cell>"
    "</table:table-row>"
    "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-01T13:45:30\"><text:p>x</text:p></table:table-cell>"
    "<table:table-cell><text:p>første</text:p><text:p>andre</text:p></table:table-cell></table:table-row>"
    "</table:table>"
    "<table:table table:name=\"To\"><table:table-row><table:table-cell/></table:table-row></table:table>",
    &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (cube_sheet_reader_get_n_sheets (reader), ==, 2);
  g_assert_cmpstr (cube_sheet_reader_get_sheet_name (reader, 0), ==, "Først");
  g_assert_true (cube_sheet_reader_get_sheet_empty (reader, 1));
  rows = read_ok (reader, 0);
  g_assert_cmpuint (rows->len, ==, 4);
  /* The covered cell's hidden text is not read; header rows are rows. */
  assert_row (rows, 0, 1, "Navn", "", "Tid", NULL);
  /* A repeated row comes as many times as it is repeated, with its own numbers. */
  assert_row (rows, 1, 2, "a   b\tc\nde", "0.25", "13:45", "7", "7", "1234.5", "FALSE", "", "0.1", NULL);
  assert_row (rows, 2, 3, "a   b\tc\nde", "0.25", "13:45", "7", "7", "1234.5", "FALSE", "", "0.1", NULL);
  /* A million repeated empty rows are counted, not read. */
  assert_row (rows, 3, 1000004, "2024-03-01 13:45:30", "første\nandre", NULL);
}

static void
test_ods_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeSheetReader) wide = open_ods (
    "<table:table table:name=\"A\"><table:table-row>"
    "<table:table-cell table:number-columns-repeated=\"16380\"/>"
    "<table:table-cell table:number-columns-repeated=\"10\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
    "</table:table-row></table:table>", &error);
  g_autoptr(CubeSheetReader) tall = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* Found while listing the sheets, so opening fails. */
  g_assert_null (wide);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Row 1: a cell lies beyond the last column XFD");
  g_clear_error (&error);

  /* A row with a value repeated past what a spreadsheet can hold is refused
   * at once, not emitted sixteen million times. */
  tall = open_ods (
    "<table:table table:name=\"A\"><table:table-row table:number-rows-repeated=\"99999999\">"
    "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
    "</table:table-row></table:table>", &error);
  g_assert_no_error (error);
  rows = read_rows (tall, 0, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Row 1: the sheet has more rows than a spreadsheet can hold");
}

/* ---- mapping ---- */

static CubeSheetRow *
make_row (guint64 number,
          ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  CubeSheetRow row;
  va_list args;
  const char *cell;

  va_start (args, number);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (cells, (gpointer) cell);
  va_end (args);
  row.number = number;
  row.n_cells = cells->len;
  row.cells = (const char * const *) cells->pdata;
  return cube_sheet_row_copy (&row);
}

static void
assert_target (CubeImportMapping *mapping,
               guint              column,
               CubeImportTarget   target,
               const char        *field_key)
{
  const char *key = NULL;

  g_assert_cmpint (cube_import_mapping_get_target (mapping, column, &key), ==, target);
  g_assert_cmpstr (key, ==, field_key);
}

static CubeFieldDef *
make_field (const char *key,
            const char *label,
            gboolean    archived)
{
  return g_object_new (CUBE_TYPE_FIELD_DEF, "key", key, "label", label, "archived", archived, NULL);
}

static void
test_guess_synonyms (void)
{
  static const struct { const char *label; CubeImportTarget target; } cases[] = {
    { "Kundeid", CUBE_IMPORT_TARGET_CUSTOMER_KEY }, { "Kundenummer", CUBE_IMPORT_TARGET_CUSTOMER_KEY },
    { "KUNDENR", CUBE_IMPORT_TARGET_CUSTOMER_KEY }, { " Customer ID ", CUBE_IMPORT_TARGET_CUSTOMER_KEY },
    { "ID", CUBE_IMPORT_TARGET_CUSTOMER_KEY },
    { "Navn", CUBE_IMPORT_TARGET_NAME }, { "Fullt navn", CUBE_IMPORT_TARGET_NAME },
    { "name", CUBE_IMPORT_TARGET_NAME },
    { "E-post", CUBE_IMPORT_TARGET_EMAIL }, { "Epost", CUBE_IMPORT_TARGET_EMAIL },
    { "E-mail", CUBE_IMPORT_TARGET_EMAIL }, { "Email", CUBE_IMPORT_TARGET_EMAIL },
    { "Telefon", CUBE_IMPORT_TARGET_PHONE1 }, { "Telefonnummer", CUBE_IMPORT_TARGET_PHONE1 },
    { "Mobil", CUBE_IMPORT_TARGET_PHONE1 }, { "Tlf", CUBE_IMPORT_TARGET_PHONE1 },
    { "Phone", CUBE_IMPORT_TARGET_PHONE1 }, { "Telefon 2", CUBE_IMPORT_TARGET_PHONE1 },
    { "Poststed", CUBE_IMPORT_TARGET_IGNORE }, { "", CUBE_IMPORT_TARGET_IGNORE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CubeSheetRow) header = make_row (1, cases[i].label, NULL);
      g_autoptr(CubeImportMapping) mapping = cube_import_guess_mapping (header, NULL);

      g_test_message ("label “%s”", cases[i].label);
      assert_target (mapping, 0, cases[i].target, NULL);
    }
}

static void
test_guess_full_header (void)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CubeSheetRow) header = NULL;
  g_autoptr(CubeImportMapping) mapping = NULL;
  g_autoptr(CubeSheetRow) row = NULL;

  g_ptr_array_add (fields, make_field ("postnummer", "Postnummer", FALSE));
  g_ptr_array_add (fields, make_field ("kundetype", "Kundetype", FALSE));
  g_ptr_array_add (fields, make_field ("gammel", "Notat", TRUE));   /* archived: not offered */
  g_ptr_array_add (fields, make_field ("fodt", "Fødselsdato", FALSE));

  header = make_row (3, "Kundenr", "Navn", "Tlf", "E-post", "Mobil", "POSTNUMMER", "Telefon",
                     "Telefon 4", "Notat", "FØDSELSDATO", "kundetype", "Id", "", NULL);
  mapping = cube_import_guess_mapping (header, fields);

  g_assert_cmpuint (cube_import_mapping_get_header_row (mapping), ==, 3);
  g_assert_cmpuint (cube_import_mapping_get_n_columns (mapping), ==, 13);
  g_assert_cmpstr (cube_import_mapping_get_header (mapping, 5), ==, "POSTNUMMER");
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  assert_target (mapping, 1, CUBE_IMPORT_TARGET_NAME, NULL);
  /* Phones in column order: 1, 2, 3; the fourth phone column is left out. */
  assert_target (mapping, 2, CUBE_IMPORT_TARGET_PHONE1, NULL);
  assert_target (mapping, 3, CUBE_IMPORT_TARGET_EMAIL, NULL);
  assert_target (mapping, 4, CUBE_IMPORT_TARGET_PHONE2, NULL);
  assert_target (mapping, 5, CUBE_IMPORT_TARGET_FIELD, "postnummer");
  assert_target (mapping, 6, CUBE_IMPORT_TARGET_PHONE3, NULL);
  assert_target (mapping, 7, CUBE_IMPORT_TARGET_IGNORE, NULL);
  assert_target (mapping, 8, CUBE_IMPORT_TARGET_IGNORE, NULL);
  /* Norwegian letters fold: FØDSELSDATO is the field labelled Fødselsdato. */
  assert_target (mapping, 9, CUBE_IMPORT_TARGET_FIELD, "fodt");
  assert_target (mapping, 10, CUBE_IMPORT_TARGET_FIELD, "kundetype");
  /* A second customer id column is not taken. */
  assert_target (mapping, 11, CUBE_IMPORT_TARGET_IGNORE, NULL);
  assert_target (mapping, 12, CUBE_IMPORT_TARGET_IGNORE, NULL);

  row = make_row (4, " 00012 ", "Åse", "", NULL);
  g_assert_cmpstr (cube_import_mapping_get_value (mapping, row, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL), ==,
                   " 00012 ");
  g_assert_cmpstr (cube_import_mapping_get_value (mapping, row, CUBE_IMPORT_TARGET_PHONE1, NULL), ==, "");
  g_assert_cmpstr (cube_import_mapping_get_value (mapping, row, CUBE_IMPORT_TARGET_FIELD, "fodt"), ==, "");
  g_assert_null (cube_import_mapping_get_value (mapping, row, CUBE_IMPORT_TARGET_FIELD, "gammel"));
}

static void
test_guess_from_file (void)
{
  /* The merged "Telefon" header of a real file gives one phone column. */
  g_autoptr(CubeSheetReader) reader = open_fixture ("xlsxwriter.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) head = cube_sheet_reader_read_head (reader, 0, 1, NULL, &error);
  g_autoptr(CubeImportMapping) mapping = NULL;

  g_assert_no_error (error);
  mapping = cube_import_guess_mapping (g_ptr_array_index (head, 0), NULL);
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  assert_target (mapping, 1, CUBE_IMPORT_TARGET_NAME, NULL);
  assert_target (mapping, 2, CUBE_IMPORT_TARGET_EMAIL, NULL);
  assert_target (mapping, 3, CUBE_IMPORT_TARGET_PHONE1, NULL);
  assert_target (mapping, 4, CUBE_IMPORT_TARGET_IGNORE, NULL);
  g_assert_cmpint (cube_import_mapping_find_column (mapping, CUBE_IMPORT_TARGET_PHONE2, NULL), ==, -1);
}

static void
test_set_target (void)
{
  g_autoptr(CubeSheetRow) header = make_row (1, "Kundeid", "Nummer", "Navn", NULL);
  g_autoptr(CubeImportMapping) mapping = cube_import_guess_mapping (header, NULL);

  assert_target (mapping, 1, CUBE_IMPORT_TARGET_IGNORE, NULL);
  /* Moving the customer id to another column takes it from the first. */
  cube_import_mapping_set_target (mapping, 1, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_IGNORE, NULL);
  assert_target (mapping, 1, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  g_assert_cmpint (cube_import_mapping_find_column (mapping, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL), ==, 1);

  cube_import_mapping_set_target (mapping, 0, CUBE_IMPORT_TARGET_FIELD, "region");
  cube_import_mapping_set_target (mapping, 2, CUBE_IMPORT_TARGET_FIELD, "region");
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_IGNORE, NULL);
  assert_target (mapping, 2, CUBE_IMPORT_TARGET_FIELD, "region");
  cube_import_mapping_set_target (mapping, 0, CUBE_IMPORT_TARGET_FIELD, "annet");
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_FIELD, "annet");
  assert_target (mapping, 2, CUBE_IMPORT_TARGET_FIELD, "region");

  /* A column past the header can be mapped too. */
  cube_import_mapping_set_target (mapping, 5, CUBE_IMPORT_TARGET_NAME, NULL);
  g_assert_cmpuint (cube_import_mapping_get_n_columns (mapping), ==, 6);
  g_assert_cmpstr (cube_import_mapping_get_header (mapping, 5), ==, "");
  cube_import_mapping_set_target (mapping, 1, CUBE_IMPORT_TARGET_IGNORE, NULL);
  g_assert_cmpint (cube_import_mapping_find_column (mapping, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL), ==, -1);
}

static void
test_mapping_round_trip (void)
{
  g_autoptr(CubeSheetRow) header = make_row (2, "Kundeid", "Navn", "Region «Vest»", "Tlf", "\"quoted\"", NULL);
  g_autoptr(CubeImportMapping) mapping = cube_import_guess_mapping (header, NULL);
  g_autoptr(CubeImportMapping) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;

  cube_import_mapping_set_target (mapping, 2, CUBE_IMPORT_TARGET_FIELD, "region");
  json = cube_import_mapping_to_string (mapping);
  back = cube_import_mapping_new_from_string (json, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (cube_import_mapping_get_header_row (back), ==, 2);
  g_assert_cmpuint (cube_import_mapping_get_n_columns (back), ==, 5);
  g_assert_cmpstr (cube_import_mapping_get_header (back, 2), ==, "Region «Vest»");
  g_assert_cmpstr (cube_import_mapping_get_header (back, 4), ==, "\"quoted\"");
  assert_target (back, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  assert_target (back, 1, CUBE_IMPORT_TARGET_NAME, NULL);
  assert_target (back, 2, CUBE_IMPORT_TARGET_FIELD, "region");
  assert_target (back, 3, CUBE_IMPORT_TARGET_PHONE1, NULL);
  assert_target (back, 4, CUBE_IMPORT_TARGET_IGNORE, NULL);
  again = cube_import_mapping_to_string (back);
  g_assert_cmpstr (again, ==, json);
}

static void
test_mapping_damaged (void)
{
  static const char * const bad[] = {
    "", "[]", "{}", "not json", "{\"version\":2,\"columns\":[]}",
    "{\"version\":1,\"columns\":[{\"column\":0,\"target\":\"nowhere\"}]}",
    "{\"version\":1,\"columns\":[{\"column\":-1,\"target\":\"name\"}]}",
    "{\"version\":1,\"columns\":[{\"column\":0,\"target\":\"field\"}]}",
    "{\"version\":1,\"columns\":[{\"column\":99999999,\"target\":\"name\"}]}",
    "{\"version\":1,\"columns\":[3]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CubeImportMapping) mapping = cube_import_mapping_new_from_string (bad[i], &error);

      g_test_message ("input %s", bad[i]);
      g_assert_null (mapping);
      g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
      g_assert_cmpstr (error->message, ==, "The saved column mapping is damaged");
    }
}

static void
test_mapping_apply_saved (void)
{
  g_autoptr(CubeSheetRow) first = make_row (1, "Nr", "Kunde", "Region", NULL);
  g_autoptr(CubeSheetRow) next = make_row (1, "Region", "Ekstra", "kunde", "NR", "Navn", NULL);
  g_autoptr(CubeImportMapping) saved = cube_import_guess_mapping (first, NULL);
  g_autoptr(CubeImportMapping) loaded = NULL;
  g_autoptr(CubeImportMapping) mapping = NULL;
  g_autofree char *json = NULL;

  /* The user's choices for the first file … */
  cube_import_mapping_set_target (saved, 0, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  cube_import_mapping_set_target (saved, 1, CUBE_IMPORT_TARGET_NAME, NULL);
  cube_import_mapping_set_target (saved, 2, CUBE_IMPORT_TARGET_FIELD, "region");
  json = cube_import_mapping_to_string (saved);
  loaded = cube_import_mapping_new_from_string (json, NULL);
  g_assert_nonnull (loaded);

  /* … follow the labels to other positions in the next file. */
  mapping = cube_import_guess_mapping (next, NULL);
  assert_target (mapping, 4, CUBE_IMPORT_TARGET_NAME, NULL);
  cube_import_mapping_apply_saved (mapping, loaded);
  assert_target (mapping, 0, CUBE_IMPORT_TARGET_FIELD, "region");
  assert_target (mapping, 1, CUBE_IMPORT_TARGET_IGNORE, NULL);
  assert_target (mapping, 2, CUBE_IMPORT_TARGET_NAME, NULL);
  assert_target (mapping, 3, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL);
  /* "Navn" was guessed as the name, but the saved choice wins. */
  assert_target (mapping, 4, CUBE_IMPORT_TARGET_IGNORE, NULL);
}

static void
test_target_names (void)
{
  for (CubeImportTarget t = CUBE_IMPORT_TARGET_IGNORE; t <= CUBE_IMPORT_TARGET_FIELD; t++)
    {
      CubeImportTarget back = -1;
      g_assert_true (cube_import_target_from_string (cube_import_target_to_string (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  g_assert_cmpstr (cube_import_target_to_string (CUBE_IMPORT_TARGET_PHONE2), ==, "phone2");
  g_assert_cmpstr (cube_import_target_to_string (CUBE_IMPORT_TARGET_CUSTOMER_KEY), ==, "customer_key");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/xlsx/libreoffice", test_lo_xlsx);
  g_test_add_func ("/import/xlsx/libreoffice-1904", test_lo_xlsx_1904);
  g_test_add_func ("/import/xlsx/xlsxwriter", test_xlsxwriter_shared_strings);
  g_test_add_func ("/import/xlsx/xlsxwriter-constant-memory", test_xlsxwriter_constant_memory);
  g_test_add_func ("/import/xlsx/openpyxl", test_openpyxl);
  g_test_add_func ("/import/xlsx/openpyxl-write-only", test_openpyxl_write_only);
  g_test_add_func ("/import/xlsx/openpyxl-1904", test_openpyxl_1904);
  g_test_add_func ("/import/xlsx/without-references", test_xlsx_without_references);
  g_test_add_func ("/import/ods/libreoffice", test_lo_ods);
  g_test_add_func ("/import/xlsx/number-formats", test_xlsx_number_formats);
  g_test_add_func ("/import/xlsx/1904-serials", test_xlsx_1904_serials);
  g_test_add_func ("/import/xlsx/cell-types", test_xlsx_cell_types);
  g_test_add_func ("/import/xlsx/bad-shared-string", test_xlsx_bad_shared_string);
  g_test_add_func ("/import/xlsx/beyond-last-column", test_xlsx_beyond_last_column);
  g_test_add_func ("/import/ods/cells", test_ods_cells);
  g_test_add_func ("/import/ods/limits", test_ods_limits);
  g_test_add_func ("/import/csv/utf8-bom-comma", test_csv_utf8_bom_comma);
  g_test_add_func ("/import/csv/utf8-semicolon", test_csv_utf8_semicolon);
  g_test_add_func ("/import/csv/cp1252-semicolon", test_csv_cp1252_semicolon);
  g_test_add_func ("/import/csv/libreoffice-cp1252", test_csv_libreoffice_cp1252);
  g_test_add_func ("/import/csv/tab", test_csv_tab);
  g_test_add_func ("/import/csv/sep-line", test_csv_sep_line);
  g_test_add_func ("/import/csv/title-line", test_csv_title_line);
  g_test_add_func ("/import/csv/quoted", test_csv_quoted);
  g_test_add_func ("/import/csv/ragged", test_csv_ragged);
  g_test_add_func ("/import/csv/invalid-utf8", test_csv_invalid_utf8);
  g_test_add_func ("/import/csv/unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/import/csv/big-cell", test_csv_big_cell);
  g_test_add_func ("/import/csv/from-bytes", test_csv_from_bytes);
  g_test_add_func ("/import/bad/extension-contradicts-content", test_extension_contradicts_content);
  g_test_add_func ("/import/bad/truncated-zip", test_truncated_zip);
  g_test_add_func ("/import/bad/zip-bomb", test_zip_bomb);
  g_test_add_func ("/import/bad/doctype", test_doctype_refused);
  g_test_add_func ("/import/bad/big-cell", test_big_cell_xlsx);
  g_test_add_func ("/import/bad/invalid-utf8-xml", test_bad_utf8_xlsx);
  g_test_add_func ("/import/bad/trailing-empty-rows-xlsx", test_trailing_empty_rows_xlsx);
  g_test_add_func ("/import/bad/trailing-empty-rows-ods", test_trailing_empty_rows_ods);
  g_test_add_func ("/import/bad/fuzz-regressions", test_regressions);
  g_test_add_func ("/import/read/progress", test_progress);
  g_test_add_func ("/import/read/cancel", test_cancel);
  g_test_add_func ("/import/read/callback-error", test_callback_error);
  g_test_add_func ("/import/read/head", test_read_head);
  g_test_add_func ("/import/read/column-names", test_column_names);
  g_test_add_func ("/import/mapping/synonyms", test_guess_synonyms);
  g_test_add_func ("/import/mapping/full-header", test_guess_full_header);
  g_test_add_func ("/import/mapping/merged-header", test_guess_from_file);
  g_test_add_func ("/import/mapping/set-target", test_set_target);
  g_test_add_func ("/import/mapping/round-trip", test_mapping_round_trip);
  g_test_add_func ("/import/mapping/damaged", test_mapping_damaged);
  g_test_add_func ("/import/mapping/apply-saved", test_mapping_apply_saved);
  g_test_add_func ("/import/mapping/target-names", test_target_names);

  return g_test_run ();
}
