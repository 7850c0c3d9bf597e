/* bie-map.c: the sector map: projection, views, classes and hit testing
 *
 * A renderer holds one snapshot and what was prepared from it (see
 * bie-map-prepare.c), the figures of one theme sorted into classes, and
 * answers what is under a point of the screen. The drawing is in
 * bie-map-draw.c. A renderer is used from one thread at a time.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "bie-map-private.h"

/* Projection */

/**
 * bie_map_project:
 *
 * Projects WGS84 @lon, @lat to the map's plane: x = lon · cos 4.6°,
 * y = −lat, in projected units (degrees of latitude). See bie-map.h.
 */
void
bie_map_project (double  lon,
                 double  lat,
                 double *x,
                 double *y)
{
  *x = lon * BIE_MAP_COS_LAT0;
  *y = -lat;
}

/**
 * bie_map_unproject:
 *
 * The exact inverse of bie_map_project().
 */
void
bie_map_unproject (double  x,
                   double  y,
                   double *lon,
                   double *lat)
{
  *lon = x / BIE_MAP_COS_LAT0;
  *lat = -y;
}

/* Views */

/**
 * bie_map_view_fit:
 *
 * Shows the box from @min_lon, @min_lat to @max_lon, @max_lat whole and
 * centred, @margin_px from the nearer edges of a @width × @height view.
 */
void
bie_map_view_fit (BieMapView *view,
                  double      min_lon,
                  double      min_lat,
                  double      max_lon,
                  double      max_lat,
                  int         width,
                  int         height,
                  double      margin_px)
{
  double x0, y0, x1, y1, w, h;

  g_return_if_fail (view != NULL);

  bie_map_project (min_lon, max_lat, &x0, &y0);
  bie_map_project (max_lon, min_lat, &x1, &y1);
  view->width = MAX (width, 1);
  view->height = MAX (height, 1);
  view->center_x = (x0 + x1) / 2;
  view->center_y = (y0 + y1) / 2;
  w = MAX (1, view->width - 2 * margin_px);
  h = MAX (1, view->height - 2 * margin_px);

  if (!(x1 > x0) && !(y1 > y0))
    view->scale = BIE_MAP_MAX_SCALE / 4;
  else
    view->scale = MIN (x1 > x0 ? w / (x1 - x0) : INFINITY, y1 > y0 ? h / (y1 - y0) : INFINITY);
  view->scale = MIN (view->scale, BIE_MAP_MAX_SCALE);
}

void
bie_map_view_to_screen (const BieMapView *view,
                        double            lon,
                        double            lat,
                        double           *sx,
                        double           *sy)
{
  double x, y;

  bie_map_project (lon, lat, &x, &y);
  *sx = (x - view->center_x) * view->scale + view->width / 2.0;
  *sy = (y - view->center_y) * view->scale + view->height / 2.0;
}

void
bie_map_view_from_screen (const BieMapView *view,
                          double            sx,
                          double            sy,
                          double           *lon,
                          double           *lat)
{
  bie_map_unproject (view->center_x + (sx - view->width / 2.0) / view->scale,
                     view->center_y + (sy - view->height / 2.0) / view->scale,
                     lon, lat);
}

/**
 * bie_map_view_get_min_scale:
 *
 * The least zoom: Bogotá's urban area (BIE_MAP_CITY_*) a quarter of the
 * view, half its width or half its height.
 */
double
bie_map_view_get_min_scale (const BieMapView *view)
{
  double x0, y0, x1, y1;

  bie_map_project (BIE_MAP_CITY_MIN_LON, BIE_MAP_CITY_MAX_LAT, &x0, &y0);
  bie_map_project (BIE_MAP_CITY_MAX_LON, BIE_MAP_CITY_MIN_LAT, &x1, &y1);

  return MIN (MAX (view->width, 1) / 2.0 / (x1 - x0), MAX (view->height, 1) / 2.0 / (y1 - y0));
}

/**
 * bie_map_view_zoom_at:
 *
 * Zooms by @factor around the screen point @sx, @sy, which stays over the
 * same place; the scale stays between bie_map_view_get_min_scale() and
 * BIE_MAP_MAX_SCALE.
 */
void
bie_map_view_zoom_at (BieMapView *view,
                      double      factor,
                      double      sx,
                      double      sy)
{
  double px, py, scale;

  g_return_if_fail (view != NULL);
  g_return_if_fail (factor > 0);

  px = view->center_x + (sx - view->width / 2.0) / view->scale;
  py = view->center_y + (sy - view->height / 2.0) / view->scale;
  scale = CLAMP (view->scale * factor, MIN (bie_map_view_get_min_scale (view), view->scale), BIE_MAP_MAX_SCALE);
  view->scale = scale;
  view->center_x = px - (sx - view->width / 2.0) / scale;
  view->center_y = py - (sy - view->height / 2.0) / scale;
}

