/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "cube-core.h"
#include "cube-gui-util.h"

void
cube_gui_set_message (GtkLabel   *label,
                      const char *message,
                      const char *style)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "confirmation");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "field-error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), style);
}

void
cube_gui_set_error (GtkLabel   *label,
                    const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

char *
cube_gui_date_for_display (const char *iso)
{
  int y, m, d;

  if (iso != NULL && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3)
    return g_strdup_printf ("%02d.%02d.%04d", d, m, y);
  return g_strdup (iso ? iso : "");
}

void
cube_gui_calendar_to_entry (GtkCalendar *calendar,
                            GtkEditable *entry)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d.%m.%Y");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (entry, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

void
cube_gui_label_cell_setup_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
text_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  data)
{
  CubeGuiCellTextFunc func = (CubeGuiCellTextFunc) g_object_get_data (G_OBJECT (factory), "cube-text-func");
  gpointer object = gtk_list_item_get_item (item);
  g_autofree char *text = object ? func (data, object) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

void
cube_gui_set_text_column (GtkColumnViewColumn *column,
                          CubeGuiCellTextFunc  func,
                          gpointer             data)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cube-text-func", (gpointer) func);
  g_signal_connect (factory, "setup", G_CALLBACK (cube_gui_label_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (text_cell_bind_cb), data);
  gtk_column_view_column_set_factory (column, factory);
}

guint
cube_gui_find_id (GListModel    *model,
                  CubeGuiIdFunc  get_id,
                  gint64         id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (get_id (item) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

GListStore *
cube_gui_assignment_dropdown_new_model (GtkDropDown *dropdown)
{
  GListStore *assignments = g_list_store_new (CUBE_TYPE_ASSIGNMENT);
  g_autoptr(GtkExpression) name = gtk_property_expression_new (CUBE_TYPE_ASSIGNMENT, NULL, "name");

  gtk_drop_down_set_expression (dropdown, name);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (assignments));
  return assignments;
}

guint
cube_gui_fill_assignments (GListStore *store,
                           GPtrArray  *list,
                           gint64      last_id)
{
  guint selected = GTK_INVALID_LIST_POSITION;

  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), list->pdata, list->len);
  for (guint i = 0; i < list->len; i++)
    if (cube_assignment_get_id (list->pdata[i]) == last_id)
      selected = i;
  /* With one assignment there is nothing to choose. */
  if (selected == GTK_INVALID_LIST_POSITION && list->len == 1)
    selected = 0;
  return selected;
}
