/* test-caseload.c: the priority of a household, each factor alone, and
 * the caseload the store answers — its facts after edits, filters, sorts
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "bie-caseload.h"
#include "bie-caseload-model.h"
#include "bie-demo-cache.h"
#include "bie-geo-layer.h"
#include "bie-store-geo.h"
#include "bie-store-map.h"
#include "bie-reference.h"
#include "bie-store-caseload.h"
#include "bie-store-private.h"
#include "bie-test-records.h"
#include "bie-validation.h"

/* The day every test is judged on. */
static GDate *
test_today (void)
{
  return g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
}

/* Priority */

static int
score_of (const BiePriorityFactors *factors,
          guint                     n_reasons)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  int score = bie_priority_score (factors, reasons);

  g_assert_cmpuint (reasons->len, ==, n_reasons);

  return score;
}

static void
test_priority_factors (void)
{
  /* A household contacted yesterday, with nothing to watch. */
  BiePriorityFactors none = { .days_since_contact = 1 };
  BiePriorityFactors f;

  g_assert_cmpint (score_of (&none, 0), ==, 0);

  f = none;
  f.open_risks = 2;
  g_assert_cmpint (score_of (&f, 1), ==, 2 * BIE_PRIORITY_PER_RISK);
  f.open_risks = 9;  /* counted up to a ceiling */
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_MAX_RISKS * BIE_PRIORITY_PER_RISK);

  f = none;
  f.overdue = TRUE;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_OVERDUE);

  f = none;
  f.days_since_contact = BIE_PRIORITY_CONTACT_GRACE;
  g_assert_cmpint (score_of (&f, 0), ==, 0);
  f.days_since_contact = BIE_PRIORITY_CONTACT_GRACE + 15;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_PER_FORTNIGHT);
  f.days_since_contact = 400;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_MAX_CONTACT);
  f.days_since_contact = -1;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_MAX_CONTACT);

  f = none;
  f.pregnant = TRUE;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_PREGNANT);
  f = none;
  f.child_under_five = TRUE;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_CHILD_UNDER_FIVE);
  f = none;
  f.older_person = TRUE;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_OLDER_PERSON);
  f = none;
  f.caregiver = TRUE;
  g_assert_cmpint (score_of (&f, 1), ==, BIE_PRIORITY_CAREGIVER);

  /* Factors add up, and each is said in words. */
  f.open_risks = 1;
  f.pregnant = TRUE;
  f.overdue = TRUE;
  g_assert_cmpint (score_of (&f, 4), ==, BIE_PRIORITY_PER_RISK + BIE_PRIORITY_PREGNANT +
                                          BIE_PRIORITY_OVERDUE + BIE_PRIORITY_CAREGIVER);
}

static void
test_priority_dates (void)
{
  g_autoptr(GDate) today = test_today ();
  BiePriorityFactors f;

  /* Overdue: an open activity whose end was yesterday, not today. */
  bie_priority_factors_init (&f, today, 0, "2026-11-24", "2026-11-20", NULL, NULL, FALSE, FALSE);
  g_assert_true (f.overdue);
  g_assert_cmpint (f.days_since_contact, ==, 5);
  bie_priority_factors_init (&f, today, 0, "2026-11-25", NULL, NULL, NULL, FALSE, FALSE);
  g_assert_false (f.overdue);
  g_assert_cmpint (f.days_since_contact, ==, -1);

  /* Under five until the fifth birthday; older from the sixtieth. */
  bie_priority_factors_init (&f, today, 0, NULL, NULL, "2021-11-26", "1966-11-25", FALSE, FALSE);
  g_assert_true (f.child_under_five);
  g_assert_true (f.older_person);
  bie_priority_factors_init (&f, today, 0, NULL, NULL, "2021-11-25", "1966-11-26", FALSE, FALSE);
  g_assert_false (f.child_under_five);
  g_assert_false (f.older_person);

  /* What is not a date counts for nothing. */
  bie_priority_factors_init (&f, today, 0, "soon", "2026-02-30", "", NULL, FALSE, FALSE);
  g_assert_false (f.overdue);
  g_assert_cmpint (f.days_since_contact, ==, -1);
  g_assert_false (f.child_under_five);
}

