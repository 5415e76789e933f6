/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-assignment.h"

struct _CubeAssignment
{
  GObject parent_instance;

  gint64 id;
  gint64 dataset_id;
  char * name;
  gboolean archived;
};

G_DEFINE_FINAL_TYPE (CubeAssignment, cube_assignment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATASET_ID,
  PROP_NAME,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_assignment_finalize (GObject *object)
{
  CubeAssignment *self = (CubeAssignment *) object;

  g_clear_pointer (&self->name, g_free);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_assignment_init (CubeAssignment *self)
{
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
