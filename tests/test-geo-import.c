/* test-geo-import.c: the district's territory layers — reading and judging
 * GeoJSON, refusing what is not a layer, and applying one to the cache in
 * one transaction
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bie-demo-cache.h"
#include "bie-geo-layer.h"
#include "bie-store-geo.h"
#include "bie-store-lookups.h"
#include "bie-store-private.h"
#include "bie-test-geojson.h"
#include "bie-test-records.h"

/* A small demo city (20 localidades, 1,170 sectors with generated
 * geometry), built once and copied for each test. */
static char *template_dir;
static char *template_path;

typedef struct
{
  char     *dir;
  char     *path;
  BieStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  fixture->dir = g_dir_make_tmp ("bienestar-geo-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "cache.sqlite", NULL);

  g_assert_true (g_file_get_contents (template_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (fixture->path, contents, length, &error));
  g_assert_no_error (error);

  fixture->store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  bie_test_remove_folder (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* The valgrind setup (meson test --setup=valgrind) runs ten to fifty
 * times slower and keeps the address space itself. */
static gboolean
under_valgrind (void)
{
  return g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") == 0;
}

/* GeoJSON text */

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);

  return path;
}

static gint64
query_int (BieStore   *store,
           const char *sql)
{
  sqlite3 *db = bie_store_get_connection (store);
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gint64
sector_id (BieStore   *store,
           const char *code)
{
  g_autoptr(GError) error = NULL;
  gint64 id = bie_store_find_code (store, BIE_ENTITY_SECTOR, code, &error);

  g_assert_no_error (error);

  return id;
}

static BieSector *
load_sector (BieStore   *store,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  BieSector *sector = bie_store_load (store, BIE_ENTITY_SECTOR, sector_id (store, code), &error);

  g_assert_no_error (error);
  g_assert_nonnull (sector);

  return sector;
}

static void
free_sector (BieSector *sector)
{
  bie_record_free (BIE_ENTITY_SECTOR, sector);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieSector, free_sector)

/* A point inside the demo sector @code, and its localidad. */
static void
point_in_sector (BieStore   *store,
                 const char *code,
                 double     *lon,
                 double     *lat,
                 gint64     *localidad_id)
{
  g_autoptr(BieSector) sector = load_sector (store, code);
  g_autoptr(BieGeometry) geometry = bie_geometry_new_from_geojson (sector->geometry, NULL);

  g_assert_nonnull (geometry);
  bie_geometry_interior_point (geometry, lon, lat);
  g_assert_true (bie_geometry_contains (geometry, *lon, *lat));
  *localidad_id = sector->localidad_id;
}

static const BieGeoProblem *
problem_at (GPtrArray *problems,
            guint      index)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const BieGeoProblem *problem = g_ptr_array_index (problems, i);

      if (problem->index == index)
        return problem;
    }

  return NULL;
}

static void
assert_problem (GPtrArray  *problems,
                guint       index,
                const char *code,
                const char *pattern)
{
  const BieGeoProblem *problem = problem_at (problems, index);

  if (problem == NULL)
    g_error ("Feature %u has no problem; expected “%s”", index + 1, pattern);
  g_assert_cmpstr (problem->code, ==, code);
  if (!g_pattern_match_simple (pattern, problem->reason))
    g_error ("Feature %u: “%s” does not match “%s”", index + 1, problem->reason, pattern);
}

/* Loading and importing a file as the command line does: the digest of
 * the territory must not change when the file is refused. */
static void
assert_refused_by (Fixture    *fixture,
                   const char *path,
                   const char *code_property,
                   int         code,
                   const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autofree char *before = bie_test_territory_digest (fixture->store);
  g_autofree char *after = NULL;

  layer = bie_geo_layer_load (path, code_property, NULL, NULL, &error);
  g_assert_null (layer);
  g_assert_error (error, BIE_GEO_ERROR, code);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("“%s” does not match “%s”", error->message, pattern);

  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);
}

#define assert_refused(fixture, path, code, pattern) \
  assert_refused_by (fixture, path, "code", code, pattern)

