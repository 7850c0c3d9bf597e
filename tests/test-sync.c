/* test-sync.c: caches and a real FHIR server made to converge
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test here runs the sync engine against the FHIR R4 test server in
 * tests/fhir-server (Medplum's router behind a Node shim), through the
 * fault-injecting proxy where faults are the point. Caches start as small
 * demo cities, so every kind of record travels.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bie-demo-cache.h"
#include "bie-store-private.h"
#include "bie-store-sync.h"
#include "bie-sync-engine.h"
#include "bie-test-fhir-server.h"
#include "bie-test-records.h"

#define DEMO_HOUSEHOLDS 24

static BieTestFhirServer *server;
static char *folder;

/* Caches */

static BieStore *
open_cache (const char *name,
            guint       households)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);
  BieStore *store;

  if (households > 0)
    {
      BieDemoOptions options;

      bie_demo_options_init (&options);
      options.n_households = households;
      options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
      if (!bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_date_free (options.today);
    }

  store = bie_store_open (path, &error);
  g_assert_no_error (error);

  return store;
}

static void
close_cache (BieStore *store)
{
  g_autofree char *path = g_strdup (bie_store_get_path (store));

  g_object_unref (store);
  bie_store_remove_files (path);
}

/* Syncs */

static BieFhirClient *
client_for (const char *url)
{
  g_autoptr(GError) error = NULL;
  BieFhirClient *client = bie_fhir_client_new (url, &error);

  g_assert_no_error (error);
  /* The proxy's delays outlast this: a timeout is one of its faults. */
  bie_fhir_client_set_timeout (client, 2);

  return client;
}

static gboolean
sync_with (BieStore           *store,
           const char         *url,
           const char * const *sectors,
           BieSyncSummary     *summary,
           GError            **error)
{
  g_autoptr(BieFhirClient) client = client_for (url);
  g_autoptr(BieSyncEngine) engine = bie_sync_engine_new (store, client);

  bie_sync_engine_set_sectors (engine, sectors);
  bie_sync_engine_set_retry (engine, 12, 5);

  return bie_sync_engine_run (engine, summary, NULL, error);
}

static void
sync_ok (BieStore       *store,
         BieSyncSummary *summary)
{
  g_autoptr(GError) error = NULL;
  BieSyncSummary ignored;

  sync_with (store, bie_test_fhir_server_get_direct_url (server), NULL,
             summary != NULL ? summary : &ignored, &error);
  g_assert_no_error (error);
}

static void
seed_server (BieStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 queued;

  g_assert_true (bie_store_sync_queue_all (store, &queued, &error));
  g_assert_no_error (error);
  g_assert_cmpint (queued, >, DEMO_HOUSEHOLDS);
  sync_ok (store, NULL);
}

/* What a cache holds: every living record of every kind, by uuid, with
 * its fields and references as uuids; not what the server numbers. */
static char *
referenced_uuid (BieStore  *store,
                 BieEntity  entity,
                 gint64     id)
{
  g_autoptr(GError) error = NULL;
  BieRecord *record;
  char *uuid;

  if (id == 0)
    return g_strdup ("-");
  record = bie_store_load (store, entity, id, &error);
  g_assert_no_error (error);
  uuid = g_strdup (record->uuid);
  bie_record_free (entity, record);

  return uuid;
}

static char *
digest (BieStore *store)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = bie_store_get_connection (store);

  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      const BieEntityInfo *info = bie_entity_info (e);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0 ORDER BY uuid", info->table);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      sqlite3_finalize (stmt);

      g_string_append_printf (text, "%s: %u\n", info->table, ids->len);
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GError) error = NULL;
          BieRecord *record = bie_store_load (store, e, g_array_index (ids, gint64, i), &error);

          g_assert_no_error (error);
          g_string_append (text, record->uuid);
          for (guint f = 0; f < info->n_fields; f++)
            {
              const BieField *field = &info->fields[f];
              gconstpointer value = BIE_FIELD_PTR (record, field);

              switch (field->type)
                {
                case BIE_FIELD_TEXT:
                  g_string_append_printf (text, "|%s", *(char * const *) value ?: "∅");
                  break;
                case BIE_FIELD_INT:
                  g_string_append_printf (text, "|%" G_GINT64_FORMAT, *(const gint64 *) value);
                  break;
                case BIE_FIELD_REAL:
                  g_string_append_printf (text, "|%.9g", *(const double *) value);
                  break;
                case BIE_FIELD_BOOL:
                  g_string_append_printf (text, "|%d", *(const gboolean *) value);
                  break;
                case BIE_FIELD_REF:
                  {
                    g_autofree char *uuid = referenced_uuid (store, field->ref, *(const gint64 *) value);

                    g_string_append_printf (text, "|%s", uuid);
                  }
                  break;
                default:
                  g_assert_not_reached ();
                }
            }
          g_string_append_c (text, '\n');
          bie_record_free (e, record);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_same (BieStore *a,
             BieStore *b)
{
  g_autofree char *digest_a = digest (a);
  g_autofree char *digest_b = digest (b);
  g_auto(GStrv) lines_a = NULL;
  g_auto(GStrv) lines_b = NULL;

  if (g_str_equal (digest_a, digest_b))
    return;

  /* The first lines that differ, not two whole caches. */
  lines_a = g_strsplit (digest_a, "\n", -1);
  lines_b = g_strsplit (digest_b, "\n", -1);
  for (guint i = 0; lines_a[i] != NULL && lines_b[i] != NULL; i++)
    {
      if (!g_str_equal (lines_a[i], lines_b[i]))
        {
          g_test_message ("first difference, line %u:\n%.600s\n%.600s", i, lines_a[i], lines_b[i]);
          break;
        }
    }
  g_test_fail_printf ("the caches differ");
}

