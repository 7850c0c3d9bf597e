/* bie-sync-controller.h: the application's synchronisation with the
 * district server: when it runs, and what the views show of it
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-fhir.h"
#include "bie-store.h"

G_BEGIN_DECLS

typedef enum
{
  BIE_SYNC_STATE_NOT_CONFIGURED,  /* no server or no sectors set */
  BIE_SYNC_STATE_IDLE,            /* waiting; the last run, if any, reached the server */
  BIE_SYNC_STATE_SYNCING,
  BIE_SYNC_STATE_OFFLINE,         /* the last run could not reach the server */
  BIE_SYNC_STATE_FAILED,          /* the last run reached the server and failed */
} BieSyncState;

#define BIE_TYPE_SYNC_STATE (bie_sync_state_get_type ())
GType bie_sync_state_get_type (void);

#define BIE_TYPE_SYNC_CONTROLLER (bie_sync_controller_get_type ())

G_DECLARE_FINAL_TYPE (BieSyncController, bie_sync_controller, BIE, SYNC_CONTROLLER, GObject)

BieSyncController *bie_sync_controller_new               (BieStore           *store);
BieStore          *bie_sync_controller_get_store         (BieSyncController  *self);
gboolean           bie_sync_controller_is_demo           (BieSyncController  *self);
BieSyncState       bie_sync_controller_get_state         (BieSyncController  *self);
GDateTime         *bie_sync_controller_get_last_sync     (BieSyncController  *self);
gint64             bie_sync_controller_get_pending       (BieSyncController  *self);
gint64             bie_sync_controller_get_conflicts     (BieSyncController  *self);
const char        *bie_sync_controller_get_progress_text (BieSyncController  *self);
const char        *bie_sync_controller_get_error_message (BieSyncController  *self);
char              *bie_sync_controller_dup_server_name   (BieSyncController  *self);

void               bie_sync_controller_sync_now          (BieSyncController  *self);
void               bie_sync_controller_cancel            (BieSyncController  *self);
void               bie_sync_controller_refresh_counts    (BieSyncController  *self);
void               bie_sync_controller_set_retry         (BieSyncController  *self,
                                                          guint               attempts,
                                                          guint               first_delay_ms);

BieFhirUris       *bie_sync_controller_dup_uris          (BieSyncController  *self,
                                                          GError            **error);
gpointer           bie_sync_controller_theirs_record     (BieSyncController  *self,
                                                          BieEntity           entity,
                                                          const char         *json,
                                                          GError            **error);

G_END_DECLS
