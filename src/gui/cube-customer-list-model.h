/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* A GListModel of CubeCustomer that fetches pages from the store on demand:
 * every customer (or an import's) when the query is empty, else the search
 * results. */
#define CUBE_TYPE_CUSTOMER_LIST_MODEL (cube_customer_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CubeCustomerListModel, cube_customer_list_model, CUBE, CUSTOMER_LIST_MODEL, GObject)

CubeCustomerListModel *cube_customer_list_model_new       (CubeContext           *context);
/* Searches for @query off the main loop; a new query cancels the last. */
void                   cube_customer_list_model_set_query (CubeCustomerListModel *self,
                                                           const char            *query);
const char            *cube_customer_list_model_get_query (CubeCustomerListModel *self);
/* Lists only the customers import @import_id added or updated while the
 * query is empty (0: every customer). */
void                   cube_customer_list_model_set_import (CubeCustomerListModel *self,
                                                            gint64                 import_id);
gint64                 cube_customer_list_model_get_import (CubeCustomerListModel *self);
/* Drops cached pages and reloads (after a change in the database). */
void                   cube_customer_list_model_reload    (CubeCustomerListModel *self);

G_END_DECLS
