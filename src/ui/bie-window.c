/* bie-window.c
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bie-caseload-model.h"
#include "bie-conflict-dialog.h"
#include "bie-demo-cache.h"
#include "bie-family-page.h"
#include "bie-household-row.h"
#include "bie-plan-view.h"
#include "bie-import-dialog.h"
#include "bie-map-page.h"
#include "bie-messages.h"
#include "bie-preferences-window.h"
#include "bie-print-plans-dialog.h"
#include "bie-reference.h"
#include "bie-sync-status.h"
#include "bie-sync-text.h"
#include "bie-transfer.h"
#include "bie-window.h"

struct _BieWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  BieStore             *store;
  BieCaseloadModel     *caseload;
  BieCaseloadFilter     filter;     /* territory from the sidebar, text from the search */
  guint                 recount_id; /* the filters popover's counts, after a change */
  guint                 counts_id;  /* the summary, once the first page shows */
  BieSyncController    *sync;       /* the cache's synchronisation */
  char                 *sync_error_shown; /* the last failure a toast said */

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *territory_list;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *demo_bar;
  AdwViewStack         *view_stack;
  AdwLeaflet           *caseload_leaflet;
  AdwToastOverlay      *toast_overlay;
  BieFamilyPage        *family_page;
  GtkStack             *caseload_stack;
  GtkProgressBar       *progress_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *summary_label;
  GtkStack             *results_stack;
  GtkListView          *caseload_view;
  GtkWidget            *filters_popover;
  GtkDropDown          *sort_choice;
  GtkDropDown          *risk_choice;
  GtkDropDown          *plan_choice;
  GtkCheckButton       *overdue_check;
  GtkCheckButton       *no_contact_check;
  GtkCheckButton       *pregnant_check;
  GtkCheckButton       *child_check;
  GtkListBox           *saved_list;
  GtkEntry             *save_name_entry;
  BiePlanView          *plan_view;
  BieMapPage           *map_page;
  GtkWidget            *sector_bar;
  GtkLabel             *sector_label;
  BieSyncStatus        *sync_status;
};

/* What the summary counts, in this order. */
static const struct {
  BieEntity   entity;
  const char *title;
} summary_counts[] = {
  { BIE_ENTITY_SUBRED, N_("Subredes") },
  { BIE_ENTITY_LOCALIDAD, N_("Localidades") },
  { BIE_ENTITY_SECTOR, N_("Cadastral sectors") },
  { BIE_ENTITY_HOUSEHOLD, N_("Households") },
  { BIE_ENTITY_PERSON, N_("Persons") },
  { BIE_ENTITY_RISK, N_("Risks") },
  { BIE_ENTITY_CARE_PLAN, N_("Family care plans") },
  { BIE_ENTITY_ENCOUNTER, N_("Encounters") },
  { BIE_ENTITY_APPOINTMENT, N_("Managed appointments") },
};

G_DEFINE_FINAL_TYPE (BieWindow, bie_window, ADW_TYPE_APPLICATION_WINDOW)

/**
 * bie_window_new:
 * @application: the application the window belongs to
 *
 * Creates the main window, sized as it was when it was last closed.
 *
 * Returns: (transfer full): a new #BieWindow
 */
BieWindow *
bie_window_new (BieApplication *application)
{
  g_return_val_if_fail (BIE_IS_APPLICATION (application), NULL);

  return g_object_new (BIE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static char *
format_count (gint64 count)
{
  /* Grouped as the user's locale groups thousands. */
  return g_strdup_printf ("%\'" G_GINT64_FORMAT, count);
}

static void
show_empty (BieWindow *self)
{
  gtk_stack_set_visible_child_name (self->caseload_stack, "empty");
  adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
  gtk_widget_set_visible (self->demo_bar, FALSE);
}

static void
show_results (BieWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->caseload));

  gtk_stack_set_visible_child_name (self->results_stack, n > 0 ? "results" : "no-results");
}

/* Demonstration data says so in every view, wide or narrow. */
static void
show_demo (BieWindow *self,
           gboolean   demo)
{
  adw_view_switcher_title_set_subtitle (self->switcher_title,
                                        demo ? _("Demonstration data") : NULL);
  gtk_widget_set_visible (self->demo_bar, demo);
}

static void
show_counts (BieWindow *self)
{
  gint64 counts[G_N_ELEMENTS (summary_counts)];
  g_autoptr(GString) summary = g_string_new (NULL);
  gboolean demo;

  for (guint i = 0; i < G_N_ELEMENTS (summary_counts); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!bie_store_count (self->store, summary_counts[i].entity, &counts[i], &error))
        {
          /* Counting reads every page of a table: damage shows here. */
          gtk_label_set_text (self->summary_label, error->message);
          gtk_stack_set_visible_child_name (self->caseload_stack, "list");
          return;
        }
    }

  if (counts[3] == 0)
    {
      show_empty (self);
      return;
    }

  /* What the cache holds, in one line above the list. */
  demo = bie_demo_cache_is_demo (self->store);
  g_string_append (summary, demo ? _("The demo city holds") : _("The local cache holds"));
  for (guint i = 0; i < G_N_ELEMENTS (summary_counts); i++)
    {
      g_autofree char *count = format_count (counts[i]);

      g_string_append_printf (summary, "%s %s: %s", i == 0 ? "" : " ·", _(summary_counts[i].title), count);
    }
  gtk_label_set_text (self->summary_label, summary->str);

  show_demo (self, demo);
  gtk_stack_set_visible_child_name (self->caseload_stack, "list");
  show_results (self);

}

