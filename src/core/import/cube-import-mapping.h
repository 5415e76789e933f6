/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cube-field-def.h"
#include "cube-sheet-reader.h"

G_BEGIN_DECLS

/* Where a column's values go. */
typedef enum {
  CUBE_IMPORT_TARGET_IGNORE,
  CUBE_IMPORT_TARGET_CUSTOMER_KEY,
  CUBE_IMPORT_TARGET_NAME,
  CUBE_IMPORT_TARGET_EMAIL,
  CUBE_IMPORT_TARGET_PHONE1,
  CUBE_IMPORT_TARGET_PHONE2,
  CUBE_IMPORT_TARGET_PHONE3,
  CUBE_IMPORT_TARGET_FIELD,   /* a custom field, named by its key */
} CubeImportTarget;

/* The stable name of a target, as in the saved mapping and on the command
 * line: "ignore", "customer_key", "name", "email", "phone1"…"phone3",
 * "field". */
const char *cube_import_target_to_string   (CubeImportTarget  target);
gboolean    cube_import_target_from_string (const char       *str,
                                            CubeImportTarget *target);

/* Which column of the sheet goes to which field of a customer. */
#define CUBE_TYPE_IMPORT_MAPPING (cube_import_mapping_get_type ())
G_DECLARE_FINAL_TYPE (CubeImportMapping, cube_import_mapping, CUBE, IMPORT_MAPPING, GObject)

/* A mapping of the header row @header with every column ignored. */
CubeImportMapping *cube_import_mapping_new            (const CubeSheetRow *header);

/* A mapping guessed from the header's labels: Kundeid, Navn, E-post,
 * Telefon and their synonyms, and the labels or keys of @fields (a
 * GPtrArray of CubeFieldDef, may be NULL; archived fields are skipped).
 * Each target goes to the first column that matches; the first three
 * phone columns go to phone 1, 2 and 3. */
CubeImportMapping *cube_import_guess_mapping          (const CubeSheetRow *header,
                                                       GPtrArray          *fields);

/* The row number of the header (0 for a mapping made without a file). */
guint64            cube_import_mapping_get_header_row (CubeImportMapping *self);
guint              cube_import_mapping_get_n_columns  (CubeImportMapping *self);
/* The header cell of @column as the file has it ("" when empty). */
const char        *cube_import_mapping_get_header     (CubeImportMapping *self,
                                                       guint              column);
/* The target of @column; *@field_key is set for CUBE_IMPORT_TARGET_FIELD. */
CubeImportTarget   cube_import_mapping_get_target     (CubeImportMapping *self,
                                                       guint              column,
                                                       const char       **field_key);
/* Points @column at @target (with @field_key for a custom field). A target
 * other than ignore belongs to one column: a column that had it before is
 * set to ignore. */
void               cube_import_mapping_set_target     (CubeImportMapping *self,
                                                       guint              column,
                                                       CubeImportTarget   target,
                                                       const char        *field_key);
/* The column mapped to @target (and @field_key), or -1. */
int                cube_import_mapping_find_column    (CubeImportMapping *self,
                                                       CubeImportTarget   target,
                                                       const char        *field_key);
/* The column whose header is @label (compared as the guess compares), or -1. */
int                cube_import_mapping_find_header    (CubeImportMapping *self,
                                                       const char        *label);
/* The cell @row has for @target as the file has it (the core's validation
 * trims it), or NULL when no column is mapped to @target; "" for a mapped
 * column the row leaves empty. Lives as long as @row. */
const char        *cube_import_mapping_get_value      (CubeImportMapping  *self,
                                                       const CubeSheetRow *row,
                                                       CubeImportTarget    target,
                                                       const char         *field_key);
/* Fails when @row has values in columns the header does not have (a ragged
 * CSV row), naming the row and the first such column. */
gboolean           cube_import_mapping_check_row      (CubeImportMapping  *self,
                                                       const CubeSheetRow *row,
                                                       GError            **error);

/* JSON for saving with a dataset: the targets by column and header label. */
char              *cube_import_mapping_to_string      (CubeImportMapping *self);
/* Reads what cube_import_mapping_to_string() wrote. */
CubeImportMapping *cube_import_mapping_new_from_string (const char        *str,
                                                        GError           **error);
/* Applies a saved mapping to this file's header: a column gets the target
 * the saved mapping gave to the same header label; columns the saved
 * mapping does not know keep their target. */
void               cube_import_mapping_apply_saved    (CubeImportMapping *self,
                                                       CubeImportMapping *saved);

G_END_DECLS
