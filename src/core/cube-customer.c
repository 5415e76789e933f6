/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-customer.h"

struct _CubeCustomer
{
  GObject parent_instance;

  gint64 id;
  gint64 dataset_id;
  gint64 assignment_id;
  char * assignment_name;
  char * customer_key;
  char * name;
  char * email;
  char ** phones;
  GHashTable * fields;
  CubeCustomerStatus status;
  char * locked_by;
  gint64 lock_expires;
  int attempts;
  char * last_outcome;
  gint64 follow_up_at;
  gint64 updated_at;
  char * updated_by;
};

G_DEFINE_FINAL_TYPE (CubeCustomer, cube_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATASET_ID,
  PROP_ASSIGNMENT_ID,
  PROP_ASSIGNMENT_NAME,
  PROP_CUSTOMER_KEY,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONES,
  PROP_FIELDS,
  PROP_STATUS,
  PROP_LOCKED_BY,
  PROP_LOCK_EXPIRES,
  PROP_ATTEMPTS,
  PROP_LAST_OUTCOME,
  PROP_FOLLOW_UP_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_customer_finalize (GObject *object)
{
  CubeCustomer *self = (CubeCustomer *) object;

  g_clear_pointer (&self->assignment_name, g_free);
  g_clear_pointer (&self->customer_key, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phones, g_strfreev);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->locked_by, g_free);
  g_clear_pointer (&self->last_outcome, g_free);
  g_clear_pointer (&self->updated_by, g_free);

  G_OBJECT_CLASS (cube_customer_parent_class)->finalize (object);
}

static void
cube_customer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CubeCustomer *self = CUBE_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DATASET_ID:
      g_value_set_int64 (value, self->dataset_id);
      break;

    case PROP_ASSIGNMENT_ID:
      g_value_set_int64 (value, self->assignment_id);
      break;

    case PROP_ASSIGNMENT_NAME:
      g_value_set_string (value, self->assignment_name);
      break;

    case PROP_CUSTOMER_KEY:
      g_value_set_string (value, self->customer_key);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_PHONES:
      g_value_set_boxed (value, self->phones);
      break;

    case PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_LOCKED_BY:
      g_value_set_string (value, self->locked_by);
      break;

    case PROP_LOCK_EXPIRES:
      g_value_set_int64 (value, self->lock_expires);
      break;

    case PROP_ATTEMPTS:
      g_value_set_int (value, self->attempts);
      break;

    case PROP_LAST_OUTCOME:
      g_value_set_string (value, self->last_outcome);
      break;

    case PROP_FOLLOW_UP_AT:
      g_value_set_int64 (value, self->follow_up_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    case PROP_UPDATED_BY:
      g_value_set_string (value, self->updated_by);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CubeCustomer *self = CUBE_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_DATASET_ID:
      self->dataset_id = g_value_get_int64 (value);
      break;

    case PROP_ASSIGNMENT_ID:
      self->assignment_id = g_value_get_int64 (value);
      break;

    case PROP_ASSIGNMENT_NAME:
      self->assignment_name = g_value_dup_string (value);
      break;

    case PROP_CUSTOMER_KEY:
      self->customer_key = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_EMAIL:
      self->email = g_value_dup_string (value);
      break;

    case PROP_PHONES:
      self->phones = g_value_dup_boxed (value);
      break;

    case PROP_FIELDS:
      self->fields = g_value_dup_boxed (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_int (value);
      break;

    case PROP_LOCKED_BY:
      self->locked_by = g_value_dup_string (value);
      break;

    case PROP_LOCK_EXPIRES:
      self->lock_expires = g_value_get_int64 (value);
      break;

    case PROP_ATTEMPTS:
      self->attempts = g_value_get_int (value);
      break;

    case PROP_LAST_OUTCOME:
      self->last_outcome = g_value_dup_string (value);
      break;

    case PROP_FOLLOW_UP_AT:
      self->follow_up_at = g_value_get_int64 (value);
      break;

    case PROP_UPDATED_AT:
      self->updated_at = g_value_get_int64 (value);
      break;

    case PROP_UPDATED_BY:
      self->updated_by = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_class_init (CubeCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_customer_finalize;
  object_class->get_property = cube_customer_get_property;
  object_class->set_property = cube_customer_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Dataset id. */
  properties[PROP_DATASET_ID] =
    g_param_spec_int64 ("dataset-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Assignment id. */
  properties[PROP_ASSIGNMENT_ID] =
    g_param_spec_int64 ("assignment-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Assignment name. */
  properties[PROP_ASSIGNMENT_NAME] =
    g_param_spec_string ("assignment-name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Kundeid. */
  properties[PROP_CUSTOMER_KEY] =
    g_param_spec_string ("customer-key", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Name. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* E-mail. */
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Phone numbers in E.164. */
  properties[PROP_PHONES] =
    g_param_spec_boxed ("phones", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Custom field values by key. */
  properties[PROP_FIELDS] =
    g_param_spec_boxed ("fields", NULL, NULL, G_TYPE_HASH_TABLE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Status. */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Login holding the lock. */
  properties[PROP_LOCKED_BY] =
    g_param_spec_string ("locked-by", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* When the lock lease ends (Unix time). */
  properties[PROP_LOCK_EXPIRES] =
    g_param_spec_int64 ("lock-expires", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Attempts counted. */
  properties[PROP_ATTEMPTS] =
    g_param_spec_int ("attempts", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Label of the last outcome. */
  properties[PROP_LAST_OUTCOME] =
    g_param_spec_string ("last-outcome", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Follow-up time (Unix time), 0 for none. */
  properties[PROP_FOLLOW_UP_AT] =
    g_param_spec_int64 ("follow-up-at", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Last change (Unix time). */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Login of the last change. */
  properties[PROP_UPDATED_BY] =
    g_param_spec_string ("updated-by", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_customer_init (CubeCustomer *self)
{
}

gint64
cube_customer_get_id (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->id;
}

gint64
cube_customer_get_dataset_id (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->dataset_id;
}

gint64
cube_customer_get_assignment_id (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->assignment_id;
}

const char *
cube_customer_get_assignment_name (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->assignment_name;
}

const char *
cube_customer_get_customer_key (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->customer_key;
}

const char *
cube_customer_get_name (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->name;
}

const char *
cube_customer_get_email (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->email;
}

const char * const *
cube_customer_get_phones (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return (const char * const *) self->phones;
}

GHashTable *
cube_customer_get_fields (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->fields;
}

CubeCustomerStatus
cube_customer_get_status (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->status;
}

const char *
cube_customer_get_locked_by (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->locked_by;
}

gint64
cube_customer_get_lock_expires (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->lock_expires;
}

int
cube_customer_get_attempts (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->attempts;
}

const char *
cube_customer_get_last_outcome (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->last_outcome;
}

gint64
cube_customer_get_follow_up_at (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->follow_up_at;
}

gint64
cube_customer_get_updated_at (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->updated_at;
}

const char *
cube_customer_get_updated_by (CubeCustomer *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER (self), 0);
  return self->updated_by;
}
