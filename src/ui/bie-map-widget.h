/* bie-map-widget.h: the sector map, to explore the territory and pick a
 * sector or a household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bie-map.h"
#include "bie-map-snapshot.h"

G_BEGIN_DECLS

#define BIE_TYPE_MAP_WIDGET (bie_map_widget_get_type ())

G_DECLARE_FINAL_TYPE (BieMapWidget, bie_map_widget, BIE, MAP_WIDGET, GtkWidget)

GtkWidget      *bie_map_widget_new                    (void);
void            bie_map_widget_set_snapshot           (BieMapWidget   *self,
                                                       BieMapSnapshot *snapshot);
void            bie_map_widget_set_figures            (BieMapWidget   *self,
                                                       BieMapFigures  *figures);
BieMapRenderer *bie_map_widget_get_renderer           (BieMapWidget   *self);
void            bie_map_widget_get_view               (BieMapWidget   *self,
                                                       BieMapView     *view);
gint64          bie_map_widget_get_selected_sector    (BieMapWidget   *self);
void            bie_map_widget_set_selected_sector    (BieMapWidget   *self,
                                                       gint64          sector_id);
gint64          bie_map_widget_get_focused_sector     (BieMapWidget   *self);
gint64          bie_map_widget_get_selected_household (BieMapWidget   *self);
void            bie_map_widget_set_selected_household (BieMapWidget   *self,
                                                       gint64          household_id);
void            bie_map_widget_zoom                   (BieMapWidget   *self,
                                                       double          factor);
void            bie_map_widget_show_all               (BieMapWidget   *self);
void            bie_map_widget_show_area              (BieMapWidget   *self,
                                                       double          min_lon,
                                                       double          min_lat,
                                                       double          max_lon,
                                                       double          max_lat);
gboolean        bie_map_widget_sector_position        (BieMapWidget   *self,
                                                       gint64          sector_id,
                                                       graphene_point_t *point);

G_END_DECLS
