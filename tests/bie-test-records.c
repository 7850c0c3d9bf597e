/* bie-test-records.c: records the tests of the cache start from
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bie-store-private.h"
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

/**
 * bie_test_cache_open:
 * @with_household: whether the territory batch has household 1
 *
 * Opens a new cache in a folder of its own, with the territory batch.
 */
void
bie_test_cache_open (BieTestCache *cache,
                     gboolean      with_household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieRecordBatch) batch = bie_test_territory_batch (with_household);

  cache->dir = g_dir_make_tmp ("bienestar-test-XXXXXX", &error);
  g_assert_no_error (error);
  cache->path = g_build_filename (cache->dir, "cache.sqlite", NULL);
  cache->store = bie_store_open (cache->path, &error);
  g_assert_no_error (error);
  g_assert_true (bie_store_write_batch (cache->store, batch, &error));
  g_assert_no_error (error);
}

/**
 * bie_test_cache_close:
 *
 * Closes the cache and removes it and its folder.
 */
void
bie_test_cache_close (BieTestCache *cache)
{
  g_clear_object (&cache->store);
  bie_store_remove_files (cache->path);
  g_rmdir (cache->dir);
  g_clear_pointer (&cache->path, g_free);
  g_clear_pointer (&cache->dir, g_free);
}

/**
 * bie_test_add_household:
 *
 * Saves a household in sector 1, as a user would.
 *
 * Returns: its row id
 */
gint64
bie_test_add_household (BieStore   *store,
                        const char *address)
{
  g_autoptr(GError) error = NULL;
  BieHousehold *household = bie_record_new (BIE_ENTITY_HOUSEHOLD);
  gint64 id;

  household->sector_id = 1;
  household->address = g_strdup (address);
  if (!bie_store_save (store, BIE_ENTITY_HOUSEHOLD, household, &error))
    g_error ("%s", error->message);
  id = household->record.id;
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);

  return id;
}

/**
 * bie_test_add_person:
 *
 * Saves a person, as a user would.
 *
 * Returns: its row id
 */
gint64
bie_test_add_person (BieStore   *store,
                     gint64      household_id,
                     const char *given_names,
                     const char *family_names,
                     const char *sex,
                     const char *birth_date,
                     const char *document_type,
                     const char *document_number,
                     const char *relationship)
{
  g_autoptr(GError) error = NULL;
  BiePerson *person = bie_record_new (BIE_ENTITY_PERSON);
  gint64 id;

  person->household_id = household_id;
  person->document_type = g_strdup (document_type);
  person->document_number = g_strdup (document_number);
  person->given_names = g_strdup (given_names);
  person->family_names = g_strdup (family_names);
  person->sex = g_strdup (sex);
  person->birth_date = g_strdup (birth_date);
  person->relationship = g_strdup (relationship);
  if (!bie_store_save (store, BIE_ENTITY_PERSON, person, &error))
    g_error ("%s", error->message);
  id = person->record.id;
  bie_record_free (BIE_ENTITY_PERSON, person);

  return id;
}

/* Saves @record, which it frees, and returns its row id; a refusal ends
 * the test. */
gint64
bie_test_save (BieStore  *store,
               BieEntity  entity,
               gpointer   record)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!bie_store_save (store, entity, record, &error))
    g_error ("%s", error->message);
  id = ((BieRecord *) record)->id;
  bie_record_free (entity, record);

  return id;
}

/* An activity of a plan, for a member (or the family: 0); one not done
 * says why. */
gint64
bie_test_add_activity (BieStore   *store,
                       gint64      plan_id,
                       gint64      person_id,
                       const char *kind,
                       const char *start,
                       const char *end,
                       const char *status)
{
  BieActivity *activity = bie_record_new (BIE_ENTITY_ACTIVITY);

  activity->plan_id = plan_id;
  activity->person_id = person_id;
  activity->kind = g_strdup (kind);
  activity->start_date = g_strdup (start);
  activity->end_date = g_strdup (end);
  activity->status = g_strdup (status);
  if (g_str_equal (status, "not-done"))
    activity->status_reason = g_strdup ("La familia no estaba");

  return bie_test_save (store, BIE_ENTITY_ACTIVITY, activity);
}

/**
 * bie_test_territory_digest:
 *
 * Every row of the territory tables and of their spatial indexes, and the
 * outbox: what an import of boundaries may change, as one checksum.
 *
 * Returns: (transfer full): the SHA-256, in hexadecimal
 */
char *
bie_test_territory_digest (BieStore *store)
{
  static const char * const queries[] = {
    "SELECT * FROM sector ORDER BY id",
    "SELECT * FROM localidad ORDER BY id",
    "SELECT * FROM sector_bounds ORDER BY id",
    "SELECT * FROM localidad_bounds ORDER BY id",
    "SELECT * FROM outbox ORDER BY id",
  };
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = bie_store_get_connection (store);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const guchar *value = sqlite3_column_blob (stmt, c);

              if (value != NULL)
                g_checksum_update (checksum, value, sqlite3_column_bytes (stmt, c));
              g_checksum_update (checksum, (const guchar *) "|", 1);
            }
          g_checksum_update (checksum, (const guchar *) "\n", 1);
        }
      sqlite3_finalize (stmt);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * bie_test_remove_folder:
 *
 * Removes a test's temporary folder and everything in it.
 */
void
bie_test_remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        bie_test_remove_folder (path);
      else
        g_unlink (path);
    }
  g_rmdir (folder);
}
