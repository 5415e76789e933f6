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
/* Shows only events of @kinds ("created", "edited", "locked", "released",
 * "outcome", "corrected", "moved"); NULL shows all. */
void       cube_history_view_set_kinds    (CubeHistoryView    *self,
                                           const char * const *kinds);
/* Gives each outcome registered in the customer's present assignment a
 * "Correct…" button running @action_name with the event id (int64); NULL
 * for none. */
void       cube_history_view_set_correct_action (CubeHistoryView *self,
                                                 const char      *action_name);
/* The events shown now (CubeEvent), newest first. */
GPtrArray *cube_history_view_get_shown_events (CubeHistoryView *self);

G_END_DECLS
