/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <stdio.h>

#include "cube-history-view.h"

struct _CubeHistoryView
{
  GtkWidget   parent_instance;

  GtkListBox *list;
  GtkLabel   *placeholder;
  GPtrArray  *events;          /* CubeEvent, newest first; NULL when none */
  GPtrArray  *fields;          /* CubeFieldDef */
  GStrv       kinds;           /* the kinds shown; NULL for all */
  char       *correct_action;  /* on outcome events when set; target: the event id */
};

G_DEFINE_FINAL_TYPE (CubeHistoryView, cube_history_view, GTK_TYPE_WIDGET)

#define EMPTY_VALUE "–"

/* "dd.mm.yyyy hh:mm" in local time. */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt ? g_date_time_format (dt, "%d.%m.%Y %H:%M") : g_strdup (EMPTY_VALUE);
}

static CubeFieldDef *
find_field (GPtrArray  *fields,
            const char *key)
{
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    if (g_strcmp0 (cube_field_def_get_key (fields->pdata[i]), key) == 0)
      return fields->pdata[i];
  return NULL;
}

/* The user's word for the field an edit names. */
static char *
field_label (GPtrArray  *fields,
             const char *key)
{
  CubeFieldDef *def;

  if (g_strcmp0 (key, "customer_key") == 0)
    return g_strdup (_("Customer ID"));
  if (g_strcmp0 (key, "name") == 0)
    return g_strdup (_("Name"));
  if (g_strcmp0 (key, "email") == 0)
    return g_strdup (_("E-mail"));
  if (g_strcmp0 (key, "phone1") == 0)
    return g_strdup (_("Phone number 1"));
  if (g_strcmp0 (key, "phone2") == 0)
    return g_strdup (_("Phone number 2"));
  if (g_strcmp0 (key, "phone3") == 0)
    return g_strdup (_("Phone number 3"));
  if ((def = find_field (fields, key)) != NULL)
    return g_strdup (cube_field_def_get_label (def));
  return g_strdup (key ? key : EMPTY_VALUE);
}

/* A stored value as the forms show it: dates as dd.mm.yyyy, yes/no in words. */
static char *
field_value (GPtrArray  *fields,
             const char *key,
             const char *value)
{
  CubeFieldDef *def = find_field (fields, key);
  int y, m, d;

  if (value == NULL || value[0] == '\0')
    return g_strdup (EMPTY_VALUE);
  if (def != NULL)
    switch (cube_field_def_get_field_type (def))
      {
      case CUBE_FIELD_DATE:
        if (sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3)
          return g_strdup_printf ("%02d.%02d.%04d", d, m, y);
        break;
      case CUBE_FIELD_YES_NO:
        return g_strdup (g_str_equal (value, "1") ? _("Yes") : _("No"));
      default:
        break;
      }
  return g_strdup (value);
}

static char *
created_text (CubeEvent *event)
{
  const char *source = cube_event_get_source (event);

  if (g_strcmp0 (source, "manual") == 0)
    return g_strdup (_("Created (manual)"));
  if (g_strcmp0 (source, "import") == 0)
    return g_strdup (_("Created (import)"));
  if (g_strcmp0 (source, "api") == 0)
    return g_strdup (_("Created (API)"));
  if (g_strcmp0 (source, "demo") == 0)
    return g_strdup (_("Created (demo)"));
  return g_strdup (_("Created"));
}

static char *
released_text (CubeEvent *event)
{
  GString *text = g_string_new (_("Released"));
  const char *was_locked_by = cube_event_get_old_value (event);

  if (g_strcmp0 (cube_event_get_comment (event), "lease expired") == 0)
    g_string_append_printf (text, " %s", _("(lease expired)"));
  if (was_locked_by != NULL && was_locked_by[0] != '\0')
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("(was locked by %s)"), was_locked_by);
    }
  return g_string_free (text, FALSE);
}

static char *
outcome_text (CubeEvent *event)
{
  GString *text = g_string_new (NULL);
  gint64 follow_up_at = cube_event_get_follow_up_at (event);

  g_string_append_printf (text, _("Outcome: %s"),
                          cube_event_get_outcome (event) ? cube_event_get_outcome (event) : EMPTY_VALUE);
  if (follow_up_at > 0)
    {
      g_autofree char *when = format_time (follow_up_at);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("Follow-up %s"), when);
    }
  return g_string_free (text, FALSE);
}

