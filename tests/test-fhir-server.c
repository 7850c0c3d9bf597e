/* test-fhir-server.c: the FHIR R4 test server and its fault proxy do what
 * the sync tests rely on
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bie-test-fhir-server.h"

#define TAG_SYSTEM "https://example.org/fhir/CodeSystem/sector"

/* One HTTP exchange: the status and headers the tests look at, the body
 * as JSON, or the transport error. */
typedef struct
{
  guint     status;
  char     *etag;
  char     *location;
  char     *retry_after;
  char     *content_encoding;
  GBytes   *raw;
  JsonNode *body;
  GError   *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->etag, g_free);
  g_clear_pointer (&answer->location, g_free);
  g_clear_pointer (&answer->retry_after, g_free);
  g_clear_pointer (&answer->content_encoding, g_free);
  g_clear_pointer (&answer->raw, g_bytes_unref);
  g_clear_pointer (&answer->body, json_node_unref);
  g_clear_error (&answer->error);
  answer->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static BieTestFhirServer *shared_server;

static SoupSession *
new_session (guint timeout)
{
  return soup_session_new_with_options ("timeout", timeout, NULL);
}

static void
request_full (SoupSession *session,
              const char  *method,
              const char  *url,
              const char  *body,
              const char  *if_match,
              const char  *token,
              Answer      *answer)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  SoupMessageHeaders *request_headers;
  SoupMessageHeaders *headers;

  answer_clear (answer);
  g_assert_nonnull (message);
  request_headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (request_headers, "Accept", "application/fhir+json");
  if (if_match != NULL)
    soup_message_headers_replace (request_headers, "If-Match", if_match);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/fhir+json", bytes);
    }

  answer->raw = soup_session_send_and_read (session, message, NULL, &answer->error);
  if (answer->raw == NULL)
    return;

  answer->status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  answer->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  answer->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  answer->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  answer->content_encoding = g_strdup (soup_message_headers_get_one (headers, "Content-Encoding"));
  if (g_bytes_get_size (answer->raw) > 0)
    {
      g_autoptr(GError) error = NULL;

      answer->body = json_from_string (g_bytes_get_data (answer->raw, NULL), &error);
      g_assert_no_error (error);
    }
}

static void
request (SoupSession *session,
         const char  *method,
         const char  *url,
         const char  *body,
         const char  *if_match,
         Answer      *answer)
{
  request_full (session, method, url, body, if_match, NULL, answer);
  g_assert_no_error (answer->error);
}

/* The member at @path ("meta.versionId", "entry.0.resource.id") or NULL. */
static JsonNode *
member (JsonNode   *node,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          node = json_object_get_member (json_node_get_object (node), parts[i]);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index = g_ascii_strtoull (parts[i], NULL, 10);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        {
          node = NULL;
        }
    }

  return node;
}

static const char *
member_string (JsonNode   *node,
               const char *path)
{
  JsonNode *found = member (node, path);

  return found != NULL && JSON_NODE_HOLDS_VALUE (found) ? json_node_get_string (found) : NULL;
}

static guint
member_length (JsonNode   *node,
               const char *path)
{
  JsonNode *found = member (node, path);

  return found != NULL && JSON_NODE_HOLDS_ARRAY (found) ?
         json_array_get_length (json_node_get_array (found)) : 0;
}

static char *
next_link (JsonNode *bundle)
{
  for (guint i = 0; i < member_length (bundle, "link"); i++)
    {
      g_autofree char *relation = g_strdup_printf ("link.%u.relation", i);
      g_autofree char *url = g_strdup_printf ("link.%u.url", i);

      if (g_strcmp0 (member_string (bundle, relation), "next") == 0)
        return g_strdup (member_string (bundle, url));
    }

  return NULL;
}

static char *
resource_url (BieTestFhirServer *server,
              const char        *type,
              const char        *id)
{
  return g_strdup_printf ("%s/%s/%s", bie_test_fhir_server_get_url (server), type, id);
}

static char *
weak_etag (const char *version_id)
{
  return g_strdup_printf ("W/\"%s\"", version_id);
}

static char *
patient_json (const char *id,
              const char *family,
              const char *sector)
{
  return g_strdup_printf ("{\"resourceType\":\"Patient\",\"id\":\"%s\","
                          "\"meta\":{\"tag\":[{\"system\":\"" TAG_SYSTEM "\",\"code\":\"%s\"}]},"
                          "\"name\":[{\"family\":\"%s\",\"given\":[\"Ana\"]}],"
                          "\"gender\":\"female\",\"birthDate\":\"1990-04-02\"}",
                          id, sector, family);
}

