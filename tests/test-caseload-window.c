/* test-caseload-window.c: a nurse's round in the real window
 *
 * Under Xvfb: type part of a name, see the household, open its family
 * page, record an encounter with the form, and find it in the family's
 * history and in the outbox. And edit from the family page: a member, a
 * risk (managed, then closed), the household, and the history's records;
 * and the family's care plan, its goals and its activities.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bie-activity-form.h"
#include "bie-appointment-form.h"
#include "bie-caseload-model.h"
#include "bie-encounter-form.h"
#include "bie-family-page.h"
#include "bie-demo-cache.h"
#include "bie-goal-form.h"
#include "bie-household-row.h"
#include "bie-household-form.h"
#include "bie-person-form.h"
#include "bie-plan-form.h"
#include "bie-risk-form.h"
#include "bie-store-caseload.h"
#include "bie-store-plans.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-timeline-widget.h"
#include "bie-window.h"

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

static gboolean
group_has_row (GtkWidget  *group,
               const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  bie_test_collect_widgets (group, ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return TRUE;

  return FALSE;
}

static void
test_round (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  BieTestCache cache;
  BieStore *store;
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GtkWidget *search, *view, *family, *history, *leaflet;
  GtkWindow *form;
  GtkListView *list;
  gint64 target;
  gboolean found = FALSE;

  bie_test_cache_open (&cache, FALSE);
  store = cache.store;
  target = bie_test_add_household (store, "Calle 70 Sur # 18-25");
  bie_test_add_person (store, target, "Ana María", "Núñez Rojas", "F", "1988-07-14", "CC", "52111333", "head");
  bie_test_add_person (store, bie_test_add_household (store, "Carrera 7 # 8-9"), "Rosa", "Gómez", "F",
                       "1988-07-14", "CC", "52111444", "head");

  bie_window_set_store (BIE_WINDOW (window), store);
  gtk_window_present (GTK_WINDOW (window));
  bie_test_spin ();

  search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  list = GTK_LIST_VIEW (view);

  /* A document number: the row says whose it is. */
  gtk_editable_set_text (GTK_EDITABLE (search), "52111333");
  g_signal_emit_by_name (search, "search-changed");
  bie_test_spin ();
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    bie_test_collect_widgets (view, BIE_TYPE_HOUSEHOLD_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (bie_household_row_get_name (g_ptr_array_index (rows, i)), "Ana María Núñez Rojas") == 0)
        {
          g_assert_cmpstr (bie_household_row_get_member (g_ptr_array_index (rows, i)), ==,
                           "Matching member: Ana María Núñez Rojas · CC 52111333");
          found = TRUE;
        }
    g_assert_true (found);
    found = FALSE;
  }

  /* Type part of the name, without its accent. */
  gtk_editable_set_text (GTK_EDITABLE (search), "nunez");
  g_signal_emit_by_name (search, "search-changed");
  bie_test_spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 1);

  /* The household's row is on screen. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    bie_test_collect_widgets (view, BIE_TYPE_HOUSEHOLD_ROW, rows);
    for (guint i = 0; i < rows->len; i++)
      if (g_strcmp0 (bie_household_row_get_name (g_ptr_array_index (rows, i)), "Ana María Núñez Rojas") == 0)
        {
          /* matched in the name the row shows: no line for a member */
          g_assert_null (bie_household_row_get_member (g_ptr_array_index (rows, i)));
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* Open its family page: Enter in the search opens the first found. */
  g_signal_emit_by_name (search, "activate");
  bie_test_spin ();
  leaflet = bie_test_find_widget (window, ADW_TYPE_LEAFLET, "caseload_leaflet");
  family = bie_test_find_widget (window, BIE_TYPE_FAMILY_PAGE, NULL);
  g_assert_true (adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet)) == family);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (family)), ==, target);
  history = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "history");
  g_assert_true (group_has_row (history, "Nothing recorded yet"));

  /* Record an encounter: the form opens for this household, and saves. */
  g_assert_true (gtk_widget_activate_action (family, "family.record-encounter", NULL));
  bie_test_spin ();
  form = find_toplevel (BIE_TYPE_ENCOUNTER_FORM);
  g_assert_nonnull (form);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  g_assert_true (bie_form_save (BIE_FORM (form)));
  bie_test_spin ();

  /* It is in the family's history, and waiting in the outbox. */
  g_assert_false (group_has_row (history, "Nothing recorded yet"));
  g_assert_true (group_has_row (history, "Home visit"));
  outbox = bie_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((BieOutboxEntry *) g_ptr_array_index (outbox, outbox->len - 1))->entity, ==, "encounter");
  g_assert_cmpstr (((BieOutboxEntry *) g_ptr_array_index (outbox, outbox->len - 1))->operation, ==, "create");

  /* Removed by mistake, and brought back with Undo. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *remove = NULL, *undo = NULL;
    gint64 n;

    bie_test_collect_widgets (history, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), "Remove “Home visit”") == 0)
        remove = g_ptr_array_index (buttons, i);
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    bie_test_spin ();
    g_assert_true (bie_store_count (store, BIE_ENTITY_ENCOUNTER, &n, &error));
    g_assert_cmpint (n, ==, 0);
    g_assert_true (group_has_row (history, "Nothing recorded yet"));

    g_ptr_array_set_size (buttons, 0);
    bie_test_collect_widgets (window, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Undo") == 0)
        undo = g_ptr_array_index (buttons, i);
    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
    bie_test_spin ();
    g_assert_true (bie_store_count (store, BIE_ENTITY_ENCOUNTER, &n, &error));
    g_assert_cmpint (n, ==, 1);
    g_assert_true (group_has_row (history, "Home visit"));
    bie_test_wait_ms (1000);
  }

  /* And back to the caseload. */
  g_assert_true (gtk_widget_activate_action (family, "family.back", NULL));
  bie_test_spin ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "households");

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_cache_close (&cache);
}