/* The caseload in the store */

typedef struct
{
  BieTestCache  cache;
  BieStore     *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDate) today = test_today ();

  bie_test_cache_open (&fixture->cache, FALSE);
  fixture->store = fixture->cache.store;
  bie_store_set_today (fixture->store, today);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bie_test_cache_close (&fixture->cache);
}

static gint64
add_person (BieStore   *store,
            gint64      household_id,
            const char *given_names,
            const char *sex,
            const char *birth_date,
            const char *document_type,
            const char *document_number,
            const char *relationship)
{
  return bie_test_add_person (store, household_id, given_names, "Pérez Núñez", sex, birth_date,
                              document_type, document_number, relationship);
}

static gint64
add_risk (BieStore   *store,
          gint64      household_id,
          gint64      person_id,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  BieRisk *risk = bie_record_new (BIE_ENTITY_RISK);
  gint64 id;

  risk->household_id = household_id;
  risk->person_id = person_id;
  risk->code = g_strdup (code);
  risk->status = g_strdup ("identified");
  risk->identified_on = g_strdup ("2026-10-01");
  if (!bie_store_save (store, BIE_ENTITY_RISK, risk, &error))
    g_error ("%s", error->message);
  id = risk->record.id;
  bie_record_free (BIE_ENTITY_RISK, risk);

  return id;
}

static void
add_encounter (BieStore   *store,
               gint64      household_id,
               const char *date)
{
  g_autoptr(GError) error = NULL;
  BieEncounter *encounter = bie_record_new (BIE_ENTITY_ENCOUNTER);

  encounter->household_id = household_id;
  encounter->kind = g_strdup ("home-visit");
  encounter->date = g_strdup (date);
  if (!bie_store_save (store, BIE_ENTITY_ENCOUNTER, encounter, &error))
    g_error ("%s", error->message);
  bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);
}

static gint64
add_plan_with_activity (BieStore   *store,
                        gint64      household_id,
                        const char *end_date)
{
  g_autoptr(GError) error = NULL;
  BieCarePlan *plan = bie_record_new (BIE_ENTITY_CARE_PLAN);
  BieActivity *activity = bie_record_new (BIE_ENTITY_ACTIVITY);
  gint64 id;

  plan->household_id = household_id;
  plan->status = g_strdup ("active");
  plan->agreed_on = g_strdup ("2026-09-01");
  if (!bie_store_save (store, BIE_ENTITY_CARE_PLAN, plan, &error))
    g_error ("%s", error->message);

  activity->plan_id = plan->record.id;
  activity->kind = g_strdup ("prenatal-control");
  activity->start_date = g_strdup ("2026-10-01");
  activity->end_date = g_strdup (end_date);
  activity->status = g_strdup ("scheduled");
  if (!bie_store_save (store, BIE_ENTITY_ACTIVITY, activity, &error))
    g_error ("%s", error->message);
  id = activity->record.id;

  bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);

  return id;
}

static BieCaseloadRow *
row_of (BieStore *store,
        gint64    household_id)
{
  g_autoptr(GError) error = NULL;
  BieCaseloadRow *row = bie_store_caseload_row (store, household_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);

  return row;
}