/* The shared server, emptied; NULL (and the test skipped) when Node or the
 * npm packages are missing. */
static BieTestFhirServer *
server_or_skip (void)
{
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return NULL;
    }

  if (shared_server == NULL)
    shared_server = bie_test_fhir_server_start (FALSE, 0, 0.0, &error);
  else
    bie_test_fhir_server_reset (shared_server, &error);
  g_assert_no_error (error);

  return shared_server;
}

static void
test_read_write (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *version_id = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *vread_url = NULL;
  g_auto(Answer) answer = { 0 };

  if (server == NULL)
    return;

  /* Update as create, with the id the client chose. */
  url = resource_url (server, "Patient", id);
  body = patient_json (id, "Rojas", "004501");
  request (session, "PUT", url, body, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 201);
  g_assert_cmpstr (member_string (answer.body, "id"), ==, id);
  version_id = g_strdup (member_string (answer.body, "meta.versionId"));
  g_assert_nonnull (version_id);
  g_assert_nonnull (member_string (answer.body, "meta.lastUpdated"));
  etag = weak_etag (version_id);
  g_assert_cmpstr (answer.etag, ==, etag);
  g_assert_true (g_str_has_suffix (answer.location, version_id));

  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer.etag, ==, etag);
  g_assert_cmpstr (member_string (answer.body, "name.0.family"), ==, "Rojas");
  g_assert_cmpstr (member_string (answer.body, "meta.tag.0.code"), ==, "004501");

  /* The same content again makes no new version. */
  request (session, "PUT", url, body, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer.etag, ==, etag);

  vread_url = g_strdup_printf ("%s/_history/%s", url, version_id);
  request (session, "GET", vread_url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (member_string (answer.body, "meta.versionId"), ==, version_id);

  g_clear_pointer (&url, g_free);
  url = resource_url (server, "Patient", "not-there");
  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 404);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "OperationOutcome");
}

static void
test_if_match (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *url = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_etag = NULL;
  g_autofree char *second_etag = NULL;
  g_autofree char *body = NULL;
  g_auto(Answer) answer = { 0 };

  if (server == NULL)
    return;

  url = resource_url (server, "Patient", id);
  body = patient_json (id, "Rojas", "004501");
  request (session, "PUT", url, body, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 201);
  first = g_strdup (member_string (answer.body, "meta.versionId"));
  first_etag = weak_etag (first);

  g_free (body);
  body = patient_json (id, "Rojas Pérez", "004501");
  request (session, "PUT", url, body, first_etag, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  second = g_strdup (member_string (answer.body, "meta.versionId"));
  g_assert_cmpstr (second, !=, first);
  second_etag = weak_etag (second);
  g_assert_cmpstr (answer.etag, ==, second_etag);

  /* A stale base version never overwrites. */
  g_free (body);
  body = patient_json (id, "Gómez", "004501");
  request (session, "PUT", url, body, first_etag, &answer);
  g_assert_cmpuint (answer.status, ==, 412);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "OperationOutcome");
  request (session, "DELETE", url, NULL, first_etag, &answer);
  g_assert_cmpuint (answer.status, ==, 412);

  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer.etag, ==, second_etag);
  g_assert_cmpstr (member_string (answer.body, "name.0.family"), ==, "Rojas Pérez");
}

