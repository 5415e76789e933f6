/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the window lands; replaced in that change. */
#include "cube-data-owners-window.h"

void
cube_data_owners_window_present (GtkWindow   *parent,
                               CubeContext *context)
{
}