/* What the server holds, read into a cache of its own. */
static void
assert_server_holds (BieStore *expected)
{
  g_autoptr(BieStore) fresh = open_cache ("server-copy.sqlite", 0);

  sync_ok (fresh, NULL);
  assert_same (expected, fresh);
  close_cache (g_steal_pointer (&fresh));
}

static gpointer
load_first (BieStore   *store,
            BieEntity   entity,
            const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0 %s ORDER BY uuid LIMIT 1",
                                          bie_entity_info (entity)->table, where);
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gpointer record;

  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (id, !=, 0);

  record = bie_store_load (store, entity, id, &error);
  g_assert_no_error (error);

  return record;
}

static gpointer
load_same (BieStore      *store,
           BieEntity      entity,
           gconstpointer  other)
{
  g_autoptr(GError) error = NULL;
  gpointer record = bie_store_load_by_uuid (store, entity, ((const BieRecord *) other)->uuid, &error);

  g_assert_no_error (error);

  return record;
}

static void
save (BieStore  *store,
      BieEntity  entity,
      gpointer   record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bie_store_save (store, entity, record, &error));
  g_assert_no_error (error);
  bie_record_free (entity, record);
}

static void
set (char       **field,
     const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
reset_server (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bie_test_fhir_server_reset (server, &error));
  g_assert_no_error (error);
  g_assert_true (bie_test_fhir_server_set_fault_rate (server, 0, &error));
  g_assert_no_error (error);
}

/* A: a demo city, sent to an emptied server; B: an empty cache that
 * then downloads it all. */
static void
open_two_caches (BieStore **a,
                 BieStore **b)
{
  reset_server ();
  *a = open_cache ("a.sqlite", DEMO_HOUSEHOLDS);
  seed_server (*a);
  *b = open_cache ("b.sqlite", 0);
  sync_ok (*b, NULL);
}

/* A syncs, then B, whose run ends on the one conflict between them. */
static GPtrArray *
sync_into_conflict (BieStore *a,
                    BieStore *b)
{
  g_autoptr(GError) error = NULL;
  BieSyncSummary summary;
  GPtrArray *conflicts;

  sync_ok (a, NULL);
  g_assert_false (sync_with (b, bie_test_fhir_server_get_direct_url (server), NULL, &summary, &error));
  g_assert_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED);
  g_assert_cmpint (summary.conflicts, ==, 1);
  g_clear_error (&error);

  conflicts = bie_store_sync_conflicts (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);

  return conflicts;
}

/* The server's side of @conflict, as a record. */
static gpointer
theirs_record (BieStore        *store,
               BieSyncConflict *conflict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirClient) client = client_for (bie_test_fhir_server_get_direct_url (server));
  g_autoptr(BieSyncEngine) engine = bie_sync_engine_new (store, client);
  gpointer theirs = bie_sync_engine_theirs_record (engine, conflict->entity, conflict->theirs_json, &error);

  g_assert_no_error (error);

  return theirs;
}

/* The tests */

