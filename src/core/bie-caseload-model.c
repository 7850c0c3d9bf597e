/* bie-caseload-model.c: the caseload as a lazy list model
 *
 * The model holds the row ids of the households that pass the filter, in
 * order, and nothing else: an item (a GObject with the household's row) is
 * made only when a view asks for that position, and kept only while
 * something holds it. A caseload of 300,000 households costs 2.4 MB of
 * ids, not 300,000 objects.
 *
 * It follows the store: after a change it asks for the ids again; when
 * they are the same, in the same order, only the items alive are reread
 * and the positions whose row changed are announced one by one; otherwise
 * the whole list is replaced.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-caseload-model"

#include "config.h"

#include <string.h>

#include "bie-caseload-model.h"

/* Items */

struct _BieCaseloadItem
{
  GObject         parent_instance;

  BieCaseloadRow *row;
};

G_DEFINE_FINAL_TYPE (BieCaseloadItem, bie_caseload_item, G_TYPE_OBJECT)

static void
bie_caseload_item_finalize (GObject *object)
{
  BieCaseloadItem *self = BIE_CASELOAD_ITEM (object);

  g_clear_pointer (&self->row, bie_caseload_row_free);

  G_OBJECT_CLASS (bie_caseload_item_parent_class)->finalize (object);
}

static void
bie_caseload_item_class_init (BieCaseloadItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bie_caseload_item_finalize;
}

static void
bie_caseload_item_init (BieCaseloadItem *self)
{
}

/**
 * bie_caseload_item_get_row:
 *
 * Returns: (transfer none): what the caseload shows of the household
 */
const BieCaseloadRow *
bie_caseload_item_get_row (BieCaseloadItem *self)
{
  g_return_val_if_fail (BIE_IS_CASELOAD_ITEM (self), NULL);

  return self->row;
}

/* The model */

/* Rows a window shows at once, and then some. */
#define FIRST_PAGE 64

struct _BieCaseloadModel
{
  GObject            parent_instance;

  BieStore          *store;
  GArray            *ids;       /* gint64, in order */
  guint              first_page; /* households read first, the rest when idle; 0: all at once */
  gboolean           partial;   /* only the first page, the rest to come */
  guint              complete_id;
  GHashTable        *items;     /* household id → BieCaseloadItem, weak */
  BieCaseloadFilter  filter;    /* strings owned */
  BieCaseloadSort    sort;
};

static void bie_caseload_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BieCaseloadModel, bie_caseload_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bie_caseload_model_list_model_init))

static GType
bie_caseload_model_get_item_type (GListModel *model)
{
  return BIE_TYPE_CASELOAD_ITEM;
}

static guint
bie_caseload_model_get_n_items (GListModel *model)
{
  return BIE_CASELOAD_MODEL (model)->ids->len;
}

/* Called as an item is disposed: its row is still there. */
static void
forget_item (gpointer  data,
             GObject  *where_the_object_was)
{
  BieCaseloadModel *self = data;
  BieCaseloadItem *item = (BieCaseloadItem *) where_the_object_was;

  if (g_hash_table_lookup (self->items, &item->row->household_id) == item)
    g_hash_table_remove (self->items, &item->row->household_id);
}

static void
unref_weakly (gpointer key,
              gpointer item,
              gpointer self)
{
  g_object_weak_unref (item, forget_item, self);
}

static gpointer
bie_caseload_model_get_item (GListModel *model,
                             guint       position)
{
  BieCaseloadModel *self = BIE_CASELOAD_MODEL (model);
  g_autoptr(GError) error = NULL;
  BieCaseloadItem *item;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->items, &id);
  if (item != NULL)
    return g_object_ref (item);

  item = g_object_new (BIE_TYPE_CASELOAD_ITEM, NULL);
  item->row = bie_store_caseload_row (self->store, id, &error);
  if (item->row == NULL)
    {
      /* Gone between the query and now: an empty row until the next change. */
      g_debug ("Household %" G_GINT64_FORMAT " is no longer in the caseload: %s", id, error->message);
      item->row = g_new0 (BieCaseloadRow, 1);
      item->row->household_id = id;
    }

  g_hash_table_insert (self->items, g_memdup2 (&id, sizeof id), item);
  g_object_weak_ref (G_OBJECT (item), forget_item, self);

  return item;
}

