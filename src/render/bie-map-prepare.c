/* bie-map-prepare.c: the sector map's geometry, prepared once
 *
 * Once per snapshot: every sector's projected bounds and label point, the
 * outline of each localidad (its boundary, or the edges of its sectors
 * that no other sector of it shares), and the households sorted into a
 * uniform grid so that a frame reads only the cells in view.
 *
 * Once per zoom level: every ring projected into the level's pixels and
 * simplified with Douglas–Peucker to half a pixel. A frame then only
 * scales the level's paths by what is left between its scale and the
 * level's.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bie-map-private.h"

/* Territory */

static double
ring_area (const double *xy,
           guint         n)
{
  double area = 0;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    area += (xy[2 * j] - xy[2 * i]) * (xy[2 * j + 1] + xy[2 * i + 1]);

  return fabs (area) / 2;
}

/* Outer rings count, holes take away; in projected units². */
static double
geometry_area (const BieGeometry *geometry)
{
  double area = 0;

  for (guint p = 0; p < geometry->n_polygons; p++)
    for (guint r = 0; r < geometry->polygons[p].n_rings; r++)
      {
        const BieRingSpan *ring = &geometry->rings[geometry->polygons[p].first_ring + r];
        double a;

        if (ring->n_points == 0)
          continue;
        a = ring_area (geometry->coords + 2 * ring->first_point, ring->n_points);
        area += r == 0 ? a : -a;
      }

  return MAX (area, 0) * BIE_MAP_COS_LAT0;
}

typedef struct
{
  double a[2];      /* as the ring runs */
  double b[2];
  guint  count;     /* rings of the localidad that have it, either way */
  int    next;      /* the next segment starting at the same point */
  gboolean used;
} Segment;

static guint
hash_point (const double *p)
{
  guint64 bits[2];

  memcpy (bits, p, sizeof bits);

  return (guint) (bits[0] ^ (bits[0] >> 29) ^ (bits[1] * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) >> 32));
}

static gboolean
same_point (const double *p,
            const double *q)
{
  return p[0] == q[0] && p[1] == q[1];
}

/* A segment and its reverse are the same key. */
static guint
segment_hash (gconstpointer key)
{
  const Segment *s = key;

  return hash_point (s->a) ^ hash_point (s->b);
}

static gboolean
segment_equal (gconstpointer a,
               gconstpointer b)
{
  const Segment *s = a, *t = b;

  return (same_point (s->a, t->a) && same_point (s->b, t->b)) ||
         (same_point (s->a, t->b) && same_point (s->b, t->a));
}

static guint
point_hash (gconstpointer key)
{
  return hash_point (key);
}

static gboolean
point_equal (gconstpointer a,
             gconstpointer b)
{
  return same_point (a, b);
}

static void
add_line_point (GArray       *points,
                const double *lon_lat)
{
  double xy[2];

  bie_map_project (lon_lat[0], lon_lat[1], &xy[0], &xy[1]);
  g_array_append_vals (points, xy, 2);
}

static void
end_line (GArray *points,
          GArray *lines,
          guint   first)
{
  BieMapSpan span = { first, points->len / 2 - first };

  if (span.n >= 2)
    g_array_append_val (lines, span);
  else
    g_array_set_size (points, 2 * first);
}

/* Lines along the edges of sectors, joined end to start, so that they are
 * simplified and stroked with joins rather than as loose segments:
 *
 * - for a localidad (@localidad ≥ 0), the edges of its sectors that no
 *   other of its sectors has, either way: its outline, however its
 *   sectors are cut. The demo city's sectors share their edges point for
 *   point; edges of real data that do not match are drawn, which shows
 *   them.
 * - for every sector (@localidad < 0), each edge once: an edge two sectors
 *   share is stroked once, not twice. */
