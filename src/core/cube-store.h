/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cube-assignment.h"
#include "cube-customer.h"
#include "cube-csv.h"
#include "cube-customer-draft.h"
#include "cube-data-owner.h"
#include "cube-dataset.h"
#include "cube-event.h"
#include "cube-field-def.h"
#include "cube-import-record.h"
#include "cube-outcome.h"
#include "cube-overview.h"
#include "cube-types.h"
#include "cube-user.h"

G_BEGIN_DECLS

/* Where Cube's data lives. The rules (validation, permissions) are checked in
 * cube-store.c for every backend; a backend only stores, inside one
 * transaction per call, and takes locks with one conditional UPDATE.
 * SQLite (CubeSqliteStore) is the embedded default; PostgreSQL can follow. */
#define CUBE_TYPE_STORE (cube_store_get_type ())
G_DECLARE_INTERFACE (CubeStore, cube_store, CUBE, STORE, GObject)

/* Seconds a lock lasts unless its holder renews it. */
#define CUBE_DEFAULT_LEASE_SECONDS 120

typedef gint64 (*CubeClockFunc) (gpointer user_data);

/* Converts one stored value of a field to its form under a changed
 * definition; NULL (with @error set) when it does not convert. */
typedef char *(*CubeValueConvertFunc) (const char  *value,
                                       gpointer     user_data,
                                       GError     **error);

/* Called for each customer of an export; FALSE (with @error) stops. */
typedef gboolean (*CubeCustomerFunc) (CubeCustomer  *customer,
                                      gpointer       user_data,
                                      GError       **error);

/* Called for each (agent, outcome) count of an overview. */
typedef void (*CubeOutcomeCountFunc) (const char *login,
                                      gint64      outcome_id,
                                      gint64      count,
                                      gpointer    user_data);

typedef struct _CubeStoreInterface CubeStoreInterface;

struct _CubeStoreInterface
{
  GTypeInterface parent_iface;

  CubeUser       *(*ensure_user)      (CubeStore *self, const char *login, GError **error);
  gboolean        (*begin)            (CubeStore *self, GError **error);
  gboolean        (*commit)           (CubeStore *self, GError **error);
  void            (*rollback)         (CubeStore *self);
  gint64          (*get_data_version) (CubeStore *self);

