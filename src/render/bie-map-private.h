/* bie-map-private.h: the sector map's prepared data, shared by its API
 * (bie-map.c), its preparation (bie-map-prepare.c) and its drawing
 * (bie-map-draw.c)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "bie-map.h"
#include "bie-timeline.h"

G_BEGIN_DECLS

#define BIE_MAP_FONT "Cantarell, DejaVu Sans, Sans"

/* Zoom levels are powers of √2: a level's geometry serves every scale
 * within a factor of 2^¼ of it, and is at most that far from its pixels. */
#define BIE_MAP_LEVELS_PER_OCTAVE 2
/* Prepared levels kept: zooming back and forth around one scale or
 * between the city and a localidad reuses them. */
#define BIE_MAP_MAX_LEVELS        4
/* Douglas–Peucker tolerance at a level's scale, in pixels */
#define BIE_MAP_TOLERANCE_PX      0.5
/* Households form clusters in cells of this size on the screen */
#define BIE_MAP_CLUSTER_PX        60.0
/* Households are drawn one by one when they would be this far apart on
 * average, in pixels. */
#define BIE_MAP_POINT_SPACING_PX  6.0

typedef enum
{
  BIE_MAP_FONT_NORMAL,
  BIE_MAP_FONT_BOLD,
  BIE_MAP_FONT_SMALL,
  BIE_MAP_FONT_LABEL,
  BIE_MAP_FONT_TITLE,
  BIE_MAP_N_FONTS,
} BieMapFont;

typedef struct
{
  guint first;
  guint n;
} BieMapSpan;

typedef struct
{
  BieRgba background;
  BieRgba foreground;
  BieRgba sector_edge;
  BieRgba boundary;        /* localidades */
  BieRgba halo;            /* around labels */
  BieRgba neutral;         /* sectors without a theme */
  BieRgba no_data;
  BieRgba hatch;           /* the No-data stripes */
  BieRgba accent;          /* the selection */
  BieRgba panel;           /* the legend's box, the bands */
  BieRgba cluster_fill;
  BieRgba cluster_edge;
  BieRgba point_fill;
  BieRgba point_edge;
} BieMapStyle;

/* A sector as the map needs it: projected bounds, where its label goes. */
typedef struct
{
  double x0, y0, x1, y1;   /* projected bounds */
  double label_x;          /* projected interior point */
  double label_y;
  double area;             /* projected units² */
  int    klass;            /* index in the classes, -1 for no data */
  int    localidad;        /* index in snapshot->localidades, -1 for none */
} BieMapSectorInfo;

typedef struct
{
  double     x0, y0, x1, y1;
  double     label_x;
  double     label_y;
  double     area;
  BieMapSpan lines;        /* into the renderer's outline lines */
} BieMapLocalidadInfo;

/* The geometry of every sector and localidad outline projected and
 * simplified for one zoom level, in pixels of that level from the
 * renderer's origin. */
typedef struct
{
  int         level;
  double      scale;
  guint64     stamp;       /* the frame that used it last */
  GArray     *points;      /* float x, y */
  GArray     *rings;       /* BieMapSpan into points */
  BieMapSpan *sector_rings; /* per sector, into rings */
  GArray     *lines;       /* BieMapSpan into points: pieces of localidad outlines */
  GArray     *line_bounds; /* float x0, y0, x1, y1 of each of lines, level pixels */
  GArray     *edges;       /* BieMapSpan into points: pieces of the renderer's edge lines */
  GArray     *edge_bounds; /* float x0, y0, x1, y1 of each of edges, level pixels */
} BieMapLevel;

struct _BieMapRenderer
{
  BieMapSnapshot      *snapshot;
  BieMapFigures       *figures;
  gboolean             dark;
  BieMapStyle          style;

  /* Projected coordinates are kept from this corner (the snapshot's
   * north-west), so that floats hold them to the millimetre. */
  double               origin_x;
  double               origin_y;
  double               sector_x1;       /* the south-east corner */
  double               sector_y1;

  guint                n_sectors;
  BieMapSectorInfo    *sectors;
  double               sector_height;   /* the median, projected */
  guint                n_localidades;
  BieMapLocalidadInfo *localidades;
  guint               *label_order;     /* localidad indices, largest first */
  GArray              *outline_points;  /* double x, y, projected */
  GArray              *outline_lines;   /* BieMapSpan into outline_points */
  guint               *sector_order;    /* sector indices in Morton order */
  GArray              *edge_points;     /* double x, y, projected */
  GArray              *edge_lines;      /* BieMapSpan: every sector edge once, in Morton order */

  BieMapClass          classes[BIE_MAP_N_CLASSES];
  guint                n_classes;
  guint                n_no_data;

  GPtrArray           *levels;          /* BieMapLevel, at most BIE_MAP_MAX_LEVELS */
  guint64              frame;

