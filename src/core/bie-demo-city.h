/* bie-demo-city.h: a synthetic Bogotá, to demonstrate and measure Bienestar
 *
 * bie_demo_city_generate() makes a city from a seed and hands it over in
 * batches of records, for the store to write each in one transaction. All
 * of it is synthetic: no person, address or document number is real.
 *
 * The contract with the store:
 *
 * - Row ids are given by the generator: every record's id counts from 1 per
 *   entity, in the order the records come, and the references between
 *   records (BIE_FIELD_REF fields: household_id, person_id, ...) use those
 *   ids, so the store inserts the rows with exactly these ids into an empty
 *   cache. A reference points to a record of an earlier batch, or of an
 *   earlier kind in the same batch (the order of BieEntity): inserting each
 *   batch kind by kind, in that order, never meets a dangling reference.
 *   A reference is 0 only where the field is not required.
 * - uuids are lowercase, in the RFC 4122 version-4 format, unique, drawn
 *   from the seed. updated_at is midnight in Bogotá (05:00 UTC) of
 *   options->today, for every record; server_id and version are %NULL.
 * - The first batch (households_done 0) holds the territory and the teams:
 *   the 4 subredes and 20 localidades of the reference lists, in the lists'
 *   order; the 1,170 sectors (codes 003400 to 004569, with their polygons,
 *   generated = TRUE, no UPZ: upz_id 0); the teams (a few per localidad)
 *   and their professionals. No household.
 * - Every later batch holds options->batch_size households (the last one
 *   fewer) with all that belongs to them: persons, risks, care plans with
 *   their goals and activities, encounters, appointments and vaccinations.
 *   A household never spans two batches.
 * - The same seed, n_households and today give the same records, byte for
 *   byte; batch_size only changes where the batches are cut.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-model.h"

G_BEGIN_DECLS

/* How many cadastral sectors the demo city lays over Bogotá: the 1,170 of
 * the seed texts. */
#define BIE_DEMO_N_SECTORS 1170

typedef struct
{
  guint32  seed;           /* same seed + same options → same city, byte for byte */
  guint    n_households;   /* default 5000; scales to 300000 (~1,000,000 persons) */
  GDate   *today;          /* reference date: required, the caller sets it */
  guint    batch_size;     /* households per batch, default 2000 */
} BieDemoOptions;

/**
 * BieDemoBatchFunc:
 * @batch: (transfer none): records to store; the generator frees the batch
 *   when the function returns, so it may steal records out of it
 * @households_done: households generated so far, this batch included
 * @households_total: households the city will have
 *
 * Returns: %TRUE to go on, %FALSE with @error set to stop generating
 */
typedef gboolean (*BieDemoBatchFunc) (BieRecordBatch  *batch,
                                      guint            households_done,
                                      guint            households_total,
                                      gpointer         user_data,
                                      GError         **error);

void     bie_demo_options_init  (BieDemoOptions        *options);
gboolean bie_demo_city_generate (const BieDemoOptions  *options,
                                 BieDemoBatchFunc       func,
                                 gpointer               user_data,
                                 GCancellable          *cancellable,
                                 GError               **error);

G_END_DECLS
