/* test-map-view.c: the sector map in the real window
 *
 * Under Xvfb, with a small demo city: a click on a sector shows the
 * caseload of that sector and nothing else, and clearing it shows every
 * household again; Tab goes through the sectors in view and Enter does
 * what the click does; the household chosen in the caseload is the one
 * marked on the map; a localidad chosen in the sidebar fills the map;
 * each theme colours the sectors that have households; the view exports
 * to PNG, SVG and PDF; every control has a name.
 *
 * Clicks and keys go through the map's own controllers (its
 * GtkGestureClick's released, its GtkEventControllerKey's key-pressed):
 * Xvfb cannot be given pointer events, but the code they run is the code
 * a user's click runs.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bie-caseload-model.h"
#include "bie-demo-cache.h"
#include "bie-map-page.h"
#include "bie-test-utils.h"
#include "bie-window.h"

typedef struct
{
  char       *dir;
  char       *cache_path;
  BieStore   *store;
  GtkWidget  *window;
  GtkWidget  *page;
  GtkWidget  *map;
  GtkWidget  *stack;
  GtkListView *caseload_view;
} Fixture;

static void
show_map (Fixture *fixture)
{
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (fixture->stack), "map");
  bie_test_wait_ms (200);
  g_assert_nonnull (bie_map_widget_get_renderer (BIE_MAP_WIDGET (fixture->map)));
}

static void
fixture_set_up (Fixture  *fixture,
                gboolean  with_map)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = bie_today ();
  BieDemoOptions options;

  fixture->dir = g_dir_make_tmp ("bienestar-map-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_path = g_build_filename (fixture->dir, "demo.sqlite", NULL);
  bie_demo_options_init (&options);
  options.n_households = 400;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (fixture->cache_path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->store = bie_store_open (fixture->cache_path, &error);
  g_assert_no_error (error);

  fixture->window = g_object_new (BIE_TYPE_WINDOW, NULL);
  bie_window_set_store (BIE_WINDOW (fixture->window), fixture->store);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  bie_test_wait_ms (100);

  fixture->stack = bie_test_find_widget (fixture->window, ADW_TYPE_VIEW_STACK, "view_stack");
  fixture->page = bie_test_find_widget (fixture->window, BIE_TYPE_MAP_PAGE, NULL);
  fixture->map = GTK_WIDGET (bie_map_page_get_map (BIE_MAP_PAGE (fixture->page)));
  fixture->caseload_view = GTK_LIST_VIEW (bie_test_find_widget (fixture->window, GTK_TYPE_LIST_VIEW,
                                                                "caseload_view"));

  /* The territory is read when the map is first shown. */
  g_assert_null (bie_map_widget_get_renderer (BIE_MAP_WIDGET (fixture->map)));
  if (with_map)
    show_map (fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  bie_test_spin ();
  g_clear_object (&fixture->store);
  bie_store_remove_files (fixture->cache_path);
  g_rmdir (fixture->dir);
  g_free (fixture->cache_path);
  g_free (fixture->dir);
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  GtkEventController *keys = bie_test_find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);

  return handled;
}

/* The sector of the snapshot with the most households. */
static const BieMapSector *
busiest_sector (Fixture *fixture)
{
  BieMapSnapshot *snapshot = bie_map_renderer_get_snapshot (bie_map_widget_get_renderer (BIE_MAP_WIDGET (fixture->map)));
  const BieMapSector *busiest = NULL;

  for (guint i = 0; i < snapshot->sectors->len; i++)
    {
      const BieMapSector *sector = g_ptr_array_index (snapshot->sectors, i);

      if (busiest == NULL || sector->n_households > busiest->n_households)
        busiest = sector;
    }
  g_assert_nonnull (busiest);
  g_assert_cmpuint (busiest->n_households, >, 1);

  return busiest;
}

/* A point of @sector on the screen where no cluster or household is: where
 * a click picks the sector. */
