/* test-store.c: the local cache — schema, migrations, edits with their
 * outbox, change notifications, search, and the faults a user can meet
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "bie-store-private.h"
#include "bie-store-sync.h"
#include "bie-test-records.h"

typedef struct
{
  char     *dir;
  char     *path;
  BieStore *store;
  gint64    household_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bienestar-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "cache.sqlite", NULL);

  if (GPOINTER_TO_INT (data))
    {
      g_autoptr(BieRecordBatch) batch = bie_test_territory_batch (TRUE);

      fixture->store = bie_store_open (fixture->path, &error);
      g_assert_no_error (error);
      g_assert_true (bie_store_write_batch (fixture->store, batch, &error));
      g_assert_no_error (error);
      fixture->household_id = 1;
    }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_chmod (path, 0600);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static BiePerson *
new_person (gint64      household_id,
            const char *given_names,
            const char *family_names,
            const char *document_number)
{
  BiePerson *person = bie_record_new (BIE_ENTITY_PERSON);

  person->household_id = household_id;
  person->document_type = g_strdup ("CC");
  person->document_number = g_strdup (document_number);
  person->given_names = g_strdup (given_names);
  person->family_names = g_strdup (family_names);
  person->sex = g_strdup ("F");
  person->birth_date = g_strdup ("1990-04-12");
  person->eps_code = g_strdup ("EPSS34");
  person->regimen = g_strdup ("subsidiado");
  person->phone = g_strdup ("3001234567");
  person->relationship = g_strdup ("head");

  return person;
}

static guint
outbox_length (BieStore *store)
{
  g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, NULL);

  g_assert_nonnull (outbox);
  return outbox->len;
}

static gint64
count (BieStore  *store,
       BieEntity  entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (bie_store_count (store, entity, &n, &error));
  g_assert_no_error (error);

  return n;
}

static GChecksum *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_checksum_update (checksum, (const guchar *) contents, length);

  return checksum;
}

static void
create_database (const char *path,
                 const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Schema */

static void
test_fresh (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  fixture->store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_store_get_schema_version (fixture->store), ==,
                    bie_store_get_latest_schema_version ());
  g_assert_cmpuint (bie_store_get_latest_schema_version (), >=, 2);

  /* Every table has the record columns, then exactly the model's fields. */
  db = bie_store_get_connection (fixture->store);
  for (guint e = 0; e < BIE_N_ENTITIES; e++)
    {
      const BieEntityInfo *info = bie_entity_info (e);
      const char *record_columns[] = { "id", "uuid", "server_id", "version", "updated_at", "deleted" };
      g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') ORDER BY cid",
                                              info->table);
      sqlite3_stmt *stmt;
      guint column = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);

          if (column < G_N_ELEMENTS (record_columns))
            g_assert_cmpstr (name, ==, record_columns[column]);
          else
            g_assert_cmpstr (name, ==, info->fields[column - G_N_ELEMENTS (record_columns)].name);
          column++;
        }
      sqlite3_finalize (stmt);
      g_assert_cmpuint (column, ==, G_N_ELEMENTS (record_columns) + info->n_fields);
    }

  /* Reopening an up-to-date cache changes nothing. */
  g_clear_object (&fixture->store);
  fixture->store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
test_upgrade_from_v1 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture_sql = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  BiePerson *person;

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "fixtures", "cache-v1.sql", NULL),
                                      &fixture_sql, NULL, &error));
  create_database (fixture->path, fixture_sql);

  fixture->store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_store_get_schema_version (fixture->store), ==,
                    bie_store_get_latest_schema_version ());

  /* The records are all there, and the new indexes know them. */
  g_assert_cmpint (count (fixture->store, BIE_ENTITY_PERSON), ==, 2);
  person = bie_store_load (fixture->store, BIE_ENTITY_PERSON, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->family_names, ==, "Núñez Peña");
  bie_record_free (BIE_ENTITY_PERSON, person);
  g_assert_cmpuint (outbox_length (fixture->store), ==, 1);

  hits = bie_store_search (fixture->store, BIE_ENTITY_PERSON, "nunez", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);  /* the deleted person is not found */
  g_clear_pointer (&hits, g_array_unref);
  hits = bie_store_search (fixture->store, BIE_ENTITY_HOUSEHOLD, "lucero", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  g_assert_true (bie_store_check_integrity (fixture->store, report, &error));
  g_assert_no_error (error);
}

