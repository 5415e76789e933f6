/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-event.h"

struct _CubeEvent
{
  GObject parent_instance;

  gint64 id;
  gint64 customer_id;
  gint64 at;
  char * login;
  char * kind;
  char * source;
  char * field;
  char * old_value;
  char * new_value;
  char * outcome;
  char * comment;
  gint64 follow_up_at;
  gint64 corrects_id;
};

G_DEFINE_FINAL_TYPE (CubeEvent, cube_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_AT,
  PROP_LOGIN,
  PROP_KIND,
  PROP_SOURCE,
  PROP_FIELD,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  PROP_OUTCOME,
  PROP_COMMENT,
  PROP_FOLLOW_UP_AT,
  PROP_CORRECTS_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_event_finalize (GObject *object)
{
  CubeEvent *self = (CubeEvent *) object;

  g_clear_pointer (&self->login, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->old_value, g_free);
  g_clear_pointer (&self->new_value, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->comment, g_free);

  G_OBJECT_CLASS (cube_event_parent_class)->finalize (object);
}

static void
cube_event_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  CubeEvent *self = CUBE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;

    case PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;

    case PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    case PROP_FOLLOW_UP_AT:
      g_value_set_int64 (value, self->follow_up_at);
      break;

    case PROP_CORRECTS_ID:
      g_value_set_int64 (value, self->corrects_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_event_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  CubeEvent *self = CUBE_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    case PROP_AT:
      self->at = g_value_get_int64 (value);
      break;

    case PROP_LOGIN:
      self->login = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_dup_string (value);
      break;

    case PROP_SOURCE:
      self->source = g_value_dup_string (value);
      break;

    case PROP_FIELD:
      self->field = g_value_dup_string (value);
      break;

    case PROP_OLD_VALUE:
      self->old_value = g_value_dup_string (value);
      break;

    case PROP_NEW_VALUE:
      self->new_value = g_value_dup_string (value);
      break;

    case PROP_OUTCOME:
      self->outcome = g_value_dup_string (value);
      break;

    case PROP_COMMENT:
      self->comment = g_value_dup_string (value);
      break;

    case PROP_FOLLOW_UP_AT:
      self->follow_up_at = g_value_get_int64 (value);
      break;

    case PROP_CORRECTS_ID:
      self->corrects_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_event_class_init (CubeEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_event_finalize;
  object_class->get_property = cube_event_get_property;
  object_class->set_property = cube_event_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Customer id. */
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* When (Unix time). */
  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Who. */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* created, edited, locked, released, outcome, moved. */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Source of a created event. */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Field of an edit. */
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Old value. */
  properties[PROP_OLD_VALUE] =
    g_param_spec_string ("old-value", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* New value. */
  properties[PROP_NEW_VALUE] =
    g_param_spec_string ("new-value", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Outcome label. */
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Comment. */
  properties[PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Follow-up time, 0 for none. */
  properties[PROP_FOLLOW_UP_AT] =
    g_param_spec_int64 ("follow-up-at", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The outcome event a correction corrects, 0 for none. */
  properties[PROP_CORRECTS_ID] =
    g_param_spec_int64 ("corrects-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_event_init (CubeEvent *self)
{
}

gint64
cube_event_get_id (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->id;
}

gint64
cube_event_get_customer_id (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->customer_id;
}

gint64
cube_event_get_at (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->at;
}

const char *
cube_event_get_login (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->login;
}

const char *
cube_event_get_kind (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->kind;
}

const char *
cube_event_get_source (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->source;
}

const char *
cube_event_get_field (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->field;
}

const char *
cube_event_get_old_value (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->old_value;
}

const char *
cube_event_get_new_value (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->new_value;
}

const char *
cube_event_get_outcome (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->outcome;
}

const char *
cube_event_get_comment (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->comment;
}

gint64
cube_event_get_follow_up_at (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->follow_up_at;
}

gint64
cube_event_get_corrects_id (CubeEvent *self)
{
  g_return_val_if_fail (CUBE_IS_EVENT (self), 0);
  return self->corrects_id;
}