static void
lines_from_sectors (BieMapRenderer *self,
                    int             localidad,
                    GArray         *points,
                    GArray         *lines)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autoptr(GHashTable) seen = g_hash_table_new (segment_hash, segment_equal);
  g_autoptr(GHashTable) starts = g_hash_table_new (point_hash, point_equal);
  Segment *all;

  for (guint s = 0; s < self->n_sectors; s++)
    {
      const BieGeometry *geometry;

      if (localidad >= 0 && self->sectors[s].localidad != localidad)
        continue;
      geometry = ((BieMapSector *) g_ptr_array_index (self->snapshot->sectors, s))->geometry;
      for (guint r = 0; r < geometry->n_rings; r++)
        {
          const double *xy = geometry->coords + 2 * geometry->rings[r].first_point;

          for (guint i = 0; i + 1 < geometry->rings[r].n_points; i++)
            {
              Segment segment = { { xy[2 * i], xy[2 * i + 1] }, { xy[2 * i + 2], xy[2 * i + 3] }, 0, -1, FALSE };

              if (!same_point (segment.a, segment.b))
                g_array_append_val (segments, segment);
            }
        }
    }

  /* Counted once the array no longer moves; a repeat is marked used. */
  all = (Segment *) segments->data;
  for (guint i = 0; i < segments->len; i++)
    {
      Segment *first = g_hash_table_lookup (seen, &all[i]);

      if (first == NULL)
        g_hash_table_insert (seen, &all[i], &all[i]);
      else
        all[i].used = TRUE;
      (first != NULL ? first : &all[i])->count++;
    }
  for (guint i = 0; i < segments->len; i++)
    {
      gpointer head;

      if (all[i].used || (localidad >= 0 && all[i].count != 1))
        {
          all[i].used = TRUE;
          continue;
        }
      head = g_hash_table_lookup (starts, all[i].a);
      all[i].next = head != NULL ? (int) (GPOINTER_TO_UINT (head) - 1) : -1;
      g_hash_table_insert (starts, all[i].a, GUINT_TO_POINTER (i + 1));
    }

  /* Follow each unused segment's end to a segment starting there. */
  for (guint i = 0; i < segments->len; i++)
    {
      guint first = points->len / 2;
      Segment *segment = &all[i];

      if (segment->used)
        continue;
      add_line_point (points, segment->a);
      while (segment != NULL)
        {
          gpointer head;
          int k;

          segment->used = TRUE;
          add_line_point (points, segment->b);
          head = g_hash_table_lookup (starts, segment->b);
          for (k = head != NULL ? (int) GPOINTER_TO_UINT (head) - 1 : -1; k >= 0 && all[k].used; k = all[k].next)
            ;
          segment = k >= 0 ? &all[k] : NULL;
        }
      end_line (points, lines, first);
    }
}

static void
outline_from_boundary (BieMapRenderer    *self,
                       const BieGeometry *boundary)
{
  for (guint r = 0; r < boundary->n_rings; r++)
    {
      guint first = self->outline_points->len / 2;

      for (guint i = 0; i < boundary->rings[r].n_points; i++)
        add_line_point (self->outline_points, boundary->coords + 2 * (boundary->rings[r].first_point + i));
      end_line (self->outline_points, self->outline_lines, first);
    }
}

/* Interleaved bits of x and y: things close in this order are close on
 * the map, so that paths made in it cover small boxes. Cairo fills and
 * strokes many small paths much faster than one path across the view. */
static guint32
morton (double x,
        double y)
{
  guint32 code = 0;
  guint32 ix = (guint32) CLAMP (x * 65535, 0, 65535), iy = (guint32) CLAMP (y * 65535, 0, 65535);

  for (guint b = 0; b < 16; b++)
    code |= ((ix >> b) & 1) << (2 * b) | ((iy >> b) & 1) << (2 * b + 1);

  return code;
}

typedef struct
{
  guint32 code;
  guint   index;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  guint32 x = ((const Keyed *) a)->code, y = ((const Keyed *) b)->code;

  return (x > y) - (x < y);
}

