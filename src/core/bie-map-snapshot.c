/* bie-map-snapshot.c: the territory and its figures as plain data
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <math.h>

#include "bie-map-snapshot.h"

static const char *const theme_names[] = {
  [BIE_MAP_THEME_OPEN_RISKS] = "open-risks",
  [BIE_MAP_THEME_RISK_TYPE] = "risk-type",
  [BIE_MAP_THEME_PLAN_COVERAGE] = "plan-coverage",
  [BIE_MAP_THEME_OVERDUE] = "overdue",
  [BIE_MAP_THEME_DAYS_SINCE_VISIT] = "days-since-contact",
};

G_STATIC_ASSERT (G_N_ELEMENTS (theme_names) == BIE_MAP_N_THEMES);

const char *
bie_map_theme_to_string (BieMapTheme theme)
{
  g_return_val_if_fail (theme < BIE_MAP_N_THEMES, NULL);

  return theme_names[theme];
}

gboolean
bie_map_theme_from_string (const char  *name,
                           BieMapTheme *theme)
{
  for (guint i = 0; i < G_N_ELEMENTS (theme_names); i++)
    if (g_strcmp0 (name, theme_names[i]) == 0)
      {
        *theme = i;
        return TRUE;
      }

  return FALSE;
}

static void
map_sector_free (gpointer data)
{
  BieMapSector *sector = data;

  g_free (sector->code);
  g_free (sector->name);
  bie_geometry_free (sector->geometry);
  g_free (sector);
}

static void
map_localidad_free (gpointer data)
{
  BieMapLocalidad *localidad = data;

  g_free (localidad->code);
  g_free (localidad->name);
  bie_geometry_free (localidad->boundary);
  g_free (localidad);
}

static void
map_snapshot_clear (BieMapSnapshot *self)
{
  g_ptr_array_unref (self->localidades);
  g_ptr_array_unref (self->sectors);
  g_free (self->household_ids);
  g_free (self->household_sectors);
  g_free (self->household_lon_lat);
}

BieMapSnapshot *
bie_map_snapshot_new (void)
{
  BieMapSnapshot *self = g_atomic_rc_box_new0 (BieMapSnapshot);

  self->localidades = g_ptr_array_new_with_free_func (map_localidad_free);
  self->sectors = g_ptr_array_new_with_free_func (map_sector_free);
  self->min_lon = self->min_lat = INFINITY;
  self->max_lon = self->max_lat = -INFINITY;

  return self;
}

BieMapSnapshot *
bie_map_snapshot_ref (BieMapSnapshot *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
bie_map_snapshot_unref (BieMapSnapshot *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) map_snapshot_clear);
}

BieMapSector *
bie_map_snapshot_add_sector (BieMapSnapshot *self,
                             gint64          id,
                             const char     *code,
                             const char     *name,
                             gint64          localidad_id,
                             BieGeometry    *geometry)
{
  BieMapSector *sector;

  g_return_val_if_fail (geometry != NULL, NULL);

  sector = g_new0 (BieMapSector, 1);
  sector->id = id;
  sector->code = g_strdup (code);
  sector->name = g_strdup (name);
  sector->localidad_id = localidad_id;
  sector->geometry = geometry;
  g_ptr_array_add (self->sectors, sector);

  self->min_lon = MIN (self->min_lon, geometry->min_lon);
  self->min_lat = MIN (self->min_lat, geometry->min_lat);
  self->max_lon = MAX (self->max_lon, geometry->max_lon);
  self->max_lat = MAX (self->max_lat, geometry->max_lat);

  return sector;
}

BieMapLocalidad *
bie_map_snapshot_add_localidad (BieMapSnapshot *self,
                                gint64          id,
                                const char     *code,
                                const char     *name,
                                gint64          subred_id,
                                BieGeometry    *boundary)
{
  BieMapLocalidad *localidad = g_new0 (BieMapLocalidad, 1);

  localidad->id = id;
  localidad->code = g_strdup (code);
  localidad->name = g_strdup (name);
  localidad->subred_id = subred_id;
  localidad->boundary = boundary;
  g_ptr_array_add (self->localidades, localidad);

  return localidad;
}

void
bie_map_snapshot_set_households (BieMapSnapshot *self,
                                 guint           n_households,
                                 gint64         *ids,
                                 gint64         *sector_ids,
                                 double         *lon_lat)
{
  g_free (self->household_ids);
  g_free (self->household_sectors);
  g_free (self->household_lon_lat);
  self->n_households = n_households;
  self->household_ids = ids;
  self->household_sectors = sector_ids;
  self->household_lon_lat = lon_lat;

  for (guint i = 0; i < self->sectors->len; i++)
    ((BieMapSector *) g_ptr_array_index (self->sectors, i))->n_households = 0;
  for (guint i = 0; i < n_households; i++)
    {
      int s = bie_map_snapshot_find_sector (self, sector_ids[i]);

      if (s >= 0)
        ((BieMapSector *) g_ptr_array_index (self->sectors, s))->n_households++;
    }
}

int
bie_map_snapshot_find_sector (BieMapSnapshot *self,
                              gint64          sector_id)
{
  /* Sectors come in code order, which for the demo city and the district
   * is also id order; fall back to a walk when they are not. */
  guint lo = 0, hi = self->sectors->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      BieMapSector *sector = g_ptr_array_index (self->sectors, mid);

      if (sector->id == sector_id)
        return mid;
      if (sector->id < sector_id)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = 0; i < self->sectors->len; i++)
    if (((BieMapSector *) g_ptr_array_index (self->sectors, i))->id == sector_id)
      return i;

  return -1;
}

