/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The import engine's way into the store (src/core/import/cube-import-job.c);
 * not for the GUI or the CLI. The same rules as cube_store_add_customer()
 * and cube_store_update_customer(), checked once per import where they do
 * not depend on the row (permission, assignment, the dataset's fields) and
 * per row where they do. The caller holds the transaction. */

#include "cube-store.h"

G_BEGIN_DECLS

typedef struct _CubeStoreBulk CubeStoreBulk;

/* Begins the transaction of an import (commit or roll back as any other):
 * for the bulk path's statements only. With @alone (an import that
 * writes), the store may keep the database to itself until the commit
 * when no other connection has it open. */
gboolean        cube_store_bulk_begin        (CubeStore          *store,
                                              gboolean            alone,
                                              GError            **error);

/* Checks that the current user may add customers to @assignment_id (customer
 * handling, the assignment open to them) and loads its dataset's fields. */
CubeStoreBulk  *cube_store_bulk_new          (CubeStore          *store,
                                              gint64              assignment_id,
                                              GError            **error);
void            cube_store_bulk_free         (CubeStoreBulk      *bulk);
CubeUser       *cube_store_bulk_get_user     (CubeStoreBulk      *bulk);
CubeAssignment *cube_store_bulk_get_assignment (CubeStoreBulk    *bulk);
/* The dataset's fields that are not archived (CubeFieldDef). */
GPtrArray      *cube_store_bulk_get_fields   (CubeStoreBulk      *bulk);

/* The stored form of one value: @field is "customer_key", "name", "email",
 * "phone1"…"phone3" or a custom field key. "" for an empty optional value.
 * The rule of the field alone (not "required", not duplicates). */
char           *cube_store_bulk_normalize_value (CubeStoreBulk   *bulk,
                                                 const char      *field,
                                                 const char      *value,
                                                 GError         **error);
/* The whole draft checked and normalised as cube_store_add_customer() does. */
CubeCustomerDraft *cube_store_bulk_normalize (CubeStoreBulk           *bulk,
                                              const CubeCustomerDraft *draft,
                                              GError                 **error);
/* The same into @clean, which must be empty (new or cleared): an import
 * reuses its drafts rather than allocate three containers a row. FALSE
 * with @error; @clean then holds part of it. */
gboolean        cube_store_bulk_normalize_into (CubeStoreBulk           *bulk,
                                                const CubeCustomerDraft *draft,
                                                CubeCustomerDraft       *clean,
                                                GError                 **error);
/* The customer with Kundeid @customer_key (normalised) in the dataset: its
 * id, or 0; -1 on error. *@import_id: the import that last wrote it. */
gint64          cube_store_bulk_find         (CubeStoreBulk      *bulk,
                                              const char         *customer_key,
                                              gint64             *import_id,
                                              GError            **error);
/* What cube_store_bulk_add() derives from @clean, worked out ahead: needs
 * no database and no transaction, so any thread can (the import's reader
 * does). NULL when the backend has nothing to derive ahead; *@destroy frees
 * it. */
gpointer        cube_store_bulk_derive       (CubeStoreBulk           *bulk,
                                              const CubeCustomerDraft *clean,
                                              GDestroyNotify          *destroy);
/* Stores normalised @clean as a new available customer with a created
 * event (source import, @source_detail); CUBE_ERROR_CONFLICT for a
 * duplicate Kundeid or unique value, nothing written then. @derived: from
 * cube_store_bulk_derive() for @clean, or NULL. */
gint64          cube_store_bulk_add          (CubeStoreBulk           *bulk,
                                              const CubeCustomerDraft *clean,
                                              gconstpointer            derived,
                                              const char              *source_detail,
                                              gint64                   import_id,
                                              GError                 **error);
/* Updates @old to normalised @clean, an edited event per changed field;
 * CUBE_ERROR_CONFLICT (nothing written) while another user holds it or
 * for a unique value another customer has. */
gboolean        cube_store_bulk_update       (CubeStoreBulk           *bulk,
                                              CubeCustomer            *old,
                                              const CubeCustomerDraft *clean,
                                              gint64                   import_id,
                                              GError                 **error);

/* The import expects about @expected_rows new customers in all (a guess
 * from the part of the file read so far); see import_defer_indexes. */
gboolean        cube_store_bulk_defer_indexes (CubeStoreBulk          *bulk,
                                               guint64                 expected_rows,
                                               GError                **error);

/* While there is nothing to write: a step of what cube_store_bulk_flush()
 * would do, done ahead. *@did_work: FALSE when there was nothing worth
 * doing (wait for rows then). */
gboolean        cube_store_bulk_idle         (CubeStoreBulk           *bulk,
                                              gboolean                *did_work,
                                              GError                 **error);

/* Makes what the bulk path added findable by search; call before the
 * commit. */
gboolean        cube_store_bulk_flush        (CubeStoreBulk           *bulk,
                                              GError                 **error);

/* Records an import (inside the caller's transaction); the id. */
gint64          cube_store_insert_import     (CubeStore              *store,
                                              const CubeImportRecord *record,
                                              GError                **error);
gboolean        cube_store_finish_import     (CubeStore              *store,
                                              const CubeImportRecord *record,
                                              GError                **error);

G_END_DECLS
