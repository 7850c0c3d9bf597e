/* bie-store-lookups.c: the short lists forms choose from
 *
 * Sectors, professionals and the members of one household, each as a
 * BieLookupItem, in the order a person looks for them. Only rows that are
 * not deleted are listed.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include "bie-store-lookups.h"
#include "bie-store-private.h"

void
bie_lookup_item_free (BieLookupItem *item)
{
  if (item == NULL)
    return;

  g_free (item->uuid);
  g_free (item->code);
  g_free (item->name);
  g_free (item);
}

/* Runs @stmt (columns: id, uuid, code, name), already bound, to its end. */
static GPtrArray *
collect_items (BieStore      *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_lookup_item_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BieLookupItem *item = g_new0 (BieLookupItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->uuid = bie_store_column_uuid (stmt, 1);
      item->code = bie_store_column_text (stmt, 2);
      item->name = bie_store_column_text (stmt, 3);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * bie_store_list_sectors:
 *
 * Returns: (transfer full) (element-type BieLookupItem): the sectors by
 *   code, each with its code and name, or %NULL with @error set
 */
GPtrArray *
bie_store_list_sectors (BieStore  *self,
                        GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT id, uuid, code, name FROM sector "
                            "WHERE deleted = 0 ORDER BY code, id", error);
  if (stmt == NULL)
    return NULL;

  return collect_items (self, stmt, error);
}

/**
 * bie_store_list_professionals:
 *
 * Returns: (transfer full) (element-type BieLookupItem): the professionals
 *   by name, each with the code of their profession, or %NULL with @error set
 */
GPtrArray *
bie_store_list_professionals (BieStore  *self,
                              GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT id, uuid, profession, name FROM professional "
                            "WHERE deleted = 0 ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;

  return collect_items (self, stmt, error);
}

/**
 * bie_store_list_household_members:
 * @household_id: the household's row id
 *
 * Returns: (transfer full) (element-type BieLookupItem): the persons of the
 *   household in the order they were recorded, each with their relationship
 *   to the head of household and their names, or %NULL with @error set
 */
GPtrArray *
bie_store_list_household_members (BieStore  *self,
                                  gint64     household_id,
                                  GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT id, uuid, relationship, "
                            "trim (coalesce (given_names, '') || ' ' || coalesce (family_names, '')) "
                            "FROM person WHERE household_id = ? AND deleted = 0 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, household_id);

  return collect_items (self, stmt, error);
}

/**
 * bie_store_find_code:
 * @entity: %BIE_ENTITY_SUBRED, %BIE_ENTITY_LOCALIDAD or %BIE_ENTITY_SECTOR
 * @code: its code, as the district writes it ("004501")
 *
 * Returns: the row id of the part of the city with @code, 0 when the
 *   cache has none, or -1 with @error set
 */
gint64
bie_store_find_code (BieStore    *self,
                     BieEntity    entity,
                     const char  *code,
                     GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BIE_IS_STORE (self), -1);
  g_return_val_if_fail (entity == BIE_ENTITY_SUBRED || entity == BIE_ENTITY_LOCALIDAD ||
                        entity == BIE_ENTITY_SECTOR, -1);
  g_return_val_if_fail (code != NULL, -1);

  /* The table name comes from the model, never from the caller's text. */
  sql = g_strdup_printf ("SELECT id FROM %s WHERE code = ? AND deleted = 0", bie_entity_info (entity)->table);
  stmt = bie_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;

  bie_store_bind_text (stmt, 1, code);

  return bie_store_step_id (self, stmt, error);
}
