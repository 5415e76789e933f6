/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* The supervisor's overview of one assignment: its customers by status now,
 * and the outcomes registered in a period (as corrected) by outcome and
 * by agent. Immutable: the store makes a new one for each question. */
#define CUBE_TYPE_OVERVIEW (cube_overview_get_type ())
G_DECLARE_FINAL_TYPE (CubeOverview, cube_overview, CUBE, OVERVIEW, GObject)

/* The assignment's id. */
gint64               cube_overview_get_assignment_id   (CubeOverview *self);
/* The period, Unix times; @until is exclusive; 0 for open. */
gint64               cube_overview_get_from            (CubeOverview *self);
gint64               cube_overview_get_until           (CubeOverview *self);
/* Customers of the assignment now with @status (available, locked, closed). */
gint64               cube_overview_get_status_count    (CubeOverview *self,
                                                        CubeCustomerStatus status);
/* Customers not closed with a follow-up time set. */
gint64               cube_overview_get_follow_ups      (CubeOverview *self);
/* Customers in the assignment. */
gint64               cube_overview_get_customers       (CubeOverview *self);
/* The assignment's outcomes in their order (archived ones too). */
guint                cube_overview_get_n_outcomes      (CubeOverview *self);
const char          *cube_overview_get_outcome_label   (CubeOverview *self,
                                                        guint         index);
CubeOutcomeKind      cube_overview_get_outcome_kind    (CubeOverview *self,
                                                        guint         index);
/* Logins of the agents who registered outcomes in the period, sorted. */
const char * const  *cube_overview_get_agents          (CubeOverview *self);
/* Outcomes @index registered by @agent (NULL: all agents) in the period;
 * @index G_MAXUINT: all outcomes. */
gint64               cube_overview_get_count           (CubeOverview *self,
                                                        const char   *agent,
                                                        guint         index);

/* For the stores: a new overview with its status counts, outcome labels and
 * kinds (parallel arrays); counts are added with cube_overview_add_count(). */
CubeOverview        *cube_overview_new                 (gint64              assignment_id,
                                                        gint64              from,
                                                        gint64              until,
                                                        const gint64        status_counts[3],
                                                        gint64              follow_ups,
                                                        const char * const *labels,
                                                        const CubeOutcomeKind *kinds);
void                 cube_overview_add_count           (CubeOverview *self,
                                                        const char   *agent,
                                                        guint         index,
                                                        gint64        count);

G_END_DECLS
