/* bie-sync-private.h: what the engine, its download and upload, and
 * hand-carried files share
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bie-fhir-map.h"
#include "bie-store-sync.h"
#include "bie-sync-engine.h"

G_BEGIN_DECLS

/* Where resources from the server (or a file) go, and what they did. */
typedef struct
{
  BieStore           *store;
  const BieFhirUris  *uris;
  BieSyncSummary     *summary;
  /* Edits carried in a file, not the server's versions: a version the
   * cache already has does not mean the content is the same. */
  gboolean            from_file;
} BieSyncApply;

typedef enum
{
  BIE_SYNC_APPLIED,
  BIE_SYNC_UNCHANGED,
  BIE_SYNC_MERGED,
  BIE_SYNC_CONFLICT,
} BieSyncOutcome;

BieFhirResolver  bie_sync_resolver        (BieStore        *store);

/* Within a sync transaction */
gboolean  bie_sync_merge                  (BieSyncApply    *apply,
                                           BieEntity        entity,
                                           BieRecord       *incoming,
                                           const char      *json,
                                           BieSyncOutcome  *outcome,
                                           GError         **error);
void      bie_sync_count_outcome          (BieSyncApply    *apply,
                                           BieSyncOutcome   outcome);
gboolean  bie_sync_apply_resource         (BieSyncApply        *apply,
                                           const BieJsonValue  *resource,
                                           const char          *json,
                                           GError             **error);
gboolean  bie_sync_apply_deferred         (BieSyncApply    *apply,
                                           GError         **error);
gboolean  bie_sync_apply_deletion         (BieSyncApply    *apply,
                                           const char      *resource_type,
                                           const char      *id,
                                           GError         **error);

/* Local edits as resources: one batch of changes, in a transaction Bundle. */
typedef struct
{
  GPtrArray  *changes;     /* BieSyncChange */
  GPtrArray  *resources;   /* JsonObject per change; NULL for a deletion */
  GPtrArray  *coverages;   /* JsonObject or NULL per change */
} BieSyncBatch;

gboolean  bie_sync_batch_read             (BieSyncBatch    *batch,
                                           BieStore        *store,
                                           const BieFhirUris *uris,
                                           guint            limit,
                                           GHashTable      *skip,
                                           GError         **error);
void      bie_sync_batch_clear            (BieSyncBatch    *batch);
JsonNode *bie_sync_batch_to_bundle        (BieSyncBatch    *batch);
char     *bie_sync_change_key             (BieSyncChange   *change);
char     *bie_sync_change_url             (BieSyncChange   *change);
char     *bie_sync_coverage_url           (JsonObject      *coverage);
char     *bie_sync_change_if_match        (BieSyncChange   *change);

/* The engine, and one run of it (bie-sync-engine.c) */

struct _BieSyncEngine
{
  GObject         parent_instance;

  BieStore       *store;
  BieFhirClient  *client;
  BieFhirUris    *uris;
  char          **sectors;          /* NULL: every sector */
  guint           page_size;
  guint           bundle_size;
  guint           attempts;
  guint           first_delay_ms;
  GMainContext   *store_context;    /* where the store lives */
  GThread        *store_thread;
};

typedef struct
{
  BieSyncEngine  *engine;
  GCancellable   *cancellable;
  BieSyncSummary  summary;
  BieSyncApply    apply;        /* applies into the store, counts into summary */
  GHashTable     *refused;      /* "entity/uuid" of records the server refused this run */
  GHashTable     *merged;       /* "entity/uuid" → how many times a 412 was merged this run */
  GError         *refusal;      /* the server's words for the first of them */
} BieSyncRun;

/* Work for the store's thread */
typedef gboolean (*BieSyncStoreJob) (BieSyncRun  *run,
                                     gpointer     data,
                                     GError     **error);

gboolean          bie_sync_run_on_store   (BieSyncRun       *run,
                                           BieSyncStoreJob   job,
                                           gpointer          data,
                                           GError          **error);
void              bie_sync_run_report     (BieSyncRun       *run,
                                           const char       *stage,
                                           gint64            done);
BieFhirResponse  *bie_sync_run_send       (BieSyncRun       *run,
                                           const char       *method,
                                           const char       *path_or_url,
                                           JsonNode         *body,
                                           const char       *if_match,
                                           GError          **error);
BieFhirResponse  *bie_sync_run_fetch      (BieSyncRun       *run,
                                           const char       *url,
                                           GError          **error);

/* The two halves of a run (bie-sync-download.c, bie-sync-upload.c) */
const BieJsonValue *bie_sync_bundle_entries (BieFhirResponse  *response,
                                             const char       *what,
                                             GError          **error);
gboolean            bie_sync_download       (BieSyncRun       *run,
                                             GError          **error);
gboolean            bie_sync_upload         (BieSyncRun       *run,
                                             GError          **error);

G_END_DECLS
