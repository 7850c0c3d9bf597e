/* bie-store-map.h: what the sector map reads from the local cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-map-snapshot.h"
#include "bie-store.h"

G_BEGIN_DECLS

BieMapSnapshot *bie_store_map_snapshot (BieStore        *self,
                                        GError         **error);
BieMapSnapshot *bie_store_map_snapshot_around (BieStore   *self,
                                               gint64      sector_id,
                                               double      margin,
                                               GError    **error);
BieMapFigures  *bie_store_map_figures  (BieStore        *self,
                                        BieMapSnapshot  *snapshot,
                                        BieMapTheme      theme,
                                        const char      *risk_code,
                                        GError         **error);

G_END_DECLS
