/* test-map.c: the sector map, drawn into image surfaces
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bie-map.h"
#include "bie-map-private.h"

#define WIDTH  640
#define HEIGHT 480

/* A little territory in Bogotá, in degrees from (LON0, LAT0). */
#define LON0 (-74.10)
#define LAT0 4.60
#define D    0.01

typedef struct
{
  guint8 r, g, b;
} Pixel;

/* A closed ring of a rectangle from the territory's grid, counter-clockwise. */
static void
add_box (BieGeometry *geometry,
         double       x0,
         double       y0,
         double       x1,
         double       y1)
{
  double ring[] = {
    LON0 + x0 * D, LAT0 + y0 * D, LON0 + x1 * D, LAT0 + y0 * D,
    LON0 + x1 * D, LAT0 + y1 * D, LON0 + x0 * D, LAT0 + y1 * D,
    LON0 + x0 * D, LAT0 + y0 * D,
  };

  bie_geometry_add_ring (geometry, ring, 5);
}

static BieGeometry *
box (double x0,
     double y0,
     double x1,
     double y1)
{
  BieGeometry *geometry = bie_geometry_new ();

  bie_geometry_begin_polygon (geometry);
  add_box (geometry, x0, y0, x1, y1);

  return geometry;
}

/* Sector 1: a square; sector 2: a square with a square hole; sector 3: two
 * squares apart (a MultiPolygon); sector 4: right of sector 1, sharing
 * its edge. Localidad 1 holds sectors 1 and 4, localidad 2 the others. */
static BieMapSnapshot *
test_territory (void)
{
  BieMapSnapshot *snapshot = bie_map_snapshot_new ();
  BieGeometry *holed = box (4, 0, 8, 4);
  BieGeometry *parts = box (0, 5, 2, 7);

  add_box (holed, 5, 1, 7, 3);
  bie_geometry_begin_polygon (parts);
  add_box (parts, 5, 5, 7, 7);

  bie_map_snapshot_add_localidad (snapshot, 1, "01", "Norte", 1, NULL);
  bie_map_snapshot_add_localidad (snapshot, 2, "02", "Sur", 1, NULL);
  bie_map_snapshot_add_sector (snapshot, 1, "000001", "Uno", 1, box (0, 0, 2, 4));
  bie_map_snapshot_add_sector (snapshot, 2, "000002", "Dos", 2, holed);
  bie_map_snapshot_add_sector (snapshot, 3, "000003", "Tres", 2, parts);
  bie_map_snapshot_add_sector (snapshot, 4, "000004", "Cuatro", 1, box (2, 0, 4, 4));

  return snapshot;
}

static BieMapFigures *
figures_of (const double *values,
            guint         n,
            gboolean      higher_is_better)
{
  BieMapFigures *figures = bie_map_figures_new (BIE_MAP_THEME_OPEN_RISKS, n);

  figures->title = g_strdup ("Households with open risks");
  figures->unit = g_strdup ("per 100 households");
  figures->higher_is_better = higher_is_better;
  memcpy (figures->values, values, n * sizeof (double));

  return figures;
}

static void
fit (BieMapView     *view,
     BieMapSnapshot *snapshot)
{
  bie_map_view_fit (view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                    WIDTH, HEIGHT, 40);
}

static void
bare_options (BieMapDrawOptions *options)
{
  bie_map_draw_options_init (options);
  options->show_legend = FALSE;
  options->show_scale_bar = FALSE;
  options->show_north_arrow = FALSE;
  options->show_labels = FALSE;
}

static cairo_surface_t *
render (BieMapRenderer          *renderer,
        const BieMapView        *view,
        const BieMapDrawOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view->width, view->height);
  cairo_t *cr = cairo_create (surface);

  bie_map_renderer_draw (renderer, cr, view, options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (g_getenv ("BIE_TEST_MAP_PNG") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("BIE_TEST_MAP_PNG"));

  return surface;
}

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 argb = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  return (Pixel) { (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };
}

static Pixel
pixel_of (double red,
          double green,
          double blue)
{
  return (Pixel) { (guint8) lround (red * 255), (guint8) lround (green * 255), (guint8) lround (blue * 255) };
}

static gboolean
pixel_near (Pixel a,
            Pixel b,
            int   tolerance)
{
  return ABS (a.r - b.r) <= tolerance && ABS (a.g - b.g) <= tolerance && ABS (a.b - b.b) <= tolerance;
}

#define assert_pixel(actual, expected, tolerance) \
  G_STMT_START { \
    Pixel _a = (actual), _b = (expected); \
    if (!pixel_near (_a, _b, (tolerance))) \
      g_error ("%s:%d: pixel #%02x%02x%02x, expected #%02x%02x%02x", __FILE__, __LINE__, \
               _a.r, _a.g, _a.b, _b.r, _b.g, _b.b); \
  } G_STMT_END