static void
test_seed_and_download (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(BieStore) scoped = NULL;
  BieSyncSummary summary;
  gint64 pending;
  gint64 households;
  BieHousehold *household;
  g_autofree char *sector_code = NULL;
  const char *sectors[2] = { NULL, NULL };

  reset_server ();
  a = open_cache ("a.sqlite", DEMO_HOUSEHOLDS);
  seed_server (a);
  g_assert_true (bie_store_sync_count (a, &pending, NULL, NULL));
  g_assert_cmpint (pending, ==, 0);

  /* An empty cache gets all of it, in the order references need. */
  b = open_cache ("b.sqlite", 0);
  g_assert_null (bie_store_get_meta (b, BIE_SYNC_META_LAST));
  sync_ok (b, &summary);
  {
    /* The moment it went through is kept with the cache, for the window. */
    g_autofree char *last = bie_store_get_meta (b, BIE_SYNC_META_LAST);
    g_autoptr(GDateTime) when = last != NULL ? g_date_time_new_from_iso8601 (last, NULL) : NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_assert_nonnull (when);
    g_assert_cmpint (g_date_time_difference (now, when), <, 60 * G_TIME_SPAN_SECOND);
  }
  g_assert_cmpint (summary.downloaded, >, DEMO_HOUSEHOLDS * 3);
  g_assert_cmpint (summary.uploaded, ==, 0);
  g_assert_cmpint (summary.conflicts, ==, 0);
  assert_same (a, b);

  /* Nothing new: nothing moves. */
  sync_ok (b, &summary);
  g_assert_cmpint (summary.downloaded, ==, 0);
  g_assert_cmpint (summary.uploaded, ==, 0);
  sync_ok (a, &summary);
  g_assert_cmpint (summary.downloaded, ==, 0);
  g_assert_cmpint (summary.uploaded, ==, 0);

  /* One sector's cache has that sector's families, and the whole territory. */
  household = load_first (a, BIE_ENTITY_HOUSEHOLD, "");
  sector_code = bie_store_sync_sector_code (a, BIE_ENTITY_HOUSEHOLD, household->record.id);
  sectors[0] = sector_code;
  scoped = open_cache ("scoped.sqlite", 0);
  {
    g_autoptr(GError) error = NULL;

    sync_with (scoped, bie_test_fhir_server_get_direct_url (server), sectors, &summary, &error);
    g_assert_no_error (error);
  }
  g_assert_true (bie_store_count (scoped, BIE_ENTITY_HOUSEHOLD, &households, NULL));
  {
    g_autofree char *where = g_strdup_printf ("WHERE sector_id = %" G_GINT64_FORMAT " AND deleted = 0",
                                              household->sector_id);
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM household %s", where);
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (a), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (households, ==, sqlite3_column_int64 (stmt, 0));
    sqlite3_finalize (stmt);
  }
  {
    gint64 sectors_a, sectors_scoped;

    g_assert_true (bie_store_count (a, BIE_ENTITY_SECTOR, &sectors_a, NULL));
    g_assert_true (bie_store_count (scoped, BIE_ENTITY_SECTOR, &sectors_scoped, NULL));
    g_assert_cmpint (sectors_a, ==, sectors_scoped);
  }
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household);

  close_cache (g_steal_pointer (&scoped));
  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

static void
test_concurrent_edits (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  BieSyncSummary summary;
  BiePerson *person_a, *person_b;
  BieHousehold *household_a, *household_b;
  BieEncounter *encounter;
  BieSyncConflict *conflict;
  g_autofree char *encounter_uuid = NULL;
  g_autofree char *person_uuid = NULL;

  open_two_caches (&a, &b);

  /* Offline on both sides: different fields of one person, a deletion. */
  person_a = load_first (a, BIE_ENTITY_PERSON, "");
  person_b = load_same (b, BIE_ENTITY_PERSON, person_a);
  person_uuid = g_strdup (person_a->record.uuid);
  set (&person_a->phone, "3001234567");
  set (&person_b->given_names, "María José");
  save (a, BIE_ENTITY_PERSON, person_a);
  save (b, BIE_ENTITY_PERSON, person_b);
  encounter = load_first (a, BIE_ENTITY_ENCOUNTER, "");
  encounter_uuid = g_strdup (encounter->record.uuid);
  g_assert_true (bie_store_delete (a, BIE_ENTITY_ENCOUNTER, encounter->record.id, &error));
  g_assert_no_error (error);
  bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);

  sync_ok (a, &summary);
  g_assert_cmpint (summary.uploaded, ==, 2);
  sync_ok (b, &summary);
  g_assert_cmpint (summary.merged, ==, 1);
  g_assert_cmpint (summary.deleted, ==, 1);
  g_assert_cmpint (summary.uploaded, ==, 1);
  sync_ok (a, NULL);
  assert_same (a, b);
  {
    BiePerson *merged = bie_store_load_by_uuid (b, BIE_ENTITY_PERSON, person_uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (merged->phone, ==, "3001234567");
    g_assert_cmpstr (merged->given_names, ==, "María José");
    bie_record_free (BIE_ENTITY_PERSON, merged);
  }
  {
    BieEncounter *deleted = bie_store_load_by_uuid (b, BIE_ENTITY_ENCOUNTER, encounter_uuid, &error);

    g_assert_no_error (error);
    g_assert_true (deleted->record.deleted);
    bie_record_free (BIE_ENTITY_ENCOUNTER, deleted);
  }

  /* The same field on both sides: a conflict, never an overwrite. */
  household_a = load_first (a, BIE_ENTITY_HOUSEHOLD, "");
  household_b = load_same (b, BIE_ENTITY_HOUSEHOLD, household_a);
  set (&household_a->address, "Carrera 7 # 1-10");
  set (&household_b->address, "Carrera 7 # 1-12");
  save (a, BIE_ENTITY_HOUSEHOLD, household_a);
  save (b, BIE_ENTITY_HOUSEHOLD, household_b);

  conflicts = sync_into_conflict (a, b);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->entity, ==, BIE_ENTITY_HOUSEHOLD);
  g_assert_cmpstr (conflict->fields[0], ==, "address");
  g_assert_null (conflict->fields[1]);
  {
    /* B's own address stays until someone chooses: mine. */
    BieHousehold *kept = load_first (b, BIE_ENTITY_HOUSEHOLD, "");
    BieHousehold *theirs = theirs_record (b, conflict);

    g_assert_cmpstr (theirs->address, ==, "Carrera 7 # 1-10");
    g_assert_cmpstr (kept->address, ==, "Carrera 7 # 1-12");
    g_assert_true (bie_store_sync_resolve (b, conflict->id, kept, theirs, &error));
    g_assert_no_error (error);
    bie_record_free (BIE_ENTITY_HOUSEHOLD, kept);
    bie_record_free (BIE_ENTITY_HOUSEHOLD, theirs);
  }
  sync_ok (b, &summary);
  g_assert_cmpint (summary.uploaded, ==, 1);
  sync_ok (a, NULL);
  assert_same (a, b);
  household_a = load_first (a, BIE_ENTITY_HOUSEHOLD, "");
  g_assert_cmpstr (household_a->address, ==, "Carrera 7 # 1-12");
  bie_record_free (BIE_ENTITY_HOUSEHOLD, household_a);

  assert_server_holds (a);
  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

