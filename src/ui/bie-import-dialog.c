/* bie-import-dialog.c: the district's sector or localidad boundaries into the cache
 *
 * The window's twin of `bienestar --import-sectors` and
 * `--import-localidades`. A layer can be a hundred megabytes: it is read
 * in worker threads, once to list its features' properties when it is
 * chosen and once to judge every feature when Import is clicked. The
 * store belongs to the main thread, so the layer, once judged, is applied
 * there, in one transaction.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-import-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bie-geo-layer.h"
#include "bie-import-dialog.h"
#include "bie-store-geo.h"

struct _BieImportDialog
{
  AdwWindow             parent_instance;

  BieStore             *store;
  GFile                *file;          /* the file chosen, or NULL */
  GStrv                 properties;    /* its features' property names; NULL until read */
  GCancellable         *cancellable;   /* the file being read in a worker, or NULL */
  GtkFileChooserNative *chooser;
  guint                 guessed_code;  /* the code property the dialog chose, not the user */

  /* Template widgets */
  GtkWidget            *cancel_button;
  GtkWidget            *import_button;
  GtkStack             *stack;
  GtkLabel             *error_label;
  GtkCheckButton       *localidades_check;
  AdwActionRow         *file_row;
  GtkSpinner           *file_spinner;
  AdwComboRow          *code_row;
  GtkStringList        *code_model;
  AdwComboRow          *name_row;
  GtkStringList        *name_model;
  GtkLabel             *reason_label;
  GtkSpinner           *checking_spinner;
  GtkLabel             *checking_file_label;
  GtkWidget            *stop_button;
  GtkLabel             *report_title;
  GtkLabel             *report_label;
  GtkWidget            *close_button;
};

G_DEFINE_FINAL_TYPE (BieImportDialog, bie_import_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What Import hands the worker: plain data only, since the task's last
 * reference may go in the worker. */
typedef struct
{
  BieEntity  entity;
  char      *path;
  char      *code_property;
  char      *name_property;  /* (nullable) */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->path);
  g_free (job->code_property);
  g_free (job->name_property);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadJob, load_job_free)

static BieEntity
chosen_entity (BieImportDialog *self)
{
  return gtk_check_button_get_active (self->localidades_check) ? BIE_ENTITY_LOCALIDAD
                                                                : BIE_ENTITY_SECTOR;
}

static gboolean
contains_ascii_casefold (const char *name,
                         const char *part)
{
  g_autofree char *folded = g_ascii_strdown (name, -1);

  return strstr (folded, part) != NULL;
}

/* The district's own name for the codes, else a name that says code,
 * else the first: the user sees the choice and can change it. */
static guint
guess_code_property (const char * const *names,
                     BieEntity           entity)
{
  const char *wanted = entity == BIE_ENTITY_LOCALIDAD ? "LocCodigo" : "SCACODIGO";

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], wanted) == 0)
      return i;
  for (guint i = 0; names[i] != NULL; i++)
    if (contains_ascii_casefold (names[i], "cod"))
      return i;

  return 0;
}

/* The position in the name drop-down, where 0 is "None". */
static guint
guess_name_property (const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], "SCANOMBRE") == 0)
      return i + 1;
  for (guint i = 0; names[i] != NULL; i++)
    if (contains_ascii_casefold (names[i], "nombre") || contains_ascii_casefold (names[i], "name"))
      return i + 1;

  return 0;
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  return path != NULL ? g_filename_display_basename (path) : g_file_get_parse_name (file);
}

static void
show_error (BieImportDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_page (BieImportDialog *self,
           const char      *name)
{
  gboolean form = g_str_equal (name, "form");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->cancel_button, form);
  gtk_widget_set_visible (self->import_button, form);
  gtk_spinner_set_spinning (self->checking_spinner, g_str_equal (name, "checking"));
}

static void
set_busy (BieImportDialog *self,
          GCancellable    *cancellable)
{
  gboolean was_busy = self->cancellable != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, cancellable);

  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Import is enabled only with a file read and a code property to read
 * the codes from; otherwise the line under the choices says what is
 * missing. */
