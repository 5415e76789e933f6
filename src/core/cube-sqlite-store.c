/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cube-error.h"
#include "cube-sqlite-store.h"
#include "cube-validate.h"

struct _CubeSqliteStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text (static) → prepared statement */
  guint       depth;        /* open transaction levels */
  /* The first customer a running import added, when its customers are not
   * yet in the search index (they go in with one statement at the end:
   * writing the FTS5 table row by row makes it flush at every statement). */
  gint64      index_from;
  /* Customers a running import updated whose old text is still in the
   * search index (temp.import_reindex keeps it until the end). */
  gboolean    reindex_pending;
  /* A running import has the bigger page cache (import_cache_on). */
  gboolean    import_cache;
  /* A running import dropped the deferred indexes (import_defer_indexes). */
  gboolean    indexes_deferred;
  /* The first customer a running import added whose "created" event is
   * not written yet (flush_created_events), and what that event says. */
  gint64      created_from;
  gint64      created_by;
  char       *created_detail;
  /* The first and last customer a running import added (all the ids
   * between are its own), until finish_import records them. */
  gint64      added_first;
  gint64      added_last;
  /* A running import stopped the search index's merging (index_customers). */
  gboolean    merge_paused;
  /* The transaction is an import's, without foreign-key checks
   * (sqlite_import_begin). */
  gboolean    foreign_keys_off;
  /* The transaction is an import's, through a rollback journal instead of
   * the WAL (sqlite_import_begin). */
  gboolean    rollback_journal;
};

/* The page cache of a connection (PRAGMA cache_size: negative is KiB), and
 * of one running an import. */
#define CACHE_KIB        -8192
#define IMPORT_CACHE_KIB -49152
/* While an import builds its deferred indexes (each sorter thread sorts
 * up to this much in memory). */
#define REBUILD_CACHE_KIB -4096
/* The page size of a new database file (open_database). */
#define NEW_PAGE_SIZE 16384
/* FTS5's default for how many segments of a level it merges. */
#define FTS_AUTOMERGE 4

/* FTS5's default for how much it holds in memory before it writes a
 * segment, and what an import lets it hold (index_customers). */
#define FTS_HASHSIZE 1048576
#define IMPORT_FTS_HASHSIZE 4194304
/* What import_idle does in one step, about 10 ms: new customers it adds to
 * the search index (in 5,000s or 20,000s the index costs the same), or
 * "created" events it writes at least. */
#define IDLE_INDEX_ROWS 5000
#define IDLE_EVENT_ROWS 1000

/* What the search text of a customer starts with (customer_search_text,
 * schema 8): the name's first letters are a trigram after it. */
#define NAME_START "\001\001"

/* Indexes on customers that no import step reads (search does) and whose
 * keys arrive in random order: a big import drops them inside its
 * transaction and builds them again before the commit. Maintaining them
 * (the first phone's, and the Kundeid's and the folded name's, both gone
 * since) cost 6.6 s for a million customers added to a million; building
 * them over the two million, 3.5 s; the first phone's alone, 0.8 s. The
 * statements are those of the migrations that made them (a rollback
 * brings the originals back anyway). */
static const char * const deferred_indexes[][2] = {
  { "customers_phone1", "CREATE INDEX customers_phone1 ON customers (phone1) WHERE phone1 IS NOT NULL" },
};
/* Deferring pays when the import adds at least this share of the
 * customers already there (rebuild ≈ 1.75 µs a customer in the table,
 * upkeep ≈ 6.6 µs a customer added), in tenths. */
#define DEFER_SHARE_TENTHS 4

static void cube_sqlite_store_iface_init (CubeStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CubeSqliteStore, cube_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CUBE_TYPE_STORE, cube_sqlite_store_iface_init))

/* Statements are cached and reset when they go out of scope. */
typedef sqlite3_stmt Statement;

static void
statement_reset (Statement *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Statement, statement_reset)

/* Each migration takes the schema from version i to i + 1. */
static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  permissions INTEGER NOT NULL DEFAULT 0,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE data_owners ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  controller TEXT NOT NULL DEFAULT '',"
  "  purpose TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE datasets ("
  "  id INTEGER PRIMARY KEY,"
  "  owner_id INTEGER NOT NULL REFERENCES data_owners (id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('b2b', 'b2c')),"
  "  UNIQUE (owner_id, kind));"
  "CREATE TABLE field_defs ("
  "  id INTEGER PRIMARY KEY,"
  "  dataset_id INTEGER NOT NULL REFERENCES datasets (id),"
  "  key TEXT NOT NULL,"
  "  label TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  required INTEGER NOT NULL DEFAULT 0,"
  "  unique_if_filled INTEGER NOT NULL DEFAULT 0,"
  "  help TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  options TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (dataset_id, key));"
  "CREATE TABLE assignments ("
  "  id INTEGER PRIMARY KEY,"
  "  dataset_id INTEGER NOT NULL REFERENCES datasets (id),"
  "  name TEXT NOT NULL UNIQUE,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE outcomes ("
  "  id INTEGER PRIMARY KEY,"
  "  assignment_id INTEGER NOT NULL REFERENCES assignments (id),"
  "  label TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('progress', 'attempt')),"
  "  closes INTEGER NOT NULL DEFAULT 0,"
  "  needs_time INTEGER NOT NULL DEFAULT 0,"
  "  position INTEGER NOT NULL,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (assignment_id, label));"
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  dataset_id INTEGER NOT NULL REFERENCES datasets (id),"
  "  assignment_id INTEGER NOT NULL REFERENCES assignments (id),"
  "  customer_key TEXT NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  name_folded TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  phone1 TEXT, phone2 TEXT, phone3 TEXT,"
  "  closed INTEGER NOT NULL DEFAULT 0,"
  "  locked_by INTEGER REFERENCES users (id),"
  "  lock_expires INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_outcome_id INTEGER REFERENCES outcomes (id),"
  "  follow_up_at INTEGER,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  updated_by INTEGER REFERENCES users (id),"
  "  UNIQUE (dataset_id, customer_key));"
  "CREATE INDEX customers_key ON customers (customer_key);"
  /* Case-folded name: name prefixes shorter than the trigram index takes,
   * and sorting by name. */
  "CREATE INDEX customers_name ON customers (name_folded);"
  "CREATE INDEX customers_pool ON customers (assignment_id, closed, id);"
  "CREATE INDEX customers_follow_up ON customers (assignment_id, follow_up_at)"
  "  WHERE follow_up_at IS NOT NULL;"
  "CREATE TABLE customer_values ("
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  field_id INTEGER NOT NULL REFERENCES field_defs (id),"
  "  value TEXT NOT NULL,"
  "  PRIMARY KEY (customer_id, field_id)) WITHOUT ROWID;"
  "CREATE INDEX customer_values_value ON customer_values (field_id, value);"
  /* Two rows a number: with country code and, for +47, without, so that a
   * prefix finds it either way. */
  "CREATE TABLE customer_phones ("
  "  digits TEXT NOT NULL,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (digits, customer_id)) WITHOUT ROWID;"
  "CREATE INDEX customer_phones_customer ON customer_phones (customer_id);"
  /* Substring search that folds Norwegian letters; written by the store
   * itself rather than by triggers, which makes bulk loads much faster. */
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  customer_key, name, email,"
  "  content='customers', content_rowid='id', tokenize='trigram');"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users (id),"
  "  kind TEXT NOT NULL,"
  "  source TEXT,"
  "  field TEXT,"
  "  old_value TEXT,"
  "  new_value TEXT,"
  "  outcome_id INTEGER REFERENCES outcomes (id),"
  "  comment TEXT,"
  "  follow_up_at INTEGER);"
  "CREATE INDEX events_customer ON events (customer_id, id);",

  /* 2: the supervisor's settings. Assignments get visibility, active dates,
   * an attempt limit and a cool-down; customers remember their last
   * attempt; outcome events name their assignment (for the overview, also
   * after a customer has moved) and a correction the event it corrects. */
  "ALTER TABLE assignments ADD COLUMN visibility TEXT NOT NULL DEFAULT 'all'"
  "  CHECK (visibility IN ('all', 'chosen'));"
  "ALTER TABLE assignments ADD COLUMN active_from TEXT;"
  "ALTER TABLE assignments ADD COLUMN active_until TEXT;"
  "ALTER TABLE assignments ADD COLUMN attempt_limit INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE assignments ADD COLUMN cooldown_minutes INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE assignment_users ("
  "  assignment_id INTEGER NOT NULL REFERENCES assignments (id),"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  PRIMARY KEY (assignment_id, user_id)) WITHOUT ROWID;"
  "ALTER TABLE customers ADD COLUMN last_attempt_at INTEGER;"
  "UPDATE customers SET last_attempt_at = (SELECT max (e.at) FROM events e JOIN outcomes o ON o.id = e.outcome_id"
  "  WHERE e.customer_id = customers.id AND e.kind = 'outcome' AND o.kind = 'attempt');"
  "ALTER TABLE events ADD COLUMN assignment_id INTEGER REFERENCES assignments (id);"
  "ALTER TABLE events ADD COLUMN corrects_event_id INTEGER REFERENCES events (id);"
  "UPDATE events SET assignment_id = (SELECT assignment_id FROM outcomes WHERE id = events.outcome_id)"
  "  WHERE outcome_id IS NOT NULL;"
  "CREATE INDEX events_assignment ON events (assignment_id, at) WHERE assignment_id IS NOT NULL;"
  "CREATE INDEX events_outcome ON events (outcome_id) WHERE outcome_id IS NOT NULL;"
  "CREATE INDEX events_corrects ON events (corrects_event_id) WHERE corrects_event_id IS NOT NULL;",

  /* 3: imports. What came from which file, by whom, and the mapping a
   * dataset's imports reuse; customers remember the import that last
   * wrote them. */
  "CREATE TABLE imports ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  checksum TEXT NOT NULL,"
  "  sheet TEXT NOT NULL DEFAULT '',"
  "  user_id INTEGER REFERENCES users (id),"
  "  imported_at INTEGER NOT NULL,"
  "  assignment_id INTEGER NOT NULL REFERENCES assignments (id),"
  "  duplicate_mode TEXT NOT NULL CHECK (duplicate_mode IN ('skip', 'update', 'fail')),"
  "  added INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0,"
  "  seconds REAL NOT NULL DEFAULT 0);"
  "CREATE TABLE import_mappings ("
  "  dataset_id INTEGER PRIMARY KEY REFERENCES datasets (id),"
  "  mapping TEXT NOT NULL);"
  "ALTER TABLE customers ADD COLUMN import_id INTEGER REFERENCES imports (id);"
  "CREATE INDEX customers_import ON customers (import_id, id) WHERE import_id IS NOT NULL;",

  /* 4: a schema a million-row import fills in seconds. Custom values move
   * into one JSON object on the customer (field id → value) with a side
   * table only for unique-if-filled fields; a phone is found through
   * indexes on the customer's own E.164 columns (searched with and without
   * +47); the trigram index covers the case-folded name and e-mail with
   * detail='none' (queried with GLOB on folded text). */
  "ALTER TABLE customers ADD COLUMN field_values TEXT;"
  "UPDATE customers SET field_values = (SELECT json_group_object (v.field_id, v.value)"
  "  FROM customer_values v WHERE v.customer_id = customers.id)"
  "  WHERE id IN (SELECT customer_id FROM customer_values);"
  "CREATE TABLE customer_unique_values ("
  "  field_id INTEGER NOT NULL REFERENCES field_defs (id),"
  "  value TEXT NOT NULL,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  PRIMARY KEY (field_id, value, customer_id)) WITHOUT ROWID;"
  "INSERT INTO customer_unique_values (field_id, value, customer_id)"
  "  SELECT v.field_id, v.value, v.customer_id FROM customer_values v"
  "  JOIN field_defs f ON f.id = v.field_id WHERE f.unique_if_filled;"
  "DROP TABLE customer_values;"
  "DROP TABLE customer_phones;"
  "CREATE INDEX customers_phone1 ON customers (phone1) WHERE phone1 IS NOT NULL;"
  "CREATE INDEX customers_phone2 ON customers (phone2) WHERE phone2 IS NOT NULL;"
  "CREATE INDEX customers_phone3 ON customers (phone3) WHERE phone3 IS NOT NULL;"
  "DROP TABLE customer_search;"
  "ALTER TABLE customers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';"
  "UPDATE customers SET search_text = name_folded || char (10) || lower (email);"
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  search_text, content='customers', content_rowid='id', tokenize='trigram', detail='none');"
  "INSERT INTO customer_search (customer_search) VALUES ('rebuild');"
  "CREATE INDEX customer_unique_values_customer ON customer_unique_values (customer_id);",

  /* 5: the trigram index without its per-customer sizes (columnsize=0):
   * search never ranks by them, and writing them cost an import of a
   * million customers 0.6 s of its 3.4 s of indexing. */
  "DROP TABLE customer_search;"
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  search_text, content='customers', content_rowid='id', tokenize='trigram', detail='none', columnsize=0);"
  "INSERT INTO customer_search (customer_search) VALUES ('rebuild');",

  /* 6: no index on the Kundeid alone. Search finds a Kundeid through the
   * (dataset, Kundeid) index, a dataset at a time; the one index less is
   * 0.5 s less for an import of a million customers to build again. */
  "DROP INDEX customers_key;",

  /* 7: the trigram index reads a view instead of a column of its own: the
   * customer row is 17 % smaller (an import of a million into a million
   * 9.2 s → 8.8 s from .csv, 10.6 s → 9.8 s from .xlsx). The view folds
   * the e-mail with lower(), which knows ASCII only; email_folded keeps
   * the folded address of the few that are not ASCII. */
  "ALTER TABLE customers ADD COLUMN email_folded TEXT;"
  "UPDATE customers SET email_folded = substr (search_text, instr (search_text, char (10)) + 1)"
  "  WHERE email GLOB '*[^ -~]*';"
  "DROP TABLE customer_search;"
  "ALTER TABLE customers DROP COLUMN search_text;"
  "CREATE VIEW customer_search_text (id, search_text) AS"
  "  SELECT id, name_folded || char (10) || coalesce (email_folded, lower (email)) FROM customers;"
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  search_text, content='customer_search_text', content_rowid='id', tokenize='trigram', detail='none',"
  "  columnsize=0);"
  "INSERT INTO customer_search (customer_search) VALUES ('rebuild');",

  /* 8: no index on the folded name. A name's first one or two letters are
   * found through the trigram index too: the text starts with two char(1),
   * so "ol" is the trigrams char(1) char(1) 'o' and char(1) 'o' 'l'. An
   * import no longer builds that index again over every customer (a
   * million into a million: 0.8 s, and 45 MB more to write twice). */
  "DROP INDEX customers_name;"
  "DROP TABLE customer_search;"
  "DROP VIEW customer_search_text;"
  "CREATE VIEW customer_search_text (id, search_text) AS"
  "  SELECT id, char (1, 1) || name_folded || char (10) || coalesce (email_folded, lower (email)) FROM customers;"
  /* The text is folded already (cube_fold, and the view's lower() where
   * that is the same), as is every query: the tokenizer need not fold it
   * again (case_sensitive 1; a million customers 1.54 s → 1.40 s). */
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  search_text, content='customer_search_text', content_rowid='id', tokenize='trigram case_sensitive 1',"
  "  detail='none', columnsize=0);"
  "INSERT INTO customer_search (customer_search) VALUES ('rebuild');",

  /* 9: an import's customers without an index on every imported customer.
   * Those it added have the ids from first_added_id to last_added_id (it
   * holds the write lock while it adds them); those it updated are in
   * import_updates. Either way they are its customers while their
   * import_id says so. Keeping (import_id, id) up cost an import of a
   * million 0.2–0.3 s and 15 MB. The customers of earlier imports go into
   * import_updates. */
  "ALTER TABLE imports ADD COLUMN first_added_id INTEGER;"
  "ALTER TABLE imports ADD COLUMN last_added_id INTEGER;"
  "CREATE TABLE import_updates ("
  "  import_id INTEGER NOT NULL REFERENCES imports (id),"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  PRIMARY KEY (import_id, customer_id)) WITHOUT ROWID;"
  "INSERT INTO import_updates (import_id, customer_id)"
  "  SELECT import_id, id FROM customers WHERE import_id IS NOT NULL ORDER BY import_id, id;"
  "DROP INDEX customers_import;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CUBE_SCHEMA_VERSION);

/* ---- helpers ---------------------------------------------------------- */

