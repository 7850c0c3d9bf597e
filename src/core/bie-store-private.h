/* bie-store-private.h: what tests may reach inside the store
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "bie-store.h"

G_BEGIN_DECLS

/* The store is split over bie-store.c (opening, schema, transactions) and
 * bie-store-records.c (records in and out); this is what they share. */
struct _BieStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  GHashTable   *statements;       /* SQL → sqlite3_stmt */
  GMainContext *context;          /* where "changed" is emitted */
  guint         schema_version;
  GDate         today;            /* the day priorities are judged on */

  /* Rows changed by the transaction in progress: entity → GArray of gint64. */
  GArray       *pending[BIE_N_ENTITIES];
  gboolean      pending_all[BIE_N_ENTITIES];

  /* During a first download, of each kind the cache had none of: the row
   * ids of the records written since, by uuid and by server id, which are
   * then all the kind has (bie_store_sync_know_new_records()). */
  GHashTable   *new_by_uuid[BIE_N_ENTITIES];
  GHashTable   *new_by_server_id[BIE_N_ENTITIES];
};

gboolean      bie_store_set_error   (BieStore      *self,
                                     int            rc,
                                     GError       **error);
sqlite3_stmt *bie_store_prepare     (BieStore      *self,
                                     const char    *sql,
                                     GError       **error);
gboolean      bie_store_exec        (BieStore      *self,
                                     const char    *sql,
                                     GError       **error);
gboolean      bie_store_step_done   (BieStore      *self,
                                     sqlite3_stmt  *stmt,
                                     GError       **error);
gboolean      bie_store_finish      (BieStore      *self,
                                     sqlite3_stmt  *stmt,
                                     int            rc,
                                     GError       **error);
gint64        bie_store_step_id     (BieStore      *self,
                                     sqlite3_stmt  *stmt,
                                     GError       **error);
GPtrArray    *bie_store_select_texts (BieStore     *self,
                                      const char   *sql,
                                      GError      **error);
void          bie_store_bind_text   (sqlite3_stmt  *stmt,
                                     int            index,
                                     const char    *text);
char         *bie_store_column_text (sqlite3_stmt  *stmt,
                                     int            column);
void          bie_store_bind_uuid   (sqlite3_stmt  *stmt,
                                     int            index,
                                     const char    *uuid);
char         *bie_store_column_uuid (sqlite3_stmt  *stmt,
                                     int            column);
gboolean      bie_store_begin       (BieStore      *self,
                                     GError       **error);
gboolean      bie_store_commit      (BieStore      *self,
                                     GError       **error);
void          bie_store_rollback    (BieStore      *self);
void          bie_store_note_change (BieStore      *self,
                                     BieEntity      entity,
                                     gint64         id);
void          bie_store_note_all_changed (BieStore *self,
                                          BieEntity entity);
char         *bie_store_build_match (const char    *text);

/* Records in and out, for the store's other files (bie-store-records.c). */
char         *bie_store_describe_changes (BieStore            *self,
                                          const BieEntityInfo *info,
                                          gconstpointer        before,
                                          gconstpointer        record);
gboolean      bie_store_add_to_outbox    (BieStore            *self,
                                          const BieEntityInfo *info,
                                          const char          *uuid,
                                          const char          *operation,
                                          const char          *changes,
                                          const char          *base_version,
                                          GError             **error);
gboolean      bie_store_queue_household  (BieStore            *self,
                                          gint64               household_id,
                                          GError             **error);
gboolean      bie_store_queue_households_of (BieStore         *self,
                                             const BiePerson  *before,
                                             const BiePerson  *person,
                                             GError          **error);
gboolean      bie_store_upsert_record    (BieStore            *self,
                                          const BieEntityInfo *info,
                                          BieRecord           *record,
                                          GError             **error);

/* Opens @path migrating with @migrations (SQL scripts, schema 1 first)
 * instead of the application's own: tests use it to make a migration fail. */
BieStore *bie_store_open_with_migrations (const char         *path,
                                          const char * const *migrations,
                                          GError            **error);

/* The SQLite connection, for tests that need to look underneath. */
gpointer  bie_store_get_connection       (BieStore           *self);

G_END_DECLS
