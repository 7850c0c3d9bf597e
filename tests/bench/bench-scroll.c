/* bench-scroll.c: the caseload list of the real window, scrolled end to end
 *
 * Runs BieApplication as main.c does, with --cache on a demo city of
 * 300,000 households (BIE_BENCH_CACHE=FILE: a copy of a cache built
 * before, made in a folder of its own since opening a cache may upgrade
 * it; otherwise one is built, BIE_BENCH_HOUSEHOLDS=N for another size),
 * on the Cairo renderer (GSK_RENDERER=cairo, set before GTK starts). It
 * needs a display: meson runs it under its own xvfb-run (screen
 * 1280x1024x24) and dbus-run-session, which also works inside
 * build-aux/test's; without a display it is skipped (exit status 77).
 * Prints one figure a line, "name: value unit".
 *
 * First page: from the window's map (gtk_window_present() in the
 * application's activate, before the cache is opened) to the end of the
 * first frame whose paint drew caseload rows with a household's name,
 * the X server included (see below).
 *
 * Scrolling: half a second after the first page, a tick callback on the
 * GtkListView moves its vertical adjustment once a frame with
 * gtk_adjustment_set_value(), by this plan (page = the adjustment's
 * page size: 548 px, five or six rows, in the default 1100x720 window):
 *
 *   at the top:    250 frames of 8 px, 250 of 64 px, 250 of a page
 *   jumps:         1250 frames of equal jumps (some 20 pages, a hundred
 *                  rows, each) down to where the next stretch ends at
 *                  the middle of the range
 *   in the middle: 250 frames of 8 px, 250 of 64 px, 250 of a page
 *   jumps:         1250 frames of equal jumps down to where the last
 *                  stretch ends at the bottom
 *   at the end:    250 frames of 8 px, 250 of 64 px, 250 of a page,
 *                  ending at the bottom
 *
 * The range is GtkListView's estimate, every row not yet measured counted
 * at the height of a typical measured one, and it moves (by a quarter on
 * the demo city) as rows of other heights come into view; so the jumps
 * are recomputed every frame from the adjustment. Should the plan end
 * short of the bottom for that reason, it goes on a page a frame until
 * it is there. Then the lowest row on screen must show the last household
 * of the model, or the benchmark fails. 4,750 frames: 80 s at 60 frames
 * a second, more when frames are slower. The rows between two jumps are
 * never bound (every row a page at a time would be some 50,000 frames).
 *
 * Frame time: for each frame that moved the list, from the frame clock's
 * "before-paint" to its "after-paint" followed by gdk_display_sync().
 * That is the work of one frame: the update phase (the tick callback and
 * what moving the adjustment does: GtkListView binds the rows that come
 * into view, each a model item read from the store), the layout phase
 * (measuring and allocating) and the paint phase (snapshot and Cairo),
 * and none of the idle time between frames. GdkFrameTimings would not
 * do: its frame time is when a frame starts, and its presentation time
 * needs a compositor, which Xvfb has none of; intervals between frames
 * are paced at 60 Hz and would hide work under 16.7 ms behind waiting.
 * The sync is there because the Cairo renderer on X11 draws into a
 * server-side pixmap: much of the painting happens in the X server after
 * GTK has sent its requests, and a frame is done when the server is.
 * Each phase is printed on its own as well: step (update), layout,
 * paint (GTK's side) and X server (the sync).
 *
 * Search: then, from the end of the list, a search is typed a character a
 * frame (four phrases, the field cleared before each), as the search
 * field's "search-changed" would run it after each pause in typing; each
 * such frame, the clearing ones too, is measured the same way: the filter
 * applied to the store, the list's rows bound again, laid out and painted.
 *
 * BIE_BENCH_FRAMES=FILE writes every scrolled frame as CSV.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench-utils.h"
#include "bie-application.h"
#include "bie-demo-cache.h"
#include "bie-household-row.h"
#include "bie-test-utils.h"

/* Scrolling starts this long after the first page, once the window is still. */
#define SETTLE_MS 500
/* Frames a page at a time, at most, to reach the bottom after the plan. */
#define MAX_FINISH_FRAMES 1000
/* Typed in the search, a character a frame. */
static const char * const phrases[] = {
  "calle 45 sur", "maria gomez", "carrera 7", "004501",
};

/* The whole run, at most. */
#define TIMEOUT_SECONDS 900
#define FRAME_BUDGET_MS 16.0

