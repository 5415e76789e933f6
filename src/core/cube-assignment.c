/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-assignment.h"

struct _CubeAssignment
{
  GObject parent_instance;

  gint64 id;
  gint64 dataset_id;
  char * name;
  gboolean archived;
  CubeVisibility visibility;
  char ** users;
  char * active_from;
  char * active_until;
  guint attempt_limit;
  guint cooldown_minutes;
};

G_DEFINE_FINAL_TYPE (CubeAssignment, cube_assignment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATASET_ID,
  PROP_NAME,
  PROP_ARCHIVED,
  PROP_VISIBILITY,
  PROP_USERS,
  PROP_ACTIVE_FROM,
  PROP_ACTIVE_UNTIL,
  PROP_ATTEMPT_LIMIT,
  PROP_COOLDOWN_MINUTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_assignment_finalize (GObject *object)
{
  CubeAssignment *self = (CubeAssignment *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->users, g_strfreev);
  g_clear_pointer (&self->active_from, g_free);
  g_clear_pointer (&self->active_until, g_free);

  G_OBJECT_CLASS (cube_assignment_parent_class)->finalize (object);
}

static void
cube_assignment_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CubeAssignment *self = CUBE_ASSIGNMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DATASET_ID:
      g_value_set_int64 (value, self->dataset_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;

    case PROP_USERS:
      g_value_set_boxed (value, self->users);
      break;

    case PROP_ACTIVE_FROM:
      g_value_set_string (value, self->active_from);
      break;

    case PROP_ACTIVE_UNTIL:
      g_value_set_string (value, self->active_until);
      break;

    case PROP_ATTEMPT_LIMIT:
      g_value_set_uint (value, self->attempt_limit);
      break;

    case PROP_COOLDOWN_MINUTES:
      g_value_set_uint (value, self->cooldown_minutes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_assignment_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CubeAssignment *self = CUBE_ASSIGNMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_DATASET_ID:
      self->dataset_id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_ARCHIVED:
      self->archived = g_value_get_boolean (value);
      break;

    case PROP_VISIBILITY:
      self->visibility = g_value_get_int (value);
      break;

    case PROP_USERS:
      self->users = g_value_dup_boxed (value);
      if (self->users == NULL)
        self->users = g_new0 (char *, 1);
      break;

    case PROP_ACTIVE_FROM:
      self->active_from = g_value_dup_string (value);
      break;

    case PROP_ACTIVE_UNTIL:
      self->active_until = g_value_dup_string (value);
      break;

    case PROP_ATTEMPT_LIMIT:
      self->attempt_limit = g_value_get_uint (value);
      break;

    case PROP_COOLDOWN_MINUTES:
      self->cooldown_minutes = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_assignment_class_init (CubeAssignmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_assignment_finalize;
  object_class->get_property = cube_assignment_get_property;
  object_class->set_property = cube_assignment_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Dataset id. */
  properties[PROP_DATASET_ID] =
    g_param_spec_int64 ("dataset-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Name. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Archived. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* All users or chosen users (CubeVisibility). */
  properties[PROP_VISIBILITY] =
    g_param_spec_int ("visibility", NULL, NULL, CUBE_VISIBILITY_ALL, CUBE_VISIBILITY_CHOSEN,
                      CUBE_VISIBILITY_ALL,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Logins of the chosen users. */
  properties[PROP_USERS] =
    g_param_spec_boxed ("users", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* First day it can be worked (YYYY-MM-DD), or NULL. */
  properties[PROP_ACTIVE_FROM] =
    g_param_spec_string ("active-from", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Last day it can be worked (YYYY-MM-DD), or NULL. */
  properties[PROP_ACTIVE_UNTIL] =
    g_param_spec_string ("active-until", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Attempts after which a customer is no longer offered; 0 for no limit. */
  properties[PROP_ATTEMPT_LIMIT] =
    g_param_spec_uint ("attempt-limit", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Minutes after an attempt before the customer is offered again. */
  properties[PROP_COOLDOWN_MINUTES] =
    g_param_spec_uint ("cooldown-minutes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_assignment_init (CubeAssignment *self)
{
  self->users = g_new0 (char *, 1);
}

gint64
cube_assignment_get_id (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->id;
}

gint64
cube_assignment_get_dataset_id (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->dataset_id;
}

const char *
cube_assignment_get_name (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->name;
}

gboolean
cube_assignment_get_archived (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->archived;
}

CubeVisibility
cube_assignment_get_visibility (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), CUBE_VISIBILITY_ALL);
  return self->visibility;
}

const char * const *
cube_assignment_get_users (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), NULL);
  return (const char * const *) self->users;
}

const char *
cube_assignment_get_active_from (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), NULL);
  return self->active_from;
}

const char *
cube_assignment_get_active_until (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), NULL);
  return self->active_until;
}

guint
cube_assignment_get_attempt_limit (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->attempt_limit;
}

guint
cube_assignment_get_cooldown_minutes (CubeAssignment *self)
{
  g_return_val_if_fail (CUBE_IS_ASSIGNMENT (self), 0);
  return self->cooldown_minutes;
}
