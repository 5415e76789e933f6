/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-error.h"

typedef struct {
  char   *field;
  gint64  existing_customer_id;
} CubeErrorPrivate;

static void
cube_error_private_init (CubeErrorPrivate *priv)
{
  priv->field = NULL;
  priv->existing_customer_id = 0;
}

static void
cube_error_private_copy (const CubeErrorPrivate *src,
                         CubeErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->existing_customer_id = src->existing_customer_id;
}

static void
cube_error_private_clear (CubeErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (CubeError, cube_error)

void
cube_set_error (GError      **error,
                CubeErrorCode code,
                const char   *field,
                const char   *format,
                ...)
{
  va_list args;
  g_autofree char *message = NULL;
  GError *new_error;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (CUBE_ERROR, code, message);
  cube_error_get_private (new_error)->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

const char *
cube_error_get_field (const GError *error)
{
  CubeErrorPrivate *priv;

  if (error == NULL || error->domain != CUBE_ERROR)
    return NULL;
  priv = cube_error_get_private (error);
  return priv ? priv->field : NULL;
}

gint64
cube_error_get_existing_customer_id (const GError *error)
{
  CubeErrorPrivate *priv;

  if (error == NULL || error->domain != CUBE_ERROR)
    return 0;
  priv = cube_error_get_private (error);
  return priv ? priv->existing_customer_id : 0;
}

void
cube_error_set_existing_customer_id (GError *error,
                                     gint64  customer_id)
{
  CubeErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == CUBE_ERROR);
  priv = cube_error_get_private (error);
  priv->existing_customer_id = customer_id;
}