typedef enum
{
  BY_PIXELS,    /* amount pixels a frame */
  BY_PAGES,     /* amount pages a frame */
  JUMPS,        /* to amount (a fraction of the range) less what follows */
} Motion;

static const char * const motion_names[] = { "pixels", "pages", "jumps" };

static const struct
{
  Motion motion;
  double amount;
  guint  frames;
} plan[] = {
  /* At the top */
  { BY_PIXELS, 8, 250 },
  { BY_PIXELS, 64, 250 },
  { BY_PAGES, 1, 250 },
  { JUMPS, 0.5, 1250 },
  /* In the middle */
  { BY_PIXELS, 8, 250 },
  { BY_PIXELS, 64, 250 },
  { BY_PAGES, 1, 250 },
  { JUMPS, 1.0, 1250 },
  /* At the end */
  { BY_PIXELS, 8, 250 },
  { BY_PIXELS, 64, 250 },
  { BY_PAGES, 1, 250 },
};

/* One frame, in milliseconds on the monotonic clock. */
typedef struct
{
  double   start;      /* before-paint */
  double   stepped;    /* the tick callback moved the adjustment */
  double   laid_out;   /* the last layout of the frame */
  double   painted;    /* the paint: snapshot and Cairo */
  double   end;        /* after-paint, with the X server done */
  double   value;      /* where the adjustment was moved to */
  double   upper;      /* and its upper bound then */
  Motion   motion;
  gboolean scrolled;
  gboolean searched;   /* a keystroke, not a scroll */
} Frame;

typedef struct
{
  BieApplication *app;
  GtkWidget      *window;
  GtkWidget      *view;
  GtkAdjustment  *adjustment;

  double          mapped;
  double          first_page;       /* 0 until rows are drawn */
  guint           first_page_rows;
  guint           n_households;     /* in the list scrolled */

  Frame           frame;            /* the frame under way */
  GArray         *frames;           /* Frame, each that scrolled */
  GArray         *searches;         /* Frame, each keystroke's */
  GtkWidget      *search;
  guint           phrase;           /* in phrases */
  guint           typed;            /* characters of it typed */
  double          scroll_start;
  double          scroll_end;
  guint           stretch;          /* in plan */
  guint           stretch_frame;    /* frames done of it */
  guint           finish_frames;
  gboolean        finished;
} Bench;

/* Rows on screen that show a household's name. @lowest: the name shown
 * by the lowest of them. */
static guint
count_rows_shown (GtkWidget   *view,
                  const char **lowest)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  double height = gtk_widget_get_height (view);
  double lowest_y = -G_MAXDOUBLE;
  guint n = 0;

  if (!gtk_widget_get_mapped (view))
    return 0;

  bie_test_collect_widgets (view, BIE_TYPE_HOUSEHOLD_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *name = bie_household_row_get_name (BIE_HOUSEHOLD_ROW (row));
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (row) || name == NULL ||
          *name == '\0' ||
          !gtk_widget_compute_bounds (row, view, &bounds) ||
          bounds.size.height <= 0 ||
          bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;

      n++;
      if (bounds.origin.y > lowest_y)
        {
          lowest_y = bounds.origin.y;
          if (lowest != NULL)
            *lowest = name;
        }
    }

  return n;
}

/* What the stretches after @stretch travel, up to the next jumps. */
static double
distance_after (guint  stretch,
                double page)
{
  double distance = 0;

  for (guint i = stretch + 1; i < G_N_ELEMENTS (plan) && plan[i].motion != JUMPS; i++)
    distance += plan[i].amount * plan[i].frames * (plan[i].motion == BY_PAGES ? page : 1);

  return distance;
}

/* What percentile_of() measures of a frame: the whole, or one phase. */
typedef enum
{
  WHOLE,
  STEP,
  LAYOUT,
  PAINT,
  SERVER,
} Phase;

#define ANY_MOTION -1

/* The @p quantile of @phase over the frames of @motion (or ANY_MOTION). */
static double
percentile_of (GArray *frames,
               Phase   phase,
               int     motion,
               double  p)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);
      double phases[] = {
        [WHOLE] = frame->end - frame->start,
        [STEP] = frame->stepped - frame->start,
        [LAYOUT] = frame->laid_out - frame->stepped,
        [PAINT] = frame->painted - frame->laid_out,
        [SERVER] = frame->end - frame->painted,
      };

      if (motion == ANY_MOTION || (Motion) motion == frame->motion)
        g_array_append_val (samples, phases[phase]);
    }

  return samples->len > 0 ? bench_percentile (samples, p) : 0;
}

