/* test-sync-input.c: what a lying or broken server sends, and bad files
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server of this test's own on loopback answers each search with what
 * a test sets: malformed JSON, a page of 100,000 entries, resources of
 * types nobody asked for, resources without ids, references to records
 * that never come, next links that go round in circles, two gigabytes.
 * Each ends with a clear error, nothing applied half-way, no crash. Then
 * the same for Bundle files carried by hand.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bie-store-sync.h"
#include "bie-sync-engine.h"
#include "bie-sync-transfer.h"
#include "bie-test-records.h"

/* The server: one answer per resource type, an empty page for the rest */

typedef struct
{
  GSocketService *service;
  guint16         port;
  GMutex          mutex;
  GCond           started;
  GHashTable     *answers;     /* "Type" or "Type?page=N" → body, or NULL for 2 GB; or
                                * "METHOD Type" ("Type/" for one resource) first */
  GHashTable     *statuses;    /* the same keys → an HTTP status other than 200 */
  char           *base;
} FakeServer;

static FakeServer fake;

static const char empty_page[] = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}";

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autofree char *request = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *body = NULL;
  guint status = 200;
  g_autofree char *head = NULL;
  gboolean huge = FALSE;
  gsize length = 0;
  char *line;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  request = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
  if (request == NULL)
    return TRUE;
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      gboolean end = g_strstrip (line)[0] == '\0';

      if (g_ascii_strncasecmp (line, "Content-Length:", strlen ("Content-Length:")) == 0)
        length = g_ascii_strtoull (line + strlen ("Content-Length:"), NULL, 10);
      g_free (line);
      if (end)
        break;
    }
  /* A request's body is read whole, or the client sees its connection cut. */
  if (length > 0)
    {
      g_autofree char *request_body = g_malloc (length);

      g_input_stream_read_all (G_INPUT_STREAM (lines), request_body, length, NULL, NULL, NULL);
    }

  /* "GET /fhir/Patient?_sort=...&page=2 HTTP/1.1" → "Patient" or "Patient?page=2" */
  {
    g_auto(GStrv) words = g_strsplit (request, " ", 3);
    const char *type = words[1] != NULL ? words[1] + strlen ("/fhir/") : "";
    const char *page = words[1] != NULL ? strstr (words[1], "page=") : NULL;

    if (words[1] != NULL && strlen (words[1]) < strlen ("/fhir/"))
      type = "";
    path = g_strndup (type, strcspn (type, "?/ "));
    key = page != NULL ? g_strdup_printf ("%s?%.*s", path, (int) strcspn (page, "& "), page) : g_strdup (path);
    /* "GET Group/_history", but "PUT Group/" whatever the id. */
    if (type[strlen (path)] == '/' && type[strlen (path) + 1] == '_')
      exact = g_strdup_printf ("%s %.*s", words[0], (int) strcspn (type, "? "), type);
    else
      exact = g_strdup_printf ("%s %s%s", words[0], path, type[strlen (path)] == '/' ? "/" : "");
  }

  g_mutex_lock (&fake.mutex);
  if (g_hash_table_contains (fake.answers, exact))
    {
      g_free (key);
      key = g_steal_pointer (&exact);
    }
  status = GPOINTER_TO_UINT (g_hash_table_lookup (fake.statuses, key)) ?: 200;
  if (g_hash_table_contains (fake.answers, key))
    {
      const char *answer = g_hash_table_lookup (fake.answers, key);

      huge = answer == NULL;
      body = g_strdup (answer);
    }
  else
    body = g_strdup (empty_page);
  g_mutex_unlock (&fake.mutex);

  if (huge)
    {
      g_autofree guint8 *zeros = g_malloc0 (64 * 1024);

      head = g_strdup ("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                       "Content-Length: 2147483648\r\nConnection: close\r\n\r\n{\"resourceType\":\"Bundle\",\"entry\":[\"");
      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      /* Until the client has had enough and hangs up. */
      while (g_output_stream_write_all (out, zeros, 64 * 1024, NULL, NULL, NULL))
        ;
      return TRUE;
    }

  head = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/fhir+json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                          status, status == 200 ? "OK" : "Not OK", strlen (body));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);

  return TRUE;
}

