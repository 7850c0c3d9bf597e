/* bie-json-parser.c: JSON from elsewhere, parsed in one pass
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict RFC 8259 parser into json-glib's nodes, for the pages a server
 * sends: json-glib's own parser goes through a general-purpose scanner and
 * a signal per member, and took most of the time of a download. Nesting is
 * bounded, so the recursion is; the text of chosen objects (each entry's
 * resource in a Bundle) is kept as the server wrote it.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "bie-json-parser.h"

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
  guint       max_depth;
  gboolean    too_deep;
  const char *kept_member;
  GHashTable *kept_texts;
  GString    *scratch;
} Parser;

static JsonNode *parse_value (Parser *parser);

static inline void
skip_space (Parser *parser)
{
  while (parser->p < parser->end &&
         (*parser->p == ' ' || *parser->p == '\n' || *parser->p == '\r' || *parser->p == '\t'))
    parser->p++;
}

static inline gboolean
accept (Parser *parser,
        char    c)
{
  skip_space (parser);
  if (parser->p < parser->end && *parser->p == c)
    {
      parser->p++;
      return TRUE;
    }

  return FALSE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;

  return -1;
}

/* Four hex digits after "\u"; -1 when they are not. */
static int
parse_hex4 (Parser *parser)
{
  int value = 0;

  if (parser->end - parser->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (parser->p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  parser->p += 4;

  return value;
}

/* A string, after its opening quote, into parser->scratch. */
static gboolean
parse_string (Parser *parser)
{
  GString *out = parser->scratch;

  g_string_truncate (out, 0);
  while (parser->p < parser->end)
    {
      const char *run = parser->p;
      int code;

      /* The common case: a run of plain characters. */
      while (parser->p < parser->end && *parser->p != '"' && *parser->p != '\\' &&
             (guchar) *parser->p >= 0x20)
        parser->p++;
      g_string_append_len (out, run, parser->p - run);
      if (parser->p >= parser->end || (guchar) *parser->p < 0x20)
        return FALSE;
      if (*parser->p++ == '"')
        return TRUE;

      if (parser->p >= parser->end)
        return FALSE;
      switch (*parser->p++)
        {
        case '"': g_string_append_c (out, '"'); continue;
        case '\\': g_string_append_c (out, '\\'); continue;
        case '/': g_string_append_c (out, '/'); continue;
        case 'b': g_string_append_c (out, '\b'); continue;
        case 'f': g_string_append_c (out, '\f'); continue;
        case 'n': g_string_append_c (out, '\n'); continue;
        case 'r': g_string_append_c (out, '\r'); continue;
        case 't': g_string_append_c (out, '\t'); continue;
        case 'u': break;
        default: return FALSE;
        }

      code = parse_hex4 (parser);
      if (code < 0)
        return FALSE;
      if (code >= 0xd800 && code <= 0xdbff)
        {
          int low;

          /* A pair of surrogates, or nothing. */
          if (parser->end - parser->p < 2 || parser->p[0] != '\\' || parser->p[1] != 'u')
            return FALSE;
          parser->p += 2;
          low = parse_hex4 (parser);
          if (low < 0xdc00 || low > 0xdfff)
            return FALSE;
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        }
      else if (code >= 0xdc00 && code <= 0xdfff)
        return FALSE;
      /* A C string cannot hold a nul. */
      if (code == 0)
        return FALSE;
      g_string_append_unichar (out, code);
    }

  return FALSE;
}

static inline gboolean
is_digit (const char *p,
          const char *end)
{
  return p < end && *p >= '0' && *p <= '9';
}

static JsonNode *
parse_number (Parser *parser)
{
  const char *start = parser->p;
  const char *p = start;
  gboolean integer = TRUE;

  if (p < parser->end && *p == '-')
    p++;
  if (!is_digit (p, parser->end))
    return NULL;
  if (*p == '0')
    p++;
  else
    while (is_digit (p, parser->end))
      p++;
  if (p < parser->end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (!is_digit (p, parser->end))
        return NULL;
      while (is_digit (p, parser->end))
        p++;
    }
  if (p < parser->end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < parser->end && (*p == '+' || *p == '-'))
        p++;
      if (!is_digit (p, parser->end))
        return NULL;
      while (is_digit (p, parser->end))
        p++;
    }
  parser->p = p;

  g_string_truncate (parser->scratch, 0);
  g_string_append_len (parser->scratch, start, p - start);
  if (integer)
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (parser->scratch->str, NULL, 10);
      /* Beyond 64 bits, a double as json-glib makes. */
      if (errno != ERANGE)
        return json_node_init_int (json_node_alloc (), value);
    }

  return json_node_init_double (json_node_alloc (), g_ascii_strtod (parser->scratch->str, NULL));
}

