/* bie-plan-view.c: the Plans view: a family's care plan on a timeline or
 * as a list, to reschedule, print and export
 *
 * It shows the plan of the household it was given and follows the cache:
 * an edit anywhere reads the plan again, keeping the zoom, the scroll and
 * the selection. An activity dragged (or moved with Alt and an arrow) is
 * saved at once, row and outbox entry, with a toast to undo it. A wide view
 * shows the timeline, a narrow one the list; the toolbar switches.
 *
 * Printing and "Export as PDF…" draw the same pages, from the printed
 * pages renderer: printing at the page size and margins the print dialog
 * gives, the PDF in a worker thread on the paper of the last page setup,
 * else of the user's locale.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-plan-view"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-activity-form.h"
#include "bie-messages.h"
#include "bie-plan-list.h"
#include "bie-plan-pages.h"
#include "bie-plan-text.h"
#include "bie-plan-view.h"
#include "bie-store-plans.h"
#include "bie-timeline-mark.h"
#include "bie-timeline-widget.h"
#include "bie-validation.h"

/* Narrower than this, the list is what the view shows first. */
#define NARROW_WIDTH 600
#define ZOOM_STEP 1.5

typedef struct _Move Move;

struct _BiePlanView
{
  GtkWidget          parent_instance;

  BieStore          *store;
  gint64             household_id;
  gint64             plan_id;        /* 0: no plan shown */
  char              *mode;           /* "timeline" or "list" */
  gboolean           narrow;
  gboolean           width_known;
  guint              mode_idle_id;

  /* Kept for the session, from one print to the next. */
  GtkPageSetup      *page_setup;
  GtkPrintSettings  *print_settings;
  GtkNativeDialog   *chooser;
  GCancellable      *cancellable;

  /* The toast of the last move, while it shows: moving the same activity
   * again adds to it, and its Undo undoes them all. */
  AdwToast          *move_toast;
  Move              *move;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *detail_label;
  GtkWidget         *zoom_box;
  GtkWidget         *today_button;
  GtkStack          *mode_stack;
  BieTimelineWidget *timeline;
  GtkFlowBox        *legend;
  BiePlanList       *list;
};

G_DEFINE_FINAL_TYPE (BiePlanView, bie_plan_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * bie_plan_view_new:
 *
 * Returns: (transfer full): a view showing no plan
 */
GtkWidget *
bie_plan_view_new (void)
{
  return g_object_new (BIE_TYPE_PLAN_VIEW, NULL);
}

static void
add_toast (AdwToastOverlay *overlay,
           const char      *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  /* A toast's title is markup; messages and names are text. */
  adw_toast_overlay_add_toast (overlay, adw_toast_new (escaped));
}

/* Actions follow what is shown: a plan or none, a timeline or a list. */
static void
update_actions (BiePlanView *self)
{
  gboolean has_plan = self->plan_id != 0;
  gboolean timeline = g_strcmp0 (self->mode, "timeline") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.zoom-in", has_plan && timeline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.zoom-out", has_plan && timeline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.show-all", has_plan && timeline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.today", has_plan && timeline);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.print", has_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.export-pdf", has_plan);
  gtk_widget_set_visible (self->zoom_box, timeline);
  gtk_widget_set_visible (self->today_button, timeline);
}

