/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "cube-error.h"
#include "cube-validate.h"

/* Control, format (zero-width, bidi overrides) and line/paragraph
 * separators: invisible in a list, so never part of a one-line value. */
static gboolean
is_hidden_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The ASCII checks below answer as their Unicode counterparts for ASCII
 * text, which is most of what an import brings, without decoding it
 * character by character (an import of a million rows checks each value). */
#define IS_ASCII_CONTROL(b) ((guchar) (b) < 0x20 || (b) == 0x7f)

gboolean
cube_is_ascii (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

char *
cube_fold (const char *s)
{
  if (s == NULL)
    s = "";
  /* Case folding maps ASCII letters as g_ascii_strdown does. */
  if (cube_is_ascii (s))
    return g_ascii_strdown (s, -1);
  return g_utf8_casefold (s, -1);
}

static gboolean
has_control_chars (const char *s)
{
  for (const char *p = s; *p;)
    {
      if ((guchar) *p < 0x80)
        {
          if (IS_ASCII_CONTROL (*p))
            return TRUE;
          p++;
          continue;
        }
      if (is_hidden_char (g_utf8_get_char (p)))
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

/* Text on one line: no control characters or line separators. */
static gboolean
has_line_breaks (const char *s)
{
  for (const char *p = s; *p;)
    {
      GUnicodeType type;

      if ((guchar) *p < 0x80)
        {
          if (IS_ASCII_CONTROL (*p))
            return TRUE;
          p++;
          continue;
        }
      type = g_unichar_type (g_utf8_get_char (p));
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR
          || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

/* Trims Unicode white space (no-break spaces too) from both ends of @s,
 * which must be valid UTF-8; returns a new string. */
static char *
strip_unicode (const char *s)
{
  const char *start = s;
  const char *end = s + strlen (s);

  while (*start && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);
      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

char *
cube_validate_customer_key (const char  *value,
                            GError     **error)
{
  g_autofree char *key = NULL;

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "customer_key",
                      _("Customer ID is not valid text"));
      return NULL;
    }
  /* One id, one spelling: "ab" typed and "ab" pasted with a no-break space
   * or in decomposed form are the same customer. (ASCII is in NFC.) */
  {
    g_autofree char *stripped = strip_unicode (value ? value : "");
    key = cube_is_ascii (stripped) ? g_steal_pointer (&stripped) : g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
  }
  if (key[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "customer_key",
                      _("Customer ID is required"));
      return NULL;
    }
  if (g_utf8_strlen (key, -1) > CUBE_CUSTOMER_KEY_MAX)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "customer_key",
                      _("Customer ID can be at most %d characters"), CUBE_CUSTOMER_KEY_MAX);
      return NULL;
    }
  if (has_control_chars (key))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "customer_key",
                      _("Customer ID cannot contain control characters"));
      return NULL;
    }
  return g_steal_pointer (&key);
}

char *
cube_validate_email (const char  *value,
                     const char  *field,
                     const char  *label,
                     GError     **error)
{
  g_autofree char *email = g_strstrip (g_strdup (value ? value : ""));
  const char *at;
  const char *domain;
  const char *dot;

  if (email[0] == '\0')
    return g_steal_pointer (&email);

  at = strchr (email, '@');
  domain = at ? at + 1 : NULL;
  dot = domain ? strchr (domain, '.') : NULL;
  if (!g_utf8_validate (email, -1, NULL)
      || at == NULL || at == email
      || strchr (domain, '@') != NULL
      || dot == NULL || dot == domain
      || domain[strlen (domain) - 1] == '.'
      || strpbrk (email, " \t\r\n") != NULL
      || has_control_chars (email))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                      _("%s is not a valid e-mail address"), label);
      return NULL;
    }
  /* Domains ignore case; one spelling keeps unique-if-filled honest. */
  if (cube_is_ascii (domain))
    {
      for (char *p = email + (domain - email); *p; p++)
        *p = g_ascii_tolower (*p);
      return g_steal_pointer (&email);
    }
  {
    g_autofree char *local = g_strndup (email, at - email);
    g_autofree char *lower = g_utf8_strdown (domain, -1);
    return g_strconcat (local, "@", lower, NULL);
  }
}

