/* bie-map-labels.c: the sector map's text and what stays put on the screen
 *
 * Labels of localidades (largest first) and, zoomed in, of sectors, each
 * with a halo that keeps it readable on every class colour, placed
 * greedily: a label whose box would touch one already placed, or the
 * legend and the other marks, is left out. Then the legend, the scale
 * bar, the north arrow and the bands of an exported image.
 *
 * On an image surface, labels are painted from images made once with
 * their halo; any other surface (PDF, SVG, print, a recording) gets them
 * as text.
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

/* Text */

void
bie_map_renderer_clear_text (BieMapRenderer *self)
{
  g_hash_table_remove_all (self->texts);
  g_hash_table_remove_all (self->rasters);
  for (guint i = 0; i < BIE_MAP_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
}

void
bie_map_renderer_set_text_scale (BieMapRenderer *self,
                                 double          text_scale)
{
  static const double sizes[BIE_MAP_N_FONTS] = { 12, 12, 10.5, 12.5, 16 };

  if (self->context != NULL && self->text_scale == text_scale)
    return;

  if (self->context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      /* Unhinted metrics: text measures the same on every surface. */
      self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (self->context, options);
      cairo_font_options_destroy (options);
      pango_context_set_round_glyph_positions (self->context, FALSE);
      pango_context_set_language (self->context, pango_language_get_default ());
    }

  bie_map_renderer_clear_text (self);
  self->text_scale = text_scale;
  for (guint i = 0; i < BIE_MAP_N_FONTS; i++)
    {
      self->fonts[i] = pango_font_description_from_string (BIE_MAP_FONT);
      pango_font_description_set_absolute_size (self->fonts[i], sizes[i] * text_scale * PANGO_SCALE);
    }
  pango_font_description_set_weight (self->fonts[BIE_MAP_FONT_BOLD], PANGO_WEIGHT_BOLD);
  pango_font_description_set_weight (self->fonts[BIE_MAP_FONT_LABEL], PANGO_WEIGHT_BOLD);
  pango_font_description_set_weight (self->fonts[BIE_MAP_FONT_TITLE], PANGO_WEIGHT_BOLD);
}

/* A laid-out text, kept: a frame lays out nothing it laid out before.
 * @width > 0 wraps it at that width. */
PangoLayout *
bie_map_renderer_get_text (BieMapRenderer *self,
                           BieMapFont      font,
                           const char     *text,
                           double          width)
{
  g_autofree char *key = g_strdup_printf ("%d:%g:%s", font, width, text);
  PangoLayout *layout = g_hash_table_lookup (self->texts, key);

  if (layout != NULL)
    return layout;

  /* Cluster counts change with every zoom: keep the cache bounded. */
  if (g_hash_table_size (self->texts) > 4096)
    g_hash_table_remove_all (self->texts);

  layout = pango_layout_new (self->context);
  pango_layout_set_font_description (layout, self->fonts[font]);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  else
    pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  g_hash_table_insert (self->texts, g_steal_pointer (&key), layout);

  return layout;
}

static gboolean
boxes_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Takes @box when it is inside the view and touches no box taken. */
static gboolean
take_box (BieMapFrame             *frame,
          const cairo_rectangle_t *box)
{
  if (box->x < 0 || box->y < 0 ||
      box->x + box->width > frame->view->width || box->y + box->height > frame->view->height)
    return FALSE;
  for (guint i = 0; i < frame->boxes->len; i++)
    if (boxes_overlap (box, &g_array_index (frame->boxes, cairo_rectangle_t, i)))
      return FALSE;
  g_array_append_val (frame->boxes, *box);

  return TRUE;
}

static void
reserve_box (BieMapFrame *frame,
             double       x,
             double       y,
             double       width,
             double       height)
{
  cairo_rectangle_t box = { x, y, width, height };

  g_array_append_val (frame->boxes, box);
}

/* Text in the foreground colour, with a halo of the background around it
 * when @halo (readable on every class colour): painted from a kept image
 * on an image surface, else as paths. */
void
bie_map_frame_paint_text (BieMapFrame *frame,
                          BieMapFont   font,
                          const char  *text,
                          double       x,
                          double       y,
                          gboolean     halo)
{
  BieMapRenderer *self = frame->self;
  PangoLayout *layout = bie_map_renderer_get_text (self, font, text, 0);
  double pad = halo ? 3 * frame->ts : 0;
  cairo_t *cr = frame->cr;

  if (frame->raster)
    {
      g_autofree char *key = g_strdup_printf ("%d:%d:%s", font, halo, text);
      cairo_surface_t *image = g_hash_table_lookup (self->rasters, key);

      if (image == NULL)
        {
          int w = (int) ceil (bie_render_text_width (layout) + 2 * pad + 2);
          int h = (int) ceil (bie_render_text_height (layout) + 2 * pad + 2);
          cairo_t *icr;

          /* Cluster counts change with every zoom: keep the cache bounded. */
          if (g_hash_table_size (self->rasters) > 4096)
            g_hash_table_remove_all (self->rasters);
          image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
          icr = cairo_create (image);
          cairo_move_to (icr, pad + 1, pad + 1);
          pango_cairo_layout_path (icr, layout);
          if (halo)
            {
              cairo_set_line_join (icr, CAIRO_LINE_JOIN_ROUND);
              cairo_set_line_width (icr, 2 * pad);
              bie_map_set_colour (icr, &frame->style->halo, 0.9);
              cairo_stroke_preserve (icr);
            }
          bie_map_set_colour (icr, &frame->style->foreground, 1);
          cairo_fill (icr);
          cairo_destroy (icr);
          g_hash_table_insert (self->rasters, g_steal_pointer (&key), image);
        }
      /* Whole pixels: the image is painted as it was drawn. */
      cairo_set_source_surface (cr, image, round (x - pad - 1), round (y - pad - 1));
      cairo_paint (cr);
      return;
    }

  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  if (halo)
    {
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 2 * pad);
      bie_map_set_colour (cr, &frame->style->halo, 0.9);
      cairo_stroke_preserve (cr);
    }
  bie_map_set_colour (cr, &frame->style->foreground, 1);
  cairo_fill (cr);
}

