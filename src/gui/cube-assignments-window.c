/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the window lands; replaced in that change. */
#include "cube-assignments-window.h"

void
cube_assignments_window_present (GtkWindow   *parent,
                               CubeContext *context)
{
}
