/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-data-owner.h"

struct _CubeDataOwner
{
  GObject parent_instance;

  gint64 id;
  char * name;
  char * controller;
  char * purpose;
};

G_DEFINE_FINAL_TYPE (CubeDataOwner, cube_data_owner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CONTROLLER,
  PROP_PURPOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_data_owner_finalize (GObject *object)
{
  CubeDataOwner *self = (CubeDataOwner *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->controller, g_free);
  g_clear_pointer (&self->purpose, g_free);

  G_OBJECT_CLASS (cube_data_owner_parent_class)->finalize (object);
}

static void
cube_data_owner_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CubeDataOwner *self = CUBE_DATA_OWNER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CONTROLLER:
      g_value_set_string (value, self->controller);
      break;

    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_data_owner_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CubeDataOwner *self = CUBE_DATA_OWNER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_CONTROLLER:
      self->controller = g_value_dup_string (value);
      break;

    case PROP_PURPOSE:
      self->purpose = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_data_owner_class_init (CubeDataOwnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_data_owner_finalize;
  object_class->get_property = cube_data_owner_get_property;
  object_class->set_property = cube_data_owner_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Name. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Behandlingsansvarlig (GDPR controller). */
  properties[PROP_CONTROLLER] =
    g_param_spec_string ("controller", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Formål (GDPR purpose). */
  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_data_owner_init (CubeDataOwner *self)
{
}

gint64
cube_data_owner_get_id (CubeDataOwner *self)
{
  g_return_val_if_fail (CUBE_IS_DATA_OWNER (self), 0);
  return self->id;
}

const char *
cube_data_owner_get_name (CubeDataOwner *self)
{
  g_return_val_if_fail (CUBE_IS_DATA_OWNER (self), 0);
  return self->name;
}

const char *
cube_data_owner_get_controller (CubeDataOwner *self)
{
  g_return_val_if_fail (CUBE_IS_DATA_OWNER (self), 0);
  return self->controller;
}

const char *
cube_data_owner_get_purpose (CubeDataOwner *self)
{
  g_return_val_if_fail (CUBE_IS_DATA_OWNER (self), 0);
  return self->purpose;
}
