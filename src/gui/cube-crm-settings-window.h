/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* CRM settings (CRM-innstillinger): a dataset's custom fields, to add, edit, reorder, archive and restore. Opens the window transient for @parent, or raises it when it is
 * already open. */
void cube_crm_settings_window_present (GtkWindow   *parent,
                               CubeContext *context);

G_END_DECLS