/* A person's insurance travels as a Coverage of its own: changed on both
 * sides, it is a conflict too, and the user's choice is what both keep. */
static void
test_insurance_conflict (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  BiePerson *person_a, *person_b;
  BieSyncConflict *conflict;
  g_autofree char *uuid = NULL;

  open_two_caches (&a, &b);

  person_a = load_first (a, BIE_ENTITY_PERSON, "AND eps_code IS NOT NULL");
  person_b = load_same (b, BIE_ENTITY_PERSON, person_a);
  uuid = g_strdup (person_a->record.uuid);
  set (&person_a->eps_code, g_strcmp0 (person_a->eps_code, "EPS037") == 0 ? "EPS005" : "EPS037");
  set (&person_b->eps_code, "EPS010");
  save (a, BIE_ENTITY_PERSON, person_a);
  save (b, BIE_ENTITY_PERSON, person_b);

  conflicts = sync_into_conflict (a, b);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->entity, ==, BIE_ENTITY_PERSON);
  g_assert_cmpstr (conflict->fields[0], ==, "eps_code");
  g_assert_null (conflict->fields[1]);
  {
    BiePerson *theirs = theirs_record (b, conflict);
    BiePerson *mine = bie_store_load_by_uuid (b, BIE_ENTITY_PERSON, uuid, &error);
    BiePerson *merged;

    g_assert_no_error (error);
    /* Not overwritten: B keeps its own until someone chooses. */
    g_assert_cmpstr (mine->eps_code, ==, "EPS010");
    g_assert_cmpstr (theirs->eps_code, !=, "EPS010");
    /* The server's insurance is chosen. */
    merged = bie_record_copy (BIE_ENTITY_PERSON, mine);
    set (&merged->eps_code, theirs->eps_code);
    g_assert_true (bie_store_sync_resolve (b, conflict->id, merged, theirs, &error));
    g_assert_no_error (error);
    bie_record_free (BIE_ENTITY_PERSON, merged);
    bie_record_free (BIE_ENTITY_PERSON, mine);
    bie_record_free (BIE_ENTITY_PERSON, theirs);
  }
  sync_ok (b, NULL);
  sync_ok (a, NULL);
  assert_same (a, b);
  assert_server_holds (a);

  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

/* Insurance cleared in one cache: the Coverage on the server ends
 * (cancelled), and the other cache and a fresh one clear it too. */
static void
test_insurance_cleared (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  BiePerson *person_a, *person_b;

  open_two_caches (&a, &b);

  person_a = load_first (a, BIE_ENTITY_PERSON, "AND eps_code IS NOT NULL AND regimen IS NOT NULL");
  person_b = load_same (b, BIE_ENTITY_PERSON, person_a);
  g_assert_nonnull (person_b->eps_code);
  bie_record_free (BIE_ENTITY_PERSON, person_b);
  set (&person_a->eps_code, NULL);
  set (&person_a->regimen, NULL);
  person_b = bie_record_copy (BIE_ENTITY_PERSON, person_a);
  save (a, BIE_ENTITY_PERSON, person_a);

  sync_ok (a, NULL);
  sync_ok (b, NULL);
  person_a = load_same (b, BIE_ENTITY_PERSON, person_b);
  g_assert_null (person_a->eps_code);
  g_assert_null (person_a->regimen);
  bie_record_free (BIE_ENTITY_PERSON, person_a);
  bie_record_free (BIE_ENTITY_PERSON, person_b);
  assert_same (a, b);
  assert_server_holds (a);

  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

/* What the test server answers a GET of @path with. */
static guint
server_status (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirClient) client = client_for (bie_test_fhir_server_get_direct_url (server));
  g_autoptr(BieFhirResponse) response = bie_fhir_client_send (client, "GET", path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);

  return response->status;
}

/* A person deleted here takes their Coverage off the server too: an
 * insurance left active for nobody would stay in the district's data. */
