/* bie-store-records.c: records in and out of the cache — loading, edits
 * with their outbox entries, batches, counts and search
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "bie-store-private.h"
#include "bie-validation.h"

#define MAX_SEARCH_TERMS 8
#define MAX_SEARCH_TERM_LENGTH 64
/* As long as the search indexes' prefix index (schema 2: prefix = '3'). */
#define MIN_PREFIX_LENGTH 3

/* The first columns of every record table, before the entity's own. */
#define RECORD_COLUMNS "id, uuid, server_id, version, updated_at, deleted"
#define N_RECORD_COLUMNS 6

void
bie_outbox_entry_free (BieOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->entity);
  g_free (entry->uuid);
  g_free (entry->operation);
  g_free (entry->changes);
  g_free (entry->base_version);
  g_free (entry);
}

/* Records ↔ rows */

/* A uuid is kept as its 16 bytes, not its 36 characters: at the size of
 * a subred, that is a hundred megabytes less of table and index. */
static gboolean
uuid_to_bytes (const char *uuid,
               guint8      bytes[16])
{
  guint n = 0;

  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return FALSE;

  for (const char *p = uuid; *p != '\0' && n < 16; p++)
    {
      if (*p == '-')
        continue;
      bytes[n++] = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);
      p++;
    }

  return n == 16;
}

/* A text that is not a uuid is bound as it is: the table's check refuses it. */
void
bie_store_bind_uuid (sqlite3_stmt *stmt,
                     int           index,
                     const char   *uuid)
{
  guint8 bytes[16];

  if (uuid_to_bytes (uuid, bytes))
    sqlite3_bind_blob (stmt, index, bytes, sizeof bytes, SQLITE_TRANSIENT);
  else
    bie_store_bind_text (stmt, index, uuid);
}

/* Uuids are kept as their 16 bytes; everything above the store reads text. */
char *
bie_store_column_uuid (sqlite3_stmt *stmt,
                       int           column)
{
  const guint8 *bytes = sqlite3_column_blob (stmt, column);

  if (bytes == NULL || sqlite3_column_bytes (stmt, column) != 16)
    return NULL;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                          bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                          bytes[12], bytes[13], bytes[14], bytes[15]);
}

/* With @upsert, a row whose id is already there is updated in place
 * (INSERT OR REPLACE would delete and re-add it, behind the triggers). */
