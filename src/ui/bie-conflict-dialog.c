/* bie-conflict-dialog.c: records changed here and on the server, and the
 * user's choice, field by field, of what to keep
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list of conflicts beside (or, narrow, before) one conflict's fields:
 * for each field both sides changed, this computer's value and the
 * server's, one to choose. Apply keeps the server's version of every
 * field changed only there, this computer's of every field changed only
 * here, and the choices; what differs from the server's version goes up
 * at the next synchronisation. A record the server deleted is deleted
 * here too, or kept and sent again.
 */

#define G_LOG_DOMAIN "bie-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-conflict-dialog.h"
#include "bie-store-sync.h"
#include "bie-sync-text.h"

typedef struct
{
  char           *field;
  GtkCheckButton *mine;
  GtkCheckButton *theirs;
} Choice;

struct _BieConflictDialog
{
  AdwWindow          parent_instance;

  BieSyncController *controller;
  BieStore          *store;
  GPtrArray         *conflicts;   /* (element-type BieSyncConflict) */
  BieSyncConflict   *current;     /* (nullable) one of them */
  gpointer           mine;        /* (nullable) its record here */
  gpointer           theirs;      /* (nullable) the server's version, as a record */
  GHashTable        *edited;      /* (nullable) the fields edited here */
  GArray            *choices;     /* (element-type Choice) */

  /* Template widgets */
  GtkStack          *main_stack;
  AdwLeaflet        *leaflet;
  GtkWidget         *detail;
  GtkStack          *list_stack;
  GtkListBox        *conflict_list;
  AdwWindowTitle    *detail_title;
  GtkWidget         *apply_button;
  GtkStack          *detail_stack;
  GtkLabel          *record_label;
  GtkLabel          *explanation_label;
  GtkLabel          *found_label;
  GtkLabel          *error_label;
  GtkStack          *choice_stack;
  GtkListBox        *field_list;
};

G_DEFINE_FINAL_TYPE (BieConflictDialog, bie_conflict_dialog, ADW_TYPE_WINDOW)

#define CONFLICT_ID_KEY "bie-conflict-id"

static void on_sync_finished (BieConflictDialog *self);

static void
choice_clear (gpointer data)
{
  Choice *choice = data;

  g_free (choice->field);
}

/**
 * bie_conflict_dialog_new:
 * @parent: the window it belongs to
 * @controller: the synchronisation of the cache whose conflicts it lists
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
BieConflictDialog *
bie_conflict_dialog_new (GtkWindow         *parent,
                         BieSyncController *controller)
{
  BieConflictDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_SYNC_CONTROLLER (controller), NULL);

  self = g_object_new (BIE_TYPE_CONFLICT_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->controller = g_object_ref (controller);
  self->store = g_object_ref (bie_sync_controller_get_store (controller));
  g_signal_connect_object (controller, "finished", G_CALLBACK (on_sync_finished), self, G_CONNECT_SWAPPED);
  bie_conflict_dialog_show_conflict (self, 0);

  return self;
}

/**
 * bie_conflict_dialog_get_n_conflicts:
 *
 * Returns: how many conflicts the dialog lists
 */
guint
bie_conflict_dialog_get_n_conflicts (BieConflictDialog *self)
{
  g_return_val_if_fail (BIE_IS_CONFLICT_DIALOG (self), 0);

  return self->conflicts != NULL ? self->conflicts->len : 0;
}

