/* bie-reference.c: reference lists, read from XML files in the resources
 *
 * A list is a file reference/<id>.xml:
 *
 *   <reference id="risks">
 *     <item code="housing" level="household">
 *       <name>Environmental or housing risk</name>
 *     </item>
 *     <item code="01" name="Usaquén" subred="N"/>
 *   </reference>
 *
 * An item's name is either a <name> element, which is translatable (po/its
 * tells xgettext so) and is translated when the list is read, or a name
 * attribute, a proper name kept as written. Every other attribute is kept
 * as text for the code that knows what it means.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-reference"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bie-reference.h"

#define REFERENCE_PATH RESOURCE_PATH "/reference/"

typedef struct
{
  char       *code;
  char       *name;
  GHashTable *attributes;
} Item;

struct _BieReferenceList
{
  gatomicrefcount  ref_count;
  char            *id;
  GArray          *items;   /* of Item */
  GHashTable      *by_code; /* code → position + 1 */
};

typedef struct
{
  BieReferenceList *list;
  Item             *item;      /* the item being read */
  GString          *name_text; /* inside <name> */
} ParseState;

G_DEFINE_QUARK (bie-reference-error-quark, bie_reference_error)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->code);
  g_free (item->name);
  g_clear_pointer (&item->attributes, g_hash_table_unref);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  ParseState *state = user_data;
  const char *parent = NULL;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);

  if (stack->next != NULL)
    parent = stack->next->data;

  if (g_str_equal (element_name, "reference") && parent == NULL)
    return;

  if (g_str_equal (element_name, "item") && g_strcmp0 (parent, "reference") == 0)
    {
      Item item = { 0 };

      item.attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; attribute_names[i] != NULL; i++)
        {
          if (g_str_equal (attribute_names[i], "code"))
            item.code = g_strdup (attribute_values[i]);
          else if (g_str_equal (attribute_names[i], "name"))
            item.name = g_strdup (attribute_values[i]);
          else
            g_hash_table_insert (item.attributes,
                                 g_strdup (attribute_names[i]),
                                 g_strdup (attribute_values[i]));
        }

      if (item.code == NULL || *item.code == '\0')
        {
          item_clear (&item);
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_MISSING_ATTRIBUTE,
                       "an item has no code");
          return;
        }
      if (g_hash_table_contains (state->list->by_code, item.code))
        {
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "the code %s is listed twice", item.code);
          item_clear (&item);
          return;
        }

      g_array_append_val (state->list->items, item);
      state->item = &g_array_index (state->list->items, Item, state->list->items->len - 1);
      g_hash_table_insert (state->list->by_code, state->item->code,
                           GUINT_TO_POINTER (state->list->items->len));
      return;
    }

  if (g_str_equal (element_name, "name") && g_strcmp0 (parent, "item") == 0 &&
      state->item != NULL && state->item->name == NULL)
    {
      state->name_text = g_string_new (NULL);
      return;
    }

  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT,
               "unexpected <%s>", element_name);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  ParseState *state = user_data;

  if (g_str_equal (element_name, "name") && state->name_text != NULL)
    {
      g_autofree char *text = g_strstrip (g_string_free (g_steal_pointer (&state->name_text), FALSE));

      state->item->name = g_strdup (g_dgettext (GETTEXT_PACKAGE, text));
    }
  else if (g_str_equal (element_name, "item"))
    {
      if (state->item->name == NULL)
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "the item %s has no name", state->item->code);
      state->item = NULL;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  ParseState *state = user_data;

  if (state->name_text != NULL)
    g_string_append_len (state->name_text, text, text_len);
}

static const GMarkupParser parser = {
  start_element,
  end_element,
  text,
  NULL,
  NULL,
};

/**
 * bie_reference_list_load_from_data:
 * @id: what the list is called
 * @data: the XML text of the list
 *
 * Reads a reference list from XML.
 *
 * Returns: (transfer full): the list, or %NULL with @error set
 */
