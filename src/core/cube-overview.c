/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "cube-overview.h"

struct _CubeOverview
{
  GObject parent_instance;

  gint64 assignment_id;
  gint64 from;
  gint64 until;
  gint64 status_counts[3];
  gint64 follow_ups;
  GStrv labels;
  GArray *kinds;           /* CubeOutcomeKind */
  GHashTable *by_agent;    /* login → GArray of gint64, one per outcome */
  GArray *totals;          /* gint64 per outcome */
  GStrv agents;            /* sorted, made on demand */
};

G_DEFINE_FINAL_TYPE (CubeOverview, cube_overview, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ASSIGNMENT_ID,
  PROP_FROM,
  PROP_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
cube_overview_finalize (GObject *object)
{
  CubeOverview *self = (CubeOverview *) object;

  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->kinds, g_array_unref);
  g_clear_pointer (&self->by_agent, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_array_unref);
  g_clear_pointer (&self->agents, g_strfreev);

  G_OBJECT_CLASS (cube_overview_parent_class)->finalize (object);
}

static void
cube_overview_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CubeOverview *self = CUBE_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_ASSIGNMENT_ID:
      g_value_set_int64 (value, self->assignment_id);
      break;

    case PROP_FROM:
      g_value_set_int64 (value, self->from);
      break;

    case PROP_UNTIL:
      g_value_set_int64 (value, self->until);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_overview_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CubeOverview *self = CUBE_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_ASSIGNMENT_ID:
      self->assignment_id = g_value_get_int64 (value);
      break;

    case PROP_FROM:
      self->from = g_value_get_int64 (value);
      break;

    case PROP_UNTIL:
      self->until = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_overview_class_init (CubeOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_overview_finalize;
  object_class->get_property = cube_overview_get_property;
  object_class->set_property = cube_overview_set_property;

  /* The assignment's id. */
  properties[PROP_ASSIGNMENT_ID] =
    g_param_spec_int64 ("assignment-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Start of the period (Unix time), 0 for open. */
  properties[PROP_FROM] =
    g_param_spec_int64 ("from", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* End of the period (Unix time, exclusive), 0 for open. */
  properties[PROP_UNTIL] =
    g_param_spec_int64 ("until", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_overview_init (CubeOverview *self)
{
  self->kinds = g_array_new (FALSE, TRUE, sizeof (CubeOutcomeKind));
  self->totals = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->by_agent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

CubeOverview *
cube_overview_new (gint64                  assignment_id,
                   gint64                  from,
                   gint64                  until,
                   const gint64            status_counts[3],
                   gint64                  follow_ups,
                   const char * const     *labels,
                   const CubeOutcomeKind  *kinds)
{
  CubeOverview *self = g_object_new (CUBE_TYPE_OVERVIEW,
                                     "assignment-id", assignment_id,
                                     "from", MAX (from, 0),
                                     "until", MAX (until, 0),
                                     NULL);
  guint n = labels ? g_strv_length ((char **) labels) : 0;

  memcpy (self->status_counts, status_counts, sizeof self->status_counts);
  self->follow_ups = follow_ups;
  self->labels = g_strdupv ((char **) labels);
  if (self->labels == NULL)
    self->labels = g_new0 (char *, 1);
  g_array_append_vals (self->kinds, kinds, n);
  g_array_set_size (self->totals, n);
  return self;
}

void
cube_overview_add_count (CubeOverview *self,
                         const char   *agent,
                         guint         index,
                         gint64        count)
{
  GArray *row;

  g_return_if_fail (CUBE_IS_OVERVIEW (self));
  g_return_if_fail (index < self->totals->len);

  if (agent == NULL)
    agent = "";
  row = g_hash_table_lookup (self->by_agent, agent);
  if (row == NULL)
    {
      row = g_array_new (FALSE, TRUE, sizeof (gint64));
      g_array_set_size (row, self->totals->len);
      g_hash_table_insert (self->by_agent, g_strdup (agent), row);
      g_clear_pointer (&self->agents, g_strfreev);
    }
  g_array_index (row, gint64, index) += count;
  g_array_index (self->totals, gint64, index) += count;
}

gint64
cube_overview_get_assignment_id (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->assignment_id;
}

gint64
cube_overview_get_from (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->from;
}

gint64
cube_overview_get_until (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->until;
}

gint64
cube_overview_get_status_count (CubeOverview       *self,
                                CubeCustomerStatus  status)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  g_return_val_if_fail (status <= CUBE_STATUS_CLOSED, 0);
  return self->status_counts[status];
}

gint64
cube_overview_get_follow_ups (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->follow_ups;
}

gint64
cube_overview_get_customers (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->status_counts[0] + self->status_counts[1] + self->status_counts[2];
}

guint
cube_overview_get_n_outcomes (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);
  return self->totals->len;
}

const char *
cube_overview_get_outcome_label (CubeOverview *self,
                                 guint         index)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), NULL);
  g_return_val_if_fail (index < self->totals->len, NULL);
  return self->labels[index];
}

CubeOutcomeKind
cube_overview_get_outcome_kind (CubeOverview *self,
                                guint         index)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), CUBE_OUTCOME_ATTEMPT);
  g_return_val_if_fail (index < self->totals->len, CUBE_OUTCOME_ATTEMPT);
  return g_array_index (self->kinds, CubeOutcomeKind, index);
}

const char * const *
cube_overview_get_agents (CubeOverview *self)
{
  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), NULL);

  if (self->agents == NULL)
    {
      guint n = 0;
      gpointer *keys = g_hash_table_get_keys_as_array (self->by_agent, &n);

      self->agents = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        self->agents[i] = g_strdup (keys[i]);
      g_free (keys);
      qsort (self->agents, n, sizeof (char *), compare_strings);
    }
  return (const char * const *) self->agents;
}

gint64
cube_overview_get_count (CubeOverview *self,
                         const char   *agent,
                         guint         index)
{
  GArray *row;
  gint64 sum = 0;

  g_return_val_if_fail (CUBE_IS_OVERVIEW (self), 0);

  row = agent != NULL ? g_hash_table_lookup (self->by_agent, agent) : self->totals;
  if (row == NULL)
    return 0;
  if (index != G_MAXUINT)
    return index < row->len ? g_array_index (row, gint64, index) : 0;
  for (guint i = 0; i < row->len; i++)
    sum += g_array_index (row, gint64, i);
  return sum;
}