/* The pixel at a point of the territory's grid. */
static Pixel
grid_pixel (cairo_surface_t  *surface,
            const BieMapView *view,
            double            gx,
            double            gy)
{
  double sx, sy;

  bie_map_view_to_screen (view, LON0 + gx * D, LAT0 + gy * D, &sx, &sy);

  return pixel_at (surface, (int) floor (sx), (int) floor (sy));
}

static Pixel
class_pixel (BieMapRenderer *renderer,
             guint           sector_index)
{
  const BieMapClass *classes = bie_map_renderer_get_classes (renderer, NULL);
  int c = bie_map_renderer_class_of (renderer, sector_index);

  g_assert_cmpint (c, >=, 0);

  return pixel_of (classes[c].red, classes[c].green, classes[c].blue);
}

static void
test_projection (void)
{
  double x, y, lon, lat, sx, sy, east, north;
  BieMapView view;

  /* The factor of the equirectangular fit at 4.6° N. */
  bie_map_project (-74.0, 4.6, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, -74.0 * cos (4.6 * G_PI / 180), 1e-12);
  g_assert_cmpfloat_with_epsilon (y, -4.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (x / -74.0, 0.99678, 1e-5);

  /* The inverse is exact. */
  for (double t = 0; t < 1; t += 0.125)
    {
      bie_map_project (-74.22 + 0.21 * t, 4.45 + 0.38 * t, &x, &y);
      bie_map_unproject (x, y, &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, -74.22 + 0.21 * t, 1e-12);
      g_assert_cmpfloat_with_epsilon (lat, 4.45 + 0.38 * t, 1e-12);
    }

  /* Bogotá's centre is the centre of a view fitted to the city. */
  bie_map_view_fit (&view, -74.22, 4.45, -73.94, 4.85, 1280, 800, 0);
  bie_map_view_to_screen (&view, -74.08, 4.65, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 640, 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, 400, 1e-6);

  /* A kilometre east and a kilometre north are as long on the screen
   * (within 0.1 %) across the city: the map is as good as conformal. */
  for (double lat0 = 4.45; lat0 <= 4.85; lat0 += 0.1)
    {
      double x0, y0, x1, y1, x2, y2;

      bie_map_view_to_screen (&view, -74.1, lat0, &x0, &y0);
      bie_map_view_to_screen (&view, -74.1 + 1 / (111.32 * cos (lat0 * G_PI / 180)), lat0, &x1, &y1);
      bie_map_view_to_screen (&view, -74.1, lat0 + 1 / 111.32, &x2, &y2);
      east = x1 - x0;
      north = y0 - y2;
      g_assert_cmpfloat (fabs (east / north - 1), <, 0.001);
    }
}

static void
test_view (void)
{
  BieMapView view;
  double sx, sy, lon, lat, before_lon, before_lat;

  /* The box fits whole, centred, within the margin. */
  bie_map_view_fit (&view, -74.2, 4.5, -74.0, 4.8, 1000, 600, 20);
  bie_map_view_to_screen (&view, -74.2, 4.8, &sx, &sy);
  g_assert_cmpfloat (sx, >=, 20 - 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, 20, 1e-6);
  bie_map_view_to_screen (&view, -74.0, 4.5, &sx, &sy);
  g_assert_cmpfloat (sx, <=, 980 + 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, 580, 1e-6);
  bie_map_view_from_screen (&view, 500, 300, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, -74.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 4.65, 1e-9);

  /* Zooming keeps the place under the pointer under it, either way. */
  bie_map_view_from_screen (&view, 123, 456, &before_lon, &before_lat);
  bie_map_view_zoom_at (&view, 2.5, 123, 456);
  bie_map_view_from_screen (&view, 123, 456, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, before_lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, before_lat, 1e-9);
  bie_map_view_zoom_at (&view, 0.1, 123, 456);
  bie_map_view_from_screen (&view, 123, 456, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, before_lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, before_lat, 1e-9);

  /* The scale stays between a quarter view of the city and half a metre
   * a pixel, and the point stays put at the limits too. */
  bie_map_view_zoom_at (&view, 1e-6, 10, 10);
  g_assert_cmpfloat_with_epsilon (view.scale, bie_map_view_get_min_scale (&view), 1e-9);
  bie_map_view_zoom_at (&view, 1e9, 700, 100);
  g_assert_cmpfloat_with_epsilon (bie_map_view_metres_per_pixel (&view), 0.5, 1e-9);

  /* A drag moves the map with the pointer. */
  bie_map_view_from_screen (&view, 300, 300, &before_lon, &before_lat);
  bie_map_view_pan (&view, 40, -25);
  bie_map_view_from_screen (&view, 340, 275, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, before_lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, before_lat, 1e-9);
}

static void
test_fill (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = bie_map_renderer_new (snapshot);
  static const double values[] = { 10, 90, 50, 30 };
  Pixel white = { 255, 255, 255 };
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;

  bie_map_renderer_set_figures (renderer, figures_of (values, 4, FALSE));
  fit (&view, snapshot);
  bare_options (&options);
  surface = render (renderer, &view, &options);

  /* Inside each polygon, its class colour; the classes differ. */
  assert_pixel (grid_pixel (surface, &view, 1, 2), class_pixel (renderer, 0), 0);
  assert_pixel (grid_pixel (surface, &view, 4.5, 2), class_pixel (renderer, 1), 0);
  assert_pixel (grid_pixel (surface, &view, 3, 2), class_pixel (renderer, 3), 0);
  g_assert_false (pixel_near (class_pixel (renderer, 0), class_pixel (renderer, 1), 10));
  g_assert_false (pixel_near (class_pixel (renderer, 0), class_pixel (renderer, 3), 10));

  /* The hole is the background. */
  assert_pixel (grid_pixel (surface, &view, 6, 2), white, 0);

  /* Both parts of the MultiPolygon, and not between them. */
  assert_pixel (grid_pixel (surface, &view, 1, 6), class_pixel (renderer, 2), 0);
  assert_pixel (grid_pixel (surface, &view, 6, 6), class_pixel (renderer, 2), 0);
  assert_pixel (grid_pixel (surface, &view, 3.5, 6), white, 0);

  cairo_surface_destroy (surface);
}

/* A view with the territory's grid line @gx at the centre of pixel
 * column @column: a line stroked along it covers that column. */
static void
view_on_column (BieMapView *view,
                double      gx,
                int         column,
                double      scale)
{
  double x, y;

  bie_map_project (LON0 + gx * D, LAT0 + 2 * D, &x, &y);
  view->width = WIDTH;
  view->height = HEIGHT;
  view->scale = scale;
  view->center_x = x - (column + 0.5 - WIDTH / 2.0) / scale;
  view->center_y = y;
}

static void
test_stroke (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = bie_map_renderer_new (snapshot);
  static const double values[] = { 90, 10, 50, 85 };
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;

  /* Sectors 1 and 4 share the line x = 2; both are dark purple. */
  bie_map_renderer_set_figures (renderer, figures_of (values, 4, FALSE));
  assert_pixel (class_pixel (renderer, 0), class_pixel (renderer, 3), 0);
  view_on_column (&view, 2, 320, 40000);
  bare_options (&options);
  surface = render (renderer, &view, &options);

  /* The thin white edge between them, and their fill either side. */
  assert_pixel (pixel_at (surface, 320, HEIGHT / 2), ((Pixel) { 255, 255, 255 }), 0);
  assert_pixel (pixel_at (surface, 316, HEIGHT / 2), class_pixel (renderer, 0), 0);
  assert_pixel (pixel_at (surface, 324, HEIGHT / 2), class_pixel (renderer, 3), 0);

  cairo_surface_destroy (surface);
}

static void
test_localidad_outline (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = bie_map_renderer_new (snapshot);
  static const double values[] = { 10, 10, 10, 10 };
  Pixel boundary;
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;
  double length = 0;

  /* The outline of localidad 1 (sectors 1 and 4, 4 × 4 grid units) runs
   * along the outer edges only: 16 units, not the 20 of their rings. */
  {
    const BieMapSpan *lines = &renderer->localidades[0].lines;

    for (guint k = lines->first; k < lines->first + lines->n; k++)
      {
        const BieMapSpan *line = &g_array_index (renderer->outline_lines, BieMapSpan, k);
        const double *xy = &g_array_index (renderer->outline_points, double, 2 * line->first);

        for (guint i = 0; i + 1 < line->n; i++)
          length += hypot ((xy[2 * i + 2] - xy[2 * i]) / BIE_MAP_COS_LAT0, xy[2 * i + 3] - xy[2 * i + 1]);
      }
    g_assert_cmpfloat_with_epsilon (length, 16 * D, 1e-9);
  }

  bie_map_renderer_set_figures (renderer, figures_of (values, 4, FALSE));
  bare_options (&options);
  boundary = pixel_of (renderer->style.boundary.red, renderer->style.boundary.green, renderer->style.boundary.blue);

  /* The outer edge x = 0 is the boundary's colour... */
  view_on_column (&view, 0, 320, 40000);
  surface = render (renderer, &view, &options);
  assert_pixel (pixel_at (surface, 320, HEIGHT / 2), boundary, 0);
  cairo_surface_destroy (surface);

  /* ...the shared edge x = 2 is only a sector edge. */
  view_on_column (&view, 2, 320, 40000);
  surface = render (renderer, &view, &options);
  assert_pixel (pixel_at (surface, 320, HEIGHT / 2), ((Pixel) { 255, 255, 255 }), 0);
  for (int x = 300; x < 340; x++)
    g_assert_false (pixel_near (pixel_at (surface, x, HEIGHT / 2), boundary, 60));
  cairo_surface_destroy (surface);
}

/* Whether a run of @run pixels of @colour lies in the region, as in a
 * swatch or a filled shape (anti-aliased text gives single pixels of
 * many greys, not runs); where it starts. */
static gboolean
find_run (cairo_surface_t *surface,
          int              x0,
          int              y0,
          int              x1,
          int              y1,
          Pixel            colour,
          int              run,
          int             *found_x,
          int             *found_y)
{
  for (int y = y0; y < y1; y++)
    for (int x = x0, n = 0; x < x1; x++)
      {
        n = pixel_near (pixel_at (surface, x, y), colour, 0) ? n + 1 : 0;
        if (n == run)
          {
            if (found_x != NULL)
              *found_x = x - run + 1;
            if (found_y != NULL)
              *found_y = y;
            return TRUE;
          }
      }

  return FALSE;
}

/* A No-data swatch: a run of its grey with its stripe's colour beside. */
static gboolean
find_hatched (cairo_surface_t *surface,
              BieMapRenderer  *renderer,
              int              x0,
              int              y0,
              int              x1,
              int              y1)
{
  const BieRgba *grey = &renderer->style.no_data, *stripe = &renderer->style.hatch;
  int x, y;

  while (find_run (surface, x0, y0, x1, y1, pixel_of (grey->red, grey->green, grey->blue), 3, &x, &y))
    {
      for (int dx = -8; dx <= 8; dx++)
        if (x + dx >= 0 && x + dx < cairo_image_surface_get_width (surface) &&
            pixel_near (pixel_at (surface, x + dx, y), pixel_of (stripe->red, stripe->green, stripe->blue), 0))
          return TRUE;
      y0 = y + 1;
    }

  return FALSE;
}

static void
test_legend (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = bie_map_renderer_new (snapshot);
  static const double values[] = { 0, NAN, 50, 30 };
  const BieMapClass *classes;
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;
  double r, g, b;
  guint n;

  bie_map_renderer_set_figures (renderer, figures_of (values, 4, FALSE));
  classes = bie_map_renderer_get_classes (renderer, &n);
  g_assert_cmpuint (n, ==, BIE_MAP_N_CLASSES);
  g_assert_cmpuint (bie_map_renderer_get_n_no_data (renderer), ==, 1);
  g_assert_cmpint (bie_map_renderer_class_of (renderer, 1), ==, -1);

  /* The territory on the right half, x from 320 to 620: the legend's
   * corner shows the legend alone. */
  bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                    WIDTH / 2, HEIGHT, 10);
  view.width = WIDTH;
  view.center_x -= 150 / view.scale;
  bie_map_draw_options_init (&options);
  surface = render (renderer, &view, &options);

  /* Every swatch in the legend's corner. */
  for (guint c = 0; c < n; c++)
    {
      Pixel colour = pixel_of (classes[c].red, classes[c].green, classes[c].blue);

      g_assert_true (find_run (surface, 0, HEIGHT - 260, 250, HEIGHT, colour, 12, NULL, NULL));
    }

  /* No data: its grey and its stripes, both unlike the lowest class
   * (zero), so a sector without data never reads as a zero; in the
   * legend and on the map. */
  bie_map_renderer_get_no_data_colour (renderer, &r, &g, &b);
  g_assert_true (find_hatched (surface, renderer, 0, HEIGHT - 260, 250, HEIGHT));
  g_assert_true (find_hatched (surface, renderer, 320, 0, WIDTH, HEIGHT));
  g_assert_false (pixel_near (pixel_of (r, g, b), class_pixel (renderer, 0), 40));
  g_assert_false (pixel_near (pixel_of (renderer->style.hatch.red, renderer->style.hatch.green, renderer->style.hatch.blue),
                              class_pixel (renderer, 0), 40));

  /* Without the legend, none of it in the corner. */
  options.show_legend = FALSE;
  cairo_surface_destroy (surface);
  surface = render (renderer, &view, &options);
  g_assert_false (find_hatched (surface, renderer, 0, HEIGHT - 260, 250, HEIGHT));
  g_assert_false (find_run (surface, 0, HEIGHT - 260, 250, HEIGHT, class_pixel (renderer, 0), 12, NULL, NULL));

  cairo_surface_destroy (surface);
}

