/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the real class lands; replaced in this change. */
#include "cube-window.h"

struct _CubeWindow
{
  GtkApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CubeWindow, cube_window, GTK_TYPE_APPLICATION_WINDOW)

static void
cube_window_class_init (CubeWindowClass *klass)
{
}

static void
cube_window_init (CubeWindow *self)
{
}

GtkWidget *
cube_window_new (GtkApplication *application, CubeContext *context)
{
  return g_object_new (CUBE_TYPE_WINDOW, "application", application, NULL);
}

void
cube_window_show_confirmation (CubeWindow *self, const char *message)
{
}

void
cube_window_open_details (CubeWindow *self, gint64 customer_id)
{
}