static void
test_refuse_newer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) before = NULL;
  g_autoptr(GChecksum) after = NULL;
  g_autoptr(BieStore) store = NULL;

  create_database (fixture->path, "CREATE TABLE future (x); PRAGMA user_version = 99;");
  before = file_checksum (fixture->path);

  store = bie_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_TOO_NEW);
  g_test_message ("%s", error->message);

  after = file_checksum (fixture->path);
  g_assert_cmpstr (g_checksum_get_string (before), ==, g_checksum_get_string (after));
}

static void
test_failed_migration (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *first[] = { "001-records.sql", NULL };
  const char *broken[] = {
    "001-records.sql",
    "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  sqlite3_stmt *stmt;

  store = bie_store_open_with_migrations (fixture->path, first, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = bie_store_open_with_migrations (fixture->path, broken, &error);
  g_assert_null (store);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Still at schema 1, without a trace of the failed step. */
  store = bie_store_open_with_migrations (fixture->path, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_store_get_schema_version (store), ==, 1);
  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store),
                                       "SELECT * FROM half_done", -1, &stmt, NULL), !=, SQLITE_OK);
}

/* Schema 9 keeps the server's versions in a table of rows in order: what
 * a cache of schema 8 had is still there, found the same way. */
static void
test_upgrade_sync_resources (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *schema_8[] = {
    "001-records.sql", "002-search.sql", "003-caseload.sql", "004-caseload-sorts.sql",
    "005-followed-plan.sql", "006-localidad-boundaries.sql", "007-sync.sql", "008-search-bulk.sql",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autofree char *base = NULL;
  sqlite3_stmt *stmt;

  store = bie_store_open_with_migrations (fixture->path, schema_8, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_store_get_schema_version (store), ==, 8);
  g_clear_object (&store);
  create_database (fixture->path,
                   "INSERT INTO sync_resource (entity, uuid, version, json) VALUES "
                   "('person', x'7c1e00000000400080000000000000aa', '3', "
                   "'{\"resourceType\":\"Patient\",\"id\":\"a\"}');");

  store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_store_get_schema_version (store), >=, 9);
  base = bie_store_sync_base (store, BIE_ENTITY_PERSON, "7c1e0000-0000-4000-8000-0000000000aa");
  g_assert_cmpstr (base, ==, "{\"resourceType\":\"Patient\",\"id\":\"a\"}");

  /* A table of rows with their own ids, one version per record. */
  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store),
                                       "SELECT id FROM sync_resource", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (bie_store_get_connection (store),
                                 "INSERT INTO sync_resource (entity, uuid, version, json) VALUES "
                                 "('person', x'7c1e00000000400080000000000000aa', '4', '{}')",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_UNIQUE);
}

