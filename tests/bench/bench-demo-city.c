/* bench-demo-city.c: how fast the demo city is generated, without a store
 *
 * Generates the city of 300,000 households (about a million persons) and
 * prints, one a line:
 *
 *   demo_generate_300k: <seconds> s
 *   demo_persons_300k: <count> persons
 *   demo_records_300k: <count> records
 *   demo_peak_batch_records: <n> records
 *   demo_max_rss_300k: <MiB> MiB
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "bie-demo-city.h"

#define N_HOUSEHOLDS 300000

typedef struct
{
  guint64 persons;
  guint64 records;
  guint   peak_batch_records;
} Figures;

static gboolean
count_batch (BieRecordBatch  *batch,
             guint            households_done,
             guint            households_total,
             gpointer         user_data,
             GError         **error)
{
  Figures *figures = user_data;
  guint records = bie_record_batch_count (batch);

  if (batch->records[BIE_ENTITY_PERSON] != NULL)
    figures->persons += batch->records[BIE_ENTITY_PERSON]->len;
  figures->records += records;
  figures->peak_batch_records = MAX (figures->peak_batch_records, records);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);
  BieDemoOptions options;
  Figures figures = { 0 };
  struct rusage usage;
  gint64 start, end;

  bie_demo_options_init (&options);
  options.n_households = N_HOUSEHOLDS;
  options.today = today;

  start = g_get_monotonic_time ();
  if (!bie_demo_city_generate (&options, count_batch, &figures, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  end = g_get_monotonic_time ();
  getrusage (RUSAGE_SELF, &usage);

  printf ("demo_generate_300k: %.2f s\n", (end - start) / (double) G_USEC_PER_SEC);
  printf ("demo_persons_300k: %" G_GUINT64_FORMAT " persons\n", figures.persons);
  printf ("demo_records_300k: %" G_GUINT64_FORMAT " records\n", figures.records);
  printf ("demo_peak_batch_records: %u records\n", figures.peak_batch_records);
  /* Linux gives kilobytes */
  printf ("demo_max_rss_300k: %.1f MiB\n", usage.ru_maxrss / 1024.0);

  return 0;
}