static void
test_classes (void)
{
  g_autoptr(BieMapSnapshot) snapshot = bie_map_snapshot_new ();
  g_autoptr(BieMapRenderer) renderer = NULL;
  g_autoptr(BieMapFigures) figures = NULL;
  const BieMapClass *classes;
  double values[100];
  guint n, total = 0;

  for (guint i = 0; i < 100; i++)
    {
      bie_map_snapshot_add_sector (snapshot, i + 1, "000000", NULL, 1, box (i % 10, i / 10, i % 10 + 1, i / 10 + 1));
      values[i] = i % 10 == 9 ? NAN : i * 0.37;
    }
  renderer = bie_map_renderer_new (snapshot);
  bie_map_renderer_set_figures (renderer, figures_of (values, 100, FALSE));
  classes = bie_map_renderer_get_classes (renderer, &n);

  /* Nice breaks, rising, the values inside; the counts add up. */
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (classes[0].lower, <=, 0);
  g_assert_cmpfloat (classes[4].upper, >=, 98 * 0.37);
  for (guint c = 0; c < n; c++)
    {
      double step = classes[c].upper - classes[c].lower;

      g_assert_cmpfloat (step, >, 0);
      g_assert_cmpfloat (fabs (classes[c].lower - round (classes[c].lower)), <, 1e-9);
      if (c > 0)
        g_assert_cmpfloat (classes[c].lower, ==, classes[c - 1].upper);
      total += classes[c].n_sectors;
      g_assert_cmpuint (classes[c].n_sectors, >=, 10);
    }
  g_assert_cmpuint (total + bie_map_renderer_get_n_no_data (renderer), ==, 100);
  g_assert_cmpuint (bie_map_renderer_get_n_no_data (renderer), ==, 10);
  g_assert_nonnull (strstr (classes[1].label, "–"));

  /* Worse is the dark purple end whichever way the theme runs. */
  g_assert_cmpfloat (classes[4].red, <, 0.3);
  figures = figures_of (values, 100, TRUE);
  bie_map_renderer_set_figures (renderer, g_steal_pointer (&figures));
  classes = bie_map_renderer_get_classes (renderer, &n);
  g_assert_cmpfloat (classes[0].red, <, 0.3);
  g_assert_cmpfloat (classes[4].red, >, 0.9);

  /* Few values: equal intervals. */
  for (guint i = 0; i < 100; i++)
    values[i] = i % 3;
  bie_map_renderer_set_figures (renderer, figures_of (values, 100, FALSE));
  classes = bie_map_renderer_get_classes (renderer, &n);
  for (guint c = 1; c < n; c++)
    g_assert_cmpfloat_with_epsilon (classes[c].upper - classes[c].lower, classes[0].upper - classes[0].lower, 1e-9);

  /* A rare risk: most sectors at zero, which is a class of its own; the
   * others share the four above it, from above zero. */
  for (guint i = 0; i < 100; i++)
    values[i] = i < 70 ? 0 : 0.37 * (i - 69);
  bie_map_renderer_set_figures (renderer, figures_of (values, 100, FALSE));
  classes = bie_map_renderer_get_classes (renderer, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (classes[0].lower, ==, 0);
  g_assert_cmpfloat (classes[0].upper, ==, 0);
  g_assert_cmpstr (classes[0].label, ==, "0");
  g_assert_cmpuint (classes[0].n_sectors, ==, 70);
  g_assert_cmpfloat (classes[1].lower, >, 0);
  g_assert_cmpfloat (classes[1].lower, <=, 0.37);
  total = 0;
  for (guint c = 1; c < n; c++)
    {
      g_assert_cmpfloat (classes[c].upper, >, classes[c].lower);
      g_assert_cmpuint (classes[c].n_sectors, >=, 3);
      total += classes[c].n_sectors;
    }
  g_assert_cmpuint (total, ==, 30);
}

/* The test's own check, simpler than the renderer's sweep: does any pair
 * of edges that are not neighbours properly cross? */
static gboolean
crosses_itself (const float *xy,
                guint        n)
{
  guint m = n - 1;

  for (guint i = 0; i < m; i++)
    for (guint j = i + 2; j < m; j++)
      {
        const float *p = xy + 2 * i, *q = xy + 2 * i + 2, *r = xy + 2 * j, *s = xy + 2 * j + 2;
        double d1, d2, d3, d4;

        if (i == 0 && j == m - 1)
          continue;
        d1 = (s[0] - r[0]) * (double) (p[1] - r[1]) - (s[1] - r[1]) * (double) (p[0] - r[0]);
        d2 = (s[0] - r[0]) * (double) (q[1] - r[1]) - (s[1] - r[1]) * (double) (q[0] - r[0]);
        d3 = (q[0] - p[0]) * (double) (r[1] - p[1]) - (q[1] - p[1]) * (double) (r[0] - p[0]);
        d4 = (q[0] - p[0]) * (double) (s[1] - p[1]) - (q[1] - p[1]) * (double) (s[0] - p[0]);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
          return TRUE;
      }

  return FALSE;
}

/* A comb: a spine along the bottom and @teeth thin teeth up. */
static GArray *
comb (guint  teeth,
      double scale)
{
  GArray *xy = g_array_new (FALSE, FALSE, sizeof (double));
  double p[2];

#define PUT(x, y) (p[0] = (x) * scale, p[1] = (y) * scale, g_array_append_vals (xy, p, 2))
  PUT (0, 0);
  PUT (2 * teeth, 0);
  PUT (2 * teeth, 1);
  for (int t = teeth - 1; t >= 0; t--)
    {
      PUT (2 * t + 1.6, 1);
      PUT (2 * t + 1.6, 10);
      PUT (2 * t + 0.4, 10);
      PUT (2 * t + 0.4, 1);
    }
  PUT (0, 1);
  PUT (0, 0);
#undef PUT

  return xy;
}

/* A spiral whose arms pass close: simplifying it coarsely makes a ring
 * cross itself unless the simplification takes care. */
static GArray *
spiral (double scale)
{
  GArray *xy = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i <= 80; i++)
    {
      double a = i * 0.25, r = 2 + a;
      double p[2] = { r * cos (a) * scale, r * sin (a) * scale };

      g_array_append_vals (xy, p, 2);
    }
  for (int i = 80; i >= 0; i--)
    {
      double a = i * 0.25, r = 2.8 + a;
      double p[2] = { r * cos (a) * scale, r * sin (a) * scale };

      g_array_append_vals (xy, p, 2);
    }
  g_array_append_vals (xy, xy->data, 2);

  return xy;
}

