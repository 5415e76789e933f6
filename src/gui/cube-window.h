/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* The main window: menubar, customer search and table. */
#define CUBE_TYPE_WINDOW (cube_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeWindow, cube_window, CUBE, WINDOW, GtkApplicationWindow)

GtkWidget *cube_window_new               (GtkApplication *application,
                                          CubeContext    *context);
/* Shows a short confirmation in the window ("Kunde 12345 er lagt til"). */
void       cube_window_show_confirmation (CubeWindow     *self,
                                          const char     *message);
/* Opens a customer in the details view. */
void       cube_window_open_details      (CubeWindow     *self,
                                          gint64          customer_id);

/* Opens the import window on @file ("Importer fra Excel…", a dropped file). */
void       cube_window_import_file       (CubeWindow     *self,
                                          GFile          *file);
/* Lists only the customers import @import_id added or updated, with a bar
 * to show all again (0: every customer). */
void       cube_window_show_import       (CubeWindow     *self,
                                          gint64          import_id);

G_END_DECLS
