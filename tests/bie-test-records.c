/* bie-test-records.c: records the tests of the cache start from
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bie-test-records.h"

/**
 * bie_test_territory_batch:
 * @with_household: whether to add household 1 in the sector
 *
 * Territory is not edited by users: it arrives in batches. This one is
 * subred 1 (Sur), localidad 1 (Ciudad Bolívar) and sector 1 (004501,
 * Lucero Alto), all with row id 1.
 *
 * Returns: (transfer full): the batch
 */
BieRecordBatch *
bie_test_territory_batch (gboolean with_household)
{
  BieRecordBatch *batch = bie_record_batch_new ();
  BieSubred *subred = bie_record_new (BIE_ENTITY_SUBRED);
  BieLocalidad *localidad = bie_record_new (BIE_ENTITY_LOCALIDAD);
  BieSector *sector = bie_record_new (BIE_ENTITY_SECTOR);

  subred->record.id = 1;
  subred->code = g_strdup ("S");
  subred->name = g_strdup ("Subred Sur");
  bie_record_batch_add (batch, BIE_ENTITY_SUBRED, subred);

  localidad->record.id = 1;
  localidad->code = g_strdup ("19");
  localidad->name = g_strdup ("Ciudad Bolívar");
  localidad->subred_id = 1;
  bie_record_batch_add (batch, BIE_ENTITY_LOCALIDAD, localidad);

  sector->record.id = 1;
  sector->code = g_strdup ("004501");
  sector->name = g_strdup ("Lucero Alto");
  sector->localidad_id = 1;
  sector->min_lon = -74.17;
  sector->max_lon = -74.16;
  sector->min_lat = 4.54;
  sector->max_lat = 4.55;
  bie_record_batch_add (batch, BIE_ENTITY_SECTOR, sector);

  if (with_household)
    {
      BieHousehold *household = bie_record_new (BIE_ENTITY_HOUSEHOLD);

      household->record.id = 1;
      household->sector_id = 1;
      household->address = g_strdup ("Calle 70 Sur # 18-25");
      household->lon = -74.165;
      household->lat = 4.545;
      household->stratum = 1;
      bie_record_batch_add (batch, BIE_ENTITY_HOUSEHOLD, household);
    }

  return batch;
}
