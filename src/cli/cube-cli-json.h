/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cube-core.h"

G_BEGIN_DECLS

/* Turns one domain object into a JSON object node. */
typedef JsonNode *(*CubeCliJsonFunc) (gpointer object);

/* A Unix time as ISO 8601 in local time, or NULL for 0 (none). */
char     *cube_cli_json_format_time (gint64          unix_time);

/* The customer with its Kundeid as "customer_id" and its row id as "id". */
JsonNode *cube_cli_json_customer    (CubeCustomer   *customer);
JsonNode *cube_cli_json_assignment  (CubeAssignment *assignment);
JsonNode *cube_cli_json_outcome     (CubeOutcome    *outcome);
JsonNode *cube_cli_json_field_def   (CubeFieldDef   *field);
JsonNode *cube_cli_json_event       (CubeEvent      *event);
JsonNode *cube_cli_json_user        (CubeUser       *user);
JsonNode *cube_cli_json_dataset     (CubeDataset    *dataset);
JsonNode *cube_cli_json_data_owner  (CubeDataOwner  *owner);

/* A JSON array of @items, each turned into a node by @func. */
JsonNode *cube_cli_json_array       (GPtrArray      *items,
                                     CubeCliJsonFunc func);

/* The names of the permissions set in @permissions, NULL-terminated. */
GStrv     cube_cli_permission_names (CubePermissions permissions);

/* Prints @node as one pretty JSON document and a newline on stdout. */
void      cube_cli_json_print       (JsonNode       *node);

G_END_DECLS