static GtkWidget *
find_row (GtkWidget  *group,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  bie_test_collect_widgets (group, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  bie_test_collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), tooltip) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

/* As a keyboard user gets to @row: Tab until the focus is in its list,
 * then the arrows (the list's move-cursor) down to it. */
static void
focus_with_keyboard (GtkWidget *row)
{
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *focus;

  for (guint i = 0; i < 200; i++)
    {
      focus = gtk_root_get_focus (root);
      if (focus != NULL && gtk_widget_get_parent (focus) == list)
        break;
      gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
    }
  for (guint i = 0; i < 20 && gtk_root_get_focus (root) != row; i++)
    g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  g_assert_true (gtk_root_get_focus (root) == row);
}

/* The record's row opens its form: reached and activated from the
 * keyboard (Enter or Space: the list's activate-cursor-row), or by its
 * Edit button, named for the record. */
static BieForm *
edit_from_row (GtkWidget  *group,
               const char *title,
               GType       form_type,
               gboolean    with_keyboard)
{
  g_autofree char *name = g_strdup_printf ("Edit “%s”", title);
  GtkWidget *row = find_row (group, title);
  GtkWidget *button;
  GtkWindow *form;

  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_true (gtk_widget_get_focusable (row));
  button = find_button (row, name);
  g_assert_nonnull (button);
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, name));
  g_assert_null (find_toplevel (form_type));

  if (with_keyboard)
    {
      focus_with_keyboard (row);
      g_signal_emit_by_name (gtk_widget_get_parent (row), "activate-cursor-row");
    }
  else
    {
      g_signal_emit_by_name (button, "clicked");
    }
  bie_test_spin ();

  form = find_toplevel (form_type);
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_modal (form));
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));

  return BIE_FORM (form);
}

static void
save (BieForm *form)
{
  GtkWidget *save_button = bie_test_find_widget (GTK_WIDGET (form), GTK_TYPE_BUTTON, "save_button");

  g_assert_true (bie_form_get_valid (form));
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &form);
  g_signal_emit_by_name (save_button, "clicked");
  bie_test_spin ();
  /* Saved, the form closes. */
  g_assert_null (form);
}

static const char *
get_text (gpointer    root,
          const char *id)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (root), GTK_TYPE_WIDGET, id);

  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));

  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

static void
set_text (BieForm    *form,
          const char *id,
          const char *text)
{
  GtkWidget *row = bie_test_find_widget (GTK_WIDGET (form), GTK_TYPE_WIDGET, id);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
set_code (BieForm    *form,
          const char *id,
          const char *code)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (form), ADW_TYPE_COMBO_ROW, id);
  AdwComboRow *row = ADW_COMBO_ROW (widget);

  bie_form_combo_set_code (row, code);
  g_assert_cmpstr (bie_form_combo_get_code (row), ==, code);
}

/* The newest outbox entry is an update of @uuid in @table; returns its
 * changes, which hold only the fields changed. */
static JsonObject *
last_update (BieStore   *store,
             guint       n_before,
             const char *table,
             const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  BieOutboxEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, n_before + 1);
  entry = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_cmpstr (entry->entity, ==, table);
  g_assert_cmpstr (entry->operation, ==, "update");
  g_assert_cmpstr (entry->uuid, ==, uuid);
  g_assert_true (json_parser_load_from_data (parser, entry->changes, -1, &error));
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static guint
outbox_length (BieStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return outbox->len;
}

