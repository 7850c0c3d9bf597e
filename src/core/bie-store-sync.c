/* bie-store-sync.c: what synchronisation reads and writes in the cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine above (src/sync) decides; this file only keeps: the outbox
 * squashed per record, the server's last version of each record (the base
 * of a merge), conflicts until someone chooses, and resources that came
 * before a record they refer to. Every write here is bound, never pasted.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bie-store-private.h"
#include "bie-store-sync.h"

void
bie_sync_change_free (BieSyncChange *change)
{
  if (change == NULL)
    return;

  bie_record_free (change->entity, change->record);
  g_free (change->base_json);
  g_free (change->sector_code);
  g_free (change->sent_json);
  g_free (change->sent_coverage);
  g_free (change->new_server_id);
  g_free (change->new_version);
  g_free (change);
}

void
bie_sync_conflict_free (BieSyncConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->uuid);
  g_free (conflict->theirs_json);
  g_free (conflict->theirs_version);
  g_strfreev (conflict->fields);
  g_free (conflict);
}

/* Transactions, for the engine to apply one page whole or not at all. */

gboolean
bie_store_sync_begin (BieStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  return bie_store_begin (self, error);
}

gboolean
bie_store_sync_commit (BieStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  return bie_store_commit (self, error);
}

void
bie_store_sync_rollback (BieStore *self)
{
  g_return_if_fail (BIE_IS_STORE (self));

  bie_store_rollback (self);
}

/* The outbox, squashed */

/**
 * bie_store_sync_changes:
 * @limit: at most this many records
 *
 * The records with local edits to send, each once however many edits it
 * had, in the order of their first edits; records in conflict wait for
 * the user.
 *
 * Returns: (transfer full) (element-type BieSyncChange): the changes
 */
