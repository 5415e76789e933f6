/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure rules of cube-validate.h: every way in (dialog, import, API)
 * relies on them, so each rule is pinned down here value by value. */

#include <string.h>

#include "cube-core.h"

/* NULL expected means the value must be refused. */
typedef struct {
  const char *input;
  const char *expected;
} Case;

static void
assert_refused (GError     *error,
                const char *field)
{
  g_assert_error (error, CUBE_ERROR, CUBE_ERROR_VALIDATION);
  g_assert_cmpstr (cube_error_get_field (error), ==, field);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, piece);
  return g_string_free (s, FALSE);
}

static CubeFieldDef *
make_field (const char          *key,
            const char          *label,
            CubeFieldType        type,
            const char * const  *options)
{
  return g_object_new (CUBE_TYPE_FIELD_DEF,
                       "key", key,
                       "label", label,
                       "field-type", type,
                       "options", options,
                       NULL);
}

/* Runs @cases through cube_validate_field_value() on @field. */
static void
check_field_cases (CubeFieldDef *field,
                   const Case   *cases,
                   gsize         n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = cube_validate_field_value (field, cases[i].input, &error);

      g_test_message ("%s: \"%s\"", cube_field_def_get_key (field), cases[i].input);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (result);
          assert_refused (error, cube_field_def_get_key (field));
          /* The message names the field in the user's words: its label. */
          g_assert_nonnull (strstr (error->message, cube_field_def_get_label (field)));
        }
    }
}

/* ---- phone numbers ---------------------------------------------------- */

static void
test_phone_table (void)
{
  static const Case cases[] = {
    /* Norwegian numbers in every usual spelling become one E.164 number. */
    { "912 34 567", "+4791234567" },
    { "+47 91234567", "+4791234567" },
    { "0047 912 34 567", "+4791234567" },
    { "91234567", "+4791234567" },
    { "4791234567", "+4791234567" },
    { "+4791234567", "+4791234567" },
    { "912-34-567", "+4791234567" },
    { "912.34.567", "+4791234567" },
    { "+47 (912) 34-567", "+4791234567" },
    { "22 33 44 55", "+4722334455" },
    /* Other countries keep their code. */
    { "+46 70 123 45 67", "+46701234567" },
    { "0046701234567", "+46701234567" },
    { "+123456789012345", "+123456789012345" },  /* 15 digits: the E.164 maximum */
    /* Refused. */
    { "abc", NULL },
    { "912 34 56a", NULL },
    { "91234567 ext", NULL },
    { "1234", NULL },              /* national, not 8 digits */
    { "9123456", NULL },           /* 7 digits */
    { "912345678", NULL },         /* 9 digits */
    { "+47 1234", NULL },          /* Norwegian number that is not 8 digits */
    { "+1234567890123456", NULL }, /* 16 digits */
    { "00123456789012345678", NULL },
    /* Far more digits than any number has. */
    { "+47 12345678901234567890123456789012345678901234567890", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = NULL;

      g_test_message ("phone \"%s\"", cases[i].input);
      result = cube_normalize_phone (cases[i].input, "phone2", "Telefon 2", &error);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (result);
          /* The error names the field the caller gave. */
          assert_refused (error, "phone2");
        }
    }
}

static void
test_phone_field_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = cube_normalize_phone ("12", "phone3", "Telefon 3", &error);

  g_assert_null (result);
  assert_refused (error, "phone3");
}

