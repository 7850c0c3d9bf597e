/* bie-sync-status.c: the synchronisation's state in the window's header
 *
 * An icon button (a spinner while a run goes) whose tooltip, accessible
 * description and popover say when the cache last synchronised, how many
 * changes wait to be sent, the conflicts to resolve and why the last run
 * failed; the popover offers to synchronise, to cancel, to resolve the
 * conflicts, or to set a server up.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-sync-status.h"
#include "bie-sync-text.h"

/* "5 minutes ago" stays true while the window shows it. */
#define REFRESH_SECONDS 30

struct _BieSyncStatus
{
  GtkWidget          parent_instance;

  BieSyncController *controller;
  guint              refresh_id;

  /* Template widgets */
  GtkMenuButton     *button;
  GtkStack          *icon_stack;
  GtkImage          *icon;
  GtkSpinner        *button_spinner;
  GtkPopover        *popover;
  GtkLabel          *title_label;
  GtkLabel          *last_label;
  GtkWidget         *progress_box;
  GtkSpinner        *progress_spinner;
  GtkLabel          *progress_label;
  GtkLabel          *error_label;
  GtkWidget         *conflicts_row;
  GtkLabel          *pending_label;
  GtkLabel          *conflicts_label;
  GtkButton         *resolve_button;
  GtkWidget         *sync_button;
  GtkWidget         *setup_button;
};

G_DEFINE_FINAL_TYPE (BieSyncStatus, bie_sync_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the popover's heading says. */
static char *
title_for (BieSyncState  state,
           GDateTime    *last_sync,
           GDateTime    *now)
{
  switch (state)
    {
    case BIE_SYNC_STATE_NOT_CONFIGURED:
      return g_strdup (_("Not connected to a district server"));
    case BIE_SYNC_STATE_SYNCING:
      return g_strdup (_("Synchronising…"));
    case BIE_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline: the server cannot be reached"));
    case BIE_SYNC_STATE_FAILED:
      return g_strdup (_("Synchronisation failed"));
    case BIE_SYNC_STATE_IDLE:
    default:
      return bie_sync_text_last_sync (last_sync, now);
    }
}

static void
update (BieSyncStatus *self)
{
  BieSyncState state = BIE_SYNC_STATE_NOT_CONFIGURED;
  GDateTime *last_sync = NULL;
  gint64 pending = 0, conflicts = 0;
  const char *progress = NULL, *error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *last_text = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *conflicts_text = NULL;
  g_autofree char *resolve_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *description = NULL;
  const char *icon_name = "emblem-synchronizing-symbolic";
  g_autofree char *title = NULL;
  gboolean syncing;

  if (self->controller != NULL)
    {
      state = bie_sync_controller_get_state (self->controller);
      last_sync = bie_sync_controller_get_last_sync (self->controller);
      pending = bie_sync_controller_get_pending (self->controller);
      conflicts = bie_sync_controller_get_conflicts (self->controller);
      progress = bie_sync_controller_get_progress_text (self->controller);
      error = bie_sync_controller_get_error_message (self->controller);
    }
  syncing = state == BIE_SYNC_STATE_SYNCING;

  title = title_for (state, last_sync, now);
  if (state == BIE_SYNC_STATE_NOT_CONFIGURED && self->controller != NULL &&
      bie_sync_controller_is_demo (self->controller))
    last_text = g_strdup (_("The demo city is made-up data: it is never sent to a district server."));
  else if (state == BIE_SYNC_STATE_NOT_CONFIGURED)
    last_text = g_strdup (_("Set the district server’s address and your sectors to send your work "
                            "and receive the changes to your families."));
  else if (state == BIE_SYNC_STATE_OFFLINE)
    {
      g_autofree char *when = bie_sync_text_last_sync (last_sync, now);

      /* Translators: when the cache last synchronised, then what happens to the work done offline */
      last_text = g_strdup_printf (_("%s. Your changes stay on this computer and are sent once the server "
                                     "can be reached."), when);
    }
  else if (state == BIE_SYNC_STATE_FAILED)
    last_text = bie_sync_text_last_sync (last_sync, now);
  else
    {
      g_autofree char *server = bie_sync_controller_dup_server_name (self->controller);

      /* Translators: %s is the server's address, such as fhir.saludcapital.gov.co */
      last_text = g_strdup_printf (_("With the district server at %s"), server != NULL ? server : "");
    }
  pending_text = bie_sync_text_pending (pending);
  conflicts_text = bie_sync_text_conflicts (conflicts);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->last_label, last_text);
  gtk_label_set_text (self->pending_label, pending_text);
  gtk_label_set_text (self->conflicts_label, conflicts_text);
  gtk_widget_set_visible (self->conflicts_row, conflicts > 0);

  gtk_widget_set_visible (self->progress_box, syncing);
  gtk_label_set_text (self->progress_label, progress != NULL ? progress : "");
  gtk_spinner_set_spinning (self->progress_spinner, syncing);
  gtk_spinner_set_spinning (self->button_spinner, syncing);
  gtk_stack_set_visible_child_name (self->icon_stack, syncing ? "spinner" : "icon");

  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          error != NULL && (state == BIE_SYNC_STATE_OFFLINE || state == BIE_SYNC_STATE_FAILED));

  count_text = bie_sync_text_count (conflicts);
  resolve_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "_Resolve %s Conflict…",
                                               "_Resolve %s Conflicts…", conflicts),
                                  count_text);
  gtk_button_set_label (self->resolve_button, resolve_text);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_button), conflicts > 0);
  gtk_widget_set_visible (self->sync_button, state != BIE_SYNC_STATE_NOT_CONFIGURED && !syncing);
  gtk_button_set_label (GTK_BUTTON (self->sync_button),
                        state == BIE_SYNC_STATE_OFFLINE || state == BIE_SYNC_STATE_FAILED ?
                        _("_Try Again") : _("_Synchronise Now"));
  gtk_widget_set_visible (self->setup_button, state == BIE_SYNC_STATE_NOT_CONFIGURED);

  /* The header's icon: what most needs looking at. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  if (state == BIE_SYNC_STATE_FAILED)
    {
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
    }
  else if (conflicts > 0)
    {
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "warning");
    }
  else if (state == BIE_SYNC_STATE_OFFLINE)
    icon_name = "network-offline-symbolic";
  else if (state == BIE_SYNC_STATE_NOT_CONFIGURED)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "dim-label");
  gtk_image_set_from_icon_name (self->icon, icon_name);

  description = bie_sync_status_describe (self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/**
 * bie_sync_status_describe:
 *
 * Returns: (transfer full): the state in one line, as the tooltip and
 *   the accessible description say it
 */