static void
test_edit (void)
{
  g_autoptr(GError) error = NULL;
  BieTestCache cache;
  BieStore *store;
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GtkWidget *search, *view, *family, *members, *risks, *history, *row, *button;
  GtkRoot *root = GTK_ROOT (window);
  BieForm *form;
  BiePerson *person;
  BieRisk *risk;
  BieHousehold *household;
  gint64 target, ana, risk_id, encounter_id, appointment_id;
  guint n;

  bie_test_cache_open (&cache, FALSE);
  store = cache.store;
  target = bie_test_add_household (store, "Calle 70 Sur # 18-25");
  ana = bie_test_add_person (store, target, "Ana María", "Núñez Rojas", "F", "1988-07-14",
                             "CC", "52111333", "head");
  bie_test_add_person (store, target, "Rosa", "Núñez Rojas", "F", "2010-02-01",
                       "TI", "1020304050", "child");

  risk = bie_record_new (BIE_ENTITY_RISK);
  risk->household_id = target;
  risk->person_id = ana;
  risk->code = g_strdup ("pregnancy");
  risk->status = g_strdup ("identified");
  risk->identified_on = g_strdup ("2025-01-10");
  g_assert_true (bie_store_save (store, BIE_ENTITY_RISK, risk, &error));
  risk_id = risk->record.id;
  bie_record_free (BIE_ENTITY_RISK, risk);

  {
    BieEncounter *encounter = bie_record_new (BIE_ENTITY_ENCOUNTER);
    BieAppointment *appointment = bie_record_new (BIE_ENTITY_APPOINTMENT);

    encounter->household_id = target;
    encounter->kind = g_strdup ("home-visit");
    encounter->date = g_strdup ("2025-01-10");
    g_assert_true (bie_store_save (store, BIE_ENTITY_ENCOUNTER, encounter, &error));
    encounter_id = encounter->record.id;
    appointment->household_id = target;
    appointment->person_id = ana;
    appointment->service = g_strdup ("prenatal-control");
    appointment->outcome = g_strdup ("pending");
    appointment->requested_on = g_strdup ("2025-01-11");
    g_assert_true (bie_store_save (store, BIE_ENTITY_APPOINTMENT, appointment, &error));
    appointment_id = appointment->record.id;
    bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);
    bie_record_free (BIE_ENTITY_APPOINTMENT, appointment);
  }

  /* The family page, from the caseload. */
  bie_window_set_store (BIE_WINDOW (window), store);
  gtk_window_present (GTK_WINDOW (window));
  bie_test_spin ();
  search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  gtk_editable_set_text (GTK_EDITABLE (search), "nunez");
  g_signal_emit_by_name (search, "search-changed");
  bie_test_spin ();
  g_signal_emit_by_name (view, "activate", 0);
  bie_test_spin ();
  family = bie_test_find_widget (window, BIE_TYPE_FAMILY_PAGE, NULL);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (family)), ==, target);
  members = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "members");
  risks = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "risks");
  history = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "history");
  bie_test_assert_controls_named (family);

  /* A member, from the keyboard: the form holds her, and Save updates her. */
  form = edit_from_row (members, "Ana María Núñez Rojas", BIE_TYPE_PERSON_FORM, TRUE);
  g_assert_cmpint (bie_form_get_record_id (form), ==, ana);
  g_assert_cmpstr (get_text (form, "given_names_row"), ==, "Ana María");
  n = outbox_length (store);
  set_text (form, "given_names_row", "Ana Lucía");
  save (form);

  person = bie_store_load (store, BIE_ENTITY_PERSON, ana, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->given_names, ==, "Ana Lucía");
  g_assert_cmpstr (person->family_names, ==, "Núñez Rojas");
  g_assert_cmpstr (person->document_number, ==, "52111333");
  g_assert_cmpint (person->household_id, ==, target);
  {
    g_autoptr(JsonObject) changes = last_update (store, n, "person", person->record.uuid);

    g_assert_cmpstr (json_object_get_string_member (changes, "given_names"), ==, "Ana Lucía");
    g_assert_cmpuint (json_object_get_size (changes), ==, 1);
  }
  bie_record_free (BIE_ENTITY_PERSON, person);

  /* The page follows: her row, the household's title, and the focus is back
   * on her row, where Enter opens her form again. */
  g_assert_null (find_row (members, "Ana María Núñez Rojas"));
  row = find_row (members, "Ana Lucía Núñez Rojas");
  g_assert_nonnull (row);
  g_assert_cmpstr (get_text (family, "title"), ==, "Ana Lucía Núñez Rojas");
  g_assert_true (gtk_root_get_focus (root) == row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "activate-cursor-row");
  bie_test_spin ();
  form = BIE_FORM (find_toplevel (BIE_TYPE_PERSON_FORM));
  g_assert_nonnull (form);
  g_assert_cmpint (bie_form_get_record_id (form), ==, ana);
  gtk_window_destroy (GTK_WINDOW (form));

  /* A risk is managed by editing it, with its Edit button. */
  form = edit_from_row (risks, "Pregnant woman", BIE_TYPE_RISK_FORM, FALSE);
  g_assert_cmpint (bie_form_get_record_id (form), ==, risk_id);
  n = outbox_length (store);
  set_code (form, "status_row", "managed");
  set_text (form, "managed_on_row", "2025-02-01");
  save (form);

  risk = bie_store_load (store, BIE_ENTITY_RISK, risk_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (risk->status, ==, "managed");
  g_assert_cmpstr (risk->managed_on, ==, "2025-02-01");
  g_assert_cmpint (risk->person_id, ==, ana);
  {
    g_autoptr(JsonObject) changes = last_update (store, n, "risk", risk->record.uuid);

    g_assert_cmpstr (json_object_get_string_member (changes, "status"), ==, "managed");
    g_assert_cmpstr (json_object_get_string_member (changes, "managed_on"), ==, "2025-02-01");
    g_assert_cmpuint (json_object_get_size (changes), ==, 2);
  }
  bie_record_free (BIE_ENTITY_RISK, risk);
  row = find_row (risks, "Pregnant woman");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Ana Lucía · Managed since 1 Feb 2025");

  /* And closed: it leaves the open risks. */
  form = edit_from_row (risks, "Pregnant woman", BIE_TYPE_RISK_FORM, TRUE);
  n = outbox_length (store);
  set_code (form, "status_row", "closed");
  set_text (form, "closed_on_row", "2025-03-01");
  save (form);
  {
    g_autoptr(JsonObject) changes = NULL;

    risk = bie_store_load (store, BIE_ENTITY_RISK, risk_id, &error);
    g_assert_cmpstr (risk->status, ==, "closed");
    changes = last_update (store, n, "risk", risk->record.uuid);
    g_assert_cmpstr (json_object_get_string_member (changes, "closed_on"), ==, "2025-03-01");
    bie_record_free (BIE_ENTITY_RISK, risk);
  }
  g_assert_null (find_row (risks, "Pregnant woman"));
  g_assert_true (group_has_row (risks, "No open risks"));

  /* The household: its address. */
  g_assert_null (find_toplevel (BIE_TYPE_HOUSEHOLD_FORM));
  button = bie_test_find_widget (family, GTK_TYPE_BUTTON, "edit_household_button");
  g_signal_emit_by_name (button, "clicked");
  bie_test_spin ();
  form = BIE_FORM (find_toplevel (BIE_TYPE_HOUSEHOLD_FORM));
  g_assert_nonnull (form);
  g_assert_cmpint (bie_form_get_record_id (form), ==, target);
  n = outbox_length (store);
  set_text (form, "address_row", "Calle 71 Sur # 18-30");
  save (form);
  household = bie_store_load (store, BIE_ENTITY_HOUSEHOLD, target, &error);
  g_assert_cmpstr (household->address, ==, "Calle 71 Sur # 18-30");
  {
    g_autoptr(JsonObject) changes = last_update (store, n, "household", household->record.uuid);

    g_assert_cmpstr (json_object_get_string_member (changes, "address"), ==,
                     "Calle 71 Sur # 18-30");
    g_assert_cmpuint (json_object_get_size (changes), ==, 1);
  }
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
  g_assert_true (g_str_has_prefix (get_text (family, "place"), "Calle 71 Sur # 18-30 · "));

  /* The history's encounter and appointment open in their forms too. */
  form = edit_from_row (history, "Home visit", BIE_TYPE_ENCOUNTER_FORM, TRUE);
  g_assert_cmpint (bie_form_get_record_id (form), ==, encounter_id);
  gtk_window_destroy (GTK_WINDOW (form));
  form = edit_from_row (history, "Managed appointment: Prenatal control",
                        BIE_TYPE_APPOINTMENT_FORM, FALSE);
  g_assert_cmpint (bie_form_get_record_id (form), ==, appointment_id);
  n = outbox_length (store);
  set_code (form, "outcome_row", "cancelled");
  save (form);
  g_assert_cmpuint (outbox_length (store), ==, n + 1);
  row = find_row (history, "Managed appointment: Prenatal control");
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), " · Cancelled"));
  bie_test_assert_controls_named (family);

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_cache_close (&cache);
}

