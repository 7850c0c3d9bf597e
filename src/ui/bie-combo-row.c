/* bie-combo-row.c: a combo row whose long lists can be searched
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AdwComboRow 1.2 opens a plain list; a sector among a thousand, or an
 * EPS among thirty, is then a long scroll. This row opens lists of
 * BIE_COMBO_ROW_SEARCH_FROM choices or more in a popover of its own, a
 * search entry above the list: the choices shown are those with a word
 * that begins with each word typed, accents and case aside ("bolivar"
 * finds "Salud Bolívar EPS", "0039" the sector "003936 — ..."). Enter
 * takes the first one shown, Down goes into the list, Escape closes; when
 * nothing matches, the popover says so.
 * Shorter lists open as AdwComboRow opens them.
 *
 * Both popovers show each choice whole (wrapped, not cut at twenty
 * characters: two goals or two risks of one person may begin alike) and
 * check the chosen one.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bie-combo-row.h"

struct _BieComboRow
{
  AdwComboRow         parent_instance;

  /* The search popover, made when first needed */
  GtkWidget          *popover;
  GtkWidget          *entry;
  GtkWidget          *list;
  GtkWidget          *nothing;
  GtkFilter          *filter;
  GtkFilterListModel *filtered;
};

G_DEFINE_FINAL_TYPE (BieComboRow, bie_combo_row, ADW_TYPE_COMBO_ROW)

/* The width at the row's end where its arrow is */
#define ARROW_AREA 48

/* Choices, as both popovers show them */

static void
update_check (BieComboRow *self,
              GParamSpec  *pspec,
              GtkListItem *item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  gpointer selected = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));

  gtk_widget_set_opacity (check, selected != NULL && selected == gtk_list_item_get_item (item));
}

static void
setup_choice (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BieComboRow              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

/* What a choice reads: a string list's string, or the row's expression. */
static char *
choice_text (BieComboRow *self,
             gpointer     choice)
{
  GtkExpression *expression = adw_combo_row_get_expression (ADW_COMBO_ROW (self));
  g_auto(GValue) value = G_VALUE_INIT;

  if (GTK_IS_STRING_OBJECT (choice))
    return g_strdup (gtk_string_object_get_string (choice));
  if (expression != NULL && gtk_expression_evaluate (expression, choice, &value) &&
      G_VALUE_HOLDS_STRING (&value))
    return g_value_dup_string (&value);

  return NULL;
}

static void
bind_choice (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             BieComboRow              *self)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *text = choice_text (self, gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  update_check (self, NULL, item);
  g_signal_connect_object (self, "notify::selected-item", G_CALLBACK (update_check), item, 0);
}

static void
unbind_choice (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BieComboRow              *self)
{
  g_signal_handlers_disconnect_by_func (self, update_check, item);
}

/* The search */

static gboolean
choice_matches (gpointer choice,
                gpointer user_data)
{
  BieComboRow *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *text = NULL;

  if (*query == '\0')
    return TRUE;
  text = choice_text (self, choice);

  return text != NULL && g_str_match_string (query, text, TRUE);
}

static guint
n_choices (BieComboRow *self)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (self));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

/* Takes the choice at @position among those shown. */
static void
choose (BieComboRow *self,
        guint        position)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (self));
  g_autoptr(GObject) choice = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (choice == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (model, i);

      if (candidate == choice)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
          break;
        }
    }
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
on_list_activate (BieComboRow *self,
                  guint        position)
{
  choose (self, position);
}