/* Sectors and edge lines in Morton order of their middles. */
static void
sort_spatially (BieMapRenderer *self)
{
  double w = MAX (self->sector_x1 - self->origin_x, 1e-9), h = MAX (self->sector_y1 - self->origin_y, 1e-9);
  g_autofree Keyed *keyed = g_new (Keyed, MAX (MAX (self->n_sectors, self->edge_lines->len), 1));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));

  self->sector_order = g_new (guint, MAX (self->n_sectors, 1));
  for (guint s = 0; s < self->n_sectors; s++)
    {
      const BieMapSectorInfo *info = &self->sectors[s];

      keyed[s].code = morton (((info->x0 + info->x1) / 2 - self->origin_x) / w,
                              ((info->y0 + info->y1) / 2 - self->origin_y) / h);
      keyed[s].index = s;
    }
  qsort (keyed, self->n_sectors, sizeof (Keyed), compare_keyed);
  for (guint s = 0; s < self->n_sectors; s++)
    self->sector_order[s] = keyed[s].index;

  for (guint i = 0; i < self->edge_lines->len; i++)
    {
      const BieMapSpan *line = &g_array_index (self->edge_lines, BieMapSpan, i);
      const double *xy = &g_array_index (self->edge_points, double, 2 * line->first);
      double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

      for (guint p = 0; p < line->n; p++)
        {
          x0 = MIN (x0, xy[2 * p]);
          x1 = MAX (x1, xy[2 * p]);
          y0 = MIN (y0, xy[2 * p + 1]);
          y1 = MAX (y1, xy[2 * p + 1]);
        }
      keyed[i].code = morton (((x0 + x1) / 2 - self->origin_x) / w, ((y0 + y1) / 2 - self->origin_y) / h);
      keyed[i].index = i;
    }
  qsort (keyed, self->edge_lines->len, sizeof (Keyed), compare_keyed);
  for (guint i = 0; i < self->edge_lines->len; i++)
    {
      const BieMapSpan *line = &g_array_index (self->edge_lines, BieMapSpan, keyed[i].index);
      BieMapSpan copy = { points->len / 2, line->n };

      g_array_append_vals (points, &g_array_index (self->edge_points, double, 2 * line->first), 2 * line->n);
      g_array_append_val (lines, copy);
    }
  g_array_unref (self->edge_points);
  g_array_unref (self->edge_lines);
  self->edge_points = g_steal_pointer (&points);
  self->edge_lines = g_steal_pointer (&lines);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_by_area (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const BieMapLocalidadInfo *localidades = user_data;
  double x = localidades[*(const guint *) a].area;
  double y = localidades[*(const guint *) b].area;

  return (x < y) - (x > y);
}

/* Where a localidad made of sectors takes its label: the label point of
 * its sector nearest the centre of its sectors' area, which is inside it
 * and usually towards its middle. */
static void
label_from_sectors (BieMapRenderer      *self,
                    int                  localidad,
                    BieMapLocalidadInfo *info)
{
  double sx = 0, sy = 0, sum = 0, best = INFINITY;

  for (guint s = 0; s < self->n_sectors; s++)
    if (self->sectors[s].localidad == localidad)
      {
        sx += self->sectors[s].label_x * self->sectors[s].area;
        sy += self->sectors[s].label_y * self->sectors[s].area;
        sum += self->sectors[s].area;
      }
  if (sum <= 0)
    return;
  sx /= sum;
  sy /= sum;
  for (guint s = 0; s < self->n_sectors; s++)
    if (self->sectors[s].localidad == localidad)
      {
        double d = hypot (self->sectors[s].label_x - sx, self->sectors[s].label_y - sy);

        if (d < best)
          {
            best = d;
            info->label_x = self->sectors[s].label_x;
            info->label_y = self->sectors[s].label_y;
          }
      }
}

