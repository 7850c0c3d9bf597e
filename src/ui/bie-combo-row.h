/* bie-combo-row.h: a combo row whose long lists can be searched
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BIE_TYPE_COMBO_ROW (bie_combo_row_get_type ())

G_DECLARE_FINAL_TYPE (BieComboRow, bie_combo_row, BIE, COMBO_ROW, AdwComboRow)

/* Lists longer than this open with a search entry above them. */
#define BIE_COMBO_ROW_SEARCH_FROM 16

gboolean bie_combo_row_get_searchable (BieComboRow *self);

G_END_DECLS
