/* bench-map.c: the sector map's frames
 *
 * The demo city (1,170 sectors, localidades without boundaries, so their
 * outlines come from the sectors) with 300,000 households, from the
 * generator without a store (BIE_BENCH_HOUSEHOLDS=N for another city).
 * Drawn into a 1280×800 image surface, as the widget's frames are:
 *
 * 1. the whole city with legend, labels, scale bar and north arrow, and
 *    beside it a bare fill and stroke of the same projected polygons
 *    (not simplified, one colour), the least any map of them costs;
 * 2. the same with the households, at the city's, a localidad's and a
 *    street's zoom, panning a little between frames.
 *
 * Prints one figure a line, "name: value unit".
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-utils.h"
#include "bie-demo-city.h"
#include "bie-map.h"

#define WIDTH  1280
#define HEIGHT 800
#define FRAMES 300

typedef struct
{
  BieMapSnapshot *snapshot;
  GArray         *ids;
  GArray         *sectors;
  GArray         *lon_lat;
} City;

static gboolean
take_batch (BieRecordBatch  *batch,
            guint            households_done,
            guint            households_total,
            gpointer         user_data,
            GError         **error)
{
  City *city = user_data;
  GPtrArray *records;

  if ((records = batch->records[BIE_ENTITY_LOCALIDAD]) != NULL)
    for (guint i = 0; i < records->len; i++)
      {
        BieLocalidad *localidad = g_ptr_array_index (records, i);

        bie_map_snapshot_add_localidad (city->snapshot, localidad->record.id, localidad->code,
                                        localidad->name, localidad->subred_id, NULL);
      }
  if ((records = batch->records[BIE_ENTITY_SECTOR]) != NULL)
    for (guint i = 0; i < records->len; i++)
      {
        BieSector *sector = g_ptr_array_index (records, i);
        BieGeometry *geometry = bie_geometry_new_from_geojson (sector->geometry, error);

        if (geometry == NULL)
          return FALSE;
        bie_map_snapshot_add_sector (city->snapshot, sector->record.id, sector->code, sector->name,
                                     sector->localidad_id, geometry);
      }
  if ((records = batch->records[BIE_ENTITY_HOUSEHOLD]) != NULL)
    for (guint i = 0; i < records->len; i++)
      {
        BieHousehold *household = g_ptr_array_index (records, i);
        double lon_lat[2] = { household->lon, household->lat };

        g_array_append_val (city->ids, household->record.id);
        g_array_append_val (city->sectors, household->sector_id);
        g_array_append_vals (city->lon_lat, lon_lat, 2);
      }

  return TRUE;
}

static BieMapSnapshot *
demo_city (guint n_households)
{
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  g_autoptr(GError) error = NULL;
  BieDemoOptions options;
  City city = {
    bie_map_snapshot_new (),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_array_new (FALSE, FALSE, sizeof (gint64)),
    g_array_new (FALSE, FALSE, sizeof (double)),
  };
  guint n;

  bie_demo_options_init (&options);
  options.n_households = n_households;
  options.today = today;
  if (!bie_demo_city_generate (&options, take_batch, &city, NULL, &error))
    g_error ("%s", error->message);

  n = city.ids->len;
  bie_map_snapshot_set_households (city.snapshot, n,
                                   (gint64 *) g_array_free (city.ids, FALSE),
                                   (gint64 *) g_array_free (city.sectors, FALSE),
                                   (double *) g_array_free (city.lon_lat, FALSE));

  return city.snapshot;
}

/* A figure for every sector, a few without data, as a theme gives. */
static BieMapFigures *
demo_figures (BieMapSnapshot *snapshot)
{
  BieMapFigures *figures = bie_map_figures_new (BIE_MAP_THEME_OPEN_RISKS, snapshot->sectors->len);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  figures->title = g_strdup ("Households with open risks");
  figures->unit = g_strdup ("per 100 households");
  for (guint i = 0; i < figures->n_values; i++)
    figures->values[i] = g_rand_int_range (rand, 0, 100) < 4 ? NAN : g_rand_double_range (rand, 0, 60);

  return figures;
}