static void
set_mode (BiePlanView *self,
          const char  *mode)
{
  if (g_strcmp0 (mode, "timeline") != 0 && g_strcmp0 (mode, "list") != 0)
    mode = "timeline";
  if (g_strcmp0 (self->mode, mode) == 0)
    return;

  g_free (self->mode);
  self->mode = g_strdup (mode);
  gtk_stack_set_visible_child_name (self->mode_stack, mode);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* The empty state: no household, a household without a plan, or a plan
 * that could not be read. */
static void
show_empty (BiePlanView *self,
            const char  *title,
            const char  *description)
{
  self->plan_id = 0;
  bie_timeline_widget_set_plan (self->timeline, NULL);
  bie_plan_list_set_plan (self->list, NULL);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

static void
show_header (BiePlanView           *self,
             const BiePlanSnapshot *plan)
{
  g_autoptr(GString) place = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *agreed = bie_plan_text_day (&plan->agreed_on);

  gtk_label_set_text (self->title_label,
                      plan->household_name != NULL ? plan->household_name :
                      plan->address != NULL ? plan->address : _("Family care plan"));

  if (plan->household_name != NULL && plan->address != NULL)
    g_string_append (place, plan->address);
  if (plan->sector_code != NULL)
    g_string_append_printf (place, "%s%s %s", place->len > 0 ? " · " : "", plan->sector_code,
                            plan->sector_name != NULL ? plan->sector_name : "");
  if (plan->localidad_name != NULL)
    g_string_append_printf (place, "%s%s", place->len > 0 ? ", " : "", plan->localidad_name);
  gtk_label_set_text (self->subtitle_label, place->str);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), place->len > 0);

  /* Translators: the status of a family care plan, as in "Plan: Active" */
  g_string_append_printf (detail, _("Plan: %s"), plan->plan_status != NULL ? plan->plan_status : "");
  if (agreed != NULL)
    {
      g_string_append (detail, " · ");
      /* Translators: the day the care plan was agreed with the family */
      g_string_append_printf (detail, _("Agreed on %s"), agreed);
    }
  if (plan->team != NULL)
    {
      g_string_append (detail, " · ");
      /* Translators: the professionals of a care plan */
      g_string_append_printf (detail, _("Team: %s"), plan->team);
    }
  gtk_label_set_text (self->detail_label, detail->str);
}

/* Reads the household's plan again and shows it. */
static void
reload (BiePlanView *self)
{
  g_autoptr(GError) error = NULL;
  BiePlanSnapshot *plan;
  gint64 plan_id;

  if (self->store == NULL || self->household_id == 0)
    {
      show_empty (self, _("No Family Chosen"),
                  _("Open a family and choose Show on Timeline to see its goals and activities here."));
      return;
    }

  plan_id = bie_store_household_plan (self->store, self->household_id, &error);
  if (plan_id < 0 || error != NULL)
    {
      show_empty (self, _("The Care Plan Could Not Be Read"), error->message);
      return;
    }
  if (plan_id == 0)
    {
      show_empty (self, _("No Care Plan Yet"),
                  _("This family has no care plan yet: open the family and choose Create Care Plan."));
      return;
    }

  plan = bie_store_plan_snapshot (self->store, plan_id, &error);
  if (plan == NULL)
    {
      show_empty (self, _("The Care Plan Could Not Be Read"), error->message);
      return;
    }

  self->plan_id = plan_id;
  show_header (self, plan);
  bie_plan_list_set_plan (self->list, plan);
  bie_timeline_widget_set_plan (self->timeline, plan);
  gtk_stack_set_visible_child_name (self->stack, "plan");
  update_actions (self);
}

static void
on_store_changed (BiePlanView *self,
                  guint        entity,
                  GArray      *ids)
{
  /* What a plan snapshot reads. */
  switch ((BieEntity) entity)
    {
    case BIE_ENTITY_HOUSEHOLD:
    case BIE_ENTITY_PERSON:
    case BIE_ENTITY_PROFESSIONAL:
    case BIE_ENTITY_RISK:
    case BIE_ENTITY_CARE_PLAN:
    case BIE_ENTITY_GOAL:
    case BIE_ENTITY_ACTIVITY:
    case BIE_ENTITY_SECTOR:
    case BIE_ENTITY_LOCALIDAD:
      if (self->household_id != 0)
        reload (self);
      break;

    default:
      break;
    }
}

/**
 * bie_plan_view_show_household:
 * @store: (nullable): the local cache
 * @household_id: the household whose plan to show, or 0 for none
 *
 * Shows the household's care plan (its draft or active one, else its
 * latest), or why there is none, and follows the cache's changes.
 */
void
bie_plan_view_show_household (BiePlanView *self,
                              BieStore    *store,
                              gint64       household_id)
{
  g_return_if_fail (BIE_IS_PLAN_VIEW (self));
  g_return_if_fail (store == NULL || BIE_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
    }

  self->household_id = store != NULL ? household_id : 0;
  reload (self);
}

