/* bie-store-map.c: what the sector map reads from the local cache
 *
 * The territory is read once into a BieMapSnapshot; a theme's figures are
 * one aggregate over household_facts per sector, so changing the theme
 * over the whole city reads each household once and sorts nothing.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "bie-reference.h"
#include "bie-store-map.h"
#include "bie-store-private.h"
#include "bie-validation.h"

/* Days since the last contact stop counting here: a household never
 * contacted counts as a year, and so does one last seen longer ago. */
#define MAX_DAYS 365

static BieGeometry *
column_geometry (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GError) error = NULL;
  BieGeometry *geometry;

  if (text == NULL)
    return NULL;

  /* Geometry is checked when it is imported; a damaged one is left off
   * the map rather than keeping the map from opening. */
  geometry = bie_geometry_new_from_geojson (text, &error);
  if (geometry == NULL)
    g_warning ("A boundary in the local cache cannot be read: %s", error->message);

  return geometry;
}

static gboolean
read_localidades (BieStore        *self,
                  BieMapSnapshot  *snapshot,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT id, code, name, subred_id, geometry FROM localidad"
                            " WHERE deleted = 0 ORDER BY code",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    bie_map_snapshot_add_localidad (snapshot, sqlite3_column_int64 (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3),
                                    column_geometry (stmt, 4));

  return bie_store_finish (self, stmt, rc, error);
}

/* With @area (min_lon, min_lat, max_lon, max_lat), only the sectors whose
 * bounds meet it. */
static gboolean
read_sectors (BieStore        *self,
              BieMapSnapshot  *snapshot,
              const double    *area,
              GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* In row id order, which bie_map_snapshot_find_sector() searches. */
  if (area == NULL)
    stmt = bie_store_prepare (self,
                              "SELECT id, code, name, localidad_id, geometry FROM sector"
                              " WHERE deleted = 0 AND geometry IS NOT NULL ORDER BY id",
                              error);
  else
    stmt = bie_store_prepare (self,
                              "SELECT s.id, s.code, s.name, s.localidad_id, s.geometry FROM sector_bounds b"
                              " JOIN sector s ON s.id = b.id"
                              " WHERE b.max_lon >= ?1 AND b.min_lon <= ?3 AND b.max_lat >= ?2 AND b.min_lat <= ?4"
                              " AND s.deleted = 0 AND s.geometry IS NOT NULL ORDER BY s.id",
                              error);
  if (stmt == NULL)
    return FALSE;

  for (int i = 0; area != NULL && i < 4; i++)
    sqlite3_bind_double (stmt, i + 1, area[i]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BieGeometry *geometry = column_geometry (stmt, 4);

      if (geometry != NULL)
        bie_map_snapshot_add_sector (snapshot, sqlite3_column_int64 (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1),
                                     (const char *) sqlite3_column_text (stmt, 2),
                                     sqlite3_column_int64 (stmt, 3),
                                     geometry);
    }

  return bie_store_finish (self, stmt, rc, error);
}

static gboolean
read_households (BieStore        *self,
                 BieMapSnapshot  *snapshot,
                 GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) sectors = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) lon_lat = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT id, sector_id, lon, lat FROM household"
                            " WHERE deleted = 0 AND lon IS NOT NULL AND lat IS NOT NULL",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 sector = sqlite3_column_int64 (stmt, 1);
      double point[2] = { sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3) };

      g_array_append_val (ids, id);
      g_array_append_val (sectors, sector);
      g_array_append_vals (lon_lat, point, 2);
    }
  if (!bie_store_finish (self, stmt, rc, error))
    return FALSE;

  n = ids->len;
  bie_map_snapshot_set_households (snapshot, n,
                                   (gint64 *) g_array_free (g_steal_pointer (&ids), FALSE),
                                   (gint64 *) g_array_free (g_steal_pointer (&sectors), FALSE),
                                   (double *) g_array_free (g_steal_pointer (&lon_lat), FALSE));

  return TRUE;
}

