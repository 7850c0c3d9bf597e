/* bie-map-draw.c: drawing the sector map
 *
 * From the back to the front: the sectors filled by class (one path and
 * one fill per class), their edges (one stroke), the localidades' outlines,
 * the hovered, selected and focused sectors, the households (points or
 * clusters), the labels, then what stays put on the screen: legend, scale
 * bar, north arrow and the bands of an exported image.
 *
 * Paths come from the prepared zoom level nearest the view's scale (see
 * bie-map-prepare.c): the cairo matrix scales them by what is left, so a
 * frame projects and simplifies nothing. The labels and the marks that
 * stay put are in bie-map-labels.c.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bie-map-private.h"
#include "bie-render-text.h"

/* Paths */

/* Appends the rings of the level's @spans to the path, in screen
 * coordinates through the cairo matrix. */
static void
append_rings (BieMapFrame      *frame,
              GArray           *rings,
              const BieMapSpan *spans,
              gboolean          close)
{
  const float *points = (const float *) frame->level->points->data;

  for (guint r = spans->first; r < spans->first + spans->n; r++)
    {
      const BieMapSpan *ring = &g_array_index (rings, BieMapSpan, r);
      const float *p = points + 2 * ring->first;

      cairo_move_to (frame->cr, p[0], p[1]);
      for (guint i = 1; i < ring->n; i++)
        cairo_line_to (frame->cr, p[2 * i], p[2 * i + 1]);
      if (close)
        cairo_close_path (frame->cr);
    }
}

static void
begin_level_path (BieMapFrame *frame)
{
  cairo_new_path (frame->cr);
  cairo_save (frame->cr);
  cairo_translate (frame->cr, frame->tx, frame->ty);
  cairo_scale (frame->cr, frame->k, frame->k);
}

/* The path stays in device space; fills and strokes are then in pixels. */
static void
end_level_path (BieMapFrame *frame)
{
  cairo_restore (frame->cr);
}

static void
sector_path (BieMapFrame *frame,
             guint        s)
{
  begin_level_path (frame);
  append_rings (frame, frame->level->rings, &frame->level->sector_rings[s], TRUE);
  end_level_path (frame);
}

static cairo_pattern_t *
get_hatch (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;

  if (self->hatch == NULL)
    {
      cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
      cairo_t *cr = cairo_create (tile);

      /* Two strokes, so that the stripes meet across tiles. */
      bie_map_set_colour (cr, &self->style.hatch, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, -1, 9);
      cairo_line_to (cr, 9, -1);
      cairo_move_to (cr, -1, 1);
      cairo_line_to (cr, 1, -1);
      cairo_move_to (cr, 7, 9);
      cairo_line_to (cr, 9, 7);
      cairo_stroke (cr);
      cairo_destroy (cr);
      self->hatch = cairo_pattern_create_for_surface (tile);
      cairo_pattern_set_extend (self->hatch, CAIRO_EXTEND_REPEAT);
      cairo_surface_destroy (tile);
    }

  return self->hatch;
}

/* A swatch of No data: its grey and its stripes, over the current path. */
void
bie_map_frame_fill_no_data (BieMapFrame *frame)
{
  bie_map_set_colour (frame->cr, &frame->style->no_data, 1);
  cairo_fill_preserve (frame->cr);
  cairo_set_source (frame->cr, get_hatch (frame));
  cairo_fill (frame->cr);
}

/* Sectors */

static void
find_visible (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;

  for (guint i = 0; i < self->n_sectors; i++)
    {
      guint s = self->sector_order[i];
      const BieMapSectorInfo *info = &self->sectors[s];

      if (info->x1 >= frame->x0 && info->x0 <= frame->x1 &&
          info->y1 >= frame->y0 && info->y0 <= frame->y1 &&
          frame->level->sector_rings[s].n > 0)
        g_array_append_val (frame->visible, s);
    }
}

/* Paths are filled or stroked every so many points: cairo's cost grows
 * with the box a path covers as well as with its edges, so small boxes
 * of neighbours (the sectors come in Morton order) are cheaper than one
 * path across the view. */
#define CHUNK_POINTS 160

