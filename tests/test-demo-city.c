/* test-demo-city.c: the demo city is reproducible, matches the seed figures
 * and holds together
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bie-demo-city.h"
#include "bie-validation.h"

/* The digest of the city of seed 42, 500 households, today 2026-11-25
 * (bie_record_checksum over every record of every batch, in order). It
 * pins the generator down: any change to what it generates changes this
 * digest, and whoever makes the change updates it here knowingly, after
 * checking that the change was meant. */
#define EXPECTED_DIGEST_42_500 "15785f3c7c7dbb99522f6a1407df9203d64996d0228df096f62b8eccdddbd0b8"

/* The first year's figures of seed text 004, for 415,000 households. */
#define SEED_HOUSEHOLDS 415000

static const struct
{
  const char *code;
  guint       figure;
} seed_risks[] = {
  /* 3,744 pregnant women, 1,381 of them without prenatal control: those
   * have the one risk "pregnancy-no-prenatal-control". */
  { "pregnancy", 3744 - 1381 },
  { "pregnancy-no-prenatal-control", 1381 },
  /* 3,400 children's vaccination schedules completed */
  { "child-incomplete-vaccination", 3400 },
  { "mental-health", 18225 },
  { "caregiver-burden", 1176 },
  { "housing", 5794 },
};

#define SEED_PLANS         52000
#define SEED_WORK_SESSIONS 205000
#define SEED_APPOINTMENTS  21184

static GDate *
test_today (void)
{
  return g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
}

/* ------------------------------------------------------------------------ */
/* Determinism */

typedef struct
{
  GChecksum *all;                          /* every record, in batch order */
  GChecksum *by_entity[BIE_N_ENTITIES];    /* every record of one kind, in order */
} Digests;

static gboolean
digest_batch (BieRecordBatch  *batch,
              guint            households_done,
              guint            households_total,
              gpointer         user_data,
              GError         **error)
{
  Digests *digests = user_data;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    for (guint i = 0; batch->records[e] != NULL && i < batch->records[e]->len; i++)
      {
        bie_record_checksum (e, batch->records[e]->pdata[i], digests->all);
        bie_record_checksum (e, batch->records[e]->pdata[i], digests->by_entity[e]);
      }

  return TRUE;
}

/* Returns the digest of the whole city, and in @by_entity one of the
 * digests of each kind of record. */
static char *
city_digest (guint32   seed,
             guint     n_households,
             guint     batch_size,
             char    **by_entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) entities = g_string_new (NULL);
  g_autoptr(GDate) today = test_today ();
  BieDemoOptions options;
  Digests digests;
  char *digest;

  bie_demo_options_init (&options);
  options.seed = seed;
  options.n_households = n_households;
  options.batch_size = batch_size;
  options.today = today;

  digests.all = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    digests.by_entity[e] = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_true (bie_demo_city_generate (&options, digest_batch, &digests, NULL, &error));
  g_assert_no_error (error);

  digest = g_strdup (g_checksum_get_string (digests.all));
  g_checksum_free (digests.all);
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      g_string_append_printf (entities, "%s ", g_checksum_get_string (digests.by_entity[e]));
      g_checksum_free (digests.by_entity[e]);
    }
  if (by_entity != NULL)
    *by_entity = g_strdup (entities->str);

  return digest;
}

static void
test_determinism (void)
{
  g_autofree char *first = city_digest (42, 500, 2000, NULL);
  g_autofree char *again = city_digest (42, 500, 2000, NULL);
  g_autofree char *other_seed = city_digest (43, 500, 2000, NULL);
  g_autofree char *entities = NULL;
  g_autofree char *small_batches_entities = NULL;

  g_test_message ("seed 42, 500 households, 2026-11-25: %s", first);
  g_test_message ("seed 43, 500 households, 2026-11-25: %s", other_seed);

  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, other_seed);
  g_assert_cmpstr (first, ==, EXPECTED_DIGEST_42_500);

  /* The batches cut the same city differently: each kind of record is the
   * same, in the same order. */
  g_free (city_digest (42, 500, 2000, &entities));
  g_free (city_digest (42, 500, 7, &small_batches_entities));
  g_assert_cmpstr (entities, ==, small_batches_entities);
}

/* ------------------------------------------------------------------------ */
/* A survey of a whole city: counts, and every rule checked on the way */

typedef struct
{
  double  *points;     /* lon, lat pairs, closed */
  guint    n_points;
  double   min_lon, min_lat, max_lon, max_lat;
} Polygon;

typedef struct
{
  gint64   household;
  GDate    birth;
  gboolean female;
} PersonInfo;

typedef struct
{
  GDate       *today;
  guint        batches;
  guint        households_done;
  gint64       count[BIE_N_ENTITIES];
  guint        max_batch_records;

  GHashTable  *uuids;           /* every uuid */
  GHashTable  *documents;       /* "TYPE number" of persons and professionals */
  GHashTable  *sector_codes;
  Polygon     *sectors;         /* by id - 1 */
  GArray      *persons;         /* PersonInfo, by id - 1 */
  GHashTable  *person_uuids;    /* uuid → household id */
  GArray      *risk_households; /* gint64, by risk id - 1 */
  GArray      *plan_households; /* gint64, by plan id - 1 */

  GHashTable  *risk_counts;     /* code → count */
  guint        work_sessions;
  guint        subsidiado;
  guint        heads;
} Survey;

