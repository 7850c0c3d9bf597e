/* bie-store.c: the local cache, the single source of truth
 *
 * The store owns the SQLite connection, the schema and its migrations, and
 * every query: nothing else in Bienestar writes SQL, and every value is
 * bound, never pasted. Each local edit is written together with its outbox
 * entry in one durable transaction (WAL, synchronous=FULL), so once a save
 * returns, neither a crash nor a power cut can lose it. Views learn of
 * changes through the "changed" signal, emitted on the main context after
 * the commit.
 *
 * One process owns a cache file: the connection takes SQLite's exclusive
 * lock at open and keeps it until the store is closed, so a second process
 * is told the cache is busy instead of writing beside the first.
 *
 * The store is not thread-safe: use it from one thread at a time.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bie-caseload.h"
#include "bie-store-caseload.h"
#include "bie-store-private.h"
#include "bie-store-sync.h"

#define BUSY_TIMEOUT_MS 2000
/* Page cache: enough for the hot part of a subred's indexes; a bulk load
 * gets more, for the random-order uuid index. */
#define CACHE_KIB 16384
#define BULK_CACHE_KIB 262144
#define BULK_CHECKPOINT_PAGES 16384

static const char * const app_migrations[] = {
  "001-records.sql",
  "002-search.sql",
  "003-caseload.sql",
  "004-caseload-sorts.sql",
  "005-followed-plan.sql",
  "006-localidad-boundaries.sql",
  "007-sync.sql",
  "008-search-bulk.sql",
  "009-sync-resource-rowid.sql",
  "010-bulk-triggers.sql",
  NULL
};


G_DEFINE_FINAL_TYPE (BieStore, bie_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* Errors
 *
 * SQLite's codes become BIE_STORE_ERROR codes with a message a user can
 * act on. SQLite's own text names tables and columns, never values, so it
 * may follow as detail. */

gboolean
bie_store_set_error (BieStore  *self,
                     int        rc,
                     GError   **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT,
                   _("The local cache file is damaged or is not a Bienestar cache (%s)."), detail);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_READ_ONLY,
                   _("The local cache cannot be written: check that the file and its folder "
                     "may be written to (%s)."), detail);
      break;

    case SQLITE_FULL:
      g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FULL,
                           _("The disk is full: nothing was saved. Free some space and try again."));
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_BUSY,
                           _("The local cache is in use by another Bienestar window or program."));
      break;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE && strstr (detail, "person.document") != NULL)
        g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_DUPLICATE,
                             _("A person with this identity document is already recorded."));
      else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID,
                             _("The record refers to another record that is not in the cache."));
      else
        g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID,
                     _("The record breaks a rule of the cache (%s)."), detail);
      break;

    case SQLITE_IOERR:
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FAILED,
                   _("The local cache could not be read or written (%s)."), detail);
      break;

    default:
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FAILED,
                   _("The local cache failed (%s)."), detail);
      break;
    }

  return FALSE;
}

/* Statements */

/* Statements are told apart by their length and their ends, where the
 * tables are named: hashing the whole of a long INSERT on every row a
 * first download writes took 3 % of the store's time. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  guint hash = length;

  for (gsize i = 0; i < length; i++)
    {
      if (i == 32 && length > 64)
        i = length - 32;
      hash = hash * 33 + (guchar) sql[i];
    }

  return hash;
}

sqlite3_stmt *
bie_store_prepare (BieStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
bie_store_exec (BieStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/* Runs @stmt to its end. */
gboolean
bie_store_step_done (BieStore      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/* After stepping @stmt through its rows until @rc: a missing row is not an
 * error, a failing one is. */
gboolean
bie_store_finish (BieStore      *self,
                  sqlite3_stmt  *stmt,
                  int            rc,
                  GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/* Steps @stmt, bound, for one row id: its first column, 0 when there is
 * no row, or -1 with @error set. */
gint64
bie_store_step_id (BieStore      *self,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);
  gint64 id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      bie_store_set_error (self, rc, error);
      return -1;
    }

  return id;
}

