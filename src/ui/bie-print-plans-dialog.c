/* bie-print-plans-dialog.c: every care plan of a part of the city in one PDF
 *
 * The window's twin of `bienestar --print-plans`. The PDF is written in a
 * worker thread; the store, though, belongs to the main thread, so the
 * worker asks the main thread for each plan in turn and waits for it.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-print-plans-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-messages.h"
#include "bie-model.h"
#include "bie-plan-pages.h"
#include "bie-print-plans-dialog.h"

/* One batch, shared by the dialog (main thread) and the worker. Only plain
 * data and thread-safe objects, so the last reference may go in either
 * thread; `dialog` is read and written on the main thread only. */
typedef struct
{
  BiePrintPlansDialog *dialog;       /* not owned; NULL once the dialog is gone */
  GCancellable        *cancellable;
  GArray              *ids;
  char                *path;
  BiePaper             paper;
  GDate               *printed_on;
  guint                next;         /* worker only */

  /* The plan asked of the main thread, under `mutex`. */
  GMutex               mutex;
  GCond                cond;
  gint64               fetch_id;
  gboolean             fetch_done;
  BiePlanSnapshot     *fetch_plan;
  GError              *fetch_error;

  int                  n_done;            /* atomic */
  int                  progress_pending;  /* atomic */
} PrintJob;

struct _BiePrintPlansDialog
{
  AdwWindow             parent_instance;

  BieStore             *store;
  BiePlanSelection      selection;
  char                 *territory;
  GArray               *ids;          /* the plans the options select */
  PrintJob             *job;          /* the batch running, or NULL */
  GtkFileChooserNative *chooser;
  GFile                *file;         /* the last file written */

  /* Template widgets */
  GtkWidget            *cancel_button;
  GtkWidget            *save_button;
  GtkStack             *stack;
  GtkLabel             *error_label;
  AdwActionRow         *territory_row;
  GtkSwitch            *overdue_switch;
  AdwComboRow          *paper_row;
  GtkLabel             *count_label;
  GtkLabel             *progress_file_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *stop_button;
  GtkLabel             *done_label;
  GtkLabel             *open_error_label;
  GtkWidget            *open_button;
};

G_DEFINE_FINAL_TYPE (BiePrintPlansDialog, bie_print_plans_dialog, ADW_TYPE_WINDOW)

enum
{
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The paper row's positions. */
static const BiePaper papers[] = { BIE_PAPER_LETTER, BIE_PAPER_A4 };

static PrintJob *
print_job_ref (PrintJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
print_job_clear (PrintJob *job)
{
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->printed_on, g_date_free);
  g_clear_pointer (&job->fetch_plan, bie_plan_snapshot_free);
  g_clear_error (&job->fetch_error);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
}

static void
print_job_unref (PrintJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) print_job_clear);
}

static PrintJob *
print_job_new (BiePrintPlansDialog *dialog,
               GFile               *file)
{
  PrintJob *job = g_atomic_rc_box_new0 (PrintJob);

  job->dialog = dialog;
  job->cancellable = g_cancellable_new ();
  job->ids = g_array_ref (dialog->ids);
  job->path = g_file_get_path (file);
  job->paper = papers[MIN (adw_combo_row_get_selected (dialog->paper_row), G_N_ELEMENTS (papers) - 1)];
  job->printed_on = bie_today ();
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  return job;
}

/* Main thread: read the plan the worker waits for. */
static gboolean
fetch_plan_on_main (gpointer data)
{
  PrintJob *job = data;
  BiePlanSnapshot *plan = NULL;
  GError *error = NULL;
  gint64 plan_id;

  g_mutex_lock (&job->mutex);
  plan_id = job->fetch_id;
  g_mutex_unlock (&job->mutex);

  if (job->dialog == NULL || g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled."));
    }
  else
    plan = bie_store_plan_snapshot (job->dialog->store, plan_id, &error);

  g_mutex_lock (&job->mutex);
  job->fetch_plan = plan;
  job->fetch_error = error;
  job->fetch_done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);

  return G_SOURCE_REMOVE;
}

/* Worker: wakes the wait below when the batch is cancelled, so a main loop
 * that no longer answers cannot hold the worker. */
static void
on_job_cancelled (GCancellable *cancellable,
                  gpointer      data)
{
  PrintJob *job = data;

  g_mutex_lock (&job->mutex);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);
}

/* Worker: the next plan, read by the main thread. */
static BiePlanSnapshot *
next_plan (gpointer   data,
           GError   **error)
{
  PrintJob *job = data;
  BiePlanSnapshot *plan = NULL;

  if (job->next >= job->ids->len)
    return NULL;

  g_mutex_lock (&job->mutex);
  job->fetch_id = g_array_index (job->ids, gint64, job->next++);
  job->fetch_done = FALSE;
  g_mutex_unlock (&job->mutex);

  /* Below input and drawing: a long batch keeps the dialog responsive. */
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT_IDLE, fetch_plan_on_main,
                              print_job_ref (job), (GDestroyNotify) print_job_unref);

  g_mutex_lock (&job->mutex);
  while (!job->fetch_done && !g_cancellable_is_cancelled (job->cancellable))
    g_cond_wait (&job->cond, &job->mutex);
  if (job->fetch_done)
    {
      plan = g_steal_pointer (&job->fetch_plan);
      if (job->fetch_error != NULL)
        g_propagate_error (error, g_steal_pointer (&job->fetch_error));
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled."));
  g_mutex_unlock (&job->mutex);

  return plan;
}

