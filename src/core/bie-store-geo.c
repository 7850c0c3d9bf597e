/* bie-store-geo.c: the district's territory layers applied to the cache
 *
 * A layer (bie-geo-layer.h), already read and judged, is applied in one
 * transaction: every boundary it brings, or none when anything fails, so
 * the cache is never left with half a city. Boundaries come from the
 * district, not from anyone's edit: they are written without outbox
 * entries, as records arriving from the backend are, and the next sync
 * does not send them back.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-store-geo.h"
#include "bie-store-private.h"

void
bie_geo_import_report_free (BieGeoImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->display_name);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->skipped, g_ptr_array_unref);
  g_free (report);
}

static BieGeoImportReport *
report_new (BieEntity    entity,
            BieGeoLayer *layer)
{
  BieGeoImportReport *report = g_new0 (BieGeoImportReport, 1);

  report->entity = entity;
  report->display_name = g_strdup (layer->display_name);
  report->n_read = layer->n_read;
  report->problems = g_ptr_array_copy (layer->problems, (GCopyFunc) bie_geo_problem_copy, NULL);
  g_ptr_array_set_free_func (report->problems, (GDestroyNotify) bie_geo_problem_free);
  report->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_geo_problem_free);

  return report;
}

static void
report_skip (BieGeoImportReport  *report,
             const BieGeoFeature *feature,
             const char          *reason)
{
  g_ptr_array_add (report->skipped, bie_geo_problem_new (feature->index, feature->code, reason));
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const BieGeoProblem *pa = *(BieGeoProblem * const *) a;
  const BieGeoProblem *pb = *(BieGeoProblem * const *) b;

  return (pa->index > pb->index) - (pa->index < pb->index);
}

/**
 * bie_geo_import_report_format:
 *
 * What an import did, as lines for a terminal or a dialog: the counts,
 * then one line for each feature not imported, in file order, with why.
 *
 * Returns: (transfer full): the text
 */
