/* bie-mnemonic-names.c: buttons with mnemonics named once
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 names a button with a mnemonic twice for assistive technology:
 * once by its accessible label, which holds the label as written
 * ("_Save"), and again by the label inside it, which names the button
 * through its mnemonic ("Save"). A screen reader then reads
 * "underscore Save Save".
 *
 * The label inside names the button well: its accessible label is
 * dropped when the button is shown and whenever its label changes, which
 * is what a screen reader presents. Later GTK versions set no such
 * label; dropping none does no harm. (A button whose content has the
 * mnemonic, an AdwButtonContent, is named by it: give it no accessible
 * label of its own.)
 */

#include "config.h"

#include <gtk/gtk.h>

#include "bie-mnemonic-names.h"

#define WATCHED_KEY "bie-mnemonic-name-watched"

static void
name_once (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* When a button is shown (GTK 4.8 sets the label when the button's
 * accessible object is first made), and whenever its label changes. */
static gboolean
on_map (GSignalInvocationHint *hint,
        guint                  n_values,
        const GValue          *values,
        gpointer               user_data)
{
  GObject *widget = g_value_get_object (&values[0]);

  if (!GTK_IS_BUTTON (widget))
    return TRUE;

  name_once (GTK_BUTTON (widget));
  if (g_object_get_data (widget, WATCHED_KEY) == NULL)
    {
      g_object_set_data (widget, WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (name_once), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (name_once), NULL);
    }

  return TRUE;
}

/**
 * bie_mnemonic_names_install:
 *
 * From now on, every button with a mnemonic is named once. Call after
 * GTK is initialised; more calls do nothing more.
 */
void
bie_mnemonic_names_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* A widget's signals exist once its class does. */
      gpointer widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map, NULL, NULL);
      g_type_class_unref (widget_class);
      g_once_init_leave (&installed, 1);
    }
}
