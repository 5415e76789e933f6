/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* What happened on a call (utfall). Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_OUTCOME (cube_outcome_get_type ())
G_DECLARE_FINAL_TYPE (CubeOutcome, cube_outcome, CUBE, OUTCOME, GObject)

/* Row id. */
gint64 cube_outcome_get_id (CubeOutcome *self);
/* Assignment id. */
gint64 cube_outcome_get_assignment_id (CubeOutcome *self);
/* Label. */
const char * cube_outcome_get_label (CubeOutcome *self);
/* Progress or attempt. */
CubeOutcomeKind cube_outcome_get_kind (CubeOutcome *self);
/* Takes the customer out of the pool. */
gboolean cube_outcome_get_closes (CubeOutcome *self);
/* Needs a follow-up time. */
gboolean cube_outcome_get_needs_time (CubeOutcome *self);
/* Order. */
int cube_outcome_get_position (CubeOutcome *self);
/* Archived. */
gboolean cube_outcome_get_archived (CubeOutcome *self);

G_END_DECLS
