/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>

#include "cube-types.h"

static const char * const dataset_kinds[] = { "b2b", "b2c", NULL };
static const char * const field_types[] = {
  "text", "multiline", "number", "date", "email", "phone", "link", "choice", "yesno", NULL
};
static const char * const outcome_kinds[] = { "progress", "attempt", NULL };
static const char * const visibilities[] = { "all", "chosen", NULL };
static const char * const sources[] = { "manual", "import", "api", "demo", NULL };
static const char * const statuses[] = { "available", "locked", "closed", NULL };

static gboolean
lookup (const char * const *names,
        const char         *str,
        int                *value)
{
  if (str == NULL)
    return FALSE;
  for (int i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], str) == 0)
      {
        *value = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cube_dataset_kind_to_string (CubeDatasetKind kind)
{
  g_return_val_if_fail (kind <= CUBE_DATASET_B2C, NULL);
  return dataset_kinds[kind];
}

gboolean
cube_dataset_kind_from_string (const char      *str,
                               CubeDatasetKind *kind)
{
  int v;
  if (!lookup (dataset_kinds, str, &v))
    return FALSE;
  *kind = v;
  return TRUE;
}

const char *
cube_field_type_to_string (CubeFieldType type)
{
  g_return_val_if_fail (type <= CUBE_FIELD_YES_NO, NULL);
  return field_types[type];
}

gboolean
cube_field_type_from_string (const char    *str,
                             CubeFieldType *type)
{
  int v;
  if (!lookup (field_types, str, &v))
    return FALSE;
  *type = v;
  return TRUE;
}

const char *
cube_outcome_kind_to_string (CubeOutcomeKind kind)
{
  g_return_val_if_fail (kind <= CUBE_OUTCOME_ATTEMPT, NULL);
  return outcome_kinds[kind];
}

gboolean
cube_outcome_kind_from_string (const char      *str,
                               CubeOutcomeKind *kind)
{
  int v;
  if (!lookup (outcome_kinds, str, &v))
    return FALSE;
  *kind = v;
  return TRUE;
}

const char *
cube_source_to_string (CubeSource source)
{
  g_return_val_if_fail (source <= CUBE_SOURCE_DEMO, NULL);
  return sources[source];
}

const char *
cube_status_to_string (CubeCustomerStatus status)
{
  g_return_val_if_fail (status <= CUBE_STATUS_CLOSED, NULL);
  return statuses[status];
}

const char *
cube_visibility_to_string (CubeVisibility visibility)
{
  g_return_val_if_fail (visibility <= CUBE_VISIBILITY_CHOSEN, NULL);
  return visibilities[visibility];
}

gboolean
cube_visibility_from_string (const char     *str,
                             CubeVisibility *visibility)
{
  int v;
  if (!lookup (visibilities, str, &v))
    return FALSE;
  *visibility = v;
  return TRUE;
}

const char *
cube_field_type_get_display_name (CubeFieldType type)
{
  switch (type)
    {
    case CUBE_FIELD_TEXT:
      return _("Text");
    case CUBE_FIELD_MULTILINE:
      return _("Multiple lines");
    case CUBE_FIELD_NUMBER:
      return _("Number");
    case CUBE_FIELD_DATE:
      return _("Date");
    case CUBE_FIELD_EMAIL:
      return _("E-mail");
    case CUBE_FIELD_PHONE:
      return _("Phone");
    case CUBE_FIELD_LINK:
      return _("Link");
    case CUBE_FIELD_CHOICE:
      return _("Choice");
    case CUBE_FIELD_YES_NO:
      return _("Yes/no");
    default:
      return "";
    }
}