static gboolean
set_db_error (CubeSqliteStore  *self,
              GError          **error)
{
  int code = sqlite3_extended_errcode (self->db);

  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    cube_set_error (error, CUBE_ERROR_DATABASE, NULL,
                    _("The database is busy; try again"));
  else
    cube_set_error (error, CUBE_ERROR_DATABASE, NULL,
                    _("Database error: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static Statement *
prepare (CubeSqliteStore  *self,
         const char       *sql,
         GError          **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_db_error (self, error);
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  return stmt;
}

static void
bind_text (Statement  *stmt,
           int         index,
           const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_time (Statement *stmt,
           int        index,
           gint64     time)
{
  if (time <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, time);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (CubeSqliteStore  *self,
           Statement        *stmt,
           GError          **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_db_error (self, error);
  return TRUE;
}

/* Steps once: TRUE with a row, FALSE at the end or on error (then @error is
 * set). */
static gboolean
step_row (CubeSqliteStore  *self,
          Statement        *stmt,
          GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_db_error (self, error);
  return FALSE;
}

static const char *
column_text (Statement *stmt,
             int        column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void set_error_va (GError **error, CubeErrorCode code, const char *field, const char *format,
                          va_list args) G_GNUC_PRINTF (4, 0);

static void
set_error_va (GError        **error,
              CubeErrorCode   code,
              const char     *field,
              const char     *format,
              va_list         args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  cube_set_error (error, code, field, "%s", message);
}

/* Steps @stmt for the one row it looks up: TRUE with the row; FALSE with
 * @error, a database error or, when there is no row, CUBE_ERROR_NOT_FOUND
 * naming @field with the message @format. */
static gboolean step_found (CubeSqliteStore *self, Statement *stmt, GError **error, const char *field,
                            const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
step_found (CubeSqliteStore  *self,
            Statement        *stmt,
            GError          **error,
            const char       *field,
            const char       *format,
            ...)
{
  g_autoptr(GError) local_error = NULL;
  va_list args;

  if (step_row (self, stmt, &local_error))
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  va_start (args, format);
  set_error_va (error, CUBE_ERROR_NOT_FOUND, field, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
exec (CubeSqliteStore  *self,
      const char       *sql,
      GError          **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error);
  return TRUE;
}

static gint64
now (CubeSqliteStore *self)
{
  return cube_store_now (CUBE_STORE (self));
}

static gboolean exec_for_customer (CubeSqliteStore *self, const char *sql, gint64 id, GError **error);
static gint64 count_for_id (CubeSqliteStore *self, const char *sql, gint64 id, GError **error);
static gboolean sync_unique_values (CubeSqliteStore *self, gint64 field_id, GError **error);

/* Reads the current row of a statement into a new object. */
typedef gpointer (*ReadRow) (Statement *stmt);

/* Runs @stmt (bound) and reads each row it returns with @read. */
static GPtrArray *
read_rows (CubeSqliteStore  *self,
           Statement        *stmt,
           ReadRow           read,
           GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  while (step_row (self, stmt, &local_error))
    g_ptr_array_add (rows, read (stmt));
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Runs @stmt, an UPDATE of one row: FALSE with @error when it fails or when
 * the row is not there (CUBE_ERROR_NOT_FOUND naming @field, @message). */
static gboolean
step_changed (CubeSqliteStore  *self,
              Statement        *stmt,
              const char       *field,
              const char       *message,
              GError          **error)
{
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      cube_set_error (error, CUBE_ERROR_NOT_FOUND, field, "%s", message);
      return FALSE;
    }
  return TRUE;
}

/* Steps @stmt, a count of the rows a change would clash with, and resets
 * it: FALSE with @error when it fails or counts any (then
 * CUBE_ERROR_CONFLICT naming @field with the message @format). */
static gboolean step_no_conflict (CubeSqliteStore *self, Statement *stmt, GError **error, const char *field,
                                  const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
step_no_conflict (CubeSqliteStore  *self,
                  Statement        *stmt,
                  GError          **error,
                  const char       *field,
                  const char       *format,
                  ...)
{
  gboolean ok = step_row (self, stmt, error);

  if (ok && sqlite3_column_int (stmt, 0) > 0)
    {
      va_list args;

      va_start (args, format);
      set_error_va (error, CUBE_ERROR_CONFLICT, field, format, args);
      va_end (args);
      ok = FALSE;
    }
  statement_reset (stmt);
  return ok;
}

static gboolean sqlite_begin (CubeStore *store, GError **error);
static gboolean finish (CubeSqliteStore *self, gboolean ok, GError **error);

/* In a transaction of its own, runs @sql, a constant UPDATE of one column
 * of one row (?1 the value, ?2 the id): FALSE with @error when it fails or
 * when the row is not there (CUBE_ERROR_NOT_FOUND naming @field,
 * @message). */
static gboolean
update_int_column (CubeSqliteStore  *self,
                   const char       *sql,
                   int               value,
                   gint64            id,
                   const char       *field,
                   const char       *message,
                   GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  gboolean ok;

  if (!sqlite_begin (CUBE_STORE (self), error))
    return FALSE;
  ok = (stmt = prepare (self, sql, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, value);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = step_changed (self, stmt, field, message, error);
    }
  return finish (self, ok, error);
}

/* ---- transactions ----------------------------------------------------- */

/* After an import's transaction (sqlite_import_begin), committed or not:
 * the foreign-key checks and the WAL as for any other. */
static void
import_settings_back (CubeSqliteStore *self)
{
  if (self->foreign_keys_off && self->depth == 0)
    {
      exec (self, "PRAGMA foreign_keys = ON", NULL);
      self->foreign_keys_off = FALSE;
    }
  /* Back to the WAL. Should somebody have opened the file since the
   * commit, it stays in rollback mode until the next open asks for the WAL
   * (open_database): slower to share, as safe. */
  if (self->rollback_journal && self->depth == 0)
    {
      if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", NULL))
        g_debug ("import: the database stays in rollback-journal mode: %s", sqlite3_errmsg (self->db));
      self->rollback_journal = FALSE;
    }
}

/* Leaves WAL mode for a rollback journal when no other connection has the
 * file open: in WAL mode each holds a shared lock on it while open, and
 * SQLite refuses at once (no busy wait) to leave WAL without the file to
 * itself. */
static gboolean
leave_wal (CubeSqliteStore *self)
{
  g_autoptr(Statement) stmt = prepare (self, "PRAGMA journal_mode = DELETE", NULL);
  gboolean left;

  left = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW
         && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0;
  if (!left)
    {
      g_debug ("import: the database is open elsewhere, the import writes through the WAL");
      return FALSE;
    }
  /* Each sync of the journal and the file, as a rollback journal needs to
   * survive a power cut. */
  exec (self, "PRAGMA synchronous = FULL", NULL);
  return TRUE;
}

static gboolean
sqlite_begin (CubeStore  *store,
              GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autofree char *sql = NULL;

  /* IMMEDIATE takes the write lock up front, so a transaction never fails
   * half-way because another process wrote in between. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT level%u", self->depth);
  if (!exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

/* An import's transaction. Its statements refer only to rows it read or
 * wrote in that same transaction (its assignment, dataset, user and
 * fields, its import record, the customers it adds), which nobody else can
 * change while it holds the write lock: SQLite's foreign-key checks of
 * them, a lookup or more for every customer and event, cannot fail, and
 * cost a million-row import 0.5 s. The pragma only takes effect outside a
 * transaction, so inside another one the checks stay. */
static gboolean
sqlite_import_begin (CubeStore  *store,
                     gboolean    alone,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);

  if (self->depth == 0 && exec (self, "PRAGMA foreign_keys = OFF", NULL))
    self->foreign_keys_off = TRUE;
  /* With the file to itself, an import writes each page once, through a
   * rollback journal that holds the few pages it changes, instead of
   * into the WAL and again at the checkpoint after the commit (a million
   * customers into a million: 1.0 s of 7.7 s). Whoever opens the file
   * meanwhile waits for the commit (the busy timeout), as no other
   * connection can read while the journal's writer holds the file. A
   * killed import leaves the journal, and the next open rolls it back. */
  if (alone && self->depth == 0)
    self->rollback_journal = leave_wal (self);
  if (!sqlite_begin (store, error))
    {
      import_settings_back (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_commit (CubeStore  *store,
               GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);
  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE level%u", self->depth - 1);
  if (!exec (self, sql, error))
    {
      CUBE_STORE_GET_IFACE (store)->rollback (store);
      return FALSE;
    }
  self->depth--;
  import_settings_back (self);
  return TRUE;
}

static void
sqlite_rollback (CubeStore *store)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autofree char *sql = NULL;

  g_return_if_fail (self->depth > 0);
  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO level%u; RELEASE level%u", self->depth - 1, self->depth - 1);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  self->depth--;
  if (self->depth == 0)
    {
      /* Rolled back with the transaction, temp.import_reindex and
       * dropped indexes too. */
      self->index_from = 0;
      self->reindex_pending = FALSE;
      self->indexes_deferred = FALSE;
      self->created_from = 0;
      self->added_first = self->added_last = 0;
      self->merge_paused = FALSE;
      import_settings_back (self);
    }
}

/* Commits when @ok, else rolls back; TRUE when committed. */
static gboolean
finish (CubeSqliteStore  *self,
        gboolean          ok,
        GError          **error)
{
  if (!ok)
    {
      sqlite_rollback (CUBE_STORE (self));
      return FALSE;
    }
  return sqlite_commit (CUBE_STORE (self), error);
}

static gint64
sqlite_get_data_version (CubeStore *store)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = prepare (self, "PRAGMA data_version", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- users ------------------------------------------------------------ */

#define USER_COLUMNS "id, login, name, permissions, archived"

/* Reads a CubeUser (a gpointer, to fit ReadRow). */
static gpointer
read_user (Statement *stmt)
{
  return g_object_new (CUBE_TYPE_USER,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "login", column_text (stmt, 1),
                       "name", column_text (stmt, 2),
                       "permissions", sqlite3_column_int (stmt, 3),
                       "archived", sqlite3_column_int (stmt, 4) != 0,
                       NULL);
}

static CubeUser *
sqlite_find_user (CubeStore   *store,
                  const char  *login,
                  GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", error)))
    return NULL;
  bind_text (stmt, 1, login);
  if (!step_found (self, stmt, error, "login", _("No user has the login %s"), login))
    return NULL;
  return read_user (stmt);
}

static CubeUser *
insert_user (CubeSqliteStore  *self,
             const char       *login,
             const char       *name,
             CubePermissions   permissions,
             GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self,
                        "INSERT INTO users (login, name, permissions, created_at)"
                        " VALUES (?, ?, ?, ?)", error)))
    return NULL;
  bind_text (stmt, 1, login);
  bind_text (stmt, 2, name ? name : "");
  sqlite3_bind_int (stmt, 3, permissions);
  sqlite3_bind_int64 (stmt, 4, now (self));
  if (!step_done (self, stmt, error))
    return NULL;
  return sqlite_find_user (CUBE_STORE (self), login, error);
}

static CubeUser *
sqlite_ensure_user (CubeStore   *store,
                    const char  *login,
                    GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(Statement) stmt = NULL;
  CubePermissions permissions = CUBE_PERMISSION_CUSTOMER_HANDLING;

  if ((user = sqlite_find_user (store, login, NULL)))
    return g_steal_pointer (&user);

  if (!sqlite_begin (store, error))
    return NULL;
  /* Looked for again inside the write lock: another process may have just
   * created the same login. */
  if (!(user = sqlite_find_user (store, login, NULL)))
    {
      if ((stmt = prepare (self, "SELECT count(*) FROM users", error)) && step_row (self, stmt, error))
        {
          if (sqlite3_column_int64 (stmt, 0) == 0)
            permissions = CUBE_PERMISSION_ALL;  /* the first user sets everything up */
          statement_reset (stmt);
          user = insert_user (self, login, NULL, permissions, error);
        }
    }
  if (!finish (self, user != NULL, error))
    g_clear_object (&user);
  return g_steal_pointer (&user);
}

static CubeUser *
sqlite_add_user (CubeStore        *store,
                 const char       *login,
                 const char       *name,
                 CubePermissions   permissions,
                 GError          **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeUser) existing = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if ((existing = sqlite_find_user (store, login, NULL)))
    cube_set_error (error, CUBE_ERROR_CONFLICT, "login", _("The user %s already exists"), login);
  else
    user = insert_user (self, login, name, permissions, error);
  if (!finish (self, user != NULL, error))
    g_clear_object (&user);
  return g_steal_pointer (&user);
}

static GPtrArray *
sqlite_list_users (CubeStore  *store,
                   GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " USER_COLUMNS " FROM users ORDER BY login", error)))
    return NULL;
  return read_rows (self, stmt, read_user, error);
}

static gboolean
sqlite_set_user_permissions (CubeStore        *store,
                             gint64            user_id,
                             CubePermissions   permissions,
                             GError          **error)
{
  return update_int_column (CUBE_SQLITE_STORE (store), "UPDATE users SET permissions = ? WHERE id = ?",
                            permissions, user_id, "login", _("The user does not exist"), error);
}

static CubeUser *
sqlite_get_user (CubeStore  *store,
                 gint64      user_id,
                 GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (!step_found (self, stmt, error, "login", _("The user does not exist")))
    return NULL;
  return read_user (stmt);
}

/* Runs @sql (an UPDATE of one user, ?1 its id) and returns the user. */
static CubeUser *
update_user_row (CubeSqliteStore  *self,
                 Statement        *stmt,
                 gint64            user_id,
                 GError          **error)
{
  CubeUser *user = NULL;
  gboolean ok;

  ok = step_changed (self, stmt, "login", _("The user does not exist"), error);
  if (ok)
    ok = (user = sqlite_get_user (CUBE_STORE (self), user_id, error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&user);
  return user;
}

static CubeUser *
sqlite_update_user (CubeStore        *store,
                    gint64            user_id,
                    const char       *name,
                    CubePermissions   permissions,
                    GError          **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if (!(stmt = prepare (self, "UPDATE users SET name = ?2, permissions = ?3 WHERE id = ?1", error)))
    {
      sqlite_rollback (store);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, user_id);
  bind_text (stmt, 2, name ? name : "");
  sqlite3_bind_int (stmt, 3, permissions);
  return update_user_row (self, stmt, user_id, error);
}

static CubeUser *
sqlite_set_user_archived (CubeStore  *store,
                          gint64      user_id,
                          gboolean    archived,
                          GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if (!(stmt = prepare (self, "UPDATE users SET archived = ?2 WHERE id = ?1", error)))
    {
      sqlite_rollback (store);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int (stmt, 2, archived);
  return update_user_row (self, stmt, user_id, error);
}

static gint64
sqlite_count_administrators (CubeStore  *store,
                             gint64      except_id,
                             GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT count(*) FROM users WHERE archived = 0 AND (permissions & ?1) != 0"
                        " AND id != ?2", error)))
    return -1;
  sqlite3_bind_int (stmt, 1, CUBE_PERMISSION_ADMINISTRATOR);
  sqlite3_bind_int64 (stmt, 2, except_id);
  if (step_row (self, stmt, &local_error))
    return sqlite3_column_int64 (stmt, 0);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return -1;
}

/* ---- data owners and datasets ------------------------------------------ */

/* Reads a CubeDataOwner (a gpointer, to fit ReadRow). */
static gpointer
read_data_owner (Statement *stmt)
{
  return g_object_new (CUBE_TYPE_DATA_OWNER,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "name", column_text (stmt, 1),
                       "controller", column_text (stmt, 2),
                       "purpose", column_text (stmt, 3),
                       NULL);
}

static GPtrArray *
sqlite_list_data_owners (CubeStore  *store,
                         GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT id, name, controller, purpose FROM data_owners ORDER BY name", error)))
    return NULL;
  return read_rows (self, stmt, read_data_owner, error);
}

static CubeDataOwner *
sqlite_add_data_owner (CubeStore   *store,
                       const char  *name,
                       const char  *controller,
                       const char  *purpose,
                       GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  CubeDataOwner *owner = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (stmt = prepare (self, "SELECT count(*) FROM data_owners WHERE name = ?", error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, name);
      ok = step_no_conflict (self, stmt, error, "name",
                             _("A data owner named “%s” already exists"), name);
    }
  if (ok)
    ok = (stmt = prepare (self, "INSERT INTO data_owners (name, controller, purpose) VALUES (?, ?, ?)"
                          " RETURNING id, name, controller, purpose", error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, name);
      bind_text (stmt, 2, controller ? controller : "");
      bind_text (stmt, 3, purpose ? purpose : "");
      ok = step_row (self, stmt, error);
      if (ok)
        owner = read_data_owner (stmt);
      statement_reset (stmt);
    }
  if (!finish (self, ok, error))
    g_clear_object (&owner);
  return owner;
}

static CubeDataOwner *
sqlite_get_data_owner (CubeStore  *store,
                       gint64      id,
                       GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT id, name, controller, purpose FROM data_owners WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_found (self, stmt, error, "owner", _("The data owner does not exist")))
    return NULL;
  return read_data_owner (stmt);
}

static CubeDataOwner *
sqlite_update_data_owner (CubeStore   *store,
                          gint64       id,
                          const char  *name,
                          const char  *controller,
                          const char  *purpose,
                          GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  CubeDataOwner *owner = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (stmt = prepare (self, "SELECT count(*) FROM data_owners WHERE name = ? AND id != ?", error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, name);
      sqlite3_bind_int64 (stmt, 2, id);
      ok = step_no_conflict (self, stmt, error, "name",
                               _("A data owner named “%s” already exists"), name);
    }
  if (ok)
    ok = (stmt = prepare (self, "UPDATE data_owners SET name = ?, controller = ?, purpose = ? WHERE id = ?",
                          error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, name);
      bind_text (stmt, 2, controller ? controller : "");
      bind_text (stmt, 3, purpose ? purpose : "");
      sqlite3_bind_int64 (stmt, 4, id);
      ok = step_done (self, stmt, error);
    }
  if (ok)
    ok = (owner = sqlite_get_data_owner (store, id, error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&owner);
  return owner;
}

#define DATASET_SELECT \
  "SELECT d.id, d.owner_id, o.name, d.kind FROM datasets d JOIN data_owners o ON o.id = d.owner_id "

/* Reads a CubeDataset (a gpointer, to fit ReadRow). */
static gpointer
read_dataset (Statement *stmt)
{
  CubeDatasetKind kind = CUBE_DATASET_B2C;

  cube_dataset_kind_from_string (column_text (stmt, 3), &kind);
  return g_object_new (CUBE_TYPE_DATASET,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "owner-id", sqlite3_column_int64 (stmt, 1),
                       "owner-name", column_text (stmt, 2),
                       "kind", kind,
                       NULL);
}

/* Runs @stmt (bound) and returns the dataset of its first row, or a
 * not-found error. */
static CubeDataset *
dataset_from (CubeSqliteStore  *self,
              Statement        *stmt,
              const char       *what,
              GError          **error)
{
  if (!step_found (self, stmt, error, "dataset", _("No dataset %s"), what))
    return NULL;
  return read_dataset (stmt);
}

static CubeDataset *
sqlite_get_dataset (CubeStore  *store,
                    gint64      id,
                    GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (!(stmt = prepare (self, DATASET_SELECT "WHERE d.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return dataset_from (self, stmt, what, error);
}

static CubeDataset *
sqlite_find_dataset (CubeStore        *store,
                     const char       *owner_name,
                     CubeDatasetKind   kind,
                     GError          **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("%s/%s", owner_name, cube_dataset_kind_to_string (kind));

  if (!(stmt = prepare (self, DATASET_SELECT "WHERE o.name = ? AND d.kind = ?", error)))
    return NULL;
  bind_text (stmt, 1, owner_name);
  bind_text (stmt, 2, cube_dataset_kind_to_string (kind));
  return dataset_from (self, stmt, what, error);
}

static GPtrArray *
sqlite_list_datasets (CubeStore  *store,
                      GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, DATASET_SELECT "ORDER BY o.name, d.kind", error)))
    return NULL;
  return read_rows (self, stmt, read_dataset, error);
}

static CubeDataset *
sqlite_add_dataset (CubeStore        *store,
                    gint64            owner_id,
                    CubeDatasetKind   kind,
                    GError          **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  CubeDataset *dataset = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (stmt = prepare (self, "SELECT (SELECT count(*) FROM data_owners WHERE id = ?1),"
                        " (SELECT count(*) FROM datasets WHERE owner_id = ?1 AND kind = ?2)", error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 2, cube_dataset_kind_to_string (kind));
      sqlite3_bind_int64 (stmt, 1, owner_id);
      ok = step_row (self, stmt, error);
      if (ok && sqlite3_column_int (stmt, 0) == 0)
        {
          cube_set_error (error, CUBE_ERROR_NOT_FOUND, "owner", _("The data owner does not exist"));
          ok = FALSE;
        }
      else if (ok && sqlite3_column_int (stmt, 1) != 0)
        {
          /* A data owner has at most one B2B and one B2C register. */
          cube_set_error (error, CUBE_ERROR_CONFLICT, "kind",
                          _("The data owner already has a %s dataset"),
                          kind == CUBE_DATASET_B2B ? "B2B" : "B2C");
          ok = FALSE;
        }
      statement_reset (stmt);
    }
  if (ok)
    ok = (stmt = prepare (self, "INSERT INTO datasets (owner_id, kind) VALUES (?, ?)", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, owner_id);
      bind_text (stmt, 2, cube_dataset_kind_to_string (kind));
      ok = step_done (self, stmt, error);
    }
  if (ok)
    ok = (dataset = sqlite_get_dataset (store, sqlite3_last_insert_rowid (self->db), error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&dataset);
  return dataset;
}

/* ---- fields ----------------------------------------------------------- */

#define FIELD_COLUMNS \
  "id, dataset_id, key, label, type, required, unique_if_filled, help, position, archived, options"

/* Reads a CubeFieldDef (a gpointer, to fit ReadRow). */
static gpointer
read_field (Statement *stmt)
{
  CubeFieldType type = CUBE_FIELD_TEXT;
  const char *options = column_text (stmt, 10);
  g_auto(GStrv) option_list = NULL;

  cube_field_type_from_string (column_text (stmt, 4), &type);
  option_list = options && options[0] ? g_strsplit (options, "\n", -1) : g_new0 (char *, 1);
  return g_object_new (CUBE_TYPE_FIELD_DEF,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "dataset-id", sqlite3_column_int64 (stmt, 1),
                       "key", column_text (stmt, 2),
                       "label", column_text (stmt, 3),
                       "field-type", type,
                       "required", sqlite3_column_int (stmt, 5) != 0,
                       "unique", sqlite3_column_int (stmt, 6) != 0,
                       "help", column_text (stmt, 7),
                       "position", sqlite3_column_int (stmt, 8),
                       "archived", sqlite3_column_int (stmt, 9) != 0,
                       "options", option_list,
                       NULL);
}

static GPtrArray *
sqlite_list_fields (CubeStore  *store,
                    gint64      dataset_id,
                    gboolean    include_archived,
                    GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " FIELD_COLUMNS " FROM field_defs"
                        " WHERE dataset_id = ? AND (archived = 0 OR ?)"
                        " ORDER BY position, id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int (stmt, 2, include_archived);
  return read_rows (self, stmt, read_field, error);
}

static CubeFieldDef *
sqlite_add_field (CubeStore           *store,
                  gint64               dataset_id,
                  const char          *key,
                  const char          *label,
                  CubeFieldType        type,
                  gboolean             required,
                  gboolean             unique,
                  const char * const  *options,
                  const char          *help,
                  GError             **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *joined = g_strjoinv ("\n", (char **) options);
  CubeFieldDef *field = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (stmt = prepare (self, "SELECT count(*) FROM field_defs WHERE dataset_id = ? AND key = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      bind_text (stmt, 2, key);
      ok = step_no_conflict (self, stmt, error, "key",
                               _("The dataset already has a field with the key “%s”"), key);
    }
  if (ok)
    ok = (stmt = prepare (self,
                          "INSERT INTO field_defs (dataset_id, key, label, type, required,"
                          " unique_if_filled, help, position, options)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                          " (SELECT coalesce (max (position), 0) + 1 FROM field_defs WHERE dataset_id = ?1), ?8)"
                          " RETURNING " FIELD_COLUMNS, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      bind_text (stmt, 2, key);
      bind_text (stmt, 3, label);
      bind_text (stmt, 4, cube_field_type_to_string (type));
      sqlite3_bind_int (stmt, 5, required);
      sqlite3_bind_int (stmt, 6, unique);
      bind_text (stmt, 7, help ? help : "");
      bind_text (stmt, 8, joined);
      ok = step_row (self, stmt, error);
      if (ok)
        field = read_field (stmt);
      statement_reset (stmt);
    }
  if (!finish (self, ok, error))
    g_clear_object (&field);
  return field;
}

static CubeFieldDef *
sqlite_get_field (CubeStore  *store,
                  gint64      field_id,
                  GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " FIELD_COLUMNS " FROM field_defs WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, field_id);
  if (!step_found (self, stmt, error, "key", _("The field does not exist")))
    return NULL;
  return read_field (stmt);
}

static gboolean
sqlite_save_field (CubeStore     *store,
                   CubeFieldDef  *field,
                   GError       **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *joined = g_strjoinv ("\n", (char **) cube_field_def_get_options (field));
  gboolean ok;

  gint64 was_unique = -1;

  if (!sqlite_begin (store, error))
    return FALSE;
  was_unique = count_for_id (self, "SELECT unique_if_filled FROM field_defs WHERE id = ?",
                             cube_field_def_get_id (field), NULL);
  ok = (stmt = prepare (self, "UPDATE field_defs SET key = ?, label = ?, type = ?, required = ?,"
                        " unique_if_filled = ?, help = ?, archived = ?, options = ? WHERE id = ?",
                        error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, cube_field_def_get_key (field));
      bind_text (stmt, 2, cube_field_def_get_label (field));
      bind_text (stmt, 3, cube_field_type_to_string (cube_field_def_get_field_type (field)));
      sqlite3_bind_int (stmt, 4, cube_field_def_get_required (field));
      sqlite3_bind_int (stmt, 5, cube_field_def_get_unique (field));
      bind_text (stmt, 6, cube_field_def_get_help (field) ? cube_field_def_get_help (field) : "");
      sqlite3_bind_int (stmt, 7, cube_field_def_get_archived (field));
      bind_text (stmt, 8, joined);
      sqlite3_bind_int64 (stmt, 9, cube_field_def_get_id (field));
      ok = step_changed (self, stmt, "key", _("The field does not exist"), error);
    }
  if (ok && was_unique != (cube_field_def_get_unique (field) ? 1 : 0))
    ok = sync_unique_values (self, cube_field_def_get_id (field), error);
  return finish (self, ok, error);
}

/* Puts row @id at @position (1 for first) of its list and numbers the list
 * 1, 2, … again. @select_sql lists the other rows in order (?1 the list's
 * parent @parent_id, ?2 @id); @update_sql sets one position (?1 the
 * position, ?2 the id). Both are constants of this file. */
static gboolean
move_to_position (CubeSqliteStore  *self,
                  const char       *select_sql,
                  const char       *update_sql,
                  gint64            parent_id,
                  gint64            id,
                  int               position,
                  GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok;

  {
    g_autoptr(Statement) stmt = NULL;
    g_autoptr(GError) local_error = NULL;

    ok = (stmt = prepare (self, select_sql, error)) != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, parent_id);
        sqlite3_bind_int64 (stmt, 2, id);
        while (step_row (self, stmt, &local_error))
          {
            gint64 other = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, other);
          }
        if (local_error)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            ok = FALSE;
          }
      }
  }
  if (ok)
    {
      g_autoptr(Statement) stmt = NULL;
      guint index = MIN ((guint) position - 1, ids->len);

      g_array_insert_val (ids, index, id);
      ok = (stmt = prepare (self, update_sql, error)) != NULL;
      for (guint i = 0; ok && i < ids->len; i++)
        {
          sqlite3_bind_int (stmt, 1, i + 1);
          sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
          ok = step_done (self, stmt, error);
          sqlite3_reset (stmt);
        }
    }
  return ok;
}

static gboolean
sqlite_move_field (CubeStore  *store,
                   gint64      field_id,
                   int         position,
                   GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeFieldDef) field = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return FALSE;
  ok = (field = sqlite_get_field (store, field_id, error)) != NULL
       && move_to_position (self, "SELECT id FROM field_defs WHERE dataset_id = ? AND id != ?"
                            " ORDER BY position, id", "UPDATE field_defs SET position = ? WHERE id = ?",
                            cube_field_def_get_dataset_id (field), field_id, position, error);
  return finish (self, ok, error);
}

/* The one integer a query with one bound id returns, or -1 with @error. */
/* The JSON path of field ?1 in customers.field_values. */
#define FIELD_PATH "'$.\"' || ?1 || '\"'"

/* Rebuilds the side table of unique-if-filled values for field @field_id
 * (emptied when the field is not unique). */
static gboolean
sync_unique_values (CubeSqliteStore  *self,
                    gint64            field_id,
                    GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "DELETE FROM customer_unique_values WHERE field_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, field_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  statement_reset (g_steal_pointer (&stmt));
  if (!(stmt = prepare (self, "INSERT OR IGNORE INTO customer_unique_values (field_id, value, customer_id)"
                        " SELECT ?1, json_extract (field_values, " FIELD_PATH "), id FROM customers"
                        " WHERE dataset_id = (SELECT dataset_id FROM field_defs WHERE id = ?1 AND unique_if_filled)"
                        " AND json_extract (field_values, " FIELD_PATH ") IS NOT NULL", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, field_id);
  return step_done (self, stmt, error);
}

static gint64
count_for_id (CubeSqliteStore  *self,
              const char       *sql,
              gint64            id,
              GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, sql, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  if (step_row (self, stmt, &local_error))
    return sqlite3_column_int64 (stmt, 0);
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    cube_set_error (error, CUBE_ERROR_DATABASE, NULL, _("Database error: %s"), "no row");
  return -1;
}

static gint64
sqlite_count_field_values (CubeStore  *store,
                           gint64      field_id,
                           GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store),
                       "SELECT count(*) FROM customers WHERE dataset_id = (SELECT dataset_id FROM field_defs WHERE id = ?1)"
                       " AND json_extract (field_values, " FIELD_PATH ") IS NOT NULL", field_id, error);
}

static gint64
sqlite_count_duplicate_values (CubeStore  *store,
                               gint64      field_id,
                               GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store),
                       "SELECT coalesce (sum (n), 0) FROM (SELECT count(*) AS n FROM customers"
                       " WHERE dataset_id = (SELECT dataset_id FROM field_defs WHERE id = ?1)"
                       " AND json_extract (field_values, " FIELD_PATH ") IS NOT NULL"
                       " GROUP BY json_extract (field_values, " FIELD_PATH ") HAVING count(*) > 1)", field_id, error);
}