GPtrArray *
bie_store_sync_changes (BieStore  *self,
                        guint      limit,
                        GError   **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_sync_change_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  /* Each record once, at its first edit, in the order of the edits: a
   * record goes up with or after the records it refers to, which were
   * made before it. The outbox is walked from its start by its key and
   * the walk stops at @limit: no sort of the whole outbox per batch. */
  stmt = bie_store_prepare (self,
                            "SELECT o.entity, o.uuid, "
                            "       (SELECT max (m.id) FROM outbox m WHERE m.entity = o.entity AND m.uuid = o.uuid) "
                            "FROM outbox o "
                            "WHERE o.id = (SELECT min (f.id) FROM outbox f WHERE f.entity = o.entity AND f.uuid = o.uuid) "
                            "  AND NOT EXISTS (SELECT 1 FROM sync_conflict c "
                            "                  WHERE c.entity = o.entity AND c.uuid = o.uuid) "
                            "ORDER BY o.id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const BieEntityInfo *info = bie_entity_info_by_table ((const char *) sqlite3_column_text (stmt, 0));
      BieSyncChange *change;

      if (info == NULL)
        continue;

      change = g_new0 (BieSyncChange, 1);
      change->entity = info->entity;
      change->last_outbox_id = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (changes, change);
      g_ptr_array_add (uuids, bie_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  /* The records are read once the statement is done with. */
  for (guint i = 0; i < changes->len; i++)
    {
      BieSyncChange *change = g_ptr_array_index (changes, i);
      const char *uuid = g_ptr_array_index (uuids, i);
      BieRecord *record;

      record = bie_store_load_by_uuid (self, change->entity, uuid, error);
      if (record == NULL)
        return NULL;
      change->record = record;
      change->base_json = bie_store_sync_base (self, change->entity, uuid);
      change->sector_code = bie_store_sync_sector_code (self, change->entity, record->id);
    }

  return g_steal_pointer (&changes);
}

/**
 * bie_store_sync_count:
 * @pending: (out) (optional): records with edits the server has not taken
 * @conflicts: (out) (optional): conflicts waiting for someone to choose
 */
gboolean
bie_store_sync_count (BieStore  *self,
                      gint64    *pending,
                      gint64    *conflicts,
                      GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  stmt = bie_store_prepare (self,
                            "SELECT (SELECT count (*) FROM (SELECT 1 FROM outbox GROUP BY entity, uuid)), "
                            "       (SELECT count (*) FROM sync_conflict)", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return bie_store_finish (self, stmt, sqlite3_errcode (self->db), error);
  if (pending != NULL)
    *pending = sqlite3_column_int64 (stmt, 0);
  if (conflicts != NULL)
    *conflicts = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);

  return TRUE;
}

/* A person's Coverage, the companion of their Patient, is kept beside
 * their base under its own name. */
#define COVERAGE_BASE "coverage"

static gboolean
set_base_of (BieStore    *self,
             const char  *kind,
             const char  *uuid,
             const char  *version,
             const char  *json,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (json == NULL)
    {
      stmt = bie_store_prepare (self, "DELETE FROM sync_resource WHERE entity = ? AND uuid = ?", error);
      if (stmt == NULL)
        return FALSE;
      bie_store_bind_text (stmt, 1, kind);
      bie_store_bind_uuid (stmt, 2, uuid);
      return bie_store_step_done (self, stmt, error);
    }

  stmt = bie_store_prepare (self,
                            "INSERT OR REPLACE INTO sync_resource (entity, uuid, version, json) "
                            "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, kind);
  bie_store_bind_uuid (stmt, 2, uuid);
  bie_store_bind_text (stmt, 3, version);
  bie_store_bind_text (stmt, 4, json);

  return bie_store_step_done (self, stmt, error);
}

static gboolean
set_base (BieStore    *self,
          BieEntity    entity,
          const char  *uuid,
          const char  *version,
          const char  *json,
          GError     **error)
{
  return set_base_of (self, bie_entity_info (entity)->table, uuid, version, json, error);
}

static gboolean
acknowledge_one (BieStore       *self,
                 BieSyncChange  *change,
                 GError        **error)
{
  const BieEntityInfo *info = bie_entity_info (change->entity);
  BieRecord *record = change->record;
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET server_id = ?, version = ? WHERE id = ?",
                                             info->table);
  sqlite3_stmt *stmt;

  stmt = bie_store_prepare (self, update, error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, change->new_server_id ?: record->server_id);
  bie_store_bind_text (stmt, 2, change->new_version);
  sqlite3_bind_int64 (stmt, 3, record->id);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  if (!set_base (self, change->entity, record->uuid, change->new_version, change->sent_json, error))
    return FALSE;
  /* A person's Coverage: as sent, or deleted with the person. */
  if ((change->sent_coverage != NULL || (record->deleted && change->entity == BIE_ENTITY_PERSON)) &&
      !set_base_of (self, COVERAGE_BASE, record->uuid, NULL, change->sent_coverage, error))
    return FALSE;

  stmt = bie_store_prepare (self, "DELETE FROM outbox WHERE entity = ? AND uuid = ? AND id <= ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, info->table);
  bie_store_bind_text (stmt, 2, record->uuid);
  sqlite3_bind_int64 (stmt, 3, change->last_outbox_id);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  /* Edits made while this one travelled now start from the new version. */
  stmt = bie_store_prepare (self, "UPDATE outbox SET base_version = ? WHERE entity = ? AND uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, change->new_version);
  bie_store_bind_text (stmt, 2, info->table);
  bie_store_bind_text (stmt, 3, record->uuid);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  /* A person new to the server: their household's Group can list them now. */
  if (change->entity == BIE_ENTITY_PERSON && record->version == NULL && !record->deleted &&
      ((BiePerson *) record)->household_id != 0 &&
      !bie_store_queue_household (self, ((BiePerson *) record)->household_id, error))
    return FALSE;

  bie_store_note_change (self, change->entity, record->id);

  return TRUE;
}

/**
 * bie_store_sync_acknowledge:
 * @changes: (element-type BieSyncChange): changes the server took, with
 *   their new version and what was sent
 *
 * Keeps the server's id and version of each record, the version as the
 * base of later merges, and removes the outbox entries the server has
 * now; all in one transaction.
 */
gboolean
bie_store_sync_acknowledge (BieStore   *self,
                            GPtrArray  *changes,
                            GError    **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!bie_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      if (!acknowledge_one (self, g_ptr_array_index (changes, i), error))
        {
          bie_store_rollback (self);
          return FALSE;
        }
    }

  return bie_store_commit (self, error);
}

/**
 * bie_store_sync_queue_all:
 * @queued: (out) (optional): how many records were queued
 *
 * Queues every record of the cache not yet queued for upload, to seed an
 * empty training or test server from a demo cache.
 */
gboolean
bie_store_sync_queue_all (BieStore  *self,
                          gint64    *queued,
                          GError   **error)
{
  gint64 total = 0;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  if (!bie_store_begin (self, error))
    return FALSE;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      const char *table = bie_entity_info (e)->table;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      /* The uuid as text, as the outbox keeps it. */
      sql = g_strdup_printf ("INSERT INTO outbox (entity, uuid, operation, changes, base_version, created_at) "
                             "SELECT ?1, u, 'create', '{}', version, ?2 FROM "
                             "(SELECT lower (substr (hex (uuid), 1, 8) || '-' || substr (hex (uuid), 9, 4) || '-' || "
                             "  substr (hex (uuid), 13, 4) || '-' || substr (hex (uuid), 17, 4) || '-' || "
                             "  substr (hex (uuid), 21)) AS u, version FROM %s WHERE deleted = 0) r "
                             "WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ?1 AND o.uuid = r.u) "
                             "ORDER BY u", table);
      stmt = bie_store_prepare (self, sql, error);
      if (stmt == NULL)
        {
          bie_store_rollback (self);
          return FALSE;
        }
      bie_store_bind_text (stmt, 1, table);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      if (!bie_store_step_done (self, stmt, error))
        {
          bie_store_rollback (self);
          return FALSE;
        }
      total += sqlite3_changes (self->db);
    }

  if (!bie_store_commit (self, error))
    return FALSE;
  if (queued != NULL)
    *queued = total;

  return TRUE;
}

/* Identities */

/**
 * bie_store_sync_fhir_id:
 *
 * Returns: (transfer full) (nullable): the id the server knows the record
 *   by: its server id, or its uuid until the server has it
 */
char *
bie_store_sync_fhir_id (BieStore  *self,
                        BieEntity  entity,
                        gint64     id)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char *fhir_id = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  sql = g_strdup_printf ("SELECT server_id, uuid FROM %s WHERE id = ?", bie_entity_info (entity)->table);
  stmt = bie_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      fhir_id = bie_store_column_text (stmt, 0);
      if (fhir_id == NULL)
        fhir_id = bie_store_column_uuid (stmt, 1);
    }
  sqlite3_reset (stmt);

  return fhir_id;
}

