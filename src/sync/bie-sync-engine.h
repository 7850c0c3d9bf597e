/* bie-sync-engine.h: the local cache and the district's FHIR server made
 * to converge
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-fhir-client.h"
#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_SYNC_ERROR (bie_sync_error_quark ())

typedef enum
{
  BIE_SYNC_ERROR_NOT_CONVERGED,  /* conflicts, refused records or missing references remain */
  BIE_SYNC_ERROR_LOOP,           /* the server's paging went round in circles */
  BIE_SYNC_ERROR_FAILED,
} BieSyncError;

GQuark bie_sync_error_quark (void);

/* The cache's meta key of the end of its last run that went through,
 * conflicts aside: an ISO 8601 instant in UTC. */
#define BIE_SYNC_META_LAST "sync-last"

/* What one run did. */
typedef struct
{
  gint64 downloaded;   /* records written from the server */
  gint64 uploaded;     /* records the server took */
  gint64 deleted;      /* records the server had deleted */
  gint64 merged;       /* records edited on both sides, merged field by field */
  gint64 conflicts;    /* conflicts waiting for someone to choose */
  gint64 refused;      /* records the server would not take */
  gint64 deferred;     /* resources whose references never arrived */
  gint64 pending;      /* local edits still to send */
} BieSyncSummary;

#define BIE_TYPE_SYNC_ENGINE (bie_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (BieSyncEngine, bie_sync_engine, BIE, SYNC_ENGINE, GObject)

BieSyncEngine *bie_sync_engine_new              (BieStore            *store,
                                                 BieFhirClient       *client);
void           bie_sync_engine_set_sectors      (BieSyncEngine       *self,
                                                 const char * const  *sectors);
void           bie_sync_engine_set_uris         (BieSyncEngine       *self,
                                                 const BieFhirUris   *uris);
void           bie_sync_engine_set_page_size    (BieSyncEngine       *self,
                                                 guint                count);
void           bie_sync_engine_set_bundle_size  (BieSyncEngine       *self,
                                                 guint                entries);
void           bie_sync_engine_set_retry        (BieSyncEngine       *self,
                                                 guint                attempts,
                                                 guint                first_delay_ms);

gboolean       bie_sync_engine_run              (BieSyncEngine       *self,
                                                 BieSyncSummary      *summary,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void           bie_sync_engine_run_async        (BieSyncEngine       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       bie_sync_engine_run_finish       (BieSyncEngine       *self,
                                                 GAsyncResult        *result,
                                                 BieSyncSummary      *summary,
                                                 GError             **error);

gpointer       bie_sync_engine_theirs_record    (BieSyncEngine       *self,
                                                 BieEntity            entity,
                                                 const char          *json,
                                                 GError             **error);

G_END_DECLS
