/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Data owners (dataeiere): their name, behandlingsansvarlig and formål, and
 * their B2B and B2C datasets. */
#define CUBE_TYPE_DATA_OWNERS_WINDOW (cube_data_owners_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeDataOwnersWindow, cube_data_owners_window, CUBE, DATA_OWNERS_WINDOW, GtkWindow)

/* A new data owners window on @context's store. */
GtkWidget *cube_data_owners_window_new     (CubeContext *context);

/* Data owners (dataeiere) and their B2B and B2C datasets. Opens the window transient for @parent, or raises it when it is
 * already open. */
void       cube_data_owners_window_present (GtkWindow   *parent,
                                            CubeContext *context);

G_END_DECLS
