/* bie-map-widget.c: the sector map, to explore the territory and pick a
 * sector or a household
 *
 * The renderer draws; the widget keeps the view (where it looks, how
 * close), turns pointer, touch and keys into moves of that view, and says
 * which sector or household was picked. Keyboard users Tab through the
 * sectors of the view, in reading order, and press Enter on one; what has
 * the focus is in the accessible description, for screen readers.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "bie-map-widget.h"
#include "bie-timeline-mark.h"

#define WHEEL_ZOOM 1.25   /* a notch of a wheel */
#define KEY_ZOOM   1.5
#define KEY_PAN    0.125  /* of the view's size, for an arrow key */

struct _BieMapWidget
{
  GtkWidget       parent_instance;

  BieMapSnapshot *snapshot;
  BieMapRenderer *renderer;
  BieMapView      view;
  gboolean        placed;        /* the view was fitted once the size was known */
  gboolean        area_wanted;   /* an area to fit once the size is known */
  double          area[4];       /* min lon, min lat, max lon, max lat */

  gint64          hovered;
  gint64          selected;
  gint64          focused;
  gint64          selected_household;

  double          drag_center_x, drag_center_y;
  gboolean        dragged;
  double          zoom_start;
  double          zoom_anchor_x, zoom_anchor_y;
  double          pointer_x, pointer_y;
};

G_DEFINE_FINAL_TYPE (BieMapWidget, bie_map_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_SECTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SECTOR_ACTIVATED,
  HOUSEHOLD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const BieMapSector *
find_sector (BieMapWidget *self,
             gint64        sector_id)
{
  int index;

  if (self->snapshot == NULL || sector_id == 0)
    return NULL;

  index = bie_map_snapshot_find_sector (self->snapshot, sector_id);

  return index >= 0 ? g_ptr_array_index (self->snapshot->sectors, index) : NULL;
}

/* A sector in words, as the tooltip (@markup) and screen readers say it:
 * its code and name, its localidad, households and the theme's figure. */
static char *
describe_sector (BieMapWidget       *self,
                 const BieMapSector *sector,
                 gboolean            markup)
{
  const BieMapFigures *figures = self->renderer != NULL ? bie_map_renderer_get_figures (self->renderer) : NULL;
  BieMapLocalidad *localidad = bie_map_snapshot_get_localidad (self->snapshot, sector->localidad_id);
  int index = bie_map_snapshot_find_sector (self->snapshot, sector->id);
  g_autofree char *figure = NULL;
  g_autofree char *households = NULL;
  g_autofree char *title = NULL;

  if (figures != NULL && index >= 0 && !isnan (figures->values[index]))
    /* Translators: a map theme's figure for a sector: "23.5 per 100 households (Households with open risks)" */
    figure = g_strdup_printf (_("%.1f %s (%s)"), figures->values[index], figures->unit, figures->title);
  else if (figures != NULL)
    /* Translators: a sector without households has no figure on the map */
    figure = g_strdup_printf (_("No data (%s)"), figures->title);

  households = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u household", "%u households",
                                             sector->n_households),
                                sector->n_households);
  /* Translators: a cadastral sector: its code and name */
  title = g_strdup_printf (_("Sector %s %s"), sector->code, sector->name);

  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_autofree char *localidad_name = g_markup_escape_text (localidad != NULL ? localidad->name : "", -1);
      g_autofree char *figure_text = g_markup_escape_text (figure != NULL ? figure : "", -1);

      return g_strdup_printf ("<b>%s</b>\n%s\n%s\n%s", escaped, localidad_name, households, figure_text);
    }

  return g_strjoin (", ", title, localidad != NULL ? localidad->name : "", households,
                    figure != NULL ? figure : "", NULL);
}