/* Refused files */

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *good = bie_test_geojson_collection (bie_test_geojson_feature ("{\"code\":\"003400\"}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
                                      bie_test_geojson_feature ("{\"code\":\"003401\"}", bie_test_geojson_square (-74.1, 4.61, 0.001)),
                                      NULL);
  g_autofree char *cut = g_strndup (good, strlen (good) * 2 / 3);
  g_autofree char *path = write_file (fixture, "cut.geojson", cut);
  g_autofree char *garbled = g_strdup (good);
  g_autofree char *garbled_path = NULL;

  /* Cut off: said to be cut off, with where. */
  assert_refused (fixture, path, BIE_GEO_ERROR_NOT_JSON, "“cut.geojson” is cut off*line 3, character *");

  /* Wherever the cut falls: in a string, a number, between tokens. */
  for (gsize length = 1; length < strlen (good) - 2; length += 3)
    {
      g_autofree char *prefix = g_strndup (good, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(BieGeoLayer) layer = bie_geo_layer_load_from_data (prefix, -1, "cut.geojson", "code",
                                                                   NULL, NULL, &error);

      g_assert_null (layer);
      g_assert_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_JSON);
      if (!g_str_has_prefix (error->message, "“cut.geojson” is cut off"))
        g_error ("Cut after %" G_GSIZE_FORMAT " bytes: %s", length, error->message);
    }

  /* An error in the middle of the text is not a cut. */
  *strchr (garbled, ',') = ';';
  garbled_path = write_file (fixture, "garbled.geojson", garbled);
  assert_refused (fixture, garbled_path, BIE_GEO_ERROR_NOT_JSON,
                  "“garbled.geojson” is not valid JSON*line 1, character *");

  g_free (path);
  path = write_file (fixture, "empty.geojson", "");
  assert_refused (fixture, path, BIE_GEO_ERROR_NOT_JSON, "“empty.geojson” is empty.");
}

static void
test_not_geojson (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *array = write_file (fixture, "array.json", "[1, 2, 3]");
  g_autofree char *single = NULL;
  g_autofree char *text = bie_test_geojson_feature ("{\"code\":\"003400\"}", bie_test_geojson_square (-74.1, 4.6, 0.001));
  g_autofree char *empty = write_file (fixture, "empty.geojson",
                                       "{\"type\":\"FeatureCollection\",\"features\":[]}");
  g_autofree char *no_list = write_file (fixture, "no-list.geojson",
                                         "{\"type\":\"FeatureCollection\",\"features\":{}}");
  g_autofree char *projected = write_file (fixture, "projected.geojson",
                                           "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                                           "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3116\"}},"
                                           "\"features\":[]}");

  single = write_file (fixture, "single.geojson", text);
  assert_refused (fixture, array, BIE_GEO_ERROR_NOT_GEOJSON, "“array.json” is JSON but not a GeoJSON layer*");
  assert_refused (fixture, single, BIE_GEO_ERROR_NOT_GEOJSON,
                  "“single.geojson” holds a single GeoJSON Feature, not a FeatureCollection*");
  assert_refused (fixture, empty, BIE_GEO_ERROR_EMPTY, "“empty.geojson” has no features*");
  assert_refused (fixture, no_list, BIE_GEO_ERROR_NOT_GEOJSON, "*without a list of features*");
  assert_refused (fixture, projected, BIE_GEO_ERROR_COORDINATES, "*coordinate system urn:ogc:def:crs:EPSG::3116*");

  /* Members of the wrong JSON type are the file's fault, never a
   * programming error. */
  {
    g_autofree char *type_object = write_file (fixture, "type-object.geojson",
                                               "{\"type\":{\"is\":\"FeatureCollection\"},\"features\":[]}");
    g_autofree char *crs_array = write_file (fixture, "crs-array.geojson",
                                             "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                                             "\"properties\":{\"name\":[3116]}},\"features\":[]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(BieGeometry) geometry = NULL;

    assert_refused (fixture, type_object, BIE_GEO_ERROR_NOT_GEOJSON, "“type-object.geojson” is JSON but not*");
    assert_refused (fixture, crs_array, BIE_GEO_ERROR_EMPTY, "“crs-array.geojson” has no features*");
    geometry = bie_geometry_new_from_geojson ("{\"type\":[\"Polygon\"],\"coordinates\":[]}", &error);
    g_assert_null (geometry);
    g_assert_nonnull (error);
  }

  /* A crs without a name says nothing against longitude/latitude. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BieGeoLayer) layer =
      bie_geo_layer_load_from_data ("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\"},"
                                    "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"1\"},"
                                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                                    "[[[0,0],[1,0],[1,1],[0,0]]]}}]}",
                                    -1, "crs.geojson", "code", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (layer->features->len, ==, 1);
  }
}

/* json-glib does not read NaN at all: the file is not JSON. */
static void
test_nan (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "nan.geojson",
                                      "{\"type\":\"FeatureCollection\",\"features\":[\n"
                                      "{\"type\":\"Feature\",\"properties\":{\"code\":\"003400\"},"
                                      "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                                      "[[[-74.1,4.6],[NaN,4.6],[-74.0,4.7],[-74.1,4.6]]]}}]}");

  assert_refused (fixture, path, BIE_GEO_ERROR_NOT_JSON, "“nan.geojson” is not valid JSON*line 2, character *");
}

/* A file far larger than a layer is refused on its size alone, before a
 * byte of it is read: a sparse file of 200 MB costs no disk. Its first
 * bytes are cut-off JSON, so a file that was read would be refused as
 * that instead; and the test allows itself much less address space than
 * the file needs, so a file that was mapped or loaded would fail to be. */
