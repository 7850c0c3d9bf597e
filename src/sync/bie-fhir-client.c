/* bie-fhir-client.c: requests to a FHIR R4 server over HTTP (libsoup 3)
 *
 * One path builds every message (prepare_message) and one turns every answer
 * into a BieFhirResponse (response_new); the synchronous and asynchronous
 * sends differ only in how they wait for the bytes in between.
 *
 * Threads: libsoup 3.2 lets a session send from any thread, but is
 * configured only from the thread that created it. So: create and configure
 * the client (token, CA files, timeout, size limit) first, from one thread;
 * after the first request, use it from one thread at a time — the sync
 * engine's worker owns its client. The asynchronous send runs in the
 * thread-default main context of the thread that calls it.
 *
 * What the client never does: follow a redirect or a link to another
 * server, send a token over plain http to anything but this computer,
 * accept a certificate that does not verify, keep more than the size limit
 * of an answer in memory, or log a token or a body (health data).
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-fhir-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bie-fhir-client.h"
#include "bie-json-parser.h"

#define FHIR_JSON "application/fhir+json"
#define DEFAULT_TIMEOUT 30
#define DEFAULT_MAX_RESPONSE_SIZE ((gsize) 64 * 1024 * 1024)
#define READ_CHUNK ((gsize) 64 * 1024)
/* The parser recurses: nesting is bounded so the stack is. FHIR resources
 * nest a few tens deep at most. */
#define MAX_JSON_DEPTH 256
/* The server's own words in an error message, in characters. */
#define MAX_SERVER_TEXT 300

struct _BieFhirClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base;
  char        *base_url;      /* without a trailing slash */
  char        *token;         /* (nullable) */
  GPtrArray   *ca_databases;  /* of GTlsDatabase: CA files trusted on top of the system's */
  gsize        max_response_size;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (BieFhirClient, bie_fhir_client, G_TYPE_OBJECT)

/* ---- Responses ---------------------------------------------------------- */

void
bie_fhir_response_free (BieFhirResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->doc, bie_json_doc_free);
  g_clear_pointer (&response->raw, g_bytes_unref);
  g_free (response->etag);
  g_free (response->location);
  g_free (response);
}

/* Text from a server, fit to put in a message: control characters as
 * spaces, at most MAX_SERVER_TEXT characters in all. */
static void
append_server_text (GString    *out,
                    const char *text)
{
  glong room = MAX_SERVER_TEXT - g_utf8_strlen (out->str, -1);

  if (out->len > 0)
    {
      g_string_append (out, "; ");
      room -= 2;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (room-- <= 0)
        {
          g_string_append (out, "…");
          return;
        }

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

/* What an OperationOutcome says, for people: each issue's details.text,
 * else its diagnostics; NULL when @body is not one or says nothing. */
static char *
operation_outcome_text (JsonNode *body)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  JsonObject *object;
  JsonNode *issues;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;

  object = json_node_get_object (body);
  if (g_strcmp0 (bie_json_get_string (object, "resourceType"), "OperationOutcome") != 0)
    return NULL;

  issues = json_object_get_member (object, "issue");
  if (issues == NULL || !JSON_NODE_HOLDS_ARRAY (issues))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (issues)); i++)
    {
      JsonNode *issue = json_array_get_element (json_node_get_array (issues), i);
      JsonObject *issue_object;
      JsonNode *details;
      const char *said = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (issue))
        continue;

      issue_object = json_node_get_object (issue);
      details = json_object_get_member (issue_object, "details");
      if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
        said = bie_json_get_string (json_node_get_object (details), "text");
      if (said == NULL || *said == '\0')
        said = bie_json_get_string (issue_object, "diagnostics");
      if (said == NULL || *said == '\0')
        continue;
      if (g_ptr_array_find_with_equal_func (seen, said, g_str_equal, NULL))
        continue;
      if (g_str_has_suffix (text->str, "…"))
        break;

      g_ptr_array_add (seen, (gpointer) said);
      append_server_text (text, said);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bie_fhir_response_check:
 * @response: an answer
 * @error: where a non-2xx status goes
 *
 * Turns a status other than 2xx into a %BIE_FHIR_ERROR fit to show a user:
 * 401/403 UNAUTHORIZED, 404/410 NOT_FOUND, 409/412 CONFLICT, 429/503 BUSY,
 * anything else SERVER; with the OperationOutcome's words when the body is
 * one.
 *
 * Returns: %TRUE when the status is 2xx
 */
