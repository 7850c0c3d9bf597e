/* bie-test-utils.h
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void      bie_test_init_gtk      (int        *argc,
                                  char     ***argv);
void      bie_test_init_i18n     (void);
GtkWidget *bie_test_find_widget  (GtkWidget  *root,
                                  GType       type,
                                  const char *buildable_id);
void      bie_test_collect_widgets (GtkWidget *root,
                                    GType      type,
                                    GPtrArray *found);
void      bie_test_assert_controls_named (GtkWidget *root);
gpointer  bie_test_find_controller (GtkWidget *widget,
                                   GType      type);
void      bie_test_spin          (void);
void      bie_test_wait_ms       (guint       ms);

G_END_DECLS
