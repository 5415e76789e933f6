/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CUBE_ERROR (cube_error_quark ())

/* What went wrong, in the terms a caller acts on (cube-cli maps them to exit
 * statuses: validation 1, conflict 3, not found 4, permission 5). */
typedef enum {
  CUBE_ERROR_VALIDATION,
  CUBE_ERROR_CONFLICT,
  CUBE_ERROR_NOT_FOUND,
  CUBE_ERROR_PERMISSION,
  CUBE_ERROR_DATABASE,
} CubeErrorCode;

GQuark       cube_error_quark                    (void);

/* Sets @error in CUBE_ERROR naming @field (a field key such as "customer_key",
 * "email", "phone2" or a custom field key; may be NULL). */
void         cube_set_error                      (GError      **error,
                                                  CubeErrorCode code,
                                                  const char   *field,
                                                  const char   *format,
                                                  ...) G_GNUC_PRINTF (4, 5);

/* The key of the field a CUBE_ERROR names, or NULL. */
const char  *cube_error_get_field                (const GError *error);

/* For a conflict on a duplicate Kundeid or a unique field: the id of the
 * customer that already has the value, or 0. */
gint64       cube_error_get_existing_customer_id (const GError *error);
void         cube_error_set_existing_customer_id (GError       *error,
                                                  gint64        customer_id);

G_END_DECLS
