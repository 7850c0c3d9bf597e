/* test-sync-ui.c: synchronisation as the window shows it: the District
 * Server preferences, the status in the header, the conflict dialog, and
 * a run against the real FHIR test server with its progress shown
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bie-conflict-dialog.h"
#include "bie-demo-cache.h"
#include "bie-fhir-map.h"
#include "bie-preferences-window.h"
#include "bie-store-sync.h"
#include "bie-sync-controller.h"
#include "bie-sync-status.h"
#include "bie-sync-text.h"
#include "bie-test-fhir-server.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"
#include "bie-window.h"

/* Every test starts from the schema's defaults, and never syncs on a timer. */
static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  const char * const keys[] = {
    "sync-server", "sync-sectors", "sync-ca-file", "sync-token-url", "sync-client-id", "fhir-uris"
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_uint (settings, "sync-interval", 0);

  return settings;
}

static GtkWidget *
child (gpointer    root,
       GType       type,
       const char *id)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (root), type, id);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
label_text (gpointer    root,
            const char *id)
{
  return gtk_label_get_text (GTK_LABEL (child (root, GTK_TYPE_LABEL, id)));
}

static gboolean
shown (gpointer    root,
       const char *id)
{
  return gtk_widget_get_visible (child (root, GTK_TYPE_WIDGET, id));
}

/* The widget below @root named @name (gtk_widget_set_name ()). */
static GtkWidget *
named (gpointer    root,
       GType       type,
       const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  bie_test_collect_widgets (GTK_WIDGET (root), type, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (found, i)), name) == 0)
      return g_ptr_array_index (found, i);

  g_error ("no widget named %s", name);
}

/* Whether a toast (not the status popover) says @text. */
static gboolean
toast_says (GtkWidget  *window,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  bie_test_collect_widgets (window, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_ancestor (label, GTK_TYPE_POPOVER) == NULL &&
          strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint    n_finished;
  gboolean success;
  gboolean cancelled;
} Finished;

static void
on_finished (BieSyncController *controller,
             gboolean           success,
             gboolean           on_demand,
             gboolean           cancelled,
             Finished          *finished)
{
  finished->n_finished++;
  finished->success = success;
  finished->cancelled = cancelled;
}

static void
wait_finished (Finished *finished,
               guint     n,
               guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (finished->n_finished < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  bie_test_spin ();
}

static GtkWidget *
new_window (BieStore *store)
{
  GtkWidget *window = g_object_new (BIE_TYPE_WINDOW, NULL);

  bie_window_set_store (BIE_WINDOW (window), store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  bie_test_wait_ms (50);

  return window;
}

static void
apply_entry (AdwEntryRow *row,
             const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

/* (a) Preferences: the District Server page */

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  BiePreferencesWindow *preferences = bie_preferences_window_new (NULL);
  AdwEntryRow *sectors = ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "sectors_row"));
  AdwEntryRow *server = ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "server_row"));
  g_auto(GStrv) saved = NULL;
  g_autofree char *address = NULL;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  gtk_window_present (GTK_WINDOW (preferences));
  bie_test_spin ();
  bie_test_assert_controls_named (GTK_WIDGET (preferences));
  g_assert_false (shown (preferences, "sectors_error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (preferences, ADW_TYPE_ACTION_ROW,
                                                                        "token_status_row"))),
                   ==, "Set the server’s address first");

  /* A code that is not six digits: said on the page, nothing saved. */
  apply_entry (sectors, "004501, 12AB");
  g_assert_true (shown (preferences, "sectors_error"));
  g_assert_nonnull (strstr (label_text (preferences, "sectors_error"), "“12AB” is not a sector code"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sectors), "error"));
  saved = g_settings_get_strv (settings, "sync-sectors");
  g_assert_cmpuint (g_strv_length (saved), ==, 0);
  /* What was typed stays to be corrected. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sectors)), ==, "004501, 12AB");

  /* Nothing at all is no list either. */
  apply_entry (sectors, " , ");
  g_assert_true (shown (preferences, "sectors_error"));
  g_clear_pointer (&saved, g_strfreev);
  saved = g_settings_get_strv (settings, "sync-sectors");
  g_assert_cmpuint (g_strv_length (saved), ==, 0);

  /* Valid codes are saved, and shown as saved. */
  apply_entry (sectors, "004501,004502 ");
  g_assert_false (shown (preferences, "sectors_error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (sectors), "error"));
  g_clear_pointer (&saved, g_strfreev);
  saved = g_settings_get_strv (settings, "sync-sectors");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_cmpstr (saved[0], ==, "004501");
  g_assert_cmpstr (saved[1], ==, "004502");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sectors)), ==, "004501, 004502");

  apply_entry (sectors, "ALL");
  g_clear_pointer (&saved, g_strfreev);
  saved = g_settings_get_strv (settings, "sync-sectors");
  g_assert_cmpuint (g_strv_length (saved), ==, 1);
  g_assert_cmpstr (saved[0], ==, "all");

  /* The server's address: an address or nothing. */
  apply_entry (server, "fhir server at the unit");
  g_assert_true (shown (preferences, "server_error"));
  g_assert_nonnull (strstr (label_text (preferences, "server_error"), "is not a server address"));
  address = g_settings_get_string (settings, "sync-server");
  g_assert_cmpstr (address, ==, "");
  g_clear_pointer (&address, g_free);

  apply_entry (server, " https://fhir.example.gov.co/fhir/R4 ");
  g_assert_false (shown (preferences, "server_error"));
  address = g_settings_get_string (settings, "sync-server");
  g_assert_cmpstr (address, ==, "https://fhir.example.gov.co/fhir/R4");
  g_clear_pointer (&address, g_free);

  /* Plain http away from this computer is refused, as every sync would be. */
  apply_entry (server, "http://10.0.0.5/fhir");
  g_assert_true (shown (preferences, "server_error"));
  g_assert_nonnull (strstr (label_text (preferences, "server_error"), "must start with https://"));
  address = g_settings_get_string (settings, "sync-server");
  g_assert_cmpstr (address, ==, "https://fhir.example.gov.co/fhir/R4");
  g_clear_pointer (&address, g_free);

  /* On this computer, a training server, it is taken. */
  apply_entry (server, "http://127.0.0.1:8080/fhir/R4");
  g_assert_false (shown (preferences, "server_error"));
  address = g_settings_get_string (settings, "sync-server");
  g_assert_cmpstr (address, ==, "http://127.0.0.1:8080/fhir/R4");

  /* The interval row and the setting follow each other. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (preferences, ADW_TYPE_COMBO_ROW, "interval_row")), 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 60);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (preferences, ADW_TYPE_COMBO_ROW,
                                                                      "interval_row"))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (preferences));
  bie_test_spin ();
}

/* (b) The status in the header */