gboolean
bie_fhir_response_check (BieFhirResponse  *response,
                         GError          **error)
{
  g_autofree char *said = NULL;
  g_autofree char *generic = NULL;
  BieFhirError code;
  guint status;

  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  status = response->status;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      code = BIE_FHIR_ERROR_UNAUTHORIZED;
      generic = g_strdup_printf (_("The server did not accept Bienestar’s sign-in (HTTP %u). "
                                   "The token may be missing, wrong or expired."), status);
      break;

    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      code = BIE_FHIR_ERROR_NOT_FOUND;
      generic = g_strdup_printf (_("The server does not have this record (HTTP %u)."), status);
      break;

    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_PRECONDITION_FAILED:
      code = BIE_FHIR_ERROR_CONFLICT;
      generic = g_strdup_printf (_("The record was changed on the server by someone else "
                                   "(HTTP %u)."), status);
      break;

    case 429: /* Too Many Requests: not in libsoup 3.2's SoupStatus */
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      code = BIE_FHIR_ERROR_BUSY;
      generic = g_strdup_printf (_("The server is busy (HTTP %u). Try again later."), status);
      break;

    default:
      code = BIE_FHIR_ERROR_SERVER;
      if (SOUP_STATUS_IS_REDIRECTION (status))
        generic = g_strdup_printf (_("The server sent Bienestar to another address (HTTP %u). "
                                     "Check the server address."), status);
      else if (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNPROCESSABLE_ENTITY)
        generic = g_strdup_printf (_("The server refused the data Bienestar sent (HTTP %u)."),
                                   status);
      else
        generic = g_strdup_printf (_("The server could not complete the request (HTTP %u)."),
                                   status);
      break;
    }

  said = operation_outcome_text (response->body);
  if (said != NULL)
    /* Translators: the first %s is one of the messages above, the second
     * what the server said about it, in its own words. */
    g_set_error (error, BIE_FHIR_ERROR, code, _("%s The server said: “%s”"), generic, said);
  else
    g_set_error_literal (error, BIE_FHIR_ERROR, code, generic);

  return FALSE;
}

/* ---- JSON --------------------------------------------------------------- */

/* Whether @data ends inside a string or a bracket: cut short. */
static gboolean
json_is_open (const char *data,
              gsize       length)
{
  gboolean in_string = FALSE;
  gsize depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        depth++;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return in_string || depth > 0;
}

/* As bie_fhir_json_read(), of @data itself. */
static BieJsonDoc *
parse_doc (GBytes  *data,
           GError **error)
{
  BieJsonDoc *doc;
  gsize length;
  const char *text = g_bytes_get_data (data, &length);

  if (!g_utf8_validate_len (text != NULL ? text : "", length, NULL))
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The data is not valid JSON: it is not UTF-8 text."));
      return NULL;
    }

  switch (bie_json_parse (data, MAX_JSON_DEPTH, &doc))
    {
    case BIE_JSON_PARSE_OK:
      return doc;
    case BIE_JSON_PARSE_EMPTY:
      return NULL;
    case BIE_JSON_PARSE_TOO_DEEP:
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The data is not valid FHIR JSON: it nests more than %d levels deep."),
                   MAX_JSON_DEPTH);
      return NULL;
    case BIE_JSON_PARSE_BROKEN:
    default:
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The data is not valid JSON: it is broken or incomplete."));
      return NULL;
    }
}

/**
 * bie_fhir_json_read:
 * @data: JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 * @error: where malformed input goes (%BIE_FHIR_ERROR_INVALID)
 *
 * Parses JSON from a server or a file without trusting it: invalid UTF-8,
 * malformed JSON and nesting too deep are errors whose message never
 * quotes the data.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 *   set; %NULL without an error when @data holds only white space
 */
BieJsonDoc *
bie_fhir_json_read (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  bytes = g_bytes_new (data, length);

  return parse_doc (bytes, error);
}

/**
 * bie_fhir_json_parse:
 *
 * As bie_fhir_json_read(), into json-glib's nodes, for JSON that is to be
 * changed or written rather than only read.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set;
 *   %NULL without an error when @data holds only white space
 */
JsonNode *
bie_fhir_json_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(BieJsonDoc) doc = bie_fhir_json_read (data, length, error);

  return doc != NULL ? bie_json_value_to_node (bie_json_doc_get_root (doc)) : NULL;
}

/* ---- URLs --------------------------------------------------------------- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port != -1)
    return port;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* @url parsed when it is one Bienestar may send a token to: https to any
 * host, plain http only to this computer (test and training servers). */