char *
cube_phone_digits (const char *value)
{
  GString *digits = g_string_new (NULL);
  const char *p = value ? value : "";

  for (; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  /* "0047…" is the same as "+47…" */
  if (g_str_has_prefix (digits->str, "00"))
    g_string_erase (digits, 0, 2);
  return g_string_free (digits, FALSE);
}

char *
cube_normalize_phone (const char  *value,
                      const char  *field,
                      const char  *label,
                      GError     **error)
{
  /* "+", the digits (a valid number has at most 15; more than the buffer
   * holds cannot become valid), NUL. */
  char number[2 + 40] = "+";
  char *digits = number + 1;
  gsize len = 0;
  gboolean international = FALSE;
  const char *p = value ? value : "";

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+')
    {
      international = TRUE;
      p++;
    }
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (len == 40)
            goto invalid;
          digits[len++] = *p;
        }
      else if (strchr (" -.()/\t", *p) == NULL)
        goto invalid;
    }
  digits[len] = '\0';

  if (!international && len >= 2 && digits[0] == '0' && digits[1] == '0')
    {
      international = TRUE;
      memmove (digits, digits + 2, len - 1);
      len -= 2;
    }

  if (!international)
    {
      /* A Norwegian number has eight digits; "47" + eight is the same number
       * written with its country code. */
      if (len == 10 && digits[0] == '4' && digits[1] == '7')
        {
          memmove (digits, digits + 2, len - 1);
          len -= 2;
        }
      if (len != 8)
        goto invalid;
      memmove (digits + 2, digits, len + 1);
      digits[0] = '4';
      digits[1] = '7';
      len += 2;
    }

  if (len < 8 || len > 15 || digits[0] == '0')
    goto invalid;
  if (digits[0] == '4' && digits[1] == '7' && len != 10)
    goto invalid;

  return g_strndup (number, len + 1);

invalid:
  cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                  _("%s is not a valid phone number"), label);
  return NULL;
}

/* A number in one canonical spelling, so that unique-if-filled sees
 * "1 000", "1000,0" and "1000" as the same value: optional sign, digits
 * (spaces and no-break spaces group thousands), one decimal comma or point.
 * No exponents: nobody types 1e3 for a thousand. */
static char *
normalize_number (const char *value)
{
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  gboolean negative = FALSE, seen_point = FALSE, seen_digit = FALSE;
  const char *p = value;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (seen_point ? fraction : whole, (char) c);
          seen_digit = TRUE;
        }
      else if ((c == ',' || c == '.') && !seen_point)
        seen_point = TRUE;
      else if ((c == ' ' || c == 0xA0 || c == 0x202F) && !seen_point && seen_digit)
        continue;
      else
        return NULL;
    }
  if (!seen_digit)
    return NULL;
  while (whole->len > 1 && whole->str[0] == '0')
    g_string_erase (whole, 0, 1);
  if (whole->len == 0)
    g_string_append_c (whole, '0');
  while (fraction->len > 0 && fraction->str[fraction->len - 1] == '0')
    g_string_truncate (fraction, fraction->len - 1);
  if (strcmp (whole->str, "0") == 0 && fraction->len == 0)
    negative = FALSE;
  return g_strdup_printf ("%s%s%s%s", negative ? "-" : "", whole->str,
                          fraction->len ? "." : "", fraction->str);
}

/* Reads exactly @width digits (or 1..@width when @width is negative) at *@p. */
static gboolean
read_digits (const char **p,
             int          width,
             int         *out)
{
  int n = 0, max = ABS (width);

  *out = 0;
  while (n < max && g_ascii_isdigit ((*p)[0]))
    {
      *out = *out * 10 + ((*p)[0] - '0');
      (*p)++;
      n++;
    }
  return width < 0 ? n > 0 : n == width;
}