static void
draw_halo_text (BieMapFrame *frame,
                BieMapFont   font,
                const char  *text,
                double       x,
                double       y)
{
  bie_map_frame_paint_text (frame, font, text, x, y, TRUE);
}

void
bie_map_frame_draw_text (BieMapFrame   *frame,
                         PangoLayout   *layout,
                         const BieRgba *colour,
                         double         x,
                         double         y)
{
  cairo_move_to (frame->cr, x, y);
  bie_map_set_colour (frame->cr, colour, 1);
  pango_cairo_show_layout (frame->cr, layout);
}

/* Labels */

static gboolean
place_label (BieMapFrame *frame,
             BieMapFont   font,
             const char  *text,
             double       px,
             double       py,
             double       max_width)
{
  PangoLayout *layout = bie_map_renderer_get_text (frame->self, font, text, 0);
  double w = bie_render_text_width (layout), h = bie_render_text_height (layout);
  double sx = (px - frame->view->center_x) * frame->view->scale + frame->view->width / 2.0;
  double sy = (py - frame->view->center_y) * frame->view->scale + frame->view->height / 2.0;
  cairo_rectangle_t box = { sx - w / 2 - 3, sy - h / 2 - 1, w + 6, h + 2 };

  if (w > max_width || !take_box (frame, &box))
    return FALSE;
  draw_halo_text (frame, font, text, sx - w / 2, sy - h / 2);

  return TRUE;
}

void
bie_map_frame_draw_labels (BieMapFrame *frame)
{
  BieMapRenderer *self = frame->self;
  double sector_px = self->sector_height * frame->view->scale;

  /* Localidades, largest first. */
  for (guint i = 0; i < self->n_localidades; i++)
    {
      guint l = self->label_order[i];
      const BieMapLocalidadInfo *info = &self->localidades[l];
      BieMapLocalidad *localidad = g_ptr_array_index (self->snapshot->localidades, l);

      if (localidad->name == NULL || info->area <= 0 ||
          info->x1 < frame->x0 || info->x0 > frame->x1 || info->y1 < frame->y0 || info->y0 > frame->y1)
        continue;
      place_label (frame, BIE_MAP_FONT_LABEL, localidad->name, info->label_x, info->label_y,
                   (info->x1 - info->x0) * frame->view->scale * 1.5);
    }

  /* Sector codes once a sector is big enough to hold one. */
  if (sector_px >= 40 * frame->ts)
    for (guint i = 0; i < frame->visible->len; i++)
      {
        guint s = g_array_index (frame->visible, guint, i);
        const BieMapSectorInfo *info = &self->sectors[s];
        BieMapSector *sector = g_ptr_array_index (self->snapshot->sectors, s);

        if (sector->code != NULL)
          place_label (frame, BIE_MAP_FONT_SMALL, sector->code, info->label_x, info->label_y,
                       (info->x1 - info->x0) * frame->view->scale);
      }
}