static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "huge.geojson", "{\"type\":\"FeatureCollection\",\"features\":[");
  g_autofree char *statm = NULL;
  g_autoptr(GFileInfo) warm = NULL;
  g_autoptr(GFile) file = NULL;
  struct rlimit limit, saved;
  gboolean limited = FALSE;
  gint64 started;
  int fd;

  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1000 * 1000), ==, 0);
  close (fd);

  /* GIO loads its modules at first use: before the limit, not under it. */
  file = g_file_new_for_path (path);
  warm = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_nonnull (warm);

  if (!under_valgrind () &&
      g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) &&
      getrlimit (RLIMIT_AS, &saved) == 0)
    {
      guint64 in_use = g_ascii_strtoull (statm, NULL, 10) * sysconf (_SC_PAGESIZE);

      limit = saved;
      limit.rlim_cur = in_use + 64 * 1024 * 1024;
      if (saved.rlim_max == RLIM_INFINITY || limit.rlim_cur < saved.rlim_max)
        limited = setrlimit (RLIMIT_AS, &limit) == 0;
    }

  started = g_get_monotonic_time ();
  assert_refused (fixture, path, BIE_GEO_ERROR_TOO_LARGE,
                  "“huge.geojson” is 200.0?MB; the largest layer Bienestar reads is 100.0?MB.");
  if (!under_valgrind ())
    g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);

  if (limited)
    g_assert_cmpint (setrlimit (RLIMIT_AS, &saved), ==, 0);
  else
    g_test_message ("The address space could not be limited");
}

static void
test_nothing_usable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "points.geojson",
                                      "{\"type\":\"FeatureCollection\",\"features\":[\n"
                                      "{\"type\":\"Feature\",\"properties\":{\"code\":\"003400\"},"
                                      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-74.1,4.6]}},\n"
                                      "{\"type\":\"Feature\",\"properties\":{\"code\":\"003401\"},"
                                      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-74.1,4.7]}}]}");

  assert_refused (fixture, path, BIE_GEO_ERROR_NOTHING_USABLE,
                  "None of the 2 features of “points.geojson” can be imported. "
                  "The first: Feature 1 (code 003400): The geometry is a Point, not a Polygon or a MultiPolygon.");
}

/* Features */

/* Every kind of bad feature in one layer, beside one good one: each is
 * skipped with its reason, the good one kept. */
