/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the import benchmark's data, the same rows twice:
 *
 *   make-import-data ROWS OUT.xlsx OUT.csv
 *
 * ROWS customers × 9 columns (Kundeid, Navn, E-post, Telefonnummer,
 * Postnummer, Poststed, Fødselsdato, Kundetype, Notat) after a header row.
 * The .xlsx comes from libxlsxwriter in constant-memory mode (inline
 * strings), Fødselsdato as real date cells (dd.mm.yyyy), Postnummer as text
 * ("0150"). The .csv is UTF-8 without BOM, comma-separated, quoted where a
 * field holds a comma, a quote or a line break; dates as Norwegian Excel
 * writes them (dd.mm.yyyy). The rows are the same on every run (fixed seed).
 * Kundeid runs from 20000001, so the rows are new next to cube-bench's
 * K0000000…. Prints the last row's Kundeid, Navn, Telefonnummer and E-post
 * (tab-separated) on stdout.
 *
 * Built by bench/import-bench.sh (needs libxlsxwriter-dev):
 *   gcc -O2 -o make-import-data make-import-data.c $(pkg-config --cflags --libs xlsxwriter)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char * const first_names[] = {
  "Øystein", "Åse", "Bjørn", "Kari", "Ole", "Ingrid", "Håkon", "Sigrid", "Lars", "Solveig",
  "Tor", "Ragnhild", "Knut", "Astrid", "Jørgen", "Hanne", "Pål", "Gunn", "Espen", "Marit",
  "Sindre", "Tone", "Geir", "Linn", "Ståle", "Ellen", "Even", "Trude", "Arne", "Berit",
  "Vegard", "Kjersti", "Ørjan", "Synnøve", "Magnus", "Nora", "Henrik", "Ida", "Jonas", "Emma",
  "Sverre", "Eli", "Terje", "Mette", "Håvard", "Gro", "Kåre", "Liv", "Aslak", "Siri",
  "Mohammed", "Fatima", "Piotr", "Agnieszka", "Ahmed", "Sofie", "Jakob", "Maja", "Filip", "Thea",
};

static const char * const middle_names[] = {
  "Marie", "Johan", "Elise", "André", "Sofie", "Kristian", "Helene", "Andreas",
};

static const char * const surnames[] = {
  "Ås", "Bråten", "Sæther", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
  "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
  "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen",
  "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
  "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
  "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Bøe",
  "Ødegård", "Kvåle", "Hætta", "Løvås", "Grønvold", "Næss", "Sætre", "Wold", "Kowalski", "Berntsen",
};

static const char * const mail_domains[] = {
  "gmail.com", "online.no", "hotmail.com", "outlook.com", "yahoo.no", "live.no", "icloud.com",
  "getmail.no", "broadpark.no", "lyse.net",
};

/* Real Norwegian postal codes with their places. */
static const struct {
  const char *code;
  const char *place;
} post[] = {
  { "0150", "Oslo" }, { "0250", "Oslo" }, { "0356", "Oslo" }, { "0458", "Oslo" }, { "0560", "Oslo" },
  { "0661", "Oslo" }, { "0772", "Oslo" }, { "0870", "Oslo" }, { "0950", "Oslo" }, { "1064", "Oslo" },
  { "1181", "Oslo" }, { "1337", "Sandvika" }, { "1362", "Hosle" }, { "1410", "Kolbotn" },
  { "1440", "Drøbak" }, { "1530", "Moss" }, { "1606", "Fredrikstad" }, { "1710", "Sarpsborg" },
  { "1767", "Halden" }, { "2000", "Lillestrøm" }, { "2050", "Jessheim" }, { "2317", "Hamar" },
  { "2609", "Lillehammer" }, { "2815", "Gjøvik" }, { "3015", "Drammen" }, { "3117", "Tønsberg" },
  { "3210", "Sandefjord" }, { "3256", "Larvik" }, { "3611", "Kongsberg" }, { "3717", "Skien" },
  { "3916", "Porsgrunn" }, { "4006", "Stavanger" }, { "4021", "Stavanger" }, { "4306", "Sandnes" },
  { "4608", "Kristiansand S" }, { "4836", "Arendal" }, { "5003", "Bergen" }, { "5015", "Bergen" },
  { "5097", "Bergen" }, { "5141", "Fyllingsdalen" }, { "5221", "Nesttun" }, { "5527", "Haugesund" },
  { "6002", "Ålesund" }, { "6413", "Molde" }, { "6509", "Kristiansund N" }, { "6800", "Førde" },
  { "7010", "Trondheim" }, { "7030", "Trondheim" }, { "7089", "Heimdal" }, { "7500", "Stjørdal" },
  { "7600", "Levanger" }, { "7713", "Steinkjer" }, { "8006", "Bodø" }, { "8514", "Narvik" },
  { "8622", "Mo i Rana" }, { "9008", "Tromsø" }, { "9019", "Tromsø" }, { "9405", "Harstad" },
  { "9510", "Alta" }, { "9600", "Hammerfest" }, { "9730", "Karasjok" }, { "9900", "Kirkenes" },
};

