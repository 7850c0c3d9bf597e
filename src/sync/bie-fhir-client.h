/* bie-fhir-client.h: requests to a FHIR R4 server over HTTP (libsoup 3)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bie-fhir.h"
#include "bie-json-parser.h"

G_BEGIN_DECLS

/* What a server answered, whatever the status. */
typedef struct
{
  guint       status;
  JsonNode   *body;           /* (nullable): the parsed body, when it had one */
  BieJsonDoc *doc;            /* (nullable): the same as a document, to read resources from */
  char       *etag;           /* (nullable): ETag, e.g. W/"3" */
  char       *location;       /* (nullable): Location or Content-Location */
  gint64      retry_after_ms; /* from Retry-After (seconds or an HTTP date); -1 when absent */
  GBytes     *raw;            /* (nullable): the body not parsed yet (bie_fhir_client_fetch()) */
} BieFhirResponse;

void      bie_fhir_response_free     (BieFhirResponse  *response);
gboolean  bie_fhir_response_check    (BieFhirResponse  *response,
                                      GError          **error);
gboolean  bie_fhir_response_parse    (BieFhirResponse  *response,
                                      GError          **error);
gboolean  bie_fhir_response_read     (BieFhirResponse  *response,
                                      GError          **error);

/* A client for one server. Threads: create and configure it (token, CA
 * files, timeout, size limit) from one thread before the first request;
 * then use it from one thread at a time (the sync worker owns its client).
 * The async send runs in the calling thread's thread-default main context.
 * Any HTTP status is a BieFhirResponse; a GError is a transport failure,
 * a refused address, a body over the limit or malformed JSON in a 2xx
 * (BIE_FHIR_ERROR), or G_IO_ERROR_CANCELLED. */
#define BIE_TYPE_FHIR_CLIENT (bie_fhir_client_get_type ())

G_DECLARE_FINAL_TYPE (BieFhirClient, bie_fhir_client, BIE, FHIR_CLIENT, GObject)

BieFhirClient   *bie_fhir_client_new                (const char       *base_url,
                                                     GError          **error);
BieFhirClient   *bie_fhir_client_new_with_ca        (const char       *base_url,
                                                     const char       *ca_file,
                                                     GError          **error);
const char      *bie_fhir_client_get_base_url       (BieFhirClient    *self);
gboolean         bie_fhir_client_has_token          (BieFhirClient    *self);
void             bie_fhir_client_set_token          (BieFhirClient    *self,
                                                     const char       *token);
gboolean         bie_fhir_client_add_ca_file        (BieFhirClient    *self,
                                                     const char       *path,
                                                     GError          **error);
void             bie_fhir_client_set_timeout        (BieFhirClient    *self,
                                                     guint             seconds);
void             bie_fhir_client_set_max_response_size (BieFhirClient *self,
                                                     gsize             bytes);

BieFhirResponse *bie_fhir_client_send               (BieFhirClient    *self,
                                                     const char       *method,
                                                     const char       *path_or_url,
                                                     JsonNode         *body,
                                                     const char       *if_match,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
BieFhirResponse *bie_fhir_client_fetch              (BieFhirClient    *self,
                                                     const char       *path_or_url,
                                                     GCancellable     *cancellable,
                                                     GError          **error);
void             bie_fhir_client_send_async         (BieFhirClient    *self,
                                                     const char       *method,
                                                     const char       *path_or_url,
                                                     JsonNode         *body,
                                                     const char       *if_match,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
BieFhirResponse *bie_fhir_client_send_finish        (BieFhirClient    *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* OAuth2 client credentials: a token from @token_url for @client_id. */
char            *bie_fhir_client_fetch_token        (BieFhirClient    *self,
                                                     const char       *token_url,
                                                     const char       *client_id,
                                                     const char       *client_secret,
                                                     GCancellable     *cancellable,
                                                     GError          **error);

/* JSON from a server or a file, not trusted: invalid UTF-8, malformed
 * JSON and nesting too deep are BIE_FHIR_ERROR_INVALID, with messages
 * that never quote the data. */
JsonNode        *bie_fhir_json_parse                (const char       *data,
                                                     gsize             length,
                                                     GError          **error);
BieJsonDoc      *bie_fhir_json_read                 (const char       *data,
                                                     gsize             length,
                                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieFhirResponse, bie_fhir_response_free)

G_END_DECLS