static void
fill_class (BieMapFrame *frame,
            int          c)
{
  BieMapRenderer *self = frame->self;

  if (c >= 0)
    {
      cairo_set_source_rgb (frame->cr, self->classes[c].red, self->classes[c].green, self->classes[c].blue);
      cairo_fill (frame->cr);
    }
  else if (self->figures == NULL)
    {
      bie_map_set_colour (frame->cr, &frame->style->neutral, 1);
      cairo_fill (frame->cr);
    }
  else
    bie_map_frame_fill_no_data (frame);
}

/* Strokes the pieces in view, a few at a time. */
static void
stroke_pieces (BieMapFrame *frame,
               GArray      *spans,
               GArray      *bounds)
{
  BieMapRenderer *self = frame->self;
  BieMapLevel *level = frame->level;
  const float *box = (const float *) bounds->data;
  double pad = 4 / frame->k;
  double lx0 = (frame->x0 - self->origin_x) * level->scale - pad, lx1 = (frame->x1 - self->origin_x) * level->scale + pad;
  double ly0 = (frame->y0 - self->origin_y) * level->scale - pad, ly1 = (frame->y1 - self->origin_y) * level->scale + pad;
  guint points = 0;

  begin_level_path (frame);
  for (guint e = 0; e < spans->len; e++, box += 4)
    {
      BieMapSpan one = { e, 1 };

      if (box[2] < lx0 || box[0] > lx1 || box[3] < ly0 || box[1] > ly1)
        continue;
      append_rings (frame, spans, &one, FALSE);
      points += g_array_index (spans, BieMapSpan, e).n;
      if (points >= CHUNK_POINTS)
        {
          end_level_path (frame);
          cairo_stroke (frame->cr);
          begin_level_path (frame);
          points = 0;
        }
    }
  end_level_path (frame);
  cairo_stroke (frame->cr);
}