static gboolean
show_counts_later (gpointer data)
{
  BieWindow *self = data;

  self->counts_id = 0;
  show_counts (self);

  return G_SOURCE_REMOVE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           BieWindow                *self)
{
  gtk_list_item_set_child (list_item, bie_household_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          BieWindow                *self)
{
  BieCaseloadItem *item = gtk_list_item_get_item (list_item);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GDate) today = bie_today ();
  g_auto(GStrv) members = NULL;

  /* While searching, the members too: the row says which one matched. */
  if (item != NULL && *query != '\0' && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      members = bie_store_caseload_members (self->store, bie_caseload_item_get_row (item)->household_id,
                                            &error);
      if (members == NULL)
        g_warning ("The members of a household could not be read: %s", error->message);
    }

  bie_household_row_set_item (BIE_HOUSEHOLD_ROW (gtk_list_item_get_child (list_item)), item, today,
                              query, (const char * const *) members);
}

static void
open_family (BieWindow *self,
             gint64     household_id)
{
  g_autoptr(GError) error = NULL;

  if (!bie_family_page_set_household (self->family_page, self->store, household_id, &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  bie_map_page_select_household (self->map_page, household_id);
  adw_view_stack_set_visible_child_name (self->view_stack, "caseload");
  adw_leaflet_set_visible_child (self->caseload_leaflet, GTK_WIDGET (self->family_page));
}

static void
on_household_activated (BieWindow   *self,
                        guint        position)
{
  g_autoptr(BieCaseloadItem) item = g_list_model_get_item (G_LIST_MODEL (self->caseload), position);

  if (item != NULL)
    open_family (self, bie_caseload_item_get_row (item)->household_id);
}

/* The household chosen in the caseload is the one marked on the map. */
static void
on_caseload_selection (BieWindow          *self,
                       GParamSpec         *pspec,
                       GtkSingleSelection *selection)
{
  BieCaseloadItem *item = gtk_single_selection_get_selected_item (selection);

  if (item != NULL)
    bie_map_page_select_household (self->map_page, bie_caseload_item_get_row (item)->household_id);
}

typedef struct
{
  BieStore  *store;
  GWeakRef   overlay;   /* weak: the toast it shows must not keep it alive */
  BieEntity  entity;
  gint64     id;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_object_unref (removal->store);
  g_weak_ref_clear (&removal->overlay);
  g_free (removal);
}

/* Undo: the record comes back as it was (its edit goes to the outbox). */
static void
on_undo_removal (AdwToast *toast,
                 Removal  *removal)
{
  g_autoptr(GError) error = NULL;
  BieRecord *record = bie_store_load (removal->store, removal->entity, removal->id, &error);

  if (record != NULL)
    {
      record->deleted = FALSE;
      bie_store_save (removal->store, removal->entity, record, &error);
      bie_record_free (removal->entity, record);
    }
  if (error != NULL)
    {
      g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (&removal->overlay);

      /* A toast's title is markup; messages are text. */
      g_autofree char *message = g_markup_escape_text (error->message, -1);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (overlay, adw_toast_new (message));
    }
}

static void
on_record_removed (BieWindow  *self,
                   guint       entity,
                   gint64      id,
                   const char *what)
{
  Removal *removal = g_new0 (Removal, 1);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  removal->store = g_object_ref (self->store);
  g_weak_ref_init (&removal->overlay, self->toast_overlay);
  removal->entity = entity;
  removal->id = id;

  /* Translators: a toast after removing a record, e.g. "Home visit removed" */
  title = g_strdup_printf (_("“%s” removed"), what);
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_removal),
                         removal, (GClosureNotify) removal_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_family_back (BieWindow *self)
{
  adw_leaflet_navigate (self->caseload_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "caseload");
  adw_leaflet_set_visible_child_name (self->caseload_leaflet, "households");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The Plans view, with the care plan of a household (its row id). */
static void
show_plan (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  bie_plan_view_show_household (self->plan_view, self->store, g_variant_get_int64 (parameter));
  adw_view_stack_set_visible_child_name (self->view_stack, "plans");
}

/* The plans of the territory chosen in the sidebar, into one PDF. */
static void
print_plans (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->territory_list);
  const char *name = row != NULL ? g_object_get_data (G_OBJECT (row), "name") : NULL;
  BiePlanSelection selection = {
    .subred_id = self->filter.subred_id,
    .localidad_id = self->filter.localidad_id,
  };

  if (self->store == NULL)
    return;

  gtk_window_present (GTK_WINDOW (bie_print_plans_dialog_new (GTK_WINDOW (self), self->store, &selection,
                                                              name != NULL ? name : _("All Territory"))));
}

/* The household's sector on the map, the household marked. */
static void
show_on_map (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "map");
  bie_map_page_show_household (self->map_page, g_variant_get_int64 (parameter));
}

static void
import_sectors (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (bie_import_dialog_new (GTK_WINDOW (self), self->store)));
}

