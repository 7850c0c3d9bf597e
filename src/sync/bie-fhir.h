/* bie-fhir.h: what the FHIR mapping, client and sync engine share: the
 * error domain and every identifier and code-system URI, in one place
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "bie-json.h"

G_BEGIN_DECLS

/* The errors of talking FHIR: what a user can meet, each with a message
 * fit to show them (in their language). */
#define BIE_FHIR_ERROR (bie_fhir_error_quark ())

typedef enum
{
  BIE_FHIR_ERROR_INVALID,       /* malformed JSON, not a resource, a missing id or element */
  BIE_FHIR_ERROR_UNSUPPORTED,   /* a resource type Bienestar does not keep */
  BIE_FHIR_ERROR_TOO_LARGE,     /* a response or file over the limit */
  BIE_FHIR_ERROR_NETWORK,       /* not reached, timed out, or cut off */
  BIE_FHIR_ERROR_TLS,           /* the server's certificate is not trusted */
  BIE_FHIR_ERROR_UNAUTHORIZED,  /* 401, 403: the token is missing, wrong or expired */
  BIE_FHIR_ERROR_NOT_FOUND,     /* 404, 410 */
  BIE_FHIR_ERROR_CONFLICT,      /* 409, 412: the resource changed on the server */
  BIE_FHIR_ERROR_BUSY,          /* 429, 503: try again later */
  BIE_FHIR_ERROR_SERVER,        /* any other status: the server's own words when it gave some */
} BieFhirError;

GQuark bie_fhir_error_quark (void);

/* Every identifier system, code system and extension Bienestar writes.
 * Each has a name (the BIE_FHIR_URI_ value) and a default under the
 * district's base; any may be overridden (settings key "fhir-uris"). */
typedef enum
{
  BIE_FHIR_URI_SECTOR_TAG,          /* meta.tag system; code = the sector code */
  BIE_FHIR_URI_SUBRED,              /* Location identifier systems, one per level */
  BIE_FHIR_URI_LOCALIDAD,
  BIE_FHIR_URI_UPZ,
  BIE_FHIR_URI_SECTOR,
  BIE_FHIR_URI_DOCUMENT_TYPE,       /* identifier system = this + "/" + document type code */
  BIE_FHIR_URI_EPS,                 /* Coverage.payor identifier system */
  BIE_FHIR_URI_REGIMEN,             /* Coverage.type code system */
  BIE_FHIR_URI_RELATIONSHIP,        /* to the head of household */
  BIE_FHIR_URI_PROFESSION,
  BIE_FHIR_URI_RISK,                /* Condition.code */
  BIE_FHIR_URI_RISK_STATUS,         /* identified / managed / closed */
  BIE_FHIR_URI_ACTIVITY_KIND,       /* Task.code */
  BIE_FHIR_URI_ACTIVITY_STATUS,     /* Task.businessStatus: the exact status */
  BIE_FHIR_URI_ENCOUNTER_KIND,      /* Encounter.type */
  BIE_FHIR_URI_SERVICE,             /* Appointment.serviceType */
  BIE_FHIR_URI_BARRIER,             /* Appointment barrier */
  BIE_FHIR_URI_APPOINTMENT_OUTCOME,
  BIE_FHIR_URI_VACCINE,             /* Immunization.vaccineCode */
  BIE_FHIR_URI_EXTENSION,           /* extension URL = this + "/" + extension name */
  BIE_FHIR_N_URIS
} BieFhirUri;

typedef struct _BieFhirUris BieFhirUris;

BieFhirUris       *bie_fhir_uris_new              (void);
BieFhirUris       *bie_fhir_uris_new_with_overrides (GVariant      *overrides,
                                                   GError           **error);
BieFhirUris       *bie_fhir_uris_copy             (const BieFhirUris *uris);
void               bie_fhir_uris_free             (BieFhirUris       *uris);
const BieFhirUris *bie_fhir_uris_default          (void);
const char        *bie_fhir_uris_get              (const BieFhirUris *uris,
                                                   BieFhirUri         uri);
gboolean           bie_fhir_uris_set              (BieFhirUris       *uris,
                                                   const char        *name,
                                                   const char        *value,
                                                   GError           **error);
const char        *bie_fhir_uri_name              (BieFhirUri         uri);


/* The standard ones, fixed by HL7. */
#define BIE_FHIR_EXT_BOUNDARY  "http://hl7.org/fhir/StructureDefinition/location-boundary-geojson"
#define BIE_FHIR_EXT_GEOLOCATION "http://hl7.org/fhir/StructureDefinition/geolocation"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieFhirUris, bie_fhir_uris_free)

G_END_DECLS
