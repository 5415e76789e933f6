/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The column mapping of an import: guessed from the header, changed by the
 * user, saved with the dataset as JSON and applied to the next file.
 *
 * Header labels are compared after trimming, case folding
 * (g_utf8_casefold, so Æ Ø Å fold too) and dropping spaces, hyphens,
 * underscores, dots and colons: "E-post", "Epost" and "e post" are one
 * label. A merged header cell gives its label to the first column of the
 * merge only; the others have an empty header and stay ignored. */

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cube-error.h"
#include "cube-import-mapping.h"

typedef struct {
  char             *header;
  char             *folded;
  CubeImportTarget  target;
  char             *field_key;
} Column;

struct _CubeImportMapping
{
  GObject  parent_instance;
  guint64  header_row;
  GArray  *columns;   /* of Column */
};

G_DEFINE_FINAL_TYPE (CubeImportMapping, cube_import_mapping, G_TYPE_OBJECT)

static const char * const target_names[] = {
  "ignore", "customer_key", "name", "email", "phone1", "phone2", "phone3", "field",
};

static const char * const key_synonyms[] = {
  "kundeid", "kundenummer", "kundenr", "customerid", "customernumber", "id", NULL
};
static const char * const name_synonyms[] = {
  "navn", "fulltnavn", "name", "fullname", "kundenavn", NULL
};
static const char * const email_synonyms[] = {
  "epost", "email", "epostadresse", "emailaddress", "mail", NULL
};
static const char * const phone_synonyms[] = {
  "telefon", "telefonnummer", "telefonnr", "mobil", "mobilnummer", "mobilnr",
  "mobiltelefon", "tlf", "tlfnr", "phone", "phonenumber", "mobile", NULL
};

const char *
cube_import_target_to_string (CubeImportTarget target)
{
  g_return_val_if_fail (target <= CUBE_IMPORT_TARGET_FIELD, NULL);
  return target_names[target];
}

gboolean
cube_import_target_from_string (const char       *str,
                                CubeImportTarget *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (target_names); i++)
    if (g_strcmp0 (str, target_names[i]) == 0)
      {
        *target = i;
        return TRUE;
      }
  return FALSE;
}

/* The comparable form of a label. */
static char *
fold_label (const char *label)
{
  g_autofree char *folded = NULL;
  GString *out;

  if (label == NULL || !g_utf8_validate (label, -1, NULL))
    return g_strdup ("");
  folded = g_utf8_casefold (label, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == '-' || c == '_' || c == '.' || c == ':' || c == 0x2013)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
in_list (const char         *folded,
         const char * const *list)
{
  return g_strv_contains (list, folded);
}

/* "telefon2", "tlf 3" and "mobil" are phone columns. */
static gboolean
is_phone_label (const char *folded)
{
  g_autofree char *stem = g_strdup (folded);
  gsize len = strlen (stem);

  while (len > 0 && g_ascii_isdigit (stem[len - 1]))
    stem[--len] = '\0';
  return in_list (stem, phone_synonyms);
}

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->header);
  g_free (column->folded);
  g_free (column->field_key);
}

static void
cube_import_mapping_finalize (GObject *object)
{
  CubeImportMapping *self = CUBE_IMPORT_MAPPING (object);

  g_clear_pointer (&self->columns, g_array_unref);
  G_OBJECT_CLASS (cube_import_mapping_parent_class)->finalize (object);
}

static void
cube_import_mapping_class_init (CubeImportMappingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cube_import_mapping_finalize;
}

static void
cube_import_mapping_init (CubeImportMapping *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
}

static void
add_column (CubeImportMapping *self,
            const char        *header)
{
  Column column = { 0 };

  column.header = g_strdup (header ? header : "");
  column.folded = fold_label (column.header);
  column.target = CUBE_IMPORT_TARGET_IGNORE;
  g_array_append_val (self->columns, column);
}

CubeImportMapping *
cube_import_mapping_new (const CubeSheetRow *header)
{
  CubeImportMapping *self = g_object_new (CUBE_TYPE_IMPORT_MAPPING, NULL);

  if (header)
    {
      self->header_row = header->number;
      for (guint i = 0; i < header->n_cells; i++)
        add_column (self, header->cells[i]);
    }
  return self;
}

static Column *
get_column (CubeImportMapping *self,
            guint              column)
{
  /* A mapping may be pointed past the header's last labelled column. */
  while (column >= self->columns->len)
    add_column (self, "");
  return &g_array_index (self->columns, Column, column);
}

