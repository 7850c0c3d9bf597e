/* bie-test-geojson.c: GeoJSON text for the tests of importing boundaries
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>

#include "bie-test-geojson.h"

/* Seven decimals, as the district's layers have, whatever the locale. */
char *
bie_test_geojson_number (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.7f", value));
}

/* A Polygon: a square of half-side @half around (@lon, @lat). */
char *
bie_test_geojson_square (double lon,
                         double lat,
                         double half)
{
  g_autofree char *w = bie_test_geojson_number (lon - half), *e = bie_test_geojson_number (lon + half);
  g_autofree char *s = bie_test_geojson_number (lat - half), *n = bie_test_geojson_number (lat + half);

  return g_strdup_printf ("{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}",
                          w, s, e, s, e, n, w, n, w, s);
}

/* A Feature; @geometry is freed. */
char *
bie_test_geojson_feature (const char *properties,
                          char       *geometry)
{
  g_autofree char *owned = geometry;

  return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":%s,\"geometry\":%s}",
                          properties, owned);
}

/* A FeatureCollection of the features given, NULL-terminated; each is freed. */
char *
bie_test_geojson_collection (char *first,
                             ...)
{
  g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");
  va_list args;
  char *item = first;

  va_start (args, first);
  for (guint i = 0; item != NULL; i++, item = va_arg (args, char *))
    {
      g_string_append_printf (text, "%s%s", i > 0 ? ",\n" : "", item);
      g_free (item);
    }
  va_end (args);
  g_string_append (text, "\n]}\n");

  return g_string_free (g_steal_pointer (&text), FALSE);
}