static void
test_simplify (void)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) spiral_ring = NULL;

  /* At every zoom, down to a comb smaller than a pixel: a closed ring of
   * at least four points that never crosses itself. */
  for (double scale = 0.01; scale < 100; scale *= 2)
    {
      g_autoptr(GArray) ring = comb (12, scale);
      guint n;

      g_array_set_size (out, 0);
      n = bie_map_simplify_ring ((const double *) ring->data, ring->len / 2, 0.5, TRUE, out);
      g_assert_cmpuint (n, ==, out->len / 2);
      g_assert_cmpuint (n, >=, 4);
      g_assert_cmpuint (n, <=, ring->len / 2);
      g_assert_cmpfloat (g_array_index (out, float, 0), ==, g_array_index (out, float, 2 * n - 2));
      g_assert_cmpfloat (g_array_index (out, float, 1), ==, g_array_index (out, float, 2 * n - 1));
      g_assert_false (crosses_itself ((const float *) out->data, n));
      if (scale < 0.05)
        g_assert_cmpuint (n, <, ring->len / 2);
    }

  spiral_ring = spiral (1);
  g_assert_false (bie_map_ring_self_intersects ((const float *) NULL, 0));
  for (double tolerance = 0.1; tolerance < 20; tolerance *= 1.5)
    {
      guint n;

      g_array_set_size (out, 0);
      n = bie_map_simplify_ring ((const double *) spiral_ring->data, spiral_ring->len / 2, tolerance, TRUE, out);
      g_assert_cmpuint (n, >=, 4);
      g_assert_false (crosses_itself ((const float *) out->data, n));
    }
}

