/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "cube-customer-card.h"
#include "cube-gui-util.h"

/* One labelled input of the card. */
typedef struct {
  char         *key;
  CubeFieldDef *def;      /* NULL for the standard fields */
  GtkWidget    *label;
  GtkWidget    *input;
  GtkWidget    *error;
  char         *original; /* value when filled from a customer */
  gboolean      touched;
} FieldRow;

struct _CubeCustomerCard
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkGrid     *standard_grid;
  GtkWidget   *add_phone_button;
  GtkWidget   *custom_heading;
  GtkGrid     *custom_grid;

  CubeContext *context;
  gint64       dataset_id;
  GPtrArray   *rows;        /* FieldRow: standard first, then custom */
  guint        n_standard;
  guint        visible_phones;
  gboolean     valid;
  gboolean     dirty;
  gboolean     filling;     /* set while the card fills itself */
  char        *signature;   /* of the custom fields the card shows */
};

G_DEFINE_FINAL_TYPE (CubeCustomerCard, cube_customer_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_VALID,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
field_row_free (gpointer data)
{
  FieldRow *row = data;

  g_free (row->key);
  g_clear_object (&row->def);
  g_free (row->original);
  g_free (row);
}

/* ---- reading and writing inputs --------------------------------------- */

static GtkWidget *
editable_of (FieldRow *row)
{
  /* A date row is a box of entry + calendar button. */
  if (GTK_IS_BOX (row->input))
    return gtk_widget_get_first_child (row->input);
  return row->input;
}

static char *
row_get_text (FieldRow *row)
{
  GtkWidget *input = editable_of (row);

  if (GTK_IS_EDITABLE (input))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (input)));
  if (GTK_IS_SCROLLED_WINDOW (input))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (input))));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (GTK_IS_DROP_DOWN (input))
    {
      guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (input));
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (input));

      /* Position 0 is the empty choice. */
      if (pos == GTK_INVALID_LIST_POSITION || pos == 0)
        return g_strdup ("");
      return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), pos));
    }
  if (GTK_IS_CHECK_BUTTON (input))
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (input)))
        return g_strdup ("1");
      /* Unticked means "no" once the customer had an answer; else unanswered. */
      return g_strdup (row->original != NULL || row->touched ? "0" : "");
    }
  return g_strdup ("");
}

static void
row_set_text (FieldRow   *row,
              const char *value)
{
  GtkWidget *input = editable_of (row);

  g_free (row->original);
  row->original = g_strdup (value);
  row->touched = FALSE;

  if (GTK_IS_EDITABLE (input))
    {
      g_autofree char *shown = NULL;

      if (row->def && cube_field_def_get_field_type (row->def) == CUBE_FIELD_DATE)
        shown = cube_gui_date_for_display (value);
      gtk_editable_set_text (GTK_EDITABLE (input), shown ? shown : (value ? value : ""));
    }
  else if (GTK_IS_SCROLLED_WINDOW (input))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (input)))),
                              value ? value : "", -1);
  else if (GTK_IS_DROP_DOWN (input))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (input));
      guint selected = 0;

      for (guint i = 1; value && i < g_list_model_get_n_items (model); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
          selected = i;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (input), selected);
    }
  else if (GTK_IS_CHECK_BUTTON (input))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (input), g_strcmp0 (value, "1") == 0);
}

static void
row_set_error (FieldRow   *row,
               const char *message)
{
  gtk_label_set_text (GTK_LABEL (row->error), message ? message : "");
  gtk_widget_set_visible (row->error, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (editable_of (row), "error");
  else
    gtk_widget_remove_css_class (editable_of (row), "error");
}

/* ---- validation -------------------------------------------------------- */

/* Checks one row by the core's rules; returns FALSE when it is not valid.
 * Messages appear only for what the user has typed in. */
static gboolean
validate_row (CubeCustomerCard *self,
              FieldRow         *row)
{
  g_autofree char *text = row_get_text (row);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *result = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (row->key, "customer_key"))
    {
      if (trimmed[0] == '\0')
        {
          row_set_error (row, row->touched ? _("Customer ID is required") : NULL);
          return FALSE;
        }
      result = cube_validate_customer_key (text, &error);
    }
  else if (g_str_equal (row->key, "email"))
    result = cube_validate_email (text, "email", _("E-mail"), &error);
  else if (g_str_has_prefix (row->key, "phone"))
    result = trimmed[0] ? cube_normalize_phone (text, row->key, _("Phone number"), &error) : g_strdup ("");
  else if (row->def != NULL)
    {
      result = cube_validate_field_value (row->def, text, &error);
      if (result != NULL && result[0] == '\0' && cube_field_def_get_required (row->def))
        {
          g_autofree char *message = g_strdup_printf (_("%s is required"), cube_field_def_get_label (row->def));
          row_set_error (row, row->touched ? message : NULL);
          return FALSE;
        }
    }
  else
    result = g_strdup (text);

  row_set_error (row, error ? error->message : NULL);
  return error == NULL;
}