/* The service accepts in a main loop of its own: the engine blocks this one. */
static gpointer
fake_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  fake.service = g_threaded_socket_service_new (4);
  fake.port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (fake.service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fake.service, "run", G_CALLBACK (on_run), NULL);
  g_socket_service_start (fake.service);

  g_mutex_lock (&fake.mutex);
  fake.base = g_strdup_printf ("http://127.0.0.1:%u/fhir", fake.port);
  g_cond_signal (&fake.started);
  g_mutex_unlock (&fake.mutex);

  g_main_loop_run (loop);

  return NULL;
}

static void
fake_start (void)
{
  g_mutex_init (&fake.mutex);
  g_cond_init (&fake.started);
  fake.answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake.statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_mutex_lock (&fake.mutex);
  g_thread_unref (g_thread_new ("fake-fhir-server", fake_thread, NULL));
  while (fake.base == NULL)
    g_cond_wait (&fake.started, &fake.mutex);
  g_mutex_unlock (&fake.mutex);
}

static void
fake_answer (const char *key,
             const char *body)
{
  g_mutex_lock (&fake.mutex);
  g_hash_table_insert (fake.answers, g_strdup (key), g_strdup (body));
  g_mutex_unlock (&fake.mutex);
}

/* @key answered with @status. */
static void
fake_answer_status (const char *key,
                    guint       status,
                    const char *body)
{
  fake_answer (key, body);
  g_mutex_lock (&fake.mutex);
  g_hash_table_insert (fake.statuses, g_strdup (key), GUINT_TO_POINTER (status));
  g_mutex_unlock (&fake.mutex);
}

static void
fake_clear (void)
{
  g_mutex_lock (&fake.mutex);
  g_hash_table_remove_all (fake.answers);
  g_hash_table_remove_all (fake.statuses);
  g_mutex_unlock (&fake.mutex);
}

/* A page of @n Groups (households of sector 004501), the first @n_good
 * whole and the rest as @bad says. */
static char *
page_of_groups (guint       n,
                guint       n_good,
                const char *bad,
                const char *next)
{
  g_autoptr(GString) page = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",");

  if (next != NULL)
    g_string_append_printf (page, "\"link\":[{\"relation\":\"next\",\"url\":\"%s/%s\"}],", fake.base, next);
  g_string_append (page, "\"entry\":[");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      if (i > 0)
        g_string_append_c (page, ',');
      if (i < n_good)
        g_string_append_printf (page,
                                "{\"resource\":{\"resourceType\":\"Group\",\"id\":\"%s\","
                                "\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2026-12-01T10:00:00.%03uZ\"},"
                                "\"type\":\"person\",\"actual\":true,\"extension\":["
                                "{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/sector\","
                                "\"valueReference\":{\"reference\":\"Location/%s\"}},"
                                "{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/address\","
                                "\"valueAddress\":{\"text\":\"Calle %u # 1-1\"}}]}}",
                                uuid, i % 1000, "@SECTOR@", i);
      else
        g_string_append (page, bad);
    }
  g_string_append (page, "]}");

  return g_string_free (g_steal_pointer (&page), FALSE);
}

/* Caches */

typedef struct
{
  BieTestCache  cache;
  char         *sector_fhir_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  bie_test_cache_open (&fixture->cache, FALSE);
  fixture->sector_fhir_id = bie_store_sync_fhir_id (fixture->cache.store, BIE_ENTITY_SECTOR, 1);
  fake_clear ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->sector_fhir_id);
  bie_test_cache_close (&fixture->cache);
}

