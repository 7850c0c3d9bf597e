/* bie-messages.h: what views say when something fails or is written, and
 * where they ask to write it
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void      bie_show_error_dialog (GtkWidget  *widget,
                                 const char *heading,
                                 const char *message);
AdwToast *bie_action_toast_new  (const char *title,
                                 const char *button_label,
                                 const char *action_name);
AdwToast *bie_file_toast_new    (const char *title,
                                 GFile      *file);
GtkFileChooserNative *
          bie_save_chooser_new  (GtkWidget  *widget,
                                 const char *title,
                                 const char *accept_label,
                                 const char *filter_name,
                                 const char *mime_type,
                                 const char *suffix,
                                 const char *name);

G_END_DECLS
