/* bie-map-simplify.c: rings simplified for a zoom level
 *
 * Douglas–Peucker to a tolerance in pixels, with what a map of sectors
 * needs on top: a ring keeps at least four points (its extreme points when
 * fewer would remain), and simplifying never makes a ring cross itself
 * (checked with a sweep along x; the tolerance is halved until it does
 * not).
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bie-map-private.h"

/* Distance² from p to the segment a–b. */
static double
segment_distance2 (const double *p,
                   const double *a,
                   const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  double ex, ey;

  t = CLAMP (t, 0, 1);
  ex = a[0] + t * dx - p[0];
  ey = a[1] + t * dy - p[1];

  return ex * ex + ey * ey;
}

static void
douglas_peucker (const double *xy,
                 guint         from,
                 guint         to,
                 double        tolerance2,
                 guint8       *keep)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  guint span[2] = { from, to };

  g_array_append_vals (stack, span, 2);
  while (stack->len > 0)
    {
      guint a = g_array_index (stack, guint, stack->len - 2);
      guint b = g_array_index (stack, guint, stack->len - 1);
      double worst = -1;
      guint k = a;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = a + 1; i < b; i++)
        {
          double d = segment_distance2 (xy + 2 * i, xy + 2 * a, xy + 2 * b);

          if (d > worst)
            {
              worst = d;
              k = i;
            }
        }
      if (worst > tolerance2)
        {
          guint left[2] = { a, k }, right[2] = { k, b };

          keep[k] = 1;
          g_array_append_vals (stack, left, 2);
          g_array_append_vals (stack, right, 2);
        }
    }
}

static gboolean
segments_cross (const float *p,
                const float *q,
                const float *r,
                const float *s)
{
  double d1 = (double) (s[0] - r[0]) * (p[1] - r[1]) - (double) (s[1] - r[1]) * (p[0] - r[0]);
  double d2 = (double) (s[0] - r[0]) * (q[1] - r[1]) - (double) (s[1] - r[1]) * (q[0] - r[0]);
  double d3 = (double) (q[0] - p[0]) * (r[1] - p[1]) - (double) (q[1] - p[1]) * (r[0] - p[0]);
  double d4 = (double) (q[0] - p[0]) * (s[1] - p[1]) - (double) (q[1] - p[1]) * (s[0] - p[0]);

  /* Proper crossings only: rings that touch at a vertex are valid. */
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
         ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

typedef struct
{
  float x0;
  float x1;
  guint i;
} Extent;

static int
compare_extents (gconstpointer a,
                 gconstpointer b)
{
  float x = ((const Extent *) a)->x0, y = ((const Extent *) b)->x0;

  return (x > y) - (x < y);
}

/**
 * bie_map_ring_self_intersects:
 * @xy: a closed ring (its last point repeats its first), float x, y
 *
 * Whether two edges of the ring cross, swept along x so that long rings
 * cost about n log n.
 */
gboolean
bie_map_ring_self_intersects (const float *xy,
                              guint        n)
{
  g_autofree Extent *extents = NULL;
  guint m = n > 0 ? n - 1 : 0;

  if (m < 3)
    return FALSE;

  extents = g_new (Extent, m);
  for (guint i = 0; i < m; i++)
    {
      extents[i].x0 = MIN (xy[2 * i], xy[2 * i + 2]);
      extents[i].x1 = MAX (xy[2 * i], xy[2 * i + 2]);
      extents[i].i = i;
    }
  qsort (extents, m, sizeof (Extent), compare_extents);

  for (guint a = 0; a < m; a++)
    for (guint b = a + 1; b < m && extents[b].x0 <= extents[a].x1; b++)
      {
        guint i = extents[a].i, j = extents[b].i;
        guint d = i > j ? i - j : j - i;

        /* Neighbours share a point, which is not a crossing. */
        if (d == 1 || d == m - 1)
          continue;
        if (segments_cross (xy + 2 * i, xy + 2 * i + 2, xy + 2 * j, xy + 2 * j + 2))
          return TRUE;
      }

  return FALSE;
}

static guint
simplify_once (const double *xy,
               guint         n,
               double        tolerance,
               gboolean      closed,
               guint8       *keep)
{
  guint count = 0;

  memset (keep, 0, n);
  keep[0] = keep[n - 1] = 1;
  if (closed)
    {
      /* A closed ring has no natural ends: cut it at its first point and
       * the point farthest from it. */
      double worst = -1;
      guint k = 0;

      for (guint i = 1; i + 1 < n; i++)
        {
          double d = segment_distance2 (xy + 2 * i, xy, xy);

          if (d > worst)
            {
              worst = d;
              k = i;
            }
        }
      keep[k] = 1;
      douglas_peucker (xy, 0, k, tolerance * tolerance, keep);
      douglas_peucker (xy, k, n - 1, tolerance * tolerance, keep);
    }
  else
    douglas_peucker (xy, 0, n - 1, tolerance * tolerance, keep);

  for (guint i = 0; i < n; i++)
    count += keep[i];

  return count;
}

/* The leftmost, topmost, rightmost and bottommost points in the ring's
 * order: hull vertices, so the quadrilateral they make never crosses
 * itself. */
static void
keep_extremes (const double *xy,
               guint         n,
               guint8       *keep)
{
  guint ext[4] = { 0, 0, 0, 0 };

  memset (keep, 0, n);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (xy[2 * i] < xy[2 * ext[0]])
        ext[0] = i;
      if (xy[2 * i + 1] < xy[2 * ext[1] + 1])
        ext[1] = i;
      if (xy[2 * i] > xy[2 * ext[2]])
        ext[2] = i;
      if (xy[2 * i + 1] > xy[2 * ext[3] + 1])
        ext[3] = i;
    }
  for (guint k = 0; k < 4; k++)
    keep[ext[k]] = 1;
  for (guint i = 0; i + 1 < n; i++)
    if (keep[i])
      {
        /* Closed on the first extreme point. */
        keep[i] = 2;
        break;
      }
}

