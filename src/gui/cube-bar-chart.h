/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A horizontal bar chart drawn with cairo: a row per bar with its label, a
 * bar in the theme's accent colour scaled to the largest value, and the
 * value printed. Its accessible description lists every value. */
#define CUBE_TYPE_BAR_CHART (cube_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (CubeBarChart, cube_bar_chart, CUBE, BAR_CHART, GtkWidget)

GtkWidget   *cube_bar_chart_new       (void);
/* Replaces the bars: @n_bars labels and values. */
void         cube_bar_chart_set_bars  (CubeBarChart        *self,
                                       const char * const  *labels,
                                       const gint64        *values,
                                       guint                n_bars);
/* The title, read before the values by screen readers. */
void         cube_bar_chart_set_title (CubeBarChart        *self,
                                       const char          *title);
const char  *cube_bar_chart_get_title (CubeBarChart        *self);
/* The bars shown now. */
guint        cube_bar_chart_get_n_bars (CubeBarChart       *self);
const char  *cube_bar_chart_get_label (CubeBarChart        *self,
                                       guint                index);
gint64       cube_bar_chart_get_value (CubeBarChart        *self,
                                       guint                index);

G_END_DECLS