static void
test_facts_follow_edits (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 household = bie_test_add_household (fixture->store, "Calle 70 Sur # 18-25");
  gint64 mother, risk, activity;
  BieCaseloadRow *row;

  /* A new household: never contacted, nothing else. */
  row = row_of (fixture->store, household);
  g_assert_cmpuint (row->n_members, ==, 0);
  g_assert_cmpint (row->priority, ==, BIE_PRIORITY_MAX_CONTACT);
  g_assert_cmpstr (row->sector_code, ==, "004501");
  bie_caseload_row_free (row);

  mother = add_person (fixture->store, household, "Luz Marina", "F", "1998-03-02", "CC", "52111222", "head");
  add_person (fixture->store, household, "Samuel", "M", "2024-06-10", "RC", "1030111222", "child");
  risk = add_risk (fixture->store, household, mother, "pregnancy-no-prenatal-control");
  add_encounter (fixture->store, household, "2026-11-20T15:00:00Z");
  activity = add_plan_with_activity (fixture->store, household, "2026-11-10");

  row = row_of (fixture->store, household);
  g_assert_cmpstr (row->head_name, ==, "Luz Marina Pérez Núñez");
  g_assert_cmpuint (row->n_members, ==, 2);
  g_assert_cmpuint (row->open_risks, ==, 1);
  g_assert_cmpstr (row->risk_codes, ==, "pregnancy-no-prenatal-control");
  g_assert_true (row->pregnant);
  g_assert_cmpstr (row->last_contact, ==, "2026-11-20");
  g_assert_cmpstr (row->next_due, ==, "2026-11-10");
  g_assert_cmpstr (row->plan_status, ==, "active");
  g_assert_cmpint (row->priority, ==, BIE_PRIORITY_PER_RISK + BIE_PRIORITY_OVERDUE +
                                      BIE_PRIORITY_PREGNANT + BIE_PRIORITY_CHILD_UNDER_FIVE);
  bie_caseload_row_free (row);

  /* The risk is closed and the activity done: the household calms down. */
  {
    BieRisk *closed = bie_store_load (fixture->store, BIE_ENTITY_RISK, risk, &error);
    BieActivity *done = bie_store_load (fixture->store, BIE_ENTITY_ACTIVITY, activity, &error);

    g_free (closed->status);
    closed->status = g_strdup ("closed");
    closed->closed_on = g_strdup ("2026-11-21");
    g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_RISK, closed, &error));
    g_assert_no_error (error);
    g_free (done->status);
    done->status = g_strdup ("done");
    g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_ACTIVITY, done, &error));
    g_assert_no_error (error);
    bie_record_free (BIE_ENTITY_RISK, closed);
    bie_record_free (BIE_ENTITY_ACTIVITY, done);
  }
  row = row_of (fixture->store, household);
  g_assert_cmpuint (row->open_risks, ==, 0);
  g_assert_false (row->pregnant);
  g_assert_null (row->next_due);
  g_assert_cmpint (row->priority, ==, BIE_PRIORITY_CHILD_UNDER_FIVE);
  bie_caseload_row_free (row);

  /* A new day: the contact ages, the priority follows. */
  {
    g_autoptr(GDate) later = g_date_new_dmy (20, G_DATE_FEBRUARY, 2027);

    bie_store_set_today (fixture->store, later);
    row = row_of (fixture->store, household);
    g_assert_cmpint (row->priority, ==, BIE_PRIORITY_CHILD_UNDER_FIVE +
                                        BIE_PRIORITY_PER_FORTNIGHT * ((92 - 30) / 15));
    bie_caseload_row_free (row);
  }
}

