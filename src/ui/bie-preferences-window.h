/* bie-preferences-window.h
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BIE_TYPE_PREFERENCES_WINDOW (bie_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (BiePreferencesWindow, bie_preferences_window, BIE, PREFERENCES_WINDOW, AdwPreferencesWindow)

BiePreferencesWindow *bie_preferences_window_new (GtkWindow *parent);

G_END_DECLS
