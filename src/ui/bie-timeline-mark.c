/* bie-timeline-mark.c: the timeline's marks and colours, for widgets
 *
 * The colours the timeline widget draws with, taken from the renderer's
 * light or dark style and the widget's own text colour; and the marks of
 * the timeline as small pictures for its legend and the rows of the list
 * of a plan, so that a status reads the same everywhere.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-timeline-mark"

#include "config.h"

#include <adwaita.h>

#include "bie-timeline-mark.h"

static BieRgba
to_bie_rgba (const GdkRGBA *colour)
{
  return (BieRgba) { colour->red, colour->green, colour->blue, colour->alpha };
}

/**
 * bie_text_scale_for_widget:
 *
 * How much larger than usual text is, as the Large Text setting makes it:
 * what the Cairo renderers scale their text by.
 */
double
bie_text_scale_for_widget (GtkWidget *widget)
{
  int dpi = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-xft-dpi", &dpi, NULL);

  return dpi > 0 ? CLAMP (dpi / (96.0 * 1024.0), 0.5, 3.0) : 1.0;
}

/**
 * bie_timeline_mark_get_style:
 * @widget: the timeline, or any widget that draws its marks
 * @style: (out): the colours the timeline draws with
 *
 * The renderer's light or dark style, as libadwaita is, with the text
 * colour of @widget's style and the background of a view: what the
 * timeline draws with, and its marks in a legend or beside a row.
 */
void
bie_timeline_mark_get_style (GtkWidget        *widget,
                             BieTimelineStyle *style)
{
  GtkStyleContext *context;
  GdkRGBA colour;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (style != NULL);

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    bie_timeline_style_init_dark (style);
  else
    bie_timeline_style_init_light (style);

  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &colour);
  style->foreground = to_bie_rgba (&colour);
  if (gtk_style_context_lookup_color (context, "view_bg_color", &colour))
    style->background = to_bie_rgba (&colour);
}

static void
draw_mark (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  BieTimelineMark mark = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "mark"));
  int status = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "status"));
  gboolean overdue = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "overdue"));
  BieTimelineStyle style;
  double bar_h = MIN (height, 16);

  bie_timeline_mark_get_style (GTK_WIDGET (area), &style);
  switch (mark)
    {
    case BIE_TIMELINE_MARK_ACTIVITY:
      bie_timeline_draw_activity_mark (cr, &style, status, FALSE, 1, (height - bar_h) / 2,
                                       overdue ? width - bar_h - 2 : width - 2, bar_h);
      if (overdue)
        bie_timeline_draw_overdue_mark (cr, &style, width - bar_h / 2, height / 2.0, bar_h * 0.4);
      break;

    case BIE_TIMELINE_MARK_GOAL:
      bie_timeline_draw_goal_mark (cr, &style, status, 1, (height - bar_h) / 2, bar_h);
      if (overdue)
        bie_timeline_draw_overdue_mark (cr, &style, width - bar_h / 2, height / 2.0, bar_h * 0.4);
      break;

    case BIE_TIMELINE_MARK_OVERDUE:
      bie_timeline_draw_overdue_mark (cr, &style, width / 2.0, height / 2.0, bar_h * 0.4);
      break;

    case BIE_TIMELINE_MARK_TODAY:
      cairo_set_source_rgba (cr, style.accent.red, style.accent.green, style.accent.blue, style.accent.alpha);
      cairo_rectangle (cr, width / 2.0 - 1, 0, 2, height);
      cairo_fill (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_timeline_mark_new:
 * @status: a #BieActivityStatus or a #BieGoalStatus, as @mark says
 * @overdue: for an activity or a goal, whether it is past its date
 *
 * Returns: (transfer full): the mark the timeline draws for @mark, in a
 *   small picture for a legend or a row; it says nothing to a screen
 *   reader, which reads the words beside it
 */
GtkWidget *
bie_timeline_mark_new (BieTimelineMark mark,
                       int             status,
                       gboolean        overdue)
{
  GtkWidget *area = gtk_drawing_area_new ();

  g_object_set_data (G_OBJECT (area), "mark", GINT_TO_POINTER (mark));
  g_object_set_data (G_OBJECT (area), "status", GINT_TO_POINTER (status));
  g_object_set_data (G_OBJECT (area), "overdue", GINT_TO_POINTER (overdue));
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area),
                                      mark == BIE_TIMELINE_MARK_ACTIVITY ? (overdue ? 40 : 26) :
                                      mark == BIE_TIMELINE_MARK_TODAY ? 8 : overdue ? 34 : 16);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 16);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_accessible_update_state (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  /* Light or dark: a new style changes its colour, which draws it again. */
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_mark, NULL, NULL);

  return area;
}
