/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Oversikt: one assignment's customers by status now and its outcomes in a
 * period (today, this week, this month or chosen days) by outcome and by
 * agent, as bar charts and as a table; exports the table and the
 * assignment's customers as CSV. Follows CubeContext::changed. */
#define CUBE_TYPE_OVERVIEW_WINDOW (cube_overview_window_get_type ())
G_DECLARE_FINAL_TYPE (CubeOverviewWindow, cube_overview_window, CUBE, OVERVIEW_WINDOW, GtkWindow)

/* What an export writes. */
typedef enum {
  CUBE_OVERVIEW_EXPORT_TABLE,      /* the table: a row per agent and one for all */
  CUBE_OVERVIEW_EXPORT_CUSTOMERS,  /* every customer of the assignment */
} CubeOverviewExport;

/* The overview of an assignment: counts by status, outcome and agent, chart, table and CSV export. Opens the window transient for @parent, or raises it when it is
 * already open. */
void          cube_overview_window_present    (GtkWindow          *parent,
                                               CubeContext        *context);
/* A new overview window; the customers export runs off the main loop on a
 * connection of its own to @database (NULL: on the main loop). */
GtkWidget    *cube_overview_window_new        (CubeContext        *context,
                                               const char         *database);
/* The overview shown now, or NULL when none could be read. */
CubeOverview *cube_overview_window_get_overview (CubeOverviewWindow *self);
/* Writes @what to @file as the export buttons do, without asking for a
 * file; the result shows in the window ("exporting" turns FALSE). */
void          cube_overview_window_export_to  (CubeOverviewWindow *self,
                                               GFile              *file,
                                               CubeOverviewExport  what);

G_END_DECLS
