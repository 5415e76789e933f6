/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "cube-field-def.h"

G_BEGIN_DECLS

#define CUBE_CUSTOMER_KEY_MAX 100
#define CUBE_MAX_PHONES 3

/* The rules every way in shares. Each returns the stored form of the value
 * (newly allocated) or NULL with a CUBE_ERROR_VALIDATION naming the field.
 * @field is the key reported in the error; @label the user's word for it. */

/* Kundeid: trimmed, not empty, at most 100 characters, no control characters. */
char    *cube_validate_customer_key (const char     *value,
                                     GError        **error);

/* An e-mail address: one @, a dot in the domain, no spaces; trimmed. */
char    *cube_validate_email        (const char     *value,
                                     const char     *field,
                                     const char     *label,
                                     GError        **error);

/* A phone number in E.164, +47 when no country code is given. */
char    *cube_normalize_phone       (const char     *value,
                                     const char     *field,
                                     const char     *label,
                                     GError        **error);

/* The digits of a phone number or phone search text, for prefix search:
 * "+47 912" gives "47912"; "0047912" gives "47912". */
char    *cube_phone_digits          (const char     *value);

/* A value of a custom field checked against its type and options. Returns
 * "" for an empty value; the required rule is the caller's. */
char    *cube_validate_field_value  (CubeFieldDef   *field,
                                     const char     *value,
                                     GError        **error);

/* A field key: lower-case letters, digits and underscores, starting with a
 * letter, at most 64 characters. */
gboolean cube_validate_field_key    (const char     *key,
                                     GError        **error);

/* A field key made from a label: Norwegian letters spelled in ASCII, lower
 * case, other characters as "_" ("Fødselsdato" gives "fodselsdato"). Always
 * a valid key. */
char    *cube_field_key_from_label  (const char     *label);

/* A date (YYYY-MM-DD or dd.mm.yyyy) in its stored form YYYY-MM-DD. */
char    *cube_normalize_date        (const char     *value,
                                     const char     *field,
                                     const char     *label,
                                     GError        **error);

/* Whether @s (UTF-8) is all ASCII. */
gboolean cube_is_ascii              (const char     *s);

/* @s case-folded as g_utf8_casefold() does it (NULL as ""), ASCII
 * quicker. */
char    *cube_fold                  (const char     *s);

/* Parses "YYYY-MM-DD HH:MM" (or an ISO 8601 time) in local time to Unix
 * time; -1 when it cannot be parsed. */
gint64   cube_parse_time            (const char     *text);

G_END_DECLS