/* The polygons as a map without any care would draw them: projected
 * once, then every frame filled in one colour and stroked in one path. */
static void
draw_bare (cairo_t          *cr,
           GArray           *projected,
           GArray           *rings,
           const BieMapView *view)
{
  const double *xy = (const double *) projected->data;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_new_path (cr);
  cairo_save (cr);
  cairo_translate (cr, view->width / 2.0, view->height / 2.0);
  cairo_scale (cr, view->scale, view->scale);
  cairo_translate (cr, -view->center_x, -view->center_y);
  for (guint r = 0; r < rings->len; r += 2)
    {
      guint first = g_array_index (rings, guint, r), n = g_array_index (rings, guint, r + 1);

      cairo_move_to (cr, xy[2 * first], xy[2 * first + 1]);
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, xy[2 * (first + i)], xy[2 * (first + i) + 1]);
      cairo_close_path (cr);
    }
  cairo_restore (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgb (cr, 0.23, 0.32, 0.55);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 0.6);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
}

static void
bench_city (BieMapRenderer *renderer,
            BieMapSnapshot *snapshot,
            cairo_t        *cr)
{
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) projected = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  cairo_surface_t *surface = cairo_get_target (cr);
  BieMapDrawOptions options;
  BieMapView view;
  double start, frame_p95, bare_p95;

  for (guint s = 0; s < snapshot->sectors->len; s++)
    {
      const BieGeometry *geometry = ((BieMapSector *) g_ptr_array_index (snapshot->sectors, s))->geometry;

      for (guint r = 0; r < geometry->n_rings; r++)
        {
          guint span[2] = { projected->len / 2, geometry->rings[r].n_points };

          for (guint p = 0; p < geometry->rings[r].n_points; p++)
            {
              const double *lon_lat = geometry->coords + 2 * (geometry->rings[r].first_point + p);
              double xy[2];

              bie_map_project (lon_lat[0], lon_lat[1], &xy[0], &xy[1]);
              g_array_append_vals (projected, xy, 2);
            }
          g_array_append_vals (rings, span, 2);
        }
    }

  bie_map_draw_options_init (&options);
  options.show_households = FALSE;
  bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                    WIDTH, HEIGHT, 16);

  /* The first frame prepares its zoom level and lays its text out, as
   * the widget's first frame does: measured alone. */
  start = bench_now_ms ();
  bie_map_renderer_draw (renderer, cr, &view, &options);
  cairo_surface_flush (surface);
  printf ("map_city_first_frame: %.2f ms\n", bench_now_ms () - start);
  draw_bare (cr, projected, rings, &view);

  /* Interleaved, so that both meet the same machine. */
  for (guint i = 0; i < FRAMES; i++)
    {
      start = bench_now_ms ();
      bie_map_renderer_draw (renderer, cr, &view, &options);
      cairo_surface_flush (surface);
      bench_add_sample (frames, start);

      start = bench_now_ms ();
      draw_bare (cr, projected, rings, &view);
      cairo_surface_flush (surface);
      bench_add_sample (bare, start);
    }

  frame_p95 = bench_percentile (frames, 0.95);
  bare_p95 = bench_percentile (bare, 0.95);
  printf ("map_city_sectors: %u sectors\n", snapshot->sectors->len);
  printf ("map_city_frame_median: %.2f ms\n", bench_percentile (frames, 0.5));
  printf ("map_city_frame_p95: %.2f ms\n", frame_p95);
  printf ("map_bare_fill_stroke_median: %.2f ms\n", bench_percentile (bare, 0.5));
  printf ("map_bare_fill_stroke_p95: %.2f ms\n", bare_p95);
  printf ("map_city_frame_vs_bare_p95: %.2f ratio\n", frame_p95 / bare_p95);
}

