/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* CRM settings (CRM-innstillinger): the custom fields of a data owner's
 * dataset in their order, to add, edit, reorder, archive and restore. */
#define CUBE_TYPE_CRM_SETTINGS_WINDOW (cube_crm_settings_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeCrmSettingsWindow, cube_crm_settings_window, CUBE, CRM_SETTINGS_WINDOW, GtkWindow)

GtkWidget *cube_crm_settings_window_new     (CubeContext *context);

/* Opens the window transient for @parent, or raises it when it is already
 * open. */
void       cube_crm_settings_window_present (GtkWindow   *parent,
                                             CubeContext *context);

G_END_DECLS
