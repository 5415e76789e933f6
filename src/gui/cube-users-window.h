/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Users and their permissions: a table with a checkbox per permission,
 * the selected user's name, archive and restore, and a user added by login. */
#define CUBE_TYPE_USERS_WINDOW (cube_users_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeUsersWindow, cube_users_window, CUBE, USERS_WINDOW, GtkWindow)

/* A new users window on @context's store. */
GtkWidget *cube_users_window_new     (CubeContext *context);

/* Users and their permissions. Opens the window transient for @parent, or raises it when it is
 * already open. */
void       cube_users_window_present (GtkWindow   *parent,
                                      CubeContext *context);

G_END_DECLS
