/* test-forms.c: the forms that record the work refuse bad input where it
 * was typed, keep it, and save good input with its outbox entry
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bie-activity-form.h"
#include "bie-appointment-form.h"
#include "bie-combo-row.h"
#include "bie-demo-cache.h"
#include "bie-encounter-form.h"
#include "bie-goal-form.h"
#include "bie-household-form.h"
#include "bie-person-form.h"
#include "bie-plan-form.h"
#include "bie-risk-form.h"
#include "bie-store.h"
#include "bie-store-plans.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"

typedef struct
{
  BieTestCache  cache;
  BieStore     *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  bie_test_cache_open (&fixture->cache, TRUE);
  fixture->store = fixture->cache.store;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bie_test_cache_close (&fixture->cache);
}

static GtkWidget *
row (gpointer    form,
     const char *id)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (form), GTK_TYPE_WIDGET, id);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (gpointer    form,
          const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (form, id)), text);
}

static void
set_code (gpointer    form,
          const char *id,
          const char *code)
{
  bie_form_combo_set_code (ADW_COMBO_ROW (row (form, id)), code);
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (row (form, id))), ==, code);
}

static void
assert_marked (gpointer    form,
               const char *id)
{
  GtkWidget *widget = row (form, id);
  GtkWidget *save = row (form, "save_button");

  g_assert_true (gtk_widget_has_css_class (widget, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (widget));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  g_assert_true (g_str_has_prefix (bie_form_get_status (BIE_FORM (form)), "Save is disabled: "));
}

static void
on_saved (BieForm *form,
          gint64   id,
          gint64  *saved_id)
{
  *saved_id = id;
}

static BiePersonForm *
valid_person_form (Fixture    *fixture,
                   const char *number)
{
  BiePersonForm *form = bie_person_form_new (NULL, fixture->store, 1, 0);

  set_code (form, "document_type_row", "CC");
  set_text (form, "document_number_row", number);
  set_text (form, "given_names_row", "Ana María");
  set_text (form, "family_names_row", "Rodríguez Pérez");
  set_code (form, "sex_row", "F");
  set_text (form, "birth_date_row", "1985-03-14");
  set_code (form, "relationship_row", "head");

  return form;
}

static gint64
save_record (Fixture   *fixture,
             BieEntity  entity,
             gpointer   record)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (bie_store_save (fixture->store, entity, record, &error));
  g_assert_no_error (error);
  id = ((BieRecord *) record)->id;
  bie_record_free (entity, record);

  return id;
}

/* A plan for household 1. */
static gint64
add_plan (Fixture    *fixture,
          const char *status)
{
  BieCarePlan *plan = bie_record_new (BIE_ENTITY_CARE_PLAN);

  plan->household_id = 1;
  plan->status = g_strdup (status);
  plan->agreed_on = g_str_equal (status, "draft") ? NULL : g_strdup ("2026-09-01");

  return save_record (fixture, BIE_ENTITY_CARE_PLAN, plan);
}

static gint64
add_goal (Fixture    *fixture,
          gint64      plan_id,
          const char *description)
{
  BieGoal *goal = bie_record_new (BIE_ENTITY_GOAL);

  goal->plan_id = plan_id;
  goal->description = g_strdup (description);
  goal->status = g_strdup ("active");

  return save_record (fixture, BIE_ENTITY_GOAL, goal);
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 plan_id = add_plan (fixture, "active");
  GtkWidget *forms[] = {
    GTK_WIDGET (bie_household_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_household_form_new (NULL, fixture->store, 0, 1)),
    GTK_WIDGET (bie_person_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_encounter_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_appointment_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_risk_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_plan_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_plan_form_new (NULL, fixture->store, 1, plan_id)),
    GTK_WIDGET (bie_goal_form_new (NULL, fixture->store, 1, 0)),
    GTK_WIDGET (bie_activity_form_new (NULL, fixture->store, 1, 0)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      GtkWidget *save = row (forms[i], "save_button");

      g_assert_true (gtk_widget_has_css_class (save, "suggested-action"));
      g_assert_nonnull (row (forms[i], "cancel_button"));
      g_assert_nonnull (bie_test_find_widget (forms[i], ADW_TYPE_PREFERENCES_PAGE, NULL));
      bie_test_assert_controls_named (forms[i]);
      /* Nothing typed yet: nothing is red, but Save says why it waits. */
      if (i != 1)
        {
          g_autoptr(GPtrArray) rows = g_ptr_array_new ();

          bie_test_collect_widgets (forms[i], ADW_TYPE_PREFERENCES_ROW, rows);
          for (guint r = 0; r < rows->len; r++)
            g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, r), "error"));
        }
      /* Shown, typing starts in the first field. */
      {
        g_autoptr(GPtrArray) rows = g_ptr_array_new ();
        GtkWidget *focus;

        gtk_window_present (GTK_WINDOW (forms[i]));
        while (g_main_context_iteration (NULL, FALSE))
          ;
        bie_test_collect_widgets (forms[i], ADW_TYPE_PREFERENCES_ROW, rows);
        focus = gtk_root_get_focus (GTK_ROOT (forms[i]));
        g_assert_nonnull (focus);
        g_assert_true (focus == g_ptr_array_index (rows, 0) ||
                       gtk_widget_is_ancestor (focus, g_ptr_array_index (rows, 0)));
      }
      gtk_window_destroy (GTK_WINDOW (forms[i]));
    }
}