static int
count_rows (BieStore   *store,
            const char *sql)
{
  sqlite3_stmt *stmt;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (bie_store_get_connection (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

#define COUNT_TRIGGERS "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'"

/* A bulk load drops the triggers it skips (schema 10) and makes them again
 * at its end, or at the next open when a crash cut it short: after either,
 * an edit reaches the search index and the caseload's facts again. */
static void
test_bulk_triggers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int triggers = count_rows (fixture->store, COUNT_TRIGGERS);
  BiePerson *person;

  g_assert_cmpint (triggers, >, 20);
  for (guint crash = 0; crash < 2; crash++)
    {
      g_assert_true (bie_store_set_bulk (fixture->store, TRUE, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (fixture->store, COUNT_TRIGGERS " AND sql LIKE '%''bulk''%'"), ==, 0);
      g_assert_cmpint (count_rows (fixture->store, COUNT_TRIGGERS), <, triggers);

      if (crash)
        {
          /* Closed without ending the bulk load, as a killed process. */
          g_clear_object (&fixture->store);
          fixture->store = bie_store_open (fixture->path, &error);
          g_assert_no_error (error);
        }
      else
        {
          g_assert_true (bie_store_set_bulk (fixture->store, FALSE, &error));
          g_assert_no_error (error);
        }

      g_assert_cmpint (count_rows (fixture->store, COUNT_TRIGGERS), ==, triggers);
      g_assert_cmpint (count_rows (fixture->store, "SELECT count (*) FROM bulk_trigger"), ==, 0);
    }

  person = new_person (fixture->household_id, "Obdulia", "Zuleta", "41222333");
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_no_error (error);
  bie_record_free (BIE_ENTITY_PERSON, person);
  g_assert_cmpint (count_rows (fixture->store,
                               "SELECT count (*) FROM person_search WHERE person_search MATCH 'zuleta'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store,
                               "SELECT count (*) FROM household_facts_source s JOIN household_facts f "
                               "USING (household_id) WHERE s.n_members = f.n_members AND household_id = 1"), ==, 1);
}

/* Pages SQLite has read and written since the last call. */
static int
count_pages (BieStore *store)
{
  const int counters[] = { SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS, SQLITE_DBSTATUS_CACHE_WRITE };
  int pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      int current, highest;

      sqlite3_db_status (bie_store_get_connection (store), counters[i], &current, &highest, TRUE);
      pages += current;
    }

  return pages;
}

/* Pages SQLite read and wrote while a new cache in @dir ended a bulk load
 * of @n persons, their documents rising or falling as their row ids rise. */
static int
pages_to_end_bulk (const char *dir,
                   guint       n,
                   gboolean    falling)
{
  g_autofree char *path = g_build_filename (dir, falling ? "falling.sqlite" : "rising.sqlite", NULL);
  g_autoptr(BieRecordBatch) territory = bie_test_territory_batch (TRUE);
  g_autoptr(BieRecordBatch) batch = bie_record_batch_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = bie_store_open (path, &error);
  int pages;

  g_assert_no_error (error);
  g_assert_true (bie_store_write_batch (store, territory, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *document = g_strdup_printf ("%u", falling ? 90000000 - i : 70000000 + i);

      bie_record_batch_add (batch, BIE_ENTITY_PERSON, new_person (1, "Persona", "De Prueba", document));
    }
  g_assert_true (bie_store_set_bulk (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (bie_store_write_batch (store, batch, &error));
  g_assert_no_error (error);

  count_pages (store);
  g_assert_true (bie_store_set_bulk (store, FALSE, &error));
  g_assert_no_error (error);
  pages = count_pages (store);

  g_assert_cmpint (count_rows (store, "SELECT count (*) FROM person_search WHERE person_search MATCH 'persona'"), ==, n);

  return pages;
}

/* The search index a bulk load builds at its end takes the persons in the
 * order of their row ids, whatever the order of their documents: FTS5
 * writes what it holds whenever a row id comes lower than the last, and
 * read in the order of documents, 2,000 persons took nine times the pages. */
static void
test_bulk_search_order (Fixture       *fixture,
                        gconstpointer  data)
{
  int rising = pages_to_end_bulk (fixture->dir, 2000, FALSE);
  int falling = pages_to_end_bulk (fixture->dir, 2000, TRUE);

  g_test_message ("pages read and written: %d, documents rising; %d, falling", rising, falling);
  g_assert_cmpint (falling, <, rising * 3 / 2);
}

/* Edits and the outbox */

static void
on_changed (BieStore  *store,
            guint      entity,
            GArray    *ids,
            GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s:%" G_GINT64_FORMAT, bie_entity_info (entity)->table,
                                          ids != NULL && ids->len > 0 ? g_array_index (ids, gint64, 0) : -1));
}

static void
test_edits (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) outbox = NULL;
  BiePerson *person = new_person (fixture->household_id, "Ana Lucía", "Gómez", "52000111");
  BiePerson *loaded;
  BieOutboxEntry *entry;
  g_autofree char *version = NULL;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), seen);

  /* Create: a row id, an outbox entry with every field, a notification. */
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_no_error (error);
  g_assert_cmpint (person->record.id, >, 0);
  g_assert_cmpint (person->record.updated_at, >, 0);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "person:1");

  outbox = bie_store_list_outbox (fixture->store, &error);
  g_assert_cmpuint (outbox->len, ==, 1);
  entry = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (entry->entity, ==, "person");
  g_assert_cmpstr (entry->operation, ==, "create");
  g_assert_cmpstr (entry->uuid, ==, person->record.uuid);
  g_assert_nonnull (strstr (entry->changes, "\"given_names\":\"Ana Lucía\""));
  /* References travel as the uuid of what they refer to. */
  g_assert_null (strstr (entry->changes, "\"household_id\":1"));
  g_assert_nonnull (strstr (entry->changes, "\"household_id\":\""));
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* The backend acknowledges it as its version 7 (as a sync would). */
  {
    g_autoptr(BieRecordBatch) acknowledged = bie_record_batch_new ();

    person->record.version = g_strdup ("7");
    bie_record_batch_add (acknowledged, BIE_ENTITY_PERSON, bie_record_copy (BIE_ENTITY_PERSON, person));
    g_assert_true (bie_store_write_batch (fixture->store, acknowledged, &error));
    g_assert_no_error (error);
  }

  /* Update: only what changed, from the version the backend had. */
  g_free (person->phone);
  person->phone = g_strdup ("3109876543");
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_no_error (error);
  outbox = bie_store_list_outbox (fixture->store, &error);
  g_assert_cmpuint (outbox->len, ==, 2);
  entry = g_ptr_array_index (outbox, 1);
  g_assert_cmpstr (entry->operation, ==, "update");
  g_assert_cmpstr (entry->changes, ==, "{\"phone\":\"3109876543\"}");
  g_assert_cmpstr (entry->base_version, ==, "7");
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* Saving an unchanged record writes nothing. */
  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_cmpuint (outbox_length (fixture->store), ==, 2);

  loaded = bie_store_load_by_uuid (fixture->store, BIE_ENTITY_PERSON, person->record.uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->phone, ==, "3109876543");
  g_assert_cmpstr (loaded->given_names, ==, "Ana Lucía");
  bie_record_free (BIE_ENTITY_PERSON, loaded);

  /* Delete: soft, queued, and the document is free again. */
  g_assert_true (bie_store_delete (fixture->store, BIE_ENTITY_PERSON, person->record.id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, BIE_ENTITY_PERSON), ==, 0);
  outbox = bie_store_list_outbox (fixture->store, &error);
  /* Their household first: its Group, which lists them, must not. */
  g_assert_cmpuint (outbox->len, ==, 4);
  entry = g_ptr_array_index (outbox, 2);
  g_assert_cmpstr (entry->entity, ==, "household");
  g_assert_cmpstr (entry->operation, ==, "update");
  g_assert_cmpstr (entry->changes, ==, "{}");
  g_assert_cmpstr (((BieOutboxEntry *) g_ptr_array_index (outbox, 3))->operation, ==, "delete");
  g_assert_cmpint (bie_store_find_person (fixture->store, "CC", "52000111", &error), ==, 0);
  g_assert_cmpuint (seen->len, ==, 4);  /* create, acknowledgement, update, delete */

  loaded = bie_store_load (fixture->store, BIE_ENTITY_PERSON, 99999, &error);
  g_assert_null (loaded);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_NOT_FOUND);

  version = bie_store_get_meta (fixture->store, "no-such-key");
  g_assert_null (version);
  bie_record_free (BIE_ENTITY_PERSON, person);
}