static void
update_description (BieMapWidget *self)
{
  const BieMapSector *sector = find_sector (self, self->focused != 0 ? self->focused : self->selected);
  g_autofree char *description = NULL;

  if (sector != NULL)
    {
      g_autofree char *words = describe_sector (self, sector, FALSE);

      /* Translators: what a screen reader hears on the map's focused sector */
      description = g_strdup_printf (_("%s. Press Enter to show its households."), words);
    }
  else
    description = g_strdup (_("Press Tab to go through the sectors in view, the arrows to move, "
                              "plus and minus to zoom."));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
fit (BieMapWidget *self,
     double        min_lon,
     double        min_lat,
     double        max_lon,
     double        max_lat)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  /* Not shown yet: fitted when it is. */
  if (width <= 0 || height <= 0)
    {
      self->area_wanted = TRUE;
      self->area[0] = min_lon;
      self->area[1] = min_lat;
      self->area[2] = max_lon;
      self->area[3] = max_lat;
      return;
    }
  self->area_wanted = FALSE;

  bie_map_view_fit (&self->view, min_lon, min_lat, max_lon, max_lat, width, height, 24);
  self->placed = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_at (BieMapWidget *self,
         double        factor,
         double        x,
         double        y)
{
  bie_map_view_zoom_at (&self->view, factor, x, y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Moves the map on the screen, as a drag does. */
static void
pan_by (BieMapWidget *self,
        double        dx,
        double        dy)
{
  bie_map_view_pan (&self->view, dx, dy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
bie_map_widget_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  BieMapWidget *self = BIE_MAP_WIDGET (widget);
  BieMapDrawOptions options;
  cairo_t *cr;

  if (self->renderer == NULL || self->view.width <= 0)
    return;

  bie_map_draw_options_init (&options);
  options.highlighted_sector = self->hovered;
  options.selected_sector = self->selected;
  options.focused_sector = gtk_widget_has_visible_focus (widget) ? self->focused : 0;
  options.selected_household = self->selected_household;
  options.text_scale = bie_text_scale_for_widget (widget);

  bie_map_renderer_set_dark (self->renderer, is_dark ());
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, self->view.width, self->view.height));
  bie_map_renderer_draw (self->renderer, cr, &self->view, &options);
  cairo_destroy (cr);
}

static void
bie_map_widget_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* It pans and zooms itself: any size shows part of the city. */
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
bie_map_widget_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  BieMapWidget *self = BIE_MAP_WIDGET (widget);

  /* The centre stays where it was; what is in view grows or shrinks. */
  self->view.width = width;
  self->view.height = height;
  if (self->area_wanted)
    fit (self, self->area[0], self->area[1], self->area[2], self->area[3]);
  else if (!self->placed && self->snapshot != NULL && self->snapshot->sectors->len > 0)
    bie_map_widget_show_all (self);
}

static void
bie_map_widget_state_flags_changed (GtkWidget     *widget,
                                    GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (bie_map_widget_parent_class)->state_flags_changed (widget, previous);

  /* The focus ring shows only while the map has the keyboard focus. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}

static void
bie_map_widget_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bie_map_widget_parent_class)->css_changed (widget, change);

  /* Light or dark. */
  gtk_widget_queue_draw (widget);
}

static gboolean
bie_map_widget_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  BieMapWidget *self = BIE_MAP_WIDGET (widget);
  const BieMapSector *sector;
  g_autofree char *markup = NULL;

  if (self->renderer == NULL)
    return FALSE;

  sector = find_sector (self, keyboard_mode ? self->focused :
                        bie_map_renderer_sector_at (self->renderer, &self->view, x, y));
  if (sector == NULL)
    return FALSE;

  markup = describe_sector (self, sector, TRUE);
  gtk_tooltip_set_markup (tooltip, markup);

  return TRUE;
}