static void
test_bad_features (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  const BieGeoFeature *good;

  text = bie_test_geojson_collection (
    /* 0 */ bie_test_geojson_feature ("{\"code\":\"000001\",\"name\":\"Bueno\"}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
    /* 1 */ bie_test_geojson_feature ("{\"code\":\"000002\"}",
                     g_strdup ("{\"type\":\"Polygon\",\"coordinates\":[[[-74.1,4.6],[-74.0,4.6]]]}")),
    /* 2 */ bie_test_geojson_feature ("{\"code\":\"000003\"}",
                     g_strdup ("{\"type\":\"Polygon\",\"coordinates\":"
                               "[[[-74.1,4.6],[-74.0,4.6],[-74.0,95],[-74.1,4.6]]]}")),
    /* 3 */ bie_test_geojson_feature ("{\"code\":\"000004\"}",
                     g_strdup ("{\"type\":\"Polygon\",\"coordinates\":"
                               "[[[-74.1,4.6],[1e999,4.6],[-74.0,4.7],[-74.1,4.6]]]}")),
    /* 4: a bow-tie */
            bie_test_geojson_feature ("{\"code\":\"000005\"}",
                     g_strdup ("{\"type\":\"Polygon\",\"coordinates\":"
                               "[[[-74.1,4.6],[-74.0,4.7],[-74.0,4.6],[-74.1,4.7],[-74.1,4.6]]]}")),
    /* 5 */ bie_test_geojson_feature ("{\"name\":\"Sin código\"}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
    /* 6 */ bie_test_geojson_feature ("{\"code\":\"  \"}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
    /* 7, 8, 10: one code, three features */
            bie_test_geojson_feature ("{\"code\":\"000006\"}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
            bie_test_geojson_feature ("{\"code\":\"000006\"}", bie_test_geojson_square (-74.1, 4.7, 0.001)),
    /* 9 */ bie_test_geojson_feature ("{\"code\":\"000007\"}",
                     g_strdup ("{\"type\":\"Polygon\",\"coordinates\":"
                               "[[[-74.1,4.6],[-74.0,4.6],[-74.0,4.7],[-74.1,4.7]]]}")),
            bie_test_geojson_feature ("{\"code\":\"000006\"}", bie_test_geojson_square (-74.1, 4.8, 0.001)),
    /* 11 */ bie_test_geojson_feature ("{\"code\":\"000008\"}",
                      g_strdup ("{\"type\":\"LineString\",\"coordinates\":[[-74.1,4.6],[-74.0,4.6]]}")),
    /* 12 */ bie_test_geojson_feature ("{\"code\":\"000009\"}", g_strdup ("null")),
    /* 13: a MultiPolygon whose second part has a hole crossing itself */
             bie_test_geojson_feature ("{\"code\":\"000010\"}",
                      g_strdup ("{\"type\":\"MultiPolygon\",\"coordinates\":["
                                "[[[-74.2,4.5],[-74.1,4.5],[-74.1,4.6],[-74.2,4.5]]],"
                                "[[[-74.0,4.5],[-73.9,4.5],[-73.9,4.6],[-74.0,4.6],[-74.0,4.5]],"
                                "[[-73.98,4.52],[-73.92,4.58],[-73.92,4.52],[-73.98,4.58],[-73.98,4.52]]]]}")),
    /* 14: a whole-number code is a code */
             bie_test_geojson_feature ("{\"code\":42}", bie_test_geojson_square (-74.1, 4.6, 0.001)),
    NULL);
  path = write_file (fixture, "bad.geojson", text);

  layer = bie_geo_layer_load (path, "code", "name", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_cmpuint (layer->n_read, ==, 15);
  g_assert_cmpuint (layer->features->len, ==, 2);
  g_assert_cmpuint (layer->problems->len, ==, 13);

  good = g_ptr_array_index (layer->features, 0);
  g_assert_cmpuint (good->index, ==, 0);
  g_assert_cmpstr (good->code, ==, "000001");
  g_assert_cmpstr (good->name, ==, "Bueno");
  g_assert_cmpuint (good->geometry->n_points, ==, 5);
  good = g_ptr_array_index (layer->features, 1);
  g_assert_cmpstr (good->code, ==, "42");
  g_assert_null (good->name);

  assert_problem (layer->problems, 1, "000002",
                  "Its outer boundary has only 2 points; a closed boundary needs at least 4.");
  assert_problem (layer->problems, 2, "000003",
                  "Its outer boundary has point 3 at -74.00000, 95.00000, which is not a longitude and a latitude*");
  assert_problem (layer->problems, 3, "000004",
                  "Its outer boundary has a coordinate that is not a number at point 2.");
  assert_problem (layer->problems, 4, "000005",
                  "Its outer boundary crosses itself near longitude -74.05000, latitude 4.65000 "
                  "(the stretch from point 1 to 2 crosses the one from point 3 to 4).");
  assert_problem (layer->problems, 5, NULL, "It has no code: its property “code” is missing or empty.");
  assert_problem (layer->problems, 6, NULL, "It has no code*");
  assert_problem (layer->problems, 7, "000006",
                  "The code 000006 is given to 3 features (8, 9, 11): none of them was imported.");
  assert_problem (layer->problems, 8, "000006", "The code 000006 is given to 3 features*");
  assert_problem (layer->problems, 10, "000006", "The code 000006 is given to 3 features*");
  assert_problem (layer->problems, 9, "000007", "Its outer boundary is not closed: its last point is not its first.");
  assert_problem (layer->problems, 11, "000008", "The geometry is a LineString, not a Polygon or a MultiPolygon.");
  assert_problem (layer->problems, 12, "000009", "It has no geometry.");
  assert_problem (layer->problems, 13, "000010", "Hole 1 of its part 2 crosses itself near*");

  /* How the command line and dialogs name them. */
  {
    g_autofree char *line = bie_geo_problem_describe (problem_at (layer->problems, 4));
    g_autofree char *no_code = bie_geo_problem_describe (problem_at (layer->problems, 5));

    g_assert_true (g_str_has_prefix (line, "Feature 5 (code 000005): Its outer boundary crosses itself"));
    g_assert_true (g_str_has_prefix (no_code, "Feature 6: It has no code"));
  }
}

static BieGeometry *
geometry_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  BieGeometry *geometry = bie_geometry_new_from_geojson (json, &error);

  g_assert_no_error (error);

  return geometry;
}

/* What a boundary may and may not do. */
static void
test_boundaries (void)
{
  g_autoptr(BieGeometry) repeated = NULL;
  g_autoptr(BieGeometry) figure_eight = NULL;
  g_autoptr(BieGeometry) spike_free = NULL;
  g_autoptr(BieGeometry) circle = bie_geometry_new ();
  g_autofree char *reason = NULL;
  g_autofree double *ring = NULL;
  const guint n = 20000;
  gint64 started;

  /* A point given twice in a row is harmless. */
  repeated = geometry_of ("{\"type\":\"Polygon\",\"coordinates\":"
                          "[[[-74.1,4.6],[-74.0,4.6],[-74.0,4.6],[-74.0,4.7],[-74.1,4.7],[-74.1,4.6],[-74.1,4.6]]]}");
  g_assert_null (bie_geo_layer_check_geometry (repeated));

  /* Touching itself at a corner is not a boundary either. */
  figure_eight = geometry_of ("{\"type\":\"Polygon\",\"coordinates\":"
                              "[[[0,0],[2,0],[1,1],[2,2],[0,2],[1,1],[0,0]]]}");
  reason = bie_geo_layer_check_geometry (figure_eight);
  g_assert_nonnull (reason);
  g_assert_true (g_pattern_match_simple ("Its outer boundary crosses itself near longitude 1.00000, latitude 1.00000*",
                                         reason));
  g_clear_pointer (&reason, g_free);

  /* A polygon with a hole, and a two-part MultiPolygon: fine. */
  spike_free = geometry_of ("{\"type\":\"MultiPolygon\",\"coordinates\":["
                            "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,3],[3,3],[3,1],[1,1]]],"
                            "[[[5,5],[6,5],[6,6],[5,5]]]]}");
  g_assert_null (bie_geo_layer_check_geometry (spike_free));

  /* A long ring is checked fast: 20,000 points, ten times a localidad's. */
  ring = g_new (double, 2 * (n + 1));
  for (guint i = 0; i <= n; i++)
    {
      double angle = 2 * G_PI * (i % n) / n;
      double radius = 0.1 * (1 + 0.05 * sin (37 * angle));

      ring[2 * i] = -74.1 + radius * cos (angle);
      ring[2 * i + 1] = 4.6 + radius * sin (angle);
    }
  bie_geometry_begin_polygon (circle);
  bie_geometry_add_ring (circle, ring, n + 1);
  started = g_get_monotonic_time ();
  g_assert_null (bie_geo_layer_check_geometry (circle));
  g_test_message ("A ring of %u points checked in %.1f ms", n,
                  (g_get_monotonic_time () - started) / 1000.0);

  /* One point moved across the ring: found. */
  ring[2 * 100] = -74.1 - 0.2;
  ring[2 * 100 + 1] = 4.6;
  g_clear_pointer (&circle, bie_geometry_free);
  circle = bie_geometry_new ();
  bie_geometry_begin_polygon (circle);
  bie_geometry_add_ring (circle, ring, n + 1);
  reason = bie_geo_layer_check_geometry (circle);
  g_assert_nonnull (reason);
  g_assert_true (g_pattern_match_simple ("Its outer boundary crosses itself*", reason));
}

/* Applying */

typedef struct
{
  guint  n_emissions;
  GArray *sector_ids;
  GArray *localidad_ids;
} Changes;

static void
on_changed (BieStore  *store,
            BieEntity  entity,
            GArray    *ids,
            Changes   *changes)
{
  changes->n_emissions++;
  g_assert_nonnull (ids);
  if (entity == BIE_ENTITY_SECTOR)
    g_array_append_vals (changes->sector_ids, ids->data, ids->len);
  else if (entity == BIE_ENTITY_LOCALIDAD)
    g_array_append_vals (changes->localidad_ids, ids->data, ids->len);
}

static void
flush_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
array_has (GArray *ids,
           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

static BieGeoLayer *
layer_of (Fixture    *fixture,
          const char *name,
          char       *text,
          const char *name_property)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (fixture, name, text);
  BieGeoLayer *layer;

  g_free (text);
  layer = bie_geo_layer_load (path, "code", name_property, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);

  return layer;
}

static void
test_import_sectors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autoptr(BieSector) before = load_sector (fixture->store, "004000");
  g_autoptr(BieSector) updated = NULL;
  g_autoptr(BieSector) added = NULL;
  g_autofree char *text = NULL;
  Changes changes = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  double lon, lat;
  gint64 localidad_id, n_sectors, outbox;

  g_assert_true (before->generated);
  point_in_sector (fixture->store, "004100", &lon, &lat, &localidad_id);
  n_sectors = query_int (fixture->store, "SELECT count (*) FROM sector");
  outbox = query_int (fixture->store, "SELECT count (*) FROM outbox");

  layer = layer_of (fixture, "good.geojson", bie_test_geojson_collection (
    /* An existing sector, moved to where no demo sector is. */
    bie_test_geojson_feature ("{\"code\":\"004000\",\"name\":\"Lucero Bajo\"}", bie_test_geojson_square (-75.0, 5.0, 0.002)),
    /* A new one, in the demo sector 004100's localidad. */
    bie_test_geojson_feature ("{\"code\":\"999001\",\"name\":\"Nuevo\"}", bie_test_geojson_square (lon, lat, 0.0001)),
    /* A new one, far from the city. */
    bie_test_geojson_feature ("{\"code\":\"999002\"}", bie_test_geojson_square (-70.0, 10.0, 0.001)),
    /* A bow-tie. */
    bie_test_geojson_feature ("{\"code\":\"999003\"}",
             g_strdup ("{\"type\":\"Polygon\",\"coordinates\":"
                       "[[[-74.1,4.6],[-74.0,4.7],[-74.0,4.6],[-74.1,4.7],[-74.1,4.6]]]}")),
    NULL), "name");

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &changes);
  g_assert_true (bie_store_import_sectors (fixture->store, layer, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_read, ==, 4);
  g_assert_cmpuint (report->n_updated, ==, 1);
  g_assert_cmpuint (report->n_added, ==, 1);
  g_assert_cmpuint (report->n_skipped, ==, 2);
  assert_problem (report->skipped, 2, "999002", "It is a new sector outside every localidad*");
  assert_problem (report->problems, 3, "999003", "Its outer boundary crosses itself*");

  /* The existing sector: the new boundary and name, no longer generated. */
  updated = load_sector (fixture->store, "004000");
  g_assert_cmpint (updated->record.id, ==, before->record.id);
  g_assert_cmpstr (updated->record.uuid, ==, before->record.uuid);
  g_assert_cmpint (updated->localidad_id, ==, before->localidad_id);
  g_assert_false (updated->generated);
  g_assert_cmpstr (updated->name, ==, "Lucero Bajo");
  g_assert_cmpfloat_with_epsilon (updated->min_lon, -75.002, 1e-9);
  g_assert_cmpfloat_with_epsilon (updated->max_lon, -74.998, 1e-9);
  g_assert_cmpfloat_with_epsilon (updated->min_lat, 4.998, 1e-9);
  g_assert_cmpfloat_with_epsilon (updated->max_lat, 5.002, 1e-9);
  g_assert_cmpint (updated->record.updated_at, >, before->record.updated_at);
  {
    g_autoptr(BieGeometry) geometry = bie_geometry_new_from_geojson (updated->geometry, NULL);

    g_assert_nonnull (geometry);
    g_assert_true (bie_geometry_contains (geometry, -75.0, 5.0));
  }
  /* The spatial index moved with it. */
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT id FROM sector_bounds WHERE min_lon <= -75.0 AND max_lon >= -75.0 "
                              "AND min_lat <= 5.0 AND max_lat >= 5.0"), ==, updated->record.id);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count (*) FROM sector_bounds WHERE min_lon > -74.5"
                              " AND id = (SELECT id FROM sector WHERE code = '004000')"), ==, 0);

  /* The new sector: in 004100's localidad, a record like any other. */
  added = load_sector (fixture->store, "999001");
  g_assert_cmpint (added->localidad_id, ==, localidad_id);
  g_assert_cmpstr (added->name, ==, "Nuevo");
  g_assert_false (added->generated);
  g_assert_false (added->record.deleted);
  g_assert_true (g_uuid_string_is_valid (added->record.uuid));
  g_assert_cmpint (added->record.updated_at, >, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM sector_bounds WHERE id = "
                                              "(SELECT id FROM sector WHERE code = '999001')"), ==, 1);
  g_assert_cmpint (sector_id (fixture->store, "999002"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM sector"), ==, n_sectors + 1);

  /* The district's geometry is not a local edit: nothing to send. */
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM outbox"), ==, outbox);

  /* Views are told which sectors changed. */
  flush_main_context ();
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.sector_ids->len, ==, 2);
  g_assert_true (array_has (changes.sector_ids, updated->record.id));
  g_assert_true (array_has (changes.sector_ids, added->record.id));

  /* What the command line prints. */
  {
    g_autofree char *printed = bie_geo_import_report_format (report);

    g_assert_cmpstr (printed, ==,
                     "good.geojson: 4 features read.\n"
                     "1 sector updated, 1 added, 2 skipped:\n"
                     "  Feature 3 (code 999002): It is a new sector outside every localidad: no sector of "
                     "the cache is where it is, and no localidad boundary was imported yet.\n"
                     "  Feature 4 (code 999003): Its outer boundary crosses itself near longitude -74.05000, "
                     "latitude 4.65000 (the stretch from point 1 to 2 crosses the one from point 3 to 4).\n");
  }

  g_signal_handlers_disconnect_by_data (fixture->store, &changes);
  g_array_unref (changes.sector_ids);
  g_array_unref (changes.localidad_ids);
}