typedef struct {
  gint64  customer_id;
  char   *value;
} ValueChange;

static void
value_change_clear (gpointer data)
{
  g_free (((ValueChange *) data)->value);
}

static gboolean
sqlite_convert_field_values (CubeStore             *store,
                             gint64                 field_id,
                             CubeValueConvertFunc   convert,
                             gpointer               user_data,
                             gint64                *n_failed,
                             GError               **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (ValueChange));
  gboolean ok;

  g_array_set_clear_func (changes, value_change_clear);
  *n_failed = 0;
  if (!sqlite_begin (store, error))
    return FALSE;
  {
    g_autoptr(Statement) stmt = NULL;
    g_autoptr(GError) local_error = NULL;

    /* Read everything first: rewriting values while the index on them is
     * being walked could visit a row twice. */
    ok = (stmt = prepare (self, "SELECT id, json_extract (field_values, " FIELD_PATH ") FROM customers"
                          " WHERE dataset_id = (SELECT dataset_id FROM field_defs WHERE id = ?1)"
                          " AND json_extract (field_values, " FIELD_PATH ") IS NOT NULL", error)) != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, field_id);
        while (step_row (self, stmt, &local_error))
          {
            const char *value = column_text (stmt, 1);
            char *converted = convert (value, user_data, NULL);

            if (converted == NULL || converted[0] == '\0')
              {
                (*n_failed)++;
                g_free (converted);
              }
            else if (*n_failed > 0 || g_strcmp0 (converted, value) == 0)
              g_free (converted);
            else
              {
                ValueChange change = { sqlite3_column_int64 (stmt, 0), converted };
                g_array_append_val (changes, change);
              }
          }
        if (local_error)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            ok = FALSE;
          }
      }
  }
  if (ok && *n_failed == 0 && changes->len > 0)
    {
      g_autoptr(Statement) stmt = NULL;

      ok = (stmt = prepare (self, "UPDATE customers SET field_values = json_set (field_values, "
                            FIELD_PATH ", ?2) WHERE id = ?3", error)) != NULL;
      for (guint i = 0; ok && i < changes->len; i++)
        {
          ValueChange *change = &g_array_index (changes, ValueChange, i);

          sqlite3_bind_int64 (stmt, 1, field_id);
          bind_text (stmt, 2, change->value);
          sqlite3_bind_int64 (stmt, 3, change->customer_id);
          ok = step_done (self, stmt, error);
          sqlite3_reset (stmt);
        }
      if (ok)
        ok = sync_unique_values (self, field_id, error);
    }
  return finish (self, ok, error);
}

/* ---- assignments and outcomes ----------------------------------------- */

#define ASSIGNMENT_SELECT \
  "SELECT a.id, a.dataset_id, a.name, a.archived, a.visibility, a.active_from, a.active_until," \
  " a.attempt_limit, a.cooldown_minutes," \
  " (SELECT group_concat (u.login, char (10)) FROM assignment_users au JOIN users u ON u.id = au.user_id" \
  "  WHERE au.assignment_id = a.id)" \
  " FROM assignments a "

static int
compare_logins (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Reads a CubeAssignment (a gpointer, to fit ReadRow). */
static gpointer
read_assignment (Statement *stmt)
{
  CubeVisibility visibility = CUBE_VISIBILITY_ALL;
  const char *users = column_text (stmt, 9);
  g_auto(GStrv) logins = users && users[0] ? g_strsplit (users, "\n", -1) : g_new0 (char *, 1);

  cube_visibility_from_string (column_text (stmt, 4), &visibility);
  qsort (logins, g_strv_length (logins), sizeof (char *), compare_logins);
  return g_object_new (CUBE_TYPE_ASSIGNMENT,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "dataset-id", sqlite3_column_int64 (stmt, 1),
                       "name", column_text (stmt, 2),
                       "archived", sqlite3_column_int (stmt, 3) != 0,
                       "visibility", visibility,
                       "active-from", column_text (stmt, 5),
                       "active-until", column_text (stmt, 6),
                       "attempt-limit", (guint) sqlite3_column_int (stmt, 7),
                       "cooldown-minutes", (guint) sqlite3_column_int (stmt, 8),
                       "users", logins,
                       NULL);
}

static CubeAssignment *
assignment_from (CubeSqliteStore  *self,
                 Statement        *stmt,
                 const char       *what,
                 GError          **error)
{
  if (!step_found (self, stmt, error, "assignment", _("No assignment “%s”"), what))
    return NULL;
  return read_assignment (stmt);
}

static CubeAssignment *
sqlite_get_assignment (CubeStore  *store,
                       gint64      id,
                       GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (!(stmt = prepare (self, ASSIGNMENT_SELECT "WHERE a.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return assignment_from (self, stmt, what, error);
}

static CubeAssignment *
sqlite_find_assignment (CubeStore   *store,
                        const char  *name,
                        GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, ASSIGNMENT_SELECT "WHERE a.name = ?", error)))
    return NULL;
  bind_text (stmt, 1, name);
  return assignment_from (self, stmt, name, error);
}

static GPtrArray *
sqlite_list_assignments (CubeStore  *store,
                         gboolean    include_archived,
                         GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, ASSIGNMENT_SELECT "WHERE a.archived = 0 OR ? ORDER BY a.name", error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_archived);
  return read_rows (self, stmt, read_assignment, error);
}

