/* bie-render-text.h: measuring text, for every renderer
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

double bie_render_text_width  (PangoLayout *layout);
double bie_render_text_height (PangoLayout *layout);

G_END_DECLS