void
bie_map_renderer_prepare_territory (BieMapRenderer *self)
{
  BieMapSnapshot *snapshot = self->snapshot;
  g_autoptr(GHashTable) localidad_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));

  if (snapshot->sectors->len > 0)
    {
      bie_map_project (snapshot->min_lon, snapshot->max_lat, &self->origin_x, &self->origin_y);
      bie_map_project (snapshot->max_lon, snapshot->min_lat, &self->sector_x1, &self->sector_y1);
    }

  self->n_localidades = snapshot->localidades->len;
  self->localidades = g_new0 (BieMapLocalidadInfo, self->n_localidades);
  for (guint l = 0; l < self->n_localidades; l++)
    {
      BieMapLocalidad *localidad = g_ptr_array_index (snapshot->localidades, l);

      g_hash_table_insert (localidad_index, &localidad->id, GUINT_TO_POINTER (l + 1));
    }

  self->n_sectors = snapshot->sectors->len;
  self->sectors = g_new0 (BieMapSectorInfo, self->n_sectors);
  for (guint s = 0; s < self->n_sectors; s++)
    {
      BieMapSector *sector = g_ptr_array_index (snapshot->sectors, s);
      BieMapSectorInfo *info = &self->sectors[s];
      const BieGeometry *geometry = sector->geometry;
      double lon, lat, height;

      bie_map_project (geometry->min_lon, geometry->max_lat, &info->x0, &info->y0);
      bie_map_project (geometry->max_lon, geometry->min_lat, &info->x1, &info->y1);
      bie_geometry_interior_point (geometry, &lon, &lat);
      bie_map_project (lon, lat, &info->label_x, &info->label_y);
      info->area = geometry_area (geometry);
      info->klass = -1;
      info->localidad = (int) GPOINTER_TO_UINT (g_hash_table_lookup (localidad_index, &sector->localidad_id)) - 1;
      height = info->y1 - info->y0;
      g_array_append_val (heights, height);
    }
  if (heights->len > 0)
    {
      g_array_sort (heights, compare_doubles);
      self->sector_height = g_array_index (heights, double, heights->len / 2);
    }

  self->outline_points = g_array_new (FALSE, FALSE, sizeof (double));
  self->outline_lines = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));
  self->label_order = g_new (guint, MAX (self->n_localidades, 1));
  for (guint l = 0; l < self->n_localidades; l++)
    {
      BieMapLocalidad *localidad = g_ptr_array_index (snapshot->localidades, l);
      BieMapLocalidadInfo *info = &self->localidades[l];

      info->x0 = info->y0 = INFINITY;
      info->x1 = info->y1 = -INFINITY;
      info->lines.first = self->outline_lines->len;
      if (localidad->boundary != NULL && localidad->boundary->n_points > 0)
        {
          double lon, lat;

          outline_from_boundary (self, localidad->boundary);
          bie_map_project (localidad->boundary->min_lon, localidad->boundary->max_lat, &info->x0, &info->y0);
          bie_map_project (localidad->boundary->max_lon, localidad->boundary->min_lat, &info->x1, &info->y1);
          bie_geometry_interior_point (localidad->boundary, &lon, &lat);
          bie_map_project (lon, lat, &info->label_x, &info->label_y);
          info->area = geometry_area (localidad->boundary);
        }
      else
        {
          lines_from_sectors (self, l, self->outline_points, self->outline_lines);
          for (guint s = 0; s < self->n_sectors; s++)
            if (self->sectors[s].localidad == (int) l)
              {
                info->x0 = MIN (info->x0, self->sectors[s].x0);
                info->y0 = MIN (info->y0, self->sectors[s].y0);
                info->x1 = MAX (info->x1, self->sectors[s].x1);
                info->y1 = MAX (info->y1, self->sectors[s].y1);
                info->area += self->sectors[s].area;
              }
          label_from_sectors (self, l, info);
        }
      info->lines.n = self->outline_lines->len - info->lines.first;
      self->label_order[l] = l;
    }
  g_qsort_with_data (self->label_order, self->n_localidades, sizeof (guint), compare_by_area, self->localidades);

  self->edge_points = g_array_new (FALSE, FALSE, sizeof (double));
  self->edge_lines = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));
  lines_from_sectors (self, -1, self->edge_points, self->edge_lines);
  sort_spatially (self);
}

/* Households */