static char *
groups (Fixture    *fixture,
        guint       n,
        guint       n_good,
        const char *bad,
        const char *next)
{
  g_autofree char *page = page_of_groups (n, n_good, bad, next);
  g_auto(GStrv) parts = g_strsplit (page, "@SECTOR@", -1);

  return g_strjoinv (fixture->sector_fhir_id, parts);
}

static gboolean
run_sync (Fixture         *fixture,
          BieSyncSummary  *summary,
          GError         **error)
{
  g_autoptr(BieFhirClient) client = bie_fhir_client_new (fake.base, NULL);
  g_autoptr(BieSyncEngine) engine = bie_sync_engine_new (fixture->cache.store, client);

  bie_sync_engine_set_retry (engine, 2, 1);
  bie_sync_engine_set_page_size (engine, 100);

  return bie_sync_engine_run (engine, summary, NULL, error);
}

static gint64
households (Fixture *fixture)
{
  gint64 n;

  g_assert_true (bie_store_count (fixture->cache.store, BIE_ENTITY_HOUSEHOLD, &n, NULL));

  return n;
}

static void
assert_fails (Fixture *fixture,
              GQuark   domain,
              int      code)
{
  g_autoptr(GError) error = NULL;
  BieSyncSummary summary;

  g_assert_false (run_sync (fixture, &summary, &error));
  g_assert_error (error, domain, code);
  g_assert_cmpint (households (fixture), ==, 0);
}

static void
test_good_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = groups (fixture, 3, 3, NULL, NULL);
  BieSyncSummary summary;

  /* The fake server itself works: the failures below are the input's. */
  fake_answer ("Group", page);
  run_sync (fixture, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (households (fixture), ==, 3);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  fake_answer ("Group", "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":");
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
}

static void
test_not_a_bundle (Fixture       *fixture,
                   gconstpointer  data)
{
  fake_answer ("Group", "[1, 2, 3]");
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
}

static void
test_huge_page (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *page = groups (fixture, 100000, 100000, NULL, NULL);

  fake_answer ("Group", page);
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE);
}

static void
test_unknown_type (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *page = groups (fixture, 3, 2,
                                  "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"x\"}}", NULL);

  fake_answer ("Group", page);
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
}

/* Members of the wrong JSON type where a string belongs: refused like any
 * bad resource, never taken for a programming error. */
static void
test_wrong_json_types (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const bad[] = {
    "{\"resource\":{\"resourceType\":{\"is\":\"Group\"},\"id\":\"x\"}}",
    "{\"resource\":{\"resourceType\":[\"Group\"],\"id\":\"x\"}}",
    "{\"resource\":{\"resourceType\":\"Group\",\"id\":{\"x\":1},\"type\":\"person\",\"actual\":true}}",
    "{\"resource\":{\"resourceType\":\"Group\",\"id\":\"x\",\"meta\":{\"lastUpdated\":[1],"
      "\"versionId\":{}},\"type\":\"person\",\"actual\":true}}",
    "{\"search\":{\"mode\":[\"match\"]},\"resource\":{\"resourceType\":{}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *page = groups (fixture, 3, 2, bad[i], NULL);

      fake_answer ("Group", page);
      assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
    }
}

/* A server with a newer version of a record every time it is sent (412,
 * whatever If-Match says): the run ends, not converged, and the edit
 * waits for the next. */
