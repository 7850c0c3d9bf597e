/* test-timeline-view.c: a family's care plan in the Plans view
 *
 * Under Xvfb, in the real window: the plan of a household opens with
 * win.show-plan; an activity dragged three days later is saved with its
 * outbox entry, and Undo brings it back; Alt+Right moves one by a day and
 * the arrow keys go from activity to activity; the list shows a named row
 * for every activity and opens it; a narrow window lists the plan first;
 * the plan prints and exports to PDF; every control has a name.
 *
 * The drag goes through the timeline's own GtkGestureDrag handlers (its
 * drag-begin, drag-update and drag-end signals), the key through its
 * GtkEventControllerKey's key-pressed: Xvfb cannot be given pointer
 * events, but the code they run is the code a user's drag runs.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bie-activity-form.h"
#include "bie-plan-list.h"
#include "bie-plan-view.h"
#include "bie-store-caseload.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-timeline-widget.h"
#include "bie-window.h"

typedef struct
{
  BieTestCache cache;
  gint64       household_id;
  gint64       plan_id;
  gint64       early_prenatal_id;   /* the mother's, done in September */
  gint64       prenatal_id;         /* the mother's, planned 1–15 December */
  gint64       vaccination_id;      /* the child's, scheduled in October: overdue */
  gint64       visit_id;            /* the family's, not done on 1 November */
  gint64       unscheduled_id;      /* the family's, no date */
  GtkWidget   *window;
  GtkWidget   *view;
  GtkWidget   *timeline;
} Fixture;

/* A mother and her daughter with a plan agreed on 1 September 2026, seen
 * on 25 November 2026. */
static void
fixture_set_up (Fixture  *fixture,
                int       width,
                int       height,
                gboolean  main_window)
{
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  BieStore *store;
  BieCarePlan *plan;
  BieGoal *goal;
  gint64 mother_id, child_id;

  bie_test_cache_open (&fixture->cache, FALSE);
  store = fixture->cache.store;
  bie_store_set_today (store, today);
  fixture->household_id = bie_test_add_household (store, "Calle 70 Sur # 14-20");
  mother_id = bie_test_add_person (store, fixture->household_id, "María José", "Núñez Peña", "F", "1996-05-10",
                                   "CC", "52345678", "head");
  child_id = bie_test_add_person (store, fixture->household_id, "Sofía", "Ramírez Núñez", "F", "2024-03-02",
                                  "RC", "1012345678", "child");

  plan = bie_record_new (BIE_ENTITY_CARE_PLAN);
  plan->household_id = fixture->household_id;
  plan->status = g_strdup ("active");
  plan->agreed_on = g_strdup ("2026-09-01");
  fixture->plan_id = bie_test_save (store, BIE_ENTITY_CARE_PLAN, plan);

  goal = bie_record_new (BIE_ENTITY_GOAL);
  goal->plan_id = fixture->plan_id;
  goal->description = g_strdup ("Sofía completa su esquema de vacunación");
  goal->target_date = g_strdup ("2027-01-31");
  goal->status = g_strdup ("active");
  bie_test_save (store, BIE_ENTITY_GOAL, goal);

  fixture->early_prenatal_id = bie_test_add_activity (store, fixture->plan_id, mother_id, "prenatal-control",
                                             "2026-09-10", "2026-09-20", "done");
  fixture->prenatal_id = bie_test_add_activity (store, fixture->plan_id, mother_id, "prenatal-control",
                                       "2026-12-01", "2026-12-15", "planned");
  fixture->vaccination_id = bie_test_add_activity (store, fixture->plan_id, child_id, "vaccination",
                                          "2026-10-01", "2026-10-31", "scheduled");
  fixture->visit_id = bie_test_add_activity (store, fixture->plan_id, 0, "home-visit", "2026-11-01", NULL, "not-done");
  fixture->unscheduled_id = bie_test_add_activity (store, fixture->plan_id, 0, "home-visit", NULL, NULL, "planned");

  /* The real window; or the view alone, in a window of the size of a
   * phone: at that size, libadwaita 1.2 leaks a frame of the main
   * window's header (whatever its views show), which would hide this
   * view's own leaks from valgrind. */
  if (main_window)
    {
      fixture->window = g_object_new (BIE_TYPE_WINDOW, NULL);
      bie_window_set_store (BIE_WINDOW (fixture->window), store);
    }
  else
    {
      fixture->window = gtk_window_new ();
      gtk_window_set_child (GTK_WINDOW (fixture->window), bie_plan_view_new ());
    }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));
  bie_test_wait_ms (100);

  fixture->view = bie_test_find_widget (fixture->window, BIE_TYPE_PLAN_VIEW, NULL);
  fixture->timeline = bie_test_find_widget (fixture->window, BIE_TYPE_TIMELINE_WIDGET, NULL);
  g_assert_nonnull (fixture->view);
  g_assert_nonnull (fixture->timeline);
}

