/* bench-store.c: the local cache at the size of a whole subred
 *
 * Builds a demo city of 300,000 households (about 1,000,000 persons; set
 * BIE_BENCH_HOUSEHOLDS for another size) into a fresh cache, then measures
 * opening it, durable edits, prefix search and document lookup. Search and
 * lookup are also run on a bare SQLite table of the same rows, so the ratio
 * shows what the store adds. Prints one figure a line, "name: value unit".
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-utils.h"
#include "bie-demo-cache.h"
#include "bie-store-private.h"

#define N_OPENS 20
#define N_EDITS 300
#define N_QUERIES 400

/* What a nurse types: the first letters of common names and surnames, and
 * of names with accents typed without them. */
static const char *prefixes[] = {
  "mar", "jos", "ana", "lui", "car", "jua", "san", "gom", "rod", "mart", "lop", "gar",
  "her", "ram", "mu", "nun", "pe", "cas", "and", "val", "cam", "dia", "tor", "ort",
  "mar gom", "jos rod", "ana lo", "sof", "ang", "cri",
};

static void
measure_search (sqlite3  *bare,
                BieStore *store,
                GRand    *rand)
{
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (bare,
                                       "SELECT rowid, rank FROM people WHERE people MATCH ? "
                                       "ORDER BY rank LIMIT 50", -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *text = prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))];
      g_auto(GStrv) words = g_strsplit (text, " ", -1);
      g_autofree char *match = NULL;
      g_autoptr(GString) query = g_string_new (NULL);
      g_autoptr(GArray) hits = NULL;
      double start;

      start = bench_now_ms ();
      hits = bie_store_search (store, BIE_ENTITY_PERSON, text, 50, NULL);
      bench_add_sample (store_ms, start);
      g_assert_nonnull (hits);

      /* The same query, written by hand for the bare table. */
      for (guint w = 0; words[w] != NULL; w++)
        g_string_append_printf (query, "%s\"%s\"*", w > 0 ? " " : "", words[w]);
      start = bench_now_ms ();
      sqlite3_bind_text (stmt, 1, query->str, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_reset (stmt);
      bench_add_sample (bare_ms, start);
    }
  sqlite3_finalize (stmt);

  printf ("search_prefix_first50_p95: %.2f ms\n", bench_percentile (store_ms, 0.95));
  printf ("search_prefix_first50_bare_fts5_p95: %.2f ms\n", bench_percentile (bare_ms, 0.95));
  printf ("search_prefix_first50_median: %.2f ms\n", bench_percentile (store_ms, 0.5));
}