/* Tab goes from sector to sector of the view, then out of the map. */
static gboolean
bie_map_widget_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  BieMapWidget *self = BIE_MAP_WIDGET (widget);
  g_autoptr(GArray) ids = NULL;
  int position = -1;

  if (self->renderer == NULL ||
      (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD))
    return GTK_WIDGET_CLASS (bie_map_widget_parent_class)->focus (widget, direction);

  ids = bie_map_renderer_sectors_in_view (self->renderer, &self->view);
  if (gtk_widget_has_focus (widget))
    for (guint i = 0; i < ids->len; i++)
      if (g_array_index (ids, gint64, i) == self->focused)
        position = i;

  if (!gtk_widget_has_focus (widget))
    position = direction == GTK_DIR_TAB_FORWARD ? 0 : (int) ids->len - 1;
  else if (position < 0)
    position = direction == GTK_DIR_TAB_FORWARD ? 0 : (int) ids->len - 1;
  else
    position += direction == GTK_DIR_TAB_FORWARD ? 1 : -1;

  if (position < 0 || position >= (int) ids->len)
    {
      /* Past the last sector: the focus leaves the map. */
      self->focused = 0;
      update_description (self);
      gtk_widget_queue_draw (widget);
      return FALSE;
    }

  self->focused = g_array_index (ids, gint64, position);
  if (!gtk_widget_has_focus (widget))
    gtk_widget_grab_focus (widget);
  update_description (self);
  gtk_widget_queue_draw (widget);

  return TRUE;
}

static void
select_sector (BieMapWidget *self,
               gint64        sector_id,
               gboolean      activate)
{
  if (sector_id != self->selected)
    {
      self->selected = sector_id;
      update_description (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SECTOR]);
    }
  if (activate && sector_id != 0)
    g_signal_emit (self, signals[SECTOR_ACTIVATED], 0, sector_id);
}