static void
test_status (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  const char * const sectors[] = { "004501", NULL };
  BieTestCache cache;
  GtkWidget *window;
  BieSyncStatus *status;
  BieSyncController *sync;
  g_autofree char *description = NULL;
  Finished finished = { 0 };

  bie_test_cache_open (&cache, TRUE);
  /* Two records edited here, not yet sent. */
  bie_test_add_person (cache.store, 1, "Ana María", "Rodríguez Peña", "F", "1990-04-12", "CC", "52123456", "head");
  bie_test_add_household (cache.store, "Carrera 7 # 12-34");

  window = new_window (cache.store);
  status = BIE_SYNC_STATUS (child (window, BIE_TYPE_SYNC_STATUS, "sync_status"));
  sync = bie_window_get_sync (BIE_WINDOW (window));
  g_assert_true (bie_sync_status_get_controller (status) == sync);
  g_signal_connect (sync, "finished", G_CALLBACK (on_finished), &finished);
  bie_test_assert_controls_named (window);

  /* No server yet: the popover offers to set one up. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_NOT_CONFIGURED);
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Not connected to a district server");
  g_assert_true (shown (status, "setup_button"));
  g_assert_false (shown (status, "sync_button"));
  g_assert_cmpstr (label_text (status, "pending_label"), ==, "2 changes waiting to be sent");

  /* Ctrl+R without a server says where to set it. */
  gtk_widget_activate_action (window, "win.sync", NULL);
  wait_finished (&finished, 1, 5);
  g_assert_false (finished.success);
  g_assert_true (toast_says (window, "No district server is set up"));

  /* A server and sectors: never synchronised, with what waits. */
  g_settings_set_string (settings, "sync-server", "http://127.0.0.1:9/fhir/R4");
  g_settings_set_strv (settings, "sync-sectors", sectors);
  bie_test_spin ();
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_IDLE);
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Never synchronised");
  g_assert_cmpstr (label_text (status, "last_label"), ==, "With the district server at 127.0.0.1:9");
  g_assert_cmpstr (label_text (status, "pending_label"), ==, "2 changes waiting to be sent");
  g_assert_false (shown (status, "conflicts_row"));
  g_assert_false (shown (status, "resolve_button"));
  g_assert_true (shown (status, "sync_button"));
  g_assert_false (shown (status, "setup_button"));
  description = bie_sync_status_describe (status);
  g_assert_cmpstr (description, ==, "Never synchronised · 2 changes waiting to be sent");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (status, GTK_TYPE_MENU_BUTTON, "button")), ==, description);

  /* A new edit is counted as it is saved. */
  bie_test_add_household (cache.store, "Calle 26 Sur # 3-10");
  bie_test_wait_ms (400);
  g_assert_cmpint (bie_sync_controller_get_pending (sync), ==, 3);
  g_assert_cmpstr (label_text (status, "pending_label"), ==, "3 changes waiting to be sent");

  /* Nobody listens there: offline, said in the popover and in a toast
   * with Retry; nothing was lost. */
  bie_sync_controller_set_retry (sync, 1, 0);
  gtk_widget_activate_action (window, "win.sync", NULL);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_SYNCING);
  wait_finished (&finished, 2, 60);
  g_assert_false (finished.success);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Offline: the server cannot be reached");
  g_assert_true (g_str_has_prefix (label_text (status, "last_label"), "Never synchronised. Your changes stay"));
  g_assert_true (shown (status, "error_label"));
  g_assert_cmpstr (label_text (status, "error_label"), ==, bie_sync_controller_get_error_message (sync));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (status, GTK_TYPE_BUTTON, "sync_button"))), ==,
                   "_Try Again");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (child (status, GTK_TYPE_IMAGE, "icon"))), ==,
                   "network-offline-symbolic");
  g_assert_true (toast_says (window, bie_sync_controller_get_error_message (sync)));
  g_assert_cmpint (bie_sync_controller_get_pending (sync), ==, 3);

  /* A run cancelled goes back to what was said before, without a toast. */
  bie_sync_controller_set_retry (sync, 20, 2000);
  gtk_widget_activate_action (window, "win.sync", NULL);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_SYNCING);
  g_assert_true (shown (status, "progress_box"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (status, GTK_TYPE_STACK, "icon_stack"))),
                   ==, "spinner");
  g_assert_true (gtk_widget_get_mapped (child (status, GTK_TYPE_SPINNER, "button_spinner")));
  g_assert_false (shown (status, "sync_button"));
  bie_test_wait_ms (200);
  gtk_widget_activate_action (window, "win.sync-cancel", NULL);
  wait_finished (&finished, 3, 30);
  g_assert_true (finished.cancelled);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_OFFLINE);
  g_assert_false (shown (status, "progress_box"));

  /* Unsetting the server forgets what was said of it. */
  g_settings_set_string (settings, "sync-server", "");
  bie_test_spin ();
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_NOT_CONFIGURED);

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_spin ();
  bie_test_cache_close (&cache);
}