/* Each row of @sql's first column, as text. */
GPtrArray *
bie_store_select_texts (BieStore    *self,
                        const char  *sql,
                        GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, bie_store_column_text (stmt, 0));
  if (!bie_store_finish (self, stmt, rc, error))
    return NULL;

  return g_steal_pointer (&texts);
}

void
bie_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

char *
bie_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Transactions */

gboolean
bie_store_begin (BieStore  *self,
                 GError   **error)
{
  return bie_store_exec (self, "BEGIN IMMEDIATE", error);
}

static void
forget_pending (BieStore *self)
{
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      g_clear_pointer (&self->pending[e], g_array_unref);
      self->pending_all[e] = FALSE;
    }
}

void
bie_store_rollback (BieStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  forget_pending (self);
  /* The rows written may be gone: from here, asked of SQLite. */
  bie_store_sync_forget_new_records (self);
}

typedef struct
{
  BieStore  *store;
  BieEntity  entity;
  GArray    *ids;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_object_unref (change->store);
  g_clear_pointer (&change->ids, g_array_unref);
  g_free (change);
}

static gboolean
emit_change (gpointer data)
{
  Change *change = data;

  g_signal_emit (change->store, signals[CHANGED], 0, change->entity, change->ids);

  return G_SOURCE_REMOVE;
}

gboolean
bie_store_commit (BieStore  *self,
                  GError   **error)
{
  if (!bie_store_exec (self, "COMMIT", error))
    {
      bie_store_rollback (self);
      return FALSE;
    }

  /* Durable now: tell the views, on the main context. */
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      Change *change;

      if (self->pending[e] == NULL && !self->pending_all[e])
        continue;

      change = g_new0 (Change, 1);
      change->store = g_object_ref (self);
      change->entity = e;
      if (!self->pending_all[e])
        change->ids = g_steal_pointer (&self->pending[e]);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                                  emit_change, change, change_free);
    }
  forget_pending (self);

  return TRUE;
}

/* Many records of @entity may have changed: views should reread them. */
void
bie_store_note_all_changed (BieStore  *self,
                            BieEntity  entity)
{
  self->pending_all[entity] = TRUE;
  g_clear_pointer (&self->pending[entity], g_array_unref);
}

void
bie_store_note_change (BieStore  *self,
                       BieEntity  entity,
                       gint64     id)
{
  if (self->pending_all[entity])
    return;
  if (self->pending[entity] == NULL)
    self->pending[entity] = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (self->pending[entity], id);
}

/* The search indexes whole, from the records (schema 8 leaves them to
 * the end of a bulk load). In the order of row ids: FTS5 writes what it
 * holds to disk whenever a row id comes lower than the last, and the
 * index of living persons' documents, which SQLite would otherwise read
 * them by, made a segment for every few persons a download brought. */
static const char rebuild_search_sql[] =
  "INSERT INTO person_search (person_search) VALUES ('delete-all');"
  "INSERT INTO person_search (rowid, given_names, family_names, document_number) "
  "SELECT id, given_names, family_names, document_number FROM person WHERE deleted = 0 ORDER BY id;"
  "INSERT INTO household_search (household_search) VALUES ('delete-all');"
  "INSERT INTO household_search (rowid, address, sector) "
  "SELECT h.id, h.address, s.code || ' ' || s.name FROM household h JOIN sector s ON s.id = h.sector_id "
  "WHERE h.deleted = 0 ORDER BY h.id;";

static gboolean
rebuild_search (BieStore  *self,
                GError   **error)
{
  if (!bie_store_begin (self, error))
    return FALSE;
  if (!bie_store_exec (self, rebuild_search_sql, error))
    {
      bie_store_rollback (self);
      return FALSE;
    }

  return bie_store_commit (self, error);
}

/* Drops the triggers that ask meta for "bulk", kept in bulk_trigger
 * (schema 10) to be made again. Within a transaction. */