static void
assert_ids (GArray       *ids,
            const gint64 *expected,
            guint         n_expected)
{
  g_assert_nonnull (ids);
  if (ids->len != n_expected)
    g_error ("%u households, not %u", ids->len, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static GArray *
caseload (BieStore                *store,
          const BieCaseloadFilter *filter,
          BieCaseloadSort          sort)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = bie_store_caseload (store, filter, sort, 0, &error);

  g_assert_no_error (error);

  return ids;
}

static void
test_filters_and_sorts (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 a = bie_test_add_household (fixture->store, "Calle 1 # 2-3");   /* pregnant, overdue */
  gint64 b = bie_test_add_household (fixture->store, "Carrera 7 # 8-9"); /* child under five, seen lately */
  gint64 c = bie_test_add_household (fixture->store, "Diagonal 4 # 5-6"); /* nothing, never seen */
  gint64 mother;
  BieCaseloadFilter filter = { 0 };
  g_autoptr(GArray) ids = NULL;

  mother = add_person (fixture->store, a, "Ana", "F", "1995-01-01", "CC", "52000001", "head");
  add_risk (fixture->store, a, mother, "pregnancy");
  add_plan_with_activity (fixture->store, a, "2026-11-01");
  add_encounter (fixture->store, a, "2026-09-01T10:00:00Z");
  add_person (fixture->store, b, "Zoe", "F", "1990-01-01", "CC", "52000002", "head");
  add_person (fixture->store, b, "Bebé", "M", "2025-01-01", "RC", "1030000003", "child");
  add_encounter (fixture->store, b, "2026-11-24T10:00:00Z");
  add_person (fixture->store, c, "Mario", "M", "1950-01-01", "CC", "8000004", "head");

  /* Priorities: a = risk 10 + overdue 15 + pregnant 12 + 85 days 9 = 46;
   * c = never 18 + older 4 = 22; b = child 6. */
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a, c, b }, 3);
  g_clear_pointer (&ids, g_array_unref);

  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_NAME);
  assert_ids (ids, (gint64[]) { a, c, b }, 3);  /* Ana, Mario, Zoe */
  g_clear_pointer (&ids, g_array_unref);

  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_LAST_CONTACT);
  assert_ids (ids, (gint64[]) { c, a, b }, 3);  /* never, September, yesterday */
  g_clear_pointer (&ids, g_array_unref);

  filter.risk_code = "pregnancy";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.risk_code = "preg";  /* a code, not a prefix */
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_array_unref);
  filter.risk_code = NULL;

  filter.overdue = TRUE;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.overdue = FALSE;

  filter.no_contact_days = 30;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a, c }, 2);
  g_clear_pointer (&ids, g_array_unref);
  filter.no_contact_days = 0;

  filter.child_under_five = TRUE;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { b }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.child_under_five = FALSE;

  filter.pregnant = TRUE;
  filter.plan_status = "active";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.pregnant = FALSE;
  filter.plan_status = "none";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { c, b }, 2);
  g_clear_pointer (&ids, g_array_unref);
  filter.plan_status = NULL;

  /* Territory: everything is in sector 1, localidad 1, subred 1. */
  filter.sector_id = 1;
  filter.localidad_id = 1;
  filter.subred_id = 1;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a, c, b }, 3);
  g_clear_pointer (&ids, g_array_unref);
  filter.sector_id = 2;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_array_unref);
  filter.sector_id = filter.localidad_id = filter.subred_id = 0;

  /* Text: a member's name, an address, a document; combined with a filter. */
  filter.text = "bebe";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { b }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.text = "diagonal";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { c }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.text = "5200000";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a, b }, 2);
  g_clear_pointer (&ids, g_array_unref);
  filter.overdue = TRUE;
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, (gint64[]) { a }, 1);
  g_clear_pointer (&ids, g_array_unref);
  filter.overdue = FALSE;
  filter.text = "\" OR 1 --";
  ids = caseload (fixture->store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  assert_ids (ids, NULL, 0);
  g_clear_pointer (&ids, g_array_unref);
}

typedef struct
{
  guint position, removed, added;
  guint n_signals;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->n_signals++;
}

