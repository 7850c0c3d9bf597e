/* bie-transfer.c: changes carried by hand, for units without a network
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rural unit writes its changes to a file on a USB stick; a unit with a
 * network reads the file into its cache and sends the changes as its own
 * (src/sync/bie-sync-transfer.c does the work). What was written or read
 * is said in a toast on the window, a failure in a dialog.
 */

#define G_LOG_DOMAIN "bie-transfer"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-messages.h"
#include "bie-sync-text.h"
#include "bie-sync-transfer.h"
#include "bie-transfer.h"

/**
 * bie_transfer_export:
 * @window: where a failure is said
 * @overlay: where what was written is said
 * @file: where to write the changes
 *
 * Writes the changes not yet sent to @file as a FHIR Bundle; they stay
 * queued here (the file is a copy).
 *
 * Returns: whether the file was written
 */
gboolean
bie_transfer_export (GtkWindow         *window,
                     BieSyncController *sync,
                     AdwToastOverlay   *overlay,
                     GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirUris) uris = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  gint64 n_records = 0;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (sync), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  uris = bie_sync_controller_dup_uris (sync, &error);
  if (uris == NULL ||
      !bie_sync_export_bundle (bie_sync_controller_get_store (sync), uris, file, &n_records, &error))
    {
      bie_show_error_dialog (GTK_WIDGET (window), _("The Changes Could Not Be Exported"), error->message);
      return FALSE;
    }

  name = g_file_get_basename (file);
  count = bie_sync_text_count (n_records);
  /* Translators: after exporting: how many records, and the file's name */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%s changed record written to “%s”",
                                        "%s changed records written to “%s”", n_records),
                           count, name);
  adw_toast_overlay_add_toast (overlay, bie_file_toast_new (title, file));

  return TRUE;
}

/**
 * bie_transfer_import:
 * @window: where a failure is said
 * @overlay: where what was read is said
 * @file: a FHIR Bundle of changes exported from another cache
 *
 * Reads the changes of @file into the cache, whole or not at all, merged
 * with the edits made here, to be sent from here.
 *
 * Returns: whether the file was read
 */
gboolean
bie_transfer_import (GtkWindow         *window,
                     BieSyncController *sync,
                     AdwToastOverlay   *overlay,
                     GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirUris) uris = NULL;
  g_autofree char *title = NULL;
  g_autofree char *count = NULL;
  BieSyncSummary summary = { 0 };
  gint64 applied;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (sync), FALSE);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  uris = bie_sync_controller_dup_uris (sync, &error);
  if (uris == NULL ||
      !bie_sync_import_bundle (bie_sync_controller_get_store (sync), uris, file, &summary, &error))
    {
      bie_show_error_dialog (GTK_WIDGET (window), _("The Changes Could Not Be Imported"), error->message);
      return FALSE;
    }
  bie_sync_controller_refresh_counts (sync);

  applied = summary.downloaded + summary.merged;
  count = bie_sync_text_count (applied);
  /* Translators: after importing a file of changes */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%s record imported; it goes to the server with the next synchronisation",
                                        "%s records imported; they go to the server with the next synchronisation",
                                        applied),
                           count);
  if (summary.conflicts > 0)
    adw_toast_overlay_add_toast (overlay, bie_action_toast_new (title, _("_Resolve"), "win.resolve-conflicts"));
  else
    adw_toast_overlay_add_toast (overlay, bie_action_toast_new (title, NULL, NULL));

  return TRUE;
}

/* The chooser's answer, for the window it was asked from. */

typedef struct
{
  GWeakRef           window;
  BieSyncController *sync;
  AdwToastOverlay   *overlay;
  gboolean           export;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_weak_ref_clear (&choice->window);
  g_object_unref (choice->sync);
  g_object_unref (choice->overlay);
  g_free (choice);
}

static void
on_chosen (GtkNativeDialog *chooser,
           int              response,
           Choice          *choice)
{
  g_autoptr(GtkWindow) window = g_weak_ref_get (&choice->window);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && window != NULL)
    {
      if (choice->export)
        bie_transfer_export (window, choice->sync, choice->overlay, file);
      else
        bie_transfer_import (window, choice->sync, choice->overlay, file);
    }

  /* The chooser kept itself alive until now. */
  g_object_unref (chooser);
}

static void
show_chooser (GtkFileChooserNative *chooser,
              GtkWindow            *window,
              BieSyncController    *sync,
              AdwToastOverlay      *overlay,
              gboolean              export)
{
  Choice *choice = g_new0 (Choice, 1);

  g_weak_ref_init (&choice->window, window);
  choice->sync = g_object_ref (sync);
  choice->overlay = g_object_ref (overlay);
  choice->export = export;
  g_signal_connect_data (chooser, "response", G_CALLBACK (on_chosen), choice, (GClosureNotify) choice_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * bie_transfer_choose_export:
 *
 * Asks where to write the changes not yet sent, and writes them there.
 */
void
bie_transfer_choose_export (GtkWindow         *window,
                            BieSyncController *sync,
                            AdwToastOverlay   *overlay)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (sync));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  bie_sync_controller_refresh_counts (sync);
  if (bie_sync_controller_get_pending (sync) == 0)
    {
      AdwToast *toast;

      if (bie_sync_controller_get_conflicts (sync) > 0)
        toast = bie_action_toast_new (_("Nothing to export: the changes not yet sent wait for their "
                                        "conflicts to be resolved"),
                                      _("_Resolve"), "win.resolve-conflicts");
      else
        toast = bie_action_toast_new (_("Every change was already sent: there is nothing to export"), NULL, NULL);
      adw_toast_overlay_add_toast (overlay, toast);
      return;
    }

  /* Translators: the file name offered for exported changes; %s is the day, 2026-03-14 */
  name = g_strdup_printf (_("Bienestar changes %s.json"), day);
  show_chooser (bie_save_chooser_new (GTK_WIDGET (window), _("Export Changes to a File"), _("_Export"),
                                      _("FHIR Bundles"), "application/fhir+json", "json", name),
                window, sync, overlay, TRUE);
}

/**
 * bie_transfer_choose_import:
 *
 * Asks which file of changes to read, and reads it into the cache.
 */
void
bie_transfer_choose_import (GtkWindow         *window,
                            BieSyncController *sync,
                            AdwToastOverlay   *overlay)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (BIE_IS_SYNC_CONTROLLER (sync));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  chooser = gtk_file_chooser_native_new (_("Import Changes from a File"), window,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("FHIR Bundles"));
  gtk_file_filter_add_mime_type (filter, "application/fhir+json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  show_chooser (chooser, window, sync, overlay, FALSE);
}