static void
fixture_tear_down (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  bie_test_spin ();
  bie_test_cache_close (&fixture->cache);
}

/* The Plans view with the family's plan, as the family page's button
 * asks for it. */
static void
show_plan (Fixture *fixture)
{
  GtkWidget *stack = bie_test_find_widget (fixture->window, ADW_TYPE_VIEW_STACK, "view_stack");

  g_assert_true (gtk_widget_activate_action (fixture->window, "win.show-plan", "x", fixture->household_id));
  bie_test_wait_ms (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "plans");
  g_assert_cmpint (bie_plan_view_get_household (BIE_PLAN_VIEW (fixture->view)), ==, fixture->household_id);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  bie_test_collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

static void
assert_dates (BieStore   *store,
              gint64      activity_id,
              const char *start,
              const char *end)
{
  g_autoptr(GError) error = NULL;
  BieActivity *activity = bie_store_load (store, BIE_ENTITY_ACTIVITY, activity_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (activity->start_date, ==, start);
  g_assert_cmpstr (activity->end_date, ==, end);
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);
}

/* The last edit waiting to go to the district, and how many there are. */
static guint
assert_last_outbox (BieStore   *store,
                    const char *entity,
                    const char *contains)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);
  BieOutboxEntry *last;

  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, >, 0);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_cmpstr (last->entity, ==, entity);
  g_assert_cmpstr (last->operation, ==, "update");
  if (strstr (last->changes, contains) == NULL)
    g_error ("the outbox's last change %s does not hold %s", last->changes, contains);

  return outbox->len;
}

static guint
outbox_length (BieStore *store)
{
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, NULL);

  return outbox->len;
}

static void
drag (GtkGesture *gesture,
      double      x,
      double      y,
      double      dx,
      double      dy)
{
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  state)
{
  GtkEventController *keys = bie_test_find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, state, &handled);
  bie_test_spin ();

  return handled;
}