static void
on_store_changed (BieWindow *self,
                  guint      entity,
                  GArray    *ids)
{
  for (guint i = 0; i < G_N_ELEMENTS (summary_counts); i++)
    if (summary_counts[i].entity == entity)
      {
        show_counts (self);
        return;
      }
}

static void
apply_filter (BieWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->caseload == NULL)
    return;

  self->filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (!bie_caseload_model_set_filter (self->caseload, &self->filter, &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  show_results (self);
}

static void
on_search_changed (BieWindow *self)
{
  apply_filter (self);
}

/* Enter in the search opens the first household found, as GNOME's
 * searches do; the search first catches up with what was typed (it
 * waits for a pause in the typing). */
static void
on_search_activate (BieWindow *self)
{
  apply_filter (self);
  if (self->caseload != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->caseload)) > 0)
    on_household_activated (self, 0);
}

/* The plan filter's choices, after "any": a plan status, and how the
 * filter names it. */
static const struct
{
  const char *status;
  const char *name;
} plan_choices[] = {
  { "none", N_("No care plan") },
  { "draft", N_("A draft plan") },
  { "active", N_("An active plan") },
  { "completed", N_("A completed plan") },
  { "cancelled", N_("A cancelled plan") },
};

#define NO_CONTACT_DAYS 90

static void on_filters_shown (BieWindow *self);

static gboolean
recount_filters (gpointer data)
{
  BieWindow *self = data;

  self->recount_id = 0;
  on_filters_shown (self);

  return G_SOURCE_REMOVE;
}

/* What the filters popover says, into the filter; the territory and the
 * text stay as they are. */
static void
on_filters_changed (BieWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  guint risk = gtk_drop_down_get_selected (self->risk_choice);
  guint plan = gtk_drop_down_get_selected (self->plan_choice);

  self->filter.risk_code = risks != NULL && risk > 0 && risk != GTK_INVALID_LIST_POSITION ?
                           bie_reference_list_get_code (risks, risk - 1) : NULL;
  self->filter.plan_status = plan > 0 && plan <= G_N_ELEMENTS (plan_choices) ?
                             plan_choices[plan - 1].status : NULL;
  self->filter.overdue = gtk_check_button_get_active (self->overdue_check);
  self->filter.no_contact_days = gtk_check_button_get_active (self->no_contact_check) ? NO_CONTACT_DAYS : 0;
  self->filter.pregnant = gtk_check_button_get_active (self->pregnant_check);
  self->filter.child_under_five = gtk_check_button_get_active (self->child_check);

  if (self->caseload != NULL &&
      !bie_caseload_model_set_sort (self->caseload, gtk_drop_down_get_selected (self->sort_choice), &error))
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  apply_filter (self);

  /* The other choices' counts follow, once the choice made has settled. */
  if (gtk_widget_get_mapped (self->filters_popover) && self->recount_id == 0)
    self->recount_id = g_idle_add (recount_filters, self);
}

/* A filter's count, as the filters popover shows it: "Overdue (1,204)". */
static char *
label_with_count (const char *label,
                  guint       count)
{
  g_autofree char *count_text = format_count (count);

  /* Translators: a filter and how many households it leaves */
  return g_strdup_printf (_("%s (%s)"), label, count_text);
}

/* Fills a drop-down of the filters popover with "any", then @names (in
 * @n_choices, NULL-terminated or not), each with the number of households
 * of @counts under its code when @counts is given, and keeps the choice. */