static void
show_error (BieConflictDialog *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_current (BieConflictDialog *self)
{
  if (self->current != NULL)
    {
      if (self->mine != NULL)
        bie_record_free (self->current->entity, self->mine);
      if (self->theirs != NULL)
        bie_record_free (self->current->entity, self->theirs);
    }
  self->mine = NULL;
  self->theirs = NULL;
  self->current = NULL;
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_array_set_size (self->choices, 0);
}

static char *
format_found (gint64 created_at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (created_at / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  if (when == NULL)
    return g_strdup ("");
  /* Translators: when a conflict was found, as in "3 Mar 2026, 14:05"; see g_date_time_format() */
  text = g_date_time_format (when, _("%-d %b %Y, %H:%M"));

  /* Translators: %s is when, e.g. "3 Mar 2026, 14:05" */
  return g_strdup_printf (_("Found %s"), text);
}

/* What tells the record apart: from this computer's version, else the
 * server's. */
static char *
conflict_label (BieConflictDialog *self,
                BieSyncConflict   *conflict)
{
  gpointer record = bie_store_load_by_uuid (self->store, conflict->entity, conflict->uuid, NULL);
  char *label;

  if (record == NULL && conflict->theirs_json != NULL)
    record = bie_sync_controller_theirs_record (self->controller, conflict->entity, conflict->theirs_json, NULL);
  if (record == NULL)
    return g_strdup (_("A record no longer in this cache"));

  label = bie_sync_text_record_label (self->store, conflict->entity, record);
  bie_record_free (conflict->entity, record);

  return label;
}

static char *
field_list_text (BieSyncConflict *conflict)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (conflict->theirs_json == NULL)
    return g_strdup (_("Deleted on the server"));

  for (guint i = 0; conflict->fields[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: between the names of fields in a list */
        g_string_append (text, _(", "));
      g_string_append (text, bie_sync_text_field_label (conflict->entity, conflict->fields[i]));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
conflict_row (BieConflictDialog *self,
              BieSyncConflict   *conflict)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *label = conflict_label (self, conflict);
  g_autofree char *fields = field_list_text (conflict);
  g_autofree char *subtitle = NULL;
  g_autofree char *found = format_found (conflict->created_at);
  g_autofree char *accessible = NULL;
  GtkWidget *title_label, *subtitle_label, *found_label;

  /* Translators: the kind of a record in conflict and the fields both sides changed */
  subtitle = g_strdup_printf (_("%s · %s"), bie_sync_text_entity_name (conflict->entity), fields);

  title_label = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "heading");
  subtitle_label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle_label), PANGO_WRAP_WORD_CHAR);
  found_label = gtk_label_new (found);
  gtk_label_set_xalign (GTK_LABEL (found_label), 0);
  gtk_widget_add_css_class (found_label, "caption");
  gtk_widget_add_css_class (found_label, "dim-label");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), subtitle_label);
  gtk_box_append (GTK_BOX (box), found_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a conflict in the list, for screen readers: the record, its kind and fields */
  accessible = g_strdup_printf (_("%s, %s"), label, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (row), CONFLICT_ID_KEY, GSIZE_TO_POINTER ((gsize) conflict->id));

  return row;
}

static GtkWidget *
value_choice (const char *where,
              const char *value,
              const char *accessible)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *where_label = gtk_label_new (where);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (where_label), 0);
  gtk_widget_add_css_class (where_label, "caption");
  gtk_widget_add_css_class (where_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), where_label);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return check;
}

