/* test-json-parser.c: the parser of JSON from servers and files
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What RFC 8259 allows, parsed as json-glib parses it (a document made
 * into json-glib's nodes); what it does not, refused; nesting bounded; the
 * text of every value as it came; members found as json-glib finds them;
 * and thousands of mutants of a real page, none of which may crash it or
 * come out different from json-glib's reading.
 */

#include "config.h"

#include <string.h>

#include "bie-json-parser.h"
#include "bie-rng.h"

/* @text parsed, as json-glib's nodes. */
static BieJsonParseStatus
parse_length (const char  *text,
              gsize        length,
              guint        max_depth,
              JsonNode   **root)
{
  g_autoptr(BieJsonDoc) doc = NULL;
  BieJsonParseStatus status = bie_json_parse_text (text, length, max_depth, &doc);

  *root = NULL;
  if (status == BIE_JSON_PARSE_OK)
    *root = bie_json_value_to_node (bie_json_doc_get_root (doc));
  else
    g_assert_null (doc);

  return status;
}

static BieJsonParseStatus
parse (const char  *text,
       JsonNode   **root)
{
  return parse_length (text, strlen (text), 64, root);
}

static JsonNode *
parse_with_json_glib (const char *text,
                      gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, length, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

/* The same tree as json-glib's, member order and number types included. */
static void
assert_same_as_json_glib (const char *text)
{
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonNode) theirs = parse_with_json_glib (text, strlen (text));
  g_autofree char *ours_text = NULL;
  g_autofree char *theirs_text = NULL;

  g_assert_cmpint (parse (text, &ours), ==, BIE_JSON_PARSE_OK);
  g_assert_nonnull (theirs);
  g_assert_true (json_node_equal (ours, theirs));
  ours_text = json_to_string (ours, FALSE);
  theirs_text = json_to_string (theirs, FALSE);
  g_assert_cmpstr (ours_text, ==, theirs_text);
}

static void
test_valid (void)
{
  const char * const valid[] = {
    "{}", "[]", "0", "-0", "42", "-17", "3.25", "-1.5e-3", "6.02E+23", "1e5",
    "9223372036854775807", "-9223372036854775808",
    "\"\"", "\"plain\"", "true", "false", "null",
    "  { \"a\" : [ 1 , 2.5 , \"x\" , true , false , null , { } , [ ] ] }\n",
    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Núñez\",\"given\":[\"José\",\"Ángel\"]}]}",
    "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
    "\"\\u00f1 \\u00D1 \\u20ac \\ud83d\\ude00 \\u0001\"",
    "{\"a\":1,\"b\":{\"c\":[[[]]]},\"d\":\"e\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    assert_same_as_json_glib (valid[i]);
}

static void
test_numbers (void)
{
  g_autoptr(JsonNode) integer = NULL;
  g_autoptr(JsonNode) big = NULL;
  g_autoptr(JsonNode) decimal = NULL;

  g_assert_cmpint (parse ("-9223372036854775808", &integer), ==, BIE_JSON_PARSE_OK);
  g_assert_cmpint (json_node_get_value_type (integer), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (integer), ==, G_MININT64);

  /* Beyond 64 bits: a double, not a wrapped integer. */
  g_assert_cmpint (parse ("18446744073709551616", &big), ==, BIE_JSON_PARSE_OK);
  g_assert_cmpint (json_node_get_value_type (big), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (big), ==, 18446744073709551616.0);

  g_assert_cmpint (parse ("0.1", &decimal), ==, BIE_JSON_PARSE_OK);
  g_assert_cmpint (json_node_get_value_type (decimal), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (decimal), ==, 0.1);
}

static void
test_invalid (void)
{
  const char * const invalid[] = {
    "{", "}", "[1,", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}",
    "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "-Infinity",
    "tru", "nul", "True", "\"open", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"",
    "\"lone \\ud83d\"", "\"lone \\ude00\"", "\"pair \\ud83d\\u0041\"", "\"nul \\u0000\"",
    "\"tab\there\"", "\"line\nbreak\"",
    "[1] [2]", "{} x", "// comment\n{}", "{/* comment */}", "[1 2]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      JsonNode *root = NULL;

      if (parse (invalid[i], &root) != BIE_JSON_PARSE_BROKEN)
        g_error ("accepted “%s”", invalid[i]);
      g_assert_null (root);
    }
}

static void
test_empty (void)
{
  JsonNode *root = NULL;

  g_assert_cmpint (parse_length ("", 0, 64, &root), ==, BIE_JSON_PARSE_EMPTY);
  g_assert_cmpint (parse (" \n\t\r ", &root), ==, BIE_JSON_PARSE_EMPTY);
  g_assert_null (root);
}

