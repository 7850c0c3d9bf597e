/* bie-import-dialog.h: the district's sector or localidad boundaries into the cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_TYPE_IMPORT_DIALOG (bie_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BieImportDialog, bie_import_dialog, BIE, IMPORT_DIALOG, AdwWindow)

GtkWidget *bie_import_dialog_new      (GtkWindow       *parent,
                                       BieStore        *store);
void       bie_import_dialog_set_file (BieImportDialog *self,
                                       GFile           *file);
GFile     *bie_import_dialog_get_file (BieImportDialog *self);
gboolean   bie_import_dialog_get_busy (BieImportDialog *self);

G_END_DECLS
