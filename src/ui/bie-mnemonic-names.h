/* bie-mnemonic-names.h: buttons with mnemonics named once
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bie_mnemonic_names_install (void);

G_END_DECLS
