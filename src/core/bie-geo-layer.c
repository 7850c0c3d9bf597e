/* bie-geo-layer.c: a GeoJSON layer of the territory, read and judged
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-geo-layer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "bie-geo-layer.h"
#include "bie-json.h"

G_DEFINE_QUARK (bie-geo-error-quark, bie_geo_error)

/* Problems */

/**
 * bie_geo_problem_new:
 * @code: (nullable): the feature's code, when it has one
 *
 * Returns: (transfer full): a problem of the feature at @index
 */
BieGeoProblem *
bie_geo_problem_new (guint       index,
                     const char *code,
                     const char *reason)
{
  BieGeoProblem *problem = g_new0 (BieGeoProblem, 1);

  problem->index = index;
  problem->code = g_strdup (code);
  problem->reason = g_strdup (reason);

  return problem;
}

BieGeoProblem *
bie_geo_problem_copy (const BieGeoProblem *problem)
{
  return bie_geo_problem_new (problem->index, problem->code, problem->reason);
}

void
bie_geo_problem_free (BieGeoProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->code);
  g_free (problem->reason);
  g_free (problem);
}

/**
 * bie_geo_problem_describe:
 *
 * Returns: (transfer full): one line naming the feature and the problem
 */
char *
bie_geo_problem_describe (const BieGeoProblem *problem)
{
  if (problem->code != NULL)
    /* Translators: a feature of a map layer, its number in the file, its
     * code, then why it was not imported (a sentence) */
    return g_strdup_printf (_("Feature %u (code %s): %s"),
                            problem->index + 1, problem->code, problem->reason);

  /* Translators: a feature of a map layer, its number in the file, then
   * why it was not imported (a sentence) */
  return g_strdup_printf (_("Feature %u: %s"), problem->index + 1, problem->reason);
}

static void
geo_feature_free (gpointer data)
{
  BieGeoFeature *feature = data;

  g_free (feature->code);
  g_free (feature->name);
  bie_geometry_free (feature->geometry);
  g_clear_pointer (&feature->properties, json_object_unref);
  g_free (feature);
}

void
bie_geo_layer_free (BieGeoLayer *layer)
{
  if (layer == NULL)
    return;

  g_free (layer->display_name);
  g_free (layer->code_property);
  g_free (layer->name_property);
  g_clear_pointer (&layer->features, g_ptr_array_unref);
  g_clear_pointer (&layer->problems, g_ptr_array_unref);
  g_free (layer);
}

/* Rings */

/* Which ring of @geometry @r is, as the subject of a sentence. */
static char *
ring_label (const BieGeometry *geometry,
            guint              r)
{
  for (guint p = 0; p < geometry->n_polygons; p++)
    {
      const BiePolygonSpan *polygon = &geometry->polygons[p];
      guint hole;

      if (r < polygon->first_ring || r >= polygon->first_ring + polygon->n_rings)
        continue;

      hole = r - polygon->first_ring;
      if (geometry->n_polygons == 1)
        return hole == 0 ? g_strdup (_("Its outer boundary"))
                         /* Translators: a hole in a polygon, by number */
                         : g_strdup_printf (_("Hole %u of its boundary"), hole);
      if (hole == 0)
        /* Translators: a MultiPolygon's parts, by number */
        return g_strdup_printf (_("The outer boundary of its part %u"), p + 1);
      /* Translators: a hole, by number, in a part of a MultiPolygon, by number */
      return g_strdup_printf (_("Hole %u of its part %u"), hole, p + 1);
    }

  g_assert_not_reached ();
}

static char *
format_coordinate (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%.5f", value));
}

typedef struct
{
  double min_x, max_x;
  guint  k;           /* from point k to point k + 1 of the ring's distinct points */
} Segment;

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const Segment *sa = a, *sb = b;

  return (sa->min_x > sb->min_x) - (sa->min_x < sb->min_x);
}

