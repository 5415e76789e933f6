/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-user.h"

struct _CubeUser
{
  GObject parent_instance;

  gint64 id;
  char * login;
  char * name;
  CubePermissions permissions;
  gboolean archived;
};

G_DEFINE_FINAL_TYPE (CubeUser, cube_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOGIN,
  PROP_NAME,
  PROP_PERMISSIONS,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_user_finalize (GObject *object)
{
  CubeUser *self = (CubeUser *) object;

  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (cube_user_parent_class)->finalize (object);
}

static void
cube_user_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  CubeUser *self = CUBE_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PERMISSIONS:
      g_value_set_int (value, self->permissions);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_user_set_property (GObject      *object,
                    guint         prop_id,
                    const GValue *value,
                    GParamSpec   *pspec)
{
  CubeUser *self = CUBE_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_LOGIN:
      self->login = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_PERMISSIONS:
      self->permissions = g_value_get_int (value);
      break;

    case PROP_ARCHIVED:
      self->archived = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_user_class_init (CubeUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_user_finalize;
  object_class->get_property = cube_user_get_property;
  object_class->set_property = cube_user_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Login. */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Display name. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Permissions. */
  properties[PROP_PERMISSIONS] =
    g_param_spec_int ("permissions", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Archived. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_user_init (CubeUser *self)
{
}

gint64
cube_user_get_id (CubeUser *self)
{
  g_return_val_if_fail (CUBE_IS_USER (self), 0);
  return self->id;
}

const char *
cube_user_get_login (CubeUser *self)
{
  g_return_val_if_fail (CUBE_IS_USER (self), 0);
  return self->login;
}

const char *
cube_user_get_name (CubeUser *self)
{
  g_return_val_if_fail (CUBE_IS_USER (self), 0);
  return self->name;
}

CubePermissions
cube_user_get_permissions (CubeUser *self)
{
  g_return_val_if_fail (CUBE_IS_USER (self), 0);
  return self->permissions;
}

gboolean
cube_user_get_archived (CubeUser *self)
{
  g_return_val_if_fail (CUBE_IS_USER (self), 0);
  return self->archived;
}