static void
bench_households (BieMapRenderer *renderer,
                  BieMapSnapshot *snapshot,
                  cairo_t        *cr)
{
  static const struct
  {
    const char *name;
    double      lon;
    double      lat;
    double      metres_per_px;   /* 0: the whole city */
  } zooms[] = {
    { "city", 0, 0, 0 },
    { "localidad", -74.105, 4.62, 12 },
    { "street", -74.105, 4.62, 1.5 },
  };
  cairo_surface_t *surface = cairo_get_target (cr);
  BieMapDrawOptions options;

  bie_map_draw_options_init (&options);
  printf ("map_households: %u households\n", snapshot->n_households);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
      BieMapView view;
      double start;

      bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                        WIDTH, HEIGHT, 16);
      if (zooms[z].metres_per_px > 0)
        {
          bie_map_project (zooms[z].lon, zooms[z].lat, &view.center_x, &view.center_y);
          view.scale = BIE_MAP_METRES_PER_UNIT / zooms[z].metres_per_px;
        }

      bie_map_renderer_draw (renderer, cr, &view, &options);
      for (guint i = 0; i < FRAMES; i++)
        {
          BieMapView frame = view;

          /* A drag: a few pixels a frame, to and fro. */
          bie_map_view_pan (&frame, (double) (i % 40) - 20, (double) (i % 24) - 12);
          start = bench_now_ms ();
          bie_map_renderer_draw (renderer, cr, &frame, &options);
          cairo_surface_flush (surface);
          bench_add_sample (frames, start);
        }
      printf ("map_households_%s_%s: %s\n", zooms[z].name, "points",
              bie_map_renderer_households_as_points (renderer, &view) ? "yes" : "no");
      printf ("map_households_%s_in_view: %u households\n", zooms[z].name,
              bie_map_renderer_count_households_in_view (renderer, &view));
      printf ("map_households_%s_frame_median: %.2f ms\n", zooms[z].name, bench_percentile (frames, 0.5));
      printf ("map_households_%s_frame_p95: %.2f ms\n", zooms[z].name, bench_percentile (frames, 0.95));
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *households = g_getenv ("BIE_BENCH_HOUSEHOLDS");
  g_autoptr(BieMapSnapshot) snapshot = NULL;
  g_autoptr(BieMapRenderer) renderer = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double start;

  start = bench_now_ms ();
  snapshot = demo_city (households != NULL ? (guint) atoi (households) : 300000);
  printf ("map_demo_city: %.0f ms\n", bench_now_ms () - start);

  start = bench_now_ms ();
  renderer = bie_map_renderer_new (snapshot);
  bie_map_renderer_set_figures (renderer, demo_figures (snapshot));
  printf ("map_renderer_new: %.2f ms\n", bench_now_ms () - start);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  bench_city (renderer, snapshot, cr);
  if (g_getenv ("BIE_BENCH_MAP_PNG") != NULL)
    {
      g_autofree char *path = g_strconcat (g_getenv ("BIE_BENCH_MAP_PNG"), "-city.png", NULL);
      BieMapView view;

      bie_map_view_fit (&view, snapshot->min_lon, snapshot->min_lat, snapshot->max_lon, snapshot->max_lat,
                        WIDTH, HEIGHT, 16);
      bie_map_renderer_draw (renderer, cr, &view, NULL);
      cairo_surface_write_to_png (surface, path);
      g_free (path);
      path = g_strconcat (g_getenv ("BIE_BENCH_MAP_PNG"), "-localidad.png", NULL);
      bie_map_project (-74.105, 4.62, &view.center_x, &view.center_y);
      view.scale = BIE_MAP_METRES_PER_UNIT / 12;
      bie_map_renderer_draw (renderer, cr, &view, NULL);
      cairo_surface_write_to_png (surface, path);
    }
  bench_households (renderer, snapshot, cr);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return 0;
}
