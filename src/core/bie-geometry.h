/* bie-geometry.h: polygons of the territory, in WGS84 longitude/latitude
 *
 * A BieGeometry is a Polygon or a MultiPolygon held in flat arrays, the
 * shape every sector, localidad and imported feature takes in memory: what
 * the store reads from GeoJSON text, what the map renderer projects and
 * what the import validates. It knows nothing of the store or of drawing.
 *
 * Layout: polygons[i] gives the first ring of polygon i and how many rings
 * it has (the first is the outer ring, the others holes); rings[r] gives
 * the first point of ring r and how many points it has, the ring closed
 * (its last point repeats its first); coords holds lon, lat pairs.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint first_ring;
  guint n_rings;
} BiePolygonSpan;

typedef struct
{
  guint first_point;
  guint n_points;
} BieRingSpan;

typedef struct
{
  guint           n_polygons;
  BiePolygonSpan *polygons;
  guint           n_rings;
  BieRingSpan    *rings;
  guint           n_points;
  double         *coords;     /* lon, lat, lon, lat, ... */
  double          min_lon, min_lat, max_lon, max_lat;
} BieGeometry;

/* Building: rings are added to the polygon begun last; points are copied. */
BieGeometry *bie_geometry_new              (void);
void         bie_geometry_begin_polygon    (BieGeometry   *self);
void         bie_geometry_add_ring         (BieGeometry   *self,
                                            const double  *lon_lat,
                                            guint          n_points);
BieGeometry *bie_geometry_copy             (const BieGeometry *self);
void         bie_geometry_free             (BieGeometry   *self);

/* GeoJSON geometry objects of type Polygon or MultiPolygon. Parsing checks
 * the structure only (arrays of arrays of numeric pairs); what is wrong
 * with the numbers (ranges, closure, crossings) is the import's to judge. */
BieGeometry *bie_geometry_new_from_json    (JsonNode      *node,
                                            GError       **error);
BieGeometry *bie_geometry_new_from_geojson (const char    *text,
                                            GError       **error);
char        *bie_geometry_to_geojson       (const BieGeometry *self);

/* Even-odd rule over every ring: inside the outer ring and not in a hole. */
gboolean     bie_geometry_contains         (const BieGeometry *self,
                                            double         lon,
                                            double         lat);
/* A point inside the geometry (inside its largest polygon, outside its
 * holes); the centre of the bounds when no point inside is found. */
void         bie_geometry_interior_point   (const BieGeometry *self,
                                            double        *lon,
                                            double        *lat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieGeometry, bie_geometry_free)

G_END_DECLS
