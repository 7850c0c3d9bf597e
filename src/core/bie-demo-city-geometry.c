/* bie-demo-city-geometry.c: the grid the demo city's sectors are cut from
 *
 * A grid over Bogotá's bounding box whose vertices are jittered and whose
 * edges are bent at three points, each jitter derived from a hash of the
 * vertex or the edge alone: the two cells along an edge compute the same
 * points, so neighbouring sectors share their boundary exactly and never
 * overlap. Coordinates are integer microdegrees (the six decimals GeoJSON
 * gets), so containment tests are exact.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-demo-city"

#include "config.h"

#include <string.h>

#include "bie-demo-city-private.h"

/* 4.45–4.83 N, 74.22–74.01 W */
#define LON0        (-74220000)
#define LAT0        4450000
#define CELL_W      7000
#define CELL_H      7600
#define EDGE_SPLITS 3

G_STATIC_ASSERT (BIE_DEMO_RING_POINTS == 4 * (EDGE_SPLITS + 1) + 1);

/* A jitter in [-amplitude, amplitude] that depends only on its arguments. */
static gint32
hash_jitter (guint32 seed,
             guint   kind,
             guint   i,
             guint   j,
             guint   k,
             gint32  amplitude)
{
  guint64 h = bie_rng_mix (((guint64) seed << 32) ^ ((guint64) kind << 24) ^
                           ((guint64) i << 12) ^ j);

  h = bie_rng_mix (h + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) * (k + 1));

  return (gint32) (h % (guint64) (2 * amplitude + 1)) - amplitude;
}

static void
grid_vertex (guint32  seed,
             guint    i,
             guint    j,
             gint32  *lon,
             gint32  *lat)
{
  *lon = LON0 + (gint32) i * CELL_W;
  *lat = LAT0 + (gint32) j * CELL_H;
  /* The outer vertices stay on the bounding box of the city. */
  if (i > 0 && i < BIE_DEMO_GRID_NX)
    *lon += hash_jitter (seed, 1, i, j, 0, CELL_W * 18 / 100);
  if (j > 0 && j < BIE_DEMO_GRID_NY)
    *lat += hash_jitter (seed, 2, i, j, 0, CELL_H * 18 / 100);
}

/* The points inside the edge from vertex (i, j) to (i + 1, j), or to
 * (i, j + 1) if @vertical, in that direction. With a vertex jitter of 18 %
 * and an edge jitter of 6 % of a cell, the first segments from a vertex
 * stay on their side of its diagonals, so no two edges cross. */
static void
grid_edge (guint32  seed,
           gboolean vertical,
           guint    i,
           guint    j,
           gint32   points[EDGE_SPLITS][2])
{
  gint32 a[2], b[2];

  grid_vertex (seed, i, j, &a[0], &a[1]);
  if (vertical)
    grid_vertex (seed, i, j + 1, &b[0], &b[1]);
  else
    grid_vertex (seed, i + 1, j, &b[0], &b[1]);

  for (guint k = 1; k <= EDGE_SPLITS; k++)
    {
      gint32 lon = a[0] + (b[0] - a[0]) * (gint32) k / (EDGE_SPLITS + 1);
      gint32 lat = a[1] + (b[1] - a[1]) * (gint32) k / (EDGE_SPLITS + 1);

      if (vertical && i > 0 && i < BIE_DEMO_GRID_NX)
        lon += hash_jitter (seed, 3, i, j, k, CELL_W * 6 / 100);
      if (!vertical && j > 0 && j < BIE_DEMO_GRID_NY)
        lat += hash_jitter (seed, 4, i, j, k, CELL_H * 6 / 100);
      points[k - 1][0] = lon;
      points[k - 1][1] = lat;
    }
}

/**
 * bie_demo_cell_centre:
 *
 * The centre of the cell before any jitter: no edge comes near it.
 */
void
bie_demo_cell_centre (guint   cell,
                      gint32 *lon,
                      gint32 *lat)
{
  g_assert (cell < BIE_DEMO_N_CELLS);

  *lon = LON0 + (gint32) (cell % BIE_DEMO_GRID_NX) * CELL_W + CELL_W / 2;
  *lat = LAT0 + (gint32) (cell / BIE_DEMO_GRID_NX) * CELL_H + CELL_H / 2;
}

