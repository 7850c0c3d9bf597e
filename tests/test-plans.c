/* test-plans.c: family care plans as the timeline and printed pages read them
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bie-demo-cache.h"
#include "bie-store-caseload.h"
#include "bie-store-plans.h"
#include "bie-store-private.h"
#include "bie-test-records.h"

static void
test_snapshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BiePlanSnapshot) snapshot = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  BieTestCache cache;
  BieCarePlan *plan;
  BieGoal *goal;
  BiePlanActivity *activity;
  BiePlanLane *lane;
  gint64 household_id, mother_id, child_id, plan_id, late_id;
  GDate first, last;

  bie_test_cache_open (&cache, FALSE);
  bie_store_set_today (cache.store, today);
  household_id = bie_test_add_household (cache.store, "Calle 70 Sur # 14-20");
  child_id = bie_test_add_person (cache.store, household_id, "Sofía", "Ramírez Núñez", "F", "2024-03-02",
                                  "RC", "1012345678", "child");
  mother_id = bie_test_add_person (cache.store, household_id, "María José", "Núñez Peña", "F", "1996-05-10",
                                   "CC", "52345678", "head");

  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, 0);
  g_assert_no_error (error);

  plan = bie_record_new (BIE_ENTITY_CARE_PLAN);
  plan->household_id = household_id;
  plan->status = g_strdup ("active");
  plan->agreed_on = g_strdup ("2026-09-01");
  plan_id = bie_test_save (cache.store, BIE_ENTITY_CARE_PLAN, plan);
  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, plan_id);

  goal = bie_record_new (BIE_ENTITY_GOAL);
  goal->plan_id = plan_id;
  goal->description = g_strdup ("Sofía completa su esquema de vacunación");
  goal->target_date = g_strdup ("2027-01-31");
  goal->status = g_strdup ("active");
  bie_test_save (cache.store, BIE_ENTITY_GOAL, goal);

  late_id = bie_test_add_activity (cache.store, plan_id, child_id, "vaccination", "2026-10-01", "2026-10-31", "scheduled");
  bie_test_add_activity (cache.store, plan_id, mother_id, "prenatal-control", "2026-12-01", "2026-12-15", "planned");
  bie_test_add_activity (cache.store, plan_id, mother_id, "prenatal-control", "2026-09-10", "2026-09-20", "done");
  bie_test_add_activity (cache.store, plan_id, 0, "home-visit", "2026-11-01", NULL, "not-done");

  snapshot = bie_store_plan_snapshot (cache.store, plan_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);

  /* The household, as the header of a printed plan says it. */
  g_assert_cmpint (snapshot->household_id, ==, household_id);
  g_assert_cmpstr (snapshot->household_name, ==, "María José Núñez Peña");
  g_assert_cmpstr (snapshot->address, ==, "Calle 70 Sur # 14-20");
  g_assert_nonnull (snapshot->sector_code);
  g_assert_cmpstr (snapshot->plan_status, ==, "Active");
  g_assert_cmpint (g_date_get_day (&snapshot->agreed_on), ==, 1);

  /* The family's lane first, then the head of household, then the others. */
  g_assert_cmpuint (snapshot->lanes->len, ==, 3);
  lane = g_ptr_array_index (snapshot->lanes, 0);
  g_assert_cmpint (lane->person_id, ==, 0);
  g_assert_cmpstr (lane->name, ==, "Whole family");
  lane = g_ptr_array_index (snapshot->lanes, 1);
  g_assert_cmpint (lane->person_id, ==, mother_id);
  g_assert_cmpint (lane->age, ==, 30);
  g_assert_cmpstr (lane->document, ==, "CC 52345678");
  lane = g_ptr_array_index (snapshot->lanes, 2);
  g_assert_cmpint (lane->person_id, ==, child_id);
  g_assert_cmpint (lane->age, ==, 2);

  /* Activities by lane, then by start; overdue when open and past. */
  g_assert_cmpuint (snapshot->activities->len, ==, 4);
  activity = g_ptr_array_index (snapshot->activities, 0);
  g_assert_cmpuint (activity->lane, ==, 0);
  g_assert_cmpint (activity->status, ==, BIE_ACTIVITY_NOT_DONE);
  g_assert_cmpstr (activity->status_reason, ==, "La familia no estaba");
  g_assert_false (activity->overdue);
  g_assert_false (g_date_valid (&activity->end));
  activity = g_ptr_array_index (snapshot->activities, 1);
  g_assert_cmpuint (activity->lane, ==, 1);
  g_assert_cmpint (activity->status, ==, BIE_ACTIVITY_DONE);
  g_assert_false (activity->overdue);
  activity = g_ptr_array_index (snapshot->activities, 2);
  g_assert_cmpuint (activity->lane, ==, 1);
  g_assert_cmpint (g_date_get_month (&activity->start), ==, G_DATE_DECEMBER);
  g_assert_false (activity->overdue);
  activity = g_ptr_array_index (snapshot->activities, 3);
  g_assert_cmpint (activity->id, ==, late_id);
  g_assert_cmpuint (activity->lane, ==, 2);
  g_assert_true (activity->overdue);
  g_assert_cmpstr (activity->kind, ==, "vaccination");
  g_assert_cmpstr (activity->title, !=, "vaccination");  /* the kind's name, not its code */

  g_assert_cmpuint (snapshot->goals->len, ==, 1);
  g_assert_cmpint (((BiePlanGoal *) g_ptr_array_index (snapshot->goals, 0))->status, ==, BIE_GOAL_ACTIVE);

  /* The plan spans its agreement to its goal's target date. */
  bie_plan_snapshot_get_range (snapshot, &first, &last);
  g_assert_cmpint (g_date_get_month (&first), ==, G_DATE_SEPTEMBER);
  g_assert_cmpint (g_date_get_day (&first), ==, 1);
  g_assert_cmpint (g_date_get_year (&last), ==, 2027);

  /* A plan the cache does not have. */
  g_clear_pointer (&snapshot, bie_plan_snapshot_free);
  snapshot = bie_store_plan_snapshot (cache.store, plan_id + 100, &error);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND);
  g_assert_null (snapshot);

  bie_test_cache_close (&cache);
}

