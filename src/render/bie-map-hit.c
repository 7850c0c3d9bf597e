/* bie-map-hit.c: what is under a point of the sector map
 *
 * Sectors by their bounds and then their polygons; households through the
 * renderer's grid, one by one when they are drawn so and as clusters
 * otherwise; the sectors in view in reading order, for keyboard focus.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <math.h>

#include "bie-map-private.h"

/**
 * bie_map_renderer_sector_at:
 *
 * Returns: the id of the sector under the screen point, or 0
 */
gint64
bie_map_renderer_sector_at (BieMapRenderer   *self,
                            const BieMapView *view,
                            double            sx,
                            double            sy)
{
  double lon, lat, x, y;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (view != NULL, 0);

  bie_map_view_from_screen (view, sx, sy, &lon, &lat);
  bie_map_project (lon, lat, &x, &y);
  for (guint s = 0; s < self->n_sectors; s++)
    {
      const BieMapSectorInfo *info = &self->sectors[s];
      BieMapSector *sector;

      if (x < info->x0 || x > info->x1 || y < info->y0 || y > info->y1)
        continue;
      sector = g_ptr_array_index (self->snapshot->sectors, s);
      if (bie_geometry_contains (sector->geometry, lon, lat))
        return sector->id;
    }

  return 0;
}

/**
 * bie_map_renderer_households_as_points:
 *
 * Returns: whether @view draws households one by one (they would be
 *   BIE_MAP_POINT_SPACING_PX apart on average) rather than as clusters
 */
gboolean
bie_map_renderer_households_as_points (BieMapRenderer   *self,
                                       const BieMapView *view)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->n_households > 0 &&
         view->scale >= BIE_MAP_POINT_SPACING_PX * sqrt (self->hh_density);
}

/**
 * bie_map_renderer_household_at:
 *
 * Returns: the id of the household drawn nearest the screen point within
 *   @radius_px, or 0; always 0 while households are drawn as clusters
 */
gint64
bie_map_renderer_household_at (BieMapRenderer   *self,
                               const BieMapView *view,
                               double            sx,
                               double            sy,
                               double            radius_px)
{
  double px, py, r = radius_px / view->scale, best = INFINITY;
  guint cx0, cy0, cx1, cy1;
  gint64 found = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (!bie_map_renderer_households_as_points (self, view))
    return 0;

  px = view->center_x + (sx - view->width / 2.0) / view->scale - self->origin_x;
  py = view->center_y + (sy - view->height / 2.0) / view->scale - self->origin_y;
  bie_map_renderer_visible_cells (self, px - r, py - r, px + r, py + r, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1 && cy0 <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1 && cx0 <= cx1; cx++)
      {
        guint c = cy * self->grid_nx + cx;

        for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
          {
            double d = hypot (self->hh_xy[2 * k] - px, self->hh_xy[2 * k + 1] - py);

            if (d <= r && d < best)
              {
                best = d;
                found = self->snapshot->household_ids[self->hh_index[k]];
              }
          }
      }

  return found;
}

/* Grows with the logarithm of the count, so that a cluster of 10,000
 * does not cover its neighbours of 100. */
double
bie_map_cluster_radius (guint  count,
                        double text_scale)
{
  /* Small enough to leave the colour of the sectors under them seen. */
  return MIN (16.0, 5.0 + 1.2 * log (MAX (count, 1))) * text_scale;
}

typedef struct
{
  double sum_x;
  double sum_y;
  guint  count;
  float  x0, y0, x1, y1;
} Bin;

/**
 * bie_map_renderer_collect_clusters:
 * @clusters: BieMapCluster are appended to it
 *
 * The households in view gathered into cells of BIE_MAP_CLUSTER_PX at
 * the view's zoom level. Cells are fixed to the map, not to the view, so
 * clusters stay put while the map pans; only the households in view are
 * read, through the grid.
 */