void
bie_map_renderer_prepare_households (BieMapRenderer *self)
{
  BieMapSnapshot *snapshot = self->snapshot;
  guint n = snapshot->n_households, n_cells;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, area;
  g_autofree float *xy = g_new (float, 2 * MAX (n, 1));
  g_autofree guint *cell_of = g_new (guint, MAX (n, 1));

  self->n_households = n;
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      bie_map_project (snapshot->household_lon_lat[2 * i], snapshot->household_lon_lat[2 * i + 1], &x, &y);
      x -= self->origin_x;
      y -= self->origin_y;
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
      x0 = MIN (x0, x);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x);
      y1 = MAX (y1, y);
    }
  if (n == 0)
    x0 = y0 = x1 = y1 = 0;

  /* About 32 households a cell on average, and no more than 1024 cells a
   * side: a view reads a few cells beyond its edges, never the city. */
  area = MAX ((x1 - x0) * (y1 - y0), 1e-12);
  self->hh_density = n / MAX (area, 1e-6);
  self->grid_cell = MAX (sqrt (area * 32 / MAX (n, 1)), MAX (x1 - x0, y1 - y0) / 1024);
  self->grid_cell = MAX (self->grid_cell, 1e-7);
  self->grid_x0 = x0;
  self->grid_y0 = y0;
  self->grid_nx = MIN (1024, (guint) floor ((x1 - x0) / self->grid_cell) + 1);
  self->grid_ny = MIN (1024, (guint) floor ((y1 - y0) / self->grid_cell) + 1);
  n_cells = self->grid_nx * self->grid_ny;

  /* A counting sort by cell. */
  self->cell_start = g_new0 (guint, n_cells + 1);
  for (guint i = 0; i < n; i++)
    {
      guint cx = MIN (self->grid_nx - 1, (guint) ((xy[2 * i] - x0) / self->grid_cell));
      guint cy = MIN (self->grid_ny - 1, (guint) ((xy[2 * i + 1] - y0) / self->grid_cell));

      cell_of[i] = cy * self->grid_nx + cx;
      self->cell_start[cell_of[i] + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    self->cell_start[c + 1] += self->cell_start[c];

  self->hh_xy = g_new (float, 2 * MAX (n, 1));
  self->hh_index = g_new (guint, MAX (n, 1));
  {
    g_autofree guint *next = g_memdup2 (self->cell_start, n_cells * sizeof (guint));

    for (guint i = 0; i < n; i++)
      {
        guint k = next[cell_of[i]]++;

        self->hh_xy[2 * k] = xy[2 * i];
        self->hh_xy[2 * k + 1] = xy[2 * i + 1];
        self->hh_index[k] = i;
      }
  }

  /* What clusters need of a cell that lies whole in one of them. */
  self->cell_sum = g_new0 (double, 2 * n_cells);
  self->cell_box = g_new (float, 4 * n_cells);
  for (guint c = 0; c < n_cells; c++)
    {
      float *box = self->cell_box + 4 * c;

      box[0] = box[1] = INFINITY;
      box[2] = box[3] = -INFINITY;
      for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
        {
          self->cell_sum[2 * c] += self->hh_xy[2 * k];
          self->cell_sum[2 * c + 1] += self->hh_xy[2 * k + 1];
          box[0] = MIN (box[0], self->hh_xy[2 * k]);
          box[1] = MIN (box[1], self->hh_xy[2 * k + 1]);
          box[2] = MAX (box[2], self->hh_xy[2 * k]);
          box[3] = MAX (box[3], self->hh_xy[2 * k + 1]);
        }
    }
}

/* The cells of the households' grid that a projected rectangle (from the
 * origin) touches, inclusive; FALSE-like empty range when outside. */
void
bie_map_renderer_visible_cells (BieMapRenderer *self,
                                double          x0,
                                double          y0,
                                double          x1,
                                double          y1,
                                guint          *cx0,
                                guint          *cy0,
                                guint          *cx1,
                                guint          *cy1)
{
  double fx0 = (x0 - self->grid_x0) / self->grid_cell;
  double fy0 = (y0 - self->grid_y0) / self->grid_cell;
  double fx1 = (x1 - self->grid_x0) / self->grid_cell;
  double fy1 = (y1 - self->grid_y0) / self->grid_cell;

  if (self->n_households == 0 || fx1 < 0 || fy1 < 0 || fx0 >= self->grid_nx || fy0 >= self->grid_ny)
    {
      *cx0 = *cy0 = 1;
      *cx1 = *cy1 = 0;
      return;
    }
  *cx0 = (guint) MAX (0, fx0);
  *cy0 = (guint) MAX (0, fy0);
  *cx1 = (guint) MIN (self->grid_nx - 1, fx1);
  *cy1 = (guint) MIN (self->grid_ny - 1, fy1);
}

/* Levels */

int
bie_map_level_for_scale (double scale)
{
  return (int) lround (log2 (MAX (scale, 1e-9)) * BIE_MAP_LEVELS_PER_OCTAVE);
}

void
bie_map_level_free (BieMapLevel *level)
{
  if (level == NULL)
    return;

  g_array_unref (level->points);
  g_array_unref (level->rings);
  g_array_unref (level->lines);
  g_array_unref (level->edges);
  g_array_unref (level->edge_bounds);
  g_free (level->sector_rings);
  g_array_unref (level->line_bounds);
  g_free (level);
}

/* Appends a ring of @n points in level pixels, simplified; drops a ring
 * smaller than a pixel both ways, which would not show. */
static void
add_ring (BieMapLevel  *level,
          const double *xy,
          guint         n)
{
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  BieMapSpan span;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, xy[2 * i]);
      x1 = MAX (x1, xy[2 * i]);
      y0 = MIN (y0, xy[2 * i + 1]);
      y1 = MAX (y1, xy[2 * i + 1]);
    }
  if (n < 2 || (x1 - x0 < 1 && y1 - y0 < 1))
    return;

  span.first = level->points->len / 2;
  span.n = bie_map_simplify_ring (xy, n, BIE_MAP_TOLERANCE_PX, TRUE, level->points);
  g_array_append_val (level->rings, span);
}

