/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-context.h"

struct _CubeContext
{
  GObject    parent_instance;

  CubeStore *store;
  gint64     data_version;
  guint      poll_id;
};

G_DEFINE_FINAL_TYPE (CubeContext, cube_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
poll_cb (gpointer user_data)
{
  CubeContext *self = user_data;
  gint64 version = cube_store_get_data_version (self->store);

  /* data_version moves only when another connection commits. */
  if (version != self->data_version)
    {
      self->data_version = version;
      g_signal_emit (self, signals[CHANGED], 0);
    }
  return G_SOURCE_CONTINUE;
}

static void
cube_context_dispose (GObject *object)
{
  CubeContext *self = (CubeContext *) object;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cube_context_parent_class)->dispose (object);
}

static void
cube_context_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CubeContext *self = CUBE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_context_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CubeContext *self = CUBE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      self->data_version = cube_store_get_data_version (self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_context_class_init (CubeContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cube_context_dispose;
  object_class->get_property = cube_context_get_property;
  object_class->set_property = cube_context_set_property;

  /* Emitted when customers or settings may have changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CUBE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_context_init (CubeContext *self)
{
}

CubeContext *
cube_context_new (CubeStore *store)
{
  return g_object_new (CUBE_TYPE_CONTEXT, "store", store, NULL);
}

CubeStore *
cube_context_get_store (CubeContext *self)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (self), NULL);
  return self->store;
}

CubeUser *
cube_context_dup_user (CubeContext *self)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (self), NULL);
  return cube_store_get_user (self->store);
}

void
cube_context_notify_changed (CubeContext *self)
{
  g_return_if_fail (CUBE_IS_CONTEXT (self));
  self->data_version = cube_store_get_data_version (self->store);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cube_context_set_poll_interval (CubeContext *self,
                                guint        interval_ms)
{
  g_return_if_fail (CUBE_IS_CONTEXT (self));
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (interval_ms > 0)
    self->poll_id = g_timeout_add (interval_ms, poll_cb, self);
}