static char *
build_insert_sql (const BieEntityInfo *info,
                  gboolean             upsert)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO %s (" RECORD_COLUMNS, info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append (sql, ") VALUES (?");
  for (guint i = 1; i < N_RECORD_COLUMNS + info->n_fields; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  if (upsert)
    {
      g_string_append (sql, " ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, "
                       "server_id = excluded.server_id, version = excluded.version, "
                       "updated_at = excluded.updated_at, deleted = excluded.deleted");
      for (guint i = 0; i < info->n_fields; i++)
        g_string_append_printf (sql, ", %s = excluded.%s", info->fields[i].name, info->fields[i].name);
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
build_update_sql (const BieEntityInfo *info)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  /* Same parameter order as the insert, id last. */
  g_string_append_printf (sql, "UPDATE %s SET uuid = ?2, server_id = ?3, version = ?4, "
                          "updated_at = ?5, deleted = ?6", info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s = ?%u", info->fields[i].name, N_RECORD_COLUMNS + i + 1);
  g_string_append (sql, " WHERE id = ?1");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static char *
build_select_sql (const BieEntityInfo *info,
                  const char          *key)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " RECORD_COLUMNS);

  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE %s = ?", info->table, key);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Binds @record in the column order of build_insert_sql(). A row id of 0
 * lets SQLite choose one; a real of exactly 0 (no place in Bogotá is at
 * 0°, 0°) and a reference of 0 are stored as NULL: not known. */
static void
bind_record (sqlite3_stmt        *stmt,
             const BieEntityInfo *info,
             gconstpointer        record)
{
  const BieRecord *header = record;

  if (header->id != 0)
    sqlite3_bind_int64 (stmt, 1, header->id);
  else
    sqlite3_bind_null (stmt, 1);
  bie_store_bind_uuid (stmt, 2, header->uuid);
  bie_store_bind_text (stmt, 3, header->server_id);
  bie_store_bind_text (stmt, 4, header->version);
  sqlite3_bind_int64 (stmt, 5, header->updated_at);
  sqlite3_bind_int (stmt, 6, header->deleted ? 1 : 0);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];
      gconstpointer value = BIE_FIELD_PTR (record, field);
      int index = N_RECORD_COLUMNS + i + 1;

      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          bie_store_bind_text (stmt, index, *(char * const *) value);
          break;

        case BIE_FIELD_INT:
          sqlite3_bind_int64 (stmt, index, *(const gint64 *) value);
          break;

        case BIE_FIELD_REF:
          if (*(const gint64 *) value != 0)
            sqlite3_bind_int64 (stmt, index, *(const gint64 *) value);
          else
            sqlite3_bind_null (stmt, index);
          break;

        case BIE_FIELD_REAL:
          if (*(const double *) value != 0.0)
            sqlite3_bind_double (stmt, index, *(const double *) value);
          else
            sqlite3_bind_null (stmt, index);
          break;

        case BIE_FIELD_BOOL:
          sqlite3_bind_int (stmt, index, *(const gboolean *) value ? 1 : 0);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gpointer
read_record (sqlite3_stmt        *stmt,
             const BieEntityInfo *info)
{
  BieRecord *record = g_malloc0 (info->size);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->uuid = bie_store_column_uuid (stmt, 1);
  record->server_id = bie_store_column_text (stmt, 2);
  record->version = bie_store_column_text (stmt, 3);
  record->updated_at = sqlite3_column_int64 (stmt, 4);
  record->deleted = sqlite3_column_int (stmt, 5) != 0;

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];
      gpointer value = BIE_FIELD_PTR (record, field);
      int column = N_RECORD_COLUMNS + i;

      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          *(char **) value = bie_store_column_text (stmt, column);
          break;

        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          *(gint64 *) value = sqlite3_column_int64 (stmt, column);
          break;

        case BIE_FIELD_REAL:
          *(double *) value = sqlite3_column_double (stmt, column);
          break;

        case BIE_FIELD_BOOL:
          *(gboolean *) value = sqlite3_column_int (stmt, column) != 0;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return record;
}

/* The record of @entity with @uuid, or else with row id @id. */
static gpointer
load_where (BieStore    *self,
            BieEntity    entity,
            gint64       id,
            const char  *uuid,
            GError     **error)
{
  /* Built once per kind and key: a download loads thousands. */
  static gsize by_id[BIE_N_ENTITIES];
  static gsize by_uuid[BIE_N_ENTITIES];
  const BieEntityInfo *info = bie_entity_info (entity);
  const char *key = uuid != NULL ? "uuid" : "id";
  gsize *sql = uuid != NULL ? &by_uuid[entity] : &by_id[entity];
  sqlite3_stmt *stmt;
  gpointer record;
  int rc;

  if (g_once_init_enter (sql))
    g_once_init_leave (sql, (gsize) build_select_sql (info, key));
  stmt = bie_store_prepare (self, (const char *) *sql, error);
  if (stmt == NULL)
    return NULL;

  if (uuid != NULL)
    bie_store_bind_uuid (stmt, 1, uuid);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND,
                           _("The record is no longer in the local cache."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  record = read_record (stmt, info);
  sqlite3_reset (stmt);

  return record;
}

/**
 * bie_store_load:
 * @entity: what kind of record
 * @id: its row id
 *
 * Returns: (transfer full): the record, deleted or not, or %NULL with
 *   %BIE_STORE_ERROR_NOT_FOUND
 */
gpointer
bie_store_load (BieStore   *self,
                BieEntity   entity,
                gint64      id,
                GError    **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  return load_where (self, entity, id, NULL, error);
}

/**
 * bie_store_load_by_uuid:
 *
 * Returns: (transfer full): the record with @uuid, or %NULL with
 *   %BIE_STORE_ERROR_NOT_FOUND
 */
gpointer
bie_store_load_by_uuid (BieStore    *self,
                        BieEntity    entity,
                        const char  *uuid,
                        GError     **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return load_where (self, entity, 0, uuid, error);
}

/* The outbox */

static char *
uuid_of (BieStore  *self,
         BieEntity  entity,
         gint64     id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s WHERE id = ?",
                                          bie_entity_info (entity)->table);
  sqlite3_stmt *stmt = bie_store_prepare (self, sql, NULL);
  char *uuid = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uuid = bie_store_column_uuid (stmt, 0);
  sqlite3_reset (stmt);

  return uuid;
}

/* The fields of @record that differ from @before (all of them when
 * @before is NULL), as a JSON object; references become uuids, which is
 * how the backend knows records. Returns NULL when nothing changed. */
char *
bie_store_describe_changes (BieStore            *self,
                  const BieEntityInfo *info,
                  gconstpointer        before,
                  gconstpointer        record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_changed = 0;

  json_builder_begin_object (builder);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];
      gconstpointer value = BIE_FIELD_PTR (record, field);

      if (before != NULL && bie_record_field_equal (field, before, record))
        continue;

      n_changed++;
      json_builder_set_member_name (builder, field->name);
      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          if (*(char * const *) value != NULL)
            json_builder_add_string_value (builder, *(char * const *) value);
          else
            json_builder_add_null_value (builder);
          break;

        case BIE_FIELD_INT:
          json_builder_add_int_value (builder, *(const gint64 *) value);
          break;

        case BIE_FIELD_REF:
          {
            g_autofree char *uuid = NULL;

            if (*(const gint64 *) value != 0)
              uuid = uuid_of (self, field->ref, *(const gint64 *) value);
            if (uuid != NULL)
              json_builder_add_string_value (builder, uuid);
            else
              json_builder_add_null_value (builder);
          }
          break;

        case BIE_FIELD_REAL:
          json_builder_add_double_value (builder, *(const double *) value);
          break;

        case BIE_FIELD_BOOL:
          json_builder_add_boolean_value (builder, *(const gboolean *) value);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);

  if (before != NULL && n_changed == 0)
    return NULL;

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

gboolean
bie_store_add_to_outbox (BieStore            *self,
               const BieEntityInfo *info,
               const char          *uuid,
               const char          *operation,
               const char          *changes,
               const char          *base_version,
               GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = bie_store_prepare (self,
                  "INSERT INTO outbox (entity, uuid, operation, changes, base_version, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  bie_store_bind_text (stmt, 1, info->table);
  bie_store_bind_text (stmt, 2, uuid);
  bie_store_bind_text (stmt, 3, operation);
  bie_store_bind_text (stmt, 4, changes);
  bie_store_bind_text (stmt, 5, base_version);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());

  return bie_store_step_done (self, stmt, error);
}

/**
 * bie_store_queue_household:
 *
 * Queues the household @household_id to go up again as it is: its
 * Group lists its members, and who they are changed. Nothing for a
 * household deleted. Within a transaction.
 */
gboolean
bie_store_queue_household (BieStore  *self,
                           gint64     household_id,
                           GError   **error)
{
  BieHousehold *household;
  gboolean ok = TRUE;

  household = load_where (self, BIE_ENTITY_HOUSEHOLD, household_id, NULL, error);
  if (household == NULL)
    return FALSE;
  if (!household->record.deleted)
    ok = bie_store_add_to_outbox (self, bie_entity_info (BIE_ENTITY_HOUSEHOLD), household->record.uuid,
                                  "update", "{}", household->record.version, error);
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);

  return ok;
}

/**
 * bie_store_queue_households_of:
 * @before: a person as the server has them
 * @person: the same person as they go up now
 *
 * A person who joins or leaves a household (moved, deleted, or brought
 * back) changes the households' Groups, which list their members: those
 * are queued, before the person, so that a Group no longer lists a
 * person when the server hears of their deletion. (A person the server
 * has not got yet is in no Group; their household goes up again once the
 * server has them: bie_store_sync_acknowledge().) Within a transaction.
 */
gboolean
bie_store_queue_households_of (BieStore         *self,
                               const BiePerson  *before,
                               const BiePerson  *person,
                               GError          **error)
{
  gboolean was_member = !before->record.deleted && before->household_id != 0;
  gboolean is_member = !person->record.deleted && person->household_id != 0;

  if (was_member && is_member && before->household_id == person->household_id)
    return TRUE;

  return (!was_member || bie_store_queue_household (self, before->household_id, error)) &&
         (!is_member || bie_store_queue_household (self, person->household_id, error));
}

/* Edits */

static gboolean
write_edit (BieStore             *self,
            const BieEntityInfo  *info,
            BieRecord            *record,
            GError              **error)
{
  g_autofree char *changes = NULL;
  gpointer before = NULL;
  const char *operation;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (record->id != 0)
    {
      before = load_where (self, info->entity, record->id, NULL, error);
      if (before == NULL)
        return FALSE;
      /* What the server knows of the record is the store's to keep: a
       * copy loaded before a sync must not bring back an older version. */
      g_free (record->server_id);
      record->server_id = g_strdup (((BieRecord *) before)->server_id);
      g_free (record->version);
      record->version = g_strdup (((BieRecord *) before)->version);
      changes = bie_store_describe_changes (self, info, before, record);
      if (((BieRecord *) before)->deleted != record->deleted)
        operation = record->deleted ? "delete" : "update";
      else if (changes == NULL)
        {
          /* Nothing changed: nothing to write or to send. */
          bie_record_free (info->entity, before);
          return TRUE;
        }
      else
        operation = "update";
      sql = build_update_sql (info);
      if (info->entity == BIE_ENTITY_PERSON && ((BieRecord *) before)->version != NULL &&
          !bie_store_queue_households_of (self, before, (BiePerson *) record, error))
        {
          bie_record_free (info->entity, before);
          return FALSE;
        }
    }
  else
    {
      changes = bie_store_describe_changes (self, info, NULL, record);
      operation = "create";
      sql = build_insert_sql (info, FALSE);
    }

  record->updated_at = g_get_real_time ();
  stmt = bie_store_prepare (self, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_record (stmt, info, record);
      ok = bie_store_step_done (self, stmt, error);
    }
  if (ok && record->id == 0)
    record->id = sqlite3_last_insert_rowid (self->db);
  if (ok)
    ok = bie_store_add_to_outbox (self, info, record->uuid, operation, changes ?: "{}",
                        before != NULL ? ((BieRecord *) before)->version : NULL, error);
  if (ok)
    bie_store_note_change (self, info->entity, record->id);

  if (before != NULL)
    bie_record_free (info->entity, before);

  return ok;
}

static void
replace_text (char       **text,
              char        *normalized)
{
  if (normalized == NULL)
    return;
  g_free (*text);
  *text = normalized;
}

/* Documents and phones are kept in one canonical form, whatever the user
 * typed ("52.345.678", "+57 300 123 4567"), so that equal ones compare
 * equal: the duplicate check and the search depend on it. */
static void
normalize (BieEntity entity,
           gpointer  record)
{
  if (entity == BIE_ENTITY_PERSON)
    {
      BiePerson *person = record;

      replace_text (&person->document_number,
                    bie_normalize_document (person->document_type, person->document_number));
      if (person->phone != NULL && *person->phone != '\0')
        replace_text (&person->phone, bie_normalize_phone (person->phone));
    }
  else if (entity == BIE_ENTITY_PROFESSIONAL)
    {
      BieProfessional *professional = record;

      replace_text (&professional->document_number,
                    bie_normalize_document (professional->document_type, professional->document_number));
    }
}

/**
 * bie_store_save:
 * @entity: what kind of record @record is
 * @record: (inout): a record; one with id 0 is created, and gets its id
 *
 * Validates @record, brings its documents and phones into their canonical
 * form, then writes it and its outbox entry in one durable transaction.
 * On failure nothing is written and @record keeps its id.
 *
 * Returns: whether the record was saved
 */
gboolean
bie_store_save (BieStore   *self,
                BieEntity   entity,
                gpointer    record,
                GError    **error)
{
  const BieEntityInfo *info;
  BieRecord *header = record;
  g_autoptr(GDate) today = bie_today ();
  gint64 id_before;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  info = bie_entity_info (entity);
  if (header->uuid == NULL)
    header->uuid = bie_uuid_new ();

  if (!header->deleted)
    {
      if (!bie_validate_record (entity, record, today, NULL, error))
        return FALSE;
      normalize (entity, record);
    }

  id_before = header->id;
  if (!bie_store_begin (self, error))
    return FALSE;
  if (!write_edit (self, info, header, error) || !bie_store_commit (self, error))
    {
      bie_store_rollback (self);
      header->id = id_before;
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_store_delete:
 *
 * Marks a record deleted (the backend must learn of it before it can go)
 * and queues the deletion in the outbox, in one transaction.
 */
gboolean
bie_store_delete (BieStore   *self,
                  BieEntity   entity,
                  gint64      id,
                  GError    **error)
{
  gpointer record;
  gboolean ok;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, FALSE);

  record = bie_store_load (self, entity, id, error);
  if (record == NULL)
    return FALSE;

  ((BieRecord *) record)->deleted = TRUE;
  ok = bie_store_save (self, entity, record, error);
  bie_record_free (entity, record);

  return ok;
}

/* Writes @record as it is, inserting it or replacing the row of its id,
 * without validation or outbox: for what the server sent. */
gboolean
bie_store_upsert_record (BieStore             *self,
                         const BieEntityInfo  *info,
                         BieRecord            *record,
                         GError              **error)
{
  /* Built once per kind: a download writes thousands of rows. */
  static gsize upsert_sql[BIE_N_ENTITIES];
  sqlite3_stmt *stmt;

  if (g_once_init_enter (&upsert_sql[info->entity]))
    g_once_init_leave (&upsert_sql[info->entity], (gsize) build_insert_sql (info, TRUE));
  stmt = bie_store_prepare (self, (const char *) upsert_sql[info->entity], error);
  if (stmt == NULL)
    return FALSE;
  bind_record (stmt, info, record);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;
  if (record->id == 0)
    record->id = sqlite3_last_insert_rowid (self->db);
  bie_store_note_change (self, info->entity, record->id);

  return TRUE;
}

/**
 * bie_store_write_batch:
 * @batch: records of any kinds, with their row ids set
 *
 * Writes many records in one transaction, in the order of the kinds, as
 * they are: no validation and no outbox, for records that are not local
 * edits (the demo city, records downloaded from the backend). A record
 * whose id is already in the cache replaces it. All or nothing.
 */
gboolean
bie_store_write_batch (BieStore        *self,
                       BieRecordBatch  *batch,
                       GError         **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  if (!bie_store_begin (self, error))
    return FALSE;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      const BieEntityInfo *info = bie_entity_info (e);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (batch->records[e] == NULL || batch->records[e]->len == 0)
        continue;

      sql = build_insert_sql (info, TRUE);
      stmt = bie_store_prepare (self, sql, error);
      if (stmt == NULL)
        {
          bie_store_rollback (self);
          return FALSE;
        }

      for (guint i = 0; i < batch->records[e]->len; i++)
        {
          BieRecord *record = g_ptr_array_index (batch->records[e], i);

          sqlite3_reset (stmt);
          bind_record (stmt, info, record);
          if (!bie_store_step_done (self, stmt, error))
            {
              bie_store_rollback (self);
              return FALSE;
            }
          if (record->id == 0)
            record->id = sqlite3_last_insert_rowid (self->db);
        }
      bie_store_note_all_changed (self, e);
    }

  return bie_store_commit (self, error);
}

/* Queries */

/**
 * bie_store_count:
 * @count: (out): how many records of @entity the cache holds, not deleted
 */
gboolean
bie_store_count (BieStore   *self,
                 BieEntity   entity,
                 gint64     *count,
                 GError    **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0",
                         bie_entity_info (entity)->table);
  stmt = bie_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return bie_store_set_error (self, rc, error);
    }
  *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