/**
 * bie_store_sync_members:
 *
 * The members of a household that its Group lists: those living and
 * known to the server, never a Patient it has not got.
 *
 * Returns: (transfer full) (element-type gint64) (nullable): their row
 *   ids; NULL when they could not be read
 */
GArray *
bie_store_sync_members (BieStore *self,
                        gint64    household_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT id FROM person WHERE household_id = ? AND deleted = 0 "
                            "AND version IS NOT NULL ORDER BY id", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

/* A first download */

/**
 * bie_store_sync_know_new_records:
 *
 * For a first download: of each kind of record the cache has none of, the
 * row ids of the records bie_store_sync_write() writes from now on are
 * kept, and bie_store_sync_row_id() answers from them alone, since they
 * are all the kind has: a download's references and its records' own ids
 * cost a table lookup rather than one or two queries. Until
 * bie_store_sync_forget_new_records() or a rollback.
 */
gboolean
bie_store_sync_know_new_records (BieStore  *self,
                                 GError   **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  bie_store_sync_forget_new_records (self);
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", bie_entity_info (e)->table);
      sqlite3_stmt *stmt = bie_store_prepare (self, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          bie_store_sync_forget_new_records (self);
          return bie_store_set_error (self, rc, error);
        }
      if (sqlite3_column_int (stmt, 0) == 0)
        {
          self->new_by_uuid[e] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          self->new_by_server_id[e] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        }
      sqlite3_reset (stmt);
    }

  return TRUE;
}

