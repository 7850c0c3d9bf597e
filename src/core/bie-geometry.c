/* bie-geometry.c: polygons of the territory, in WGS84 longitude/latitude
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-geometry"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bie-geometry.h"
#include "bie-json.h"
#include "bie-model.h"

BieGeometry *
bie_geometry_new (void)
{
  BieGeometry *self = g_new0 (BieGeometry, 1);

  self->min_lon = self->min_lat = INFINITY;
  self->max_lon = self->max_lat = -INFINITY;

  return self;
}

void
bie_geometry_free (BieGeometry *self)
{
  if (self == NULL)
    return;

  g_free (self->polygons);
  g_free (self->rings);
  g_free (self->coords);
  g_free (self);
}

BieGeometry *
bie_geometry_copy (const BieGeometry *self)
{
  BieGeometry *copy = g_memdup2 (self, sizeof *self);

  copy->polygons = g_memdup2 (self->polygons, self->n_polygons * sizeof *self->polygons);
  copy->rings = g_memdup2 (self->rings, self->n_rings * sizeof *self->rings);
  copy->coords = g_memdup2 (self->coords, 2 * self->n_points * sizeof *self->coords);

  return copy;
}

void
bie_geometry_begin_polygon (BieGeometry *self)
{
  self->polygons = g_renew (BiePolygonSpan, self->polygons, self->n_polygons + 1);
  self->polygons[self->n_polygons].first_ring = self->n_rings;
  self->polygons[self->n_polygons].n_rings = 0;
  self->n_polygons++;
}

void
bie_geometry_add_ring (BieGeometry  *self,
                       const double *lon_lat,
                       guint         n_points)
{
  g_return_if_fail (self->n_polygons > 0);

  self->rings = g_renew (BieRingSpan, self->rings, self->n_rings + 1);
  self->rings[self->n_rings].first_point = self->n_points;
  self->rings[self->n_rings].n_points = n_points;
  self->n_rings++;
  self->polygons[self->n_polygons - 1].n_rings++;

  self->coords = g_renew (double, self->coords, 2 * (self->n_points + n_points));
  memcpy (self->coords + 2 * self->n_points, lon_lat, 2 * n_points * sizeof (double));
  self->n_points += n_points;

  for (guint i = 0; i < n_points; i++)
    {
      double lon = lon_lat[2 * i];
      double lat = lon_lat[2 * i + 1];

      self->min_lon = MIN (self->min_lon, lon);
      self->max_lon = MAX (self->max_lon, lon);
      self->min_lat = MIN (self->min_lat, lat);
      self->max_lat = MAX (self->max_lat, lat);
    }
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
add_polygon (BieGeometry  *self,
             JsonArray    *rings,
             GArray       *scratch,
             GError      **error)
{
  guint n_rings = json_array_get_length (rings);

  if (n_rings == 0)
    return invalid (error, _("A polygon has no rings."));

  bie_geometry_begin_polygon (self);
  for (guint r = 0; r < n_rings; r++)
    {
      JsonNode *ring_node = json_array_get_element (rings, r);
      JsonArray *ring;
      guint n_points;

      if (!JSON_NODE_HOLDS_ARRAY (ring_node))
        return invalid (error, _("A ring of a polygon is not a list of points."));

      ring = json_node_get_array (ring_node);
      n_points = json_array_get_length (ring);
      g_array_set_size (scratch, 0);
      for (guint p = 0; p < n_points; p++)
        {
          JsonNode *point_node = json_array_get_element (ring, p);
          JsonArray *point;
          double lon_lat[2];

          if (!JSON_NODE_HOLDS_ARRAY (point_node) ||
              json_array_get_length (point = json_node_get_array (point_node)) < 2)
            return invalid (error, _("A point of a polygon is not a pair of numbers."));

          for (guint k = 0; k < 2; k++)
            {
              JsonNode *number = json_array_get_element (point, k);

              if (!JSON_NODE_HOLDS_VALUE (number) ||
                  (json_node_get_value_type (number) != G_TYPE_DOUBLE &&
                   json_node_get_value_type (number) != G_TYPE_INT64))
                return invalid (error, _("A point of a polygon is not a pair of numbers."));
              lon_lat[k] = json_node_get_double (number);
            }
          g_array_append_vals (scratch, lon_lat, 2);
        }
      bie_geometry_add_ring (self, (const double *) scratch->data, n_points);
    }

  return TRUE;
}

BieGeometry *
bie_geometry_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(BieGeometry) self = bie_geometry_new ();
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  JsonObject *object;
  JsonNode *coordinates;
  const char *type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("The geometry is not a GeoJSON object."));
      return NULL;
    }

  object = json_node_get_object (node);
  type = bie_json_get_string (object, "type");
  coordinates = json_object_get_member (object, "coordinates");
  if (g_strcmp0 (type, "Polygon") != 0 && g_strcmp0 (type, "MultiPolygon") != 0)
    {
      g_set_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID,
                   _("The geometry is a %s, not a Polygon or a MultiPolygon."),
                   type != NULL ? type : _("object without a type"));
      return NULL;
    }
  if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
    {
      invalid (error, _("The geometry has no coordinates."));
      return NULL;
    }

  if (g_str_equal (type, "Polygon"))
    {
      if (!add_polygon (self, json_node_get_array (coordinates), scratch, error))
        return NULL;
    }
  else
    {
      JsonArray *polygons = json_node_get_array (coordinates);
      guint n = json_array_get_length (polygons);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *polygon = json_array_get_element (polygons, i);

          if (!JSON_NODE_HOLDS_ARRAY (polygon))
            {
              invalid (error, _("A polygon of a MultiPolygon is not a list of rings."));
              return NULL;
            }
          if (!add_polygon (self, json_node_get_array (polygon), scratch, error))
            return NULL;
        }
    }

  if (self->n_polygons == 0)
    {
      invalid (error, _("The geometry has no polygons."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

BieGeometry *
bie_geometry_new_from_geojson (const char  *text,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  return bie_geometry_new_from_json (json_parser_get_root (parser), error);
}

static void
append_ring (GString           *out,
             const BieGeometry *self,
             guint              r)
{
  const BieRingSpan *ring = &self->rings[r];

  g_string_append_c (out, '[');
  for (guint p = 0; p < ring->n_points; p++)
    {
      char lon[G_ASCII_DTOSTR_BUF_SIZE];
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      const double *point = self->coords + 2 * (ring->first_point + p);

      /* Seven decimals: about a centimetre, as the district's layers. */
      g_ascii_formatd (lon, sizeof lon, "%.7f", point[0]);
      g_ascii_formatd (lat, sizeof lat, "%.7f", point[1]);
      g_string_append_printf (out, "%s[%s,%s]", p > 0 ? "," : "", lon, lat);
    }
  g_string_append_c (out, ']');
}

