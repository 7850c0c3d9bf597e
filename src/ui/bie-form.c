/* bie-form.c: what every form that records the work shares
 *
 * A form is a modal window with Cancel and Save and rows, one per column
 * of its record. On every change the form builds the record from its rows
 * and validates it: the row the error is about is marked, with the
 * message as its tooltip and accessible description, and Save waits,
 * saying why, until the record is valid. An empty row the user has not
 * touched yet is not marked. A failed save keeps the window and what was
 * typed, and says what went wrong.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-form"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-combo-row.h"
#include "bie-form.h"
#include "bie-reference.h"
#include "bie-store-lookups.h"
#include "bie-validation.h"

#define CODES_KEY "bie-form-codes"
#define FIELD_KEY "bie-form-field"

typedef struct
{
  BieStore   *store;
  gpointer    loaded;          /* the record being edited, or NULL */
  gint64      record_id;

  GtkWidget  *save_button;
  GtkLabel   *status_label;
  GtkLabel   *error_label;

  GHashTable *rows;            /* field → row (not owned) */
  GtkWidget  *first_row;       /* where typing starts (not owned) */
  GHashTable *touched;         /* fields the user changed */
  GPtrArray  *marked;          /* rows marked in error */
  char       *save_error_field;  /* refused by the store (a duplicate) */
  char       *save_error;
  char       *status;
  gboolean    valid;
  gboolean    filling;
} BieFormPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BieForm, bie_form, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bie_form_dispose (GObject *object)
{
  BieForm *self = BIE_FORM (object);
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  if (priv->loaded != NULL)
    {
      bie_record_free (BIE_FORM_GET_CLASS (self)->entity, priv->loaded);
      priv->loaded = NULL;
    }
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (bie_form_parent_class)->dispose (object);
}

static void
bie_form_finalize (GObject *object)
{
  BieForm *self = BIE_FORM (object);
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_clear_pointer (&priv->rows, g_hash_table_unref);
  g_clear_pointer (&priv->touched, g_hash_table_unref);
  g_clear_pointer (&priv->marked, g_ptr_array_unref);
  g_clear_pointer (&priv->save_error_field, g_free);
  g_clear_pointer (&priv->save_error, g_free);
  g_clear_pointer (&priv->status, g_free);

  G_OBJECT_CLASS (bie_form_parent_class)->finalize (object);
}

/* Typing starts in the first field, not on Cancel. */
static void
bie_form_map (GtkWidget *widget)
{
  BieFormPrivate *priv = bie_form_get_instance_private (BIE_FORM (widget));

  GTK_WIDGET_CLASS (bie_form_parent_class)->map (widget);

  if (priv->first_row != NULL)
    gtk_widget_grab_focus (priv->first_row);
}

static void
bie_form_class_init (BieFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_form_dispose;
  object_class->finalize = bie_form_finalize;
  widget_class->map = bie_form_map;

  /* The forms' templates choose with it. */
  g_type_ensure (BIE_TYPE_COMBO_ROW);

  /**
   * BieForm::saved:
   * @id: the row id of the record saved
   *
   * The record was written to the cache; the form closes next.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bie_form_init (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  priv->rows = g_hash_table_new (g_str_hash, g_str_equal);
  priv->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->marked = g_ptr_array_new ();
}

BieStore *
bie_form_get_store (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_return_val_if_fail (BIE_IS_FORM (self), NULL);

  return priv->store;
}

/**
 * bie_form_get_record_id:
 *
 * Returns: the row id of the record edited or saved, 0 for a new one
 */
gint64
bie_form_get_record_id (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_return_val_if_fail (BIE_IS_FORM (self), 0);

  return priv->record_id;
}

/**
 * bie_form_get_valid:
 *
 * Returns: whether the rows hold a record that can be saved
 */
gboolean
bie_form_get_valid (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_return_val_if_fail (BIE_IS_FORM (self), FALSE);

  return priv->valid;
}

/**
 * bie_form_get_status:
 *
 * Returns: (nullable): why Save is disabled, or %NULL when it is not
 */
const char *
bie_form_get_status (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_return_val_if_fail (BIE_IS_FORM (self), NULL);

  return priv->status;
}

/* Rows */

static gboolean
row_is_empty (GtkWidget *row)
{
  if (ADW_IS_ENTRY_ROW (row))
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      return *text == '\0';
    }

  if (ADW_IS_COMBO_ROW (row))
    return bie_form_combo_get_code (ADW_COMBO_ROW (row)) == NULL;

  return FALSE;
}