/**
 * bie_store_map_snapshot:
 *
 * The territory and every household's point, for the sector map.
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
BieMapSnapshot *
bie_store_map_snapshot (BieStore  *self,
                        GError   **error)
{
  g_autoptr(BieMapSnapshot) snapshot = bie_map_snapshot_new ();

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  if (!read_localidades (self, snapshot, error) ||
      !read_sectors (self, snapshot, NULL, error) ||
      !read_households (self, snapshot, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

/**
 * bie_store_map_snapshot_around:
 * @sector_id: the sector in the middle
 * @margin: how much of the neighbourhood, in widths of the sector
 *
 * A sector and its neighbours, without households: what a thumbnail of
 * where a household is shows. The localidades have no boundaries.
 *
 * Returns: (transfer full): the snapshot (without sectors when @sector_id
 *   has no boundary), or %NULL with @error set
 */
BieMapSnapshot *
bie_store_map_snapshot_around (BieStore  *self,
                               gint64     sector_id,
                               double     margin,
                               GError   **error)
{
  g_autoptr(BieMapSnapshot) snapshot = bie_map_snapshot_new ();
  double area[4];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);

  stmt = bie_store_prepare (self, "SELECT min_lon, min_lat, max_lon, max_lat FROM sector WHERE id = ?1"
                            " AND min_lon IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, sector_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double width = sqlite3_column_double (stmt, 2) - sqlite3_column_double (stmt, 0);
      double height = sqlite3_column_double (stmt, 3) - sqlite3_column_double (stmt, 1);

      area[0] = sqlite3_column_double (stmt, 0) - margin * width;
      area[1] = sqlite3_column_double (stmt, 1) - margin * height;
      area[2] = sqlite3_column_double (stmt, 2) + margin * width;
      area[3] = sqlite3_column_double (stmt, 3) + margin * height;
      rc = sqlite3_step (stmt);
    }
  else if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return g_steal_pointer (&snapshot);
    }
  if (!bie_store_finish (self, stmt, rc, error))
    return NULL;

  if (!read_sectors (self, snapshot, area, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

static void
describe (BieMapFigures *figures,
          const char    *risk_code)
{
  switch (figures->theme)
    {
    case BIE_MAP_THEME_OPEN_RISKS:
      figures->title = g_strdup (_("Households with open risks"));
      break;
    case BIE_MAP_THEME_RISK_TYPE:
      {
        g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
        const char *name = risks != NULL ? bie_reference_list_lookup_name (risks, risk_code) : NULL;

        /* Translators: a map theme; %s is a risk, “Mental health risk” */
        figures->title = g_strdup_printf (_("Households with “%s”"), name != NULL ? name : risk_code);
        figures->risk_code = g_strdup (risk_code);
      }
      break;
    case BIE_MAP_THEME_PLAN_COVERAGE:
      figures->title = g_strdup (_("Households with an active care plan"));
      figures->higher_is_better = TRUE;
      break;
    case BIE_MAP_THEME_OVERDUE:
      figures->title = g_strdup (_("Households with overdue activities"));
      break;
    case BIE_MAP_THEME_DAYS_SINCE_VISIT:
      figures->title = g_strdup (_("Days since the last contact"));
      /* Translators: the unit of a map theme's figure */
      figures->unit = g_strdup (_("days, median of the households"));
      return;
    default:
      g_assert_not_reached ();
    }

  /* Translators: the unit of a map theme's figure */
  figures->unit = g_strdup (_("per 100 households"));
}

/* The share of households with a fact, per 100, for each sector. */
static gboolean
read_rates (BieStore        *self,
            BieMapSnapshot  *snapshot,
            BieMapFigures   *figures,
            GError         **error)
{
  static const char *const counted[] = {
    [BIE_MAP_THEME_OPEN_RISKS] = "f.open_risks > 0",
    [BIE_MAP_THEME_RISK_TYPE] = "instr (',' || f.risk_codes || ',', ',' || ?1 || ',') > 0",
    [BIE_MAP_THEME_PLAN_COVERAGE] = "f.plan_status = 'active'",
    [BIE_MAP_THEME_OVERDUE] = "f.next_due < ?2",
  };
  g_autofree char *sql = NULL;
  char day[16];
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT h.sector_id, count (*), sum (coalesce (%s, 0)) FROM household h"
                         " JOIN household_facts f ON f.household_id = h.id"
                         " WHERE h.deleted = 0 GROUP BY h.sector_id",
                         counted[figures->theme]);
  stmt = bie_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", &self->today);
  if (figures->theme == BIE_MAP_THEME_RISK_TYPE)
    bie_store_bind_text (stmt, 1, figures->risk_code);
  if (figures->theme == BIE_MAP_THEME_OVERDUE)
    bie_store_bind_text (stmt, 2, day);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int s = bie_map_snapshot_find_sector (snapshot, sqlite3_column_int64 (stmt, 0));
      gint64 households = sqlite3_column_int64 (stmt, 1);

      if (s >= 0 && households > 0)
        figures->values[s] = 100.0 * sqlite3_column_int64 (stmt, 2) / households;
    }

  return bie_store_finish (self, stmt, rc, error);
}