static void
test_household_saves (Fixture       *fixture,
                      gconstpointer  data)
{
  BieHouseholdForm *form = bie_household_form_new (NULL, fixture->store, 1, 0);
  gint64 saved_id = 0;
  gint64 count = 0;

  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "sector_row"))), ==, 1);
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  set_text (form, "address_row", "Carrera 18 # 70-12 Sur");
  set_code (form, "stratum_row", "2");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_assert_cmpint (saved_id, >, 1);
  g_assert_true (bie_store_count (fixture->store, BIE_ENTITY_HOUSEHOLD, &count, NULL));
  g_assert_cmpint (count, ==, 2);
  g_object_unref (form);
}

static void
test_person_invalid_document (Fixture       *fixture,
                              gconstpointer  data)
{
  BiePersonForm *form = valid_person_form (fixture, "52123456");

  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  g_assert_true (gtk_widget_get_sensitive (row (form, "save_button")));

  set_text (form, "document_number_row", "12");
  assert_marked (form, "document_number_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "document_number_row"))), ==, "12");
  g_assert_false (bie_form_save (BIE_FORM (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "document_number_row"))), ==, "12");

  /* Fixed, the mark goes. */
  set_text (form, "document_number_row", "52123456");
  g_assert_false (gtk_widget_has_css_class (row (form, "document_number_row"), "error"));
  g_assert_true (gtk_widget_get_sensitive (row (form, "save_button")));
  g_assert_null (bie_form_get_status (BIE_FORM (form)));

  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_person_future_birth_date (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");
  BiePersonForm *form = valid_person_form (fixture, "52123456");

  set_code (form, "document_type_row", "RC");
  set_text (form, "document_number_row", "1020304050");
  set_text (form, "birth_date_row", date);
  assert_marked (form, "birth_date_row");
  g_assert_false (bie_form_save (BIE_FORM (form)));

  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_person_untouched_not_marked (Fixture       *fixture,
                                  gconstpointer  data)
{
  BiePersonForm *form = bie_person_form_new (NULL, fixture->store, 1, 0);

  /* The first thing missing is the document number: not red, but said. */
  g_assert_false (gtk_widget_has_css_class (row (form, "document_number_row"), "error"));
  g_assert_false (gtk_widget_get_sensitive (row (form, "save_button")));
  g_assert_nonnull (strstr (bie_form_get_status (BIE_FORM (form)), "Document number"));

  /* Typed and emptied again, it is. */
  set_text (form, "document_number_row", "5");
  set_text (form, "document_number_row", "");
  g_assert_true (gtk_widget_has_css_class (row (form, "document_number_row"), "error"));

  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_person_saves (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  BiePersonForm *form = valid_person_form (fixture, "52.123.456");
  BiePerson *person;
  gint64 saved_id = 0;
  gint64 count = 0;

  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_assert_cmpint (saved_id, >, 0);
  g_assert_cmpint (bie_form_get_record_id (BIE_FORM (form)), ==, saved_id);
  g_object_unref (form);

  g_assert_true (bie_store_count (fixture->store, BIE_ENTITY_PERSON, &count, &error));
  g_assert_cmpint (count, ==, 1);
  outbox = bie_store_list_outbox (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (((BieOutboxEntry *) g_ptr_array_index (outbox, 0))->entity, ==, "person");

  person = bie_store_load (fixture->store, BIE_ENTITY_PERSON, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->document_number, ==, "52123456");
  g_assert_cmpstr (person->given_names, ==, "Ana María");
  g_assert_cmpint (person->household_id, ==, 1);

  /* Edited, the form shows what was saved. */
  form = bie_person_form_new (NULL, fixture->store, 1, saved_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "family_names_row"))), ==,
                   "Rodríguez Pérez");
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (row (form, "relationship_row"))), ==,
                   "head");
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  gtk_window_destroy (GTK_WINDOW (form));
  bie_record_free (BIE_ENTITY_PERSON, person);
}

static void
test_person_duplicate (Fixture       *fixture,
                       gconstpointer  data)
{
  BiePersonForm *form = valid_person_form (fixture, "52123456");
  BiePersonForm *again;
  gint64 count = 0;

  g_assert_true (bie_form_save (BIE_FORM (form)));

  again = valid_person_form (fixture, "52123456");
  g_object_ref_sink (again);
  set_text (again, "given_names_row", "Otra");
  g_assert_false (bie_form_save (BIE_FORM (again)));
  assert_marked (again, "document_number_row");
  /* Still open, with what was typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (again, "given_names_row"))), ==, "Otra");
  g_assert_true (bie_store_count (fixture->store, BIE_ENTITY_PERSON, &count, NULL));
  g_assert_cmpint (count, ==, 1);

  /* Another change elsewhere keeps the mark; a new number clears it. */
  set_text (again, "family_names_row", "Gómez");
  assert_marked (again, "document_number_row");
  set_text (again, "document_number_row", "79123456");
  g_assert_true (bie_form_get_valid (BIE_FORM (again)));

  gtk_window_destroy (GTK_WINDOW (again));
  g_object_unref (again);
}