static void
test_model (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = bie_test_add_household (fixture->store, "Calle 1 # 2-3");
  gint64 b = bie_test_add_household (fixture->store, "Carrera 7 # 8-9");
  gint64 c;
  g_autoptr(BieCaseloadModel) model = NULL;
  g_autoptr(BieCaseloadItem) first = NULL;
  BieCaseloadFilter filter = { 0 };
  Changes changes = { 0 };
  BieHousehold *household;
  guint position;

  add_encounter (fixture->store, b, "2026-11-24T10:00:00Z");
  add_risk (fixture->store, a, 0, "housing");

  model = bie_caseload_model_new (fixture->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == BIE_TYPE_CASELOAD_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (bie_caseload_item_get_row (first)->household_id, ==, a);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 2));

  /* An edit that changes a shown row, not the order: that row alone. */
  household = bie_store_load (fixture->store, BIE_ENTITY_HOUSEHOLD, a, &error);
  g_free (household->address);
  household->address = g_strdup ("Calle 1 # 2-30");
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_HOUSEHOLD, household, &error));
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpstr (bie_caseload_item_get_row (first)->address, ==, "Calle 1 # 2-30");

  /* An edit that changes nothing shown: nothing said. */
  add_person (fixture->store, a, "Ana", "F", "1995-01-01", "CC", "52000001", "head");
  g_assert_cmpuint (changes.n_signals, ==, 2);  /* the head's name is shown */
  add_encounter (fixture->store, b, "2026-11-23T10:00:00Z");
  g_assert_cmpuint (changes.n_signals, ==, 2);

  /* A new household: the list changes where it joins it, and only there. */
  c = bie_test_add_household (fixture->store, "Diagonal 4 # 5-6");
  g_assert_cmpuint (changes.n_signals, ==, 3);
  g_assert_true (bie_caseload_model_find (model, c, &position));
  g_assert_cmpuint (changes.position, ==, position);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* A filter and a sort. */
  filter.text = "carrera";
  g_assert_true (bie_caseload_model_set_filter (model, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (bie_caseload_model_find (model, b, &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_false (bie_caseload_model_find (model, a, NULL));

  filter.text = NULL;
  g_assert_true (bie_caseload_model_set_filter (model, &filter, &error));
  g_assert_true (bie_caseload_model_set_sort (model, BIE_CASELOAD_SORT_LAST_CONTACT, &error));
  g_assert_true (bie_caseload_model_find (model, b, &position));
  g_assert_cmpuint (position, ==, 2);
}

static void
count_batch (guint    done,
             guint    total,
             gpointer user_data)
{
}

/* A bulk load skips the triggers and rebuilds the facts at its end: the
 * result must be what the triggers would have made. */
static void
test_bulk_rebuild (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-caseload-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GDate) today = test_today ();
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GArray) all = NULL;
  BieCaseloadFilter filter = { 0 };
  BieDemoOptions options;
  gint64 households;
  int previous = G_MAXINT;

  bie_demo_options_init (&options);
  options.n_households = 1200;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (path, &options, count_batch, NULL, NULL, &error));
  g_assert_no_error (error);

  store = bie_store_open (path, &error);
  g_assert_no_error (error);
  bie_store_set_today (store, today);
  g_assert_true (bie_store_count (store, BIE_ENTITY_HOUSEHOLD, &households, &error));

  all = caseload (store, &filter, BIE_CASELOAD_SORT_PRIORITY);
  g_assert_cmpuint (all->len, ==, households);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(BieCaseloadRow) row = row_of (store, g_array_index (all, gint64, i));
      BiePriorityFactors factors;

      /* In order, and each priority what the factors say. */
      g_assert_cmpint (row->priority, <=, previous);
      previous = row->priority;
      bie_priority_factors_init (&factors, today, row->open_risks, row->next_due, row->last_contact,
                                 row->youngest_birth, row->oldest_birth, row->pregnant, row->caregiver);
      g_assert_cmpint (row->priority, ==, bie_priority_score (&factors, NULL));
      g_assert_cmpuint (row->n_members, >, 0);
    }

  /* The facts rebuilt at once are what one household at a time makes. */
  {
    sqlite3 *db = bie_store_get_connection (store);
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT count (*) FROM (SELECT * FROM household_facts"
                                         " EXCEPT SELECT * FROM household_facts_source)",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }

  /* The search indexes, built at once too, find every person by their
   * document and hold every household. */
  {
    sqlite3 *db = bie_store_get_connection (store);
    sqlite3_stmt *stmt;
    guint checked = 0;

    g_assert_cmpint (sqlite3_prepare_v2 (db,
                                         "SELECT id, document_number FROM person"
                                         " WHERE deleted = 0 AND id % 25 = 0",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_autoptr(GArray) hits = bie_store_search (store, BIE_ENTITY_PERSON,
                                                   (const char *) sqlite3_column_text (stmt, 1), 50, &error);
        gboolean found = FALSE;

        g_assert_no_error (error);
        for (guint i = 0; i < hits->len; i++)
          found = found || g_array_index (hits, BieSearchHit, i).id == id;
        g_assert_true (found);
        checked++;
      }
    sqlite3_finalize (stmt);
    g_assert_cmpuint (checked, >, 100);

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM household_search", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, households);
    sqlite3_finalize (stmt);
  }

  /* Each choice's count is what choosing it leaves, with the other
   * filters as they are and whatever the facet's own part says. */
  for (guint base = 0; base < 3; base++)
    {
      BieCaseloadFilter others = { .child_under_five = base == 1, .overdue = base == 2,
                                   .risk_code = base == 2 ? "mental-health" : NULL,
                                   .plan_status = base == 2 ? "active" : NULL };
      g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", &error);
      const char *statuses[] = { "none", "draft", "active", "completed", "cancelled" };
      g_autoptr(GHashTable) by_risk = bie_store_caseload_facet_counts (store, &others, BIE_CASELOAD_FACET_RISK, &error);
      g_autoptr(GHashTable) by_plan = bie_store_caseload_facet_counts (store, &others, BIE_CASELOAD_FACET_PLAN_STATUS,
                                                                       &error);
      guint n_with_risk = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < bie_reference_list_get_n_items (risks); i++)
        {
          BieCaseloadFilter choice = others;
          guint count;

          choice.risk_code = bie_reference_list_get_code (risks, i);
          g_assert_true (bie_store_caseload_count (store, &choice, &count, &error));
          g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_risk, choice.risk_code)), ==, count);
          n_with_risk += count > 0;
        }
      g_assert_cmpuint (g_hash_table_size (by_risk), ==, n_with_risk);

      for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
        {
          BieCaseloadFilter choice = others;
          guint count;

          choice.plan_status = statuses[i];
          g_assert_true (bie_store_caseload_count (store, &choice, &count, &error));
          g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_plan, statuses[i])), ==, count);
        }
      if (base < 2)
        {
          g_assert_cmpuint (n_with_risk, >, 3);
          g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_plan, "none")), >, 0);
          g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (by_plan, "active")), >, 0);
        }
    }

  /* Three letters match a great many: search keeps the best matches. */
  {
    g_autoptr(GArray) matched = NULL;

    filter.text = "mar";
    matched = caseload (store, &filter, BIE_CASELOAD_SORT_PRIORITY);
    g_test_message ("“mar” keeps %u of %u households", matched->len, all->len);
    g_assert_cmpuint (matched->len, >, 0);
    g_assert_cmpuint (matched->len, <=, 2 * BIE_CASELOAD_MAX_MATCHES);
    g_assert_cmpuint (matched->len, <, all->len);
  }

  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