static CubeAssignment *
sqlite_add_assignment (CubeStore   *store,
                       gint64       dataset_id,
                       const char  *name,
                       GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(CubeAssignment) existing = NULL;
  CubeAssignment *assignment = NULL;
  gboolean ok = TRUE;

  if (!sqlite_begin (store, error))
    return NULL;
  if ((existing = sqlite_find_assignment (store, name, NULL)))
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "name",
                      _("An assignment named “%s” already exists"), name);
      ok = FALSE;
    }
  if (ok)
    ok = (stmt = prepare (self, "INSERT INTO assignments (dataset_id, name, created_at)"
                          " VALUES (?, ?, ?)", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      bind_text (stmt, 2, name);
      sqlite3_bind_int64 (stmt, 3, now (self));
      ok = step_done (self, stmt, error);
    }
  if (ok)
    ok = (assignment = sqlite_get_assignment (store, sqlite3_last_insert_rowid (self->db), error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&assignment);
  return assignment;
}

static gboolean
sqlite_set_assignment_archived (CubeStore  *store,
                                gint64      id,
                                gboolean    archived,
                                GError    **error)
{
  return update_int_column (CUBE_SQLITE_STORE (store), "UPDATE assignments SET archived = ? WHERE id = ?",
                            archived, id, "assignment", _("The assignment does not exist"), error);
}

#define OUTCOME_COLUMNS "id, assignment_id, label, kind, closes, needs_time, position, archived"

/* Reads a CubeOutcome (a gpointer, to fit ReadRow). */
static gpointer
read_outcome (Statement *stmt)
{
  CubeOutcomeKind kind = CUBE_OUTCOME_ATTEMPT;

  cube_outcome_kind_from_string (column_text (stmt, 3), &kind);
  return g_object_new (CUBE_TYPE_OUTCOME,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "assignment-id", sqlite3_column_int64 (stmt, 1),
                       "label", column_text (stmt, 2),
                       "kind", kind,
                       "closes", sqlite3_column_int (stmt, 4) != 0,
                       "needs-time", sqlite3_column_int (stmt, 5) != 0,
                       "position", sqlite3_column_int (stmt, 6),
                       "archived", sqlite3_column_int (stmt, 7) != 0,
                       NULL);
}

static GPtrArray *
sqlite_list_outcomes (CubeStore  *store,
                      gint64      assignment_id,
                      GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;

  if (!(assignment = sqlite_get_assignment (store, assignment_id, error)))
    return NULL;
  if (!(stmt = prepare (self, "SELECT " OUTCOME_COLUMNS " FROM outcomes"
                        " WHERE assignment_id = ? ORDER BY position, id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, assignment_id);
  return read_rows (self, stmt, read_outcome, error);
}

static CubeOutcome *
sqlite_add_outcome (CubeStore        *store,
                    gint64            assignment_id,
                    const char       *label,
                    CubeOutcomeKind   kind,
                    gboolean          closes,
                    gboolean          needs_time,
                    GError          **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  CubeOutcome *outcome = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (stmt = prepare (self, "SELECT count(*) FROM outcomes WHERE assignment_id = ? AND label = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, assignment_id);
      bind_text (stmt, 2, label);
      ok = step_no_conflict (self, stmt, error, "label",
                               _("The assignment already has an outcome “%s”"), label);
    }
  if (ok)
    ok = (stmt = prepare (self,
                          "INSERT INTO outcomes (assignment_id, label, kind, closes, needs_time, position)"
                          " VALUES (?1, ?2, ?3, ?4, ?5,"
                          " (SELECT coalesce (max (position), 0) + 1 FROM outcomes WHERE assignment_id = ?1))"
                          " RETURNING " OUTCOME_COLUMNS, error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, assignment_id);
      bind_text (stmt, 2, label);
      bind_text (stmt, 3, cube_outcome_kind_to_string (kind));
      sqlite3_bind_int (stmt, 4, closes);
      sqlite3_bind_int (stmt, 5, needs_time);
      ok = step_row (self, stmt, error);
      if (ok)
        outcome = read_outcome (stmt);
      statement_reset (stmt);
    }
  if (!finish (self, ok, error))
    g_clear_object (&outcome);
  return outcome;
}

static CubeAssignment *
sqlite_update_assignment (CubeStore       *store,
                          gint64           id,
                          const char      *name,
                          gint64           dataset_id,
                          CubeVisibility   visibility,
                          GArray          *user_ids,
                          const char      *active_from,
                          const char      *active_until,
                          guint            attempt_limit,
                          guint            cooldown_minutes,
                          GError         **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  CubeAssignment *assignment = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  {
    g_autoptr(Statement) stmt = NULL;

    ok = (stmt = prepare (self, "UPDATE assignments SET name = ?2, dataset_id = ?3, visibility = ?4,"
                          " active_from = ?5, active_until = ?6, attempt_limit = ?7, cooldown_minutes = ?8"
                          " WHERE id = ?1", error)) != NULL;
    if (ok)
      {
        sqlite3_bind_int64 (stmt, 1, id);
        bind_text (stmt, 2, name);
        sqlite3_bind_int64 (stmt, 3, dataset_id);
        bind_text (stmt, 4, cube_visibility_to_string (visibility));
        bind_text (stmt, 5, active_from);
        bind_text (stmt, 6, active_until);
        sqlite3_bind_int (stmt, 7, attempt_limit);
        sqlite3_bind_int (stmt, 8, cooldown_minutes);
        ok = step_changed (self, stmt, "assignment", _("The assignment does not exist"), error);
      }
  }
  if (ok)
    ok = exec_for_customer (self, "DELETE FROM assignment_users WHERE assignment_id = ?", id, error);
  if (ok && user_ids != NULL && user_ids->len > 0)
    {
      g_autoptr(Statement) stmt = NULL;

      ok = (stmt = prepare (self, "INSERT OR IGNORE INTO assignment_users (assignment_id, user_id)"
                            " VALUES (?, ?)", error)) != NULL;
      for (guint i = 0; ok && i < user_ids->len; i++)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (user_ids, gint64, i));
          ok = step_done (self, stmt, error);
          sqlite3_reset (stmt);
        }
    }
  if (ok)
    ok = (assignment = sqlite_get_assignment (store, id, error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&assignment);
  return assignment;
}

static gint64
sqlite_count_assignment_customers (CubeStore  *store,
                                   gint64      assignment_id,
                                   GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store),
                       "SELECT count(*) FROM customers WHERE assignment_id = ?", assignment_id, error);
}

static CubeOutcome *
sqlite_get_outcome (CubeStore  *store,
                    gint64      outcome_id,
                    GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "SELECT " OUTCOME_COLUMNS " FROM outcomes WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, outcome_id);
  if (!step_found (self, stmt, error, "outcome", _("The outcome does not exist")))
    return NULL;
  return read_outcome (stmt);
}

static gboolean
sqlite_save_outcome (CubeStore    *store,
                     CubeOutcome  *outcome,
                     GError      **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return FALSE;
  ok = (stmt = prepare (self, "SELECT count(*) FROM outcomes WHERE assignment_id = ? AND label = ? AND id != ?",
                        error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, cube_outcome_get_assignment_id (outcome));
      bind_text (stmt, 2, cube_outcome_get_label (outcome));
      sqlite3_bind_int64 (stmt, 3, cube_outcome_get_id (outcome));
      ok = step_no_conflict (self, stmt, error, "label",
                               _("The assignment already has an outcome “%s”"),
                               cube_outcome_get_label (outcome));
    }
  if (ok)
    ok = (stmt = prepare (self, "UPDATE outcomes SET label = ?, kind = ?, closes = ?, needs_time = ?,"
                          " archived = ? WHERE id = ?", error)) != NULL;
  if (ok)
    {
      bind_text (stmt, 1, cube_outcome_get_label (outcome));
      bind_text (stmt, 2, cube_outcome_kind_to_string (cube_outcome_get_kind (outcome)));
      sqlite3_bind_int (stmt, 3, cube_outcome_get_closes (outcome));
      sqlite3_bind_int (stmt, 4, cube_outcome_get_needs_time (outcome));
      sqlite3_bind_int (stmt, 5, cube_outcome_get_archived (outcome));
      sqlite3_bind_int64 (stmt, 6, cube_outcome_get_id (outcome));
      ok = step_done (self, stmt, error);
    }
  return finish (self, ok, error);
}

static gboolean
sqlite_move_outcome (CubeStore  *store,
                     gint64      outcome_id,
                     int         position,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeOutcome) outcome = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return FALSE;
  ok = (outcome = sqlite_get_outcome (store, outcome_id, error)) != NULL
       && move_to_position (self, "SELECT id FROM outcomes WHERE assignment_id = ? AND id != ?"
                            " ORDER BY position, id", "UPDATE outcomes SET position = ? WHERE id = ?",
                            cube_outcome_get_assignment_id (outcome), outcome_id, position, error);
  return finish (self, ok, error);
}

static gint64
sqlite_count_outcome_uses (CubeStore  *store,
                           gint64      outcome_id,
                           GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store),
                       "SELECT (SELECT count(*) FROM events WHERE outcome_id = ?1)"
                       " + (SELECT count(*) FROM customers WHERE last_outcome_id = ?1)", outcome_id, error);
}

static gboolean
sqlite_delete_outcome (CubeStore  *store,
                       gint64      outcome_id,
                       GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);

  if (!sqlite_begin (store, error))
    return FALSE;
  return finish (self, exec_for_customer (self, "DELETE FROM outcomes WHERE id = ?", outcome_id, error),
                 error);
}

/* ---- customers -------------------------------------------------------- */

#define CUSTOMER_SELECT \
  "SELECT c.id, c.dataset_id, c.assignment_id, a.name, c.customer_key, c.name, c.email," \
  " c.phone1, c.phone2, c.phone3, c.closed, lu.login, c.lock_expires, c.attempts, o.label," \
  " c.follow_up_at, c.updated_at, uu.login, c.field_values" \
  " FROM customers c JOIN assignments a ON a.id = c.assignment_id" \
  " LEFT JOIN users lu ON lu.id = c.locked_by" \
  " LEFT JOIN outcomes o ON o.id = c.last_outcome_id" \
  " LEFT JOIN users uu ON uu.id = c.updated_by "

static GHashTable *
read_values (CubeSqliteStore  *self,
             const char       *json,
             GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;

  if (json == NULL)
    return g_steal_pointer (&values);
  if (!(stmt = prepare (self, "SELECT f.key, j.value FROM json_each (?) j"
                        " JOIN field_defs f ON f.id = CAST (j.key AS INTEGER)", error)))
    return NULL;
  bind_text (stmt, 1, json);
  while (step_row (self, stmt, &local_error))
    g_hash_table_insert (values, g_strdup (column_text (stmt, 0)), g_strdup (column_text (stmt, 1)));
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&values);
}

/* Builds the customer of the current row; an expired lease reads as free. */
static CubeCustomer *
read_customer (CubeSqliteStore  *self,
               Statement        *stmt,
               GError          **error)
{
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  g_autoptr(GHashTable) values = NULL;
  CubeCustomerStatus status = CUBE_STATUS_AVAILABLE;
  const char *locked_by = column_text (stmt, 11);
  gint64 lock_expires = sqlite3_column_int64 (stmt, 12);

  for (int i = 7; i <= 9; i++)
    if (column_text (stmt, i) != NULL)
      g_ptr_array_add (phones, (gpointer) column_text (stmt, i));
  g_ptr_array_add (phones, NULL);

  if (sqlite3_column_int (stmt, 10))
    status = CUBE_STATUS_CLOSED;
  if (locked_by != NULL && lock_expires > now (self) && status != CUBE_STATUS_CLOSED)
    status = CUBE_STATUS_LOCKED;
  else
    {
      locked_by = NULL;
      lock_expires = 0;
    }

  if (!(values = read_values (self, column_text (stmt, 18), error)))
    return NULL;

  return g_object_new (CUBE_TYPE_CUSTOMER,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "dataset-id", sqlite3_column_int64 (stmt, 1),
                       "assignment-id", sqlite3_column_int64 (stmt, 2),
                       "assignment-name", column_text (stmt, 3),
                       "customer-key", column_text (stmt, 4),
                       "name", column_text (stmt, 5),
                       "email", column_text (stmt, 6),
                       "phones", (char **) phones->pdata,
                       "fields", values,
                       "status", status,
                       "locked-by", locked_by,
                       "lock-expires", lock_expires,
                       "attempts", sqlite3_column_int (stmt, 13),
                       "last-outcome", column_text (stmt, 14),
                       "follow-up-at", sqlite3_column_int64 (stmt, 15),
                       "updated-at", sqlite3_column_int64 (stmt, 16),
                       "updated-by", column_text (stmt, 17),
                       NULL);
}

static CubeCustomer *
customer_from (CubeSqliteStore  *self,
               Statement        *stmt,
               const char       *what,
               GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (step_row (self, stmt, &local_error))
    return read_customer (self, stmt, error);
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    cube_set_error (error, CUBE_ERROR_NOT_FOUND, "customer_key", _("No customer %s"), what);
  return NULL;
}

