/* bie-validation-private.h: what the field and the record rules share
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-model.h"
#include "bie-reference.h"

G_BEGIN_DECLS

/* Sets @error (BIE_STORE_ERROR_INVALID) and @field to @name; FALSE. */
gboolean          bie_invalid          (const char   **field,
                                        const char    *name,
                                        GError       **error,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (4, 5);
gboolean          bie_is_blank         (const char    *text);
/* What a form calls the column @name of @entity, translated. */
const char       *bie_field_label      (BieEntity      entity,
                                        const char    *name);
/* The reference list @id, which the application always has. */
BieReferenceList *bie_validation_list  (const char    *id);
/* @today, or the current local day when it is NULL. */
void              bie_resolve_today    (GDate         *today,
                                        GDate         *out);

/* The checks behind the public validators; @label names the field in
 * messages, @name is the column @field is set to. A moment is a day or an
 * ISO 8601 date and time with its time zone. */
gboolean          bie_check_day        (const char    *text,
                                        gboolean       allow_future,
                                        const GDate   *today,
                                        const char    *label,
                                        const char    *name,
                                        GDate         *date,
                                        const char   **field,
                                        GError       **error);
gboolean          bie_check_moment     (const char    *text,
                                        gboolean       allow_future,
                                        const GDate   *today,
                                        const char    *label,
                                        const char    *name,
                                        GDate         *date,
                                        const char   **field,
                                        GError       **error);
gboolean          bie_check_birth_date (const char    *birth_date,
                                        const char    *document_type,
                                        const GDate   *today,
                                        const char   **field,
                                        GError       **error);
char             *bie_check_document   (const char    *type,
                                        const char    *number,
                                        const char   **type_field,
                                        const char   **number_field,
                                        GError       **error);
gboolean          bie_check_phone      (const char    *phone,
                                        const char   **field,
                                        GError       **error);

G_END_DECLS