static const char * const kinds[] = { "Privat", "Privat", "Privat", "Privat", "Privat",
                                      "Privat", "Pensjonist", "Pensjonist", "Student", "Student" };

/* About half the rows have a note. */
static const char * const notes[] = {
  "Ring etter kl. 16", "Ønsker ikke telefon på fredager", "Tidligere kunde, sa opp i fjor",
  "Interessert i fiber", "Ba om tilbud på e-post", "Snakker helst engelsk",
  "Flyttet, ny adresse kommer", "Har gammel avtale, spør om bindingstid",
  "Ring igjen i mars, ikke før", "Sa \"kanskje\" sist", "Hyggelig, men travel",
  "Ring mellom 9 og 11\nikke i helgene",
};

static uint64_t state = 20270301;

/* xorshift64*: fast and the same everywhere. */
static uint32_t
next_rand (void)
{
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return (uint32_t) ((state * 2685821657736338717ULL) >> 32);
}

static uint32_t
pick (uint32_t n)
{
  return next_rand () % n;
}

#define PICK(array) (array[pick (sizeof array / sizeof array[0])])

/* An e-mail local part for a Norwegian name: æ→ae, ø→o, å→a, é→e, lower
 * case, spaces dropped. */
static void
ascii_name (char *out, size_t size, const char *name)
{
  size_t n = 0;

  for (const unsigned char *p = (const unsigned char *) name; *p && n + 3 < size; p++)
    {
      if (p[0] == 0xC3 && p[1])
        {
          switch (p[1])
            {
            case 0xA6: case 0x86: out[n++] = 'a'; out[n++] = 'e'; break;  /* æ Æ */
            case 0xB8: case 0x98: out[n++] = 'o'; break;                    /* ø Ø */
            case 0xA5: case 0x85: out[n++] = 'a'; break;                    /* å Å */
            case 0xA9: out[n++] = 'e'; break;                               /* é */
            default: break;
            }
          p++;
        }
      else if (*p >= 'A' && *p <= 'Z')
        out[n++] = (char) (*p - 'A' + 'a');
      else if (*p >= 'a' && *p <= 'z')
        out[n++] = (char) *p;
    }
  out[n] = '\0';
}

/* A CSV field, quoted when it must be. */
static void
csv_field (FILE *out, const char *value, int last)
{
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      fputc ('"', out);
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            fputc ('"', out);
          fputc (*p, out);
        }
      fputc ('"', out);
    }
  else
    fputs (value, out);
  fputc (last ? '\n' : ',', out);
}