/* YYYY-MM-DD or D.M.YYYY (dd.mm.åååå), nothing else. */
static char *
normalize_date (const char *value)
{
  const char *p = value;
  int y = 0, m = 0, d = 0;

  if (read_digits (&p, 4, &y) && *p == '-')
    {
      p++;
      if (!read_digits (&p, -2, &m) || *p++ != '-' || !read_digits (&p, -2, &d) || *p != '\0')
        return NULL;
    }
  else
    {
      p = value;
      if (!read_digits (&p, -2, &d) || *p++ != '.' || !read_digits (&p, -2, &m) || *p++ != '.'
          || !read_digits (&p, 4, &y) || *p != '\0')
        return NULL;
    }
  if (y < 1 || y > 9999 || !g_date_valid_dmy (d, m, y))
    return NULL;
  {
    /* "%04d-%02d-%02d" without printf: an import formats a date a row. */
    char stored[11] = {
      '0' + y / 1000, '0' + y / 100 % 10, '0' + y / 10 % 10, '0' + y % 10, '-',
      '0' + m / 10, '0' + m % 10, '-', '0' + d / 10, '0' + d % 10, '\0'
    };

    return g_strdup (stored);
  }
}

static char *
normalize_link (const char *value)
{
  g_autofree char *uri = NULL;
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  if (strpbrk (value, " \t\r\n") != NULL)
    return NULL;
  if (strstr (value, "://") == NULL)
    uri = g_strconcat ("https://", value, NULL);
  else
    uri = g_strdup (value);
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return NULL;
  scheme = g_uri_get_scheme (parsed);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (parsed) == NULL || strchr (g_uri_get_host (parsed), '.') == NULL)
    return NULL;
  return g_steal_pointer (&uri);
}

static char *
normalize_yes_no (const char *value)
{
  static const char * const yes[] = { "ja", "yes", "true", "1", "j", "y", NULL };
  static const char * const no[] = { "nei", "no", "false", "0", "n", NULL };

  for (int i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (value, yes[i]) == 0)
      return g_strdup ("1");
  for (int i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (value, no[i]) == 0)
      return g_strdup ("0");
  return NULL;
}

static char *
normalize_choice (CubeFieldDef *field,
                  const char   *value)
{
  const char * const *options = cube_field_def_get_options (field);
  g_autofree char *folded = NULL;

  /* Mostly as written in the settings. */
  for (guint i = 0; options && options[i]; i++)
    if (strcmp (options[i], value) == 0)
      return g_strdup (options[i]);
  folded = cube_fold (value);
  for (guint i = 0; options && options[i]; i++)
    {
      g_autofree char *option = cube_fold (options[i]);
      if (g_strcmp0 (option, folded) == 0)
        return g_strdup (options[i]);
    }
  return NULL;
}

char *
cube_validate_field_value (CubeFieldDef  *field,
                           const char    *value,
                           GError       **error)
{
  const char *key = cube_field_def_get_key (field);
  const char *label = cube_field_def_get_label (field);
  CubeFieldType type = cube_field_def_get_field_type (field);
  g_autofree char *text = NULL;
  char *result = NULL;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      if (value == NULL)
        return g_strdup ("");
      cube_set_error (error, CUBE_ERROR_VALIDATION, key, _("%s is not valid text"), label);
      return NULL;
    }

  /* Multiline text keeps its inner layout; everything else is trimmed. */
  text = g_strdup (value);
  if (type != CUBE_FIELD_MULTILINE)
    g_strstrip (text);
  else if (strspn (text, " \t\n\r\f\v") == strlen (text))
    text[0] = '\0';
  if (text[0] == '\0')
    return g_steal_pointer (&text);

  switch (type)
    {
    case CUBE_FIELD_TEXT:
      if (has_line_breaks (text))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                          _("%s must be a single line of text"), label);
          return NULL;
        }
      return g_steal_pointer (&text);

    case CUBE_FIELD_MULTILINE:
      return g_steal_pointer (&text);

    case CUBE_FIELD_NUMBER:
      if ((result = normalize_number (text)) == NULL)
        cube_set_error (error, CUBE_ERROR_VALIDATION, key, _("%s must be a number"), label);
      return result;

    case CUBE_FIELD_DATE:
      if ((result = normalize_date (text)) == NULL)
        cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                        _("%s must be a date (dd.mm.yyyy)"), label);
      return result;

    case CUBE_FIELD_EMAIL:
      return cube_validate_email (text, key, label, error);

    case CUBE_FIELD_PHONE:
      return cube_normalize_phone (text, key, label, error);

    case CUBE_FIELD_LINK:
      if ((result = normalize_link (text)) == NULL)
        cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                        _("%s must be a web address"), label);
      return result;

    case CUBE_FIELD_CHOICE:
      if ((result = normalize_choice (field, text)) == NULL)
        cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                        _("%s must be one of the listed choices"), label);
      return result;

    case CUBE_FIELD_YES_NO:
      if ((result = normalize_yes_no (text)) == NULL)
        cube_set_error (error, CUBE_ERROR_VALIDATION, key, _("%s must be yes or no"), label);
      return result;

    default:
      g_assert_not_reached ();
    }
}

