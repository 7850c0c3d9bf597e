/* bie-store-caseload.c: the caseload — which households, in what order,
 * and what each one's row shows
 *
 * Everything is read from household_facts (schema 3), which triggers keep
 * in step with the records; the priority is kept there as of the store's
 * day, and recomputed for every household when the day changes.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-store-caseload.h"
#include "bie-store-private.h"

void
bie_caseload_row_free (BieCaseloadRow *row)
{
  if (row == NULL)
    return;

  g_free (row->head_name);
  g_free (row->address);
  g_free (row->sector_code);
  g_free (row->sector_name);
  g_free (row->risk_codes);
  g_free (row->youngest_birth);
  g_free (row->oldest_birth);
  g_free (row->last_contact);
  g_free (row->next_due);
  g_free (row->next_due_kind);
  g_free (row->plan_status);
  g_free (row);
}

static char *
day_text (GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);

  return g_strdup (text);
}

/**
 * bie_store_refresh_priorities:
 *
 * Recomputes every household's priority when the store's day differs
 * from the day they were computed for; does nothing otherwise.
 */
gboolean
bie_store_refresh_priorities (BieStore  *self,
                              GError   **error)
{
  g_autofree char *today = day_text (&self->today);
  g_autofree char *computed = bie_store_get_meta (self, "caseload-day");

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  if (g_strcmp0 (today, computed) == 0)
    return TRUE;

  if (!bie_store_begin (self, error))
    return FALSE;
  if (!bie_store_exec (self,
                       "UPDATE household_facts SET priority = caseload_priority (open_risks, next_due, "
                       "last_contact, youngest_birth, oldest_birth, pregnant, caregiver)",
                       error) ||
      !bie_store_set_meta (self, "caseload-day", today, error))
    {
      bie_store_rollback (self);
      return FALSE;
    }
  bie_store_note_all_changed (self, BIE_ENTITY_HOUSEHOLD);

  return bie_store_commit (self, error);
}

/**
 * bie_store_set_today:
 * @today: the day to judge priorities on
 *
 * The store judges priorities on the local day it was opened; tests and a
 * long-running application move it on, which recomputes priorities.
 */
void
bie_store_set_today (BieStore *self,
                     GDate    *today)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BIE_IS_STORE (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
  if (!bie_store_refresh_priorities (self, &error))
    g_warning ("Priorities could not be recomputed: %s", error->message);
}

/* The facts of every household at once: the same as household_facts_source
 * (test-caseload compares them), but by aggregating each table once rather
 * than asking it once per household, which is what makes a bulk load of
 * 300,000 households fit its time. */
static const char rebuild_sql[] =
  "DELETE FROM household_facts;"
  "INSERT INTO household_facts"
  " SELECT h.id, head.name, coalesce (m.n, 0), coalesce (r.n, 0), r.codes,"
  "  coalesce (r.pregnant, 0), coalesce (r.caregiver, 0), m.youngest, m.oldest,"
  "  e.last_contact, a.next_due, a.kind, p.status,"
  "  caseload_priority (coalesce (r.n, 0), a.next_due, e.last_contact, m.youngest, m.oldest,"
  "                     coalesce (r.pregnant, 0), coalesce (r.caregiver, 0))"
  " FROM household h"
  " LEFT JOIN (SELECT household_id, count (*) AS n, max (birth_date) AS youngest,"
  "            min (birth_date) AS oldest FROM person WHERE deleted = 0 GROUP BY household_id) m"
  "  ON m.household_id = h.id"
  " LEFT JOIN (SELECT household_id, given_names || ' ' || family_names AS name FROM"
  "            (SELECT household_id, given_names, family_names, row_number () OVER"
  "             (PARTITION BY household_id ORDER BY relationship <> 'head', birth_date) AS rank"
  "             FROM person WHERE deleted = 0) WHERE rank = 1) head"
  "  ON head.household_id = h.id"
  " LEFT JOIN (SELECT household_id, count (*) AS n,"
  "            (SELECT group_concat (code, ',') FROM (SELECT DISTINCT r2.code FROM risk r2"
  "             WHERE r2.household_id = r1.household_id AND r2.deleted = 0"
  "             AND r2.status <> 'closed' ORDER BY r2.code)) AS codes,"
  "            max (code IN ('pregnancy', 'pregnancy-no-prenatal-control')) AS pregnant,"
  "            max (code = 'caregiver-burden') AS caregiver"
  "            FROM risk r1 WHERE deleted = 0 AND status <> 'closed' GROUP BY household_id) r"
  "  ON r.household_id = h.id"
  " LEFT JOIN (SELECT household_id, substr (max (date), 1, 10) AS last_contact FROM encounter"
  "            WHERE deleted = 0 GROUP BY household_id) e"
  "  ON e.household_id = h.id"
  " LEFT JOIN (SELECT c.household_id, a.end_date AS next_due, a.kind, row_number () OVER"
  "             (PARTITION BY c.household_id ORDER BY a.end_date IS NULL, a.end_date) AS rank"
  "            FROM activity a JOIN care_plan c ON c.id = a.plan_id"
  "            WHERE c.deleted = 0 AND a.deleted = 0"
  "            AND a.status IN ('planned', 'scheduled', 'in-progress')) a"
  "  ON a.household_id = h.id AND a.rank = 1"
  " LEFT JOIN (SELECT household_id, status, row_number () OVER"
  "             (PARTITION BY household_id ORDER BY status IN ('draft', 'active') DESC,"
  "              agreed_on DESC, id DESC) AS rank"
  "            FROM care_plan WHERE deleted = 0) p"
  "  ON p.household_id = h.id AND p.rank = 1"
  " WHERE h.deleted = 0;";

