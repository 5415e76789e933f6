/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "cube-cli-json.h"

static const struct {
  CubePermissions permission;
  const char *name;
} permission_names[] = {
  { CUBE_PERMISSION_ADMINISTRATOR, "administrator" },
  { CUBE_PERMISSION_ASSIGNMENT_SETUP, "assignment_setup" },
  { CUBE_PERMISSION_REPORTING, "reporting" },
  { CUBE_PERMISSION_CUSTOMER_HANDLING, "customer_handling" },
  { CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING, "extended_customer_handling" },
  { CUBE_PERMISSION_CORRECT_OUTCOMES, "correct_outcomes" },
};

/* A string member that is null when unset, so scripts can test for it. */
static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Like add_string(), but an empty string is null as well. */
static void
add_optional (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  add_string (builder, name, value != NULL && value[0] != '\0' ? value : NULL);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_time)
{
  g_autofree char *text = cube_cli_json_format_time (unix_time);

  add_string (builder, name, text);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
cube_cli_json_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_time);
  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

JsonNode *
cube_cli_json_customer (CubeCustomer *customer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTable *fields = cube_customer_get_fields (customer);
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  g_return_val_if_fail (CUBE_IS_CUSTOMER (customer), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "customer_id", cube_customer_get_customer_key (customer));
  add_int (builder, "id", cube_customer_get_id (customer));
  add_optional (builder, "name", cube_customer_get_name (customer));
  add_optional (builder, "email", cube_customer_get_email (customer));
  add_strv (builder, "phones", cube_customer_get_phones (customer));

  /* Keys sorted, so the same customer always prints the same way. */
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  if (fields != NULL)
    {
      keys = g_hash_table_get_keys_as_array (fields, &n_keys);
      qsort (keys, n_keys, sizeof (gpointer), compare_strings);
      for (guint i = 0; i < n_keys; i++)
        add_string (builder, keys[i], g_hash_table_lookup (fields, keys[i]));
    }
  json_builder_end_object (builder);

  add_string (builder, "assignment", cube_customer_get_assignment_name (customer));
  add_int (builder, "assignment_id", cube_customer_get_assignment_id (customer));
  add_int (builder, "dataset_id", cube_customer_get_dataset_id (customer));
  add_string (builder, "status", cube_status_to_string (cube_customer_get_status (customer)));
  add_optional (builder, "locked_by", cube_customer_get_locked_by (customer));
  add_time (builder, "lock_expires_at",
            cube_customer_get_locked_by (customer) != NULL ? cube_customer_get_lock_expires (customer) : 0);
  add_int (builder, "attempts", cube_customer_get_attempts (customer));
  add_optional (builder, "last_outcome", cube_customer_get_last_outcome (customer));
  add_time (builder, "follow_up_at", cube_customer_get_follow_up_at (customer));
  add_time (builder, "updated_at", cube_customer_get_updated_at (customer));
  add_optional (builder, "updated_by", cube_customer_get_updated_by (customer));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_assignment (CubeAssignment *assignment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (assignment), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", cube_assignment_get_id (assignment));
  add_string (builder, "name", cube_assignment_get_name (assignment));
  add_int (builder, "dataset_id", cube_assignment_get_dataset_id (assignment));
  add_boolean (builder, "archived", cube_assignment_get_archived (assignment));
  add_string (builder, "visibility", cube_visibility_to_string (cube_assignment_get_visibility (assignment)));
  add_strv (builder, "users", cube_assignment_get_users (assignment));
  add_string (builder, "active_from", cube_assignment_get_active_from (assignment));
  add_string (builder, "active_until", cube_assignment_get_active_until (assignment));
  add_int (builder, "attempt_limit", cube_assignment_get_attempt_limit (assignment));
  add_int (builder, "cooldown_minutes", cube_assignment_get_cooldown_minutes (assignment));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_outcome (CubeOutcome *outcome)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CUBE_IS_OUTCOME (outcome), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", cube_outcome_get_id (outcome));
  add_int (builder, "assignment_id", cube_outcome_get_assignment_id (outcome));
  add_string (builder, "label", cube_outcome_get_label (outcome));
  add_string (builder, "kind", cube_outcome_kind_to_string (cube_outcome_get_kind (outcome)));
  add_boolean (builder, "closes", cube_outcome_get_closes (outcome));
  add_boolean (builder, "needs_time", cube_outcome_get_needs_time (outcome));
  add_int (builder, "position", cube_outcome_get_position (outcome));
  add_boolean (builder, "archived", cube_outcome_get_archived (outcome));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_field_def (CubeFieldDef *field)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CUBE_IS_FIELD_DEF (field), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", cube_field_def_get_id (field));
  add_int (builder, "dataset_id", cube_field_def_get_dataset_id (field));
  add_string (builder, "key", cube_field_def_get_key (field));
  add_string (builder, "label", cube_field_def_get_label (field));
  add_string (builder, "type", cube_field_type_to_string (cube_field_def_get_field_type (field)));
  add_boolean (builder, "required", cube_field_def_get_required (field));
  add_boolean (builder, "unique", cube_field_def_get_unique (field));
  add_strv (builder, "options", cube_field_def_get_options (field));
  add_optional (builder, "help", cube_field_def_get_help (field));
  add_int (builder, "position", cube_field_def_get_position (field));
  add_boolean (builder, "archived", cube_field_def_get_archived (field));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_event (CubeEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CUBE_IS_EVENT (event), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", cube_event_get_id (event));
  add_int (builder, "customer_id", cube_event_get_customer_id (event));
  add_time (builder, "at", cube_event_get_at (event));
  add_string (builder, "login", cube_event_get_login (event));
  add_string (builder, "kind", cube_event_get_kind (event));
  add_optional (builder, "source", cube_event_get_source (event));
  add_optional (builder, "field", cube_event_get_field (event));
  add_string (builder, "old_value", cube_event_get_old_value (event));
  add_string (builder, "new_value", cube_event_get_new_value (event));
  add_optional (builder, "outcome", cube_event_get_outcome (event));
  add_optional (builder, "comment", cube_event_get_comment (event));
  add_time (builder, "follow_up_at", cube_event_get_follow_up_at (event));
  json_builder_set_member_name (builder, "corrects_id");
  if (cube_event_get_corrects_id (event) > 0)
    json_builder_add_int_value (builder, cube_event_get_corrects_id (event));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_user (CubeUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (CUBE_IS_USER (user), NULL);

  names = cube_cli_permission_names (cube_user_get_permissions (user));
  json_builder_begin_object (builder);
  add_int (builder, "id", cube_user_get_id (user));
  add_string (builder, "login", cube_user_get_login (user));
  add_optional (builder, "name", cube_user_get_name (user));
  add_strv (builder, "permissions", (const char * const *) names);
  add_boolean (builder, "archived", cube_user_get_archived (user));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_dataset (CubeDataset *dataset)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *kind;
  g_autofree char *spec = NULL;

  g_return_val_if_fail (CUBE_IS_DATASET (dataset), NULL);

  kind = cube_dataset_kind_to_string (cube_dataset_get_kind (dataset));
  spec = g_strdup_printf ("%s/%s", cube_dataset_get_owner_name (dataset), kind);
  json_builder_begin_object (builder);
  add_int (builder, "id", cube_dataset_get_id (dataset));
  add_int (builder, "owner_id", cube_dataset_get_owner_id (dataset));
  add_string (builder, "owner", cube_dataset_get_owner_name (dataset));
  add_string (builder, "kind", kind);
  /* The form `field add --dataset` accepts. */
  add_string (builder, "spec", spec);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_data_owner (CubeDataOwner *owner)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CUBE_IS_DATA_OWNER (owner), NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", cube_data_owner_get_id (owner));
  add_string (builder, "name", cube_data_owner_get_name (owner));
  add_optional (builder, "controller", cube_data_owner_get_controller (owner));
  add_optional (builder, "purpose", cube_data_owner_get_purpose (owner));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
cube_cli_json_array (GPtrArray       *items,
                     CubeCliJsonFunc  func)
{
  JsonArray *array = json_array_sized_new (items != NULL ? items->len : 0);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; items != NULL && i < items->len; i++)
    json_array_add_element (array, func (items->pdata[i]));
  json_node_take_array (node, array);
  return node;
}

GStrv
cube_cli_permission_names (CubePermissions permissions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (permission_names); i++)
    if (permissions & permission_names[i].permission)
      g_strv_builder_add (builder, permission_names[i].name);
  return g_strv_builder_end (builder);
}

void
cube_cli_json_print (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}
