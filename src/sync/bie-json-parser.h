/* bie-json-parser.h: JSON from elsewhere, parsed in one pass
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BIE_JSON_PARSE_OK,
  BIE_JSON_PARSE_EMPTY,     /* nothing but white space */
  BIE_JSON_PARSE_BROKEN,    /* not JSON, or cut short */
  BIE_JSON_PARSE_TOO_DEEP,  /* nests deeper than allowed */
} BieJsonParseStatus;

typedef enum
{
  BIE_JSON_NULL,
  BIE_JSON_BOOLEAN,
  BIE_JSON_INTEGER,   /* within 64 bits */
  BIE_JSON_DOUBLE,    /* any other number */
  BIE_JSON_STRING,
  BIE_JSON_ARRAY,
  BIE_JSON_OBJECT,
} BieJsonType;

typedef struct _BieJsonValue  BieJsonValue;
typedef struct _BieJsonMember BieJsonMember;

/* A value of a parsed document, read-only and owned by it. */
struct _BieJsonValue
{
  BieJsonType  type;
  guint        length;       /* elements of an array, members of an object */
  union
  {
    gboolean             boolean;
    gint64               integer;
    double               number;
    const char          *string;
    const BieJsonValue  *elements;
    const BieJsonMember *members;   /* in the order written, names repeated as written */
  } v;
  const char  *text;         /* the value as the document has it */
  gsize        text_length;
};

struct _BieJsonMember
{
  const char   *name;
  BieJsonValue  value;
};

/* A parsed document: its values in a few blocks of memory, freed at once,
 * and the text they were read from. */
typedef struct _BieJsonDoc BieJsonDoc;

BieJsonParseStatus  bie_json_parse           (GBytes              *data,
                                              guint                max_depth,
                                              BieJsonDoc         **doc);
BieJsonParseStatus  bie_json_parse_text      (const char          *text,
                                              gsize                length,
                                              guint                max_depth,
                                              BieJsonDoc         **doc);
void                bie_json_doc_free        (BieJsonDoc          *doc);
const BieJsonValue *bie_json_doc_get_root    (BieJsonDoc          *doc);

const BieJsonValue *bie_json_value_member     (const BieJsonValue *object,
                                               const char         *name);
const BieJsonValue *bie_json_value_get_object (const BieJsonValue *object,
                                               const char         *name);
const BieJsonValue *bie_json_value_get_array  (const BieJsonValue *object,
                                               const char         *name);
const char         *bie_json_value_get_string (const BieJsonValue *object,
                                               const char         *name);
const char         *bie_json_value_string     (const BieJsonValue *value);
const BieJsonValue *bie_json_value_element    (const BieJsonValue *array,
                                               guint               i);
guint               bie_json_value_length     (const BieJsonValue *array);
char               *bie_json_value_dup_text   (const BieJsonValue *value);
JsonNode           *bie_json_value_to_node    (const BieJsonValue *value);

gboolean bie_json_find_member (const char   *data,
                               gsize         length,
                               const char   *name,
                               const char  **value,
                               gsize        *value_length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieJsonDoc, bie_json_doc_free)

G_END_DECLS