/* The texts the status and the conflicts are made of */

static void
test_texts (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 14, 10, 0, 0);
  g_autoptr(GDateTime) minutes = g_date_time_add_minutes (now, -5);
  g_autoptr(GDateTime) hours = g_date_time_add_hours (now, -3);
  g_autoptr(GDateTime) days = g_date_time_add_days (now, -2);
  g_autoptr(GDateTime) seconds = g_date_time_add_seconds (now, -20);
  struct { GDateTime *when; const char *text; } cases[] = {
    { NULL, "Never synchronised" },
    { seconds, "Synchronised just now" },
    { minutes, "Last synchronised 5 minutes ago" },
    { hours, "Last synchronised 3 hours ago" },
    { days, "Last synchronised 2 days ago" },
  };
  BieTestCache cache;
  BieRisk *risk;
  gint64 person_id;
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bie_sync_text_last_sync (cases[i].when, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  g_assert_cmpstr (bie_sync_text_field_label (BIE_ENTITY_PERSON, "given_names"), ==, "Given names");
  g_assert_cmpstr (bie_sync_text_field_label (BIE_ENTITY_RISK, "code"), ==, "Risk");
  g_assert_cmpstr (bie_sync_text_field_label (BIE_ENTITY_SECTOR, "code"), ==, "Code");
  /* Every field of every kind has a label of its own. */
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      const BieEntityInfo *info = bie_entity_info (e);

      for (guint i = 0; i < info->n_fields; i++)
        g_assert_cmpstr (bie_sync_text_field_label (e, info->fields[i].name), !=, info->fields[i].name);
    }

  {
    g_autofree char *stage = bie_sync_text_stage ("Patient", 1204);
    g_autofree char *start = bie_sync_text_stage ("Group", 0);

    /* Grouped as the locale groups thousands: not at all in C. */
    g_assert_cmpstr (stage, ==, "Receiving persons (1204 records)");
    g_assert_cmpstr (start, ==, "Receiving households…");
  }

  /* References by their record's label, codes by their names. */
  bie_test_cache_open (&cache, TRUE);
  person_id = bie_test_add_person (cache.store, 1, "Luz Dary", "Moreno", "F", "1985-01-20", "CC", "39555111", "head");
  risk = bie_record_new (BIE_ENTITY_RISK);
  risk->household_id = 1;
  risk->person_id = person_id;
  risk->code = g_strdup ("pregnancy-no-prenatal-control");
  risk->status = g_strdup ("identified");
  risk->identified_on = g_strdup ("2026-02-03");
  label = bie_sync_text_record_label (cache.store, BIE_ENTITY_RISK, risk);
  g_assert_true (g_str_has_suffix (label, " · Luz Dary Moreno"));
  value = bie_sync_text_field_value (cache.store, BIE_ENTITY_RISK, "person_id", risk);
  g_assert_cmpstr (value, ==, "Luz Dary Moreno");
  g_clear_pointer (&value, g_free);
  value = bie_sync_text_field_value (cache.store, BIE_ENTITY_RISK, "household_id", risk);
  g_assert_cmpstr (value, ==, "Calle 70 Sur # 18-25");
  g_clear_pointer (&value, g_free);
  value = bie_sync_text_field_value (cache.store, BIE_ENTITY_RISK, "status", risk);
  g_assert_cmpstr (value, ==, "Identified");
  g_clear_pointer (&value, g_free);
  value = bie_sync_text_field_value (cache.store, BIE_ENTITY_RISK, "identified_on", risk);
  g_assert_cmpstr (value, ==, "3 Feb 2026");
  g_clear_pointer (&value, g_free);
  value = bie_sync_text_field_value (cache.store, BIE_ENTITY_RISK, "notes", risk);
  g_assert_cmpstr (value, ==, "Empty");
  bie_record_free (BIE_ENTITY_RISK, risk);
  bie_test_cache_close (&cache);
}

/* (c) The conflict dialog */

static char *
fhir_id (gpointer  store,
         BieEntity entity,
         gint64    id)
{
  return bie_store_sync_fhir_id (store, entity, id);
}

static gint64
row_id (gpointer    store,
        BieEntity   entity,
        const char *id)
{
  return bie_store_sync_row_id (store, entity, id);
}

