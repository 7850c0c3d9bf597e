/* bie-store-geo.h: the district's territory layers applied to the cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bie-geo-layer.h"
#include "bie-store.h"

G_BEGIN_DECLS

/* What an import did with a layer. */
typedef struct
{
  BieEntity  entity;       /* BIE_ENTITY_SECTOR or BIE_ENTITY_LOCALIDAD */
  char      *display_name; /* the layer's file name */
  guint      n_read;       /* features in the file */
  guint      n_updated;    /* records already in the cache, given their new boundary */
  guint      n_added;      /* sectors new to the cache */
  guint      n_skipped;    /* problems->len + skipped->len */
  GPtrArray *problems;     /* BieGeoProblem: features the layer refused, in file order */
  GPtrArray *skipped;      /* BieGeoProblem: valid features the import could not apply */
} BieGeoImportReport;

void      bie_geo_import_report_free   (BieGeoImportReport  *report);
char     *bie_geo_import_report_format (const BieGeoImportReport *report);

gboolean  bie_store_import_sectors     (BieStore            *self,
                                        BieGeoLayer         *layer,
                                        BieGeoImportReport **report,
                                        GError             **error);
gboolean  bie_store_import_localidades (BieStore            *self,
                                        BieGeoLayer         *layer,
                                        BieGeoImportReport **report,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieGeoImportReport, bie_geo_import_report_free)

G_END_DECLS
