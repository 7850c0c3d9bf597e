/* bie-demo-city.c: a synthetic Bogotá, to demonstrate and measure Bienestar
 *
 * A deterministic generator: the same seed and options give the same city,
 * byte for byte, on any machine (its own PRNG and integer arithmetic, no
 * libm, no clock, no locale). The city is streamed to the caller in
 * batches (BieRecordBatch); only the batch being filled lives in memory,
 * with a few kilobytes per sector and team.
 *
 * The contract with the store (ids, uuids, what each batch holds) is in
 * bie-demo-city.h. Households come sector by sector, in the order of the
 * sector codes.
 *
 * Risks are assigned by exact quota: the seed figures (seed text 004: per
 * 415,000 households) are scaled to n_households and rounded, and that many
 * households are drawn with selection sampling (Knuth's algorithm S), which
 * streams. The draw comes before the household is made, and a household
 * drawn for a risk is then made to fit it (a woman of 14–45 for a pregnancy,
 * a child under five for incomplete vaccination, an adult and a dependent
 * for caregiver burden), so the quotas hold exactly at any size. Choices:
 * a pregnant woman without prenatal control has the one risk
 * "pregnancy-no-prenatal-control" (not also "pregnancy"), so the two codes
 * add up to the 3,744 pregnant women; mental health and housing are
 * household risks (person_id 0), as the seed counts families; the other
 * risks are on a person. Care plans go to nine in ten households with a
 * risk, the rest to households without one, again by exact quota.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-demo-city"

#include "config.h"

#include <string.h>

#include "bie-demo-city.h"
#include "bie-demo-city-private.h"
#include "bie-reference.h"

/* The first year's figures (seed text 004), for 415,000 households. */
#define SEED_HOUSEHOLDS          415000
#define SEED_PREGNANT            3744
#define SEED_PREGNANT_NO_CONTROL 1381
#define SEED_VACCINATION         3400
#define SEED_MENTAL_HEALTH       18225
#define SEED_CAREGIVERS          1176
#define SEED_HOUSING             5794
#define SEED_PLANS               52000
#define SEED_APPOINTMENTS        21184
/* 205,000 work sessions are drawn per household, in bie-demo-city-households.c. */

#define SECTOR_CODE_BASE 3400

/* The generator's independent streams of random numbers. */
enum
{
  STREAM_TERRITORY = 1,
  STREAM_HOUSEHOLDS,
  STREAM_UUIDS,
  STREAM_PREGNANT,
  STREAM_NO_CONTROL,
  STREAM_VACCINATION,
  STREAM_MENTAL_HEALTH,
  STREAM_CAREGIVER,
  STREAM_HOUSING,
  STREAM_PLAN_RISK,
  STREAM_PLAN_OTHER,
  STREAM_APPOINTMENTS,
};

/* ------------------------------------------------------------------------ */
/* Quotas: selection sampling (Knuth's algorithm S) takes exactly @picks of
 * @items seen one at a time, every set of picks equally likely, in O(1)
 * memory. */

typedef struct
{
  BieRng rng;
  guint  items;
  guint  picks;
} Quota;

static void
quota_init (Quota   *quota,
            guint32  seed,
            guint    stream,
            guint    items,
            guint    picks)
{
  bie_rng_init (&quota->rng, seed, stream);
  quota->items = items;
  quota->picks = MIN (picks, items);
}

static gboolean
quota_take (Quota *quota)
{
  gboolean take;

  if (quota->items == 0)
    return FALSE;
  take = bie_rng_below (&quota->rng, quota->items) < quota->picks;
  quota->items--;
  if (take)
    quota->picks--;

  return take;
}

/* A seed figure scaled from 415,000 households to @n_households, rounded. */
static guint
seed_share (guint n_households,
            guint figure)
{
  return (guint) (((guint64) n_households * figure + SEED_HOUSEHOLDS / 2) / SEED_HOUSEHOLDS);
}