static void
test_person_store_error (Fixture       *fixture,
                         gconstpointer  data)
{
  BiePersonForm *form = bie_person_form_new (NULL, fixture->store, 999, 0);
  GtkWidget *error_label;

  g_object_ref_sink (form);
  set_code (form, "document_type_row", "CC");
  set_text (form, "document_number_row", "52123456");
  set_text (form, "given_names_row", "Ana María");
  set_text (form, "family_names_row", "Rodríguez Pérez");
  set_code (form, "sex_row", "F");
  set_text (form, "birth_date_row", "1985-03-14");
  set_code (form, "relationship_row", "head");

  /* A household that is not in the cache: the store refuses, the form says
   * so and keeps everything. */
  g_assert_false (bie_form_save (BIE_FORM (form)));
  error_label = row (form, "error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "given_names_row"))), ==,
                   "Ana María");
  g_assert_false (gtk_widget_in_destruction (GTK_WIDGET (form)));

  gtk_window_destroy (GTK_WINDOW (form));
  g_object_unref (form);
}

static gint64
add_person (Fixture     *fixture,
            const char  *number,
            const char  *given_names,
            char       **uuid)
{
  g_autoptr(GError) error = NULL;
  BiePerson *person = bie_record_new (BIE_ENTITY_PERSON);
  gint64 id;

  person->household_id = 1;
  person->document_type = g_strdup ("CC");
  person->document_number = g_strdup (number);
  person->given_names = g_strdup (given_names);
  person->family_names = g_strdup ("Rodríguez");
  person->sex = g_strdup ("F");
  person->birth_date = g_strdup ("1980-01-01");
  person->relationship = g_strdup ("head");
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_no_error (error);
  id = person->record.id;
  *uuid = g_strdup (person->record.uuid);
  bie_record_free (BIE_ENTITY_PERSON, person);

  return id;
}

static void
test_encounter_participants (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid_a = NULL;
  g_autofree char *uuid_b = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  BieEncounterForm *form;
  BieEncounter *encounter;
  gint64 saved_id = 0;

  add_person (fixture, "52123456", "Ana", &uuid_a);
  add_person (fixture, "79123456", "Luz", &uuid_b);

  form = bie_encounter_form_new (NULL, fixture->store, 1, 0);
  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  bie_test_collect_widgets (GTK_WIDGET (form), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 2);
  bie_test_assert_controls_named (GTK_WIDGET (form));
  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
  set_code (form, "kind_row", "work-session");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (row (form, "notes_view"))),
                            "Acuerdos del plan familiar.\nSegunda línea.", -1);
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  encounter = bie_store_load (fixture->store, BIE_ENTITY_ENCOUNTER, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (encounter->kind, ==, "work-session");
  g_assert_nonnull (strstr (encounter->participants, uuid_a));
  g_assert_nonnull (strstr (encounter->participants, uuid_b));
  g_assert_cmpstr (encounter->notes, ==, "Acuerdos del plan familiar.\nSegunda línea.");
  bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);

  /* A future date is refused. */
  form = bie_encounter_form_new (NULL, fixture->store, 1, saved_id);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  set_text (form, "date_row", "2999-01-01");
  assert_marked (form, "date_row");
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_risk_person_row (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  BieRiskForm *form;
  GtkWidget *person_row;
  gint64 person_id = add_person (fixture, "52123456", "Ana", &uuid);
  gint64 saved_id = 0;

  form = bie_risk_form_new (NULL, fixture->store, 1, 0);
  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  person_row = row (form, "person_row");

  set_code (form, "code_row", "housing");
  g_assert_false (gtk_widget_get_visible (person_row));
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  set_code (form, "code_row", "pregnancy");
  g_assert_true (gtk_widget_get_visible (person_row));
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  bie_form_combo_set_id (ADW_COMBO_ROW (person_row), person_id);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  /* A closed risk needs its date: said, and marked once typed wrong. */
  set_code (form, "status_row", "closed");
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  g_assert_nonnull (strstr (bie_form_get_status (BIE_FORM (form)), "closed"));
  set_text (form, "closed_on_row", "2000-01-01");
  assert_marked (form, "closed_on_row");

  set_code (form, "status_row", "identified");
  set_text (form, "closed_on_row", "");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_assert_cmpint (saved_id, >, 0);
  g_object_unref (form);
}

static void
test_appointment (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  gint64 person_id = add_person (fixture, "52123456", "Ana", &uuid);
  BieAppointmentForm *form = bie_appointment_form_new (NULL, fixture->store, 1, 0);
  gint64 saved_id = 0;

  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  bie_form_combo_set_id (ADW_COMBO_ROW (row (form, "person_row")), person_id);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (form, "service_row")), 1);
  set_code (form, "outcome_row", "attended");
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  set_text (form, "attended_on_row", "1999-02-30");
  assert_marked (form, "attended_on_row");
  set_text (form, "attended_on_row", "");
  set_code (form, "outcome_row", "pending");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_assert_cmpint (saved_id, >, 0);
  g_object_unref (form);
}

