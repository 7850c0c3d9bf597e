/* bie-window.h
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-application.h"
#include "bie-store.h"
#include "bie-sync-controller.h"

G_BEGIN_DECLS

#define BIE_TYPE_WINDOW (bie_window_get_type ())

G_DECLARE_FINAL_TYPE (BieWindow, bie_window, BIE, WINDOW, AdwApplicationWindow)

BieWindow *bie_window_new           (BieApplication *application);
void       bie_window_set_store     (BieWindow      *self,
                                     BieStore       *store);
void       bie_window_show_progress (BieWindow      *self,
                                     guint           done,
                                     guint           total);
BieSyncController *
           bie_window_get_sync      (BieWindow      *self);
gboolean   bie_window_export_changes (BieWindow     *self,
                                      GFile         *file);
gboolean   bie_window_import_changes (BieWindow     *self,
                                      GFile         *file);

G_END_DECLS