static int
orientation (const double *a,
             const double *b,
             const double *c)
{
  double v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);

  return (v > 0) - (v < 0);
}

/* Whether @c, on the line through @a and @b, lies within the segment. */
static gboolean
within (const double *a,
        const double *b,
        const double *c)
{
  return c[0] >= MIN (a[0], b[0]) && c[0] <= MAX (a[0], b[0]) &&
         c[1] >= MIN (a[1], b[1]) && c[1] <= MAX (a[1], b[1]);
}

/* Whether segments p1–p2 and p3–p4 cross or touch; where, in @at. */
static gboolean
segments_meet (const double *p1,
               const double *p2,
               const double *p3,
               const double *p4,
               double        at[2])
{
  int d1 = orientation (p3, p4, p1);
  int d2 = orientation (p3, p4, p2);
  int d3 = orientation (p1, p2, p3);
  int d4 = orientation (p1, p2, p4);

  if (d1 * d2 < 0 && d3 * d4 < 0)
    {
      double rx = p2[0] - p1[0], ry = p2[1] - p1[1];
      double sx = p4[0] - p3[0], sy = p4[1] - p3[1];
      double t = ((p3[0] - p1[0]) * sy - (p3[1] - p1[1]) * sx) / (rx * sy - ry * sx);

      at[0] = p1[0] + t * rx;
      at[1] = p1[1] + t * ry;
      return TRUE;
    }

  /* Touching is as wrong as crossing: a boundary meets itself nowhere. */
  {
    const double *touch = NULL;

    if (d1 == 0 && within (p3, p4, p1))
      touch = p1;
    else if (d2 == 0 && within (p3, p4, p2))
      touch = p2;
    else if (d3 == 0 && within (p1, p2, p3))
      touch = p3;
    else if (d4 == 0 && within (p1, p2, p4))
      touch = p4;
    if (touch == NULL)
      return FALSE;
    at[0] = touch[0];
    at[1] = touch[1];
    return TRUE;
  }
}

/* The first pair of non-adjacent segments of ring @r that meet, by a sweep
 * along longitude: each segment is compared only with those whose
 * longitudes overlap its own, a few for the rings of a city. */
static char *
check_crossings (const BieGeometry *geometry,
                 guint              r)
{
  const BieRingSpan *ring = &geometry->rings[r];
  const double *xy = geometry->coords + 2 * ring->first_point;
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (guint), ring->n_points);
  g_autoptr(GArray) segments = NULL;
  const guint *pt;
  guint n_segments;

  /* Repeated points are harmless: their segments have no length. */
  for (guint p = 0; p < ring->n_points; p++)
    {
      if (points->len > 0)
        {
          guint last = g_array_index (points, guint, points->len - 1);

          if (xy[2 * last] == xy[2 * p] && xy[2 * last + 1] == xy[2 * p + 1])
            continue;
        }
      g_array_append_val (points, p);
    }

  pt = (const guint *) points->data;
  n_segments = points->len - 1;
  if (n_segments < 3)
    {
      g_autofree char *label = ring_label (geometry, r);

      /* Translators: %s is a boundary: "Its outer boundary", "Hole 2 of its boundary"... */
      return g_strdup_printf (_("%s has fewer than three distinct corners: it encloses nothing."), label);
    }

  segments = g_array_sized_new (FALSE, FALSE, sizeof (Segment), n_segments);
  for (guint k = 0; k < n_segments; k++)
    {
      Segment segment;

      segment.min_x = MIN (xy[2 * pt[k]], xy[2 * pt[k + 1]]);
      segment.max_x = MAX (xy[2 * pt[k]], xy[2 * pt[k + 1]]);
      segment.k = k;
      g_array_append_val (segments, segment);
    }
  g_array_sort (segments, compare_segments);

  for (guint i = 0; i < n_segments; i++)
    {
      const Segment *a = &g_array_index (segments, Segment, i);
      const double *a1 = xy + 2 * pt[a->k], *a2 = xy + 2 * pt[a->k + 1];
      double a_min_y = MIN (a1[1], a2[1]), a_max_y = MAX (a1[1], a2[1]);

      for (guint j = i + 1; j < n_segments; j++)
        {
          const Segment *b = &g_array_index (segments, Segment, j);
          const double *b1, *b2;
          guint lo, hi;
          double at[2];

          if (b->min_x > a->max_x)
            break;

          lo = MIN (a->k, b->k);
          hi = MAX (a->k, b->k);
          if (hi == lo + 1 || (lo == 0 && hi == n_segments - 1))
            continue;

          b1 = xy + 2 * pt[b->k];
          b2 = xy + 2 * pt[b->k + 1];
          if (MAX (b1[1], b2[1]) < a_min_y || MIN (b1[1], b2[1]) > a_max_y)
            continue;

          if (segments_meet (xy + 2 * pt[lo], xy + 2 * pt[lo + 1],
                             xy + 2 * pt[hi], xy + 2 * pt[hi + 1], at))
            {
              g_autofree char *label = ring_label (geometry, r);
              g_autofree char *lon = format_coordinate (at[0]);
              g_autofree char *lat = format_coordinate (at[1]);

              /* Translators: a boundary ("Its outer boundary"), where it
               * crosses itself, and the numbers of the points of the two
               * stretches of it that cross, counted from 1 */
              return g_strdup_printf (_("%s crosses itself near longitude %s, latitude %s "
                                        "(the stretch from point %u to %u crosses the one "
                                        "from point %u to %u)."),
                                      label, lon, lat,
                                      pt[lo] + 1, pt[lo + 1] + 1, pt[hi] + 1, pt[hi + 1] + 1);
            }
        }
    }

  return NULL;
}