static void
survey_init (Survey *survey)
{
  memset (survey, 0, sizeof *survey);
  survey->today = test_today ();
  survey->uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  survey->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  survey->sector_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  survey->persons = g_array_new (FALSE, TRUE, sizeof (PersonInfo));
  survey->person_uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  survey->risk_households = g_array_new (FALSE, TRUE, sizeof (gint64));
  survey->plan_households = g_array_new (FALSE, TRUE, sizeof (gint64));
  survey->risk_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
survey_clear (Survey *survey)
{
  if (survey->sectors != NULL)
    for (guint s = 0; s < survey->count[BIE_ENTITY_SECTOR]; s++)
      g_free (survey->sectors[s].points);
  g_free (survey->sectors);
  g_date_free (survey->today);
  g_hash_table_unref (survey->uuids);
  g_hash_table_unref (survey->documents);
  g_hash_table_unref (survey->sector_codes);
  g_array_unref (survey->persons);
  g_hash_table_unref (survey->person_uuids);
  g_array_unref (survey->risk_households);
  g_array_unref (survey->plan_households);
  g_hash_table_unref (survey->risk_counts);
}

static guint
count_of (GHashTable *counts,
          const char *code)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, code));
}

static void
count_up (GHashTable *counts,
          const char *code)
{
  g_hash_table_insert (counts, g_strdup (code), GUINT_TO_POINTER (count_of (counts, code) + 1));
}

static gboolean
is_one_of (const char        *value,
           const char *const *values)
{
  return value != NULL && g_strv_contains (values, value);
}

static gboolean
is_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;

  return TRUE;
}

static void
assert_uuid (const char *uuid)
{
  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 36);
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (uuid[i], ==, '-');
      else
        g_assert_true (g_ascii_isdigit (uuid[i]) || (uuid[i] >= 'a' && uuid[i] <= 'f'));
    }
  g_assert_cmpint (uuid[14], ==, '4');
  g_assert_nonnull (strchr ("89ab", uuid[19]));
  g_assert_true (g_uuid_string_is_valid (uuid));
}

/* "YYYY-MM-DD" */
static void
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, 10);
  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

static gint
days_from_today (Survey     *survey,
                 const char *text)
{
  GDate date;

  parse_date (text, &date);

  return g_date_days_between (survey->today, &date);
}

static guint
age_on (const GDate *birth,
        const GDate *day)
{
  gint age = g_date_get_year (day) - g_date_get_year (birth);

  if (g_date_get_month (day) < g_date_get_month (birth) ||
      (g_date_get_month (day) == g_date_get_month (birth) &&
       g_date_get_day (day) < g_date_get_day (birth)))
    age--;
  g_assert_cmpint (age, >=, 0);

  return (guint) age;
}

/* "-74.123456": six decimals */
static double
parse_coordinate (const char **p)
{
  const char *start = *p;
  const char *dot;
  char *end;
  double value;

  value = g_ascii_strtod (start, &end);
  g_assert_true (end != start);
  dot = memchr (start, '.', end - start);
  g_assert_nonnull (dot);
  g_assert_cmpint (end - dot, ==, 7);
  *p = end;

  return value;
}

static void
parse_polygon (const char *geometry,
               Polygon    *polygon)
{
  const char *prefix = "{\"type\":\"Polygon\",\"coordinates\":[[";
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));
  const char *p;

  g_assert_true (g_str_has_prefix (geometry, prefix));
  p = geometry + strlen (prefix);
  for (;;)
    {
      double lon, lat;

      g_assert_cmpint (*p++, ==, '[');
      lon = parse_coordinate (&p);
      g_assert_cmpint (*p++, ==, ',');
      lat = parse_coordinate (&p);
      g_assert_cmpint (*p++, ==, ']');
      g_array_append_val (points, lon);
      g_array_append_val (points, lat);
      if (*p != ',')
        break;
      p++;
    }
  g_assert_cmpstr (p, ==, "]]}");

  polygon->n_points = points->len / 2;
  polygon->points = g_array_steal (points, NULL);
  g_array_unref (points);
  polygon->min_lon = polygon->max_lon = polygon->points[0];
  polygon->min_lat = polygon->max_lat = polygon->points[1];
  for (guint k = 1; k < polygon->n_points; k++)
    {
      polygon->min_lon = MIN (polygon->min_lon, polygon->points[2 * k]);
      polygon->max_lon = MAX (polygon->max_lon, polygon->points[2 * k]);
      polygon->min_lat = MIN (polygon->min_lat, polygon->points[2 * k + 1]);
      polygon->max_lat = MAX (polygon->max_lat, polygon->points[2 * k + 1]);
    }
}

/* Crossing number (W. R. Franklin): written apart from the generator's
 * integer version on purpose. */
static gboolean
polygon_contains (const Polygon *polygon,
                  double         lon,
                  double         lat)
{
  const double *v = polygon->points;
  gboolean inside = FALSE;

  if (lon < polygon->min_lon || lon > polygon->max_lon ||
      lat < polygon->min_lat || lat > polygon->max_lat)
    return FALSE;

  for (guint i = 0, j = polygon->n_points - 1; i < polygon->n_points; j = i++)
    if ((v[2 * i + 1] > lat) != (v[2 * j + 1] > lat) &&
        lon < (v[2 * j] - v[2 * i]) * (lat - v[2 * i + 1]) / (v[2 * j + 1] - v[2 * i + 1]) +
              v[2 * i])
      inside = !inside;

  return inside;
}

static double
polygon_signed_area (const Polygon *polygon)
{
  const double *v = polygon->points;
  double area = 0;

  for (guint k = 0; k + 1 < polygon->n_points; k++)
    area += v[2 * k] * v[2 * k + 3] - v[2 * k + 2] * v[2 * k + 1];

  return area / 2;
}