static void
update_import (BieImportDialog *self)
{
  gboolean reading = self->cancellable != NULL;
  gboolean have_names = self->properties != NULL && self->properties[0] != NULL;
  g_autofree char *reason = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->file_spinner), reading);
  gtk_spinner_set_spinning (self->file_spinner, reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), have_names && !reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), have_names && !reading);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), chosen_entity (self) == BIE_ENTITY_SECTOR);

  if (self->file == NULL)
    reason = g_strdup (_("Choose the district’s GeoJSON file of the boundaries."));
  else if (reading)
    {
      g_autofree char *name = file_display_name (self->file);

      /* Translators: a file name */
      reason = g_strdup_printf (_("Reading “%s”…"), name);
    }
  else if (self->properties == NULL)
    reason = g_strdup (_("This file cannot be imported: choose another one."));
  else if (!have_names)
    {
      g_autofree char *name = file_display_name (self->file);

      /* Translators: a file name */
      reason = g_strdup_printf (_("The features of “%s” have no properties, so none has a code: "
                                  "choose another file."), name);
    }

  gtk_label_set_text (self->reason_label, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_widget_set_sensitive (self->import_button, reason == NULL);
}

/* Fills the drop-downs with @names (transfer full; %NULL empties them),
 * the likely code and name properties selected. */
static void
set_properties (BieImportDialog *self,
                GStrv            names)
{
  guint n_code = g_list_model_get_n_items (G_LIST_MODEL (self->code_model));
  guint n_name = g_list_model_get_n_items (G_LIST_MODEL (self->name_model));

  g_strfreev (self->properties);
  self->properties = names;

  gtk_string_list_splice (self->code_model, 0, n_code, (const char * const *) names);
  gtk_string_list_splice (self->name_model, 0, n_name, NULL);
  if (names != NULL)
    {
      /* Translators: the name drop-down's first item: no name property */
      gtk_string_list_append (self->name_model, C_("name property", "None"));
      gtk_string_list_splice (self->name_model, 1, 0, (const char * const *) names);
    }

  if (names != NULL && names[0] != NULL)
    {
      self->guessed_code = guess_code_property ((const char * const *) names, chosen_entity (self));
      adw_combo_row_set_selected (self->code_row, self->guessed_code);
      adw_combo_row_set_selected (self->name_row, guess_name_property ((const char * const *) names));
    }

  update_import (self);
}

static void
on_entity_changed (BieImportDialog *self)
{
  if (self->store == NULL)
    return;

  /* Another kind of layer has its own code property, unless the user
   * already chose one. */
  if (self->properties != NULL && self->properties[0] != NULL &&
      adw_combo_row_get_selected (self->code_row) == self->guessed_code)
    {
      self->guessed_code = guess_code_property ((const char * const *) self->properties,
                                                chosen_entity (self));
      adw_combo_row_set_selected (self->code_row, self->guessed_code);
    }

  gtk_window_set_title (GTK_WINDOW (self), chosen_entity (self) == BIE_ENTITY_LOCALIDAD
                                             ? _("Import Localidad Boundaries")
                                             : _("Import Sector Boundaries"));
  update_import (self);
}

/* Reading the properties */

static void
peek_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv names = bie_geo_layer_peek_properties (task_data, cancellable, &error);

  if (names != NULL)
    g_task_return_pointer (task, names, (GDestroyNotify) g_strfreev);
  else
    g_task_return_error (task, error);
}

static void
on_properties_read (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(BieImportDialog) self = data;
  g_autoptr(GError) error = NULL;
  GStrv names;

  /* Another file was chosen since, or the dialog was closed. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  names = g_task_propagate_pointer (G_TASK (result), &error);
  set_busy (self, NULL);
  show_error (self, error != NULL ? error->message : NULL);
  set_properties (self, names);
}

static void
read_properties (BieImportDialog *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;

  set_busy (self, cancellable);
  set_properties (self, NULL);

  /* No source object: the task may be released in the worker, which must
   * never drop the last reference to a widget. */
  task = g_task_new (NULL, cancellable, on_properties_read, g_object_ref (self));
  g_task_set_source_tag (task, read_properties);
  g_task_set_task_data (task, g_file_get_path (self->file), g_free);
  g_task_run_in_thread (task, peek_thread);
}

