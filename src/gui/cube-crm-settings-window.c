/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the window lands; replaced in that change. */
#include "cube-crm-settings-window.h"

void
cube_crm_settings_window_present (GtkWindow   *parent,
                               CubeContext *context)
{
}