static void
write_frames (Bench      *bench,
              const char *path)
{
  g_autoptr(GString) csv = g_string_new ("motion,value,upper,step_ms,layout_ms,paint_ms,server_ms,frame_ms\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < bench->frames->len; i++)
    {
      Frame *frame = &g_array_index (bench->frames, Frame, i);

      g_string_append_printf (csv, "%s,%.0f,%.0f,%.3f,%.3f,%.3f,%.3f,%.3f\n",
                              motion_names[frame->motion], frame->value, frame->upper,
                              frame->stepped - frame->start, frame->laid_out - frame->stepped,
                              frame->painted - frame->laid_out, frame->end - frame->painted,
                              frame->end - frame->start);
    }
  if (!g_file_set_contents (path, csv->str, csv->len, &error))
    g_printerr ("%s\n", error->message);
}

/* End to end: at the bottom, showing the last household. */
static void
check_end (Bench *bench)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (bench->view)));
  g_autoptr(BieCaseloadItem) last = g_list_model_get_item (model, g_list_model_get_n_items (model) - 1);
  const char *last_name = bie_caseload_item_get_row (last)->head_name;
  const char *lowest = NULL;

  bench->n_households = g_list_model_get_n_items (model);
  if (count_rows_shown (bench->view, &lowest) == 0 ||
      gtk_adjustment_get_value (bench->adjustment) <
      gtk_adjustment_get_upper (bench->adjustment) - gtk_adjustment_get_page_size (bench->adjustment) - 0.5)
    g_error ("the list did not reach its end");
  if (last_name != NULL && g_strcmp0 (lowest, last_name) != 0)
    g_error ("the lowest row shows “%s”, not the last household", lowest);
}

