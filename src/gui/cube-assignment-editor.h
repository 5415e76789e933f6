/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* The dialog that creates or changes an assignment: name, dataset (only
 * when it is created), who sees it, the dates it can be worked, the attempt
 * limit and the cool-down. Emits ::saved with the stored assignment. */
#define CUBE_TYPE_ASSIGNMENT_EDITOR (cube_assignment_editor_get_type ())
G_DECLARE_FINAL_TYPE (CubeAssignmentEditor, cube_assignment_editor, CUBE, ASSIGNMENT_EDITOR, GtkWindow)

/* An editor for @assignment, or for a new assignment when it is NULL. */
GtkWidget *cube_assignment_editor_new (CubeContext    *context,
                                       CubeAssignment *assignment);

G_END_DECLS