/* What stays put on the screen */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static char *
sectors_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sector", "%u sectors", n), n);
}

/* The legend's rows: title, unit, classes, No data. */
static void
legend_size (BieMapFrame *frame,
             double      *width,
             double      *height)
{
  BieMapRenderer *self = frame->self;
  double ts = frame->ts, pad = 10 * ts, swatch = 22 * ts, gap = 8 * ts;
  double label_w = 0, count_w = 0, row_h = 18 * ts;
  PangoLayout *title = bie_map_renderer_get_text (self, BIE_MAP_FONT_BOLD, self->figures->title ? self->figures->title : "", 240 * ts);
  PangoLayout *unit = bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, self->figures->unit ? self->figures->unit : "", 240 * ts);
  g_autofree char *no_data_count = sectors_text (self->n_no_data);

  for (guint c = 0; c < self->n_classes; c++)
    {
      g_autofree char *count = sectors_text (self->classes[c].n_sectors);

      label_w = MAX (label_w, bie_render_text_width (bie_map_renderer_get_text (self, BIE_MAP_FONT_NORMAL, self->classes[c].label, 0)));
      count_w = MAX (count_w, bie_render_text_width (bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, count, 0)));
    }
  label_w = MAX (label_w, bie_render_text_width (bie_map_renderer_get_text (self, BIE_MAP_FONT_NORMAL, _("No data"), 0)));
  count_w = MAX (count_w, bie_render_text_width (bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, no_data_count, 0)));

  *width = 2 * pad + MAX (MAX (bie_render_text_width (title), bie_render_text_width (unit)),
                          swatch + gap + label_w + 2 * gap + count_w);
  *height = 2 * pad + bie_render_text_height (title) + bie_render_text_height (unit) + gap +
            (self->n_classes + 1) * row_h;
}

static void
draw_legend (BieMapFrame             *frame,
             const cairo_rectangle_t *box)
{
  BieMapRenderer *self = frame->self;
  cairo_t *cr = frame->cr;
  double ts = frame->ts, pad = 10 * ts, swatch = 22 * ts, gap = 8 * ts, row_h = 18 * ts;
  PangoLayout *title = bie_map_renderer_get_text (self, BIE_MAP_FONT_BOLD, self->figures->title ? self->figures->title : "", 240 * ts);
  PangoLayout *unit = bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, self->figures->unit ? self->figures->unit : "", 240 * ts);
  double y = box->y + pad, label_x = box->x + pad + swatch + gap, count_right = box->x + box->width - pad;

  cairo_new_path (cr);
  rounded_rect (cr, box->x, box->y, box->width, box->height, 6 * ts);
  bie_map_set_colour (cr, &frame->style->panel, 0.94);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  bie_map_set_colour (cr, &frame->style->foreground, 0.25);
  cairo_stroke (cr);

  bie_map_frame_draw_text (frame, title, &frame->style->foreground, box->x + pad, y);
  y += bie_render_text_height (title);
  bie_map_frame_draw_text (frame, unit, &frame->style->foreground, box->x + pad, y);
  y += bie_render_text_height (unit) + gap;

  /* Values run down from the lowest, as a reader expects a scale to; the
   * colour says which end is worse. */
  for (guint c = 0; c <= self->n_classes; c++)
    {
      gboolean no_data = c == self->n_classes;
      g_autofree char *count = sectors_text (no_data ? self->n_no_data : self->classes[c].n_sectors);
      PangoLayout *label = bie_map_renderer_get_text (self, BIE_MAP_FONT_NORMAL, no_data ? _("No data") : self->classes[c].label, 0);
      PangoLayout *counted = bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, count, 0);
      double sh = row_h - 4 * ts;

      cairo_new_path (cr);
      cairo_rectangle (cr, box->x + pad, round (y + 2 * ts), swatch, round (sh));
      if (no_data)
        bie_map_frame_fill_no_data (frame);
      else
        {
          cairo_set_source_rgb (cr, self->classes[c].red, self->classes[c].green, self->classes[c].blue);
          cairo_fill (cr);
        }
      bie_map_frame_draw_text (frame, label, &frame->style->foreground, label_x, y + (row_h - bie_render_text_height (label)) / 2);
      bie_map_frame_draw_text (frame, counted, &frame->style->foreground, count_right - bie_render_text_width (counted),
                 y + (row_h - bie_render_text_height (counted)) / 2);
      y += row_h;
    }
}