static void
clear_marks (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  for (guint i = 0; i < priv->marked->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (priv->marked, i);

      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  g_ptr_array_set_size (priv->marked, 0);
}

static void
mark_row (BieForm    *self,
          const char *field,
          const char *message)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  GtkWidget *row = field != NULL ? g_hash_table_lookup (priv->rows, field) : NULL;

  if (row == NULL || !gtk_widget_get_visible (row))
    return;
  /* A required row left empty is not wrong yet, only not filled in. */
  if (!g_hash_table_contains (priv->touched, field) && priv->loaded == NULL && row_is_empty (row))
    return;

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  g_ptr_array_add (priv->marked, row);
}

static void
set_status (BieForm    *self,
            const char *message)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_clear_pointer (&priv->status, g_free);
  priv->valid = message == NULL;
  gtk_widget_set_sensitive (priv->save_button, priv->valid);

  if (message != NULL)
    {
      /* Translators: shown under the header bar while the form cannot be saved. */
      priv->status = g_strdup_printf (_("Save is disabled: %s"), message);
      gtk_label_set_text (priv->status_label, priv->status);
      gtk_widget_set_tooltip_text (priv->save_button, priv->status);
    }
  else
    {
      gtk_widget_set_tooltip_text (priv->save_button, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (priv->status_label), message != NULL);
}

/**
 * bie_form_today:
 *
 * Returns: (transfer full): today's date as YYYY-MM-DD
 */
char *
bie_form_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * bie_form_validate:
 *
 * Builds the record from the rows, checks it, and shows what is wrong.
 */
void
bie_form_validate (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  BieFormClass *klass = BIE_FORM_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = bie_today ();
  const char *field = NULL;
  gpointer record;

  g_return_if_fail (BIE_IS_FORM (self));

  if (priv->filling || priv->save_button == NULL)
    return;

  clear_marks (self);
  record = klass->build_record (self);
  if (!bie_validate_record (klass->entity, record, today, &field, &error))
    {
      mark_row (self, field, error->message);
      set_status (self, error->message);
    }
  else if (priv->save_error_field != NULL)
    {
      /* The store refused it as it stands: wait for a change to that row. */
      g_hash_table_add (priv->touched, g_strdup (priv->save_error_field));
      mark_row (self, priv->save_error_field, priv->save_error);
      set_status (self, priv->save_error);
    }
  else
    {
      set_status (self, NULL);
    }
  bie_record_free (klass->entity, record);
}

static void
on_row_changed (BieForm  *self,
                gpointer  instance)
{
  bie_form_validate (self);
}

static void
on_field_changed (GObject    *row,
                  GParamSpec *pspec,
                  BieForm    *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  const char *field = g_object_get_data (row, FIELD_KEY);

  if (!priv->filling)
    {
      g_hash_table_add (priv->touched, g_strdup (field));
      if (g_strcmp0 (field, priv->save_error_field) == 0)
        {
          g_clear_pointer (&priv->save_error_field, g_free);
          g_clear_pointer (&priv->save_error, g_free);
        }
    }
  bie_form_validate (self);
}

static void
on_entry_changed (GtkEditable *editable,
                  BieForm     *self)
{
  on_field_changed (G_OBJECT (editable), NULL, self);
}

/* Enter: Save when the record is ready (the default widget), else on to
 * the next row. */
