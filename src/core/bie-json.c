/* bie-json.c: members of JSON from elsewhere, whatever their type
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON from a server or a file may hold anything anywhere: json-glib's
 * typed getters treat a member of another type as a programming error (a
 * critical), so what comes from elsewhere is read through these.
 */

#include "config.h"

#include "bie-json.h"

/**
 * bie_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member @name of @object when
 *   it is an object; NULL when it is absent or anything else, as in JSON
 *   from elsewhere it may be
 */
JsonObject *
bie_json_get_object (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * bie_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member @name of @object when
 *   it is an array; NULL otherwise
 */
JsonArray *
bie_json_get_array (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * bie_json_string_value:
 * @node: (nullable): a node from elsewhere
 *
 * Returns: (transfer none) (nullable): the string @node holds; NULL when
 *   it holds anything else
 */
const char *
bie_json_string_value (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * bie_json_get_string:
 * @object: (nullable): an object from elsewhere
 *
 * Returns: (transfer none) (nullable): the member @name of @object when
 *   it is a string; NULL otherwise
 */
const char *
bie_json_get_string (JsonObject *object,
                     const char *name)
{
  return object != NULL ? bie_json_string_value (json_object_get_member (object, name)) : NULL;
}

/**
 * bie_json_object_to_string:
 *
 * Returns: (transfer full): @object as compact JSON text
 */
char *
bie_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}