static void
assert_nothing_written (Fixture *fixture,
                        gint64   persons,
                        guint    outbox)
{
  g_assert_cmpint (count (fixture->store, BIE_ENTITY_PERSON), ==, persons);
  g_assert_cmpuint (outbox_length (fixture->store), ==, outbox);
}

static void
test_atomic_edits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BiePerson *first = new_person (fixture->household_id, "Ana", "Gómez", "52000111");
  BiePerson *twin = new_person (fixture->household_id, "Otra", "Persona", "52000111");
  BiePerson *orphan = new_person (424242, "Sin", "Hogar", "52000999");
  BiePerson *doomed = new_person (fixture->household_id, "Luz", "Marina", "52000555");
  char *failure = NULL;

  g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, first, &error));
  assert_nothing_written (fixture, 1, 1);

  /* The same document twice: refused, nothing written. */
  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, twin, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_DUPLICATE);
  g_assert_cmpint (twin->record.id, ==, 0);
  g_clear_error (&error);
  assert_nothing_written (fixture, 1, 1);

  /* A household that is not there. */
  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, orphan, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_nothing_written (fixture, 1, 1);

  /* The row is written but its outbox entry fails: the row goes too. */
  g_assert_cmpint (sqlite3_exec (bie_store_get_connection (fixture->store),
                                 "CREATE TEMP TRIGGER outbox_fails BEFORE INSERT ON outbox "
                                 "BEGIN SELECT RAISE (ABORT, 'outbox refused'); END",
                                 NULL, NULL, &failure), ==, SQLITE_OK);
  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, doomed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (doomed->record.id, ==, 0);
  g_clear_error (&error);
  assert_nothing_written (fixture, 1, 1);
  g_assert_cmpint (bie_store_find_person (fixture->store, "CC", "52000555", NULL), ==, 0);

  /* And an update that fails the same way leaves the old values. */
  g_free (first->phone);
  first->phone = g_strdup ("3110000000");
  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, first, &error));
  g_clear_error (&error);
  {
    BiePerson *stored = bie_store_load (fixture->store, BIE_ENTITY_PERSON, first->record.id, &error);

    g_assert_cmpstr (stored->phone, ==, "3001234567");
    bie_record_free (BIE_ENTITY_PERSON, stored);
  }

  bie_record_free (BIE_ENTITY_PERSON, first);
  bie_record_free (BIE_ENTITY_PERSON, twin);
  bie_record_free (BIE_ENTITY_PERSON, orphan);
  bie_record_free (BIE_ENTITY_PERSON, doomed);
}