/* Days as people read them, in the language of the test (C: English). */
static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  /* Added after the first page, nothing removed. */
  g_assert_cmpuint (position, ==, 64);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 36);
  (*changes)++;
}

/* A window's model shows the first rows at once and the others after
 * them, the same list as the whole model's. */
static void
test_progressive_model (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BieCaseloadModel) whole = NULL;
  g_autoptr(BieCaseloadModel) progressive = NULL;
  guint changes = 0;

  for (guint i = 0; i < 100; i++)
    bie_test_add_household (fixture->store, "Calle 1 # 2-3");

  whole = bie_caseload_model_new (fixture->store);
  progressive = bie_caseload_model_new_progressive (fixture->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (whole)), ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progressive)), ==, 64);
  g_signal_connect (progressive, "items-changed", G_CALLBACK (count_changes), &changes);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progressive)), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(BieCaseloadItem) a = g_list_model_get_item (G_LIST_MODEL (whole), i);
      g_autoptr(BieCaseloadItem) b = g_list_model_get_item (G_LIST_MODEL (progressive), i);

      g_assert_cmpint (bie_caseload_item_get_row (a)->household_id, ==, bie_caseload_item_get_row (b)->household_id);
    }

  /* A new sort or filter shows its first page at once too, the rest after. */
  g_signal_handlers_disconnect_by_func (progressive, count_changes, &changes);
  g_assert_true (bie_caseload_model_set_sort (progressive, BIE_CASELOAD_SORT_NAME, NULL));
  g_assert_true (bie_caseload_model_set_sort (whole, BIE_CASELOAD_SORT_NAME, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progressive)), ==, 64);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (progressive)), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(BieCaseloadItem) a = g_list_model_get_item (G_LIST_MODEL (whole), i);
      g_autoptr(BieCaseloadItem) b = g_list_model_get_item (G_LIST_MODEL (progressive), i);

      g_assert_cmpint (bie_caseload_item_get_row (a)->household_id, ==, bie_caseload_item_get_row (b)->household_id);
    }
}

