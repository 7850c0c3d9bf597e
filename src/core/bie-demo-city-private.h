/* bie-demo-city-private.h: what the parts of the demo city share
 *
 * bie-demo-city.c             the generator, the territory and the teams
 * bie-demo-city-geometry.c    the grid the sectors are cut from
 * bie-demo-city-households.c  households and all that belongs to them
 * bie-demo-city-data.c        word lists and figures
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bie-demo-city.h"
#include "bie-model.h"
#include "bie-reference.h"
#include "bie-rng.h"

G_BEGIN_DECLS

/* The grid, in cells of about 0.78 × 0.84 km over 4.45–4.83 N, 74.22–74.01 W;
 * the cells nearest to a localidad's centre become the sectors. */
#define BIE_DEMO_GRID_NX     30
#define BIE_DEMO_GRID_NY     50
#define BIE_DEMO_N_CELLS     (BIE_DEMO_GRID_NX * BIE_DEMO_GRID_NY)
#define BIE_DEMO_RING_POINTS 17   /* four corners, three points inside each edge, closed */

#define BIE_DEMO_MAX_TEAM    6
#define BIE_DEMO_UUID_LENGTH 36

/* What the demo city knows of a localidad beyond the reference list. */
typedef struct
{
  const char        *code;         /* as in reference/localidades.xml */
  guint              population;   /* inhabitants, in thousands, rounded */
  guint              stratum_x10;  /* typical socio-economic stratum, times ten */
  const char *const *barrios;      /* barrio names, %NULL-terminated */
} BieDemoLocalidadData;

typedef enum
{
  BIE_DEMO_NURSE,
  BIE_DEMO_NURSING_ASSISTANT,
  BIE_DEMO_PHYSICIAN,
  BIE_DEMO_PSYCHOLOGIST,
  BIE_DEMO_NUTRITIONIST,
  BIE_DEMO_SOCIAL_WORKER,
  BIE_DEMO_HEALTH_WORKER,
} BieDemoProfession;

typedef struct
{
  gint64  id;
  gint64  first_professional;   /* row id; the others follow */
  guint   n_professionals;
  guint8  professions[BIE_DEMO_MAX_TEAM];
} BieDemoTeam;

typedef struct
{
  gint64  id;
  gint32  ring[BIE_DEMO_RING_POINTS][2];  /* lon, lat in microdegrees */
  gint32  min_lon, min_lat, max_lon, max_lat;
  gint32  inside_lon, inside_lat;         /* the cell's centre, which no edge reaches */
  guint   cell;
  gint64  dist2;                          /* to the nearest localidad centre */
  guint   localidad;                      /* position in the reference list */
  guint   team;
  guint   households;
  guint   stratum_x10;
} BieDemoSector;

typedef struct
{
  gint64                      id;
  const char                 *name;
  gint32                      lon, lat;   /* centre, microdegrees */
  gint64                      subred_id;
  const BieDemoLocalidadData *data;       /* nullable */
  guint                       n_sectors;
  guint                       first_team;
  guint                       n_teams;
} BieDemoLocalidad;

/* What a household is drawn for, before it is made. */
typedef struct
{
  gboolean pregnant;
  gboolean no_prenatal_control;
  gboolean incomplete_vaccination;
  gboolean mental_health;
  gboolean caregiver;
  gboolean housing;
  gboolean plan;
  gboolean appointment;
} BieDemoDraw;

typedef struct
{
  guint             n_households;
  guint32           seed;
  gint              today;        /* days since 1970-01-01 */
  gint64            updated_at;
  BieRng            rng;          /* territory, then households */
  BieRng            uuids;
  gint64            last_id[BIE_N_ENTITIES];
  BieRecordBatch   *batch;        /* being filled */
  guint64           series[8];    /* document number counters */

  BieReferenceList *subred_list;
  BieReferenceList *localidad_list;
  BieDemoLocalidad *localidades;
  guint             n_localidades;
  BieDemoSector    *sectors;      /* BIE_DEMO_N_SECTORS, in emission order */
  BieDemoTeam      *teams;
  guint             n_teams;
} BieDemoGenerator;

/* bie-demo-city.c */
gpointer bie_demo_record_new      (BieDemoGenerator    *gen,
                                   BieEntity            entity);
gint     bie_demo_birth_for_age   (BieDemoGenerator    *gen,
                                   guint                age);
char    *bie_demo_date_text       (gint                 day);
char    *bie_demo_moment_text     (gint                 day,
                                   guint                minute);
guint    bie_demo_weekday         (gint                 day);

/* bie-demo-city-geometry.c */
void     bie_demo_cell_centre     (guint                cell,
                                   gint32              *lon,
                                   gint32              *lat);
void     bie_demo_cell_ring       (guint32              seed,
                                   guint                cell,
                                   gint32               ring[BIE_DEMO_RING_POINTS][2]);
gboolean bie_demo_ring_contains   (const gint32         ring[][2],
                                   guint                n_points,
                                   gint32               lon,
                                   gint32               lat);
char    *bie_demo_ring_to_geojson (const gint32         ring[][2],
                                   guint                n_points);

/* bie-demo-city-households.c */
void     bie_demo_make_household  (BieDemoGenerator    *gen,
                                   const BieDemoSector *sector,
                                   const BieDemoDraw   *draw);
char    *bie_demo_full_name       (BieRng              *rng,
                                   gboolean             female);
char    *bie_demo_cc_number       (BieDemoGenerator    *gen,
                                   gint                 birth,
                                   gboolean             female);

/* bie-demo-city-data.c: common given and family names, no real person. */
extern const char *const bie_demo_female_names[];
extern const guint       bie_demo_n_female_names;
extern const char *const bie_demo_male_names[];
extern const guint       bie_demo_n_male_names;
extern const char *const bie_demo_family_names[];
extern const guint       bie_demo_n_family_names;
extern const char *const bie_demo_profession_codes[];

const BieDemoLocalidadData *bie_demo_localidad_data_lookup (const char *code);

G_END_DECLS