/**
 * bie_plan_view_get_household:
 *
 * Returns: the household whose plan is asked for, or 0
 */
gint64
bie_plan_view_get_household (BiePlanView *self)
{
  g_return_val_if_fail (BIE_IS_PLAN_VIEW (self), 0);

  return self->household_id;
}

/* Opening an activity */

static void
on_activity_activated (BiePlanView *self,
                       gint64       activity_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BieActivityForm *form;

  if (self->store == NULL)
    return;

  form = bie_activity_form_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                self->store, self->household_id, activity_id);
  gtk_window_present (GTK_WINDOW (form));
}

/* Rescheduling */

struct _Move
{
  BieStore *store;
  GWeakRef  overlay;   /* weak: the toast it shows must not keep it alive */
  gint64    activity_id;
  int       days;      /* all the moves the toast stands for */
};

static void
move_free (gpointer data)
{
  Move *move = data;

  g_object_unref (move->store);
  g_weak_ref_clear (&move->overlay);
  g_free (move);
}

/* A day "YYYY-MM-DD" @days later; left as it is when it is not a day. */
static void
shift_day_text (char **day,
                int    days)
{
  GDate date;

  if (*day == NULL || !bie_parse_day (*day, &date))
    return;

  if (days > 0)
    g_date_add_days (&date, days);
  else if (days < 0 && g_date_get_julian (&date) > (guint32) -days)
    g_date_subtract_days (&date, -days);

  g_free (*day);
  *day = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* Moves an activity's start and end by @days: its row and an outbox entry,
 * in one transaction, as every edit. */
static gboolean
shift_activity (BieStore  *store,
                gint64     activity_id,
                int        days,
                GError   **error)
{
  BieActivity *activity = bie_store_load (store, BIE_ENTITY_ACTIVITY, activity_id, error);
  gboolean saved;

  if (activity == NULL)
    return FALSE;

  shift_day_text (&activity->start_date, days);
  shift_day_text (&activity->end_date, days);
  saved = bie_store_save (store, BIE_ENTITY_ACTIVITY, activity, error);
  bie_record_free (BIE_ENTITY_ACTIVITY, activity);

  return saved;
}

static void
on_undo_move (AdwToast *toast,
              Move     *move)
{
  g_autoptr(GError) error = NULL;

  if (!shift_activity (move->store, move->activity_id, -move->days, &error))
    {
      g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (&move->overlay);

      if (overlay != NULL)
        add_toast (overlay, error->message);
    }
}

static void
on_move_toast_dismissed (BiePlanView *self,
                         AdwToast    *toast)
{
  if (self->move_toast == toast)
    {
      self->move_toast = NULL;
      self->move = NULL;
    }
}

/* "“Vaccination” moved to 3 Dec 2026", from the plan as read again. */
static char *
move_title (BiePlanView *self,
            gint64       activity_id)
{
  const BiePlanSnapshot *plan = bie_timeline_widget_get_plan (self->timeline);
  g_autofree char *title = NULL;

  for (guint i = 0; plan != NULL && i < plan->activities->len; i++)
    {
      const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
      g_autofree char *dates = NULL;

      if (activity->id != activity_id)
        continue;
      dates = bie_plan_text_dates (activity);
      /* Translators: a toast after an activity of the care plan was rescheduled:
       * its name and its new dates */
      title = g_strdup_printf (_("“%s” moved to %s"), activity->title != NULL ? activity->title : "", dates);
      break;
    }

  if (title == NULL)
    title = g_strdup (_("Activity moved"));

  return g_markup_escape_text (title, -1);
}

static void
on_activity_moved (BiePlanView *self,
                   gint64       activity_id,
                   int          days)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  Move *move;

  if (self->store == NULL || days == 0)
    return;

  if (!shift_activity (self->store, activity_id, days, &error))
    {
      add_toast (self->toast_overlay, error->message);
      /* The timeline still shows the move: back to what the cache holds. */
      reload (self);
      return;
    }

  /* The cache told the view at once: the plan is read again by now. */
  title = move_title (self, activity_id);
  if (self->move_toast != NULL && self->move->activity_id == activity_id)
    {
      self->move->days += days;
      adw_toast_set_title (self->move_toast, title);
      return;
    }

  move = g_new0 (Move, 1);
  move->store = g_object_ref (self->store);
  g_weak_ref_init (&move->overlay, self->toast_overlay);
  move->activity_id = activity_id;
  move->days = days;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_move),
                         move, (GClosureNotify) move_free, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_move_toast_dismissed), self, G_CONNECT_SWAPPED);
  self->move_toast = toast;
  self->move = move;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Printing */

