/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-customer-draft.h"

CubeCustomerDraft *
cube_customer_draft_new (void)
{
  CubeCustomerDraft *draft = g_new0 (CubeCustomerDraft, 1);

  draft->phones = g_ptr_array_new_with_free_func (g_free);
  draft->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return draft;
}

void
cube_customer_draft_free (CubeCustomerDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->customer_key);
  g_free (draft->name);
  g_free (draft->email);
  g_ptr_array_unref (draft->phones);
  g_hash_table_unref (draft->fields);
  g_free (draft);
}

void
cube_customer_draft_clear (CubeCustomerDraft *draft)
{
  draft->assignment_id = 0;
  g_clear_pointer (&draft->customer_key, g_free);
  g_clear_pointer (&draft->name, g_free);
  g_clear_pointer (&draft->email, g_free);
  g_ptr_array_set_size (draft->phones, 0);
  g_hash_table_remove_all (draft->fields);
}

void
cube_customer_draft_add_phone (CubeCustomerDraft *draft,
                               const char        *phone)
{
  g_ptr_array_add (draft->phones, g_strdup (phone));
}

void
cube_customer_draft_set_field (CubeCustomerDraft *draft,
                               const char        *key,
                               const char        *value)
{
  g_hash_table_replace (draft->fields, g_strdup (key), g_strdup (value));
}