static void
bie_caseload_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bie_caseload_model_get_item_type;
  iface->get_n_items = bie_caseload_model_get_n_items;
  iface->get_item = bie_caseload_model_get_item;
}

/* How many households @a and @b share at their start (@prefix) and, after
 * that, at their end (@suffix). */
static void
common_ends (GArray *a,
             GArray *b,
             guint  *prefix,
             guint  *suffix)
{
  guint shortest = MIN (a->len, b->len);
  guint p = 0, q = 0;

  while (p < shortest && g_array_index (a, gint64, p) == g_array_index (b, gint64, p))
    p++;
  while (q < shortest - p &&
         g_array_index (a, gint64, a->len - 1 - q) == g_array_index (b, gint64, b->len - 1 - q))
    q++;

  *prefix = p;
  *suffix = q;
}

static gboolean
rows_equal (const BieCaseloadRow *a,
            const BieCaseloadRow *b)
{
  return a->priority == b->priority &&
         a->n_members == b->n_members &&
         a->open_risks == b->open_risks &&
         a->pregnant == b->pregnant &&
         a->caregiver == b->caregiver &&
         g_strcmp0 (a->head_name, b->head_name) == 0 &&
         g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->sector_code, b->sector_code) == 0 &&
         g_strcmp0 (a->risk_codes, b->risk_codes) == 0 &&
         g_strcmp0 (a->youngest_birth, b->youngest_birth) == 0 &&
         g_strcmp0 (a->oldest_birth, b->oldest_birth) == 0 &&
         g_strcmp0 (a->last_contact, b->last_contact) == 0 &&
         g_strcmp0 (a->next_due, b->next_due) == 0 &&
         g_strcmp0 (a->plan_status, b->plan_status) == 0;
}

static gboolean complete_later (gpointer data);

/* Rows the views hold whose household changed: each told alone. */
static void
refresh_rows (BieCaseloadModel *self,
              guint             from,
              guint             to)
{
  for (guint position = from; position < to; position++)
    {
      gint64 id = g_array_index (self->ids, gint64, position);
      BieCaseloadItem *item = g_hash_table_lookup (self->items, &id);
      BieCaseloadRow *row;

      if (item == NULL)
        continue;
      row = bie_store_caseload_row (self->store, id, NULL);
      if (row == NULL || rows_equal (row, item->row))
        {
          g_clear_pointer (&row, bie_caseload_row_free);
          continue;
        }
      bie_caseload_row_free (item->row);
      item->row = row;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

/* Asks the store again, and tells the views as little as is true: the
 * stretch of the list that changed, between the households both lists
 * begin and end with, and rows that changed outside it. After a new
 * filter or sort, the @whole list: what a view shows of a household may
 * depend on the filter (the search's matches); read progressively, like
 * the first list, when the model was made so.
 *
 * The stretch is told in two steps, gone and then new. A GtkSingleSelection
 * whose item was in a stretch that changes looks for it among the items
 * added, asking for each: a search cleared on 300,000 households was
 * 300,000 rows read from the store, seconds. Told it is gone first, it
 * looks among none, and chooses again after. */
static gboolean
reload (BieCaseloadModel  *self,
        gboolean           whole,
        GError           **error)
{
  guint limit = whole ? self->first_page : 0;
  g_autoptr(GArray) ids = bie_store_caseload (self->store, &self->filter, self->sort, limit, error);
  guint prefix, suffix, removed, added;

  if (ids == NULL)
    return FALSE;

  g_clear_handle_id (&self->complete_id, g_source_remove);
  self->partial = limit > 0 && ids->len == limit;
  if (self->partial)
    self->complete_id = g_idle_add_full (G_PRIORITY_LOW, complete_later, self, NULL);
  if (whole)
    prefix = suffix = 0;
  else
    common_ends (self->ids, ids, &prefix, &suffix);
  removed = self->ids->len - prefix - suffix;
  added = ids->len - prefix - suffix;

  /* Items made for the stretch that changed go with it: views ask again. */
  for (guint position = prefix; position < prefix + removed; position++)
    {
      gint64 id = g_array_index (self->ids, gint64, position);
      gpointer item = g_hash_table_lookup (self->items, &id);

      if (item != NULL)
        {
          unref_weakly (NULL, item, self);
          g_hash_table_remove (self->items, &id);
        }
    }

  if (removed > 0)
    {
      GArray *between = g_array_sized_new (FALSE, FALSE, sizeof (gint64), prefix + suffix);

      g_array_append_vals (between, self->ids->data, prefix);
      g_array_append_vals (between, &g_array_index (self->ids, gint64, prefix + removed), suffix);
      g_array_unref (self->ids);
      self->ids = between;
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, 0);
    }
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, 0, added);

  refresh_rows (self, 0, prefix);
  refresh_rows (self, prefix + added, self->ids->len);

  return TRUE;
}