static GUri *
parse_server_url (const char  *url,
                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("No server address was given."));
      return NULL;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("“%s” is not a server address. It should look like "
                     "https://fhir.example.org/fhir."), url);
      return NULL;
    }

  if (g_uri_get_user (uri) != NULL || g_uri_get_password (uri) != NULL)
    {
      /* Not quoted: it holds a password. */
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server address must not contain a user name or password."));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return g_steal_pointer (&uri);

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return g_steal_pointer (&uri);

      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server address “%s” is not secure: it must start with https://. "
                     "Plain http:// is only allowed for a server on this computer."), url);
      return NULL;
    }

  g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("“%s” is not a server address: it must start with https://."), url);
  return NULL;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         effective_port (a) == effective_port (b);
}

/* @path_or_url relative to the base, or an absolute URL on the base's
 * server (a `next` link), never anywhere else. */
static GUri *
resolve_url (BieFhirClient  *self,
             const char     *path_or_url,
             GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *full = NULL;

  if (g_uri_peek_scheme (path_or_url) != NULL)
    {
      uri = g_uri_parse (path_or_url, SOUP_HTTP_URI_FLAGS, NULL);
      if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_user (uri) != NULL ||
          !same_origin (uri, self->base))
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("The server pointed to an address outside %s. Bienestar only "
                         "follows links on the server it was given."), self->base_url);
          return NULL;
        }

      return g_steal_pointer (&uri);
    }

  for (const char *p = path_or_url; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f || *p == '#')
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                               _("Bienestar built an invalid request address."));
          return NULL;
        }
    }

  while (*path_or_url == '/')
    path_or_url++;

  if (*path_or_url == '\0')
    full = g_strdup (self->base_url);
  else
    full = g_strconcat (self->base_url, "/", path_or_url, NULL);

  uri = g_uri_parse (full, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("Bienestar built an invalid request address."));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* ---- The client --------------------------------------------------------- */

static void
bie_fhir_client_finalize (GObject *object)
{
  BieFhirClient *self = BIE_FHIR_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_ptr_array_unref (self->ca_databases);

  G_OBJECT_CLASS (bie_fhir_client_parent_class)->finalize (object);
}

static void
bie_fhir_client_class_init (BieFhirClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bie_fhir_client_finalize;
}

static void
bie_fhir_client_init (BieFhirClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
  self->ca_databases = g_ptr_array_new_with_free_func (g_object_unref);
  /* libsoup 3 adds a SoupContentDecoder (gzip, deflate, br) by default and
   * no logger; the default TLS database is the system's and verifies. */
  self->session = soup_session_new_with_options ("user-agent", "Bienestar/" PACKAGE_VERSION " ",
                                                 "timeout", self->timeout,
                                                 NULL);
}

/**
 * bie_fhir_client_new:
 * @base_url: the server's FHIR base, e.g. https://fhir.example.org/fhir
 * @error: where an unusable address goes (%BIE_FHIR_ERROR_INVALID)
 *
 * A client for one server. @base_url must be https, or plain http to this
 * computer (127.0.0.1, ::1, localhost); it may not hold a user name,
 * password, query or fragment.
 *
 * Returns: (transfer full) (nullable): the client
 */
BieFhirClient *
bie_fhir_client_new (const char  *base_url,
                     GError     **error)
{
  g_autoptr(BieFhirClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_server_url (base_url, error);
  if (uri == NULL)
    return NULL;

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                   _("The server address “%s” must not contain “?” or “#”."), base_url);
      return NULL;
    }

  /* The scheme's default port dropped; no trailing slash, even for an
   * empty path (which GUri normalises to "/"). */
  url = g_uri_to_string (uri);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  self = g_object_new (BIE_TYPE_FHIR_CLIENT, NULL);
  self->base = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  self->base_url = g_steal_pointer (&url);
  g_assert (self->base != NULL);

  return g_steal_pointer (&self);
}

/**
 * bie_fhir_client_get_base_url:
 *
 * Returns: the base URL, normalised, without a trailing slash: the key of
 *   the server's token in the keyring
 */
const char *
bie_fhir_client_get_base_url (BieFhirClient *self)
{
  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * bie_fhir_client_has_token:
 *
 * Returns: whether requests carry a bearer token
 */
gboolean
bie_fhir_client_has_token (BieFhirClient *self)
{
  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), FALSE);

  return self->token != NULL;
}

