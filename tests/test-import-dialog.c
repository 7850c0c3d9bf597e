/* test-import-dialog.c: the district's boundaries into the cache from a
 * window — choosing the file and its properties, a layer checked in a
 * worker and applied on the main thread, the report, refused files
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bie-demo-cache.h"
#include "bie-import-dialog.h"
#include "bie-store-lookups.h"
#include "bie-store-private.h"
#include "bie-test-geojson.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"

/* A small demo city (sectors with generated geometry), built once and
 * copied for each test. */
static char *template_dir;
static char *template_path;

typedef struct
{
  char      *dir;        /* the cache and the layers */
  char      *cache_path;
  BieStore  *store;
  GtkWindow *parent;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  fixture->dir = g_dir_make_tmp ("bienestar-import-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_path = g_build_filename (fixture->dir, "demo.sqlite", NULL);

  g_assert_true (g_file_get_contents (template_path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (fixture->cache_path, contents, length, &error));
  g_assert_no_error (error);
  fixture->store = bie_store_open (fixture->cache_path, &error);
  g_assert_no_error (error);

  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->parent);
  g_clear_object (&fixture->store);
  bie_store_remove_files (fixture->cache_path);
  bie_test_remove_folder (fixture->dir);
  g_free (fixture->cache_path);
  g_free (fixture->dir);
}

/* GeoJSON text */

/* A ring whose second and fourth stretches cross. */
#define BOW_TIE "{\"type\":\"Polygon\",\"coordinates\":" \
                "[[[-74.1,4.6],[-74.0,4.7],[-74.0,4.6],[-74.1,4.7],[-74.1,4.6]]]}"

/* @text, which is freed, as the file @name of the test's folder. */
static GFile *
write_layer (Fixture    *fixture,
             const char *name,
             char       *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *owned = text;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, owned, -1, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* The district's sector layer in small: its properties, in its order, on
 * an existing demo sector moved far from the city, and on a bow-tie. */
static char *
sector_layer (void)
{
  return bie_test_geojson_collection (bie_test_geojson_feature ("{\"OBJECTID\":1,\"SCACODIGO\":\"004000\",\"SCANOMBRE\":\"Lucero Bajo\","
                              "\"LocCodigo\":\"19\",\"SHAPE_AREA\":0.1}",
                              bie_test_geojson_square (-75.0, 5.0, 0.002)),
                     bie_test_geojson_feature ("{\"OBJECTID\":2,\"SCACODIGO\":\"999003\",\"SCANOMBRE\":\"Moño\","
                              "\"LocCodigo\":\"19\",\"SHAPE_AREA\":0.1}",
                              g_strdup (BOW_TIE)),
                     NULL);
}

/* The cache's territory */

static void
free_sector (BieSector *sector)
{
  bie_record_free (BIE_ENTITY_SECTOR, sector);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieSector, free_sector)

static BieSector *
load_sector (BieStore   *store,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  gint64 id = bie_store_find_code (store, BIE_ENTITY_SECTOR, code, &error);
  BieSector *sector;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  sector = bie_store_load (store, BIE_ENTITY_SECTOR, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sector);

  return sector;
}

/* The dialog */

static GtkWidget *
child (gpointer    dialog,
       const char *id)
{
  GtkWidget *widget = bie_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_WIDGET, id);

  if (widget == NULL)
    g_error ("No widget “%s” in the dialog", id);
  return widget;
}

static const char *
label_text (gpointer    dialog,
            const char *id)
{
  return gtk_label_get_text (GTK_LABEL (child (dialog, id)));
}

static const char *
visible_page (gpointer dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (dialog, "stack")));
}

static gboolean
shown (gpointer    dialog,
       const char *id)
{
  return gtk_widget_get_visible (child (dialog, id));
}

static gboolean
sensitive (gpointer    dialog,
           const char *id)
{
  return gtk_widget_get_sensitive (child (dialog, id));
}

static guint
selected (gpointer    dialog,
          const char *row)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (child (dialog, row)));
}

/* The items of a combo row's drop-down, joined by "|". */
static char *
combo_items (gpointer    dialog,
             const char *row)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (child (dialog, row)));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "|" : "",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

/* Spins the main loop, as the application's would, until no file is
 * read in a worker. */
static void
wait_idle (BieImportDialog *dialog)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (bie_import_dialog_get_busy (dialog))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_finished (BieImportDialog *dialog,
             gboolean         imported,
             int             *result)
{
  g_assert_cmpint (*result, ==, -1);
  *result = imported;
}