static gint64
add_plan (BieStore   *store,
          gint64      household_id,
          const char *status,
          const char *agreed_on)
{
  BieCarePlan *plan = bie_record_new (BIE_ENTITY_CARE_PLAN);

  plan->household_id = household_id;
  plan->status = g_strdup (status);
  plan->agreed_on = g_strdup (agreed_on);

  return bie_test_save (store, BIE_ENTITY_CARE_PLAN, plan);
}

/* The caseload says the status of the plan the household follows. */
static void
assert_caseload_plan (BieStore   *store,
                      gint64      household_id,
                      const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieCaseloadRow) row = bie_store_caseload_row (store, household_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (row->plan_status, ==, status);
}

/* The plan a household is followed by: the one in draft or active, even
 * without a date agreed, else the one agreed last. */
static void
test_household_plan (void)
{
  g_autoptr(GError) error = NULL;
  BieTestCache cache;
  gint64 household_id, first_id, second_id, draft_id, cancelled_id;

  bie_test_cache_open (&cache, FALSE);
  household_id = bie_test_add_household (cache.store, "Calle 70 Sur # 14-20");

  first_id = add_plan (cache.store, household_id, "completed", "2025-03-01");
  second_id = add_plan (cache.store, household_id, "cancelled", "2025-09-01");
  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, second_id);
  g_assert_no_error (error);

  /* A new draft, not agreed yet, is the household's plan. */
  draft_id = add_plan (cache.store, household_id, "draft", NULL);
  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, draft_id);
  assert_caseload_plan (cache.store, household_id, "draft");

  /* Cancelled before it was agreed, it gives way to the last one agreed. */
  {
    BieCarePlan *plan = bie_store_load (cache.store, BIE_ENTITY_CARE_PLAN, draft_id, &error);

    g_assert_no_error (error);
    g_free (plan->status);
    plan->status = g_strdup ("cancelled");
    bie_test_save (cache.store, BIE_ENTITY_CARE_PLAN, plan);
  }
  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, second_id);
  cancelled_id = second_id;

  /* Among plans agreed, the latest date, then the latest written. */
  second_id = add_plan (cache.store, household_id, "completed", "2025-09-01");
  g_assert_cmpint (bie_store_household_plan (cache.store, household_id, &error), ==, second_id);
  assert_caseload_plan (cache.store, household_id, "completed");
  g_assert_cmpint (second_id, >, cancelled_id);
  g_assert_cmpint (first_id, <, cancelled_id);
  g_assert_no_error (error);

  bie_test_cache_close (&cache);
}

static void
assert_change (GPtrArray  *history,
               guint       index,
               const char *status,
               const char *reason)
{
  BieActivityChange *change = g_ptr_array_index (history, index);

  g_assert_cmpstr (change->status, ==, status);
  g_assert_cmpstr (change->reason, ==, reason);
  g_assert_cmpint (change->changed_at, >, 0);
}