static void
sector_click_point (Fixture            *fixture,
                    const BieMapSector *sector,
                    double             *x,
                    double             *y)
{
  BieMapWidget *map = BIE_MAP_WIDGET (fixture->map);
  BieMapRenderer *renderer = bie_map_widget_get_renderer (map);
  BieMapView view;

  bie_map_widget_get_view (map, &view);
  for (int i = 1; i < 20; i++)
    for (int j = 1; j < 20; j++)
      {
        double lon = sector->geometry->min_lon + (sector->geometry->max_lon - sector->geometry->min_lon) * i / 20;
        double lat = sector->geometry->min_lat + (sector->geometry->max_lat - sector->geometry->min_lat) * j / 20;
        double min_lon, min_lat, max_lon, max_lat;
        guint count;

        bie_map_view_to_screen (&view, lon, lat, x, y);
        if (bie_map_renderer_sector_at (renderer, &view, *x, *y) == sector->id &&
            !bie_map_renderer_cluster_at (renderer, &view, *x, *y, &count, &min_lon, &min_lat, &max_lon, &max_lat) &&
            bie_map_renderer_household_at (renderer, &view, *x, *y, 6) == 0)
          return;
      }

  g_assert_not_reached ();
}

/* Every household the caseload lists is in @sector, and all of them are. */
static void
assert_caseload_of (Fixture            *fixture,
                    const BieMapSector *sector)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (fixture->caseload_view));
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, ==, sector->n_households);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BieCaseloadItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (bie_caseload_item_get_row (item)->sector_code, ==, sector->code);
    }
}

static guint
caseload_length (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (fixture->caseload_view)));
}

static void
test_click_filters_caseload (void)
{
  Fixture fixture = { 0 };
  const BieMapSector *sector;
  GtkGesture *click;
  graphene_point_t point;
  GtkWidget *sector_bar;
  GtkWidget *clear;
  double x, y;
  guint everyone;

  fixture_set_up (&fixture, TRUE);
  everyone = caseload_length (&fixture);
  g_assert_cmpuint (everyone, ==, 400);

  sector = busiest_sector (&fixture);
  g_assert_true (bie_map_widget_sector_position (BIE_MAP_WIDGET (fixture.map), sector->id, &point));
  g_assert_cmpfloat (point.x, >, 0);
  g_assert_cmpfloat (point.y, >, 0);
  sector_click_point (&fixture, sector, &x, &y);

  click = bie_test_find_controller (fixture.map, GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "released", 1, x, y);
  bie_test_spin ();

  /* The caseload of that sector, said above the list. */
  g_assert_cmpint (bie_map_widget_get_selected_sector (BIE_MAP_WIDGET (fixture.map)), ==, sector->id);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (fixture.stack)), ==, "caseload");
  assert_caseload_of (&fixture, sector);
  sector_bar = bie_test_find_widget (fixture.window, GTK_TYPE_BOX, "sector_bar");
  g_assert_true (gtk_widget_get_visible (sector_bar));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (bie_test_find_widget (fixture.window, GTK_TYPE_LABEL,
                                                                                 "sector_label"))),
                            sector->code));

  /* Every sector again, and none marked on the map. */
  clear = gtk_widget_get_last_child (sector_bar);
  g_signal_emit_by_name (clear, "clicked");
  bie_test_spin ();
  g_assert_false (gtk_widget_get_visible (sector_bar));
  g_assert_cmpuint (caseload_length (&fixture), ==, everyone);
  g_assert_cmpint (bie_map_widget_get_selected_sector (BIE_MAP_WIDGET (fixture.map)), ==, 0);

  fixture_tear_down (&fixture);
}