static gboolean
finish (gpointer user_data)
{
  Bench *bench = user_data;
  guint n_items = bench->n_households;
  guint over = 0;

  for (guint i = 0; i < bench->frames->len; i++)
    {
      Frame *frame = &g_array_index (bench->frames, Frame, i);

      if (frame->end - frame->start > FRAME_BUDGET_MS)
        over++;
    }

  printf ("first_page_visible: %.1f ms\n", bench->first_page - bench->mapped);
  printf ("first_page_rows: %u rows\n", bench->first_page_rows);
  printf ("scroll_households: %u households\n", n_items);
  printf ("scroll_frames: %u frames\n", bench->frames->len);
  printf ("scroll_seconds: %.1f s\n", (bench->scroll_end - bench->scroll_start) / 1000.0);
  printf ("scroll_frame_max: %.1f ms\n", percentile_of (bench->frames, WHOLE, ANY_MOTION, 1.0));
  printf ("scroll_frame_p95: %.1f ms\n", percentile_of (bench->frames, WHOLE, ANY_MOTION, 0.95));
  printf ("scroll_frame_median: %.1f ms\n", percentile_of (bench->frames, WHOLE, ANY_MOTION, 0.5));
  printf ("scroll_frames_over_16ms: %u frames\n", over);
  for (Motion motion = BY_PIXELS; motion <= JUMPS; motion++)
    {
      printf ("scroll_frame_p95_%s: %.1f ms\n", motion_names[motion],
              percentile_of (bench->frames, WHOLE, motion, 0.95));
      printf ("scroll_frame_max_%s: %.1f ms\n", motion_names[motion],
              percentile_of (bench->frames, WHOLE, motion, 1.0));
    }
  printf ("scroll_step_p95: %.1f ms\n", percentile_of (bench->frames, STEP, ANY_MOTION, 0.95));
  printf ("scroll_layout_p95: %.1f ms\n", percentile_of (bench->frames, LAYOUT, ANY_MOTION, 0.95));
  printf ("scroll_paint_p95: %.1f ms\n", percentile_of (bench->frames, PAINT, ANY_MOTION, 0.95));
  printf ("scroll_x_server_p95: %.1f ms\n", percentile_of (bench->frames, SERVER, ANY_MOTION, 0.95));
  printf ("search_keystrokes: %u frames\n", bench->searches->len);
  printf ("search_keystroke_frame_max: %.1f ms\n", percentile_of (bench->searches, WHOLE, ANY_MOTION, 1.0));
  printf ("search_keystroke_frame_p95: %.1f ms\n", percentile_of (bench->searches, WHOLE, ANY_MOTION, 0.95));
  printf ("search_keystroke_frame_median: %.1f ms\n", percentile_of (bench->searches, WHOLE, ANY_MOTION, 0.5));
  printf ("search_keystroke_step_p95: %.1f ms\n", percentile_of (bench->searches, STEP, ANY_MOTION, 0.95));
  printf ("resident_memory_with_list: %.1f MB\n", bench_status_kib ("VmRSS") / 1024.0);
  printf ("resident_memory_peak: %.1f MB\n", bench_status_kib ("VmHWM") / 1024.0);
  fflush (stdout);

  if (g_getenv ("BIE_BENCH_FRAMES") != NULL)
    write_frames (bench, g_getenv ("BIE_BENCH_FRAMES"));

  bench->finished = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (bench->app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

/* Once a frame, in the update phase: the search field cleared, or the
 * next character of a phrase typed into it, and applied as the field's
 * "search-changed" applies it (it would wait for a pause in typing). */
static gboolean
search_step (GtkWidget     *view,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Bench *bench = user_data;
  GtkEditable *search = GTK_EDITABLE (bench->search);
  const char *phrase;

  if (bench->phrase == G_N_ELEMENTS (phrases))
    {
      g_idle_add (finish, bench);
      return G_SOURCE_REMOVE;
    }

  phrase = phrases[bench->phrase];
  if (bench->typed == 0 && *gtk_editable_get_text (search) != '\0')
    gtk_editable_set_text (search, "");
  else
    {
      int end = -1;

      gtk_editable_insert_text (search, phrase + bench->typed++, 1, &end);
      if (bench->typed == strlen (phrase))
        {
          bench->phrase++;
          bench->typed = 0;
        }
    }
  g_signal_emit_by_name (bench->search, "search-changed");
  bench->frame.searched = TRUE;
  bench->frame.stepped = bench_now_ms ();

  return G_SOURCE_CONTINUE;
}

/* Once a frame, in the update phase: the next step of the plan. */
static gboolean
scroll_step (GtkWidget     *view,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Bench *bench = user_data;
  double value = gtk_adjustment_get_value (bench->adjustment);
  double page = gtk_adjustment_get_page_size (bench->adjustment);
  double bottom = gtk_adjustment_get_upper (bench->adjustment) - page;
  double target;
  Motion motion;

  while (bench->stretch < G_N_ELEMENTS (plan) && bench->stretch_frame == plan[bench->stretch].frames)
    {
      bench->stretch++;
      bench->stretch_frame = 0;
    }

  if (bench->stretch < G_N_ELEMENTS (plan))
    {
      guint left = plan[bench->stretch].frames - bench->stretch_frame;

      motion = plan[bench->stretch].motion;
      switch (motion)
        {
        case BY_PIXELS:
          target = value + plan[bench->stretch].amount;
          break;

        case BY_PAGES:
          target = value + plan[bench->stretch].amount * page;
          break;

        case JUMPS:
        default:
          target = plan[bench->stretch].amount * bottom - distance_after (bench->stretch, page);
          target = value + (target - value) / left;
          break;
        }
      bench->stretch_frame++;
    }
  else if (value < bottom)
    {
      /* The list turned out longer than estimated: on to its end. */
      if (++bench->finish_frames > MAX_FINISH_FRAMES)
        g_error ("the list did not reach its end in %d more frames", MAX_FINISH_FRAMES);
      motion = BY_PAGES;
      target = value + page;
    }
  else
    {
      bench->scroll_end = bench_now_ms ();
      check_end (bench);
      gtk_widget_add_tick_callback (bench->view, search_step, bench, NULL);
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (bench->adjustment, CLAMP (target, 0, bottom));
  bench->frame.value = gtk_adjustment_get_value (bench->adjustment);
  bench->frame.upper = gtk_adjustment_get_upper (bench->adjustment);
  bench->frame.motion = motion;
  bench->frame.scrolled = TRUE;
  bench->frame.stepped = bench_now_ms ();

  return G_SOURCE_CONTINUE;
}

static gboolean
start_scrolling (gpointer user_data)
{
  Bench *bench = user_data;

  bench->adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench->view));
  bench->scroll_start = bench_now_ms ();
  gtk_widget_add_tick_callback (bench->view, scroll_step, bench, NULL);

  return G_SOURCE_REMOVE;
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  memset (&bench->frame, 0, sizeof bench->frame);
  bench->frame.start = bench_now_ms ();
}

/* Connected after GDK's own handlers: these run when a phase's work is done. */
static void
on_layout (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->frame.laid_out = bench_now_ms ();
}

static void
on_paint (GdkFrameClock *clock,
          Bench         *bench)
{
  bench->frame.painted = bench_now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  Frame *frame = &bench->frame;

  /* The Cairo renderer's drawing is done when the X server has done it. */
  gdk_display_sync (gtk_widget_get_display (bench->window));
  frame->end = bench_now_ms ();

  if (bench->first_page == 0)
    {
      guint rows = count_rows_shown (bench->view, NULL);

      if (rows > 0)
        {
          bench->first_page = frame->end;
          bench->first_page_rows = rows;
          g_timeout_add (SETTLE_MS, start_scrolling, bench);
        }
      return;
    }

  if (frame->searched && !bench->finished)
    {
      frame->laid_out = MAX (frame->laid_out, frame->stepped);
      frame->painted = MAX (frame->painted, frame->laid_out);
      g_array_append_val (bench->searches, *frame);
      return;
    }
  if (!frame->scrolled || bench->finished)
    return;

  /* A phase that did not run this frame took no time. */
  frame->laid_out = MAX (frame->laid_out, frame->stepped);
  frame->painted = MAX (frame->painted, frame->laid_out);
  g_array_append_val (bench->frames, *frame);
}

static void
on_window_mapped (GtkWidget *window,
                  Bench     *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (bench->mapped != 0)
    return;

  bench->mapped = bench_now_ms ();
  bench->view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  g_assert_nonnull (bench->view);
  bench->search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  g_assert_nonnull (bench->search);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), bench);
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout), bench);
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint), bench);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), bench);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  if (bench->window != NULL)
    return;

  bench->window = GTK_WIDGET (window);
  g_signal_connect (window, "map", G_CALLBACK (on_window_mapped), bench);
}