/* Clicks Import, as a click would, and waits for the end of the import. */
static gboolean
import (BieImportDialog *dialog)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gulong handler;
  int result = -1;

  handler = g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), &result);
  g_assert_true (sensitive (dialog, "import_button"));
  g_signal_emit_by_name (child (dialog, "import_button"), "clicked");

  /* Checked in a worker: the dialog says so until the result is back. */
  g_assert_cmpstr (visible_page (dialog), ==, "checking");
  g_assert_true (bie_import_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, "import_button")));

  while (result == -1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (dialog, handler);
  g_assert_false (bie_import_dialog_get_busy (dialog));

  return result;
}

static BieImportDialog *
new_dialog (Fixture *fixture)
{
  BieImportDialog *dialog = BIE_IMPORT_DIALOG (bie_import_dialog_new (fixture->parent, fixture->store));

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->parent);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
choose (BieImportDialog *dialog,
        GFile           *file)
{
  bie_import_dialog_set_file (dialog, file);
  g_assert_true (bie_import_dialog_get_file (dialog) == file);
  wait_idle (dialog);
}

/* Nothing chosen yet: nothing to import, and the dialog says what to do. */
static void
test_start (Fixture       *fixture,
            gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  int min_width, natural;

  bie_test_assert_controls_named (GTK_WIDGET (dialog));
  g_assert_cmpstr (visible_page (dialog), ==, "form");
  g_assert_false (bie_import_dialog_get_busy (dialog));
  g_assert_null (bie_import_dialog_get_file (dialog));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, "sectors_check"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, "localidades_check"))));
  g_assert_false (sensitive (dialog, "import_button"));
  g_assert_false (sensitive (dialog, "code_row"));
  g_assert_true (shown (dialog, "reason_label"));
  g_assert_cmpstr (label_text (dialog, "reason_label"), ==,
                   "Choose the district’s GeoJSON file of the boundaries.");
  g_assert_false (shown (dialog, "error_label"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, "file_row"))), ==,
                   "No file chosen");

  /* It fits a phone. */
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &natural, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The drop-downs list the file's properties, the likely ones chosen. */
static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) file = write_layer (fixture, "sectores.geojson", sector_layer ());
  g_autofree char *codes = NULL;
  g_autofree char *names = NULL;
  GtkCheckButton *localidades = GTK_CHECK_BUTTON (child (dialog, "localidades_check"));
  GtkCheckButton *sectors = GTK_CHECK_BUTTON (child (dialog, "sectors_check"));

  bie_import_dialog_set_file (dialog, file);
  /* Read in a worker; Import waits for it. */
  g_assert_true (bie_import_dialog_get_busy (dialog));
  g_assert_false (sensitive (dialog, "import_button"));
  g_assert_true (shown (dialog, "file_spinner"));
  wait_idle (dialog);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, "file_row"))), ==,
                   "sectores.geojson");
  g_assert_false (shown (dialog, "file_spinner"));
  g_assert_false (shown (dialog, "error_label"));
  g_assert_false (shown (dialog, "reason_label"));
  g_assert_true (sensitive (dialog, "code_row"));
  g_assert_true (sensitive (dialog, "import_button"));

  codes = combo_items (dialog, "code_row");
  names = combo_items (dialog, "name_row");
  g_assert_cmpstr (codes, ==, "OBJECTID|SCACODIGO|SCANOMBRE|LocCodigo|SHAPE_AREA");
  g_assert_cmpstr (names, ==, "None|OBJECTID|SCACODIGO|SCANOMBRE|LocCodigo|SHAPE_AREA");
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 1);
  g_assert_cmpuint (selected (dialog, "name_row"), ==, 3);
  bie_test_assert_controls_named (GTK_WIDGET (dialog));

  /* Localidades: their own code property, and no name. */
  gtk_check_button_set_active (localidades, TRUE);
  g_assert_false (gtk_check_button_get_active (sectors));
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 3);
  g_assert_false (shown (dialog, "name_row"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Import Localidad Boundaries");
  gtk_check_button_set_active (sectors, TRUE);
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 1);
  g_assert_true (shown (dialog, "name_row"));

  /* A property the user chose stays chosen. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "code_row")), 0);
  gtk_check_button_set_active (localidades, TRUE);
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Without the district's names: one that says code, one that says name. */
  dialog = new_dialog (fixture);
  g_clear_object (&file);
  file = write_layer (fixture, "other.json",
                      bie_test_geojson_collection (bie_test_geojson_feature ("{\"id\":7,\"nombre_sector\":\"A\",\"cod_sector\":\"004000\"}",
                                           bie_test_geojson_square (-75.0, 5.0, 0.002)),
                                  /* Properties a later feature adds are listed too. */
                                  bie_test_geojson_feature ("{\"id\":8,\"extra\":true}", bie_test_geojson_square (-75.0, 5.1, 0.002)),
                                  NULL));
  choose (dialog, file);
  g_clear_pointer (&codes, g_free);
  codes = combo_items (dialog, "code_row");
  g_assert_cmpstr (codes, ==, "id|nombre_sector|cod_sector|extra");
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 2);
  g_assert_cmpuint (selected (dialog, "name_row"), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Features without properties: nothing can give a code. */
  dialog = new_dialog (fixture);
  g_clear_object (&file);
  file = write_layer (fixture, "bare.geojson", bie_test_geojson_collection (bie_test_geojson_feature ("{}", bie_test_geojson_square (-75.0, 5.0, 0.002)), NULL));
  choose (dialog, file);
  g_assert_false (sensitive (dialog, "import_button"));
  g_assert_false (sensitive (dialog, "code_row"));
  g_assert_cmpstr (label_text (dialog, "reason_label"), ==,
                   "The features of “bare.geojson” have no properties, so none has a code: "
                   "choose another file.");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The district's layer: the existing sector takes its boundary, the
 * bow-tie is skipped with why, and the report says so. */
static void
test_import_sectors (Fixture       *fixture,
                     gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) file = write_layer (fixture, "sectores.geojson", sector_layer ());
  g_autoptr(BieSector) before = load_sector (fixture->store, "004000");
  g_autoptr(BieSector) after = NULL;
  const char *report;

  g_assert_true (before->generated);
  choose (dialog, file);
  g_assert_true (import (dialog));

  g_assert_cmpstr (visible_page (dialog), ==, "report");
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, "Sector Boundaries Imported");
  report = label_text (dialog, "report_label");
  assert_contains (report, "sectores.geojson: 2 features read.\n");
  assert_contains (report, "1 sector updated, 0 added, 1 skipped:\n");
  assert_contains (report, "Feature 2 (code 999003): Its outer boundary crosses itself near longitude -74.05000");
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (child (dialog, "report_label"))));
  g_assert_false (shown (dialog, "cancel_button"));
  g_assert_true (gtk_widget_has_focus (child (dialog, "close_button")));
  bie_test_assert_controls_named (GTK_WIDGET (dialog));

  /* In the cache: the district's boundary and name, no longer generated. */
  after = load_sector (fixture->store, "004000");
  g_assert_cmpint (after->record.id, ==, before->record.id);
  g_assert_false (after->generated);
  g_assert_cmpstr (after->name, ==, "Lucero Bajo");
  g_assert_cmpfloat_with_epsilon (after->min_lon, -75.002, 1e-9);
  g_assert_cmpint (bie_store_find_code (fixture->store, BIE_ENTITY_SECTOR, "999003", NULL), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Localidades by their code; and an import that changes nothing says so. */
static void
test_import_localidades (Fixture       *fixture,
                         gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) localidades = NULL;
  g_autoptr(GFile) outside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BieLocalidad *localidad;

  localidades = write_layer (fixture, "localidades.geojson",
                             bie_test_geojson_collection (bie_test_geojson_feature ("{\"LocNombre\":\"Usme\",\"LocCodigo\":\"1\"}",
                                                  bie_test_geojson_square (-74.1, 4.5, 0.01)),
                                         bie_test_geojson_feature ("{\"LocNombre\":\"Nowhere\",\"LocCodigo\":\"99\"}",
                                                  bie_test_geojson_square (-74.1, 4.4, 0.01)),
                                         NULL));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "localidades_check")), TRUE);
  choose (dialog, localidades);
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 1);
  g_assert_true (import (dialog));

  g_assert_cmpstr (label_text (dialog, "report_title"), ==, "Localidad Boundaries Imported");
  assert_contains (label_text (dialog, "report_label"), "1 localidad updated, 1 skipped:\n");
  assert_contains (label_text (dialog, "report_label"), "Feature 2 (code 99): ");
  localidad = bie_store_load (fixture->store, BIE_ENTITY_LOCALIDAD,
                              bie_store_find_code (fixture->store, BIE_ENTITY_LOCALIDAD, "01", NULL),
                              &error);
  g_assert_no_error (error);
  g_assert_nonnull (localidad->geometry);
  bie_record_free (BIE_ENTITY_LOCALIDAD, localidad);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A new sector outside every boundary: skipped, nothing imported. */
  before = bie_test_territory_digest (fixture->store);
  dialog = new_dialog (fixture);
  outside = write_layer (fixture, "outside.geojson",
                         bie_test_geojson_collection (bie_test_geojson_feature ("{\"SCACODIGO\":\"999001\"}", bie_test_geojson_square (-70.0, 10.0, 0.001)), NULL));
  choose (dialog, outside);
  g_assert_true (import (dialog));
  g_assert_cmpstr (label_text (dialog, "report_title"), ==, "Nothing Was Imported");
  assert_contains (label_text (dialog, "report_label"), "0 sectors updated, 0 added, 1 skipped:\n");
  g_assert_cmpint (bie_store_find_code (fixture->store, BIE_ENTITY_SECTOR, "999001", NULL), ==, 0);
  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A cut-off file, chosen after a good one, is refused as soon as it is
 * chosen: the reason in the dialog, nothing left of the good file's
 * properties, no Import, the cache as it was; another file can be chosen. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autofree char *text = sector_layer ();
  g_autoptr(GFile) cut = write_layer (fixture, "cut.geojson", g_strndup (text, strlen (text) / 2));
  g_autoptr(GFile) good = write_layer (fixture, "sectores.geojson", g_steal_pointer (&text));
  g_autofree char *before = bie_test_territory_digest (fixture->store);
  g_autofree char *after = NULL;
  g_autofree char *codes = NULL;

  choose (dialog, good);
  g_assert_true (sensitive (dialog, "import_button"));
  choose (dialog, cut);
  g_assert_cmpstr (visible_page (dialog), ==, "form");
  g_assert_true (shown (dialog, "error_label"));
  assert_contains (label_text (dialog, "error_label"), "“cut.geojson” is cut off");
  g_assert_true (gtk_widget_has_css_class (child (dialog, "error_label"), "error"));
  g_assert_false (sensitive (dialog, "import_button"));
  g_assert_false (sensitive (dialog, "code_row"));
  g_assert_true (shown (dialog, "reason_label"));
  g_assert_cmpstr (label_text (dialog, "reason_label"), ==, "This file cannot be imported: choose another one.");
  codes = combo_items (dialog, "code_row");
  g_assert_cmpstr (codes, ==, "");

  /* Import does nothing, even when reached some other way. */
  g_signal_emit_by_name (child (dialog, "import_button"), "clicked");
  g_assert_cmpstr (visible_page (dialog), ==, "form");
  g_assert_false (bie_import_dialog_get_busy (dialog));
  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);

  /* Another file: the message goes, Import comes back. */
  choose (dialog, good);
  g_assert_false (shown (dialog, "error_label"));
  g_assert_true (sensitive (dialog, "import_button"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A file refused when Import checks it (no feature can be used with the
 * code property chosen): the reason, the choices as they were, the cache
 * untouched; with the right property, it imports. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) file = write_layer (fixture, "sectores.geojson", sector_layer ());
  g_autofree char *before = bie_test_territory_digest (fixture->store);
  g_autofree char *after = NULL;

  choose (dialog, file);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "code_row")), 4);   /* SHAPE_AREA */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "localidades_check")), TRUE);
  g_assert_false (import (dialog));

  g_assert_cmpstr (visible_page (dialog), ==, "form");
  g_assert_true (shown (dialog, "error_label"));
  assert_contains (label_text (dialog, "error_label"),
                   "None of the 2 features of “sectores.geojson” can be imported. "
                   "The first: Feature 1: It has no code: its property “SHAPE_AREA” is missing or empty.");
  g_assert_true (bie_import_dialog_get_file (dialog) == file);
  g_assert_cmpuint (selected (dialog, "code_row"), ==, 4);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, "localidades_check"))));
  g_assert_true (sensitive (dialog, "import_button"));
  g_assert_true (shown (dialog, "cancel_button"));
  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "sectors_check")), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, "code_row")), 1);
  g_assert_true (import (dialog));
  g_assert_cmpstr (visible_page (dialog), ==, "report");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Cancel while the file is checked: back to the choices, no message,
 * nothing changed. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) file = write_layer (fixture, "sectores.geojson", sector_layer ());
  g_autofree char *before = bie_test_territory_digest (fixture->store);
  g_autofree char *after = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int result = -1;

  choose (dialog, file);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), &result);
  g_signal_emit_by_name (child (dialog, "import_button"), "clicked");
  g_assert_cmpstr (visible_page (dialog), ==, "checking");
  g_signal_emit_by_name (child (dialog, "stop_button"), "clicked");
  while (result == -1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_false (result);
  g_assert_cmpstr (visible_page (dialog), ==, "form");
  g_assert_false (shown (dialog, "error_label"));
  g_assert_true (sensitive (dialog, "import_button"));
  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closing the dialog while a worker reads: the result, when it comes, is
 * dropped, and the dialog goes then. */
static void
test_close_while_checking (Fixture       *fixture,
                           gconstpointer  data)
{
  BieImportDialog *dialog = new_dialog (fixture);
  g_autoptr(GFile) file = write_layer (fixture, "sectores.geojson", sector_layer ());
  g_autofree char *before = bie_test_territory_digest (fixture->store);
  g_autofree char *after = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gpointer watch = dialog;

  choose (dialog, file);
  g_object_add_weak_pointer (G_OBJECT (dialog), &watch);
  g_signal_emit_by_name (child (dialog, "import_button"), "clicked");
  g_assert_true (bie_import_dialog_get_busy (dialog));
  gtk_window_close (GTK_WINDOW (dialog));

  while (watch != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  after = bie_test_territory_digest (fixture->store);
  g_assert_cmpstr (before, ==, after);
}

/* With BIE_IMPORT_SCREENSHOTS set to a directory, the dialog is drawn
 * into PNGs there, 560 and 360 pixels wide, to look at (never committed). */
static void
save_screenshot (GtkWidget  *window,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC;

  bie_test_wait_ms (300);
  /* Nothing is drawn while a new layout is pending: try on the next frames. */
  while (node == NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      g_main_context_iteration (NULL, FALSE);
      gdk_paintable_snapshot (paintable, snapshot,
                              gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_cmpint (g_get_monotonic_time (), <, end);
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (window),
                                                              gtk_widget_get_height (window)));
  file = g_strdup_printf ("import-%s-%d-%s.png", name, gtk_widget_get_width (window),
                          g_getenv ("LANGUAGE") ?: "C");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot written to %s", path);
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("BIE_IMPORT_SCREENSHOTS");
  g_autoptr(GFile) cut = NULL;
  g_autoptr(GFile) good = NULL;
  g_autofree char *text = sector_layer ();
  const int widths[] = { 560, 360 };

  if (dir == NULL)
    {
      g_test_skip ("BIE_IMPORT_SCREENSHOTS is not set");
      return;
    }

  cut = write_layer (fixture, "cut.geojson", g_strndup (text, strlen (text) / 2));
  good = write_layer (fixture, "sectores_catastrales_bogota_2024.geojson", g_steal_pointer (&text));

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      BieImportDialog *dialog = new_dialog (fixture);

      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[w], 520);
      save_screenshot (GTK_WIDGET (dialog), dir, "start");
      choose (dialog, cut);
      save_screenshot (GTK_WIDGET (dialog), dir, "cut");
      choose (dialog, good);
      save_screenshot (GTK_WIDGET (dialog), dir, "ready");
      g_assert_true (import (dialog));
      save_screenshot (GTK_WIDGET (dialog), dir, "report");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
build_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (3, G_DATE_NOVEMBER, 2024);
  BieDemoOptions options;

  template_dir = g_dir_make_tmp ("bienestar-import-template-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (template_dir, "demo.sqlite", NULL);

  bie_demo_options_init (&options);
  options.n_households = 20;
  options.today = today;
  g_assert_true (bie_demo_cache_generate (template_path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  bie_test_init_gtk (&argc, &argv);
  build_template ();

#define ADD(path, func) \
  g_test_add ("/import-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("start", test_start);
  ADD ("properties", test_properties);
  ADD ("import-sectors", test_import_sectors);
  ADD ("import-localidades", test_import_localidades);
  ADD ("truncated", test_truncated);
  ADD ("refused", test_refused);
  ADD ("cancel", test_cancel);
  ADD ("close-while-checking", test_close_while_checking);
  ADD ("screenshots", test_screenshots);
#undef ADD

  status = g_test_run ();

  bie_store_remove_files (template_path);
  g_rmdir (template_dir);
  g_free (template_path);
  g_free (template_dir);

  return status;
}
