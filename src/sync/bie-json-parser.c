/* bie-json-parser.c: JSON from elsewhere, parsed in one pass
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict RFC 8259 parser for the pages a server sends, into a document
 * of plain values laid out in a few large blocks: json-glib's trees cost
 * a dozen allocations per member to build and as many to free, which was
 * most of the time of a download. Nesting is bounded, so the recursion
 * is; each value keeps where it is in the text, so that a resource can be
 * kept as the server wrote it. json-glib's nodes are made from a
 * document where they are wanted.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include "bie-json-parser.h"

/* The first block of a document: larger ones follow as needed. */
#define BLOCK_SIZE 65536

struct _BieJsonDoc
{
  GBytes       *data;
  BieJsonValue  root;
  GPtrArray    *blocks;
  char         *next;     /* free space in the last block */
  gsize         left;
};

static gpointer
doc_alloc (BieJsonDoc *doc,
           gsize       size)
{
  gpointer memory;

  size = (size + 7) & ~(gsize) 7;
  if (size > doc->left)
    {
      gsize block = MAX (BLOCK_SIZE << MIN (doc->blocks->len, 6u), size);

      doc->next = g_malloc (block);
      doc->left = block;
      g_ptr_array_add (doc->blocks, doc->next);
    }
  memory = doc->next;
  doc->next += size;
  doc->left -= size;

  return memory;
}

typedef struct
{
  BieJsonDoc *doc;
  const char *p;
  const char *end;
  guint       depth;
  guint       max_depth;
  gboolean    too_deep;
  GString    *scratch;
  GArray     *values;     /* elements of the arrays open, innermost last */
  GArray     *members;    /* members of the objects open, innermost last */
} Parser;

static gboolean parse_value (Parser       *parser,
                             BieJsonValue *value);

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

