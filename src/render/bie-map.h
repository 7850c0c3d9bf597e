/* bie-map.h: the sector map, drawn from a snapshot of the territory
 *
 * A choropleth of Bogotá's sectors for one theme (BieMapFigures), with
 * localidad boundaries, the households as points or clusters, a legend, a
 * scale bar and a north arrow. Pure Cairo and Pango: the same drawing
 * serves the widget, printing, PNG/PDF/SVG export and the tests.
 *
 * Projection. Points are projected with a local equirectangular fit to
 * Bogotá: x = lon · cos(4.6°), y = −lat (screen y runs down), in
 * "projected degrees" (one unit is a degree of latitude, 111.32 km). At
 * 4.6° N the city spans about 0.4° of latitude, so the scale error of an
 * equirectangular projection fitted at the city's centre latitude stays
 * under 0.1 % across the city: at this scale the map is as good as
 * conformal, a point needs no trigonometry (one multiplication) and the
 * inverse is exact. Web Mercator would only add a nearly constant factor
 * (1/cos 4.6°) over so small a band of latitudes.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "bie-map-snapshot.h"

G_BEGIN_DECLS

/* cos (4.6°): the latitude of Bogotá's centre */
#define BIE_MAP_COS_LAT0        0.9967788784562471
/* Metres in one projected unit (one degree of latitude) */
#define BIE_MAP_METRES_PER_UNIT 111320.0
/* The most a view zooms in: a pixel for half a metre */
#define BIE_MAP_MAX_SCALE       (BIE_MAP_METRES_PER_UNIT / 0.5)

/* Bogotá's urban area, which bie_map_view_zoom_at() keeps at least a
 * quarter of the view wide when zoomed out. */
#define BIE_MAP_CITY_MIN_LON    (-74.23)
#define BIE_MAP_CITY_MIN_LAT    4.45
#define BIE_MAP_CITY_MAX_LON    (-73.99)
#define BIE_MAP_CITY_MAX_LAT    4.84

#define BIE_MAP_N_CLASSES       5

/* What part of the map shows: the projected point at the centre of the
 * view, and pixels per projected unit. */
typedef struct
{
  double center_x;
  double center_y;
  double scale;      /* pixels per projected unit */
  int    width;
  int    height;
} BieMapView;

/* One class of the legend: values in [lower, upper) (the last class also
 * holds upper). */
typedef struct
{
  double  lower;
  double  upper;
  double  red;
  double  green;
  double  blue;
  guint   n_sectors;
  char   *label;     /* "10–20" */
} BieMapClass;

/* What a frame shows besides the sectors. Ids are row ids, 0 for none. */
typedef struct
{
  gint64      highlighted_sector;   /* under the pointer */
  gint64      selected_sector;
  gint64      focused_sector;       /* keyboard focus: a dashed ring */
  gint64      selected_household;   /* a marked point, at any zoom */
  gboolean    show_legend;
  gboolean    show_scale_bar;
  gboolean    show_north_arrow;
  gboolean    show_households;
  gboolean    show_labels;          /* localidad names, sector codes when zoomed in */
  double      text_scale;           /* 1: 12 px text, the rest follows; 0 counts as 1 */
  /* For exported images: a header band (title, subtitle) and a footer
   * band (source note), each drawn only when set. */
  const char *title;
  const char *subtitle;
  const char *source_note;
} BieMapDrawOptions;

/* A cluster of households as drawn at a low zoom. */
typedef struct
{
  double x;          /* its circle on the screen */
  double y;
  double radius;
  guint  count;
  double min_lon;    /* the bounds of its households */
  double min_lat;
  double max_lon;
  double max_lat;
} BieMapCluster;

typedef struct _BieMapRenderer BieMapRenderer;

void            bie_map_project                 (double                   lon,
                                                 double                   lat,
                                                 double                  *x,
                                                 double                  *y);
void            bie_map_unproject               (double                   x,
                                                 double                   y,
                                                 double                  *lon,
                                                 double                  *lat);

void            bie_map_view_fit                (BieMapView              *view,
                                                 double                   min_lon,
                                                 double                   min_lat,
                                                 double                   max_lon,
                                                 double                   max_lat,
                                                 int                      width,
                                                 int                      height,
                                                 double                   margin_px);
void            bie_map_view_to_screen          (const BieMapView        *view,
                                                 double                   lon,
                                                 double                   lat,
                                                 double                  *sx,
                                                 double                  *sy);
void            bie_map_view_from_screen        (const BieMapView        *view,
                                                 double                   sx,
                                                 double                   sy,
                                                 double                  *lon,
                                                 double                  *lat);
void            bie_map_view_zoom_at            (BieMapView              *view,
                                                 double                   factor,
                                                 double                   sx,
                                                 double                   sy);
void            bie_map_view_pan                (BieMapView              *view,
                                                 double                   dx_px,
                                                 double                   dy_px);
double          bie_map_view_get_min_scale      (const BieMapView        *view);
double          bie_map_view_metres_per_pixel   (const BieMapView        *view);

void            bie_map_draw_options_init       (BieMapDrawOptions       *options);

BieMapRenderer *bie_map_renderer_new            (BieMapSnapshot          *snapshot);
void            bie_map_renderer_free           (BieMapRenderer          *self);
BieMapSnapshot *bie_map_renderer_get_snapshot   (BieMapRenderer          *self);
void            bie_map_renderer_set_figures    (BieMapRenderer          *self,
                                                 BieMapFigures           *figures);
const BieMapFigures *
                bie_map_renderer_get_figures    (BieMapRenderer          *self);
void            bie_map_renderer_set_dark       (BieMapRenderer          *self,
                                                 gboolean                 dark);
void            bie_map_renderer_draw           (BieMapRenderer          *self,
                                                 cairo_t                 *cr,
                                                 const BieMapView        *view,
                                                 const BieMapDrawOptions *options);

const BieMapClass *
                bie_map_renderer_get_classes    (BieMapRenderer          *self,
                                                 guint                   *n_classes);
int             bie_map_renderer_class_of       (BieMapRenderer          *self,
                                                 guint                    sector_index);
guint           bie_map_renderer_get_n_no_data  (BieMapRenderer          *self);
void            bie_map_renderer_get_no_data_colour (BieMapRenderer      *self,
                                                 double                  *red,
                                                 double                  *green,
                                                 double                  *blue);

gint64          bie_map_renderer_sector_at      (BieMapRenderer          *self,
                                                 const BieMapView        *view,
                                                 double                   sx,
                                                 double                   sy);
gboolean        bie_map_renderer_households_as_points (BieMapRenderer    *self,
                                                 const BieMapView        *view);
gint64          bie_map_renderer_household_at   (BieMapRenderer          *self,
                                                 const BieMapView        *view,
                                                 double                   sx,
                                                 double                   sy,
                                                 double                   radius_px);
gboolean        bie_map_renderer_cluster_at     (BieMapRenderer          *self,
                                                 const BieMapView        *view,
                                                 double                   sx,
                                                 double                   sy,
                                                 guint                   *count,
                                                 double                  *min_lon,
                                                 double                  *min_lat,
                                                 double                  *max_lon,
                                                 double                  *max_lat);
guint           bie_map_renderer_count_households_in_view (BieMapRenderer *self,
                                                 const BieMapView        *view);
GArray         *bie_map_renderer_get_clusters_in_view (BieMapRenderer    *self,
                                                 const BieMapView        *view);
GArray         *bie_map_renderer_sectors_in_view (BieMapRenderer         *self,
                                                 const BieMapView        *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieMapRenderer, bie_map_renderer_free)

G_END_DECLS