/* ------------------------------------------------------------------------ */
/* Dates, as days since 1970-01-01 (H. Hinnant's civil calendar algorithms) */

static gint
days_from_civil (gint  y,
                 guint m,
                 guint d)
{
  gint era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + (gint) doe - 719468;
}

static void
civil_from_days (gint   z,
                 gint  *y,
                 guint *m,
                 guint *d)
{
  gint era;
  guint doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (gint) yoe + era * 400 + (*m <= 2);
}

/* The same day @years before, 29 February becoming the 28th. */
static gint
days_years_before (gint  day,
                   guint years)
{
  gint y;
  guint m, d;

  civil_from_days (day, &y, &m, &d);
  y -= (gint) years;
  if (m == 2 && d == 29 && !g_date_is_leap_year ((GDateYear) y))
    d = 28;

  return days_from_civil (y, m, d);
}

static inline void
put_digits (char  *p,
            guint  value,
            guint  n_digits)
{
  for (guint i = n_digits; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* Writes the ten characters of "YYYY-MM-DD" of @day. */
static void
put_day (char *p,
         gint  day)
{
  gint y;
  guint m, d;

  civil_from_days (day, &y, &m, &d);
  put_digits (p, (guint) y, 4);
  p[4] = '-';
  put_digits (p + 5, m, 2);
  p[7] = '-';
  put_digits (p + 8, d, 2);
}

/**
 * bie_demo_date_text:
 *
 * Returns: (transfer full): "YYYY-MM-DD" of @day, days since 1970-01-01
 */
char *
bie_demo_date_text (gint day)
{
  char *text = g_malloc (11);

  put_day (text, day);
  text[10] = '\0';

  return text;
}

/**
 * bie_demo_moment_text:
 * @minute: minutes since midnight in Bogotá (UTC−5), in working hours, so
 *   that the day is the same in UTC
 *
 * Returns: (transfer full): "YYYY-MM-DDTHH:MM:SSZ"
 */
char *
bie_demo_moment_text (gint  day,
                      guint minute)
{
  char *text = g_malloc (21);
  guint utc = minute + 5 * 60;

  g_assert (utc < 24 * 60);

  put_day (text, day);
  text[10] = 'T';
  put_digits (text + 11, utc / 60, 2);
  text[13] = ':';
  put_digits (text + 14, utc % 60, 2);
  memcpy (text + 16, ":00Z", 5);

  return text;
}

/**
 * bie_demo_weekday:
 *
 * Returns: the day of the week of @day, 0 for Sunday
 */
guint
bie_demo_weekday (gint day)
{
  return (guint) ((day % 7 + 7 + 4) % 7);
}

static void
uuid_write (BieRng *rng,
            char   *text)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  guint64 hi = bie_rng_next (rng);
  guint64 lo = bie_rng_next (rng);

  for (guint i = 0; i < 8; i++)
    {
      bytes[i] = (guint8) (hi >> (56 - 8 * i));
      bytes[8 + i] = (guint8) (lo >> (56 - 8 * i));
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;   /* version 4 */
  bytes[8] = (bytes[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *text++ = '-';
      *text++ = hex[bytes[i] >> 4];
      *text++ = hex[bytes[i] & 0xf];
    }
  *text = '\0';
}

/* ------------------------------------------------------------------------ */
/* The generator */

static void
generator_free (BieDemoGenerator *gen)
{
  g_clear_pointer (&gen->batch, bie_record_batch_free);
  g_clear_pointer (&gen->subred_list, bie_reference_list_unref);
  g_clear_pointer (&gen->localidad_list, bie_reference_list_unref);
  g_free (gen->localidades);
  g_free (gen->sectors);
  g_free (gen->teams);
  g_free (gen);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieDemoGenerator, generator_free)

/**
 * bie_demo_record_new:
 *
 * Returns: (transfer none): a new record of @entity in the current batch,
 *   with its row id, uuid and updated_at
 */
gpointer
bie_demo_record_new (BieDemoGenerator *gen,
                     BieEntity         entity)
{
  BieRecord *record = g_malloc0 (bie_entity_info (entity)->size);

  record->id = ++gen->last_id[entity];
  record->uuid = g_malloc (BIE_DEMO_UUID_LENGTH + 1);
  uuid_write (&gen->uuids, record->uuid);
  record->updated_at = gen->updated_at;
  bie_record_batch_add (gen->batch, entity, record);

  return record;
}

/**
 * bie_demo_birth_for_age:
 *
 * Returns: a birth date at which someone is @age today, uniformly over the
 *   year
 */
gint
bie_demo_birth_for_age (BieDemoGenerator *gen,
                        guint             age)
{
  gint first = days_years_before (gen->today, age + 1) + 1;
  gint last = days_years_before (gen->today, age);

  return bie_rng_range (&gen->rng, first, last);
}
/* ------------------------------------------------------------------------ */
/* The territory */

static int
compare_cells_by_distance (gconstpointer a,
                           gconstpointer b,
                           gpointer      user_data)
{
  const BieDemoSector *sa = a, *sb = b;

  if (sa->dist2 != sb->dist2)
    return sa->dist2 < sb->dist2 ? -1 : 1;

  return sa->cell < sb->cell ? -1 : sa->cell > sb->cell;
}

/* Localidad by localidad, each from north to south and west to east, so
 * that neighbouring sectors have neighbouring codes. */
static int
compare_cells_by_place (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const BieDemoSector *sa = a, *sb = b;
  guint ja = sa->cell / BIE_DEMO_GRID_NX, jb = sb->cell / BIE_DEMO_GRID_NX;

  if (sa->localidad != sb->localidad)
    return sa->localidad < sb->localidad ? -1 : 1;
  if (ja != jb)
    return ja > jb ? -1 : 1;

  return sa->cell < sb->cell ? -1 : sa->cell > sb->cell;
}

static gint64
localidad_dist2 (const BieDemoLocalidad *localidad,
                 gint32                  lon,
                 gint32                  lat)
{
  /* A degree of longitude is cos 4.6° ≈ 0.997 of a degree of latitude. */
  gint64 dx = (gint64) (lon - localidad->lon) * 997 / 1000;
  gint64 dy = lat - localidad->lat;

  return dx * dx + dy * dy;
}

static guint
nearest_localidad (BieDemoGenerator *gen,
                   gint32            lon,
                   gint32            lat,
                   gint64           *dist2)
{
  guint best = 0;
  gint64 best_dist2 = G_MAXINT64;

  for (guint l = 0; l < gen->n_localidades; l++)
    {
      gint64 d = localidad_dist2 (&gen->localidades[l], lon, lat);

      if (d < best_dist2)
        {
          best = l;
          best_dist2 = d;
        }
    }
  if (dist2 != NULL)
    *dist2 = best_dist2;

  return best;
}

static gboolean
parse_micro (const char *text,
             gint32     *micro)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || value < -180 || value > 180)
    return FALSE;
  *micro = (gint32) (value * 1e6 + (value < 0 ? -0.5 : 0.5));

  return TRUE;
}

static gboolean
generator_load_territory (BieDemoGenerator  *gen,
                          GError           **error)
{
  guint n_subredes;
  gint64 *subred_ids;

  gen->subred_list = bie_reference_list_get ("subredes", error);
  if (gen->subred_list == NULL)
    return FALSE;
  gen->localidad_list = bie_reference_list_get ("localidades", error);
  if (gen->localidad_list == NULL)
    return FALSE;

  n_subredes = bie_reference_list_get_n_items (gen->subred_list);
  subred_ids = g_newa (gint64, n_subredes + 1);
  for (guint i = 0; i < n_subredes; i++)
    {
      BieSubred *subred = bie_demo_record_new (gen, BIE_ENTITY_SUBRED);

      subred->code = g_strdup (bie_reference_list_get_code (gen->subred_list, i));
      subred->name = g_strdup (bie_reference_list_get_name (gen->subred_list, i));
      subred_ids[i] = subred->record.id;
    }

  gen->n_localidades = bie_reference_list_get_n_items (gen->localidad_list);
  if (gen->n_localidades == 0)
    {
      g_set_error (error, BIE_REFERENCE_ERROR, BIE_REFERENCE_ERROR_INVALID,
                   "The reference list of localidades is empty");
      return FALSE;
    }
  gen->localidades = g_new0 (BieDemoLocalidad, gen->n_localidades);
  for (guint i = 0; i < gen->n_localidades; i++)
    {
      BieReferenceList *list = gen->localidad_list;
      BieDemoLocalidad *localidad = &gen->localidades[i];
      BieLocalidad *record = bie_demo_record_new (gen, BIE_ENTITY_LOCALIDAD);
      const char *code = bie_reference_list_get_code (list, i);
      guint subred;

      localidad->name = bie_reference_list_get_name (list, i);
      localidad->data = bie_demo_localidad_data_lookup (code);
      if (!parse_micro (bie_reference_list_get_attribute (list, i, "lon"), &localidad->lon) ||
          !parse_micro (bie_reference_list_get_attribute (list, i, "lat"), &localidad->lat))
        {
          g_set_error (error, BIE_REFERENCE_ERROR, BIE_REFERENCE_ERROR_INVALID,
                       "The localidad %s has no valid centre (lon, lat)", code);
          return FALSE;
        }
      if (!bie_reference_list_find (gen->subred_list,
                                    bie_reference_list_get_attribute (list, i, "subred"),
                                    &subred))
        {
          g_set_error (error, BIE_REFERENCE_ERROR, BIE_REFERENCE_ERROR_INVALID,
                       "The localidad %s has no known subred", code);
          return FALSE;
        }
      localidad->subred_id = subred_ids[subred];

      localidad->id = record->record.id;
      record->code = g_strdup (code);
      record->name = g_strdup (localidad->name);
      record->subred_id = localidad->subred_id;
    }

  return TRUE;
}

/* Which cells become sectors and where they belong: the 1,170 cells
 * nearest to a localidad's centre, each in the localidad whose centre is
 * nearest, so localidades are contiguous and the city has a ragged outline
 * inside its bounding box. */
static void
generator_lay_out_sectors (BieDemoGenerator *gen)
{
  g_autofree BieDemoSector *cells = g_new0 (BieDemoSector, BIE_DEMO_N_CELLS);

  G_STATIC_ASSERT (BIE_DEMO_N_SECTORS <= BIE_DEMO_N_CELLS);

  for (guint c = 0; c < BIE_DEMO_N_CELLS; c++)
    {
      gint32 lon, lat;

      bie_demo_cell_centre (c, &lon, &lat);
      cells[c].cell = c;
      cells[c].localidad = nearest_localidad (gen, lon, lat, &cells[c].dist2);
    }
  g_qsort_with_data (cells, BIE_DEMO_N_CELLS, sizeof (BieDemoSector), compare_cells_by_distance,
                     NULL);

  gen->sectors = g_new0 (BieDemoSector, BIE_DEMO_N_SECTORS);
  memcpy (gen->sectors, cells, BIE_DEMO_N_SECTORS * sizeof (BieDemoSector));

  /* A localidad too small to own a cell gets the one nearest its centre. */
  for (guint l = 0; l < gen->n_localidades; l++)
    {
      guint nearest = 0;
      gint64 nearest_dist2 = G_MAXINT64;
      gboolean owns = FALSE;

      for (guint s = 0; s < BIE_DEMO_N_SECTORS && !owns; s++)
        {
          const BieDemoSector *sector = &gen->sectors[s];
          gint32 lon, lat;
          gint64 d;

          bie_demo_cell_centre (sector->cell, &lon, &lat);
          d = localidad_dist2 (&gen->localidades[l], lon, lat);

          owns = sector->localidad == l;
          if (d < nearest_dist2)
            {
              nearest = s;
              nearest_dist2 = d;
            }
        }
      if (!owns)
        gen->sectors[nearest].localidad = l;
    }

  g_qsort_with_data (gen->sectors, BIE_DEMO_N_SECTORS, sizeof (BieDemoSector),
                     compare_cells_by_place, NULL);
  for (guint s = 0; s < BIE_DEMO_N_SECTORS; s++)
    {
      BieDemoSector *sector = &gen->sectors[s];

      bie_demo_cell_ring (gen->seed, sector->cell, sector->ring);
      sector->min_lon = sector->max_lon = sector->ring[0][0];
      sector->min_lat = sector->max_lat = sector->ring[0][1];
      for (guint k = 1; k < BIE_DEMO_RING_POINTS; k++)
        {
          sector->min_lon = MIN (sector->min_lon, sector->ring[k][0]);
          sector->max_lon = MAX (sector->max_lon, sector->ring[k][0]);
          sector->min_lat = MIN (sector->min_lat, sector->ring[k][1]);
          sector->max_lat = MAX (sector->max_lat, sector->ring[k][1]);
        }
      bie_demo_cell_centre (sector->cell, &sector->inside_lon, &sector->inside_lat);
      gen->localidades[sector->localidad].n_sectors++;
    }
}

static void
generator_emit_sectors (BieDemoGenerator *gen)
{
  static const char *const qualifiers[] = {
    "", " Norte", " Sur", " Occidental", " Oriental", " Central", " Alto", " Bajo", " II",
    " III", " IV", " V", " VI",
  };
  static const char *const fallback_barrios[] = { "Centro", NULL };
  BieRng *rng = &gen->rng;
  guint in_localidad = 0;

  for (guint s = 0; s < BIE_DEMO_N_SECTORS; s++)
    {
      BieDemoSector *sector = &gen->sectors[s];
      const BieDemoLocalidad *localidad = &gen->localidades[sector->localidad];
      const char *const *barrios = localidad->data ? localidad->data->barrios : fallback_barrios;
      BieSector *record = bie_demo_record_new (gen, BIE_ENTITY_SECTOR);
      guint n_barrios = 0;
      guint round;
      char code[8];
      gint stratum;

      while (barrios[n_barrios] != NULL)
        n_barrios++;
      if (s > 0 && sector->localidad != gen->sectors[s - 1].localidad)
        in_localidad = 0;
      round = in_localidad / n_barrios;

      g_snprintf (code, sizeof code, "%06u", SECTOR_CODE_BASE + s);
      record->code = g_strdup (code);
      /* "Las Ferias Norte" (the code is apart): the barrios of the
       * localidad in turn, told apart by a qualifier once they come round
       * again. */
      if (round < G_N_ELEMENTS (qualifiers))
        record->name = g_strdup_printf ("%s%s", barrios[in_localidad % n_barrios], qualifiers[round]);
      else
        record->name = g_strdup_printf ("%s %u", barrios[in_localidad % n_barrios], round);
      sector->id = record->record.id;
      record->localidad_id = localidad->id;
      record->upz_id = 0;
      record->geometry = bie_demo_ring_to_geojson (sector->ring, BIE_DEMO_RING_POINTS);
      record->min_lon = sector->min_lon / 1e6;
      record->min_lat = sector->min_lat / 1e6;
      record->max_lon = sector->max_lon / 1e6;
      record->max_lat = sector->max_lat / 1e6;
      record->generated = TRUE;

      stratum = (gint) (localidad->data ? localidad->data->stratum_x10 : 25) +
                bie_rng_range (rng, -10, 10);
      sector->stratum_x10 = (guint) CLAMP (stratum, 10, 60);
      in_localidad++;
    }
}

static void
generator_emit_teams (BieDemoGenerator *gen)
{
  static const BieDemoProfession rotating[] = {
    BIE_DEMO_PHYSICIAN, BIE_DEMO_PSYCHOLOGIST, BIE_DEMO_NUTRITIONIST, BIE_DEMO_SOCIAL_WORKER,
  };
  BieRng *rng = &gen->rng;
  guint sector = 0;

  /* A team for every four sectors or so, in each localidad. */
  for (guint l = 0; l < gen->n_localidades; l++)
    {
      BieDemoLocalidad *localidad = &gen->localidades[l];

      localidad->first_team = gen->n_teams;
      localidad->n_teams = MAX (1, (localidad->n_sectors + 3) / 4);
      gen->n_teams += localidad->n_teams;
    }
  gen->teams = g_new0 (BieDemoTeam, gen->n_teams);

  for (guint l = 0; l < gen->n_localidades; l++)
    {
      BieDemoLocalidad *localidad = &gen->localidades[l];

      for (guint k = 0; k < localidad->n_teams; k++)
        {
          BieTeam *record = bie_demo_record_new (gen, BIE_ENTITY_TEAM);

          gen->teams[localidad->first_team + k].id = record->record.id;
          record->name = g_strdup_printf ("Equipo %s %u", localidad->name, k + 1);
          record->subred_id = localidad->subred_id;
        }
      for (guint k = 0; k < localidad->n_sectors; k++, sector++)
        gen->sectors[sector].team = localidad->first_team + k * localidad->n_teams /
                                                            localidad->n_sectors;
    }

  for (guint t = 0; t < gen->n_teams; t++)
    {
      BieDemoTeam *team = &gen->teams[t];
      guint8 *p = team->professions;

      p[team->n_professionals++] = BIE_DEMO_NURSE;
      p[team->n_professionals++] = BIE_DEMO_NURSING_ASSISTANT;
      p[team->n_professionals++] = BIE_DEMO_HEALTH_WORKER;
      p[team->n_professionals++] = BIE_DEMO_HEALTH_WORKER;
      p[team->n_professionals++] = rotating[t % G_N_ELEMENTS (rotating)];
      if (bie_rng_percent (rng, 50))
        p[team->n_professionals++] = rotating[(t + 1) % G_N_ELEMENTS (rotating)];

      team->first_professional = gen->last_id[BIE_ENTITY_PROFESSIONAL] + 1;
      for (guint k = 0; k < team->n_professionals; k++)
        {
          BieProfessional *record = bie_demo_record_new (gen, BIE_ENTITY_PROFESSIONAL);
          gboolean female = bie_rng_percent (rng, 70);
          gint birth = bie_demo_birth_for_age (gen, (guint) bie_rng_range (rng, 23, 62));

          record->document_type = g_strdup ("CC");
          record->document_number = bie_demo_cc_number (gen, birth, female);
          record->name = bie_demo_full_name (rng, female);
          record->profession = g_strdup (bie_demo_profession_codes[p[k]]);
          record->team_id = team->id;
        }
    }
}

/* How many households each sector gets: after the localidad's population,
 * shared among its sectors with some spread, apportioned exactly (largest
 * remainders). */
static int
compare_remainders (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const guint64 *remainders = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;

  if (remainders[ia] != remainders[ib])
    return remainders[ia] > remainders[ib] ? -1 : 1;

  return ia < ib ? -1 : ia > ib;
}

static void
generator_apportion_households (BieDemoGenerator *gen)
{
  g_autofree guint64 *weights = g_new (guint64, BIE_DEMO_N_SECTORS);
  g_autofree guint64 *remainders = g_new (guint64, BIE_DEMO_N_SECTORS);
  g_autofree guint *order = g_new (guint, BIE_DEMO_N_SECTORS);
  guint64 total = 0;
  guint given = 0;

  for (guint s = 0; s < BIE_DEMO_N_SECTORS; s++)
    {
      const BieDemoLocalidad *localidad = &gen->localidades[gen->sectors[s].localidad];
      guint64 population = localidad->data ? localidad->data->population : 100;
      guint spread = (guint) bie_rng_range (&gen->rng, 60, 140);

      weights[s] = population * 1000 * spread / localidad->n_sectors;
      total += weights[s];
    }
  for (guint s = 0; s < BIE_DEMO_N_SECTORS; s++)
    {
      guint64 share = (guint64) gen->n_households * weights[s];

      gen->sectors[s].households = (guint) (share / total);
      remainders[s] = share % total;
      given += gen->sectors[s].households;
      order[s] = s;
    }
  g_qsort_with_data (order, BIE_DEMO_N_SECTORS, sizeof (guint), compare_remainders, remainders);
  for (guint k = 0; given < gen->n_households; k++, given++)
    gen->sectors[order[k]].households++;
}

/* ------------------------------------------------------------------------ */
/* What each household is drawn for */

typedef struct
{
  Quota pregnant;
  Quota no_control;     /* among the pregnant */
  Quota vaccination;
  Quota mental_health;
  Quota caregiver;
  Quota housing;
  Quota plan_risk;      /* among households with a risk */
  Quota plan_other;     /* among the others */
  Quota appointments;
} Quotas;

static void
quotas_start_risks (Quotas  *quotas,
                    guint32  seed,
                    guint    n)
{
  quota_init (&quotas->pregnant, seed, STREAM_PREGNANT, n, seed_share (n, SEED_PREGNANT));
  quota_init (&quotas->no_control, seed, STREAM_NO_CONTROL, seed_share (n, SEED_PREGNANT),
              seed_share (n, SEED_PREGNANT_NO_CONTROL));
  quota_init (&quotas->vaccination, seed, STREAM_VACCINATION, n, seed_share (n, SEED_VACCINATION));
  quota_init (&quotas->mental_health, seed, STREAM_MENTAL_HEALTH, n,
              seed_share (n, SEED_MENTAL_HEALTH));
  quota_init (&quotas->caregiver, seed, STREAM_CAREGIVER, n, seed_share (n, SEED_CAREGIVERS));
  quota_init (&quotas->housing, seed, STREAM_HOUSING, n, seed_share (n, SEED_HOUSING));
}

/* Returns: whether the household has a risk */
static gboolean
quotas_draw_risks (Quotas      *quotas,
                   BieDemoDraw *draw)
{
  draw->pregnant = quota_take (&quotas->pregnant);
  draw->incomplete_vaccination = quota_take (&quotas->vaccination);
  draw->mental_health = quota_take (&quotas->mental_health);
  draw->caregiver = quota_take (&quotas->caregiver);
  draw->housing = quota_take (&quotas->housing);

  return draw->pregnant || draw->incomplete_vaccination || draw->mental_health ||
         draw->caregiver || draw->housing;
}

/* Care plans go to households with a risk first, so the risks are drawn
 * twice from the same streams: once to count those households, then for
 * real. */
static void
quotas_init (Quotas  *quotas,
             guint32  seed,
             guint    n)
{
  BieDemoDraw draw;
  guint with_risk = 0;
  guint plans, plans_risk;

  quotas_start_risks (quotas, seed, n);
  for (guint h = 0; h < n; h++)
    with_risk += quotas_draw_risks (quotas, &draw);
  quotas_start_risks (quotas, seed, n);

  /* Nine households with a risk in ten have a plan; the rest of the plans
   * go to households without one. */
  plans = seed_share (n, SEED_PLANS);
  plans_risk = MIN ((with_risk * 9 + 5) / 10, plans);
  quota_init (&quotas->plan_risk, seed, STREAM_PLAN_RISK, with_risk, plans_risk);
  quota_init (&quotas->plan_other, seed, STREAM_PLAN_OTHER, n - with_risk, plans - plans_risk);
  quota_init (&quotas->appointments, seed, STREAM_APPOINTMENTS, n,
              seed_share (n, SEED_APPOINTMENTS));
}

static void
quotas_draw (Quotas      *quotas,
             BieDemoDraw *draw)
{
  gboolean any_risk = quotas_draw_risks (quotas, draw);

  /* A pregnant woman without prenatal control has that risk instead of
   * "pregnancy". */
  draw->no_prenatal_control = draw->pregnant && quota_take (&quotas->no_control);
  draw->plan = quota_take (any_risk ? &quotas->plan_risk : &quotas->plan_other);
  draw->appointment = quota_take (&quotas->appointments);
}

/* ------------------------------------------------------------------------ */

/**
 * bie_demo_options_init:
 *
 * Sets the defaults: seed 42, 5,000 households in batches of 2,000. The
 * reference date (@today) is left %NULL: the caller sets it.
 */
void
bie_demo_options_init (BieDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  options->seed = 42;
  options->n_households = 5000;
  options->today = NULL;
  options->batch_size = 2000;
}

static gboolean
generator_flush (BieDemoGenerator  *gen,
                 guint              households_done,
                 BieDemoBatchFunc   func,
                 gpointer           user_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(BieRecordBatch) batch = g_steal_pointer (&gen->batch);
  GError *local_error = NULL;

  gen->batch = bie_record_batch_new ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!func (batch, households_done, gen->n_households, user_data, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             "The demo city’s batch function failed without an error");
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_demo_city_generate:
 * @options: what to generate; @options->today must be set
 * @func: (scope call): called with each batch, in order
 * @cancellable: (nullable): stops generation with %G_IO_ERROR_CANCELLED
 *
 * Generates a synthetic Bogotá and hands it to @func batch by batch: the
 * territory and the teams first, then households with everything that
 * belongs to them, @options->batch_size at a time. The same @options give
 * the same records, ids and uuids. See the top of bie-demo-city.c for the
 * contract with the store.
 *
 * Returns: %TRUE when the whole city was generated and handed over
 */
gboolean
bie_demo_city_generate (const BieDemoOptions  *options,
                        BieDemoBatchFunc       func,
                        gpointer               user_data,
                        GCancellable          *cancellable,
                        GError               **error)
{
  g_autoptr(BieDemoGenerator) gen = NULL;
  Quotas quotas;
  gint y;
  guint done = 0;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->today != NULL && g_date_valid (options->today), FALSE);
  g_return_val_if_fail (options->batch_size > 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  y = g_date_get_year (options->today);
  gen = g_new0 (BieDemoGenerator, 1);
  gen->seed = options->seed;
  gen->n_households = options->n_households;
  gen->today = days_from_civil (y, g_date_get_month (options->today),
                                g_date_get_day (options->today));
  /* Midnight in Bogotá (UTC−5) */
  gen->updated_at = ((gint64) gen->today * 86400 + 5 * 3600) * G_USEC_PER_SEC;
  bie_rng_init (&gen->rng, options->seed, STREAM_TERRITORY);
  bie_rng_init (&gen->uuids, options->seed, STREAM_UUIDS);
  gen->batch = bie_record_batch_new ();

  if (!generator_load_territory (gen, error))
    return FALSE;
  generator_lay_out_sectors (gen);
  generator_emit_sectors (gen);
  generator_emit_teams (gen);
  generator_apportion_households (gen);
  if (!generator_flush (gen, 0, func, user_data, cancellable, error))
    return FALSE;

  bie_rng_init (&gen->rng, options->seed, STREAM_HOUSEHOLDS);
  quotas_init (&quotas, options->seed, gen->n_households);
  for (guint s = 0; s < BIE_DEMO_N_SECTORS; s++)
    for (guint h = 0; h < gen->sectors[s].households; h++)
      {
        BieDemoDraw draw;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        quotas_draw (&quotas, &draw);
        bie_demo_make_household (gen, &gen->sectors[s], &draw);
        done++;
        if ((done % options->batch_size == 0 || done == gen->n_households) &&
            !generator_flush (gen, done, func, user_data, cancellable, error))
          return FALSE;
      }
  g_assert (done == gen->n_households);

  return TRUE;
}
