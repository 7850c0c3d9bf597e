/* bie-map-export.c: the sector map into a PNG, SVG or PDF file
 *
 * The renderer draws the same picture for the window, the printer and
 * files; here it draws once into a surface of the file's kind. The file
 * appears complete or not at all: Cairo writes beside it, and a rename
 * puts the result in its place.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "bie-map-export.h"
#include "bie-plan-pages.h"

#define EXPORT_WIDTH_PX  1600
#define EXPORT_HEIGHT_PX 1000
#define A4_LONG_PT       842
#define A4_SHORT_PT      595

/**
 * bie_map_caption_new:
 * @figures: (nullable): the theme shown
 * @demo: whether the cache holds the demo city, which the note must say
 * @today: the day the map is of
 */
BieMapCaption *
bie_map_caption_new (const BieMapFigures  *figures,
                     const BieMapSnapshot *snapshot,
                     gboolean              demo,
                     const GDate          *today)
{
  BieMapCaption *caption = g_new0 (BieMapCaption, 1);
  g_autofree char *households = g_strdup_printf ("%\'u", snapshot->n_households);
  char day[64];

  if (figures != NULL)
    /* Translators: the title of an exported map: the theme and its unit */
    caption->title = g_strdup_printf (_("%s, %s"), figures->title, figures->unit);
  else
    caption->title = g_strdup (_("Cadastral sectors"));

  /* Translators: the date on an exported map, as strftime() writes it */
  g_date_strftime (day, sizeof day, _("%-d %B %Y"), today);
  caption->subtitle = g_strdup (day);

  caption->source_note = g_strdup_printf (demo ?
                                          /* Translators: %s is a number of households */
                                          _("Source: Bienestar local cache, %s households of the demo "
                                            "city (synthetic data)") :
                                          /* Translators: %s is a number of households */
                                          _("Source: Bienestar local cache, %s households"),
                                          households);

  return caption;
}

void
bie_map_caption_free (BieMapCaption *caption)
{
  if (caption == NULL)
    return;

  g_free (caption->title);
  g_free (caption->subtitle);
  g_free (caption->source_note);
  g_free (caption);
}

void
bie_map_caption_apply (const BieMapCaption *caption,
                       BieMapDrawOptions   *options)
{
  options->title = caption->title;
  options->subtitle = caption->subtitle;
  options->source_note = caption->source_note;
  options->show_legend = TRUE;
  options->show_scale_bar = TRUE;
  options->show_north_arrow = TRUE;
}

void
bie_map_view_resize (const BieMapView *view,
                     int               width,
                     int               height,
                     BieMapView       *resized)
{
  double factor = MIN ((double) width / MAX (view->width, 1), (double) height / MAX (view->height, 1));

  *resized = *view;
  resized->width = width;
  resized->height = height;
  resized->scale = view->scale * factor;
}

void
bie_map_export_view (const BieMapView *view,
                     BieMapFormat      format,
                     BieMapView       *exported)
{
  if (format == BIE_MAP_FORMAT_PNG)
    bie_map_view_resize (view, EXPORT_WIDTH_PX, EXPORT_HEIGHT_PX, exported);
  else
    bie_map_view_resize (view, A4_LONG_PT, A4_SHORT_PT, exported);
}

/**
 * bie_map_format_from_path:
 * @format: (out): the format the file's extension names
 *
 * Returns: whether the extension is .png, .svg or .pdf, in any case
 */
gboolean
bie_map_format_from_path (const char   *path,
                          BieMapFormat *format)
{
  static const struct {
    const char   *extension;
    BieMapFormat  format;
  } formats[] = {
    { ".png", BIE_MAP_FORMAT_PNG },
    { ".svg", BIE_MAP_FORMAT_SVG },
    { ".pdf", BIE_MAP_FORMAT_PDF },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].extension))
      {
        *format = formats[i].format;
        return TRUE;
      }

  return FALSE;
}

static cairo_surface_t *
create_surface (BieMapFormat  format,
                const char   *path,
                double        width,
                double        height)
{
  switch (format)
    {
    case BIE_MAP_FORMAT_PNG:
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    case BIE_MAP_FORMAT_SVG:
      return cairo_svg_surface_create (path, width, height);
    case BIE_MAP_FORMAT_PDF:
      {
        cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);

        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Sector map"));
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Bienestar " PACKAGE_VERSION);
        return surface;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_map_export:
 * @view: what to draw, and the size of the picture: pixels for PNG,
 *   points (1/72 inch) for SVG and PDF
 * @options: what to draw over the map: title, date, source note, legend
 * @path: the file, replaced only once it is complete
 *
 * Returns: whether the file was written; @error says why not
 */
gboolean
bie_map_export (BieMapRenderer           *renderer,
                const BieMapView         *view,
                const BieMapDrawOptions  *options,
                BieMapFormat              format,
                const char               *path,
                GError                  **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *name = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int fd;

  g_return_val_if_fail (renderer != NULL, FALSE);
  g_return_val_if_fail (view != NULL && view->width > 0 && view->height > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Beside the file, so the rename that completes it is atomic. */
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved_errno = errno;

      name = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  surface = create_surface (format, tmp_path, view->width, view->height);
  cr = cairo_create (surface);
  bie_map_renderer_draw (renderer, cr, view, options);
  cairo_destroy (cr);

  if (format == BIE_MAP_FORMAT_PNG)
    status = cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ?
             cairo_surface_status (surface) : cairo_surface_write_to_png (surface, tmp_path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && g_rename (tmp_path, path) == 0)
    return TRUE;

  name = g_filename_display_name (path);
  g_set_error (error, BIE_RENDER_ERROR, BIE_RENDER_ERROR_FAILED, _("Could not write “%s”: %s"), name,
               status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
  g_unlink (tmp_path);

  return FALSE;
}
