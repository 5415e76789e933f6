/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* The active customer view (aktivt kundebilde): a customer locked to the
 * current user, its card, history and outcome registration. Renews the lease
 * while open; emits ::finished when the outcome is saved or the customer is
 * released, then closes. */
#define CUBE_TYPE_ACTIVE_VIEW (cube_active_view_get_type ())
G_DECLARE_FINAL_TYPE (CubeActiveView, cube_active_view, CUBE, ACTIVE_VIEW, GtkWindow)

/* @customer must be locked to the current user. */
GtkWidget *cube_active_view_new (CubeContext  *context,
                                 CubeCustomer *customer);

G_END_DECLS