static void
test_always_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  const char outcome[] = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                         "\"code\":\"conflict\",\"diagnostics\":\"Version mismatch\"}]}";
  g_autofree char *page = groups (fixture, 1, 1, NULL, NULL);
  g_autoptr(JsonNode) parsed = json_from_string (page, NULL);
  JsonObject *resource = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (parsed), "entry"), 0),
    "resource");
  g_autofree char *newer = NULL;
  g_autoptr(GError) error = NULL;
  BieHousehold *household;
  BieSyncSummary summary;
  gint64 pending, conflicts;

  fake_answer ("Group", page);
  g_assert_true (run_sync (fixture, &summary, &error));
  g_assert_no_error (error);

  household = bie_store_load (fixture->cache.store, BIE_ENTITY_HOUSEHOLD, 1, &error);
  g_assert_no_error (error);
  g_free (household->address);
  household->address = g_strdup ("Carrera 9 # 9-9");
  g_assert_true (bie_store_save (fixture->cache.store, BIE_ENTITY_HOUSEHOLD, household, &error));
  g_assert_no_error (error);
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);

  json_object_set_string_member (json_object_get_object_member (resource, "meta"), "versionId", "2");
  newer = bie_json_object_to_string (resource);
  fake_answer ("GET Group/", newer);
  fake_answer_status ("POST ", 412, outcome);
  fake_answer_status ("PUT Group/", 412, outcome);

  g_assert_false (run_sync (fixture, &summary, &error));
  g_assert_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED);
  g_assert_true (bie_store_sync_count (fixture->cache.store, &pending, &conflicts, NULL));
  g_assert_cmpint (pending, ==, 1);
  g_assert_cmpint (conflicts, ==, 0);
}

static void
test_missing_id (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *page = groups (fixture, 3, 2,
                                  "{\"resource\":{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true}}",
                                  NULL);

  /* Two good households and a bad one: none of the page is applied. */
  fake_answer ("Group", page);
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID);
}

static void
test_dangling_reference (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *household = g_uuid_string_random ();
  g_autofree char *patient = g_strdup_printf (
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2026-12-01T10:00:00Z\"},"
    "\"identifier\":[{\"system\":\"https://saludcapital.gov.co/fhir/sid/document/CC\",\"value\":\"52345678\"}],"
    "\"name\":[{\"family\":\"Rojas\",\"given\":[\"Ana\"]}],\"gender\":\"female\",\"birthDate\":\"1980-01-01\","
    "\"extension\":[{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/household\","
    "\"valueReference\":{\"reference\":\"Group/%s\"}},"
    "{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/relationship\","
    "\"valueCoding\":{\"system\":\"https://saludcapital.gov.co/fhir/CodeSystem/relationship\",\"code\":\"head\"}}]}}]}",
    household);
  BieSyncSummary summary;
  gint64 persons;

  fake_answer ("Patient", patient);
  g_assert_false (run_sync (fixture, &summary, &error));
  g_assert_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED);
  g_assert_cmpint (summary.deferred, ==, 1);
  g_assert_true (bie_store_count (fixture->cache.store, BIE_ENTITY_PERSON, &persons, NULL));
  g_assert_cmpint (persons, ==, 0);
}

static void
test_looping_next (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *first = groups (fixture, 2, 2, NULL, "Group?page=2");
  g_autofree char *second = groups (fixture, 2, 2, NULL, "Group?page=3");
  g_autofree char *third = groups (fixture, 2, 2, NULL, "Group?page=2");
  g_autoptr(GError) error = NULL;
  BieSyncSummary summary;

  fake_answer ("Group", first);
  fake_answer ("Group?page=2", second);
  fake_answer ("Group?page=3", third);
  g_assert_false (run_sync (fixture, &summary, &error));
  g_assert_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_LOOP);
  /* The pages before the loop are whole and kept: the next run resumes. */
  g_assert_cmpint (households (fixture), ==, 6);
}

/* The id of the @n-th resource of @page. */
static char *
nth_id (const char *page,
        guint       n)
{
  const char *at = page;

  for (guint i = 0; i <= n; i++)
    {
      at = strstr (at, "\"id\":\"");
      g_assert_nonnull (at);
      at += strlen ("\"id\":\"");
    }

  return g_strndup (at, strcspn (at, "\""));
}

/* A Condition names its subject by a bare urn:uuid: whether that is a
 * person or a family only the cache knows. Of a family, it is that
 * family's risk, whatever family a household extension names. */