/**
 * bie_fhir_client_set_token:
 * @token: (nullable): a bearer token, or %NULL for none
 *
 * Sent as `Authorization: Bearer` with every request but token requests.
 * White space around it (from pasting) is dropped.
 */
void
bie_fhir_client_set_token (BieFhirClient *self,
                           const char    *token)
{
  g_return_if_fail (BIE_IS_FHIR_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  if (token != NULL)
    {
      self->token = g_strstrip (g_strdup (token));
      if (*self->token == '\0')
        g_clear_pointer (&self->token, g_free);
    }
}

/**
 * bie_fhir_client_add_ca_file:
 * @path: a PEM file of one or more CA certificates
 * @error: where an unreadable file goes
 *
 * Trusts the CAs in @path as well as the system's, for a district that
 * runs its own certificate authority. A certificate still has to verify in
 * full against one of them, for the server's host name; verification is
 * never switched off. Call before the first request.
 *
 * Returns: %TRUE when the file was read
 */
gboolean
bie_fhir_client_add_ca_file (BieFhirClient  *self,
                             const char     *path,
                             GError        **error)
{
  g_autolist(GTlsCertificate) certificates = NULL;
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TLS,
                   _("The certificate file “%s” could not be read: %s"), path,
                   local_error != NULL ? local_error->message : _("it holds no certificate"));
      return FALSE;
    }

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TLS,
                   _("The certificate file “%s” could not be read: %s"), path,
                   local_error->message);
      return FALSE;
    }

  g_ptr_array_add (self->ca_databases, database);
  return TRUE;
}

/**
 * bie_fhir_client_new_with_ca:
 * @ca_file: (nullable): a PEM file of CAs trusted as well, empty or %NULL
 *   for none
 *
 * bie_fhir_client_new() and bie_fhir_client_add_ca_file() in one, as
 * Preferences set a server.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL with @error
 */
BieFhirClient *
bie_fhir_client_new_with_ca (const char  *base_url,
                             const char  *ca_file,
                             GError     **error)
{
  g_autoptr(BieFhirClient) client = bie_fhir_client_new (base_url, error);

  if (client == NULL ||
      (ca_file != NULL && *ca_file != '\0' && !bie_fhir_client_add_ca_file (client, ca_file, error)))
    return NULL;

  return g_steal_pointer (&client);
}

/**
 * bie_fhir_client_set_timeout:
 * @seconds: how long a connection may stay silent, > 0 (default 30)
 *
 * A connect, a send or a read that waits longer fails with
 * %BIE_FHIR_ERROR_NETWORK. Call before the first request.
 */
