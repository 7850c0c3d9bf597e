/* bie-credentials.h: the server's token and client secret in the user's
 * keyring (libsecret)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-fhir-client.h"

G_BEGIN_DECLS

typedef enum
{
  BIE_CREDENTIAL_TOKEN,          /* a bearer token pasted by the user */
  BIE_CREDENTIAL_CLIENT_SECRET,  /* an OAuth2 client secret */
} BieCredentialKind;

/* The secret of @kind for @server_url: from its environment variable
 * (bie_credentials_env_name()) when set, else from the keyring. Returns
 * NULL without an error when there is none. */
char       *bie_credentials_lookup       (const char         *server_url,
                                          BieCredentialKind   kind,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean    bie_credentials_store        (const char         *server_url,
                                          BieCredentialKind   kind,
                                          const char         *secret,
                                          GCancellable       *cancellable,
                                          GError            **error);
gboolean    bie_credentials_clear        (const char         *server_url,
                                          BieCredentialKind   kind,
                                          GCancellable       *cancellable,
                                          GError            **error);
const char *bie_credentials_env_name     (BieCredentialKind   kind);

/* The bearer token for a run: fetched with OAuth2 client credentials when
 * @token_url and @client_id are set and a client secret is found, else
 * the token kept for @server_url. */
char       *bie_credentials_sign_in      (BieFhirClient      *client,
                                          const char         *server_url,
                                          const char         *token_url,
                                          const char         *client_id,
                                          GCancellable       *cancellable,
                                          GError            **keyring_error,
                                          GError            **error);
/* A client of @server_url trusting @ca_file too, signed in as above. */
BieFhirClient *bie_credentials_connect   (const char         *server_url,
                                          const char         *ca_file,
                                          const char         *token_url,
                                          const char         *client_id,
                                          GCancellable       *cancellable,
                                          GError            **keyring_error,
                                          GError            **error);

/* The token for @server_url: from the environment variable
 * BIENESTAR_FHIR_TOKEN when set (unattended runs), else from the keyring.
 * Returns NULL without an error when there is none. */
char     *bie_credentials_lookup_token (const char    *server_url,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean  bie_credentials_store_token  (const char    *server_url,
                                        const char    *token,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean  bie_credentials_clear_token  (const char    *server_url,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