/* A line to stroke is cut into pieces of a few points, which share their
 * ends: cairo strokes many short paths close together much faster than
 * long ones that wander across the view, and culls them one by one. */
#define PIECE_POINTS 12

typedef struct
{
  BieMapSpan span;
  float      box[4];
  guint32    code;
} Piece;

static void
add_pieces (BieMapLevel  *level,
            GArray       *pieces,
            const double *xy,
            guint         n,
            gboolean      closed)
{
  guint first = level->points->len / 2, m;
  const float *p;

  if (n < 2)
    return;
  m = bie_map_simplify_ring (xy, n, BIE_MAP_TOLERANCE_PX, closed, level->points);
  p = &g_array_index (level->points, float, 2 * first);
  for (guint start = 0; start + 1 < m; start += PIECE_POINTS - 1)
    {
      Piece piece = { { first + start, MIN (PIECE_POINTS, m - start) }, { INFINITY, INFINITY, -INFINITY, -INFINITY }, 0 };

      for (guint i = start; i < start + piece.span.n; i++)
        {
          piece.box[0] = MIN (piece.box[0], p[2 * i]);
          piece.box[1] = MIN (piece.box[1], p[2 * i + 1]);
          piece.box[2] = MAX (piece.box[2], p[2 * i]);
          piece.box[3] = MAX (piece.box[3], p[2 * i + 1]);
        }
      g_array_append_val (pieces, piece);
    }
}

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  guint32 x = ((const Piece *) a)->code, y = ((const Piece *) b)->code;

  return (x > y) - (x < y);
}

/* The pieces in Morton order, into @spans and @bounds. */
static void
store_pieces (BieMapLevel *level,
              GArray      *pieces,
              double       width,
              double       height,
              GArray      *spans,
              GArray      *bounds)
{
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);

      piece->code = morton ((piece->box[0] + piece->box[2]) / 2 / width, (piece->box[1] + piece->box[3]) / 2 / height);
    }
  g_array_sort (pieces, compare_pieces);
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);

      g_array_append_val (spans, piece->span);
      g_array_append_vals (bounds, piece->box, 4);
    }
}

/* Projects @n points into the level's pixels. */
static const double *
to_level (BieMapRenderer *self,
          BieMapLevel    *level,
          GArray         *scratch,
          const double   *xy,
          guint           n)
{
  g_array_set_size (scratch, 2 * n);
  for (guint p = 0; p < n; p++)
    {
      g_array_index (scratch, double, 2 * p) = (xy[2 * p] - self->origin_x) * level->scale;
      g_array_index (scratch, double, 2 * p + 1) = (xy[2 * p + 1] - self->origin_y) * level->scale;
    }

  return (const double *) scratch->data;
}

