/* bie-demo-cache.c: a demo city written into a cache file
 *
 * The demo city lives in a file of its own, apart from real work, and the
 * file says it is demonstration data (meta "demo"), so every view can say
 * so too. Generation streams: each batch of households is one transaction.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-demo-cache"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-demo-cache.h"

#define BULK_BATCH_HOUSEHOLDS 10000

typedef struct
{
  BieStore        *store;
  BieProgressFunc  progress;
  gpointer         user_data;
} Generation;

static gboolean
write_batch (BieRecordBatch  *batch,
             guint            done,
             guint            total,
             gpointer         user_data,
             GError         **error)
{
  Generation *generation = user_data;

  if (!bie_store_write_batch (generation->store, batch, error))
    return FALSE;
  if (generation->progress != NULL)
    generation->progress (done, total, generation->user_data);

  return TRUE;
}

/**
 * bie_demo_cache_generate:
 * @path: the cache file to write the demo city into; it must hold no
 *   households yet
 * @options: how big a city, from which seed, around which day
 * @progress: (nullable) (scope call): told after each batch
 *
 * Generates a demo city into a cache file. A file that already holds
 * households is refused, never overwritten.
 */
gboolean
bie_demo_cache_generate (const char            *path,
                         const BieDemoOptions  *options,
                         BieProgressFunc        progress,
                         gpointer               user_data,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(BieStore) store = NULL;
  g_autofree char *households = NULL;
  g_autofree char *seed = NULL;
  BieDemoOptions bulk_options;
  Generation generation;
  gint64 n_households;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  store = bie_store_open (path, error);
  if (store == NULL)
    return FALSE;

  if (!bie_store_count (store, BIE_ENTITY_HOUSEHOLD, &n_households, error))
    return FALSE;
  if (n_households > 0)
    {
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID,
                   _("The cache already holds households: the demo city goes into a file of its own."));
      return FALSE;
    }

  seed = g_strdup_printf ("%u", options->seed);
  households = g_strdup_printf ("%u", options->n_households);
  if (!bie_store_set_meta (store, "demo", "generating", error) ||
      !bie_store_set_meta (store, "demo-seed", seed, error) ||
      !bie_store_set_meta (store, "demo-households", households, error))
    return FALSE;

  /* Until it is complete the file is worth nothing: it is marked
   * "generating", and an interrupted one is thrown away and built again. */
  /* Fewer, larger transactions: each rewrites the index pages it touches. */
  bulk_options = *options;
  bulk_options.batch_size = MAX (options->batch_size, BULK_BATCH_HOUSEHOLDS);
  generation.store = store;
  generation.progress = progress;
  generation.user_data = user_data;
  if (!bie_store_set_bulk (store, TRUE, error) ||
      !bie_demo_city_generate (&bulk_options, write_batch, &generation, cancellable, error) ||
      !bie_store_set_bulk (store, FALSE, error))
    return FALSE;

  return bie_store_set_meta (store, "demo", "complete", error);
}

/**
 * bie_demo_cache_is_demo:
 *
 * Returns: whether @store holds demonstration data
 */
gboolean
bie_demo_cache_is_demo (BieStore *store)
{
  g_autofree char *demo = bie_store_get_meta (store, "demo");

  return demo != NULL;
}