char *
bie_geo_import_report_format (const BieGeoImportReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (text,
                          /* Translators: the file, and how many features it has */
                          g_dngettext (GETTEXT_PACKAGE, "%s: %u feature read.\n",
                                       "%s: %u features read.\n", report->n_read),
                          report->display_name, report->n_read);

  if (report->entity == BIE_ENTITY_LOCALIDAD)
    g_string_append_printf (text,
                            /* Translators: localidades updated, features skipped */
                            g_dngettext (GETTEXT_PACKAGE, "%u localidad updated, %u skipped",
                                         "%u localidades updated, %u skipped", report->n_updated),
                            report->n_updated, report->n_skipped);
  else
    g_string_append_printf (text,
                            /* Translators: sectors updated, sectors added, features skipped */
                            g_dngettext (GETTEXT_PACKAGE, "%u sector updated, %u added, %u skipped",
                                         "%u sectors updated, %u added, %u skipped", report->n_updated),
                            report->n_updated, report->n_added, report->n_skipped);
  g_string_append (text, report->n_skipped > 0 ? ":\n" : ".\n");

  g_ptr_array_extend (all, report->problems, NULL, NULL);
  g_ptr_array_extend (all, report->skipped, NULL, NULL);
  g_ptr_array_sort (all, compare_problems);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *line = bie_geo_problem_describe (g_ptr_array_index (all, i));

      g_string_append_printf (text, "  %s\n", line);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Statements */

/* Binds @geometry as GeoJSON text and its bounds, from parameter @first. */
static void
bind_boundary (sqlite3_stmt       *stmt,
               int                 first,
               const BieGeometry  *geometry)
{
  g_autofree char *text = bie_geometry_to_geojson (geometry);

  sqlite3_bind_text (stmt, first, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, first + 1, geometry->min_lon);
  sqlite3_bind_double (stmt, first + 2, geometry->min_lat);
  sqlite3_bind_double (stmt, first + 3, geometry->max_lon);
  sqlite3_bind_double (stmt, first + 4, geometry->max_lat);
}

static gint64
find_code (BieStore    *self,
           const char  *sql,
           const char  *code,
           GError     **error)
{
  sqlite3_stmt *stmt = bie_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  bie_store_bind_text (stmt, 1, code);

  return bie_store_step_id (self, stmt, error);
}

/* Placing a new sector */

typedef struct
{
  BieStore   *store;
  gboolean    have_boundaries;  /* some localidad has its boundary */
  GHashTable *boundaries;       /* localidad id → BieGeometry, parsed once */
} Placement;

static BieGeometry *
column_geometry (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  /* The cache wrote it: it parses, unless damaged, and then it is no use. */
  return text != NULL ? bie_geometry_new_from_geojson (text, NULL) : NULL;
}

/* The localidad whose boundary holds (@lon, @lat): 0 when none, -1 with
 * @error set when the cache fails. */
static gint64
localidad_by_boundary (Placement  *placement,
                       double      lon,
                       double      lat,
                       GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 found = 0;
  int rc;

  stmt = bie_store_prepare (placement->store,
                            "SELECT l.id, l.geometry FROM localidad_bounds b "
                            "JOIN localidad l ON l.id = b.id "
                            "WHERE b.min_lon <= ?1 AND b.max_lon >= ?1 "
                            "AND b.min_lat <= ?2 AND b.max_lat >= ?2 "
                            "AND l.deleted = 0 AND l.geometry IS NOT NULL ORDER BY l.id",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      BieGeometry *boundary = g_hash_table_lookup (placement->boundaries, &id);

      if (boundary == NULL)
        {
          boundary = column_geometry (stmt, 1);
          if (boundary == NULL)
            continue;
          g_hash_table_insert (placement->boundaries, g_memdup2 (&id, sizeof id), boundary);
        }
      if (bie_geometry_contains (boundary, lon, lat))
        {
          found = id;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      bie_store_set_error (placement->store, rc, error);
      return -1;
    }

  return found;
}

/* Without localidad boundaries: the localidad of the sector whose polygon
 * holds the point, else of one whose bounds do. */
static gint64
localidad_by_sectors (Placement  *placement,
                      double      lon,
                      double      lat,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 by_bounds = 0, found = 0;
  int rc;

  stmt = bie_store_prepare (placement->store,
                            "SELECT s.localidad_id, s.geometry, s.min_lon, s.min_lat, s.max_lon, s.max_lat "
                            "FROM sector_bounds b JOIN sector s ON s.id = b.id "
                            "WHERE b.min_lon <= ?1 AND b.max_lon >= ?1 "
                            "AND b.min_lat <= ?2 AND b.max_lat >= ?2 "
                            "AND s.deleted = 0 ORDER BY s.id",
                            error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(BieGeometry) geometry = column_geometry (stmt, 1);

      if (geometry != NULL && bie_geometry_contains (geometry, lon, lat))
        {
          found = sqlite3_column_int64 (stmt, 0);
          break;
        }
      /* The index keeps bounds as floats, rounded outwards: check them. */
      if (by_bounds == 0 &&
          sqlite3_column_double (stmt, 2) <= lon && lon <= sqlite3_column_double (stmt, 4) &&
          sqlite3_column_double (stmt, 3) <= lat && lat <= sqlite3_column_double (stmt, 5))
        by_bounds = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      bie_store_set_error (placement->store, rc, error);
      return -1;
    }

  return found != 0 ? found : by_bounds;
}

static gint64
place (Placement          *placement,
       const BieGeometry  *geometry,
       GError            **error)
{
  double lon, lat;

  bie_geometry_interior_point (geometry, &lon, &lat);
  if (placement->have_boundaries)
    return localidad_by_boundary (placement, lon, lat, error);

  return localidad_by_sectors (placement, lon, lat, error);
}

static gboolean
have_boundaries (BieStore  *self,
                 gboolean  *have,
                 GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 found;

  stmt = bie_store_prepare (self,
                            "SELECT 1 FROM localidad WHERE deleted = 0 AND geometry IS NOT NULL LIMIT 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  found = bie_store_step_id (self, stmt, error);
  *have = found > 0;

  return found >= 0;
}

/* Sectors */

static gboolean
update_sector (BieStore            *self,
               gint64               id,
               const BieGeoFeature *feature,
               GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = bie_store_prepare (self,
                            "UPDATE sector SET geometry = ?1, min_lon = ?2, min_lat = ?3, "
                            "max_lon = ?4, max_lat = ?5, generated = 0, "
                            "name = coalesce (?6, name), updated_at = ?7 WHERE id = ?8",
                            error);
  if (stmt == NULL)
    return FALSE;

  bind_boundary (stmt, 1, feature->geometry);
  bie_store_bind_text (stmt, 6, feature->name);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 8, id);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  bie_store_note_change (self, BIE_ENTITY_SECTOR, id);
  return TRUE;
}

static gboolean
add_sector (BieStore            *self,
            gint64               localidad_id,
            const BieGeoFeature *feature,
            GError             **error)
{
  g_autofree char *uuid = bie_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = bie_store_prepare (self,
                            "INSERT INTO sector (uuid, updated_at, deleted, code, name, localidad_id, "
                            "geometry, min_lon, min_lat, max_lon, max_lat, generated) "
                            "VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)",
                            error);
  if (stmt == NULL)
    return FALSE;

  bie_store_bind_uuid (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  bie_store_bind_text (stmt, 3, feature->code);
  /* A name is required; without a name property the code stands in. */
  bie_store_bind_text (stmt, 4, feature->name != NULL ? feature->name : feature->code);
  sqlite3_bind_int64 (stmt, 5, localidad_id);
  bind_boundary (stmt, 6, feature->geometry);
  if (!bie_store_step_done (self, stmt, error))
    return FALSE;

  bie_store_note_change (self, BIE_ENTITY_SECTOR, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

static gboolean
import_sectors (BieStore            *self,
                BieGeoLayer         *layer,
                BieGeoImportReport  *report,
                GError             **error)
{
  g_autoptr(GHashTable) boundaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            (GDestroyNotify) bie_geometry_free);
  Placement placement = { self, FALSE, boundaries };

  if (!have_boundaries (self, &placement.have_boundaries, error))
    return FALSE;

  for (guint i = 0; i < layer->features->len; i++)
    {
      const BieGeoFeature *feature = g_ptr_array_index (layer->features, i);
      gint64 id, localidad_id;

      id = find_code (self, "SELECT id FROM sector WHERE code = ?", feature->code, error);
      if (id < 0)
        return FALSE;
      if (id > 0)
        {
          if (!update_sector (self, id, feature, error))
            return FALSE;
          report->n_updated++;
          continue;
        }

      localidad_id = place (&placement, feature->geometry, error);
      if (localidad_id < 0)
        return FALSE;
      if (localidad_id == 0)
        {
          report_skip (report, feature,
                       placement.have_boundaries
                       ? _("It is a new sector outside every localidad’s boundary, so it belongs "
                           "to no localidad of the city.")
                       : _("It is a new sector outside every localidad: no sector of the cache "
                           "is where it is, and no localidad boundary was imported yet."));
          continue;
        }

      if (!add_sector (self, localidad_id, feature, error))
        return FALSE;
      report->n_added++;
    }

  return TRUE;
}

/* Localidades */

/* The reference list writes localidades with two digits: "1" is "01". */
static char *
localidad_code (const char *code)
{
  if (g_ascii_isdigit (code[0]) && code[1] == '\0')
    return g_strconcat ("0", code, NULL);

  return g_strdup (code);
}

static gboolean
import_localidades (BieStore            *self,
                    BieGeoLayer         *layer,
                    BieGeoImportReport  *report,
                    GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < layer->features->len; i++)
    {
      const BieGeoFeature *feature = g_ptr_array_index (layer->features, i);
      g_autofree char *code = localidad_code (feature->code);
      sqlite3_stmt *stmt;
      gint64 id;

      id = find_code (self, "SELECT id FROM localidad WHERE code = ?", code, error);
      if (id < 0)
        return FALSE;
      if (id == 0)
        {
          g_autofree char *reason =
            /* Translators: a localidad's code */
            g_strdup_printf (_("Bienestar knows no localidad with the code %s: localidades come "
                               "from the district’s list, not from a map layer."), code);

          report_skip (report, feature, reason);
          continue;
        }
      if (g_hash_table_contains (seen, &id))
        {
          g_autofree char *reason =
            /* Translators: a localidad's code */
            g_strdup_printf (_("Another feature already gave the boundary of localidad %s."), code);

          report_skip (report, feature, reason);
          continue;
        }

      stmt = bie_store_prepare (self,
                                "UPDATE localidad SET geometry = ?1, min_lon = ?2, min_lat = ?3, "
                                "max_lon = ?4, max_lat = ?5, updated_at = ?6 WHERE id = ?7",
                                error);
      if (stmt == NULL)
        return FALSE;
      bind_boundary (stmt, 1, feature->geometry);
      sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 7, id);
      if (!bie_store_step_done (self, stmt, error))
        return FALSE;

      g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
      bie_store_note_change (self, BIE_ENTITY_LOCALIDAD, id);
      report->n_updated++;
    }

  return TRUE;
}

typedef gboolean (*ImportFunc) (BieStore            *self,
                                BieGeoLayer         *layer,
                                BieGeoImportReport  *report,
                                GError             **error);

static gboolean
import_layer (BieStore             *self,
              BieEntity             entity,
              ImportFunc            import,
              BieGeoLayer          *layer,
              BieGeoImportReport  **report,
              GError              **error)
{
  g_autoptr(BieGeoImportReport) result = report_new (entity, layer);

  if (!bie_store_begin (self, error))
    return FALSE;
  if (!import (self, layer, result, error) || !bie_store_commit (self, error))
    {
      /* Nothing of the layer stays: the cache is as it was. */
      bie_store_rollback (self);
      return FALSE;
    }

  result->n_skipped = result->problems->len + result->skipped->len;
  if (report != NULL)
    *report = g_steal_pointer (&result);

  return TRUE;
}

/**
 * bie_store_import_sectors:
 * @layer: sector boundaries, codes as the cache's ("004501")
 * @report: (out) (optional) (transfer full): what was done, once applied
 *
 * Applies a layer of sector boundaries in one transaction. A sector the
 * cache has gets the new boundary, which is no longer the demo city's
 * (generated = 0), and the layer's name when it has names. A code new to
 * the cache becomes a new sector in the localidad whose boundary holds it
 * (or, before localidad boundaries are imported, the localidad of the
 * sectors around it); one outside every localidad is skipped. Views are
 * told of every sector changed.
 *
 * Returns: whether the layer was applied; %FALSE with @error set, and
 *   the cache as it was, otherwise
 */
gboolean
bie_store_import_sectors (BieStore            *self,
                          BieGeoLayer         *layer,
                          BieGeoImportReport **report,
                          GError             **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (layer != NULL, FALSE);
  g_return_val_if_fail (report == NULL || *report == NULL, FALSE);

  return import_layer (self, BIE_ENTITY_SECTOR, import_sectors, layer, report, error);
}

/**
 * bie_store_import_localidades:
 * @layer: localidad boundaries, codes "01" to "20" ("1" is "01")
 * @report: (out) (optional) (transfer full): what was done, once applied
 *
 * Gives the localidades of the cache their boundaries, in one
 * transaction. Localidades come from the reference list: a code the
 * cache does not have is skipped, never added.
 *
 * Returns: whether the layer was applied; %FALSE with @error set, and
 *   the cache as it was, otherwise
 */
gboolean
bie_store_import_localidades (BieStore            *self,
                              BieGeoLayer         *layer,
                              BieGeoImportReport **report,
                              GError             **error)
{
  g_return_val_if_fail (BIE_IS_STORE (self), FALSE);
  g_return_val_if_fail (layer != NULL, FALSE);
  g_return_val_if_fail (report == NULL || *report == NULL, FALSE);

  return import_layer (self, BIE_ENTITY_LOCALIDAD, import_localidades, layer, report, error);
}