static void
test_simplify_hole (void)
{
  g_autoptr(BieMapSnapshot) snapshot = bie_map_snapshot_new ();
  g_autoptr(BieMapRenderer) renderer = NULL;
  BieGeometry *holed = box (0, 0, 40, 40);
  BieMapLevel *level;
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;

  add_box (holed, 10, 10, 30, 30);
  bie_map_snapshot_add_sector (snapshot, 1, "000001", NULL, 1, holed);
  renderer = bie_map_renderer_new (snapshot);

  /* Zoomed out until the square is 40 pixels wide: it keeps its hole. */
  bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat, 60, 60, 10);
  level = bie_map_renderer_get_level (renderer, view.scale);
  g_assert_cmpuint (level->sector_rings[0].n, ==, 2);
  for (guint r = 0; r < 2; r++)
    g_assert_cmpuint (g_array_index (level->rings, BieMapSpan, level->sector_rings[0].first + r).n, ==, 5);

  bare_options (&options);
  surface = render (renderer, &view, &options);
  assert_pixel (pixel_at (surface, 30, 30), ((Pixel) { 255, 255, 255 }), 0);
  assert_pixel (pixel_at (surface, 14, 30), pixel_of (renderer->style.neutral.red, renderer->style.neutral.green, renderer->style.neutral.blue), 0);
  cairo_surface_destroy (surface);
}

