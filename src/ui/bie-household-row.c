/* bie-household-row.c: one household in the caseload list
 *
 * What a nurse scans for: who (the head of household), where, how many,
 * which risks (each an icon and a word, never colour alone), how urgent
 * (the priority), when the family was last seen and what is due next.
 * The row's accessible name says the same in one sentence.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-household-row"

#include "config.h"

#include <glib/gi18n.h>

#include "bie-caseload.h"
#include "bie-household-row.h"
#include "bie-reference.h"

struct _BieHouseholdRow
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkLabel  *priority;
  GtkLabel  *name;
  GtkLabel  *place;
  GtkFlowBox *badges;
  GtkLabel  *contact;
  GtkLabel  *due;
};

G_DEFINE_FINAL_TYPE (BieHouseholdRow, bie_household_row, GTK_TYPE_WIDGET)

GtkWidget *
bie_household_row_new (void)
{
  return g_object_new (BIE_TYPE_HOUSEHOLD_ROW, NULL);
}

static void
add_badge (BieHouseholdRow *self,
           const char      *icon_name,
           const char      *text)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (badge), icon);
  gtk_box_append (GTK_BOX (badge), label);
  gtk_flow_box_append (self->badges, badge);
}

static char *
format_day (const char *day)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (day == NULL)
    return NULL;

  iso = g_strconcat (day, "T12:00:00Z", NULL);
  date = g_date_time_new_from_iso8601 (iso, NULL);
  if (date == NULL)
    return g_strdup (day);

  /* Translators: a short date in a caseload row, see strftime */
  return g_date_time_format (date, _("%-d %b %Y"));
}

/**
 * bie_household_row_set_item:
 * @item: (nullable): the household to show
 * @today: the day "overdue" and ages are judged on
 */
void
bie_household_row_set_item (BieHouseholdRow *self,
                            BieCaseloadItem *item,
                            GDate           *today)
{
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *priority = NULL;
  g_autofree char *place = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *due = NULL;
  g_autofree char *why = NULL;
  g_autofree char *accessible = NULL;
  g_auto(GStrv) codes = NULL;
  const BieCaseloadRow *row;
  BiePriorityFactors factors;
  GtkWidget *child;
  const char *name;

  g_return_if_fail (BIE_IS_HOUSEHOLD_ROW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges))) != NULL)
    gtk_flow_box_remove (self->badges, child);
  if (item == NULL)
    return;

  row = bie_caseload_item_get_row (item);
  name = row->head_name != NULL ? row->head_name : _("Household without members");
  bie_priority_factors_init (&factors, today, row->open_risks, row->next_due, row->last_contact,
                             row->youngest_birth, row->oldest_birth, row->pregnant, row->caregiver);
  bie_priority_score (&factors, reasons);

  priority = g_strdup_printf ("%d", row->priority);
  gtk_label_set_text (self->priority, priority);
  gtk_label_set_text (self->name, name);
  place = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        /* Translators: address · sector code and name · members */
                                        "%s · %s %s · %u member",
                                        "%s · %s %s · %u members",
                                        row->n_members),
                           row->address ?: "", row->sector_code ?: "", row->sector_name ?: "",
                           row->n_members);
  gtk_label_set_text (self->place, place);

  codes = g_strsplit (row->risk_codes ?: "", ",", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      add_badge (self, "dialog-warning-symbolic",
                 (risks != NULL ? bie_reference_list_lookup_name (risks, codes[i]) : NULL) ?: codes[i]);
  if (factors.child_under_five)
    add_badge (self, "system-users-symbolic", _("Child under five"));
  if (factors.older_person)
    add_badge (self, "system-users-symbolic", _("Older person"));

  if (row->last_contact != NULL)
    {
      g_autofree char *day = format_day (row->last_contact);

      contact = g_strdup_printf (_("Last contact %s"), day);
    }
  else
    contact = g_strdup (_("Never contacted"));
  gtk_label_set_text (self->contact, contact);

  gtk_widget_remove_css_class (GTK_WIDGET (self->due), "error");
  if (row->next_due != NULL)
    {
      g_autofree char *day = format_day (row->next_due);

      if (factors.overdue)
        {
          /* Said in words and marked: never colour alone. */
          due = g_strdup_printf (_("⚠ Overdue since %s"), day);
          gtk_widget_add_css_class (GTK_WIDGET (self->due), "error");
        }
      else
        due = g_strdup_printf (_("Next due %s"), day);
    }
  gtk_label_set_text (self->due, due ?: "");
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->due)), due != NULL);

  g_ptr_array_add (reasons, NULL);
  why = g_strjoinv (", ", (char **) reasons->pdata);
  /* Translators: a household for screen readers: name, place, priority, why */
  accessible = g_strdup_printf (_("%s, %s, priority %d: %s"), name, place, row->priority,
                                *why != '\0' ? why : _("nothing to watch"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, contact,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->priority), why);
}

static void
bie_household_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_HOUSEHOLD_ROW);

  G_OBJECT_CLASS (bie_household_row_parent_class)->dispose (object);
}

static void
bie_household_row_class_init (BieHouseholdRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_household_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-household-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, box);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, priority);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, name);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, place);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, badges);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, contact);
  gtk_widget_class_bind_template_child (widget_class, BieHouseholdRow, due);
}

static void
bie_household_row_init (BieHouseholdRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