static void
test_deleted_person_coverage (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) known = NULL;
  g_autofree char *known_json = NULL;
  g_autofree char *path = NULL;
  BiePerson *person;
  guint status;

  open_two_caches (&a, &b);

  person = load_first (a, BIE_ENTITY_PERSON, "AND eps_code IS NOT NULL AND relationship <> 'head'");
  known_json = bie_store_sync_coverage (a, person->record.uuid);
  g_assert_nonnull (known_json);
  known = json_from_string (known_json, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("Coverage/%s", json_object_get_string_member (json_node_get_object (known), "id"));
  g_assert_cmpuint (server_status (path), ==, 200);

  g_assert_true (bie_store_delete (a, BIE_ENTITY_PERSON, person->record.id, &error));
  g_assert_no_error (error);
  sync_ok (a, NULL);
  status = server_status (path);
  g_assert_true (status == 404 || status == 410);
  g_assert_null (bie_store_sync_coverage (a, person->record.uuid));

  sync_ok (b, NULL);
  assert_same (a, b);
  assert_server_holds (a);

  bie_record_free (BIE_ENTITY_PERSON, person);
  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

static int
compare_references (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The members the server's Group of @household lists, as references,
 * sorted. */
static GPtrArray *
server_members (BieStore     *store,
                BieHousehold *household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieFhirClient) client = client_for (bie_test_fhir_server_get_direct_url (server));
  g_autofree char *id = bie_store_sync_fhir_id (store, BIE_ENTITY_HOUSEHOLD, household->record.id);
  g_autofree char *path = g_strdup_printf ("Group/%s", id);
  g_autoptr(BieFhirResponse) response = bie_fhir_client_send (client, "GET", path, NULL, NULL, NULL, &error);
  GPtrArray *references = g_ptr_array_new_with_free_func (g_free);
  JsonArray *members;

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  members = bie_json_get_array (json_node_get_object (response->body), "member");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *entity = bie_json_get_object (json_array_get_object_element (members, i), "entity");

      g_ptr_array_add (references, g_strdup (bie_json_get_string (entity, "reference")));
    }
  g_ptr_array_sort (references, compare_references);

  return references;
}

/* The members @store has of @household, as the references the server's
 * Group should hold, sorted; @extra (nullable) added. */
static GPtrArray *
cache_members (BieStore     *store,
               BieHousehold *household,
               const char   *extra)
{
  sqlite3_stmt *stmt;
  GPtrArray *references = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store),
                                       "SELECT id FROM person WHERE household_id = ? AND deleted = 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, household->record.id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = bie_store_sync_fhir_id (store, BIE_ENTITY_PERSON, sqlite3_column_int64 (stmt, 0));

      g_ptr_array_add (references, g_strdup_printf ("Patient/%s", id));
    }
  sqlite3_finalize (stmt);
  if (extra != NULL)
    g_ptr_array_add (references, g_strdup (extra));
  g_ptr_array_sort (references, compare_references);

  return references;
}

static void
assert_members (BieStore     *store,
                BieHousehold *household,
                const char   *extra)
{
  g_autoptr(GPtrArray) expected = cache_members (store, household, extra);
  g_autoptr(GPtrArray) found = server_members (store, household);
  g_autofree char *expected_text = NULL;
  g_autofree char *found_text = NULL;

  g_ptr_array_add (expected, NULL);
  g_ptr_array_add (found, NULL);
  expected_text = g_strjoinv (" ", (char **) expected->pdata);
  found_text = g_strjoinv (" ", (char **) found->pdata);
  g_assert_cmpstr (found_text, ==, expected_text);
}

/* A household's Group lists its members (Group.member): the persons
 * the server has, kept in step as they join, move and leave; a member
 * listed by another system stays. */
