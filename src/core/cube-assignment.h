/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* A campaign over one dataset (oppdrag). Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_ASSIGNMENT (cube_assignment_get_type ())
G_DECLARE_FINAL_TYPE (CubeAssignment, cube_assignment, CUBE, ASSIGNMENT, GObject)

/* Row id. */
gint64 cube_assignment_get_id (CubeAssignment *self);
/* Dataset id. */
gint64 cube_assignment_get_dataset_id (CubeAssignment *self);
/* Name. */
const char * cube_assignment_get_name (CubeAssignment *self);
/* Archived. */
gboolean cube_assignment_get_archived (CubeAssignment *self);

G_END_DECLS
