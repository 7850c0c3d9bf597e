/* bie-sync-transfer.h: local edits carried by hand, as FHIR Bundle files
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-sync-engine.h"

G_BEGIN_DECLS

/* A file larger than this, or with more entries, is refused unread. */
#define BIE_SYNC_TRANSFER_MAX_BYTES   (256 * 1024 * 1024)
#define BIE_SYNC_TRANSFER_MAX_ENTRIES 50000

gboolean bie_sync_export_bundle (BieStore           *store,
                                 const BieFhirUris  *uris,
                                 GFile              *file,
                                 gint64             *n_records,
                                 GError            **error);
gboolean bie_sync_import_bundle (BieStore           *store,
                                 const BieFhirUris  *uris,
                                 GFile              *file,
                                 BieSyncSummary     *summary,
                                 GError            **error);

G_END_DECLS