/**
 * bie_store_find_person:
 *
 * Returns: the row id of the living person with this document, 0 when
 *   there is none, or -1 with @error set
 */
gint64
bie_store_find_person (BieStore    *self,
                       const char  *document_type,
                       const char  *document_number,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), -1);

  stmt = bie_store_prepare (self,
                  "SELECT id FROM person WHERE document_type = ? AND document_number = ? "
                  "AND deleted = 0", error);
  if (stmt == NULL)
    return -1;

  bie_store_bind_text (stmt, 1, document_type);
  bie_store_bind_text (stmt, 2, document_number);

  return bie_store_step_id (self, stmt, error);
}

/* The words of what a user typed, as the search takes them: runs of
 * letters and digits, at most MAX_SEARCH_TERMS of them, each cut to
 * MAX_SEARCH_TERM_LENGTH characters; invalid UTF-8 ends the text. */
static GPtrArray *
search_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; words->len < MAX_SEARCH_TERMS; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char_validated (p, -1) : 0;

      if (c != (gunichar) -1 && c != (gunichar) -2 && c != 0 && g_unichar_isalnum (c))
        {
          if (g_utf8_strlen (word->str, -1) < MAX_SEARCH_TERM_LENGTH)
            g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }

      if (*p == '\0' || c == (gunichar) -1 || c == (gunichar) -2)
        break;
    }

  return words;
}

