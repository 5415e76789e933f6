/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Small pieces the windows share, so that they look and behave alike. */

/* Shows @message in @label (hides it when NULL) styled as @style:
 * "field-error", "confirmation" or NULL for neither. */
void        cube_gui_set_message          (GtkLabel            *label,
                                           const char          *message,
                                           const char          *style);
/* Shows @message in @label, or hides it when NULL. */
void        cube_gui_set_error            (GtkLabel            *label,
                                           const char          *message);

/* An ISO date (yyyy-mm-dd) as users write it, dd.mm.yyyy; anything else as
 * it is, NULL as "". */
char       *cube_gui_date_for_display     (const char          *iso);
/* Writes the day chosen in @calendar into @entry as dd.mm.yyyy and closes
 * the popover the calendar sits in. Fits GtkCalendar::day-selected. */
void        cube_gui_calendar_to_entry    (GtkCalendar         *calendar,
                                           GtkEditable         *entry);

/* A GtkSignalListItemFactory::setup handler: a start-aligned label that
 * ellipsizes, the cell of a text column. */
void        cube_gui_label_cell_setup_cb  (GtkSignalListItemFactory *factory,
                                           GtkListItem              *item,
                                           gpointer                  user_data);

/* The text a column shows for @item (a new string, NULL for none). */
typedef char *(*CubeGuiCellTextFunc) (gpointer data,
                                      gpointer item);
/* Makes @column show func (@data, item) in a label for each row. */
void        cube_gui_set_text_column      (GtkColumnViewColumn *column,
                                           CubeGuiCellTextFunc  func,
                                           gpointer             data);

/* The id of a domain object: cube_user_get_id() and the like. */
typedef gint64 (*CubeGuiIdFunc) (gpointer item);
/* The position in @model of the item whose id is @id, or
 * GTK_INVALID_LIST_POSITION. */
guint       cube_gui_find_id              (GListModel          *model,
                                           CubeGuiIdFunc        get_id,
                                           gint64               id);

/* Makes @dropdown list CubeAssignments by name; returns the store behind it
 * (the caller's reference) to fill. */
GListStore *cube_gui_assignment_dropdown_new_model (GtkDropDown *dropdown);

/* Puts @list (CubeAssignments) into @store, the model of a dropdown where
 * an assignment is chosen to add customers to; returns the position to
 * select: the one with @last_id (the last one chosen), else the only one,
 * else GTK_INVALID_LIST_POSITION. */
guint       cube_gui_fill_assignments     (GListStore          *store,
                                           GPtrArray           *list,
                                           gint64               last_id);

G_END_DECLS