static void update_progress (BiePrintPlansDialog *self,
                             guint                n_done);

/* Main thread: the latest count the worker reported. */
static gboolean
show_progress_on_main (gpointer data)
{
  PrintJob *job = data;

  g_atomic_int_set (&job->progress_pending, 0);
  if (job->dialog != NULL && job->dialog->job == job)
    update_progress (job->dialog, g_atomic_int_get (&job->n_done));

  return G_SOURCE_REMOVE;
}

/* Worker: after each plan. One update waits on the main loop at a time. */
static void
on_plan_written (guint    n_done,
                 gpointer data)
{
  PrintJob *job = data;

  g_atomic_int_set (&job->n_done, n_done);
  if (g_atomic_int_compare_and_exchange (&job->progress_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_progress_on_main,
                     print_job_ref (job), (GDestroyNotify) print_job_unref);
}

static void
print_job_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PrintJob *job = task_data;
  GError *error = NULL;
  gulong handler;

  handler = g_cancellable_connect (cancellable, G_CALLBACK (on_job_cancelled), job, NULL);
  if (bie_plan_pages_write_pdf (job->path, job->paper, job->printed_on,
                                next_plan, job, on_plan_written, job,
                                cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_cancellable_disconnect (cancellable, handler);
}

static void
update_progress (BiePrintPlansDialog *self,
                 guint                n_done)
{
  guint total = self->job != NULL ? self->job->ids->len : 0;
  g_autofree char *text = NULL;

  /* Translators: care plans written so far, of how many */
  text = g_strdup_printf (_("%u of %u"), n_done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) n_done / total : 0.0);
}

static void
show_page (BiePrintPlansDialog *self,
           const char          *name)
{
  gboolean options = g_str_equal (name, "options");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->cancel_button, options);
  gtk_widget_set_visible (self->save_button, options);
}

static void
show_error (BiePrintPlansDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_print_done (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  PrintJob *job = data;
  BiePrintPlansDialog *self = job->dialog;
  g_autoptr(GError) error = NULL;
  guint n = g_atomic_int_get (&job->n_done);
  gboolean success;

  success = g_task_propagate_boolean (G_TASK (result), &error);
  print_job_unref (job);
  if (self == NULL)
    return;

  g_assert (self->job == job);
  g_clear_pointer (&self->job, print_job_unref);

  if (success)
    {
      g_autofree char *path = g_file_get_path (self->file);
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *text = NULL;

      /* Translators: how many care plans, and the file's name */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u care plan written to “%s”",
                                           "%u care plans written to “%s”", n),
                              n, name);
      gtk_label_set_text (self->done_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), FALSE);
      show_page (self, "done");
      gtk_widget_grab_focus (self->open_button);
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      show_page (self, "options");
    }

  g_signal_emit (self, signals[DONE], 0, success);
}

static void
start_batch (BiePrintPlansDialog *self,
             GFile               *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  PrintJob *job;

  g_return_if_fail (self->job == NULL);
  g_return_if_fail (self->ids != NULL && self->ids->len > 0);

  g_set_object (&self->file, file);
  path = g_file_get_path (file);
  name = g_filename_display_name (path);
  gtk_label_set_text (self->progress_file_label, name);

  show_error (self, NULL);
  job = self->job = print_job_new (self, file);
  update_progress (self, 0);
  show_page (self, "progress");
  gtk_widget_grab_focus (self->stop_button);

  /* No source object: the task may be released in the worker, which must
   * never drop the last reference to a widget. */
  task = g_task_new (NULL, job->cancellable, on_print_done, print_job_ref (job));
  g_task_set_source_tag (task, start_batch);
  g_task_set_task_data (task, print_job_ref (job), (GDestroyNotify) print_job_unref);
  g_task_run_in_thread (task, print_job_thread);
}

/**
 * bie_print_plans_dialog_save_to:
 * @file: a local file: where the PDF goes
 *
 * Writes the plans the options select into @file, as after "Save PDF…"
 * once the file was chosen; #BiePrintPlansDialog::done tells the end.
 */