static void
update_valid (CubeCustomerCard *self)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    if (!validate_row (self, self->rows->pdata[i]))
      valid = FALSE;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
set_dirty (CubeCustomerCard *self,
           gboolean          dirty)
{
  if (dirty != self->dirty)
    {
      self->dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
}

static void
input_changed_cb (CubeCustomerCard *self,
                  GObject          *input)
{
  FieldRow *row = g_object_get_data (input, "cube-field-row");

  if (self->filling)
    return;
  if (row != NULL)
    row->touched = TRUE;
  set_dirty (self, TRUE);
  update_valid (self);
}

/* notify::selected passes the GParamSpec, not the input. */
static void
drop_down_selected_cb (GtkDropDown      *input,
                       GParamSpec       *pspec,
                       CubeCustomerCard *self)
{
  input_changed_cb (self, G_OBJECT (input));
}

/* ---- building rows ----------------------------------------------------- */

static GtkWidget *
new_entry (CubeCustomerCard *self,
           GtkInputPurpose   purpose)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);
  return entry;
}

static GtkWidget *
new_input_for (CubeCustomerCard *self,
               CubeFieldDef     *def)
{
  GtkWidget *input = NULL;

  switch (cube_field_def_get_field_type (def))
    {
    case CUBE_FIELD_TEXT:
      return new_entry (self, GTK_INPUT_PURPOSE_FREE_FORM);
    case CUBE_FIELD_NUMBER:
      return new_entry (self, GTK_INPUT_PURPOSE_NUMBER);
    case CUBE_FIELD_EMAIL:
      return new_entry (self, GTK_INPUT_PURPOSE_EMAIL);
    case CUBE_FIELD_PHONE:
      return new_entry (self, GTK_INPUT_PURPOSE_PHONE);
    case CUBE_FIELD_LINK:
      return new_entry (self, GTK_INPUT_PURPOSE_URL);

    case CUBE_FIELD_MULTILINE:
      {
        GtkWidget *view = gtk_text_view_new ();

        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 4);
        input = gtk_scrolled_window_new ();
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (input), view);
        gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (input), 72);
        gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (input), TRUE);
        gtk_widget_set_hexpand (input, TRUE);
        g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                                 G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);
        return input;
      }

    case CUBE_FIELD_DATE:
      {
        GtkWidget *entry = new_entry (self, GTK_INPUT_PURPOSE_DIGITS);
        GtkWidget *calendar = gtk_calendar_new ();
        GtkWidget *popover = gtk_popover_new ();
        GtkWidget *button = gtk_menu_button_new ();

        gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("dd.mm.yyyy"));
        gtk_popover_set_child (GTK_POPOVER (popover), calendar);
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Choose date"), -1);
        gtk_widget_set_tooltip_text (button, _("Choose date"));
        g_signal_connect_object (calendar, "day-selected", G_CALLBACK (cube_gui_calendar_to_entry),
                                 entry, 0);
        input = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
        gtk_widget_add_css_class (input, "linked");
        gtk_box_append (GTK_BOX (input), entry);
        gtk_box_append (GTK_BOX (input), button);
        return input;
      }

    case CUBE_FIELD_CHOICE:
      {
        const char * const *options = cube_field_def_get_options (def);
        GtkStringList *list = gtk_string_list_new (NULL);

        gtk_string_list_append (list, "");
        for (guint i = 0; options && options[i]; i++)
          gtk_string_list_append (list, options[i]);
        input = gtk_drop_down_new (G_LIST_MODEL (list), NULL);
        gtk_widget_set_halign (input, GTK_ALIGN_START);
        gtk_widget_set_size_request (input, 200, -1);
        g_signal_connect_object (input, "notify::selected", G_CALLBACK (drop_down_selected_cb), self, 0);
        return input;
      }

    case CUBE_FIELD_YES_NO:
      input = gtk_check_button_new ();
      g_signal_connect_object (input, "toggled", G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);
      return input;

    default:
      g_assert_not_reached ();
    }
}

