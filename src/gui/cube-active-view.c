/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the real class lands; replaced in this change. */
#include "cube-active-view.h"

struct _CubeActiveView
{
  GtkWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CubeActiveView, cube_active_view, GTK_TYPE_WINDOW)

static void
cube_active_view_class_init (CubeActiveViewClass *klass)
{
}

static void
cube_active_view_init (CubeActiveView *self)
{
}

GtkWidget *
cube_active_view_new (CubeContext *context, CubeCustomer *customer)
{
  return g_object_new (CUBE_TYPE_ACTIVE_VIEW, NULL);
}
