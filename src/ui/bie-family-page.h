/* bie-family-page.h: everything about one household
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_TYPE_FAMILY_PAGE (bie_family_page_get_type ())

G_DECLARE_FINAL_TYPE (BieFamilyPage, bie_family_page, BIE, FAMILY_PAGE, GtkWidget)

GtkWidget *bie_family_page_new           (void);
gboolean   bie_family_page_set_household (BieFamilyPage  *self,
                                          BieStore       *store,
                                          gint64          household_id,
                                          GError        **error);
gint64     bie_family_page_get_household (BieFamilyPage  *self);

G_END_DECLS