static void
test_drag (void)
{
  Fixture fixture;
  BieStore *store;
  BieTimelineView view;
  graphene_rect_t before, during;
  GtkGesture *gesture;
  GtkWidget *undo;
  double first_day;
  guint n_outbox;

  fixture_set_up (&fixture, 1200, 800, TRUE);
  store = fixture.cache.store;
  show_plan (&fixture);

  /* Wide: the timeline, named for the family. */
  g_assert_true (gtk_widget_get_mapped (fixture.timeline));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture.timeline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Timeline of the care plan of María José Núñez Peña"));
  g_assert_true (gtk_widget_get_focusable (fixture.timeline));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture.timeline)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);
  bie_test_assert_controls_named (fixture.view);

  /* Drag the December prenatal control three days and a bit later. */
  bie_timeline_widget_get_view (BIE_TIMELINE_WIDGET (fixture.timeline), &view);
  g_assert_true (bie_timeline_widget_get_activity_area (BIE_TIMELINE_WIDGET (fixture.timeline),
                                                        fixture.prenatal_id, &before));
  gesture = bie_test_find_controller (fixture.timeline, GTK_TYPE_GESTURE_DRAG);
  n_outbox = outbox_length (store);

  /* While it is dragged, it shows where it would go; nothing is saved. */
  g_signal_emit_by_name (gesture, "drag-begin", before.origin.x + before.size.width / 2,
                         before.origin.y + before.size.height / 2);
  g_signal_emit_by_name (gesture, "drag-update", 3.3 * view.pixels_per_day, 2.0);
  g_assert_true (bie_timeline_widget_get_activity_area (BIE_TIMELINE_WIDGET (fixture.timeline),
                                                        fixture.prenatal_id, &during));
  g_assert_cmpfloat_with_epsilon (during.origin.x - before.origin.x, 3 * view.pixels_per_day, 0.01);
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (BIE_TIMELINE_WIDGET (fixture.timeline)), ==,
                   fixture.prenatal_id);
  assert_dates (store, fixture.prenatal_id, "2026-12-01", "2026-12-15");
  g_assert_cmpuint (outbox_length (store), ==, n_outbox);

  /* Let go: whole days, saved with an outbox entry. */
  g_signal_emit_by_name (gesture, "drag-end", 3.3 * view.pixels_per_day, 2.0);
  bie_test_spin ();
  assert_dates (store, fixture.prenatal_id, "2026-12-04", "2026-12-18");
  g_assert_cmpuint (assert_last_outbox (store, "activity", "2026-12-04"), ==, n_outbox + 1);

  /* The timeline read the plan again, at the same zoom. */
  {
    BieTimelineView after;
    const BiePlanSnapshot *plan = bie_timeline_widget_get_plan (BIE_TIMELINE_WIDGET (fixture.timeline));

    bie_timeline_widget_get_view (BIE_TIMELINE_WIDGET (fixture.timeline), &after);
    g_assert_cmpfloat (after.pixels_per_day, ==, view.pixels_per_day);
    for (guint i = 0; i < plan->activities->len; i++)
      {
        const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);

        if (activity->id == fixture.prenatal_id)
          g_assert_cmpint (g_date_get_day (&activity->start), ==, 4);
      }
  }

  /* Undo: back where it was, and that too goes to the outbox. */
  undo = find_button (fixture.view, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  bie_test_spin ();
  assert_dates (store, fixture.prenatal_id, "2026-12-01", "2026-12-15");
  g_assert_cmpuint (assert_last_outbox (store, "activity", "2026-12-01"), ==, n_outbox + 2);

  /* Dragging the background pans: time moves, nothing is saved. */
  bie_timeline_widget_get_view (BIE_TIMELINE_WIDGET (fixture.timeline), &view);
  first_day = view.first_day;
  drag (gesture, view.width - 5, view.height - 5, -10 * view.pixels_per_day, 0);
  bie_test_spin ();
  bie_timeline_widget_get_view (BIE_TIMELINE_WIDGET (fixture.timeline), &view);
  g_assert_cmpfloat (view.first_day, >, first_day);
  g_assert_cmpuint (outbox_length (store), ==, n_outbox + 2);

  /* A click that does not move moves nothing. */
  g_assert_true (bie_timeline_widget_get_activity_area (BIE_TIMELINE_WIDGET (fixture.timeline),
                                                        fixture.prenatal_id, &before));
  drag (gesture, before.origin.x + 2, before.origin.y + 2, 1, 0);
  bie_test_spin ();
  g_assert_cmpuint (outbox_length (store), ==, n_outbox + 2);

  bie_test_wait_ms (1000);
  fixture_tear_down (&fixture);
}

static void
test_keyboard (void)
{
  Fixture fixture;
  BieStore *store;
  BieTimelineWidget *timeline;
  GtkWindow *form;
  GtkWidget *undo;

  fixture_set_up (&fixture, 1200, 800, TRUE);
  store = fixture.cache.store;
  timeline = BIE_TIMELINE_WIDGET (fixture.timeline);
  show_plan (&fixture);
  gtk_widget_grab_focus (fixture.timeline);

  /* Nothing selected: an arrow starts from the first activity drawn. */
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, 0);
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Right, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.visit_id);

  /* Down to the mother, nearest in time; Right and Left within her lane. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Down, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.prenatal_id);
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Left, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.early_prenatal_id);
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Left, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.early_prenatal_id);
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Right, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.prenatal_id);
  /* Down again, to the daughter. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Down, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.vaccination_id);

  /* The selected activity is what a screen reader hears. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture.timeline), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                     "Vaccination, Sofía Ramírez Núñez, 1 Oct 2026 – 31 Oct 2026, "
                                                     "Scheduled, overdue"));

  /* Alt+Right: a day later, saved at once. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Right, GDK_ALT_MASK));
  assert_dates (store, fixture.vaccination_id, "2026-10-02", "2026-11-01");
  assert_last_outbox (store, "activity", "2026-10-02");
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.vaccination_id);

  /* Alt+Left twice: a day earlier than it was; one toast, whose Undo
   * undoes the three moves. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Left, GDK_ALT_MASK));
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Left, GDK_ALT_MASK));
  assert_dates (store, fixture.vaccination_id, "2026-09-30", "2026-10-30");
  undo = find_button (fixture.view, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  bie_test_spin ();
  assert_dates (store, fixture.vaccination_id, "2026-10-01", "2026-10-31");

  /* Up: her mother's activity nearest in time, September's. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Up, 0));
  g_assert_cmpint (bie_timeline_widget_get_selected_activity (timeline), ==, fixture.early_prenatal_id);

  /* Enter opens it in its form. */
  g_assert_true (press_key (fixture.timeline, GDK_KEY_Return, 0));
  form = find_toplevel (BIE_TYPE_ACTIVITY_FORM);
  g_assert_nonnull (form);
  g_assert_cmpint (bie_form_get_record_id (BIE_FORM (form)), ==, fixture.early_prenatal_id);
  gtk_window_destroy (form);

  /* Zoom keys zoom; 0 shows the whole plan again. */
  {
    BieTimelineView before, after;

    bie_timeline_widget_get_view (timeline, &before);
    g_assert_true (press_key (fixture.timeline, GDK_KEY_plus, 0));
    bie_timeline_widget_get_view (timeline, &after);
    g_assert_cmpfloat (after.pixels_per_day, >, before.pixels_per_day);
    g_assert_true (press_key (fixture.timeline, GDK_KEY_0, 0));
    bie_timeline_widget_get_view (timeline, &after);
    g_assert_cmpfloat_with_epsilon (after.pixels_per_day, before.pixels_per_day, 1e-9);
  }

  bie_test_wait_ms (1000);
  fixture_tear_down (&fixture);
}