static void
draw_sectors (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  BieMapLevel *level = frame->level;
  const guint *visible = (const guint *) frame->visible->data;
  guint points = 0;
  double edge;

  cairo_set_fill_rule (frame->cr, CAIRO_FILL_RULE_EVEN_ODD);
  /* No antialiasing for the fills on an image, a third faster: the edges
   * stroked over them hide where they meet. */
  if (frame->raster)
    cairo_set_antialias (frame->cr, CAIRO_ANTIALIAS_NONE);

  /* By class: -1 is No data, or every sector when there are no figures. */
  for (int c = -1; c < (int) self->n_classes; c++)
    {
      begin_level_path (frame);
      points = 0;
      for (guint i = 0; i < frame->visible->len; i++)
        {
          const BieMapSpan *rings = &level->sector_rings[visible[i]];

          if (self->sectors[visible[i]].klass != c)
            continue;
          append_rings (frame, level->rings, rings, TRUE);
          points += g_array_index (level->rings, BieMapSpan, rings->first).n;
          if (points >= CHUNK_POINTS)
            {
              end_level_path (frame);
              fill_class (frame, c);
              begin_level_path (frame);
              points = 0;
            }
        }
      end_level_path (frame);
      if (points > 0)
        fill_class (frame, c);
      else
        cairo_new_path (frame->cr);
    }

  /* Every edge once. Where sectors are small, on an image, a line of one
   * whole pixel without antialiasing: as thin as the eye reads there,
   * unbroken, and stroked at half the cost of a finer antialiased one. */
  edge = CLAMP (self->sector_height * frame->view->scale / 25, 0.5, 1.2);
  if (frame->raster && edge < 1)
    {
      cairo_set_antialias (frame->cr, CAIRO_ANTIALIAS_NONE);
      edge = 1;
    }
  cairo_set_line_width (frame->cr, edge);
  cairo_set_line_join (frame->cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (frame->cr, CAIRO_LINE_CAP_BUTT);
  bie_map_set_colour (frame->cr, &frame->style->sector_edge, 1);
  stroke_pieces (frame, level->edges, level->edge_bounds);
  cairo_set_antialias (frame->cr, CAIRO_ANTIALIAS_DEFAULT);
}

static void
draw_boundaries (BieMapFrame *frame)
{
  /* Round ends, so that the pieces of a line join without a notch. */
  cairo_set_line_width (frame->cr, 1.8);
  cairo_set_line_join (frame->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (frame->cr, CAIRO_LINE_CAP_ROUND);
  bie_map_set_colour (frame->cr, &frame->style->boundary, 1);
  stroke_pieces (frame, frame->level->lines, frame->level->line_bounds);
  cairo_set_line_cap (frame->cr, CAIRO_LINE_CAP_BUTT);
}

static void
draw_marked_sectors (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  const BieMapDrawOptions *options = frame->options;
  cairo_t *cr = frame->cr;
  int s;

  if (options->highlighted_sector != 0 &&
      (s = bie_map_snapshot_find_sector (self->snapshot, options->highlighted_sector)) >= 0)
    {
      sector_path (frame, s);
      bie_map_set_colour (cr, &frame->style->halo, 0.3);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 2);
      bie_map_set_colour (cr, &frame->style->foreground, 0.8);
      cairo_stroke (cr);
    }

  if (options->selected_sector != 0 &&
      (s = bie_map_snapshot_find_sector (self->snapshot, options->selected_sector)) >= 0)
    {
      sector_path (frame, s);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 5);
      bie_map_set_colour (cr, &frame->style->halo, 1);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 3);
      bie_map_set_colour (cr, &frame->style->accent, 1);
      cairo_stroke (cr);
    }

  if (options->focused_sector != 0 &&
      (s = bie_map_snapshot_find_sector (self->snapshot, options->focused_sector)) >= 0)
    {
      static const double dashes[] = { 5, 3 };

      /* Dashes over a solid halo: seen on every colour and distinct from
       * the selection. */
      sector_path (frame, s);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 4);
      bie_map_set_colour (cr, &frame->style->halo, 1);
      cairo_stroke_preserve (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 2);
      bie_map_set_colour (cr, &frame->style->foreground, 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* Households */

static void
screen_of (BieMapFrame *frame,
           double       x,
           double       y,
           double      *sx,
           double      *sy)
{
  const BieMapView *view = frame->view;

  *sx = (frame->self->origin_x + x - view->center_x) * view->scale + view->width / 2.0;
  *sy = (frame->self->origin_y + y - view->center_y) * view->scale + view->height / 2.0;
}

/* Adds a disc of @radius at (@x, @y) to an A8 mask, keeping the larger
 * coverage where discs overlap. */
static void
stamp_disc (guint8 *data,
            int     stride,
            int     width,
            int     height,
            double  x,
            double  y,
            double  radius)
{
  int x0 = MAX (0, (int) floor (x - radius - 1)), x1 = MIN (width - 1, (int) ceil (x + radius + 1));
  int y0 = MAX (0, (int) floor (y - radius - 1)), y1 = MIN (height - 1, (int) ceil (y + radius + 1));

  for (int py = y0; py <= y1; py++)
    {
      guint8 *row = data + (gsize) py * stride;
      double dy = py + 0.5 - y;

      for (int px = x0; px <= x1; px++)
        {
          double dx = px + 0.5 - x;
          double coverage = radius + 0.5 - sqrt (dx * dx + dy * dy);
          guint8 value;

          if (coverage <= 0)
            continue;
          value = coverage >= 1 ? 255 : (guint8) (coverage * 255);
          row[px] = MAX (row[px], value);
        }
    }
}

static void
draw_points (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  cairo_t *cr = frame->cr;
  double r = 2.5 * frame->ts, pad = 2 * r / frame->view->scale;
  double x0 = frame->x0 - self->origin_x - pad, x1 = frame->x1 - self->origin_x + pad;
  double y0 = frame->y0 - self->origin_y - pad, y1 = frame->y1 - self->origin_y + pad;
  int width = frame->view->width, height = frame->view->height;
  cairo_surface_t *mask = NULL;
  guint cx0, cy0, cx1, cy1;

  bie_map_renderer_visible_cells (self, x0, y0, x1, y1, &cx0, &cy0, &cx1, &cy1);
  if (cx0 > cx1 || cy0 > cy1)
    return;

  /* On an image, the discs are drawn into a coverage mask and painted
   * through it: tens of thousands of discs cost a pass over the view
   * rather than as many paths. Any other surface gets vector discs. */
  if (frame->raster)
    {
      mask = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
      cairo_surface_flush (mask);
    }

  /* Two passes over the same cells: a light disc, then a dark one inside
   * it, so a point shows on every class colour. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (guint pass = 0; pass < 2; pass++)
    {
      double radius = pass == 0 ? r + 1 : r;
      guint n = 0;

      bie_map_set_colour (cr, pass == 0 ? &frame->style->point_edge : &frame->style->point_fill, 1);
      cairo_new_path (cr);
      if (mask != NULL)
        memset (cairo_image_surface_get_data (mask), 0, (gsize) cairo_image_surface_get_stride (mask) * height);
      for (guint cy = cy0; cy <= cy1; cy++)
        for (guint cx = cx0; cx <= cx1; cx++)
          {
            guint c = cy * self->grid_nx + cx;

            for (guint k = self->cell_start[c]; k < self->cell_start[c + 1]; k++)
              {
                float x = self->hh_xy[2 * k], y = self->hh_xy[2 * k + 1];
                double sx, sy;

                if (x < x0 || x > x1 || y < y0 || y > y1)
                  continue;
                screen_of (frame, x, y, &sx, &sy);
                if (mask != NULL)
                  {
                    stamp_disc (cairo_image_surface_get_data (mask), cairo_image_surface_get_stride (mask),
                                width, height, sx, sy, radius);
                    continue;
                  }
                /* A few dozen a path: the cells come row by row, so each
                 * path covers a small box. */
                cairo_move_to (cr, sx + radius, sy);
                cairo_arc (cr, sx, sy, radius, 0, 2 * G_PI);
                if (++n % 32 == 0)
                  cairo_fill (cr);
              }
          }
      if (mask != NULL)
        {
          cairo_surface_mark_dirty (mask);
          cairo_mask_surface (cr, mask, 0, 0);
        }
      else
        cairo_fill (cr);
    }

  g_clear_pointer (&mask, cairo_surface_destroy);
}