static void
append_polygon (GString           *out,
                const BieGeometry *self,
                guint              i)
{
  const BiePolygonSpan *polygon = &self->polygons[i];

  g_string_append_c (out, '[');
  for (guint r = 0; r < polygon->n_rings; r++)
    {
      if (r > 0)
        g_string_append_c (out, ',');
      append_ring (out, self, polygon->first_ring + r);
    }
  g_string_append_c (out, ']');
}

char *
bie_geometry_to_geojson (const BieGeometry *self)
{
  GString *out = g_string_new (NULL);

  if (self->n_polygons == 1)
    {
      g_string_append (out, "{\"type\":\"Polygon\",\"coordinates\":");
      append_polygon (out, self, 0);
    }
  else
    {
      g_string_append (out, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (guint i = 0; i < self->n_polygons; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_polygon (out, self, i);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

static gboolean
ring_contains (const BieGeometry *self,
               guint              r,
               double             lon,
               double             lat)
{
  const BieRingSpan *ring = &self->rings[r];
  const double *xy = self->coords + 2 * ring->first_point;
  gboolean inside = FALSE;

  for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
    {
      double xi = xy[2 * i], yi = xy[2 * i + 1];
      double xj = xy[2 * j], yj = xy[2 * j + 1];

      if ((yi > lat) != (yj > lat) &&
          lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

gboolean
bie_geometry_contains (const BieGeometry *self,
                       double             lon,
                       double             lat)
{
  gboolean inside = FALSE;

  if (lon < self->min_lon || lon > self->max_lon ||
      lat < self->min_lat || lat > self->max_lat)
    return FALSE;

  for (guint r = 0; r < self->n_rings; r++)
    if (self->rings[r].n_points > 0 && ring_contains (self, r, lon, lat))
      inside = !inside;

  return inside;
}

static double
ring_area (const BieGeometry *self,
           guint              r)
{
  const BieRingSpan *ring = &self->rings[r];
  const double *xy = self->coords + 2 * ring->first_point;
  double area = 0;

  for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
    area += (xy[2 * j] - xy[2 * i]) * (xy[2 * j + 1] + xy[2 * i + 1]);

  return fabs (area) / 2;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The middle of the widest stretch inside the polygon along the horizontal
 * line through the middle of its outer ring: inside by construction, and
 * away from the edges for the shapes sectors have. */
void
bie_geometry_interior_point (const BieGeometry *self,
                             double            *lon,
                             double            *lat)
{
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));
  const BiePolygonSpan *largest = NULL;
  double largest_area = -1;
  double min_lat = INFINITY, max_lat = -INFINITY, y, best = -1;

  *lon = (self->min_lon + self->max_lon) / 2;
  *lat = (self->min_lat + self->max_lat) / 2;

  for (guint i = 0; i < self->n_polygons; i++)
    {
      const BiePolygonSpan *polygon = &self->polygons[i];
      double area;

      if (polygon->n_rings == 0 || self->rings[polygon->first_ring].n_points < 4)
        continue;
      area = ring_area (self, polygon->first_ring);
      if (area > largest_area)
        {
          largest_area = area;
          largest = polygon;
        }
    }
  if (largest == NULL)
    return;

  for (guint p = 0; p < self->rings[largest->first_ring].n_points; p++)
    {
      double v = self->coords[2 * (self->rings[largest->first_ring].first_point + p) + 1];

      min_lat = MIN (min_lat, v);
      max_lat = MAX (max_lat, v);
    }
  /* Off the exact middle, so the line rarely runs through a vertex. */
  y = min_lat + (max_lat - min_lat) * 0.5000037;

  for (guint r = largest->first_ring; r < largest->first_ring + largest->n_rings; r++)
    {
      const BieRingSpan *ring = &self->rings[r];
      const double *xy = self->coords + 2 * ring->first_point;

      for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
        {
          double yi = xy[2 * i + 1], yj = xy[2 * j + 1];

          if ((yi > y) != (yj > y))
            {
              double x = xy[2 * i] + (xy[2 * j] - xy[2 * i]) * (y - yi) / (yj - yi);

              g_array_append_val (crossings, x);
            }
        }
    }

  g_array_sort (crossings, compare_doubles);
  {
    const double *x = (const double *) crossings->data;

    for (guint i = 0; i + 1 < crossings->len; i += 2)
      if (x[i + 1] - x[i] > best)
        {
          best = x[i + 1] - x[i];
          *lon = (x[i] + x[i + 1]) / 2;
          *lat = y;
        }
  }
}
