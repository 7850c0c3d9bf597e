/* bie-credentials.c: the server's token and client secret in the user's
 * keyring (libsecret)
 *
 * One secret of each kind per server, found by the attribute "server" (the
 * base URL without a trailing slash). A secret never goes to the database,
 * the settings or a log; an unattended run may pass it in the environment.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-credentials"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "bie-credentials.h"
#include "bie-fhir-client.h"

/* One schema per kind: tokens saved before client secrets existed are
 * found as they were. */
static const SecretSchema schemas[] = {
  [BIE_CREDENTIAL_TOKEN] = {
    "io.github.masbienestar.Bienestar.FhirToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  },
  [BIE_CREDENTIAL_CLIENT_SECRET] = {
    "io.github.masbienestar.Bienestar.FhirClientSecret", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  },
};

static const char * const env_names[] = {
  [BIE_CREDENTIAL_TOKEN] = "BIENESTAR_FHIR_TOKEN",
  [BIE_CREDENTIAL_CLIENT_SECRET] = "BIENESTAR_FHIR_CLIENT_SECRET",
};

/**
 * bie_credentials_env_name:
 *
 * Returns: the environment variable that overrides the keyring for @kind
 */
const char *
bie_credentials_env_name (BieCredentialKind kind)
{
  g_return_val_if_fail (kind <= BIE_CREDENTIAL_CLIENT_SECRET, NULL);

  return env_names[kind];
}

/* "https://x/fhir/" and "https://x/fhir" are one server. */
static char *
server_key (const char *server_url)
{
  char *key = g_strdup (server_url);
  gsize length = strlen (key);

  while (length > 0 && key[length - 1] == '/')
    key[--length] = '\0';

  return key;
}

/* A keyring error, in words for the user. The domain and code stay
 * libsecret's or D-Bus's, for code that tells them apart; cancellation
 * stays as it is. */
static void
set_keyring_error (GError      **error,
                   GError       *cause,
                   const char   *what)
{
  g_autofree char *detail = NULL;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }

  if (g_dbus_error_is_remote_error (cause))
    g_dbus_error_strip_remote_error (cause);
  detail = g_strdup (cause->message);

  /* Translators: the first %s is one of "The token could not be read
   * from the keyring." and the like; the second, the system's reason. */
  g_set_error (error, cause->domain, cause->code,
               _("%s Is a keyring service, such as GNOME Keyring, running and unlocked? (%s)"),
               what, detail);
}

/**
 * bie_credentials_lookup:
 * @server_url: the server's base URL
 * @kind: which secret
 *
 * The secret of @kind for @server_url: from its environment variable
 * (BIENESTAR_FHIR_TOKEN, BIENESTAR_FHIR_CLIENT_SECRET) when it is set and
 * not empty (unattended runs, whatever the server), else from the keyring.
 * Free it with g_free().
 *
 * Returns: (transfer full) (nullable): the secret; %NULL without an error
 *   when there is none
 */
char *
bie_credentials_lookup (const char         *server_url,
                        BieCredentialKind   kind,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autolist(GObject) items = NULL;
  const char *from_env;
  SecretValue *secret = NULL;
  char *text;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (kind <= BIE_CREDENTIAL_CLIENT_SECRET, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  from_env = g_getenv (env_names[kind]);
  if (from_env != NULL)
    {
      text = g_strstrip (g_strdup (from_env));
      if (*text != '\0')
        return text;
      g_free (text);
    }

  key = server_key (server_url);
  /* A search rather than secret_password_lookup_sync(): in libsecret
   * 0.20.5 that leaks the D-Bus reply of every secret it finds. */
  items = secret_password_search_sync (&schemas[kind],
                                       SECRET_SEARCH_UNLOCK,
                                       cancellable, &local_error,
                                       "server", key,
                                       NULL);
  if (local_error == NULL && items != NULL)
    secret = secret_retrievable_retrieve_secret_sync (items->data, cancellable, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error,
                         kind == BIE_CREDENTIAL_TOKEN ?
                         _("The token could not be read from the keyring.") :
                         _("The client secret could not be read from the keyring."));
      return NULL;
    }
  if (secret == NULL)
    return NULL;

  /* Out of libsecret's non-pageable memory into an ordinary string. */
  text = g_strdup (secret_value_get_text (secret));
  secret_value_unref (secret);

  return text;
}

/**
 * bie_credentials_store:
 * @server_url: the server's base URL
 * @kind: which secret
 * @secret: the secret, not empty
 *
 * Keeps @secret in the user's default keyring for @server_url, replacing
 * any secret of @kind it had.
 *
 * Returns: %TRUE when it was stored
 */