/* The largest of 1, 2 and 5 times a power of ten metres that is at most
 * @max_px long. */
static double
scale_bar_metres (double metres_per_px,
                  double max_px)
{
  double limit = metres_per_px * max_px, best = 10;

  for (double p = 1; p <= 1e7; p *= 10)
    for (guint i = 0; i < 3; i++)
      {
        double d = p * (i == 0 ? 1 : i == 1 ? 2 : 5);

        if (d <= limit && d >= 10)
          best = d;
      }

  return best;
}

void
bie_map_frame_layout_overlay (BieMapFrame   *frame,
                              BieMapOverlay *overlay)
{
  BieMapRenderer *self = frame->self;
  const BieMapDrawOptions *options = frame->options;
  double ts = frame->ts, margin = 12 * ts, w = frame->view->width, h = frame->view->height;

  memset (overlay, 0, sizeof *overlay);
  if (options->title != NULL || options->subtitle != NULL)
    {
      overlay->header_h = 2 * margin;
      if (options->title != NULL)
        overlay->header_h += bie_render_text_height (bie_map_renderer_get_text (self, BIE_MAP_FONT_TITLE, options->title, w - 2 * margin));
      if (options->subtitle != NULL)
        overlay->header_h += bie_render_text_height (bie_map_renderer_get_text (self, BIE_MAP_FONT_NORMAL, options->subtitle, w - 2 * margin));
      reserve_box (frame, 0, 0, w, overlay->header_h);
    }
  if (options->source_note != NULL)
    {
      overlay->footer_h = margin + bie_render_text_height (bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, options->source_note, w - 2 * margin));
      reserve_box (frame, 0, h - overlay->footer_h, w, overlay->footer_h);
    }

  if (options->show_legend && self->figures != NULL)
    {
      legend_size (frame, &overlay->legend.width, &overlay->legend.height);
      overlay->legend.x = margin;
      overlay->legend.y = h - overlay->footer_h - margin - overlay->legend.height;
      reserve_box (frame, overlay->legend.x, overlay->legend.y, overlay->legend.width, overlay->legend.height);
    }

  if (options->show_scale_bar)
    {
      double metres = scale_bar_metres (bie_map_view_metres_per_pixel (frame->view), 140 * ts);

      overlay->bar_px = metres / bie_map_view_metres_per_pixel (frame->view);
      if (metres >= 1000)
        /* TRANSLATORS: a distance on the map's scale bar, in kilometres */
        g_snprintf (overlay->bar_text, sizeof overlay->bar_text, _("%g km"), metres / 1000);
      else
        /* TRANSLATORS: a distance on the map's scale bar, in metres */
        g_snprintf (overlay->bar_text, sizeof overlay->bar_text, _("%g m"), metres);
      overlay->scale_bar.width = overlay->bar_px + 8 * ts;
      overlay->scale_bar.height = 30 * ts;
      overlay->scale_bar.x = w - margin - overlay->scale_bar.width;
      overlay->scale_bar.y = h - overlay->footer_h - margin - overlay->scale_bar.height;
      reserve_box (frame, overlay->scale_bar.x, overlay->scale_bar.y, overlay->scale_bar.width, overlay->scale_bar.height);
    }

  if (options->show_north_arrow)
    {
      overlay->north.width = 28 * ts;
      overlay->north.height = 46 * ts;
      overlay->north.x = w - margin - overlay->north.width;
      overlay->north.y = overlay->header_h + margin;
      reserve_box (frame, overlay->north.x, overlay->north.y, overlay->north.width, overlay->north.height);
    }
}

