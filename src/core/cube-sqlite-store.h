/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cube-store.h"

G_BEGIN_DECLS

/* Version of the schema this program writes (PRAGMA user_version). */
#define CUBE_SCHEMA_VERSION 9
/* PRAGMA application_id of a Cube database: "CUBE". */
#define CUBE_APPLICATION_ID 0x43554245

/* The embedded store: one SQLite file in WAL mode, shared by processes. */
#define CUBE_TYPE_SQLITE_STORE (cube_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (CubeSqliteStore, cube_sqlite_store, CUBE, SQLITE_STORE, GObject)

/* Opens (creating or upgrading) the database at @path. */
CubeSqliteStore *cube_sqlite_store_new (const char  *path,
                                        GError     **error);

/* For tests of the migrations only: creates or upgrades the schema to
 * @version, not further. Use the result only to close it again. */
CubeSqliteStore *cube_sqlite_store_new_with_version (const char  *path,
                                                     int          version,
                                                     GError     **error);

/* For tests: whether the connection checks foreign keys now. */
gboolean         cube_sqlite_store_checks_foreign_keys (CubeSqliteStore *self);

G_END_DECLS