/**
 * bie_map_simplify_ring:
 * @xy: points in pixels, x, y; a closed ring repeats its first point last
 * @out: floats x, y are appended to it
 *
 * Douglas–Peucker to @tolerance, keeping what the map needs of a ring: at
 * least four points (a triangle and its closing point; the ring's extreme
 * points when fewer would remain) and no crossing of its own edges that
 * was not in @xy (the tolerance is halved until there is none).
 *
 * Returns: how many points were appended
 */
guint
bie_map_simplify_ring (const double *xy,
                       guint         n,
                       double        tolerance,
                       gboolean      closed,
                       GArray       *out)
{
  g_autofree guint8 *keep = NULL;
  guint count = 0, first_out = out->len / 2, first_kept = 0;

  if (n < 4 || (closed && !(xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1])))
    {
      /* Too short to simplify, or not closed as the layout requires. */
      for (guint i = 0; i < n; i++)
        {
          float p[2] = { xy[2 * i], xy[2 * i + 1] };

          g_array_append_vals (out, p, 2);
        }
      return n;
    }

  keep = g_new (guint8, n);
  for (guint attempt = 0; ; attempt++)
    {
      count = simplify_once (xy, n, tolerance, closed, keep);
      if (closed && count < 4)
        {
          keep_extremes (xy, n, keep);
          for (guint i = 0; i < n; i++)
            if (keep[i] == 2)
              first_kept = i;
        }
      else
        first_kept = 0;

      g_array_set_size (out, 2 * first_out);
      count = 0;
      for (guint i = 0; i < n; i++)
        if (keep[i])
          {
            float p[2] = { xy[2 * i], xy[2 * i + 1] };

            g_array_append_vals (out, p, 2);
            count++;
          }
      if (closed && keep[first_kept] == 2)
        {
          float p[2] = { xy[2 * first_kept], xy[2 * first_kept + 1] };

          g_array_append_vals (out, p, 2);
          count++;
        }

      if (!closed || count == n ||
          !bie_map_ring_self_intersects (&g_array_index (out, float, 2 * first_out), count))
        return count;
      if (attempt == 6)
        break;
      tolerance /= 2;
    }

  /* Still crossing at an eighth of a pixel: the ring as it is. */
  g_array_set_size (out, 2 * first_out);
  for (guint i = 0; i < n; i++)
    {
      float p[2] = { xy[2 * i], xy[2 * i + 1] };

      g_array_append_vals (out, p, 2);
    }

  return n;
}