static gboolean
on_timeout (gpointer user_data)
{
  Bench *bench = user_data;

  g_error ("the benchmark did not end within %d s (%s)", TIMEOUT_SECONDS,
           bench->first_page == 0 ? "no caseload row was drawn" : "still scrolling");
  return G_SOURCE_REMOVE;
}

/* A copy of @source in @dir: opening a cache may upgrade it, and the
 * connection holds the file's lock. */
static char *
copy_cache (const char *source,
            const char *dir)
{
  const char *suffixes[] = { "", "-wal" };
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from_path = g_strconcat (source, suffixes[i], NULL);
      g_autofree char *to_path = g_strconcat (path, suffixes[i], NULL);
      g_autoptr(GFile) from = g_file_new_for_path (from_path);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);
      g_autoptr(GError) error = NULL;

      if (i > 0 && !g_file_query_exists (from, NULL))
        continue;
      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
    }

  return g_steal_pointer (&path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GArray) searches = g_array_new (FALSE, FALSE, sizeof (Frame));
  Bench bench = { .frames = frames, .searches = searches };
  char *app_argv[] = { (char *) "bienestar", (char *) "--cache", NULL, NULL };
  guint timeout_id;
  int status;

  /* Before anything starts GTK. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-scroll needs a display: run it under xvfb-run\n");
      return 77;
    }

  bie_test_init_i18n ();

  dir = g_dir_make_tmp ("bienestar-bench-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_getenv ("BIE_BENCH_CACHE") != NULL)
    path = copy_cache (g_getenv ("BIE_BENCH_CACHE"), dir);
  else
    {
      BieDemoOptions options;

      path = g_build_filename (dir, "demo.sqlite", NULL);
      bie_demo_options_init (&options);
      options.n_households = g_getenv ("BIE_BENCH_HOUSEHOLDS") != NULL ?
                             (guint) g_ascii_strtoull (g_getenv ("BIE_BENCH_HOUSEHOLDS"), NULL, 10) : 300000;
      options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
      if (!bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_date_free (options.today);
    }

  /* Opened once before: an upgrade of the schema is not what is measured. */
  {
    g_autoptr(BieStore) store = bie_store_open (path, &error);

    g_assert_no_error (error);
  }

  bench.app = bie_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (bench.app, "window-added", G_CALLBACK (on_window_added), &bench);
  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout, &bench);

  app_argv[2] = path;
  status = g_application_run (G_APPLICATION (bench.app), G_N_ELEMENTS (app_argv) - 1, app_argv);

  g_source_remove (timeout_id);
  g_clear_object (&bench.app);
  bie_store_remove_files (path);
  g_rmdir (dir);

  if (status != 0 || !bench.finished)
    g_error ("the application ended before the benchmark did (status %d)", status);

  return 0;
}
