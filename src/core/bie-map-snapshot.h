/* bie-map-snapshot.h: the territory and its figures as plain data
 *
 * What the sector map draws, read from the store and handed to the map
 * renderer, which knows nothing of the store, of GTK or of SQL. Two parts
 * that change at different paces:
 *
 * - BieMapSnapshot: the territory (localidades, sectors with their
 *   geometry) and every household's point. Read once; reference counted,
 *   so a renderer in a worker thread can keep it while the window reads a
 *   newer one.
 * - BieMapFigures: one theme's figure for each sector of a snapshot, in the
 *   order of snapshot->sectors. Recomputed when the theme or the records
 *   change.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bie-geometry.h"

G_BEGIN_DECLS

typedef enum
{
  BIE_MAP_THEME_OPEN_RISKS,     /* households with open risks per 100 households */
  BIE_MAP_THEME_RISK_TYPE,      /* households with an open risk of one type per 100 */
  BIE_MAP_THEME_PLAN_COVERAGE,  /* households with an active plan per 100 */
  BIE_MAP_THEME_OVERDUE,        /* households with overdue activities per 100 */
  BIE_MAP_THEME_DAYS_SINCE_VISIT, /* median days since the last encounter */
} BieMapTheme;

#define BIE_MAP_N_THEMES (BIE_MAP_THEME_DAYS_SINCE_VISIT + 1)

typedef struct
{
  gint64       id;
  char        *code;          /* six digits, "004501" */
  char        *name;
  gint64       localidad_id;
  BieGeometry *geometry;      /* never NULL in a snapshot */
  guint        n_households;
} BieMapSector;

typedef struct
{
  gint64       id;
  char        *code;          /* "01" to "20" */
  char        *name;
  gint64       subred_id;
  BieGeometry *boundary;      /* NULL: the outline of its sectors */
} BieMapLocalidad;

typedef struct
{
  GPtrArray *localidades;     /* BieMapLocalidad, in code order */
  GPtrArray *sectors;         /* BieMapSector, in row id order */
  guint      n_households;
  gint64    *household_ids;   /* n_households row ids */
  gint64    *household_sectors; /* n_households sector row ids */
  double    *household_lon_lat; /* 2 × n_households: lon, lat */
  double     min_lon, min_lat, max_lon, max_lat;  /* of every sector */
} BieMapSnapshot;

typedef struct
{
  BieMapTheme  theme;
  char        *risk_code;     /* BIE_MAP_THEME_RISK_TYPE only */
  char        *title;         /* in the user's language: "Households with open risks" */
  char        *unit;          /* for the legend and tooltips: "per 100 households", "days" */
  gboolean     higher_is_better;  /* plan coverage: the scale runs the other way */
  guint        n_values;      /* == snapshot->sectors->len */
  double      *values;        /* NAN: the sector has no data (no households) */
} BieMapFigures;

/* The names themes have on the command line and in settings:
 * "open-risks", "risk-type", "plan-coverage", "overdue", "days-since-contact". */
const char      *bie_map_theme_to_string     (BieMapTheme     theme);
gboolean         bie_map_theme_from_string   (const char     *name,
                                              BieMapTheme    *theme);

BieMapSnapshot  *bie_map_snapshot_new        (void);
BieMapSnapshot  *bie_map_snapshot_ref        (BieMapSnapshot *self);
void             bie_map_snapshot_unref      (BieMapSnapshot *self);
/* Takes @geometry; updates the snapshot's bounds. */
BieMapSector    *bie_map_snapshot_add_sector (BieMapSnapshot *self,
                                              gint64          id,
                                              const char     *code,
                                              const char     *name,
                                              gint64          localidad_id,
                                              BieGeometry    *geometry);
/* Takes @boundary, which may be %NULL. */
BieMapLocalidad *bie_map_snapshot_add_localidad (BieMapSnapshot *self,
                                                 gint64          id,
                                                 const char     *code,
                                                 const char     *name,
                                                 gint64          subred_id,
                                                 BieGeometry    *boundary);
/* Households are set all at once; the arrays are taken. */
void             bie_map_snapshot_set_households (BieMapSnapshot *self,
                                                  guint           n_households,
                                                  gint64         *ids,
                                                  gint64         *sector_ids,
                                                  double         *lon_lat);
/* The position of a sector in snapshot->sectors, or -1. */
int              bie_map_snapshot_find_sector (BieMapSnapshot *self,
                                               gint64          sector_id);
BieMapLocalidad *bie_map_snapshot_get_localidad (BieMapSnapshot *self,
                                                 gint64          localidad_id);

/* The bounds of the sectors of a subred, a localidad or one sector (all
 * three 0: the whole city); FALSE when no sector is there. */
gboolean         bie_map_snapshot_get_area   (BieMapSnapshot *self,
                                              gint64          subred_id,
                                              gint64          localidad_id,
                                              gint64          sector_id,
                                              double         *min_lon,
                                              double         *min_lat,
                                              double         *max_lon,
                                              double         *max_lat);

BieMapFigures   *bie_map_figures_new         (BieMapTheme     theme,
                                              guint           n_values);
void             bie_map_figures_free        (BieMapFigures  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieMapSnapshot, bie_map_snapshot_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieMapFigures, bie_map_figures_free)

G_END_DECLS