void
bie_fhir_client_set_timeout (BieFhirClient *self,
                             guint          seconds)
{
  g_return_if_fail (BIE_IS_FHIR_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
}

/**
 * bie_fhir_client_set_max_response_size:
 * @bytes: the largest body kept, decompressed, > 0 (default 64 MiB)
 *
 * A larger answer fails with %BIE_FHIR_ERROR_TOO_LARGE as soon as it passes
 * the limit; no more than @bytes of it is ever held.
 */
void
bie_fhir_client_set_max_response_size (BieFhirClient *self,
                                       gsize          bytes)
{
  g_return_if_fail (BIE_IS_FHIR_CLIENT (self));
  g_return_if_fail (bytes > 0);

  self->max_response_size = bytes;
}

/* ---- Building a message ------------------------------------------------- */

/* Called by libsoup only for a certificate the system does not trust: it is
 * accepted when it verifies in full, host name included, against one of the
 * CA files added. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  BieFhirClient *self = user_data;
  GUri *uri = soup_message_get_uri (msg);
  g_autoptr(GSocketConnectable) identity = NULL;

  identity = g_network_address_new (g_uri_get_host (uri), effective_port (uri));

  for (guint i = 0; i < self->ca_databases->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      GTlsCertificateFlags flags;

      flags = g_tls_database_verify_chain (g_ptr_array_index (self->ca_databases, i), peer,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, &local_error);
      if (local_error == NULL && flags == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
token_is_sendable (const char *token)
{
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;

  return TRUE;
}

/* libsoup sends a request again by itself when a kept-alive connection
 * closes before the answer; its body must then be whole again, or the
 * server gets an empty PUT. */
static void
on_message_restarted (SoupMessage *msg,
                      GBytes      *body)
{
  soup_message_set_request_body_from_bytes (msg, FHIR_JSON, body);
}

static SoupMessage *
build_message (BieFhirClient *self,
               const char    *method,
               GUri          *uri,
               GBytes        *body,
               const char    *content_type,
               const char    *accept,
               const char    *authorization,
               const char    *if_match)
{
  SoupMessage *msg = soup_message_new_from_uri (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Accept", accept);
  if (body != NULL)
    {
      soup_message_set_request_body_from_bytes (msg, content_type, body);
      g_signal_connect_data (msg, "restarted", G_CALLBACK (on_message_restarted),
                             g_bytes_ref (body), (GClosureNotify) g_bytes_unref, 0);
    }
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);

  /* A redirect could carry the token elsewhere: the 3xx is the answer. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  if (self->ca_databases->len > 0)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), self);

  return msg;
}

static SoupMessage *
prepare_message (BieFhirClient  *self,
                 const char     *method,
                 const char     *path_or_url,
                 JsonNode       *body,
                 const char     *if_match,
                 GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *msg;

  uri = resolve_url (self, path_or_url, error);
  if (uri == NULL)
    return NULL;

  if (self->token != NULL)
    {
      if (!token_is_sendable (self->token))
        {
          g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED,
                               _("The token holds spaces or characters a token cannot have. "
                                 "It may have been pasted incompletely."));
          return NULL;
        }
      authorization = g_strconcat ("Bearer ", self->token, NULL);
    }

  if (body != NULL)
    {
      gsize length;
      char *text = json_to_string (body, FALSE);

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
    }

  msg = build_message (self, method, uri, bytes, FHIR_JSON, FHIR_JSON, authorization, if_match);

  if (authorization != NULL)
    memset (authorization, 0, strlen (authorization));

  return msg;
}

/* ---- Reading an answer -------------------------------------------------- */

/* The body as it arrives, never more than the limit. */
typedef struct
{
  GByteArray *buffer;
  gsize       limit;
  goffset     expected;  /* the declared length when it is the body's, else -1 */
} BodyReader;

static void
body_reader_clear (BodyReader *reader)
{
  g_clear_pointer (&reader->buffer, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BodyReader, body_reader_clear)

static gboolean
too_large_error (BieFhirClient  *self,
                 GError        **error)
{
  g_autofree char *size = g_format_size (self->max_response_size);

  g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TOO_LARGE,
               _("The server’s answer is larger than %s; Bienestar stopped reading it."), size);
  return FALSE;
}

/* From the headers, before any of the body: a declared length over the
 * limit is refused at once. */
static gboolean
body_reader_init (BodyReader     *reader,
                  BieFhirClient  *self,
                  SoupMessage    *msg,
                  GError        **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  guint status = soup_message_get_status (msg);

  reader->buffer = g_byte_array_new ();
  reader->limit = self->max_response_size;
  reader->expected = -1;

  /* The declared length is the body's when nothing decompresses it. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
      g_strcmp0 (soup_message_get_method (msg), SOUP_METHOD_HEAD) != 0 &&
      status != SOUP_STATUS_NO_CONTENT && status != SOUP_STATUS_NOT_MODIFIED)
    {
      reader->expected = soup_message_headers_get_content_length (headers);
      if (reader->expected > 0 && (guint64) reader->expected > reader->limit)
        return too_large_error (self, error);
    }

  return TRUE;
}

/* Room for the next read: at most one byte past the limit. */
static guint8 *
body_reader_reserve (BodyReader *reader,
                     gsize      *size)
{
  gsize used = reader->buffer->len;

  *size = MIN (READ_CHUNK, reader->limit + 1 - used);
  g_byte_array_set_size (reader->buffer, used + *size);
  reader->buffer->len = used;

  return reader->buffer->data + used;
}

static gboolean
body_reader_commit (BodyReader     *reader,
                    BieFhirClient  *self,
                    gsize           n_read,
                    GError        **error)
{
  reader->buffer->len += n_read;
  if (reader->buffer->len > reader->limit)
    return too_large_error (self, error);

  return TRUE;
}

/* A transport error, in words for the user; cancellation stays as it is. */
static void
set_transport_error (BieFhirClient  *self,
                     SoupMessage    *msg,
                     GError         *cause,
                     GError        **error)
{
  const char *host = g_uri_get_host (soup_message_get_uri (msg));

  if (cause->domain == BIE_FHIR_ERROR ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
    }
  else if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_TLS,
                   _("The secure connection to %s could not be established: its certificate "
                     "is not trusted. If the district uses its own certificate authority, "
                     "add its certificate."), host);
    }
  else if (cause->domain == G_RESOLVER_ERROR)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The server %s could not be found. Check the address and the network "
                     "connection."), host);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server %s did not answer within %u second.",
                                "The server %s did not answer within %u seconds.",
                                self->timeout),
                   host, self->timeout);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The server %s refused the connection. It may be down or the address "
                     "may be wrong."), host);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The connection to %s was cut before the answer was complete."), host);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("There is no network route to %s. Check the network connection."), host);
    }
  else
    {
      /* GIO's and libsoup's messages are translated too, and say what
       * went wrong more precisely than we could. */
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The server %s could not be reached: %s"), host, cause->message);
    }
}