/* The person as the server would send it, at @version. */
static char *
as_server_json (BieStore      *store,
                BieEntity      entity,
                gconstpointer  record,
                const char    *version)
{
  BieFhirResolver resolver = { fhir_id, row_id, store };
  g_autoptr(JsonObject) resource = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *meta;

  resource = bie_fhir_from_record (bie_fhir_uris_default (), &resolver, entity, record, NULL, "004501");
  g_assert_nonnull (resource);
  if (!json_object_has_member (resource, "meta"))
    json_object_set_object_member (resource, "meta", json_object_new ());
  meta = json_object_get_object_member (resource, "meta");
  json_object_set_string_member (meta, "versionId", version);
  node = json_node_init_object (json_node_alloc (), resource);

  return json_to_string (node, FALSE);
}

/* A person the server has at version 1, whose phone was changed here;
 * and the server's version 2, whose @server_phone another professional
 * set, kept as a conflict (a deletion when @server_phone is NULL). */
static gint64
make_conflict (BieStore   *store,
               const char *document,
               const char *server_phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autofree char *theirs_json = NULL;
  BiePerson *person;
  gint64 id;

  id = bie_test_add_person (store, 1, "Ana María", "Rodríguez Peña", "F", "1990-04-12", "CC", document, "head");
  person = bie_store_load (store, BIE_ENTITY_PERSON, id, &error);
  g_assert_no_error (error);

  /* As if sent: the server took it at version 1, and then its household,
   * whose Group lists it now. */
  for (guint round = 0; round < 2; round++)
    {
      changes = bie_store_sync_changes (store, 100, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (changes->len, ==, 1);
      for (guint i = 0; i < changes->len; i++)
        {
          BieSyncChange *change = g_ptr_array_index (changes, i);

          change->new_server_id = g_strdup (((BieRecord *) change->record)->uuid);
          change->new_version = g_strdup ("1");
          change->sent_json = as_server_json (store, change->entity, change->record, "1");
        }
      g_assert_true (bie_store_sync_acknowledge (store, changes, &error));
      g_assert_no_error (error);
      g_clear_pointer (&changes, g_ptr_array_unref);
    }

  bie_record_free (BIE_ENTITY_PERSON, person);
  person = bie_store_load (store, BIE_ENTITY_PERSON, id, &error);
  g_assert_no_error (error);

  /* The server's version 2, then the edit here. */
  if (server_phone != NULL)
    {
      g_free (person->phone);
      person->phone = g_strdup (server_phone);
      theirs_json = as_server_json (store, BIE_ENTITY_PERSON, person, "2");
      g_ptr_array_add (fields, (gpointer) "phone");
    }
  else
    g_ptr_array_add (fields, (gpointer) "deleted");
  g_free (person->phone);
  person->phone = g_strdup ("3001112233");
  g_assert_true (bie_store_save (store, BIE_ENTITY_PERSON, person, &error));
  g_assert_no_error (error);

  g_assert_true (bie_store_sync_begin (store, &error));
  g_assert_true (bie_store_sync_add_conflict (store, BIE_ENTITY_PERSON, person->record.uuid,
                                              theirs_json, "2", fields, &error));
  g_assert_no_error (error);
  g_assert_true (bie_store_sync_commit (store, &error));
  g_assert_no_error (error);
  bie_record_free (BIE_ENTITY_PERSON, person);

  return id;
}

static guint
outbox_entries (BieStore    *store,
                const char  *uuid,
                char       **changes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < outbox->len; i++)
    {
      BieOutboxEntry *entry = g_ptr_array_index (outbox, i);

      if (g_strcmp0 (entry->uuid, uuid) == 0)
        {
          n++;
          if (changes != NULL)
            {
              g_free (*changes);
              *changes = g_strdup_printf ("%s %s %s", entry->operation, entry->changes, entry->base_version);
            }
        }
    }

  return n;
}

