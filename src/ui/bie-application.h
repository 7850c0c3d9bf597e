/* bie-application.h
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BIE_TYPE_APPLICATION (bie_application_get_type ())

G_DECLARE_FINAL_TYPE (BieApplication, bie_application, BIE, APPLICATION, AdwApplication)

BieApplication *bie_application_new (void);

G_END_DECLS
