/* bie-sync-command.c: one synchronisation from the command line
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `bienestar --sync` for unattended runs and training servers: the token
 * from the keyring or BIENESTAR_FHIR_TOKEN, or one fetched with OAuth2
 * client credentials (token address and client id from the settings, the
 * secret from the keyring or BIENESTAR_FHIR_CLIENT_SECRET), a summary on
 * standard output,
 * exit status 0 only when cache and server converged.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <unistd.h>

#include "bie-credentials.h"
#include "bie-store-sync.h"
#include "bie-sync-command.h"
#include "bie-sync-engine.h"

/**
 * bie_sync_parse_sectors:
 * @text: "all", or sector codes separated by commas
 *
 * Returns: (transfer full) (nullable): the codes; NULL with no error for
 *   "all", NULL with an error for anything that is not six-digit codes
 */
char **
bie_sync_parse_sectors (const char  *text,
                        GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint n = 0;

  if (text != NULL && g_ascii_strcasecmp (text, "all") == 0)
    return NULL;

  parts = g_strsplit (text != NULL ? text : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *code = g_strstrip (parts[i]);

      if (*code == '\0')
        continue;
      if (strlen (code) != 6 || strspn (code, "0123456789") != 6)
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("“%s” is not a sector code: sector codes have six digits, such as 004501."), code);
          return NULL;
        }
      g_strv_builder_add (codes, code);
      n++;
    }
  if (n == 0)
    {
      g_set_error_literal (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                           _("No sectors are assigned: give the codes of the sectors to synchronise, "
                             "separated by commas, or “all”."));
      return NULL;
    }

  return g_strv_builder_end (codes);
}

static void
print_summary (const BieSyncSummary *summary)
{
  /* Translators: the summary of one synchronisation on the terminal; numbers of records */
  g_print (_("Downloaded %lld, uploaded %lld, deleted %lld, merged %lld, conflicts %lld, pending %lld.\n"),
           (long long) summary->downloaded, (long long) summary->uploaded, (long long) summary->deleted,
           (long long) summary->merged, (long long) summary->conflicts, (long long) summary->pending);
}

static void
on_progress (BieSyncEngine *engine,
             const char    *stage,
             gint64         done,
             gpointer       user_data)
{
  g_printerr ("\r%s: %" G_GINT64_FORMAT "    ", stage, done);
}

/**
 * bie_sync_command_run:
 *
 * Returns: the exit status: EXIT_SUCCESS only when the run converged
 */
int
bie_sync_command_run (const BieSyncCommand *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autoptr(BieFhirClient) client = NULL;
  g_autoptr(BieSyncEngine) engine = NULL;
  g_auto(GStrv) sectors = NULL;
  BieSyncSummary summary = { 0 };
  gboolean ok;

  if (command->server_url == NULL || *command->server_url == '\0')
    {
      g_printerr (_("--sync needs the server’s address: --server URL, or set it in Preferences.\n"));
      return EXIT_FAILURE;
    }
  sectors = bie_sync_parse_sectors (command->sectors, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Without a keyring an open training server still works: the keyring's
   * trouble is told only if the server asks for a token. */
  client = bie_credentials_connect (command->server_url, command->ca_file, command->token_url,
                                    command->client_id, NULL, &keyring_error, &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  store = bie_store_open (command->cache_path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", command->cache_path, error->message);
      return EXIT_FAILURE;
    }

  if (command->upload_all)
    {
      gint64 queued = 0;

      if (!bie_store_sync_queue_all (store, &queued, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%lld record queued for upload.\n",
                            "%lld records queued for upload.\n", queued), (long long) queued);
    }

  engine = bie_sync_engine_new (store, client);
  bie_sync_engine_set_sectors (engine, (const char * const *) sectors);
  if (command->uris != NULL)
    bie_sync_engine_set_uris (engine, command->uris);
  if (isatty (2))
    g_signal_connect (engine, "progress", G_CALLBACK (on_progress), NULL);

  ok = bie_sync_engine_run (engine, &summary, NULL, &error);
  if (isatty (2))
    g_printerr ("\n");
  print_summary (&summary);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      if (keyring_error != NULL && g_error_matches (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_UNAUTHORIZED))
        g_printerr ("%s\n", keyring_error->message);
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