static BieOutboxEntry *
last_outbox_entry (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (fixture->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, >, 0);

  return g_ptr_array_steal_index (outbox, outbox->len - 1);
}

static guint
outbox_length (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (fixture->store, &error);

  g_assert_no_error (error);
  return outbox->len;
}

static guint
count_choices (gpointer    form,
               const char *id)
{
  return g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row (form, id))));
}

/* A new plan is agreed today and active; saved, it waits in the outbox. */
static void
test_plan_saves (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieOutboxEntry) entry = NULL;
  g_autofree char *today = bie_form_today ();
  BiePlanForm *form = bie_plan_form_new (NULL, fixture->store, 1, 0);
  BieCarePlan *plan;
  gint64 saved_id = 0;

  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  bie_test_assert_controls_named (GTK_WIDGET (form));
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (row (form, "status_row"))), ==, "active");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "agreed_on_row"))), ==, today);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  /* Agreed on a day to come: refused on the field, and kept. */
  set_text (form, "agreed_on_row", "2999-01-01");
  assert_marked (form, "agreed_on_row");
  g_assert_false (bie_form_save (BIE_FORM (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "agreed_on_row"))), ==, "2999-01-01");

  set_text (form, "agreed_on_row", "2026-09-01");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_assert_cmpint (saved_id, >, 0);
  g_object_unref (form);

  plan = bie_store_load (fixture->store, BIE_ENTITY_CARE_PLAN, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->household_id, ==, 1);
  g_assert_cmpstr (plan->status, ==, "active");
  g_assert_cmpstr (plan->agreed_on, ==, "2026-09-01");
  g_assert_cmpint (plan->professional_id, ==, 0);
  entry = last_outbox_entry (fixture);
  g_assert_cmpstr (entry->entity, ==, "care_plan");
  g_assert_cmpstr (entry->operation, ==, "create");
  g_assert_cmpstr (entry->uuid, ==, plan->record.uuid);
  bie_record_free (BIE_ENTITY_CARE_PLAN, plan);

  /* Edited, the form holds it; a draft not agreed yet has no date. */
  form = bie_plan_form_new (NULL, fixture->store, 0, saved_id);
  g_object_ref_sink (form);
  g_assert_cmpint (bie_form_get_record_id (BIE_FORM (form)), ==, saved_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "agreed_on_row"))), ==, "2026-09-01");
  set_code (form, "status_row", "draft");
  set_text (form, "agreed_on_row", "");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  plan = bie_store_load (fixture->store, BIE_ENTITY_CARE_PLAN, saved_id, &error);
  g_assert_cmpstr (plan->status, ==, "draft");
  g_assert_null (plan->agreed_on);
  g_assert_cmpint (plan->household_id, ==, 1);
  bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
  g_clear_pointer (&entry, bie_outbox_entry_free);
  entry = last_outbox_entry (fixture);
  g_assert_cmpstr (entry->operation, ==, "update");
}

/* A goal needs its description: not red before it is typed, red once
 * emptied, and Save waits, saying why, with everything else kept. */
