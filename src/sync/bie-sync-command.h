/* bie-sync-command.h: one synchronisation from the command line
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-fhir.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *cache_path;
  const char         *server_url;
  const char         *sectors;     /* "CODE,CODE" or "all" */
  const char         *ca_file;     /* (nullable) */
  const char         *token_url;   /* (nullable): OAuth2 client credentials, */
  const char         *client_id;   /* (nullable): with the secret from the keyring */
  const BieFhirUris  *uris;
  gboolean            upload_all;
} BieSyncCommand;

int      bie_sync_command_run     (const BieSyncCommand  *command);
char   **bie_sync_parse_sectors   (const char            *text,
                                   GError               **error);

G_END_DECLS
