/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-field-def.h"

struct _CubeFieldDef
{
  GObject parent_instance;

  gint64 id;
  gint64 dataset_id;
  char * key;
  char * label;
  CubeFieldType field_type;
  gboolean required;
  gboolean unique;
  char * help;
  int position;
  gboolean archived;
  char ** options;
};

G_DEFINE_FINAL_TYPE (CubeFieldDef, cube_field_def, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATASET_ID,
  PROP_KEY,
  PROP_LABEL,
  PROP_FIELD_TYPE,
  PROP_REQUIRED,
  PROP_UNIQUE,
  PROP_HELP,
  PROP_POSITION,
  PROP_ARCHIVED,
  PROP_OPTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cube_field_def_finalize (GObject *object)
{
  CubeFieldDef *self = (CubeFieldDef *) object;

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->help, g_free);
  g_clear_pointer (&self->options, g_strfreev);

  G_OBJECT_CLASS (cube_field_def_parent_class)->finalize (object);
}

static void
cube_field_def_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CubeFieldDef *self = CUBE_FIELD_DEF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DATASET_ID:
      g_value_set_int64 (value, self->dataset_id);
      break;

    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_FIELD_TYPE:
      g_value_set_int (value, self->field_type);
      break;

    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;

    case PROP_UNIQUE:
      g_value_set_boolean (value, self->unique);
      break;

    case PROP_HELP:
      g_value_set_string (value, self->help);
      break;

    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;

    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;

    case PROP_OPTIONS:
      g_value_set_boxed (value, self->options);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_field_def_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CubeFieldDef *self = CUBE_FIELD_DEF (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_DATASET_ID:
      self->dataset_id = g_value_get_int64 (value);
      break;

    case PROP_KEY:
      self->key = g_value_dup_string (value);
      break;

    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;

    case PROP_FIELD_TYPE:
      self->field_type = g_value_get_int (value);
      break;

    case PROP_REQUIRED:
      self->required = g_value_get_boolean (value);
      break;

    case PROP_UNIQUE:
      self->unique = g_value_get_boolean (value);
      break;

    case PROP_HELP:
      self->help = g_value_dup_string (value);
      break;

    case PROP_POSITION:
      self->position = g_value_get_int (value);
      break;

    case PROP_ARCHIVED:
      self->archived = g_value_get_boolean (value);
      break;

    case PROP_OPTIONS:
      self->options = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_field_def_class_init (CubeFieldDefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_field_def_finalize;
  object_class->get_property = cube_field_def_get_property;
  object_class->set_property = cube_field_def_set_property;

  /* Row id. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Dataset id. */
  properties[PROP_DATASET_ID] =
    g_param_spec_int64 ("dataset-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Stable key. */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Label shown to users. */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Value type. */
  properties[PROP_FIELD_TYPE] =
    g_param_spec_int ("field-type", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Must be filled. */
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Unique within the dataset when filled. */
  properties[PROP_UNIQUE] =
    g_param_spec_boolean ("unique", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Help text. */
  properties[PROP_HELP] =
    g_param_spec_string ("help", NULL, NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Order in forms. */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Hidden from forms. */
  properties[PROP_ARCHIVED] =
    g_param_spec_boolean ("archived", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Options of a choice field. */
  properties[PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_field_def_init (CubeFieldDef *self)
{
}

gint64
cube_field_def_get_id (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->id;
}

gint64
cube_field_def_get_dataset_id (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->dataset_id;
}

const char *
cube_field_def_get_key (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->key;
}

const char *
cube_field_def_get_label (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->label;
}

CubeFieldType
cube_field_def_get_field_type (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->field_type;
}

gboolean
cube_field_def_get_required (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->required;
}

gboolean
cube_field_def_get_unique (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->unique;
}

const char *
cube_field_def_get_help (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->help;
}

int
cube_field_def_get_position (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->position;
}

gboolean
cube_field_def_get_archived (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return self->archived;
}

const char * const *
cube_field_def_get_options (CubeFieldDef *self)
{
  g_return_val_if_fail (CUBE_IS_FIELD_DEF (self), 0);
  return (const char * const *) self->options;
}

char *
cube_field_defs_signature (GPtrArray *fields)
{
  GString *signature = g_string_new (NULL);

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char * const *options = cube_field_def_get_options (def);

      g_string_append_printf (signature, "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%d%d%d\x1f%s",
                              cube_field_def_get_id (def), cube_field_def_get_key (def),
                              cube_field_def_get_label (def), (int) cube_field_def_get_field_type (def),
                              cube_field_def_get_required (def), cube_field_def_get_unique (def),
                              cube_field_def_get_help (def) ? cube_field_def_get_help (def) : "");
      for (guint j = 0; options != NULL && options[j] != NULL; j++)
        g_string_append_printf (signature, "\x1f%s", options[j]);
      g_string_append_c (signature, '\x1e');
    }
  return g_string_free (signature, FALSE);
}
