/* bie-conflict-dialog.h: records changed here and on the server, and the
 * user's choice, field by field, of what to keep
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-sync-controller.h"

G_BEGIN_DECLS

#define BIE_TYPE_CONFLICT_DIALOG (bie_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BieConflictDialog, bie_conflict_dialog, BIE, CONFLICT_DIALOG, AdwWindow)

BieConflictDialog *bie_conflict_dialog_new           (GtkWindow         *parent,
                                                      BieSyncController *controller);
guint              bie_conflict_dialog_get_n_conflicts (BieConflictDialog *self);
gboolean           bie_conflict_dialog_show_conflict (BieConflictDialog *self,
                                                      gint64             conflict_id);

G_END_DECLS