/* How many sectors contain the point. */
static guint
sectors_containing (Survey *survey,
                    double  lon,
                    double  lat)
{
  guint n = 0;

  for (guint s = 0; s < survey->count[BIE_ENTITY_SECTOR]; s++)
    n += polygon_contains (&survey->sectors[s], lon, lat);

  return n;
}

/* Every reference points to a record emitted before (in an earlier batch,
 * or earlier in this one: kinds come in the order of BieEntity), and every
 * required field is there. */
static void
check_fields (Survey        *survey,
              BieEntity      entity,
              gconstpointer  record)
{
  const BieEntityInfo *info = bie_entity_info (entity);

  for (guint f = 0; f < info->n_fields; f++)
    {
      const BieField *field = &info->fields[f];
      gconstpointer value = BIE_FIELD_PTR (record, field);

      if (field->type == BIE_FIELD_REF)
        {
          gint64 id = *(const gint64 *) value;

          if (id == 0)
            {
              if (field->required)
                g_error ("%s.%s is required", info->table, field->name);
              continue;
            }
          g_assert_cmpint (id, >=, 1);
          g_assert_cmpint (id, <=, survey->count[field->ref]);
        }
      else if (field->type == BIE_FIELD_TEXT && field->required)
        {
          const char *text = *(char * const *) value;

          if (text == NULL || *text == '\0')
            g_error ("%s.%s is required", info->table, field->name);
        }
    }
}

static void
check_territory (Survey         *survey,
                 BieRecordBatch *batch)
{
  GPtrArray *sectors = batch->records[BIE_ENTITY_SECTOR];
  guint n_sectors = sectors ? sectors->len : 0;
  gboolean found_004501 = FALSE;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint overlapping_pairs = 0;
  guint per_localidad[20] = { 0 };

  g_assert_nonnull (batch->records[BIE_ENTITY_SUBRED]);
  g_assert_cmpuint (batch->records[BIE_ENTITY_SUBRED]->len, ==, 4);
  g_assert_nonnull (batch->records[BIE_ENTITY_LOCALIDAD]);
  g_assert_cmpuint (batch->records[BIE_ENTITY_LOCALIDAD]->len, ==, 20);
  g_assert_cmpuint (n_sectors, ==, BIE_DEMO_N_SECTORS);
  g_assert_null (batch->records[BIE_ENTITY_HOUSEHOLD]);
  g_assert_nonnull (batch->records[BIE_ENTITY_TEAM]);
  g_assert_cmpuint (batch->records[BIE_ENTITY_TEAM]->len, >=, 20);
  g_assert_nonnull (batch->records[BIE_ENTITY_PROFESSIONAL]);
  g_assert_cmpuint (batch->records[BIE_ENTITY_PROFESSIONAL]->len, >=,
                    4 * batch->records[BIE_ENTITY_TEAM]->len);

  survey->sectors = g_new0 (Polygon, n_sectors);
  for (guint s = 0; s < n_sectors; s++)
    {
      const BieSector *sector = sectors->pdata[s];
      Polygon *polygon = &survey->sectors[s];

      g_assert_cmpuint (strlen (sector->code), ==, 6);
      g_assert_true (is_digits (sector->code));
      g_assert_false (g_hash_table_contains (survey->sector_codes, sector->code));
      g_hash_table_add (survey->sector_codes, g_strdup (sector->code));
      found_004501 |= g_str_equal (sector->code, "004501");
      /* A barrio's name, without the code, which is shown beside it. */
      g_assert_cmpuint (strlen (sector->name), >, 3);
      g_assert_null (strstr (sector->name, sector->code));
      g_assert_true (sector->generated);
      g_assert_cmpint (sector->upz_id, ==, 0);

      /* A closed, counter-clockwise ring inside Bogotá's box, with the
       * bounding box it says. */
      parse_polygon (sector->geometry, polygon);
      g_assert_cmpuint (polygon->n_points, >=, 4);
      g_assert_cmpfloat (polygon->points[0], ==, polygon->points[2 * polygon->n_points - 2]);
      g_assert_cmpfloat (polygon->points[1], ==, polygon->points[2 * polygon->n_points - 1]);
      g_assert_cmpfloat (polygon_signed_area (polygon), >, 0);
      g_assert_cmpfloat (polygon->min_lon, ==, sector->min_lon);
      g_assert_cmpfloat (polygon->max_lon, ==, sector->max_lon);
      g_assert_cmpfloat (polygon->min_lat, ==, sector->min_lat);
      g_assert_cmpfloat (polygon->max_lat, ==, sector->max_lat);
      g_assert_cmpfloat (polygon->min_lon, >=, -74.22);
      g_assert_cmpfloat (polygon->max_lon, <=, -74.01);
      g_assert_cmpfloat (polygon->min_lat, >=, 4.45);
      g_assert_cmpfloat (polygon->max_lat, <=, 4.83);

      g_assert_cmpint (sector->localidad_id, >=, 1);
      g_assert_cmpint (sector->localidad_id, <=, 20);
      per_localidad[sector->localidad_id - 1]++;
    }
  g_assert_true (found_004501);
  for (guint l = 0; l < 20; l++)
    g_assert_cmpuint (per_localidad[l], >, 0);

  /* No two sectors overlap: where their boxes do, points sampled in the
   * common part are in one of them at most. */
  for (guint a = 0; a < n_sectors; a++)
    for (guint b = a + 1; b < n_sectors; b++)
      {
        const Polygon *pa = &survey->sectors[a], *pb = &survey->sectors[b];
        double min_lon = MAX (pa->min_lon, pb->min_lon), max_lon = MIN (pa->max_lon, pb->max_lon);
        double min_lat = MAX (pa->min_lat, pb->min_lat), max_lat = MIN (pa->max_lat, pb->max_lat);

        if (min_lon >= max_lon || min_lat >= max_lat)
          continue;
        overlapping_pairs++;
        /* Neighbours only: the boxes overlap along their sides. */
        g_assert_cmpfloat ((max_lon - min_lon) * (max_lat - min_lat), <,
                           0.5 * (pa->max_lon - pa->min_lon) * (pa->max_lat - pa->min_lat));
        for (guint k = 0; k < 20; k++)
          {
            double lon = g_rand_double_range (rand, min_lon, max_lon);
            double lat = g_rand_double_range (rand, min_lat, max_lat);

            g_assert_false (polygon_contains (pa, lon, lat) && polygon_contains (pb, lon, lat));
          }
      }
  g_test_message ("%u pairs of sectors with overlapping boxes sampled", overlapping_pairs);
  g_assert_cmpuint (overlapping_pairs, >, n_sectors);

  /* The sectors tile the city: a point sampled in a sector's box is in one
   * sector at most. */
  for (guint s = 0; s < n_sectors; s += 3)
    {
      const Polygon *polygon = &survey->sectors[s];
      double lon = g_rand_double_range (rand, polygon->min_lon, polygon->max_lon);
      double lat = g_rand_double_range (rand, polygon->min_lat, polygon->max_lat);

      g_assert_cmpuint (sectors_containing (survey, lon, lat), <=, 1);
    }
}

