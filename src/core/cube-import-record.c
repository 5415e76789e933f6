/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-import-record.h"

G_DEFINE_BOXED_TYPE (CubeImportRecord, cube_import_record, cube_import_record_copy, cube_import_record_free)

CubeImportRecord *
cube_import_record_copy (const CubeImportRecord *record)
{
  CubeImportRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);
  copy = g_memdup2 (record, sizeof *record);
  copy->file_name = g_strdup (record->file_name);
  copy->checksum = g_strdup (record->checksum);
  copy->sheet = g_strdup (record->sheet);
  copy->login = g_strdup (record->login);
  copy->assignment_name = g_strdup (record->assignment_name);
  copy->duplicate_mode = g_strdup (record->duplicate_mode);
  return copy;
}

void
cube_import_record_free (CubeImportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->file_name);
  g_free (record->checksum);
  g_free (record->sheet);
  g_free (record->login);
  g_free (record->assignment_name);
  g_free (record->duplicate_mode);
  g_free (record);
}
