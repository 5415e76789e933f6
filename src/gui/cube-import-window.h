/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Imports a spreadsheet (.xlsx, .ods, .csv) into an assignment: choose the
 * assignment, sheet, header row, column mapping and duplicate rule, see a
 * preview, run the import in a thread with its progress, then see the
 * counts and the rejected rows. A file the reader refuses shows its
 * message. Emits ::show-customers (gint64 import id) when the user asks to
 * see the customers the import added or updated. */
#define CUBE_TYPE_IMPORT_WINDOW (cube_import_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeImportWindow, cube_import_window, CUBE, IMPORT_WINDOW, GtkWindow)

/* Opens @file for an import with @context's store and user. */
GtkWidget *cube_import_window_new            (CubeContext      *context,
                                              GFile            *file);
/* Whether the file was read (FALSE: the window shows why not). */
gboolean   cube_import_window_get_file_ok    (CubeImportWindow *self);
/* Writes the last run's rejection report to @path (CSV), as "Save
 * report…" does, and says so in the window. */
gboolean   cube_import_window_save_report    (CubeImportWindow *self,
                                              const char       *path,
                                              GError          **error);
/* Whether an import is running now. */
gboolean   cube_import_window_get_running    (CubeImportWindow *self);

G_END_DECLS