static void
fill_choices (BieWindow          *self,
              GtkDropDown        *choice,
              const char         *any,
              const char * const *codes,
              const char * const *names,
              guint               n_choices,
              GHashTable         *counts)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (choice);

  gtk_string_list_append (labels, any);
  for (guint i = 0; i < n_choices; i++)
    {
      g_autofree char *label = counts != NULL ?
        label_with_count (names[i], GPOINTER_TO_UINT (g_hash_table_lookup (counts, codes[i]))) : NULL;

      gtk_string_list_append (labels, label != NULL ? label : names[i]);
    }

  g_signal_handlers_block_by_func (choice, on_filters_changed, self);
  gtk_drop_down_set_model (choice, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (choice, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  g_signal_handlers_unblock_by_func (choice, on_filters_changed, self);
}

/* The risk filter's choices: "any risk", then the reference list's. */
static void
fill_risk_choices (BieWindow  *self,
                   GHashTable *counts)
{
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  guint n_risks = risks != NULL ? bie_reference_list_get_n_items (risks) : 0;
  g_autofree const char **codes = g_new0 (const char *, n_risks + 1);
  g_autofree const char **names = g_new0 (const char *, n_risks + 1);

  for (guint i = 0; i < n_risks; i++)
    {
      codes[i] = bie_reference_list_get_code (risks, i);
      names[i] = bie_reference_list_get_name (risks, i);
    }
  fill_choices (self, self->risk_choice, _("Any risk or none"), codes, names, n_risks, counts);
}

/* The plan filter's choices: "any plan", then each status. */
static void
fill_plan_choices (BieWindow  *self,
                   GHashTable *counts)
{
  const char *codes[G_N_ELEMENTS (plan_choices)];
  const char *names[G_N_ELEMENTS (plan_choices)];

  for (guint i = 0; i < G_N_ELEMENTS (plan_choices); i++)
    {
      codes[i] = plan_choices[i].status;
      names[i] = _(plan_choices[i].name);
    }
  fill_choices (self, self->plan_choice, _("Any care plan or none"), codes, names,
                G_N_ELEMENTS (plan_choices), counts);
}

/* Beside each choice of the filters popover, how many households it would
 * leave, with the other filters as they are. */
static void
on_filters_shown (BieWindow *self)
{
  GtkCheckButton *checks[] = { self->overdue_check, self->no_contact_check,
                               self->pregnant_check, self->child_check };
  const char *labels[] = { _("Overdue activities"), _("No contact in 90 days"),
                           _("A pregnant woman"), _("A child under five") };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_risk = NULL;
  g_autoptr(GHashTable) by_plan = NULL;

  if (self->store == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      BieCaseloadFilter filter = self->filter;
      g_autofree char *label = NULL;
      guint count;

      filter.overdue |= i == 0;
      filter.no_contact_days = i == 1 ? NO_CONTACT_DAYS : filter.no_contact_days;
      filter.pregnant |= i == 2;
      filter.child_under_five |= i == 3;
      if (!bie_store_caseload_count (self->store, &filter, &count, &error))
        break;
      label = label_with_count (labels[i], count);
      gtk_check_button_set_label (checks[i], label);
    }

  if (error == NULL &&
      (by_risk = bie_store_caseload_facet_counts (self->store, &self->filter,
                                                  BIE_CASELOAD_FACET_RISK, &error)) != NULL &&
      (by_plan = bie_store_caseload_facet_counts (self->store, &self->filter,
                                                  BIE_CASELOAD_FACET_PLAN_STATUS, &error)) != NULL)
    {
      fill_risk_choices (self, by_risk);
      fill_plan_choices (self, by_plan);
    }

  /* The choices still work without their counts; say why they are missing. */
  if (error != NULL)
    gtk_label_set_text (self->summary_label, error->message);
}

/* Saved filters
 *
 * Kept in GSettings as (name, {field: value}): the territory, the filters
 * of the popover, the search text and the sort. */

static GVariant *
filter_to_variant (BieWindow *self)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "subred-id", "x", self->filter.subred_id);
  g_variant_dict_insert (&dict, "localidad-id", "x", self->filter.localidad_id);
  g_variant_dict_insert (&dict, "sector-id", "x", self->filter.sector_id);
  g_variant_dict_insert (&dict, "risk", "u", gtk_drop_down_get_selected (self->risk_choice));
  g_variant_dict_insert (&dict, "plan", "u", gtk_drop_down_get_selected (self->plan_choice));
  g_variant_dict_insert (&dict, "sort", "u", gtk_drop_down_get_selected (self->sort_choice));
  g_variant_dict_insert (&dict, "overdue", "b", gtk_check_button_get_active (self->overdue_check));
  g_variant_dict_insert (&dict, "no-contact", "b", gtk_check_button_get_active (self->no_contact_check));
  g_variant_dict_insert (&dict, "pregnant", "b", gtk_check_button_get_active (self->pregnant_check));
  g_variant_dict_insert (&dict, "child", "b", gtk_check_button_get_active (self->child_check));
  g_variant_dict_insert (&dict, "text", "s", gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  return g_variant_dict_end (&dict);
}

static void select_territory (BieWindow *self,
                              gint64     subred_id,
                              gint64     localidad_id);
static void show_sector      (BieWindow *self,
                              gint64     sector_id);

