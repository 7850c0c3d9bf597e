/* bie-store-caseload.h: the caseload, as the store answers it
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-store.h"

G_BEGIN_DECLS

typedef enum
{
  BIE_CASELOAD_SORT_PRIORITY,      /* most in need first */
  BIE_CASELOAD_SORT_NAME,          /* by head of household */
  BIE_CASELOAD_SORT_LAST_CONTACT,  /* longest without contact first */
} BieCaseloadSort;

/* The choices of a filter whose households can be counted all at once. */
typedef enum
{
  BIE_CASELOAD_FACET_RISK,         /* by open risk code */
  BIE_CASELOAD_FACET_PLAN_STATUS,  /* by the status of the plan followed, "none" without one */
} BieCaseloadFacet;

/* Search text keeps the best matches of persons and of households, this
 * many of each, not every one. */
#define BIE_CASELOAD_MAX_MATCHES 500

/* Every part is optional (0, FALSE or NULL: no condition); parts combine. */
typedef struct
{
  gint64      subred_id;
  gint64      localidad_id;
  gint64      sector_id;
  const char *risk_code;        /* an open risk of this code */
  gboolean    overdue;          /* an open activity past its end date */
  guint       no_contact_days;  /* no encounter in this many days */
  gboolean    pregnant;
  gboolean    child_under_five;
  const char *plan_status;      /* of the plan followed; "none" for no plan */
  const char *text;             /* as typed: names, documents, addresses, sectors */
} BieCaseloadFilter;

/* One household as the caseload shows it. */
typedef struct
{
  gint64    household_id;
  char     *head_name;
  char     *address;
  char     *sector_code;
  char     *sector_name;
  guint     n_members;
  guint     open_risks;
  char     *risk_codes;        /* open risk codes, comma-separated */
  gboolean  pregnant;
  gboolean  caregiver;
  char     *youngest_birth;
  char     *oldest_birth;
  char     *last_contact;
  char     *next_due;
  char     *next_due_kind;
  char     *plan_status;
  int       priority;
} BieCaseloadRow;

void            bie_caseload_row_free           (BieCaseloadRow          *row);

void            bie_store_set_today             (BieStore                *self,
                                                 GDate                   *today);
gboolean        bie_store_refresh_priorities    (BieStore                *self,
                                                 GError                 **error);
gboolean        bie_store_rebuild_caseload      (BieStore                *self,
                                                 GError                 **error);
GArray         *bie_store_caseload              (BieStore                *self,
                                                 const BieCaseloadFilter *filter,
                                                 BieCaseloadSort          sort,
                                                 guint                    limit,
                                                 GError                 **error);
gboolean        bie_store_caseload_count        (BieStore                *self,
                                                 const BieCaseloadFilter *filter,
                                                 guint                   *count,
                                                 GError                 **error);
GHashTable     *bie_store_caseload_facet_counts (BieStore                *self,
                                                 const BieCaseloadFilter *filter,
                                                 BieCaseloadFacet         facet,
                                                 GError                 **error);
BieCaseloadRow *bie_store_caseload_row          (BieStore                *self,
                                                 gint64                   household_id,
                                                 GError                 **error);
GStrv           bie_store_caseload_members      (BieStore                *self,
                                                 gint64                   household_id,
                                                 GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieCaseloadRow, bie_caseload_row_free)

G_END_DECLS
