/* bie-test-records.h: records the tests of the cache start from
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-model.h"

G_BEGIN_DECLS

#include "bie-store.h"

/* A cache in a folder of its own, for one test. */
typedef struct
{
  char     *dir;
  char     *path;
  BieStore *store;
} BieTestCache;

BieRecordBatch *bie_test_territory_batch (gboolean      with_household);
void            bie_test_cache_open      (BieTestCache *cache,
                                          gboolean      with_household);
void            bie_test_cache_close     (BieTestCache *cache);
gint64          bie_test_add_household   (BieStore     *store,
                                          const char   *address);
gint64          bie_test_add_person      (BieStore     *store,
                                          gint64        household_id,
                                          const char   *given_names,
                                          const char   *family_names,
                                          const char   *sex,
                                          const char   *birth_date,
                                          const char   *document_type,
                                          const char   *document_number,
                                          const char   *relationship);
gint64          bie_test_save            (BieStore     *store,
                                          BieEntity     entity,
                                          gpointer      record);
gint64          bie_test_add_activity    (BieStore     *store,
                                          gint64        plan_id,
                                          gint64        person_id,
                                          const char   *kind,
                                          const char   *start,
                                          const char   *end,
                                          const char   *status);
char           *bie_test_territory_digest (BieStore    *store);
void            bie_test_remove_folder   (const char   *folder);

G_END_DECLS