static void
apply_saved (BieWindow *self,
             GVariant  *saved)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (saved);
  gint64 subred_id = 0, localidad_id = 0, sector_id = 0;
  guint risk = 0, plan = 0, sort = 0;
  gboolean overdue = FALSE, no_contact = FALSE, pregnant = FALSE, child = FALSE;
  const char *text = "";

  g_variant_dict_lookup (dict, "subred-id", "x", &subred_id);
  g_variant_dict_lookup (dict, "localidad-id", "x", &localidad_id);
  g_variant_dict_lookup (dict, "sector-id", "x", &sector_id);
  g_variant_dict_lookup (dict, "risk", "u", &risk);
  g_variant_dict_lookup (dict, "plan", "u", &plan);
  g_variant_dict_lookup (dict, "sort", "u", &sort);
  g_variant_dict_lookup (dict, "overdue", "b", &overdue);
  g_variant_dict_lookup (dict, "no-contact", "b", &no_contact);
  g_variant_dict_lookup (dict, "pregnant", "b", &pregnant);
  g_variant_dict_lookup (dict, "child", "b", &child);
  g_variant_dict_lookup (dict, "text", "&s", &text);

  /* Set quietly, then apply once. */
  gpointer quiet[] = { self->risk_choice, self->plan_choice, self->sort_choice, self->overdue_check,
                       self->no_contact_check, self->pregnant_check, self->child_check };

  for (guint i = 0; i < G_N_ELEMENTS (quiet); i++)
    g_signal_handlers_block_by_func (quiet[i], on_filters_changed, self);
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_drop_down_set_selected (self->risk_choice, risk);
  gtk_drop_down_set_selected (self->plan_choice, plan);
  gtk_drop_down_set_selected (self->sort_choice, sort);
  gtk_check_button_set_active (self->overdue_check, overdue);
  gtk_check_button_set_active (self->no_contact_check, no_contact);
  gtk_check_button_set_active (self->pregnant_check, pregnant);
  gtk_check_button_set_active (self->child_check, child);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  for (guint i = 0; i < G_N_ELEMENTS (quiet); i++)
    g_signal_handlers_unblock_by_func (quiet[i], on_filters_changed, self);
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);

  select_territory (self, subred_id, localidad_id);
  self->filter.subred_id = subred_id;
  self->filter.localidad_id = localidad_id;
  bie_map_page_show_territory (self->map_page, subred_id, localidad_id);
  show_sector (self, sector_id);
  on_filters_changed (self);
}

static void
on_saved_filter_activated (BieWindow     *self,
                           GtkListBoxRow *row)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "saved-filters");
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "position"));
  g_autoptr(GVariant) entry = NULL;
  g_autoptr(GVariant) filter = NULL;

  if (position >= g_variant_n_children (saved))
    return;
  entry = g_variant_get_child_value (saved, position);
  filter = g_variant_get_child_value (entry, 1);
  apply_saved (self, filter);
}

/* The saved filters, but @skip (a name), plus @added when given. */
static GVariant *
saved_filters_without (BieWindow  *self,
                       const char *skip,
                       GVariant   *added)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "saved-filters");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  GVariant *filter;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sa{sv})"));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &name, &filter))
    {
      if (g_strcmp0 (name, skip) != 0)
        g_variant_builder_add (&builder, "(s@a{sv})", name, filter);
      g_variant_unref (filter);
    }
  if (added != NULL)
    g_variant_builder_add_value (&builder, added);

  return g_variant_builder_end (&builder);
}

static void
on_save_filter (BieWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->save_name_entry))));

  if (*name == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->save_name_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->save_name_entry));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->save_name_entry), "error");
  /* A name saved again replaces what it held. */
  g_settings_set_value (self->settings, "saved-filters",
                        saved_filters_without (self, name,
                                               g_variant_new ("(s@a{sv})", name, filter_to_variant (self))));
  gtk_editable_set_text (GTK_EDITABLE (self->save_name_entry), "");
}

static void
on_remove_saved (GtkButton *button,
                 BieWindow *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");

  g_settings_set_value (self->settings, "saved-filters", saved_filters_without (self, name, NULL));
}

static void
show_saved_filters (BieWindow *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "saved-filters");
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->saved_list, 0)) != NULL)
    gtk_list_box_remove (self->saved_list, GTK_WIDGET (row));

  for (guint i = 0; i < g_variant_n_children (saved); i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (saved, i);
      g_autofree char *remove_name = NULL;
      const char *name;
      GtkWidget *action_row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      g_variant_get_child (entry, 0, "&s", &name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), name);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), NULL);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (action_row), TRUE);
      g_object_set_data (G_OBJECT (action_row), "position", GUINT_TO_POINTER (i));

      /* Translators: the accessible name of the button removing a saved filter */
      remove_name = g_strdup_printf (_("Remove “%s”"), name);
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (remove), "name", g_strdup (name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_saved), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), remove);
      gtk_list_box_append (self->saved_list, action_row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->saved_list), g_variant_n_children (saved) > 0);
}

/* The caseload of one sector, chosen on the map; 0 for every sector. */
static void
show_sector (BieWindow *self,
             gint64     sector_id)
{
  BieSector *sector = NULL;

  if (sector_id != 0)
    sector = bie_store_load (self->store, BIE_ENTITY_SECTOR, sector_id, NULL);
  self->filter.sector_id = sector != NULL ? sector_id : 0;
  if (sector != NULL)
    {
      /* Translators: the caseload is of one cadastral sector: its code and name */
      g_autofree char *text = g_strdup_printf (_("Sector %s %s"), sector->code, sector->name);

      gtk_label_set_text (self->sector_label, text);
    }
  gtk_widget_set_visible (self->sector_bar, sector != NULL);
  bie_map_page_select_sector (self->map_page, self->filter.sector_id);
  if (sector != NULL)
    bie_record_free (BIE_ENTITY_SECTOR, sector);
}