static void
draw_scale_bar (BieMapFrame         *frame,
                const BieMapOverlay *overlay)
{
  cairo_t *cr = frame->cr;
  PangoLayout *label = bie_map_renderer_get_text (frame->self, BIE_MAP_FONT_SMALL, overlay->bar_text, 0);
  double ts = frame->ts;
  double x0 = round (overlay->scale_bar.x + 4 * ts), x1 = x0 + overlay->bar_px;
  double y = round (overlay->scale_bar.y + overlay->scale_bar.height - 6 * ts) + 0.5;

  cairo_new_path (cr);
  cairo_move_to (cr, x0, y - 6 * ts);
  cairo_line_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_line_to (cr, x1, y - 6 * ts);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width (cr, 4 * ts);
  bie_map_set_colour (cr, &frame->style->halo, 0.9);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 1.5 * ts);
  bie_map_set_colour (cr, &frame->style->foreground, 1);
  cairo_stroke (cr);
  draw_halo_text (frame, BIE_MAP_FONT_SMALL, overlay->bar_text,
                  (x0 + x1) / 2 - bie_render_text_width (label) / 2,
                  y - 8 * ts - bie_render_text_height (label));
}

static void
draw_north_arrow (BieMapFrame         *frame,
                  const BieMapOverlay *overlay)
{
  cairo_t *cr = frame->cr;
  /* TRANSLATORS: the letter for north on the map's north arrow */
  const char *north = C_("compass", "N");
  PangoLayout *label = bie_map_renderer_get_text (frame->self, BIE_MAP_FONT_BOLD, north, 0);
  double ts = frame->ts;
  double cx = overlay->north.x + overlay->north.width / 2;
  double top = overlay->north.y + bie_render_text_height (label) + 2 * ts;
  double bottom = overlay->north.y + overlay->north.height;

  draw_halo_text (frame, BIE_MAP_FONT_BOLD, north, cx - bie_render_text_width (label) / 2, overlay->north.y);
  /* The map is drawn north up: the arrow always points to the top. */
  cairo_new_path (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + 8 * ts, bottom);
  cairo_line_to (cr, cx, bottom - 6 * ts);
  cairo_line_to (cr, cx - 8 * ts, bottom);
  cairo_close_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 3 * ts);
  bie_map_set_colour (cr, &frame->style->halo, 0.9);
  cairo_stroke_preserve (cr);
  bie_map_set_colour (cr, &frame->style->foreground, 1);
  cairo_fill (cr);
}

static void
draw_bands (BieMapFrame         *frame,
            const BieMapOverlay *overlay)
{
  BieMapRenderer *self = frame->self;
  const BieMapDrawOptions *options = frame->options;
  cairo_t *cr = frame->cr;
  double margin = 12 * frame->ts, w = frame->view->width, h = frame->view->height;

  if (overlay->header_h > 0)
    {
      double y = margin;

      cairo_new_path (cr);
      cairo_rectangle (cr, 0, 0, w, overlay->header_h);
      bie_map_set_colour (cr, &frame->style->panel, 1);
      cairo_fill (cr);
      if (options->title != NULL)
        {
          PangoLayout *title = bie_map_renderer_get_text (self, BIE_MAP_FONT_TITLE, options->title, w - 2 * margin);

          bie_map_frame_draw_text (frame, title, &frame->style->foreground, margin, y);
          y += bie_render_text_height (title);
        }
      if (options->subtitle != NULL)
        bie_map_frame_draw_text (frame, bie_map_renderer_get_text (self, BIE_MAP_FONT_NORMAL, options->subtitle, w - 2 * margin),
                   &frame->style->foreground, margin, y);
    }
  if (overlay->footer_h > 0)
    {
      cairo_new_path (cr);
      cairo_rectangle (cr, 0, h - overlay->footer_h, w, overlay->footer_h);
      bie_map_set_colour (cr, &frame->style->panel, 1);
      cairo_fill (cr);
      bie_map_frame_draw_text (frame, bie_map_renderer_get_text (self, BIE_MAP_FONT_SMALL, options->source_note, w - 2 * margin),
                 &frame->style->foreground, margin, h - overlay->footer_h + margin / 2);
    }
}

/* The legend, the scale bar, the north arrow and the bands, over all. */
void
bie_map_frame_draw_overlay (BieMapFrame         *frame,
                            const BieMapOverlay *overlay)
{
  if (overlay->legend.width > 0)
    draw_legend (frame, &overlay->legend);
  if (overlay->bar_px > 0)
    draw_scale_bar (frame, overlay);
  if (overlay->north.width > 0)
    draw_north_arrow (frame, overlay);
  draw_bands (frame, overlay);
}
