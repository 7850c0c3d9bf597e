/* test-reference.c: reference lists are data, read from the resources
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bie-reference.h"

static void
test_territory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieReferenceList) subredes = bie_reference_list_get ("subredes", &error);
  g_autoptr(BieReferenceList) localidades = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (bie_reference_list_get_n_items (subredes), ==, 4);

  localidades = bie_reference_list_get ("localidades", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bie_reference_list_get_n_items (localidades), ==, 20);
  g_assert_cmpstr (bie_reference_list_lookup_name (localidades, "01"), ==, "Usaquén");
  g_assert_cmpstr (bie_reference_list_lookup_name (localidades, "20"), ==, "Sumapaz");

  for (guint i = 0; i < 20; i++)
    {
      const char *subred = bie_reference_list_get_attribute (localidades, i, "subred");
      double lon = g_ascii_strtod (bie_reference_list_get_attribute (localidades, i, "lon"), NULL);
      double lat = g_ascii_strtod (bie_reference_list_get_attribute (localidades, i, "lat"), NULL);

      g_assert_true (bie_reference_list_find (subredes, subred, NULL));
      g_assert_cmpfloat (lon, >, -74.25);
      g_assert_cmpfloat (lon, <, -73.98);
      g_assert_cmpfloat (lat, >, 4.44);
      g_assert_cmpfloat (lat, <, 4.84);
    }

  /* Shared: the second request is the same list. */
  g_assert_true (bie_reference_list_get ("subredes", NULL) == subredes);
  bie_reference_list_unref (subredes);
}

static void
test_missing_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieReferenceList) list = bie_reference_list_get ("no-such-list", &error);

  g_assert_null (list);
  g_assert_error (error, BIE_REFERENCE_ERROR, BIE_REFERENCE_ERROR_NOT_FOUND);
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "<reference><item name=\"No code\"/></reference>",
    "<reference><item code=\"a\" name=\"A\"/><item code=\"a\" name=\"Again\"/></reference>",
    "<reference><item code=\"a\"/></reference>",
    "<reference><thing code=\"a\" name=\"A\"/></reference>",
    "<reference><item code=\"a\" name=\"A\">",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BieReferenceList) list = bie_reference_list_load_from_data ("bad", bad[i], -1, &error);

      g_assert_null (list);
      g_assert_error (error, G_MARKUP_ERROR, error->code);
      g_test_message ("%s → %s", bad[i], error->message);
    }
}

static void
test_translated_names (void)
{
  const char *xml =
    "<reference id=\"t\">"
    "  <item code=\"x\" level=\"person\"><name>  Spaced name </name></item>"
    "  <item code=\"y\" name=\"Proper Name\"/>"
    "</reference>";
  g_autoptr(GError) error = NULL;
  g_autoptr(BieReferenceList) list = bie_reference_list_load_from_data ("t", xml, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bie_reference_list_get_n_items (list), ==, 2);
  g_assert_cmpstr (bie_reference_list_lookup_name (list, "x"), ==, "Spaced name");
  g_assert_cmpstr (bie_reference_list_get_attribute (list, 0, "level"), ==, "person");
  g_assert_null (bie_reference_list_get_attribute (list, 1, "level"));
  g_assert_cmpstr (bie_reference_list_lookup_name (list, "y"), ==, "Proper Name");
  g_assert_null (bie_reference_list_lookup_name (list, "z"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reference/territory", test_territory);
  g_test_add_func ("/reference/missing-list", test_missing_list);
  g_test_add_func ("/reference/malformed", test_malformed);
  g_test_add_func ("/reference/translated-names", test_translated_names);

  return g_test_run ();
}