static void
test_transaction (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  const char *base;
  g_autofree char *patient_id = g_uuid_string_random ();
  g_autofree char *encounter_id = g_uuid_string_random ();
  g_autofree char *placeholder = g_uuid_string_random ();
  g_autofree char *other_id = g_uuid_string_random ();
  g_autofree char *patient = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *url = NULL;
  g_autofree char *created_ref = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(GString) big = NULL;
  g_auto(Answer) answer = { 0 };

  if (server == NULL)
    return;
  base = bie_test_fhir_server_get_url (server);

  /* Client-assigned ids by PUT, a POST with a urn:uuid another entry
   * refers to. */
  patient = patient_json (patient_id, "Rojas", "004501");
  bundle = g_strdup_printf (
    "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
    "{\"fullUrl\":\"urn:uuid:%s\",\"resource\":%s,"
    " \"request\":{\"method\":\"PUT\",\"url\":\"Patient/%s\"}},"
    "{\"fullUrl\":\"urn:uuid:%s\",\"resource\":{\"resourceType\":\"Patient\",\"gender\":\"male\"},"
    " \"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
    "{\"resource\":{\"resourceType\":\"Encounter\",\"id\":\"%s\",\"status\":\"finished\","
    "  \"class\":{\"code\":\"HH\"},\"subject\":{\"reference\":\"urn:uuid:%s\"}},"
    " \"request\":{\"method\":\"PUT\",\"url\":\"Encounter/%s\"}}]}",
    patient_id, patient, patient_id, placeholder, encounter_id, placeholder, encounter_id);
  request (session, "POST", base, bundle, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (member_string (answer.body, "type"), ==, "transaction-response");
  g_assert_cmpuint (member_length (answer.body, "entry"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *status = g_strdup_printf ("entry.%u.response.status", i);
      g_autofree char *etag = g_strdup_printf ("entry.%u.response.etag", i);
      g_autofree char *version = g_strdup_printf ("entry.%u.resource.meta.versionId", i);
      g_autofree char *expected = weak_etag (member_string (answer.body, version));

      g_assert_true (g_str_has_prefix (member_string (answer.body, status), "201"));
      g_assert_cmpstr (member_string (answer.body, etag), ==, expected);
    }
  created_ref = g_strdup_printf ("Patient/%s", member_string (answer.body, "entry.1.resource.id"));
  g_assert_cmpstr (member_string (answer.body, "entry.2.resource.subject.reference"), ==, created_ref);

  /* One stale If-Match fails the whole transaction: nothing applied. */
  stale = g_strdup_printf ("W/\\\"%s\\\"", "0a0a0a0a-0000-4000-8000-000000000000");
  g_free (patient);
  patient = patient_json (other_id, "Nueva", "004501");
  g_free (bundle);
  bundle = g_strdup_printf (
    "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
    "{\"resource\":%s,\"request\":{\"method\":\"PUT\",\"url\":\"Patient/%s\"}},"
    "{\"resource\":{\"resourceType\":\"Encounter\",\"id\":\"%s\",\"status\":\"cancelled\","
    "  \"class\":{\"code\":\"HH\"}},"
    " \"request\":{\"method\":\"PUT\",\"url\":\"Encounter/%s\",\"ifMatch\":\"%s\"}}]}",
    patient, other_id, encounter_id, encounter_id, stale);
  request (session, "POST", base, bundle, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 412);
  url = resource_url (server, "Patient", other_id);
  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 404);
  g_free (url);
  url = resource_url (server, "Encounter", encounter_id);
  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpstr (member_string (answer.body, "status"), ==, "finished");

  /* Medplum's limit: at most 50 updates in one transaction. */
  big = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
  for (guint i = 0; i < 51; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      g_string_append_printf (big, "%s{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"%s\"},"
                              "\"request\":{\"method\":\"PUT\",\"url\":\"Patient/%s\"}}",
                              i > 0 ? "," : "", id, id);
    }
  g_string_append (big, "]}");
  request (session, "POST", base, big->str, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 400);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "OperationOutcome");
}

