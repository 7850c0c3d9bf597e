/* bie-reference.h: reference lists (document types, EPS, risks, territory, ...)
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BIE_REFERENCE_ERROR (bie_reference_error_quark ())

typedef enum
{
  BIE_REFERENCE_ERROR_NOT_FOUND,
  BIE_REFERENCE_ERROR_INVALID,
} BieReferenceError;

typedef struct _BieReferenceList BieReferenceList;

GQuark            bie_reference_error_quark         (void);

BieReferenceList *bie_reference_list_get           (const char        *id,
                                                    GError           **error);
BieReferenceList *bie_reference_list_load_from_data (const char       *id,
                                                    const char        *data,
                                                    gssize             length,
                                                    GError           **error);
BieReferenceList *bie_reference_list_ref           (BieReferenceList  *self);
void              bie_reference_list_unref         (BieReferenceList  *self);

const char       *bie_reference_list_get_id        (BieReferenceList  *self);
guint             bie_reference_list_get_n_items   (BieReferenceList  *self);
const char       *bie_reference_list_get_code      (BieReferenceList  *self,
                                                    guint              position);
const char       *bie_reference_list_get_name      (BieReferenceList  *self,
                                                    guint              position);
const char       *bie_reference_list_get_attribute (BieReferenceList  *self,
                                                    guint              position,
                                                    const char        *attribute);
gboolean          bie_reference_list_find          (BieReferenceList  *self,
                                                    const char        *code,
                                                    guint             *position);
const char       *bie_reference_list_lookup_name   (BieReferenceList  *self,
                                                    const char        *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieReferenceList, bie_reference_list_unref)

G_END_DECLS