static CubeCustomer *
sqlite_get_customer (CubeStore  *store,
                     gint64      id,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *what = g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  if (!(stmt = prepare (self, CUSTOMER_SELECT "WHERE c.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return customer_from (self, stmt, what, error);
}

static CubeCustomer *
sqlite_find_customer (CubeStore   *store,
                      gint64       dataset_id,
                      const char  *customer_key,
                      GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, CUSTOMER_SELECT "WHERE c.dataset_id = ? AND c.customer_key = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  bind_text (stmt, 2, customer_key);
  return customer_from (self, stmt, customer_key, error);
}

/* An import writes the "created" events of the customers it added in one
 * statement, when it ends or before any other event, instead of one
 * statement a customer (1.7 s → 0.7 s for a million). The customers since
 * created_from are all the import's: it holds the write transaction. */
static gboolean
flush_created_events (CubeSqliteStore  *self,
                      GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  if (self->created_from == 0)
    return TRUE;
  /* OR IGNORE, although no row of it can break a constraint: without a
   * constraint that aborts, the statement needs no statement journal, and
   * FTS5 does not write out the search index entries it holds in memory
   * (its xSavepoint) as a segment of its own. */
  if (!(stmt = prepare (self, "INSERT OR IGNORE INTO events (customer_id, at, user_id, kind, source, comment)"
                        " SELECT id, created_at, ?2, 'created', 'import', ?3 FROM customers"
                        " WHERE id >= ?1 ORDER BY id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->created_from);
  if (self->created_by > 0)
    sqlite3_bind_int64 (stmt, 2, self->created_by);
  bind_text (stmt, 3, self->created_detail);
  self->created_from = 0;
  return step_done (self, stmt, error);
}

static gboolean
add_event (CubeSqliteStore  *self,
           gint64            customer_id,
           gint64            user_id,
           const char       *kind,
           const char       *source,
           const char       *field,
           const char       *old_value,
           const char       *new_value,
           gint64            outcome_id,
           const char       *comment,
           gint64            follow_up_at,
           GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  /* A customer's events stay in the order they happened. */
  if (self->created_from != 0 && !flush_created_events (self, error))
    return FALSE;
  if (!(stmt = prepare (self,
                        "INSERT INTO events (customer_id, at, user_id, kind, source, field,"
                        " old_value, new_value, outcome_id, comment, follow_up_at, assignment_id)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                        " (SELECT assignment_id FROM outcomes WHERE id = ?9))", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, now (self));
  if (user_id > 0)
    sqlite3_bind_int64 (stmt, 3, user_id);
  bind_text (stmt, 4, kind);
  bind_text (stmt, 5, source);
  bind_text (stmt, 6, field);
  bind_text (stmt, 7, old_value);
  bind_text (stmt, 8, new_value);
  if (outcome_id > 0)
    sqlite3_bind_int64 (stmt, 9, outcome_id);
  bind_text (stmt, 10, comment && comment[0] ? comment : NULL);
  bind_time (stmt, 11, follow_up_at);
  return step_done (self, stmt, error);
}

static gboolean
conflict_with (CubeSqliteStore  *self,
               const char       *sql,
               gint64            param1,
               const char       *param2,
               const char       *field,
               const char       *message,
               GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, sql, error)))
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, param1);
  bind_text (stmt, 2, param2);
  if (step_row (self, stmt, &local_error))
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, field, "%s", message);
      cube_error_set_existing_customer_id (*error, sqlite3_column_int64 (stmt, 0));
      return TRUE;
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return TRUE;
    }
  return FALSE;
}

/* Appends @text to @out as a JSON string: the runs that need no escape at
 * once (this runs for every imported row). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const unsigned char *run = (const unsigned char *) text;

  g_string_append_c (out, '"');
  for (const unsigned char *p = run; *p; p++)
    {
      if (*p != '"' && *p != '\\' && *p >= 0x20)
        continue;
      g_string_append_len (out, (const char *) run, p - run);
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else
        g_string_append_printf (out, "\\u%04x", *p);
      run = p + 1;
    }
  g_string_append (out, (const char *) run);
  g_string_append_c (out, '"');
}

/* @value in decimal, in @buf. */
static const char *
int64_to_str (char   buf[24],
              gint64 value)
{
  char *p = buf + 23;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  *p = '\0';
  do
    *--p = '0' + v % 10;
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  return p;
}

/* The customers.field_values JSON of @values (key → stored value) for
 * @fields, or NULL when no field has a value. */
static char *
cube_sqlite_values_json (GPtrArray  *fields,
                         GHashTable *values)
{
  GString *out = NULL;

  if (g_hash_table_size (values) == 0)
    return NULL;
  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char *value = g_hash_table_lookup (values, cube_field_def_get_key (def));
      char id[24];

      if (value == NULL)
        continue;
      if (out == NULL)
        out = g_string_append_c (g_string_sized_new (256), '{');
      else
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append (out, int64_to_str (id, cube_field_def_get_id (def)));
      g_string_append (out, "\":");
      append_json_string (out, value);
    }
  if (out == NULL)
    return NULL;
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* customers.email_folded: the folded e-mail address where the view
 * customer_search_text cannot fold it with lower() (ASCII only), else NULL. */
static char *
cube_sqlite_email_folded (const char *email)
{
  if (email == NULL || cube_is_ascii (email))
    return NULL;
  return cube_fold (email);
}

static gboolean
insert_unique_values (CubeSqliteStore  *self,
                      gint64            customer_id,
                      GPtrArray        *fields,
                      GHashTable       *values,
                      GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char *value;

      if (!cube_field_def_get_unique (def)
          || (value = g_hash_table_lookup (values, cube_field_def_get_key (def))) == NULL)
        continue;
      if (stmt == NULL
          && !(stmt = prepare (self, "INSERT OR IGNORE INTO customer_unique_values (field_id, value, customer_id)"
                               " VALUES (?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, cube_field_def_get_id (def));
      bind_text (stmt, 2, value);
      sqlite3_bind_int64 (stmt, 3, customer_id);
      if (!step_done (self, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

enum { LEN_KEY, LEN_NAME, LEN_EMAIL, LEN_PHONE1, LEN_NAME_FOLDED = LEN_PHONE1 + 3, LEN_FIELD_VALUES, N_LENGTHS };

/* The columns insert_customer_rows derives from a draft. */
typedef struct {
  char     *name_folded;
  char     *field_values;   /* NULL when no field has a value */
  char     *email_folded;   /* NULL for an ASCII address */
  /* A unique-if-filled field has a value (the checks and
   * customer_unique_values); most imports have none to look at. */
  gboolean  unique_values;
  /* The byte lengths of what insert_customer_rows binds, found where the
   * strings were made (the reader thread of an import), not by SQLite in
   * the writer; -1 for a phone that is not there. */
  int       len[N_LENGTHS];
} Derived;

static void
derived_free (gpointer data)
{
  Derived *derived = data;

  g_free (derived->name_folded);
  g_free (derived->field_values);
  g_free (derived->email_folded);
  g_free (derived);
}

static Derived *
derive (GPtrArray               *fields,
        const CubeCustomerDraft *draft)
{
  Derived *derived = g_new (Derived, 1);

  derived->name_folded = cube_fold (draft->name);
  derived->field_values = cube_sqlite_values_json (fields, draft->fields);
  derived->email_folded = cube_sqlite_email_folded (draft->email);
  derived->len[LEN_KEY] = draft->customer_key ? (int) strlen (draft->customer_key) : 0;
  derived->len[LEN_NAME] = draft->name ? (int) strlen (draft->name) : 0;
  derived->len[LEN_EMAIL] = draft->email ? (int) strlen (draft->email) : 0;
  for (guint i = 0; i < 3; i++)
    derived->len[LEN_PHONE1 + i] = i < draft->phones->len && draft->phones->pdata[i] != NULL
                                   ? (int) strlen (draft->phones->pdata[i]) : -1;
  derived->len[LEN_NAME_FOLDED] = (int) strlen (derived->name_folded);
  derived->len[LEN_FIELD_VALUES] = derived->field_values ? (int) strlen (derived->field_values) : 0;
  derived->unique_values = FALSE;
  for (guint i = 0; i < fields->len && !derived->unique_values; i++)
    derived->unique_values = cube_field_def_get_unique (fields->pdata[i])
                             && g_hash_table_contains (draft->fields, cube_field_def_get_key (fields->pdata[i]));
  return derived;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Derived, derived_free)

/* The body of insert_customer, inside its transaction. @derived: derive
 * (@fields, @draft) done ahead, or NULL. */
static gint64
insert_customer_rows (CubeSqliteStore          *self,
                      gint64                    user_id,
                      gint64                    dataset_id,
                      GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      const Derived            *derived,
                      CubeSource                source,
                      const char               *source_detail,
                      gboolean                  lock,
                      gint64                    import_id,
                      gint64                    at,
                      GError                  **error)
{
  g_autoptr(Derived) own = NULL;
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *message = NULL;
  gint64 id;
  gint64 t = at;

  if (derived == NULL)
    derived = own = derive (fields, draft);

  /* An import finds a taken Kundeid by the insert itself (ON CONFLICT DO
   * NOTHING below) or has looked it up just before, in the same
   * transaction. */
  if (import_id <= 0)
    {
      message = g_strdup_printf (_("Customer ID %s already exists"), draft->customer_key);
      if (conflict_with (self, "SELECT id FROM customers WHERE dataset_id = ? AND customer_key = ?",
                         dataset_id, draft->customer_key, "customer_key", message, error))
        return 0;
    }

  for (guint i = 0; derived->unique_values && i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char *value;

      if (!cube_field_def_get_unique (def)
          || (value = g_hash_table_lookup (draft->fields, cube_field_def_get_key (def))) == NULL)
        continue;
      g_free (message);
      message = g_strdup_printf (_("Another customer already has %s %s"),
                                 cube_field_def_get_label (def), value);
      if (conflict_with (self, "SELECT customer_id FROM customer_unique_values WHERE field_id = ? AND value = ? LIMIT 1",
                         cube_field_def_get_id (def), value, cube_field_def_get_key (def), message, error))
        return 0;
    }

  if (!(stmt = prepare (self,
                        "INSERT INTO customers (dataset_id, assignment_id, customer_key, name, email,"
                        " phone1, phone2, phone3, locked_by, lock_expires, created_at, updated_at, updated_by,"
                        " name_folded, field_values, email_folded, import_id)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14, ?15, ?16)"
                        " ON CONFLICT DO NOTHING",
                        error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  sqlite3_bind_int64 (stmt, 2, draft->assignment_id);
  /* @draft outlives the step: no copies. */
  sqlite3_bind_text (stmt, 3, draft->customer_key, derived->len[LEN_KEY], SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, draft->name ? draft->name : "", derived->len[LEN_NAME], SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, draft->email ? draft->email : "", derived->len[LEN_EMAIL], SQLITE_STATIC);
  for (guint i = 0; i < 3; i++)
    if (derived->len[LEN_PHONE1 + i] >= 0)
      sqlite3_bind_text (stmt, 6 + i, draft->phones->pdata[i], derived->len[LEN_PHONE1 + i], SQLITE_STATIC);
    else
      sqlite3_bind_null (stmt, 6 + i);
  if (lock)
    {
      sqlite3_bind_int64 (stmt, 9, user_id);
      sqlite3_bind_int64 (stmt, 10, t + cube_store_get_lease_seconds (CUBE_STORE (self)));
    }
  sqlite3_bind_int64 (stmt, 11, t);
  sqlite3_bind_int64 (stmt, 12, user_id);
  sqlite3_bind_text (stmt, 13, derived->name_folded, derived->len[LEN_NAME_FOLDED], SQLITE_STATIC);
  if (derived->field_values != NULL)
    sqlite3_bind_text (stmt, 14, derived->field_values, derived->len[LEN_FIELD_VALUES], SQLITE_STATIC);
  if (derived->email_folded != NULL)
    sqlite3_bind_text (stmt, 15, derived->email_folded, -1, SQLITE_STATIC);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 16, import_id);
  if (!step_done (self, stmt, error))
    return 0;
  /* The one uniqueness rule of the table: (dataset, Kundeid). */
  if (sqlite3_changes (self->db) == 0)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "customer_key",
                      _("Customer ID %s already exists"), draft->customer_key);
      return 0;
    }
  id = sqlite3_last_insert_rowid (self->db);
  statement_reset (g_steal_pointer (&stmt));

  if (derived->unique_values && !insert_unique_values (self, id, fields, draft->fields, error))
    return 0;
  if (import_id > 0)
    {
      if (self->index_from == 0)
        self->index_from = id;
      if (self->added_first == 0)
        self->added_first = id;
      self->added_last = id;
      if (self->created_from == 0)
        {
          self->created_from = id;
          self->created_by = user_id;
          g_free (self->created_detail);
          self->created_detail = g_strdup (source_detail);
        }
      g_assert (!lock);
      return id;
    }
  else
    {
      if (!(stmt = prepare (self, "INSERT INTO customer_search (rowid, search_text)"
                            " SELECT id, search_text FROM customer_search_text WHERE id = ?", error)))
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        return 0;
    }

  if (!add_event (self, id, user_id, "created", cube_source_to_string (source), NULL, NULL,
                  NULL, 0, source_detail, 0, error))
    return 0;
  if (lock && !add_event (self, id, user_id, "locked", NULL, NULL, NULL, NULL, 0, NULL, 0, error))
    return 0;
  return id;
}

static CubeCustomer *
sqlite_insert_customer (CubeStore                *store,
                        gint64                    user_id,
                        gint64                    dataset_id,
                        const CubeCustomerDraft  *draft,
                        CubeSource                source,
                        const char               *source_detail,
                        gboolean                  lock,
                        GError                  **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(GPtrArray) fields = NULL;
  CubeCustomer *customer = NULL;
  gint64 id = 0;

  if (!sqlite_begin (store, error))
    return NULL;
  if ((fields = sqlite_list_fields (store, dataset_id, TRUE, error)))
    id = insert_customer_rows (self, user_id, dataset_id, fields, draft, NULL, source, source_detail, lock, 0,
                               now (self), error);
  if (id > 0)
    customer = sqlite_get_customer (store, id, error);
  if (!finish (self, customer != NULL, error))
    g_clear_object (&customer);
  return customer;
}

/* Appends the ids @stmt yields to @ids, skipping those already there. */
static gboolean
collect_ids (CubeSqliteStore  *self,
             Statement        *stmt,
             GArray           *ids,
             GHashTable       *seen,
             guint             wanted,
             GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  while (ids->len < wanted && step_row (self, stmt, &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
        g_array_append_val (ids, id);
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
sqlite_search_customers (CubeStore   *store,
                         const char  *text,
                         const char  *phone_digits,
                         guint        offset,
                         guint        limit,
                         GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  guint wanted = offset + limit;

  /* Best first: the exact Kundeid, then prefixes of Kundeid and phone, then
   * substrings anywhere. Each step is an index lookup bounded by @wanted. */
  {
    /* Through the (dataset, Kundeid) index of each dataset. */
    g_autoptr(Statement) stmt = prepare (self, "SELECT c.id FROM datasets d CROSS JOIN customers c"
                                         " WHERE c.dataset_id = d.id AND c.customer_key = ? ORDER BY c.id LIMIT ?",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, text);
    sqlite3_bind_int (stmt, 2, wanted);
    if (!collect_ids (self, stmt, ids, seen, wanted, error))
      return NULL;
  }
  if (ids->len < wanted)
    {
      /* The first @wanted of each dataset, in Kundeid order, then the
       * first @wanted of those: no sort of every match. */
      g_autoptr(Statement) stmt = prepare (self, "SELECT c.id FROM datasets d JOIN customers c ON c.id IN"
                                           " (SELECT x.id FROM customers x WHERE x.dataset_id = d.id"
                                           "  AND x.customer_key > ?1 AND x.customer_key < ?1 || char (1114111)"
                                           "  ORDER BY x.customer_key LIMIT ?2)"
                                           " ORDER BY c.customer_key, c.id LIMIT ?2", error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, text);
      sqlite3_bind_int (stmt, 2, wanted);
      if (!collect_ids (self, stmt, ids, seen, wanted, error))
        return NULL;
    }
  if (ids->len < wanted && phone_digits != NULL && phone_digits[0] != '\0')
    {
      /* Stored as E.164: the digits as typed with a country code, or as a
       * Norwegian number without one. */
      static const char * const sql[] = {
        "SELECT id FROM customers WHERE phone1 >= ?1 AND phone1 < ?1 || ':' ORDER BY phone1, id LIMIT ?2",
        "SELECT id FROM customers WHERE phone2 >= ?1 AND phone2 < ?1 || ':' ORDER BY phone2, id LIMIT ?2",
        "SELECT id FROM customers WHERE phone3 >= ?1 AND phone3 < ?1 || ':' ORDER BY phone3, id LIMIT ?2",
      };
      g_autofree char *with_plus = g_strconcat ("+", phone_digits, NULL);
      g_autofree char *with_47 = g_strconcat ("+47", phone_digits, NULL);
      const char *prefixes[2] = { with_plus, with_47 };

      for (guint p = 0; p < 2 && ids->len < wanted; p++)
        for (guint i = 0; i < G_N_ELEMENTS (sql) && ids->len < wanted; i++)
          {
            g_autoptr(Statement) stmt = prepare (self, sql[i], error);
            if (stmt == NULL)
              return NULL;
            bind_text (stmt, 1, prefixes[p]);
            sqlite3_bind_int (stmt, 2, wanted);
            if (!collect_ids (self, stmt, ids, seen, wanted, error))
              return NULL;
          }
    }
  /* The trigram index: a substring anywhere in the name or e-mail, or a
   * name's first one or two letters after the two char(1) the text starts
   * with (a trigram needs three characters). The index holds folded text
   * (detail='none'): GLOB, which is case-sensitive, over the folded query;
   * its wildcards escaped. */
  if (ids->len < wanted)
    {
      g_autofree char *folded = g_utf8_casefold (text, -1);
      g_autoptr(GString) pattern = g_string_new (g_utf8_strlen (text, -1) < 3 ? NAME_START : "*");
      g_autoptr(Statement) stmt = prepare (self, "SELECT rowid FROM customer_search"
                                           " WHERE search_text GLOB ? ORDER BY rowid LIMIT ?", error);
      if (stmt == NULL)
        return NULL;
      for (const char *p = folded; *p; p++)
        {
          if (*p == '*' || *p == '?' || *p == '[')
            g_string_append_printf (pattern, "[%c]", *p);
          else
            g_string_append_c (pattern, *p);
        }
      g_string_append_c (pattern, '*');
      bind_text (stmt, 1, pattern->str);
      sqlite3_bind_int (stmt, 2, wanted);
      if (!collect_ids (self, stmt, ids, seen, wanted, error))
        return NULL;
    }

  for (guint i = offset; i < ids->len; i++)
    {
      CubeCustomer *customer = sqlite_get_customer (store, g_array_index (ids, gint64, i), error);
      if (customer == NULL)
        return NULL;
      g_ptr_array_add (result, customer);
    }
  return g_steal_pointer (&result);
}

static GPtrArray *
sqlite_list_events (CubeStore  *store,
                    gint64      customer_id,
                    GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self,
                        "SELECT e.id, e.customer_id, e.at, u.login, e.kind, e.source, e.field,"
                        " e.old_value, e.new_value, o.label, e.comment, e.follow_up_at, e.corrects_event_id"
                        " FROM events e LEFT JOIN users u ON u.id = e.user_id"
                        " LEFT JOIN outcomes o ON o.id = e.outcome_id"
                        " WHERE e.customer_id = ? ORDER BY e.id DESC", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while (step_row (self, stmt, &local_error))
    g_ptr_array_add (events,
                     g_object_new (CUBE_TYPE_EVENT,
                                   "id", sqlite3_column_int64 (stmt, 0),
                                   "customer-id", sqlite3_column_int64 (stmt, 1),
                                   "at", sqlite3_column_int64 (stmt, 2),
                                   "login", column_text (stmt, 3),
                                   "kind", column_text (stmt, 4),
                                   "source", column_text (stmt, 5),
                                   "field", column_text (stmt, 6),
                                   "old-value", column_text (stmt, 7),
                                   "new-value", column_text (stmt, 8),
                                   "outcome", column_text (stmt, 9),
                                   "comment", column_text (stmt, 10),
                                   "follow-up-at", sqlite3_column_int64 (stmt, 11),
                                   "corrects-id", sqlite3_column_int64 (stmt, 12),
                                   NULL));
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* ---- locks ------------------------------------------------------------ */

/* Who holds @customer_id now (0 when nobody, or when the lease ran out), and
 * whether it is closed; inside a write transaction, for messages and events. */
static gboolean
read_lock_state (CubeSqliteStore  *self,
                 gint64            customer_id,
                 gint64           *holder,
                 gint64           *expired_holder,
                 char            **holder_login,
                 gboolean         *closed,
                 GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT c.locked_by, c.lock_expires, c.closed, u.login FROM customers c"
                        " LEFT JOIN users u ON u.id = c.locked_by WHERE c.id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (!step_row (self, stmt, &local_error))
    {
      if (local_error)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        cube_set_error (error, CUBE_ERROR_NOT_FOUND, "customer_key", _("The customer does not exist"));
      return FALSE;
    }
  *holder = *expired_holder = 0;
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      if (sqlite3_column_int64 (stmt, 1) > now (self))
        *holder = sqlite3_column_int64 (stmt, 0);
      else
        *expired_holder = sqlite3_column_int64 (stmt, 0);
    }
  if (holder_login)
    *holder_login = g_strdup (column_text (stmt, 3));
  *closed = sqlite3_column_int (stmt, 2) != 0;
  return TRUE;
}

/* Takes @customer_id for @user_id with one conditional UPDATE; the caller
 * holds the transaction. */
static gboolean
take_lock (CubeSqliteStore  *self,
           gint64            user_id,
           gint64            customer_id,
           GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *holder_login = NULL;
  gint64 t = now (self);
  gint64 holder, expired_holder;
  gboolean closed;

  if (!read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error))
    return FALSE;
  if (!(stmt = prepare (self, "UPDATE customers SET locked_by = ?1, lock_expires = ?2"
                        " WHERE id = ?3 AND closed = 0"
                        " AND (locked_by IS NULL OR locked_by = ?1 OR lock_expires <= ?4)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, t + cube_store_get_lease_seconds (CUBE_STORE (self)));
  sqlite3_bind_int64 (stmt, 3, customer_id);
  sqlite3_bind_int64 (stmt, 4, t);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      if (closed)
        cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("The customer is closed"));
      else
        cube_set_error (error, CUBE_ERROR_CONFLICT, NULL,
                        _("The customer is locked by %s"), holder_login ? holder_login : "?");
      return FALSE;
    }
  if (expired_holder != 0
      && !add_event (self, customer_id, expired_holder, "released", NULL, NULL, NULL, NULL, 0,
                     "lease expired", 0, error))
    return FALSE;
  /* Taking a lock one already holds only renews it. */
  if (holder != user_id
      && !add_event (self, customer_id, user_id, "locked", NULL, NULL, NULL, NULL, 0, NULL, 0, error))
    return FALSE;
  return TRUE;
}

static CubeCustomer *
sqlite_lock_customer (CubeStore  *store,
                      gint64      user_id,
                      gint64      customer_id,
                      GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  CubeCustomer *customer = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if (take_lock (self, user_id, customer_id, error))
    customer = sqlite_get_customer (store, customer_id, error);
  if (!finish (self, customer != NULL, error))
    g_clear_object (&customer);
  return customer;
}

/* The next customer to offer: a due follow-up first, else the oldest free
 * customer. 0 when there is none. */
static gint64
next_candidate (CubeSqliteStore  *self,
                gint64            assignment_id,
                guint             attempt_limit,
                gint64            cooldown_seconds,
                GError          **error)
{
  /* A due follow-up comes back at its time, cool-down or not; the attempt
   * limit holds for both. */
  static const char * const queries[] = {
    "SELECT id FROM customers WHERE assignment_id = ?1 AND follow_up_at IS NOT NULL"
    " AND follow_up_at <= ?2 AND closed = 0 AND (locked_by IS NULL OR lock_expires <= ?2)"
    " AND (?3 = 0 OR attempts < ?3)"
    " ORDER BY follow_up_at, id LIMIT 1",
    "SELECT id FROM customers WHERE assignment_id = ?1 AND closed = 0"
    " AND (locked_by IS NULL OR lock_expires <= ?2)"
    " AND (follow_up_at IS NULL OR follow_up_at <= ?2)"
    " AND (?3 = 0 OR attempts < ?3)"
    " AND (last_attempt_at IS NULL OR last_attempt_at <= ?2 - ?4) ORDER BY id LIMIT 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(Statement) stmt = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(stmt = prepare (self, queries[i], error)))
        return -1;
      sqlite3_bind_int64 (stmt, 1, assignment_id);
      sqlite3_bind_int64 (stmt, 2, now (self));
      sqlite3_bind_int (stmt, 3, attempt_limit);
      if (i == 1)
        sqlite3_bind_int64 (stmt, 4, cooldown_seconds);
      if (step_row (self, stmt, &local_error))
        return sqlite3_column_int64 (stmt, 0);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
    }
  return 0;
}

static CubeCustomer *
sqlite_lock_next (CubeStore  *store,
                  gint64      user_id,
                  gint64      assignment_id,
                  guint       attempt_limit,
                  gint64      cooldown_seconds,
                  GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  CubeCustomer *customer = NULL;
  gint64 id;

  if (!sqlite_begin (store, error))
    return NULL;
  /* The write lock of the transaction serialises takers; take_lock's
   * conditional UPDATE is what guarantees one holder. */
  id = next_candidate (self, assignment_id, attempt_limit, cooldown_seconds, error);
  if (id == 0)
    cube_set_error (error, CUBE_ERROR_NOT_FOUND, "assignment",
                    _("There is no available customer in the assignment"));
  else if (id > 0 && take_lock (self, user_id, id, error))
    customer = sqlite_get_customer (store, id, error);
  if (!finish (self, customer != NULL, error))
    g_clear_object (&customer);
  return customer;
}

static gboolean
sqlite_renew_lock (CubeStore  *store,
                   gint64      user_id,
                   gint64      customer_id,
                   GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  gint64 t = now (self);
  gboolean ok;

  if (!sqlite_begin (store, error))
    return FALSE;
  ok = (stmt = prepare (self, "UPDATE customers SET lock_expires = ?1"
                        " WHERE id = ?2 AND locked_by = ?3 AND lock_expires > ?4 AND closed = 0", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, t + cube_store_get_lease_seconds (store));
      sqlite3_bind_int64 (stmt, 2, customer_id);
      sqlite3_bind_int64 (stmt, 3, user_id);
      sqlite3_bind_int64 (stmt, 4, t);
      ok = step_done (self, stmt, error);
    }
  if (ok && sqlite3_changes (self->db) == 0)
    {
      g_autofree char *holder_login = NULL;
      gint64 holder, expired_holder;
      gboolean closed;

      if (read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error))
        {
          if (holder != 0)
            cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("The customer is locked by %s"), holder_login);
          else if (expired_holder == user_id)
            cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("Your lock on this customer has expired"));
          else
            cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("You do not hold the lock on this customer"));
        }
      ok = FALSE;
    }
  return finish (self, ok, error);
}

static gboolean
release_rows (CubeSqliteStore  *self,
              gint64            user_id,
              gint64            customer_id,
              gboolean          any_holder,
              GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *holder_login = NULL;
  gint64 holder, expired_holder;
  gboolean closed;

  if (!read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error))
    return FALSE;
  if (holder == 0 && expired_holder != user_id)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("The customer is not locked"));
      return FALSE;
    }
  if (holder != 0 && holder != user_id && !any_holder)
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL,
                      _("The customer is locked by %s; only they or a supervisor can release it"),
                      holder_login);
      return FALSE;
    }
  if (!(stmt = prepare (self, "UPDATE customers SET locked_by = NULL, lock_expires = NULL WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  return add_event (self, customer_id, user_id, "released", NULL, NULL,
                    holder != 0 && holder != user_id ? holder_login : NULL, NULL, 0, NULL, 0, error);
}

static gboolean
sqlite_release_lock (CubeStore  *store,
                     gint64      user_id,
                     gint64      customer_id,
                     gboolean    any_holder,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);

  if (!sqlite_begin (store, error))
    return FALSE;
  return finish (self, release_rows (self, user_id, customer_id, any_holder, error), error);
}

static gboolean
register_rows (CubeSqliteStore  *self,
               gint64            user_id,
               gint64            customer_id,
               CubeOutcome      *outcome,
               gint64            follow_up_at,
               const char       *comment,
               GError          **error)
{
  g_autoptr(Statement) stmt = NULL;
  gint64 t = now (self);
  gboolean attempt = cube_outcome_get_kind (outcome) == CUBE_OUTCOME_ATTEMPT;

  /* Only the holder of a live lease may register: the WHERE clause is the
   * rule, so it holds however many processes race. */
  if (!(stmt = prepare (self, "UPDATE customers SET locked_by = NULL, lock_expires = NULL,"
                        " attempts = attempts + ?1, last_outcome_id = ?2,"
                        " closed = CASE WHEN ?3 THEN 1 ELSE closed END, follow_up_at = ?4,"
                        " last_attempt_at = CASE WHEN ?1 THEN ?5 ELSE last_attempt_at END,"
                        " updated_at = ?5, updated_by = ?6"
                        " WHERE id = ?7 AND locked_by = ?6 AND lock_expires > ?5 AND closed = 0", error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, attempt ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, cube_outcome_get_id (outcome));
  sqlite3_bind_int (stmt, 3, !attempt && cube_outcome_get_closes (outcome));
  bind_time (stmt, 4, follow_up_at);
  sqlite3_bind_int64 (stmt, 5, t);
  sqlite3_bind_int64 (stmt, 6, user_id);
  sqlite3_bind_int64 (stmt, 7, customer_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_autofree char *holder_login = NULL;
      gint64 holder, expired_holder;
      gboolean closed;

      if (!read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error))
        return FALSE;
      if (closed)
        cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("The customer is closed"));
      else if (holder != 0)
        cube_set_error (error, CUBE_ERROR_CONFLICT, NULL,
                        _("The customer is locked by %s; only they can register an outcome"), holder_login);
      else
        cube_set_error (error, CUBE_ERROR_CONFLICT, NULL,
                        _("Lock the customer before registering an outcome"));
      return FALSE;
    }
  return add_event (self, customer_id, user_id, "outcome", NULL, NULL, NULL, NULL,
                    cube_outcome_get_id (outcome), comment, follow_up_at, error);
}

static CubeCustomer *
sqlite_register_outcome (CubeStore    *store,
                         gint64        user_id,
                         gint64        customer_id,
                         CubeOutcome  *outcome,
                         gint64        follow_up_at,
                         const char   *comment,
                         GError      **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  CubeCustomer *customer = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if (register_rows (self, user_id, customer_id, outcome, follow_up_at, comment, error))
    customer = sqlite_get_customer (store, customer_id, error);
  if (!finish (self, customer != NULL, error))
    g_clear_object (&customer);
  return customer;
}

static CubeCustomer *
sqlite_move_customer (CubeStore       *store,
                      gint64           user_id,
                      gint64           customer_id,
                      CubeAssignment  *to,
                      GError         **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeCustomer) old = NULL;
  g_autofree char *holder_login = NULL;
  CubeCustomer *customer = NULL;
  gint64 holder, expired_holder;
  gboolean closed, ok;

  if (!sqlite_begin (store, error))
    return NULL;
  ok = (old = sqlite_get_customer (store, customer_id, error)) != NULL
       && read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error);
  if (ok)
    {
      g_autoptr(Statement) stmt = NULL;

      ok = (stmt = prepare (self, "UPDATE customers SET assignment_id = ?1, closed = 0, locked_by = NULL,"
                            " lock_expires = NULL, attempts = 0, last_outcome_id = NULL, follow_up_at = NULL,"
                            " last_attempt_at = NULL, updated_at = ?2, updated_by = ?3 WHERE id = ?4", error)) != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, cube_assignment_get_id (to));
          sqlite3_bind_int64 (stmt, 2, now (self));
          sqlite3_bind_int64 (stmt, 3, user_id);
          sqlite3_bind_int64 (stmt, 4, customer_id);
          ok = step_done (self, stmt, error);
        }
    }
  if (ok && holder != 0)
    ok = add_event (self, customer_id, user_id, "released", NULL, NULL,
                    holder != user_id ? holder_login : NULL, NULL, 0, "moved", 0, error);
  if (ok)
    ok = add_event (self, customer_id, user_id, "moved", NULL, "assignment",
                    cube_customer_get_assignment_name (old), cube_assignment_get_name (to), 0, NULL, 0, error);
  if (ok)
    ok = (customer = sqlite_get_customer (store, customer_id, error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&customer);
  return customer;
}