/* The escapes of a string, after its backslash, into parser->scratch. */
static gboolean
parse_escape (Parser *parser)
{
  GString *out = parser->scratch;
  int code;

  if (parser->p >= parser->end)
    return FALSE;
  switch (*parser->p++)
    {
    case '"': g_string_append_c (out, '"'); return TRUE;
    case '\\': g_string_append_c (out, '\\'); return TRUE;
    case '/': g_string_append_c (out, '/'); return TRUE;
    case 'b': g_string_append_c (out, '\b'); return TRUE;
    case 'f': g_string_append_c (out, '\f'); return TRUE;
    case 'n': g_string_append_c (out, '\n'); return TRUE;
    case 'r': g_string_append_c (out, '\r'); return TRUE;
    case 't': g_string_append_c (out, '\t'); return TRUE;
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

  return TRUE;
}

/* A string, after its opening quote, nul-terminated in the document;
 * NULL when it is not one. */
static const char *
parse_string (Parser *parser)
{
  const char *run = parser->p;
  char *copy;

  /* The common case: plain characters to the closing quote. */
  while (parser->p < parser->end && *parser->p != '"' && *parser->p != '\\' &&
         (guchar) *parser->p >= 0x20)
    parser->p++;
  if (parser->p < parser->end && *parser->p == '"')
    {
      gsize length = parser->p - run;

      parser->p++;
      copy = doc_alloc (parser->doc, length + 1);
      memcpy (copy, run, length);
      copy[length] = '\0';
      return copy;
    }

  g_string_truncate (parser->scratch, 0);
  g_string_append_len (parser->scratch, run, parser->p - run);
  while (parser->p < parser->end)
    {
      run = parser->p;
      while (parser->p < parser->end && *parser->p != '"' && *parser->p != '\\' &&
             (guchar) *parser->p >= 0x20)
        parser->p++;
      g_string_append_len (parser->scratch, run, parser->p - run);
      if (parser->p >= parser->end || (guchar) *parser->p < 0x20)
        return NULL;
      if (*parser->p++ == '"')
        {
          copy = doc_alloc (parser->doc, parser->scratch->len + 1);
          memcpy (copy, parser->scratch->str, parser->scratch->len + 1);
          return copy;
        }
      if (!parse_escape (parser))
        return NULL;
    }

  return NULL;
}

static inline gboolean
is_digit (const char *p,
          const char *end)
{
  return p < end && *p >= '0' && *p <= '9';
}

static gboolean
parse_number (Parser       *parser,
              BieJsonValue *value)
{
  const char *start = parser->p;
  const char *p = start;
  gboolean integer = TRUE;

  if (p < parser->end && *p == '-')
    p++;
  if (!is_digit (p, parser->end))
    return FALSE;
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
        return FALSE;
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
        return FALSE;
      while (is_digit (p, parser->end))
        p++;
    }
  parser->p = p;

  g_string_truncate (parser->scratch, 0);
  g_string_append_len (parser->scratch, start, p - start);
  if (integer)
    {
      errno = 0;
      value->v.integer = g_ascii_strtoll (parser->scratch->str, NULL, 10);
      /* Beyond 64 bits, a double as json-glib makes. */
      if (errno != ERANGE)
        {
          value->type = BIE_JSON_INTEGER;
          return TRUE;
        }
    }

  value->type = BIE_JSON_DOUBLE;
  value->v.number = g_ascii_strtod (parser->scratch->str, NULL);

  return TRUE;
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

/* The last @length items of @stack, moved into the document. */
static gconstpointer
take_items (Parser *parser,
            GArray *stack,
            guint   length)
{
  guint size = g_array_get_element_size (stack);
  gpointer items;

  if (length == 0)
    return NULL;
  items = doc_alloc (parser->doc, (gsize) size * length);
  memcpy (items, stack->data + (gsize) size * (stack->len - length), (gsize) size * length);
  g_array_set_size (stack, stack->len - length);

  return items;
}

static gboolean
parse_object (Parser       *parser,
              BieJsonValue *value)
{
  guint first = parser->members->len;

  if (!accept (parser, '}'))
    {
      do
        {
          BieJsonMember member;

          if (!accept (parser, '"') || (member.name = parse_string (parser)) == NULL ||
              !accept (parser, ':') || !parse_value (parser, &member.value))
            return FALSE;
          g_array_append_val (parser->members, member);
        }
      while (accept (parser, ','));
      if (!accept (parser, '}'))
        return FALSE;
    }

  value->type = BIE_JSON_OBJECT;
  value->length = parser->members->len - first;
  value->v.members = take_items (parser, parser->members, value->length);

  return TRUE;
}

static gboolean
parse_array (Parser       *parser,
             BieJsonValue *value)
{
  guint first = parser->values->len;

  if (!accept (parser, ']'))
    {
      do
        {
          BieJsonValue element;

          if (!parse_value (parser, &element))
            return FALSE;
          g_array_append_val (parser->values, element);
        }
      while (accept (parser, ','));
      if (!accept (parser, ']'))
        return FALSE;
    }

  value->type = BIE_JSON_ARRAY;
  value->length = parser->values->len - first;
  value->v.elements = take_items (parser, parser->values, value->length);

  return TRUE;
}

static gboolean
parse_value (Parser       *parser,
             BieJsonValue *value)
{
  gboolean ok = FALSE;
  char c;

  skip_space (parser);
  if (parser->p >= parser->end)
    return FALSE;

  memset (value, 0, sizeof *value);
  value->text = parser->p;
  c = *parser->p;
  if (c == '{' || c == '[')
    {
      if (parser->depth >= parser->max_depth)
        {
          parser->too_deep = TRUE;
          return FALSE;
        }
      parser->p++;
      parser->depth++;
      ok = c == '{' ? parse_object (parser, value) : parse_array (parser, value);
      parser->depth--;
    }
  else if (c == '"')
    {
      parser->p++;
      value->type = BIE_JSON_STRING;
      value->v.string = parse_string (parser);
      ok = value->v.string != NULL;
    }
  else if (c == '-' || (c >= '0' && c <= '9'))
    ok = parse_number (parser, value);
  else if (accept_word (parser, "true", 4) || accept_word (parser, "false", 5))
    {
      value->type = BIE_JSON_BOOLEAN;
      value->v.boolean = c == 't';
      ok = TRUE;
    }
  else if (accept_word (parser, "null", 4))
    {
      value->type = BIE_JSON_NULL;
      ok = TRUE;
    }
  value->text_length = parser->p - value->text;

  return ok;
}

/**
 * bie_json_parse:
 * @data: valid UTF-8 (checked by the caller), not necessarily
 *   nul-terminated; the document keeps a reference to it
 * @max_depth: how many arrays and objects may nest
 * @doc: (out) (transfer full): the document, when the result is
 *   %BIE_JSON_PARSE_OK
 *
 * Parses JSON as RFC 8259 has it, and nothing else: no comments, no
 * trailing commas, no nul characters in strings. Integers within 64 bits
 * are integers, other numbers doubles, as with json-glib.
 *
 * Returns: what became of it
 */
BieJsonParseStatus
bie_json_parse (GBytes      *data,
                guint        max_depth,
                BieJsonDoc **doc)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  g_autoptr(GArray) values = g_array_sized_new (FALSE, FALSE, sizeof (BieJsonValue), 256);
  g_autoptr(GArray) members = g_array_sized_new (FALSE, FALSE, sizeof (BieJsonMember), 256);
  g_autoptr(BieJsonDoc) parsed = g_new0 (BieJsonDoc, 1);
  Parser parser = { parsed, NULL, NULL, 0, max_depth, FALSE, scratch, values, members };
  gsize length;

  g_return_val_if_fail (data != NULL, BIE_JSON_PARSE_BROKEN);
  g_return_val_if_fail (doc != NULL, BIE_JSON_PARSE_BROKEN);

  *doc = NULL;
  parsed->data = g_bytes_ref (data);
  parsed->blocks = g_ptr_array_new_with_free_func (g_free);
  parser.p = g_bytes_get_data (data, &length);
  parser.end = parser.p + length;
  if (parser.p == NULL)
    return BIE_JSON_PARSE_EMPTY;

  skip_space (&parser);
  if (parser.p == parser.end)
    return BIE_JSON_PARSE_EMPTY;

  if (!parse_value (&parser, &parsed->root) || (skip_space (&parser), parser.p != parser.end))
    return parser.too_deep ? BIE_JSON_PARSE_TOO_DEEP : BIE_JSON_PARSE_BROKEN;

  *doc = g_steal_pointer (&parsed);

  return BIE_JSON_PARSE_OK;
}