/**
 * bie_geo_layer_check_geometry:
 *
 * Judges the numbers of @geometry, which bie_geometry_new_from_json()
 * leaves alone: each ring has at least four points and ends where it
 * begins, every coordinate is a longitude (−180 to 180) and a latitude
 * (−90 to 90), and no ring crosses or touches itself.
 *
 * Returns: (transfer full) (nullable): why @geometry is not a valid
 *   boundary, as a sentence; %NULL when it is one
 */
char *
bie_geo_layer_check_geometry (const BieGeometry *geometry)
{
  g_return_val_if_fail (geometry != NULL, NULL);

  for (guint r = 0; r < geometry->n_rings; r++)
    {
      const BieRingSpan *ring = &geometry->rings[r];
      const double *xy = geometry->coords + 2 * ring->first_point;
      g_autofree char *label = NULL;

      if (ring->n_points < 4)
        {
          label = ring_label (geometry, r);
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s has only %u point; a closed boundary needs at least 4.",
                                               "%s has only %u points; a closed boundary needs at least 4.",
                                               ring->n_points),
                                  label, ring->n_points);
        }

      for (guint p = 0; p < ring->n_points; p++)
        {
          double lon = xy[2 * p], lat = xy[2 * p + 1];

          if (!isfinite (lon) || !isfinite (lat))
            {
              label = ring_label (geometry, r);
              /* Translators: a boundary ("Its outer boundary") and a point's number */
              return g_strdup_printf (_("%s has a coordinate that is not a number at point %u."),
                                      label, p + 1);
            }
          if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
            {
              g_autofree char *lon_text = format_coordinate (lon);
              g_autofree char *lat_text = format_coordinate (lat);

              label = ring_label (geometry, r);
              /* Translators: a boundary, a point's number, its two coordinates */
              return g_strdup_printf (_("%s has point %u at %s, %s, which is not a longitude and "
                                        "a latitude: the layer must be in longitude and latitude "
                                        "(WGS 84)."),
                                      label, p + 1, lon_text, lat_text);
            }
        }

      if (xy[0] != xy[2 * (ring->n_points - 1)] || xy[1] != xy[2 * (ring->n_points - 1) + 1])
        {
          label = ring_label (geometry, r);
          return g_strdup_printf (_("%s is not closed: its last point is not its first."), label);
        }
    }

  /* Crossings last: they need every coordinate to be a number. */
  for (guint r = 0; r < geometry->n_rings; r++)
    {
      char *crossing = check_crossings (geometry, r);

      if (crossing != NULL)
        return crossing;
    }

  return NULL;
}

