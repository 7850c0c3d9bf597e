/* bie-map-page.h: the Map view: the sector map, its theme, export and
 * printing
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bie-map-widget.h"
#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_TYPE_MAP_PAGE (bie_map_page_get_type ())

G_DECLARE_FINAL_TYPE (BieMapPage, bie_map_page, BIE, MAP_PAGE, GtkWidget)

void          bie_map_page_set_store          (BieMapPage  *self,
                                               BieStore    *store);
BieMapWidget *bie_map_page_get_map            (BieMapPage  *self);
gboolean      bie_map_page_set_theme          (BieMapPage  *self,
                                               BieMapTheme  theme,
                                               const char  *risk_code);
void          bie_map_page_show_territory     (BieMapPage  *self,
                                               gint64       subred_id,
                                               gint64       localidad_id);
void          bie_map_page_select_sector      (BieMapPage  *self,
                                               gint64       sector_id);
void          bie_map_page_select_household   (BieMapPage  *self,
                                               gint64       household_id);
void          bie_map_page_show_household     (BieMapPage  *self,
                                               gint64       household_id);
gboolean      bie_map_page_print              (BieMapPage  *self,
                                               const char  *export_path,
                                               GError     **error);
gboolean      bie_map_page_export             (BieMapPage  *self,
                                               const char  *path,
                                               GError     **error);

G_END_DECLS