static void
test_invalid_not_written (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BiePerson *person = new_person (fixture->household_id, "", "Gómez", "52000111");

  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_nothing_written (fixture, 0, 0);

  /* A uuid must be one. */
  g_free (person->given_names);
  person->given_names = g_strdup ("Ana");
  g_free (person->record.uuid);
  person->record.uuid = g_strdup ("not-a-uuid");
  g_assert_false (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
  assert_nothing_written (fixture, 0, 0);
  bie_record_free (BIE_ENTITY_PERSON, person);
}

/* Search */

static void
assert_finds (BieStore   *store,
              BieEntity   entity,
              const char *text,
              guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = bie_store_search (store, entity, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  if (hits->len != expected)
    g_error ("searching “%s” found %u, not %u", text, hits->len, expected);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  const struct { const char *given, *family, *document; } people[] = {
    { "María José", "Núñez Peña", "52345678" },
    { "José", "Muñoz", "79111222" },
    { "Ángela", "Nuñez", "1012345678" },
    { "Sofía", "Ramírez Castaño", "52999888" },
  };
  const char *hostile[] = {
    "\"", "\"\"\"", "nunez\" OR \"a", "NEAR(a b)", "a* OR b:*", "-", "^", "*", "()", "AND",
    "'; DROP TABLE person; --", "\xe2\x80\x8b", "\xff\xfe invalid utf8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      BiePerson *person = new_person (fixture->household_id, people[i].given, people[i].family,
                                      people[i].document);

      g_assert_true (bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error));
      g_assert_no_error (error);
      bie_record_free (BIE_ENTITY_PERSON, person);
    }

  /* Case and accents do not matter. */
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "Nuñez", 2);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "nunez", 2);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "NÚÑEZ", 2);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "jose", 2);
  /* Every word of three characters or more is a prefix, all words count;
   * a shorter word is a whole word. */
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "nuñ", 2);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "mar nun", 1);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "nu", 0);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "mar", 1);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "ma", 0);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "angela nunez", 1);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "castano", 1);
  /* Best first: a hit at the start of a name before one further in,
   * family names before given names. */
  {
    g_autoptr(GArray) hits = bie_store_search (fixture->store, BIE_ENTITY_PERSON, "jose", 50, &error);
    BiePerson *first;

    g_assert_cmpuint (hits->len, ==, 2);
    first = bie_store_load (fixture->store, BIE_ENTITY_PERSON, g_array_index (hits, BieSearchHit, 0).id, &error);
    g_assert_cmpstr (first->given_names, ==, "José");
    g_assert_cmpfloat (g_array_index (hits, BieSearchHit, 0).rank, <, g_array_index (hits, BieSearchHit, 1).rank);
    bie_record_free (BIE_ENTITY_PERSON, first);
    g_clear_pointer (&hits, g_array_unref);

    hits = bie_store_search (fixture->store, BIE_ENTITY_PERSON, "ramirez", 50, &error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpfloat (g_array_index (hits, BieSearchHit, 0).rank, ==, 0);
    g_clear_pointer (&hits, g_array_unref);

    hits = bie_store_search (fixture->store, BIE_ENTITY_PERSON, "sofia", 50, &error);
    g_assert_cmpfloat (g_array_index (hits, BieSearchHit, 0).rank, >, 0);
  }

  /* Documents, whole or begun. */
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "52345678", 1);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "5234", 1);
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "garcía", 0);
  g_assert_cmpint (bie_store_find_person (fixture->store, "CC", "79111222", &error), >, 0);

  /* Households by address and sector. */
  assert_finds (fixture->store, BIE_ENTITY_HOUSEHOLD, "calle 70 sur", 1);
  assert_finds (fixture->store, BIE_ENTITY_HOUSEHOLD, "004501", 1);
  assert_finds (fixture->store, BIE_ENTITY_HOUSEHOLD, "lucero", 1);

  /* What users type is never query syntax. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GArray) hits = bie_store_search (fixture->store, BIE_ENTITY_PERSON, hostile[i], 50, &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
  assert_finds (fixture->store, BIE_ENTITY_PERSON, "", 0);
  huge = g_strnfill (10000, 'a');
  assert_finds (fixture->store, BIE_ENTITY_PERSON, huge, 0);
  g_free (huge);
  huge = g_strdup ("nunez nunez nunez nunez nunez nunez nunez nunez nunez nunez nunez");
  assert_finds (fixture->store, BIE_ENTITY_PERSON, huge, 2);
}

/* Faults */

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) before = NULL;
  g_autoptr(GChecksum) after = NULL;
  g_autoptr(BieStore) store = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (fixture->path, garbage, -1, NULL));
  before = file_checksum (fixture->path);

  store = bie_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);

  after = file_checksum (fixture->path);
  g_assert_cmpstr (g_checksum_get_string (before), ==, g_checksum_get_string (after));
}