static GtkWidget *
find_labelled_button (GtkWidget  *root,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  bie_test_collect_widgets (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);

  return NULL;
}

/* Clicks @button, which opens a form of @form_type. */
static BieForm *
open_with_button (GtkWidget *button,
                  GType      form_type)
{
  GtkWindow *form;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (find_toplevel (form_type));
  g_signal_emit_by_name (button, "clicked");
  bie_test_spin ();
  form = find_toplevel (form_type);
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_modal (form));

  return BIE_FORM (form);
}

static BieOutboxEntry *
last_entry (BieStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return g_ptr_array_steal_index (outbox, outbox->len - 1);
}

/* A family's care plan from its page: made, given a goal for the family's
 * risk and an activity for one of its members, both on the page and in
 * the outbox; the activity done, and after the plan is completed, the
 * page offers a new one. */
static void
test_plan (void)
{
  g_autoptr(GError) error = NULL;
  BieTestCache cache;
  BieStore *store;
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GtkWidget *search, *view, *family, *plan, *row, *plan_button;
  BieForm *form;
  BieRisk *risk;
  gint64 target, ana, risk_id, plan_id, goal_id, activity_id;
  BieOutboxEntry *entry;
  guint n;

  bie_test_cache_open (&cache, FALSE);
  store = cache.store;
  target = bie_test_add_household (store, "Calle 70 Sur # 18-25");
  ana = bie_test_add_person (store, target, "Ana María", "Núñez Rojas", "F", "1988-07-14",
                             "CC", "52111333", "head");
  bie_test_add_person (store, target, "Rosa", "Núñez Rojas", "F", "2024-02-01",
                       "RC", "1020304050", "child");
  risk = bie_record_new (BIE_ENTITY_RISK);
  risk->household_id = target;
  risk->person_id = ana;
  risk->code = g_strdup ("pregnancy");
  risk->status = g_strdup ("identified");
  risk->identified_on = g_strdup ("2025-01-10");
  g_assert_true (bie_store_save (store, BIE_ENTITY_RISK, risk, &error));
  risk_id = risk->record.id;
  bie_record_free (BIE_ENTITY_RISK, risk);

  bie_window_set_store (BIE_WINDOW (window), store);
  gtk_window_present (GTK_WINDOW (window));
  bie_test_spin ();
  search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  gtk_editable_set_text (GTK_EDITABLE (search), "nunez");
  g_signal_emit_by_name (search, "search-changed");
  bie_test_spin ();
  g_signal_emit_by_name (view, "activate", 0);
  bie_test_spin ();
  family = bie_test_find_widget (window, BIE_TYPE_FAMILY_PAGE, NULL);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (family)), ==, target);
  plan = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "plan");
  plan_button = bie_test_find_widget (family, GTK_TYPE_BUTTON, "plan_button");

  /* No plan yet: it can be made, and nothing can be added to it. */
  g_assert_true (group_has_row (plan, "No family care plan yet"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plan_button)), ==, "_Create Care Plan");
  g_assert_false (gtk_widget_is_visible (bie_test_find_widget (family, GTK_TYPE_BUTTON, "add_goal_button")));
  gtk_widget_activate_action (family, "family.add-goal", NULL);
  bie_test_spin ();
  g_assert_null (find_toplevel (BIE_TYPE_GOAL_FORM));
  bie_test_assert_controls_named (family);

  form = open_with_button (plan_button, BIE_TYPE_PLAN_FORM);
  g_assert_cmpint (bie_form_get_record_id (form), ==, 0);
  save (form);
  plan_id = bie_store_household_plan (store, target, &error);
  g_assert_cmpint (plan_id, >, 0);
  entry = last_entry (store);
  g_assert_cmpstr (entry->entity, ==, "care_plan");
  g_assert_cmpstr (entry->operation, ==, "create");
  bie_outbox_entry_free (entry);

  /* The page follows: the plan, to edit, and its buttons. */
  g_assert_false (group_has_row (plan, "No family care plan yet"));
  g_assert_true (group_has_row (plan, "Active"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plan_button)), ==, "Edit _Plan");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (plan)), ==,
                   "No goals or activities yet");
  form = open_with_button (plan_button, BIE_TYPE_PLAN_FORM);
  g_assert_cmpint (bie_form_get_record_id (form), ==, plan_id);
  gtk_window_destroy (GTK_WINDOW (form));
  bie_test_spin ();

  /* A goal for Ana María's pregnancy. */
  form = open_with_button (find_labelled_button (plan, "Add _Goal"), BIE_TYPE_GOAL_FORM);
  g_assert_false (bie_form_get_valid (form));
  set_text (form, "description_row", "Ana María asiste a sus controles prenatales");
  bie_form_combo_set_id (ADW_COMBO_ROW (bie_test_find_widget (GTK_WIDGET (form), ADW_TYPE_COMBO_ROW,
                                                              "risk_row")), risk_id);
  set_text (form, "target_date_row", "2027-03-31");
  save (form);
  entry = last_entry (store);
  g_assert_cmpstr (entry->entity, ==, "goal");
  g_assert_cmpstr (entry->operation, ==, "create");
  bie_outbox_entry_free (entry);
  row = find_row (plan, "Ana María asiste a sus controles prenatales");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Active · By 31 Mar 2027 · Pregnant woman");
  {
    g_autoptr(GPtrArray) goals = bie_store_list (store, BIE_ENTITY_GOAL, "plan_id", plan_id, &error);

    g_assert_cmpuint (goals->len, ==, 1);
    goal_id = ((BieRecord *) g_ptr_array_index (goals, 0))->id;
  }

  /* An activity for her, towards that goal. */
  form = open_with_button (find_labelled_button (plan, "Add Ac_tivity"), BIE_TYPE_ACTIVITY_FORM);
  set_code (form, "kind_row", "prenatal-control");
  bie_form_combo_set_id (ADW_COMBO_ROW (bie_test_find_widget (GTK_WIDGET (form), ADW_TYPE_COMBO_ROW,
                                                              "person_row")), ana);
  bie_form_combo_set_id (ADW_COMBO_ROW (bie_test_find_widget (GTK_WIDGET (form), ADW_TYPE_COMBO_ROW,
                                                              "goal_row")), goal_id);
  set_text (form, "start_date_row", "2026-12-01");
  set_text (form, "end_date_row", "2026-11-30");
  g_assert_false (bie_form_get_valid (form));
  set_text (form, "end_date_row", "2026-12-15");
  save (form);
  entry = last_entry (store);
  g_assert_cmpstr (entry->entity, ==, "activity");
  g_assert_cmpstr (entry->operation, ==, "create");
  bie_outbox_entry_free (entry);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (plan)), ==,
                   "1 goal · 0 activities done · 1 open · 0 overdue");
  bie_test_assert_controls_named (family);

  /* Done, from the keyboard: its history grows, and the page says so. */
  form = edit_from_row (plan, "Prenatal control for Ana María", BIE_TYPE_ACTIVITY_FORM, TRUE);
  activity_id = bie_form_get_record_id (form);
  g_assert_cmpint (activity_id, >, 0);
  n = outbox_length (store);
  set_code (form, "status_row", "done");
  save (form);
  {
    g_autoptr(JsonObject) changes = NULL;
    g_autoptr(GPtrArray) history = bie_store_activity_history (store, activity_id, &error);
    BieActivity *activity = bie_store_load (store, BIE_ENTITY_ACTIVITY, activity_id, &error);

    g_assert_no_error (error);
    changes = last_update (store, n, "activity", activity->record.uuid);
    g_assert_cmpstr (json_object_get_string_member (changes, "status"), ==, "done");
    g_assert_cmpuint (json_object_get_size (changes), ==, 1);
    g_assert_cmpuint (history->len, ==, 2);
    bie_record_free (BIE_ENTITY_ACTIVITY, activity);
  }
  row = find_row (plan, "Prenatal control for Ana María");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1 Dec 2026 to 15 Dec 2026 · Done");

  /* The goal opens in its form with its Edit button. */
  form = edit_from_row (plan, "Ana María asiste a sus controles prenatales", BIE_TYPE_GOAL_FORM, FALSE);
  g_assert_cmpint (bie_form_get_record_id (form), ==, goal_id);
  gtk_window_destroy (GTK_WINDOW (form));
  bie_test_spin ();

  /* The activity removed by mistake, and brought back with Undo; its
   * goal can be removed only while no activity works towards it. */
  g_assert_null (find_button (find_row (plan, "Ana María asiste a sus controles prenatales"),
                              "Remove “Ana María asiste a sus controles prenatales”"));
  g_signal_emit_by_name (find_button (find_row (plan, "Prenatal control for Ana María"),
                                      "Remove “Prenatal control for Ana María”"), "clicked");
  bie_test_spin ();
  g_assert_null (find_row (plan, "Prenatal control for Ana María"));
  entry = last_entry (store);
  g_assert_cmpstr (entry->entity, ==, "activity");
  g_assert_cmpstr (entry->operation, ==, "delete");
  bie_outbox_entry_free (entry);
  g_assert_nonnull (find_button (find_row (plan, "Ana María asiste a sus controles prenatales"),
                                 "Remove “Ana María asiste a sus controles prenatales”"));
  g_signal_emit_by_name (find_labelled_button (window, "_Undo"), "clicked");
  bie_test_spin ();
  g_assert_nonnull (find_row (plan, "Prenatal control for Ana María"));
  g_assert_null (find_button (find_row (plan, "Ana María asiste a sus controles prenatales"),
                              "Remove “Ana María asiste a sus controles prenatales”"));

  /* With a plan open and its buttons shown, the page still fits a phone. */
  {
    int minimum;

    gtk_widget_measure (family, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }

  /* The plan on the timeline: the Plans view shows this family's. */
  {
    GtkWidget *stack = bie_test_find_widget (window, ADW_TYPE_VIEW_STACK, "view_stack");

    g_signal_emit_by_name (bie_test_find_widget (family, GTK_TYPE_BUTTON, "timeline_button"), "clicked");
    bie_test_spin ();
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "plans");
    g_assert_nonnull (bie_test_find_widget (window, BIE_TYPE_TIMELINE_WIDGET, NULL));
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "caseload");
    bie_test_spin ();
  }

  /* The plan completed: a new one is offered, and nothing more is added
   * to the old one, which still opens to be corrected. */
  row = find_row (plan, "Active");
  form = open_with_button (find_button (row, "Edit “Family care plan”"), BIE_TYPE_PLAN_FORM);
  g_assert_cmpint (bie_form_get_record_id (form), ==, plan_id);
  set_code (form, "status_row", "completed");
  save (form);
  g_assert_true (group_has_row (plan, "Completed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plan_button)), ==, "_Create Care Plan");
  g_assert_false (gtk_widget_is_visible (bie_test_find_widget (family, GTK_TYPE_BUTTON, "add_activity_button")));
  form = open_with_button (plan_button, BIE_TYPE_PLAN_FORM);
  g_assert_cmpint (bie_form_get_record_id (form), ==, 0);
  gtk_window_destroy (GTK_WINDOW (form));
  bie_test_spin ();
  bie_test_assert_controls_named (family);

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_cache_close (&cache);
}

static gpointer
count_mapped (gpointer item,
              gpointer user_data)
{
  (*(guint *) user_data)++;

  return item;
}

/* A view's GtkSingleSelection over the caseload: when the list changes
 * under its selected household, it must not read every household added
 * (it looks for its item among them): a search cleared on a city was a
 * read of every household in it. Counted through a GtkMapListModel, which
 * maps each item once when asked for it. */
static void
test_selection_cost (void)
{
  g_autoptr(GError) error = NULL;
  BieTestCache cache;
  g_autoptr(BieCaseloadModel) model = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  BieCaseloadFilter filter = { 0 };
  guint mapped = 0;
  gint64 target = 0;

  bie_test_cache_open (&cache, FALSE);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *address = g_strdup_printf ("Calle %u # %u-%u", i + 1, i % 90 + 1, i % 70 + 1);
      gint64 id = bie_test_add_household (cache.store, address);

      if (i == 150)
        target = id;
    }

  model = bie_caseload_model_new (cache.store);
  selection = gtk_single_selection_new (G_LIST_MODEL (gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (model)),
                                                                              count_mapped, &mapped, NULL)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 300);
  gtk_single_selection_set_selected (selection, 200);

  /* A search: one household left, and selected. */
  filter.text = "calle 151";
  mapped = 0;
  g_assert_true (bie_caseload_model_set_filter (model, &filter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  g_assert_cmpint (bie_caseload_item_get_row (gtk_single_selection_get_selected_item (selection))->household_id,
                   ==, target);
  g_assert_cmpuint (mapped, <=, 2);

  /* The search cleared: every household back, the first selected. */
  filter.text = NULL;
  mapped = 0;
  g_assert_true (bie_caseload_model_set_filter (model, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 300);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_cmpuint (mapped, <=, 2);

  /* Another sort: the same. */
  gtk_single_selection_set_selected (selection, 120);
  mapped = 0;
  g_assert_true (bie_caseload_model_set_sort (model, BIE_CASELOAD_SORT_NAME, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 300);
  g_assert_cmpuint (mapped, <=, 2);

  g_clear_object (&selection);
  g_clear_object (&model);
  bie_test_cache_close (&cache);
}

/* How many pixels of @row, as it is on screen in @view, differ clearly
 * from the row's background (its top left corner): its text and badges. */
static guint
count_ink (GtkWidget *view,
           GtkWidget *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (view);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (view);
  int height = gtk_widget_get_height (view);
  gsize stride = width * 4;
  const guchar *background;
  guint ink = 0;

  g_assert_true (gtk_widget_compute_bounds (row, view, &bounds));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (view)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  background = pixels + (int) bounds.origin.y * stride + (int) bounds.origin.x * 4;
  for (int y = MAX (0, bounds.origin.y); y < MIN (height, bounds.origin.y + bounds.size.height); y++)
    for (int x = MAX (0, bounds.origin.x); x < MIN (width, bounds.origin.x + bounds.size.width); x++)
      {
        const guchar *pixel = pixels + y * stride + x * 4;

        if (ABS (pixel[0] - background[0]) + ABS (pixel[1] - background[1]) +
            ABS (pixel[2] - background[2]) > 96)
          ink++;
      }

  return ink;
}

typedef struct
{
  GtkWidget     *view;
  GtkAdjustment *adjustment;
  double         move;
  gboolean       moved;
  guint          checked;   /* rows on screen found drawn */
} RowsDrawn;

/* In the update phase of a frame: the list moves. */
static gboolean
move_list (GtkWidget     *view,
           GdkFrameClock *clock,
           gpointer       data)
{
  RowsDrawn *check = data;

  gtk_adjustment_set_value (check->adjustment, gtk_adjustment_get_value (check->adjustment) + check->move);
  check->moved = TRUE;

  return G_SOURCE_REMOVE;
}

/* The household rows wholly on screen in @view. */
static GPtrArray *
rows_on_screen (GtkWidget *view)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *shown = g_ptr_array_new ();

  bie_test_collect_widgets (view, BIE_TYPE_HOUSEHOLD_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, view, &bounds) &&
          bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (view))
        g_ptr_array_add (shown, row);
    }

  return shown;
}

