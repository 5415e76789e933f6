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
/* All users or chosen users. */
CubeVisibility cube_assignment_get_visibility (CubeAssignment *self);
/* Logins of the chosen users (empty for all users). */
const char * const * cube_assignment_get_users (CubeAssignment *self);
/* First day it can be worked, YYYY-MM-DD, or NULL for no limit. */
const char * cube_assignment_get_active_from (CubeAssignment *self);
/* Last day it can be worked, YYYY-MM-DD, or NULL for no limit. */
const char * cube_assignment_get_active_until (CubeAssignment *self);
/* Attempts after which a customer is no longer offered; 0 for no limit. */
guint cube_assignment_get_attempt_limit (CubeAssignment *self);
/* Minutes after an attempt before the customer is offered again; 0 for none. */
guint cube_assignment_get_cooldown_minutes (CubeAssignment *self);

G_END_DECLS
