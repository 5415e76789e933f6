/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* A customer's history, newest first, in words ("Utfall Ikke svar av kari"). */
#define CUBE_TYPE_HISTORY_VIEW (cube_history_view_get_type ())
G_DECLARE_FINAL_TYPE (CubeHistoryView, cube_history_view, CUBE, HISTORY_VIEW, GtkWidget)

GtkWidget *cube_history_view_new          (void);
/* Shows @events (CubeEvent, newest first); @fields (CubeFieldDef) give the
 * labels of custom fields. */
void       cube_history_view_set_events   (CubeHistoryView *self,
                                           GPtrArray       *events,
                                           GPtrArray       *fields);

G_END_DECLS
