/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* One change in a customer's history. Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_EVENT (cube_event_get_type ())
G_DECLARE_FINAL_TYPE (CubeEvent, cube_event, CUBE, EVENT, GObject)

/* Row id. */
gint64 cube_event_get_id (CubeEvent *self);
/* Customer id. */
gint64 cube_event_get_customer_id (CubeEvent *self);
/* When (Unix time). */
gint64 cube_event_get_at (CubeEvent *self);
/* Who. */
const char * cube_event_get_login (CubeEvent *self);
/* created, edited, locked, released, outcome, corrected, moved. */
const char * cube_event_get_kind (CubeEvent *self);
/* Source of a created event. */
const char * cube_event_get_source (CubeEvent *self);
/* Field of an edit. */
const char * cube_event_get_field (CubeEvent *self);
/* Old value. */
const char * cube_event_get_old_value (CubeEvent *self);
/* New value. */
const char * cube_event_get_new_value (CubeEvent *self);
/* Outcome label. */
const char * cube_event_get_outcome (CubeEvent *self);
/* Comment. */
const char * cube_event_get_comment (CubeEvent *self);
/* Follow-up time, 0 for none. */
gint64 cube_event_get_follow_up_at (CubeEvent *self);
/* For a corrected event: the id of the outcome event it corrects, else 0. */
gint64 cube_event_get_corrects_id (CubeEvent *self);

G_END_DECLS