CubeImportMapping *
cube_import_guess_mapping (const CubeSheetRow *header,
                           GPtrArray          *fields)
{
  CubeImportMapping *self = cube_import_mapping_new (header);
  guint n_phones = 0;

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = &g_array_index (self->columns, Column, i);
      const char *f = column->folded;

      if (f[0] == '\0')
        continue;
      if (in_list (f, key_synonyms))
        {
          if (cube_import_mapping_find_column (self, CUBE_IMPORT_TARGET_CUSTOMER_KEY, NULL) < 0)
            column->target = CUBE_IMPORT_TARGET_CUSTOMER_KEY;
          continue;
        }
      if (in_list (f, name_synonyms))
        {
          if (cube_import_mapping_find_column (self, CUBE_IMPORT_TARGET_NAME, NULL) < 0)
            column->target = CUBE_IMPORT_TARGET_NAME;
          continue;
        }
      if (in_list (f, email_synonyms))
        {
          if (cube_import_mapping_find_column (self, CUBE_IMPORT_TARGET_EMAIL, NULL) < 0)
            column->target = CUBE_IMPORT_TARGET_EMAIL;
          continue;
        }
      if (is_phone_label (f))
        {
          if (n_phones < 3)
            column->target = CUBE_IMPORT_TARGET_PHONE1 + n_phones++;
          continue;
        }
      for (guint k = 0; fields && k < fields->len; k++)
        {
          CubeFieldDef *def = g_ptr_array_index (fields, k);
          g_autofree char *label = NULL;
          g_autofree char *key = NULL;

          if (cube_field_def_get_archived (def))
            continue;
          label = fold_label (cube_field_def_get_label (def));
          key = fold_label (cube_field_def_get_key (def));
          if ((strcmp (label, f) == 0 || strcmp (key, f) == 0) &&
              cube_import_mapping_find_column (self, CUBE_IMPORT_TARGET_FIELD,
                                               cube_field_def_get_key (def)) < 0)
            {
              column->target = CUBE_IMPORT_TARGET_FIELD;
              column->field_key = g_strdup (cube_field_def_get_key (def));
              break;
            }
        }
    }
  return self;
}

guint64
cube_import_mapping_get_header_row (CubeImportMapping *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), 0);
  return self->header_row;
}

guint
cube_import_mapping_get_n_columns (CubeImportMapping *self)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), 0);
  return self->columns->len;
}

const char *
cube_import_mapping_get_header (CubeImportMapping *self,
                                guint              column)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), NULL);
  if (column >= self->columns->len)
    return "";
  return g_array_index (self->columns, Column, column).header;
}

CubeImportTarget
cube_import_mapping_get_target (CubeImportMapping *self,
                                guint              column,
                                const char       **field_key)
{
  Column *c;

  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), CUBE_IMPORT_TARGET_IGNORE);
  if (field_key)
    *field_key = NULL;
  if (column >= self->columns->len)
    return CUBE_IMPORT_TARGET_IGNORE;
  c = &g_array_index (self->columns, Column, column);
  if (field_key)
    *field_key = c->field_key;
  return c->target;
}

static gboolean
column_has (const Column     *c,
            CubeImportTarget  target,
            const char       *field_key)
{
  if (c->target != target)
    return FALSE;
  return target != CUBE_IMPORT_TARGET_FIELD || g_strcmp0 (c->field_key, field_key) == 0;
}

void
cube_import_mapping_set_target (CubeImportMapping *self,
                                guint              column,
                                CubeImportTarget   target,
                                const char        *field_key)
{
  Column *c;

  g_return_if_fail (CUBE_IS_IMPORT_MAPPING (self));
  g_return_if_fail (target <= CUBE_IMPORT_TARGET_FIELD);
  g_return_if_fail (target != CUBE_IMPORT_TARGET_FIELD || field_key != NULL);
  g_return_if_fail (column < CUBE_SHEET_MAX_COLUMNS);

  if (target != CUBE_IMPORT_TARGET_IGNORE)
    for (guint i = 0; i < self->columns->len; i++)
      {
        Column *other = &g_array_index (self->columns, Column, i);
        if (i != column && column_has (other, target, field_key))
          {
            other->target = CUBE_IMPORT_TARGET_IGNORE;
            g_clear_pointer (&other->field_key, g_free);
          }
      }
  c = get_column (self, column);
  c->target = target;
  g_free (c->field_key);
  c->field_key = target == CUBE_IMPORT_TARGET_FIELD ? g_strdup (field_key) : NULL;
}