static void
test_conflict_theirs (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  BieTestCache cache;
  GtkWidget *window;
  BieSyncStatus *status;
  BieConflictDialog *dialog;
  BieSyncController *sync;
  BiePerson *person;
  gint64 person_id, pending = -1, conflicts = -1;

  bie_test_cache_open (&cache, TRUE);
  person_id = make_conflict (cache.store, "52123456", "3009998877");

  /* The window's status says so, and offers to resolve it. */
  window = new_window (cache.store);
  sync = bie_window_get_sync (BIE_WINDOW (window));
  status = BIE_SYNC_STATUS (child (window, BIE_TYPE_SYNC_STATUS, "sync_status"));
  bie_sync_controller_refresh_counts (sync);
  bie_test_spin ();
  g_assert_cmpint (bie_sync_controller_get_conflicts (sync), ==, 1);
  /* The record in conflict waits for the user, not for the server. */
  g_assert_cmpint (bie_sync_controller_get_pending (sync), ==, 0);
  g_assert_cmpstr (label_text (status, "pending_label"), ==, "Every change was sent");
  g_assert_true (shown (status, "conflicts_row"));
  g_assert_cmpstr (label_text (status, "conflicts_label"), ==, "1 record changed here and on the server");
  g_assert_true (shown (status, "resolve_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (status, GTK_TYPE_BUTTON, "resolve_button"))), ==,
                   "_Resolve 1 Conflict…");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (child (status, GTK_TYPE_IMAGE, "icon"))), ==,
                   "dialog-warning-symbolic");
  g_assert_true (gtk_widget_activate_action (window, "win.resolve-conflicts", NULL));
  bie_test_spin ();

  dialog = bie_conflict_dialog_new (GTK_WINDOW (window), sync);
  gtk_window_present (GTK_WINDOW (dialog));
  bie_test_wait_ms (50);
  bie_test_assert_controls_named (GTK_WIDGET (dialog));
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 1);
  g_assert_cmpstr (label_text (dialog, "record_label"), ==, "Ana María Rodríguez Peña");
  g_assert_true (gtk_widget_get_sensitive (child (dialog, GTK_TYPE_BUTTON, "apply_button")));

  /* Mine and theirs side by side, mine chosen first. */
  {
    GtkWidget *mine = named (dialog, GTK_TYPE_CHECK_BUTTON, "mine:phone");
    GtkWidget *theirs = named (dialog, GTK_TYPE_CHECK_BUTTON, "theirs:phone");
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (mine)));
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (theirs)));
    bie_test_collect_widgets (theirs, GTK_TYPE_LABEL, labels);
    g_assert_cmpuint (labels->len, ==, 2);
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 1)), ==, "3009998877");

    gtk_check_button_set_active (GTK_CHECK_BUTTON (theirs), TRUE);
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (mine)));
  }
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "apply_button"), "clicked");
  bie_test_spin ();

  /* The server's phone, no conflict, and nothing to send: the record is
   * the server's version 2. */
  person = bie_store_load (cache.store, BIE_ENTITY_PERSON, person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->phone, ==, "3009998877");
  g_assert_cmpstr (person->record.version, ==, "2");
  g_assert_cmpuint (outbox_entries (cache.store, person->record.uuid, NULL), ==, 0);
  bie_record_free (BIE_ENTITY_PERSON, person);
  g_assert_true (bie_store_sync_count (cache.store, &pending, &conflicts, &error));
  g_assert_cmpint (conflicts, ==, 0);
  g_assert_cmpint (pending, ==, 0);
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, GTK_TYPE_STACK, "main_stack"))),
                   ==, "done");
  g_assert_false (gtk_widget_get_visible (child (dialog, GTK_TYPE_BUTTON, "apply_button")));
  g_assert_cmpint (bie_sync_controller_get_conflicts (sync), ==, 0);
  g_assert_false (shown (status, "resolve_button"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_spin ();
  bie_test_cache_close (&cache);
}

static void
test_conflict_mine (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BieSyncController) sync = NULL;
  g_autofree char *changes = NULL;
  BieTestCache cache;
  BieConflictDialog *dialog;
  BiePerson *person;
  gint64 person_id;

  bie_test_cache_open (&cache, TRUE);
  person_id = make_conflict (cache.store, "52123456", "3009998877");
  sync = bie_sync_controller_new (cache.store);
  dialog = bie_conflict_dialog_new (NULL, sync);
  gtk_window_present (GTK_WINDOW (dialog));
  bie_test_spin ();

  /* Keep All Theirs, then All Mine: mine it is, sent again on version 2. */
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "all_theirs_button"), "clicked");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (dialog, GTK_TYPE_CHECK_BUTTON, "theirs:phone"))));
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "all_mine_button"), "clicked");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (dialog, GTK_TYPE_CHECK_BUTTON, "mine:phone"))));
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "apply_button"), "clicked");
  bie_test_spin ();

  person = bie_store_load (cache.store, BIE_ENTITY_PERSON, person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->phone, ==, "3001112233");
  g_assert_cmpstr (person->record.version, ==, "2");
  g_assert_cmpuint (outbox_entries (cache.store, person->record.uuid, &changes), ==, 1);
  g_assert_cmpstr (changes, ==, "update {\"phone\":\"3001112233\"} 2");
  bie_record_free (BIE_ENTITY_PERSON, person);
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  bie_test_spin ();
  g_clear_object (&sync);
  bie_test_cache_close (&cache);
}

static void
test_conflict_deleted (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BieSyncController) sync = NULL;
  g_autofree char *changes = NULL;
  BieTestCache cache;
  BieConflictDialog *dialog;
  BiePerson *person;
  gint64 deleted_id, kept_id;

  bie_test_cache_open (&cache, TRUE);
  deleted_id = make_conflict (cache.store, "52123456", NULL);
  kept_id = make_conflict (cache.store, "52654321", NULL);
  sync = bie_sync_controller_new (cache.store);
  dialog = bie_conflict_dialog_new (NULL, sync);
  gtk_window_present (GTK_WINDOW (dialog));
  bie_test_spin ();
  bie_test_assert_controls_named (GTK_WIDGET (dialog));
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 2);

  /* The first: deleted here too, nothing to send. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, GTK_TYPE_STACK, "choice_stack"))),
                   ==, "deleted");
  g_assert_false (gtk_widget_get_visible (child (dialog, GTK_TYPE_BUTTON, "apply_button")));
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "delete_button"), "clicked");
  bie_test_spin ();
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 1);
  person = bie_store_load (cache.store, BIE_ENTITY_PERSON, deleted_id, NULL);
  g_assert_true (person == NULL || person->record.deleted);
  if (person != NULL)
    {
      g_assert_cmpuint (outbox_entries (cache.store, person->record.uuid, NULL), ==, 0);
      bie_record_free (BIE_ENTITY_PERSON, person);
    }

  /* The second: kept, and sent again as new. */
  g_signal_emit_by_name (child (dialog, GTK_TYPE_BUTTON, "keep_button"), "clicked");
  bie_test_spin ();
  g_assert_cmpuint (bie_conflict_dialog_get_n_conflicts (dialog), ==, 0);
  person = bie_store_load (cache.store, BIE_ENTITY_PERSON, kept_id, &error);
  g_assert_no_error (error);
  g_assert_false (person->record.deleted);
  g_assert_cmpstr (person->phone, ==, "3001112233");
  g_assert_cmpuint (outbox_entries (cache.store, person->record.uuid, &changes), ==, 1);
  g_assert_true (g_str_has_prefix (changes, "create "));
  bie_record_free (BIE_ENTITY_PERSON, person);

  gtk_window_destroy (GTK_WINDOW (dialog));
  bie_test_spin ();
  g_clear_object (&sync);
  bie_test_cache_close (&cache);
}

