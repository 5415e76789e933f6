/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the real class lands; replaced in this change. */
#include "cube-history-view.h"

struct _CubeHistoryView
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CubeHistoryView, cube_history_view, GTK_TYPE_WIDGET)

static void
cube_history_view_class_init (CubeHistoryViewClass *klass)
{
}

static void
cube_history_view_init (CubeHistoryView *self)
{
}

GtkWidget *
cube_history_view_new (void)
{
  return g_object_new (CUBE_TYPE_HISTORY_VIEW, NULL);
}

void
cube_history_view_set_events (CubeHistoryView *self, GPtrArray *events, GPtrArray *fields)
{
}