static void
format_count (guint  count,
              char  *buffer,
              gsize  size)
{
  /* Digits only: a count reads the same in every language. */
  if (count < 10000)
    g_snprintf (buffer, size, "%u", count);
  else
    g_snprintf (buffer, size, "%uk", (count + 500) / 1000);
}

/* A cluster's circle, its radius rounded to half a pixel, kept. */
static cairo_surface_t *
get_circle (BieMapFrame *frame,
            double       radius)
{
  BieMapRenderer *self = frame->self;
  int half_px = (int) round (radius * 2);
  g_autofree char *key = g_strdup_printf ("circle:%d", half_px);
  cairo_surface_t *image = g_hash_table_lookup (self->rasters, key);
  cairo_t *cr;
  int size;

  if (image != NULL)
    return image;

  radius = half_px / 2.0;
  size = (int) ceil (2 * radius + 4);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (image);
  cairo_arc (cr, size / 2.0, size / 2.0, radius, 0, 2 * G_PI);
  bie_map_set_colour (cr, &frame->style->cluster_fill, 0.7);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  bie_map_set_colour (cr, &frame->style->cluster_edge, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_hash_table_insert (self->rasters, g_steal_pointer (&key), image);

  return image;
}

static void
draw_clusters (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  g_autoptr(GArray) clusters = g_array_new (FALSE, FALSE, sizeof (BieMapCluster));
  cairo_t *cr = frame->cr;

  bie_map_renderer_collect_clusters (self, frame->view, frame->ts, clusters);
  if (clusters->len == 0)
    return;

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_line_width (cr, 1.5);
  cairo_new_path (cr);
  for (guint i = 0; i < clusters->len; i++)
    {
      const BieMapCluster *cluster = &g_array_index (clusters, BieMapCluster, i);

      /* On an image, a circle painted from a kept image of its size is
       * many times cheaper than filling and stroking an arc. */
      if (frame->raster)
        {
          cairo_surface_t *image = get_circle (frame, cluster->radius);
          double half = cairo_image_surface_get_width (image) / 2.0;

          cairo_set_source_surface (cr, image, round (cluster->x - half), round (cluster->y - half));
          cairo_paint (cr);
          continue;
        }

      /* A few dozen circles a path: the clusters come row by row, and
       * cairo fills many small paths faster than one across the view. */
      cairo_new_sub_path (cr);
      cairo_arc (cr, cluster->x, cluster->y, cluster->radius, 0, 2 * G_PI);
      if (i % 24 == 23 || i + 1 == clusters->len)
        {
          bie_map_set_colour (cr, &frame->style->cluster_fill, 0.7);
          cairo_fill_preserve (cr);
          bie_map_set_colour (cr, &frame->style->cluster_edge, 1);
          cairo_stroke (cr);
        }
    }

  for (guint i = 0; i < clusters->len; i++)
    {
      const BieMapCluster *cluster = &g_array_index (clusters, BieMapCluster, i);
      PangoLayout *layout;
      char text[16];

      format_count (cluster->count, text, sizeof text);
      layout = bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, text, 0);
      bie_map_frame_paint_text (frame, BIE_MAP_FONT_SMALL, text,
                                round (cluster->x - bie_render_text_width (layout) / 2),
                                round (cluster->y - bie_render_text_height (layout) / 2), FALSE);
    }
}