static gboolean
accept_word (Parser     *parser,
             const char *word,
             gsize       length)
{
  if ((gsize) (parser->end - parser->p) < length || memcmp (parser->p, word, length) != 0)
    return FALSE;
  parser->p += length;

  return TRUE;
}

static JsonNode *
parse_object (Parser *parser)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  if (!accept (parser, '}'))
    {
      do
        {
          g_autofree char *name = NULL;
          const char *value_start;
          gboolean keep;
          JsonNode *value;

          if (!accept (parser, '"') || !parse_string (parser))
            goto broken;
          name = g_strndup (parser->scratch->str, parser->scratch->len);
          if (!accept (parser, ':'))
            goto broken;
          skip_space (parser);
          value_start = parser->p;
          keep = parser->kept_member != NULL && value_start < parser->end && *value_start == '{' &&
                 strcmp (name, parser->kept_member) == 0;
          value = parse_value (parser);
          if (value == NULL)
            goto broken;
          /* A member named twice: the first value goes, and its text. */
          if (parser->kept_member != NULL && json_object_has_member (object, name) &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, name)))
            g_hash_table_remove (parser->kept_texts,
                                 json_node_get_object (json_object_get_member (object, name)));
          if (keep)
            g_hash_table_insert (parser->kept_texts, json_node_get_object (value),
                                 g_strndup (value_start, parser->p - value_start));
          json_object_set_member (object, name, value);
        }
      while (accept (parser, ','));
      if (!accept (parser, '}'))
        goto broken;
    }

  node = json_node_init (json_node_alloc (), JSON_NODE_OBJECT);
  json_node_take_object (node, object);

  return node;

broken:
  json_object_unref (object);
  return NULL;
}

static JsonNode *
parse_array (Parser *parser)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  if (!accept (parser, ']'))
    {
      do
        {
          JsonNode *value = parse_value (parser);

          if (value == NULL)
            goto broken;
          json_array_add_element (array, value);
        }
      while (accept (parser, ','));
      if (!accept (parser, ']'))
        goto broken;
    }

  node = json_node_init (json_node_alloc (), JSON_NODE_ARRAY);
  json_node_take_array (node, array);

  return node;

broken:
  json_array_unref (array);
  return NULL;
}

static JsonNode *
parse_value (Parser *parser)
{
  JsonNode *node = NULL;
  char c;

  skip_space (parser);
  if (parser->p >= parser->end)
    return NULL;

  c = *parser->p;
  if (c == '{' || c == '[')
    {
      if (parser->depth >= parser->max_depth)
        {
          parser->too_deep = TRUE;
          return NULL;
        }
      parser->p++;
      parser->depth++;
      node = c == '{' ? parse_object (parser) : parse_array (parser);
      parser->depth--;
    }
  else if (c == '"')
    {
      parser->p++;
      if (parse_string (parser))
        node = json_node_init_string (json_node_alloc (), parser->scratch->str);
    }
  else if (c == '-' || (c >= '0' && c <= '9'))
    node = parse_number (parser);
  else if (accept_word (parser, "true", 4))
    node = json_node_init_boolean (json_node_alloc (), TRUE);
  else if (accept_word (parser, "false", 5))
    node = json_node_init_boolean (json_node_alloc (), FALSE);
  else if (accept_word (parser, "null", 4))
    node = json_node_init_null (json_node_alloc ());

  return node;
}

/**
 * bie_json_parse:
 * @data: valid UTF-8, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 * @kept_member: (nullable): the name of members whose object values are
 *   kept as text
 * @kept_texts: (nullable): receives, for each such object, the object
 *   (JsonObject, owned by the tree) mapped to its text as in @data (a
 *   string the table frees); needed when @kept_member is given, emptied
 *   when the data is not JSON
 * @root: (out) (transfer full): the root, when the result is
 *   %BIE_JSON_PARSE_OK
 *
 * Parses JSON as RFC 8259 has it, and nothing else: no comments, no
 * trailing commas, no nul characters in strings. Integers within 64 bits
 * become integer nodes, other numbers doubles, as with json-glib.
 *
 * Returns: what became of it
 */