int
cube_import_mapping_find_column (CubeImportMapping *self,
                                 CubeImportTarget   target,
                                 const char        *field_key)
{
  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), -1);
  for (guint i = 0; i < self->columns->len; i++)
    if (column_has (&g_array_index (self->columns, Column, i), target, field_key))
      return i;
  return -1;
}

int
cube_import_mapping_find_header (CubeImportMapping *self,
                                 const char        *label)
{
  g_autofree char *folded = fold_label (label);

  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), -1);
  if (folded[0] == '\0')
    return -1;
  for (guint i = 0; i < self->columns->len; i++)
    if (strcmp (g_array_index (self->columns, Column, i).folded, folded) == 0)
      return i;
  return -1;
}

const char *
cube_import_mapping_get_value (CubeImportMapping  *self,
                               const CubeSheetRow *row,
                               CubeImportTarget    target,
                               const char         *field_key)
{
  int column = cube_import_mapping_find_column (self, target, field_key);

  if (column < 0)
    return NULL;
  return cube_sheet_row_get_cell (row, column);
}

gboolean
cube_import_mapping_check_row (CubeImportMapping  *self,
                               const CubeSheetRow *row,
                               GError            **error)
{
  guint width = self->columns->len;

  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), FALSE);
  for (guint i = width; i < row->n_cells; i++)
    {
      const char *p = row->cells[i];
      while (*p && g_ascii_isspace (*p))
        p++;
      if (*p)
        {
          g_autofree char *name = cube_sheet_column_name (i);
          cube_set_error (error, CUBE_ERROR_VALIDATION, NULL,
                          _("Row %" PRIu64 " has a value in column %s, "
                            "but the header has only %u columns"),
                          row->number, name, width);
          return FALSE;
        }
    }
  return TRUE;
}

char *
cube_import_mapping_to_string (CubeImportMapping *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CUBE_IS_IMPORT_MAPPING (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "header_row");
  json_builder_add_int_value (builder, (gint64) self->header_row);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *c = &g_array_index (self->columns, Column, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "header");
      json_builder_add_string_value (builder, c->header);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, target_names[c->target]);
      if (c->field_key)
        {
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, c->field_key);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
mapping_error (GError **error)
{
  cube_set_error (error, CUBE_ERROR_VALIDATION, NULL, _("The saved column mapping is damaged"));
  return FALSE;
}

CubeImportMapping *
cube_import_mapping_new_from_string (const char  *str,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CubeImportMapping) self = NULL;
  JsonObject *object;
  JsonArray *columns;

  if (str == NULL || !json_parser_load_from_data (parser, str, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return mapping_error (error), NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "version", 0) != 1 ||
      !json_object_has_member (object, "columns") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "columns")))
    return mapping_error (error), NULL;

  self = cube_import_mapping_new (NULL);
  self->header_row = MAX (json_object_get_int_member_with_default (object, "header_row", 0), 0);
  columns = json_object_get_array_member (object, "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      JsonObject *c;
      gint64 index;
      const char *header, *target_name, *field;
      CubeImportTarget target;
      Column *column;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return mapping_error (error), NULL;
      c = json_node_get_object (node);
      index = json_object_get_int_member_with_default (c, "column", -1);
      header = json_object_get_string_member_with_default (c, "header", "");
      target_name = json_object_get_string_member_with_default (c, "target", NULL);
      field = json_object_get_string_member_with_default (c, "field", NULL);
      if (index < 0 || index >= CUBE_SHEET_MAX_COLUMNS || (guint) index < self->columns->len ||
          !cube_import_target_from_string (target_name, &target) ||
          (target == CUBE_IMPORT_TARGET_FIELD && (field == NULL || field[0] == '\0')))
        return mapping_error (error), NULL;
      column = get_column (self, index);
      g_free (column->header);
      g_free (column->folded);
      column->header = g_strdup (header);
      column->folded = fold_label (header);
      cube_import_mapping_set_target (self, index, target, field);
    }
  return g_steal_pointer (&self);
}

void
cube_import_mapping_apply_saved (CubeImportMapping *self,
                                 CubeImportMapping *saved)
{
  g_return_if_fail (CUBE_IS_IMPORT_MAPPING (self));
  g_return_if_fail (CUBE_IS_IMPORT_MAPPING (saved));

  for (guint i = 0; i < saved->columns->len; i++)
    {
      Column *s = &g_array_index (saved->columns, Column, i);
      int column;

      if (s->folded[0] == '\0')
        continue;
      column = cube_import_mapping_find_header (self, s->header);
      if (column >= 0)
        cube_import_mapping_set_target (self, column, s->target, s->field_key);
    }
}