  CubeDataOwner  *(*add_data_owner)   (CubeStore *self, const char *name, const char *controller,
                                       const char *purpose, GError **error);
  GPtrArray      *(*list_data_owners) (CubeStore *self, GError **error);
  CubeDataOwner  *(*get_data_owner)   (CubeStore *self, gint64 id, GError **error);
  CubeDataOwner  *(*update_data_owner) (CubeStore *self, gint64 id, const char *name,
                                        const char *controller, const char *purpose, GError **error);
  CubeDataset    *(*add_dataset)      (CubeStore *self, gint64 owner_id, CubeDatasetKind kind,
                                       GError **error);
  CubeDataset    *(*get_dataset)      (CubeStore *self, gint64 id, GError **error);
  CubeDataset    *(*find_dataset)     (CubeStore *self, const char *owner_name, CubeDatasetKind kind,
                                       GError **error);
  GPtrArray      *(*list_datasets)    (CubeStore *self, GError **error);
  CubeFieldDef   *(*add_field)        (CubeStore *self, gint64 dataset_id, const char *key,
                                       const char *label, CubeFieldType type, gboolean required,
                                       gboolean unique, const char * const *options,
                                       const char *help, GError **error);
  GPtrArray      *(*list_fields)      (CubeStore *self, gint64 dataset_id, gboolean include_archived,
                                       GError **error);
  CubeFieldDef   *(*get_field)        (CubeStore *self, gint64 field_id, GError **error);
  /* Writes every column of @field but its dataset and position. */
  gboolean        (*save_field)       (CubeStore *self, CubeFieldDef *field, GError **error);
  /* Puts @field_id at @position (1 = first) and renumbers the others. */
  gboolean        (*move_field)       (CubeStore *self, gint64 field_id, int position, GError **error);
  gint64          (*count_field_values) (CubeStore *self, gint64 field_id, GError **error);
  /* Customers sharing a value of @field_id with another customer. */
  gint64          (*count_duplicate_values) (CubeStore *self, gint64 field_id, GError **error);
  /* Runs @convert over every value of @field_id; when all convert, stores
   * the converted values. *@n_failed counts those that did not. */
  gboolean        (*convert_field_values) (CubeStore *self, gint64 field_id,
                                           CubeValueConvertFunc convert, gpointer user_data,
                                           gint64 *n_failed, GError **error);
  /* Customers of the field's dataset without a value for it. */
  GPtrArray      *(*list_missing_value) (CubeStore *self, gint64 field_id, guint offset,
                                         guint limit, GError **error);
  gint64          (*count_missing_value) (CubeStore *self, gint64 field_id, GError **error);
  CubeAssignment *(*add_assignment)   (CubeStore *self, gint64 dataset_id, const char *name,
                                       GError **error);
  CubeAssignment *(*get_assignment)   (CubeStore *self, gint64 id, GError **error);
  CubeAssignment *(*find_assignment)  (CubeStore *self, const char *name, GError **error);
  GPtrArray      *(*list_assignments) (CubeStore *self, gboolean include_archived, GError **error);
  gboolean        (*set_assignment_archived) (CubeStore *self, gint64 id, gboolean archived,
                                              GError **error);
  /* @user_ids (gint64) replaces the chosen users. */
  CubeAssignment *(*update_assignment) (CubeStore *self, gint64 id, const char *name,
                                        gint64 dataset_id, CubeVisibility visibility,
                                        GArray *user_ids, const char *active_from,
                                        const char *active_until, guint attempt_limit,
                                        guint cooldown_minutes, GError **error);
  gint64          (*count_assignment_customers) (CubeStore *self, gint64 assignment_id,
                                                 GError **error);
  CubeOutcome    *(*get_outcome)      (CubeStore *self, gint64 outcome_id, GError **error);
  /* Writes label, kind, closes, needs time and archived of @outcome. */
  gboolean        (*save_outcome)     (CubeStore *self, CubeOutcome *outcome, GError **error);
  gboolean        (*move_outcome)     (CubeStore *self, gint64 outcome_id, int position,
                                       GError **error);
  /* Events and customers that name @outcome_id. */
  gint64          (*count_outcome_uses) (CubeStore *self, gint64 outcome_id, GError **error);
  gboolean        (*delete_outcome)   (CubeStore *self, gint64 outcome_id, GError **error);
  CubeOutcome    *(*add_outcome)      (CubeStore *self, gint64 assignment_id, const char *label,
                                       CubeOutcomeKind kind, gboolean closes, gboolean needs_time,
                                       GError **error);
  GPtrArray      *(*list_outcomes)    (CubeStore *self, gint64 assignment_id, GError **error);
  CubeUser       *(*add_user)         (CubeStore *self, const char *login, const char *name,
                                       CubePermissions permissions, GError **error);
  CubeUser       *(*find_user)        (CubeStore *self, const char *login, GError **error);
  GPtrArray      *(*list_users)       (CubeStore *self, GError **error);
  gboolean        (*set_user_permissions) (CubeStore *self, gint64 user_id,
                                           CubePermissions permissions, GError **error);
  CubeUser       *(*get_user)         (CubeStore *self, gint64 user_id, GError **error);
  CubeUser       *(*update_user)      (CubeStore *self, gint64 user_id, const char *name,
                                       CubePermissions permissions, GError **error);
  CubeUser       *(*set_user_archived) (CubeStore *self, gint64 user_id, gboolean archived,
                                        GError **error);
  /* Administrators that are not archived, leaving out @except_id. */
  gint64          (*count_administrators) (CubeStore *self, gint64 except_id, GError **error);