/* The median of each sector's days since the last contact, from a count of
 * households for each day: one pass over the households, no sorting. */
static gboolean
read_days_since_contact (BieStore        *self,
                         BieMapSnapshot  *snapshot,
                         BieMapFigures   *figures,
                         GError         **error)
{
  guint n_sectors = snapshot->sectors->len;
  g_autofree guint *days = g_new0 (guint, (gsize) n_sectors * (MAX_DAYS + 1));
  g_autofree guint *households = g_new0 (guint, n_sectors);
  char day[16];
  sqlite3_stmt *stmt;
  int rc;

  stmt = bie_store_prepare (self,
                            "SELECT h.sector_id, julianday (?1) - julianday (f.last_contact)"
                            " FROM household h JOIN household_facts f ON f.household_id = h.id"
                            " WHERE h.deleted = 0",
                            error);
  if (stmt == NULL)
    return FALSE;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", &self->today);
  bie_store_bind_text (stmt, 1, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int s = bie_map_snapshot_find_sector (snapshot, sqlite3_column_int64 (stmt, 0));
      double since = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? MAX_DAYS : sqlite3_column_double (stmt, 1);

      if (s < 0)
        continue;
      days[(gsize) s * (MAX_DAYS + 1) + (guint) CLAMP (since, 0, MAX_DAYS)]++;
      households[s]++;
    }
  if (!bie_store_finish (self, stmt, rc, error))
    return FALSE;

  for (guint s = 0; s < n_sectors; s++)
    {
      const guint *count = days + (gsize) s * (MAX_DAYS + 1);
      guint seen = 0, d = 0;

      if (households[s] == 0)
        continue;

      /* The lower median: the day by which half the households are counted. */
      while (d < MAX_DAYS && (seen += count[d]) * 2 < households[s])
        d++;
      figures->values[s] = d;
    }

  return TRUE;
}

/**
 * bie_store_map_figures:
 * @snapshot: the territory the figures are for
 * @risk_code: for %BIE_MAP_THEME_RISK_TYPE, a code of the risks list
 *
 * One theme's figure for every sector of @snapshot; a sector without
 * households has no data (NAN), which is not zero.
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
BieMapFigures *
bie_store_map_figures (BieStore        *self,
                       BieMapSnapshot  *snapshot,
                       BieMapTheme      theme,
                       const char      *risk_code,
                       GError         **error)
{
  g_autoptr(BieMapFigures) figures = NULL;
  gboolean ok;

  g_return_val_if_fail (BIE_IS_STORE (self), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (theme < BIE_MAP_N_THEMES, NULL);
  g_return_val_if_fail (theme != BIE_MAP_THEME_RISK_TYPE || risk_code != NULL, NULL);

  figures = bie_map_figures_new (theme, snapshot->sectors->len);
  describe (figures, risk_code);

  if (theme == BIE_MAP_THEME_DAYS_SINCE_VISIT)
    ok = read_days_since_contact (self, snapshot, figures, error);
  else
    ok = read_rates (self, snapshot, figures, error);

  return ok ? g_steal_pointer (&figures) : NULL;
}