static void
test_goal_description (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieOutboxEntry) entry = NULL;
  g_autofree char *uuid = NULL;
  gint64 plan_id = add_plan (fixture, "active");
  gint64 person_id = add_person (fixture, "52123456", "Ana", &uuid);
  BieCarePlan *plan = bie_store_load (fixture->store, BIE_ENTITY_CARE_PLAN, plan_id, NULL);
  BieRisk *risk = bie_record_new (BIE_ENTITY_RISK);
  BieGoalForm *form;
  BieGoal *goal;
  gint64 risk_id, closed_id, saved_id = 0;

  risk->household_id = 1;
  risk->person_id = person_id;
  risk->code = g_strdup ("pregnancy");
  risk->status = g_strdup ("identified");
  risk->identified_on = g_strdup ("2026-08-01");
  risk_id = save_record (fixture, BIE_ENTITY_RISK, risk);
  risk = bie_record_new (BIE_ENTITY_RISK);
  risk->household_id = 1;
  risk->code = g_strdup ("housing");
  risk->status = g_strdup ("closed");
  risk->identified_on = g_strdup ("2026-01-01");
  risk->closed_on = g_strdup ("2026-03-01");
  closed_id = save_record (fixture, BIE_ENTITY_RISK, risk);

  form = bie_goal_form_new (NULL, fixture->store, 1, 0);
  g_object_ref_sink (form);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  bie_test_assert_controls_named (GTK_WIDGET (form));
  /* The household's open risks, or none. */
  g_assert_cmpuint (count_choices (form, "risk_row"), ==, 2);
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (row (form, "status_row"))), ==, "active");

  g_assert_false (gtk_widget_has_css_class (row (form, "description_row"), "error"));
  g_assert_false (gtk_widget_get_sensitive (row (form, "save_button")));
  g_assert_nonnull (strstr (bie_form_get_status (BIE_FORM (form)), "Description"));

  bie_form_combo_set_id (ADW_COMBO_ROW (row (form, "risk_row")), risk_id);
  set_text (form, "target_date_row", "2027-01-31");
  set_text (form, "description_row", "A");
  set_text (form, "description_row", "   ");
  assert_marked (form, "description_row");
  g_assert_false (bie_form_save (BIE_FORM (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "target_date_row"))), ==, "2027-01-31");
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "risk_row"))), ==, risk_id);

  /* A day that does not exist is refused where it was typed. */
  set_text (form, "description_row", "Ana asiste a sus controles prenatales");
  set_text (form, "target_date_row", "2027-02-30");
  assert_marked (form, "target_date_row");
  set_text (form, "target_date_row", "2027-01-31");

  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  goal = bie_store_load (fixture->store, BIE_ENTITY_GOAL, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (goal->plan_id, ==, plan_id);
  g_assert_cmpint (goal->risk_id, ==, risk_id);
  g_assert_cmpstr (goal->description, ==, "Ana asiste a sus controles prenatales");
  g_assert_cmpstr (goal->target_date, ==, "2027-01-31");
  entry = last_outbox_entry (fixture);
  g_assert_cmpstr (entry->entity, ==, "goal");
  g_assert_cmpstr (entry->operation, ==, "create");
  g_assert_cmpstr (entry->uuid, ==, goal->record.uuid);
  /* References travel as uuids. */
  g_assert_nonnull (strstr (entry->changes, plan->record.uuid));
  bie_record_free (BIE_ENTITY_GOAL, goal);

  /* A goal linked to a risk since closed keeps it when edited. */
  goal = bie_store_load (fixture->store, BIE_ENTITY_GOAL, saved_id, NULL);
  goal->risk_id = closed_id;
  save_record (fixture, BIE_ENTITY_GOAL, goal);
  form = bie_goal_form_new (NULL, fixture->store, 1, saved_id);
  g_object_ref_sink (form);
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "risk_row"))), ==, closed_id);
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);
  goal = bie_store_load (fixture->store, BIE_ENTITY_GOAL, saved_id, NULL);
  g_assert_cmpint (goal->risk_id, ==, closed_id);
  bie_record_free (BIE_ENTITY_GOAL, goal);
  bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
}

/* A household without a plan: the form says so, and cannot save. */
static void
test_goal_without_plan (Fixture       *fixture,
                        gconstpointer  data)
{
  BieGoalForm *form = bie_goal_form_new (NULL, fixture->store, 1, 0);

  g_object_ref_sink (form);
  set_text (form, "description_row", "Controlar la presión arterial");
  g_assert_true (gtk_widget_get_visible (row (form, "error_label")));
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  g_assert_false (bie_form_save (BIE_FORM (form)));
  gtk_window_destroy (GTK_WINDOW (form));
  g_object_unref (form);
}

static BieActivityForm *
valid_activity_form (Fixture *fixture)
{
  BieActivityForm *form = bie_activity_form_new (NULL, fixture->store, 1, 0);

  g_object_ref_sink (form);
  set_code (form, "kind_row", "home-visit");
  set_text (form, "start_date_row", "2026-07-01");
  set_text (form, "end_date_row", "2026-07-31");
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  return form;
}

/* An end before the start is refused on the end date, Save disabled and
 * saying why, and nothing typed is lost. */
static void
test_activity_end_before_start (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *status = NULL;
  BieActivityForm *form;
  gint64 count = -1;

  add_plan (fixture, "active");
  form = valid_activity_form (fixture);

  set_text (form, "end_date_row", "2026-06-30");
  assert_marked (form, "end_date_row");
  g_assert_false (gtk_widget_has_css_class (row (form, "start_date_row"), "error"));
  status = g_ascii_strdown (bie_form_get_status (BIE_FORM (form)), -1);
  g_assert_nonnull (strstr (status, "end date"));
  g_assert_false (bie_form_save (BIE_FORM (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "start_date_row"))), ==, "2026-07-01");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (form, "end_date_row"))), ==, "2026-06-30");
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (row (form, "kind_row"))), ==, "home-visit");
  g_assert_true (bie_store_count (fixture->store, BIE_ENTITY_ACTIVITY, &count, NULL));
  g_assert_cmpint (count, ==, 0);

  /* The same day is fine. */
  set_text (form, "end_date_row", "2026-07-01");
  g_assert_false (gtk_widget_has_css_class (row (form, "end_date_row"), "error"));
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  gtk_window_destroy (GTK_WINDOW (form));
  g_object_unref (form);
}

/* Not done or cancelled, an activity says why: the reason's row shows,
 * Save waits for it, and an emptied reason is marked. */
