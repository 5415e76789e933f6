/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* What the split save button did. */
typedef enum {
  CUBE_SAVE_AND_LOCK,      /* Lagre og lås/registrer utfall */
  CUBE_SAVE_AND_DETAILS,   /* Lagre og se detaljer */
  CUBE_SAVE_AND_ADD_ANOTHER, /* Lagre og legg til en til */
} CubeSaveMode;

/* Kunde → Ny kunde. Emits ::saved (CubeCustomer, CubeSaveMode) after each
 * save, and ::open-customer (gint64 id) when the user asks to see the
 * customer that already has the Kundeid. */
#define CUBE_TYPE_NEW_CUSTOMER_DIALOG (cube_new_customer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CubeNewCustomerDialog, cube_new_customer_dialog, CUBE, NEW_CUSTOMER_DIALOG, GtkWindow)

GtkWidget *cube_new_customer_dialog_new (CubeContext *context);

G_END_DECLS