/* Reading */

/* What the layer's crs member says, when it is not longitude/latitude in
 * WGS 84 or MAGNA-SIRGAS (which differ by less than a metre). GeoJSON
 * (RFC 7946) dropped crs; older exports still write one. */
static const char *
foreign_crs (JsonObject *collection)
{
  static const char * const accepted[] = {
    "CRS84", "EPSG::4326", "EPSG:4326", "EPSG::4686", "EPSG:4686",
  };
  JsonObject *properties = bie_json_get_object (bie_json_get_object (collection, "crs"), "properties");
  const char *name = bie_json_get_string (properties, "name");

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    if (g_str_has_suffix (name, accepted[i]))
      return NULL;

  return name;
}

/* A property as a code: a text, trimmed, or a whole number. */
static char *
property_text (JsonObject *properties,
               const char *name)
{
  JsonNode *node;

  if (properties == NULL || name == NULL)
    return NULL;

  node = json_object_get_member (properties, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

        return *text != '\0' ? g_steal_pointer (&text) : NULL;
      }

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    default:
      return NULL;
    }
}

typedef struct
{
  BieGeoFeature *feature;   /* (nullable) */
  char          *code;      /* (nullable) */
  char          *reason;    /* (nullable) */
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *candidate = data;

  g_clear_pointer (&candidate->feature, geo_feature_free);
  g_free (candidate->code);
  g_free (candidate->reason);
}

static void
read_feature (JsonNode    *node,
              guint        index,
              const char  *code_property,
              const char  *name_property,
              Candidate   *candidate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeometry) geometry = NULL;
  JsonObject *object, *properties;
  JsonNode *geometry_node;
  BieGeoFeature *feature;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (bie_json_get_string (json_node_get_object (node), "type"), "Feature") != 0)
    {
      candidate->reason = g_strdup (_("It is not a GeoJSON Feature."));
      return;
    }

  object = json_node_get_object (node);
  properties = bie_json_get_object (object, "properties");

  candidate->code = property_text (properties, code_property);
  if (candidate->code == NULL)
    {
      /* Translators: %s is the name of the property that holds the codes */
      candidate->reason = g_strdup_printf (_("It has no code: its property “%s” is missing or empty."),
                                           code_property);
      return;
    }

  geometry_node = json_object_get_member (object, "geometry");
  if (geometry_node == NULL || JSON_NODE_HOLDS_NULL (geometry_node))
    {
      candidate->reason = g_strdup (_("It has no geometry."));
      return;
    }

  geometry = bie_geometry_new_from_json (geometry_node, &error);
  if (geometry == NULL)
    {
      candidate->reason = g_strdup (error->message);
      return;
    }

  candidate->reason = bie_geo_layer_check_geometry (geometry);
  if (candidate->reason != NULL)
    return;

  feature = g_new0 (BieGeoFeature, 1);
  feature->index = index;
  feature->code = g_strdup (candidate->code);
  feature->name = property_text (properties, name_property);
  feature->geometry = g_steal_pointer (&geometry);
  feature->properties = properties != NULL ? json_object_ref (properties) : NULL;
  candidate->feature = feature;
}

/* Every feature whose code another feature has too is refused: which of
 * them is right is for the district to say, not for the import to guess. */