/* Every change of an activity's status is kept, latest first; other
 * changes to the activity are not changes of its status. */
static void
test_activity_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  BieTestCache cache;
  BieActivity *activity;
  gint64 household_id, plan_id, activity_id, other_id;

  bie_test_cache_open (&cache, FALSE);
  household_id = bie_test_add_household (cache.store, "Calle 70 Sur # 14-20");
  plan_id = add_plan (cache.store, household_id, "active", "2026-09-01");
  activity_id = bie_test_add_activity (cache.store, plan_id, 0, "home-visit", "2026-10-01", "2026-10-31", "planned");
  other_id = bie_test_add_activity (cache.store, plan_id, 0, "work-session", NULL, NULL, "planned");

  history = bie_store_activity_history (cache.store, activity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  assert_change (history, 0, "planned", NULL);
  g_clear_pointer (&history, g_ptr_array_unref);

  activity = bie_store_load (cache.store, BIE_ENTITY_ACTIVITY, activity_id, &error);
  g_assert_no_error (error);
  g_free (activity->status);
  activity->status = g_strdup ("scheduled");
  bie_test_save (cache.store, BIE_ENTITY_ACTIVITY, activity);

  /* A new date is not a new status. */
  activity = bie_store_load (cache.store, BIE_ENTITY_ACTIVITY, activity_id, &error);
  g_free (activity->end_date);
  activity->end_date = g_strdup ("2026-11-15");
  bie_test_save (cache.store, BIE_ENTITY_ACTIVITY, activity);

  activity = bie_store_load (cache.store, BIE_ENTITY_ACTIVITY, activity_id, &error);
  g_free (activity->status);
  activity->status = g_strdup ("not-done");
  activity->status_reason = g_strdup ("La familia no estaba");
  bie_test_save (cache.store, BIE_ENTITY_ACTIVITY, activity);

  history = bie_store_activity_history (cache.store, activity_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  assert_change (history, 0, "not-done", "La familia no estaba");
  assert_change (history, 1, "scheduled", NULL);
  assert_change (history, 2, "planned", NULL);
  g_assert_cmpint (((BieActivityChange *) g_ptr_array_index (history, 0))->changed_at, >=,
                   ((BieActivityChange *) g_ptr_array_index (history, 1))->changed_at);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Each activity has its own; one the cache does not have, none. */
  history = bie_store_activity_history (cache.store, other_id, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = bie_store_activity_history (cache.store, other_id + 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);

  bie_test_cache_close (&cache);
}

/* What a coordinator prints: plans still followed, by part of the city. */
static void
test_list_plans (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-plans-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) overdue = NULL;
  BiePlanSelection selection = { 0 };
  BieDemoOptions options;
  guint n_in_localidades = 0;

  bie_demo_options_init (&options);
  options.n_households = 1500;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = bie_store_open (path, &error);
  g_assert_no_error (error);
  bie_store_set_today (store, today);

  all = bie_store_list_plans (store, &selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 10);

  selection.overdue_only = TRUE;
  overdue = bie_store_list_plans (store, &selection, &error);
  g_assert_cmpuint (overdue->len, >, 0);
  g_assert_cmpuint (overdue->len, <, all->len);
  for (guint i = 0; i < overdue->len; i++)
    {
      g_autoptr(BiePlanSnapshot) plan = bie_store_plan_snapshot (store, g_array_index (overdue, gint64, i), &error);
      gboolean late = FALSE;

      g_assert_no_error (error);
      for (guint j = 0; j < plan->activities->len; j++)
        late |= ((BiePlanActivity *) g_ptr_array_index (plan->activities, j))->overdue;
      g_assert_true (late);
    }

  /* Every plan is in exactly one localidad. */
  selection.overdue_only = FALSE;
  for (gint64 localidad = 1; localidad <= 20; localidad++)
    {
      g_autoptr(GArray) some = NULL;

      selection.localidad_id = localidad;
      some = bie_store_list_plans (store, &selection, &error);
      g_assert_no_error (error);
      n_in_localidades += some->len;
    }
  g_assert_cmpuint (n_in_localidades, ==, all->len);

  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plans/snapshot", test_snapshot);
  g_test_add_func ("/plans/list", test_list_plans);
  g_test_add_func ("/plans/household-plan", test_household_plan);
  g_test_add_func ("/plans/activity-history", test_activity_history);

  return g_test_run ();
}