/* The outcome in effect for outcome event e: its latest correction's. */
#define EFFECTIVE_OUTCOME(e) \
  "coalesce ((SELECT c.outcome_id FROM events c WHERE c.corrects_event_id = " e ".id" \
  " ORDER BY c.id DESC LIMIT 1), " e ".outcome_id)"

static gboolean
sqlite_read_outcome_event (CubeStore  *store,
                           gint64      event_id,
                           gint64     *customer_id,
                           gint64     *assignment_id,
                           gint64     *outcome_id,
                           GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT e.customer_id, e.assignment_id, " EFFECTIVE_OUTCOME ("e")
                        " FROM events e WHERE e.id = ? AND e.kind = 'outcome'", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (step_row (self, stmt, &local_error))
    {
      *customer_id = sqlite3_column_int64 (stmt, 0);
      *assignment_id = sqlite3_column_int64 (stmt, 1);
      *outcome_id = sqlite3_column_int64 (stmt, 2);
      return TRUE;
    }
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    cube_set_error (error, CUBE_ERROR_NOT_FOUND, "event", _("No registered outcome has that event id"));
  return FALSE;
}

static gboolean
correct_rows (CubeSqliteStore  *self,
              gint64            user_id,
              gint64            event_id,
              gint64            customer_id,
              gint64            assignment_id,
              CubeOutcome      *old,
              CubeOutcome      *corrected,
              gint64            follow_up_at,
              const char       *comment,
              GError          **error)
{
  g_autofree char *holder_login = NULL;
  gint64 holder, expired_holder, latest;
  gboolean closed;
  int delta = (cube_outcome_get_kind (corrected) == CUBE_OUTCOME_ATTEMPT)
              - (cube_outcome_get_kind (old) == CUBE_OUTCOME_ATTEMPT);

  if (!read_lock_state (self, customer_id, &holder, &expired_holder, &holder_login, &closed, error))
    return FALSE;
  if (holder != 0 && holder != user_id)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, NULL, _("The customer is locked by %s"), holder_login);
      return FALSE;
    }
  /* The customer follows only its latest outcome, in the assignment it is in. */
  latest = count_for_id (self, "SELECT coalesce ((SELECT max (e.id) FROM events e JOIN customers c"
                         " ON c.id = e.customer_id WHERE e.customer_id = ?1 AND e.kind = 'outcome'"
                         " AND e.assignment_id = c.assignment_id), 0)", customer_id, error);
  if (latest < 0)
    return FALSE;
  if (!add_event (self, customer_id, user_id, "corrected", NULL, "outcome", cube_outcome_get_label (old),
                  cube_outcome_get_label (corrected), cube_outcome_get_id (corrected), comment,
                  follow_up_at, error))
    return FALSE;
  {
    g_autoptr(Statement) stmt = NULL;

    if (!(stmt = prepare (self, "UPDATE events SET corrects_event_id = ? WHERE id = ?", error)))
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, event_id);
    sqlite3_bind_int64 (stmt, 2, sqlite3_last_insert_rowid (self->db));
    if (!step_done (self, stmt, error))
      return FALSE;
  }
  {
    g_autoptr(Statement) stmt = NULL;

    if (!(stmt = prepare (self, "UPDATE customers SET attempts = max (0, attempts + ?1),"
                          " last_outcome_id = CASE WHEN ?2 THEN ?3 ELSE last_outcome_id END,"
                          " closed = CASE WHEN ?2 THEN ?4 ELSE closed END,"
                          " follow_up_at = CASE WHEN ?2 THEN ?5 ELSE follow_up_at END,"
                          " updated_at = ?6, updated_by = ?7 WHERE id = ?8", error)))
      return FALSE;
    sqlite3_bind_int (stmt, 1, delta);
    sqlite3_bind_int (stmt, 2, latest == event_id);
    sqlite3_bind_int64 (stmt, 3, cube_outcome_get_id (corrected));
    sqlite3_bind_int (stmt, 4, cube_outcome_get_kind (corrected) == CUBE_OUTCOME_PROGRESS
                               && cube_outcome_get_closes (corrected));
    bind_time (stmt, 5, follow_up_at);
    sqlite3_bind_int64 (stmt, 6, now (self));
    sqlite3_bind_int64 (stmt, 7, user_id);
    sqlite3_bind_int64 (stmt, 8, customer_id);
    if (!step_done (self, stmt, error))
      return FALSE;
  }
  (void) assignment_id;
  return TRUE;
}

static CubeCustomer *
sqlite_correct_outcome (CubeStore    *store,
                        gint64        user_id,
                        gint64        event_id,
                        CubeOutcome  *old,
                        CubeOutcome  *corrected,
                        gint64        follow_up_at,
                        const char   *comment,
                        GError      **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  CubeCustomer *customer = NULL;
  gint64 customer_id = 0, assignment_id = 0, current = 0;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return NULL;
  /* Read again inside the write lock. */
  ok = sqlite_read_outcome_event (store, event_id, &customer_id, &assignment_id, &current, error);
  if (ok && current != cube_outcome_get_id (old))
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "outcome",
                      _("Someone else corrected the outcome in the meantime"));
      ok = FALSE;
    }
  if (ok)
    ok = correct_rows (self, user_id, event_id, customer_id, assignment_id, old, corrected,
                       follow_up_at, comment, error);
  if (ok)
    ok = (customer = sqlite_get_customer (store, customer_id, error)) != NULL;
  if (!finish (self, ok, error))
    g_clear_object (&customer);
  return customer;
}

