/* bie-form.h: what every form that records the work shares
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bie-store.h"

G_BEGIN_DECLS

#define BIE_TYPE_FORM (bie_form_get_type ())

G_DECLARE_DERIVABLE_TYPE (BieForm, bie_form, BIE, FORM, AdwWindow)

struct _BieFormClass
{
  AdwWindowClass parent_class;

  BieEntity entity;

  /* A new record of @entity from what the rows hold; starts from
   * bie_form_new_record(). */
  gpointer (*build_record) (BieForm *self);
};

BieStore   *bie_form_get_store        (BieForm     *self);
gint64      bie_form_get_record_id    (BieForm     *self);
gboolean    bie_form_get_valid        (BieForm     *self);
const char *bie_form_get_status       (BieForm     *self);
gboolean    bie_form_save             (BieForm     *self);

/* For the forms themselves. */
void        bie_form_set_controls     (BieForm     *self,
                                       GtkWidget   *save_button,
                                       GtkLabel    *status_label,
                                       GtkLabel    *error_label);
gpointer    bie_form_load             (BieForm     *self,
                                       BieStore    *store,
                                       gint64       record_id);
gpointer    bie_form_new_record       (BieForm     *self);
void        bie_form_add_field        (BieForm     *self,
                                       const char  *field,
                                       GtkWidget   *row);
void        bie_form_watch            (BieForm     *self,
                                       gpointer     object,
                                       const char  *signal);
gboolean    bie_form_set_filling      (BieForm     *self,
                                       gboolean     filling);
void        bie_form_validate         (BieForm     *self);
void        bie_form_show_error       (BieForm     *self,
                                       const char  *message);

void        bie_form_set_text         (char       **slot,
                                       const char  *text);
const char *bie_form_entry_get_text   (AdwEntryRow *row);
void        bie_form_entry_set_text   (AdwEntryRow *row,
                                       const char  *text);
char       *bie_form_text_view_get    (GtkTextView *view);
void        bie_form_text_view_set    (GtkTextView *view,
                                       const char  *text);
char       *bie_form_today            (void);

void        bie_form_combo_set_choices   (AdwComboRow        *row,
                                          const char         *first_label,
                                          GPtrArray          *codes,
                                          GPtrArray          *labels);
gboolean    bie_form_combo_set_reference (AdwComboRow        *row,
                                          const char         *list_id,
                                          const char         *first_label);
void        bie_form_combo_set_lookup    (AdwComboRow        *row,
                                          const char         *first_label,
                                          GPtrArray          *items,
                                          gboolean            with_code);
const char *bie_form_combo_get_code      (AdwComboRow        *row);
gint64      bie_form_combo_get_id        (AdwComboRow        *row);
void        bie_form_combo_set_code      (AdwComboRow        *row,
                                          const char         *code);
void        bie_form_combo_set_id        (AdwComboRow        *row,
                                          gint64              id);
void        bie_form_combo_keep_id       (AdwComboRow        *row,
                                          gint64              id,
                                          const char         *label);
void        bie_form_combo_keep_record   (AdwComboRow        *row,
                                          BieStore           *store,
                                          BieEntity           entity,
                                          gint64              id);

G_END_DECLS
