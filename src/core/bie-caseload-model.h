/* bie-caseload-model.h: the caseload as a lazy list model
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-store-caseload.h"

G_BEGIN_DECLS

#define BIE_TYPE_CASELOAD_ITEM (bie_caseload_item_get_type ())

G_DECLARE_FINAL_TYPE (BieCaseloadItem, bie_caseload_item, BIE, CASELOAD_ITEM, GObject)

const BieCaseloadRow *bie_caseload_item_get_row (BieCaseloadItem *self);

#define BIE_TYPE_CASELOAD_MODEL (bie_caseload_model_get_type ())

G_DECLARE_FINAL_TYPE (BieCaseloadModel, bie_caseload_model, BIE, CASELOAD_MODEL, GObject)

BieCaseloadModel *bie_caseload_model_new        (BieStore                *store);
BieCaseloadModel *bie_caseload_model_new_progressive (BieStore           *store);
gboolean          bie_caseload_model_set_filter (BieCaseloadModel        *self,
                                                 const BieCaseloadFilter *filter,
                                                 GError                 **error);
gboolean          bie_caseload_model_set_sort   (BieCaseloadModel        *self,
                                                 BieCaseloadSort          sort,
                                                 GError                 **error);
gboolean          bie_caseload_model_find       (BieCaseloadModel        *self,
                                                 gint64                   household_id,
                                                 guint                   *position);

G_END_DECLS