static void
refuse_duplicates (GArray *candidates)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      GArray *indexes;

      if (candidate->code == NULL)
        continue;
      indexes = g_hash_table_lookup (by_code, candidate->code);
      if (indexes == NULL)
        {
          indexes = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_code, candidate->code, indexes);
        }
      g_array_append_val (indexes, i);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      g_autoptr(GString) numbers = NULL;
      GArray *indexes;

      if (candidate->code == NULL || candidate->reason != NULL)
        continue;
      indexes = g_hash_table_lookup (by_code, candidate->code);
      if (indexes->len < 2)
        continue;

      numbers = g_string_new (NULL);
      for (guint k = 0; k < indexes->len; k++)
        g_string_append_printf (numbers, "%s%u", k > 0 ? ", " : "",
                                g_array_index (indexes, guint, k) + 1);
      /* Translators: a code, how many features have it, and their numbers ("3, 17") */
      candidate->reason = g_strdup_printf (_("The code %s is given to %u features (%s): "
                                             "none of them was imported."),
                                           candidate->code, indexes->len, numbers->str);
      g_clear_pointer (&candidate->feature, geo_feature_free);
    }
}

typedef struct
{
  guint line;
  guint position;
} ParseError;

static void
on_parse_error (JsonParser *parser,
                gpointer    error,
                gpointer    user_data)
{
  ParseError *where = user_data;

  where->line = json_parser_get_current_line (parser);
  where->position = json_parser_get_current_pos (parser);
}

/* Whether @data stops inside a string or with brackets still open: the
 * text of a copy cut short. */
static gboolean
ends_open (const char *data,
           gsize       length)
{
  gboolean in_string = FALSE, escaped = FALSE;
  gssize depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }

  return in_string || depth > 0;
}

static gboolean
parse_json (JsonParser  *parser,
            const char  *data,
            gsize        length,
            const char  *display_name,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ParseError where = { 0, 0 };
  gulong handler;
  gboolean parsed;
  gsize start = 0;

  while (start < length && g_ascii_isspace (data[start]))
    start++;
  if (start == length)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_JSON,
                   _("“%s” is empty."), display_name);
      return FALSE;
    }

  handler = g_signal_connect (parser, "error", G_CALLBACK (on_parse_error), &where);
  parsed = json_parser_load_from_data (parser, data, length, &local_error);
  g_signal_handler_disconnect (parser, handler);
  if (parsed)
    return TRUE;

  if (ends_open (data, length))
    g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_JSON,
                 /* Translators: a file name, a line and a character number */
                 _("“%s” is cut off: it ends before its JSON is complete (reading stopped at "
                   "line %u, character %u). The file may not have been copied or downloaded whole."),
                 display_name, where.line, where.position);
  else
    g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_JSON,
                 /* Translators: a file name, a line and a character number */
                 _("“%s” is not valid JSON: there is an error at line %u, character %u."),
                 display_name, where.line, where.position);

  return FALSE;
}

/* The features of the FeatureCollection in @data, once the file passed
 * what every reader of a layer checks first: not too large, JSON, one
 * FeatureCollection in longitude/latitude, with features. The array
 * belongs to @parser. */