static void
measure_lookup (sqlite3  *bare,
                BieStore *store,
                GRand    *rand,
                gint64    n_persons)
{
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = bie_store_get_connection (store);
  sqlite3_stmt *pick, *lookup;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT document_type, document_number FROM person WHERE id = ?",
                                       -1, &pick, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (bare, "SELECT rowid FROM documents WHERE document_type = ? "
                                       "AND document_number = ?", -1, &lookup, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autofree char *type = NULL;
      g_autofree char *number = NULL;
      double start;
      gint64 found;

      sqlite3_bind_int64 (pick, 1, g_rand_int_range (rand, 1, (gint32) n_persons));
      if (sqlite3_step (pick) != SQLITE_ROW)
        {
          sqlite3_reset (pick);
          continue;
        }
      type = g_strdup ((const char *) sqlite3_column_text (pick, 0));
      number = g_strdup ((const char *) sqlite3_column_text (pick, 1));
      sqlite3_reset (pick);

      start = bench_now_ms ();
      found = bie_store_find_person (store, type, number, NULL);
      bench_add_sample (store_ms, start);
      g_assert_cmpint (found, >, 0);

      start = bench_now_ms ();
      sqlite3_bind_text (lookup, 1, type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (lookup, 2, number, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (lookup), ==, SQLITE_ROW);
      sqlite3_reset (lookup);
      bench_add_sample (bare_ms, start);
    }
  sqlite3_finalize (pick);
  sqlite3_finalize (lookup);

  printf ("document_lookup_p95: %.3f ms\n", bench_percentile (store_ms, 0.95));
  printf ("document_lookup_bare_p95: %.3f ms\n", bench_percentile (bare_ms, 0.95));
}

/* The bare comparison: the same persons in a plain FTS5 table and a plain
 * indexed table, in memory, with nothing of the store around them. */
static sqlite3 *
build_bare (void)
{
  sqlite3 *bare;

  g_assert_cmpint (sqlite3_open (":memory:", &bare), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (bare,
                                 "CREATE VIRTUAL TABLE people USING fts5 (given_names, family_names, "
                                 "document_number, tokenize = 'unicode61 remove_diacritics 2', "
                                 "prefix = '1 2 3');"
                                 "CREATE TABLE documents (document_type TEXT, document_number TEXT);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return bare;
}

static void
fill_bare (sqlite3  *bare,
           BieStore *store)
{
  sqlite3 *db = bie_store_get_connection (store);
  sqlite3_stmt *read, *fts, *docs;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, given_names, family_names, document_type, "
                                       "document_number FROM person", -1, &read, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (bare, "INSERT INTO people (rowid, given_names, family_names, "
                                       "document_number) VALUES (?, ?, ?, ?)", -1, &fts, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (bare, "INSERT INTO documents (rowid, document_type, document_number) "
                                       "VALUES (?, ?, ?)", -1, &docs, NULL), ==, SQLITE_OK);
  sqlite3_exec (bare, "BEGIN", NULL, NULL, NULL);
  while (sqlite3_step (read) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (fts, 1, sqlite3_column_int64 (read, 0));
      sqlite3_bind_text (fts, 2, (const char *) sqlite3_column_text (read, 1), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (fts, 3, (const char *) sqlite3_column_text (read, 2), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (fts, 4, (const char *) sqlite3_column_text (read, 4), -1, SQLITE_TRANSIENT);
      sqlite3_step (fts);
      sqlite3_reset (fts);
      sqlite3_bind_int64 (docs, 1, sqlite3_column_int64 (read, 0));
      sqlite3_bind_text (docs, 2, (const char *) sqlite3_column_text (read, 3), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (docs, 3, (const char *) sqlite3_column_text (read, 4), -1, SQLITE_TRANSIENT);
      sqlite3_step (docs);
      sqlite3_reset (docs);
    }
  sqlite3_exec (bare, "COMMIT; CREATE INDEX documents_number ON documents (document_type, document_number);",
                NULL, NULL, NULL);
  sqlite3_finalize (read);
  sqlite3_finalize (fts);
  sqlite3_finalize (docs);
}

static void
measure_edits (BieStore *store,
               GRand    *rand,
               gint64    n_persons)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_EDITS; i++)
    {
      g_autoptr(GError) error = NULL;
      BiePerson *person = bie_store_load (store, BIE_ENTITY_PERSON,
                                          g_rand_int_range (rand, 1, (gint32) n_persons), &error);
      double start;

      g_assert_no_error (error);
      /* A value it has never had: an unchanged record is no edit. */
      g_free (person->phone);
      person->phone = g_strdup_printf ("31%02u%06u", i % 100, (guint) (g_get_real_time () % 1000000));

      start = bench_now_ms ();
      if (!bie_store_save (store, BIE_ENTITY_PERSON, person, &error))
        g_error ("edit %u: %s", i, error->message);
      bench_add_sample (samples, start);
      bie_record_free (BIE_ENTITY_PERSON, person);
    }

  printf ("edit_with_outbox_durable_p95: %.2f ms\n", bench_percentile (samples, 0.95));
  printf ("edit_with_outbox_durable_median: %.2f ms\n", bench_percentile (samples, 0.5));
}

static void
measure_open (const char *path)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_OPENS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) hits = NULL;
      BieStore *store;
      double start = bench_now_ms ();

      /* Open, and answer a first query: a person by document. */
      store = bie_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bie_store_find_person (store, "CC", "1000000000", &error), >=, 0);
      g_assert_no_error (error);
      bench_add_sample (samples, start);

      /* And a first search of households as one types. */
      start = bench_now_ms ();
      hits = bie_store_search (store, BIE_ENTITY_HOUSEHOLD, "calle 45", 50, &error);
      g_assert_no_error (error);
      bench_add_sample (search_samples, start);
      g_object_unref (store);
    }

  printf ("open_ready_to_query_median: %.1f ms\n", bench_percentile (samples, 0.5));
  printf ("open_ready_to_query_p95: %.1f ms\n", bench_percentile (samples, 0.95));
  printf ("first_household_search_after_open_p95: %.1f ms\n", bench_percentile (search_samples, 0.95));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-bench-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(BieStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  BieDemoOptions options;
  GStatBuf info;
  gint64 n_persons;
  sqlite3 *bare;
  gboolean keep = FALSE;
  double start;

  bie_demo_options_init (&options);
  options.seed = 42;
  options.n_households = g_getenv ("BIE_BENCH_HOUSEHOLDS") != NULL ?
                         (guint) g_ascii_strtoull (g_getenv ("BIE_BENCH_HOUSEHOLDS"), NULL, 10) : 300000;
  options.today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);

  /* BIE_BENCH_CACHE measures a city built before, and leaves it be. */
  if (g_getenv ("BIE_BENCH_CACHE") != NULL)
    {
      g_free (path);
      path = g_strdup (g_getenv ("BIE_BENCH_CACHE"));
      keep = TRUE;
    }
  else
    {
      start = bench_now_ms ();
      if (!bie_demo_cache_generate (path, &options, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      printf ("generate_%u_households: %.1f s\n", options.n_households, (bench_now_ms () - start) / 1000.0);
    }
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  printf ("cache_size: %.1f MB\n", info.st_size / 1e6);

  measure_open (path);

  store = bie_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bie_store_count (store, BIE_ENTITY_PERSON, &n_persons, &error));
  printf ("persons: %" G_GINT64_FORMAT " persons\n", n_persons);

  measure_edits (store, rand, n_persons);

  bare = build_bare ();
  fill_bare (bare, store);
  measure_search (bare, store, rand);
  measure_lookup (bare, store, rand, n_persons);
  sqlite3_close (bare);

  g_clear_object (&store);
  if (!keep)
    bie_store_remove_files (path);
  g_rmdir (dir);
  g_date_free (options.today);

  return 0;
}