static void
add_choice (BieConflictDialog *self,
            const char        *field)
{
  BieEntity entity = self->current->entity;
  const char *label = bie_sync_text_field_label (entity, field);
  g_autofree char *mine = bie_sync_text_field_value (self->store, entity, field, self->mine);
  g_autofree char *theirs = bie_sync_text_field_value (self->store, entity, field, self->theirs);
  g_autofree char *mine_accessible = NULL;
  g_autofree char *theirs_accessible = NULL;
  g_autofree char *mine_name = g_strconcat ("mine:", field, NULL);
  g_autofree char *theirs_name = g_strconcat ("theirs:", field, NULL);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *values = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *field_label = gtk_label_new (label);
  Choice choice;

  /* Translators: a choice of a field's value, for screen readers: "Phone on this computer: 300 555 0101" */
  mine_accessible = g_strdup_printf (_("%s on this computer: %s"), label, mine);
  /* Translators: a choice of a field's value, for screen readers: "Phone on the server: 300 555 0199" */
  theirs_accessible = g_strdup_printf (_("%s on the server: %s"), label, theirs);

  choice.field = g_strdup (field);
  /* Translators: where a value in conflict comes from: this computer ("mine") */
  choice.mine = GTK_CHECK_BUTTON (value_choice (_("Mine, on this computer"), mine, mine_accessible));
  /* Translators: where a value in conflict comes from: the district server ("theirs") */
  choice.theirs = GTK_CHECK_BUTTON (value_choice (_("Theirs, on the server"), theirs, theirs_accessible));
  gtk_widget_set_name (GTK_WIDGET (choice.mine), mine_name);
  gtk_widget_set_name (GTK_WIDGET (choice.theirs), theirs_name);
  gtk_check_button_set_group (choice.theirs, choice.mine);
  gtk_check_button_set_active (choice.mine, TRUE);
  g_array_append_val (self->choices, choice);

  gtk_box_set_homogeneous (GTK_BOX (values), TRUE);
  gtk_box_append (GTK_BOX (values), GTK_WIDGET (choice.mine));
  gtk_box_append (GTK_BOX (values), GTK_WIDGET (choice.theirs));
  gtk_label_set_xalign (GTK_LABEL (field_label), 0);
  gtk_label_set_wrap (GTK_LABEL (field_label), TRUE);
  gtk_widget_add_css_class (field_label, "heading");
  gtk_box_append (GTK_BOX (box), field_label);
  gtk_box_append (GTK_BOX (box), values);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_list_box_append (self->field_list, row);
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* One conflict's fields, or what to do with a record the server deleted. */
static void
show_current (BieConflictDialog *self)
{
  BieSyncConflict *conflict = self->current;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *found = NULL;
  gboolean in_conflict;

  remove_rows (self->field_list);
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->apply_button, FALSE);

  if (conflict == NULL)
    {
      adw_window_title_set_title (self->detail_title, NULL);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      gtk_widget_set_visible (self->apply_button, FALSE);
      return;
    }

  adw_window_title_set_title (self->detail_title, bie_sync_text_entity_name (conflict->entity));
  label = conflict_label (self, conflict);
  found = format_found (conflict->created_at);
  gtk_label_set_text (self->record_label, label);
  gtk_label_set_text (self->found_label, found);
  gtk_stack_set_visible_child_name (self->detail_stack, "conflict");

  self->mine = bie_store_load_by_uuid (self->store, conflict->entity, conflict->uuid, &error);
  if (self->mine != NULL)
    {
      g_autofree char *context = bie_sync_text_record_context (self->store, conflict->entity, self->mine);

      if (context != NULL)
        {
          /* Translators: the household a record belongs to, then when its conflict was found */
          g_autofree char *both = g_strdup_printf (_("%s · %s"), context, found);

          gtk_label_set_text (self->found_label, both);
        }
    }
  if (self->mine != NULL &&
      !bie_store_sync_local_edits (self->store, conflict->entity, conflict->uuid, &self->edited,
                                   &in_conflict, &error))
    {
      bie_record_free (conflict->entity, self->mine);
      self->mine = NULL;
    }
  if (self->mine == NULL)
    {
      gtk_label_set_text (self->explanation_label, "");
      gtk_widget_set_visible (self->apply_button, FALSE);
      gtk_stack_set_visible_child_name (self->choice_stack, "fields");
      show_error (self, error->message);
      return;
    }

  if (conflict->theirs_json == NULL)
    {
      gtk_label_set_text (self->explanation_label,
                          _("Someone deleted this record on the server, and it was changed on this computer "
                            "since. Delete it here too, or keep this computer’s version and send it to the "
                            "server again."));
      gtk_widget_set_visible (self->apply_button, FALSE);
      gtk_stack_set_visible_child_name (self->choice_stack, "deleted");
      return;
    }

  gtk_label_set_text (self->explanation_label,
                      _("This record was changed on this computer and on the server. For each field changed "
                        "on both sides, choose the value to keep; every other change, made here or on the "
                        "server, is kept."));
  gtk_widget_set_visible (self->apply_button, TRUE);
  gtk_stack_set_visible_child_name (self->choice_stack, "fields");

  self->theirs = bie_sync_controller_theirs_record (self->controller, conflict->entity,
                                                    conflict->theirs_json, &error);
  if (self->theirs == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; conflict->fields[i] != NULL; i++)
    add_choice (self, conflict->fields[i]);
  gtk_widget_set_sensitive (self->apply_button, TRUE);
}

