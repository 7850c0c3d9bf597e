/* bie-fhir-map-private.h: what the parts of the FHIR mapping share
 *
 * bie-fhir-map.c        the API: a record's identity, which record a resource
 *                       is, and the Coverage
 * bie-fhir-map-json.c   FHIR's datatypes in JSON: members, codings, references,
 *                       dates and extensions, read and written
 * bie-fhir-map-write.c  records to resources
 * bie-fhir-map-read.c   resources to records
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bie-fhir-map.h"
#include "bie-json-parser.h"

G_BEGIN_DECLS

/* Systems fixed by HL7. */
#define SYSTEM_URI           "urn:ietf:rfc:3986"
#define SYSTEM_PHYSICAL_TYPE "http://terminology.hl7.org/CodeSystem/location-physical-type"
#define SYSTEM_CLINICAL      "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define SYSTEM_ACHIEVEMENT   "http://terminology.hl7.org/CodeSystem/goal-achievement"
#define SYSTEM_ACT_CODE      "http://terminology.hl7.org/CodeSystem/v3-ActCode"

/* Bienestar's extensions, by name. */
#define EXT_LOCALIDAD    "localidad"     /* Location (sector under a UPZ): valueReference Location */
#define EXT_GENERATED    "generated"     /* Location (sector): valueBoolean, only when true */
#define EXT_SUBRED       "subred"        /* CareTeam: valueReference Location */
#define EXT_TEAM         "team"          /* Practitioner: valueReference CareTeam */
#define EXT_ADDRESS      "address"       /* Group: valueAddress (text, geolocation) */
#define EXT_SECTOR       "sector"        /* Group: valueReference Location */
#define EXT_STRATUM      "stratum"       /* Group: valueInteger, absent when unknown */
#define EXT_HOUSEHOLD    "household"     /* Patient, Condition, Appointment: valueReference Group */
#define EXT_RELATIONSHIP "relationship"  /* Patient: valueCoding */
#define EXT_RISK_STATUS  "risk-status"   /* Condition: valueCoding, the exact status */
#define EXT_MANAGED_ON   "managed-on"    /* Condition: valueDate */
#define EXT_CARE_PLAN    "care-plan"     /* Goal: valueReference CarePlan */
#define EXT_PARTICIPANT  "participant"   /* Encounter: valueReference Patient, one per person present */
#define EXT_NOTES        "notes"         /* Encounter: valueString */
#define EXT_OUTCOME      "outcome"       /* Appointment: valueCoding, the exact outcome */
#define EXT_BARRIER      "barrier"       /* Appointment: valueCodeableConcept */
#define EXT_ASSIGNED_ON  "assigned-on"   /* Appointment: valueDate */
#define EXT_ATTENDED_ON  "attended-on"   /* Appointment: valueDate */

/* Appointment.start and .end are instants: a day is written as the whole
 * day in Bogotá, which keeps UTC−5 all year. */
#define BOGOTA_OFFSET  "-05:00"
#define BOGOTA_SECONDS (-5 * 3600)

/* A record's identity (bie-fhir-map.c) */

/* The uuid of the record a resource of @type with @id becomes: @id
 * itself when it is a uuid, else bie_fhir_uuid_for_id(). */
char       *bie_fhir_record_uuid         (const char        *type,
                                          const char        *id);
/* Its server id once it has one, its uuid until then. */
const char *bie_fhir_record_id           (const BieRecord   *record);
/* The identifier systems of the levels of the territory. */
const char *bie_fhir_location_system     (const BieFhirUris *uris,
                                          BieEntity          entity);
gboolean    bie_fhir_location_for_system (const BieFhirUris *uris,
                                          const char        *system,
                                          BieEntity         *entity);

/* json-glib's trees, for what is written (bie-fhir-map-json.c) */

JsonNode   *bie_json_deep_copy    (JsonNode   *node);
JsonArray  *bie_json_array_member (JsonObject *object,
                                   const char *name);

/* FHIR's elements */

gboolean bie_fhir_is_blank           (const char        *text);
gboolean bie_fhir_is_id              (const char        *id);
gboolean bie_fhir_is_extension       (const BieFhirUris *uris,
                                      const char        *url,
                                      const char        *name);
gboolean bie_fhir_is_document_system (const BieFhirUris *uris,
                                      const char        *system);

/* Reading: every getter fails with @r's error set, naming the
 * resource and the element @path. */

typedef struct
{
  const BieFhirUris     *uris;
  const BieFhirResolver *resolver;
  const char            *type;   /* resourceType */
  const char            *id;     /* checked: a valid FHIR id */
  GError               **error;
} BieFhirReader;

gboolean bie_fhir_missing   (BieFhirReader *r,
                             const char    *path);
gboolean bie_fhir_wrong     (BieFhirReader *r,
                             const char    *path);
gboolean bie_fhir_bad_value (BieFhirReader *r,
                             const char    *path);

gboolean bie_fhir_get_string           (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *path,
                                        gboolean             required,
                                        const char         **out);
gboolean bie_fhir_get_object           (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *path,
                                        gboolean             required,
                                        const BieJsonValue **out);
gboolean bie_fhir_get_array            (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *path,
                                        gboolean             required,
                                        const BieJsonValue **out);
gboolean bie_fhir_get_element          (BieFhirReader       *r,
                                        const BieJsonValue  *array,
                                        guint                i,
                                        const char          *path,
                                        const BieJsonValue **out);
