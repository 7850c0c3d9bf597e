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

/* Every list the application ships, and what the code relies on in each. */
static const struct
{
  const char *id;
  guint       min_items;
  const char *codes[16];  /* codes the code uses by name */
} lists[] = {
  { "activity-kinds", 12, { "prenatal-control", "home-visit", "social-referral" } },
  { "appointment-outcomes", 5, { "pending", "assigned", "attended", "missed", "cancelled" } },
  { "barriers", 6, { "administrative", "financial", "logistic", "other" } },
  { "document-types", 13, { "CC", "TI", "RC", "CN", "CE", "PA", "PT", "PE", "MS", "AS" } },
  { "encounter-kinds", 3, { "home-visit", "work-session", "call" } },
  { "eps", 15, { "EPS037", "EPSS34", "EPS005", "EPS010", "EPS002", "EPS008", "EPS017" } },
  { "localidades", 20, { "01", "20" } },
  { "plan-statuses", 4, { "draft", "active", "completed", "cancelled" } },
  { "professions", 9, { "nurse", "physician", "health-worker" } },
  { "regimens", 4, { "contributivo", "subsidiado", "especial", "no-afiliado" } },
  { "relationships", 9, { "head", "spouse", "child", "non-relative" } },
  { "risks", 12, { "pregnancy", "pregnancy-no-prenatal-control", "child-incomplete-vaccination",
                   "chronic-uncontrolled", "caregiver-burden", "housing" } },
  { "services", 14, { "general-medicine", "prenatal-control", "specialist-other" } },
  { "sexes", 3, { "F", "M", "I" } },
  { "subredes", 4, { "N", "CO", "S", "SO" } },
  { "vaccines", 17, { "bcg", "pentavalent", "mmr", "yellow-fever", "hpv", "tdap", "covid-19" } },
};

static void
test_every_list (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;

  /* Every file in the resources is one of the lists above, and loads. */
  files = g_resources_enumerate_children (RESOURCE_PATH "/reference/", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (files), ==, G_N_ELEMENTS (lists));

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(BieReferenceList) list = bie_reference_list_get (lists[i].id, &error);
      g_autofree char *file = g_strconcat (lists[i].id, ".xml", NULL);
      guint n;

      g_test_message ("%s", lists[i].id);
      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char * const *) files, file));
      g_assert_cmpstr (bie_reference_list_get_id (list), ==, lists[i].id);

      n = bie_reference_list_get_n_items (list);
      g_assert_cmpuint (n, >=, lists[i].min_items);
      for (guint j = 0; j < n; j++)
        {
          const char *code = bie_reference_list_get_code (list, j);
          const char *name = bie_reference_list_get_name (list, j);
          guint position;

          g_assert_nonnull (code);
          g_assert_cmpstr (code, !=, "");
          g_assert_nonnull (name);
          g_assert_cmpstr (name, !=, "");
          /* Codes are unique: each finds its own item. */
          g_assert_true (bie_reference_list_find (list, code, &position));
          g_assert_cmpuint (position, ==, j);
        }

      for (guint j = 0; lists[i].codes[j] != NULL; j++)
        g_assert_true (bie_reference_list_find (list, lists[i].codes[j], NULL));
    }
}

static gboolean
get_uint (BieReferenceList *list,
          guint             position,
          const char       *attribute,
          guint64          *value)
{
  const char *text = bie_reference_list_get_attribute (list, position, attribute);
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;

  g_assert_true (g_ascii_string_to_unsigned (text, 10, 0, 200, value, &error));
  g_assert_no_error (error);

  return TRUE;
}