/* Writes @count Observations tagged @sector in transactions of 40. */
static void
add_observations (SoupSession       *session,
                  BieTestFhirServer *server,
                  guint              count,
                  const char        *sector)
{
  for (guint done = 0; done < count;)
    {
      g_autoptr(GString) bundle = g_string_new ("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
      g_auto(Answer) answer = { 0 };

      for (guint i = 0; i < 40 && done < count; i++, done++)
        {
          g_autofree char *id = g_uuid_string_random ();

          g_string_append_printf (bundle, "%s{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"%s\","
                                  "\"meta\":{\"tag\":[{\"system\":\"" TAG_SYSTEM "\",\"code\":\"%s\"}]},"
                                  "\"status\":\"final\",\"code\":{\"text\":\"peso\"},"
                                  "\"valueQuantity\":{\"value\":%u,\"unit\":\"kg\"}},"
                                  "\"request\":{\"method\":\"PUT\",\"url\":\"Observation/%s\"}}",
                                  i > 0 ? "," : "", id, sector, done, id);
        }
      g_string_append (bundle, "]}");
      request (session, "POST", bie_test_fhir_server_get_url (server), bundle->str, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
    }
}

/* Follows next links from @url; returns the number of pages and checks
 * that no resource comes twice. */
static guint
follow_pages (SoupSession *session,
              const char  *url,
              GHashTable  *seen,
              gint64      *total)
{
  g_autofree char *next = g_strdup (url);
  guint pages = 0;

  *total = -1;
  while (next != NULL)
    {
      g_auto(Answer) answer = { 0 };

      request (session, "GET", next, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpstr (member_string (answer.body, "type"), ==, "searchset");
      if (pages == 0)
        *total = json_node_get_int (member (answer.body, "total"));
      for (guint i = 0; i < member_length (answer.body, "entry"); i++)
        {
          g_autofree char *path = g_strdup_printf ("entry.%u.resource.id", i);
          const char *id = member_string (answer.body, path);

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      g_free (next);
      next = next_link (answer.body);
      pages++;
      g_assert_cmpuint (pages, <, 100);
    }

  return pages;
}

static void
test_paging (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *url = NULL;
  g_autofree char *numeric_url = NULL;
  g_auto(Answer) answer = { 0 };
  gint64 total;

  if (server == NULL)
    return;

  add_observations (session, server, 120, "004501");
  add_observations (session, server, 10, "004502");

  url = g_strdup_printf ("%s/Observation?_tag=%s&_lastUpdated=ge2000-01-01T00:00:00Z"
                         "&_sort=_lastUpdated&_count=50",
                         bie_test_fhir_server_get_url (server), TAG_SYSTEM "%7C004501");
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (follow_pages (session, url, seen, &total), ==, 3);
  g_assert_cmpint (total, ==, 120);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 120);

  /* Newest first pages by offset, and finds the same. */
  g_free (url);
  url = g_strdup_printf ("%s/Observation?_sort=-_lastUpdated&_count=50",
                         bie_test_fhir_server_get_url (server));
  g_hash_table_remove_all (seen);
  g_assert_cmpuint (follow_pages (session, url, seen, &total), ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 130);

  /* Medplum's limit: number and quantity searches never match. */
  numeric_url = g_strdup_printf ("%s/Observation?value-quantity=5", bie_test_fhir_server_get_url (server));
  request (session, "GET", numeric_url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (json_node_get_int (member (answer.body, "total")), ==, 0);

  g_free (url);
  url = g_strdup_printf ("%s/Observation?no-such-parameter=1", bie_test_fhir_server_get_url (server));
  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 400);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "OperationOutcome");
}

static void
test_history (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) deleted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *since = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_auto(Answer) answer = { 0 };
  guint deletions = 0;

  if (server == NULL)
    return;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *resource_path = resource_url (server, "Patient", id);
      g_autofree char *body = patient_json (id, "Rojas", "004501");

      request (session, "PUT", resource_path, body, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 201);
      g_free (since);
      since = g_strdup (member_string (answer.body, "meta.lastUpdated"));
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *resource_path = resource_url (server, "Patient", ids->pdata[i]);

      request (session, "DELETE", resource_path, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_hash_table_add (deleted, ids->pdata[i]);
      request (session, "GET", resource_path, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 410);
    }

  escaped = g_uri_escape_string (since, NULL, FALSE);
  url = g_strdup_printf ("%s/Patient/_history?_since=%s&_count=2",
                         bie_test_fhir_server_get_url (server), escaped);
  while (url != NULL)
    {
      request (session, "GET", url, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpstr (member_string (answer.body, "type"), ==, "history");
      for (guint i = 0; i < member_length (answer.body, "entry"); i++)
        {
          g_autofree char *method = g_strdup_printf ("entry.%u.request.method", i);
          g_autofree char *entry_url = g_strdup_printf ("entry.%u.request.url", i);
          g_autofree char *resource = g_strdup_printf ("entry.%u.resource", i);

          if (g_strcmp0 (member_string (answer.body, method), "DELETE") == 0)
            {
              const char *id = strchr (member_string (answer.body, entry_url), '/') + 1;

              g_assert_true (g_hash_table_contains (deleted, id));
              g_assert_null (member (answer.body, resource));
              deletions++;
            }
        }
      g_free (url);
      url = next_link (answer.body);
    }
  g_assert_cmpuint (deletions, ==, 2);
}

static void
test_metadata (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autofree char *url = NULL;
  g_auto(Answer) answer = { 0 };

  if (server == NULL)
    return;

  url = g_strconcat (bie_test_fhir_server_get_url (server), "/metadata", NULL);
  request (session, "GET", url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "CapabilityStatement");
  g_assert_cmpstr (member_string (answer.body, "fhirVersion"), ==, "4.0.1");
}

static void
test_gzip (void)
{
  BieTestFhirServer *server = server_or_skip ();
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GInputStream) compressed = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (server == NULL)
    return;

  add_observations (session, server, 40, "004501");

  /* Without libsoup's decoder, to see what the server sent. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  url = g_strconcat (bie_test_fhir_server_get_url (server), "/Observation?_count=40", NULL);
  message = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept-Encoding", "gzip");
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "Content-Encoding"), ==, "gzip");

  compressed = g_memory_input_stream_new_from_bytes (body);
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  plain = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  json_parser_load_from_stream (parser, plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (member_length (json_parser_get_root (parser), "entry"), ==, 40);
}

static void
test_token (void)
{
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *url = NULL;
  g_auto(Answer) answer = { 0 };

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return;
    }

  server = bie_test_fhir_server_start_with_token (FALSE, 0, 0.0, "s3cret-token", &error);
  g_assert_no_error (error);
  url = g_strconcat (bie_test_fhir_server_get_url (server), "/Patient", NULL);

  request_full (session, "GET", url, NULL, NULL, NULL, &answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 401);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "OperationOutcome");

  request_full (session, "GET", url, NULL, NULL, "wrong", &answer);
  g_assert_cmpuint (answer.status, ==, 401);

  request_full (session, "GET", url, NULL, NULL, "s3cret-token", &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (member_string (answer.body, "resourceType"), ==, "Bundle");

  /* The test-only reset needs no token. */
  bie_test_fhir_server_reset (server, &error);
  g_assert_no_error (error);
}

static void
test_faults (void)
{
  g_autoptr(BieTestFhirServer) server = NULL;
  g_autoptr(SoupSession) session = new_session (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *patient_url = NULL;
  g_autofree char *direct_url = NULL;
  g_autofree char *body = NULL;
  g_auto(Answer) answer = { 0 };
  guint transport_errors = 0;
  guint refusals = 0;
  guint passed = 0;
  const guint attempts = 36;

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return;
    }

  g_setenv ("FAULT_PROXY_MAX_DELAY", "2500", TRUE);
  server = bie_test_fhir_server_start (TRUE, 42, 1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bie_test_fhir_server_get_url (server), !=,
                   bie_test_fhir_server_get_direct_url (server));
  url = g_strconcat (bie_test_fhir_server_get_url (server), "/Patient?_count=5", NULL);

  for (guint i = 0; i < attempts; i++)
    {
      request_full (session, "GET", url, NULL, NULL, NULL, &answer);
      if (answer.error != NULL)
        {
          transport_errors++;
        }
      else if (answer.status == 503 || answer.status == 429)
        {
          g_assert_true (g_strcmp0 (answer.retry_after, "0") == 0 ||
                         g_strcmp0 (answer.retry_after, "1") == 0);
          refusals++;
        }
      else
        {
          g_assert_cmpuint (answer.status, ==, 200);
          passed++;
        }
    }
  g_test_message ("%u transport errors, %u refusals, %u passed", transport_errors, refusals, passed);
  g_assert_cmpuint (transport_errors, >, attempts / 4);
  g_assert_cmpuint (refusals, >, attempts / 8);
  g_assert_cmpint (bie_test_fhir_server_get_fault_count (server, NULL, &error), >=, attempts);
  g_assert_no_error (error);
  g_assert_cmpint (bie_test_fhir_server_get_fault_count (server, "lost", &error), >, 0);

  /* A lost response: the server applied the PUT, the client never heard. */
  bie_test_fhir_server_set_faults (server, 1.0, "lost", &error);
  g_assert_no_error (error);
  patient_url = resource_url (server, "Patient", id);
  body = patient_json (id, "Rojas", "004501");
  request_full (session, "PUT", patient_url, body, NULL, NULL, &answer);
  g_assert_nonnull (answer.error);
  direct_url = g_strdup_printf ("%s/Patient/%s", bie_test_fhir_server_get_direct_url (server), id);
  request (session, "GET", direct_url, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);

  /* No faults: everything passes, for a final clean sync. */
  bie_test_fhir_server_set_fault_rate (server, 0.0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 10; i++)
    {
      request (session, "GET", patient_url, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fhir-server/read-write", test_read_write);
  g_test_add_func ("/fhir-server/if-match", test_if_match);
  g_test_add_func ("/fhir-server/transaction", test_transaction);
  g_test_add_func ("/fhir-server/paging", test_paging);
  g_test_add_func ("/fhir-server/history", test_history);
  g_test_add_func ("/fhir-server/metadata", test_metadata);
  g_test_add_func ("/fhir-server/gzip", test_gzip);
  g_test_add_func ("/fhir-server/token", test_token);
  g_test_add_func ("/fhir-server/faults", test_faults);

  status = g_test_run ();
  g_clear_pointer (&shared_server, bie_test_fhir_server_stop);

  return status;
}