static void
on_entry_activated (AdwEntryRow *row,
                    BieForm     *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  if (!priv->valid)
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/**
 * bie_form_add_field:
 * @field: the column @row shows, as named in bie-model.c
 *
 * Validates the form on each change of @row, and marks @row when an error
 * is about @field.
 */
void
bie_form_add_field (BieForm    *self,
                    const char *field,
                    GtkWidget  *row)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  g_return_if_fail (BIE_IS_FORM (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  g_hash_table_insert (priv->rows, (gpointer) field, row);
  if (priv->first_row == NULL)
    priv->first_row = row;
  g_object_set_data (G_OBJECT (row), FIELD_KEY, (gpointer) field);

  if (ADW_IS_ENTRY_ROW (row))
    {
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_entry_changed), self, 0);
      g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_entry_activated), self, 0);
    }
  else if (ADW_IS_COMBO_ROW (row))
    {
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_field_changed), self, 0);
    }
}

/**
 * bie_form_watch:
 *
 * Validates the form again whenever @object emits @signal (a text buffer's
 * "changed", a check button's "toggled").
 */
void
bie_form_watch (BieForm    *self,
                gpointer    object,
                const char *signal)
{
  g_return_if_fail (BIE_IS_FORM (self));

  g_signal_connect_object (object, signal, G_CALLBACK (on_row_changed), self, G_CONNECT_SWAPPED);
}

/* While the form fills its rows, changes are not the user's. Returns
 * whether it was filling before, to restore. */
gboolean
bie_form_set_filling (BieForm  *self,
                      gboolean  filling)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  gboolean was_filling = priv->filling;

  priv->filling = filling;
  if (!filling)
    bie_form_validate (self);

  return was_filling;
}

/**
 * bie_form_show_error:
 * @message: (nullable): what went wrong, or %NULL to hide it
 */
void
bie_form_show_error (BieForm    *self,
                     const char *message)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  gtk_label_set_text (priv->error_label, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), message != NULL);
}

static void
on_save_clicked (BieForm *self)
{
  bie_form_save (self);
}

void
bie_form_set_controls (BieForm   *self,
                       GtkWidget *save_button,
                       GtkLabel  *status_label,
                       GtkLabel  *error_label)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);

  priv->save_button = save_button;
  priv->status_label = status_label;
  priv->error_label = error_label;

  gtk_window_set_default_widget (GTK_WINDOW (self), save_button);
  g_signal_connect_object (save_button, "clicked", G_CALLBACK (on_save_clicked), self,
                           G_CONNECT_SWAPPED);
}

/**
 * bie_form_load:
 * @record_id: the row to edit, or 0 for a new record
 *
 * Keeps @store, and loads the record to edit; when it cannot be loaded,
 * the form says so and its Save makes a new record.
 *
 * Returns: (transfer none) (nullable): the record loaded
 */
gpointer
bie_form_load (BieForm  *self,
               BieStore *store,
               gint64    record_id)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (BIE_IS_FORM (self), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  g_set_object (&priv->store, store);
  if (record_id == 0)
    return NULL;

  priv->loaded = bie_store_load (store, BIE_FORM_GET_CLASS (self)->entity, record_id, &error);
  if (priv->loaded == NULL)
    {
      bie_form_show_error (self, error->message);
      return NULL;
    }
  priv->record_id = record_id;

  return priv->loaded;
}

/**
 * bie_form_new_record:
 *
 * Returns: (transfer full): a copy of the record edited, or a new record
 */
gpointer
bie_form_new_record (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  BieEntity entity = BIE_FORM_GET_CLASS (self)->entity;

  if (priv->loaded != NULL)
    return bie_record_copy (entity, priv->loaded);

  return bie_record_new (entity);
}

/**
 * bie_form_save:
 *
 * Saves the record the rows hold. On success emits #BieForm::saved and
 * closes; otherwise the form stays, with everything typed, and says why.
 *
 * Returns: whether the record was saved
 */