static void
test_truncated_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;
  GStatBuf info;

  /* A cache with some weight, closed cleanly (no write-ahead log left). */
  store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(BieRecordBatch) batch = i == 0 ? bie_test_territory_batch (TRUE) : bie_record_batch_new ();
      BiePerson *person = new_person (1, "Persona", "De Prueba", "0");

      g_free (person->document_number);
      person->document_number = g_strdup_printf ("%u", 10000000 + i);
      bie_record_batch_add (batch, BIE_ENTITY_PERSON, person);
      g_assert_true (bie_store_write_batch (store, batch, &error));
    }
  g_clear_object (&store);

  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (truncate (fixture->path, info.st_size / 2), ==, 0);

  store = bie_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT);
}

static void
test_read_only_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = NULL;

  /* File permissions do not bind root: as root, run the test in a child
   * that gives up root first. */
  if (geteuid () == 0 && !g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  store = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);

  if (geteuid () == 0)
    {
      /* nobody owns the folder, so it can clean up, but not the file. */
      g_assert_cmpint (chown (fixture->dir, 65534, 65534), ==, 0);
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  store = bie_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_READ_ONLY);
}

static void
test_full_disk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieRecordBatch) batch = bie_record_batch_new ();
  sqlite3 *db = bie_store_get_connection (fixture->store);
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt;
  BiePerson *person;
  gint64 pages;

  /* The file may not grow past where it is now: as good as a full disk. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
  g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < 2000; i++)
    {
      person = new_person (1, "Persona Con Un Nombre Largo", "Para Llenar El Disco", "0");
      g_free (person->document_number);
      person->document_number = g_strdup_printf ("%u", 20000000 + i);
      person->record.id = i + 1;
      bie_record_batch_add (batch, BIE_ENTITY_PERSON, person);
    }
  g_assert_false (bie_store_write_batch (fixture->store, batch, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FULL);
  g_clear_error (&error);
  assert_nothing_written (fixture, 0, 0);

  /* A single edit too: refused whole. */
  person = new_person (1, "Persona Con Un Nombre Largo", "Para Llenar El Disco", "30000000");
  for (guint i = 0; i < 400 && bie_store_save (fixture->store, BIE_ENTITY_PERSON, person, &error); i++)
    {
      g_autofree char *document = g_strdup_printf ("%u", 30000001 + i);

      bie_record_free (BIE_ENTITY_PERSON, person);
      person = new_person (1, "Persona Con Un Nombre Largo", "Para Llenar El Disco", document);
    }
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_FULL);
  g_assert_cmpint (person->record.id, ==, 0);
  g_assert_cmpint (count (fixture->store, BIE_ENTITY_PERSON), ==, outbox_length (fixture->store));
  bie_record_free (BIE_ENTITY_PERSON, person);
}

