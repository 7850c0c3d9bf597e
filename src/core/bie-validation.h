/* bie-validation.h: the rules a record keeps before it is stored
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bie-model.h"

G_BEGIN_DECLS

gboolean  bie_validate_document    (const char            *document_type,
                                    const char            *document_number,
                                    GError               **error);
char     *bie_normalize_document   (const char            *document_type,
                                    const char            *document_number);
gboolean  bie_validate_birth_date  (const char            *birth_date,
                                    const char            *document_type,
                                    GDate                 *today,
                                    GError               **error);
gboolean  bie_validate_phone       (const char            *phone,
                                    GError               **error);
char     *bie_normalize_phone      (const char            *phone);
gboolean  bie_validate_date        (const char            *date,
                                    gboolean               allow_future,
                                    GDate                 *today,
                                    GError               **error);

gboolean  bie_validate_person      (const BiePerson       *person,
                                    GDate                 *today,
                                    const char           **field,
                                    GError               **error);
gboolean  bie_validate_household   (const BieHousehold    *household,
                                    const char           **field,
                                    GError               **error);
gboolean  bie_validate_risk        (const BieRisk         *risk,
                                    GDate                 *today,
                                    const char           **field,
                                    GError               **error);
gboolean  bie_validate_encounter   (const BieEncounter    *encounter,
                                    GDate                 *today,
                                    const char           **field,
                                    GError               **error);
gboolean  bie_validate_appointment (const BieAppointment  *appointment,
                                    GDate                 *today,
                                    const char           **field,
                                    GError               **error);
gboolean  bie_validate_record      (BieEntity              entity,
                                    gconstpointer          record,
                                    GDate                 *today,
                                    const char           **field,
                                    GError               **error);

gboolean  bie_parse_day            (const char            *text,
                                    GDate                 *date);
char     *bie_format_day           (const char            *day);
int       bie_age_on               (const char            *birth_date,
                                    const GDate           *today);

G_END_DECLS