static void
test_keyboard (void)
{
  Fixture fixture = { 0 };
  BieMapWidget *map;
  gint64 first, second;
  BieMapView before, after;

  fixture_set_up (&fixture, TRUE);
  map = BIE_MAP_WIDGET (fixture.map);

  /* Tab goes into the map, then from sector to sector. */
  g_assert_true (gtk_widget_child_focus (fixture.map, GTK_DIR_TAB_FORWARD));
  first = bie_map_widget_get_focused_sector (map);
  g_assert_cmpint (first, !=, 0);
  g_assert_true (gtk_widget_child_focus (fixture.map, GTK_DIR_TAB_FORWARD));
  second = bie_map_widget_get_focused_sector (map);
  g_assert_cmpint (second, !=, 0);
  g_assert_cmpint (second, !=, first);
  g_assert_true (gtk_widget_child_focus (fixture.map, GTK_DIR_TAB_BACKWARD));
  g_assert_cmpint (bie_map_widget_get_focused_sector (map), ==, first);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Sector map"));

  /* Arrows move the view, + and − zoom it. */
  bie_map_widget_get_view (map, &before);
  g_assert_true (press_key (fixture.map, GDK_KEY_Right));
  bie_map_widget_get_view (map, &after);
  g_assert_cmpfloat (after.center_x, >, before.center_x);
  g_assert_true (press_key (fixture.map, GDK_KEY_plus));
  bie_map_widget_get_view (map, &after);
  g_assert_cmpfloat (after.scale, >, before.scale * 1.4);
  g_assert_true (press_key (fixture.map, GDK_KEY_0));
  bie_map_widget_get_view (map, &after);
  g_assert_cmpfloat (fabs (after.scale - before.scale), <, before.scale * 1e-6);

  /* Enter on the focused sector filters the caseload to it. */
  g_assert_true (gtk_widget_child_focus (fixture.map, GTK_DIR_TAB_FORWARD));
  first = bie_map_widget_get_focused_sector (map);
  g_assert_true (press_key (fixture.map, GDK_KEY_Return));
  bie_test_spin ();
  g_assert_cmpint (bie_map_widget_get_selected_sector (map), ==, first);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (fixture.stack)), ==, "caseload");
  {
    BieMapSnapshot *snapshot = bie_map_renderer_get_snapshot (bie_map_widget_get_renderer (map));

    assert_caseload_of (&fixture, g_ptr_array_index (snapshot->sectors,
                                                     bie_map_snapshot_find_sector (snapshot, first)));
  }

  fixture_tear_down (&fixture);
}

/* The household chosen in the caseload is the one marked on the map; a
 * localidad chosen in the sidebar fills the map. */
static void
test_caseload_to_map (void)
{
  Fixture fixture = { 0 };
  GtkSelectionModel *selection;
  g_autoptr(BieCaseloadItem) item = NULL;
  GtkListBox *territory;
  BieMapView city, localidad;

  fixture_set_up (&fixture, TRUE);
  bie_map_widget_get_view (BIE_MAP_WIDGET (fixture.map), &city);

  selection = gtk_list_view_get_model (fixture.caseload_view);
  gtk_selection_model_select_item (selection, 3, TRUE);
  item = g_list_model_get_item (G_LIST_MODEL (selection), 3);
  g_assert_cmpint (bie_map_widget_get_selected_household (BIE_MAP_WIDGET (fixture.map)), ==,
                   bie_caseload_item_get_row (item)->household_id);

  territory = GTK_LIST_BOX (bie_test_find_widget (fixture.window, GTK_TYPE_LIST_BOX, "territory_list"));
  /* Row 0 is the whole city, 1 the first subred, 2 its first localidad. */
  g_signal_emit_by_name (territory, "row-activated", gtk_list_box_get_row_at_index (territory, 2));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (fixture.stack), "map");
  bie_test_spin ();
  bie_map_widget_get_view (BIE_MAP_WIDGET (fixture.map), &localidad);
  g_assert_cmpfloat (localidad.scale, >, city.scale * 1.5);

  /* The family page's thumbnail shows the household on the map. */
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  g_signal_emit_by_name (fixture.caseload_view, "activate", 0);
  bie_test_spin ();
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (fixture.stack), "map");
  bie_map_page_select_household (BIE_MAP_PAGE (fixture.page), 0);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (fixture.stack), "caseload");
  g_signal_emit_by_name (bie_test_find_widget (fixture.window, GTK_TYPE_BUTTON, "map_button"), "clicked");
  bie_test_spin ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (fixture.stack)), ==, "map");
  g_assert_cmpint (bie_map_widget_get_selected_household (BIE_MAP_WIDGET (fixture.map)), ==,
                   bie_caseload_item_get_row (item)->household_id);
  {
    BieMapView sector;

    bie_map_widget_get_view (BIE_MAP_WIDGET (fixture.map), &sector);
    g_assert_cmpfloat (sector.scale, >, localidad.scale * 2);
  }

  fixture_tear_down (&fixture);
}

/* A localidad chosen before the map was ever shown is what it shows. */
static void
test_territory_before_map (void)
{
  Fixture fixture = { 0 };
  GtkListBox *territory;
  BieMapView localidad, city;

  fixture_set_up (&fixture, FALSE);
  territory = GTK_LIST_BOX (bie_test_find_widget (fixture.window, GTK_TYPE_LIST_BOX, "territory_list"));
  g_signal_emit_by_name (territory, "row-activated", gtk_list_box_get_row_at_index (territory, 2));
  bie_test_spin ();
  show_map (&fixture);
  bie_map_widget_get_view (BIE_MAP_WIDGET (fixture.map), &localidad);
  bie_map_widget_show_all (BIE_MAP_WIDGET (fixture.map));
  bie_map_widget_get_view (BIE_MAP_WIDGET (fixture.map), &city);
  g_assert_cmpfloat (localidad.scale, >, city.scale * 1.5);

  fixture_tear_down (&fixture);
}