void
bie_map_renderer_collect_clusters (BieMapRenderer   *self,
                                   const BieMapView *view,
                                   double            text_scale,
                                   GArray           *clusters)
{
  double level_scale = exp2 ((double) bie_map_level_for_scale (view->scale) / BIE_MAP_LEVELS_PER_OCTAVE);
  double cell = BIE_MAP_CLUSTER_PX / level_scale;
  double x0, y0, x1, y1;
  guint cx0, cy0, cx1, cy1, nx, ny;
  g_autofree Bin *bins = NULL;
  int ix0, iy0;

  bie_map_view_visible_rect (view, &x0, &y0, &x1, &y1);
  x0 -= self->origin_x;
  x1 -= self->origin_x;
  y0 -= self->origin_y;
  y1 -= self->origin_y;
  bie_map_renderer_visible_cells (self, x0, y0, x1, y1, &cx0, &cy0, &cx1, &cy1);
  if (cx0 > cx1 || cy0 > cy1)
    return;

  ix0 = (int) floor (x0 / cell);
  iy0 = (int) floor (y0 / cell);
  nx = (guint) ((int) floor (x1 / cell) - ix0 + 1);
  ny = (guint) ((int) floor (y1 / cell) - iy0 + 1);
  bins = g_new0 (Bin, (gsize) nx * ny);

  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint c = cy * self->grid_nx + cx;
        const float *box = self->cell_box + 4 * c;
        int bx = (int) floor (box[0] / cell), by = (int) floor (box[1] / cell);

        if (self->cell_start[c] == self->cell_start[c + 1])
          continue;

        /* A cell of the grid whose households are all in view and in one
         * cluster counts at once: at the city's zoom, a frame reads the
         * grid's cells rather than every household. */
        if (box[0] >= x0 && box[2] < x1 && box[1] >= y0 && box[3] < y1 &&
            bx == (int) floor (box[2] / cell) && by == (int) floor (box[3] / cell))
          {
            Bin *bin = &bins[(gsize) CLAMP (by - iy0, 0, (int) ny - 1) * nx + CLAMP (bx - ix0, 0, (int) nx - 1)];

            if (bin->count == 0)
              {
                bin->x0 = box[0];
                bin->y0 = box[1];
                bin->x1 = box[2];
                bin->y1 = box[3];
              }
            bin->sum_x += self->cell_sum[2 * c];
            bin->sum_y += self->cell_sum[2 * c + 1];
            bin->count += self->cell_start[c + 1] - self->cell_start[c];
            bin->x0 = MIN (bin->x0, box[0]);
            bin->y0 = MIN (bin->y0, box[1]);
            bin->x1 = MAX (bin->x1, box[2]);
            bin->y1 = MAX (bin->y1, box[3]);
            continue;
          }

        for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
          {
            float x = self->hh_xy[2 * k], y = self->hh_xy[2 * k + 1];
            Bin *bin;

            if (x < x0 || x >= x1 || y < y0 || y >= y1)
              continue;
            bin = &bins[(gsize) CLAMP ((int) floor (y / cell) - iy0, 0, (int) ny - 1) * nx +
                        CLAMP ((int) floor (x / cell) - ix0, 0, (int) nx - 1)];
            if (bin->count == 0)
              {
                bin->x0 = bin->x1 = x;
                bin->y0 = bin->y1 = y;
              }
            bin->sum_x += x;
            bin->sum_y += y;
            bin->count++;
            bin->x0 = MIN (bin->x0, x);
            bin->x1 = MAX (bin->x1, x);
            bin->y0 = MIN (bin->y0, y);
            bin->y1 = MAX (bin->y1, y);
          }
      }

  for (gsize b = 0; b < (gsize) nx * ny; b++)
    {
      BieMapCluster cluster;

      if (bins[b].count == 0)
        continue;
      cluster.count = bins[b].count;
      cluster.x = (self->origin_x + bins[b].sum_x / cluster.count - view->center_x) * view->scale + view->width / 2.0;
      cluster.y = (self->origin_y + bins[b].sum_y / cluster.count - view->center_y) * view->scale + view->height / 2.0;
      cluster.radius = bie_map_cluster_radius (cluster.count, text_scale);
      bie_map_unproject (self->origin_x + bins[b].x0, self->origin_y + bins[b].y1, &cluster.min_lon, &cluster.min_lat);
      bie_map_unproject (self->origin_x + bins[b].x1, self->origin_y + bins[b].y0, &cluster.max_lon, &cluster.max_lat);
      g_array_append_val (clusters, cluster);
    }
}

/**
 * bie_map_renderer_get_clusters_in_view:
 *
 * Returns: (transfer full): the BieMapCluster drawn in @view at text
 *   scale 1; empty when households are drawn one by one
 */
GArray *
bie_map_renderer_get_clusters_in_view (BieMapRenderer   *self,
                                       const BieMapView *view)
{
  GArray *clusters = g_array_new (FALSE, FALSE, sizeof (BieMapCluster));

  g_return_val_if_fail (self != NULL, clusters);

  if (!bie_map_renderer_households_as_points (self, view))
    bie_map_renderer_collect_clusters (self, view, 1, clusters);

  return clusters;
}

