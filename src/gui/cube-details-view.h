/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Kundedetaljer: a customer's fields, state, assignment and history; not
 * locked. "Velg" takes the lock and opens the active view. */
#define CUBE_TYPE_DETAILS_VIEW (cube_details_view_get_type ())
G_DECLARE_FINAL_TYPE (CubeDetailsView, cube_details_view, CUBE, DETAILS_VIEW, GtkWindow)

GtkWidget *cube_details_view_new (CubeContext *context,
                                  gint64       customer_id);

G_END_DECLS