static void
test_hit_testing (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = bie_map_renderer_new (snapshot);
  g_autoptr(GArray) order = NULL;
  BieMapView view;
  double sx, sy;

  fit (&view, snapshot);

#define AT(gx, gy) (bie_map_view_to_screen (&view, LON0 + (gx) * D, LAT0 + (gy) * D, &sx, &sy), \
                    bie_map_renderer_sector_at (renderer, &view, sx, sy))
  g_assert_cmpint (AT (1, 2), ==, 1);
  g_assert_cmpint (AT (3, 1), ==, 4);
  g_assert_cmpint (AT (4.5, 2), ==, 2);
  g_assert_cmpint (AT (6, 2), ==, 0);      /* the hole */
  g_assert_cmpint (AT (1, 6), ==, 3);
  g_assert_cmpint (AT (6, 6), ==, 3);      /* the second part */
  g_assert_cmpint (AT (3.5, 6), ==, 0);
  g_assert_cmpint (AT (-1, -1), ==, 0);
#undef AT

  /* Reading order: the top row (sector 3) first, then the bottom row
   * left to right. */
  order = bie_map_renderer_sectors_in_view (renderer, &view);
  g_assert_cmpuint (order->len, ==, 4);
  g_assert_cmpint (g_array_index (order, gint64, 0), ==, 3);
  g_assert_cmpint (g_array_index (order, gint64, 1), ==, 1);
  g_assert_cmpint (g_array_index (order, gint64, 2), ==, 4);
  g_assert_cmpint (g_array_index (order, gint64, 3), ==, 2);
}