/* Localidad boundaries: by code ("1" is "01"), never added; once known,
 * new sectors go to the localidad whose boundary holds them. */
static void
test_import_localidades (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autoptr(BieGeoLayer) sectors = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autoptr(BieGeoImportReport) sector_report = NULL;
  g_autoptr(BieSector) added = NULL;
  double lon, lat;
  gint64 demo_localidad, other, n_localidades;
  const char *other_code;

  point_in_sector (fixture->store, "004100", &lon, &lat, &demo_localidad);
  other_code = query_int (fixture->store, "SELECT id FROM localidad WHERE code = '01'") == demo_localidad ? "2" : "1";
  other = bie_store_find_code (fixture->store, BIE_ENTITY_LOCALIDAD, other_code[0] == '1' ? "01" : "02", &error);
  g_assert_no_error (error);
  g_assert_cmpint (other, >, 0);
  n_localidades = query_int (fixture->store, "SELECT count (*) FROM localidad");

  {
    g_autofree char *props = g_strdup_printf ("{\"code\":\"%s\"}", other_code);

    /* A boundary around the demo sector 004100, given to another localidad. */
    layer = layer_of (fixture, "localidades.geojson", bie_test_geojson_collection (
      bie_test_geojson_feature (props, bie_test_geojson_square (lon, lat, 0.01)),
      bie_test_geojson_feature ("{\"code\":\"99\"}", bie_test_geojson_square (-74.0, 4.0, 0.01)),
      bie_test_geojson_feature ("{\"code\":\"0\"}", bie_test_geojson_square (-74.0, 4.0, 0.01)),
      NULL), NULL);
  }
  g_assert_true (bie_store_import_localidades (fixture->store, layer, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_updated, ==, 1);
  g_assert_cmpuint (report->n_added, ==, 0);
  g_assert_cmpuint (report->n_skipped, ==, 2);
  assert_problem (report->skipped, 1, "99", "Bienestar knows no localidad with the code 99*");
  assert_problem (report->skipped, 2, "0", "Bienestar knows no localidad with the code 00*");
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM localidad"), ==, n_localidades);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM localidad WHERE geometry IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM localidad_bounds"), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT id FROM localidad_bounds"), ==, other);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM outbox"), ==, 0);

  /* The boundary decides, not the demo sectors around. */
  sectors = layer_of (fixture, "new.geojson", bie_test_geojson_collection (
    bie_test_geojson_feature ("{\"code\":\"999001\"}", bie_test_geojson_square (lon, lat, 0.0001)),
    bie_test_geojson_feature ("{\"code\":\"999002\"}", bie_test_geojson_square (lon + 0.05, lat, 0.0001)),
    NULL), NULL);
  g_assert_true (bie_store_import_sectors (fixture->store, sectors, &sector_report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sector_report->n_added, ==, 1);
  assert_problem (sector_report->skipped, 1, "999002", "It is a new sector outside every localidad’s boundary*");
  added = load_sector (fixture->store, "999001");
  g_assert_cmpint (added->localidad_id, ==, other);
  g_assert_cmpint (added->localidad_id, !=, demo_localidad);
  /* Without a name property, the code is its name. */
  g_assert_cmpstr (added->name, ==, "999001");
}