/**
 * bie_store_rebuild_caseload:
 *
 * Recomputes the facts of every household, after a bulk load.
 */
gboolean
bie_store_rebuild_caseload (BieStore  *self,
                            GError   **error)
{
  g_autofree char *today = day_text (&self->today);

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);

  if (!bie_store_begin (self, error))
    return FALSE;
  if (!bie_store_exec (self, rebuild_sql, error) ||
      !bie_store_set_meta (self, "caseload-day", today, error))
    {
      bie_store_rollback (self);
      return FALSE;
    }
  bie_store_note_all_changed (self, BIE_ENTITY_HOUSEHOLD);

  return bie_store_commit (self, error);
}

/* Appends to @sql the conditions of @filter on household_facts f, each
 * " AND ..."; @params receives what to bind, in order, as text (SQLite
 * compares the integer columns by affinity). */
static void
append_conditions (GString                 *sql,
                   const BieCaseloadFilter *filter,
                   GDate                   *today,
                   GPtrArray               *params)
{
  g_autofree char *match = NULL;

  /* Territory through the households' sector index: the few households of
   * a sector or localidad, rather than a join for every household. */
  if (filter->sector_id != 0)
    {
      g_string_append (sql, " AND f.household_id IN (SELECT id FROM household WHERE sector_id = ?)");
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, filter->sector_id));
    }
  if (filter->localidad_id != 0)
    {
      g_string_append (sql, " AND f.household_id IN (SELECT id FROM household WHERE sector_id IN"
                            " (SELECT id FROM sector WHERE localidad_id = ?))");
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, filter->localidad_id));
    }
  if (filter->subred_id != 0)
    {
      g_string_append (sql, " AND f.household_id IN (SELECT id FROM household WHERE sector_id IN"
                            " (SELECT s.id FROM sector s JOIN localidad l ON l.id = s.localidad_id"
                            " WHERE l.subred_id = ?))");
      g_ptr_array_add (params, g_strdup_printf ("%" G_GINT64_FORMAT, filter->subred_id));
    }
  if (filter->risk_code != NULL)
    {
      g_string_append (sql, " AND f.household_id IN (SELECT household_id FROM risk"
                            " WHERE code = ? AND status <> 'closed' AND deleted = 0)");
      g_ptr_array_add (params, g_strdup (filter->risk_code));
    }
  if (filter->overdue)
    {
      g_string_append (sql, " AND f.next_due < ?");
      g_ptr_array_add (params, day_text (today));
    }
  if (filter->no_contact_days > 0)
    {
      GDate since = *today;

      g_date_subtract_days (&since, filter->no_contact_days);
      g_string_append (sql, " AND (f.last_contact IS NULL OR f.last_contact <= ?)");
      g_ptr_array_add (params, day_text (&since));
    }
  if (filter->pregnant)
    g_string_append (sql, " AND f.pregnant");
  if (filter->child_under_five)
    {
      GDate born_after = *today;

      g_date_subtract_years (&born_after, 5);
      g_string_append (sql, " AND f.youngest_birth > ?");
      g_ptr_array_add (params, day_text (&born_after));
    }
  if (filter->plan_status != NULL)
    {
      if (g_str_equal (filter->plan_status, "none"))
        g_string_append (sql, " AND f.plan_status IS NULL");
      else
        {
          g_string_append (sql, " AND f.plan_status = ?");
          g_ptr_array_add (params, g_strdup (filter->plan_status));
        }
    }
  if (filter->text != NULL && (match = bie_store_build_match (filter->text)) != NULL)
    {
      /* The best matches, not every one: a letter or two matches most of
       * a city, and what a nurse looks for is among the first. */
      g_string_append (sql, " AND (f.household_id IN (SELECT rowid FROM household_search"
                            " WHERE household_search MATCH ?"
                            " ORDER BY match_rank (household_search, 0, 1), rowid"
                            " LIMIT " G_STRINGIFY (BIE_CASELOAD_MAX_MATCHES) ")"
                            " OR f.household_id IN (SELECT p.household_id FROM person p"
                            " WHERE p.id IN (SELECT rowid FROM person_search"
                            " WHERE person_search MATCH ?"
                            " ORDER BY match_rank (person_search, 1, 0, 0), rowid"
                            " LIMIT " G_STRINGIFY (BIE_CASELOAD_MAX_MATCHES) ")))");
      g_ptr_array_add (params, g_strdup (match));
      g_ptr_array_add (params, g_strdup (match));
    }
}