/* Offline transfer: the changes on a USB stick */

/* Closes the error dialogs shown, and says how many there were. */
static guint
close_error_dialogs (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  guint n = 0;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        gtk_window_destroy (l->data);
        n++;
      }

  return n;
}

static void
test_transfer (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(BieStore) other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *other_path = NULL;
  BieTestCache cache;
  GtkWidget *window, *other_window;
  gint64 pending = 0;

  /* Two caches of one city: the unit's and the one that carries. */
  bie_test_cache_open (&cache, TRUE);
  g_clear_object (&cache.store);
  other_path = g_build_filename (cache.dir, "other.sqlite", NULL);
  copy = g_file_new_for_path (other_path);
  {
    g_autoptr(GFile) original = g_file_new_for_path (cache.path);

    g_assert_true (g_file_copy (original, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  cache.store = bie_store_open (cache.path, &error);
  g_assert_no_error (error);
  other = bie_store_open (other_path, &error);
  g_assert_no_error (error);

  bie_test_add_person (cache.store, 1, "Ana María", "Rodríguez Peña", "F", "1990-04-12", "CC", "52123456", "head");
  bie_test_add_household (cache.store, "Carrera 7 # 12-34");
  window = new_window (cache.store);

  path = g_build_filename (cache.dir, "changes.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (bie_window_export_changes (BIE_WINDOW (window), file));
  bie_test_spin ();
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (toast_says (window, "2 changed records written to “changes.json”"));
  /* A copy: the changes still wait to be sent from here. */
  g_assert_true (bie_store_sync_count (cache.store, &pending, NULL, &error));
  g_assert_cmpint (pending, ==, 2);

  other_window = new_window (other);
  g_assert_true (bie_window_import_changes (BIE_WINDOW (other_window), file));
  bie_test_spin ();
  g_assert_true (toast_says (other_window, "2 records imported; they go to the server with the next synchronisation"));
  g_assert_cmpint (bie_store_find_person (other, "CC", "52123456", &error), >, 0);
  g_assert_cmpint (bie_sync_controller_get_pending (bie_window_get_sync (BIE_WINDOW (other_window))), ==, 2);

  /* A file that is not a Bundle: said, nothing applied. */
  bad_path = g_build_filename (cache.dir, "bad.json", NULL);
  bad = g_file_new_for_path (bad_path);
  g_assert_true (g_file_set_contents (bad_path, "{\"resourceType\": \"Bundle\", \"entry\": [", -1, &error));
  g_assert_false (bie_window_import_changes (BIE_WINDOW (other_window), bad));
  bie_test_spin ();
  g_assert_cmpuint (close_error_dialogs (), ==, 1);
  g_assert_true (bie_store_sync_count (other, &pending, NULL, &error));
  g_assert_cmpint (pending, ==, 2);

  gtk_window_destroy (GTK_WINDOW (other_window));
  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_spin ();
  g_clear_object (&other);
  bie_store_remove_files (other_path);
  g_unlink (path);
  g_unlink (bad_path);
  bie_test_cache_close (&cache);
}

/* (d) Signed in to the real test server, synchronised with progress */

static void
on_progress_text (BieSyncController *sync,
                  GParamSpec        *pspec,
                  GPtrArray         *texts)
{
  const char *text = bie_sync_controller_get_progress_text (sync);

  if (text != NULL)
    g_ptr_array_add (texts, g_strdup (text));
}

static void
test_server_sync (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *why = NULL;
  g_autofree char *url = NULL;
  BiePreferencesWindow *preferences;
  BieTestCache cache;
  GtkWidget *window;
  BieSyncStatus *status;
  BieSyncController *sync;
  Finished finished = { 0 };
  gboolean receiving = FALSE, sending = FALSE;
  gint64 queued;

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return;
    }
  server = bie_test_fhir_server_start_with_token (FALSE, 0, 0.0, "unit-token-7", &error);
  g_assert_no_error (error);
  url = g_strdup (bie_test_fhir_server_get_url (server));

  /* A cache with the territory, a family and a new member, all to go up. */
  bie_test_cache_open (&cache, TRUE);
  bie_test_add_person (cache.store, 1, "Ana María", "Rodríguez Peña", "F", "1990-04-12", "CC", "52123456", "head");
  g_assert_true (bie_store_sync_queue_all (cache.store, &queued, &error));
  g_assert_no_error (error);

  window = new_window (cache.store);
  sync = bie_window_get_sync (BIE_WINDOW (window));
  status = BIE_SYNC_STATUS (child (window, BIE_TYPE_SYNC_STATUS, "sync_status"));
  g_signal_connect (sync, "finished", G_CALLBACK (on_finished), &finished);
  g_signal_connect (sync, "notify::progress-text", G_CALLBACK (on_progress_text), texts);
  g_assert_cmpint (bie_sync_controller_get_pending (sync), >=, 5);

  /* Sign in as a nurse would: the server and the sectors in Preferences,
   * the token from the environment (an unattended machine). */
  g_setenv ("BIENESTAR_FHIR_TOKEN", "unit-token-7", TRUE);
  preferences = bie_preferences_window_new (GTK_WINDOW (window));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  gtk_window_present (GTK_WINDOW (preferences));
  bie_test_spin ();
  apply_entry (ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "server_row")), url);
  apply_entry (ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "sectors_row")), "004501");
  g_assert_false (shown (preferences, "server_error"));
  g_assert_false (shown (preferences, "sectors_error"));

  /* Test Connection reads the server's statement and one page with the token. */
  g_signal_emit_by_name (child (preferences, GTK_TYPE_BUTTON, "test_button"), "clicked");
  {
    AdwActionRow *row = ADW_ACTION_ROW (child (preferences, ADW_TYPE_ACTION_ROW, "connection_row"));
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (g_str_equal (adw_action_row_get_subtitle (row), "Connecting…"))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, TRUE);
      }
    g_test_message ("Test Connection: %s", adw_action_row_get_subtitle (row));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Connected to "));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "The token was accepted."));
  }
  gtk_window_destroy (GTK_WINDOW (preferences));
  bie_test_spin ();
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_IDLE);

  /* Ctrl+R: the spinner in the header, the progress in the popover. */
  gtk_widget_activate_action (window, "win.sync", NULL);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_SYNCING);
  bie_test_spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (status, GTK_TYPE_STACK, "icon_stack"))),
                   ==, "spinner");
  g_assert_true (gtk_widget_get_mapped (child (status, GTK_TYPE_SPINNER, "button_spinner")));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (status, GTK_TYPE_SPINNER, "progress_spinner"))));
  g_assert_true (shown (status, "progress_box"));
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Synchronising…");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (status, GTK_TYPE_MENU_BUTTON, "button")),
                            "Synchronising…"));

  wait_finished (&finished, 1, 120);
  if (!finished.success)
    g_error ("the sync failed: %s", bie_sync_controller_get_error_message (sync));

  /* Again: what went up comes back down (the empty server had nothing to
   * send the first time, and the engine says nothing of empty pages). */
  gtk_widget_activate_action (window, "win.sync", NULL);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_SYNCING);
  wait_finished (&finished, 2, 120);
  if (!finished.success)
    g_error ("the second sync failed: %s", bie_sync_controller_get_error_message (sync));

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      g_test_message ("progress: %s", text);
      receiving |= g_str_has_prefix (text, "Receiving ");
      sending |= g_str_has_prefix (text, "Sending changes");
    }
  g_assert_true (receiving);
  g_assert_true (sending);

  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_IDLE);
  g_assert_nonnull (bie_sync_controller_get_last_sync (sync));
  g_assert_cmpint (bie_sync_controller_get_pending (sync), ==, 0);
  g_assert_cmpint (bie_sync_controller_get_conflicts (sync), ==, 0);
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Synchronised just now");
  g_assert_true (g_str_has_prefix (label_text (status, "last_label"), "With the district server at 127.0.0.1:"));
  g_assert_cmpstr (label_text (status, "pending_label"), ==, "Every change was sent");
  g_assert_false (shown (status, "progress_box"));
  g_assert_false (shown (status, "error_label"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (status, GTK_TYPE_STACK, "icon_stack"))),
                   ==, "icon");

  /* The last sync is the cache's: a new window on it says so. */
  {
    g_autofree char *last = bie_store_get_meta (cache.store, "sync-last");

    g_assert_nonnull (last);
  }

  /* A wrong token is refused, with a message and Retry. */
  g_setenv ("BIENESTAR_FHIR_TOKEN", "not-the-token", TRUE);
  bie_sync_controller_set_retry (sync, 1, 0);
  gtk_widget_activate_action (window, "win.sync", NULL);
  wait_finished (&finished, 3, 60);
  g_assert_false (finished.success);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_FAILED);
  g_test_message ("refused: %s", bie_sync_controller_get_error_message (sync));
  g_assert_true (toast_says (window, bie_sync_controller_get_error_message (sync)));
  g_assert_cmpstr (label_text (status, "title_label"), ==, "Synchronisation failed");
  g_assert_cmpstr (label_text (status, "last_label"), ==, "Synchronised just now");
  g_unsetenv ("BIENESTAR_FHIR_TOKEN");

  gtk_window_destroy (GTK_WINDOW (window));
  bie_test_spin ();
  bie_test_cache_close (&cache);
}