gboolean bie_fhir_get_first            (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *path,
                                        gboolean             required,
                                        const BieJsonValue **out);
gboolean bie_fhir_get_boolean          (BieFhirReader      *r,
                                        const BieJsonValue *object,
                                        const char         *name,
                                        const char         *path,
                                        gboolean           *out);
gboolean bie_fhir_get_integer          (BieFhirReader      *r,
                                        const BieJsonValue *object,
                                        const char         *name,
                                        const char         *path,
                                        gint64             *out);
gboolean bie_fhir_get_decimal          (BieFhirReader      *r,
                                        const BieJsonValue *object,
                                        const char         *name,
                                        const char         *path,
                                        double             *out);
gboolean bie_fhir_get_extension        (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        gboolean             required,
                                        const BieJsonValue **out);
gboolean bie_fhir_get_extension_string (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *value,
                                        gboolean             required,
                                        const char         **out);
gboolean bie_fhir_get_code             (BieFhirReader       *r,
                                        const BieJsonValue  *concept,
                                        gboolean             is_coding,
                                        const char          *system,
                                        const char          *path,
                                        gboolean             required,
                                        const char         **out);
gboolean bie_fhir_get_concept_code     (BieFhirReader       *r,
                                        const BieJsonValue  *object,
                                        const char          *name,
                                        const char          *system,
                                        gboolean             required,
                                        const char         **out);

gboolean bie_fhir_read_day                 (BieFhirReader *r,
                                            const char    *text,
                                            const char    *path,
                                            char         **out);
gboolean bie_fhir_read_moment              (BieFhirReader *r,
                                            const char    *text,
                                            const char    *path,
                                            char         **out);
gboolean bie_fhir_parse_reference          (const char    *text,
                                            char         **type,
                                            char         **id);
gboolean bie_fhir_read_reference_id        (BieFhirReader       *r,
                                            const BieJsonValue  *reference,
                                            const char          *path,
                                            char               **type,
                                            char               **id);
gboolean bie_fhir_resolve_reference        (BieFhirReader      *r,
                                            const BieJsonValue *reference,
                                            const char         *path,
                                            BieEntity           entity,
                                            gint64             *out);
gboolean bie_fhir_read_reference           (BieFhirReader      *r,
                                            const BieJsonValue *object,
                                            const char         *name,
                                            const char         *path,
                                            BieEntity           entity,
                                            gboolean            required,
                                            gint64             *out);
gboolean bie_fhir_read_first_reference     (BieFhirReader      *r,
                                            const BieJsonValue *object,
                                            const char         *name,
                                            const char         *member_name,
                                            BieEntity           entity,
                                            gboolean            required,
                                            gint64             *out);
gboolean bie_fhir_read_extension_reference (BieFhirReader      *r,
                                            const BieJsonValue *object,
                                            const char         *name,
                                            BieEntity           entity,
                                            gboolean            required,
                                            gint64             *out);

/* Writing: what is empty or unset is left out. */

typedef struct
{
  const BieFhirUris     *uris;
  const BieFhirResolver *resolver;
  BieEntity              entity;
  JsonObject            *resource;
} BieFhirWriter;

void        bie_fhir_set_string    (JsonObject *object,
                                    const char *name,
                                    const char *value);
JsonObject *bie_fhir_coding_new    (const char *system,
                                    const char *code);
JsonObject *bie_fhir_concept_new   (const char *system,
                                    const char *code);
void        bie_fhir_set_concept   (JsonObject *object,
                                    const char *name,
                                    const char *system,
                                    const char *code);
JsonObject *bie_fhir_reference_new (const char *type,
                                    const char *id);

void bie_fhir_set_reference           (BieFhirWriter *w,
                                       JsonObject    *object,
                                       const char    *name,
                                       BieEntity      entity,
                                       gint64         id);
void bie_fhir_add_reference           (BieFhirWriter *w,
                                       JsonObject    *object,
                                       const char    *name,
                                       BieEntity      entity,
                                       gint64         id);
void bie_fhir_add_extension           (BieFhirWriter *w,
                                       JsonObject    *object,
                                       const char    *name,
                                       const char    *value_name,
                                       JsonNode      *value);
void bie_fhir_add_extension_string    (BieFhirWriter *w,
                                       const char    *name,
                                       const char    *value_name,
                                       const char    *value);
void bie_fhir_add_extension_object    (BieFhirWriter *w,
                                       const char    *name,
                                       const char    *value_name,
                                       JsonObject    *value);
void bie_fhir_add_extension_reference (BieFhirWriter *w,
                                       const char    *name,
                                       BieEntity      entity,
                                       gint64         id);
void bie_fhir_add_extension_coding    (BieFhirWriter *w,
                                       const char    *name,
                                       BieFhirUri     system,
                                       const char    *code);

/* The mappings (bie-fhir-map-write.c, bie-fhir-map-read.c) */

JsonObject *bie_fhir_begin_resource        (BieFhirWriter   *w,
                                            const char      *type,
                                            const char      *id,
                                            JsonObject      *previous,
                                            const char      *sector_code);
void        bie_fhir_write_uuid_identifier (BieFhirWriter   *w,
                                            const BieRecord *record);
void        bie_fhir_write_record          (BieFhirWriter   *w,
                                            gconstpointer    record);
gboolean    bie_fhir_read_record           (BieFhirReader      *r,
                                            const BieJsonValue *resource,
                                            BieEntity           entity,
                                            gpointer            record);

G_END_DECLS