static BieSyncConflict *
find_conflict (BieConflictDialog *self,
               gint64             id)
{
  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    {
      BieSyncConflict *conflict = g_ptr_array_index (self->conflicts, i);

      if (conflict->id == id)
        return conflict;
    }

  return NULL;
}

static GtkListBoxRow *
find_row (BieConflictDialog *self,
          gint64             id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->conflict_list, i)) != NULL; i++)
    if ((gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), CONFLICT_ID_KEY)) == id)
      return row;

  return NULL;
}

/* Reads the conflicts anew and shows the one @id, or the one at
 * @position when it is gone (the next after one resolved). */
static void
reload (BieConflictDialog *self,
        gint64             id,
        guint              position)
{
  g_autoptr(GError) error = NULL;
  BieSyncConflict *conflict;

  clear_current (self);
  remove_rows (self->conflict_list);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  self->conflicts = bie_store_sync_conflicts (self->store, &error);
  if (self->conflicts == NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      show_current (self);
      gtk_stack_set_visible_child_name (self->detail_stack, "conflict");
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < self->conflicts->len; i++)
    gtk_list_box_append (self->conflict_list, conflict_row (self, g_ptr_array_index (self->conflicts, i)));
  gtk_stack_set_visible_child_name (self->list_stack, self->conflicts->len > 0 ? "list" : "empty");
  /* None left: one message for the whole window, not a list beside nothing. */
  gtk_stack_set_visible_child_name (self->main_stack, self->conflicts->len > 0 ? "conflicts" : "done");

  conflict = find_conflict (self, id);
  if (conflict == NULL && self->conflicts->len > 0)
    conflict = g_ptr_array_index (self->conflicts, MIN (position, self->conflicts->len - 1));

  self->current = conflict;
  if (conflict != NULL)
    gtk_list_box_select_row (self->conflict_list, find_row (self, conflict->id));
  show_current (self);
}

static guint
current_position (BieConflictDialog *self)
{
  guint position = 0;

  if (self->current != NULL)
    g_ptr_array_find (self->conflicts, self->current, &position);

  return position;
}

/**
 * bie_conflict_dialog_show_conflict:
 * @conflict_id: a conflict's id; 0 for the first
 *
 * Reads the conflicts anew and shows one.
 *
 * Returns: whether the conflict @conflict_id is there
 */
gboolean
bie_conflict_dialog_show_conflict (BieConflictDialog *self,
                                   gint64             conflict_id)
{
  g_return_val_if_fail (BIE_IS_CONFLICT_DIALOG (self), FALSE);

  reload (self, conflict_id, 0);

  return self->current != NULL && (conflict_id == 0 || self->current->id == conflict_id);
}

static void
on_conflict_activated (BieConflictDialog *self,
                       GtkListBoxRow     *row)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), CONFLICT_ID_KEY));
  BieSyncConflict *conflict = find_conflict (self, id);

  clear_current (self);
  self->current = conflict;
  show_current (self);
  adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

static void
on_back_clicked (BieConflictDialog *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
choose_all (BieConflictDialog *self,
            gboolean           theirs)
{
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      gtk_check_button_set_active (theirs ? choice->theirs : choice->mine, TRUE);
    }
}

static void
on_all_mine_clicked (BieConflictDialog *self)
{
  choose_all (self, FALSE);
}

static void
on_all_theirs_clicked (BieConflictDialog *self)
{
  choose_all (self, TRUE);
}

static gboolean
edited_here (BieConflictDialog *self,
             const char        *field)
{
  return self->edited != NULL &&
         (g_hash_table_contains (self->edited, "*") || g_hash_table_contains (self->edited, field));
}

/* The record as the user chose it: the server's version, with the fields
 * edited here kept from this computer, and each field in conflict as
 * chosen. */
