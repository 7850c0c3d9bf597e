/* bie-geo-layer.h: a GeoJSON layer of the territory, read and judged
 *
 * The district publishes its territory (localidades, cadastral sectors,
 * UPZ) as GeoJSON FeatureCollections in longitude/latitude. A layer is
 * such a file read into memory and checked, feature by feature: what can
 * be imported, and what cannot and why, in words a coordinator
 * understands. A file that cannot be a layer at all (not JSON, cut off,
 * not a FeatureCollection, too large, nothing usable) is refused whole.
 *
 * GLib and json-glib only: the store applies a layer (bie-store-geo.h).
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bie-geometry.h"

G_BEGIN_DECLS

/* The largest file a layer is read from: the district's whole sector layer
 * is a few megabytes; a file far larger is not a layer of the city. */
#define BIE_GEO_LAYER_MAX_SIZE (100 * 1000 * 1000)

#define BIE_GEO_ERROR (bie_geo_error_quark ())

typedef enum
{
  BIE_GEO_ERROR_NOT_JSON,      /* not JSON, or cut off */
  BIE_GEO_ERROR_NOT_GEOJSON,   /* JSON, but not a GeoJSON FeatureCollection */
  BIE_GEO_ERROR_TOO_LARGE,
  BIE_GEO_ERROR_COORDINATES,   /* declared in a system other than longitude/latitude */
  BIE_GEO_ERROR_EMPTY,         /* a FeatureCollection without features */
  BIE_GEO_ERROR_NOTHING_USABLE,/* every feature has a problem */
  BIE_GEO_ERROR_FAILED,        /* the file could not be read */
} BieGeoError;

GQuark bie_geo_error_quark (void);

/* One feature that is not imported, and why. */
typedef struct
{
  guint  index;     /* position in the file, from 0; shown from 1 */
  char  *code;      /* (nullable) its code, when it has one */
  char  *reason;    /* a sentence in the user's language */
} BieGeoProblem;

BieGeoProblem *bie_geo_problem_new      (guint                index,
                                         const char          *code,
                                         const char          *reason);
BieGeoProblem *bie_geo_problem_copy     (const BieGeoProblem *problem);
void           bie_geo_problem_free     (BieGeoProblem       *problem);
char          *bie_geo_problem_describe (const BieGeoProblem *problem);

/* One usable feature: a code and a valid Polygon or MultiPolygon. */
typedef struct
{
  guint        index;       /* position in the file, from 0 */
  char        *code;
  char        *name;        /* (nullable) from the name property */
  BieGeometry *geometry;
  JsonObject  *properties;  /* (nullable) all of them, as in the file */
} BieGeoFeature;

typedef struct
{
  char      *display_name;  /* the file's name, for messages */
  char      *code_property;
  char      *name_property; /* (nullable) */
  guint      n_read;        /* features in the file */
  GPtrArray *features;      /* BieGeoFeature: the usable ones, in file order */
  GPtrArray *problems;      /* BieGeoProblem: the others, in file order */
} BieGeoLayer;

BieGeoLayer *bie_geo_layer_load           (const char    *path,
                                           const char    *code_property,
                                           const char    *name_property,
                                           GCancellable  *cancellable,
                                           GError       **error);
BieGeoLayer *bie_geo_layer_load_from_data (const char    *data,
                                           gssize         length,
                                           const char    *display_name,
                                           const char    *code_property,
                                           const char    *name_property,
                                           GCancellable  *cancellable,
                                           GError       **error);
void         bie_geo_layer_free           (BieGeoLayer   *layer);

/* Why the rings of @geometry are not a valid boundary (too few points,
 * not closed, coordinates that are not longitude/latitude, a ring that
 * crosses itself), or %NULL when they are. */
char        *bie_geo_layer_check_geometry (const BieGeometry *geometry);

/* The property names of a layer's first features, to choose its code and
 * name properties from before loading it. */
GStrv        bie_geo_layer_peek_properties (const char    *path,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieGeoProblem, bie_geo_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieGeoLayer, bie_geo_layer_free)

G_END_DECLS