  /* @draft is validated and normalised; phones hold E.164 numbers and
   * fields only known keys with stored values. */
  CubeCustomer   *(*insert_customer)  (CubeStore *self, gint64 user_id, gint64 dataset_id,
                                       const CubeCustomerDraft *draft, CubeSource source,
                                       const char *source_detail, gboolean lock, GError **error);
  CubeCustomer   *(*get_customer)     (CubeStore *self, gint64 id, GError **error);
  CubeCustomer   *(*find_customer)    (CubeStore *self, gint64 dataset_id, const char *customer_key,
                                       GError **error);
  GPtrArray      *(*search_customers) (CubeStore *self, const char *text, const char *phone_digits,
                                       guint offset, guint limit, GError **error);
  GPtrArray      *(*list_events)      (CubeStore *self, gint64 customer_id, GError **error);

  CubeCustomer   *(*lock_customer)    (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       GError **error);
  /* Skips customers with @attempt_limit attempts (0: no limit) and free
   * customers whose last attempt is less than @cooldown_seconds old. */
  CubeCustomer   *(*lock_next)        (CubeStore *self, gint64 user_id, gint64 assignment_id,
                                       guint attempt_limit, gint64 cooldown_seconds,
                                       GError **error);
  gboolean        (*renew_lock)       (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       GError **error);
  gboolean        (*release_lock)     (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       gboolean any_holder, GError **error);
  CubeCustomer   *(*register_outcome) (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       CubeOutcome *outcome, gint64 follow_up_at,
                                       const char *comment, GError **error);
  /* @draft is validated and normalised, as for insert_customer. */
  CubeCustomer   *(*update_customer)  (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       const CubeCustomerDraft *draft, GError **error);
  /* Puts the customer in @to_assignment_id, available, and records a moved
   * event (and a released one when someone held it). */
  CubeCustomer   *(*move_customer)    (CubeStore *self, gint64 user_id, gint64 customer_id,
                                       CubeAssignment *to, GError **error);
  /* The customer and assignment of outcome event @event_id and the outcome
   * in effect for it (its latest correction's); NOT_FOUND unless it is an
   * outcome event. */
  gboolean        (*read_outcome_event) (CubeStore *self, gint64 event_id, gint64 *customer_id,
                                         gint64 *assignment_id, gint64 *outcome_id, GError **error);
  /* Records a corrected event for @event_id and makes the customer follow
   * it when it is the customer's latest outcome. */
  CubeCustomer   *(*correct_outcome)  (CubeStore *self, gint64 user_id, gint64 event_id,
                                       CubeOutcome *old, CubeOutcome *corrected, gint64 follow_up_at,
                                       const char *comment, GError **error);
  /* Customers of the assignment now: available, locked, closed; and those
   * not closed with a follow-up. */
  gboolean        (*count_statuses)   (CubeStore *self, gint64 assignment_id, gint64 counts[3],
                                       gint64 *follow_ups, GError **error);
  /* The outcome events of the assignment in [@from, @until) (0: open) by
   * agent and outcome in effect. */
  gboolean        (*count_outcomes)   (CubeStore *self, gint64 assignment_id, gint64 from,
                                       gint64 until, CubeOutcomeCountFunc func, gpointer user_data,
                                       GError **error);
  /* Every customer of the assignment by id, one at a time, without holding
   * them all. */
  gboolean        (*foreach_customer) (CubeStore *self, gint64 assignment_id, CubeCustomerFunc func,
                                       gpointer user_data, GCancellable *cancellable, GError **error);
  /* All customers by id, for the table when nothing is searched. */
  GPtrArray      *(*list_customers)   (CubeStore *self, guint offset, guint limit, GError **error);
  gint64          (*count_customers)  (CubeStore *self, GError **error);

