/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* The customer card: Kundeid, Navn, E-post, up to three phone numbers and
 * the dataset's custom fields as generated widgets, each checked by the core
 * rules as the user types. Used by the new-customer dialog and the views. */
#define CUBE_TYPE_CUSTOMER_CARD (cube_customer_card_get_type ())
G_DECLARE_FINAL_TYPE (CubeCustomerCard, cube_customer_card, CUBE, CUSTOMER_CARD, GtkWidget)

GtkWidget         *cube_customer_card_new          (CubeContext      *context);
/* Builds the custom field widgets of @dataset_id (kept values stay where the
 * field exists in both). */
void               cube_customer_card_set_dataset  (CubeCustomerCard *self,
                                                    gint64            dataset_id);
/* Fills the card with @customer's values. */
void               cube_customer_card_set_customer (CubeCustomerCard *self,
                                                    CubeCustomer     *customer);
/* Empties every field and focuses Kundeid. */
void               cube_customer_card_clear        (CubeCustomerCard *self);
/* The values as typed; assignment_id is 0. */
CubeCustomerDraft *cube_customer_card_get_draft    (CubeCustomerCard *self);
/* TRUE when Kundeid is filled and no field shows an error (property "valid"). */
gboolean           cube_customer_card_get_valid    (CubeCustomerCard *self);
/* TRUE once the user typed something (property "dirty"). */
gboolean           cube_customer_card_get_dirty    (CubeCustomerCard *self);
/* Shows @error under the field it names. */
void               cube_customer_card_show_error   (CubeCustomerCard *self,
                                                    const GError     *error);
void               cube_customer_card_focus_key    (CubeCustomerCard *self);
/* The input of field @key ("customer_key", "name", "email", "phone1"…,
 * or a custom field key), or NULL. */
GtkWidget         *cube_customer_card_get_input    (CubeCustomerCard *self,
                                                    const char       *key);

G_END_DECLS