/**
 * bie_map_renderer_cluster_at:
 *
 * Whether a cluster is drawn under the screen point; its count and the
 * bounds of its households, for the widget to zoom into.
 */
gboolean
bie_map_renderer_cluster_at (BieMapRenderer   *self,
                             const BieMapView *view,
                             double            sx,
                             double            sy,
                             guint            *count,
                             double           *min_lon,
                             double           *min_lat,
                             double           *max_lon,
                             double           *max_lat)
{
  g_autoptr(GArray) clusters = NULL;
  const BieMapCluster *best = NULL;
  double best_d = INFINITY;

  g_return_val_if_fail (self != NULL, FALSE);

  clusters = bie_map_renderer_get_clusters_in_view (self, view);
  for (guint i = 0; i < clusters->len; i++)
    {
      const BieMapCluster *cluster = &g_array_index (clusters, BieMapCluster, i);
      double d = hypot (cluster->x - sx, cluster->y - sy);

      if (d <= cluster->radius && d < best_d)
        {
          best = cluster;
          best_d = d;
        }
    }
  if (best == NULL)
    return FALSE;

  if (count != NULL)
    *count = best->count;
  if (min_lon != NULL)
    *min_lon = best->min_lon;
  if (min_lat != NULL)
    *min_lat = best->min_lat;
  if (max_lon != NULL)
    *max_lon = best->max_lon;
  if (max_lat != NULL)
    *max_lat = best->max_lat;

  return TRUE;
}

/**
 * bie_map_renderer_count_households_in_view:
 *
 * Returns: how many households have their point inside @view
 */
guint
bie_map_renderer_count_households_in_view (BieMapRenderer   *self,
                                           const BieMapView *view)
{
  double x0, y0, x1, y1;
  guint cx0, cy0, cx1, cy1, n = 0;

  g_return_val_if_fail (self != NULL, 0);

  bie_map_view_visible_rect (view, &x0, &y0, &x1, &y1);
  x0 -= self->origin_x;
  x1 -= self->origin_x;
  y0 -= self->origin_y;
  y1 -= self->origin_y;
  bie_map_renderer_visible_cells (self, x0, y0, x1, y1, &cx0, &cy0, &cx1, &cy1);
  for (guint cy = cy0; cy <= cy1 && cy0 <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1 && cx0 <= cx1; cx++)
      {
        guint c = cy * self->grid_nx + cx;

        for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
          {
            float x = self->hh_xy[2 * k], y = self->hh_xy[2 * k + 1];

            n += x >= x0 && x < x1 && y >= y0 && y < y1;
          }
      }

  return n;
}

typedef struct
{
  gint64 id;
  int    row;
  double x;
} Reading;

static int
compare_reading (gconstpointer a,
                 gconstpointer b)
{
  const Reading *p = a, *q = b;

  if (p->row != q->row)
    return p->row - q->row;

  return (p->x > q->x) - (p->x < q->x);
}

/**
 * bie_map_renderer_sectors_in_view:
 *
 * The sectors whose label point is in view, in reading order: rows as
 * tall as a typical sector, top to bottom, each left to right. Keyboard
 * focus moves through them in this order.
 *
 * Returns: (transfer full): sector ids, gint64
 */
GArray *
bie_map_renderer_sectors_in_view (BieMapRenderer   *self,
                                  const BieMapView *view)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (Reading));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  double row_h;

  g_return_val_if_fail (self != NULL, ids);

  row_h = MAX (12, self->sector_height * view->scale);
  for (guint s = 0; s < self->n_sectors; s++)
    {
      double sx = (self->sectors[s].label_x - view->center_x) * view->scale + view->width / 2.0;
      double sy = (self->sectors[s].label_y - view->center_y) * view->scale + view->height / 2.0;
      Reading reading;

      if (sx < 0 || sy < 0 || sx >= view->width || sy >= view->height)
        continue;
      reading.id = ((BieMapSector *) g_ptr_array_index (self->snapshot->sectors, s))->id;
      reading.row = (int) floor (sy / row_h);
      reading.x = sx;
      g_array_append_val (order, reading);
    }
  g_array_sort (order, compare_reading);
  for (guint i = 0; i < order->len; i++)
    g_array_append_val (ids, g_array_index (order, Reading, i).id);

  return ids;
}