  /* Another connection to the same database, for a worker thread. */
  CubeStore      *(*open_again)       (CubeStore *self, GError **error);
  /* Imports. insert_import and finish_import run inside the caller's
   * transaction; finish_import writes the counts, seconds and time. */
  gint64          (*insert_import)    (CubeStore *self, gint64 user_id, const CubeImportRecord *record,
                                       GError **error);
  gboolean        (*finish_import)    (CubeStore *self, const CubeImportRecord *record, GError **error);
  GPtrArray      *(*list_imports)     (CubeStore *self, GError **error);
  CubeImportRecord *(*get_import)     (CubeStore *self, gint64 import_id, GError **error);
  GPtrArray      *(*list_import_customers) (CubeStore *self, gint64 import_id, guint offset,
                                            guint limit, GError **error);
  gint64          (*count_import_customers) (CubeStore *self, gint64 import_id, GError **error);
  char           *(*get_import_mapping) (CubeStore *self, gint64 dataset_id, GError **error);
  gboolean        (*save_import_mapping) (CubeStore *self, gint64 dataset_id, const char *mapping,
                                          GError **error);
  /* The id of the customer with Kundeid @customer_key in @dataset_id and
   * the import that last wrote it (0 for none); 0 when there is no such
   * customer, -1 on error. */
  gint64          (*find_customer_id) (CubeStore *self, gint64 dataset_id, const char *customer_key,
                                       gint64 *import_id, GError **error);
  /* The bulk path of an import, inside the caller's transaction: as
   * insert_customer / update_customer (same checks for duplicates, same
   * events), with the dataset's @fields (archived ones too) given, the
   * customer marked with @import_id and not read back; @at: its time
   * (cube_store_now). */
  gint64          (*import_insert)    (CubeStore *self, gint64 user_id, gint64 dataset_id,
                                       GPtrArray *fields, const CubeCustomerDraft *draft,
                                       gconstpointer derived, const char *source_detail,
                                       gint64 import_id, gint64 at, GError **error);
  /* What import_insert derives from a normalised @draft with @fields (the
   * stored forms of its text: folded, indexed, encoded), worked out ahead
   * without the database, in any thread; given to import_insert as
   * @derived (NULL: it derives them itself). *@destroy frees it. */
  gpointer        (*import_derive)    (CubeStore *self, GPtrArray *fields, const CubeCustomerDraft *draft,
                                       GDestroyNotify *destroy);
  gboolean        (*import_update)    (CubeStore *self, gint64 user_id, CubeCustomer *old,
                                       GPtrArray *fields, const CubeCustomerDraft *draft,
                                       gint64 import_id, GError **error);
  /* Ends the bulk path: with @write, the customers import_insert added
   * go into the search index now (it may have left them out until then). */
  gboolean        (*import_index)     (CubeStore *self, gboolean write, GError **error);
  /* A running import expects about @expected_rows new customers: when that
   * is large next to the table, the backend may stop maintaining indexes
   * the import does not read and build them again in import_index. */
  gboolean        (*import_defer_indexes) (CubeStore *self, guint64 expected_rows, GError **error);
  /* The import's writer has nothing to write (its reader is behind): one
   * short step of the work import_index would do at the end, on what is
   * written so far. *@did_work: FALSE when there was none worth doing. */
  gboolean        (*import_idle)      (CubeStore *self, gboolean *did_work, GError **error);
  /* Begins an import's transaction (as begin; the backend may skip checks
   * the bulk path makes needless). With @alone, the import may take the
   * database for itself while it runs when nobody else has it open (then
   * others wait for it). NULL: begin. */
  gboolean        (*import_begin)     (CubeStore *self, gboolean alone, GError **error);
};

/* Opens the SQLite database at @path, creating or upgrading its schema.
 * Refuses a file that is not a Cube database or that a newer Cube wrote. */
CubeStore      *cube_store_open_sqlite      (const char *path, GError **error);

/* The database to use: @explicit_path (--database), else $CUBE_DATABASE,
 * else $XDG_DATA_HOME/cube/cube.db. */
char           *cube_store_resolve_path     (const char *explicit_path);

