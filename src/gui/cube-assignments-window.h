/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Assignments (oppdrag) and their outcomes (utfall). Opens the window transient for @parent, or raises it when it is
 * already open. */
void cube_assignments_window_present (GtkWindow   *parent,
                               CubeContext *context);

G_END_DECLS