void
bie_print_plans_dialog_save_to (BiePrintPlansDialog *self,
                                GFile               *file)
{
  g_return_if_fail (BIE_IS_PRINT_PLANS_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (g_file_is_native (file));
  g_return_if_fail (self->job == NULL);

  start_batch (self, file);
}

/**
 * bie_print_plans_dialog_get_n_plans:
 *
 * Returns: how many plans the options select now
 */
guint
bie_print_plans_dialog_get_n_plans (BiePrintPlansDialog *self)
{
  g_return_val_if_fail (BIE_IS_PRINT_PLANS_DIALOG (self), 0);

  return self->ids != NULL ? self->ids->len : 0;
}

static void
on_chooser_response (BiePrintPlansDialog *self,
                     int                  response,
                     GtkNativeDialog     *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;
  if (!g_file_is_native (file))
    {
      show_error (self, _("Choose a folder on this computer to save the care plans in."));
      return;
    }

  start_batch (self, file);
}

static void
on_save_clicked (BiePrintPlansDialog *self)
{
  g_autofree char *territory = g_strdelimit (g_strdup (self->territory), "/\\", '-');
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->job != NULL || self->ids == NULL || self->ids->len == 0)
    return;

  /* Translators: the suggested file name; %s is a part of the city, e.g. Usme */
  name = g_strdup_printf (_("Care plans of %s.pdf"), territory);
  self->chooser = bie_save_chooser_new (GTK_WIDGET (self), _("Save Care Plans"), _("_Save"),
                                        _("PDF documents"), "application/pdf", "pdf", name);

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_stop_clicked (BiePrintPlansDialog *self)
{
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(BiePrintPlansDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: the reason comes from the system */
  message = g_strdup_printf (_("The file could not be opened: %s"), error->message);
  gtk_label_set_text (self->open_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), TRUE);
}

static void
on_open_clicked (BiePrintPlansDialog *self)
{
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autofree char *uri = NULL;

  if (self->file == NULL)
    return;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  uri = g_file_get_uri (self->file);
  gtk_widget_set_visible (GTK_WIDGET (self->open_error_label), FALSE);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_opened, g_object_ref (self));
}

/* Counts the plans the options select, and says so. */
static void
recount (BiePrintPlansDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  self->selection.overdue_only = gtk_switch_get_active (self->overdue_switch);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = bie_store_list_plans (self->store, &self->selection, &error);

  if (self->ids == NULL)
    {
      gtk_label_set_text (self->count_label, error->message);
      gtk_widget_set_sensitive (self->save_button, FALSE);
      return;
    }

  n = self->ids->len;
  if (n == 0)
    text = g_strdup (_("No care plan matches"));
  else
    /* Translators: how many care plans the PDF will hold */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u care plan will be printed",
                                         "%u care plans will be printed", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_sensitive (self->save_button, n > 0);
}

static void
on_overdue_changed (BiePrintPlansDialog *self)
{
  if (self->store != NULL)
    recount (self);
}

static void
bie_print_plans_dialog_dispose (GObject *object)
{
  BiePrintPlansDialog *self = BIE_PRINT_PLANS_DIALOG (object);

  /* Closing the dialog stops the batch; the worker then finds no dialog. */
  if (self->job != NULL)
    {
      g_cancellable_cancel (self->job->cancellable);
      self->job->dialog = NULL;
      g_clear_pointer (&self->job, print_job_unref);
    }
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_PRINT_PLANS_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (bie_print_plans_dialog_parent_class)->dispose (object);
}

static void
bie_print_plans_dialog_finalize (GObject *object)
{
  BiePrintPlansDialog *self = BIE_PRINT_PLANS_DIALOG (object);

  g_free (self->territory);

  G_OBJECT_CLASS (bie_print_plans_dialog_parent_class)->finalize (object);
}

static void
bie_print_plans_dialog_class_init (BiePrintPlansDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_print_plans_dialog_dispose;
  object_class->finalize = bie_print_plans_dialog_finalize;

  /**
   * BiePrintPlansDialog::done:
   * @success: whether the file was written
   *
   * A batch ended: written, failed (the message is shown) or cancelled.
   */
  signals[DONE] = g_signal_new ("done",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/bie-print-plans-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, territory_row);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, overdue_switch);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, progress_file_label);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, done_label);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, open_error_label);
  gtk_widget_class_bind_template_child (widget_class, BiePrintPlansDialog, open_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_overdue_changed);
}

static void
bie_print_plans_dialog_init (BiePrintPlansDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bie_print_plans_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the local cache, used on the main thread only
 * @selection: the part of the city whose plans are printed
 * @territory: its name, as shown ("Usme", "All Territory")
 *
 * Returns: (transfer full): a new #BiePrintPlansDialog, not yet shown
 */
BiePrintPlansDialog *
bie_print_plans_dialog_new (GtkWindow              *parent,
                            BieStore               *store,
                            const BiePlanSelection *selection,
                            const char             *territory)
{
  BiePrintPlansDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BIE_IS_STORE (store), NULL);
  g_return_val_if_fail (selection != NULL, NULL);
  g_return_val_if_fail (territory != NULL, NULL);

  self = g_object_new (BIE_TYPE_PRINT_PLANS_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->store = g_object_ref (store);
  self->selection = *selection;
  self->territory = g_strdup (territory);

  adw_action_row_set_subtitle (self->territory_row, territory);
  /* The switch sends no notify when it does not change: count either way. */
  gtk_switch_set_active (self->overdue_switch, selection->overdue_only);
  recount (self);

  return self;
}