/* Bytes after @length are not read: a document cut there is cut. */
static void
test_length (void)
{
  const char *text = "{\"a\":[1,2]}{\"b\":3}";
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (parse_length (text, 11, 64, &root), ==, BIE_JSON_PARSE_OK);
  g_assert_true (json_object_has_member (json_node_get_object (root), "a"));
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpint (parse_length (text, 10, 64, &root), ==, BIE_JSON_PARSE_BROKEN);
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  JsonNode *root = NULL;

  /* 64 levels is the limit given: 64 parse, 65 do not. */
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, ']');
  g_assert_cmpint (parse (deep->str, &root), ==, BIE_JSON_PARSE_OK);
  g_clear_pointer (&root, json_node_unref);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_assert_cmpint (parse (deep->str, &root), ==, BIE_JSON_PARSE_TOO_DEEP);
  g_assert_null (root);

  /* 100,000 levels, open and never closed: refused without recursing. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  g_assert_cmpint (parse_length (deep->str, deep->len, 256, &root), ==,
                   BIE_JSON_PARSE_TOO_DEEP);
}

static void
test_texts (void)
{
  const char *page =
    "{\"resourceType\":\"Bundle\",\"entry\":["
    "{\"resource\": {\"resourceType\":\"Patient\",\"id\":\"a\",\"name\":[{\"family\":\"Núñez\"}]} },"
    "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"b\",\"contained\":[{\"resource\":{\"id\":\"inner\"}}]}},"
    "{\"resource\":\"not an object\",\"search\":null},"
    "{\"resource\":{\"id\":\"first\"},\"resource\":{\"id\":\"second\"}}"
    "]}";
  g_autoptr(BieJsonDoc) doc = NULL;
  const BieJsonValue *entries;
  const BieJsonValue *resource;
  const BieJsonValue *inner;
  g_autofree char *text = NULL;

  g_assert_cmpint (bie_json_parse_text (page, strlen (page), 64, &doc), ==, BIE_JSON_PARSE_OK);
  g_assert_cmpint (bie_json_doc_get_root (doc)->type, ==, BIE_JSON_OBJECT);
  entries = bie_json_value_get_array (bie_json_doc_get_root (doc), "entry");
  g_assert_cmpuint (bie_json_value_length (entries), ==, 4);

  /* Each value's text is as it came, white space within included. */
  resource = bie_json_value_get_object (bie_json_value_element (entries, 0), "resource");
  text = bie_json_value_dup_text (resource);
  g_assert_cmpstr (text, ==, "{\"resourceType\":\"Patient\",\"id\":\"a\",\"name\":[{\"family\":\"Núñez\"}]}");
  g_clear_pointer (&text, g_free);
  text = bie_json_value_dup_text (bie_json_value_member (resource, "id"));
  g_assert_cmpstr (text, ==, "\"a\"");
  g_clear_pointer (&text, g_free);

  /* A resource within a resource has its own text. */
  resource = bie_json_value_get_object (bie_json_value_element (entries, 1), "resource");
  inner = bie_json_value_get_object (bie_json_value_element (bie_json_value_get_array (resource, "contained"), 0),
                                     "resource");
  text = bie_json_value_dup_text (inner);
  g_assert_cmpstr (text, ==, "{\"id\":\"inner\"}");
  g_clear_pointer (&text, g_free);

  /* Members of another type than asked for, or null, are not there. */
  g_assert_null (bie_json_value_get_object (bie_json_value_element (entries, 2), "resource"));
  g_assert_cmpstr (bie_json_value_get_string (bie_json_value_element (entries, 2), "resource"), ==,
                   "not an object");
  g_assert_null (bie_json_value_member (bie_json_value_element (entries, 2), "search"));
  g_assert_null (bie_json_value_get_string (NULL, "id"));
  g_assert_cmpuint (bie_json_value_length (resource), ==, 0);

  /* A member named twice: the last counts, as in json-glib. */
  resource = bie_json_value_get_object (bie_json_value_element (entries, 3), "resource");
  g_assert_cmpstr (bie_json_value_get_string (resource, "id"), ==, "second");
}

/* A page as a server sends one, then mutants of it: bytes changed,
 * dropped, doubled, cut. Each is refused or read exactly as json-glib
 * reads it. */