void
bie_store_sync_forget_new_records (BieStore *self)
{
  g_return_if_fail (BIE_IS_STORE (self));

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      g_clear_pointer (&self->new_by_uuid[e], g_hash_table_unref);
      g_clear_pointer (&self->new_by_server_id[e], g_hash_table_unref);
    }
}

static void
know_new_record (BieStore   *self,
                 BieEntity   entity,
                 BieRecord  *record)
{
  if (self->new_by_uuid[entity] == NULL)
    return;

  g_hash_table_insert (self->new_by_uuid[entity], g_ascii_strdown (record->uuid, -1),
                       g_memdup2 (&record->id, sizeof record->id));
  if (record->server_id != NULL)
    g_hash_table_insert (self->new_by_server_id[entity], g_strdup (record->server_id),
                         g_memdup2 (&record->id, sizeof record->id));
}

/* The row id by uuid first, as find_row_id() has it. */
static gint64
new_row_id (BieStore   *self,
            BieEntity   entity,
            const char *fhir_id)
{
  gint64 *id = NULL;
  char uuid[37];

  /* The table holds valid uuids only: any other text of their length
   * finds nothing there, without a check of its own. */
  if (strlen (fhir_id) == sizeof uuid - 1)
    {
      for (guint i = 0; i < sizeof uuid; i++)
        uuid[i] = g_ascii_tolower (fhir_id[i]);
      id = g_hash_table_lookup (self->new_by_uuid[entity], uuid);
    }
  if (id == NULL)
    id = g_hash_table_lookup (self->new_by_server_id[entity], fhir_id);

  return id != NULL ? *id : 0;
}

/**
 * bie_store_sync_row_id:
 *
 * Returns: the row id of the record the server knows as @fhir_id; 0 when
 *   the cache has none
 */