/**
 * bie_demo_cell_ring:
 *
 * The outline of @cell: closed, counter-clockwise (east and north
 * positive), in microdegrees.
 */
void
bie_demo_cell_ring (guint32 seed,
                    guint   cell,
                    gint32  ring[BIE_DEMO_RING_POINTS][2])
{
  guint i = cell % BIE_DEMO_GRID_NX;
  guint j = cell / BIE_DEMO_GRID_NX;
  gint32 edge[EDGE_SPLITS][2];
  guint n = 0;

  g_assert (cell < BIE_DEMO_N_CELLS);

  /* Along the bottom, up the right side, back along the top, down the left
   * side. */
  grid_vertex (seed, i, j, &ring[n][0], &ring[n][1]);
  n++;
  grid_edge (seed, FALSE, i, j, edge);
  for (guint k = 0; k < EDGE_SPLITS; k++, n++)
    memcpy (ring[n], edge[k], sizeof edge[k]);
  grid_vertex (seed, i + 1, j, &ring[n][0], &ring[n][1]);
  n++;
  grid_edge (seed, TRUE, i + 1, j, edge);
  for (guint k = 0; k < EDGE_SPLITS; k++, n++)
    memcpy (ring[n], edge[k], sizeof edge[k]);
  grid_vertex (seed, i + 1, j + 1, &ring[n][0], &ring[n][1]);
  n++;
  grid_edge (seed, FALSE, i, j + 1, edge);
  for (guint k = EDGE_SPLITS; k > 0; k--, n++)
    memcpy (ring[n], edge[k - 1], sizeof edge[k - 1]);
  grid_vertex (seed, i, j + 1, &ring[n][0], &ring[n][1]);
  n++;
  grid_edge (seed, TRUE, i, j, edge);
  for (guint k = EDGE_SPLITS; k > 0; k--, n++)
    memcpy (ring[n], edge[k - 1], sizeof edge[k - 1]);
  memcpy (ring[n], ring[0], sizeof ring[0]);
  n++;

  g_assert (n == BIE_DEMO_RING_POINTS);
}

/**
 * bie_demo_ring_contains:
 *
 * Whether (@lon, @lat) is strictly inside the closed @ring: crossing
 * number, exact in integers. A point on the boundary is not inside.
 */
gboolean
bie_demo_ring_contains (const gint32 ring[][2],
                        guint        n_points,
                        gint32       lon,
                        gint32       lat)
{
  gboolean inside = FALSE;

  for (guint k = 0; k + 1 < n_points; k++)
    {
      gint64 ax = ring[k][0], ay = ring[k][1];
      gint64 bx = ring[k + 1][0], by = ring[k + 1][1];
      gint64 cross = (bx - ax) * (lat - ay) - (lon - ax) * (by - ay);

      if (cross == 0 && lon >= MIN (ax, bx) && lon <= MAX (ax, bx) &&
          lat >= MIN (ay, by) && lat <= MAX (ay, by))
        return FALSE;
      if ((ay > lat) != (by > lat) && (by > ay ? cross > 0 : cross < 0))
        inside = !inside;
    }

  return inside;
}

/* "-74.123456": microdegrees as GeoJSON wants them, whatever the locale. */
static void
append_micro (GString *text,
              gint32   micro)
{
  guint value = (guint) ABS (micro);

  g_string_append_printf (text, "%s%u.%06u", micro < 0 ? "-" : "", value / 1000000,
                          value % 1000000);
}

/**
 * bie_demo_ring_to_geojson:
 *
 * Returns: (transfer full): a GeoJSON Polygon of the one @ring
 */
char *
bie_demo_ring_to_geojson (const gint32 ring[][2],
                          guint        n_points)
{
  GString *text = g_string_sized_new (40 + n_points * 24);

  g_string_append (text, "{\"type\":\"Polygon\",\"coordinates\":[[");
  for (guint k = 0; k < n_points; k++)
    {
      if (k > 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, '[');
      append_micro (text, ring[k][0]);
      g_string_append_c (text, ',');
      append_micro (text, ring[k][1]);
      g_string_append_c (text, ']');
    }
  g_string_append (text, "]]}");

  return g_string_free (text, FALSE);
}