/**
 * bie_import_dialog_set_file:
 * @file: a local file: the GeoJSON layer to import
 *
 * Chooses @file, as "Choose File…" does, and reads the property names
 * of its features in a worker (#BieImportDialog:busy meanwhile). A file
 * that cannot be a layer is said so in the dialog, and Import stays
 * disabled. Ignored while a layer is checked.
 */
void
bie_import_dialog_set_file (BieImportDialog *self,
                            GFile           *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (BIE_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->store != NULL);

  /* While a layer is checked, the file is the one being checked. */
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "form"))
    return;

  name = file_display_name (file);
  adw_action_row_set_subtitle (self->file_row, name);
  g_set_object (&self->file, file);

  if (!g_file_is_native (file))
    {
      set_busy (self, NULL);
      set_properties (self, NULL);
      show_error (self, _("Choose a file on this computer: Bienestar reads boundaries from local files."));
      return;
    }

  show_error (self, NULL);
  read_properties (self);
}

/**
 * bie_import_dialog_get_file:
 *
 * Returns: (transfer none) (nullable): the file chosen
 */
GFile *
bie_import_dialog_get_file (BieImportDialog *self)
{
  g_return_val_if_fail (BIE_IS_IMPORT_DIALOG (self), NULL);

  return self->file;
}

/**
 * bie_import_dialog_get_busy:
 *
 * Returns: whether a file is being read or checked in a worker
 */
