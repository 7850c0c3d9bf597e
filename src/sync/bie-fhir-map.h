/* bie-fhir-map.h: the records of the cache to and from FHIR R4 resources
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bie-fhir.h"
#include "bie-json-parser.h"
#include "bie-model.h"

G_BEGIN_DECLS

/* How references cross between the two worlds: records refer to each
 * other by row id, resources by "Type/id". A record's FHIR id is its
 * server id once the server has one, its uuid until then. */
typedef struct
{
  /* The FHIR id of the record @id of @entity; NULL when there is none. */
  char    *(*fhir_id) (gpointer    user_data,
                       BieEntity   entity,
                       gint64      id);
  /* The row id of the record of @entity with FHIR id @fhir_id; 0 when
   * the cache has none. */
  gint64   (*row_id)  (gpointer    user_data,
                       BieEntity   entity,
                       const char *fhir_id);
  gpointer   user_data;

  /* Optional, after user_data so that { fhir_id, row_id, data } still
   * initialises the struct. bie_store_load() and bie_store_load_by_uuid()
   * fit them.
   *
   * The record @id of @entity, (transfer full), NULL when there is none:
   * a Goal's subject (required by FHIR) is its plan's household, and a
   * family Task is for it. Without it those elements are left out, which
   * a strict server refuses for Goal. */
  gpointer (*load)         (gpointer    user_data,
                            BieEntity   entity,
                            gint64      id);
  /* The record of @entity with @uuid, (transfer full), NULL when there
   * is none: encounters name the persons present by uuid, and a person
   * whose server id is not its uuid is referred to by the server id.
   * Without it (or when it finds nothing), the uuid is taken as the id. */
  gpointer (*load_by_uuid) (gpointer    user_data,
                            BieEntity   entity,
                            const char *uuid);
  /* The row ids of the persons a household's Group lists, (transfer
   * full), NULL when they cannot be told: then the Group's members stay
   * as the server had them. bie_store_sync_members() fits it. */
  GArray  *(*members)      (gpointer    user_data,
                            gint64      household_id);
} BieFhirResolver;

/* Which record a resource becomes: by resourceType, and for a Location
 * by the system of its identifier. A Coverage is no record of its own
 * (it is part of a person): like every type Bienestar does not keep it
 * fails with BIE_FHIR_ERROR_UNSUPPORTED; bie_fhir_is_coverage() tells
 * the engine to hand it to bie_fhir_apply_coverage() instead. */
gboolean    bie_fhir_entity_for_resource  (const BieFhirUris     *uris,
                                           const BieJsonValue    *resource,
                                           BieEntity             *entity,
                                           GError               **error);
const char *bie_fhir_resource_type        (BieEntity              entity);

JsonObject *bie_fhir_from_record          (const BieFhirUris     *uris,
                                           const BieFhirResolver *resolver,
                                           BieEntity              entity,
                                           gconstpointer          record,
                                           JsonObject            *previous,
                                           const char            *sector_code);
gpointer    bie_fhir_to_record            (const BieFhirUris     *uris,
                                           const BieFhirResolver *resolver,
                                           const BieJsonValue    *resource,
                                           BieEntity             *entity,
                                           GError               **error);

/* A person's insurance travels as a Coverage of its own, with an id
 * derived from the person's, written and read along with the Patient. */
char       *bie_fhir_coverage_id          (const char            *patient_id);
JsonObject *bie_fhir_coverage_from_person (const BieFhirUris     *uris,
                                           const BieFhirResolver *resolver,
                                           const BiePerson       *person,
                                           JsonObject            *previous,
                                           const char            *sector_code);
gboolean    bie_fhir_apply_coverage       (const BieFhirUris     *uris,
                                           const BieJsonValue    *coverage,
                                           BiePerson             *person,
                                           GError               **error);
gboolean    bie_fhir_is_coverage          (const BieJsonValue    *resource);
char       *bie_fhir_coverage_patient_id  (const BieJsonValue    *coverage,
                                           GError               **error);

char       *bie_fhir_uuid_for_id          (const char            *resource_type,
                                           const char            *id);

G_END_DECLS