static gpointer
build_merged (BieConflictDialog *self)
{
  BieEntity entity = self->current->entity;
  const BieEntityInfo *info = bie_entity_info (entity);
  BieRecord *mine = self->mine;
  BieRecord *theirs = self->theirs;
  BieRecord *merged = bie_record_copy (entity, theirs);

  merged->id = mine->id;
  g_free (merged->uuid);
  merged->uuid = g_strdup (mine->uuid);
  if (merged->server_id == NULL)
    merged->server_id = g_strdup (mine->server_id);
  merged->deleted = edited_here (self, "deleted") ? mine->deleted : theirs->deleted;

  for (guint i = 0; i < info->n_fields; i++)
    {
      const BieField *field = &info->fields[i];

      if (edited_here (self, field->name))
        bie_record_copy_field (field, merged, mine);
      /* A reference to a record this cache does not have would be lost:
       * the one here stays, unless the user chooses otherwise below. */
      else if (field->type == BIE_FIELD_REF &&
               *(gint64 *) BIE_FIELD_PTR (merged, field) == 0 &&
               *(gint64 *) BIE_FIELD_PTR (mine, field) != 0)
        bie_record_copy_field (field, merged, mine);
    }

  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);
      gboolean take_theirs = gtk_check_button_get_active (choice->theirs);
      BieRecord *from = take_theirs ? theirs : mine;
      const BieField *field;

      if (g_str_equal (choice->field, "deleted"))
        {
          merged->deleted = from->deleted;
          continue;
        }
      field = bie_entity_find_field (info, choice->field);
      if (field != NULL)
        bie_record_copy_field (field, merged, from);
    }

  return merged;
}

static void
resolve_with (BieConflictDialog *self,
              gpointer           merged,
              gconstpointer      theirs)
{
  g_autoptr(GError) error = NULL;
  BieEntity entity = self->current->entity;
  guint position = current_position (self);
  gboolean ok;

  ok = bie_store_sync_resolve (self->store, self->current->id, merged, theirs, &error);
  bie_record_free (entity, merged);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  bie_sync_controller_refresh_counts (self->controller);
  reload (self, 0, position);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_apply_clicked (BieConflictDialog *self)
{
  if (self->current == NULL || self->mine == NULL || self->theirs == NULL)
    return;

  resolve_with (self, build_merged (self), self->theirs);
}

static void
on_delete_clicked (BieConflictDialog *self)
{
  BieRecord *merged;

  if (self->current == NULL || self->mine == NULL)
    return;

  merged = bie_record_copy (self->current->entity, self->mine);
  merged->deleted = TRUE;
  resolve_with (self, merged, NULL);
}

static void
on_keep_clicked (BieConflictDialog *self)
{
  BieRecord *merged;

  if (self->current == NULL || self->mine == NULL)
    return;

  merged = bie_record_copy (self->current->entity, self->mine);
  merged->deleted = FALSE;
  resolve_with (self, merged, NULL);
}

/* A run may bring new conflicts, or settle some, while the dialog shows. */
static void
on_sync_finished (BieConflictDialog *self)
{
  reload (self, self->current != NULL ? self->current->id : 0, current_position (self));
}

static void
bie_conflict_dialog_dispose (GObject *object)
{
  BieConflictDialog *self = BIE_CONFLICT_DIALOG (object);

  clear_current (self);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_CONFLICT_DIALOG);
  g_clear_object (&self->controller);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bie_conflict_dialog_parent_class)->dispose (object);
}

static void
bie_conflict_dialog_finalize (GObject *object)
{
  BieConflictDialog *self = BIE_CONFLICT_DIALOG (object);

  g_array_unref (self->choices);

  G_OBJECT_CLASS (bie_conflict_dialog_parent_class)->finalize (object);
}

static void
bie_conflict_dialog_class_init (BieConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_conflict_dialog_dispose;
  object_class->finalize = bie_conflict_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, detail);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, detail_title);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, record_label);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, found_label);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, choice_stack);
  gtk_widget_class_bind_template_child (widget_class, BieConflictDialog, field_list);
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_all_mine_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_all_theirs_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bie_conflict_dialog_init (BieConflictDialog *self)
{
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->choices, choice_clear);

  gtk_widget_init_template (GTK_WIDGET (self));
}