static void
test_themes (void)
{
  Fixture fixture = { 0 };
  BieMapRenderer *renderer;
  BieMapSnapshot *snapshot;
  guint with_households = 0;

  fixture_set_up (&fixture, TRUE);
  renderer = bie_map_widget_get_renderer (BIE_MAP_WIDGET (fixture.map));
  snapshot = bie_map_renderer_get_snapshot (renderer);
  for (guint i = 0; i < snapshot->sectors->len; i++)
    with_households += ((BieMapSector *) g_ptr_array_index (snapshot->sectors, i))->n_households > 0;
  g_assert_cmpuint (with_households, >, 10);

  for (BieMapTheme theme = 0; theme < BIE_MAP_N_THEMES; theme++)
    {
      const BieMapFigures *figures;
      const BieMapClass *classes;
      guint n_classes, in_classes = 0;

      g_assert_true (bie_map_page_set_theme (BIE_MAP_PAGE (fixture.page), theme, "mental-health"));
      figures = bie_map_renderer_get_figures (renderer);
      g_assert_nonnull (figures);
      g_assert_cmpint (figures->theme, ==, theme);

      /* Sectors with households have a figure, the others none. */
      classes = bie_map_renderer_get_classes (renderer, &n_classes);
      for (guint i = 0; i < n_classes; i++)
        in_classes += classes[i].n_sectors;
      g_assert_cmpuint (in_classes, ==, with_households);
      g_assert_cmpuint (bie_map_renderer_get_n_no_data (renderer), ==, snapshot->sectors->len - with_households);
    }
  g_assert_false (bie_map_page_set_theme (BIE_MAP_PAGE (fixture.page), BIE_MAP_THEME_RISK_TYPE, "no-such-risk"));

  bie_test_assert_controls_named (fixture.page);

  fixture_tear_down (&fixture);
}

static void
test_export (void)
{
  Fixture fixture = { 0 };
  const char *names[] = { "map.png", "map.svg", "map.pdf" };
  const char *starts[] = { "\x89PNG", "<?xml", "%PDF-" };
  g_autoptr(GError) error = NULL;

  fixture_set_up (&fixture, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture.dir, names[i], NULL);
      g_autofree char *contents = NULL;

      g_assert_true (bie_map_page_export (BIE_MAP_PAGE (fixture.page), path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, starts[i]));
      g_unlink (path);
    }

  /* Printing draws the same map on a page across, here into a PDF. */
  {
    g_autofree char *path = g_build_filename (fixture.dir, "printed.pdf", NULL);
    g_autofree char *standard_output = NULL;
    g_autofree char *command = g_strdup_printf ("pdfinfo %s", path);
    g_autofree char *contents = NULL;

    g_assert_true (bie_map_page_print (BIE_MAP_PAGE (fixture.page), path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_assert_true (g_spawn_command_line_sync (command, &standard_output, NULL, NULL, NULL));
    /* One page, wider than tall. */
    g_assert_true (g_regex_match_simple ("^Pages: +1$", standard_output, G_REGEX_MULTILINE, 0));
    g_assert_true (g_regex_match_simple ("^Page size: +(8[0-9][0-9]|79[0-9])(\\.[0-9]+)? x (5[0-9][0-9]|6[0-9][0-9])",
                                         standard_output, G_REGEX_MULTILINE, 0));
    g_unlink (path);
  }

  /* A name that says no format is refused, and nothing is written. */
  {
    g_autofree char *path = g_build_filename (fixture.dir, "map.gif", NULL);

    g_assert_false (bie_map_page_export (BIE_MAP_PAGE (fixture.page), path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/map-view/click-filters-caseload", test_click_filters_caseload);
  g_test_add_func ("/map-view/keyboard", test_keyboard);
  g_test_add_func ("/map-view/caseload-to-map", test_caseload_to_map);
  g_test_add_func ("/map-view/territory-before-map", test_territory_before_map);
  g_test_add_func ("/map-view/themes", test_themes);
  g_test_add_func ("/map-view/export", test_export);

  return g_test_run ();
}