static gboolean
sqlite_count_statuses (CubeStore  *store,
                       gint64      assignment_id,
                       gint64      counts[3],
                       gint64     *follow_ups,
                       GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT count(*), coalesce (sum (closed != 0), 0),"
                        " coalesce (sum (closed = 0 AND locked_by IS NOT NULL AND lock_expires > ?2), 0),"
                        " coalesce (sum (closed = 0 AND follow_up_at IS NOT NULL), 0)"
                        " FROM customers WHERE assignment_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, assignment_id);
  sqlite3_bind_int64 (stmt, 2, now (self));
  if (!step_row (self, stmt, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  counts[CUBE_STATUS_CLOSED] = sqlite3_column_int64 (stmt, 1);
  counts[CUBE_STATUS_LOCKED] = sqlite3_column_int64 (stmt, 2);
  counts[CUBE_STATUS_AVAILABLE] = sqlite3_column_int64 (stmt, 0) - counts[CUBE_STATUS_CLOSED]
                                  - counts[CUBE_STATUS_LOCKED];
  *follow_ups = sqlite3_column_int64 (stmt, 3);
  return TRUE;
}

static gboolean
sqlite_count_outcomes (CubeStore             *store,
                       gint64                 assignment_id,
                       gint64                 from,
                       gint64                 until,
                       CubeOutcomeCountFunc   func,
                       gpointer               user_data,
                       GError               **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT u.login, x.outcome_id, count(*) FROM"
                        " (SELECT e.user_id, " EFFECTIVE_OUTCOME ("e") " AS outcome_id FROM events e"
                        "  WHERE e.assignment_id = ?1 AND e.kind = 'outcome' AND e.at >= ?2"
                        "  AND (?3 <= 0 OR e.at < ?3)) x"
                        " LEFT JOIN users u ON u.id = x.user_id GROUP BY x.user_id, x.outcome_id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, assignment_id);
  sqlite3_bind_int64 (stmt, 2, MAX (from, 0));
  sqlite3_bind_int64 (stmt, 3, until);
  while (step_row (self, stmt, &local_error))
    func (column_text (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2), user_data);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_foreach_customer (CubeStore         *store,
                         gint64             assignment_id,
                         CubeCustomerFunc   func,
                         gpointer           user_data,
                         GCancellable      *cancellable,
                         GError           **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  /* One statement stays open for the whole walk: it reads one snapshot
   * even while others write. */
  if (!(stmt = prepare (self, CUSTOMER_SELECT "WHERE c.assignment_id = ? ORDER BY c.id", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, assignment_id);
  while (step_row (self, stmt, &local_error))
    {
      g_autoptr(CubeCustomer) customer = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!(customer = read_customer (self, stmt, error)))
        return FALSE;
      if (!func (customer, user_data, error))
        return FALSE;
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- opening: helpers ------------------------------------------------ */

static gboolean
pragma_int (CubeSqliteStore  *self,
            const char       *sql,
            gint64           *value,
            GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (self, error);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, error);
  return TRUE;
}


/* Runs one statement bound to a customer id. */
static gboolean
exec_for_customer (CubeSqliteStore  *self,
                   const char       *sql,
                   gint64            customer_id,
                   GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  return step_done (self, stmt, error);
}

static gboolean
update_customer_rows (CubeSqliteStore          *self,
                      gint64                    user_id,
                      CubeCustomer             *old,
                      GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      gint64                    import_id,
                      GError                  **error)
{
  g_autoptr(Statement) stmt = NULL;
  g_autofree char *holder_login = NULL;
  gint64 id = cube_customer_get_id (old);
  gint64 dataset_id = cube_customer_get_dataset_id (old);
  gint64 holder, expired_holder;
  gboolean closed, indexed;
  const char * const *old_phones = cube_customer_get_phones (old);
  GHashTable *old_values = cube_customer_get_fields (old);
  struct { const char *field, *old_value, *new_value; } standard[6] = {
    { "customer_key", cube_customer_get_customer_key (old), draft->customer_key },
    { "name", cube_customer_get_name (old), draft->name },
    { "email", cube_customer_get_email (old), draft->email },
    { "phone1", NULL, NULL }, { "phone2", NULL, NULL }, { "phone3", NULL, NULL },
  };

  if (!read_lock_state (self, id, &holder, &expired_holder, &holder_login, &closed, error))
    return FALSE;
  if (holder != 0 && holder != user_id)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, NULL,
                      _("The customer is locked by %s"), holder_login);
      return FALSE;
    }

  if (g_strcmp0 (draft->customer_key, cube_customer_get_customer_key (old)) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Customer ID %s already exists"), draft->customer_key);
      if (conflict_with (self, "SELECT id FROM customers WHERE dataset_id = ? AND customer_key = ?",
                         dataset_id, draft->customer_key, "customer_key", message, error))
        return FALSE;
    }
  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char *value = g_hash_table_lookup (draft->fields, cube_field_def_get_key (def));
      g_autofree char *message = NULL;

      if (value == NULL || !cube_field_def_get_unique (def)
          || g_strcmp0 (value, g_hash_table_lookup (old_values, cube_field_def_get_key (def))) == 0)
        continue;
      message = g_strdup_printf (_("Another customer already has %s %s"),
                                 cube_field_def_get_label (def), value);
      if (conflict_with (self, "SELECT customer_id FROM customer_unique_values WHERE field_id = ? AND value = ? LIMIT 1",
                         cube_field_def_get_id (def), value, cube_field_def_get_key (def), message, error))
        return FALSE;
    }

  /* The old text must leave the external-content search index first. An
   * import leaves the index alone until its end: a customer it added is not
   * in it yet, and for one that was, the text the index holds is kept. */
  indexed = import_id <= 0;
  if (import_id > 0 && (self->index_from == 0 || id < self->index_from))
    {
      if (!self->reindex_pending
          && !exec (self, "CREATE TEMP TABLE IF NOT EXISTS import_reindex ("
                          " id INTEGER PRIMARY KEY, old_text TEXT NOT NULL)", error))
        return FALSE;
      self->reindex_pending = TRUE;
      if (!exec_for_customer (self, "INSERT OR IGNORE INTO temp.import_reindex (id, old_text)"
                              " SELECT id, search_text FROM customer_search_text WHERE id = ?", id, error))
        return FALSE;
    }
  if (indexed)
    {
      if (!(stmt = prepare (self, "INSERT INTO customer_search (customer_search, rowid, search_text)"
                            " SELECT 'delete', id, search_text FROM customer_search_text WHERE id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        return FALSE;
      statement_reset (g_steal_pointer (&stmt));
    }

  if (!(stmt = prepare (self, "UPDATE customers SET customer_key = ?1, name = ?2, name_folded = ?3,"
                        " email = ?4, phone1 = ?5, phone2 = ?6, phone3 = ?7, updated_at = ?8, updated_by = ?9,"
                        " email_folded = ?11, field_values = ?12, import_id = coalesce (?13, import_id)"
                        " WHERE id = ?10", error)))
    return FALSE;
  bind_text (stmt, 1, draft->customer_key);
  bind_text (stmt, 2, draft->name ? draft->name : "");
  sqlite3_bind_text (stmt, 3, cube_fold (draft->name), -1, g_free);
  bind_text (stmt, 4, draft->email ? draft->email : "");
  for (guint i = 0; i < 3; i++)
    bind_text (stmt, 5 + i, i < draft->phones->len ? draft->phones->pdata[i] : NULL);
  sqlite3_bind_int64 (stmt, 8, now (self));
  sqlite3_bind_int64 (stmt, 9, user_id);
  sqlite3_bind_int64 (stmt, 10, id);
  sqlite3_bind_text (stmt, 11, cube_sqlite_email_folded (draft->email), -1, g_free);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 13, import_id);
  {
    /* An archived field keeps its value: forms do not show it. */
    g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint i = 0; i < fields->len; i++)
      {
        const char *key = cube_field_def_get_key (fields->pdata[i]);
        const char *value = cube_field_def_get_archived (fields->pdata[i])
          ? g_hash_table_lookup (old_values, key) : g_hash_table_lookup (draft->fields, key);
        if (value != NULL)
          g_hash_table_insert (kept, (gpointer) key, (gpointer) value);
      }
    sqlite3_bind_text (stmt, 12, cube_sqlite_values_json (fields, kept), -1, g_free);
    if (!step_done (self, stmt, error))
      return FALSE;
    statement_reset (g_steal_pointer (&stmt));
    if (!exec_for_customer (self, "DELETE FROM customer_unique_values WHERE customer_id = ?", id, error)
        || !insert_unique_values (self, id, fields, kept, error))
      return FALSE;
  }

  if (indexed)
    {
      if (!(stmt = prepare (self, "INSERT INTO customer_search (rowid, search_text)"
                            " SELECT id, search_text FROM customer_search_text WHERE id = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        return FALSE;
      statement_reset (g_steal_pointer (&stmt));
    }

  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      const char *key = cube_field_def_get_key (def);
      const char *value = g_hash_table_lookup (draft->fields, key);
      const char *old_value = g_hash_table_lookup (old_values, key);

      /* An archived field keeps its value: forms do not show it. */
      if (cube_field_def_get_archived (def))
        value = old_value;
      if (g_strcmp0 (value, old_value) != 0
          && !add_event (self, id, user_id, "edited", NULL, key, old_value, value, 0, NULL, 0, error))
        return FALSE;
    }

  for (guint i = 0; i < 3; i++)
    {
      standard[3 + i].old_value = old_phones && i < g_strv_length ((char **) old_phones) ? old_phones[i] : NULL;
      standard[3 + i].new_value = i < draft->phones->len ? draft->phones->pdata[i] : NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (standard); i++)
    {
      const char *o = standard[i].old_value && standard[i].old_value[0] ? standard[i].old_value : NULL;
      const char *n = standard[i].new_value && standard[i].new_value[0] ? standard[i].new_value : NULL;

      if (g_strcmp0 (o, n) != 0
          && !add_event (self, id, user_id, "edited", NULL, standard[i].field, o, n, 0, NULL, 0, error))
        return FALSE;
    }
  return TRUE;
}

static CubeCustomer *
sqlite_update_customer (CubeStore                *store,
                        gint64                    user_id,
                        gint64                    customer_id,
                        const CubeCustomerDraft  *draft,
                        GError                  **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(CubeCustomer) old = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  CubeCustomer *customer = NULL;

  if (!sqlite_begin (store, error))
    return NULL;
  if ((old = sqlite_get_customer (store, customer_id, error))
      && (fields = sqlite_list_fields (store, cube_customer_get_dataset_id (old), TRUE, error))
      && update_customer_rows (self, user_id, old, fields, draft, 0, error))
    customer = sqlite_get_customer (store, customer_id, error);
  if (!finish (self, customer != NULL, error))
    g_clear_object (&customer);
  return customer;
}

static GPtrArray *
sqlite_list_customers (CubeStore  *store,
                       guint       offset,
                       guint       limit,
                       GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, CUSTOMER_SELECT "ORDER BY c.id LIMIT ? OFFSET ?", error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, limit);
  sqlite3_bind_int (stmt, 2, offset);
  while (step_row (self, stmt, &local_error))
    {
      CubeCustomer *customer = read_customer (self, stmt, error);
      if (customer == NULL)
        return NULL;
      g_ptr_array_add (result, customer);
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* Runs @stmt (bound) and reads every customer row it yields. */
static GPtrArray *
customers_from (CubeSqliteStore  *self,
                Statement        *stmt,
                GError          **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  while (step_row (self, stmt, &local_error))
    {
      CubeCustomer *customer = read_customer (self, stmt, error);
      if (customer == NULL)
        return NULL;
      g_ptr_array_add (result, customer);
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

#define MISSING_VALUE_WHERE \
  "WHERE c.dataset_id = (SELECT dataset_id FROM field_defs WHERE id = ?1)" \
  " AND json_extract (c.field_values, " FIELD_PATH ") IS NULL "

static GPtrArray *
sqlite_list_missing_value (CubeStore  *store,
                           gint64      field_id,
                           guint       offset,
                           guint       limit,
                           GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, CUSTOMER_SELECT MISSING_VALUE_WHERE "ORDER BY c.id LIMIT ?2 OFFSET ?3", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, field_id);
  sqlite3_bind_int (stmt, 2, limit);
  sqlite3_bind_int (stmt, 3, offset);
  return customers_from (self, stmt, error);
}

static gint64
sqlite_count_missing_value (CubeStore  *store,
                            gint64      field_id,
                            GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store),
                       "SELECT count(*) FROM customers c " MISSING_VALUE_WHERE, field_id, error);
}

static gint64
sqlite_count_customers (CubeStore  *store,
                        GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  gint64 count = 0;

  if (!pragma_int (self, "SELECT count(*) FROM customers", &count, error))
    return -1;
  return count;
}


/* ---- imports ------------------------------------------------------------ */

static CubeStore *
sqlite_open_again (CubeStore  *store,
                   GError    **error)
{
  return (CubeStore *) cube_sqlite_store_new (CUBE_SQLITE_STORE (store)->path, error);
}

static gint64
sqlite_insert_import (CubeStore               *store,
                      gint64                   user_id,
                      const CubeImportRecord  *record,
                      GError                 **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "INSERT INTO imports (file_name, checksum, sheet, user_id, imported_at,"
                        " assignment_id, duplicate_mode) VALUES (?, ?, ?, ?, ?, ?, ?)", error)))
    return 0;
  bind_text (stmt, 1, record->file_name ? record->file_name : "");
  bind_text (stmt, 2, record->checksum ? record->checksum : "");
  bind_text (stmt, 3, record->sheet ? record->sheet : "");
  sqlite3_bind_int64 (stmt, 4, user_id);
  sqlite3_bind_int64 (stmt, 5, record->imported_at > 0 ? record->imported_at : now (self));
  sqlite3_bind_int64 (stmt, 6, record->assignment_id);
  bind_text (stmt, 7, record->duplicate_mode);
  if (!step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
sqlite_finish_import (CubeStore               *store,
                      const CubeImportRecord  *record,
                      GError                 **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, "UPDATE imports SET added = ?, updated = ?, skipped = ?, rejected = ?,"
                        " seconds = ?, imported_at = ?, checksum = coalesce (?8, checksum),"
                        " first_added_id = ?9, last_added_id = ?10 WHERE id = ?7", error)))
    return FALSE;
  if (self->added_first > 0)
    {
      sqlite3_bind_int64 (stmt, 9, self->added_first);
      sqlite3_bind_int64 (stmt, 10, self->added_last);
    }
  self->added_first = self->added_last = 0;
  sqlite3_bind_int64 (stmt, 1, record->added);
  sqlite3_bind_int64 (stmt, 2, record->updated);
  sqlite3_bind_int64 (stmt, 3, record->skipped);
  sqlite3_bind_int64 (stmt, 4, record->rejected);
  sqlite3_bind_double (stmt, 5, record->seconds);
  sqlite3_bind_int64 (stmt, 6, record->imported_at > 0 ? record->imported_at : now (self));
  sqlite3_bind_int64 (stmt, 7, record->id);
  bind_text (stmt, 8, record->checksum);
  return step_done (self, stmt, error);
}

#define IMPORT_SELECT \
  "SELECT i.id, i.file_name, i.checksum, i.sheet, u.login, i.imported_at, i.assignment_id, a.name," \
  " i.duplicate_mode, i.added, i.updated, i.skipped, i.rejected, i.seconds" \
  " FROM imports i JOIN assignments a ON a.id = i.assignment_id LEFT JOIN users u ON u.id = i.user_id "

static CubeImportRecord *
read_import (Statement *stmt)
{
  CubeImportRecord *record = g_new0 (CubeImportRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->file_name = g_strdup (column_text (stmt, 1));
  record->checksum = g_strdup (column_text (stmt, 2));
  record->sheet = g_strdup (column_text (stmt, 3));
  record->login = g_strdup (column_text (stmt, 4));
  record->imported_at = sqlite3_column_int64 (stmt, 5);
  record->assignment_id = sqlite3_column_int64 (stmt, 6);
  record->assignment_name = g_strdup (column_text (stmt, 7));
  record->duplicate_mode = g_strdup (column_text (stmt, 8));
  record->added = sqlite3_column_int64 (stmt, 9);
  record->updated = sqlite3_column_int64 (stmt, 10);
  record->skipped = sqlite3_column_int64 (stmt, 11);
  record->rejected = sqlite3_column_int64 (stmt, 12);
  record->seconds = sqlite3_column_double (stmt, 13);
  return record;
}

static GPtrArray *
sqlite_list_imports (CubeStore  *store,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cube_import_record_free);
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, IMPORT_SELECT "ORDER BY i.id DESC", error)))
    return NULL;
  while (step_row (self, stmt, &local_error))
    g_ptr_array_add (result, read_import (stmt));
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

static CubeImportRecord *
sqlite_get_import (CubeStore  *store,
                   gint64      import_id,
                   GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, IMPORT_SELECT "WHERE i.id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  if (step_row (self, stmt, &local_error))
    return read_import (stmt);
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, import_id);
      cube_set_error (error, CUBE_ERROR_NOT_FOUND, "import", _("No import %s"), id_text);
    }
  return NULL;
}

/* The ids of import ?1's customers (see migration 9): the ones it added
 * and still wrote last, then the ones it updated, outside that range. Both
 * halves come in id order, so a page of them is a merge, not a sort. */
#define IMPORT_CUSTOMER_IDS \
  "WITH i AS (SELECT coalesce (first_added_id, 0) AS lo, coalesce (last_added_id, -1) AS hi" \
  "           FROM imports WHERE id = ?1)" \
  " SELECT c.id FROM i, customers c WHERE c.id BETWEEN i.lo AND i.hi AND c.import_id = ?1" \
  " UNION ALL" \
  " SELECT c.id FROM i, import_updates u JOIN customers c ON c.id = u.customer_id" \
  "  WHERE u.import_id = ?1 AND c.import_id = ?1 AND u.customer_id NOT BETWEEN i.lo AND i.hi"