static void
test_phone_digits (void)
{
  static const Case cases[] = {
    { "+47 912", "47912" },
    { "0047912", "47912" },
    { "912 34", "91234" },
    { "4791234", "4791234" },
    { "(912) 34-567", "91234567" },
    { "+46 70", "4670" },
    { "", "" },
    { "abc", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = cube_phone_digits (cases[i].input);
      g_assert_cmpstr (digits, ==, cases[i].expected);
    }
}

/* ---- e-mail ----------------------------------------------------------- */

static void
test_email (void)
{
  static const Case cases[] = {
    { "ola@example.no", "ola@example.no" },
    { "  ola.nordmann@example.no  ", "ola.nordmann@example.no" },
    { "kari+cube@mail.example.com", "kari+cube@mail.example.com" },
    { "", "" },       /* no address */
    { "   ", "" },
    { "ola", NULL },
    { "ola@", NULL },
    { "@example.no", NULL },
    { "ola@example", NULL },
    { "ola@@example.no", NULL },
    { "ola@ex@ample.no", NULL },
    { "ola@.example.no", NULL },
    { "ola@example.", NULL },
    { "ola nordmann@example.no", NULL },
    { "ola@exam ple.no", NULL },
    { "ola@example.no\tx", NULL },
    /* The domain in lower case, the local part as given. */
    { "Ola.Nordmann@EXAMPLE.No", "Ola.Nordmann@example.no" },
    { "ola@ØRSTA.no", "ola@ørsta.no" },
    { "ola@exa\x7fmple.no", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = cube_validate_email (cases[i].input, "email", "E-post", &error);

      g_test_message ("email \"%s\"", cases[i].input);
      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (result, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (result);
          assert_refused (error, "email");
        }
    }
}

/* ---- Kundeid ---------------------------------------------------------- */

static void
test_customer_key_trim (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = cube_validate_customer_key ("  K-1001  ", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "K-1001");
}

/* Unicode white space is trimmed like ASCII and the id is stored composed
 * (NFC), so the same id pasted from elsewhere is the same customer. */
static void
test_customer_key_unicode (void)
{
  static const Case cases[] = {
    { "ab\xc2\xa0", "ab" },                 /* trailing no-break space */
    { "\xe2\x80\x83" "ab", "ab" },            /* leading em space */
    { "o\xcc\x88", "\xc3\xb6" },           /* o + combining diaeresis → ö */
    { "ab\xe2\x80\xa8" "c", NULL },        /* line separator inside */
    { "ab\xe2\x80\x8b" "c", NULL },        /* zero-width space */
    { "ab\xe2\x80\xae" "c", NULL },        /* right-to-left override */
    { "\xc2\xa0", NULL },                   /* only a no-break space: empty */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = cube_validate_customer_key (cases[i].input, &error);

      g_assert_cmpstr (key, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        {
          assert_refused (error, "customer_key");
          g_assert_nonnull (strstr (error->message, "Customer ID"));
        }
      else
        g_assert_no_error (error);
    }
}

static void
test_customer_key_empty (void)
{
  const char *inputs[] = { "", "   ", "\t \t" };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = cube_validate_customer_key (inputs[i], &error);

      g_assert_null (key);
      assert_refused (error, "customer_key");
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (NULL, &error);

    g_assert_null (key);
    assert_refused (error, "customer_key");
  }
}

static void
test_customer_key_length (void)
{
  /* Characters count, not bytes: 100 × "ø" is 200 bytes and allowed. */
  g_autofree char *ascii100 = repeat ("a", 100);
  g_autofree char *ascii101 = repeat ("a", 101);
  g_autofree char *oe100 = repeat ("ø", 100);
  g_autofree char *oe101 = repeat ("ø", 101);
  g_autofree char *padded = g_strconcat ("  ", oe100, "  ", NULL);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (ascii100, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, ascii100);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (oe100, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, oe100);
    g_assert_cmpint (strlen (key), ==, 200);
  }
  {
    /* Trimmed before counting. */
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (padded, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, oe100);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (ascii101, &error);
    g_assert_null (key);
    assert_refused (error, "customer_key");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key (oe101, &error);
    g_assert_null (key);
    assert_refused (error, "customer_key");
  }
}

static void
test_customer_key_control (void)
{
  const char *inputs[] = { "a\tb", "a\nb", "a\rb", "a\001b", "K\177", "ab\033[0m" };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = cube_validate_customer_key (inputs[i], &error);

      g_test_message ("control character case %" G_GSIZE_FORMAT, i);
      g_assert_null (key);
      assert_refused (error, "customer_key");
    }

  /* Letters of any script, spaces inside and punctuation are fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *key = cube_validate_customer_key ("Øst 12/B-æå", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, "Øst 12/B-æå");
  }
}

/* ---- custom fields ---------------------------------------------------- */

static void
test_field_text (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("poststed", "Poststed", CUBE_FIELD_TEXT, NULL);
  static const Case cases[] = {
    { "Tromsø", "Tromsø" },
    { "", "" },
    { "Oslo\nBergen", NULL },
    { "Oslo\tBergen", NULL },
    { "Oslo\x7f", NULL },
    { "Oslo\u2028Bergen", NULL },          /* LINE SEPARATOR */
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_multiline (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("notat", "Notat", CUBE_FIELD_MULTILINE, NULL);
  static const Case cases[] = {
    { "Ring etter 16.\nSpør etter Kari.", "Ring etter 16.\nSpør etter Kari." },
    { "én linje", "én linje" },
    { "", "" },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_number (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("antall", "Antall", CUBE_FIELD_NUMBER, NULL);
  static const Case cases[] = {
    { "12", "12" },
    { "-3.5", "-3.5" },
    { "1 234,5", "1234.5" },
    { "0", "0" },
    { "", "" },
    { "abc", NULL },
    { "12abc", NULL },
    { "1,2,3", NULL },
    /* One spelling per number, so unique-if-filled sees them as one. */
    { "1000", "1000" },
    { "1000,0", "1000" },
    { "1000.50", "1000.5" },
    { "1" "\xc2\xa0" "000", "1000" },
    { "007", "7" },
    { "-0", "0" },
    { "+12", "12" },
    { "1e3", NULL },
    { "inf", NULL },
    { "nan", NULL },
    { "0x10", NULL },
    { " ", "" },
    { "-", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_date (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("fodselsdato", "Fødselsdato", CUBE_FIELD_DATE, NULL);
  static const Case cases[] = {
    { "2027-03-01", "2027-03-01" },
    { "01.03.2027", "2027-03-01" },
    { "1.3.2027", "2027-03-01" },
    { "29.02.2028", "2028-02-29" },  /* leap year */
    { "31.12.0987", "0987-12-31" },  /* four digits, zeros in front */
    { "", "" },
    { "31.02.2027", NULL },
    { "29.02.2027", NULL },
    { "2027-13-01", NULL },
    { "i morgen", NULL },
    /* Exactly the two spellings, nothing scanf would let through. */
    { "2020-01-+1", NULL },
    { "2020-01- 1", NULL },
    { "2020-1-1", "2020-01-01" },
    { "01.03.27", NULL },
    { "01.03.2027x", NULL },
    { "+1.03.2027", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_email (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("faktura_epost", "Faktura-e-post", CUBE_FIELD_EMAIL, NULL);
  static const Case cases[] = {
    { "faktura@example.no", "faktura@example.no" },
    { "", "" },
    { "faktura", NULL },
    { "faktura@example", NULL },
    /* The domain ignores case and is stored in lower case; the local part
     * is kept as typed. */
    { "Faktura@Example.NO", "Faktura@example.no" },
    { " faktura@example.no ", "faktura@example.no" },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_phone (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("sentralbord", "Sentralbord", CUBE_FIELD_PHONE, NULL);
  static const Case cases[] = {
    { "912 34 567", "+4791234567" },
    { "0046701234567", "+46701234567" },
    { "", "" },
    { "1234", NULL },
    { "ring meg", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_link (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("nettside", "Nettside", CUBE_FIELD_LINK, NULL);
  static const Case cases[] = {
    { "https://example.no/x", "https://example.no/x" },
    { "www.example.no", "https://www.example.no" },
    { "", "" },
    { "not a link", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_choice (void)
{
  const char * const options[] = { "Privat", "Bedrift", "Øvrig", NULL };
  g_autoptr(CubeFieldDef) field = make_field ("kundetype", "Kundetype", CUBE_FIELD_CHOICE, options);
  static const Case cases[] = {
    { "Privat", "Privat" },
    { "bedrift", "Bedrift" },
    { "BEDRIFT", "Bedrift" },
    { "øVRIG", "Øvrig" },      /* case folding covers Norwegian letters */
    { "", "" },
    { "Annet", NULL },
    { "Priva", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

static void
test_field_yes_no (void)
{
  g_autoptr(CubeFieldDef) field = make_field ("nyhetsbrev", "Nyhetsbrev", CUBE_FIELD_YES_NO, NULL);
  static const Case cases[] = {
    { "ja", "1" }, { "JA", "1" }, { "Yes", "1" }, { "true", "1" }, { "TRUE", "1" }, { "1", "1" },
    { "nei", "0" }, { "Nei", "0" }, { "no", "0" }, { "False", "0" }, { "0", "0" },
    { "", "" },
    { "kanskje", NULL },
    { "2", NULL },
    { "jaa", NULL },
  };

  check_field_cases (field, cases, G_N_ELEMENTS (cases));
}

/* ---- field keys ------------------------------------------------------- */

static void
test_field_key (void)
{
  g_autofree char *key64 = repeat ("k", 64);
  g_autofree char *key65 = repeat ("k", 65);
  const char *good[] = { "postnummer", "a", "felt_2", "x9_", key64 };
  const char *bad[] = { "", "Postnummer", "2felt", "_felt", "felt-2", "felt 2", "fødsel", "felt.2", key65 };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("key \"%s\"", good[i]);
      g_assert_true (cube_validate_field_key (good[i], &error));
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("key \"%s\"", bad[i]);
      g_assert_false (cube_validate_field_key (bad[i], &error));
      assert_refused (error, "key");
    }
}

/* ---- times ------------------------------------------------------------ */

static gint64
local_time (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static void
test_parse_time (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2027, 3, 1, 14, 30, 0);

  g_assert_cmpint (cube_parse_time ("2027-03-01 14:30"), ==, local_time (2027, 3, 1, 14, 30));
  g_assert_cmpint (cube_parse_time ("2027-03-01T14:30"), ==, local_time (2027, 3, 1, 14, 30));
  g_assert_cmpint (cube_parse_time ("2027-12-31 23:59"), ==, local_time (2027, 12, 31, 23, 59));
  g_assert_cmpint (cube_parse_time ("2027-03-01T14:30:00Z"), ==, g_date_time_to_unix (utc));
  g_assert_cmpint (cube_parse_time ("2027-03-01T16:30:00+02:00"), ==, g_date_time_to_unix (utc));

  g_assert_cmpint (cube_parse_time (NULL), ==, -1);
  g_assert_cmpint (cube_parse_time (""), ==, -1);
  g_assert_cmpint (cube_parse_time ("i morgen"), ==, -1);
  g_assert_cmpint (cube_parse_time ("2027-02-30 10:00"), ==, -1);
  g_assert_cmpint (cube_parse_time ("2027-03-01 25:00"), ==, -1);
  g_assert_cmpint (cube_parse_time ("2027-03-01 12:60"), ==, -1);
}

/* ---- folding ------------------------------------------------------------ */

/* cube_fold() is what search and the folded name column use: it must fold
 * as g_utf8_casefold() does, ASCII or not. */
static void
test_fold (void)
{
  static const char * const inputs[] = {
    "", "ola nordmann", "Ola NORDMANN", "KARI@EXAMPLE.NO", "ÅSE Ødegård", "Bjørn ÆSÆ",
    "STRAßE", "İstanbul", "ǅemal", "0047 912 34 567", "A\tB",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *expected = g_utf8_casefold (inputs[i], -1);
      g_autofree char *folded = cube_fold (inputs[i]);

      g_test_message ("\"%s\"", inputs[i]);
      g_assert_cmpstr (folded, ==, expected);
    }
  {
    g_autofree char *folded = cube_fold (NULL);
    g_assert_cmpstr (folded, ==, "");
  }
  g_assert_true (cube_is_ascii ("Ola Nordmann 12"));
  g_assert_false (cube_is_ascii ("Åse"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/phone/table", test_phone_table);
  g_test_add_func ("/validate/phone/field-name", test_phone_field_name);
  g_test_add_func ("/validate/phone/digits", test_phone_digits);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/customer-key/trim", test_customer_key_trim);
  g_test_add_func ("/validate/customer-key/empty", test_customer_key_empty);
  g_test_add_func ("/validate/customer-key/unicode", test_customer_key_unicode);
  g_test_add_func ("/validate/customer-key/length", test_customer_key_length);
  g_test_add_func ("/validate/customer-key/control", test_customer_key_control);
  g_test_add_func ("/validate/field/text", test_field_text);
  g_test_add_func ("/validate/field/multiline", test_field_multiline);
  g_test_add_func ("/validate/field/number", test_field_number);
  g_test_add_func ("/validate/field/date", test_field_date);
  g_test_add_func ("/validate/field/email", test_field_email);
  g_test_add_func ("/validate/field/phone", test_field_phone);
  g_test_add_func ("/validate/field/link", test_field_link);
  g_test_add_func ("/validate/field/choice", test_field_choice);
  g_test_add_func ("/validate/field/yes-no", test_field_yes_no);
  g_test_add_func ("/validate/field-key", test_field_key);
  g_test_add_func ("/validate/parse-time", test_parse_time);
  g_test_add_func ("/validate/fold", test_fold);

  return g_test_run ();
}
