/* bie-store-sync.h: what synchronisation reads and writes in the cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-store.h"

G_BEGIN_DECLS

/* One record with local edits to send: its outbox entries squashed into
 * its present state. */
typedef struct
{
  BieEntity  entity;
  gpointer   record;          /* as it is now */
  gint64     last_outbox_id;  /* the newest outbox entry this covers */
  char      *base_json;       /* (nullable): the server's last version of it */
  char      *sector_code;     /* (nullable): the sector it belongs to */

  /* Filled in by the engine once the server took it. */
  char      *sent_json;       /* (nullable): what was sent; NULL for a deletion */
  char      *sent_coverage;   /* (nullable): a person's Coverage sent with them */
  char      *new_server_id;
  char      *new_version;
} BieSyncChange;

void        bie_sync_change_free            (BieSyncChange  *change);

/* Edits made on both sides that could not be merged. */
typedef struct
{
  gint64      id;
  BieEntity   entity;
  char       *uuid;
  char       *theirs_json;     /* (nullable): NULL when the server deleted it */
  char       *theirs_version;
  char      **fields;          /* what both sides changed */
  gint64      created_at;
} BieSyncConflict;

void        bie_sync_conflict_free          (BieSyncConflict *conflict);

GPtrArray  *bie_store_sync_changes          (BieStore        *self,
                                             guint            limit,
                                             GError         **error);
gboolean    bie_store_sync_count            (BieStore        *self,
                                             gint64          *pending,
                                             gint64          *conflicts,
                                             GError         **error);
gboolean    bie_store_sync_acknowledge      (BieStore        *self,
                                             GPtrArray       *changes,
                                             GError         **error);
gboolean    bie_store_sync_queue            (BieStore        *self,
                                             BieEntity        entity,
                                             gconstpointer    record,
                                             const char      *base_version,
                                             GError         **error);
gboolean    bie_store_sync_queue_all        (BieStore        *self,
                                             gint64          *queued,
                                             GError         **error);

gboolean    bie_store_sync_begin            (BieStore        *self,
                                             GError         **error);
gboolean    bie_store_sync_commit           (BieStore        *self,
                                             GError         **error);
void        bie_store_sync_rollback         (BieStore        *self);

char       *bie_store_sync_fhir_id          (BieStore        *self,
                                             BieEntity        entity,
                                             gint64           id);
gboolean    bie_store_sync_know_new_records (BieStore        *self,
                                             GError         **error);
void        bie_store_sync_forget_new_records (BieStore        *self);
gint64      bie_store_sync_row_id           (BieStore        *self,
                                             BieEntity        entity,
                                             const char      *fhir_id);
GArray     *bie_store_sync_members          (BieStore        *self,
                                             gint64           household_id);
char       *bie_store_sync_sector_code      (BieStore        *self,
                                             BieEntity        entity,
                                             gint64           id);
char       *bie_store_sync_base             (BieStore        *self,
                                             BieEntity        entity,
                                             const char      *uuid);
char       *bie_store_sync_coverage         (BieStore        *self,
                                             const char      *person_uuid);
gboolean    bie_store_sync_set_coverage     (BieStore        *self,
                                             const char      *person_uuid,
                                             const char      *json,
                                             GError         **error);
gboolean    bie_store_sync_write_insurance  (BieStore        *self,
                                             BiePerson       *person,
                                             GError         **error);
gboolean    bie_store_sync_local_edits      (BieStore        *self,
                                             BieEntity        entity,
                                             const char      *uuid,
                                             GHashTable     **fields,
                                             gboolean        *in_conflict,
                                             GError         **error);
gboolean    bie_store_sync_write            (BieStore        *self,
                                             BieEntity        entity,
                                             gpointer         record,
                                             const char      *json,
                                             GError         **error);
gboolean    bie_store_sync_add_conflict     (BieStore        *self,
                                             BieEntity        entity,
                                             const char      *uuid,
                                             const char      *theirs_json,
                                             const char      *theirs_version,
                                             GPtrArray       *fields,
                                             GError         **error);
gboolean    bie_store_sync_defer            (BieStore        *self,
                                             const char      *resource_type,
                                             const char      *server_id,
                                             const char      *json,
                                             GError         **error);
GPtrArray  *bie_store_sync_take_deferred    (BieStore        *self,
                                             GError         **error);
gint64      bie_store_sync_count_deferred   (BieStore        *self);

GPtrArray  *bie_store_sync_conflicts        (BieStore        *self,
                                             GError         **error);
gboolean    bie_store_sync_resolve          (BieStore        *self,
                                             gint64           conflict_id,
                                             gpointer         merged,
                                             gconstpointer    theirs,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieSyncChange, bie_sync_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieSyncConflict, bie_sync_conflict_free)

G_END_DECLS