static void
test_group_members (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  BieHousehold *first, *second, *third, *first_b, *third_b;
  BiePerson *moved, *moved_b, *deleted;
  g_autofree char *outsider = NULL;
  g_autofree char *where = NULL;

  open_two_caches (&a, &b);
  first = load_first (a, BIE_ENTITY_HOUSEHOLD, "AND (SELECT count (*) FROM person p "
                                               "WHERE p.household_id = household.id AND p.deleted = 0) >= 3");
  second = load_first (a, BIE_ENTITY_HOUSEHOLD, "AND id <> (SELECT min (id) FROM household)");
  if (second->record.id == first->record.id)
    {
      bie_record_free (BIE_ENTITY_HOUSEHOLD, second);
      second = load_first (a, BIE_ENTITY_HOUSEHOLD, "AND id = (SELECT min (id) FROM household)");
    }
  /* Seeded from a demo city: the persons went up after their households. */
  assert_members (a, first, NULL);
  assert_members (a, second, NULL);

  /* One moves to the second household, one is deleted, one is born. */
  where = g_strdup_printf ("AND household_id = %" G_GINT64_FORMAT " AND relationship <> 'head'",
                           first->record.id);
  moved = load_first (a, BIE_ENTITY_PERSON, where);
  g_free (where);
  where = g_strdup_printf ("AND household_id = %" G_GINT64_FORMAT " AND relationship <> 'head' "
                           "AND id <> %" G_GINT64_FORMAT, first->record.id, moved->record.id);
  deleted = load_first (a, BIE_ENTITY_PERSON, where);
  moved->household_id = second->record.id;
  save (a, BIE_ENTITY_PERSON, moved);
  g_assert_true (bie_store_delete (a, BIE_ENTITY_PERSON, deleted->record.id, &error));
  g_assert_no_error (error);
  bie_record_free (BIE_ENTITY_PERSON, deleted);
  bie_test_add_person (a, second->record.id, "Salomé", "Rincón Díaz", "F", "2026-10-01",
                       "RC", "1019283746", "child");
  sync_ok (a, NULL);
  assert_members (a, first, NULL);
  assert_members (a, second, NULL);

  /* A member another system listed, of a person no cache has (the
   * test server does not hold references to what it has). */
  {
    g_autoptr(BieFhirClient) client = client_for (bie_test_fhir_server_get_direct_url (server));
    g_autofree char *id = bie_store_sync_fhir_id (a, BIE_ENTITY_HOUSEHOLD, first->record.id);
    g_autofree char *path = g_strdup_printf ("Group/%s", id);
    g_autoptr(BieFhirResponse) got = bie_fhir_client_send (client, "GET", path, NULL, NULL, NULL, &error);
    g_autoptr(BieFhirResponse) put = NULL;
    JsonObject *group;
    JsonObject *member;

    g_assert_no_error (error);
    outsider = g_strdup ("Patient/outsider-1");

    group = json_node_get_object (got->body);
    member = json_object_new ();
    json_object_set_object_member (member, "entity", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (member, "entity"), "reference", outsider);
    json_array_add_object_element (bie_json_get_array (group, "member"), member);
    put = bie_fhir_client_send (client, "PUT", path, got->body, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (put->status / 100, ==, 2);
  }

  /* B learns of it all, edits the household: the outsider stays. */
  sync_ok (b, NULL);
  first_b = load_same (b, BIE_ENTITY_HOUSEHOLD, first);
  set (&first_b->address, "Calle 5 Sur # 3-21");
  save (b, BIE_ENTITY_HOUSEHOLD, first_b);
  sync_ok (b, NULL);
  sync_ok (a, NULL);
  assert_members (a, first, outsider);
  assert_same (a, b);

  /* Moved on both sides to different households: a conflict. Whichever
   * the user keeps, only that household's Group lists them at the end,
   * though the other side's Group went up listing them meanwhile. */
  g_free (where);
  where = g_strdup_printf ("AND id NOT IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                           first->record.id, second->record.id);
  third = load_first (a, BIE_ENTITY_HOUSEHOLD, where);
  g_free (where);
  where = g_strdup_printf ("AND household_id = %" G_GINT64_FORMAT " AND relationship <> 'head'",
                           second->record.id);
  moved = load_first (a, BIE_ENTITY_PERSON, where);
  moved_b = load_same (b, BIE_ENTITY_PERSON, moved);
  third_b = load_same (b, BIE_ENTITY_HOUSEHOLD, third);
  moved->household_id = first->record.id;
  moved_b->household_id = third_b->record.id;
  bie_record_free (BIE_ENTITY_HOUSEHOLD, third_b);
  save (a, BIE_ENTITY_PERSON, moved);
  save (b, BIE_ENTITY_PERSON, moved_b);
  conflicts = sync_into_conflict (a, b);
  {
    BieSyncConflict *conflict = g_ptr_array_index (conflicts, 0);
    BiePerson *theirs = theirs_record (b, conflict);
    BiePerson *chosen = bie_store_load_by_uuid (b, BIE_ENTITY_PERSON, conflict->uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (conflict->fields[0], ==, "household_id");
    chosen->household_id = theirs->household_id;
    g_assert_true (bie_store_sync_resolve (b, conflict->id, chosen, theirs, &error));
    g_assert_no_error (error);
    bie_record_free (BIE_ENTITY_PERSON, chosen);
    bie_record_free (BIE_ENTITY_PERSON, theirs);
  }
  sync_ok (b, NULL);
  sync_ok (a, NULL);
  assert_members (a, first, outsider);
  assert_members (a, second, NULL);
  assert_members (a, third, NULL);
  assert_same (a, b);

  bie_record_free (BIE_ENTITY_HOUSEHOLD, first);
  bie_record_free (BIE_ENTITY_HOUSEHOLD, second);
  bie_record_free (BIE_ENTITY_HOUSEHOLD, third);
  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

/* Random offline work, as the fault test does it */

static gint64
random_id (BieStore  *store,
           GRand     *rand,
           BieEntity  entity)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0 ORDER BY id",
                                          bie_entity_info (entity)->table);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  return ids->len > 0 ? g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len)) : 0;
}

