/* bench-sync.c: synchronisation with the FHIR test server, timed
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A demo city of 10,000 households (BIE_BENCH_HOUSEHOLDS to change it) is
 * sent to the test server, then:
 * - the initial download into an empty cache, against curl alone fetching
 *   the same pages, in the same run;
 * - an incremental sync with nothing new;
 * - 1,000 edits uploaded.
 * With BIE_BENCH_LATENCY_MS=N, the download (curl's and the engine's)
 * goes through the fault proxy, which holds every answer 10 % to 100 %
 * of N ms, as a network between a unit and the district would.
 * Prints one figure a line, "name: value unit".
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bench-utils.h"
#include "bie-demo-cache.h"
#include "bie-store-private.h"
#include "bie-store-sync.h"
#include "bie-sync-engine.h"
#include "../bie-test-fhir-server.h"

static const char * const types[] = {
  "Location", "CareTeam", "Practitioner", "Group", "Patient", "Coverage",
  "Condition", "CarePlan", "Goal", "Task", "Encounter", "Appointment", "Immunization",
};

#define PAGE_SIZE 200

static BieStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  BieStore *store = bie_store_open (path, &error);

  if (store == NULL)
    g_error ("%s", error->message);

  return store;
}

static double
run_sync (BieStore       *store,
          const char     *url,
          BieSyncSummary *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirClient) client = bie_fhir_client_new (url, &error);
  g_autoptr(BieSyncEngine) engine = NULL;
  double start;

  g_assert_no_error (error);
  engine = bie_sync_engine_new (store, client);
  bie_sync_engine_set_page_size (engine, PAGE_SIZE);
  start = bench_now_ms ();
  if (!bie_sync_engine_run (engine, summary, NULL, &error))
    g_error ("sync: %s", error->message);

  return bench_now_ms () - start;
}

/* Every page the initial download reads, by following next links. */
static GPtrArray *
page_urls (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirClient) client = bie_fhir_client_new (url, &error);
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autofree char *next = g_strdup_printf ("%s/%s?_sort=_lastUpdated&_count=%u", url, types[t], PAGE_SIZE);

      while (next != NULL)
        {
          g_autoptr(BieFhirResponse) response = bie_fhir_client_send (client, "GET", next, NULL, NULL,
                                                                      NULL, &error);
          JsonArray *links;
          char *found = NULL;

          g_assert_no_error (error);
          g_ptr_array_add (urls, g_steal_pointer (&next));
          links = bie_json_get_array (json_node_get_object (response->body), "link");
          for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
            {
              JsonObject *link = json_array_get_object_element (links, i);

              if (g_strcmp0 (json_object_get_string_member_with_default (link, "relation", ""), "next") == 0)
                found = g_strdup (json_object_get_string_member (link, "url"));
            }
          next = found;
        }
    }

  return urls;
}

/* curl alone: one process, one connection, the same pages, compressed as
 * the engine asks for them. */
static double
curl_pages (GPtrArray *urls)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;
  double start;

  g_ptr_array_add (argv, (gpointer) "curl");
  g_ptr_array_add (argv, (gpointer) "--silent");
  g_ptr_array_add (argv, (gpointer) "--fail");
  g_ptr_array_add (argv, (gpointer) "--compressed");
  g_ptr_array_add (argv, (gpointer) "--header");
  g_ptr_array_add (argv, (gpointer) "Accept: application/fhir+json");
  for (guint i = 0; i < urls->len; i++)
    {
      g_ptr_array_add (argv, (gpointer) "--output");
      g_ptr_array_add (argv, (gpointer) "/dev/null");
      g_ptr_array_add (argv, g_ptr_array_index (urls, i));
    }
  g_ptr_array_add (argv, NULL);

  start = bench_now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("curl: %s", error->message);

  return bench_now_ms () - start;
}

