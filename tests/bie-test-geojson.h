/* bie-test-geojson.h: GeoJSON text for the tests of importing boundaries
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *bie_test_geojson_number     (double      value);
char *bie_test_geojson_square     (double      lon,
                                   double      lat,
                                   double      half);
char *bie_test_geojson_feature    (const char *properties,
                                   char       *geometry);
char *bie_test_geojson_collection (char       *first,
                                   ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