static void
test_subject_by_uuid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = groups (fixture, 2, 2, NULL, NULL);
  g_autofree char *subject = nth_id (page, 0);
  g_autofree char *other = nth_id (page, 1);
  g_autofree char *condition = g_strdup_printf (
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
    "{\"resourceType\":\"Condition\",\"id\":\"c1\","
    "\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2026-12-01T11:00:00Z\"},"
    "\"subject\":{\"reference\":\"urn:uuid:%s\"},"
    "\"extension\":[{\"url\":\"https://saludcapital.gov.co/fhir/StructureDefinition/household\","
    "\"valueReference\":{\"reference\":\"Group/%s\"}}],"
    "\"code\":{\"coding\":[{\"system\":\"https://saludcapital.gov.co/fhir/CodeSystem/risk\","
    "\"code\":\"chronic-uncontrolled\"}]},"
    "\"clinicalStatus\":{\"coding\":[{\"system\":"
    "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
    "\"onsetDateTime\":\"2026-11-30\"}}]}",
    subject, other);
  BieSyncSummary summary;
  BieHousehold *household;
  BieRisk *risk;
  gint64 risks;

  fake_answer ("Group", page);
  fake_answer ("Condition", condition);
  g_assert_true (run_sync (fixture, &summary, &error));
  g_assert_no_error (error);

  household = bie_store_load_by_uuid (fixture->cache.store, BIE_ENTITY_HOUSEHOLD, subject, &error);
  g_assert_no_error (error);
  g_assert_true (bie_store_count (fixture->cache.store, BIE_ENTITY_RISK, &risks, NULL));
  g_assert_cmpint (risks, ==, 1);
  risk = bie_store_load (fixture->cache.store, BIE_ENTITY_RISK, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (risk->household_id, ==, household->record.id);
  g_assert_cmpint (risk->person_id, ==, 0);
  g_assert_cmpstr (risk->code, ==, "chronic-uncontrolled");
  bie_record_free (BIE_ENTITY_RISK, risk);
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
}

static void
test_two_gigabytes (Fixture       *fixture,
                    gconstpointer  data)
{
  /* No answer: the server sends 2 GB of one Bundle. */
  fake_answer ("Group", NULL);
  assert_fails (fixture, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE);
}

/* Files carried by hand */

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (fixture->cache.dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  return g_file_new_for_path (path);
}

static void
assert_import_fails (Fixture    *fixture,
                     const char *text,
                     int         code)
{
  g_autoptr(GFile) file = write_file (fixture, "bad.json", text);
  g_autoptr(GError) error = NULL;
  gint64 pending;

  g_assert_false (bie_sync_import_bundle (fixture->cache.store, bie_fhir_uris_default (), file, NULL, &error));
  g_assert_error (error, BIE_FHIR_ERROR, code);
  g_assert_cmpint (households (fixture), ==, 0);
  g_assert_true (bie_store_sync_count (fixture->cache.store, &pending, NULL, NULL));
  g_assert_cmpint (pending, ==, 0);
}

static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *page = groups (fixture, 3, 2, "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"x\"}}", NULL);
  g_autofree char *huge = groups (fixture, 100000, 100000, NULL, NULL);
  g_autofree char *collection = NULL;
  g_autofree char *huge_collection = NULL;
  g_auto(GStrv) parts = g_strsplit (page, "\"searchset\"", 2);
  g_auto(GStrv) huge_parts = g_strsplit (huge, "\"searchset\"", 2);

  collection = g_strjoinv ("\"collection\"", parts);
  huge_collection = g_strjoinv ("\"collection\"", huge_parts);

  assert_import_fails (fixture, "{\"resourceType\":\"Bundle\",", BIE_FHIR_ERROR_INVALID);
  {
    /* Nesting deep enough to overflow a recursive parser's stack. */
    g_autofree char *deep = g_strnfill (100000, '[');

    assert_import_fails (fixture, deep, BIE_FHIR_ERROR_INVALID);
  }
  /* An empty file, white space only. */
  assert_import_fails (fixture, " \n", BIE_FHIR_ERROR_INVALID);
  assert_import_fails (fixture, "{\"resourceType\":\"Patient\"}", BIE_FHIR_ERROR_INVALID);
  assert_import_fails (fixture, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}", BIE_FHIR_ERROR_INVALID);
  /* Two good households and a resource of a kind Bienestar does not keep. */
  assert_import_fails (fixture, collection, BIE_FHIR_ERROR_UNSUPPORTED);
  assert_import_fails (fixture, huge_collection, BIE_FHIR_ERROR_TOO_LARGE);
}