  /* Households sorted by the cell of a uniform grid: a cell's points are
   * hh_xy[cell_start[c] .. cell_start[c + 1]). */
  guint                n_households;
  float               *hh_xy;           /* projected, from the origin */
  guint               *hh_index;        /* their index in the snapshot */
  guint               *cell_start;
  double              *cell_sum;        /* per cell: the sum of its x and of its y */
  float               *cell_box;        /* per cell: the bounds of its households */
  guint                grid_nx;
  guint                grid_ny;
  double               grid_x0;         /* projected, from the origin */
  double               grid_y0;
  double               grid_cell;       /* projected */
  double               hh_density;      /* households per projected unit² */
  gint64               found_household; /* the last selected household looked up */
  guint                found_household_k;  /* its place in hh_xy, or G_MAXUINT */

  PangoContext        *context;
  double               text_scale;
  PangoFontDescription *fonts[BIE_MAP_N_FONTS];
  GHashTable          *texts;           /* "font:text" → PangoLayout */
  GHashTable          *rasters;         /* "font:text" → cairo_surface_t, halo included */
  cairo_pattern_t     *hatch;
};

/* One frame being drawn. */
typedef struct
{
  BieMapRenderer          *self;
  cairo_t                 *cr;
  const BieMapView        *view;
  const BieMapDrawOptions *options;
  const BieMapStyle       *style;
  BieMapLevel             *level;
  double                   k;          /* screen pixels per level pixel */
  double                   tx;         /* the screen point of the level's origin */
  double                   ty;
  double                   x0, y0, x1, y1;  /* projected, in view */
  double                   ts;         /* text scale */
  gboolean                 raster;     /* an image surface, untransformed */
  GArray                  *visible;    /* guint: sectors in view */
  GArray                  *boxes;      /* cairo_rectangle_t taken on the screen */
} BieMapFrame;


/* Where the marks that stay put on the screen go in one frame. */
typedef struct
{
  double            header_h;
  double            footer_h;
  cairo_rectangle_t legend;
  cairo_rectangle_t scale_bar;
  cairo_rectangle_t north;
  double            bar_px;
  char              bar_text[32];
} BieMapOverlay;

static inline void
bie_map_set_colour (cairo_t       *cr,
                    const BieRgba *colour,
                    double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

/* bie-map-prepare.c */
void         bie_map_renderer_prepare_territory  (BieMapRenderer         *self);
void         bie_map_renderer_prepare_households (BieMapRenderer         *self);
int          bie_map_level_for_scale             (double                  scale);
BieMapLevel *bie_map_renderer_get_level          (BieMapRenderer         *self,
                                                  double                  scale);
void         bie_map_level_free                  (BieMapLevel            *level);
guint        bie_map_simplify_ring               (const double           *xy,
                                                  guint                   n,
                                                  double                  tolerance,
                                                  gboolean                closed,
                                                  GArray                 *out);
gboolean     bie_map_ring_self_intersects        (const float            *xy,
                                                  guint                   n);
void         bie_map_renderer_visible_cells      (BieMapRenderer         *self,
                                                  double                  x0,
                                                  double                  y0,
                                                  double                  x1,
                                                  double                  y1,
                                                  guint                  *cx0,
                                                  guint                  *cy0,
                                                  guint                  *cx1,
                                                  guint                  *cy1);

/* bie-map.c */
void         bie_map_view_visible_rect           (const BieMapView       *view,
                                                  double                 *x0,
                                                  double                 *y0,
                                                  double                 *x1,
                                                  double                 *y1);
double       bie_map_cluster_radius              (guint                   count,
                                                  double                  text_scale);
void         bie_map_renderer_collect_clusters   (BieMapRenderer         *self,
                                                  const BieMapView       *view,
                                                  double                  text_scale,
                                                  GArray                 *clusters);

/* bie-map-draw.c */
void         bie_map_frame_fill_no_data          (BieMapFrame            *frame);

/* bie-map-labels.c */
PangoLayout *bie_map_renderer_get_text           (BieMapRenderer         *self,
                                                  BieMapFont              font,
                                                  const char             *text,
                                                  double                  width);
void         bie_map_renderer_set_text_scale     (BieMapRenderer         *self,
                                                  double                  text_scale);
void         bie_map_renderer_clear_text         (BieMapRenderer         *self);
void         bie_map_frame_draw_text             (BieMapFrame            *frame,
                                                  PangoLayout            *layout,
                                                  const BieRgba          *colour,
                                                  double                  x,
                                                  double                  y);
void         bie_map_frame_paint_text            (BieMapFrame            *frame,
                                                  BieMapFont              font,
                                                  const char             *text,
                                                  double                  x,
                                                  double                  y,
                                                  gboolean                halo);
void         bie_map_frame_layout_overlay        (BieMapFrame            *frame,
                                                  BieMapOverlay          *overlay);
void         bie_map_frame_draw_labels           (BieMapFrame            *frame);
void         bie_map_frame_draw_overlay          (BieMapFrame            *frame,
                                                  const BieMapOverlay    *overlay);

G_END_DECLS