static BieMapLevel *
level_new (BieMapRenderer *self,
           int             index)
{
  BieMapLevel *level = g_new0 (BieMapLevel, 1);
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pieces = NULL;
  double s = exp2 ((double) index / BIE_MAP_LEVELS_PER_OCTAVE);
  double width = MAX ((self->sector_x1 - self->origin_x) * s, 1);
  double height = MAX ((self->sector_y1 - self->origin_y) * s, 1);

  level->level = index;
  level->scale = s;
  level->points = g_array_new (FALSE, FALSE, sizeof (float));
  level->rings = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));
  level->lines = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));
  level->edges = g_array_new (FALSE, FALSE, sizeof (BieMapSpan));
  level->edge_bounds = g_array_new (FALSE, FALSE, sizeof (float));
  level->sector_rings = g_new0 (BieMapSpan, MAX (self->n_sectors, 1));
  level->line_bounds = g_array_new (FALSE, FALSE, sizeof (float));

  for (guint i = 0; i < self->n_sectors; i++)
    {
      const BieGeometry *geometry = ((BieMapSector *) g_ptr_array_index (self->snapshot->sectors, i))->geometry;

      level->sector_rings[i].first = level->rings->len;
      for (guint r = 0; r < geometry->n_rings; r++)
        {
          const BieRingSpan *ring = &geometry->rings[r];

          g_array_set_size (scratch, 2 * ring->n_points);
          for (guint p = 0; p < ring->n_points; p++)
            {
              double x, y;

              bie_map_project (geometry->coords[2 * (ring->first_point + p)],
                               geometry->coords[2 * (ring->first_point + p) + 1], &x, &y);
              g_array_index (scratch, double, 2 * p) = (x - self->origin_x) * s;
              g_array_index (scratch, double, 2 * p + 1) = (y - self->origin_y) * s;
            }
          add_ring (level, (const double *) scratch->data, ring->n_points);
        }
      level->sector_rings[i].n = level->rings->len - level->sector_rings[i].first;
    }

  pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  for (guint k = 0; k < self->outline_lines->len; k++)
    {
      const BieMapSpan *line = &g_array_index (self->outline_lines, BieMapSpan, k);
      const double *xy = &g_array_index (self->outline_points, double, 2 * line->first);
      gboolean closed = xy[0] == xy[2 * line->n - 2] && xy[1] == xy[2 * line->n - 1];

      add_pieces (level, pieces, to_level (self, level, scratch, xy, line->n), line->n, closed);
    }
  store_pieces (level, pieces, width, height, level->lines, level->line_bounds);

  g_array_set_size (pieces, 0);
  for (guint k = 0; k < self->edge_lines->len; k++)
    {
      const BieMapSpan *line = &g_array_index (self->edge_lines, BieMapSpan, k);
      const double *xy = &g_array_index (self->edge_points, double, 2 * line->first);

      add_pieces (level, pieces, to_level (self, level, scratch, xy, line->n), line->n, FALSE);
    }
  store_pieces (level, pieces, width, height, level->edges, level->edge_bounds);

  return level;
}

/**
 * bie_map_renderer_get_level:
 *
 * The prepared geometry for the level nearest @scale, made now if it is
 * not among the last few used.
 */
BieMapLevel *
bie_map_renderer_get_level (BieMapRenderer *self,
                            double          scale)
{
  int index = bie_map_level_for_scale (scale);
  BieMapLevel *level;
  guint oldest = 0;

  self->frame++;
  for (guint i = 0; i < self->levels->len; i++)
    {
      level = g_ptr_array_index (self->levels, i);
      if (level->level == index)
        {
          level->stamp = self->frame;
          return level;
        }
      if (level->stamp < ((BieMapLevel *) g_ptr_array_index (self->levels, oldest))->stamp)
        oldest = i;
    }

  if (self->levels->len >= BIE_MAP_MAX_LEVELS)
    g_ptr_array_remove_index_fast (self->levels, oldest);

  level = level_new (self, index);
  level->stamp = self->frame;
  g_ptr_array_add (self->levels, level);

  return level;
}