/* One edit of four kinds; @living (nullable) follows the encounters. */
static void
random_edit (BieStore   *store,
             GRand      *rand,
             GHashTable *living)
{
  g_autoptr(GError) error = NULL;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      {
        BiePerson *person = bie_store_load (store, BIE_ENTITY_PERSON,
                                            random_id (store, rand, BIE_ENTITY_PERSON), &error);
        g_autofree char *phone = g_strdup_printf ("300%07d", g_rand_int_range (rand, 0, 9999999));

        g_assert_no_error (error);
        set (&person->phone, phone);
        save (store, BIE_ENTITY_PERSON, person);
        return;
      }
    case 1:
      {
        BieHousehold *household = bie_store_load (store, BIE_ENTITY_HOUSEHOLD,
                                                  random_id (store, rand, BIE_ENTITY_HOUSEHOLD), &error);
        g_autofree char *address = g_strdup_printf ("Calle %d # %d-%d", g_rand_int_range (rand, 1, 200),
                                                    g_rand_int_range (rand, 1, 99), g_rand_int_range (rand, 1, 99));

        g_assert_no_error (error);
        set (&household->address, address);
        save (store, BIE_ENTITY_HOUSEHOLD, household);
        return;
      }
    case 2:
      {
        BieEncounter *encounter = bie_record_new (BIE_ENTITY_ENCOUNTER);
        g_autofree char *date = g_strdup_printf ("2026-11-%02dT1%d:00:00Z", g_rand_int_range (rand, 1, 25),
                                                 g_rand_int_range (rand, 0, 9));

        encounter->household_id = random_id (store, rand, BIE_ENTITY_HOUSEHOLD);
        encounter->kind = g_strdup ("home-visit");
        encounter->date = g_strdup (date);
        encounter->notes = g_strdup ("Seguimiento");
        encounter->record.uuid = bie_uuid_new ();
        if (living != NULL)
          g_hash_table_add (living, g_strdup (encounter->record.uuid));
        save (store, BIE_ENTITY_ENCOUNTER, encounter);
        return;
      }
    default:
      {
        gint64 id = random_id (store, rand, BIE_ENTITY_ENCOUNTER);
        BieEncounter *encounter;

        if (id == 0)
          return;
        encounter = bie_store_load (store, BIE_ENTITY_ENCOUNTER, id, &error);
        g_assert_no_error (error);
        if (living != NULL)
          g_hash_table_remove (living, encounter->record.uuid);
        bie_record_free (BIE_ENTITY_ENCOUNTER, encounter);
        g_assert_true (bie_store_delete (store, BIE_ENTITY_ENCOUNTER, id, &error));
        g_assert_no_error (error);
        return;
      }
    }
}

static gint64
count (BieStore  *store,
       BieEntity  entity)
{
  gint64 n;

  g_assert_true (bie_store_count (store, entity, &n, NULL));

  return n;
}

static GHashTable *
living_uuids (BieStore  *store,
              BieEntity  entity)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0", bie_entity_info (entity)->table);
  GHashTable *uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (uuids, bie_store_sync_fhir_id (store, entity, sqlite3_column_int64 (stmt, 0)));
  sqlite3_finalize (stmt);

  return uuids;
}

/* Someone chooses, mine or theirs at random, for every conflict. */
static void
resolve_all (BieStore *store,
             GRand    *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = bie_store_sync_conflicts (store, &error);
  g_autoptr(BieFhirClient) client = client_for (bie_test_fhir_server_get_direct_url (server));
  g_autoptr(BieSyncEngine) engine = bie_sync_engine_new (store, client);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      BieSyncConflict *conflict = g_ptr_array_index (conflicts, i);
      BieRecord *mine = bie_store_load_by_uuid (store, conflict->entity, conflict->uuid, &error);
      BieRecord *theirs = NULL;
      BieRecord *merged;

      g_assert_no_error (error);
      if (conflict->theirs_json != NULL)
        {
          theirs = bie_sync_engine_theirs_record (engine, conflict->entity, conflict->theirs_json, &error);
          g_assert_no_error (error);
        }

      if (g_rand_boolean (rand))
        merged = bie_record_copy (conflict->entity, mine);
      else if (theirs != NULL)
        {
          merged = bie_record_copy (conflict->entity, theirs);
          merged->id = mine->id;
        }
      else
        {
          merged = bie_record_copy (conflict->entity, mine);
          merged->deleted = TRUE;
        }

      g_assert_true (bie_store_sync_resolve (store, conflict->id, merged, theirs, &error));
      g_assert_no_error (error);
      bie_record_free (conflict->entity, merged);
      bie_record_free (conflict->entity, mine);
      if (theirs != NULL)
        bie_record_free (conflict->entity, theirs);
    }
}

/* Syncs until a run converges; the last runs meet no faults. */
static void
converge (BieStore *store,
          GRand    *rand)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      g_autoptr(GError) error = NULL;
      BieSyncSummary summary;

      resolve_all (store, rand);
      if (sync_with (store, bie_test_fhir_server_get_direct_url (server), NULL, &summary, &error))
        return;
      g_assert_error (error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED);
    }
  g_assert_not_reached ();
}