static JsonArray *
read_collection (JsonParser  *parser,
                 const char  *data,
                 gsize        length,
                 const char  *display_name,
                 GError     **error)
{
  JsonNode *root, *features_node;
  JsonObject *collection;
  JsonArray *features;
  const char *type, *crs;

  if (length > BIE_GEO_LAYER_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *max_size = g_format_size (BIE_GEO_LAYER_MAX_SIZE);

      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_TOO_LARGE,
                   /* Translators: a file name, its size and the largest size read ("100.0 MB") */
                   _("“%s” is %s; the largest layer Bienestar reads is %s."),
                   display_name, size, max_size);
      return NULL;
    }

  if (!parse_json (parser, data, length, display_name, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_GEOJSON,
                   _("“%s” is JSON but not a GeoJSON layer: a layer is one FeatureCollection "
                     "object, and this file holds something else."), display_name);
      return NULL;
    }

  collection = json_node_get_object (root);
  type = bie_json_get_string (collection, "type");
  if (g_strcmp0 (type, "FeatureCollection") != 0)
    {
      if (g_strcmp0 (type, "Feature") == 0)
        g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_GEOJSON,
                     _("“%s” holds a single GeoJSON Feature, not a FeatureCollection: "
                       "Bienestar imports whole layers."), display_name);
      else
        g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_GEOJSON,
                     _("“%s” is JSON but not a GeoJSON FeatureCollection."), display_name);
      return NULL;
    }

  crs = foreign_crs (collection);
  if (crs != NULL)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_COORDINATES,
                   /* Translators: a file name and a coordinate system ("EPSG:3116") */
                   _("“%s” is in the coordinate system %s; Bienestar reads longitude and latitude "
                     "(WGS 84, EPSG:4326). Export the layer in EPSG:4326 and import it again."),
                   display_name, crs);
      return NULL;
    }

  features_node = json_object_get_member (collection, "features");
  if (features_node == NULL || !JSON_NODE_HOLDS_ARRAY (features_node))
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOT_GEOJSON,
                   _("“%s” is a FeatureCollection without a list of features."), display_name);
      return NULL;
    }
  features = json_node_get_array (features_node);
  if (json_array_get_length (features) == 0)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_EMPTY,
                   _("“%s” has no features: there is nothing to import."), display_name);
      return NULL;
    }

  return features;
}

/**
 * bie_geo_layer_load_from_data:
 * @data: the text of a GeoJSON FeatureCollection
 * @length: its length, or -1 when @data ends with a nul
 * @display_name: what to call the layer in messages: its file name
 * @code_property: the property that holds each feature's code
 * @name_property: (nullable): the property that holds its name
 *
 * As bie_geo_layer_load(), from text in memory.
 *
 * Returns: (transfer full): the layer, or %NULL with @error set
 */
BieGeoLayer *
bie_geo_layer_load_from_data (const char    *data,
                              gssize         length,
                              const char    *display_name,
                              const char    *code_property,
                              const char    *name_property,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  JsonArray *features;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (code_property != NULL, NULL);

  if (length < 0)
    length = strlen (data);
  features = read_collection (parser, data, length, display_name, error);
  if (features == NULL)
    return NULL;

  layer = g_new0 (BieGeoLayer, 1);
  layer->display_name = g_strdup (display_name);
  layer->code_property = g_strdup (code_property);
  layer->name_property = g_strdup (name_property);
  layer->n_read = json_array_get_length (features);
  layer->features = g_ptr_array_new_with_free_func (geo_feature_free);
  layer->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) bie_geo_problem_free);

  candidates = g_array_sized_new (FALSE, TRUE, sizeof (Candidate), layer->n_read);
  g_array_set_clear_func (candidates, candidate_clear);
  g_array_set_size (candidates, layer->n_read);
  for (guint i = 0; i < layer->n_read; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      read_feature (json_array_get_element (features, i), i, code_property, name_property,
                    &g_array_index (candidates, Candidate, i));
    }
  refuse_duplicates (candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);

      if (candidate->reason != NULL)
        g_ptr_array_add (layer->problems, bie_geo_problem_new (i, candidate->code, candidate->reason));
      else
        g_ptr_array_add (layer->features, g_steal_pointer (&candidate->feature));
    }

  if (layer->features->len == 0)
    {
      g_autofree char *first = bie_geo_problem_describe (g_ptr_array_index (layer->problems, 0));

      if (layer->n_read == 1)
        g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOTHING_USABLE,
                     /* Translators: the file, then the feature's problem */
                     _("The only feature of “%s” cannot be imported. %s"), display_name, first);
      else
        g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_NOTHING_USABLE,
                     /* Translators: how many features, the file, then the first feature's problem */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "None of the %u feature of “%s” can be imported. The first: %s",
                                  "None of the %u features of “%s” can be imported. The first: %s",
                                  layer->n_read),
                     layer->n_read, display_name, first);
      return NULL;
    }

  return g_steal_pointer (&layer);
}

/* @path mapped into memory, once it is known to be a file no larger than
 * a layer: a file of gigabytes is refused before a byte of it is read. */