gboolean
bie_import_dialog_get_busy (BieImportDialog *self)
{
  g_return_val_if_fail (BIE_IS_IMPORT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

static void
on_chooser_response (BieImportDialog *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    bie_import_dialog_set_file (self, file);
}

static void
on_choose_clicked (BieImportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose a Boundary Layer"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (filter, _("GeoJSON files"));
  gtk_file_filter_add_mime_type (filter, "application/geo+json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "geojson");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Checking and applying */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  BieGeoLayer *layer;

  layer = bie_geo_layer_load (job->path, job->code_property, job->name_property, cancellable, &error);
  if (layer != NULL)
    g_task_return_pointer (task, layer, (GDestroyNotify) bie_geo_layer_free);
  else
    g_task_return_error (task, error);
}

static void
show_report (BieImportDialog          *self,
             const BieGeoImportReport *report)
{
  g_autofree char *text = bie_geo_import_report_format (report);

  if (report->n_updated + report->n_added == 0)
    gtk_label_set_text (self->report_title, _("Nothing Was Imported"));
  else if (report->entity == BIE_ENTITY_LOCALIDAD)
    gtk_label_set_text (self->report_title, _("Localidad Boundaries Imported"));
  else
    gtk_label_set_text (self->report_title, _("Sector Boundaries Imported"));
  gtk_label_set_text (self->report_label, text);

  show_page (self, "report");
  gtk_widget_grab_focus (self->close_button);
  /* The label selects all of itself when focus passes through it on the
   * way: the text is to read, and to copy only what the user selects. */
  gtk_label_select_region (self->report_label, 0, 0);
}

static void
on_layer_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(BieImportDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BieGeoLayer) layer = NULL;
  g_autoptr(BieGeoImportReport) report = NULL;
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  gboolean applied;

  /* The dialog was closed: its cancellable went with it. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  layer = g_task_propagate_pointer (G_TASK (result), &error);
  set_busy (self, NULL);

  /* On the main thread, as every use of the store. */
  if (layer != NULL)
    applied = job->entity == BIE_ENTITY_LOCALIDAD
              ? bie_store_import_localidades (self->store, layer, &report, &error)
              : bie_store_import_sectors (self->store, layer, &report, &error);
  else
    applied = FALSE;

  if (applied)
    show_report (self, report);
  else
    {
      /* Back to the choices as they were, with why, to try again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      show_page (self, "form");
      update_import (self);
      gtk_widget_grab_focus (self->import_button);
    }

  g_signal_emit (self, signals[FINISHED], 0, applied);
}

static void
on_import_clicked (BieImportDialog *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(LoadJob) job = NULL;
  g_autofree char *name = NULL;
  guint code, name_position;

  code = adw_combo_row_get_selected (self->code_row);
  if (self->cancellable != NULL || self->file == NULL ||
      self->properties == NULL || code >= g_strv_length (self->properties))
    return;

  job = g_new0 (LoadJob, 1);
  job->entity = chosen_entity (self);
  job->path = g_file_get_path (self->file);
  job->code_property = g_strdup (self->properties[code]);
  name_position = adw_combo_row_get_selected (self->name_row);
  if (job->entity == BIE_ENTITY_SECTOR && name_position > 0 &&
      name_position <= g_strv_length (self->properties))
    job->name_property = g_strdup (self->properties[name_position - 1]);

  name = file_display_name (self->file);
  gtk_label_set_text (self->checking_file_label, name);
  show_error (self, NULL);
  show_page (self, "checking");
  gtk_widget_grab_focus (self->stop_button);

  cancellable = g_cancellable_new ();
  set_busy (self, cancellable);
  task = g_task_new (NULL, cancellable, on_layer_loaded, g_object_ref (self));
  g_task_set_source_tag (task, on_import_clicked);
  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

static void
on_stop_clicked (BieImportDialog *self)
{
  /* The worker stops at its next feature; the form comes back then. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Closing the dialog stops its work: a layer is never applied once the
 * window is gone. gtk_window_destroy() hides the window but leaves
 * dispose to the last reference, which a running task holds; what the
 * worker returns then matches no cancellable and is dropped. */
static void
bie_import_dialog_unmap (GtkWidget *widget)
{
  BieImportDialog *self = BIE_IMPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    {
      gboolean checking = g_str_equal (gtk_stack_get_visible_child_name (self->stack), "checking");

      set_busy (self, NULL);
      if (!checking)
        {
          /* Its properties were not read: shown again, it asks for a file. */
          g_clear_object (&self->file);
          adw_action_row_set_subtitle (self->file_row, _("No file chosen"));
        }
      show_page (self, "form");
      update_import (self);
    }

  GTK_WIDGET_CLASS (bie_import_dialog_parent_class)->unmap (widget);
}

static void
bie_import_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BieImportDialog *self = BIE_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, bie_import_dialog_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_import_dialog_dispose (GObject *object)
{
  BieImportDialog *self = BIE_IMPORT_DIALOG (object);

  /* A running task holds a reference: only g_object_run_dispose() comes
   * here with a worker still reading. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->properties, g_strfreev);

  G_OBJECT_CLASS (bie_import_dialog_parent_class)->dispose (object);
}

static void
bie_import_dialog_class_init (BieImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = bie_import_dialog_get_property;
  object_class->dispose = bie_import_dialog_dispose;
  widget_class->unmap = bie_import_dialog_unmap;

  /**
   * BieImportDialog:busy:
   *
   * Whether a file is being read (its properties) or checked (its
   * features) in a worker thread.
   */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BieImportDialog::finished:
   * @imported: whether the layer was applied and its report is shown
   *
   * An import ended: applied, refused (the reason is shown) or cancelled.
   */
  signals[FINISHED] = g_signal_new ("finished",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, localidades_check);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, file_spinner);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, code_model);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, name_model);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, checking_file_label);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, report_title);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, report_label);
  gtk_widget_class_bind_template_child (widget_class, BieImportDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_changed);
}

static void
bie_import_dialog_init (BieImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bie_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the local cache, used on the main thread only
 *
 * Returns: (transfer full): a new #BieImportDialog, not yet shown
 */
GtkWidget *
bie_import_dialog_new (GtkWindow *parent,
                       BieStore  *store)
{
  BieImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);

  self = g_object_new (BIE_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->store = g_object_ref (store);
  update_import (self);

  return GTK_WIDGET (self);
}
