/* bie-sync-status.h: the synchronisation's state in the window's header
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-sync-controller.h"

G_BEGIN_DECLS

#define BIE_TYPE_SYNC_STATUS (bie_sync_status_get_type ())

G_DECLARE_FINAL_TYPE (BieSyncStatus, bie_sync_status, BIE, SYNC_STATUS, GtkWidget)

BieSyncController *bie_sync_status_get_controller (BieSyncStatus     *self);
void               bie_sync_status_set_controller (BieSyncStatus     *self,
                                                   BieSyncController *controller);
char              *bie_sync_status_describe       (BieSyncStatus     *self);

G_END_DECLS