/* Puts @input with its label and message line at @position of @grid. */
static FieldRow *
add_row (CubeCustomerCard *self,
         GtkGrid          *grid,
         guint             position,
         const char       *key,
         const char       *label_text,
         gboolean          required,
         GtkWidget        *input,
         CubeFieldDef     *def)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  g_autofree char *shown = required ? g_strdup_printf ("%s *", label_text) : g_strdup (label_text);
  GtkWidget *target;

  row->key = g_strdup (key);
  row->def = def ? g_object_ref (def) : NULL;
  row->input = input;
  row->label = gtk_label_new (shown);
  gtk_label_set_xalign (GTK_LABEL (row->label), 0);
  gtk_widget_set_size_request (row->label, 148, -1);
  gtk_widget_set_valign (row->label, GTK_ALIGN_CENTER);
  row->error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->error), 0);
  gtk_label_set_wrap (GTK_LABEL (row->error), TRUE);
  gtk_widget_add_css_class (row->error, "field-error");
  gtk_widget_set_visible (row->error, FALSE);

  /* The visible label names the input for screen readers and tests. */
  target = editable_of (row);
  if (GTK_IS_SCROLLED_WINDOW (target))
    target = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (target));
  gtk_label_set_mnemonic_widget (GTK_LABEL (row->label), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_LABEL, label_text, -1);
  if (required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
  if (def && cube_field_def_get_help (def) && cube_field_def_get_help (def)[0])
    gtk_widget_set_tooltip_text (input, cube_field_def_get_help (def));
  g_object_set_data (G_OBJECT (editable_of (row)), "cube-field-row", row);
  g_object_set_data (G_OBJECT (target), "cube-field-row", row);
  if (GTK_IS_SCROLLED_WINDOW (input))
    g_object_set_data (G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (target))), "cube-field-row", row);

  gtk_grid_attach (grid, row->label, 0, position * 2, 1, 1);
  gtk_grid_attach (grid, input, 1, position * 2, 1, 1);
  gtk_grid_attach (grid, row->error, 1, position * 2 + 1, 1, 1);
  g_ptr_array_add (self->rows, row);
  return row;
}

static FieldRow *
find_row (CubeCustomerCard *self,
          const char       *key)
{
  for (guint i = 0; key && i < self->rows->len; i++)
    {
      FieldRow *row = self->rows->pdata[i];
      if (g_strcmp0 (row->key, key) == 0)
        return row;
    }
  return NULL;
}

static void
set_phone_rows_visible (CubeCustomerCard *self,
                        guint             count)
{
  self->visible_phones = CLAMP (count, 1, CUBE_MAX_PHONES);
  for (guint i = 2; i <= CUBE_MAX_PHONES; i++)
    {
      g_autofree char *key = g_strdup_printf ("phone%u", i);
      FieldRow *row = find_row (self, key);
      gboolean visible = i <= self->visible_phones;

      gtk_widget_set_visible (row->label, visible);
      gtk_widget_set_visible (row->input, visible);
      if (!visible)
        gtk_widget_set_visible (row->error, FALSE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.add-phone",
                                 self->visible_phones < CUBE_MAX_PHONES);
}

static void
build_standard_rows (CubeCustomerCard *self)
{
  guint position = 0;

  add_row (self, self->standard_grid, position++, "customer_key", _("Customer ID"), TRUE,
           new_entry (self, GTK_INPUT_PURPOSE_FREE_FORM), NULL);
  add_row (self, self->standard_grid, position++, "name", _("Name"), FALSE,
           new_entry (self, GTK_INPUT_PURPOSE_NAME), NULL);
  add_row (self, self->standard_grid, position++, "email", _("E-mail"), FALSE,
           new_entry (self, GTK_INPUT_PURPOSE_EMAIL), NULL);
  for (guint i = 1; i <= CUBE_MAX_PHONES; i++)
    {
      g_autofree char *key = g_strdup_printf ("phone%u", i);
      g_autofree char *label = i == 1 ? g_strdup (_("Phone number")) : g_strdup_printf (_("Phone number %u"), i);

      add_row (self, self->standard_grid, position++, key, label, FALSE,
               new_entry (self, GTK_INPUT_PURPOSE_PHONE), NULL);
    }
  self->n_standard = self->rows->len;
}

static void
clear_custom_rows (CubeCustomerCard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->custom_grid))))
    gtk_grid_remove (self->custom_grid, child);
  if (self->rows->len > self->n_standard)
    g_ptr_array_remove_range (self->rows, self->n_standard, self->rows->len - self->n_standard);
}