/* Input */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           BieMapWidget             *self)
{
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double x = self->pointer_x >= 0 ? self->pointer_x : self->view.width / 2.0;
  double y = self->pointer_x >= 0 ? self->pointer_y : self->view.height / 2.0;

  if (self->renderer == NULL || dy == 0)
    return FALSE;

  /* A notch of a wheel zooms a step; a touchpad zooms as it goes. */
  zoom_at (self, wheel ? pow (WHEEL_ZOOM, -dy) : exp (-dy * 0.01), x, y);

  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               BieMapWidget     *self)
{
  gtk_gesture_get_bounding_box_center (gesture, &self->zoom_anchor_x, &self->zoom_anchor_y);
  self->zoom_start = self->view.scale;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       BieMapWidget   *self)
{
  if (self->zoom_start > 0)
    zoom_at (self, self->zoom_start * scale / self->view.scale, self->zoom_anchor_x, self->zoom_anchor_y);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           BieMapWidget             *self)
{
  gint64 sector;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->renderer == NULL)
    return;

  sector = bie_map_renderer_sector_at (self->renderer, &self->view, x, y);
  if (sector != self->hovered)
    {
      self->hovered = sector;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), sector != 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          BieMapWidget             *self)
{
  self->pointer_x = self->pointer_y = -1;
  if (self->hovered != 0)
    {
      self->hovered = 0;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             BieMapWidget    *self)
{
  double min_lon, min_lat, max_lon, max_lat;
  gint64 household;
  guint count;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->renderer == NULL || self->dragged)
    return;

  /* A cluster opens up; a household opens its family; a sector filters
   * the caseload to it. */
  if (bie_map_renderer_cluster_at (self->renderer, &self->view, x, y, &count,
                                   &min_lon, &min_lat, &max_lon, &max_lat) && count > 1)
    {
      bie_map_widget_show_area (self, min_lon, min_lat, max_lon, max_lat);
      return;
    }

  household = bie_map_renderer_household_at (self->renderer, &self->view, x, y, 6);
  if (household != 0)
    {
      bie_map_widget_set_selected_household (self, household);
      g_signal_emit (self, signals[HOUSEHOLD_ACTIVATED], 0, household);
      return;
    }

  self->focused = bie_map_renderer_sector_at (self->renderer, &self->view, x, y);
  select_sector (self, self->focused, self->focused != 0);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               BieMapWidget   *self)
{
  self->drag_center_x = self->view.center_x;
  self->drag_center_y = self->view.center_y;
  self->dragged = FALSE;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                BieMapWidget   *self)
{
  int threshold = 8;

  if (!self->dragged)
    {
      g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-dnd-drag-threshold", &threshold, NULL);
      if (hypot (dx, dy) < threshold)
        return;
      self->dragged = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }

  /* The point under the pointer follows it. */
  self->view.center_x = self->drag_center_x;
  self->view.center_y = self->drag_center_y;
  pan_by (self, dx, dy);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             BieMapWidget   *self)
{
  if (self->dragged)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->hovered != 0 ? "pointer" : NULL);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BieMapWidget          *self)
{
  if (self->renderer == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      pan_by (self, self->view.width * KEY_PAN, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      pan_by (self, -self->view.width * KEY_PAN, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      pan_by (self, 0, self->view.height * KEY_PAN);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      pan_by (self, 0, -self->view.height * KEY_PAN);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      bie_map_widget_zoom (self, KEY_ZOOM);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      bie_map_widget_zoom (self, 1 / KEY_ZOOM);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
    case GDK_KEY_Home:
      bie_map_widget_show_all (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->focused == 0)
        return FALSE;
      select_sector (self, self->focused, TRUE);
      return TRUE;
    case GDK_KEY_Escape:
      if (self->selected == 0)
        return FALSE;
      select_sector (self, 0, FALSE);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
bie_map_widget_dispose (GObject *object)
{
  BieMapWidget *self = BIE_MAP_WIDGET (object);

  g_clear_pointer (&self->renderer, bie_map_renderer_free);
  g_clear_pointer (&self->snapshot, bie_map_snapshot_unref);

  G_OBJECT_CLASS (bie_map_widget_parent_class)->dispose (object);
}

static void
bie_map_widget_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BieMapWidget *self = BIE_MAP_WIDGET (object);

  switch (prop_id)
    {
    case PROP_SELECTED_SECTOR:
      g_value_set_int64 (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_map_widget_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BieMapWidget *self = BIE_MAP_WIDGET (object);

  switch (prop_id)
    {
    case PROP_SELECTED_SECTOR:
      bie_map_widget_set_selected_sector (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_map_widget_class_init (BieMapWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_map_widget_dispose;
  object_class->get_property = bie_map_widget_get_property;
  object_class->set_property = bie_map_widget_set_property;

  widget_class->snapshot = bie_map_widget_snapshot;
  widget_class->measure = bie_map_widget_measure;
  widget_class->size_allocate = bie_map_widget_size_allocate;
  widget_class->state_flags_changed = bie_map_widget_state_flags_changed;
  widget_class->css_changed = bie_map_widget_css_changed;
  widget_class->query_tooltip = bie_map_widget_query_tooltip;
  widget_class->focus = bie_map_widget_focus;

  properties[PROP_SELECTED_SECTOR] =
    g_param_spec_int64 ("selected-sector", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BieMapWidget::sector-activated:
   * @sector_id: the row id of the sector clicked, or chosen with Enter
   */
  signals[SECTOR_ACTIVATED] =
    g_signal_new ("sector-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BieMapWidget::household-activated:
   * @household_id: the row id of the household clicked
   */
  signals[HOUSEHOLD_ACTIVATED] =
    g_signal_new ("household-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "sectormap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bie_map_widget_init (BieMapWidget *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->pointer_x = self->pointer_y = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sector map"), -1);
  update_description (self);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

GtkWidget *
bie_map_widget_new (void)
{
  return g_object_new (BIE_TYPE_MAP_WIDGET, NULL);
}

/**
 * bie_map_widget_set_snapshot:
 * @snapshot: (transfer none): the territory and households to draw
 *
 * A new snapshot keeps the view, the selection and the theme's figures
 * are set again by bie_map_widget_set_figures().
 */
void
bie_map_widget_set_snapshot (BieMapWidget   *self,
                             BieMapSnapshot *snapshot)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));
  g_return_if_fail (snapshot != NULL);

  g_clear_pointer (&self->renderer, bie_map_renderer_free);
  g_clear_pointer (&self->snapshot, bie_map_snapshot_unref);
  self->snapshot = bie_map_snapshot_ref (snapshot);
  self->renderer = bie_map_renderer_new (snapshot);
  self->hovered = 0;
  if (find_sector (self, self->focused) == NULL)
    self->focused = 0;
  if (find_sector (self, self->selected) == NULL)
    select_sector (self, 0, FALSE);

  if (!self->placed)
    bie_map_widget_show_all (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bie_map_widget_set_figures:
 * @figures: (transfer full): the theme's figures for the snapshot's sectors
 */
void
bie_map_widget_set_figures (BieMapWidget  *self,
                            BieMapFigures *figures)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));
  g_return_if_fail (self->renderer != NULL);

  bie_map_renderer_set_figures (self->renderer, figures);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

BieMapRenderer *
bie_map_widget_get_renderer (BieMapWidget *self)
{
  g_return_val_if_fail (BIE_IS_MAP_WIDGET (self), NULL);

  return self->renderer;
}

void
bie_map_widget_get_view (BieMapWidget *self,
                         BieMapView   *view)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  *view = self->view;
}

gint64
bie_map_widget_get_selected_sector (BieMapWidget *self)
{
  g_return_val_if_fail (BIE_IS_MAP_WIDGET (self), 0);

  return self->selected;
}

/* Selecting from outside (the caseload's filter) does not activate. */
void
bie_map_widget_set_selected_sector (BieMapWidget *self,
                                    gint64        sector_id)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  select_sector (self, sector_id, FALSE);
}

gint64
bie_map_widget_get_focused_sector (BieMapWidget *self)
{
  g_return_val_if_fail (BIE_IS_MAP_WIDGET (self), 0);

  return self->focused;
}

gint64
bie_map_widget_get_selected_household (BieMapWidget *self)
{
  g_return_val_if_fail (BIE_IS_MAP_WIDGET (self), 0);

  return self->selected_household;
}

/**
 * bie_map_widget_set_selected_household:
 *
 * Marks a household, and brings it into view when it is out of it.
 */
void
bie_map_widget_set_selected_household (BieMapWidget *self,
                                       gint64        household_id)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  self->selected_household = household_id;
  if (self->snapshot != NULL && household_id != 0 && self->placed)
    for (guint i = 0; i < self->snapshot->n_households; i++)
      if (self->snapshot->household_ids[i] == household_id)
        {
          double x, y;

          bie_map_view_to_screen (&self->view, self->snapshot->household_lon_lat[2 * i],
                                  self->snapshot->household_lon_lat[2 * i + 1], &x, &y);
          if (x < 0 || y < 0 || x > self->view.width || y > self->view.height)
            pan_by (self, self->view.width / 2.0 - x, self->view.height / 2.0 - y);
          break;
        }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bie_map_widget_zoom (BieMapWidget *self,
                     double        factor)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  zoom_at (self, factor, self->view.width / 2.0, self->view.height / 2.0);
}

void
bie_map_widget_show_all (BieMapWidget *self)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  if (self->snapshot != NULL && self->snapshot->sectors->len > 0)
    fit (self, self->snapshot->min_lon, self->snapshot->min_lat,
         self->snapshot->max_lon, self->snapshot->max_lat);
}

void
bie_map_widget_show_area (BieMapWidget *self,
                          double        min_lon,
                          double        min_lat,
                          double        max_lon,
                          double        max_lat)
{
  g_return_if_fail (BIE_IS_MAP_WIDGET (self));

  fit (self, min_lon, min_lat, max_lon, max_lat);
}

/**
 * bie_map_widget_sector_position:
 * @point: (out): where the sector's interior point is, in the widget
 *
 * Returns: whether the sector is in the snapshot
 */
gboolean
bie_map_widget_sector_position (BieMapWidget     *self,
                                gint64            sector_id,
                                graphene_point_t *point)
{
  const BieMapSector *sector = find_sector (self, sector_id);
  double lon, lat, x, y;

  g_return_val_if_fail (BIE_IS_MAP_WIDGET (self), FALSE);

  if (sector == NULL)
    return FALSE;

  bie_geometry_interior_point (sector->geometry, &lon, &lat);
  bie_map_view_to_screen (&self->view, lon, lat, &x, &y);
  graphene_point_init (point, x, y);

  return TRUE;
}