/* The body of @response as a document, and with @with_body as json-glib's
 * nodes too. */
static gboolean
parse_raw (BieFhirResponse  *response,
           gboolean          with_body,
           GError          **error)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GError) local_error = NULL;
  const BieJsonValue *root;

  if (response->raw == NULL)
    return TRUE;

  raw = g_steal_pointer (&response->raw);
  response->doc = parse_doc (raw, &local_error);
  root = response->doc != NULL ? bie_json_doc_get_root (response->doc) : NULL;
  if (with_body && root != NULL)
    response->body = bie_json_value_to_node (root);
  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    return TRUE;

  if (local_error != NULL)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s answer is not valid JSON. It may be broken, or "
                             "the address may not be that of a FHIR server."));
      return FALSE;
    }
  if (root != NULL && root->type != BIE_JSON_OBJECT)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The server’s answer is not a FHIR resource."));
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_fhir_response_parse:
 *
 * Parses the body of an answer that bie_fhir_client_fetch() left as
 * text into @body and @doc; nothing to do for one already parsed. The
 * JSON of a successful answer must be whole and an object; a failure's
 * body that does not parse (a proxy's HTML error page) is no body: its
 * status says what happened.
 *
 * Returns: whether the body could be read
 */
gboolean
bie_fhir_response_parse (BieFhirResponse  *response,
                         GError          **error)
{
  g_return_val_if_fail (response != NULL, FALSE);

  return parse_raw (response, TRUE, error);
}

/**
 * bie_fhir_response_read:
 *
 * As bie_fhir_response_parse(), into @doc alone: for pages that are only
 * read, which json-glib's nodes would take most of the time to build.
 *
 * Returns: whether the body could be read
 */
gboolean
bie_fhir_response_read (BieFhirResponse  *response,
                        GError          **error)
{
  g_return_val_if_fail (response != NULL, FALSE);

  return parse_raw (response, FALSE, error);
}

/* The answer, from the message's status and headers and the whole body,
 * parsed unless @parse is FALSE and it is a success. */
static BieFhirResponse *
response_new (BieFhirClient  *self,
              SoupMessage    *msg,
              BodyReader     *reader,
              gboolean        parse,
              GError        **error)
{
  g_autoptr(BieFhirResponse) response = g_new0 (BieFhirResponse, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *value;

  /* libsoup reports a body cut short of its Content-Length as a short
   * read; check anyway, a truncated JSON must never pass for a whole one. */
  if (reader->expected >= 0 && (goffset) reader->buffer->len != reader->expected)
    {
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The connection to %s was cut before the answer was complete."),
                   g_uri_get_host (soup_message_get_uri (msg)));
      return NULL;
    }

  response->status = soup_message_get_status (msg);
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  value = soup_message_headers_get_one (headers, "Location");
  if (value == NULL)
    value = soup_message_headers_get_one (headers, "Content-Location");
  response->location = g_strdup (value);

  response->retry_after_ms = -1;
  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));
      guint64 seconds;

      if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64 / 1000, &seconds, NULL))
        {
          response->retry_after_ms = (gint64) seconds * 1000;
        }
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (trimmed);

          if (when != NULL)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

              response->retry_after_ms = MAX (0, g_date_time_difference (when, now) / 1000);
            }
        }
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (response->status) && reader->expected < 0 &&
      json_is_open ((const char *) reader->buffer->data, reader->buffer->len))
    {
      /* libsoup 3.2 reads a chunked (or close-delimited) body cut at a
       * chunk boundary as a whole one: a document left open is such a cut,
       * not a broken server. (One cut just after its last brace is whole.) */
      g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK,
                   _("The connection to %s was cut before the answer was complete."),
                   g_uri_get_host (soup_message_get_uri (msg)));
      return NULL;
    }

  response->raw = g_byte_array_free_to_bytes (g_steal_pointer (&reader->buffer));
  /* What is not a success is read at once: it says what went wrong. */
  if ((parse || !SOUP_STATUS_IS_SUCCESSFUL (response->status)) &&
      !bie_fhir_response_parse (response, error))
    return NULL;

  return g_steal_pointer (&response);
}