/* Acts as @login from now on, creating the user when unknown: with every
 * permission when it is the database's first user, else as an agent with
 * customer handling only. */
gboolean        cube_store_set_user         (CubeStore *self, const char *login, GError **error);
CubeUser       *cube_store_get_user         (CubeStore *self);

/* The clock and lease length locks use; tests move time forward. */
void            cube_store_set_clock        (CubeStore *self, CubeClockFunc func, gpointer user_data);
gint64          cube_store_now              (CubeStore *self);
void            cube_store_set_lease_seconds (CubeStore *self, guint seconds);
guint           cube_store_get_lease_seconds (CubeStore *self);

/* Groups several calls into one transaction (nests). */
gboolean        cube_store_begin            (CubeStore *self, GError **error);
gboolean        cube_store_commit           (CubeStore *self, GError **error);
void            cube_store_rollback         (CubeStore *self);

/* Changes whenever another connection commits a change. */
gint64          cube_store_get_data_version (CubeStore *self);

CubeDataOwner  *cube_store_add_data_owner   (CubeStore *self, const char *name, const char *controller,
                                             const char *purpose, GError **error);
GPtrArray      *cube_store_list_data_owners (CubeStore *self, GError **error);
CubeDataOwner  *cube_store_get_data_owner   (CubeStore *self, gint64 id, GError **error);
/* @spec is a data owner id or its exact name. */
CubeDataOwner  *cube_store_find_data_owner  (CubeStore *self, const char *spec, GError **error);
/* Changes a data owner's name, behandlingsansvarlig (@controller) and formål
 * (@purpose). Its datasets and customers stay with it. */
CubeDataOwner  *cube_store_update_data_owner (CubeStore *self, gint64 id, const char *name,
                                              const char *controller, const char *purpose,
                                              GError **error);
CubeDataset    *cube_store_add_dataset      (CubeStore *self, gint64 owner_id, CubeDatasetKind kind,
                                             GError **error);
/* @spec is a dataset id or "OWNER/b2b" / "OWNER/b2c". A data owner has at
 * most one dataset of each kind (a second is CUBE_ERROR_CONFLICT). */
CubeDataset    *cube_store_find_dataset     (CubeStore *self, const char *spec, GError **error);
GPtrArray      *cube_store_list_datasets    (CubeStore *self, GError **error);

CubeFieldDef   *cube_store_add_field        (CubeStore *self, gint64 dataset_id, const char *key,
                                             const char *label, CubeFieldType type, gboolean required,
                                             gboolean unique, const char * const *options,
                                             const char *help, GError **error);
/* The dataset's fields in their order. */
GPtrArray      *cube_store_list_fields      (CubeStore *self, gint64 dataset_id, gboolean include_archived,
                                             GError **error);
CubeFieldDef   *cube_store_get_field        (CubeStore *self, gint64 field_id, GError **error);
/* The field of @dataset_id with @key, archived or not. */
CubeFieldDef   *cube_store_find_field       (CubeStore *self, gint64 dataset_id, const char *key,
                                             GError **error);
/* Changes a field to the values given (all of them; @key NULL keeps the key).
 * The key changes only while no customer has a value; a new type or new
 * options only when every stored value converts (the values are stored
 * converted); unique-if-filled only when no two customers share a value.
 * Refusals are CUBE_ERROR_CONFLICT naming "key", "type"/"options" or
 * "unique" with the count. Making a field required leaves existing
 * customers as they are (see cube_store_list_missing_value()). */
CubeFieldDef   *cube_store_update_field     (CubeStore *self, gint64 field_id, const char *key,
                                             const char *label, CubeFieldType type, gboolean required,
                                             gboolean unique, const char * const *options,
                                             const char *help, GError **error);
/* Moves the field to @position (1 = first) among its dataset's fields,
 * archived ones included, renumbering the others 1, 2, … */
gboolean        cube_store_move_field       (CubeStore *self, gint64 field_id, int position,
                                             GError **error);
