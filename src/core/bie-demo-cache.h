/* bie-demo-cache.h: a demo city written into a cache file
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-demo-city.h"
#include "bie-store.h"

G_BEGIN_DECLS

/* Called after each batch is written: @done of @total households. */
typedef void (*BieProgressFunc) (guint    done,
                                 guint    total,
                                 gpointer user_data);

gboolean bie_demo_cache_generate (const char            *path,
                                  const BieDemoOptions  *options,
                                  BieProgressFunc        progress,
                                  gpointer               user_data,
                                  GCancellable          *cancellable,
                                  GError               **error);
gboolean bie_demo_cache_is_demo  (BieStore              *store);

G_END_DECLS