BieReferenceList *
bie_reference_list_load_from_data (const char  *id,
                                   const char  *data,
                                   gssize       length,
                                   GError     **error)
{
  g_autoptr(BieReferenceList) list = g_new0 (BieReferenceList, 1);
  g_autoptr(GMarkupParseContext) context = NULL;
  ParseState state = { 0 };
  gboolean ok;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  g_atomic_ref_count_init (&list->ref_count);
  list->id = g_strdup (id);
  list->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (list->items, item_clear);
  list->by_code = g_hash_table_new (g_str_hash, g_str_equal);

  state.list = list;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);
  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);
  if (state.name_text != NULL)
    g_string_free (state.name_text, TRUE);

  if (!ok)
    {
      g_prefix_error (error, "Reference list “%s”: ", id);
      return NULL;
    }

  return g_steal_pointer (&list);
}

G_LOCK_DEFINE_STATIC (lists);
static GHashTable *lists;

/**
 * bie_reference_list_get:
 * @id: the list, e.g. "document-types"
 *
 * Returns the reference list @id from the application's resources, read
 * once and shared afterwards. Safe to call from any thread.
 *
 * Returns: (transfer full): the list, or %NULL with @error set
 */
BieReferenceList *
bie_reference_list_get (const char  *id,
                        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  BieReferenceList *list;

  g_return_val_if_fail (id != NULL, NULL);

  G_LOCK (lists);
  if (lists == NULL)
    lists = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) bie_reference_list_unref);
  list = g_hash_table_lookup (lists, id);
  if (list != NULL)
    {
      bie_reference_list_ref (list);
      G_UNLOCK (lists);
      return list;
    }

  path = g_strconcat (REFERENCE_PATH, id, ".xml", NULL);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      G_UNLOCK (lists);
      g_set_error (error, BIE_REFERENCE_ERROR, BIE_REFERENCE_ERROR_NOT_FOUND,
                   "There is no reference list “%s”", id);
      return NULL;
    }

  list = bie_reference_list_load_from_data (id,
                                            g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes),
                                            error);
  if (list != NULL)
    g_hash_table_insert (lists, list->id, bie_reference_list_ref (list));
  G_UNLOCK (lists);

  return list;
}

BieReferenceList *
bie_reference_list_ref (BieReferenceList *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
bie_reference_list_unref (BieReferenceList *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->by_code);
  g_array_unref (self->items);
  g_free (self->id);
  g_free (self);
}

const char *
bie_reference_list_get_id (BieReferenceList *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

guint
bie_reference_list_get_n_items (BieReferenceList *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const char *
bie_reference_list_get_code (BieReferenceList *self,
                             guint             position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_array_index (self->items, Item, position).code;
}

/**
 * bie_reference_list_get_name:
 *
 * Returns: (transfer none): the item's name, in the user's language where
 *   the list translates it
 */
const char *
bie_reference_list_get_name (BieReferenceList *self,
                             guint             position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_array_index (self->items, Item, position).name;
}

/**
 * bie_reference_list_get_attribute:
 *
 * Returns: (transfer none) (nullable): the item's @attribute, if it has one
 */
const char *
bie_reference_list_get_attribute (BieReferenceList *self,
                                  guint             position,
                                  const char       *attribute)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_hash_table_lookup (g_array_index (self->items, Item, position).attributes, attribute);
}

/**
 * bie_reference_list_find:
 * @position: (out) (optional): where @code is
 *
 * Returns: whether @code is in the list
 */
gboolean
bie_reference_list_find (BieReferenceList *self,
                         const char       *code,
                         guint            *position)
{
  guint found;

  g_return_val_if_fail (self != NULL, FALSE);

  if (code == NULL)
    return FALSE;

  found = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_code, code));
  if (found == 0)
    return FALSE;
  if (position != NULL)
    *position = found - 1;

  return TRUE;
}

/**
 * bie_reference_list_lookup_name:
 *
 * Returns: (transfer none) (nullable): the name of the item @code
 */
const char *
bie_reference_list_lookup_name (BieReferenceList *self,
                                const char       *code)
{
  guint position;

  if (!bie_reference_list_find (self, code, &position))
    return NULL;

  return bie_reference_list_get_name (self, position);
}