/* What happened, in words. */
static char *
describe_event (CubeEvent *event,
                GPtrArray *fields)
{
  const char *kind = cube_event_get_kind (event);

  if (g_strcmp0 (kind, "created") == 0)
    return created_text (event);
  if (g_strcmp0 (kind, "edited") == 0)
    {
      const char *key = cube_event_get_field (event);
      g_autofree char *label = field_label (fields, key);
      g_autofree char *old_value = field_value (fields, key, cube_event_get_old_value (event));
      g_autofree char *new_value = field_value (fields, key, cube_event_get_new_value (event));

      return g_strdup_printf (_("Changed %s: %s → %s"), label, old_value, new_value);
    }
  if (g_strcmp0 (kind, "locked") == 0)
    return g_strdup (_("Locked"));
  if (g_strcmp0 (kind, "released") == 0)
    return released_text (event);
  if (g_strcmp0 (kind, "outcome") == 0)
    return outcome_text (event);
  if (g_strcmp0 (kind, "corrected") == 0)
    {
      const char *from = cube_event_get_old_value (event);
      const char *to = cube_event_get_new_value (event);
      g_autoptr(GString) text = g_string_new (NULL);
      gint64 follow_up_at = cube_event_get_follow_up_at (event);

      g_string_append_printf (text, _("Outcome corrected: %s → %s"), from ? from : EMPTY_VALUE,
                              to ? to : EMPTY_VALUE);
      if (follow_up_at > 0)
        {
          g_autofree char *when = format_time (follow_up_at);

          g_string_append (text, " · ");
          g_string_append_printf (text, _("Follow-up %s"), when);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (g_strcmp0 (kind, "moved") == 0)
    {
      const char *from = cube_event_get_old_value (event);
      const char *to = cube_event_get_new_value (event);

      if (from != NULL || to != NULL)
        return g_strdup_printf (_("Moved: %s → %s"), from ? from : EMPTY_VALUE, to ? to : EMPTY_VALUE);
      return g_strdup (_("Moved"));
    }
  return g_strdup (kind ? kind : EMPTY_VALUE);
}

static GtkWidget *
add_line (GtkWidget  *box,
          const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/* @corrected_to: the outcome a later correction made of this one, or NULL;
 * @correct_action: the action a "Correct outcome…" button runs, or NULL. */
static GtkWidget *
create_row (CubeEvent  *event,
            GPtrArray  *fields,
            const char *corrected_to,
            const char *correct_action)
{
  g_autofree char *when = format_time (cube_event_get_at (event));
  g_autofree char *what = describe_event (event, fields);
  g_autofree char *meta = NULL;
  g_autofree char *note = NULL;
  g_autoptr(GString) accessible = NULL;
  const char *login = cube_event_get_login (event);
  const char *kind = cube_event_get_kind (event);
  const char *comment = g_strcmp0 (kind, "outcome") == 0 || g_strcmp0 (kind, "corrected") == 0
                        ? cube_event_get_comment (event) : NULL;
  GtkWidget *row, *box, *label, *top;

  meta = g_strdup_printf ("%s · %s", when, login && login[0] ? login : EMPTY_VALUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), top);
  label = add_line (top, what);
  gtk_widget_set_hexpand (label, TRUE);
  if (correct_action != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Co_rrect…"));

      gtk_widget_set_valign (button, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (button, _("Correct this outcome"));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), correct_action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_int64 (cube_event_get_id (event)));
      gtk_box_append (GTK_BOX (top), button);
    }

  if (comment != NULL && comment[0] != '\0')
    {
      /* Translators: a comment quoted in the history; Norwegian uses «%s». */
      g_autofree char *quoted = g_strdup_printf (C_("history", "“%s”"), comment);

      add_line (box, quoted);
    }
  if (corrected_to != NULL)
    {
      note = g_strdup_printf (_("Corrected to %s"), corrected_to);
      label = add_line (box, note);
      gtk_widget_add_css_class (label, "dim-label");
    }

  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  accessible = g_string_new (what);
  if (comment && comment[0])
    g_string_append_printf (accessible, ". %s", comment);
  if (note != NULL)
    g_string_append_printf (accessible, ". %s", note);
  g_string_append_printf (accessible, ". %s", meta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
  return row;
}

static gboolean
shown_kind (CubeHistoryView *self,
            CubeEvent       *event)
{
  return self->kinds == NULL
         || g_strv_contains ((const char * const *) self->kinds, cube_event_get_kind (event));
}

/* Shows the events of the kinds chosen again. */
static void
rebuild (CubeHistoryView *self)
{
  g_autoptr(GHashTable) corrected_to = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GtkListBoxRow *row;
  gboolean before_move = FALSE;

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));

  /* Newest first: the first correction of an outcome seen is in effect. */
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      CubeEvent *event = self->events->pdata[i];

      gint64 corrects = cube_event_get_corrects_id (event);

      if (g_strcmp0 (cube_event_get_kind (event), "corrected") == 0 && corrects > 0
          && !g_hash_table_contains (corrected_to, &corrects))
        g_hash_table_insert (corrected_to, g_memdup2 (&corrects, sizeof corrects),
                             (gpointer) cube_event_get_new_value (event));
    }
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      CubeEvent *event = self->events->pdata[i];
      const char *kind = cube_event_get_kind (event);
      const char *correct_action = NULL;
      gint64 id = cube_event_get_id (event);

      /* Outcomes registered before the customer last moved belong to
       * another assignment's outcomes. */
      if (g_strcmp0 (kind, "moved") == 0)
        before_move = TRUE;
      if (g_strcmp0 (kind, "outcome") == 0 && !before_move)
        correct_action = self->correct_action;
      if (!shown_kind (self, event))
        continue;
      gtk_list_box_append (self->list, create_row (event, self->fields,
                                                   g_hash_table_lookup (corrected_to, &id),
                                                   correct_action));
    }
  gtk_label_set_text (self->placeholder, self->events != NULL && self->events->len > 0
                                         ? _("No events of this kind") : _("No history yet"));
}

