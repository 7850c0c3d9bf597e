/* bie-window.c
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-window.h"

struct _BieWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *territory_list;
};

G_DEFINE_FINAL_TYPE (BieWindow, bie_window, ADW_TYPE_APPLICATION_WINDOW)

/**
 * bie_window_new:
 * @application: the application the window belongs to
 *
 * Creates the main window, sized as it was when it was last closed.
 *
 * Returns: (transfer full): a new #BieWindow
 */
BieWindow *
bie_window_new (BieApplication *application)
{
  g_return_val_if_fail (BIE_IS_APPLICATION (application), NULL);

  return g_object_new (BIE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
on_back_clicked (BieWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_territory_row_activated (BieWindow     *self,
                            GtkListBoxRow *row)
{
  /* On a folded window, choosing a territory shows what it holds. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
bie_window_dispose (GObject *object)
{
  BieWindow *self = BIE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bie_window_parent_class)->dispose (object);
}

static void
bie_window_class_init (BieWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BieWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, territory_list);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_territory_row_activated);
}

static void
bie_window_init (BieWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  /* Size and maximised state follow the settings both ways: restored
   * here, and saved as the user resizes. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_list_box_select_row (self->territory_list,
                           gtk_list_box_get_row_at_index (self->territory_list, 0));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}