BieJsonParseStatus
bie_json_parse (const char  *data,
                gsize        length,
                guint        max_depth,
                const char  *kept_member,
                GHashTable  *kept_texts,
                JsonNode   **root)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  Parser parser = { data, data + length, 0, max_depth, FALSE, kept_member, kept_texts, scratch };
  JsonNode *node;

  g_return_val_if_fail (data != NULL || length == 0, BIE_JSON_PARSE_BROKEN);
  g_return_val_if_fail (kept_member == NULL || kept_texts != NULL, BIE_JSON_PARSE_BROKEN);
  g_return_val_if_fail (root != NULL, BIE_JSON_PARSE_BROKEN);

  *root = NULL;
  skip_space (&parser);
  if (parser.p == parser.end)
    return BIE_JSON_PARSE_EMPTY;

  node = parse_value (&parser);
  skip_space (&parser);
  if (node == NULL || parser.p != parser.end)
    {
      g_clear_pointer (&node, json_node_unref);
      if (kept_texts != NULL)
        g_hash_table_remove_all (kept_texts);
      return parser.too_deep ? BIE_JSON_PARSE_TOO_DEEP : BIE_JSON_PARSE_BROKEN;
    }

  *root = node;

  return BIE_JSON_PARSE_OK;
}

/* Skimming: a value passed over without being read */

/* Past the string that starts at @p, a quote; NULL when it does not end. */
static const char *
skim_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '"')
        return p + 1;
    }

  return NULL;
}

/* Past the value that starts at @p; NULL when it does not end. Brackets
 * are counted, not matched: what is skimmed is parsed in full later. */
static const char *
skim_value (const char *p,
            const char *end)
{
  gsize depth = 0;

  if (p < end && *p == '"')
    return skim_string (p, end);

  if (p < end && (*p == '{' || *p == '['))
    {
      while (p < end)
        {
          if (*p == '"')
            {
              p = skim_string (p, end);
              if (p == NULL)
                return NULL;
              continue;
            }
          if (*p == '{' || *p == '[')
            depth++;
          else if ((*p == '}' || *p == ']') && --depth == 0)
            return p + 1;
          p++;
        }
      return NULL;
    }

  /* A number or a literal runs to the next delimiter. */
  while (p < end && *p != ',' && *p != '}' && *p != ']' &&
         *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
    p++;

  return p;
}

/**
 * bie_json_find_member:
 * @name: a member name without escapes
 * @value: (out): where the member's value starts, NULL when the object
 *   has no such member
 * @value_length: (out): its length
 *
 * Finds a member of the object @data is, passing over the others without
 * reading them: a page's `link` is found in a fraction of the time its
 * entries take to parse. Of members named alike the last counts, as when
 * the whole is parsed. Nothing is checked beyond what finding needs.
 *
 * Returns: whether @data could be told an object to look in; %FALSE for
 *   one whose member names have escapes, which only a full parse reads
 */
gboolean
bie_json_find_member (const char   *data,
                      gsize         length,
                      const char   *name,
                      const char  **value,
                      gsize        *value_length)
{
  Parser parser = { data, data + length, };
  gsize name_length = strlen (name);

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  *value = NULL;
  *value_length = 0;

  if (!accept (&parser, '{'))
    return FALSE;
  if (accept (&parser, '}'))
    return TRUE;

  do
    {
      const char *key, *key_end, *start;

      skip_space (&parser);
      if (parser.p >= parser.end || *parser.p != '"')
        return FALSE;
      key = parser.p + 1;
      key_end = skim_string (parser.p, parser.end);
      if (key_end == NULL || memchr (key, '\\', key_end - 1 - key) != NULL)
        return FALSE;
      parser.p = key_end;
      if (!accept (&parser, ':'))
        return FALSE;
      skip_space (&parser);
      start = parser.p;
      parser.p = skim_value (parser.p, parser.end);
      if (parser.p == NULL || parser.p == start)
        return FALSE;
      if ((gsize) (key_end - 1 - key) == name_length && memcmp (key, name, name_length) == 0)
        {
          *value = start;
          *value_length = parser.p - start;
        }
    }
  while (accept (&parser, ','));

  return accept (&parser, '}');
}