/* Archives a field (hidden from forms, import and API; values kept) or
 * restores it. Returns the changed field. */
CubeFieldDef   *cube_store_set_field_archived (CubeStore *self, gint64 field_id, gboolean archived,
                                               GError **error);
/* Customers of the field's dataset without a value for @field_id (oldest
 * first, a page at a time): those a new required rule has left behind. */
GPtrArray      *cube_store_list_missing_value (CubeStore *self, gint64 field_id, guint offset,
                                               guint limit, GError **error);
gint64          cube_store_count_missing_value (CubeStore *self, gint64 field_id, GError **error);

CubeAssignment *cube_store_add_assignment   (CubeStore *self, gint64 dataset_id, const char *name,
                                             GError **error);
CubeAssignment *cube_store_get_assignment   (CubeStore *self, gint64 id, GError **error);
/* @spec is an assignment id or its exact name. */
CubeAssignment *cube_store_find_assignment  (CubeStore *self, const char *spec, GError **error);
/* The assignments by name. A supervisor (administrator or assignment setup),
 * or a store with no user signed in, gets all of them; any other user only
 * those open to them now: visible to them, within their dates and not
 * archived (@include_archived is ignored for them). */
GPtrArray      *cube_store_list_assignments (CubeStore *self, gboolean include_archived, GError **error);
gboolean        cube_store_set_assignment_archived (CubeStore *self, gint64 id, gboolean archived,
                                                    GError **error);
/* Changes an assignment: @name; @dataset_id (only while it has no
 * customers); @visibility with @logins, the chosen users; the first and
 * last day it can be worked (YYYY-MM-DD or dd.mm.yyyy, NULL or "" for no
 * limit); @attempt_limit (0: none), after which a customer is no longer
 * offered; @cooldown_minutes after an attempt before it is offered again. */
CubeAssignment *cube_store_update_assignment (CubeStore *self, gint64 id, const char *name,
                                              gint64 dataset_id, CubeVisibility visibility,
                                              const char * const *logins, const char *active_from,
                                              const char *active_until, guint attempt_limit,
                                              guint cooldown_minutes, GError **error);
/* Whether the current user may work @assignment now (lock the next
 * customer): not archived, within its dates, visible to them. */
gboolean        cube_store_check_assignment_open (CubeStore *self, CubeAssignment *assignment,
                                                  GError **error);

CubeOutcome    *cube_store_add_outcome      (CubeStore *self, gint64 assignment_id, const char *label,
                                             CubeOutcomeKind kind, gboolean closes, gboolean needs_time,
                                             GError **error);
/* The assignment's outcomes in their order, archived ones too. */
GPtrArray      *cube_store_list_outcomes    (CubeStore *self, gint64 assignment_id, GError **error);
CubeOutcome    *cube_store_get_outcome      (CubeStore *self, gint64 outcome_id, GError **error);
/* Changes an outcome; registered outcomes keep it (their history shows the
 * new label). An attempt outcome cannot close the customer. */
CubeOutcome    *cube_store_update_outcome   (CubeStore *self, gint64 outcome_id, const char *label,
                                             CubeOutcomeKind kind, gboolean closes, gboolean needs_time,
                                             GError **error);
/* Moves the outcome to @position (1 = first), renumbering the others. */
gboolean        cube_store_move_outcome     (CubeStore *self, gint64 outcome_id, int position,
                                             GError **error);
/* Archives an outcome (no longer offered; history keeps it) or restores it. */
CubeOutcome    *cube_store_set_outcome_archived (CubeStore *self, gint64 outcome_id, gboolean archived,
                                                 GError **error);
/* Deletes an outcome nobody has registered; one in use is refused with
 * CUBE_ERROR_CONFLICT (archive it instead). */
gboolean        cube_store_delete_outcome   (CubeStore *self, gint64 outcome_id, GError **error);
/* The outcome of @assignment_id labelled @label (case-insensitive). */
CubeOutcome    *cube_store_find_outcome     (CubeStore *self, gint64 assignment_id, const char *label,
                                             GError **error);