static void
cube_history_view_dispose (GObject *object)
{
  CubeHistoryView *self = CUBE_HISTORY_VIEW (object);

  if (self->list != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list));
      self->list = NULL;
    }
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  G_OBJECT_CLASS (cube_history_view_parent_class)->dispose (object);
}

static void
cube_history_view_finalize (GObject *object)
{
  CubeHistoryView *self = CUBE_HISTORY_VIEW (object);

  g_clear_pointer (&self->kinds, g_strfreev);
  g_clear_pointer (&self->correct_action, g_free);
  G_OBJECT_CLASS (cube_history_view_parent_class)->finalize (object);
}

static void
cube_history_view_class_init (CubeHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cube_history_view_dispose;
  object_class->finalize = cube_history_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cubehistoryview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cube_history_view_init (CubeHistoryView *self)
{
  GtkWidget *placeholder;

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "rich-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("History"),
                                  -1);

  placeholder = gtk_label_new (_("No history yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);
  self->placeholder = GTK_LABEL (placeholder);

  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
}

GtkWidget *
cube_history_view_new (void)
{
  return g_object_new (CUBE_TYPE_HISTORY_VIEW, NULL);
}

void
cube_history_view_set_events (CubeHistoryView *self,
                              GPtrArray       *events,
                              GPtrArray       *fields)
{
  g_return_if_fail (CUBE_IS_HISTORY_VIEW (self));

  if (events != NULL)
    g_ptr_array_ref (events);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events = events;
  if (fields != NULL)
    g_ptr_array_ref (fields);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  self->fields = fields;
  rebuild (self);
}

void
cube_history_view_set_kinds (CubeHistoryView    *self,
                             const char * const *kinds)
{
  g_return_if_fail (CUBE_IS_HISTORY_VIEW (self));

  g_strfreev (self->kinds);
  self->kinds = g_strdupv ((char **) kinds);
  rebuild (self);
}

void
cube_history_view_set_correct_action (CubeHistoryView *self,
                                      const char      *action_name)
{
  g_return_if_fail (CUBE_IS_HISTORY_VIEW (self));

  if (g_strcmp0 (self->correct_action, action_name) == 0)
    return;
  g_free (self->correct_action);
  self->correct_action = g_strdup (action_name);
  rebuild (self);
}

GPtrArray *
cube_history_view_get_shown_events (CubeHistoryView *self)
{
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CUBE_IS_HISTORY_VIEW (self), shown);

  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    if (shown_kind (self, self->events->pdata[i]))
      g_ptr_array_add (shown, g_object_ref (self->events->pdata[i]));
  return shown;
}
