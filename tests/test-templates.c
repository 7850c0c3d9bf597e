/* test-templates.c: every composite template builds, and everything a
 * user can operate in it has a name an assistive technology can read
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bie-family-page.h"
#include "bie-preferences-window.h"
#include "bie-store.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-window.h"

/* What a drop-down shows for its @position'th choice. */
static const char *
choice_label (GtkDropDown *choice,
              guint        position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (choice), position);

  return gtk_string_object_get_string (item);
}

static void
test_window (void)
{
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GtkWidget *leaflet;

  leaflet = bie_test_find_widget (window, ADW_TYPE_LEAFLET, NULL);
  g_assert_nonnull (leaflet);
  /* The content, not the sidebar, is what a folded window shows first. */
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "content");
  g_assert_nonnull (bie_test_find_widget (window, ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  g_assert_nonnull (bie_test_find_widget (window, ADW_TYPE_STATUS_PAGE, NULL));

  bie_test_assert_controls_named (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_summary (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-summary-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(BieStore) store = bie_store_open (path, &error);
  g_autoptr(BieRecordBatch) batch = bie_test_territory_batch (TRUE);
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);
  GtkStack *stack, *results;
  GtkLabel *summary;
  GtkListView *view;
  GtkWidget *search;

  g_assert_no_error (error);
  stack = GTK_STACK (bie_test_find_widget (window, GTK_TYPE_STACK, "caseload_stack"));
  g_assert_nonnull (stack);

  /* An empty cache offers the demo city. */
  bie_window_set_store (BIE_WINDOW (window), store);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  /* The window follows the cache's changes: its counts, and the caseload. */
  g_assert_true (bie_store_write_batch (store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  summary = GTK_LABEL (bie_test_find_widget (window, GTK_TYPE_LABEL, "summary_label"));
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (gtk_label_get_text (summary), "Households: 1"));
  g_assert_nonnull (strstr (gtk_label_get_text (summary), "Cadastral sectors: 1"));

  view = GTK_LIST_VIEW (bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view"));
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 1);

  /* Searching narrows it; nothing found says so. */
  search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  results = GTK_STACK (bie_test_find_widget (window, GTK_TYPE_STACK, "results_stack"));
  gtk_editable_set_text (GTK_EDITABLE (search), "zzzz");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "lucero");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "results");

  /* The sidebar lists the territory; choosing a localidad narrows the caseload. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  {
    g_autoptr(BieRecordBatch) more = bie_record_batch_new ();
    BieLocalidad *localidad = bie_record_new (BIE_ENTITY_LOCALIDAD);
    BieSector *sector = bie_record_new (BIE_ENTITY_SECTOR);
    BieHousehold *household = bie_record_new (BIE_ENTITY_HOUSEHOLD);
    GtkListBox *territory = GTK_LIST_BOX (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "territory_list"));
    GtkListBoxRow *row;

    localidad->record.id = 2;
    localidad->code = g_strdup ("05");
    localidad->name = g_strdup ("Usme");
    localidad->subred_id = 1;
    sector->record.id = 2;
    sector->code = g_strdup ("004600");
    sector->name = g_strdup ("La Aurora");
    sector->localidad_id = 2;
    household->record.id = 2;
    household->sector_id = 2;
    household->address = g_strdup ("Calle 91 Sur # 3-20");
    bie_record_batch_add (more, BIE_ENTITY_LOCALIDAD, localidad);
    bie_record_batch_add (more, BIE_ENTITY_SECTOR, sector);
    bie_record_batch_add (more, BIE_ENTITY_HOUSEHOLD, household);
    g_assert_true (bie_store_write_batch (store, more, &error));
    bie_window_set_store (BIE_WINDOW (window), store);
    view = GTK_LIST_VIEW (bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 2);

    /* All Territory, Subred Sur, then its localidades by their codes,
     * whatever order they were stored in: Usme (05), stored after Ciudad
     * Bolívar (19), comes before it. */
    g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (territory, 2)), "name"), ==, "Usme");
    g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (territory, 3)), "name"), ==,
                     "Ciudad Bolívar");
    row = gtk_list_box_get_row_at_index (territory, 2);
    g_assert_nonnull (row);
    g_signal_emit_by_name (territory, "row-activated", row);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 1);
    row = gtk_list_box_get_row_at_index (territory, 1);
    g_signal_emit_by_name (territory, "row-activated", row);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 2);
    row = gtk_list_box_get_row_at_index (territory, 0);
    g_signal_emit_by_name (territory, "row-activated", row);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))), ==, 2);
  }

  /* The filters popover: nothing is overdue here; never-contacted is all. */
  {
    GtkCheckButton *overdue = GTK_CHECK_BUTTON (bie_test_find_widget (window, GTK_TYPE_CHECK_BUTTON, "overdue_check"));
    GtkCheckButton *no_contact = GTK_CHECK_BUTTON (bie_test_find_widget (window, GTK_TYPE_CHECK_BUTTON, "no_contact_check"));
    GtkDropDown *sort = GTK_DROP_DOWN (bie_test_find_widget (window, GTK_TYPE_DROP_DOWN, "sort_choice"));
    GtkDropDown *plan = GTK_DROP_DOWN (bie_test_find_widget (window, GTK_TYPE_DROP_DOWN, "plan_choice"));
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (view));

    g_assert_nonnull (overdue);
    /* Opening the popover counts what each filter would leave. */
    gtk_menu_button_popup (GTK_MENU_BUTTON (bie_test_find_widget (window, GTK_TYPE_MENU_BUTTON,
                                                                  "filters_button")));
    g_assert_cmpstr (gtk_check_button_get_label (overdue), ==, "Overdue activities (0)");
    g_assert_cmpstr (gtk_check_button_get_label (no_contact), ==, "No contact in 90 days (2)");
    g_assert_cmpstr (choice_label (plan, 0), ==, "Any care plan or none");
    g_assert_cmpstr (choice_label (plan, 1), ==, "No care plan (2)");
    g_assert_cmpstr (choice_label (plan, 3), ==, "An active plan (0)");
    g_assert_true (g_str_has_suffix (choice_label (GTK_DROP_DOWN (bie_test_find_widget (window, GTK_TYPE_DROP_DOWN,
                                                                                       "risk_choice")), 1),
                                     " (0)"));
    gtk_check_button_set_active (overdue, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
    /* The other choices' counts follow the change. */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpstr (choice_label (plan, 1), ==, "No care plan (0)");
    g_assert_cmpstr (gtk_check_button_get_label (no_contact), ==, "No contact in 90 days (0)");
    gtk_check_button_set_active (overdue, FALSE);
    gtk_check_button_set_active (no_contact, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
    gtk_check_button_set_active (no_contact, FALSE);
    gtk_drop_down_set_selected (plan, 3);  /* an active plan */
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
    gtk_drop_down_set_selected (plan, 1);  /* no plan */
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
    gtk_drop_down_set_selected (sort, 1);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

    /* Saved filters: save what is set, change it, and get it back. */
    {
      GtkListBox *saved = GTK_LIST_BOX (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "saved_list"));
      GtkEntry *name = GTK_ENTRY (bie_test_find_widget (window, GTK_TYPE_ENTRY, "save_name_entry"));
      GtkListBoxRow *usme = gtk_list_box_get_row_at_index (
        GTK_LIST_BOX (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "territory_list")), 2);
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      GtkListBoxRow *first;

      g_signal_emit_by_name (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "territory_list"),
                             "row-activated", usme);
      gtk_editable_set_text (GTK_EDITABLE (name), "   ");
      g_signal_emit_by_name (name, "activate");
      g_assert_null (gtk_list_box_get_row_at_index (saved, 0));  /* no name, nothing saved */
      gtk_editable_set_text (GTK_EDITABLE (name), "Mis hogares de Usme");
      g_signal_emit_by_name (name, "activate");
      first = gtk_list_box_get_row_at_index (saved, 0);
      g_assert_nonnull (first);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Mis hogares de Usme");
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);

      gtk_drop_down_set_selected (plan, 0);
      g_signal_emit_by_name (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "territory_list"),
                             "row-activated", gtk_list_box_get_row_at_index (
                               GTK_LIST_BOX (bie_test_find_widget (window, GTK_TYPE_LIST_BOX, "territory_list")), 0));
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

      g_signal_emit_by_name (saved, "row-activated", first);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
      g_assert_cmpuint (gtk_drop_down_get_selected (plan), ==, 1);

      g_settings_reset (settings, "saved-filters");
      g_assert_null (gtk_list_box_get_row_at_index (saved, 0));
    }
  }

  bie_test_assert_controls_named (window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

static void
test_family_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-family-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autoptr(BieStore) store = bie_store_open (path, &error);
  g_autoptr(BieRecordBatch) batch = bie_test_territory_batch (TRUE);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = bie_family_page_new ();
  GtkLabel *title;

  gtk_window_set_child (GTK_WINDOW (window), page);
  g_assert_true (bie_store_write_batch (store, batch, &error));
  g_assert_true (bie_family_page_set_household (BIE_FAMILY_PAGE (page), store, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (page)), ==, 1);

  title = GTK_LABEL (bie_test_find_widget (page, GTK_TYPE_LABEL, "title"));
  g_assert_cmpstr (gtk_label_get_text (title), ==, "Household without members");
  g_assert_nonnull (bie_test_find_widget (page, GTK_TYPE_BUTTON, "edit_household_button"));
  /* Shown: the buttons with mnemonics are named once (GTK 4.8 would name
   * them twice), also after their label changes. */
  gtk_window_present (GTK_WINDOW (window));
  bie_test_spin ();
  g_assert_true (gtk_widget_get_mapped (bie_test_find_widget (page, GTK_TYPE_BUTTON, "edit_household_button")));
  bie_test_assert_controls_named (page);
  {
    GtkWidget *other = gtk_window_new ();
    GtkWidget *button = gtk_button_new_with_mnemonic ("_Save");

    gtk_window_set_child (GTK_WINDOW (other), button);
    gtk_window_present (GTK_WINDOW (other));
    bie_test_spin ();
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
    gtk_button_set_label (GTK_BUTTON (button), "_Keep");
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
    g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    gtk_window_destroy (GTK_WINDOW (other));
  }

  /* A member: her row opens her form, and its Edit button is named for her. */
  bie_test_add_person (store, 1, "María", "Gómez", "F", "1990-05-02", "CC", "52333444", "head");
  g_assert_true (bie_family_page_set_household (BIE_FAMILY_PAGE (page), store, 1, &error));
  {
    GtkWidget *members = bie_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, "members");
    GtkWidget *row = bie_test_find_widget (members, ADW_TYPE_ACTION_ROW, NULL);
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "María Gómez");
    g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
    bie_test_collect_widgets (row, GTK_TYPE_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 1);
    g_assert_null (gtk_test_accessible_check_property (g_ptr_array_index (buttons, 0),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                       "Edit “María Gómez”"));
  }
  bie_test_assert_controls_named (page);

  /* A plan with a goal and an activity: rows to edit, each Edit button named
   * for its record, and the buttons that add to the plan. */
  {
    BieCarePlan *plan = bie_record_new (BIE_ENTITY_CARE_PLAN);
    BieGoal *goal = bie_record_new (BIE_ENTITY_GOAL);
    BieActivity *activity = bie_record_new (BIE_ENTITY_ACTIVITY);
    GtkWidget *group = bie_test_find_widget (page, ADW_TYPE_PREFERENCES_GROUP, "plan");
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *add_goal, *add_activity;

    plan->household_id = 1;
    plan->status = g_strdup ("draft");
    g_assert_true (bie_store_save (store, BIE_ENTITY_CARE_PLAN, plan, &error));
    goal->plan_id = activity->plan_id = plan->record.id;
    goal->description = g_strdup ("María deja de fumar");
    goal->status = g_strdup ("proposed");
    g_assert_true (bie_store_save (store, BIE_ENTITY_GOAL, goal, &error));
    activity->kind = g_strdup ("health-education");
    activity->status = g_strdup ("planned");
    g_assert_true (bie_store_save (store, BIE_ENTITY_ACTIVITY, activity, &error));
    g_assert_true (bie_family_page_set_household (BIE_FAMILY_PAGE (page), store, 1, &error));
    g_assert_no_error (error);

    bie_test_collect_widgets (group, ADW_TYPE_ACTION_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 3);
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "Draft");
    g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), ==,
                     "Not agreed with the family yet");
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==, "María deja de fumar");
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 2)), ==,
                     "Health education for the whole family");
    g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 2)), ==, "Not scheduled · Planned");
    for (guint i = 0; i < rows->len; i++)
      g_assert_true (gtk_list_box_row_get_activatable (g_ptr_array_index (rows, i)));
    bie_test_collect_widgets (g_ptr_array_index (rows, 2), GTK_TYPE_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 2);
    g_assert_null (gtk_test_accessible_check_property (g_ptr_array_index (buttons, 0),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                       "Edit “Health education for the whole family”"));
    g_assert_null (gtk_test_accessible_check_property (g_ptr_array_index (buttons, 1),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                       "Remove “Health education for the whole family”"));

    add_goal = bie_test_find_widget (page, GTK_TYPE_BUTTON, "add_goal_button");
    add_activity = bie_test_find_widget (page, GTK_TYPE_BUTTON, "add_activity_button");
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (add_goal)));
    g_assert_true (gtk_widget_get_focusable (add_goal) && gtk_widget_get_focusable (add_activity));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_activity)), ==, "family.add-activity");
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (bie_test_find_widget (page, GTK_TYPE_BUTTON, "plan_button"))),
                     ==, "Edit _Plan");
    bie_test_assert_controls_named (page);

    bie_record_free (BIE_ENTITY_CARE_PLAN, plan);
    bie_record_free (BIE_ENTITY_GOAL, goal);
    bie_record_free (BIE_ENTITY_ACTIVITY, activity);
  }

  /* A household that is not there: an error, and the page as it was. */
  g_assert_false (bie_family_page_set_household (BIE_FAMILY_PAGE (page), store, 99, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (page)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

static void
test_preferences_window (void)
{
  GtkWidget *preferences = GTK_WIDGET (bie_preferences_window_new (NULL));

  g_assert_nonnull (bie_test_find_widget (preferences, ADW_TYPE_COMBO_ROW, NULL));
  bie_test_assert_controls_named (preferences);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/templates/window", test_window);
  g_test_add_func ("/templates/window-summary", test_window_summary);
  g_test_add_func ("/templates/family-page", test_family_page);
  g_test_add_func ("/templates/preferences-window", test_preferences_window);
  g_test_add_func ("/templates/help-overlay", test_help_overlay);

  return g_test_run ();
}