static void
filter_sector (BieWindow *self,
               gint64     sector_id)
{
  show_sector (self, sector_id);
  apply_filter (self);
}

static void
on_clear_sector (BieWindow *self)
{
  filter_sector (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_map_sector_activated (BieWindow *self,
                         gint64     sector_id)
{
  filter_sector (self, sector_id);

  /* What the sector holds, in the caseload beside (or instead of) the map. */
  adw_view_stack_set_visible_child_name (self->view_stack, "caseload");
  adw_leaflet_set_visible_child_name (self->caseload_leaflet, "households");
}

static void
on_map_household_activated (BieWindow *self,
                            gint64     household_id)
{
  open_family (self, household_id);
}

static void
on_territory_row_activated (BieWindow     *self,
                            GtkListBoxRow *row)
{
  /* Each row says which part of the city it is; "All Territory" none. */
  self->filter.subred_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "subred-id"));
  self->filter.localidad_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "localidad-id"));
  bie_map_page_show_territory (self->map_page, self->filter.subred_id, self->filter.localidad_id);
  /* A sector of another part of the city would leave nothing to see. */
  filter_sector (self, 0);

  /* On a folded window, choosing a territory shows what it holds: on the
   * map when the map is shown, else in the caseload. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "map") != 0)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "caseload");
      adw_leaflet_set_visible_child_name (self->caseload_leaflet, "households");
    }
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static GtkWidget *
territory_row (const char *name,
               gboolean    nested,
               const char *key,
               gint64      id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, nested ? 24 : 0);
  if (!nested)
    gtk_widget_add_css_class (label, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (row), key, GSIZE_TO_POINTER (id));
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);

  return row;
}

/* Selects the sidebar's row of a subred or localidad (neither: all). */
static void
select_territory (BieWindow *self,
                  gint64     subred_id,
                  gint64     localidad_id)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->territory_list, i)) != NULL; i++)
    if (GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "subred-id")) == (gsize) subred_id &&
        GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "localidad-id")) == (gsize) localidad_id)
      {
        gtk_list_box_select_row (self->territory_list, row);
        return;
      }
}

/* The district's order of its subredes (the reference list's), then
 * codes: the same whatever order the records came in, from the demo
 * generator or from the server. */
static guint
subred_rank (BieReferenceList *list,
             const BieSubred  *subred)
{
  guint position = G_MAXUINT;

  if (list != NULL)
    bie_reference_list_find (list, subred->code, &position);

  return position;
}

static int
compare_subredes (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const BieSubred *sa = *(BieSubred * const *) a;
  const BieSubred *sb = *(BieSubred * const *) b;
  guint ra = subred_rank (user_data, sa);
  guint rb = subred_rank (user_data, sb);

  return ra != rb ? (ra < rb ? -1 : 1) : g_strcmp0 (sa->code, sb->code);
}

static int
compare_localidades (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 ((*(BieLocalidad * const *) a)->code, (*(BieLocalidad * const *) b)->code);
}

/* The sidebar: every subred, and its localidades under it. */
static void
show_territory (BieWindow *self)
{
  g_autoptr(GPtrArray) subredes = NULL;
  g_autoptr(BieReferenceList) order = bie_reference_list_get ("subredes", NULL);
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->territory_list, 1)) != NULL)
    gtk_list_box_remove (self->territory_list, GTK_WIDGET (row));
  gtk_list_box_select_row (self->territory_list, gtk_list_box_get_row_at_index (self->territory_list, 0));

  if (self->store == NULL ||
      (subredes = bie_store_list (self->store, BIE_ENTITY_SUBRED, NULL, 0, NULL)) == NULL)
    return;

  g_ptr_array_sort_with_data (subredes, compare_subredes, order);
  for (guint i = 0; i < subredes->len; i++)
    {
      BieSubred *subred = g_ptr_array_index (subredes, i);
      g_autoptr(GPtrArray) localidades = bie_store_list (self->store, BIE_ENTITY_LOCALIDAD, "subred_id",
                                                         subred->record.id, NULL);

      if (localidades != NULL)
        g_ptr_array_sort (localidades, compare_localidades);
      gtk_list_box_append (self->territory_list,
                           territory_row (subred->name, FALSE, "subred-id", subred->record.id));
      for (guint j = 0; localidades != NULL && j < localidades->len; j++)
        {
          BieLocalidad *localidad = g_ptr_array_index (localidades, j);

          gtk_list_box_append (self->territory_list,
                               territory_row (localidad->name, TRUE, "localidad-id", localidad->record.id));
        }
    }
}

/* Synchronisation with the district server */

static void
add_toast (BieWindow  *self,
           const char *title,
           const char *button_label,
           const char *action_name)
{
  AdwToast *toast = bie_action_toast_new (title, button_label, action_name);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* What may be done, from the synchronisation's state. */
static void
update_sync_actions (BieWindow *self)
{
  BieSyncState state = self->sync != NULL ? bie_sync_controller_get_state (self->sync)
                                          : BIE_SYNC_STATE_NOT_CONFIGURED;
  gint64 conflicts = self->sync != NULL ? bie_sync_controller_get_conflicts (self->sync) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-cancel", state == BIE_SYNC_STATE_SYNCING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resolve-conflicts", conflicts > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-changes", self->sync != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-changes", self->sync != NULL);
}