/* @n households spread over the territory's first sector and a second
 * one, with ids from 1001. */
static void
add_households (BieMapSnapshot *snapshot,
                guint           n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gint64 *ids = g_new (gint64, n), *sectors = g_new (gint64, n);
  double *lon_lat = g_new (double, 2 * n);

  for (guint i = 0; i < n; i++)
    {
      gboolean first = i % 2 == 0;

      ids[i] = 1001 + i;
      sectors[i] = first ? 1 : 4;
      lon_lat[2 * i] = LON0 + g_rand_double_range (rand, first ? 0.01 : 2.01, first ? 1.99 : 3.99) * D;
      lon_lat[2 * i + 1] = LAT0 + g_rand_double_range (rand, 0.01, 3.99) * D;
    }
  bie_map_snapshot_set_households (snapshot, n, ids, sectors, lon_lat);
}

static guint
count_in_view (BieMapSnapshot   *snapshot,
               const BieMapView *view)
{
  guint n = 0;

  for (guint i = 0; i < snapshot->n_households; i++)
    {
      double sx, sy;

      bie_map_view_to_screen (view, snapshot->household_lon_lat[2 * i], snapshot->household_lon_lat[2 * i + 1], &sx, &sy);
      n += sx >= 0 && sy >= 0 && sx < view->width && sy < view->height;
    }

  return n;
}