static void
edit_persons (BieStore *store,
              guint     n)
{
  sqlite3 *db = bie_store_get_connection (store);
  sqlite3_stmt *stmt;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM person ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  /* The demo city was made for its own day: a child who has grown out of
   * their document since cannot be saved, and is passed over. */
  for (guint i = 0, saved = 0; i < ids->len && saved < n; i++)
    {
      g_autoptr(GError) error = NULL;
      BiePerson *person = bie_store_load (store, BIE_ENTITY_PERSON, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_free (person->phone);
      person->phone = g_strdup_printf ("301%07u", i);
      if (bie_store_save (store, BIE_ENTITY_PERSON, person, &error))
        saved++;
      else
        g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
      bie_record_free (BIE_ENTITY_PERSON, person);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *seed_path = NULL;
  g_autofree char *fresh_path = NULL;
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(BieStore) seed = NULL;
  g_autoptr(BieStore) fresh = NULL;
  g_autoptr(GPtrArray) urls = NULL;
  g_autoptr(GArray) incremental = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) engine_runs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_runs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) client_runs = g_array_new (FALSE, FALSE, sizeof (double));
  BieDemoOptions options;
  BieSyncSummary summary;
  const char *households = g_getenv ("BIE_BENCH_HOUSEHOLDS");
  const char *latency = g_getenv ("BIE_BENCH_LATENCY_MS");
  const char *repeat = g_getenv ("BIE_BENCH_DOWNLOADS");
  guint downloads = repeat != NULL ? MAX (atoi (repeat), 1) : 3;
  double engine_ms, store_ms, client_ms, curl_ms, upload_ms, seed_ms;
  gint64 queued;

  if (!bie_test_fhir_server_available (&why))
    {
      g_printerr ("bench-sync skipped: %s\n", why);
      return 77;
    }

  dir = g_dir_make_tmp ("bienestar-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  seed_path = g_build_filename (dir, "seed.sqlite", NULL);
  fresh_path = g_build_filename (dir, "fresh.sqlite", NULL);

  bie_demo_options_init (&options);
  options.n_households = households != NULL ? atoi (households) : 10000;
  options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  if (!bie_demo_cache_generate (seed_path, &options, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_date_free (options.today);

  if (latency != NULL)
    g_setenv ("FAULT_PROXY_MAX_DELAY", latency, TRUE);
  server = bie_test_fhir_server_start (latency != NULL, 1, 0, &error);
  g_assert_no_error (error);

  seed = open_store (seed_path);
  g_assert_true (bie_store_sync_queue_all (seed, &queued, &error));
  seed_ms = run_sync (seed, bie_test_fhir_server_get_url (server), &summary);
  g_print ("seed-upload-records: %" G_GINT64_FORMAT " records\n", summary.uploaded);
  g_print ("seed-upload: %.0f ms\n", seed_ms);

  if (latency != NULL)
    {
      g_assert_true (bie_test_fhir_server_set_faults (server, 1.0, "delay", &error));
      g_assert_no_error (error);
      g_print ("network-delay: %s ms\n", latency);
    }

  /* curl before and after the engine, the better of the two. */
  urls = page_urls (bie_test_fhir_server_get_url (server));
  g_print ("initial-download-pages: %u pages\n", urls->len);
  curl_ms = curl_pages (urls);
  /* Three times unless asked otherwise, each into an empty cache: the
   * median, as runs differ by a tenth on a busy machine. */
  for (guint i = 0; i < downloads; i++)
    {
      if (fresh != NULL)
        {
          g_clear_object (&fresh);
          bie_store_remove_files (fresh_path);
        }
      fresh = open_store (fresh_path);
      store_ms = bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID);
      client_ms = bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
      engine_ms = run_sync (fresh, bie_test_fhir_server_get_url (server), &summary);
      store_ms = bench_cpu_ms (CLOCK_THREAD_CPUTIME_ID) - store_ms;
      client_ms = bench_cpu_ms (CLOCK_PROCESS_CPUTIME_ID) - client_ms;
      g_assert_cmpint (summary.downloaded, >=, queued);
      g_array_append_val (engine_runs, engine_ms);
      g_array_append_val (store_runs, store_ms);
      g_array_append_val (client_runs, client_ms);
    }
  engine_ms = bench_percentile (engine_runs, 0.5);
  g_print ("initial-download-records: %" G_GINT64_FORMAT " records\n", summary.downloaded);
  curl_ms = MIN (curl_ms, curl_pages (urls));
  g_print ("initial-download-curl: %.0f ms\n", curl_ms);
  g_print ("initial-download-engine: %.0f ms\n", engine_ms);
  g_print ("initial-download-ratio: %.2f x\n", engine_ms / curl_ms);
  /* Where the engine's time goes: the store's thread (this one), and
   * every thread of the engine together. */
  g_print ("initial-download-store-cpu: %.0f ms\n", bench_percentile (store_runs, 0.5));
  g_print ("initial-download-client-cpu: %.0f ms\n", bench_percentile (client_runs, 0.5));

  if (latency != NULL)
    {
      g_assert_true (bie_test_fhir_server_set_fault_rate (server, 0, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 7; i++)
    {
      double ms = run_sync (fresh, bie_test_fhir_server_get_url (server), &summary);

      g_assert_cmpint (summary.downloaded + summary.uploaded, ==, 0);
      g_array_append_val (incremental, ms);
    }
  g_print ("incremental-nothing-new-median: %.0f ms\n", bench_percentile (incremental, 0.5));
  g_print ("incremental-nothing-new-max: %.0f ms\n", bench_percentile (incremental, 1.0));

  edit_persons (fresh, 1000);
  upload_ms = run_sync (fresh, bie_test_fhir_server_get_url (server), &summary);
  g_assert_cmpint (summary.uploaded, ==, 1000);
  g_print ("upload-1000-edits: %.0f ms\n", upload_ms);

  g_clear_object (&fresh);
  g_clear_object (&seed);
  bie_store_remove_files (fresh_path);
  bie_store_remove_files (seed_path);
  g_rmdir (dir);

  return 0;
}