/* The map's themes, one figure per sector from the households' facts. */
static void
test_map_figures (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Sector 004501 gets a boundary; 004502, new, lies inside it, so it
   * joins the same localidad, and has no households. */
  static const char layer_text[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    " {\"type\": \"Feature\", \"properties\": {\"code\": \"004501\"}, \"geometry\": {\"type\": \"Polygon\","
    "  \"coordinates\": [[[-74.17, 4.54], [-74.16, 4.54], [-74.16, 4.55], [-74.17, 4.55], [-74.17, 4.54]]]}},"
    " {\"type\": \"Feature\", \"properties\": {\"code\": \"004502\"}, \"geometry\": {\"type\": \"Polygon\","
    "  \"coordinates\": [[[-74.168, 4.542], [-74.166, 4.542], [-74.166, 4.544], [-74.168, 4.544], [-74.168, 4.542]]]}}"
    "]}";
  static const struct {
    BieMapTheme  theme;
    double       expected;
  } themes[] = {
    { BIE_MAP_THEME_OPEN_RISKS, 50 },         /* two of four households */
    { BIE_MAP_THEME_RISK_TYPE, 25 },          /* one with mental health */
    { BIE_MAP_THEME_PLAN_COVERAGE, 25 },
    { BIE_MAP_THEME_OVERDUE, 25 },
    { BIE_MAP_THEME_DAYS_SINCE_VISIT, 10 },   /* 5, 10, 20 days and never: the lower median */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BieMapSnapshot) snapshot = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  gint64 households[4];
  int s1, s2;

  layer = bie_geo_layer_load_from_data (layer_text, -1, "layer.geojson", "code", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (bie_store_import_sectors (fixture->store, layer, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_updated, ==, 1);
  g_assert_cmpuint (report->n_added, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (households); i++)
    households[i] = bie_test_add_household (fixture->store, "Calle 1 # 2-3");
  add_risk (fixture->store, households[0],
            add_person (fixture->store, households[0], "Ana", "F", "1990-01-01", "CC", "52000001", "head"),
            "mental-health");
  add_risk (fixture->store, households[1],
            add_person (fixture->store, households[1], "Rosa", "F", "1960-01-01", "CC", "52000002", "head"),
            "caregiver-burden");
  add_plan_with_activity (fixture->store, households[0], "2026-11-01");
  add_encounter (fixture->store, households[0], "2026-11-20");
  add_encounter (fixture->store, households[1], "2026-11-15");
  add_encounter (fixture->store, households[2], "2026-11-05");

  snapshot = bie_store_map_snapshot (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->sectors->len, ==, 2);
  g_assert_cmpuint (snapshot->localidades->len, ==, 1);
  s1 = bie_map_snapshot_find_sector (snapshot, 1);
  s2 = 1 - s1;
  g_assert_cmpint (s1, >=, 0);
  g_assert_cmpstr (((BieMapSector *) g_ptr_array_index (snapshot->sectors, s2))->code, ==, "004502");

  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    {
      g_autoptr(BieMapFigures) figures = bie_store_map_figures (fixture->store, snapshot, themes[i].theme,
                                                                "mental-health", &error);

      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (figures->values[s1], themes[i].expected, 1e-9);
      /* No households: no data, which is not zero. */
      g_assert_true (isnan (figures->values[s2]));
      g_assert_nonnull (figures->title);
      g_assert_nonnull (figures->unit);
      g_assert_true (figures->higher_is_better == (themes[i].theme == BIE_MAP_THEME_PLAN_COVERAGE));
    }
}

static void
test_format_day (void)
{
  const struct { const char *day, *shown; } days[] = {
    { "2026-07-23", "23 Jul 2026" },
    { "2026-11-05T14:30:00-05:00", "5 Nov 2026" },  /* a moment: its day */
    { "2026-02-30", "2026-02-30" },                /* not a day: as it is */
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *shown = bie_format_day (days[i].day);

      g_assert_cmpstr (shown, ==, days[i].shown);
    }
  g_assert_null (bie_format_day (NULL));
}

/* The ranges of @text that the search for @query highlights, as
 * "[match]" marks: "[Cal]le 45". */
static char *
mark_highlights (const char *text,
                 const char *query)
{
  g_autoptr(GArray) ranges = bie_search_highlights (text, query);
  GString *marked = g_string_new (NULL);
  guint at = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      BieTextRange *range = &g_array_index (ranges, BieTextRange, i);

      g_assert_cmpuint (range->start, >=, at);
      g_assert_cmpuint (range->end, >, range->start);
      g_string_append_len (marked, text + at, range->start - at);
      g_string_append_c (marked, '[');
      g_string_append_len (marked, text + range->start, range->end - range->start);
      g_string_append_c (marked, ']');
      at = range->end;
    }
  g_string_append (marked, text + at);

  return g_string_free (marked, FALSE);
}

/* What a row highlights is what the search matched: the start of words,
 * without regard to case or accents; a word typed of three characters or
 * more as a prefix, a shorter one whole. */
static void
test_search_highlights (void)
{
  static const struct {
    const char *text;
    const char *query;
    const char *marked;
  } cases[] = {
    { "Ana María Núñez Rojas", "nunez", "Ana María [Núñez] Rojas" },
    { "Ana María Núñez Rojas", "NÚÑ mar", "Ana [Mar]ía [Núñ]ez Rojas" },
    { "Calle 45 # 12-45 Sur", "calle 45", "[Calle] [45] # 12-[45] Sur" },
    /* a short word is matched whole: "4" begins "45" but is not it */
    { "Calle 45 # 12-4 Sur", "4", "Calle 45 # 12-[4] Sur" },
    { "Calle 45 Sur", "su", "Calle 45 Sur" },
    /* the longest of two query words that begin the same text word */
    { "Martínez Martín", "mar martinez", "[Martínez] [Mar]tín" },
    /* within a word, nothing */
    { "Rosalba", "alba", "Rosalba" },
    { "Sector 004501 Usaquén", "0045", "Sector [0045]01 Usaquén" },
    /* FTS syntax is plain text here as in the search */
    { "Ana \"NEAR\" Rojas*", "\"near\" roj* -ana", "[Ana] \"[NEAR]\" [Roj]as*" },
    { "Ana Rojas", "", "Ana Rojas" },
    { "Ana Rojas", "  ** ", "Ana Rojas" },
    { "", "ana", "" },
  };
  g_autoptr(GString) long_query = g_string_new (NULL);
  g_autoptr(GArray) none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *marked = mark_highlights (cases[i].text, cases[i].query);

      g_assert_cmpstr (marked, ==, cases[i].marked);
    }

  none = bie_search_highlights ("Ana Rojas", NULL);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_array_unref);
  none = bie_search_highlights ("Ana \xff Rojas", "ana");
  g_assert_cmpuint (none->len, ==, 0);

  /* A pasted page: bounded by the search's own limits, and no crash. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (long_query, "ana*\"-NEAR ");
  {
    g_autofree char *marked = mark_highlights ("Ana Rojas", long_query->str);

    g_assert_cmpstr (marked, ==, "[Ana] Rojas");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/caseload/priority/factors", test_priority_factors);
  g_test_add_func ("/caseload/priority/dates", test_priority_dates);
  g_test_add_func ("/caseload/format-day", test_format_day);
  g_test_add_func ("/caseload/search-highlights", test_search_highlights);
  g_test_add ("/caseload/facts-follow-edits", Fixture, NULL, fixture_set_up,
              test_facts_follow_edits, fixture_tear_down);
  g_test_add ("/caseload/filters-and-sorts", Fixture, NULL, fixture_set_up,
              test_filters_and_sorts, fixture_tear_down);
  g_test_add ("/caseload/model", Fixture, NULL, fixture_set_up, test_model, fixture_tear_down);
  g_test_add_func ("/caseload/bulk-rebuild", test_bulk_rebuild);
  g_test_add ("/caseload/progressive-model", Fixture, NULL, fixture_set_up, test_progressive_model,
              fixture_tear_down);
  g_test_add ("/caseload/map-figures", Fixture, NULL, fixture_set_up, test_map_figures, fixture_tear_down);

  return g_test_run ();
}
