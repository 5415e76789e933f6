/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a caller (dialog, import, API, CLI) wants stored as a new customer,
 * as typed: the core validates and normalises it. */
typedef struct {
  gint64      assignment_id;
  char       *customer_key;
  char       *name;
  char       *email;
  GPtrArray  *phones;   /* of char*, at most three */
  GHashTable *fields;   /* custom field key → value as typed */
} CubeCustomerDraft;

CubeCustomerDraft *cube_customer_draft_new       (void);
void               cube_customer_draft_free      (CubeCustomerDraft *draft);
/* Empties @draft for another customer, keeping its containers. */
void               cube_customer_draft_clear     (CubeCustomerDraft *draft);
void               cube_customer_draft_add_phone (CubeCustomerDraft *draft,
                                                  const char        *phone);
void               cube_customer_draft_set_field (CubeCustomerDraft *draft,
                                                  const char        *key,
                                                  const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeCustomerDraft, cube_customer_draft_free)

G_END_DECLS
