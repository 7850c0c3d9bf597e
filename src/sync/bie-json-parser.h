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

BieJsonParseStatus bie_json_parse (const char  *data,
                                   gsize        length,
                                   guint        max_depth,
                                   const char  *kept_member,
                                   GHashTable  *kept_texts,
                                   JsonNode   **root);

gboolean bie_json_find_member (const char   *data,
                               gsize         length,
                               const char   *name,
                               const char  **value,
                               gsize        *value_length);

G_END_DECLS