typedef struct
{
  BiePlanSnapshot *plan;
  BiePlanPages    *pages;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  /* The pages point at the plan. */
  g_clear_pointer (&job->pages, bie_plan_pages_free);
  g_clear_pointer (&job->plan, bie_plan_snapshot_free);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  /* Points, inside the margins the print dialog gave. */
  g_clear_pointer (&job->pages, bie_plan_pages_free);
  job->pages = bie_plan_pages_new (job->plan, gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context), 0, NULL);
  gtk_print_operation_set_n_pages (operation, MAX (1, bie_plan_pages_get_n_pages (job->pages)));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  bie_plan_pages_draw (job->pages, gtk_print_context_get_cairo_context (context), page);
}

static void
on_print_done (BiePlanView             *self,
               GtkPrintOperationResult  result,
               GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      bie_show_error_dialog (GTK_WIDGET (self), _("The Plan Could Not Be Printed"),
                             error != NULL ? error->message : _("The printer reported an error."));
      break;

    case GTK_PRINT_OPERATION_RESULT_APPLY:
      /* The next print starts from the printer and paper chosen now. */
      g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
      g_set_object (&self->page_setup, gtk_print_operation_get_default_page_setup (operation));
      break;

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      break;
    }
}

/* The plan as the cache holds it now, the printer's or the writer's own:
 * the view may read another while it prints. */
static BiePlanSnapshot *
read_plan (BiePlanView  *self,
           GError      **error)
{
  if (self->store == NULL || self->plan_id == 0)
    {
      g_set_error_literal (error, BIE_RENDER_ERROR, BIE_RENDER_ERROR_NO_PLANS, _("There is no care plan to print."));
      return NULL;
    }

  return bie_store_plan_snapshot (self->store, self->plan_id, error);
}

/**
 * bie_plan_view_print:
 * @export_path: (nullable): a PDF file to print to without asking, or
 *   %NULL to show the print dialog
 *
 * Prints the plan shown: with the print dialog, whose result (or error)
 * shows later; or straight into @export_path, through the same pages.
 *
 * Returns: whether printing started (with the dialog) or the file was
 *   written
 */