/* As bie_json_parse(), of a copy of @text. */
BieJsonParseStatus
bie_json_parse_text (const char  *text,
                     gsize        length,
                     guint        max_depth,
                     BieJsonDoc **doc)
{
  g_autoptr(GBytes) data = g_bytes_new (text, length);

  return bie_json_parse (data, max_depth, doc);
}

void
bie_json_doc_free (BieJsonDoc *doc)
{
  if (doc == NULL)
    return;

  g_bytes_unref (doc->data);
  g_ptr_array_unref (doc->blocks);
  g_free (doc);
}

const BieJsonValue *
bie_json_doc_get_root (BieJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return &doc->root;
}

/* Reading a document */

/**
 * bie_json_value_member:
 * @object: (nullable): a value from elsewhere
 *
 * Returns: (nullable): the member @name of @object when it is an object
 *   and has one that is not null; of members named alike, the last, as
 *   json-glib has it
 */
const BieJsonValue *
bie_json_value_member (const BieJsonValue *object,
                       const char         *name)
{
  if (object == NULL || object->type != BIE_JSON_OBJECT)
    return NULL;

  for (guint i = object->length; i-- > 0;)
    {
      const BieJsonMember *member = &object->v.members[i];

      /* The first letter sets most names apart without a call. */
      if (member->name[0] == name[0] && strcmp (member->name, name) == 0)
        return member->value.type != BIE_JSON_NULL ? &member->value : NULL;
    }

  return NULL;
}

/* The member @name of @object when it is an object, or NULL. */
const BieJsonValue *
bie_json_value_get_object (const BieJsonValue *object,
                           const char         *name)
{
  const BieJsonValue *member = bie_json_value_member (object, name);

  return member != NULL && member->type == BIE_JSON_OBJECT ? member : NULL;
}

/* The member @name of @object when it is an array, or NULL. */
const BieJsonValue *
bie_json_value_get_array (const BieJsonValue *object,
                          const char         *name)
{
  const BieJsonValue *member = bie_json_value_member (object, name);

  return member != NULL && member->type == BIE_JSON_ARRAY ? member : NULL;
}

/* The member @name of @object when it is a string, or NULL. */
const char *
bie_json_value_get_string (const BieJsonValue *object,
                           const char         *name)
{
  return bie_json_value_string (bie_json_value_member (object, name));
}

/* The string @value is, or NULL when it is anything else. */
const char *
bie_json_value_string (const BieJsonValue *value)
{
  return value != NULL && value->type == BIE_JSON_STRING ? value->v.string : NULL;
}

/* Element @i of @array, which has more than @i. */
const BieJsonValue *
bie_json_value_element (const BieJsonValue *array,
                        guint               i)
{
  g_return_val_if_fail (array != NULL && array->type == BIE_JSON_ARRAY, NULL);
  g_return_val_if_fail (i < array->length, NULL);

  return &array->v.elements[i];
}

/* The elements of @array; 0 when it is NULL or no array. */
guint
bie_json_value_length (const BieJsonValue *array)
{
  return array != NULL && array->type == BIE_JSON_ARRAY ? array->length : 0;
}

/* @value as the document's text has it. */
char *
bie_json_value_dup_text (const BieJsonValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return g_strndup (value->text, value->text_length);
}

/**
 * bie_json_value_to_node:
 *
 * Returns: (transfer full): @value as json-glib's nodes, for what is
 *   changed or written rather than read
 */
JsonNode *
bie_json_value_to_node (const BieJsonValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  switch (value->type)
    {
    case BIE_JSON_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), value->v.boolean);
    case BIE_JSON_INTEGER:
      return json_node_init_int (json_node_alloc (), value->v.integer);
    case BIE_JSON_DOUBLE:
      return json_node_init_double (json_node_alloc (), value->v.number);
    case BIE_JSON_STRING:
      return json_node_init_string (json_node_alloc (), value->v.string);
    case BIE_JSON_ARRAY:
      {
        JsonArray *array = json_array_sized_new (value->length);

        JsonNode *node = json_node_init (json_node_alloc (), JSON_NODE_ARRAY);

        for (guint i = 0; i < value->length; i++)
          json_array_add_element (array, bie_json_value_to_node (&value->v.elements[i]));
        json_node_take_array (node, array);
        return node;
      }
    case BIE_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        JsonNode *node = json_node_init (json_node_alloc (), JSON_NODE_OBJECT);

        for (guint i = 0; i < value->length; i++)
          json_object_set_member (object, value->v.members[i].name,
                                  bie_json_value_to_node (&value->v.members[i].value));
        json_node_take_object (node, object);
        return node;
      }
    case BIE_JSON_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
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
  Parser parser = { NULL, data, data + length, };
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