/**
 * bie_map_view_pan:
 *
 * Moves the map by @dx_px, @dy_px on the screen, as a drag does.
 */
void
bie_map_view_pan (BieMapView *view,
                  double      dx_px,
                  double      dy_px)
{
  g_return_if_fail (view != NULL);

  view->center_x -= dx_px / view->scale;
  view->center_y -= dy_px / view->scale;
}

double
bie_map_view_metres_per_pixel (const BieMapView *view)
{
  return BIE_MAP_METRES_PER_UNIT / view->scale;
}

/* The projected rectangle in view. */
void
bie_map_view_visible_rect (const BieMapView *view,
                           double           *x0,
                           double           *y0,
                           double           *x1,
                           double           *y1)
{
  *x0 = view->center_x - view->width / 2.0 / view->scale;
  *x1 = view->center_x + view->width / 2.0 / view->scale;
  *y0 = view->center_y - view->height / 2.0 / view->scale;
  *y1 = view->center_y + view->height / 2.0 / view->scale;
}

void
bie_map_draw_options_init (BieMapDrawOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (BieMapDrawOptions) {
    .show_legend = TRUE,
    .show_scale_bar = TRUE,
    .show_north_arrow = TRUE,
    .show_households = TRUE,
    .show_labels = TRUE,
    .text_scale = 1,
  };
}

/* Styles */

static BieRgba
rgb (guint32 hex)
{
  return (BieRgba) { ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0, 1.0 };
}

/* Five steps of viridis, from its dark purple to its yellow: they differ
 * in lightness step by step, so the order reads in grey and to people who
 * tell hues apart poorly. */
static const guint32 viridis[BIE_MAP_N_CLASSES] = { 0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725 };

static void
style_init (BieMapStyle *style,
            gboolean     dark)
{
  if (!dark)
    {
      style->background = rgb (0xffffff);
      style->foreground = rgb (0x1e1e1e);
      style->sector_edge = rgb (0xffffff);
      style->boundary = rgb (0x241f31);
      style->halo = rgb (0xffffff);
      style->neutral = rgb (0xdeddda);
      style->no_data = rgb (0xdcdcdc);
      style->hatch = rgb (0x8f8f8f);
      style->accent = rgb (0x1c71d8);
      style->panel = rgb (0xffffff);
      style->cluster_fill = rgb (0xffffff);
      style->cluster_edge = rgb (0x241f31);
      style->point_fill = rgb (0x241f31);
      style->point_edge = rgb (0xffffff);
    }
  else
    {
      style->background = rgb (0x242424);
      style->foreground = rgb (0xffffff);
      style->sector_edge = rgb (0x242424);
      style->boundary = rgb (0xf6f5f4);
      style->halo = rgb (0x242424);
      style->neutral = rgb (0x5e5c64);
      style->no_data = rgb (0xb0b0b0);
      style->hatch = rgb (0x6a6a6a);
      style->accent = rgb (0x78aeed);
      style->panel = rgb (0x303030);
      style->cluster_fill = rgb (0x303030);
      style->cluster_edge = rgb (0xf6f5f4);
      style->point_fill = rgb (0xf6f5f4);
      style->point_edge = rgb (0x242424);
    }
}

/* Renderer */

/**
 * bie_map_renderer_new:
 * @snapshot: the territory; the renderer keeps a reference
 *
 * Prepares what every frame of @snapshot needs: projected bounds, label
 * points, localidad outlines and the households' grid.
 */
BieMapRenderer *
bie_map_renderer_new (BieMapSnapshot *snapshot)
{
  BieMapRenderer *self;

  g_return_val_if_fail (snapshot != NULL, NULL);

  self = g_new0 (BieMapRenderer, 1);
  self->snapshot = bie_map_snapshot_ref (snapshot);
  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_map_level_free);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->rasters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cairo_surface_destroy);
  style_init (&self->style, FALSE);
  bie_map_renderer_prepare_territory (self);
  bie_map_renderer_prepare_households (self);

  return self;
}

void
bie_map_renderer_free (BieMapRenderer *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_classes; i++)
    g_free (self->classes[i].label);
  bie_map_renderer_clear_text (self);
  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->rasters);
  g_clear_object (&self->context);
  g_clear_pointer (&self->hatch, cairo_pattern_destroy);
  g_ptr_array_unref (self->levels);
  g_array_unref (self->outline_points);
  g_array_unref (self->outline_lines);
  g_array_unref (self->edge_points);
  g_array_unref (self->edge_lines);
  g_free (self->sector_order);
  g_free (self->sectors);
  g_free (self->localidades);
  g_free (self->label_order);
  g_free (self->hh_xy);
  g_free (self->hh_index);
  g_free (self->cell_start);
  g_free (self->cell_sum);
  g_free (self->cell_box);
  bie_map_figures_free (self->figures);
  bie_map_snapshot_unref (self->snapshot);
  g_free (self);
}