gboolean
bie_plan_view_print (BiePlanView  *self,
                     const char   *export_path,
                     GError      **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  GtkRoot *root;
  PrintJob *job;

  g_return_val_if_fail (BIE_IS_PLAN_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job = g_new0 (PrintJob, 1);
  if ((job->plan = read_plan (self, error)) == NULL)
    {
      print_job_free (job);
      return FALSE;
    }

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_show_progress (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, export_path == NULL);
  if (job->plan->household_name != NULL)
    {
      /* Translators: the name of a print job: the care plan of a family */
      g_autofree char *name = g_strdup_printf (_("Care plan of %s"), job->plan->household_name);

      gtk_print_operation_set_job_name (operation, name);
    }
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  if (self->page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, self->page_setup);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_object_set_data_full (G_OBJECT (operation), "bie-print-job", job, print_job_free);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done), self, G_CONNECT_SWAPPED);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  result = gtk_print_operation_run (operation,
                                    export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                        : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* Export as PDF */

typedef struct
{
  BiePlanSnapshot *plan;
  char            *path;
  BiePaper         paper;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->plan, bie_plan_snapshot_free);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (plans, job->plan);
  if (!bie_plan_pages_write_pdf_array (job->path, job->paper, NULL, plans, NULL, NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The paper of the last page setup, else the one of the user's country. */
static BiePaper
get_paper (BiePlanView *self)
{
  GtkPaperSize *size = self->page_setup != NULL ? gtk_page_setup_get_paper_size (self->page_setup) : NULL;
  const char *name = size != NULL ? gtk_paper_size_get_name (size) : gtk_paper_size_get_default ();

  return g_str_has_prefix (name, GTK_PAPER_NAME_LETTER) ? BIE_PAPER_LETTER : BIE_PAPER_A4;
}

/**
 * bie_plan_view_export_pdf_async:
 * @file: the PDF to write, replaced if it exists
 *
 * Writes the plan shown as the printed pages, in a worker thread.
 */
void
bie_plan_view_export_pdf_async (BiePlanView         *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ExportJob *job;

  g_return_if_fail (BIE_IS_PLAN_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bie_plan_view_export_pdf_async);

  job = g_new0 (ExportJob, 1);
  job->path = g_file_get_path (file);
  job->paper = get_paper (self);
  g_task_set_task_data (task, job, export_job_free);
  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The plan can only be exported to a file on this computer."));
      return;
    }
  if ((job->plan = read_plan (self, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, export_thread);
}

gboolean
bie_plan_view_export_pdf_finish (BiePlanView   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  BiePlanView *self = BIE_PLAN_VIEW (source);
  g_autoptr(GFile) file = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (!bie_plan_view_export_pdf_finish (self, result, &error))
    {
      /* Disposed while it wrote: no one to tell. */
      if (self->toast_overlay == NULL)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bie_show_error_dialog (GTK_WIDGET (self), _("The Plan Could Not Be Exported"), error->message);
      return;
    }

  if (self->toast_overlay == NULL)
    return;
  name = g_file_get_basename (file);
  /* Translators: a toast after the care plan was written to a PDF file */
  title = g_strdup_printf (_("Plan exported as “%s”"), name);
  adw_toast_overlay_add_toast (self->toast_overlay, bie_file_toast_new (title, file));
}

static void
on_export_response (BiePlanView     *self,
                    int              response,
                    GtkNativeDialog *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      bie_plan_view_export_pdf_async (self, file, self->cancellable, on_exported, file);
    }
  g_clear_object (&self->chooser);
}

/* A file name from the family's name: no folder separators in it. */
static char *
export_name (BiePlanView *self)
{
  const BiePlanSnapshot *plan = bie_timeline_widget_get_plan (self->timeline);
  g_autofree char *name = NULL;

  if (plan != NULL && plan->household_name != NULL)
    /* Translators: the file name offered for a care plan exported as PDF; %s is the family */
    name = g_strdup_printf (_("Care plan of %s.pdf"), plan->household_name);
  else
    name = g_strdup (_("Care plan.pdf"));

  return g_strdelimit (g_steal_pointer (&name), G_DIR_SEPARATOR_S "\\:", '-');
}

/* Actions */

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BiePlanView *self = BIE_PLAN_VIEW (widget);

  if (g_str_equal (action_name, "plan.zoom-in"))
    bie_timeline_widget_zoom (self->timeline, ZOOM_STEP);
  else if (g_str_equal (action_name, "plan.zoom-out"))
    bie_timeline_widget_zoom (self->timeline, 1 / ZOOM_STEP);
  else if (g_str_equal (action_name, "plan.show-all"))
    bie_timeline_widget_show_all (self->timeline);
  else if (g_str_equal (action_name, "plan.today"))
    bie_timeline_widget_show_today (self->timeline);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BiePlanView *self = BIE_PLAN_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!bie_plan_view_print (self, NULL, &error))
    bie_show_error_dialog (GTK_WIDGET (self), _("The Plan Could Not Be Printed"), error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BiePlanView *self = BIE_PLAN_VIEW (widget);
  g_autofree char *name = export_name (self);

  if (self->chooser != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (bie_save_chooser_new (widget, _("Export Plan as PDF"), _("_Export"),
                                                           _("PDF documents"), "application/pdf", "pdf", name));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

/* Wide and narrow */

static gboolean
apply_width_mode (gpointer data)
{
  BiePlanView *self = data;

  self->mode_idle_id = 0;
  /* Crossing the width picks what reads best there; the toolbar's choice
   * holds until the next crossing. */
  set_mode (self, self->narrow ? "list" : "timeline");

  return G_SOURCE_REMOVE;
}

static void
bie_plan_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  BiePlanView *self = BIE_PLAN_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
bie_plan_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  BiePlanView *self = BIE_PLAN_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);

  if (!self->width_known || narrow != self->narrow)
    {
      self->width_known = TRUE;
      self->narrow = narrow;
      /* Not while allocating: the mode changes what is to be allocated. */
      if (self->mode_idle_id == 0)
        self->mode_idle_id = g_idle_add (apply_width_mode, self);
    }
}

/* The legend of the timeline's marks */

static void
add_legend_item (BiePlanView     *self,
                 BieTimelineMark  mark,
                 int              status,
                 const char      *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), bie_timeline_mark_new (mark, status, FALSE));
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_append (self->legend, box);
  /* Words to read, not stops on the way through the view. */
  gtk_widget_set_focusable (gtk_widget_get_parent (box), FALSE);
}

