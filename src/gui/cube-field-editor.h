/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* The editor of one custom field of a dataset (CRM settings): label, key
 * (derived from the label for a new field), help text, type, required,
 * unique-if-filled and the options of a choice field. Saving goes through
 * the core, whose refusals show next to the field they name. */
#define CUBE_TYPE_FIELD_EDITOR (cube_field_editor_get_type ())
G_DECLARE_FINAL_TYPE (CubeFieldEditor, cube_field_editor, CUBE, FIELD_EDITOR, GtkWindow)

/* An editor for a new field of @dataset_id, or for @field when not NULL. */
GtkWidget    *cube_field_editor_new        (CubeContext     *context,
                                            gint64           dataset_id,
                                            CubeFieldDef    *field);
/* The field as last saved (NULL for a new field not saved yet). */
CubeFieldDef *cube_field_editor_get_field  (CubeFieldEditor *self);
/* The user's word for a field type ("Text", "Yes/no"…), translated. */

G_END_DECLS
