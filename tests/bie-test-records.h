/* bie-test-records.h: records the tests of the cache start from
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-model.h"

G_BEGIN_DECLS

BieRecordBatch *bie_test_territory_batch (gboolean with_household);

G_END_DECLS