gboolean
bie_form_save (BieForm *self)
{
  BieFormPrivate *priv = bie_form_get_instance_private (self);
  BieEntity entity = BIE_FORM_GET_CLASS (self)->entity;
  g_autoptr(GError) error = NULL;
  BieRecord *record;
  gint64 id;

  g_return_val_if_fail (BIE_IS_FORM (self), FALSE);

  bie_form_validate (self);
  if (!priv->valid || priv->store == NULL)
    return FALSE;

  record = BIE_FORM_GET_CLASS (self)->build_record (self);
  if (!bie_store_save (priv->store, entity, record, &error))
    {
      bie_record_free (entity, record);
      if (g_error_matches (error, BIE_STORE_ERROR, BIE_STORE_ERROR_DUPLICATE) &&
          entity == BIE_ENTITY_PERSON)
        {
          g_free (priv->save_error_field);
          priv->save_error_field = g_strdup ("document_number");
          g_free (priv->save_error);
          priv->save_error = g_strdup (error->message);
          bie_form_show_error (self, NULL);
          bie_form_validate (self);
        }
      else
        {
          bie_form_show_error (self, error->message);
        }
      return FALSE;
    }

  id = record->id;
  bie_record_free (entity, record);
  priv->record_id = id;
  bie_form_show_error (self, NULL);

  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);

  return TRUE;
}

/* Values */

/* Keeps @text in @slot, or NULL when it is blank. */
void
bie_form_set_text (char       **slot,
                   const char  *text)
{
  g_free (*slot);
  *slot = NULL;
  if (text == NULL)
    return;

  *slot = g_strstrip (g_strdup (text));
  if (**slot == '\0')
    g_clear_pointer (slot, g_free);
}

const char *
bie_form_entry_get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

