/* bie-plan-pages.h: a family care plan on paper
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "bie-plan-snapshot.h"

G_BEGIN_DECLS

#define BIE_RENDER_ERROR (bie_render_error_quark ())

typedef enum
{
  BIE_RENDER_ERROR_FAILED,      /* Cairo could not draw or write the document */
  BIE_RENDER_ERROR_NO_PLANS,    /* nothing to print */
} BieRenderError;

typedef enum
{
  BIE_PAPER_A4,
  BIE_PAPER_LETTER,
} BiePaper;

#define BIE_PLAN_PAGES_MARGIN 36.0   /* points: half an inch */

/* One plan laid out on pages of one size, drawn page by page into any
 * cairo_t: a GtkPrintOperation's (in points) or a PDF writer's. It points
 * at its plan, which must outlive it. */
typedef struct _BiePlanPages BiePlanPages;

/* The next plan to print, which the writer frees; %NULL at the end, or
 * with @error set when the plan could not be read. */
typedef BiePlanSnapshot *(*BiePlanSourceFunc) (gpointer   user_data,
                                                GError   **error);

/* After each plan is written, in the writer's thread. */
typedef void (*BiePlanProgressFunc) (guint    n_done,
                                     gpointer user_data);

GQuark        bie_render_error_quark         (void);

void          bie_paper_get_size             (BiePaper                paper,
                                              double                 *width,
                                              double                 *height);

BiePlanPages *bie_plan_pages_new             (const BiePlanSnapshot  *plan,
                                              double                  width,
                                              double                  height,
                                              double                  margin,
                                              const GDate            *printed_on);
void          bie_plan_pages_free            (BiePlanPages           *self);
guint         bie_plan_pages_get_n_pages     (BiePlanPages           *self);
void          bie_plan_pages_draw            (BiePlanPages           *self,
                                              cairo_t                *cr,
                                              guint                   page);

gboolean      bie_plan_pages_write_pdf       (const char             *path,
                                              BiePaper                paper,
                                              const GDate            *printed_on,
                                              BiePlanSourceFunc       source,
                                              gpointer                source_data,
                                              BiePlanProgressFunc     progress,
                                              gpointer                progress_data,
                                              GCancellable           *cancellable,
                                              GError                **error);
gboolean      bie_plan_pages_write_pdf_array (const char             *path,
                                              BiePaper                paper,
                                              const GDate            *printed_on,
                                              GPtrArray              *plans,
                                              BiePlanProgressFunc     progress,
                                              gpointer                progress_data,
                                              GCancellable           *cancellable,
                                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BiePlanPages, bie_plan_pages_free)

G_END_DECLS