CubeUser       *cube_store_add_user         (CubeStore *self, const char *login, const char *name,
                                             CubePermissions permissions, GError **error);
CubeUser       *cube_store_find_user        (CubeStore *self, const char *login, GError **error);
CubeUser       *cube_store_get_user_by_id   (CubeStore *self, gint64 user_id, GError **error);
/* Every user, archived ones too, by login. */
GPtrArray      *cube_store_list_users       (CubeStore *self, GError **error);
/* Changes a user's name and permissions (administrators only). The last
 * administrator who is not archived cannot lose the permission
 * (CUBE_ERROR_CONFLICT naming "permissions"). */
CubeUser       *cube_store_update_user      (CubeStore *self, gint64 user_id, const char *name,
                                             CubePermissions permissions, GError **error);
/* Archives a user (they can no longer act; their history stays) or
 * restores them. The last administrator cannot be archived. */
CubeUser       *cube_store_set_user_archived (CubeStore *self, gint64 user_id, gboolean archived,
                                              GError **error);

/* The one way a customer comes in (dialog, import, API, CLI): validates
 * @draft, stores it available in its assignment and records a created event
 * with @source. A duplicate Kundeid fails with CUBE_ERROR_CONFLICT carrying
 * the existing customer (cube_error_get_existing_customer_id()). */
CubeCustomer   *cube_store_add_customer     (CubeStore *self, const CubeCustomerDraft *draft,
                                             CubeSource source, const char *source_detail,
                                             GError **error);
/* Like cube_store_add_customer(), and locks the new customer to the current
 * user in the same transaction ("Lagre og lås"). */
CubeCustomer   *cube_store_add_customer_locked (CubeStore *self, const CubeCustomerDraft *draft,
                                                CubeSource source, const char *source_detail,
                                                GError **error);
/* Checks @draft by the rules of cube_store_add_customer() without writing. */
gboolean        cube_store_check_customer   (CubeStore *self, const CubeCustomerDraft *draft,
                                             GError **error);
CubeCustomer   *cube_store_get_customer     (CubeStore *self, gint64 id, GError **error);
/* The customer with Kundeid @customer_key in the dataset of @assignment_id. */
CubeCustomer   *cube_store_find_customer    (CubeStore *self, gint64 assignment_id,
                                             const char *customer_key, GError **error);
/* Customers whose Kundeid, name, e-mail or phone matches @text, best first:
 * exact Kundeid, then Kundeid and phone prefixes, then substrings. */
GPtrArray      *cube_store_search_customers (CubeStore *self, const char *text, guint offset,
                                             guint limit, GError **error);
/* Changes a customer's fields to those of @draft (its assignment_id is
 * ignored) by the rules of cube_store_add_customer(); each changed field
 * becomes an edited event (old → new). Refused while another user holds the
 * customer. */
CubeCustomer   *cube_store_update_customer  (CubeStore *self, gint64 customer_id,
                                             const CubeCustomerDraft *draft, GError **error);
/* Every customer, oldest first, a page at a time. */
GPtrArray      *cube_store_list_customers   (CubeStore *self, guint offset, guint limit,
                                             GError **error);
gint64          cube_store_count_customers  (CubeStore *self, GError **error);
/* The customer's history, newest first. */
GPtrArray      *cube_store_list_events      (CubeStore *self, gint64 customer_id, GError **error);

/* Moves a customer to another assignment of its dataset (never to another
 * dataset or data owner): it becomes available, its lock, status, attempts,
 * last outcome and follow-up are dropped, its history kept plus a moved
 * event (old → new assignment). Needs extended customer handling. */
CubeCustomer   *cube_store_move_customer    (CubeStore *self, gint64 customer_id,
                                             gint64 to_assignment_id, GError **error);