static BieFhirResponse *
send_message_sync (BieFhirClient  *self,
                   SoupMessage    *msg,
                   gboolean        parse,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(BodyReader) reader = { NULL, };
  BieFhirResponse *response = NULL;

  stream = soup_session_send (self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      set_transport_error (self, msg, local_error, error);
      return NULL;
    }

  if (body_reader_init (&reader, self, msg, &local_error))
    {
      for (;;)
        {
          gsize size;
          guint8 *room = body_reader_reserve (&reader, &size);
          gssize n_read = g_input_stream_read (stream, room, size, cancellable, &local_error);

          if (n_read <= 0 || !body_reader_commit (&reader, self, n_read, &local_error))
            break;
        }
    }

  if (local_error == NULL)
    response = response_new (self, msg, &reader, parse, &local_error);

  /* A body left unread (over the limit) is not drained: libsoup drops the
   * connection (the too-large tests check the server stops writing). */
  g_input_stream_close (stream, NULL, NULL);
  if (local_error != NULL)
    set_transport_error (self, msg, local_error, error);

  return response;
}

/**
 * bie_fhir_client_send:
 * @method: an HTTP method: GET, PUT, POST, DELETE
 * @path_or_url: relative to the base ("Patient?_count=50", "Patient/abc",
 *   "" for the base itself), or an absolute URL on the base's server (a
 *   `next` link); anything else is refused
 * @body: (nullable): a resource, sent as application/fhir+json
 * @if_match: (nullable): the If-Match header, e.g. W/"3"
 * @cancellable: (nullable): cancels with %G_IO_ERROR_CANCELLED
 * @error: where a failure goes: %BIE_FHIR_ERROR_NETWORK (not reached,
 *   timed out, cut off), %BIE_FHIR_ERROR_TLS, %BIE_FHIR_ERROR_TOO_LARGE,
 *   %BIE_FHIR_ERROR_INVALID (malformed JSON in a 2xx, a refused address)
 *
 * Sends a request and waits for the whole answer. Any HTTP status is an
 * answer, not an error: see bie_fhir_response_check().
 *
 * Returns: (transfer full) (nullable): the answer
 */
BieFhirResponse *
bie_fhir_client_send (BieFhirClient  *self,
                      const char     *method,
                      const char     *path_or_url,
                      JsonNode       *body,
                      const char     *if_match,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(SoupMessage) msg = NULL;

  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  msg = prepare_message (self, method, path_or_url, body, if_match, error);
  if (msg == NULL)
    return NULL;

  return send_message_sync (self, msg, TRUE, cancellable, error);
}

/**
 * bie_fhir_client_fetch:
 * @path_or_url: as for bie_fhir_client_send()
 *
 * GETs @path_or_url as bie_fhir_client_send() does, checking that the
 * body came whole, but leaves a successful answer's body as text in
 * @raw for bie_fhir_response_parse(): a page can be parsed on another
 * thread while the next one is asked for.
 *
 * Returns: (transfer full) (nullable): the answer
 */
BieFhirResponse *
bie_fhir_client_fetch (BieFhirClient  *self,
                       const char     *path_or_url,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(SoupMessage) msg = NULL;

  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), NULL);
  g_return_val_if_fail (path_or_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  msg = prepare_message (self, SOUP_METHOD_GET, path_or_url, NULL, NULL, error);
  if (msg == NULL)
    return NULL;

  return send_message_sync (self, msg, FALSE, cancellable, error);
}

/* ---- Asynchronously ----------------------------------------------------- */

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  BodyReader    reader;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  body_reader_clear (&data->reader);
  g_free (data);
}

static void read_next (GTask *task);

static void
send_fail (GTask  *task,
           GError *cause)
{
  BieFhirClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* As in send_message_sync(): the connection is dropped, not drained. */
  if (data->stream != NULL)
    g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  set_transport_error (self, data->msg, cause, &error);
  g_error_free (cause);
  g_task_return_error (task, error);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BieFhirClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  BieFhirResponse *response;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n_read < 0)
    {
      send_fail (task, error);
      return;
    }

  if (n_read > 0)
    {
      if (!body_reader_commit (&data->reader, self, n_read, &error))
        send_fail (task, error);
      else
        read_next (g_steal_pointer (&task));
      return;
    }

  response = response_new (self, data->msg, &data->reader, TRUE, &error);
  if (response == NULL)
    {
      send_fail (task, error);
      return;
    }

  g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_task_return_pointer (task, response, (GDestroyNotify) bie_fhir_response_free);
}