static void
test_document_types (void)
{
  g_autoptr(BieReferenceList) types = bie_reference_list_get ("document-types", NULL);
  const struct
  {
    const char *code;
    int         min_age;  /* -1: none */
    int         max_age;
  } ages[] = {
    { "CC", 18, -1 },
    { "TI", 7, 17 },
    { "RC", -1, 6 },
    { "CN", -1, 0 },
    { "MS", -1, 17 },
    { "AS", 18, -1 },
    { "CE", -1, -1 },
    { "PA", -1, -1 },
  };

  for (guint i = 0; i < bie_reference_list_get_n_items (types); i++)
    {
      const char *chars = bie_reference_list_get_attribute (types, i, "chars");
      const char *leading_zero = bie_reference_list_get_attribute (types, i, "leading-zero");
      const char *grouping = bie_reference_list_get_attribute (types, i, "grouping");
      guint64 min = 0, max = 0, min_age = 0, max_age = 0;

      g_test_message ("%s", bie_reference_list_get_code (types, i));
      g_assert_true (g_strcmp0 (chars, "digits") == 0 || g_strcmp0 (chars, "alnum") == 0);
      g_assert_true (get_uint (types, i, "min-length", &min));
      g_assert_true (get_uint (types, i, "max-length", &max));
      g_assert_cmpuint (min, >=, 1);
      g_assert_cmpuint (min, <=, max);
      g_assert_cmpuint (max, <=, 20);  /* the RIPS field */
      g_assert_true (leading_zero == NULL || g_str_equal (leading_zero, "no"));
      g_assert_true (grouping == NULL || g_str_equal (grouping, "thousands"));
      g_assert_true (grouping == NULL || g_str_equal (chars, "digits"));

      if (get_uint (types, i, "serial-min-length", &min))
        {
          g_assert_true (get_uint (types, i, "serial-max-length", &max));
          g_assert_cmpuint (min, <=, max);
        }
      else
        {
          g_assert_null (bie_reference_list_get_attribute (types, i, "serial-max-length"));
        }

      if (get_uint (types, i, "min-age", &min_age) && get_uint (types, i, "max-age", &max_age))
        g_assert_cmpuint (min_age, <=, max_age);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      guint position;
      guint64 age;

      g_assert_true (bie_reference_list_find (types, ages[i].code, &position));
      if (ages[i].min_age < 0)
        {
          g_assert_false (get_uint (types, position, "min-age", &age));
        }
      else
        {
          g_assert_true (get_uint (types, position, "min-age", &age));
          g_assert_cmpuint (age, ==, ages[i].min_age);
        }
      if (ages[i].max_age < 0)
        {
          g_assert_false (get_uint (types, position, "max-age", &age));
        }
      else
        {
          g_assert_true (get_uint (types, position, "max-age", &age));
          g_assert_cmpuint (age, ==, ages[i].max_age);
        }
    }
}

static void
test_attributes (void)
{
  g_autoptr(BieReferenceList) eps = bie_reference_list_get ("eps", NULL);
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  const char * const regimens[] = { "contributivo", "subsidiado", "ambos", NULL };
  const char * const levels[] = { "person", "household", "any", NULL };

  for (guint i = 0; i < bie_reference_list_get_n_items (eps); i++)
    {
      const char *regimen = bie_reference_list_get_attribute (eps, i, "regimen");

      g_assert_nonnull (regimen);
      g_assert_true (g_strv_contains (regimens, regimen));
    }
  g_assert_cmpstr (bie_reference_list_lookup_name (eps, "EPSS34"), ==, "Capital Salud EPS-S");

  for (guint i = 0; i < bie_reference_list_get_n_items (risks); i++)
    {
      const char *level = bie_reference_list_get_attribute (risks, i, "level");

      g_assert_nonnull (level);
      g_assert_true (g_strv_contains (levels, level));
    }
  g_assert_cmpstr (bie_reference_list_get_attribute (risks, 0, "level"), ==, "person");
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
  g_test_add_func ("/reference/every-list", test_every_list);
  g_test_add_func ("/reference/document-types", test_document_types);
  g_test_add_func ("/reference/attributes", test_attributes);
  g_test_add_func ("/reference/missing-list", test_missing_list);
  g_test_add_func ("/reference/malformed", test_malformed);
  g_test_add_func ("/reference/translated-names", test_translated_names);

  return g_test_run ();
}
