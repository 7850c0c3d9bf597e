/* bie-credentials.h: the server's token in the user's keyring (libsecret)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

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
