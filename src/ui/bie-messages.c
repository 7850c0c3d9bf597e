/* bie-messages.c: what views say when something fails or is written, and
 * where they ask to write it
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-messages.h"

/**
 * bie_show_error_dialog:
 * @widget: the view where it failed; the dialog is transient for its window
 *
 * Says what failed and why, until the user closes it.
 */
void
bie_show_error_dialog (GtkWidget  *widget,
                       const char *heading,
                       const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_file (AdwToast   *toast,
              const char *uri)
{
  gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
}

/**
 * bie_action_toast_new:
 * @title: what happened, as plain text
 * @button_label: (nullable): the label of the toast's button, with its
 *   mnemonic
 * @action_name: (nullable): the action the button activates
 *
 * Returns: (transfer floating): the toast
 */
AdwToast *
bie_action_toast_new (const char *title,
                      const char *button_label,
                      const char *action_name)
{
  /* A toast's title is markup; messages are text. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }

  return toast;
}

/**
 * bie_file_toast_new:
 * @title: what was written, as plain text
 * @file: the file written, which the toast's Open button opens
 *
 * Returns: (transfer floating): the toast
 */
AdwToast *
bie_file_toast_new (const char *title,
                    GFile      *file)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_button_label (toast, _("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_file),
                         g_file_get_uri (file), (GClosureNotify) g_free, 0);

  return toast;
}

/**
 * bie_save_chooser_new:
 * @widget: the widget asking; the chooser is modal for its window
 * @filter_name: the kind of file, as the chooser lists it: "PDF documents"
 * @suffix: the kind's extension, without the dot
 * @name: the file name offered
 *
 * A chooser of where to save one kind of file, not yet shown.
 *
 * Returns: (transfer full): the chooser
 */
GtkFileChooserNative *
bie_save_chooser_new (GtkWidget  *widget,
                      const char *title,
                      const char *accept_label,
                      const char *filter_name,
                      const char *mime_type,
                      const char *suffix,
                      const char *name)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  return chooser;
}
