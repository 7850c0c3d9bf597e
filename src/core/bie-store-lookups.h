/* bie-store-lookups.h: the short lists forms choose from
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-store.h"

G_BEGIN_DECLS

/* One record a form offers as a choice: enough to show it and refer to it. */
typedef struct
{
  gint64  id;     /* row id */
  char   *uuid;
  char   *code;   /* sector: its code; professional: the profession; person: the relationship */
  char   *name;   /* sector or professional name; a person's given and family names */
} BieLookupItem;

void       bie_lookup_item_free             (BieLookupItem *item);

GPtrArray *bie_store_list_sectors           (BieStore      *self,
                                             GError       **error);
GPtrArray *bie_store_list_professionals     (BieStore      *self,
                                             GError       **error);
GPtrArray *bie_store_list_household_members (BieStore      *self,
                                             gint64         household_id,
                                             GError       **error);
gint64     bie_store_find_code              (BieStore      *self,
                                             BieEntity      entity,
                                             const char    *code,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieLookupItem, bie_lookup_item_free)

G_END_DECLS