static void
test_clusters (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = NULL;
  cairo_surface_t *surface;
  BieMapDrawOptions options;
  BieMapView view;
  double sx, sy;

  add_households (snapshot, 20000);
  renderer = bie_map_renderer_new (snapshot);
  fit (&view, snapshot);
  g_assert_false (bie_map_renderer_households_as_points (renderer, &view));
  g_assert_cmpint (bie_map_renderer_household_at (renderer, &view, 100, 100, 10), ==, 0);

  /* Whole, then panned so that part of them is out of view: the clusters
   * count every household in view once. */
  for (guint step = 0; step < 3; step++)
    {
      g_autoptr(GArray) clusters = bie_map_renderer_get_clusters_in_view (renderer, &view);
      guint sum = 0, expected = count_in_view (snapshot, &view);
      const BieMapCluster *first;
      guint count;
      double min_lon, min_lat, max_lon, max_lat;

      g_assert_cmpuint (clusters->len, >, 1);
      for (guint i = 0; i < clusters->len; i++)
        sum += g_array_index (clusters, BieMapCluster, i).count;
      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (sum, ==, expected);
      g_assert_cmpuint (bie_map_renderer_count_households_in_view (renderer, &view), ==, expected);
      if (step == 0)
        g_assert_cmpuint (sum, ==, 20000);

      /* A click on a cluster gives its count and where its households are. */
      first = &g_array_index (clusters, BieMapCluster, 0);
      g_assert_true (bie_map_renderer_cluster_at (renderer, &view, first->x, first->y, &count,
                                                  &min_lon, &min_lat, &max_lon, &max_lat));
      g_assert_cmpuint (count, ==, first->count);
      g_assert_cmpfloat (min_lon, <=, max_lon);
      g_assert_cmpfloat (min_lat, <=, max_lat);
      bie_map_view_to_screen (&view, (min_lon + max_lon) / 2, (min_lat + max_lat) / 2, &sx, &sy);
      g_assert_cmpfloat (fabs (sx - first->x), <, BIE_MAP_CLUSTER_PX * 1.5);

      bie_map_view_pan (&view, 170, 90);
    }

  /* Drawn: a cluster's circle is not the sector's colour. */
  fit (&view, snapshot);
  bare_options (&options);
  surface = render (renderer, &view, &options);
  {
    g_autoptr(GArray) clusters = bie_map_renderer_get_clusters_in_view (renderer, &view);
    const BieMapCluster *cluster = &g_array_index (clusters, BieMapCluster, 0);
    Pixel edge = pixel_at (surface, (int) (cluster->x + cluster->radius - 0.5), (int) cluster->y);

    g_assert_false (pixel_near (edge, pixel_of (renderer->style.neutral.red, renderer->style.neutral.green, renderer->style.neutral.blue), 30));
  }
  cairo_surface_destroy (surface);

  /* Zoomed in to the street: households one by one, and a click finds
   * the nearest. */
  bie_map_view_to_screen (&view, snapshot->household_lon_lat[0], snapshot->household_lon_lat[1], &sx, &sy);
  bie_map_view_zoom_at (&view, 400, sx, sy);
  g_assert_true (bie_map_renderer_households_as_points (renderer, &view));
  g_assert_cmpint (bie_map_renderer_household_at (renderer, &view, sx + 1, sy, 6), ==, 1001);
  g_assert_cmpint (bie_map_renderer_household_at (renderer, &view, sx + 200, sy + 200, 3), !=, 1001);
  {
    g_autoptr(GArray) none = bie_map_renderer_get_clusters_in_view (renderer, &view);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_selection (void)
{
  g_autoptr(BieMapSnapshot) snapshot = test_territory ();
  g_autoptr(BieMapRenderer) renderer = NULL;
  cairo_surface_t *plain, *marked;
  BieMapDrawOptions options;
  BieMapView view;
  double sx, sy;
  guint changed = 0;

  add_households (snapshot, 50);
  renderer = bie_map_renderer_new (snapshot);
  fit (&view, snapshot);
  bare_options (&options);
  options.show_households = FALSE;
  plain = render (renderer, &view, &options);

  /* The focus ring and the selected household change pixels around the
   * focused sector's edge and the household's point. */
  options.focused_sector = 2;
  options.selected_household = 1001;
  marked = render (renderer, &view, &options);
  bie_map_view_to_screen (&view, LON0 + 8 * D, LAT0 + 2 * D, &sx, &sy);
  for (int dx = -2; dx <= 2; dx++)
    changed += !pixel_near (pixel_at (plain, (int) sx + dx, (int) sy), pixel_at (marked, (int) sx + dx, (int) sy), 0);
  g_assert_cmpuint (changed, >, 0);
  bie_map_view_to_screen (&view, snapshot->household_lon_lat[0], snapshot->household_lon_lat[1], &sx, &sy);
  g_assert_false (pixel_near (pixel_at (plain, (int) sx, (int) sy), pixel_at (marked, (int) sx, (int) sy), 10));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (marked);
}

static void
test_bogota (void)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "..", "shared", "geo",
                                            "bogota_upz.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(BieMapSnapshot) snapshot = bie_map_snapshot_new ();
  g_autoptr(BieMapRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  BieMapDrawOptions options;
  cairo_surface_t *surface;
  BieMapView view;
  JsonArray *features;
  Pixel white = { 255, 255, 255 };
  double sx, sy;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No ../shared/geo/bogota_upz.geojson beside the sources");
      return;
    }

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      BieGeometry *geometry = bie_geometry_new_from_json (json_object_get_member (feature, "geometry"), &error);

      g_assert_no_error (error);
      bie_map_snapshot_add_sector (snapshot, i + 1, "000000", NULL, 0, geometry);
    }
  g_assert_cmpuint (snapshot->sectors->len, ==, 116);

  renderer = bie_map_renderer_new (snapshot);
  bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                    1280, 800, 16);
  bare_options (&options);
  surface = render (renderer, &view, &options);

  /* Bogotá's centre (the Plaza de Bolívar, in La Candelaria) is filled;
   * the far corners are the background. */
  bie_map_view_to_screen (&view, -74.0760, 4.5981, &sx, &sy);
  assert_pixel (pixel_at (surface, (int) sx, (int) sy),
                pixel_of (renderer->style.neutral.red, renderer->style.neutral.green, renderer->style.neutral.blue), 0);
  g_assert_cmpint (bie_map_renderer_sector_at (renderer, &view, sx, sy), !=, 0);
  assert_pixel (pixel_at (surface, 1, 1), white, 0);
  assert_pixel (pixel_at (surface, 1278, 1), white, 0);
  assert_pixel (pixel_at (surface, 1, 798), white, 0);
  assert_pixel (pixel_at (surface, 1278, 798), white, 0);

  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map/projection", test_projection);
  g_test_add_func ("/map/view", test_view);
  g_test_add_func ("/map/fill", test_fill);
  g_test_add_func ("/map/stroke", test_stroke);
  g_test_add_func ("/map/localidad-outline", test_localidad_outline);
  g_test_add_func ("/map/legend", test_legend);
  g_test_add_func ("/map/classes", test_classes);
  g_test_add_func ("/map/simplify", test_simplify);
  g_test_add_func ("/map/simplify-hole", test_simplify_hole);
  g_test_add_func ("/map/hit-testing", test_hit_testing);
  g_test_add_func ("/map/clusters", test_clusters);
  g_test_add_func ("/map/selection", test_selection);
  g_test_add_func ("/map/bogota", test_bogota);

  return g_test_run ();
}