/* Corrects a registered outcome (event @event_id of kind "outcome") to
 * @outcome_id, another outcome of the assignment it was registered in; needs
 * "correct outcomes". The correction is a new "corrected" event (old → new,
 * @comment, @follow_up_at when the outcome needs a time); the original
 * stays. A later correction of the same event replaces the earlier one.
 * When it is the customer's latest outcome, the customer follows: its last
 * outcome, closed or not, and follow-up; attempts are recounted. Refused
 * while another user holds the customer. */
CubeCustomer   *cube_store_correct_outcome  (CubeStore *self, gint64 event_id, gint64 outcome_id,
                                             gint64 follow_up_at, const char *comment, GError **error);

/* Local midnight starting the day of @time (Unix time; 0 for now by the
 * store's clock): "today" of the overview. */
gint64          cube_store_day_start        (CubeStore *self, gint64 time);
/* The overview of @assignment_id: customers by status now, and outcomes
 * registered in [@from, @until) (Unix times, 0 for open; as corrected) by
 * outcome and agent. Needs reporting or administrator. */
CubeOverview   *cube_store_get_overview     (CubeStore *self, gint64 assignment_id, gint64 from,
                                             gint64 until, GError **error);
/* Writes @overview as CSV: a row per agent (and one for all) with a column
 * per outcome and a total. */
gboolean        cube_store_export_overview  (CubeStore *self, CubeOverview *overview,
                                             GOutputStream *out, CubeCsvFlags flags,
                                             GCancellable *cancellable, GError **error);
/* Writes the assignment's customers as CSV, a row at a time: Kundeid, name,
 * e-mail, three phones, every custom field (archived ones too) by label,
 * status, attempts, last outcome, follow-up and last change. Needs
 * reporting or administrator. */
gboolean        cube_store_export_customers (CubeStore *self, gint64 assignment_id,
                                             GOutputStream *out, CubeCsvFlags flags,
                                             GCancellable *cancellable, GError **error);

/* Locks: one holder at a time, a lease renewed by the holder. */
CubeCustomer   *cube_store_lock_customer    (CubeStore *self, gint64 customer_id, GError **error);
CubeCustomer   *cube_store_lock_next        (CubeStore *self, gint64 assignment_id, GError **error);
gboolean        cube_store_renew_lock       (CubeStore *self, gint64 customer_id, GError **error);
/* Releases the current user's lock; with extended customer handling, anyone's. */
gboolean        cube_store_release_lock     (CubeStore *self, gint64 customer_id, GError **error);
/* Registers @outcome for a customer the current user holds, and releases it.
 * @follow_up_at (Unix time) is required when the outcome needs a time. */
CubeCustomer   *cube_store_register_outcome (CubeStore *self, gint64 customer_id, gint64 outcome_id,
                                             gint64 follow_up_at, const char *comment, GError **error);

/* Imports (the engine is CubeImportJob in import/cube-import-job.h). */
/* Every recorded import, newest first. Needs customer handling. */
GPtrArray      *cube_store_list_imports     (CubeStore *self, GError **error);
CubeImportRecord *cube_store_get_import     (CubeStore *self, gint64 import_id, GError **error);
/* The customers import @import_id added or updated, by id, a page at a
 * time ("show the imported customers"); and how many. */
GPtrArray      *cube_store_list_import_customers (CubeStore *self, gint64 import_id, guint offset,
                                                  guint limit, GError **error);
gint64          cube_store_count_import_customers (CubeStore *self, gint64 import_id, GError **error);
/* The mapping saved for @dataset_id (cube_import_mapping_to_string()), or
 * NULL without error when none is saved. */
char           *cube_store_get_import_mapping (CubeStore *self, gint64 dataset_id, GError **error);
gboolean        cube_store_save_import_mapping (CubeStore *self, gint64 dataset_id, const char *mapping,
                                                GError **error);

/* A new connection to the same database as @self, acting as the same user
 * with the same clock and lease: for work in another thread. */
CubeStore      *cube_store_open_again       (CubeStore *self, GError **error);

G_END_DECLS