static void
test_second_owner (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) second = NULL;

  second = bie_store_open (fixture->path, &error);
  g_assert_null (second);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Once the first closes, the file is free. */
  g_clear_object (&fixture->store);
  second = bie_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
test_integrity (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_true (bie_store_check_integrity (fixture->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "household: 1\n"));
  g_assert_nonnull (strstr (report->str, "sector: 1\n"));
  g_assert_nonnull (strstr (report->str, "outbox: 0\n"));

  /* A record pointing nowhere is reported. */
  g_assert_cmpint (sqlite3_exec (bie_store_get_connection (fixture->store),
                                 "PRAGMA foreign_keys = OFF; UPDATE household SET sector_id = 77;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_string_truncate (report, 0);
  g_assert_false (bie_store_check_integrity (fixture->store, report, &error));
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (report->str, "foreign key: household"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, with_territory) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_territory), fixture_set_up, func, fixture_tear_down)

  ADD ("/store/schema/fresh", test_fresh, FALSE);
  ADD ("/store/schema/upgrade-from-v1", test_upgrade_from_v1, FALSE);
  ADD ("/store/schema/refuse-newer", test_refuse_newer, FALSE);
  ADD ("/store/schema/failed-migration", test_failed_migration, FALSE);
  ADD ("/store/schema/upgrade-sync-resources", test_upgrade_sync_resources, FALSE);
  ADD ("/store/schema/bulk-triggers", test_bulk_triggers, TRUE);
  ADD ("/store/search/bulk-order", test_bulk_search_order, FALSE);
  ADD ("/store/edits/outbox", test_edits, TRUE);
  ADD ("/store/edits/atomic", test_atomic_edits, TRUE);
  ADD ("/store/edits/invalid", test_invalid_not_written, TRUE);
  ADD ("/store/search", test_search, TRUE);
  ADD ("/store/faults/corrupt-file", test_corrupt_file, FALSE);
  ADD ("/store/faults/truncated-file", test_truncated_file, FALSE);
  ADD ("/store/faults/read-only-file", test_read_only_file, FALSE);
  ADD ("/store/faults/full-disk", test_full_disk, TRUE);
  ADD ("/store/faults/second-owner", test_second_owner, TRUE);
  ADD ("/store/integrity", test_integrity, TRUE);

#undef ADD

  return g_test_run ();
}