static GPtrArray *
sqlite_list_import_customers (CubeStore  *store,
                              gint64      import_id,
                              guint       offset,
                              guint       limit,
                              GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  if (!(stmt = prepare (self, CUSTOMER_SELECT "WHERE c.id IN (" IMPORT_CUSTOMER_IDS " ORDER BY 1 LIMIT ?2 OFFSET ?3)"
                        " ORDER BY c.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_int (stmt, 2, limit);
  sqlite3_bind_int (stmt, 3, offset);
  return customers_from (self, stmt, error);
}

static gint64
sqlite_count_import_customers (CubeStore  *store,
                               gint64      import_id,
                               GError    **error)
{
  return count_for_id (CUBE_SQLITE_STORE (store), "SELECT count(*) FROM (" IMPORT_CUSTOMER_IDS ")",
                       import_id, error);
}

static char *
sqlite_get_import_mapping (CubeStore  *store,
                           gint64      dataset_id,
                           GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(stmt = prepare (self, "SELECT mapping FROM import_mappings WHERE dataset_id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  if (step_row (self, stmt, &local_error))
    return g_strdup (column_text (stmt, 0));
  if (local_error)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
sqlite_save_import_mapping (CubeStore   *store,
                            gint64       dataset_id,
                            const char  *mapping,
                            GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  gboolean ok;

  if (!sqlite_begin (store, error))
    return FALSE;
  ok = (stmt = prepare (self, "INSERT INTO import_mappings (dataset_id, mapping) VALUES (?, ?)"
                        " ON CONFLICT (dataset_id) DO UPDATE SET mapping = excluded.mapping", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, dataset_id);
      bind_text (stmt, 2, mapping);
      ok = step_done (self, stmt, error);
      statement_reset (g_steal_pointer (&stmt));
    }
  return finish (self, ok, error);
}

/* An import inserts at random places into the name and phone indexes of
 * a table of millions: with the connection's 8 MB, dirty pages spill to
 * the WAL and are read back. The import's connection gets 48 MB until
 * import_index (FALSE): peak RSS of a 1,000,000-row import about 72 MB
 * (64 MB: 88 MB and 7 % faster). */
static void
import_cache_on (CubeSqliteStore *self)
{
  if (self->import_cache)
    return;
  self->import_cache = exec (self, "PRAGMA cache_size = " G_STRINGIFY (IMPORT_CACHE_KIB), NULL);
}

static gint64
sqlite_find_customer_id (CubeStore   *store,
                         gint64       dataset_id,
                         const char  *customer_key,
                         gint64      *import_id,
                         GError     **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  import_cache_on (self);
  if (import_id != NULL)
    *import_id = 0;
  if (!(stmt = prepare (self, "SELECT id, import_id FROM customers WHERE dataset_id = ? AND customer_key = ?",
                        error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, dataset_id);
  bind_text (stmt, 2, customer_key);
  if (step_row (self, stmt, &local_error))
    {
      if (import_id != NULL)
        *import_id = sqlite3_column_int64 (stmt, 1);
      return sqlite3_column_int64 (stmt, 0);
    }
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  return 0;
}

static gint64
sqlite_import_insert (CubeStore                *store,
                      gint64                    user_id,
                      gint64                    dataset_id,
                      GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      gconstpointer             derived,
                      const char               *source_detail,
                      gint64                    import_id,
                      gint64                    at,
                      GError                  **error)
{
  import_cache_on (CUBE_SQLITE_STORE (store));
  return insert_customer_rows (CUBE_SQLITE_STORE (store), user_id, dataset_id, fields, draft, derived,
                               CUBE_SOURCE_IMPORT, source_detail, FALSE, import_id, at, error);
}

static gpointer
sqlite_import_derive (CubeStore                *store,
                      GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      GDestroyNotify           *destroy)
{
  *destroy = derived_free;
  return derive (fields, draft);
}

static gboolean
sqlite_import_defer_indexes (CubeStore  *store,
                             guint64     expected_rows,
                             GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  gint64 customers;

  /* Only in an import's own transaction: a savepoint's rollback would
   * bring the indexes back without telling us. */
  if (self->indexes_deferred || self->depth != 1)
    return TRUE;
  if ((customers = count_for_id (self, "SELECT count(*) FROM customers WHERE id >= ?", 0, error)) < 0)
    return FALSE;
  if (expected_rows * 10 < (guint64) customers * DEFER_SHARE_TENTHS)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (deferred_indexes); i++)
    {
      g_autofree char *sql = g_strconcat ("DROP INDEX ", deferred_indexes[i][0], NULL);

      /* Prepared statements that used it are prepared again by SQLite. */
      if (!exec (self, sql, error))
        return FALSE;
    }
  self->indexes_deferred = TRUE;
  return TRUE;
}

/* Adds the import's customers with ids in [@from, @to) to the search
 * index, @row_by_row (a step between rows) or in one statement (the rest,
 * at the end). */
static gboolean
index_customers (CubeSqliteStore  *self,
                 gint64            from,
                 gint64            to,
                 gboolean          row_by_row,
                 GError          **error)
{
  g_autoptr(Statement) stmt = NULL;

  /* No merging of the index's segments while it takes the import's
   * customers (3.3 s → 2.6 s for a million), and FTS5 holds 4 MB of new
   * entries in memory before it writes them out as a segment instead of
   * 1 MB: fewer segments to merge (a million customers 2.0 s → 1.6 s,
   * 3 MB more at the peak). import_index puts both back to FTS5's
   * defaults, so that later small writes merge the segments as before. */
  if (!self->merge_paused)
    {
      if (!exec (self, "INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0);"
                       "INSERT INTO customer_search (customer_search, rank)"
                       " VALUES ('hashsize', " G_STRINGIFY (IMPORT_FTS_HASHSIZE) ")", error))
        return FALSE;
      self->merge_paused = TRUE;
    }
  /* FTS5 also writes out what it holds at the start and the end of every
   * statement that may write more than one row (its xSavepoint and
   * xRelease, around the statement journal), each time a segment of its
   * own. The steps between the writer's rows add a customer a statement,
   * which needs no statement journal: in 5,000s by INSERT … SELECT that
   * was 200 segments for a million and their merging 1.3 s of the
   * writer's time. */
  if (row_by_row)
    {
      g_autoptr(Statement) select = NULL;
      g_autoptr(Statement) insert = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(select = prepare (self, "SELECT id, search_text FROM customer_search_text"
                              " WHERE id >= ?1 AND id < ?2 ORDER BY id", error))
          || !(insert = prepare (self, "INSERT INTO customer_search (rowid, search_text) VALUES (?, ?)", error)))
        return FALSE;
      sqlite3_bind_int64 (select, 1, from);
      sqlite3_bind_int64 (select, 2, to);
      while (step_row (self, select, &local_error))
        {
          sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (select, 0));
          sqlite3_bind_value (insert, 2, sqlite3_column_value (select, 1));
          if (!step_done (self, insert, error))
            return FALSE;
          sqlite3_reset (insert);
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  /* The rest in one statement. Its statement journal keeps only the
   * pages of the file it changes that were there before (freed pages it
   * reuses), in a temporary file (temp_store = FILE). */
  if (!(stmt = prepare (self, "INSERT INTO customer_search (rowid, search_text)"
                        " SELECT id, search_text FROM customer_search_text WHERE id >= ?1 AND id < ?2 ORDER BY id",
                        error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_import_index (CubeStore  *store,
                     gboolean    write,
                     GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  gint64 from = self->index_from, to;
  gboolean reindex = self->reindex_pending;
  gint64 start = g_get_monotonic_time ();

  self->index_from = 0;
  self->reindex_pending = FALSE;
  if (write && !flush_created_events (self, error))
    return FALSE;
  self->created_from = 0;
  if (write && self->indexes_deferred)
    {
      /* CREATE INDEX sorts in memory up to the page cache's size per
       * sorter thread, on top of the cache: with a small cache the peak
       * stays where the import's was. Two sorter threads: 2.9 s → 2.2 s
       * for the three over two million customers. */
      exec (self, "PRAGMA cache_size = " G_STRINGIFY (REBUILD_CACHE_KIB) "; PRAGMA threads = 2", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (deferred_indexes); i++)
        if (!exec (self, deferred_indexes[i][1], error))
          {
            exec (self, "PRAGMA threads = 0", NULL);
            return FALSE;
          }
      exec (self, "PRAGMA threads = 0", NULL);
      g_debug ("import: indexes built again in %.2f s", (g_get_monotonic_time () - start) / 1e6);
      if (self->import_cache)
        exec (self, "PRAGMA cache_size = " G_STRINGIFY (IMPORT_CACHE_KIB), NULL);
    }
  self->indexes_deferred = FALSE;
  if (!write)
    {
      /* Rolled back (or about to be): nothing of it stays. */
      self->merge_paused = FALSE;
      if (self->import_cache)
        {
          exec (self, "PRAGMA cache_size = " G_STRINGIFY (CACHE_KIB), NULL);
          self->import_cache = FALSE;
        }
      if (reindex)
        exec (self, "DELETE FROM temp.import_reindex", NULL);
      return TRUE;
    }
  /* The customers it updated: out with the old text, in with the new. */
  if (reindex
      && !exec (self, "INSERT INTO customer_search (customer_search, rowid, search_text)"
                      " SELECT 'delete', id, old_text FROM temp.import_reindex ORDER BY id;"
                      "INSERT INTO customer_search (rowid, search_text)"
                      " SELECT c.id, c.search_text FROM temp.import_reindex r"
                      " JOIN customer_search_text c ON c.id = r.id ORDER BY c.id;"
                      "DELETE FROM temp.import_reindex", error))
    return FALSE;
  start = g_get_monotonic_time ();
  if (from != 0)
    {
      if ((to = count_for_id (self, "SELECT max(id) FROM customers WHERE id >= ?", from, error)) < 0)
        return FALSE;
      if (to >= from && !index_customers (self, from, to + 1, FALSE, error))
        return FALSE;
    }
  if (self->merge_paused)
    {
      if (!exec (self, "INSERT INTO customer_search (customer_search, rank)"
                       " VALUES ('automerge', " G_STRINGIFY (FTS_AUTOMERGE) ");"
                       "INSERT INTO customer_search (customer_search, rank)"
                       " VALUES ('hashsize', " G_STRINGIFY (FTS_HASHSIZE) ")", error))
        return FALSE;
      self->merge_paused = FALSE;
    }
  g_debug ("import: search index filled in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

static gboolean
sqlite_import_idle (CubeStore  *store,
                    gboolean   *did_work,
                    GError    **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);

  *did_work = FALSE;
  if (self->depth != 1 || self->added_last == 0)
    return TRUE;
  if (self->created_from != 0 && self->added_last - self->created_from + 1 >= IDLE_EVENT_ROWS)
    {
      *did_work = TRUE;
      return flush_created_events (self, error);
    }
  /* The customers since index_from are all there (the import's own,
   * written in its transaction): the next IDLE_INDEX_ROWS of them. An
   * update of one of them later goes through temp.import_reindex, as for
   * any customer the index already has. */
  if (self->index_from != 0 && self->added_last - self->index_from + 1 >= IDLE_INDEX_ROWS)
    {
      gint64 to = self->index_from + IDLE_INDEX_ROWS;

      *did_work = TRUE;
      if (!index_customers (self, self->index_from, to, TRUE, error))
        return FALSE;
      self->index_from = to;
    }
  return TRUE;
}

static gboolean
sqlite_import_update (CubeStore                *store,
                      gint64                    user_id,
                      CubeCustomer             *old,
                      GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      gint64                    import_id,
                      GError                  **error)
{
  CubeSqliteStore *self = CUBE_SQLITE_STORE (store);
  g_autoptr(Statement) stmt = NULL;

  import_cache_on (self);
  if (!update_customer_rows (self, user_id, old, fields, draft, import_id, error))
    return FALSE;
  /* One of its customers that it did not add (or added before, from an
   * earlier row of the file: listed once all the same). */
  if (!(stmt = prepare (self, "INSERT OR IGNORE INTO import_updates (import_id, customer_id) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  sqlite3_bind_int64 (stmt, 2, cube_customer_get_id (old));
  return step_done (self, stmt, error);
}

/* Refuses, before anything is written, a file that is not ours or that a
 * newer Cube wrote. */
static gboolean
check_file (CubeSqliteStore  *self,
            GError          **error)
{
  gint64 application_id = 0, version = 0, objects = 0;
  g_autoptr(GError) local_error = NULL;

  if (!pragma_int (self, "PRAGMA application_id", &application_id, &local_error)
      || !pragma_int (self, "PRAGMA user_version", &version, &local_error)
      || !pragma_int (self, "SELECT count(*) FROM sqlite_master", &objects, &local_error))
    {
      if ((sqlite3_errcode (self->db) & 0xff) == SQLITE_NOTADB)
        cube_set_error (error, CUBE_ERROR_DATABASE, "database",
                        _("%s is not a Cube database"), self->path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Ours, or a brand-new empty file; an empty file that another program
   * has claimed (its application_id) is not ours to take. */
  if (application_id != CUBE_APPLICATION_ID && (application_id != 0 || objects > 0 || version != 0))
    {
      cube_set_error (error, CUBE_ERROR_DATABASE, "database",
                      _("%s is not a Cube database"), self->path);
      return FALSE;
    }
  if (version > CUBE_SCHEMA_VERSION)
    {
      cube_set_error (error, CUBE_ERROR_DATABASE, "database",
                      _("%s was written by a newer version of Cube (schema %d; this program knows %d)"),
                      self->path, (int) version, CUBE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CubeSqliteStore  *self,
         int               target,
         GError          **error)
{
  gint64 version = 0;
  gboolean ok;

  if (!sqlite_begin (CUBE_STORE (self), error))
    return FALSE;
  /* Read again under the write lock: another process may have migrated. */
  ok = pragma_int (self, "PRAGMA user_version", &version, error);
  if (ok && version > CUBE_SCHEMA_VERSION)
    {
      cube_set_error (error, CUBE_ERROR_DATABASE, "database",
                      _("%s was written by a newer version of Cube"), self->path);
      ok = FALSE;
    }
  for (gint64 v = version; ok && v < target; v++)
    ok = exec (self, migrations[v], error);
  if (ok && version < target)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d",
                                              target, CUBE_APPLICATION_ID);
      ok = exec (self, sql, error);
    }
  return finish (self, ok, error);
}

static gboolean
open_database (CubeSqliteStore  *self,
               int               target,
               GError          **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  gint64 ignored, pages = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      cube_set_error (error, CUBE_ERROR_DATABASE, "database",
                      _("Cannot create the folder %s: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      cube_set_error (error, CUBE_ERROR_DATABASE, "database", _("Cannot open %s: %s"),
                      self->path, self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Other processes (agents, cube-cli serve) write too: wait for them. */
  sqlite3_busy_timeout (self->db, 10000);

  if (!check_file (self, error))
    return FALSE;
  /* A new file gets 16 KB pages (SQLite's default is 4 KB): fewer, fuller
   * pages in every index and in the search index made an import of a
   * million customers into a million 10.3 s → 9.2 s. A file that has pages
   * keeps their size (changing it takes a VACUUM with nobody else
   * connected). Before WAL mode, which fixes it. */
  if (!pragma_int (self, "PRAGMA page_count", &pages, error)
      || (pages == 0 && !exec (self, "PRAGMA page_size = " G_STRINGIFY (NEW_PAGE_SIZE), error)))
    return FALSE;
  if (!pragma_int (self, "PRAGMA journal_mode = WAL", &ignored, error)
      /* Temporary tables and statement journals in files, not the heap: an
       * update-mode import of a million rows keeps their old search text
       * there (206 MB peak RSS in memory, 73 MB this way). */
      || !exec (self, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                      " PRAGMA cache_size = " G_STRINGIFY (CACHE_KIB) "; PRAGMA temp_store = FILE", error))
    return FALSE;
  return migrate (self, target, error);
}

/* ---- GObject ---------------------------------------------------------- */

static void
cube_sqlite_store_finalize (GObject *object)
{
  CubeSqliteStore *self = (CubeSqliteStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->created_detail, g_free);

  G_OBJECT_CLASS (cube_sqlite_store_parent_class)->finalize (object);
}

static void
cube_sqlite_store_iface_init (CubeStoreInterface *iface)
{
  iface->ensure_user = sqlite_ensure_user;
  iface->begin = sqlite_begin;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->get_data_version = sqlite_get_data_version;
  iface->add_data_owner = sqlite_add_data_owner;
  iface->list_data_owners = sqlite_list_data_owners;
  iface->get_data_owner = sqlite_get_data_owner;
  iface->update_data_owner = sqlite_update_data_owner;
  iface->add_dataset = sqlite_add_dataset;
  iface->get_dataset = sqlite_get_dataset;
  iface->find_dataset = sqlite_find_dataset;
  iface->list_datasets = sqlite_list_datasets;
  iface->add_field = sqlite_add_field;
  iface->list_fields = sqlite_list_fields;
  iface->get_field = sqlite_get_field;
  iface->save_field = sqlite_save_field;
  iface->move_field = sqlite_move_field;
  iface->count_field_values = sqlite_count_field_values;
  iface->count_duplicate_values = sqlite_count_duplicate_values;
  iface->convert_field_values = sqlite_convert_field_values;
  iface->list_missing_value = sqlite_list_missing_value;
  iface->count_missing_value = sqlite_count_missing_value;
  iface->add_assignment = sqlite_add_assignment;
  iface->get_assignment = sqlite_get_assignment;
  iface->find_assignment = sqlite_find_assignment;
  iface->list_assignments = sqlite_list_assignments;
  iface->set_assignment_archived = sqlite_set_assignment_archived;
  iface->update_assignment = sqlite_update_assignment;
  iface->count_assignment_customers = sqlite_count_assignment_customers;
  iface->get_outcome = sqlite_get_outcome;
  iface->save_outcome = sqlite_save_outcome;
  iface->move_outcome = sqlite_move_outcome;
  iface->count_outcome_uses = sqlite_count_outcome_uses;
  iface->delete_outcome = sqlite_delete_outcome;
  iface->add_outcome = sqlite_add_outcome;
  iface->list_outcomes = sqlite_list_outcomes;
  iface->add_user = sqlite_add_user;
  iface->find_user = sqlite_find_user;
  iface->list_users = sqlite_list_users;
  iface->set_user_permissions = sqlite_set_user_permissions;
  iface->get_user = sqlite_get_user;
  iface->update_user = sqlite_update_user;
  iface->set_user_archived = sqlite_set_user_archived;
  iface->count_administrators = sqlite_count_administrators;
  iface->insert_customer = sqlite_insert_customer;
  iface->get_customer = sqlite_get_customer;
  iface->find_customer = sqlite_find_customer;
  iface->search_customers = sqlite_search_customers;
  iface->list_events = sqlite_list_events;
  iface->lock_customer = sqlite_lock_customer;
  iface->lock_next = sqlite_lock_next;
  iface->renew_lock = sqlite_renew_lock;
  iface->release_lock = sqlite_release_lock;
  iface->register_outcome = sqlite_register_outcome;
  iface->update_customer = sqlite_update_customer;
  iface->list_customers = sqlite_list_customers;
  iface->move_customer = sqlite_move_customer;
  iface->read_outcome_event = sqlite_read_outcome_event;
  iface->correct_outcome = sqlite_correct_outcome;
  iface->count_statuses = sqlite_count_statuses;
  iface->count_outcomes = sqlite_count_outcomes;
  iface->foreach_customer = sqlite_foreach_customer;
  iface->count_customers = sqlite_count_customers;
  iface->open_again = sqlite_open_again;
  iface->insert_import = sqlite_insert_import;
  iface->finish_import = sqlite_finish_import;
  iface->list_imports = sqlite_list_imports;
  iface->get_import = sqlite_get_import;
  iface->list_import_customers = sqlite_list_import_customers;
  iface->count_import_customers = sqlite_count_import_customers;
  iface->get_import_mapping = sqlite_get_import_mapping;
  iface->save_import_mapping = sqlite_save_import_mapping;
  iface->find_customer_id = sqlite_find_customer_id;
  iface->import_insert = sqlite_import_insert;
  iface->import_derive = sqlite_import_derive;
  iface->import_update = sqlite_import_update;
  iface->import_index = sqlite_import_index;
  iface->import_defer_indexes = sqlite_import_defer_indexes;
  iface->import_idle = sqlite_import_idle;
  iface->import_begin = sqlite_import_begin;
}

static void
cube_sqlite_store_class_init (CubeSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cube_sqlite_store_finalize;
  /* SQLite counts every allocation under a global mutex unless told not
   * to (Debian builds it with SQLITE_DEFAULT_MEMSTATUS=1); nothing here
   * reads the counts. Only possible before SQLite initialises: when
   * something in the process opened a database first, this fails
   * harmlessly (SQLITE_MISUSE) and the counting stays. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cube_sqlite_store_init (CubeSqliteStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

CubeSqliteStore *
cube_sqlite_store_new (const char  *path,
                       GError     **error)
{
  g_autoptr(CubeSqliteStore) self = g_object_new (CUBE_TYPE_SQLITE_STORE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  if (!open_database (self, CUBE_SCHEMA_VERSION, error))
    return NULL;
  return g_steal_pointer (&self);
}

CubeSqliteStore *
cube_sqlite_store_new_with_version (const char  *path,
                                    int          version,
                                    GError     **error)
{
  g_autoptr(CubeSqliteStore) self = g_object_new (CUBE_TYPE_SQLITE_STORE, NULL);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= CUBE_SCHEMA_VERSION, NULL);

  self->path = g_strdup (path);
  if (!open_database (self, version, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
cube_sqlite_store_checks_foreign_keys (CubeSqliteStore *self)
{
  gint64 on = 0;

  g_return_val_if_fail (CUBE_IS_SQLITE_STORE (self), FALSE);
  return pragma_int (self, "PRAGMA foreign_keys", &on, NULL) && on == 1;
}