static void
check_document (Survey     *survey,
                const char *type,
                const char *number,
                gint        age)   /* -1 unknown */
{
  g_autofree char *key = g_strconcat (type, " ", number, NULL);
  gsize digits = strlen (number);

  g_assert_true (is_digits (number));
  g_assert_cmpint (number[0], !=, '0');
  if (g_str_equal (type, "CC"))
    {
      g_assert_cmpuint (digits, <=, 10);
      if (age >= 0)
        g_assert_cmpint (age, >=, 18);
    }
  else if (g_str_equal (type, "TI"))
    {
      g_assert_cmpuint (digits, >=, 10);
      g_assert_cmpuint (digits, <=, 11);
      g_assert_cmpint (age, >=, 7);
      g_assert_cmpint (age, <=, 17);
    }
  else if (g_str_equal (type, "RC"))
    {
      g_assert_cmpuint (digits, >=, 10);
      g_assert_cmpuint (digits, <=, 11);
      g_assert_cmpint (age, <, 7);
    }
  else
    {
      g_assert_true (g_str_equal (type, "CE") || g_str_equal (type, "PT"));
    }

  if (g_hash_table_contains (survey->documents, key))
    g_error ("The document %s is there twice", key);
  g_hash_table_add (survey->documents, g_steal_pointer (&key));
}

static const PersonInfo *
person_info (Survey *survey,
             gint64  id)
{
  g_assert_cmpint (id, >=, 1);
  g_assert_cmpint (id, <=, survey->persons->len);

  return &g_array_index (survey->persons, PersonInfo, id - 1);
}