/* The rest of the list after the first page, added after it: the same
 * households, unless the cache changed in between (then reload() tells
 * the views all that changed). */
static void
complete (BieCaseloadModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint old_len = self->ids->len;

  g_clear_handle_id (&self->complete_id, g_source_remove);
  if (!self->partial)
    return;

  self->partial = FALSE;
  ids = bie_store_caseload (self->store, &self->filter, self->sort, 0, &error);
  if (ids == NULL)
    {
      g_warning ("The caseload could not be read: %s", error->message);
      return;
    }
  if (ids->len < old_len || memcmp (ids->data, self->ids->data, old_len * sizeof (gint64)) != 0)
    {
      if (!reload (self, FALSE, &error))
        g_warning ("The caseload could not be read: %s", error->message);
      return;
    }

  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->ids->len - old_len);
}

static gboolean
complete_later (gpointer data)
{
  BieCaseloadModel *self = data;

  self->complete_id = 0;
  complete (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (BieCaseloadModel *self,
                  guint             entity,
                  GArray           *ids)
{
  g_autoptr(GError) error = NULL;

  switch (entity)
    {
    case BIE_ENTITY_SECTOR:
    case BIE_ENTITY_HOUSEHOLD:
    case BIE_ENTITY_PERSON:
    case BIE_ENTITY_RISK:
    case BIE_ENTITY_CARE_PLAN:
    case BIE_ENTITY_ACTIVITY:
    case BIE_ENTITY_ENCOUNTER:
      if (!reload (self, FALSE, &error))
        g_warning ("The caseload could not be updated: %s", error->message);
      break;

    default:
      break;
    }
}

/* Whether two filters keep the same households: no text and empty text
 * are the same (no condition), as in the store. Every field of
 * BieCaseloadFilter. */
static gboolean
filters_equal (const BieCaseloadFilter *a,
               const BieCaseloadFilter *b)
{
  return a->subred_id == b->subred_id &&
         a->localidad_id == b->localidad_id &&
         a->sector_id == b->sector_id &&
         !a->overdue == !b->overdue &&
         a->no_contact_days == b->no_contact_days &&
         !a->pregnant == !b->pregnant &&
         !a->child_under_five == !b->child_under_five &&
         g_strcmp0 (a->risk_code, b->risk_code) == 0 &&
         g_strcmp0 (a->plan_status, b->plan_status) == 0 &&
         g_strcmp0 (a->text ?: "", b->text ?: "") == 0;
}

static void
clear_filter (BieCaseloadFilter *filter)
{
  g_free ((char *) filter->risk_code);
  g_free ((char *) filter->plan_status);
  g_free ((char *) filter->text);
  memset (filter, 0, sizeof *filter);
}

static BieCaseloadModel *
model_new (BieStore *store,
           guint     first_page)
{
  BieCaseloadModel *self = g_object_new (BIE_TYPE_CASELOAD_MODEL, NULL);
  g_autoptr(GError) error = NULL;
  GArray *ids;

  self->store = g_object_ref (store);
  self->first_page = first_page;
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  ids = bie_store_caseload (store, &self->filter, self->sort, first_page, &error);
  if (ids == NULL)
    {
      g_warning ("The caseload could not be read: %s", error->message);
      return self;
    }
  g_array_unref (self->ids);
  self->ids = ids;
  self->partial = first_page > 0 && ids->len == first_page;
  if (self->partial)
    self->complete_id = g_idle_add_full (G_PRIORITY_LOW, complete_later, self, NULL);

  return self;
}

/**
 * bie_caseload_model_new:
 * @store: the cache to show the caseload of
 *
 * Returns: (transfer full): a model of every household, most in need first
 */
BieCaseloadModel *
bie_caseload_model_new (BieStore *store)
{
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  return model_new (store, 0);
}

/**
 * bie_caseload_model_new_progressive:
 * @store: the cache to show the caseload of
 *
 * The same model, first holding only the households of the first rows,
 * so a window shows them at once; the others are added after them once
 * the main loop is idle (a list of 300,000 takes a tenth of a second).
 *
 * Returns: (transfer full): a model of every household, most in need first
 */
BieCaseloadModel *
bie_caseload_model_new_progressive (BieStore *store)
{
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  return model_new (store, FIRST_PAGE);
}

/**
 * bie_caseload_model_set_filter:
 * @filter: which households to hold from now on
 *
 * The filter the model has already changes nothing: the model follows
 * the store, so what it holds is current.
 *
 * Returns: whether the caseload could be read; on failure the model keeps
 *   what it held
 */
gboolean
bie_caseload_model_set_filter (BieCaseloadModel         *self,
                               const BieCaseloadFilter  *filter,
                               GError                  **error)
{
  BieCaseloadFilter previous;

  g_return_val_if_fail (BIE_IS_CASELOAD_MODEL (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  /* Asking the store again would cost a query of every household. */
  if (filters_equal (filter, &self->filter))
    return TRUE;

  previous = self->filter;
  self->filter = *filter;
  self->filter.risk_code = g_strdup (filter->risk_code);
  self->filter.plan_status = g_strdup (filter->plan_status);
  self->filter.text = g_strdup (filter->text);

  if (!reload (self, TRUE, error))
    {
      clear_filter (&self->filter);
      self->filter = previous;
      return FALSE;
    }
  clear_filter (&previous);

  return TRUE;
}

gboolean
bie_caseload_model_set_sort (BieCaseloadModel  *self,
                             BieCaseloadSort    sort,
                             GError           **error)
{
  BieCaseloadSort previous;

  g_return_val_if_fail (BIE_IS_CASELOAD_MODEL (self), FALSE);

  if (sort == self->sort)
    return TRUE;

  previous = self->sort;
  self->sort = sort;
  if (!reload (self, TRUE, error))
    {
      self->sort = previous;
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_caseload_model_find:
 * @position: (out) (optional): where the household is
 *
 * Returns: whether the household is in the caseload
 */
gboolean
bie_caseload_model_find (BieCaseloadModel *self,
                         gint64            household_id,
                         guint            *position)
{
  g_return_val_if_fail (BIE_IS_CASELOAD_MODEL (self), FALSE);

  /* The whole list, not just the rows shown first. */
  complete (self);
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == household_id)
      {
        if (position != NULL)
          *position = i;
        return TRUE;
      }

  return FALSE;
}

static void
bie_caseload_model_finalize (GObject *object)
{
  BieCaseloadModel *self = BIE_CASELOAD_MODEL (object);

  g_clear_handle_id (&self->complete_id, g_source_remove);
  g_hash_table_foreach (self->items, unref_weakly, self);
  g_hash_table_unref (self->items);
  g_array_unref (self->ids);
  clear_filter (&self->filter);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bie_caseload_model_parent_class)->finalize (object);
}

static void
bie_caseload_model_class_init (BieCaseloadModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bie_caseload_model_finalize;
}

static void
bie_caseload_model_init (BieCaseloadModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->sort = BIE_CASELOAD_SORT_PRIORITY;
}