/* Edits exported from one cache and imported into another travel whole,
 * and go up from there as that cache's own. */
static void
test_transfer (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->cache.dir, "changes.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BieTestCache other;
  BieSyncSummary summary;
  gint64 n_records;
  gint64 household;
  gint64 pending;

  household = bie_test_add_household (fixture->cache.store, "Calle 70 Sur # 18-25");
  bie_test_add_person (fixture->cache.store, household, "Ana María", "Rojas Pérez", "F", "1990-03-14",
                       "CC", "52345678", "head");
  g_assert_true (bie_sync_export_bundle (fixture->cache.store, bie_fhir_uris_default (), file,
                                         &n_records, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_records, ==, 2);

  /* Another cache of the same territory (the sector's identity is its code). */
  bie_test_cache_open (&other, FALSE);
  {
    g_autoptr(BieRecordBatch) batch = bie_record_batch_new ();
    BieSector *sector = bie_store_load (fixture->cache.store, BIE_ENTITY_SECTOR, 1, NULL);
    BieSector *theirs = bie_store_load (other.store, BIE_ENTITY_SECTOR, 1, NULL);

    /* Same uuid as this cache's sector, as two caches of one district have. */
    g_free (theirs->record.uuid);
    theirs->record.uuid = g_strdup (sector->record.uuid);
    bie_record_batch_add (batch, BIE_ENTITY_SECTOR, theirs);
    g_assert_true (bie_store_write_batch (other.store, batch, &error));
    g_assert_no_error (error);
    bie_record_free (BIE_ENTITY_SECTOR, sector);
  }
  g_assert_true (bie_sync_import_bundle (other.store, bie_fhir_uris_default (), file, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.downloaded, ==, 2);
  g_assert_cmpint (summary.deferred, ==, 0);
  {
    gint64 persons;

    g_assert_true (bie_store_count (other.store, BIE_ENTITY_PERSON, &persons, NULL));
    g_assert_cmpint (persons, ==, 1);
  }
  g_assert_true (bie_store_sync_count (other.store, &pending, NULL, NULL));
  g_assert_cmpint (pending, ==, 2);
  /* This cache's edits stay queued: the file was a copy. */
  g_assert_true (bie_store_sync_count (fixture->cache.store, &pending, NULL, NULL));
  g_assert_cmpint (pending, ==, 2);

  bie_test_cache_close (&other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  fake_start ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-input/good-page", test_good_page);
  ADD ("/sync-input/malformed-json", test_malformed_json);
  ADD ("/sync-input/not-a-bundle", test_not_a_bundle);
  ADD ("/sync-input/huge-page", test_huge_page);
  ADD ("/sync-input/unknown-type", test_unknown_type);
  ADD ("/sync-input/wrong-json-types", test_wrong_json_types);
  ADD ("/sync-input/missing-id", test_missing_id);
  ADD ("/sync-input/always-newer", test_always_newer);
  ADD ("/sync-input/dangling-reference", test_dangling_reference);
  ADD ("/sync-input/subject-by-uuid", test_subject_by_uuid);
  ADD ("/sync-input/looping-next", test_looping_next);
  ADD ("/sync-input/two-gigabytes", test_two_gigabytes);
  ADD ("/sync-input/bad-files", test_bad_files);
  ADD ("/sync-input/transfer", test_transfer);
#undef ADD

  return g_test_run ();
}