static void
test_activity_reason (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieOutboxEntry) entry = NULL;
  GtkWidget *reason;
  BieActivityForm *form;
  BieActivity *activity;
  gint64 saved_id = 0;

  add_plan (fixture, "active");
  form = valid_activity_form (fixture);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  reason = row (form, "status_reason_row");
  g_assert_false (gtk_widget_get_visible (reason));

  set_code (form, "status_row", "not-done");
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_false (bie_form_get_valid (BIE_FORM (form)));
  g_assert_false (gtk_widget_get_sensitive (row (form, "save_button")));
  g_assert_nonnull (strstr (bie_form_get_status (BIE_FORM (form)), "not done"));
  g_assert_false (bie_form_save (BIE_FORM (form)));

  set_text (form, "status_reason_row", "La");
  set_text (form, "status_reason_row", "");
  assert_marked (form, "status_reason_row");

  /* Cancelled asks too; another status hides the row, keeping what was typed. */
  set_text (form, "status_reason_row", "La familia se trasladó");
  set_code (form, "status_row", "cancelled");
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  set_code (form, "status_row", "done");
  g_assert_false (gtk_widget_get_visible (reason));
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  set_code (form, "status_row", "cancelled");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reason)), ==, "La familia se trasladó");

  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  activity = bie_store_load (fixture->store, BIE_ENTITY_ACTIVITY, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (activity->status, ==, "cancelled");
  g_assert_cmpstr (activity->status_reason, ==, "La familia se trasladó");
  g_assert_cmpstr (activity->kind, ==, "home-visit");
  g_assert_cmpint (activity->person_id, ==, 0);
  entry = last_outbox_entry (fixture);
  g_assert_cmpstr (entry->entity, ==, "activity");
  g_assert_cmpstr (entry->uuid, ==, activity->record.uuid);
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);

  /* Edited, an emptied reason is marked at once. */
  form = bie_activity_form_new (NULL, fixture->store, 1, saved_id);
  g_object_ref_sink (form);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  set_text (form, "status_reason_row", "");
  assert_marked (form, "status_reason_row");
  gtk_window_destroy (GTK_WINDOW (form));
  g_object_unref (form);
}

static const char *
history_title (gpointer form,
               guint    index)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  bie_test_collect_widgets (row (form, "history_group"), ADW_TYPE_ACTION_ROW, rows);
  if (index >= rows->len)
    return NULL;

  return adw_preferences_row_get_title (g_ptr_array_index (rows, index));
}

/* Saving a new status adds to the activity's history, which its form
 * shows, latest first; the form offers the plan's goals and the members,
 * and keeps one who has moved out. */
static void
test_activity_history (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *uuid_a = NULL;
  g_autofree char *uuid_b = NULL;
  gint64 plan_id = add_plan (fixture, "active");
  gint64 goal_id = add_goal (fixture, plan_id, "Ana asiste a sus controles prenatales");
  gint64 luz;
  BieActivityForm *form;
  BieActivity *activity;
  BiePerson *person;
  gint64 saved_id = 0;
  guint n_outbox;

  add_person (fixture, "52123456", "Ana", &uuid_a);
  luz = add_person (fixture, "79123456", "Luz", &uuid_b);
  add_goal (fixture, add_plan (fixture, "completed"), "Una meta de otro plan");
  form = valid_activity_form (fixture);
  g_signal_connect (form, "saved", G_CALLBACK (on_saved), &saved_id);
  bie_test_assert_controls_named (GTK_WIDGET (form));
  g_assert_false (gtk_widget_get_visible (row (form, "history_group")));
  /* The whole family and each member; no goal, or one of this plan's. */
  g_assert_cmpuint (count_choices (form, "person_row"), ==, 3);
  g_assert_cmpuint (count_choices (form, "goal_row"), ==, 2);
  bie_form_combo_set_id (ADW_COMBO_ROW (row (form, "person_row")), luz);
  bie_form_combo_set_id (ADW_COMBO_ROW (row (form, "goal_row")), goal_id);
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  form = bie_activity_form_new (NULL, fixture->store, 1, saved_id);
  g_object_ref_sink (form);
  g_assert_true (gtk_widget_get_visible (row (form, "history_group")));
  g_assert_cmpstr (history_title (form, 0), ==, "Planned");
  g_assert_null (history_title (form, 1));
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "person_row"))), ==, luz);
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "goal_row"))), ==, goal_id);
  set_code (form, "status_row", "scheduled");
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);

  history = bie_store_activity_history (fixture->store, saved_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((BieActivityChange *) g_ptr_array_index (history, 0))->status, ==, "scheduled");

  form = bie_activity_form_new (NULL, fixture->store, 1, saved_id);
  g_object_ref_sink (form);
  g_assert_cmpstr (history_title (form, 0), ==, "Scheduled");
  g_assert_cmpstr (history_title (form, 1), ==, "Planned");
  g_assert_null (history_title (form, 2));
  gtk_window_destroy (GTK_WINDOW (form));
  g_object_unref (form);

  /* Luz moves to another household: her activity still names her, and
   * Save with nothing changed writes nothing. */
  person = bie_store_load (fixture->store, BIE_ENTITY_PERSON, luz, NULL);
  person->household_id = bie_test_add_household (fixture->store, "Carrera 7 # 8-9");
  save_record (fixture, BIE_ENTITY_PERSON, person);
  n_outbox = outbox_length (fixture);
  form = bie_activity_form_new (NULL, fixture->store, 1, saved_id);
  g_object_ref_sink (form);
  g_assert_cmpuint (count_choices (form, "person_row"), ==, 3);
  g_assert_cmpint (bie_form_combo_get_id (ADW_COMBO_ROW (row (form, "person_row"))), ==, luz);
  g_assert_true (bie_form_save (BIE_FORM (form)));
  g_object_unref (form);
  g_assert_cmpuint (outbox_length (fixture), ==, n_outbox);
  activity = bie_store_load (fixture->store, BIE_ENTITY_ACTIVITY, saved_id, NULL);
  g_assert_cmpint (activity->person_id, ==, luz);
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);
}