/* The caseload's query: the ids of the households of @filter in @sort's
 * order. */
static char *
build_caseload_sql (const BieCaseloadFilter *filter,
                    BieCaseloadSort          sort,
                    GDate                   *today,
                    GPtrArray               *params)
{
  g_autoptr(GString) sql = g_string_new ("SELECT f.household_id FROM household_facts f WHERE 1");

  append_conditions (sql, filter, today, params);

  /* Each sort walks its own index, which carries what the filters read
   * (schema 4); a territory, a risk or a search leaves few households,
   * which SQLite reads by id and sorts. Never contacted sorts first: NULL
   * does in ascending order. */
  switch (sort)
    {
    case BIE_CASELOAD_SORT_NAME:
      g_string_append (sql, " ORDER BY f.head_name COLLATE NOCASE, f.household_id");
      break;

    case BIE_CASELOAD_SORT_LAST_CONTACT:
      g_string_append (sql, " ORDER BY f.last_contact, f.household_id");
      break;

    case BIE_CASELOAD_SORT_PRIORITY:
    default:
      g_string_append (sql, " ORDER BY f.priority DESC, f.household_id");
      break;
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Prepares @sql and binds @params to it, in order. */
static sqlite3_stmt *
prepare_bound (BieStore   *self,
               const char *sql,
               GPtrArray  *params,
               GError    **error)
{
  sqlite3_stmt *stmt = bie_store_prepare (self, sql, error);

  for (guint i = 0; stmt != NULL && i < params->len; i++)
    bie_store_bind_text (stmt, i + 1, g_ptr_array_index (params, i));

  return stmt;
}

/**
 * bie_store_caseload:
 * @filter: which households
 * @sort: in what order
 * @limit: how many at most, the first ones; 0 for all
 *
 * Returns: (transfer full) (element-type gint64): the row ids of the
 *   households, or %NULL with @error set
 */
GArray *
bie_store_caseload (BieStore                 *self,
                    const BieCaseloadFilter  *filter,
                    BieCaseloadSort           sort,
                    guint                     limit,
                    GError                  **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  sql = build_caseload_sql (filter, sort, &self->today, params);
  if (limit > 0)
    {
      /* A number of this code, not of the user: in the SQL it stays. */
      g_autofree char *all = g_steal_pointer (&sql);

      sql = g_strdup_printf ("%s LIMIT %u", all, limit);
    }
  stmt = prepare_bound (self, sql, params, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * bie_store_caseload_count:
 * @filter: which households
 * @count: (out): how many pass @filter
 *
 * Counts the households of a filter without listing them, for the counts
 * shown beside each filter.
 */
gboolean
bie_store_caseload_count (BieStore                 *self,
                          const BieCaseloadFilter  *filter,
                          guint                    *count,
                          GError                  **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new ("SELECT count (*) FROM household_facts f WHERE 1");
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL && count != NULL, FALSE);

  /* The caseload's own conditions: the same households by definition. */
  append_conditions (sql, filter, &self->today, params);
  stmt = prepare_bound (self, sql->str, params, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return bie_store_set_error (self, rc, error);

  return TRUE;
}

/**
 * bie_store_caseload_facet_counts:
 * @filter: which households; its own @facet part is left out
 * @facet: which choices to count
 *
 * How many households each choice of a filter would leave, with the rest
 * of @filter as it is: for each open risk code, the households with an
 * open risk of it; for each plan status ("none" for no plan), the
 * households whose plan (the one followed) has it. Choices no household has are not
 * in the table.
 *
 * Returns: (transfer full) (element-type utf8 guint): code → count, or
 *   %NULL with @error set
 */
GHashTable *
bie_store_caseload_facet_counts (BieStore                 *self,
                                 const BieCaseloadFilter  *filter,
                                 BieCaseloadFacet          facet,
                                 GError                  **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) sql = NULL;
  BieCaseloadFilter others = *filter;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (facet == BIE_CASELOAD_FACET_RISK)
    {
      others.risk_code = NULL;
      sql = g_string_new ("SELECT r.code, count (DISTINCT r.household_id) FROM risk r"
                          " JOIN household_facts f ON f.household_id = r.household_id"
                          " WHERE r.deleted = 0 AND r.status <> 'closed'");
    }
  else
    {
      others.plan_status = NULL;
      sql = g_string_new ("SELECT coalesce (f.plan_status, 'none'), count (*) FROM household_facts f WHERE 1");
    }
  append_conditions (sql, &others, &self->today, params);
  g_string_append (sql, " GROUP BY 1");

  stmt = prepare_bound (self, sql->str, params, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts, bie_store_column_text (stmt, 0),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/**
 * bie_store_caseload_row:
 *
 * Returns: (transfer full): what the caseload shows of the household, or
 *   %NULL with %BIE_STORE_ERROR_NOT_FOUND
 */
BieCaseloadRow *
bie_store_caseload_row (BieStore  *self,
                        gint64     household_id,
                        GError   **error)
{
  g_autoptr(BieCaseloadRow) row = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT f.head_name, h.address, s.code, s.name, f.n_members, f.open_risks,"
                            " f.risk_codes, f.pregnant, f.caregiver, f.youngest_birth, f.oldest_birth,"
                            " f.last_contact, f.next_due, f.next_due_kind, f.plan_status, f.priority"
                            " FROM household_facts f JOIN household h ON h.id = f.household_id"
                            " JOIN sector s ON s.id = h.sector_id WHERE f.household_id = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, household_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND,
                             _("The record is no longer in the local cache."));
      else
        bie_store_set_error (self, rc, error);
      return NULL;
    }

  row = g_new0 (BieCaseloadRow, 1);
  row->household_id = household_id;
  row->head_name = bie_store_column_text (stmt, 0);
  row->address = bie_store_column_text (stmt, 1);
  row->sector_code = bie_store_column_text (stmt, 2);
  row->sector_name = bie_store_column_text (stmt, 3);
  row->n_members = sqlite3_column_int (stmt, 4);
  row->open_risks = sqlite3_column_int (stmt, 5);
  row->risk_codes = bie_store_column_text (stmt, 6);
  row->pregnant = sqlite3_column_int (stmt, 7) != 0;
  row->caregiver = sqlite3_column_int (stmt, 8) != 0;
  row->youngest_birth = bie_store_column_text (stmt, 9);
  row->oldest_birth = bie_store_column_text (stmt, 10);
  row->last_contact = bie_store_column_text (stmt, 11);
  row->next_due = bie_store_column_text (stmt, 12);
  row->next_due_kind = bie_store_column_text (stmt, 13);
  row->plan_status = bie_store_column_text (stmt, 14);
  row->priority = sqlite3_column_int (stmt, 15);
  sqlite3_reset (stmt);

  return g_steal_pointer (&row);
}

/**
 * bie_store_caseload_members:
 * @household_id: the household's row id
 *
 * What a search looks at of each member of a household, for a row to say
 * which member matched: names, then the document ("Ana Rojas · CC 52111333").
 *
 * Returns: (transfer full): the members in the order they were recorded,
 *   or %NULL with @error set
 */
GStrv
bie_store_caseload_members (BieStore  *self,
                            gint64     household_id,
                            GError   **error)
{
  g_autoptr(GStrvBuilder) members = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self,
                            "SELECT trim (coalesce (given_names, '') || ' ' || coalesce (family_names, '')),"
                            " document_type, document_number"
                            " FROM person WHERE household_id = ? AND deleted = 0 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, household_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *number = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *member = NULL;

      if (number != NULL && *number != '\0')
        member = g_strdup_printf ("%s · %s %s", sqlite3_column_text (stmt, 0),
                                  sqlite3_column_text (stmt, 1), number);
      else
        member = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (members, member);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bie_store_set_error (self, rc, error);
      return NULL;
    }

  return g_strv_builder_end (members);
}