static void
test_list (void)
{
  Fixture fixture;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *list, *overdue_row = NULL;
  GtkWindow *form;
  guint n_activities = 0;
  char *mode = NULL;

  fixture_set_up (&fixture, 1200, 800, TRUE);
  show_plan (&fixture);

  g_assert_true (gtk_widget_activate_action (fixture.view, "plan.mode", "s", "list"));
  bie_test_spin ();
  g_object_get (fixture.view, "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "list");
  g_free (mode);
  list = bie_test_find_widget (fixture.view, BIE_TYPE_PLAN_LIST, NULL);
  bie_test_wait_ms (100);
  g_assert_true (gtk_widget_get_mapped (list));
  /* The timeline's tools go with it. */
  g_assert_false (gtk_widget_get_visible (bie_test_find_widget (fixture.view, GTK_TYPE_BUTTON, "today_button")));

  /* A row an activity, the unscheduled one too, each with a name. */
  bie_test_collect_widgets (list, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      gint64 *id = g_object_get_data (G_OBJECT (row), "activity-id");

      if (id == NULL)
        continue;
      n_activities++;
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
      if (*id == fixture.vaccination_id)
        overdue_row = row;
    }
  g_assert_cmpuint (n_activities, ==, 5);
  {
    g_autoptr(GPtrArray) groups = g_ptr_array_new ();

    /* The goals come first, with their target dates. */
    bie_test_collect_widgets (list, ADW_TYPE_PREFERENCES_GROUP, groups);
    g_assert_cmpuint (groups->len, ==, 4);  /* goals, the family, mother, daughter */
    g_assert_cmpstr (adw_preferences_group_get_title (g_ptr_array_index (groups, 0)), ==, "Goals");
    g_assert_cmpstr (adw_preferences_group_get_title (g_ptr_array_index (groups, 3)), ==, "Sofía Ramírez Núñez");
    g_assert_cmpstr (adw_preferences_group_get_description (g_ptr_array_index (groups, 3)), ==, "RC 1012345678 · 2 years");
  }
  g_assert_nonnull (overdue_row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (overdue_row)), ==,
                   "1 Oct 2026 – 31 Oct 2026 · Scheduled");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (overdue_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Vaccination, Sofía Ramírez Núñez, 1 Oct 2026 – 31 Oct 2026, "
                                                     "Scheduled, overdue"));
  bie_test_assert_controls_named (fixture.view);

  /* Activating a row opens the activity. */
  g_signal_emit_by_name (overdue_row, "activated");
  bie_test_spin ();
  form = find_toplevel (BIE_TYPE_ACTIVITY_FORM);
  g_assert_nonnull (form);
  g_assert_cmpint (bie_form_get_record_id (BIE_FORM (form)), ==, fixture.vaccination_id);
  gtk_window_destroy (form);

  /* The list follows the cache, as the timeline does, and the keyboard
   * focus stays on the row of the activity it was on. */
  gtk_widget_grab_focus (overdue_row);
  {
    g_autoptr(GError) error = NULL;
    BieActivity *activity = bie_store_load (fixture.cache.store, BIE_ENTITY_ACTIVITY, fixture.vaccination_id,
                                            &error);

    g_free (activity->status);
    activity->status = g_strdup ("done");
    g_assert_true (bie_store_save (fixture.cache.store, BIE_ENTITY_ACTIVITY, activity, &error));
    bie_record_free (BIE_ENTITY_ACTIVITY, activity);
    bie_test_spin ();
    g_ptr_array_set_size (rows, 0);
    bie_test_collect_widgets (list, ADW_TYPE_ACTION_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      {
        gint64 *id = g_object_get_data (G_OBJECT (g_ptr_array_index (rows, i)), "activity-id");

        if (id != NULL && *id == fixture.vaccination_id)
          {
            g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (g_ptr_array_index (rows, i))), ==,
                             "1 Oct 2026 – 31 Oct 2026 · Done");
            g_assert_true (gtk_root_get_focus (gtk_widget_get_root (list)) == g_ptr_array_index (rows, i));
          }
      }
  }

  fixture_tear_down (&fixture);
}