static BieForm *
edit_form (BieStore  *store,
           BieEntity  entity,
           gint64     id)
{
  switch (entity)
    {
    case BIE_ENTITY_HOUSEHOLD:
      return BIE_FORM (bie_household_form_new (NULL, store, 0, id));
    case BIE_ENTITY_PERSON:
      return BIE_FORM (bie_person_form_new (NULL, store, 0, id));
    case BIE_ENTITY_RISK:
      return BIE_FORM (bie_risk_form_new (NULL, store, 0, id));
    case BIE_ENTITY_ENCOUNTER:
      return BIE_FORM (bie_encounter_form_new (NULL, store, 0, id));
    case BIE_ENTITY_APPOINTMENT:
      return BIE_FORM (bie_appointment_form_new (NULL, store, 0, id));
    case BIE_ENTITY_CARE_PLAN:
      return BIE_FORM (bie_plan_form_new (NULL, store, 0, id));
    case BIE_ENTITY_GOAL:
      return BIE_FORM (bie_goal_form_new (NULL, store, 0, id));
    case BIE_ENTITY_ACTIVITY:
      return BIE_FORM (bie_activity_form_new (NULL, store, 0, id));
    default:
      g_assert_not_reached ();
    }
}

/* Records of the demo city (the first 25 of each kind) open in their
 * forms as they are: the form is valid, and Save with nothing changed
 * writes nothing, so that no field is lost or altered on the way through
 * the rows. */
static void
test_edit_unchanged (void)
{
  const BieEntity entities[] = {
    BIE_ENTITY_HOUSEHOLD, BIE_ENTITY_PERSON, BIE_ENTITY_RISK,
    BIE_ENTITY_ENCOUNTER, BIE_ENTITY_APPOINTMENT, BIE_ENTITY_CARE_PLAN,
    BIE_ENTITY_GOAL, BIE_ENTITY_ACTIVITY,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-forms-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GDate) today = bie_today ();
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  BieDemoOptions options;

  bie_demo_options_init (&options);
  options.n_households = 80;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = bie_store_open (path, &error);
  g_assert_no_error (error);

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    {
      gint64 count = 0;

      g_assert_true (bie_store_count (store, entities[e], &count, &error));
      g_assert_cmpint (count, >, 0);
      for (gint64 id = 1; id <= MIN (count, 25); id++)
        {
          BieForm *form = edit_form (store, entities[e], id);

          g_object_ref_sink (form);
          if (!bie_form_get_valid (form))
            g_error ("%s %" G_GINT64_FORMAT ": %s", bie_entity_info (entities[e])->table, id,
                     bie_form_get_status (form));
          g_assert_cmpint (bie_form_get_record_id (form), ==, id);
          g_assert_true (bie_form_save (form));
          gtk_window_destroy (GTK_WINDOW (form));
          g_object_unref (form);
        }
    }

  outbox = bie_store_list_outbox (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      BieOutboxEntry *entry = g_ptr_array_index (outbox, i);

      g_test_message ("%s %s: %s", entry->entity, entry->operation, entry->changes);
    }
  g_assert_cmpuint (outbox->len, ==, 0);

  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

/* With BIE_FORMS_SCREENSHOTS set to a directory, each form is shown and
 * drawn into a PNG there, to look at (never committed). */
static void
save_screenshot (GtkWidget  *window,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (window));
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (window),
                                                              gtk_widget_get_height (window)));
  file = g_strdup_printf ("form-%s-%s.png", name, g_getenv ("LANGUAGE") ?: "C");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot written to %s", path);
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("BIE_FORMS_SCREENSHOTS");
  g_autofree char *uuid = NULL;
  GtkWidget *form;

  if (dir == NULL)
    {
      g_test_skip ("BIE_FORMS_SCREENSHOTS is not set");
      return;
    }

  add_person (fixture, "52123456", "Ana", &uuid);
  g_clear_pointer (&uuid, g_free);
  add_person (fixture, "79123456", "Luz", &uuid);

  form = GTK_WIDGET (bie_household_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "household");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (valid_person_form (fixture, "52123456"));
  set_text (form, "document_number_row", "12");
  set_text (form, "phone_row", "310 555 1234");
  save_screenshot (form, dir, "person");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_person_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "person-new");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_encounter_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "encounter");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_appointment_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "appointment");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_risk_form_new (NULL, fixture->store, 1, 0));
  set_code (form, "code_row", "housing");
  save_screenshot (form, dir, "risk");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_plan_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "plan");
  gtk_window_destroy (GTK_WINDOW (form));

  add_goal (fixture, add_plan (fixture, "active"), "Ana asiste a sus controles prenatales");
  form = GTK_WIDGET (bie_goal_form_new (NULL, fixture->store, 1, 0));
  save_screenshot (form, dir, "goal");
  gtk_window_destroy (GTK_WINDOW (form));

  form = GTK_WIDGET (bie_activity_form_new (NULL, fixture->store, 1, 0));
  set_code (form, "kind_row", "vaccination");
  set_text (form, "start_date_row", "2026-07-10");
  set_text (form, "end_date_row", "2026-07-01");
  save_screenshot (form, dir, "activity");
  gtk_window_destroy (GTK_WINDOW (form));
}

