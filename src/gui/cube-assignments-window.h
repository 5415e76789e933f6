/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Assignments (oppdrag): the list with their dataset, dates and who sees
 * them, created and changed in the assignment editor, archived and
 * restored; and the selected assignment's outcomes (utfall) in their order. */
#define CUBE_TYPE_ASSIGNMENTS_WINDOW (cube_assignments_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeAssignmentsWindow, cube_assignments_window, CUBE, ASSIGNMENTS_WINDOW, GtkWindow)

/* A new assignments window on @context's store. */
GtkWidget *cube_assignments_window_new     (CubeContext *context);

/* Assignments (oppdrag) and their outcomes (utfall). Opens the window transient for @parent, or raises it when it is
 * already open. */
void       cube_assignments_window_present (GtkWindow   *parent,
                                            CubeContext *context);

G_END_DECLS
