/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CUBE_DATASET_B2B,
  CUBE_DATASET_B2C,
} CubeDatasetKind;

typedef enum {
  CUBE_FIELD_TEXT,
  CUBE_FIELD_MULTILINE,
  CUBE_FIELD_NUMBER,
  CUBE_FIELD_DATE,
  CUBE_FIELD_EMAIL,
  CUBE_FIELD_PHONE,
  CUBE_FIELD_LINK,
  CUBE_FIELD_CHOICE,
  CUBE_FIELD_YES_NO,
} CubeFieldType;

typedef enum {
  CUBE_OUTCOME_PROGRESS,
  CUBE_OUTCOME_ATTEMPT,
} CubeOutcomeKind;

/* How a customer came in; recorded on its created event. */
typedef enum {
  CUBE_SOURCE_MANUAL,
  CUBE_SOURCE_IMPORT,
  CUBE_SOURCE_API,
  CUBE_SOURCE_DEMO,
} CubeSource;

typedef enum {
  CUBE_STATUS_AVAILABLE,
  CUBE_STATUS_LOCKED,
  CUBE_STATUS_CLOSED,
} CubeCustomerStatus;

/* Who may see and work an assignment. */
typedef enum {
  CUBE_VISIBILITY_ALL,     /* every user with customer handling */
  CUBE_VISIBILITY_CHOSEN,  /* only the users chosen for it (and supervisors) */
} CubeVisibility;

/* The product's permission checkboxes. */
typedef enum {
  CUBE_PERMISSION_NONE                       = 0,
  CUBE_PERMISSION_ADMINISTRATOR              = 1 << 0,
  CUBE_PERMISSION_ASSIGNMENT_SETUP           = 1 << 1,
  CUBE_PERMISSION_REPORTING                  = 1 << 2,
  CUBE_PERMISSION_CUSTOMER_HANDLING          = 1 << 3,
  CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING = 1 << 4,
  CUBE_PERMISSION_CORRECT_OUTCOMES           = 1 << 5,
  CUBE_PERMISSION_ALL                        = (1 << 6) - 1,
} CubePermissions;

/* Stable names used in the database, on the command line and in JSON. */
const char *cube_dataset_kind_to_string   (CubeDatasetKind     kind);
gboolean    cube_dataset_kind_from_string (const char         *str,
                                           CubeDatasetKind    *kind);
const char *cube_field_type_to_string     (CubeFieldType       type);
/* The type as users see it, translated ("Tekst", "Flere linjer", …). */
const char *cube_field_type_get_display_name (CubeFieldType  type);
gboolean    cube_field_type_from_string   (const char         *str,
                                           CubeFieldType      *type);
const char *cube_outcome_kind_to_string   (CubeOutcomeKind     kind);
gboolean    cube_outcome_kind_from_string (const char         *str,
                                           CubeOutcomeKind    *kind);
const char *cube_visibility_to_string     (CubeVisibility      visibility);
gboolean    cube_visibility_from_string   (const char         *str,
                                           CubeVisibility     *visibility);
const char *cube_source_to_string         (CubeSource          source);
const char *cube_status_to_string         (CubeCustomerStatus  status);

G_END_DECLS