gboolean
bie_credentials_store (const char         *server_url,
                       BieCredentialKind   kind,
                       const char         *secret,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (kind <= BIE_CREDENTIAL_CLIENT_SECRET, FALSE);
  g_return_val_if_fail (secret != NULL && *secret != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = server_key (server_url);
  if (kind == BIE_CREDENTIAL_TOKEN)
    /* Translators: the name of the token in the keyring; %s is the server's address. */
    label = g_strdup_printf (_("Bienestar sign-in for %s"), key);
  else
    /* Translators: the name of the client secret in the keyring; %s is the server's address. */
    label = g_strdup_printf (_("Bienestar client secret for %s"), key);

  if (!secret_password_store_sync (&schemas[kind], SECRET_COLLECTION_DEFAULT, label, secret,
                                   cancellable, &local_error,
                                   "server", key,
                                   NULL))
    {
      set_keyring_error (error, local_error,
                         kind == BIE_CREDENTIAL_TOKEN ?
                         _("The token could not be saved in the keyring.") :
                         _("The client secret could not be saved in the keyring."));
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_credentials_clear:
 * @server_url: the server's base URL
 * @kind: which secret
 *
 * Removes the secret of @kind for @server_url from the keyring. Not
 * having one is not an error.
 *
 * Returns: %TRUE unless the keyring failed
 */
gboolean
bie_credentials_clear (const char         *server_url,
                       BieCredentialKind   kind,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (kind <= BIE_CREDENTIAL_CLIENT_SECRET, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = server_key (server_url);
  secret_password_clear_sync (&schemas[kind], cancellable, &local_error,
                              "server", key,
                              NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error,
                         kind == BIE_CREDENTIAL_TOKEN ?
                         _("The token could not be removed from the keyring.") :
                         _("The client secret could not be removed from the keyring."));
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_credentials_lookup_token:
 * @server_url: the server's base URL
 *
 * bie_credentials_lookup() of the token.
 *
 * Returns: (transfer full) (nullable): the token
 */
char *
bie_credentials_lookup_token (const char    *server_url,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return bie_credentials_lookup (server_url, BIE_CREDENTIAL_TOKEN, cancellable, error);
}

/**
 * bie_credentials_store_token:
 * @server_url: the server's base URL
 * @token: the token, not empty
 *
 * bie_credentials_store() of the token.
 *
 * Returns: %TRUE when it was stored
 */
gboolean
bie_credentials_store_token (const char    *server_url,
                             const char    *token,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return bie_credentials_store (server_url, BIE_CREDENTIAL_TOKEN, token, cancellable, error);
}

/**
 * bie_credentials_clear_token:
 * @server_url: the server's base URL
 *
 * Removes the token for @server_url from the keyring (signing out).
 *
 * Returns: %TRUE unless the keyring failed
 */
gboolean
bie_credentials_clear_token (const char    *server_url,
                             GCancellable  *cancellable,
                             GError       **error)
{
  return bie_credentials_clear (server_url, BIE_CREDENTIAL_TOKEN, cancellable, error);
}

/**
 * bie_credentials_sign_in:
 * @client: the client of the server at @server_url, or of any server:
 *   only its transport (CA files, timeout) is used
 * @server_url: the server's base URL
 * @token_url: (nullable): the OAuth2 token endpoint, empty or %NULL for none
 * @client_id: (nullable): the OAuth2 client id, empty or %NULL for none
 * @keyring_error: (out) (optional): where a keyring that could not be
 *   read is told; not a failure, since an open server needs no token
 * @error: a failed token request
 *
 * The bearer token for a run. With a token address and a client id set and
 * a client secret found (see bie_credentials_lookup()), a token fetched
 * with OAuth2 client credentials; otherwise the token kept for the server.
 * Synchronous; same thread rules as bie_fhir_client_send().
 *
 * Returns: (transfer full) (nullable): the token; %NULL without @error
 *   when there is none
 */
char *
bie_credentials_sign_in (BieFhirClient  *client,
                         const char     *server_url,
                         const char     *token_url,
                         const char     *client_id,
                         GCancellable   *cancellable,
                         GError        **keyring_error,
                         GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *secret = NULL;
  char *token;

  g_return_val_if_fail (BIE_IS_FHIR_CLIENT (client), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (token_url != NULL && *token_url != '\0' && client_id != NULL && *client_id != '\0')
    secret = bie_credentials_lookup (server_url, BIE_CREDENTIAL_CLIENT_SECRET, cancellable, &local_error);
  if (secret != NULL)
    {
      token = bie_fhir_client_fetch_token (client, token_url, client_id, secret,
                                           cancellable, error);
      memset (secret, 0, strlen (secret));
      return token;
    }

  if (local_error == NULL)
    token = bie_credentials_lookup (server_url, BIE_CREDENTIAL_TOKEN, cancellable, &local_error);
  else
    token = NULL;
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_propagate_error (keyring_error, g_steal_pointer (&local_error));
    }

  return token;
}

/**
 * bie_credentials_connect:
 * @ca_file: (nullable): a PEM file of CAs trusted as well, empty or %NULL
 *   for none
 *
 * A client of the server at @server_url with the token of
 * bie_credentials_sign_in(), as a run or a test of the connection needs.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL with @error
 */
BieFhirClient *
bie_credentials_connect (const char    *server_url,
                         const char    *ca_file,
                         const char    *token_url,
                         const char    *client_id,
                         GCancellable  *cancellable,
                         GError       **keyring_error,
                         GError       **error)
{
  g_autoptr(BieFhirClient) client = NULL;
  g_autofree char *token = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

  client = bie_fhir_client_new_with_ca (server_url, ca_file, error);
  if (client == NULL)
    return NULL;
  token = bie_credentials_sign_in (client, server_url, token_url, client_id, cancellable,
                                   keyring_error, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  bie_fhir_client_set_token (client, token);
  if (token != NULL)
    memset (token, 0, strlen (token));

  return g_steal_pointer (&client);
}