/* After the paint of the frame that moved the list: every row on screen
 * is drawn in that very frame. */
static void
check_rows_drawn (GdkFrameClock *clock,
                  RowsDrawn     *check)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (!check->moved || check->checked > 0)
    return;

  rows = rows_on_screen (check->view);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      /* A name, an address, a date and a priority are a few thousand pixels. */
      if (count_ink (check->view, row) < 500)
        g_error ("the row of “%s” is on screen but not drawn",
                 bie_household_row_get_name (BIE_HOUSEHOLD_ROW (row)));
      check->checked++;
    }
  g_assert_cmpuint (check->checked, >=, 3);
}

/* Moves the list by @move pixels in a frame, and checks that frame. */
static void
move_and_check (RowsDrawn *check,
                double     move)
{
  check->move = move;
  check->moved = FALSE;
  check->checked = 0;
  gtk_widget_add_tick_callback (check->view, move_list, check, NULL);
  while (check->checked == 0)
    g_main_context_iteration (NULL, TRUE);
}

/* A row draws its text only when on screen (bie-household-row.c): rows
 * bound out of view and then scrolled into it must be drawn in the frame
 * that shows them, after a jump through the list as after a small step. */
static void
test_rows_drawn (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-rows-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GDate) today = bie_today ();
  g_autoptr(BieStore) store = NULL;
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GdkFrameClock *clock;
  RowsDrawn check = { NULL };
  BieDemoOptions options;
  gulong after_paint;
  /* Jumps of some twenty rows, into rows the list bound out of view;
   * steps of a third of a row; and back up. */
  const double moves[] = { 2000, 2000, 35, 35, 35, 35, 4000, 35, 35, -35, -35, -3000 };

  bie_demo_options_init (&options);
  options.n_households = 300;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = bie_store_open (path, &error);
  g_assert_no_error (error);

  bie_window_set_store (BIE_WINDOW (window), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  bie_test_spin ();
  bie_test_wait_ms (300);

  check.view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  check.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (check.view));
  clock = gtk_widget_get_frame_clock (window);
  after_paint = g_signal_connect (clock, "after-paint", G_CALLBACK (check_rows_drawn), &check);

  for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
    move_and_check (&check, moves[m]);

  /* Large text: rows grow with the font, and are drawn as before. */
  {
    GtkSettings *settings = gtk_settings_get_default ();
    g_autoptr(GPtrArray) rows = rows_on_screen (check.view);
    GtkWidget *row;
    int dpi, height;

    g_assert_cmpuint (rows->len, >, 0);
    row = g_ptr_array_index (rows, 0);
    height = gtk_widget_get_height (row);

    g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
    g_object_set (settings, "gtk-xft-dpi", (dpi > 0 ? dpi : 96 * 1024) * 3 / 2, NULL);
    bie_test_wait_ms (200);
    g_assert_cmpint (gtk_widget_get_height (row), >, height * 5 / 4);

    move_and_check (&check, 4000);
    gtk_settings_reset_property (settings, "gtk-xft-dpi");
  }

  g_signal_handler_disconnect (clock, after_paint);
  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_spin ();
  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/caseload-window/round", test_round);
  g_test_add_func ("/caseload-window/edit", test_edit);
  g_test_add_func ("/caseload-window/plan", test_plan);
  g_test_add_func ("/caseload-window/rows-drawn", test_rows_drawn);
  g_test_add_func ("/caseload-window/selection-cost", test_selection_cost);

  return g_test_run ();
}