static gboolean
drop_bulk_triggers (BieStore  *self,
                    GError   **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (!bie_store_exec (self,
                       "INSERT OR IGNORE INTO bulk_trigger (name, sql) "
                       "SELECT name, sql FROM sqlite_schema "
                       "WHERE type = 'trigger' AND sql LIKE '%(SELECT value FROM meta WHERE key = ''bulk'')%'",
                       error))
    return FALSE;

  names = bie_store_select_texts (self, "SELECT name FROM bulk_trigger", error);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      /* A name of our own schema, quoted: an identifier cannot be bound. */
      char *sql = sqlite3_mprintf ("DROP TRIGGER IF EXISTS \"%w\"", (char *) names->pdata[i]);
      gboolean ok = bie_store_exec (self, sql, error);

      sqlite3_free (sql);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* Makes again the triggers drop_bulk_triggers() kept, in one transaction. */
static gboolean
restore_bulk_triggers (BieStore  *self,
                       GError   **error)
{
  g_autoptr(GPtrArray) definitions = NULL;

  if (!bie_store_begin (self, error))
    return FALSE;

  definitions = bie_store_select_texts (self, "SELECT sql FROM bulk_trigger", error);
  if (definitions == NULL)
    goto fail;
  for (guint i = 0; i < definitions->len; i++)
    if (!bie_store_exec (self, definitions->pdata[i], error))
      goto fail;
  if (!bie_store_exec (self, "DELETE FROM bulk_trigger", error))
    goto fail;

  return bie_store_commit (self, error);

fail:
  bie_store_rollback (self);
  return FALSE;
}

/* Ends a bulk load: the triggers that keep derived tables in step did not
 * run during it, so they are made again and those tables rebuilt whole.
 * Also run at open, for a bulk load that a crash interrupted. */
static gboolean
end_bulk (BieStore  *self,
          GError   **error)
{
  g_autofree char *bulk = bie_store_get_meta (self, "bulk");

  if (bulk == NULL)
    return TRUE;

  /* Made while "bulk" is still set, the triggers wait for the rebuilds. */
  return (self->schema_version < 10 || restore_bulk_triggers (self, error)) &&
         (self->schema_version < 3 || bie_store_rebuild_caseload (self, error)) &&
         (self->schema_version < 8 || rebuild_search (self, error)) &&
         bie_store_exec (self, "DELETE FROM meta WHERE key = 'bulk'", error);
}

static gboolean
begin_bulk (BieStore  *self,
            GError   **error)
{
  if (!bie_store_begin (self, error))
    return FALSE;
  if (!bie_store_set_meta (self, "bulk", "1", error) ||
      (self->schema_version >= 10 && !drop_bulk_triggers (self, error)))
    {
      bie_store_rollback (self);
      return FALSE;
    }

  return bie_store_commit (self, error);
}

static gboolean
set_pragmas (BieStore  *self,
             gboolean   bulk,
             GError   **error)
{
  if (bulk)
    return bie_store_exec (self,
                           "PRAGMA synchronous = OFF;"
                           "PRAGMA wal_autocheckpoint = " G_STRINGIFY (BULK_CHECKPOINT_PAGES) ";"
                           "PRAGMA cache_size = -" G_STRINGIFY (BULK_CACHE_KIB), error);

  return bie_store_exec (self,
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA wal_autocheckpoint = 1000;"
                         "PRAGMA cache_size = -" G_STRINGIFY (CACHE_KIB), error);
}

/**
 * bie_store_set_bulk:
 * @bulk: whether what follows is a bulk load
 *
 * For filling a new cache that is worth nothing until it is complete (the
 * demo city): commits stop waiting for the disk, the page cache grows, and
 * derived tables (the caseload's facts) are rebuilt once at the end rather
 * than row by row, so that millions of rows go in fast. A crash during a
 * bulk load may lose the batches of the last moments, never consistency.
 * Never use it for edits a user made.
 */
gboolean
bie_store_set_bulk (BieStore  *self,
                    gboolean   bulk,
                    GError   **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  if (bulk)
    return begin_bulk (self, error) && set_pragmas (self, TRUE, error);

  return end_bulk (self, error) && set_pragmas (self, FALSE, error);
}

/**
 * bie_store_get_meta:
 *
 * Returns: (transfer full) (nullable): the value kept under @key
 */
char *
bie_store_get_meta (BieStore   *self,
                    const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  bie_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = bie_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
bie_store_set_meta (BieStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  stmt = bie_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bie_store_bind_text (stmt, 1, key);
  bie_store_bind_text (stmt, 2, value);

  return bie_store_step_done (self, stmt, error);
}

/**
 * bie_store_check_integrity:
 * @report: receives one line per check and per table
 *
 * Checks the whole file (SQLite's integrity check, foreign keys, the
 * search index) and counts the records of every kind.
 *
 * Returns: whether the cache is sound; %FALSE with @error set otherwise
 */
gboolean
bie_store_check_integrity (BieStore  *self,
                           GString   *report,
                           GError   **error)
{
  sqlite3_stmt *stmt;
  guint n_problems = 0;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  stmt = bie_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        {
          g_string_append_printf (report, "integrity: %s\n", line);
          n_problems++;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bie_store_set_error (self, rc, error);

  stmt = bie_store_prepare (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_printf (report, "foreign key: %s row %" G_GINT64_FORMAT " refers to a missing %s\n",
                              sqlite3_column_text (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 1),
                              sqlite3_column_text (stmt, 2));
      n_problems++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bie_store_set_error (self, rc, error);

  rc = sqlite3_exec (self->db,
                     "INSERT INTO person_search (person_search) VALUES ('integrity-check');"
                     "INSERT INTO household_search (household_search) VALUES ('integrity-check');",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_string_append_printf (report, "search index: %s\n", sqlite3_errmsg (self->db));
      n_problems++;
    }

  g_string_append_printf (report, "schema: %u\n", self->schema_version);
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      gint64 count;

      if (!bie_store_count (self, e, &count, error))
        return FALSE;
      g_string_append_printf (report, "%s: %" G_GINT64_FORMAT "\n", bie_entity_info (e)->table, count);
    }
  {
    g_autoptr(GPtrArray) outbox = bie_store_list_outbox (self, error);

    if (outbox == NULL)
      return FALSE;
    g_string_append_printf (report, "outbox: %u\n", outbox->len);
  }

  if (n_problems > 0)
    {
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The local cache has %u problem.",
                                "The local cache has %u problems.", n_problems),
                   n_problems);
      return FALSE;
    }

  return TRUE;
}

/* Search ranking
 *
 * As a nurse types "mar", a hundred thousand persons match; bm25 would
 * read the size of every one of them to rank them, some hundred
 * milliseconds. What matters here is simpler and cheaper: a hit at the
 * start of a column before one further in, and some columns before
 * others. match_rank (table, weight, weight, ...) scores a row from its
 * hits alone, lower is better; the weights, one per column, rank hits at
 * the same place. */

#define RANK_NO_HIT (1 << 20)
#define RANK_MAX_OFFSET 15

static void
match_rank (const Fts5ExtensionApi  *api,
            Fts5Context             *fts,
            sqlite3_context         *context,
            int                      n_values,
            sqlite3_value          **values)
{
  int n_hits, best = RANK_NO_HIT;

  if (api->xInstCount (fts, &n_hits) == SQLITE_OK)
    for (int i = 0; i < n_hits; i++)
      {
        int phrase, column, offset, weight;

        if (api->xInst (fts, i, &phrase, &column, &offset) != SQLITE_OK)
          break;
        weight = column < n_values ? sqlite3_value_int (values[column]) : column;
        best = MIN (best, MIN (offset, RANK_MAX_OFFSET) * 8 + CLAMP (weight, 0, 7));
      }

  sqlite3_result_int (context, best);
}

/* caseload_priority (open_risks, next_due, last_contact, youngest_birth,
 * oldest_birth, pregnant, caregiver): bie_priority_score() as of the
 * store's day, for the schema's household_facts_source. */
static void
caseload_priority (sqlite3_context  *context,
                   int               n_values,
                   sqlite3_value   **values)
{
  BieStore *self = sqlite3_user_data (context);
  BiePriorityFactors factors;

  bie_priority_factors_init (&factors, &self->today,
                             sqlite3_value_int (values[0]),
                             (const char *) sqlite3_value_text (values[1]),
                             (const char *) sqlite3_value_text (values[2]),
                             (const char *) sqlite3_value_text (values[3]),
                             (const char *) sqlite3_value_text (values[4]),
                             sqlite3_value_int (values[5]),
                             sqlite3_value_int (values[6]));
  sqlite3_result_int (context, bie_priority_score (&factors, NULL));
}

/* What the schema calls that SQLite does not have: registered on the
 * connection before any migration runs. */
static gboolean
register_functions (BieStore  *self,
                    GError   **error)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT fts5 (?1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (api == NULL || api->iVersion < 2)
    {
      g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FAILED,
                           _("This system’s SQLite has no full-text search (FTS5)."));
      return FALSE;
    }

  rc = api->xCreateFunction (api, "match_rank", NULL, match_rank, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (self->db, "caseload_priority", 7, SQLITE_UTF8, self,
                                  caseload_priority, NULL, NULL);
  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/* Opening */

static GBytes *
load_migration (const char  *name,
                GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH "/migrations/", name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static gboolean
read_schema_version (BieStore  *self,
                     guint     *version,
                     GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/* A file shorter than SQLite's header says was cut off: say so now
 * rather than when a page that is not there is first read. Only
 * meaningful without a write-ahead log, whose pages the file may lack. */
static gboolean
check_not_truncated (BieStore  *self,
                     GError   **error)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  GStatBuf info;
  sqlite3_stmt *stmt;
  gint64 expected = 0;

  if (g_file_test (wal, G_FILE_TEST_EXISTS) || g_stat (self->path, &info) != 0)
    return TRUE;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT page_count * page_size FROM pragma_page_count (), pragma_page_size ()",
                          -1, &stmt, NULL) != SQLITE_OK)
    return bie_store_set_error (self, sqlite3_errcode (self->db), error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    expected = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (info.st_size < expected)
    {
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT,
                   _("The local cache file is damaged: it is shorter than it should be."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (BieStore            *self,
         const char * const  *migrations,
         GError             **error)
{
  guint latest = g_strv_length ((char **) migrations);

  if (!read_schema_version (self, &self->schema_version, error))
    return FALSE;

  if (self->schema_version > latest)
    {
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_TOO_NEW,
                   _("The local cache was written by a newer version of Bienestar "
                     "(schema %u; this version knows up to %u). Update Bienestar to open it."),
                   self->schema_version, latest);
      return FALSE;
    }

  for (guint version = self->schema_version + 1; version <= latest; version++)
    {
      g_autoptr(GBytes) script = NULL;
      g_autofree char *sql = NULL;
      g_autoptr(GError) local_error = NULL;

      /* A name is a script in the resources; tests may pass SQL itself. */
      if (g_str_has_suffix (migrations[version - 1], ".sql"))
        {
          script = load_migration (migrations[version - 1], error);
          if (script == NULL)
            return FALSE;
          sql = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
        }
      else
        sql = g_strdup (migrations[version - 1]);

      /* Each migration whole or not at all: a failure leaves the file at
       * the schema it had. */
      if (!bie_store_begin (self, error))
        return FALSE;
      if (!bie_store_exec (self, sql, &local_error))
        {
          bie_store_rollback (self);
          g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FAILED,
                       _("The local cache could not be upgraded to schema %u: %s"),
                       version, local_error->message);
          return FALSE;
        }
      g_free (sql);
      sql = g_strdup_printf ("PRAGMA user_version = %u", version);
      if (!bie_store_exec (self, sql, error) || !bie_store_commit (self, error))
        {
          bie_store_rollback (self);
          return FALSE;
        }
      self->schema_version = version;
    }

  return TRUE;
}

static gboolean
bie_store_open_connection (BieStore            *self,
                           const char * const  *migrations,
                           GError             **error)
{
  g_autofree char *journal_mode = NULL;
  sqlite3_stmt *stmt;
  guint version;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (sqlite3_db_readonly (self->db, "main"))
    return bie_store_set_error (self, SQLITE_READONLY, error);

  /* Own the file from here on: a second process is refused. */
  if (!bie_store_exec (self, "PRAGMA locking_mode = EXCLUSIVE", error))
    return FALSE;

  /* Read what the file is before changing anything in it. */
  if (!read_schema_version (self, &version, error))
    return FALSE;
  if (version > g_strv_length ((char **) migrations))
    return migrate (self, migrations, error);
  if (version > 0 && !check_not_truncated (self, error))
    return FALSE;

  /* Statement journals (kept for each insert with triggers) stay in
   * memory rather than in a temporary file written page by page. */
  if (!bie_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !bie_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !set_pragmas (self, FALSE, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return bie_store_set_error (self, rc, error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    journal_mode = bie_store_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return bie_store_set_error (self, rc, error);
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_warning ("The cache is in journal mode %s, not WAL", journal_mode);

  if (!register_functions (self, error))
    return FALSE;

  /* Take the exclusive lock now rather than at the first write. */
  if (!bie_store_exec (self, "BEGIN EXCLUSIVE; COMMIT", error))
    return FALSE;

  return migrate (self, migrations, error);
}

static BieStore *
open_store (const char          *path,
            const char * const  *migrations,
            GError             **error)
{
  g_autoptr(BieStore) self = g_object_new (BIE_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  if (!bie_store_open_connection (self, migrations, error))
    return NULL;

  /* Priorities are judged on a day: a new day, new priorities. */
  if (!end_bulk (self, error) ||
      (self->schema_version >= 3 && !bie_store_refresh_priorities (self, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * bie_store_open:
 * @path: the cache file; created when it does not exist
 *
 * Opens the local cache, creating or upgrading its schema. A file that
 * is damaged, written by a newer Bienestar, read-only or owned by another
 * process is refused with an error that says which, and is left as it was.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
BieStore *
bie_store_open (const char  *path,
                GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_store (path, app_migrations, error);
}

/* A cache is its file and, while in use or after a crash, these. */
static const char * const companions[] = { "", "-wal", "-shm" };

/**
 * bie_store_move_aside:
 * @path: a cache file that is not open
 *
 * Renames a (damaged) cache and its companions to @path.damaged-<when>,
 * keeping them for whoever can recover them: a cache is never overwritten.
 */
gboolean
bie_store_move_aside (const char  *path,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (path, companions[i], NULL);
      g_autofree char *to = g_strdup_printf ("%s.damaged-%s%s", path, stamp, companions[i]);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The damaged cache could not be moved aside: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * bie_store_remove_files:
 * @path: a cache file that is not open
 *
 * Removes a cache and its companions, for caches that hold nothing of
 * value (a demo city whose building was interrupted, tests).
 */
void
bie_store_remove_files (const char *path)
{
  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *file = g_strconcat (path, companions[i], NULL);

      g_unlink (file);
    }
}

BieStore *
bie_store_open_with_migrations (const char          *path,
                                const char * const  *migrations,
                                GError             **error)
{
  return open_store (path, migrations, error);
}

gpointer
bie_store_get_connection (BieStore *self)
{
  return self->db;
}

/**
 * bie_store_get_path:
 *
 * Returns: (transfer none): the file of the cache
 */
const char *
bie_store_get_path (BieStore *self)
{
  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  return self->path;
}

guint
bie_store_get_schema_version (BieStore *self)
{
  g_return_val_if_fail (BIE_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * bie_store_get_latest_schema_version:
 *
 * Returns: the schema this version of Bienestar writes
 */
guint
bie_store_get_latest_schema_version (void)
{
  return g_strv_length ((char **) app_migrations);
}

static void
bie_store_finalize (GObject *object)
{
  BieStore *self = BIE_STORE (object);

  forget_pending (self);
  bie_store_sync_forget_new_records (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_main_context_unref (self->context);
  g_free (self->path);

  G_OBJECT_CLASS (bie_store_parent_class)->finalize (object);
}

static void
bie_store_class_init (BieStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* SQLite's memory statistics take a lock around every allocation it
   * makes, a tenth of the time of a bulk load; nothing here reads them.
   * Only possible before SQLite is first used. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->finalize = bie_store_finalize;

  /**
   * BieStore::changed:
   * @entity: the kind of the records that changed
   * @ids: (nullable) (element-type gint64): their row ids, or %NULL when
   *   many records of that kind may have changed
   *
   * Emitted on the main context after a transaction that changed records
   * was committed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ARRAY);
}

static void
bie_store_init (BieStore *self)
{
  g_autoptr(GDate) today = bie_today ();

  self->today = *today;
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->context = g_main_context_ref_thread_default ();
}
