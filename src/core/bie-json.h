/* bie-json.h: members of JSON from elsewhere, whatever their type
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *bie_json_get_object       (JsonObject *object,
                                       const char *name);
JsonArray  *bie_json_get_array        (JsonObject *object,
                                       const char *name);
const char *bie_json_string_value     (JsonNode   *node);
const char *bie_json_get_string       (JsonObject *object,
                                       const char *name);
char       *bie_json_object_to_string (JsonObject *object);

G_END_DECLS
