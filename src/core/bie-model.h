/* bie-model.h: the domain model of the local cache, as plain records
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every kind of record the cache keeps. The order is the order of
 * dependencies: a record only refers to kinds before it. */
typedef enum
{
  BIE_ENTITY_SUBRED,
  BIE_ENTITY_LOCALIDAD,
  BIE_ENTITY_UPZ,
  BIE_ENTITY_SECTOR,
  BIE_ENTITY_TEAM,
  BIE_ENTITY_PROFESSIONAL,
  BIE_ENTITY_HOUSEHOLD,
  BIE_ENTITY_PERSON,
  BIE_ENTITY_RISK,
  BIE_ENTITY_CARE_PLAN,
  BIE_ENTITY_GOAL,
  BIE_ENTITY_ACTIVITY,
  BIE_ENTITY_ENCOUNTER,
  BIE_ENTITY_APPOINTMENT,
  BIE_ENTITY_VACCINATION,
  BIE_N_ENTITIES
} BieEntity;

/* What every record has, first in each record struct: its row, and what
 * synchronisation needs to know of it. */
typedef struct
{
  gint64    id;          /* row id in the cache; 0 for a record not yet stored */
  char     *uuid;        /* stable identity, lowercase, given on creation */
  char     *server_id;   /* the backend's id, once known */
  char     *version;     /* the backend's version id, once known */
  gint64    updated_at;  /* microseconds since the epoch, UTC */
  gboolean  deleted;     /* soft deletion: kept until the backend knows */
} BieRecord;

/* Dates are ISO 8601 strings: "YYYY-MM-DD" for days, "YYYY-MM-DDTHH:MM:SSZ"
 * for moments. References to other records are their row ids (0 = none). */

typedef struct
{
  BieRecord  record;
  char      *code;
  char      *name;
} BieSubred;

typedef struct
{
  BieRecord  record;
  char      *code;
  char      *name;
  gint64     subred_id;
  char      *geometry;     /* (nullable) its boundary, GeoJSON as BieSector's; schema 6 */
  double     min_lon, min_lat, max_lon, max_lat;
} BieLocalidad;

typedef struct
{
  BieRecord  record;
  char      *code;
  char      *name;
  gint64     localidad_id;
} BieUpz;

typedef struct
{
  BieRecord  record;
  char      *code;         /* six digits, e.g. "004501" */
  char      *name;
  gint64     localidad_id;
  gint64     upz_id;
  char      *geometry;     /* GeoJSON Polygon or MultiPolygon, WGS84 lon/lat */
  double     min_lon, min_lat, max_lon, max_lat;
  gboolean   generated;    /* demo geometry, replaced when real geometry arrives */
} BieSector;

typedef struct
{
  BieRecord  record;
  char      *name;
  gint64     subred_id;
} BieTeam;

typedef struct
{
  BieRecord  record;
  char      *document_type;
  char      *document_number;
  char      *name;
  char      *profession;   /* code from the professions reference list */
  gint64     team_id;
} BieProfessional;

typedef struct
{
  BieRecord  record;
  gint64     sector_id;
  char      *address;
  double     lon, lat;
  gint64     stratum;      /* socio-economic stratum 1-6; 0 unknown */
} BieHousehold;

typedef struct
{
  BieRecord  record;
  gint64     household_id;
  char      *document_type;   /* code from the document types reference list */
  char      *document_number;
  char      *given_names;
  char      *family_names;
  char      *sex;             /* "F", "M" or "I" */
  char      *birth_date;
  char      *eps_code;        /* code from the EPS reference list */
  char      *regimen;         /* "contributivo", "subsidiado", "especial", "no-afiliado" */
  char      *phone;
  char      *relationship;    /* to the head of household: "head", "spouse", "child", ... */
} BiePerson;

typedef struct
{
  BieRecord  record;
  gint64     household_id;
  gint64     person_id;       /* 0 for a household-level risk */
  char      *code;            /* code from the risks reference list */
  char      *status;          /* "identified", "managed", "closed" */
  char      *identified_on;
  char      *managed_on;
  char      *closed_on;
  char      *notes;
} BieRisk;

typedef struct
{
  BieRecord  record;
  gint64     household_id;
  char      *status;          /* "draft", "active", "completed", "cancelled" */
  char      *agreed_on;
  gint64     professional_id;
} BieCarePlan;

typedef struct
{
  BieRecord  record;
  gint64     plan_id;
  gint64     risk_id;         /* 0 when the goal answers no recorded risk */
  char      *description;
  char      *target_date;
  char      *status;          /* "proposed", "active", "achieved", "cancelled" */
} BieGoal;

