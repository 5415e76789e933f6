/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* A custom information field of a dataset. Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_FIELD_DEF (cube_field_def_get_type ())
G_DECLARE_FINAL_TYPE (CubeFieldDef, cube_field_def, CUBE, FIELD_DEF, GObject)

/* Row id. */
gint64 cube_field_def_get_id (CubeFieldDef *self);
/* Dataset id. */
gint64 cube_field_def_get_dataset_id (CubeFieldDef *self);
/* Stable key. */
const char * cube_field_def_get_key (CubeFieldDef *self);
/* Label shown to users. */
const char * cube_field_def_get_label (CubeFieldDef *self);
/* Value type. */
CubeFieldType cube_field_def_get_field_type (CubeFieldDef *self);
/* Must be filled. */
gboolean cube_field_def_get_required (CubeFieldDef *self);
/* Unique within the dataset when filled. */
gboolean cube_field_def_get_unique (CubeFieldDef *self);
/* Help text. */
const char * cube_field_def_get_help (CubeFieldDef *self);
/* Order in forms. */
int cube_field_def_get_position (CubeFieldDef *self);
/* Hidden from forms. */
gboolean cube_field_def_get_archived (CubeFieldDef *self);
/* Options of a choice field. */
const char * const * cube_field_def_get_options (CubeFieldDef *self);

/* What forms show of @fields (CubeFieldDef) as one string: equal strings,
 * equal forms. Windows compare it to tell when the CRM settings changed,
 * here or in another process. */
char *cube_field_defs_signature (GPtrArray *fields);

G_END_DECLS