static GMappedFile *
map_layer_file (const char    *path,
                const char    *display_name,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  GMappedFile *mapped;
  goffset size;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_FAILED,
                   /* Translators: a file name, then why it could not be read */
                   _("“%s” could not be read: %s"), display_name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_FAILED,
                   _("“%s” is not a file."), display_name);
      return NULL;
    }

  size = g_file_info_get_size (info);
  if (size > BIE_GEO_LAYER_MAX_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *max_size = g_format_size (BIE_GEO_LAYER_MAX_SIZE);

      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_TOO_LARGE,
                   _("“%s” is %s; the largest layer Bienestar reads is %s."),
                   display_name, size_text, max_size);
      return NULL;
    }

  /* Mapped rather than copied: the parser is what needs the memory. */
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, BIE_GEO_ERROR, BIE_GEO_ERROR_FAILED,
                   _("“%s” could not be read: %s"), display_name, local_error->message);
      return NULL;
    }

  return mapped;
}

/**
 * bie_geo_layer_load:
 * @path: a GeoJSON file
 * @code_property: the property that holds each feature's code
 * @name_property: (nullable): the property that holds its name
 *
 * Reads a GeoJSON FeatureCollection of Polygons and MultiPolygons in
 * longitude/latitude, and judges every feature. A file that is too large
 * is refused before it is read; one that is not JSON, cut off, not a
 * FeatureCollection, empty, or with no feature that can be used, is
 * refused with a %BIE_GEO_ERROR saying why. Features that cannot be used
 * (no code, not a polygon, an invalid boundary, a code that another
 * feature has too) are kept out of the layer's features, each in its
 * problems with the reason.
 *
 * Returns: (transfer full): the layer, or %NULL with @error set
 */
BieGeoLayer *
bie_geo_layer_load (const char    *path,
                    const char    *code_property,
                    const char    *name_property,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (code_property != NULL, NULL);

  display_name = g_filename_display_basename (path);
  mapped = map_layer_file (path, display_name, cancellable, error);
  if (mapped == NULL)
    return NULL;

  return bie_geo_layer_load_from_data (g_mapped_file_get_contents (mapped),
                                       g_mapped_file_get_length (mapped),
                                       display_name, code_property, name_property,
                                       cancellable, error);
}

/* Features a layer's properties are gathered from: a layer's features
 * share their properties, and a few more than one make up for a first
 * feature that lacks some. */
#define PEEK_FEATURES 100

/**
 * bie_geo_layer_peek_properties:
 * @path: a GeoJSON file
 *
 * The names of the properties the first features of the layer in @path
 * have, in the order they first appear: what the code and the name of
 * each feature can be read from, to choose before the layer is loaded.
 * A file that cannot be a layer at all is refused as bie_geo_layer_load()
 * refuses it; the features themselves are not judged, since that depends
 * on the properties chosen. Blocking: for a worker thread.
 *
 * Returns: (transfer full): the names, none when the features have no
 *   properties; %NULL with @error set
 */
GStrv
bie_geo_layer_peek_properties (const char    *path,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree char *display_name = NULL;
  JsonArray *features;
  guint n;

  g_return_val_if_fail (path != NULL, NULL);

  display_name = g_filename_display_basename (path);
  mapped = map_layer_file (path, display_name, cancellable, error);
  if (mapped == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  features = read_collection (parser, g_mapped_file_get_contents (mapped),
                              g_mapped_file_get_length (mapped), display_name, error);
  if (features == NULL)
    return NULL;

  n = MIN (json_array_get_length (features), PEEK_FEATURES);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *properties;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (properties = bie_json_get_object (json_node_get_object (node), "properties")) == NULL)
        continue;

      /* In the order of the file, which is the order the district wrote. */
      members = json_object_get_members (properties);
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (g_hash_table_add (seen, l->data))
            g_strv_builder_add (names, l->data);
        }
    }

  return g_strv_builder_end (names);
}