char *
bie_sync_status_describe (BieSyncStatus *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  BieSyncState state;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (BIE_IS_SYNC_STATUS (self), NULL);

  if (self->controller == NULL)
    return title_for (BIE_SYNC_STATE_NOT_CONFIGURED, NULL, now);

  state = bie_sync_controller_get_state (self->controller);
  {
    g_autofree char *title = title_for (state, bie_sync_controller_get_last_sync (self->controller), now);

    g_string_append (text, title);
  }
  if (state == BIE_SYNC_STATE_SYNCING && bie_sync_controller_get_progress_text (self->controller) != NULL)
    {
      /* Translators: parts of the synchronisation's status, one after another */
      g_string_append_printf (text, _(" · %s"), bie_sync_controller_get_progress_text (self->controller));
    }
  if (state == BIE_SYNC_STATE_OFFLINE || state == BIE_SYNC_STATE_FAILED)
    {
      g_autofree char *last = bie_sync_text_last_sync (bie_sync_controller_get_last_sync (self->controller), now);

      g_string_append_printf (text, _(" · %s"), last);
    }
  if (state != BIE_SYNC_STATE_SYNCING)
    {
      g_autofree char *pending = bie_sync_text_pending (bie_sync_controller_get_pending (self->controller));

      g_string_append_printf (text, _(" · %s"), pending);
    }
  if (bie_sync_controller_get_conflicts (self->controller) > 0)
    {
      g_autofree char *conflicts = bie_sync_text_conflicts (bie_sync_controller_get_conflicts (self->controller));

      g_string_append_printf (text, _(" · %s"), conflicts);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
refresh (gpointer data)
{
  update (data);

  return G_SOURCE_CONTINUE;
}

static void
on_popover_show (BieSyncStatus *self)
{
  update (self);
}

/* A button that opens another window closes the popover. */
static void
on_leave_clicked (BieSyncStatus *self)
{
  gtk_popover_popdown (self->popover);
}

/**
 * bie_sync_status_set_controller:
 * @controller: (nullable): the synchronisation to show; NULL for none
 */
void
bie_sync_status_set_controller (BieSyncStatus     *self,
                                BieSyncController *controller)
{
  g_return_if_fail (BIE_IS_SYNC_STATUS (self));
  g_return_if_fail (controller == NULL || BIE_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    g_signal_connect_object (controller, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

/**
 * bie_sync_status_get_controller:
 *
 * Returns: (transfer none) (nullable): the synchronisation shown
 */
BieSyncController *
bie_sync_status_get_controller (BieSyncStatus *self)
{
  g_return_val_if_fail (BIE_IS_SYNC_STATUS (self), NULL);

  return self->controller;
}

static void
bie_sync_status_map (GtkWidget *widget)
{
  BieSyncStatus *self = BIE_SYNC_STATUS (widget);

  GTK_WIDGET_CLASS (bie_sync_status_parent_class)->map (widget);

  update (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh, self);
}

static void
bie_sync_status_unmap (GtkWidget *widget)
{
  BieSyncStatus *self = BIE_SYNC_STATUS (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (bie_sync_status_parent_class)->unmap (widget);
}

static void
bie_sync_status_dispose (GObject *object)
{
  BieSyncStatus *self = BIE_SYNC_STATUS (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_SYNC_STATUS);

  G_OBJECT_CLASS (bie_sync_status_parent_class)->dispose (object);
}

static void
bie_sync_status_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BieSyncStatus *self = BIE_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_sync_status_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BieSyncStatus *self = BIE_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      bie_sync_status_set_controller (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bie_sync_status_class_init (BieSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_sync_status_dispose;
  object_class->get_property = bie_sync_status_get_property;
  object_class->set_property = bie_sync_status_set_property;
  widget_class->map = bie_sync_status_map;
  widget_class->unmap = bie_sync_status_unmap;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, BIE_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, button);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, icon);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, button_spinner);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, popover);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, title_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, last_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, progress_spinner);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, error_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, pending_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, sync_button);
  gtk_widget_class_bind_template_child (widget_class, BieSyncStatus, setup_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_clicked);
}

static void
bie_sync_status_init (BieSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* An icon, not text: flat in the header bar, as an icon-name's button is. */
  gtk_widget_add_css_class (gtk_widget_get_first_child (GTK_WIDGET (self->button)), "image-button");
  update (self);
}