static void
check_record (Survey        *survey,
              BieEntity      entity,
              gconstpointer  record)
{
  static const char *const regimens[] = {
    "contributivo", "subsidiado", "especial", "no-afiliado", NULL,
  };
  static const char *const relationships[] = {
    "head", "spouse", "child", "parent", "sibling", "grandchild", "other-relative",
    "non-relative", NULL,
  };
  static const char *const professions[] = {
    "nurse", "nursing-assistant", "physician", "psychologist", "nutritionist", "social-worker",
    "health-worker", NULL,
  };
  static const char *const statuses[] = { "identified", "managed", "closed", NULL };
  static const char *const plan_statuses[] = { "draft", "active", "completed", "cancelled", NULL };
  static const char *const goal_statuses[] = { "proposed", "active", "achieved", "cancelled", NULL };
  static const char *const activity_statuses[] = {
    "planned", "scheduled", "in-progress", "done", "cancelled", "not-done", NULL,
  };
  static const char *const activity_kinds[] = {
    "prenatal-control", "vaccination", "growth-monitoring", "psychology-session",
    "caregiver-respite", "nutrition-follow-up", "chronic-control", "health-education",
    "appointment-management", "home-visit", "work-session", NULL,
  };
  static const char *const encounter_kinds[] = { "home-visit", "work-session", "call", NULL };
  static const char *const services[] = {
    "general-medicine", "prenatal-control", "vaccination", "pediatrics", "psychology",
    "nutrition", "dentistry", "specialist-other", NULL,
  };
  static const char *const barriers[] = {
    "administrative", "financial", "logistic", "geographic", "cultural", "other", NULL,
  };
  static const char *const outcomes[] = {
    "pending", "assigned", "attended", "missed", "cancelled", NULL,
  };
  static const char *const vaccines[] = {
    "bcg", "hepatitis-b", "pentavalent", "polio-inactivated", "rotavirus", "pneumococcal",
    "mmr", "yellow-fever", "hepatitis-a", "varicella", "influenza", NULL,
  };
  const BieRecord *header = record;
  gint64 updated_at = ((gint64) g_date_get_julian (survey->today) - 719163) * 86400 + 5 * 3600;

  /* Ids count from 1 per kind, in order; uuids are unique. */
  g_assert_cmpint (header->id, ==, ++survey->count[entity]);
  assert_uuid (header->uuid);
  if (g_hash_table_contains (survey->uuids, header->uuid))
    g_error ("The uuid %s is there twice", header->uuid);
  g_hash_table_add (survey->uuids, g_strdup (header->uuid));
  g_assert_cmpint (header->updated_at, ==, updated_at * G_USEC_PER_SEC);
  g_assert_null (header->server_id);
  g_assert_false (header->deleted);
  check_fields (survey, entity, record);

  switch (entity)
    {
    case BIE_ENTITY_PROFESSIONAL:
      {
        const BieProfessional *professional = record;

        g_assert_cmpstr (professional->document_type, ==, "CC");
        check_document (survey, "CC", professional->document_number, -1);
        g_assert_true (is_one_of (professional->profession, professions));
        g_assert_nonnull (strchr (professional->name, ' '));
      }
      break;

    case BIE_ENTITY_HOUSEHOLD:
      {
        static const char *const ways[] = {
          "Calle ", "Carrera ", "Transversal ", "Diagonal ", "Avenida Calle ", "Avenida Carrera ",
        };
        const BieHousehold *household = record;
        gboolean way = FALSE;

        /* Inside its own sector, and in no other. */
        g_assert_true (polygon_contains (&survey->sectors[household->sector_id - 1],
                                         household->lon, household->lat));
        g_assert_cmpuint (sectors_containing (survey, household->lon, household->lat), ==, 1);
        for (guint w = 0; w < G_N_ELEMENTS (ways); w++)
          way |= g_str_has_prefix (household->address, ways[w]);
        g_assert_true (way);
        g_assert_nonnull (strstr (household->address, " # "));
        g_assert_nonnull (strchr (household->address, '-'));
        g_assert_cmpint (household->stratum, >=, 1);
        g_assert_cmpint (household->stratum, <=, 6);
      }
      break;

    case BIE_ENTITY_PERSON:
      {
        const BiePerson *person = record;
        PersonInfo info = { 0 };
        guint age;

        info.household = person->household_id;
        parse_date (person->birth_date, &info.birth);
        g_assert_cmpint (g_date_compare (&info.birth, survey->today), <=, 0);
        age = age_on (&info.birth, survey->today);
        g_assert_cmpuint (age, <, 110);
        info.female = g_str_equal (person->sex, "F");
        g_assert_true (info.female || g_str_equal (person->sex, "M"));
        g_array_append_val (survey->persons, info);
        g_hash_table_insert (survey->person_uuids, g_strdup (person->record.uuid),
                             GINT_TO_POINTER ((gint) person->household_id));

        check_document (survey, person->document_type, person->document_number, (gint) age);
        g_assert_true (is_one_of (person->relationship, relationships));
        if (g_str_equal (person->relationship, "head"))
          {
            g_assert_cmpuint (age, >=, 18);
            survey->heads++;
          }
        g_assert_true (is_one_of (person->regimen, regimens));
        survey->subsidiado += g_str_equal (person->regimen, "subsidiado");
        g_assert_true ((person->eps_code != NULL) ==
                       (g_str_equal (person->regimen, "contributivo") ||
                        g_str_equal (person->regimen, "subsidiado")));
        if (person->phone != NULL)
          {
            g_assert_cmpuint (strlen (person->phone), ==, 10);
            g_assert_true (is_digits (person->phone));
            g_assert_cmpint (person->phone[0], ==, '3');
          }
        g_assert_nonnull (strchr (person->family_names, ' '));
      }
      break;

    case BIE_ENTITY_RISK:
      {
        const BieRisk *risk = record;
        gboolean household_level = g_str_equal (risk->code, "mental-health") ||
                                   g_str_equal (risk->code, "housing");
        gint identified = days_from_today (survey, risk->identified_on);

        g_array_append_val (survey->risk_households, risk->household_id);
        count_up (survey->risk_counts, risk->code);
        g_assert_true (is_one_of (risk->status, statuses));
        g_assert_cmpint (identified, <=, 0);
        g_assert_cmpint (identified, >=, -366);
        g_assert_true ((risk->managed_on != NULL) == !g_str_equal (risk->status, "identified"));
        g_assert_true ((risk->closed_on != NULL) == g_str_equal (risk->status, "closed"));
        if (risk->managed_on != NULL)
          g_assert_cmpint (days_from_today (survey, risk->managed_on), >=, identified);
        if (risk->closed_on != NULL)
          {
            g_assert_cmpint (days_from_today (survey, risk->closed_on), >=,
                             days_from_today (survey, risk->managed_on));
            g_assert_cmpint (days_from_today (survey, risk->closed_on), <=, 0);
          }

        if (household_level)
          {
            g_assert_cmpint (risk->person_id, ==, 0);
          }
        else
          {
            const PersonInfo *person = person_info (survey, risk->person_id);
            guint age = age_on (&person->birth, survey->today);

            g_assert_cmpint (person->household, ==, risk->household_id);
            if (g_str_has_prefix (risk->code, "pregnancy"))
              {
                g_assert_true (person->female);
                g_assert_cmpuint (age, >=, 14);
                g_assert_cmpuint (age, <=, 45);
              }
            else if (g_str_equal (risk->code, "child-incomplete-vaccination"))
              {
                g_assert_cmpuint (age, <, 5);
              }
            else
              {
                g_assert_cmpstr (risk->code, ==, "caregiver-burden");
                g_assert_cmpuint (age, >=, 14);
              }
          }
      }
      break;

    case BIE_ENTITY_CARE_PLAN:
      {
        const BieCarePlan *plan = record;

        g_array_append_val (survey->plan_households, plan->household_id);
        g_assert_true (is_one_of (plan->status, plan_statuses));
        g_assert_true ((plan->agreed_on == NULL) == g_str_equal (plan->status, "draft"));
        if (plan->agreed_on != NULL)
          {
            g_assert_cmpint (days_from_today (survey, plan->agreed_on), <=, 0);
            g_assert_cmpint (days_from_today (survey, plan->agreed_on), >=, -310);
          }
        g_assert_cmpint (plan->professional_id, !=, 0);
      }
      break;

    case BIE_ENTITY_GOAL:
      {
        const BieGoal *goal = record;

        g_assert_true (is_one_of (goal->status, goal_statuses));
        /* A goal answers a risk of its own household. */
        if (goal->risk_id != 0)
          g_assert_cmpint (g_array_index (survey->risk_households, gint64, goal->risk_id - 1), ==,
                           g_array_index (survey->plan_households, gint64, goal->plan_id - 1));
      }
      break;

    case BIE_ENTITY_ACTIVITY:
      {
        const BieActivity *activity = record;
        gint start = days_from_today (survey, activity->start_date);
        gint end = days_from_today (survey, activity->end_date);

        g_assert_true (is_one_of (activity->kind, activity_kinds));
        g_assert_true (is_one_of (activity->status, activity_statuses));
        g_assert_cmpint (start, <=, end);
        g_assert_cmpint (start, >=, -310);   /* ten months before today */
        g_assert_cmpint (end, <=, 122);      /* four months after */
        if (start > 0)
          g_assert_true (is_one_of (activity->status,
                                    (const char *const[]) { "planned", "scheduled", "cancelled",
                                                            NULL }));
        if (end < 0)
          g_assert_true (is_one_of (activity->status,
                                    (const char *const[]) { "done", "not-done", "cancelled",
                                                            "scheduled", NULL }));
        g_assert_true ((activity->status_reason != NULL) ==
                       is_one_of (activity->status,
                                  (const char *const[]) { "not-done", "cancelled", NULL }));
        if (activity->person_id != 0)
          {
            const PersonInfo *person = person_info (survey, activity->person_id);
            GDate start_date;

            g_assert_cmpint (person->household, ==,
                             g_array_index (survey->plan_households, gint64,
                                            activity->plan_id - 1));
            parse_date (activity->start_date, &start_date);
            g_assert_cmpint (g_date_compare (&person->birth, &start_date), <=, 0);
          }
      }
      break;

    case BIE_ENTITY_ENCOUNTER:
      {
        const BieEncounter *encounter = record;
        g_auto(GStrv) participants = NULL;
        g_autofree char *day = NULL;
        guint hour, minute, second;
        gint days;

        g_assert_true (is_one_of (encounter->kind, encounter_kinds));
        survey->work_sessions += g_str_equal (encounter->kind, "work-session");

        /* A moment in working hours in Bogotá (UTC−5), in the last year */
        g_assert_cmpuint (strlen (encounter->date), ==, 20);
        g_assert_cmpint (encounter->date[10], ==, 'T');
        g_assert_cmpint (encounter->date[19], ==, 'Z');
        g_assert_cmpint (sscanf (encounter->date + 11, "%2u:%2u:%2u", &hour, &minute, &second),
                         ==, 3);
        g_assert_cmpuint (hour, >=, 7 + 5);
        g_assert_cmpuint (hour, <, 18 + 5);
        day = g_strndup (encounter->date, 10);
        days = days_from_today (survey, day);
        g_assert_cmpint (days, <, 0);
        g_assert_cmpint (days, >=, -366);
        g_assert_cmpint (encounter->professional_id, !=, 0);

        /* Members of the household, born by then */
        g_assert_nonnull (encounter->participants);
        participants = g_strsplit (encounter->participants, ",", -1);
        g_assert_nonnull (participants[0]);
        for (guint p = 0; participants[p] != NULL; p++)
          {
            gpointer household;

            g_assert_true (g_hash_table_lookup_extended (survey->person_uuids, participants[p],
                                                         NULL, &household));
            g_assert_cmpint (GPOINTER_TO_INT (household), ==, encounter->household_id);
          }
      }
      break;

    case BIE_ENTITY_APPOINTMENT:
      {
        const BieAppointment *appointment = record;
        gint requested = days_from_today (survey, appointment->requested_on);

        g_assert_cmpint (person_info (survey, appointment->person_id)->household, ==,
                         appointment->household_id);
        g_assert_true (is_one_of (appointment->service, services));
        g_assert_true (is_one_of (appointment->barrier, barriers));
        g_assert_true (is_one_of (appointment->outcome, outcomes));
        g_assert_cmpint (requested, <=, 0);
        g_assert_true ((appointment->assigned_on == NULL) ==
                       g_str_equal (appointment->outcome, "pending"));
        g_assert_true ((appointment->attended_on != NULL) ==
                       g_str_equal (appointment->outcome, "attended"));
        if (appointment->assigned_on != NULL)
          g_assert_cmpint (days_from_today (survey, appointment->assigned_on), >=, requested);
        if (appointment->attended_on != NULL)
          {
            g_assert_cmpint (days_from_today (survey, appointment->attended_on), >=,
                             days_from_today (survey, appointment->assigned_on));
            g_assert_cmpint (days_from_today (survey, appointment->attended_on), <=, 0);
          }
      }
      break;

    case BIE_ENTITY_VACCINATION:
      {
        const BieVaccination *vaccination = record;
        const PersonInfo *child = person_info (survey, vaccination->person_id);
        GDate date;

        g_assert_cmpuint (age_on (&child->birth, survey->today), <, 5);
        g_assert_true (is_one_of (vaccination->vaccine, vaccines));
        g_assert_cmpint (vaccination->dose, >=, 1);
        g_assert_true (g_str_equal (vaccination->status, "completed") ||
                       g_str_equal (vaccination->status, "not-done"));
        parse_date (vaccination->date, &date);
        g_assert_cmpint (g_date_compare (&child->birth, &date), <=, 0);
        g_assert_cmpint (g_date_compare (&date, survey->today), <=, 0);
      }
      break;

    case BIE_ENTITY_SUBRED:
    case BIE_ENTITY_LOCALIDAD:
    case BIE_ENTITY_UPZ:
    case BIE_ENTITY_SECTOR:
    case BIE_ENTITY_TEAM:
    case BIE_N_ENTITIES:
    default:
      break;
    }
}