static int
days_in_month (int year, int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

int
main (int argc, char **argv)
{
  static const char * const header[] = { "Kundeid", "Navn", "E-post", "Telefonnummer", "Postnummer",
                                          "Poststed", "Fødselsdato", "Kundetype", "Notat" };
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *date_format;
  FILE *csv;
  long rows;

  if (argc != 4 || (rows = atol (argv[1])) < 1)
    {
      fprintf (stderr, "usage: %s ROWS OUT.xlsx OUT.csv\n", argv[0]);
      return 2;
    }
  if (!(wb = workbook_new_opt (argv[2], &options)))
    {
      fprintf (stderr, "make-import-data: cannot create %s\n", argv[2]);
      return 1;
    }
  if (!(csv = fopen (argv[3], "w")))
    {
      perror (argv[3]);
      return 1;
    }
  ws = workbook_add_worksheet (wb, "Kunder");
  date_format = workbook_add_format (wb);
  format_set_num_format (date_format, "dd.mm.yyyy");
  worksheet_set_column (ws, 0, 0, 10, NULL);
  worksheet_set_column (ws, 1, 2, 28, NULL);
  worksheet_set_column (ws, 3, 6, 14, NULL);
  worksheet_set_column (ws, 8, 8, 40, NULL);

  for (int c = 0; c < 9; c++)
    {
      worksheet_write_string (ws, 0, (lxw_col_t) c, header[c], NULL);
      csv_field (csv, header[c], c == 8);
    }

  for (long r = 1; r <= rows; r++)
    {
      const char *first = PICK (first_names);
      const char *middle = pick (5) == 0 ? PICK (middle_names) : NULL;
      const char *last = PICK (surnames);
      const char *kind = PICK (kinds);
      const char *note = pick (2) == 0 ? PICK (notes) : "";
      unsigned p = pick (sizeof post / sizeof post[0]);
      uint32_t phone = (pick (3) ? 90000000u : 40000000u) + pick (10000000);
      int year = 1935 + (int) pick (72);
      int month = 1 + (int) pick (12);
      int day = 1 + (int) pick ((uint32_t) days_in_month (year, month));
      lxw_datetime born = { year, month, day, 0, 0, 0 };
      char key[24], name[96], mail[128], tel[16], date[24], a[48], b[48];

      snprintf (key, sizeof key, "%ld", 20000000 + r);
      if (middle)
        snprintf (name, sizeof name, "%s %s %s", first, middle, last);
      else
        snprintf (name, sizeof name, "%s %s", first, last);
      ascii_name (a, sizeof a, first);
      ascii_name (b, sizeof b, last);
      /* A few customers have no e-mail address. */
      if (pick (20) == 0)
        mail[0] = '\0';
      else
        snprintf (mail, sizeof mail, "%s.%s%u@%s", a, b, pick (100), PICK (mail_domains));
      snprintf (tel, sizeof tel, "%03u %02u %03u", phone / 100000, phone / 1000 % 100, phone % 1000);
      snprintf (date, sizeof date, "%02d.%02d.%04d", day, month, year);

      worksheet_write_string (ws, (lxw_row_t) r, 0, key, NULL);
      worksheet_write_string (ws, (lxw_row_t) r, 1, name, NULL);
      if (mail[0])
        worksheet_write_string (ws, (lxw_row_t) r, 2, mail, NULL);
      worksheet_write_string (ws, (lxw_row_t) r, 3, tel, NULL);
      worksheet_write_string (ws, (lxw_row_t) r, 4, post[p].code, NULL);
      worksheet_write_string (ws, (lxw_row_t) r, 5, post[p].place, NULL);
      worksheet_write_datetime (ws, (lxw_row_t) r, 6, &born, date_format);
      worksheet_write_string (ws, (lxw_row_t) r, 7, kind, NULL);
      if (note[0])
        worksheet_write_string (ws, (lxw_row_t) r, 8, note, NULL);

      csv_field (csv, key, 0);
      csv_field (csv, name, 0);
      csv_field (csv, mail, 0);
      csv_field (csv, tel, 0);
      csv_field (csv, post[p].code, 0);
      csv_field (csv, post[p].place, 0);
      csv_field (csv, date, 0);
      csv_field (csv, kind, 0);
      csv_field (csv, note, 1);
      /* The last row, for the searches after the import. */
      if (r == rows)
        printf ("%s\t%s\t%s\t%s\n", key, name, tel, mail);
    }

  if (fclose (csv) != 0)
    {
      perror (argv[3]);
      return 1;
    }
  if (workbook_close (wb) != LXW_NO_ERROR)
    {
      fprintf (stderr, "make-import-data: cannot write %s\n", argv[2]);
      return 1;
    }
  return 0;
}
