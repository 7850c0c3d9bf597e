/* test-smoke.c: the real application starts, shows its window and draws it
 *
 * Runs BieApplication as main.c does, waits for the window's first painted
 * frame, renders the window into a texture, writes it as
 * screenshot-$BIE_SMOKE_NAME.png next to this test, and fails when no window
 * appears, when the picture is blank, or when the empty state does not speak
 * the language under test.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bie-application.h"
#include "bie-test-utils.h"

#define SMOKE_TIMEOUT_SECONDS 30

typedef struct
{
  BieApplication *app;
  GtkWindow      *window;
  guint           frames;
  gboolean        captured;
} Smoke;

/* Frames to let pass before the picture: the first ones may still be
 * settling the layout; and how many to wait at most for one to draw. */
#define SETTLE_FRAMES 3
#define MAX_FRAMES 100

static GdkTexture *
render_window (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* A drawn window has text and edges: many colours. A blank one has one or two. */
static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + y * stride + x * 4, sizeof pixel);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (colours);
}

static void
assert_empty_state_language (GtkWindow *window)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  const char *language = g_getenv ("LANGUAGE");
  const char *expected;
  guint n_shown = 0;

  if (g_strcmp0 (language, "es") == 0)
    expected = "No hay hogares en la caché local";
  else
    expected = "No households in the local cache";

  /* What is on screen: the empty state of a new cache. */
  bie_test_collect_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (pages, i)))
      {
        g_assert_cmpstr (adw_status_page_get_title (g_ptr_array_index (pages, i)), ==, expected);
        n_shown++;
      }
  g_assert_cmpuint (n_shown, >, 0);
}

static void on_after_paint (GdkFrameClock *clock,
                            Smoke         *smoke);

static gboolean
capture (gpointer user_data)
{
  Smoke *smoke = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint colours;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (smoke->window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (smoke->window)), >=, 360);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (smoke->window)), >=, 294);
  assert_empty_state_language (smoke->window);

  texture = render_window (GTK_WIDGET (smoke->window));
  if (texture == NULL)
    {
      /* Nothing to draw yet: try again after the next frame. */
      g_assert_cmpuint (smoke->frames, <, MAX_FRAMES);
      g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (smoke->window)), "after-paint",
                        G_CALLBACK (on_after_paint), smoke);
      gtk_widget_queue_draw (GTK_WIDGET (smoke->window));
      return G_SOURCE_REMOVE;
    }
  name = g_strdup_printf ("screenshot-%s.png", g_getenv ("BIE_SMOKE_NAME") ?: "default");
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot written to %s", path);

  colours = count_colours (texture);
  g_test_message ("%u distinct colours", colours);
  if (colours < 32)
    g_error ("the window's picture is blank (%u colours)", colours);

  smoke->captured = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (smoke->app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Smoke         *smoke)
{
  if (++smoke->frames < SETTLE_FRAMES)
    {
      gtk_widget_queue_draw (GTK_WIDGET (smoke->window));
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, smoke);
  /* Capture outside the paint cycle. */
  g_idle_add (capture, smoke);
}

static void
on_window_mapped (GtkWidget *window,
                  Smoke     *smoke)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), smoke);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Smoke          *smoke)
{
  if (smoke->window != NULL)
    return;

  smoke->window = window;
  g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), smoke);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("no window was drawn within %d seconds", SMOKE_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
test_first_frame (void)
{
  Smoke smoke = { 0 };
  char *argv[] = { (char *) "bienestar", NULL };
  guint timeout_id;
  int status;

  smoke.app = bie_application_new ();
  g_application_set_flags (G_APPLICATION (smoke.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (smoke.app, "window-added", G_CALLBACK (on_window_added), &smoke);
  timeout_id = g_timeout_add_seconds (SMOKE_TIMEOUT_SECONDS, on_timeout, NULL);

  status = g_application_run (G_APPLICATION (smoke.app), 1, argv);

  g_source_remove (timeout_id);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (smoke.captured);
  g_object_unref (smoke.app);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/smoke/first-frame", test_first_frame);

  return g_test_run ();
}