static void
draw_selected_household (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  gint64 id = frame->options->selected_household;
  cairo_t *cr = frame->cr;
  double sx, sy, r = 7 * frame->ts;
  guint k = G_MAXUINT;

  if (id == 0)
    return;
  if (self->found_household == id)
    k = self->found_household_k;
  else
    {
      for (guint i = 0; i < self->n_households; i++)
        if (self->snapshot->household_ids[self->hh_index[i]] == id)
          {
            k = i;
            break;
          }
      self->found_household = id;
      self->found_household_k = k;
    }
  if (k == G_MAXUINT)
    return;

  screen_of (frame, self->hh_xy[2 * k], self->hh_xy[2 * k + 1], &sx, &sy);
  cairo_new_path (cr);
  cairo_arc (cr, sx, sy, r, 0, 2 * G_PI);
  cairo_set_line_width (cr, 5);
  bie_map_set_colour (cr, &frame->style->halo, 1);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 2.5);
  bie_map_set_colour (cr, &frame->style->accent, 1);
  cairo_stroke (cr);
  cairo_arc (cr, sx, sy, 3 * frame->ts, 0, 2 * G_PI);
  bie_map_set_colour (cr, &frame->style->accent, 1);
  cairo_fill (cr);
}

/**
 * bie_map_renderer_draw:
 * @options: (nullable): what to show; %NULL for bie_map_draw_options_init()'s
 *
 * Draws the map as @view shows it into the rectangle (0, 0, view->width,
 * view->height) of @cr's user space.
 */
void
bie_map_renderer_draw (BieMapRenderer          *self,
                       cairo_t                 *cr,
                       const BieMapView        *view,
                       const BieMapDrawOptions *options)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  BieMapDrawOptions defaults;
  cairo_matrix_t matrix;
  double device_x, device_y;
  BieMapOverlay overlay;
  BieMapFrame frame;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL && view->scale > 0);

  if (options == NULL)
    {
      bie_map_draw_options_init (&defaults);
      options = &defaults;
    }

  bie_map_renderer_set_text_scale (self, options->text_scale > 0 ? CLAMP (options->text_scale, 0.25, 8) : 1);
  cairo_get_matrix (cr, &matrix);
  cairo_surface_get_device_scale (cairo_get_target (cr), &device_x, &device_y);

  frame = (BieMapFrame) {
    .self = self,
    .cr = cr,
    .view = view,
    .options = options,
    .style = &self->style,
    .level = bie_map_renderer_get_level (self, view->scale),
    .ts = self->text_scale,
    .raster = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE &&
              matrix.xx == 1 && matrix.yy == 1 && matrix.xy == 0 && matrix.yx == 0 &&
              device_x == 1 && device_y == 1,
    .visible = visible,
    .boxes = boxes,
  };
  frame.k = view->scale / frame.level->scale;
  frame.tx = (self->origin_x - view->center_x) * view->scale + view->width / 2.0;
  frame.ty = (self->origin_y - view->center_y) * view->scale + view->height / 2.0;
  bie_map_view_visible_rect (view, &frame.x0, &frame.y0, &frame.x1, &frame.y1);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  bie_map_set_colour (cr, &self->style.background, 1);
  cairo_paint (cr);

  find_visible (&frame);
  draw_sectors (&frame);
  draw_boundaries (&frame);
  draw_marked_sectors (&frame);
  if (options->show_households)
    {
      if (bie_map_renderer_households_as_points (self, view))
        draw_points (&frame);
      else
        draw_clusters (&frame);
    }
  draw_selected_household (&frame);

  /* The marks that stay put take their room first, so that no label
   * goes under them. */
  bie_map_frame_layout_overlay (&frame, &overlay);
  if (options->show_labels)
    bie_map_frame_draw_labels (&frame);
  bie_map_frame_draw_overlay (&frame, &overlay);

  cairo_restore (cr);
}
