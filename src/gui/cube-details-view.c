/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the real class lands; replaced in this change. */
#include "cube-details-view.h"

struct _CubeDetailsView
{
  GtkWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (CubeDetailsView, cube_details_view, GTK_TYPE_WINDOW)

static void
cube_details_view_class_init (CubeDetailsViewClass *klass)
{
}

static void
cube_details_view_init (CubeDetailsView *self)
{
}

GtkWidget *
cube_details_view_new (CubeContext *context, gint64 customer_id)
{
  return g_object_new (CUBE_TYPE_DETAILS_VIEW, NULL);
}