static gboolean
survey_batch (BieRecordBatch  *batch,
              guint            households_done,
              guint            households_total,
              gpointer         user_data,
              GError         **error)
{
  Survey *survey = user_data;
  guint households = batch->records[BIE_ENTITY_HOUSEHOLD] ?
                     batch->records[BIE_ENTITY_HOUSEHOLD]->len : 0;

  if (survey->batches++ == 0)
    {
      g_assert_cmpuint (households_done, ==, 0);
      check_territory (survey, batch);
    }
  else
    {
      g_assert_cmpuint (households, >, 0);
      g_assert_cmpuint (households_done, ==, survey->households_done + households);
    }
  g_assert_cmpuint (households_done, <=, households_total);
  survey->households_done = households_done;
  survey->max_batch_records = MAX (survey->max_batch_records, bie_record_batch_count (batch));

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    for (guint i = 0; batch->records[e] != NULL && i < batch->records[e]->len; i++)
      check_record (survey, e, batch->records[e]->pdata[i]);

  return TRUE;
}

static void
survey_city (Survey *survey,
             guint   n_households,
             guint   batch_size)
{
  g_autoptr(GError) error = NULL;
  BieDemoOptions options;

  survey_init (survey);
  bie_demo_options_init (&options);
  options.n_households = n_households;
  options.batch_size = batch_size;
  options.today = survey->today;

  g_assert_true (bie_demo_city_generate (&options, survey_batch, survey, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (survey->households_done, ==, n_households);
  g_assert_cmpint (survey->count[BIE_ENTITY_HOUSEHOLD], ==, n_households);
  g_assert_cmpuint (survey->batches, ==, 1 + (n_households + batch_size - 1) / batch_size);
}

static void
test_integrity (void)
{
  Survey survey;
  double mean_size, subsidiado;

  survey_city (&survey, 5000, 700);

  g_assert_cmpint (survey.count[BIE_ENTITY_SUBRED], ==, 4);
  g_assert_cmpint (survey.count[BIE_ENTITY_LOCALIDAD], ==, 20);
  g_assert_cmpint (survey.count[BIE_ENTITY_SECTOR], ==, 1170);
  g_assert_cmpuint (g_hash_table_size (survey.sector_codes), ==, 1170);

  /* One head per household */
  g_assert_cmpuint (survey.heads, ==, 5000);
  mean_size = (double) survey.count[BIE_ENTITY_PERSON] / 5000;
  subsidiado = (double) survey.subsidiado / survey.count[BIE_ENTITY_PERSON];
  g_test_message ("%.2f persons a household, %.1f %% subsidiado, %" G_GINT64_FORMAT
                  " vaccinations, %u records in the largest batch", mean_size, 100 * subsidiado,
                  survey.count[BIE_ENTITY_VACCINATION], survey.max_batch_records);
  g_assert_cmpfloat (mean_size, >=, 3.0);
  g_assert_cmpfloat (mean_size, <=, 3.6);
  g_assert_cmpfloat (subsidiado, >=, 0.35);
  g_assert_cmpfloat (subsidiado, <=, 0.55);
  g_assert_cmpint (survey.count[BIE_ENTITY_VACCINATION], >, 0);

  survey_clear (&survey);
}

/* Whether @count is close enough to the seed @figure scaled to the city:
 * within 10 % of it, or within one where 10 % is less than one (a city of
 * 5,000 households has some 14 caregivers: a quota rounds to the nearest
 * household). */
static void
assert_seed_share (const char *what,
                   guint       count,
                   guint       figure,
                   guint       n_households)
{
  double expected = (double) figure * n_households / SEED_HOUSEHOLDS;
  double tolerance = MAX (0.10 * expected, 1.0);

  g_test_message ("%s: %u, seed share %.1f", what, count, expected);
  if (count < expected - tolerance || count > expected + tolerance)
    g_error ("%s: %u, the seed figures give %.1f (tolerance %.1f)", what, count, expected,
             tolerance);
}

static void
test_prevalences (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  Survey survey;

  survey_city (&survey, n, 2000);

  for (guint r = 0; r < G_N_ELEMENTS (seed_risks); r++)
    assert_seed_share (seed_risks[r].code, count_of (survey.risk_counts, seed_risks[r].code),
                       seed_risks[r].figure, n);
  assert_seed_share ("care plans", survey.count[BIE_ENTITY_CARE_PLAN], SEED_PLANS, n);
  assert_seed_share ("work sessions", survey.work_sessions, SEED_WORK_SESSIONS, n);
  assert_seed_share ("appointments", survey.count[BIE_ENTITY_APPOINTMENT], SEED_APPOINTMENTS, n);
  g_assert_cmpuint (g_hash_table_size (survey.risk_counts), ==, G_N_ELEMENTS (seed_risks));

  survey_clear (&survey);
}

/* ------------------------------------------------------------------------ */
/* Stopping */

typedef struct
{
  guint         calls;
  guint         fail_at;       /* the call that fails, from 1; 0 never */
  gboolean      set_error;
  GCancellable *cancel_at_first;
} Stopper;

static gboolean
stop_batch (BieRecordBatch  *batch,
            guint            households_done,
            guint            households_total,
            gpointer         user_data,
            GError         **error)
{
  Stopper *stopper = user_data;

  stopper->calls++;
  if (stopper->cancel_at_first != NULL)
    g_cancellable_cancel (stopper->cancel_at_first);
  if (stopper->calls == stopper->fail_at)
    {
      if (stopper->set_error)
        g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "No space left");
      return FALSE;
    }

  return TRUE;
}

static gboolean
generate_small (Stopper       *stopper,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GDate) today = test_today ();
  BieDemoOptions options;

  bie_demo_options_init (&options);
  options.n_households = 300;
  options.batch_size = 100;
  options.today = today;

  return bie_demo_city_generate (&options, stop_batch, stopper, cancellable, error);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Stopper stopper = { 0 };

  /* Cancelled before: nothing is handed over. */
  g_cancellable_cancel (cancellable);
  g_assert_false (generate_small (&stopper, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (stopper.calls, ==, 0);
  g_clear_error (&error);

  /* Cancelled while the first batch is stored: no second batch. */
  g_cancellable_reset (cancellable);
  stopper.cancel_at_first = cancellable;
  g_assert_false (generate_small (&stopper, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (stopper.calls, ==, 1);
}

static void
test_callback_error (void)
{
  g_autoptr(GError) error = NULL;
  Stopper stopper = { 0 };

  /* The store fails on the third batch: generation stops with its error. */
  stopper.fail_at = 3;
  stopper.set_error = TRUE;
  g_assert_false (generate_small (&stopper, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpuint (stopper.calls, ==, 3);
  g_clear_error (&error);

  /* A function that fails without saying why still gives an error. */
  memset (&stopper, 0, sizeof stopper);
  stopper.fail_at = 1;
  g_assert_false (generate_small (&stopper, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (stopper.calls, ==, 1);
  g_assert_true (generate_small (&(Stopper) { 0 }, NULL, NULL));
}

/* The function may take records out of a batch; the generator frees the
 * rest (valgrind checks that nothing is freed twice or lost). */
static gboolean
steal_batch (BieRecordBatch  *batch,
             guint            households_done,
             guint            households_total,
             gpointer         user_data,
             GError         **error)
{
  GPtrArray *kept = user_data;
  GPtrArray *households = batch->records[BIE_ENTITY_HOUSEHOLD];

  if (households != NULL)
    while (households->len > 0)
      g_ptr_array_add (kept, g_ptr_array_steal_index (households, 0));

  return TRUE;
}

static void
free_household (gpointer record)
{
  bie_record_free (BIE_ENTITY_HOUSEHOLD, record);
}

static void
test_steal_records (void)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (free_household);
  g_autoptr(GDate) today = test_today ();
  g_autoptr(GError) error = NULL;
  BieDemoOptions options;

  bie_demo_options_init (&options);
  options.n_households = 250;
  options.batch_size = 100;
  options.today = today;

  g_assert_true (bie_demo_city_generate (&options, steal_batch, kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 250);
  g_assert_cmpint (((BieHousehold *) kept->pdata[249])->record.id, ==, 250);
}

typedef struct
{
  GDate *today;
  guint  n_checked;
} Validation;

static gboolean
validate_batch (BieRecordBatch  *batch,
                guint            done,
                guint            total,
                gpointer         user_data,
                GError         **error)
{
  Validation *validation = user_data;

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    for (guint i = 0; batch->records[e] != NULL && i < batch->records[e]->len; i++)
      {
        g_autoptr(GError) invalid = NULL;
        const char *field = NULL;

        if (!bie_validate_record (e, g_ptr_array_index (batch->records[e], i), validation->today,
                                  &field, &invalid))
          {
            const BieField *bad = field != NULL ? bie_entity_find_field (bie_entity_info (e), field) : NULL;
            const char *value = bad != NULL && bad->type == BIE_FIELD_TEXT ?
                                *(char **) BIE_FIELD_PTR (g_ptr_array_index (batch->records[e], i), bad) : NULL;

            g_error ("%s %u of the demo city is not valid (%s = “%s”): %s",
                     bie_entity_info (e)->table, i, field, value ?: "", invalid->message);
          }
        validation->n_checked++;
      }

  return TRUE;
}

/* The demo city is what users will edit: every record must pass the rules
 * an edit must pass, with codes from the reference lists. */
static void
test_valid_records (void)
{
  g_autoptr(GDate) today = test_today ();
  g_autoptr(GError) error = NULL;
  Validation validation = { today, 0 };
  BieDemoOptions options;

  bie_demo_options_init (&options);
  options.n_households = 3000;
  options.today = today;

  g_assert_true (bie_demo_city_generate (&options, validate_batch, &validation, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("%u records valid", validation.n_checked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-city/valid-records", test_valid_records);
  g_test_add_func ("/demo-city/determinism", test_determinism);
  g_test_add_func ("/demo-city/integrity", test_integrity);
  g_test_add_data_func ("/demo-city/prevalences/5000", GUINT_TO_POINTER (5000), test_prevalences);
  g_test_add_data_func ("/demo-city/prevalences/20000", GUINT_TO_POINTER (20000),
                        test_prevalences);
  g_test_add_func ("/demo-city/cancel", test_cancel);
  g_test_add_func ("/demo-city/callback-error", test_callback_error);
  g_test_add_func ("/demo-city/steal-records", test_steal_records);

  return g_test_run ();
}
