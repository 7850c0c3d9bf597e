/* bie-sync-private.h: what the engine and hand-carried files share
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
gboolean  bie_sync_apply_resource         (BieSyncApply    *apply,
                                           JsonObject      *resource,
                                           GError         **error);
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
char     *bie_sync_change_fhir_id         (BieSyncChange   *change);
char     *bie_sync_change_if_match        (BieSyncChange   *change);

G_END_DECLS
