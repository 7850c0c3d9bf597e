/* test-crash.c: an edit that returned survives the writer being killed
 *
 * A writer process saves edits to a cache and prints the uuid of each one
 * as soon as bie_store_save() returns. The test kills it with SIGKILL at a
 * random moment, 20 times over the same file, and after each kill opens the
 * cache and checks that it is sound and that every acknowledged edit is in
 * it, with its outbox entry.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bie-store.h"
#include "bie-test-records.h"

#define N_KILLS 20
#define WRITER_ENV "BIE_TEST_CRASH_WRITER"

/* The writer: a household with a person per edit, then an update of the
 * person, each acknowledged on stdout once saved. Runs until killed. */
static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieStore) store = bie_store_open (path, &error);
  gint64 n_households = 0;

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  if (!bie_store_count (store, BIE_ENTITY_HOUSEHOLD, &n_households, &error))
    return 1;
  if (n_households == 0)
    {
      g_autoptr(BieRecordBatch) batch = bie_test_territory_batch (FALSE);

      if (!bie_store_write_batch (store, batch, &error))
        return 1;
    }

  for (guint i = 0; ; i++)
    {
      BieHousehold *household = bie_record_new (BIE_ENTITY_HOUSEHOLD);
      BiePerson *person = bie_record_new (BIE_ENTITY_PERSON);
      gboolean ok;

      household->sector_id = 1;
      household->address = g_strdup_printf ("Calle %u Sur # 18-25", i % 90 + 1);
      ok = bie_store_save (store, BIE_ENTITY_HOUSEHOLD, household, &error);
      if (ok)
        {
          printf ("household %s\n", household->record.uuid);
          fflush (stdout);
        }

      person->household_id = household->record.id;
      person->document_type = g_strdup ("CC");
      person->document_number = g_strdup_printf ("%" G_GINT64_FORMAT, 1000000000 + n_households + i);
      person->given_names = g_strdup ("Persona");
      person->family_names = g_strdup ("De Prueba");
      person->sex = g_strdup ("F");
      person->birth_date = g_strdup ("1980-05-05");
      person->relationship = g_strdup ("head");
      ok = ok && bie_store_save (store, BIE_ENTITY_PERSON, person, &error);
      if (ok)
        {
          printf ("person %s\n", person->record.uuid);
          fflush (stdout);
          g_free (person->phone);
          person->phone = g_strdup_printf ("300%07u", i);
          ok = bie_store_save (store, BIE_ENTITY_PERSON, person, &error);
        }
      if (ok)
        {
          printf ("phone %s %s\n", person->record.uuid, person->phone);
          fflush (stdout);
        }

      bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
      bie_record_free (BIE_ENTITY_PERSON, person);
      if (!ok)
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
    }
}

static guint
check_acknowledged (BieStore   *store,
                    const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  guint n_checked = 0;

  /* The last piece has no newline: it was cut by the kill, not promised. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 3);
      g_autoptr(GError) error = NULL;

      if (g_str_equal (words[0], "household"))
        {
          BieHousehold *household = bie_store_load_by_uuid (store, BIE_ENTITY_HOUSEHOLD, words[1], &error);

          g_assert_no_error (error);
          bie_record_free (BIE_ENTITY_HOUSEHOLD, household);
        }
      else if (g_str_equal (words[0], "person") || g_str_equal (words[0], "phone"))
        {
          BiePerson *person = bie_store_load_by_uuid (store, BIE_ENTITY_PERSON, words[1], &error);

          g_assert_no_error (error);
          if (g_str_equal (words[0], "phone"))
            g_assert_cmpstr (person->phone, ==, words[2]);
          bie_record_free (BIE_ENTITY_PERSON, person);
        }
      else
        g_error ("unexpected line from the writer: %s", lines[i]);
      n_checked++;
    }

  return n_checked;
}

static void
test_kill_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bienestar-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  guint total_checked = 0;
  g_autoptr(GRand) rand = g_rand_new ();

  g_assert_nonnull (self_path);

  for (guint kill = 0; kill < N_KILLS; kill++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GBytes) output = NULL;
      g_autoptr(BieStore) store = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      g_autofree char *text = NULL;
      guint delay_ms = g_rand_int_range (rand, 20, 400);
      guint checked;
      gint64 n_persons, outbox_length;

      g_subprocess_launcher_setenv (launcher, WRITER_ENV, path, TRUE);
      writer = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
      g_assert_no_error (error);

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (writer);
      g_subprocess_communicate (writer, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (writer));
      g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

      /* Killed before it printed anything: nothing was promised. */
      text = g_bytes_get_size (output) > 0 ?
             g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output)) : g_strdup ("");
      store = bie_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_true (bie_store_check_integrity (store, report, &error));
      g_assert_no_error (error);

      checked = check_acknowledged (store, text);
      total_checked += checked;

      /* Every saved edit has its outbox entry: a household and a person
       * are created per round, and the phone is an update. */
      g_assert_true (bie_store_count (store, BIE_ENTITY_PERSON, &n_persons, &error));
      {
        g_autoptr(GPtrArray) outbox = bie_store_list_outbox (store, &error);

        outbox_length = outbox->len;
      }
      g_assert_cmpint (outbox_length, >=, 2 * n_persons);
      g_test_message ("kill %u after %u ms: %u acknowledged edits checked, %" G_GINT64_FORMAT
                      " persons, %" G_GINT64_FORMAT " outbox entries",
                      kill + 1, delay_ms, checked, n_persons, outbox_length);
    }

  /* The writer must have been caught while writing, not before it began. */
  g_assert_cmpuint (total_checked, >, N_KILLS);

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *writer_path = g_getenv (WRITER_ENV);

  if (writer_path != NULL)
    return run_writer (writer_path);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/crash/kill-writer", test_kill_writer);

  return g_test_run ();
}