static void
read_next (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  gsize size;
  guint8 *room = body_reader_reserve (&data->reader, &size);

  g_input_stream_read_async (data->stream, room, size, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BieFhirClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL || !body_reader_init (&data->reader, self, data->msg, &error))
    {
      send_fail (task, error);
      return;
    }

  read_next (g_steal_pointer (&task));
}

/**
 * bie_fhir_client_send_async:
 *
 * bie_fhir_client_send() without blocking, in the thread-default main
 * context; get the answer with bie_fhir_client_send_finish().
 */
void
bie_fhir_client_send_async (BieFhirClient       *self,
                            const char          *method,
                            const char          *path_or_url,
                            JsonNode            *body,
                            const char          *if_match,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SendData *data;

  g_return_if_fail (BIE_IS_FHIR_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_or_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bie_fhir_client_send_async);

  data = g_new0 (SendData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  data->msg = prepare_message (self, method, path_or_url, body, if_match, &error);
  if (data->msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  soup_session_send_async (self->session, data->msg, G_PRIORITY_DEFAULT, cancellable,
                           on_sent, g_steal_pointer (&task));
}

/**
 * bie_fhir_client_send_finish:
 *
 * Returns: (transfer full) (nullable): the answer, as from
 *   bie_fhir_client_send()
 */
BieFhirResponse *
bie_fhir_client_send_finish (BieFhirClient  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bie_fhir_client_send_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- OAuth2 ------------------------------------------------------------- */

/**
 * bie_fhir_client_fetch_token:
 * @token_url: the token endpoint: https, or http on this computer
 * @client_id: the client's id
 * @client_secret: its secret
 *
 * OAuth2 client credentials (RFC 6749 §4.4): POSTs grant_type=
 * client_credentials with the id and secret in HTTP basic authentication.
 * Does not set the token on the client. Synchronous; same thread rules as
 * bie_fhir_client_send().
 *
 * Returns: (transfer full) (nullable): the access token
 */
char *
bie_fhir_client_fetch_token (BieFhirClient  *self,
                             const char     *token_url,
                             const char     *client_id,
                             const char     *client_secret,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(BieFhirResponse) response = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  JsonObject *object = NULL;
  const char *token;
  const char *token_type;
  char *text;

  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (self), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (client_secret != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_server_url (token_url, error);
  if (uri == NULL)
    return NULL;

  /* RFC 6749 §2.3.1: both form-encoded before the basic scheme. */
  id = g_uri_escape_string (client_id, NULL, FALSE);
  secret = g_uri_escape_string (client_secret, NULL, FALSE);
  pair = g_strconcat (id, ":", secret, NULL);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  authorization = g_strconcat ("Basic ", encoded, NULL);

  text = soup_form_encode ("grant_type", "client_credentials", NULL);
  form = g_bytes_new_take (text, strlen (text));

  msg = build_message (self, SOUP_METHOD_POST, uri, form, "application/x-www-form-urlencoded",
                       "application/json", authorization, NULL);

  memset (secret, 0, strlen (secret));
  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));
  memset (authorization, 0, strlen (authorization));

  response = send_message_sync (self, msg, TRUE, cancellable, error);
  if (response == NULL)
    return NULL;

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    object = json_node_get_object (response->body);

  if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    {
      /* RFC 6749 §5.2: {"error": "invalid_client", "error_description": ...} */
      const char *code = bie_json_get_string (object, "error");

      if (code != NULL && (response->status == SOUP_STATUS_BAD_REQUEST ||
                           response->status == SOUP_STATUS_UNAUTHORIZED))
        {
          const char *description = bie_json_get_string (object, "error_description");
          g_autoptr(GString) said = g_string_new (NULL);

          append_server_text (said, description != NULL ? description : code);
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED,
                       _("The sign-in server refused the client id or secret (HTTP %u). "
                         "The server said: “%s”"), response->status, said->str);
          return NULL;
        }

      bie_fhir_response_check (response, error);
      return NULL;
    }

  token = bie_json_get_string (object, "access_token");
  token_type = bie_json_get_string (object, "token_type");
  if (token == NULL || *token == '\0' || !token_is_sendable (token) ||
      (token_type != NULL && g_ascii_strcasecmp (token_type, "bearer") != 0))
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("The sign-in server did not answer with a bearer token."));
      return NULL;
    }

  return g_strdup (token);
}