static void
test_faults (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(BieStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  const guint cycles = 200;
  g_autoptr(GHashTable) encounters = NULL;
  g_autoptr(GHashTable) found = NULL;
  guint failed = 0;

  open_two_caches (&a, &b);
  encounters = living_uuids (a, BIE_ENTITY_ENCOUNTER);

  g_assert_true (bie_test_fhir_server_set_fault_rate (server, 0.04, &error));
  g_assert_no_error (error);

  for (guint cycle = 0; cycle < cycles; cycle++)
    {
      BieStore *store = g_rand_boolean (rand) ? a : b;
      g_autoptr(GError) sync_error = NULL;
      guint edits = g_rand_int_range (rand, 0, 4);
      BieSyncSummary summary;

      for (guint i = 0; i < edits; i++)
        random_edit (store, rand, encounters);
      if (g_rand_int_range (rand, 0, 10) == 0)
        resolve_all (store, rand);

      if (!sync_with (store, bie_test_fhir_server_get_url (server), NULL, &summary, &sync_error))
        {
          /* A run may end early; the next one resumes. Only these end it. */
          if (!g_error_matches (sync_error, BIE_SYNC_ERROR, BIE_SYNC_ERROR_NOT_CONVERGED) &&
              !g_error_matches (sync_error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_NETWORK) &&
              !g_error_matches (sync_error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_BUSY) &&
              !g_error_matches (sync_error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_SERVER))
            g_error ("cycle %u: %s", cycle, sync_error->message);
          failed++;
        }
    }
  g_test_message ("%u cycles, %u ended early; faults met: %" G_GINT64_FORMAT, cycles, failed,
                  bie_test_fhir_server_get_fault_count (server, NULL, NULL));

  g_assert_true (bie_test_fhir_server_set_fault_rate (server, 0, &error));
  g_assert_no_error (error);
  converge (a, rand);
  converge (b, rand);
  converge (a, rand);

  {
    gint64 pending, conflicts;

    g_assert_true (bie_store_sync_count (a, &pending, &conflicts, NULL));
    g_assert_cmpint (pending + conflicts, ==, 0);
    g_assert_true (bie_store_sync_count (b, &pending, &conflicts, NULL));
    g_assert_cmpint (pending + conflicts, ==, 0);
  }
  assert_same (a, b);
  assert_server_holds (a);
  /* Every encounter recorded is there once; every one removed is gone. */
  found = living_uuids (a, BIE_ENTITY_ENCOUNTER);
  g_assert_cmpuint (g_hash_table_size (found), ==, g_hash_table_size (encounters));
  {
    GHashTableIter iter;
    gpointer uuid;

    g_hash_table_iter_init (&iter, encounters);
    while (g_hash_table_iter_next (&iter, &uuid, NULL))
      g_assert_true (g_hash_table_contains (found, uuid));
  }

  close_cache (g_steal_pointer (&b));
  close_cache (g_steal_pointer (&a));
}

/* Every answer lost after the server applied the request: the retries
 * must not make anything twice. */
static void
test_lost_responses (void)
{
  g_autoptr(BieStore) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  BieSyncSummary summary;
  gint64 encounters;

  reset_server ();
  a = open_cache ("a.sqlite", DEMO_HOUSEHOLDS);
  seed_server (a);
  for (guint i = 0; i < 5; i++)
    {
      BieEncounter *encounter = bie_record_new (BIE_ENTITY_ENCOUNTER);

      encounter->household_id = random_id (a, rand, BIE_ENTITY_HOUSEHOLD);
      encounter->kind = g_strdup ("call");
      encounter->date = g_strdup ("2026-12-01T09:00:00Z");
      save (a, BIE_ENTITY_ENCOUNTER, encounter);
    }
  random_edit (a, rand, NULL);
  encounters = count (a, BIE_ENTITY_ENCOUNTER);

  g_assert_true (bie_test_fhir_server_set_faults (server, 0.5, "lost", &error));
  g_assert_no_error (error);
  sync_with (a, bie_test_fhir_server_get_url (server), NULL, &summary, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bie_test_fhir_server_get_fault_count (server, "lost", NULL), >, 0);
  g_assert_true (bie_test_fhir_server_set_fault_rate (server, 0, &error));
  g_assert_no_error (error);

  assert_server_holds (a);
  g_assert_cmpint (count (a, BIE_ENTITY_ENCOUNTER), ==, encounters);
  close_cache (g_steal_pointer (&a));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!bie_test_fhir_server_available (&why))
    {
      g_test_skip (why);
      return 0;
    }

  folder = g_dir_make_tmp ("bienestar-sync-XXXXXX", &error);
  g_assert_no_error (error);
  /* Some of the proxy's delays outlast the client's 2 s timeout. */
  g_setenv ("FAULT_PROXY_MAX_DELAY", "2500", TRUE);
  server = bie_test_fhir_server_start (TRUE, 1, 0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/sync/seed-and-download", test_seed_and_download);
  g_test_add_func ("/sync/concurrent-edits", test_concurrent_edits);
  g_test_add_func ("/sync/insurance-conflict", test_insurance_conflict);
  g_test_add_func ("/sync/insurance-cleared", test_insurance_cleared);
  g_test_add_func ("/sync/deleted-person-coverage", test_deleted_person_coverage);
  g_test_add_func ("/sync/group-members", test_group_members);
  g_test_add_func ("/sync/lost-responses", test_lost_responses);
  g_test_add_func ("/sync/faults", test_faults);

  status = g_test_run ();

  bie_test_fhir_server_stop (server);
  bie_test_remove_folder (folder);
  g_free (folder);

  return status;
}
