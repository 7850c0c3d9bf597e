/* bie-sync-text.h: synchronisation said in words: what a record is, its
 * fields and their values, how long ago the cache last synchronised
 *
 * What the sync status, the conflict list and its field-by-field choice
 * show, kept apart from the widgets so it reads the same everywhere and is
 * tested without a display. GLib only.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-store.h"

G_BEGIN_DECLS

const char *bie_sync_text_entity_name  (BieEntity       entity);
const char *bie_sync_text_field_label  (BieEntity       entity,
                                        const char     *field);
char       *bie_sync_text_field_value  (BieStore       *store,
                                        BieEntity       entity,
                                        const char     *field,
                                        gconstpointer   record);
char       *bie_sync_text_record_label (BieStore       *store,
                                        BieEntity       entity,
                                        gconstpointer   record);
char       *bie_sync_text_record_context (BieStore     *store,
                                          BieEntity     entity,
                                          gconstpointer record);
char       *bie_sync_text_last_sync    (GDateTime      *last_sync,
                                        GDateTime      *now);
char       *bie_sync_text_count        (gint64          count);
char       *bie_sync_text_pending      (gint64          pending);
char       *bie_sync_text_conflicts    (gint64          conflicts);
char       *bie_sync_text_stage        (const char     *stage,
                                        gint64          done);

G_END_DECLS
