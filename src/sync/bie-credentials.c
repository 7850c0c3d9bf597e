/* bie-credentials.c: the server's token in the user's keyring (libsecret)
 *
 * One secret per server, found by the attribute "server" (the base URL
 * without a trailing slash). The token never goes to the database, the
 * settings or a log; an unattended run may pass it in the environment.
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

#define TOKEN_ENV "BIENESTAR_FHIR_TOKEN"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.masbienestar.Bienestar.FhirToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
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
 * bie_credentials_lookup_token:
 * @server_url: the server's base URL
 *
 * The token for @server_url: from the environment variable
 * BIENESTAR_FHIR_TOKEN when it is set and not empty (unattended runs,
 * whatever the server), else from the keyring. Free it with g_free().
 *
 * Returns: (transfer full) (nullable): the token; %NULL without an error
 *   when there is none
 */
char *
bie_credentials_lookup_token (const char    *server_url,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autolist(GObject) items = NULL;
  const char *from_env;
  SecretValue *secret = NULL;
  char *token;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  from_env = g_getenv (TOKEN_ENV);
  if (from_env != NULL)
    {
      token = g_strstrip (g_strdup (from_env));
      if (*token != '\0')
        return token;
      g_free (token);
    }

  key = server_key (server_url);
  /* A search rather than secret_password_lookup_sync(): in libsecret
   * 0.20.5 that leaks the D-Bus reply of every secret it finds. */
  items = secret_password_search_sync (token_schema (),
                                       SECRET_SEARCH_UNLOCK,
                                       cancellable, &local_error,
                                       "server", key,
                                       NULL);
  if (local_error == NULL && items != NULL)
    secret = secret_retrievable_retrieve_secret_sync (items->data, cancellable, &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error, _("The token could not be read from the keyring."));
      return NULL;
    }
  if (secret == NULL)
    return NULL;

  /* Out of libsecret's non-pageable memory into an ordinary string. */
  token = g_strdup (secret_value_get_text (secret));
  secret_value_unref (secret);

  return token;
}

/**
 * bie_credentials_store_token:
 * @server_url: the server's base URL
 * @token: the token, not empty
 *
 * Keeps @token in the user's default keyring for @server_url, replacing
 * any token it had.
 *
 * Returns: %TRUE when it was stored
 */
gboolean
bie_credentials_store_token (const char    *server_url,
                             const char    *token,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (token != NULL && *token != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = server_key (server_url);
  /* Translators: the name of the token in the keyring; %s is the server's address. */
  label = g_strdup_printf (_("Bienestar sign-in for %s"), key);

  if (!secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                   cancellable, &local_error,
                                   "server", key,
                                   NULL))
    {
      set_keyring_error (error, local_error,
                         _("The token could not be saved in the keyring."));
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_credentials_clear_token:
 * @server_url: the server's base URL
 *
 * Removes the token for @server_url from the keyring (signing out). Not
 * having one is not an error.
 *
 * Returns: %TRUE unless the keyring failed
 */
gboolean
bie_credentials_clear_token (const char    *server_url,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = server_key (server_url);
  secret_password_clear_sync (token_schema (), cancellable, &local_error,
                              "server", key,
                              NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error,
                         _("The token could not be removed from the keyring."));
      return FALSE;
    }

  return TRUE;
}