BieMapSnapshot *
bie_map_renderer_get_snapshot (BieMapRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->snapshot;
}

/**
 * bie_map_renderer_set_dark:
 *
 * Light marks on libadwaita's dark window colour, or dark marks on white.
 * The class colours stay the same: a theme reads the same in both.
 */
void
bie_map_renderer_set_dark (BieMapRenderer *self,
                           gboolean        dark)
{
  g_return_if_fail (self != NULL);

  if (self->dark == !!dark)
    return;
  self->dark = !!dark;
  style_init (&self->style, self->dark);
  g_clear_pointer (&self->hatch, cairo_pattern_destroy);
  g_hash_table_remove_all (self->rasters);
}

/* Classes */

/* The 1, 2 or 5 times a power of ten at or above @x. */
static double
nice_ceil (double x)
{
  double e, f;

  if (!(x > 0))
    return 1;
  e = pow (10, floor (log10 (x)));
  f = x / e;

  return (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * e;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Quantile breaks, so a class holds about a fifth of the sectors, each
 * rounded so its bounds are numbers people say ("10–15"): to a tenth of
 * the spread of the middle classes, not of the whole range, which one
 * sector far out would widen; finer when rounding would merge two
 * breaks. FALSE when no rounding keeps them apart. */
static gboolean
quantile_breaks (const double *values,
                 guint         n,
                 guint         n_classes,
                 double       *breaks,
                 double       *unit)
{
  double lo = values[0], hi = values[n - 1];
  double q_low = values[n / n_classes];
  double q_high = values[(n_classes - 1) * n / n_classes];
  double spread = q_high > q_low ? q_high - q_low : hi - lo;

  for (*unit = nice_ceil (spread / 10); *unit > spread / 1000; *unit = nice_ceil (*unit / 2.5))
    {
      gboolean apart = TRUE;

      breaks[0] = floor (lo / *unit) * *unit;
      breaks[n_classes] = MAX (ceil (hi / *unit) * *unit, breaks[0] + *unit);
      for (guint k = 1; k < n_classes; k++)
        breaks[k] = round (values[k * n / n_classes] / *unit) * *unit;
      for (guint k = 0; k < n_classes; k++)
        apart &= breaks[k] < breaks[k + 1];
      if (apart)
        return TRUE;
    }

  return FALSE;
}

/* Equal classes of a nice width from a multiple of it. */
static void
equal_breaks (double  lo,
              double  hi,
              guint   n_classes,
              double *breaks,
              double *unit)
{
  double step = nice_ceil ((hi > lo ? hi - lo : MAX (fabs (lo), 1)) / n_classes);
  double first;

  for (;;)
    {
      first = floor (lo / step) * step;
      if (first + n_classes * step >= hi)
        break;
      step = nice_ceil (step * 1.01);
    }
  for (guint k = 0; k <= n_classes; k++)
    breaks[k] = first + k * step;
  *unit = step;
}

/* The decimals a label shows for values of @unit. */
static int
label_decimals (double unit)
{
  return unit >= 1 ? 0 : (int) MIN (3, ceil (-log10 (unit) - 1e-9));
}

/* @value, the least above zero, rounded down as a label shows it, and
 * still above zero. */
static double
least_above_zero (double value,
                  double unit)
{
  for (int decimals = label_decimals (unit); decimals <= 3; decimals++)
    {
      double p = pow (10, decimals), lower = floor (value * p) / p;

      if (lower > 0)
        return lower;
    }

  return value;
}

static char *
format_range (double lower,
              double upper,
              double unit)
{
  int decimals = label_decimals (unit);

  /* TRANSLATORS: a class of the map's legend, from one value to another */
  return g_strdup_printf (C_("map legend", "%.*f–%.*f"), decimals, lower, decimals, upper);
}

static void
compute_classes (BieMapRenderer *self)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  double breaks[BIE_MAP_N_CLASSES + 1], unit;
  const double *above;
  guint distinct = 0, zeros = 0, first, n_above;
  gboolean zero_class;

  for (guint i = 0; i < self->n_classes; i++)
    g_clear_pointer (&self->classes[i].label, g_free);
  self->n_classes = 0;
  self->n_no_data = 0;
  for (guint s = 0; s < self->n_sectors; s++)
    self->sectors[s].klass = -1;

  if (self->figures == NULL)
    return;

  for (guint s = 0; s < self->n_sectors; s++)
    if (isfinite (self->figures->values[s]))
      g_array_append_val (values, self->figures->values[s]);
  self->n_no_data = self->n_sectors - values->len;
  if (values->len == 0)
    return;

  g_array_sort (values, compare_doubles);

  /* Many sectors at zero (a rare risk): zero is a class of its own, and
   * the sectors above it share the other four. */
  while (zeros < values->len && g_array_index (values, double, zeros) == 0)
    zeros++;
  zero_class = zeros * BIE_MAP_N_CLASSES >= 2 * values->len && zeros < values->len;
  first = zero_class ? 1 : 0;
  above = (const double *) values->data + zeros * first;
  n_above = values->len - zeros * first;
  for (guint i = 0; i < n_above; i++)
    if (i == 0 || above[i] != above[i - 1])
      distinct++;

  /* Quantiles mean something with many different values; with few,
   * equal intervals show the values as they are. */
  if (distinct < 2 * (BIE_MAP_N_CLASSES - first) ||
      !quantile_breaks (above, n_above, BIE_MAP_N_CLASSES - first, breaks + first, &unit))
    equal_breaks (above[0], above[n_above - 1], BIE_MAP_N_CLASSES - first, breaks + first, &unit);
  if (zero_class)
    {
      /* Above zero, from the least value shown as precisely as the
       * labels show values. */
      double least = least_above_zero (above[0], unit);

      breaks[0] = 0;
      if (least < breaks[2])
        breaks[1] = least;
    }

  self->n_classes = BIE_MAP_N_CLASSES;
  for (guint k = 0; k < BIE_MAP_N_CLASSES; k++)
    {
      BieMapClass *klass = &self->classes[k];
      /* Worse is always the dark purple end. */
      guint step = self->figures->higher_is_better ? k : BIE_MAP_N_CLASSES - 1 - k;
      BieRgba colour = rgb (viridis[step]);

      klass->lower = breaks[k];
      klass->upper = zero_class && k == 0 ? 0 : breaks[k + 1];
      klass->red = colour.red;
      klass->green = colour.green;
      klass->blue = colour.blue;
      klass->n_sectors = 0;
      klass->label = zero_class && k == 0 ? g_strdup ("0") : format_range (klass->lower, klass->upper, unit);
    }

  for (guint s = 0; s < self->n_sectors; s++)
    {
      double v = self->figures->values[s];
      int k = 0;

      if (!isfinite (v))
        continue;
      if (zero_class && v != 0)
        k = 1;
      while ((!zero_class || v != 0) && k + 1 < BIE_MAP_N_CLASSES && v >= self->classes[k + 1].lower)
        k++;
      self->sectors[s].klass = k;
      self->classes[k].n_sectors++;
    }
}

/**
 * bie_map_renderer_set_figures:
 * @figures: (transfer full) (nullable): one value per sector of the
 *   snapshot, or %NULL for the territory alone
 *
 * Sorts the sectors into five classes for the theme.
 */
void
bie_map_renderer_set_figures (BieMapRenderer *self,
                              BieMapFigures  *figures)
{
  g_return_if_fail (self != NULL);

  if (figures != NULL && figures->n_values != self->n_sectors)
    {
      g_critical ("Figures for %u sectors given to a map of %u", figures->n_values, self->n_sectors);
      bie_map_figures_free (figures);
      figures = NULL;
    }

  g_clear_pointer (&self->figures, bie_map_figures_free);
  self->figures = figures;
  compute_classes (self);
}

const BieMapFigures *
bie_map_renderer_get_figures (BieMapRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->figures;
}

/**
 * bie_map_renderer_get_classes:
 * @n_classes: (out): 5 with figures that have a value, else 0
 *
 * Returns: (transfer none): the classes, lowest values first
 */
const BieMapClass *
bie_map_renderer_get_classes (BieMapRenderer *self,
                              guint          *n_classes)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_classes != NULL)
    *n_classes = self->n_classes;

  return self->classes;
}

/**
 * bie_map_renderer_class_of:
 *
 * Returns: the class of the sector at @sector_index of the snapshot, or
 *   -1 when it has no data (or there are no figures)
 */
int
bie_map_renderer_class_of (BieMapRenderer *self,
                           guint           sector_index)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (sector_index < self->n_sectors, -1);

  return self->sectors[sector_index].klass;
}

guint
bie_map_renderer_get_n_no_data (BieMapRenderer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_no_data;
}

/* The colour under the No-data hatch. */
void
bie_map_renderer_get_no_data_colour (BieMapRenderer *self,
                                     double         *red,
                                     double         *green,
                                     double         *blue)
{
  g_return_if_fail (self != NULL);

  *red = self->style.no_data.red;
  *green = self->style.no_data.green;
  *blue = self->style.no_data.blue;
}