/* A phone-sized window lists the plan first. */
static void
test_narrow (void)
{
  Fixture fixture;
  char *mode = NULL;

  fixture_set_up (&fixture, 360, 720, FALSE);
  bie_plan_view_show_household (BIE_PLAN_VIEW (fixture.view), fixture.cache.store, fixture.household_id);
  bie_test_wait_ms (200);

  g_object_get (fixture.view, "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "list");
  g_free (mode);
  g_assert_true (gtk_widget_get_mapped (bie_test_find_widget (fixture.view, BIE_TYPE_PLAN_LIST, NULL)));
  bie_test_assert_controls_named (fixture.view);

  /* The toolbar still offers the timeline. */
  g_assert_true (gtk_widget_activate_action (fixture.view, "plan.mode", "s", "timeline"));
  bie_test_wait_ms (100);
  g_assert_true (gtk_widget_get_mapped (fixture.timeline));

  fixture_tear_down (&fixture);
}

static void
test_empty (void)
{
  Fixture fixture;
  GtkWidget *status;
  gint64 other;

  fixture_set_up (&fixture, 1000, 700, TRUE);

  /* No family chosen yet. */
  status = bie_test_find_widget (fixture.view, ADW_TYPE_STATUS_PAGE, "empty_page");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Family Chosen");
  g_assert_false (gtk_widget_is_sensitive (bie_test_find_widget (fixture.view, GTK_TYPE_BUTTON, "today_button")));

  /* A family without a plan says so. */
  other = bie_test_add_household (fixture.cache.store, "Carrera 7 # 8-9");
  g_assert_true (gtk_widget_activate_action (fixture.window, "win.show-plan", "x", other));
  bie_test_spin ();
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Care Plan Yet");
  bie_test_assert_controls_named (fixture.view);

  /* And shows it once one is made. */
  {
    BieCarePlan *plan = bie_record_new (BIE_ENTITY_CARE_PLAN);

    plan->household_id = other;
    plan->status = g_strdup ("draft");
    bie_test_save (fixture.cache.store, BIE_ENTITY_CARE_PLAN, plan);
    bie_test_spin ();
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (bie_test_find_widget (fixture.view,
                                                                                        GTK_TYPE_STACK,
                                                                                        "stack"))),
                     ==, "plan");
    g_assert_nonnull (bie_timeline_widget_get_plan (BIE_TIMELINE_WIDGET (fixture.timeline)));
  }

  fixture_tear_down (&fixture);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bie_plan_view_export_pdf_finish (BIE_PLAN_VIEW (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
assert_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static void
test_print (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-print-XXXXXX", &error);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (exported);
  Fixture fixture;
  gboolean done = FALSE;

  fixture_set_up (&fixture, 1200, 800, TRUE);
  show_plan (&fixture);

  /* Printing, through the print operation's pages, into a file. */
  g_assert_true (bie_plan_view_print (BIE_PLAN_VIEW (fixture.view), printed, &error));
  g_assert_no_error (error);
  assert_pdf (printed);

  /* Export as PDF, in a worker thread. */
  bie_plan_view_export_pdf_async (BIE_PLAN_VIEW (fixture.view), file, NULL, on_exported, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  assert_pdf (exported);

  /* Without a plan there is nothing to print. */
  bie_plan_view_show_household (BIE_PLAN_VIEW (fixture.view), fixture.cache.store, 0);
  g_assert_false (bie_plan_view_print (BIE_PLAN_VIEW (fixture.view), printed, &error));
  g_assert_nonnull (error);

  fixture_tear_down (&fixture);
  g_unlink (printed);
  g_unlink (exported);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/timeline-view/drag", test_drag);
  g_test_add_func ("/timeline-view/keyboard", test_keyboard);
  g_test_add_func ("/timeline-view/list", test_list);
  g_test_add_func ("/timeline-view/narrow", test_narrow);
  g_test_add_func ("/timeline-view/empty", test_empty);
  g_test_add_func ("/timeline-view/print", test_print);

  return g_test_run ();
}
