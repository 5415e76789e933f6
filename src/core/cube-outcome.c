/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-outcome.h"

struct _CubeOutcome
{
  GObject parent_instance;

  gint64 id;
  gint64 assignment_id;
  char * label;
  CubeOutcomeKind kind;
  gboolean closes;
  gboolean needs_time;
  int position;
  gboolean archived;
};

G_DEFINE_FINAL_TYPE (CubeOutcome, cube_outcome, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ASSIGNMENT_ID,
  PROP_LABEL,
  PROP_KIND,
  PROP_CLOSES,
  PROP_NEEDS_TIME,
  PROP_POSITION,
  PROP_ARCHIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_outcome_finalize (GObject *object)
{
  CubeOutcome *self = (CubeOutcome *) object;

  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (cube_outcome_parent_class)->finalize (object);
}

static void
cube_outcome_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CubeOutcome *self = CUBE_OUTCOME (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ASSIGNMENT_ID:
      g_value_set_int64 (value, self->assignment_id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_CLOSES:
      g_value_set_boolean (value, self->closes);
      break;

    case PROP_NEEDS_TIME:
      g_value_set_boolean (value, self->needs_time);
      break;

    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_outcome_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CubeOutcome *self = CUBE_OUTCOME (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_ASSIGNMENT_ID:
      self->assignment_id = g_value_get_int64 (value);
      break;

    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_CLOSES:
      self->closes = g_value_get_boolean (value);
      break;

    case PROP_NEEDS_TIME:
      self->needs_time = g_value_get_boolean (value);
      break;

    case PROP_POSITION:
      self->position = g_value_get_int (value);
      break;

    case PROP_ARCHIVED:
      self->archived = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_outcome_class_init (CubeOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_outcome_finalize;
  object_class->get_property = cube_outcome_get_property;
  object_class->set_property = cube_outcome_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Assignment id. */
  properties[PROP_ASSIGNMENT_ID] =
    g_param_spec_int64 ("assignment-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Label. */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Progress or attempt. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Takes the customer out of the pool. */
  properties[PROP_CLOSES] =
    g_param_spec_boolean ("closes", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Needs a follow-up time. */
  properties[PROP_NEEDS_TIME] =
    g_param_spec_boolean ("needs-time", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Order. */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Archived. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_outcome_init (CubeOutcome *self)
{
}

gint64
cube_outcome_get_id (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->id;
}

gint64
cube_outcome_get_assignment_id (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->assignment_id;
}

const char *
cube_outcome_get_label (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->label;
}

CubeOutcomeKind
cube_outcome_get_kind (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->kind;
}

gboolean
cube_outcome_get_closes (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->closes;
}

gboolean
cube_outcome_get_needs_time (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->needs_time;
}

int
cube_outcome_get_position (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->position;
}

gboolean
cube_outcome_get_archived (CubeOutcome *self)
{
  g_return_val_if_fail (CUBE_IS_OUTCOME (self), 0);
  return self->archived;
}