/* Turns what a user typed into an FTS5 query: each word quoted, all words
 * required. A word of three characters or more is a prefix; a shorter one
 * ("45", "C", "Li") is a whole word, because a prefix of one or two
 * characters begins most words of a city and merging them all is what
 * makes a keystroke slow. Quoting makes FTS5's syntax inert, so any input
 * is a valid query; the number and length of words are bounded so that a
 * pasted page of text cannot make a slow one. Returns NULL when nothing is
 * left to look for. */
char *
bie_store_build_match (const char *text)
{
  g_autoptr(GPtrArray) words = search_words (text);
  g_autoptr(GString) match = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      g_string_append_printf (match, "%s\"%s\"%s", i > 0 ? " " : "", word,
                              g_utf8_strlen (word, -1) >= MIN_PREFIX_LENGTH ? "*" : "");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* @c as the search index compares it: lower case, without accents. */
static gunichar
fold_char (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

  if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
    c = decomposed[0];

  return g_unichar_tolower (c);
}

/* @text folded, one character per element. */
static GArray *
fold_text (const char *text,
           gssize      length)
{
  GArray *folded = g_array_new (FALSE, FALSE, sizeof (gunichar));

  for (const char *p = text; length < 0 ? *p != '\0' : p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = fold_char (g_utf8_get_char (p));

      g_array_append_val (folded, c);
    }

  return folded;
}

/* How many characters of @word @query covers when it matches the word as
 * the search does (whole, or as a prefix when long enough); 0 if not. */
static guint
word_match_length (GArray *word,
                   GArray *query)
{
  if (query->len > word->len || (query->len < MIN_PREFIX_LENGTH && query->len != word->len))
    return 0;
  if (memcmp (word->data, query->data, query->len * sizeof (gunichar)) != 0)
    return 0;

  return query->len;
}

/**
 * bie_search_highlights:
 * @text: what a row shows
 * @query: (nullable): what the user typed in the search
 *
 * Where the search matches @text: the start of each word of @text that a
 * word of @query matches, as bie_store_search() matches them (insensitive
 * to case and accents; a query word of three characters or more as a
 * prefix, a shorter one whole).
 *
 * Returns: (transfer full) (element-type BieTextRange): byte ranges of
 *   @text, in order and apart
 */
GArray *
bie_search_highlights (const char *text,
                       const char *query)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (BieTextRange));
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) folded = NULL;
  const char *p = text;

  g_return_val_if_fail (text != NULL, ranges);

  if (query == NULL || !g_utf8_validate (text, -1, NULL))
    return ranges;

  words = search_words (query);
  if (words->len == 0)
    return ranges;
  folded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < words->len; i++)
    g_ptr_array_add (folded, fold_text (g_ptr_array_index (words, i), -1));

  while (*p != '\0')
    {
      const char *end = p;
      g_autoptr(GArray) word = NULL;
      guint longest = 0;

      if (!g_unichar_isalnum (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      while (*end != '\0' && g_unichar_isalnum (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);
      word = fold_text (p, end - p);
      for (guint i = 0; i < folded->len; i++)
        longest = MAX (longest, word_match_length (word, g_ptr_array_index (folded, i)));

      if (longest > 0)
        {
          BieTextRange range = { p - text, g_utf8_offset_to_pointer (p, longest) - text };

          g_array_append_val (ranges, range);
        }
      p = end;
    }

  return ranges;
}

/**
 * bie_store_search:
 * @entity: %BIE_ENTITY_PERSON (names, documents) or %BIE_ENTITY_HOUSEHOLD
 *   (addresses, sector codes and names)
 * @text: what the user typed; a word of three characters or more
 *   counts as a prefix, a shorter one as a whole word
 * @limit: at most this many hits
 *
 * Searches the cache as a user types: insensitive to case and accents,
 * best matches first.
 *
 * Returns: (transfer full) (element-type BieSearchHit): the hits, or %NULL
 *   with @error set
 */
GArray *
bie_store_search (BieStore    *self,
                  BieEntity    entity,
                  const char  *text,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (BieSearchHit));
  g_autofree char *match = NULL;
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity == BIE_ENTITY_PERSON || entity == BIE_ENTITY_HOUSEHOLD, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = bie_store_build_match (text);
  if (match == NULL || limit == 0)
    return g_steal_pointer (&hits);

  if (entity == BIE_ENTITY_PERSON)
    /* Columns: given names, family names, document: family names and
     * documents first. */
    sql = "SELECT rowid, match_rank (person_search, 1, 0, 0) AS score FROM person_search "
          "WHERE person_search MATCH ? ORDER BY score, rowid LIMIT ?";
  else
    /* Columns: address, sector. */
    sql = "SELECT rowid, match_rank (household_search, 0, 1) AS score FROM household_search "
          "WHERE household_search MATCH ? ORDER BY score, rowid LIMIT ?";

  stmt = bie_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  bie_store_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BieSearchHit hit = {
        .entity = entity,
        .id = sqlite3_column_int64 (stmt, 0),
        .rank = sqlite3_column_double (stmt, 1),
      };

      g_array_append_val (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&hits);
}

/**
 * bie_store_list:
 * @entity: what kind of records
 * @field: (nullable): the name of one of @entity's reference fields,
 *   e.g. "household_id", or %NULL for every record of @entity
 * @id: the row id it refers to
 *
 * The records of @entity that refer to @id through @field, not deleted,
 * in the order they were recorded: a household's members, a plan's
 * activities, the localidades of a subred...
 *
 * Returns: (transfer full) (element-type BieRecord): the records, or %NULL
 *   with @error set
 */
GPtrArray *
bie_store_list (BieStore    *self,
                BieEntity    entity,
                const char  *field,
                gint64       id,
                GError     **error)
{
  const BieEntityInfo *info;
  const BieField *ref;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT " RECORD_COLUMNS);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (entity < BIE_N_ENTITIES, NULL);

  info = bie_entity_info (entity);
  ref = field != NULL ? bie_entity_find_field (info, field) : NULL;
  g_return_val_if_fail (field == NULL || (ref != NULL && ref->type == BIE_FIELD_REF), NULL);

  /* Names come from the model's tables, never from the caller's text. */
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE deleted = 0", info->table);
  if (ref != NULL)
    g_string_append_printf (sql, " AND %s = ?", ref->name);
  g_string_append (sql, " ORDER BY id");

  stmt = bie_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (bie_record_free_func (entity));
  if (ref != NULL)
    sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_record (stmt, info));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * bie_store_list_outbox:
 *
 * Returns: (transfer full) (element-type BieOutboxEntry): the local edits
 *   not yet acknowledged by the backend, oldest first
 */
GPtrArray *
bie_store_list_outbox (BieStore  *self,
                       GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                  "SELECT id, entity, uuid, operation, changes, base_version, created_at "
                  "FROM outbox ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BieOutboxEntry *entry = g_new0 (BieOutboxEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->entity = bie_store_column_text (stmt, 1);
      entry->uuid = bie_store_column_text (stmt, 2);
      entry->operation = bie_store_column_text (stmt, 3);
      entry->changes = bie_store_column_text (stmt, 4);
      entry->base_version = bie_store_column_text (stmt, 5);
      entry->created_at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

