/* bie-map-export.h: the sector map into a PNG, SVG or PDF file
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bie-map.h"

G_BEGIN_DECLS

typedef enum
{
  BIE_MAP_FORMAT_PNG,
  BIE_MAP_FORMAT_SVG,
  BIE_MAP_FORMAT_PDF,
} BieMapFormat;

/* What an exported or printed map says above and below it. */
typedef struct
{
  char *title;         /* the theme: "Households with open risks, per 100 households" */
  char *subtitle;      /* the day: "25 November 2026" */
  char *source_note;   /* where the figures come from */
} BieMapCaption;

BieMapCaption *bie_map_caption_new   (const BieMapFigures     *figures,
                                      const BieMapSnapshot    *snapshot,
                                      gboolean                 demo,
                                      const GDate             *today);
void           bie_map_caption_free  (BieMapCaption           *caption);
void           bie_map_caption_apply (const BieMapCaption     *caption,
                                      BieMapDrawOptions       *options);

/* The area @view shows, in a picture of another size. */
void     bie_map_view_resize      (const BieMapView        *view,
                                   int                      width,
                                   int                      height,
                                   BieMapView              *resized);
/* The size exports have: 1600 × 1000 pixels, or an A4 page across. */
void     bie_map_export_view      (const BieMapView        *view,
                                   BieMapFormat             format,
                                   BieMapView              *exported);

gboolean bie_map_format_from_path (const char              *path,
                                   BieMapFormat            *format);
gboolean bie_map_export           (BieMapRenderer          *renderer,
                                   const BieMapView        *view,
                                   const BieMapDrawOptions *options,
                                   BieMapFormat             format,
                                   const char              *path,
                                   GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieMapCaption, bie_map_caption_free)

G_END_DECLS