/* Nothing half-way: a failure in the middle of the import leaves the
 * territory exactly as it was. */
static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autoptr(BieSector) after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *digest = NULL;
  Changes changes = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  double lon, lat;
  gint64 localidad_id;

  point_in_sector (fixture->store, "004100", &lon, &lat, &localidad_id);
  layer = layer_of (fixture, "good.geojson", bie_test_geojson_collection (
    bie_test_geojson_feature ("{\"code\":\"004000\"}", bie_test_geojson_square (-75.0, 5.0, 0.002)),
    bie_test_geojson_feature ("{\"code\":\"004001\"}", bie_test_geojson_square (-75.0, 5.1, 0.002)),
    bie_test_geojson_feature ("{\"code\":\"999001\"}", bie_test_geojson_square (lon, lat, 0.0001)),
    NULL), NULL);

  /* The third feature's insert fails, after two updates. */
  g_assert_cmpint (sqlite3_exec (bie_store_get_connection (fixture->store),
                                 "CREATE TEMP TRIGGER fail_import BEFORE INSERT ON main.sector "
                                 "WHEN new.code = '999001' BEGIN SELECT RAISE (ABORT, 'injected failure'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  before = bie_test_territory_digest (fixture->store);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &changes);

  g_assert_false (bie_store_import_sectors (fixture->store, layer, &report, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
  g_assert_null (report);

  digest = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (digest, ==, before);
  after = load_sector (fixture->store, "004000");
  g_assert_true (after->generated);
  flush_main_context ();
  g_assert_cmpuint (changes.n_emissions, ==, 0);

  /* And the store goes on: without the fault the same layer applies. */
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (bie_store_get_connection (fixture->store), "DROP TRIGGER fail_import",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (bie_store_import_sectors (fixture->store, layer, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_updated, ==, 2);
  g_assert_cmpuint (report->n_added, ==, 1);

  g_signal_handlers_disconnect_by_data (fixture->store, &changes);
  g_array_unref (changes.sector_ids);
  g_array_unref (changes.localidad_ids);
}

/* The district's real layers */

static char *
real_layer (const char *name)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "..", "shared", "geo",
                                            name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *message = g_strdup_printf ("%s is not here", name);

      g_test_skip (message);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static BieGeoLayer *
load_real (const char *path,
           const char *code_property,
           const char *name_property,
           double     *seconds)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  BieGeoLayer *layer = bie_geo_layer_load (path, code_property, name_property, NULL, &error);

  *seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  for (guint i = 0; i < layer->problems->len; i++)
    {
      g_autofree char *line = bie_geo_problem_describe (g_ptr_array_index (layer->problems, i));

      g_test_message ("%s", line);
    }

  return layer;
}

static void
test_real_layers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localidades_path = real_layer ("bogota_localidades.geojson");
  g_autofree char *upz_path = real_layer ("bogota_upz.geojson");
  g_autoptr(BieGeoLayer) localidades = NULL;
  g_autoptr(BieGeoLayer) upz = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  g_autoptr(BieGeoImportReport) upz_report = NULL;
  double load_seconds, import_seconds;
  guint agree = 0;
  gint64 started;

  if (localidades_path == NULL || upz_path == NULL)
    return;

  /* The 20 localidades, each a valid polygon. */
  localidades = load_real (localidades_path, "LocCodigo", NULL, &load_seconds);
  g_assert_cmpuint (localidades->n_read, ==, 20);
  g_assert_cmpuint (localidades->problems->len, ==, 0);
  g_assert_true (bie_store_import_localidades (fixture->store, localidades, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_updated, ==, 20);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT count (*) FROM localidad_bounds"), ==, 20);
  g_test_message ("Localidades: read and checked in %.3f s", load_seconds);

  /* The 116 UPZ as sectors: every one valid, new, in a localidad. */
  upz = load_real (upz_path, "UPlCodigo", "UPlNombre", &load_seconds);
  g_assert_cmpuint (upz->n_read, ==, 116);
  g_assert_cmpuint (upz->problems->len, ==, 0);
  /* Well under a second on a laptop; two leave room for a busy machine. */
  if (!under_valgrind ())
    g_assert_cmpfloat (load_seconds, <, 2.0);

  started = g_get_monotonic_time ();
  g_assert_true (bie_store_import_sectors (fixture->store, upz, &upz_report, &error));
  import_seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  for (guint i = 0; i < upz_report->skipped->len; i++)
    {
      g_autofree char *line = bie_geo_problem_describe (g_ptr_array_index (upz_report->skipped, i));

      g_test_message ("%s", line);
    }
  g_assert_cmpuint (upz_report->n_added, ==, 116);
  g_assert_cmpuint (upz_report->n_skipped, ==, 0);
  g_test_message ("UPZ: read and checked in %.3f s, imported in %.3f s", load_seconds, import_seconds);

  /* Each in the localidad holding most of it, as the layer says. */
  for (guint i = 0; i < upz->features->len; i++)
    {
      const BieGeoFeature *feature = g_ptr_array_index (upz->features, i);
      g_autoptr(BieSector) sector = load_sector (fixture->store, feature->code);
      BieLocalidad *localidad = bie_store_load (fixture->store, BIE_ENTITY_LOCALIDAD, sector->localidad_id, &error);
      const char *expected = json_object_get_string_member (feature->properties, "LocCodigo");

      g_assert_no_error (error);
      g_assert_cmpstr (sector->name, ==, feature->name);
      if (g_strcmp0 (localidad->code, expected) == 0)
        agree++;
      else
        g_test_message ("%s %s: in localidad %s, the layer says %s", feature->code, feature->name,
                        localidad->code, expected);
      bie_record_free (BIE_ENTITY_LOCALIDAD, localidad);
    }
  g_test_message ("%u of %u UPZ in the localidad the layer gives", agree, upz->features->len);
  g_assert_cmpuint (agree * 100, >=, 95 * upz->features->len);
}

/* One point per sector is not a boundary: refused, saying why. */
static void
test_real_points (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = real_layer ("bogota_sectores_catastrales_puntos.geojson");

  if (path == NULL)
    return;

  assert_refused_by (fixture, path, "SCACODIGO", BIE_GEO_ERROR_NOTHING_USABLE,
                     "None of the 1193 features of “bogota_sectores_catastrales_puntos.geojson” can be "
                     "imported. The first: Feature 1 (code *): The geometry is a Point, not a Polygon "
                     "or a MultiPolygon.");
}

static void
build_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (3, G_DATE_NOVEMBER, 2024);
  BieDemoOptions options;

  template_dir = g_dir_make_tmp ("bienestar-geo-template-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (template_dir, "demo.sqlite", NULL);

  bie_demo_options_init (&options);
  options.n_households = 20;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (template_path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  build_template ();

#define ADD(path, func) \
  g_test_add ("/geo-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("refused/truncated", test_truncated);
  ADD ("refused/not-geojson", test_not_geojson);
  ADD ("refused/nan", test_nan);
  ADD ("refused/too-large", test_too_large);
  ADD ("refused/nothing-usable", test_nothing_usable);
  ADD ("features/bad", test_bad_features);
  g_test_add_func ("/geo-import/features/boundaries", test_boundaries);
  ADD ("apply/sectors", test_import_sectors);
  ADD ("apply/localidades", test_import_localidades);
  ADD ("apply/atomic", test_atomic);
  ADD ("real/localidades-and-upz", test_real_layers);
  ADD ("real/points", test_real_points);

#undef ADD

  status = g_test_run ();

  bie_store_remove_files (template_path);
  g_rmdir (template_dir);
  g_free (template_path);
  g_free (template_dir);

  return status;
}