/* (e) Signed in with OAuth2 client credentials: the token address and the
 * client id in Preferences, the secret from the environment; each run
 * fetches a token first. */
static void
test_client_credentials (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(BieSyncController) sync = NULL;
  g_autofree char *why = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *saved = NULL;
  BiePreferencesWindow *preferences;
  AdwEntryRow *token_url_row;
  BieTestCache cache;
  Finished finished = { 0 };
  const char *url;

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return;
    }
  /* The server's process takes its client from the environment. */
  g_setenv ("FHIR_SERVER_CLIENT_ID", "unit-client", TRUE);
  g_setenv ("FHIR_SERVER_CLIENT_SECRET", "unit secret:ñ/7", TRUE);
  server = bie_test_fhir_server_start_with_token (FALSE, 0, 0.0, "unit-token-9", &error);
  g_unsetenv ("FHIR_SERVER_CLIENT_ID");
  g_unsetenv ("FHIR_SERVER_CLIENT_SECRET");
  g_assert_no_error (error);
  url = bie_test_fhir_server_get_url (server);
  g_assert_true (g_str_has_suffix (url, "/fhir/R4"));
  token_url = g_strdup_printf ("%.*s/oauth2/token", (int) (strlen (url) - strlen ("/fhir/R4")), url);

  g_setenv ("BIENESTAR_FHIR_CLIENT_SECRET", "unit secret:ñ/7", TRUE);
  preferences = bie_preferences_window_new (NULL);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  gtk_window_present (GTK_WINDOW (preferences));
  bie_test_spin ();
  bie_test_assert_controls_named (GTK_WIDGET (preferences));
  apply_entry (ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "server_row")), url);
  apply_entry (ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "sectors_row")), "004501");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (preferences, ADW_TYPE_ACTION_ROW,
                                                                        "secret_status_row"))),
                   ==, "The client secret comes from the BIENESTAR_FHIR_CLIENT_SECRET environment variable");

  /* The token address follows the server address's rules. */
  token_url_row = ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "token_url_row"));
  apply_entry (token_url_row, "http://10.0.0.5/oauth2/token");
  g_assert_true (shown (preferences, "client_error"));
  g_assert_nonnull (strstr (label_text (preferences, "client_error"), "must start with https://"));
  saved = g_settings_get_string (settings, "sync-token-url");
  g_assert_cmpstr (saved, ==, "");
  apply_entry (token_url_row, token_url);
  g_assert_false (shown (preferences, "client_error"));
  apply_entry (ADW_ENTRY_ROW (child (preferences, ADW_TYPE_ENTRY_ROW, "client_id_row")), " unit-client ");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "sync-token-url");
  g_assert_cmpstr (saved, ==, token_url);
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "sync-client-id");
  g_assert_cmpstr (saved, ==, "unit-client");
  gtk_window_destroy (GTK_WINDOW (preferences));
  bie_test_spin ();

  /* No token was pasted: the run signs in with the client secret. */
  bie_test_cache_open (&cache, TRUE);
  sync = bie_sync_controller_new (cache.store);
  g_signal_connect (sync, "finished", G_CALLBACK (on_finished), &finished);
  bie_sync_controller_set_retry (sync, 1, 0);
  bie_sync_controller_sync_now (sync);
  wait_finished (&finished, 1, 120);
  if (!finished.success)
    g_error ("the sync failed: %s", bie_sync_controller_get_error_message (sync));
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_IDLE);

  /* A wrong secret: the sign-in server's refusal, as any failure. */
  g_setenv ("BIENESTAR_FHIR_CLIENT_SECRET", "not-the-secret", TRUE);
  bie_sync_controller_sync_now (sync);
  wait_finished (&finished, 2, 60);
  g_assert_false (finished.success);
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_FAILED);
  g_test_message ("refused: %s", bie_sync_controller_get_error_message (sync));
  g_assert_nonnull (strstr (bie_sync_controller_get_error_message (sync),
                            "The sign-in server refused the client id or secret"));
  g_assert_null (strstr (bie_sync_controller_get_error_message (sync), "not-the-secret"));
  g_unsetenv ("BIENESTAR_FHIR_CLIENT_SECRET");

  g_clear_object (&sync);
  bie_test_cache_close (&cache);
}

