/* test-caseload-window.c: a nurse's round in the real window
 *
 * Under Xvfb: type part of a name, see the household, open its family
 * page, record an encounter with the form, and find it in the family's
 * history and in the outbox.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bie-encounter-form.h"
#include "bie-family-page.h"
#include "bie-store-caseload.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-window.h"

static void
spin (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Lets animations run their course: libadwaita 1.2 leaks a toast whose
 * window is destroyed while it is still going away. */
static void
wait_ms (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
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
  spin ();

  /* Type part of the name, without its accent. */
  search = bie_test_find_widget (window, GTK_TYPE_SEARCH_ENTRY, "search_entry");
  view = bie_test_find_widget (window, GTK_TYPE_LIST_VIEW, "caseload_view");
  list = GTK_LIST_VIEW (view);
  gtk_editable_set_text (GTK_EDITABLE (search), "nunez");
  g_signal_emit_by_name (search, "search-changed");
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), ==, 1);

  /* The household's row is on screen. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    bie_test_collect_widgets (view, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), "Ana María Núñez Rojas") == 0)
        found = TRUE;
    g_assert_true (found);
  }

  /* Open its family page. */
  g_signal_emit_by_name (view, "activate", 0);
  spin ();
  leaflet = bie_test_find_widget (window, ADW_TYPE_LEAFLET, "caseload_leaflet");
  family = bie_test_find_widget (window, BIE_TYPE_FAMILY_PAGE, NULL);
  g_assert_true (adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet)) == family);
  g_assert_cmpint (bie_family_page_get_household (BIE_FAMILY_PAGE (family)), ==, target);
  history = bie_test_find_widget (family, ADW_TYPE_PREFERENCES_GROUP, "history");
  g_assert_true (group_has_row (history, "Nothing recorded yet"));

  /* Record an encounter: the form opens for this household, and saves. */
  g_assert_true (gtk_widget_activate_action (family, "family.record-encounter", NULL));
  spin ();
  form = find_toplevel (BIE_TYPE_ENCOUNTER_FORM);
  g_assert_nonnull (form);
  g_assert_true (bie_form_get_valid (BIE_FORM (form)));
  g_assert_true (bie_form_save (BIE_FORM (form)));
  spin ();

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
    spin ();
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
    spin ();
    g_assert_true (bie_store_count (store, BIE_ENTITY_ENCOUNTER, &n, &error));
    g_assert_cmpint (n, ==, 1);
    g_assert_true (group_has_row (history, "Home visit"));
    wait_ms (1000);
  }

  /* And back to the caseload. */
  g_assert_true (gtk_widget_activate_action (family, "family.back", NULL));
  spin ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "households");

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_cache_close (&cache);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);

  g_test_add_func ("/caseload-window/round", test_round);

  return g_test_run ();
}
