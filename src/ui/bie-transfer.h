/* bie-transfer.h: changes carried by hand, for units without a network:
 * the changes not yet sent written to a FHIR Bundle file, and such a file
 * read into this cache
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-sync-controller.h"

G_BEGIN_DECLS

void     bie_transfer_choose_export (GtkWindow         *window,
                                     BieSyncController *sync,
                                     AdwToastOverlay   *overlay);
void     bie_transfer_choose_import (GtkWindow         *window,
                                     BieSyncController *sync,
                                     AdwToastOverlay   *overlay);
gboolean bie_transfer_export        (GtkWindow         *window,
                                     BieSyncController *sync,
                                     AdwToastOverlay   *overlay,
                                     GFile             *file);
gboolean bie_transfer_import        (GtkWindow         *window,
                                     BieSyncController *sync,
                                     AdwToastOverlay   *overlay,
                                     GFile             *file);

G_END_DECLS
