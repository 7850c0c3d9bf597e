/* bie-store.h: the local cache, the single source of truth
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-model.h"

G_BEGIN_DECLS

#define BIE_TYPE_STORE (bie_store_get_type ())

G_DECLARE_FINAL_TYPE (BieStore, bie_store, BIE, STORE, GObject)

/* One local edit not yet acknowledged by the backend. */
typedef struct
{
  gint64  id;
  char   *entity;        /* the table */
  char   *uuid;          /* of the record */
  char   *operation;     /* "create", "update", "delete" */
  char   *changes;       /* JSON object: column → new value; references as uuids */
  char   *base_version;  /* the backend's version the edit started from */
  gint64  created_at;
} BieOutboxEntry;

void            bie_outbox_entry_free            (BieOutboxEntry *entry);

typedef struct
{
  BieEntity entity;
  gint64    id;
  double    rank;          /* lower is better: hits nearer the start of a field */
} BieSearchHit;

/* Where a search matched a text: bytes [start, end). */
typedef struct
{
  guint start;
  guint end;
} BieTextRange;

BieStore       *bie_store_open                   (const char      *path,
                                                  GError         **error);
gboolean        bie_store_move_aside             (const char      *path,
                                                  GError         **error);
void            bie_store_remove_files           (const char      *path);
const char     *bie_store_get_path               (BieStore        *self);
guint           bie_store_get_schema_version     (BieStore        *self);
guint           bie_store_get_latest_schema_version (void);

gboolean        bie_store_save                   (BieStore        *self,
                                                  BieEntity        entity,
                                                  gpointer         record,
                                                  GError         **error);
gboolean        bie_store_delete                 (BieStore        *self,
                                                  BieEntity        entity,
                                                  gint64           id,
                                                  GError         **error);
gpointer        bie_store_load                   (BieStore        *self,
                                                  BieEntity        entity,
                                                  gint64           id,
                                                  GError         **error);
gpointer        bie_store_load_by_uuid           (BieStore        *self,
                                                  BieEntity        entity,
                                                  const char      *uuid,
                                                  GError         **error);
GPtrArray      *bie_store_list                   (BieStore        *self,
                                                  BieEntity        entity,
                                                  const char      *field,
                                                  gint64           id,
                                                  GError         **error);
gboolean        bie_store_write_batch            (BieStore        *self,
                                                  BieRecordBatch  *batch,
                                                  GError         **error);
gboolean        bie_store_set_bulk               (BieStore        *self,
                                                  gboolean         bulk,
                                                  GError         **error);

gboolean        bie_store_count                  (BieStore        *self,
                                                  BieEntity        entity,
                                                  gint64          *count,
                                                  GError         **error);
gint64          bie_store_find_person            (BieStore        *self,
                                                  const char      *document_type,
                                                  const char      *document_number,
                                                  GError         **error);
GArray         *bie_store_search                 (BieStore        *self,
                                                  BieEntity        entity,
                                                  const char      *text,
                                                  guint            limit,
                                                  GError         **error);
GArray         *bie_search_highlights            (const char      *text,
                                                  const char      *query);
GPtrArray      *bie_store_list_outbox            (BieStore        *self,
                                                  GError         **error);
char           *bie_store_get_meta               (BieStore        *self,
                                                  const char      *key);
gboolean        bie_store_set_meta               (BieStore        *self,
                                                  const char      *key,
                                                  const char      *value,
                                                  GError         **error);
gboolean        bie_store_check_integrity        (BieStore        *self,
                                                  GString         *report,
                                                  GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieOutboxEntry, bie_outbox_entry_free)

G_END_DECLS