static void
test_mutants (void)
{
  const char *page =
    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\","
    "\"url\":\"http://127.0.0.1/fhir/R4/Patient?_count=2&_page_token=a%20b\"}],\"entry\":["
    "{\"fullUrl\":\"urn:uuid:7c1e\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"7c1e\","
    "\"meta\":{\"versionId\":\"3\",\"lastUpdated\":\"2026-11-25T10:00:00.123Z\"},"
    "\"name\":[{\"family\":\"Núñez \\\"Ñ\\\"\",\"given\":[\"José\"]}],\"birthDate\":\"1990-01-31\","
    "\"extension\":[{\"url\":\"x\",\"valueDecimal\":-12.5e-1},{\"url\":\"y\",\"valueInteger\":42}],"
    "\"active\":true,\"deceasedBoolean\":false,\"photo\":null}},"
    "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"8\",\"text\":\"\\u00e9\\ud83d\\ude00\\n\"}}]}";
  const char alphabet[] = "{}[]\",:\\u0123456789-+.eEtrufalsn \n";
  BieRng rng;
  guint accepted = 0;

  bie_rng_init (&rng, 20261206, 0);

  assert_same_as_json_glib (page);

  for (guint n = 0; n < 20000; n++)
    {
      g_autoptr(GString) mutant = g_string_new (page);
      g_autoptr(JsonNode) ours = NULL;
      g_autoptr(JsonNode) theirs = NULL;
      guint at = bie_rng_below (&rng, mutant->len);

      switch (bie_rng_below (&rng, 4))
        {
        case 0:
          mutant->str[at] = alphabet[bie_rng_below (&rng, sizeof alphabet - 1)];
          break;
        case 1:
          g_string_erase (mutant, at, MIN (1 + bie_rng_below (&rng, 3), mutant->len - at));
          break;
        case 2:
          {
            g_autofree char *piece = g_strndup (mutant->str + at, MIN (1 + bie_rng_below (&rng, 8),
                                                                       mutant->len - at));

            g_string_insert (mutant, at, piece);
          }
          break;
        default:
          g_string_truncate (mutant, at);
          break;
        }
      /* Only UTF-8 comes here: the caller checks it first. */
      if (!g_utf8_validate_len (mutant->str, mutant->len, NULL))
        continue;

      if (parse_length (mutant->str, mutant->len, 64, &ours) != BIE_JSON_PARSE_OK)
        continue;
      accepted++;
      theirs = parse_with_json_glib (mutant->str, mutant->len);
      if (theirs == NULL || !json_node_equal (ours, theirs))
        g_error ("read otherwise than json-glib: %s", mutant->str);
    }

  /* Many mutants are still JSON (a digit for a digit, a letter in a string). */
  g_assert_cmpuint (accepted, >, 1000);
}

/* What bie_json_find_member() finds of @name in @text: its value's
 * text, "" when absent, NULL when it cannot tell. */
static char *
found (const char *text,
       const char *name)
{
  const char *value;
  gsize length;

  if (!bie_json_find_member (text, strlen (text), name, &value, &length))
    return NULL;

  return value != NULL ? g_strndup (value, length) : g_strdup ("");
}

static void
assert_found (const char *text,
              const char *name,
              const char *expected)
{
  g_autofree char *value = found (text, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_find_member (void)
{
  /* Before or after the entries, which may hold anything a string can. */
  assert_found ("{\"resourceType\":\"Bundle\",\"link\":[{\"relation\":\"next\",\"url\":\"x\"}],"
                "\"entry\":[{\"resource\":{\"a\":\"}]\\\"{[\"}}]}", "link",
                "[{\"relation\":\"next\",\"url\":\"x\"}]");
  assert_found ("{ \"entry\" : [ {\"b\": [1, 2, {\"c\": \"]\"}]} ] ,\n \"link\" : [ ] }", "link", "[ ]");
  assert_found ("{\"total\": 12, \"ok\": true, \"n\": null, \"link\": \"s\"}", "link", "\"s\"");
  /* Absent; only at the top; the last of two, as a full parse keeps. */
  assert_found ("{\"entry\": [{\"link\": 1}]}", "link", "");
  assert_found ("{}", "link", "");
  assert_found ("{\"link\": 1, \"link\": 2}", "link", "2");
  /* What cannot be told: not an object, cut short, an escaped name. */
  assert_found ("[1]", "link", NULL);
  assert_found ("{\"entry\": [{\"a\": \"b\"}", "link", NULL);
  assert_found ("{\"link\": \"open", "link", NULL);
  assert_found ("{\"li\\u006ek\": []}", "link", NULL);
  assert_found ("{\"link\" []}", "link", NULL);
  assert_found ("{\"link\": }", "link", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-parser/valid", test_valid);
  g_test_add_func ("/json-parser/numbers", test_numbers);
  g_test_add_func ("/json-parser/invalid", test_invalid);
  g_test_add_func ("/json-parser/empty", test_empty);
  g_test_add_func ("/json-parser/length", test_length);
  g_test_add_func ("/json-parser/depth", test_depth);
  g_test_add_func ("/json-parser/texts", test_texts);
  g_test_add_func ("/json-parser/mutants", test_mutants);
  g_test_add_func ("/json-parser/find-member", test_find_member);

  return g_test_run ();
}