static void
fill_legend (BiePlanView *self)
{
  for (BieActivityStatus status = BIE_ACTIVITY_PLANNED; status <= BIE_ACTIVITY_NOT_DONE; status++)
    add_legend_item (self, BIE_TIMELINE_MARK_ACTIVITY, status, bie_activity_status_get_name (status));
  add_legend_item (self, BIE_TIMELINE_MARK_OVERDUE, 0, _("Overdue"));
  add_legend_item (self, BIE_TIMELINE_MARK_GOAL, BIE_GOAL_ACTIVE, _("Goal"));
  add_legend_item (self, BIE_TIMELINE_MARK_TODAY, 0, _("Today"));
}

/* GObject */

static void
bie_plan_view_dispose (GObject *object)
{
  BiePlanView *self = BIE_PLAN_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->mode_idle_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  self->move_toast = NULL;
  self->move = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_PLAN_VIEW);

  g_clear_object (&self->store);
  g_clear_object (&self->page_setup);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bie_plan_view_parent_class)->dispose (object);
}

static void
bie_plan_view_finalize (GObject *object)
{
  BiePlanView *self = BIE_PLAN_VIEW (object);

  g_free (self->mode);

  G_OBJECT_CLASS (bie_plan_view_parent_class)->finalize (object);
}

static void
bie_plan_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BiePlanView *self = BIE_PLAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_plan_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BiePlanView *self = BIE_PLAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODE:
      set_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_plan_view_class_init (BiePlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_plan_view_dispose;
  object_class->finalize = bie_plan_view_finalize;
  object_class->get_property = bie_plan_view_get_property;
  object_class->set_property = bie_plan_view_set_property;

  widget_class->measure = bie_plan_view_measure;
  widget_class->size_allocate = bie_plan_view_size_allocate;

  /**
   * BiePlanView:mode:
   *
   * What shows the plan: "timeline" or "list".
   */
  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "timeline",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BIE_TYPE_TIMELINE_WIDGET);
  g_type_ensure (BIE_TYPE_PLAN_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-plan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, stack);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, title_label);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, today_button);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, timeline);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, legend);
  gtk_widget_class_bind_template_child (widget_class, BiePlanView, list);
  gtk_widget_class_bind_template_callback (widget_class, on_activity_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_activity_moved);

  gtk_widget_class_install_property_action (widget_class, "plan.mode", "mode");
  gtk_widget_class_install_action (widget_class, "plan.zoom-in", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plan.zoom-out", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plan.show-all", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plan.today", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plan.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "plan.export-pdf", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "plan.print", NULL);
}

static void
bie_plan_view_init (BiePlanView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->mode = g_strdup ("timeline");
  self->cancellable = g_cancellable_new ();
  fill_legend (self);
  update_actions (self);
}
