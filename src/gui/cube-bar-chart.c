/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-bar-chart.h"

struct _CubeBarChart
{
  GtkWidget  parent_instance;

  char      *title;
  GPtrArray *labels;   /* char * */
  GArray    *values;   /* gint64 */
};

G_DEFINE_FINAL_TYPE (CubeBarChart, cube_bar_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ROW_SPACING 6   /* between two bars */
#define COLUMN_GAP  8   /* between label, bar and value */
#define MIN_BAR     2   /* a value above zero is never invisible */

/* ---- helpers ----------------------------------------------------------- */

static void
update_accessible (CubeBarChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; i < self->labels->len; i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (self->values, gint64, i));

      if (i > 0)
        g_string_append (description, ", ");
      /* Translators: one bar of a chart read out: "<label>: <value>". */
      g_string_append_printf (description, _("%s: %s"), (const char *) self->labels->pdata[i], value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title ? self->title : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static gint64
max_value (CubeBarChart *self)
{
  gint64 max = 0;

  for (guint i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, gint64, i));
  return max;
}

/* The height of one row: the text's, or a minimum for the bar. */
static int
row_height (CubeBarChart *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ág");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height + 4, 16);
}

static int
text_width (CubeBarChart *self,
            const char   *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
lookup_colors (CubeBarChart *self,
               GdkRGBA      *fg,
               GdkRGBA      *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent)
      && !gtk_style_context_lookup_color (context, "theme_selected_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

/* ---- GtkWidget --------------------------------------------------------- */

static void
cube_bar_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CubeBarChart *self = CUBE_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      guint n = MAX (self->labels->len, 1);

      *minimum = *natural = (int) n * row_height (self) + (int) (n - 1) * ROW_SPACING;
    }
  else
    {
      int labels = 0;

      for (guint i = 0; i < self->labels->len; i++)
        labels = MAX (labels, text_width (self, self->labels->pdata[i]));
      *minimum = 160;
      *natural = MAX (*minimum, labels + 2 * COLUMN_GAP + 200 + text_width (self, "00000"));
    }
}

static void
cube_bar_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CubeBarChart *self = CUBE_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int row = row_height (self);
  int label_width = 0, value_width = 0, bar_space;
  gint64 max = max_value (self);
  GdkRGBA fg, accent;
  cairo_t *cr;

  if (self->labels->len == 0 || width <= 0 || height <= 0)
    return;

  for (guint i = 0; i < self->labels->len; i++)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (self->values, gint64, i));

      label_width = MAX (label_width, text_width (self, self->labels->pdata[i]));
      value_width = MAX (value_width, text_width (self, value));
    }
  /* Long labels are cut, never the bars. */
  label_width = MIN (label_width, width * 2 / 5);
  bar_space = MAX (width - label_width - value_width - 2 * COLUMN_GAP, MIN_BAR);

  lookup_colors (self, &fg, &accent);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < self->labels->len; i++)
    {
      gint64 value = g_array_index (self->values, gint64, i);
      g_autofree char *value_text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, self->labels->pdata[i]);
      g_autoptr(PangoLayout) number = gtk_widget_create_pango_layout (widget, value_text);
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
      double y = i * (row + ROW_SPACING);
      double bar = max > 0 ? (double) bar_space * value / max : 0;
      double bar_x;
      int text_height;

      if (value > 0)
        bar = MAX (bar, MIN_BAR);

      /* The label, right-aligned next to its bar. */
      pango_layout_set_width (label, label_width * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (label, NULL, &text_height);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, rtl ? width - label_width : 0, y + (row - text_height) / 2.0);
      pango_cairo_show_layout (cr, label);

      /* The bar. */
      bar_x = rtl ? width - label_width - COLUMN_GAP - bar : label_width + COLUMN_GAP;
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_rectangle (cr, bar_x, y + 2, bar, row - 4);
      cairo_fill (cr);

      /* The value after the bar's end. */
      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_get_pixel_size (number, NULL, &text_height);
      cairo_move_to (cr, rtl ? bar_x - COLUMN_GAP - text_width (self, value_text) : bar_x + bar + COLUMN_GAP,
                     y + (row - text_height) / 2.0);
      pango_cairo_show_layout (cr, number);
    }
  cairo_destroy (cr);
}

static void
cube_bar_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cube_bar_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_bar_chart_finalize (GObject *object)
{
  CubeBarChart *self = CUBE_BAR_CHART (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (cube_bar_chart_parent_class)->finalize (object);
}

static void
cube_bar_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CubeBarChart *self = CUBE_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_bar_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CubeBarChart *self = CUBE_BAR_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      cube_bar_chart_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_bar_chart_class_init (CubeBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cube_bar_chart_finalize;
  object_class->get_property = cube_bar_chart_get_property;
  object_class->set_property = cube_bar_chart_set_property;

  widget_class->measure = cube_bar_chart_measure;
  widget_class->snapshot = cube_bar_chart_snapshot;
  widget_class->css_changed = cube_bar_chart_css_changed;

  /* What the chart shows, for screen readers. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "cubebarchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cube_bar_chart_init (CubeBarChart *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, TRUE, sizeof (gint64));
  update_accessible (self);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_bar_chart_new (void)
{
  return g_object_new (CUBE_TYPE_BAR_CHART, NULL);
}

void
cube_bar_chart_set_bars (CubeBarChart       *self,
                         const char * const *labels,
                         const gint64       *values,
                         guint               n_bars)
{
  g_return_if_fail (CUBE_IS_BAR_CHART (self));
  g_return_if_fail (n_bars == 0 || (labels != NULL && values != NULL));

  g_ptr_array_set_size (self->labels, 0);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n_bars; i++)
    g_ptr_array_add (self->labels, g_strdup (labels[i] ? labels[i] : ""));
  g_array_append_vals (self->values, values, n_bars);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cube_bar_chart_set_title (CubeBarChart *self,
                          const char   *title)
{
  g_return_if_fail (CUBE_IS_BAR_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
cube_bar_chart_get_title (CubeBarChart *self)
{
  g_return_val_if_fail (CUBE_IS_BAR_CHART (self), NULL);
  return self->title;
}

guint
cube_bar_chart_get_n_bars (CubeBarChart *self)
{
  g_return_val_if_fail (CUBE_IS_BAR_CHART (self), 0);
  return self->labels->len;
}

const char *
cube_bar_chart_get_label (CubeBarChart *self,
                          guint         index)
{
  g_return_val_if_fail (CUBE_IS_BAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->labels->len, NULL);
  return self->labels->pdata[index];
}

gint64
cube_bar_chart_get_value (CubeBarChart *self,
                          guint         index)
{
  g_return_val_if_fail (CUBE_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);
  return g_array_index (self->values, gint64, index);
}
