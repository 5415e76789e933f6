/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* A user, identified by login, with permissions. Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_USER (cube_user_get_type ())
G_DECLARE_FINAL_TYPE (CubeUser, cube_user, CUBE, USER, GObject)

/* Row id. */
gint64 cube_user_get_id (CubeUser *self);
/* Login. */
const char * cube_user_get_login (CubeUser *self);
/* Display name. */
const char * cube_user_get_name (CubeUser *self);
/* Permissions. */
CubePermissions cube_user_get_permissions (CubeUser *self);
/* Archived. */
gboolean cube_user_get_archived (CubeUser *self);

G_END_DECLS
