/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One import as recorded: what came from where, when and by whom. */
typedef struct {
  gint64   id;
  char    *file_name;       /* base name of the file */
  char    *checksum;        /* SHA-256 of the file, lowercase hex */
  char    *sheet;           /* the sheet imported (CSV: the file name) */
  char    *login;           /* the user who imported */
  gint64   imported_at;     /* Unix time of the commit */
  gint64   assignment_id;
  char    *assignment_name;
  char    *duplicate_mode;  /* "skip", "update", "fail" */
  gint64   added;
  gint64   updated;
  gint64   skipped;
  gint64   rejected;
  double   seconds;
} CubeImportRecord;

#define CUBE_TYPE_IMPORT_RECORD (cube_import_record_get_type ())
GType             cube_import_record_get_type (void) G_GNUC_CONST;
CubeImportRecord *cube_import_record_copy     (const CubeImportRecord *record);
void              cube_import_record_free     (CubeImportRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CubeImportRecord, cube_import_record_free)

G_END_DECLS
