/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* A person or company in a dataset (kunde). Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_CUSTOMER (cube_customer_get_type ())
G_DECLARE_FINAL_TYPE (CubeCustomer, cube_customer, CUBE, CUSTOMER, GObject)

/* Row id. */
gint64 cube_customer_get_id (CubeCustomer *self);
/* Dataset id. */
gint64 cube_customer_get_dataset_id (CubeCustomer *self);
/* Assignment id. */
gint64 cube_customer_get_assignment_id (CubeCustomer *self);
/* Assignment name. */
const char * cube_customer_get_assignment_name (CubeCustomer *self);
/* Kundeid. */
const char * cube_customer_get_customer_key (CubeCustomer *self);
/* Name. */
const char * cube_customer_get_name (CubeCustomer *self);
/* E-mail. */
const char * cube_customer_get_email (CubeCustomer *self);
/* Phone numbers in E.164. */
const char * const * cube_customer_get_phones (CubeCustomer *self);
/* Custom field values by key. */
GHashTable * cube_customer_get_fields (CubeCustomer *self);
/* Status. */
CubeCustomerStatus cube_customer_get_status (CubeCustomer *self);
/* Login holding the lock. */
const char * cube_customer_get_locked_by (CubeCustomer *self);
/* When the lock lease ends (Unix time). */
gint64 cube_customer_get_lock_expires (CubeCustomer *self);
/* Attempts counted. */
int cube_customer_get_attempts (CubeCustomer *self);
/* Label of the last outcome. */
const char * cube_customer_get_last_outcome (CubeCustomer *self);
/* Follow-up time (Unix time), 0 for none. */
gint64 cube_customer_get_follow_up_at (CubeCustomer *self);
/* Last change (Unix time). */
gint64 cube_customer_get_updated_at (CubeCustomer *self);
/* Login of the last change. */
const char * cube_customer_get_updated_by (CubeCustomer *self);

G_END_DECLS