static void
add_phone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CubeCustomerCard *self = CUBE_CUSTOMER_CARD (widget);
  g_autofree char *key = NULL;

  set_phone_rows_visible (self, self->visible_phones + 1);
  key = g_strdup_printf ("phone%u", self->visible_phones);
  gtk_widget_grab_focus (find_row (self, key)->input);
}

/* The dataset's fields changed (CRM settings, here or in another process):
 * the card rebuilds them, keeping what is typed. */
static void
context_changed_cb (CubeCustomerCard *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *signature = NULL;

  if (self->dataset_id <= 0
      || !(fields = cube_store_list_fields (cube_context_get_store (self->context), self->dataset_id, FALSE, NULL)))
    return;
  signature = cube_field_defs_signature (fields);
  if (g_strcmp0 (signature, self->signature) != 0)
    cube_customer_card_set_dataset (self, self->dataset_id);
}

/* ---- GObject ----------------------------------------------------------- */

static void
cube_customer_card_dispose (GObject *object)
{
  CubeCustomerCard *self = (CubeCustomerCard *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CUBE_TYPE_CUSTOMER_CARD);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->signature, g_free);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, context_changed_cb, self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_customer_card_parent_class)->dispose (object);
}

static void
cube_customer_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CubeCustomerCard *self = CUBE_CUSTOMER_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CubeCustomerCard *self = CUBE_CUSTOMER_CARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      if (self->context != NULL)
        g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_card_class_init (CubeCustomerCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cube_customer_card_dispose;
  object_class->get_property = cube_customer_card_get_property;
  object_class->set_property = cube_customer_card_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cubecrm/Cube/ui/cube-customer-card.ui");
  gtk_widget_class_bind_template_child (widget_class, CubeCustomerCard, box);
  gtk_widget_class_bind_template_child (widget_class, CubeCustomerCard, standard_grid);
  gtk_widget_class_bind_template_child (widget_class, CubeCustomerCard, add_phone_button);
  gtk_widget_class_bind_template_child (widget_class, CubeCustomerCard, custom_heading);
  gtk_widget_class_bind_template_child (widget_class, CubeCustomerCard, custom_grid);
  gtk_widget_class_install_action (widget_class, "card.add-phone", NULL, add_phone_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cube_customer_card_init (CubeCustomerCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (field_row_free);
  build_standard_rows (self);
  set_phone_rows_visible (self, 1);
  gtk_widget_set_visible (self->custom_heading, FALSE);
}

/* ---- public API -------------------------------------------------------- */

GtkWidget *
cube_customer_card_new (CubeContext *context)
{
  return g_object_new (CUBE_TYPE_CUSTOMER_CARD, "context", context, NULL);
}

void
cube_customer_card_set_dataset (CubeCustomerCard *self,
                                gint64            dataset_id)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CUBE_IS_CUSTOMER_CARD (self));

  /* What the user typed in a field that the new dataset also has stays. */
  for (guint i = self->n_standard; i < self->rows->len; i++)
    {
      FieldRow *row = self->rows->pdata[i];
      g_hash_table_insert (kept, g_strdup (row->key), row_get_text (row));
    }
  clear_custom_rows (self);
  self->dataset_id = dataset_id;

  if (dataset_id > 0
      && !(fields = cube_store_list_fields (cube_context_get_store (self->context), dataset_id, FALSE, &error)))
    g_warning ("Cannot read the fields of dataset %" G_GINT64_FORMAT ": %s", dataset_id, error->message);

  self->filling = TRUE;
  for (guint i = 0; fields && i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      FieldRow *row = add_row (self, self->custom_grid, i, cube_field_def_get_key (def),
                               cube_field_def_get_label (def), cube_field_def_get_required (def),
                               new_input_for (self, def), def);
      const char *value = g_hash_table_lookup (kept, row->key);

      if (value != NULL && value[0] != '\0')
        row_set_text (row, value);
    }
  self->filling = FALSE;
  g_free (self->signature);
  self->signature = cube_field_defs_signature (fields);
  gtk_widget_set_visible (self->custom_heading, fields != NULL && fields->len > 0);
  update_valid (self);
}