typedef struct
{
  BieRecord  record;
  gint64     plan_id;
  gint64     goal_id;
  gint64     person_id;       /* 0 for the whole family */
  gint64     professional_id;
  char      *kind;            /* code from the activity kinds reference list */
  char      *start_date;
  char      *end_date;
  char      *status;          /* "planned", "scheduled", "in-progress", "done", "cancelled", "not-done" */
  char      *status_reason;
} BieActivity;

typedef struct
{
  BieRecord  record;
  gint64     household_id;
  gint64     professional_id;
  char      *kind;            /* "home-visit", "work-session", "call" */
  char      *date;            /* moment */
  char      *participants;    /* uuids of the persons present, comma-separated */
  char      *notes;
} BieEncounter;

typedef struct
{
  BieRecord  record;
  gint64     household_id;
  gint64     person_id;
  char      *service;         /* code from the services reference list */
  char      *barrier;         /* code from the barriers reference list */
  char      *requested_on;
  char      *assigned_on;
  char      *attended_on;
  char      *outcome;         /* "pending", "assigned", "attended", "missed", "cancelled" */
  char      *notes;
} BieAppointment;

typedef struct
{
  BieRecord  record;
  gint64     person_id;
  char      *vaccine;         /* code from the vaccines reference list */
  gint64     dose;
  char      *date;
  char      *status;          /* "completed", "not-done" */
} BieVaccination;

/* How a record maps onto its table: the store, the outbox and the sync
 * mapping all walk these, so a column is named in one place. */
typedef enum
{
  BIE_FIELD_TEXT,
  BIE_FIELD_INT,
  BIE_FIELD_REAL,
  BIE_FIELD_BOOL,
  BIE_FIELD_REF,      /* row id of a record of BieField.ref */
} BieFieldType;

typedef struct
{
  const char   *name;       /* column name */
  BieFieldType  type;
  gsize         offset;     /* in the record struct */
  BieEntity     ref;        /* for BIE_FIELD_REF */
  gboolean      required;
} BieField;

typedef struct
{
  BieEntity        entity;
  const char      *table;
  const char      *resource;  /* the FHIR resource it maps to */
  gsize            size;
  const BieField  *fields;
  guint            n_fields;
} BieEntityInfo;

const BieEntityInfo *bie_entity_info          (BieEntity          entity);
const BieEntityInfo *bie_entity_info_by_table (const char        *table);
const BieField      *bie_entity_find_field    (const BieEntityInfo *info,
                                               const char        *name);

gpointer             bie_record_new           (BieEntity          entity);
gpointer             bie_record_copy          (BieEntity          entity,
                                               gconstpointer      record);
void                 bie_record_free          (BieEntity          entity,
                                               gpointer           record);
GDestroyNotify       bie_record_free_func     (BieEntity          entity);
gboolean             bie_record_field_equal   (const BieField    *field,
                                               gconstpointer      a,
                                               gconstpointer      b);
void                 bie_record_copy_field    (const BieField    *field,
                                               gpointer           to,
                                               gconstpointer      from);
char                *bie_uuid_new             (void);
GDate               *bie_today                (void);

/* Records of every kind, as they travel in bulk (the demo city, a page of
 * downloaded resources): records[entity] holds records of that entity. */
typedef struct
{
  GPtrArray *records[BIE_N_ENTITIES];
} BieRecordBatch;

BieRecordBatch      *bie_record_batch_new     (void);
void                 bie_record_batch_free    (BieRecordBatch    *batch);
void                 bie_record_batch_add     (BieRecordBatch    *batch,
                                               BieEntity          entity,
                                               gpointer           record);
guint                bie_record_batch_count   (BieRecordBatch    *batch);
void                 bie_record_checksum      (BieEntity          entity,
                                               gconstpointer      record,
                                               GChecksum         *checksum);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieRecordBatch, bie_record_batch_free)

/* The errors of the local cache: what a user can cause or meet, each with
 * a message fit to show them. */
#define BIE_STORE_ERROR (bie_store_error_quark ())

typedef enum
{
  BIE_STORE_ERROR_INVALID,     /* a record breaks a rule: the message says which */
  BIE_STORE_ERROR_DUPLICATE,   /* a record that must be unique already exists */
  BIE_STORE_ERROR_NOT_FOUND,
  BIE_STORE_ERROR_CORRUPT,     /* the cache file is damaged or is not a cache */
  BIE_STORE_ERROR_TOO_NEW,     /* written by a newer version of Bienestar */
  BIE_STORE_ERROR_READ_ONLY,
  BIE_STORE_ERROR_FULL,        /* the disk is full */
  BIE_STORE_ERROR_BUSY,        /* another process owns the cache */
  BIE_STORE_ERROR_FAILED,
} BieStoreError;

GQuark               bie_store_error_quark    (void);

#define BIE_FIELD_PTR(record, field) ((gpointer) ((guint8 *) (record) + (field)->offset))

G_END_DECLS