static void
on_search_changed (BieComboRow *self)
{
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_activate (BieComboRow *self)
{
  choose (self, 0);
}

static void
on_stop_search (BieComboRow *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static gboolean
on_entry_key (BieComboRow           *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_child_focus (self->list, GTK_DIR_TAB_FORWARD);

  return GDK_EVENT_STOP;
}

static void
on_filtered_changed (BieComboRow *self)
{
  gboolean none = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_widget_set_visible (self->nothing, none);
  gtk_widget_set_visible (gtk_widget_get_parent (self->list), !none);
}

static void
on_popover_visible (BieComboRow *self)
{
  if (gtk_widget_get_visible (self->popover))
    gtk_widget_add_css_class (GTK_WIDGET (self), "has-open-popup");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "has-open-popup");
}

static void
ensure_popover (BieComboRow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkEventController *keys;
  GtkWidget *box, *scrolled;

  if (self->popover != NULL)
    return;

  self->filter = GTK_FILTER (gtk_custom_filter_new (choice_matches, self, NULL));
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (self->filter));

  self->entry = gtk_search_entry_new ();
  g_object_set (self->entry, "placeholder-text", _("Search"), NULL);
  /* At once, not after the entry's pause: a list is quick to filter, and
   * Enter right after typing must take what the typing found. */
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (on_stop_search), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_entry_key), self);
  gtk_widget_add_controller (self->entry, keys);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  self->list = gtk_list_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)),
                                  g_object_ref (adw_combo_row_get_list_factory (ADW_COMBO_ROW (self))));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list), TRUE);
  gtk_widget_add_css_class (self->list, "combo");
  g_signal_connect_swapped (self->list, "activate", G_CALLBACK (on_list_activate), self);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);

  self->nothing = gtk_label_new (_("No choice matches"));
  gtk_widget_add_css_class (self->nothing, "dim-label");
  gtk_widget_set_margin_top (self->nothing, 12);
  gtk_widget_set_margin_bottom (self->nothing, 12);
  gtk_widget_set_visible (self->nothing, FALSE);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (on_filtered_changed), self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), self->entry);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), self->nothing);

  self->popover = gtk_popover_new ();
  gtk_widget_add_css_class (self->popover, "menu");
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  gtk_widget_set_size_request (box, 320, -1);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  g_signal_connect_swapped (self->popover, "notify::visible", G_CALLBACK (on_popover_visible), self);
}

/* The row */

static void
bie_combo_row_activate (AdwActionRow *row)
{
  BieComboRow *self = BIE_COMBO_ROW (row);
  g_autofree char *label = NULL;
  GdkRectangle arrow;
  guint selected;
  int width;

  if (!bie_combo_row_get_searchable (self))
    {
      ADW_ACTION_ROW_CLASS (bie_combo_row_parent_class)->activate (row);
      return;
    }

  ensure_popover (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_filter_list_model_set_model (self->filtered, adw_combo_row_get_model (ADW_COMBO_ROW (self)));
  /* Translators: what a screen reader says of the search field above a
   * list of choices; %s is the row's title, e.g. "Sector" or "EPS" */
  label = g_strdup_printf (_("Search %s"),
                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  /* At the row's arrow, as the row's own list is. */
  width = gtk_widget_get_width (GTK_WIDGET (self));
  arrow = (GdkRectangle) { gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? 0 : width - ARROW_AREA,
                           0, ARROW_AREA, gtk_widget_get_height (GTK_WIDGET (self)) };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &arrow);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (self->entry);
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", selected);
}

static void
bie_combo_row_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  BieComboRow *self = BIE_COMBO_ROW (widget);

  GTK_WIDGET_CLASS (bie_combo_row_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static gboolean
bie_combo_row_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  BieComboRow *self = BIE_COMBO_ROW (widget);

  if (self->popover != NULL && gtk_widget_get_visible (self->popover))
    return gtk_widget_child_focus (self->popover, direction);

  return GTK_WIDGET_CLASS (bie_combo_row_parent_class)->focus (widget, direction);
}

static void
bie_combo_row_dispose (GObject *object)
{
  BieComboRow *self = BIE_COMBO_ROW (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (bie_combo_row_parent_class)->dispose (object);
}

static void
bie_combo_row_class_init (BieComboRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwActionRowClass *row_class = ADW_ACTION_ROW_CLASS (klass);

  object_class->dispose = bie_combo_row_dispose;
  widget_class->size_allocate = bie_combo_row_size_allocate;
  widget_class->focus = bie_combo_row_focus;
  row_class->activate = bie_combo_row_activate;
}

static void
bie_combo_row_init (BieComboRow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  /* The factory belongs to the row: no reference back. */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_choice), self);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (self), factory);
}

/**
 * bie_combo_row_get_searchable:
 *
 * Returns: whether the row's list is long enough to open with a search
 */
gboolean
bie_combo_row_get_searchable (BieComboRow *self)
{
  g_return_val_if_fail (BIE_IS_COMBO_ROW (self), FALSE);

  return n_choices (self) >= BIE_COMBO_ROW_SEARCH_FROM;
}
