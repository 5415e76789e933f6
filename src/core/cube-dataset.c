/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-dataset.h"

struct _CubeDataset
{
  GObject parent_instance;

  gint64 id;
  gint64 owner_id;
  char * owner_name;
  CubeDatasetKind kind;
};

G_DEFINE_FINAL_TYPE (CubeDataset, cube_dataset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_OWNER_ID,
  PROP_OWNER_NAME,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_dataset_finalize (GObject *object)
{
  CubeDataset *self = (CubeDataset *) object;

  g_clear_pointer (&self->owner_name, g_free);

  G_OBJECT_CLASS (cube_dataset_parent_class)->finalize (object);
}

static void
cube_dataset_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CubeDataset *self = CUBE_DATASET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_OWNER_ID:
      g_value_set_int64 (value, self->owner_id);
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, self->owner_name);
      break;

    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_dataset_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CubeDataset *self = CUBE_DATASET (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_OWNER_ID:
      self->owner_id = g_value_get_int64 (value);
      break;

    case PROP_OWNER_NAME:
      self->owner_name = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_dataset_class_init (CubeDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_dataset_finalize;
  object_class->get_property = cube_dataset_get_property;
  object_class->set_property = cube_dataset_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Data owner id. */
  properties[PROP_OWNER_ID] =
    g_param_spec_int64 ("owner-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Data owner name. */
  properties[PROP_OWNER_NAME] =
    g_param_spec_string ("owner-name", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* B2B or B2C. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_dataset_init (CubeDataset *self)
{
}

gint64
cube_dataset_get_id (CubeDataset *self)
{
  g_return_val_if_fail (CUBE_IS_DATASET (self), 0);
  return self->id;
}

gint64
cube_dataset_get_owner_id (CubeDataset *self)
{
  g_return_val_if_fail (CUBE_IS_DATASET (self), 0);
  return self->owner_id;
}

const char *
cube_dataset_get_owner_name (CubeDataset *self)
{
  g_return_val_if_fail (CUBE_IS_DATASET (self), 0);
  return self->owner_name;
}

CubeDatasetKind
cube_dataset_get_kind (CubeDataset *self)
{
  g_return_val_if_fail (CUBE_IS_DATASET (self), 0);
  return self->kind;
}