static void
on_sync_finished (BieWindow *self,
                  gboolean   success,
                  gboolean   on_demand,
                  gboolean   cancelled)
{
  BieSyncState state = bie_sync_controller_get_state (self->sync);
  const char *message = bie_sync_controller_get_error_message (self->sync);
  gint64 conflicts = bie_sync_controller_get_conflicts (self->sync);

  if (cancelled)
    return;

  if (success)
    {
      g_clear_pointer (&self->sync_error_shown, g_free);
      if (on_demand && conflicts > 0)
        {
          g_autofree char *count = bie_sync_text_count (conflicts);
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%s record was changed here and on the server",
                                                                 "%s records were changed here and on the server",
                                                                 conflicts),
                                                    count);

          add_toast (self, title, _("_Resolve"), "win.resolve-conflicts");
        }
      return;
    }

  if (message == NULL)
    return;
  if (state == BIE_SYNC_STATE_NOT_CONFIGURED)
    {
      if (on_demand)
        add_toast (self, message, _("Set _Up"), "win.sync-setup");
      return;
    }

  /* The background's failures show in the header; a toast says a new one
   * once, not every few minutes while the unit is offline. */
  if (!on_demand && (state == BIE_SYNC_STATE_OFFLINE || g_strcmp0 (message, self->sync_error_shown) == 0))
    return;
  g_free (self->sync_error_shown);
  self->sync_error_shown = g_strdup (message);
  add_toast (self, message, _("_Retry"), "win.sync");
}

static void
set_sync (BieWindow *self,
          BieStore  *store)
{
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      bie_sync_controller_cancel (self->sync);
    }
  g_clear_object (&self->sync);
  g_clear_pointer (&self->sync_error_shown, g_free);

  if (store != NULL)
    {
      self->sync = bie_sync_controller_new (store);
      g_signal_connect_object (self->sync, "finished", G_CALLBACK (on_sync_finished), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (update_sync_actions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync, "notify::conflicts", G_CALLBACK (update_sync_actions), self,
                               G_CONNECT_SWAPPED);
    }
  bie_sync_status_set_controller (self->sync_status, self->sync);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_status), self->sync != NULL);
  update_sync_actions (self);
}

/**
 * bie_window_get_sync:
 *
 * Returns: (transfer none) (nullable): the synchronisation of the cache
 *   the window shows
 */
BieSyncController *
bie_window_get_sync (BieWindow *self)
{
  g_return_val_if_fail (BIE_IS_WINDOW (self), NULL);

  return self->sync;
}

static void
sync_now (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->sync != NULL)
    bie_sync_controller_sync_now (self->sync);
}

static void
sync_cancel (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->sync != NULL)
    bie_sync_controller_cancel (self->sync);
}

static void
sync_setup (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BiePreferencesWindow *preferences = bie_preferences_window_new (GTK_WINDOW (widget));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "server");
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
resolve_conflicts (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->sync != NULL)
    gtk_window_present (GTK_WINDOW (bie_conflict_dialog_new (GTK_WINDOW (self), self->sync)));
}

/* Offline transfer: the changes on a USB stick */

static void
export_changes (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->sync != NULL)
    bie_transfer_choose_export (GTK_WINDOW (self), self->sync, self->toast_overlay);
}

static void
import_changes (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BieWindow *self = BIE_WINDOW (widget);

  if (self->sync != NULL)
    bie_transfer_choose_import (GTK_WINDOW (self), self->sync, self->toast_overlay);
}

/**
 * bie_window_export_changes:
 * @file: where to write them
 *
 * Writes the changes not yet sent to @file, as Export Changes to a File…
 * does once the file is chosen.
 *
 * Returns: whether the file was written
 */
gboolean
bie_window_export_changes (BieWindow *self,
                           GFile     *file)
{
  g_return_val_if_fail (BIE_IS_WINDOW (self), FALSE);

  return self->sync != NULL && bie_transfer_export (GTK_WINDOW (self), self->sync, self->toast_overlay, file);
}

/**
 * bie_window_import_changes:
 * @file: a file of changes exported from another cache
 *
 * Reads @file into the cache, as Import Changes from a File… does once
 * the file is chosen.
 *
 * Returns: whether the file was read
 */
gboolean
bie_window_import_changes (BieWindow *self,
                           GFile     *file)
{
  g_return_val_if_fail (BIE_IS_WINDOW (self), FALSE);

  return self->sync != NULL && bie_transfer_import (GTK_WINDOW (self), self->sync, self->toast_overlay, file);
}

/**
 * bie_window_set_store:
 * @store: (nullable): the local cache to show, or %NULL for none
 *
 * Shows what @store holds and follows its changes.
 */