BieMapLocalidad *
bie_map_snapshot_get_localidad (BieMapSnapshot *self,
                                gint64          localidad_id)
{
  for (guint i = 0; i < self->localidades->len; i++)
    {
      BieMapLocalidad *localidad = g_ptr_array_index (self->localidades, i);

      if (localidad->id == localidad_id)
        return localidad;
    }

  return NULL;
}

gboolean
bie_map_snapshot_get_area (BieMapSnapshot *self,
                           gint64          subred_id,
                           gint64          localidad_id,
                           gint64          sector_id,
                           double         *min_lon,
                           double         *min_lat,
                           double         *max_lon,
                           double         *max_lat)
{
  gboolean found = FALSE;

  *min_lon = *min_lat = INFINITY;
  *max_lon = *max_lat = -INFINITY;
  for (guint i = 0; i < self->sectors->len; i++)
    {
      const BieMapSector *sector = g_ptr_array_index (self->sectors, i);
      BieMapLocalidad *localidad;

      if ((sector_id != 0 && sector->id != sector_id) ||
          (localidad_id != 0 && sector->localidad_id != localidad_id))
        continue;
      if (subred_id != 0 &&
          ((localidad = bie_map_snapshot_get_localidad (self, sector->localidad_id)) == NULL ||
           localidad->subred_id != subred_id))
        continue;

      *min_lon = MIN (*min_lon, sector->geometry->min_lon);
      *min_lat = MIN (*min_lat, sector->geometry->min_lat);
      *max_lon = MAX (*max_lon, sector->geometry->max_lon);
      *max_lat = MAX (*max_lat, sector->geometry->max_lat);
      found = TRUE;
    }

  return found;
}

BieMapFigures *
bie_map_figures_new (BieMapTheme theme,
                     guint       n_values)
{
  BieMapFigures *self = g_new0 (BieMapFigures, 1);

  self->theme = theme;
  self->n_values = n_values;
  self->values = g_new (double, n_values);
  for (guint i = 0; i < n_values; i++)
    self->values[i] = NAN;

  return self;
}

void
bie_map_figures_free (BieMapFigures *self)
{
  if (self == NULL)
    return;

  g_free (self->risk_code);
  g_free (self->title);
  g_free (self->unit);
  g_free (self->values);
  g_free (self);
}