void
cube_customer_card_set_customer (CubeCustomerCard *self,
                                 CubeCustomer     *customer)
{
  const char * const *phones = cube_customer_get_phones (customer);
  GHashTable *values = cube_customer_get_fields (customer);
  guint n_phones = phones ? g_strv_length ((char **) phones) : 0;

  g_return_if_fail (CUBE_IS_CUSTOMER_CARD (self));

  if (self->dataset_id != cube_customer_get_dataset_id (customer))
    cube_customer_card_set_dataset (self, cube_customer_get_dataset_id (customer));

  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = self->rows->pdata[i];

      if (g_str_equal (row->key, "customer_key"))
        row_set_text (row, cube_customer_get_customer_key (customer));
      else if (g_str_equal (row->key, "name"))
        row_set_text (row, cube_customer_get_name (customer));
      else if (g_str_equal (row->key, "email"))
        row_set_text (row, cube_customer_get_email (customer));
      else if (g_str_has_prefix (row->key, "phone") && row->def == NULL)
        {
          guint n = row->key[5] - '1';
          row_set_text (row, n < n_phones ? phones[n] : NULL);
        }
      else
        row_set_text (row, values ? g_hash_table_lookup (values, row->key) : NULL);
    }
  self->filling = FALSE;
  set_phone_rows_visible (self, n_phones);
  set_dirty (self, FALSE);
  update_valid (self);
}

void
cube_customer_card_clear (CubeCustomerCard *self)
{
  g_return_if_fail (CUBE_IS_CUSTOMER_CARD (self));

  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      row_set_text (self->rows->pdata[i], NULL);
      row_set_error (self->rows->pdata[i], NULL);
    }
  self->filling = FALSE;
  set_phone_rows_visible (self, 1);
  set_dirty (self, FALSE);
  update_valid (self);
  cube_customer_card_focus_key (self);
}

CubeCustomerDraft *
cube_customer_card_get_draft (CubeCustomerCard *self)
{
  CubeCustomerDraft *draft = cube_customer_draft_new ();

  g_return_val_if_fail (CUBE_IS_CUSTOMER_CARD (self), draft);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = self->rows->pdata[i];
      g_autofree char *text = row_get_text (row);

      if (g_str_equal (row->key, "customer_key"))
        draft->customer_key = g_steal_pointer (&text);
      else if (g_str_equal (row->key, "name"))
        draft->name = g_steal_pointer (&text);
      else if (g_str_equal (row->key, "email"))
        draft->email = g_steal_pointer (&text);
      else if (row->def == NULL)
        cube_customer_draft_add_phone (draft, text);
      else
        cube_customer_draft_set_field (draft, row->key, text);
    }
  return draft;
}

gboolean
cube_customer_card_get_valid (CubeCustomerCard *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER_CARD (self), FALSE);
  return self->valid;
}

gboolean
cube_customer_card_get_dirty (CubeCustomerCard *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER_CARD (self), FALSE);
  return self->dirty;
}

void
cube_customer_card_show_error (CubeCustomerCard *self,
                               const GError     *error)
{
  FieldRow *row;

  g_return_if_fail (CUBE_IS_CUSTOMER_CARD (self));

  row = find_row (self, cube_error_get_field (error));
  if (row == NULL && g_strcmp0 (cube_error_get_field (error), "phones") == 0)
    row = find_row (self, "phone1");
  if (row == NULL)
    return;
  row_set_error (row, error->message);
  gtk_widget_grab_focus (editable_of (row));
}

void
cube_customer_card_focus_key (CubeCustomerCard *self)
{
  g_return_if_fail (CUBE_IS_CUSTOMER_CARD (self));
  gtk_widget_grab_focus (find_row (self, "customer_key")->input);
}

GtkWidget *
cube_customer_card_get_input (CubeCustomerCard *self,
                              const char       *key)
{
  FieldRow *row;

  g_return_val_if_fail (CUBE_IS_CUSTOMER_CARD (self), NULL);
  row = find_row (self, key);
  return row ? editable_of (row) : NULL;
}
