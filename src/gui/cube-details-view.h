/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Kundedetaljer: a customer's fields (editable), state, assignment and
 * history; opening it takes no lock. "Velg" (details.select) takes the lock,
 * opens the active customer view and closes the details view. Follows
 * CubeContext::changed. */
#define CUBE_TYPE_DETAILS_VIEW (cube_details_view_get_type ())
G_DECLARE_FINAL_TYPE (CubeDetailsView, cube_details_view, CUBE, DETAILS_VIEW, GtkWindow)

/* The details of customer @customer_id. */
GtkWidget *cube_details_view_new             (CubeContext     *context,
                                              gint64           customer_id);
/* The id of the customer shown. */
gint64     cube_details_view_get_customer_id (CubeDetailsView *self);

G_END_DECLS