/* The demo city is made up: configured or not, it never goes to a server. */
static void
test_demo_never_syncs (void)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  const char * const sectors[] = { "all", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieSyncController) sync = NULL;
  BieDemoOptions options;
  Finished finished = { 0 };

  g_settings_set_string (settings, "sync-server", "http://127.0.0.1:9/fhir/R4");
  g_settings_set_strv (settings, "sync-sectors", sectors);
  bie_demo_options_init (&options);
  options.n_households = 5;
  options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  g_assert_true (bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_date_free (options.today);
  store = bie_store_open (path, &error);
  g_assert_no_error (error);

  sync = bie_sync_controller_new (store);
  g_signal_connect (sync, "finished", G_CALLBACK (on_finished), &finished);
  g_assert_true (bie_sync_controller_is_demo (sync));
  g_assert_cmpint (bie_sync_controller_get_state (sync), ==, BIE_SYNC_STATE_NOT_CONFIGURED);
  bie_sync_controller_sync_now (sync);
  wait_finished (&finished, 1, 5);
  g_assert_false (finished.success);
  g_assert_nonnull (strstr (bie_sync_controller_get_error_message (sync), "demo city"));

  g_clear_object (&sync);
  g_clear_object (&store);
  bie_store_remove_files (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  bie_test_init_gtk (&argc, &argv);
  g_unsetenv ("BIENESTAR_FHIR_TOKEN");
  g_unsetenv ("BIENESTAR_FHIR_CLIENT_SECRET");

  g_test_add_func ("/sync-ui/preferences", test_preferences);
  g_test_add_func ("/sync-ui/status", test_status);
  g_test_add_func ("/sync-ui/demo-never-syncs", test_demo_never_syncs);
  g_test_add_func ("/sync-ui/texts", test_texts);
  g_test_add_func ("/sync-ui/conflict-theirs", test_conflict_theirs);
  g_test_add_func ("/sync-ui/conflict-mine", test_conflict_mine);
  g_test_add_func ("/sync-ui/conflict-deleted", test_conflict_deleted);
  g_test_add_func ("/sync-ui/transfer", test_transfer);
  g_test_add_func ("/sync-ui/server-sync", test_server_sync);
  g_test_add_func ("/sync-ui/client-credentials", test_client_credentials);

  return g_test_run ();
}