/* The choices the search popover of @combo shows, by their text. */
static GPtrArray *
shown_choices (GtkWidget *combo)
{
  GtkWidget *entry = bie_test_find_widget (combo, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkWidget *list = bie_test_find_widget (gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER),
                                          GTK_TYPE_LIST_VIEW, NULL);
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) choice = g_list_model_get_item (model, i);

      g_ptr_array_add (texts, g_strdup (gtk_string_object_get_string (choice)));
    }

  return texts;
}

/* A long list opens with a search: words begun, accents and case aside;
 * Enter takes the first found. A short one opens as a plain list. */
static void
test_searchable_choices (Fixture       *fixture,
                         gconstpointer  data)
{
  BiePersonForm *form = bie_person_form_new (NULL, fixture->store, 1, 0);
  GtkWidget *eps = row (form, "eps_row");
  GtkWidget *sex = row (form, "sex_row");
  GtkWidget *entry, *popover;
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree char *label = NULL;

  gtk_window_present (GTK_WINDOW (form));
  bie_test_spin ();

  g_assert_true (bie_combo_row_get_searchable (BIE_COMBO_ROW (eps)));
  adw_action_row_activate (ADW_ACTION_ROW (eps));
  bie_test_spin ();
  entry = bie_test_find_widget (eps, GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (entry);
  popover = gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (form)), entry));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL));
  shown = shown_choices (eps);
  /* Every EPS and "Not recorded" */
  g_assert_cmpuint (shown->len, >=, BIE_COMBO_ROW_SEARCH_FROM);
  g_clear_pointer (&shown, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (entry), "bolivar");
  bie_test_spin ();
  shown = shown_choices (eps);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, "Salud Bolívar EPS");
  g_clear_pointer (&shown, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (entry), "SALUD eps");
  bie_test_spin ();
  shown = shown_choices (eps);
  g_assert_cmpuint (shown->len, >=, 4);
  for (guint i = 0; i < shown->len; i++)
    g_assert_true (g_str_match_string ("salud", g_ptr_array_index (shown, i), TRUE));
  g_clear_pointer (&shown, g_ptr_array_unref);

  gtk_editable_set_text (GTK_EDITABLE (entry), "mia");
  bie_test_spin ();
  g_signal_emit_by_name (entry, "activate");
  bie_test_spin ();
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (eps)), ==, "EPS046");
  g_assert_false (gtk_widget_get_visible (popover));

  /* Nothing found: Enter takes nothing. */
  adw_action_row_activate (ADW_ACTION_ROW (eps));
  bie_test_spin ();
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzz");
  bie_test_spin ();
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean said = FALSE;

    bie_test_collect_widgets (popover, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      said |= g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), "No choice matches") &&
              gtk_widget_is_visible (g_ptr_array_index (labels, i));
    g_assert_true (said);
  }
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (bie_form_combo_get_code (ADW_COMBO_ROW (eps)), ==, "EPS046");
  gtk_popover_popdown (GTK_POPOVER (popover));

  g_assert_false (bie_combo_row_get_searchable (BIE_COMBO_ROW (sex)));
  adw_action_row_activate (ADW_ACTION_ROW (sex));
  bie_test_spin ();
  g_assert_null (bie_test_find_widget (sex, GTK_TYPE_SEARCH_ENTRY, NULL));

  gtk_window_destroy (GTK_WINDOW (form));
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/forms/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("templates", test_templates);
  ADD ("household-saves", test_household_saves);
  ADD ("person-invalid-document", test_person_invalid_document);
  ADD ("person-future-birth-date", test_person_future_birth_date);
  ADD ("person-untouched-not-marked", test_person_untouched_not_marked);
  ADD ("person-saves", test_person_saves);
  ADD ("person-duplicate", test_person_duplicate);
  ADD ("person-store-error", test_person_store_error);
  ADD ("encounter-participants", test_encounter_participants);
  ADD ("risk-person-row", test_risk_person_row);
  ADD ("appointment", test_appointment);
  ADD ("plan-saves", test_plan_saves);
  ADD ("goal-description", test_goal_description);
  ADD ("goal-without-plan", test_goal_without_plan);
  ADD ("activity-end-before-start", test_activity_end_before_start);
  ADD ("activity-reason", test_activity_reason);
  ADD ("activity-history", test_activity_history);
  ADD ("searchable-choices", test_searchable_choices);
  ADD ("screenshots", test_screenshots);
#undef ADD
  g_test_add_func ("/forms/edit-unchanged", test_edit_unchanged);

  return g_test_run ();
}
