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
#include "bie-validation.h"

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

  char      *why;       /* the priority's tooltip */
};

G_DEFINE_FINAL_TYPE (BieHouseholdRow, bie_household_row, GTK_TYPE_WIDGET)

GtkWidget *
bie_household_row_new (void)
{
  return g_object_new (BIE_TYPE_HOUSEHOLD_ROW, NULL);
}

/* Shows badge @index: made the first time a household needs it, then
 * kept for the households the row shows next, since the list rebinds its
 * rows as it scrolls and new widgets cost more than new text. */
static void
show_badge (BieHouseholdRow *self,
            guint            index,
            const char      *icon_name,
            const char      *text)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->badges, index);
  GtkWidget *icon;
  GtkWidget *label;

  if (child == NULL)
    {
      GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      icon = gtk_image_new ();
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_set_halign (badge, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "caption");
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (badge), icon);
      gtk_box_append (GTK_BOX (badge), label);
      gtk_flow_box_append (self->badges, badge);
      child = gtk_flow_box_get_child_at_index (self->badges, index);
    }
  else
    {
      icon = gtk_widget_get_first_child (gtk_flow_box_child_get_child (child));
      label = gtk_widget_get_next_sibling (icon);
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_widget_set_visible (GTK_WIDGET (child), TRUE);
}

/* Hides the badges from @index on. */
static void
hide_badges (BieHouseholdRow *self,
             guint            index)
{
  GtkFlowBoxChild *child;

  while ((child = gtk_flow_box_get_child_at_index (self->badges, index++)) != NULL)
    gtk_widget_set_visible (GTK_WIDGET (child), FALSE);
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
  guint n_badges = 0;
  const char *name;

  g_return_if_fail (BIE_IS_HOUSEHOLD_ROW (self));

  if (item == NULL)
    {
      hide_badges (self, 0);
      g_clear_pointer (&self->why, g_free);
      return;
    }

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
      show_badge (self, n_badges++, "dialog-warning-symbolic",
                  (risks != NULL ? bie_reference_list_lookup_name (risks, codes[i]) : NULL) ?: codes[i]);
  if (factors.child_under_five)
    show_badge (self, n_badges++, "system-users-symbolic", _("Child under five"));
  if (factors.older_person)
    show_badge (self, n_badges++, "system-users-symbolic", _("Older person"));
  hide_badges (self, n_badges);

  if (row->last_contact != NULL)
    {
      g_autofree char *day = bie_format_day (row->last_contact);

      contact = g_strdup_printf (_("Last contact %s"), day);
    }
  else
    contact = g_strdup (_("Never contacted"));
  gtk_label_set_text (self->contact, contact);

  gtk_widget_remove_css_class (GTK_WIDGET (self->due), "error");
  if (row->next_due != NULL)
    {
      g_autofree char *day = bie_format_day (row->next_due);

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
  /* Given when asked (on_priority_query_tooltip): setting a tooltip's text
   * makes GTK look for the pointer, two round trips to the X server for
   * every row bound while the list scrolls. */
  g_free (self->why);
  self->why = g_steal_pointer (&why);
}

static gboolean
on_priority_query_tooltip (BieHouseholdRow *self,
                           int              x,
                           int              y,
                           gboolean         keyboard_mode,
                           GtkTooltip      *tooltip)
{
  if (self->why == NULL || *self->why == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->why);
  return TRUE;
}

static void
bie_household_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BIE_TYPE_HOUSEHOLD_ROW);

  G_OBJECT_CLASS (bie_household_row_parent_class)->dispose (object);
}

static void
bie_household_row_finalize (GObject *object)
{
  BieHouseholdRow *self = BIE_HOUSEHOLD_ROW (object);

  g_free (self->why);

  G_OBJECT_CLASS (bie_household_row_parent_class)->finalize (object);
}

static void
bie_household_row_class_init (BieHouseholdRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_household_row_dispose;
  object_class->finalize = bie_household_row_finalize;

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
  gtk_widget_class_bind_template_callback (widget_class, on_priority_query_tooltip);
}

static void
bie_household_row_init (BieHouseholdRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