void
bie_window_set_store (BieWindow *self,
                      BieStore  *store)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (BIE_IS_WINDOW (self));
  g_return_if_fail (store == NULL || BIE_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  g_set_object (&self->store, store);
  gtk_list_view_set_model (self->caseload_view, NULL);
  g_clear_object (&self->caseload);
  memset (&self->filter, 0, sizeof self->filter);

  bie_plan_view_show_household (self->plan_view, store, 0);
  bie_map_page_set_store (self->map_page, store);
  set_sync (self, store);
  gtk_widget_set_visible (self->sector_bar, FALSE);
  if (store == NULL)
    {
      show_empty (self);
      return;
    }

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  self->caseload = bie_caseload_model_new_progressive (store);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->caseload)));
  gtk_list_view_set_model (self->caseload_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (selection, "notify::selected-item", G_CALLBACK (on_caseload_selection),
                           self, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_territory (self);
  on_filters_changed (self);

  /* Counting a million persons takes longer than the first page: a cache
   * with households shows its list at once, and what it holds in all
   * when the window is idle. */
  g_clear_handle_id (&self->counts_id, g_source_remove);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->caseload)) == 0)
    {
      show_counts (self);
      return;
    }
  show_demo (self, bie_demo_cache_is_demo (store));
  gtk_stack_set_visible_child_name (self->caseload_stack, "list");
  show_results (self);
  self->counts_id = g_idle_add_full (G_PRIORITY_LOW, show_counts_later, self, NULL);
}

/**
 * bie_window_show_progress:
 * @done: households generated so far
 * @total: households to generate
 *
 * Shows that the demo city is being built, and how far it is.
 */
void
bie_window_show_progress (BieWindow *self,
                          guint      done,
                          guint      total)
{
  g_autofree char *text = NULL;
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);

  g_return_if_fail (BIE_IS_WINDOW (self));

  /* Translators: "1,200 of 5,000 households" */
  text = g_strdup_printf (_("%s of %s households"), done_text, total_text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_stack_set_visible_child_name (self->caseload_stack, "progress");
}

static void
on_back_clicked (BieWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}


static void
bie_window_dispose (GObject *object)
{
  BieWindow *self = BIE_WINDOW (object);

  g_clear_handle_id (&self->recount_id, g_source_remove);
  g_clear_handle_id (&self->counts_id, g_source_remove);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      bie_sync_controller_cancel (self->sync);
    }
  g_clear_object (&self->sync);
  g_clear_pointer (&self->sync_error_shown, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->caseload);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bie_window_parent_class)->dispose (object);
}

static void
bie_window_class_init (BieWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_window_dispose;

  g_type_ensure (BIE_TYPE_FAMILY_PAGE);
  g_type_ensure (BIE_TYPE_PLAN_VIEW);
  g_type_ensure (BIE_TYPE_MAP_PAGE);
  g_type_ensure (BIE_TYPE_SYNC_STATUS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BieWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, territory_list);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, demo_bar);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, caseload_leaflet);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_record_removed);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, family_page);
  gtk_widget_class_bind_template_callback (widget_class, on_household_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_family_back);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, caseload_stack);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, caseload_view);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, filters_popover);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, sort_choice);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, risk_choice);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, plan_choice);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, no_contact_check);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, pregnant_check);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, child_check);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, saved_list);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, save_name_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_saved_filter_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_save_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, plan_view);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, map_page);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, sector_bar);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, sector_label);
  gtk_widget_class_bind_template_child (widget_class, BieWindow, sync_status);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_sector);
  gtk_widget_class_bind_template_callback (widget_class, on_map_sector_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_map_household_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_territory_row_activated);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, focus_search);
  gtk_widget_class_install_action (widget_class, "win.show-plan", "x", show_plan);
  gtk_widget_class_install_action (widget_class, "win.print-plans", NULL, print_plans);
  gtk_widget_class_install_action (widget_class, "win.import-sectors", NULL, import_sectors);
  gtk_widget_class_install_action (widget_class, "win.show-on-map", "x", show_on_map);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_now);
  gtk_widget_class_install_action (widget_class, "win.sync-cancel", NULL, sync_cancel);
  gtk_widget_class_install_action (widget_class, "win.sync-setup", NULL, sync_setup);
  gtk_widget_class_install_action (widget_class, "win.resolve-conflicts", NULL, resolve_conflicts);
  gtk_widget_class_install_action (widget_class, "win.export-changes", NULL, export_changes);
  gtk_widget_class_install_action (widget_class, "win.import-changes", NULL, import_changes);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
}

static void
bie_window_init (BieWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  /* Size and maximised state follow the settings both ways: restored
   * here, and saved as the user resizes. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::saved-filters", G_CALLBACK (show_saved_filters),
                           self, G_CONNECT_SWAPPED);
  show_saved_filters (self);

  fill_risk_choices (self, NULL);
  fill_plan_choices (self, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->caseload_view, factory);

  gtk_list_box_select_row (self->territory_list,
                           gtk_list_box_get_row_at_index (self->territory_list, 0));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_sync_actions (self);
}