gboolean
cube_validate_field_key (const char  *key,
                         GError     **error)
{
  gsize len = key ? strlen (key) : 0;

  if (len == 0 || len > 64 || !g_ascii_islower (key[0]))
    goto invalid;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (key[i]) && !g_ascii_isdigit (key[i]) && key[i] != '_')
      goto invalid;
  return TRUE;

invalid:
  cube_set_error (error, CUBE_ERROR_VALIDATION, "key",
                  _("A field key must start with a letter a–z and contain only a–z, 0–9 and _"));
  return FALSE;
}

gint64
cube_parse_time (const char *text)
{
  int y, mo, d, h = 0, mi = 0;
  char tail = 0;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (text == NULL)
    return -1;
  if (sscanf (text, "%4d-%2d-%2d %2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) == 5
      || sscanf (text, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) == 5
      || sscanf (text, "%2d.%2d.%4d %2d:%2d%c", &d, &mo, &y, &h, &mi, &tail) == 5)
    {
      if (!g_date_valid_dmy (d, mo, y) || h < 0 || h > 23 || mi < 0 || mi > 59)
        return -1;
      tz = g_time_zone_new_local ();
      dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
      return dt ? g_date_time_to_unix (dt) : -1;
    }
  tz = g_time_zone_new_local ();
  dt = g_date_time_new_from_iso8601 (text, tz);
  return dt ? g_date_time_to_unix (dt) : -1;
}

char *
cube_field_key_from_label (const char *label)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  GString *spelled = g_string_new (NULL);

  /* g_str_to_ascii() would turn æ into "ae" but ø and å into "?" in some
   * locales; spell the Norwegian letters out first. */
  for (const char *p = label ? label : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case 0x00E6: case 0x00C6: g_string_append (spelled, "ae"); break;
        case 0x00F8: case 0x00D8: g_string_append (spelled, "o"); break;
        case 0x00E5: case 0x00C5: g_string_append (spelled, "a"); break;
        default: g_string_append_unichar (spelled, c); break;
        }
    }
  ascii = g_str_to_ascii (spelled->str, "C");
  g_string_free (spelled, TRUE);

  for (const char *p = ascii; *p && key->len < 64; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_islower (c) || g_ascii_isdigit (c))
        g_string_append_c (key, c);
      else if (key->len > 0 && key->str[key->len - 1] != '_')
        g_string_append_c (key, '_');
    }
  while (key->len > 0 && key->str[key->len - 1] == '_')
    g_string_truncate (key, key->len - 1);
  if (key->len == 0)
    g_string_assign (key, "field");
  else if (!g_ascii_islower (key->str[0]))
    {
      g_string_prepend (key, "field_");
      g_string_truncate (key, MIN (key->len, 64));
    }
  return g_string_free (g_steal_pointer (&key), FALSE);
}

char *
cube_normalize_date (const char  *value,
                     const char  *field,
                     const char  *label,
                     GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value ? value : ""));
  char *result = text[0] != '\0' ? normalize_date (text) : NULL;

  if (result == NULL)
    cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                    _("%s must be a date (dd.mm.yyyy)"), label);
  return result;
}