gint64
bie_store_sync_row_id (BieStore   *self,
                       BieEntity   entity,
                       const char *fhir_id)
{
  /* Built once per kind: every reference of a download comes here. */
  static gsize by_uuid[BIE_N_ENTITIES];
  static gsize by_server_id[BIE_N_ENTITIES];
  const char *table;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (BIE_IS_STORE (self), 0);
  g_return_val_if_fail (fhir_id != NULL, 0);

  if (self->new_by_uuid[entity] != NULL)
    return new_row_id (self, entity, fhir_id);

  table = bie_entity_info (entity)->table;
  if (g_once_init_enter (&by_uuid[entity]))
    g_once_init_leave (&by_uuid[entity], (gsize) g_strdup_printf ("SELECT id FROM %s WHERE uuid = ?", table));
  if (g_once_init_enter (&by_server_id[entity]))
    g_once_init_leave (&by_server_id[entity],
                       (gsize) g_strdup_printf ("SELECT id FROM %s WHERE server_id = ?", table));

  if (g_uuid_string_is_valid (fhir_id))
    {
      stmt = bie_store_prepare (self, (const char *) by_uuid[entity], NULL);
      if (stmt == NULL)
        return 0;
      bie_store_bind_uuid (stmt, 1, fhir_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id != 0)
        return id;
    }

  stmt = bie_store_prepare (self, (const char *) by_server_id[entity], NULL);
  if (stmt == NULL)
    return 0;
  bie_store_bind_text (stmt, 1, fhir_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

/**
 * bie_store_sync_sector_code:
 *
 * Returns: (transfer full) (nullable): the code of the sector the record
 *   belongs to, for the tag that lets any server filter by sector
 */
char *
bie_store_sync_sector_code (BieStore  *self,
                            BieEntity  entity,
                            gint64     id)
{
  const char *sql;
  sqlite3_stmt *stmt;
  char *code = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

#define HOUSEHOLD_SECTOR "JOIN household h ON h.id = r.household_id JOIN sector s ON s.id = h.sector_id "
  switch (entity)
    {
    case BIE_ENTITY_SECTOR:
      sql = "SELECT code FROM sector WHERE id = ?";
      break;
    case BIE_ENTITY_HOUSEHOLD:
      sql = "SELECT s.code FROM household h JOIN sector s ON s.id = h.sector_id WHERE h.id = ?";
      break;
    case BIE_ENTITY_PERSON:
      sql = "SELECT s.code FROM person r " HOUSEHOLD_SECTOR "WHERE r.id = ?";
      break;
    case BIE_ENTITY_RISK:
      sql = "SELECT s.code FROM risk r " HOUSEHOLD_SECTOR "WHERE r.id = ?";
      break;
    case BIE_ENTITY_CARE_PLAN:
      sql = "SELECT s.code FROM care_plan r " HOUSEHOLD_SECTOR "WHERE r.id = ?";
      break;
    case BIE_ENTITY_ENCOUNTER:
      sql = "SELECT s.code FROM encounter r " HOUSEHOLD_SECTOR "WHERE r.id = ?";
      break;
    case BIE_ENTITY_APPOINTMENT:
      sql = "SELECT s.code FROM appointment r " HOUSEHOLD_SECTOR "WHERE r.id = ?";
      break;
    case BIE_ENTITY_GOAL:
      sql = "SELECT s.code FROM goal g JOIN care_plan r ON r.id = g.plan_id " HOUSEHOLD_SECTOR "WHERE g.id = ?";
      break;
    case BIE_ENTITY_ACTIVITY:
      sql = "SELECT s.code FROM activity a JOIN care_plan r ON r.id = a.plan_id " HOUSEHOLD_SECTOR "WHERE a.id = ?";
      break;
    case BIE_ENTITY_VACCINATION:
      sql = "SELECT s.code FROM vaccination v JOIN person r ON r.id = v.person_id " HOUSEHOLD_SECTOR "WHERE v.id = ?";
      break;
    default:
      return NULL;
    }
#undef HOUSEHOLD_SECTOR

  stmt = bie_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    code = bie_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return code;
}

static char *
base_of (BieStore   *self,
         const char *kind,
         const char *uuid)
{
  sqlite3_stmt *stmt;
  char *json = NULL;

  stmt = bie_store_prepare (self, "SELECT json FROM sync_resource WHERE entity = ? AND uuid = ?", NULL);
  if (stmt == NULL)
    return NULL;
  bie_store_bind_text (stmt, 1, kind);
  bie_store_bind_uuid (stmt, 2, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = bie_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  return json;
}

/**
 * bie_store_sync_base:
 *
 * Returns: (transfer full) (nullable): the server's last version of the
 *   record, as it sent it
 */
char *
bie_store_sync_base (BieStore    *self,
                     BieEntity    entity,
                     const char  *uuid)
{
  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  return base_of (self, bie_entity_info (entity)->table, uuid);
}

/**
 * bie_store_sync_coverage:
 *
 * Returns: (transfer full) (nullable): the person's Coverage as the server
 *   last had it, sent or received
 */
char *
bie_store_sync_coverage (BieStore   *self,
                         const char *person_uuid)
{
  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  return base_of (self, COVERAGE_BASE, person_uuid);
}

/**
 * bie_store_sync_set_coverage:
 *
 * Keeps a person's Coverage as the server has it now. Within a sync
 * transaction.
 */
gboolean
bie_store_sync_set_coverage (BieStore    *self,
                             const char  *person_uuid,
                             const char  *json,
                             GError     **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  return set_base_of (self, COVERAGE_BASE, person_uuid, NULL, json, error);
}

/**
 * bie_store_sync_write_insurance:
 *
 * Writes a person's insurance as the server's Coverage has it, and
 * nothing else of them: what a Coverage changes, without rewriting the
 * whole row and its indexes. Within a sync transaction.
 */
gboolean
bie_store_sync_write_insurance (BieStore    *self,
                                BiePerson   *person,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (person != NULL && person->record.id != 0, FALSE);

  stmt = bie_store_prepare (self, "UPDATE person SET eps_code = ?, regimen = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, person->eps_code);
  bie_store_bind_text (stmt, 2, person->regimen);
  sqlite3_bind_int64 (stmt, 3, person->record.id);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;
  bie_store_note_change (self, BIE_ENTITY_PERSON, person->record.id);

  return TRUE;
}

/**
 * bie_store_sync_local_edits:
 * @fields: (out) (transfer full) (nullable): the names of the fields edited
 *   here and not yet sent, "*" for a record created here, "deleted" for
 *   one deleted here; NULL when there are none
 * @in_conflict: (out): whether the record waits in a conflict
 */
gboolean
bie_store_sync_local_edits (BieStore     *self,
                            BieEntity     entity,
                            const char   *uuid,
                            GHashTable  **fields,
                            gboolean     *in_conflict,
                            GError      **error)
{
  const char *table = bie_entity_info (entity)->table;
  g_autoptr(GHashTable) edited = NULL;
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  stmt = bie_store_prepare (self, "SELECT operation, changes FROM outbox WHERE entity = ? AND uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, table);
  bie_store_bind_text (stmt, 2, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *operation = (const char *) sqlite3_column_text (stmt, 0);
      const char *changes = (const char *) sqlite3_column_text (stmt, 1);
      JsonNode *root;

      /* Most records have no edits: made for those that do. */
      if (edited == NULL)
        {
          edited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          parser = json_parser_new ();
        }
      if (g_strcmp0 (operation, "create") == 0)
        g_hash_table_add (edited, g_strdup ("*"));
      else if (g_strcmp0 (operation, "delete") == 0)
        g_hash_table_add (edited, g_strdup ("deleted"));

      if (changes == NULL || !json_parser_load_from_data (parser, changes, -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (root));

          for (GList *l = members; l != NULL; l = l->next)
            g_hash_table_add (edited, g_strdup (l->data));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return bie_store_set_error (self, rc, error);

  stmt = bie_store_prepare (self, "SELECT 1 FROM sync_conflict WHERE entity = ? AND uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, table);
  bie_store_bind_text (stmt, 2, uuid);
  *in_conflict = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  *fields = g_steal_pointer (&edited);

  return TRUE;
}

/* What came from the server */

/**
 * bie_store_sync_write:
 * @record: (inout): the record as the server has it; its row id 0 when new
 * @json: (nullable): the resource it came as, the base of later merges;
 *   NULL to keep the base there is (a record from a file of edits)
 *
 * Writes a record from the server without an outbox entry. To be called
 * between bie_store_sync_begin() and bie_store_sync_commit().
 */
gboolean
bie_store_sync_write (BieStore    *self,
                      BieEntity    entity,
                      gpointer     record,
                      const char  *json,
                      GError     **error)
{
  BieRecord *header = record;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!bie_store_upsert_record (self, bie_entity_info (entity), header, error))
    return FALSE;
  know_new_record (self, entity, header);
  if (header->deleted)
    return set_base (self, entity, header->uuid, NULL, NULL, error);

  return json == NULL || set_base (self, entity, header->uuid, header->version, json, error);
}

/**
 * bie_store_sync_add_conflict:
 * @theirs_json: (nullable): the server's version; NULL when it deleted it
 * @fields: (element-type utf8): what both sides changed
 *
 * Keeps a conflict for the user; a newer one on the same record replaces
 * the older. To be called within a sync transaction.
 */
gboolean
bie_store_sync_add_conflict (BieStore    *self,
                             BieEntity    entity,
                             const char  *uuid,
                             const char  *theirs_json,
                             const char  *theirs_version,
                             GPtrArray   *fields,
                             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *names = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (fields, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  names = json_to_string (root, FALSE);

  stmt = bie_store_prepare (self,
                            "INSERT OR REPLACE INTO sync_conflict "
                            "(entity, uuid, theirs, theirs_version, fields, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, bie_entity_info (entity)->table);
  bie_store_bind_text (stmt, 2, uuid);
  bie_store_bind_text (stmt, 3, theirs_json);
  bie_store_bind_text (stmt, 4, theirs_version);
  bie_store_bind_text (stmt, 5, names);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  return bie_store_step_done (self, stmt, error);
}

/**
 * bie_store_sync_defer:
 *
 * Keeps a resource that refers to a record not yet in the cache, to be
 * applied when it comes. To be called within a sync transaction.
 */
gboolean
bie_store_sync_defer (BieStore    *self,
                      const char  *resource_type,
                      const char  *server_id,
                      const char  *json,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  stmt = bie_store_prepare (self,
                            "INSERT OR REPLACE INTO sync_deferred (resource_type, server_id, json) "
                            "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, resource_type);
  bie_store_bind_text (stmt, 2, server_id);
  bie_store_bind_text (stmt, 3, json);

  return bie_store_step_done (self, stmt, error);
}

/**
 * bie_store_sync_take_deferred:
 *
 * Removes every deferred resource and gives them back, to try again; the
 * ones that still cannot be applied are deferred anew. To be called
 * within a sync transaction.
 *
 * Returns: (transfer full) (element-type utf8): their JSON
 */
GPtrArray *
bie_store_sync_take_deferred (BieStore  *self,
                              GError   **error)
{
  g_autoptr(GPtrArray) resources = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  resources = bie_store_select_texts (self, "SELECT json FROM sync_deferred", error);
  if (resources == NULL)
    return NULL;
  if (resources->len > 0 && !bie_store_exec (self, "DELETE FROM sync_deferred", error))
    return NULL;

  return g_steal_pointer (&resources);
}

gint64
bie_store_sync_count_deferred (BieStore *self)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (BIE_IS_STORE (self), 0);

  stmt = bie_store_prepare (self, "SELECT count (*) FROM sync_deferred", NULL);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return count;
}

/* Conflicts */

static char **
parse_names (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          if (name != NULL)
            g_strv_builder_add (names, name);
        }
    }

  return g_strv_builder_end (names);
}

/**
 * bie_store_sync_conflicts:
 *
 * Returns: (transfer full) (element-type BieSyncConflict): the conflicts
 *   waiting for someone to choose, oldest first
 */
GPtrArray *
bie_store_sync_conflicts (BieStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_sync_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT id, entity, uuid, theirs, theirs_version, fields, created_at "
                            "FROM sync_conflict ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const BieEntityInfo *info = bie_entity_info_by_table ((const char *) sqlite3_column_text (stmt, 1));
      BieSyncConflict *conflict;

      if (info == NULL)
        continue;
      conflict = g_new0 (BieSyncConflict, 1);
      conflict->id = sqlite3_column_int64 (stmt, 0);
      conflict->entity = info->entity;
      conflict->uuid = bie_store_column_text (stmt, 2);
      conflict->theirs_json = bie_store_column_text (stmt, 3);
      conflict->theirs_version = bie_store_column_text (stmt, 4);
      conflict->fields = parse_names ((const char *) sqlite3_column_text (stmt, 5));
      conflict->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

static BieSyncConflict *
find_conflict (BieStore  *self,
               gint64     id,
               GError   **error)
{
  g_autoptr(GPtrArray) conflicts = bie_store_sync_conflicts (self, error);

  if (conflicts == NULL)
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    {
      BieSyncConflict *conflict = g_ptr_array_index (conflicts, i);

      if (conflict->id == id)
        return g_ptr_array_steal_index (conflicts, i);
    }

  g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND,
                       _("The conflict was already resolved."));

  return NULL;
}

static gboolean
resolve (BieStore         *self,
         BieSyncConflict  *conflict,
         BieRecord        *merged,
         const BieRecord  *theirs,
         GError          **error)
{
  const BieEntityInfo *info = bie_entity_info (conflict->entity);
  g_autofree char *changes = NULL;
  const char *operation = "update";
  sqlite3_stmt *stmt;

  /* What was queued is now in @merged, or given up. */
  stmt = bie_store_prepare (self, "DELETE FROM outbox WHERE entity = ? AND uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  bie_store_bind_text (stmt, 1, info->table);
  bie_store_bind_text (stmt, 2, conflict->uuid);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  /* Whoever's household the person ends in, the Groups that list them
   * (the server's, and those sent from here) follow. */
  if (conflict->entity == BIE_ENTITY_PERSON)
    {
      BiePerson *local = bie_store_load (self, BIE_ENTITY_PERSON, merged->id, error);
      gboolean ok = local != NULL &&
                    bie_store_queue_households_of (self, local, (const BiePerson *) merged, error) &&
                    (theirs == NULL ||
                     bie_store_queue_households_of (self, (const BiePerson *) theirs,
                                                    (const BiePerson *) merged, error));

      bie_record_free (BIE_ENTITY_PERSON, local);
      if (!ok)
        return FALSE;
    }

  g_free (merged->version);
  merged->version = g_strdup (conflict->theirs_version);
  merged->updated_at = g_get_real_time ();
  if (!bie_store_upsert_record (self, info, merged, error) ||
      !set_base (self, conflict->entity, merged->uuid, conflict->theirs_version, conflict->theirs_json, error))
    return FALSE;

  /* Whatever differs from the server's version goes up from it. */
  if (theirs == NULL)
    {
      if (!merged->deleted)
        {
          changes = bie_store_describe_changes (self, info, NULL, merged);
          operation = "create";
        }
    }
  else if (merged->deleted && !theirs->deleted)
    {
      changes = g_strdup ("{}");
      operation = "delete";
    }
  else if (!merged->deleted)
    changes = bie_store_describe_changes (self, info, theirs, merged);

  if (changes != NULL &&
      !bie_store_add_to_outbox (self, info, merged->uuid, operation, changes,
                                conflict->theirs_version, error))
    return FALSE;

  stmt = bie_store_prepare (self, "DELETE FROM sync_conflict WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict->id);

  return bie_store_step_done (self, stmt, error);
}

/**
 * bie_store_sync_resolve:
 * @merged: (inout): the record as the user chose it, field by field; its
 *   row id set
 * @theirs: (nullable): the server's version as a record; NULL when the
 *   server deleted it
 *
 * Ends a conflict: the record becomes @merged, based on the server's
 * version, and what differs from that version is queued to go up. One
 * transaction.
 */
gboolean
bie_store_sync_resolve (BieStore       *self,
                        gint64          conflict_id,
                        gpointer        merged,
                        gconstpointer   theirs,
                        GError        **error)
{
  g_autoptr(BieSyncConflict) conflict = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (merged != NULL, FALSE);

  conflict = find_conflict (self, conflict_id, error);
  if (conflict == NULL)
    return FALSE;

  if (!bie_store_begin (self, error))
    return FALSE;
  if (!resolve (self, conflict, merged, theirs, error))
    {
      bie_store_rollback (self);
      return FALSE;
    }

  return bie_store_commit (self, error);
}

/**
 * bie_store_sync_queue:
 * @record: a record just written from a file of edits made elsewhere
 * @base_version: (nullable): the server's version those edits started from
 *
 * Queues @record whole for upload, as an edit of this cache. Within a
 * sync transaction.
 */
gboolean
bie_store_sync_queue (BieStore       *self,
                      BieEntity       entity,
                      gconstpointer   record,
                      const char     *base_version,
                      GError        **error)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  const BieRecord *header = record;
  g_autofree char *changes = NULL;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  if (header->deleted)
    return bie_store_add_to_outbox (self, info, header->uuid, "delete", "{}", base_version, error);

  changes = bie_store_describe_changes (self, info, NULL, record);

  return bie_store_add_to_outbox (self, info, header->uuid, "update", changes, base_version, error);
}