void
bie_form_entry_set_text (AdwEntryRow *row,
                         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

char *
bie_form_text_view_get (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
bie_form_text_view_set (GtkTextView *view,
                        const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/* Combo rows: a GtkStringList of what the user reads, and behind it the
 * codes (or row ids as text) in the same positions. */

/**
 * bie_form_combo_set_choices:
 * @first_label: (nullable): an item for no choice ("Not recorded"), first
 * @codes: (element-type utf8): the codes
 * @labels: (element-type utf8): what to show for each code
 */
void
bie_form_combo_set_choices (AdwComboRow *row,
                            const char  *first_label,
                            GPtrArray   *codes,
                            GPtrArray   *labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (codes->len == labels->len);

  if (first_label != NULL)
    {
      gtk_string_list_append (model, first_label);
      g_ptr_array_add (kept, NULL);
    }
  for (guint i = 0; i < codes->len; i++)
    {
      gtk_string_list_append (model, g_ptr_array_index (labels, i));
      g_ptr_array_add (kept, g_strdup (g_ptr_array_index (codes, i)));
    }

  g_object_set_data_full (G_OBJECT (row), CODES_KEY, kept, (GDestroyNotify) g_ptr_array_unref);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, 0);
}

/**
 * bie_form_combo_set_reference:
 * @list_id: a reference list ("sexes", "eps", ...)
 *
 * Returns: whether the list could be read
 */
gboolean
bie_form_combo_set_reference (AdwComboRow *row,
                              const char  *list_id,
                              const char  *first_label)
{
  g_autoptr(BieReferenceList) list = bie_reference_list_get (list_id, NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (list != NULL)
    for (guint i = 0; i < bie_reference_list_get_n_items (list); i++)
      {
        g_ptr_array_add (codes, (gpointer) bie_reference_list_get_code (list, i));
        g_ptr_array_add (labels, (gpointer) bie_reference_list_get_name (list, i));
      }
  bie_form_combo_set_choices (row, first_label, codes, labels);

  return list != NULL;
}

/**
 * bie_form_combo_set_lookup:
 * @items: (element-type BieLookupItem): records to choose from
 * @with_code: whether to show each item's code before its name
 */
void
bie_form_combo_set_lookup (AdwComboRow *row,
                           const char  *first_label,
                           GPtrArray   *items,
                           gboolean     with_code)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      BieLookupItem *item = g_ptr_array_index (items, i);

      g_ptr_array_add (codes, g_strdup_printf ("%" G_GINT64_FORMAT, item->id));
      if (with_code)
        g_ptr_array_add (labels, g_strdup_printf ("%s — %s", item->code, item->name));
      else
        g_ptr_array_add (labels, g_strdup (item->name));
    }
  bie_form_combo_set_choices (row, first_label, codes, labels);
}

/**
 * bie_form_combo_get_code:
 *
 * Returns: (nullable): the code chosen, or %NULL for none
 */
const char *
bie_form_combo_get_code (AdwComboRow *row)
{
  GPtrArray *codes = g_object_get_data (G_OBJECT (row), CODES_KEY);
  guint selected = adw_combo_row_get_selected (row);

  if (codes == NULL || selected >= codes->len)
    return NULL;

  return g_ptr_array_index (codes, selected);
}

gint64
bie_form_combo_get_id (AdwComboRow *row)
{
  const char *code = bie_form_combo_get_code (row);

  return code != NULL ? g_ascii_strtoll (code, NULL, 10) : 0;
}

/* Selects @code; an unknown or absent code selects the first item. */
void
bie_form_combo_set_code (AdwComboRow *row,
                         const char  *code)
{
  GPtrArray *codes = g_object_get_data (G_OBJECT (row), CODES_KEY);

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  adw_combo_row_set_selected (row, 0);
}

void
bie_form_combo_set_id (AdwComboRow *row,
                       gint64       id)
{
  g_autofree char *code = id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : NULL;

  bie_form_combo_set_code (row, code);
}

/* What a record a combo row offers is called there. */
static char *
record_name (BieEntity  entity,
             gpointer   record)
{
  switch (entity)
    {
    case BIE_ENTITY_PROFESSIONAL:
      return g_strdup (((BieProfessional *) record)->name);

    case BIE_ENTITY_PERSON:
      {
        BiePerson *person = record;

        return g_strdup_printf ("%s %s", person->given_names, person->family_names);
      }

    case BIE_ENTITY_RISK:
      {
        g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
        const char *code = ((BieRisk *) record)->code;
        const char *name = risks != NULL ? bie_reference_list_lookup_name (risks, code) : NULL;

        return g_strdup (name != NULL ? name : code);
      }

    case BIE_ENTITY_GOAL:
      return g_strdup (((BieGoal *) record)->description);

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * bie_form_combo_keep_record:
 * @entity: the kind of record @row offers
 * @id: the row id of the record the record being edited refers to, or 0
 *
 * bie_form_combo_keep_id() with the record's name, read from @store.
 */
void
bie_form_combo_keep_record (AdwComboRow *row,
                            BieStore    *store,
                            BieEntity    entity,
                            gint64       id)
{
  gpointer record;
  g_autofree char *name = NULL;

  g_return_if_fail (BIE_IS_STORE (store));

  if (id == 0)
    return;

  record = bie_store_load (store, entity, id, NULL);
  if (record != NULL)
    {
      name = record_name (entity, record);
      bie_record_free (entity, record);
    }
  /* Translators: a choice in a form for a record the cache no longer has */
  bie_form_combo_keep_id (row, id, name != NULL ? name : _("No longer recorded"));
}

/**
 * bie_form_combo_keep_id:
 * @id: a row id the record being edited refers to, or 0
 * @label: what to show for it
 *
 * Adds @id as a choice, shown as @label, unless it is one already. A record
 * may refer to what the lists no longer offer (a professional who left the
 * team, a risk since closed, a person who moved out); editing it must not
 * drop the reference on the way through the row.
 */
void
bie_form_combo_keep_id (AdwComboRow *row,
                        gint64       id,
                        const char  *label)
{
  GPtrArray *codes = g_object_get_data (G_OBJECT (row), CODES_KEY);
  GListModel *model = adw_combo_row_get_model (row);
  g_autofree char *code = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (codes != NULL && GTK_IS_STRING_LIST (model));

  if (id == 0)
    return;

  code = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  for (guint i = 0; i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      return;

  g_ptr_array_add (codes, g_steal_pointer (&code));
  gtk_string_list_append (GTK_STRING_LIST (model), label);
}
