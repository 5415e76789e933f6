/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* A company that owns customer data (dataeier). Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_DATA_OWNER (cube_data_owner_get_type ())
G_DECLARE_FINAL_TYPE (CubeDataOwner, cube_data_owner, CUBE, DATA_OWNER, GObject)

/* Row id. */
gint64 cube_data_owner_get_id (CubeDataOwner *self);
/* Name. */
const char * cube_data_owner_get_name (CubeDataOwner *self);
/* Behandlingsansvarlig (GDPR controller). */
const char * cube_data_owner_get_controller (CubeDataOwner *self);
/* Formål (GDPR purpose). */
const char * cube_data_owner_get_purpose (CubeDataOwner *self);

G_END_DECLS
