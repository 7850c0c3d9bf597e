/* bie-test-utils.c: what every UI test program needs
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "bie-mnemonic-names.h"
#include "bie-test-records.h"
#include "bie-test-utils.h"

/**
 * bie_test_init_i18n:
 *
 * Sets the locale from the environment and reads the translations this
 * build compiled (not installed ones), so a test run with LANGUAGE=es
 * sees the Spanish of the tree under test.
 */
void
bie_test_init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BIE_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *data_home;

static void
remove_data_home (void)
{
  bie_test_remove_folder (data_home);
  g_clear_pointer (&data_home, g_free);
}

/**
 * bie_test_init_gtk:
 *
 * gtk_test_init() plus libadwaita and the build's translations, with a
 * data folder of its own (removed at exit), so tests that open the
 * default local cache neither share it nor touch a user's.
 */
void
bie_test_init_gtk (int    *argc,
                   char ***argv)
{
  data_home = g_dir_make_tmp ("bienestar-test-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  atexit (remove_data_home);

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() forces the C locale; the language under test comes
   * from LANGUAGE, which gettext honours under C.UTF-8. */
  bie_test_init_i18n ();
  adw_init ();
  bie_mnemonic_names_install ();
}

/**
 * bie_test_collect_widgets:
 * @root: where to start
 * @type: the widget type to look for
 * @found: (element-type GtkWidget): receives every widget of @type below @root
 *
 * Walks the widget tree depth-first, @root included.
 */
void
bie_test_collect_widgets (GtkWidget *root,
                          GType      type,
                          GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    bie_test_collect_widgets (child, type, found);
}

/**
 * bie_test_find_widget:
 * @buildable_id: (nullable): the id the widget has in its .ui file
 *
 * Returns: (transfer none) (nullable): the first widget of @type below
 *   @root, with @buildable_id when given
 */
GtkWidget *
bie_test_find_widget (GtkWidget  *root,
                      GType       type,
                      const char *buildable_id)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  bie_test_collect_widgets (root, type, found);
  for (guint i = 0; i < found->len; i++)
    {
      GtkBuildable *buildable = GTK_BUILDABLE (g_ptr_array_index (found, i));

      if (buildable_id == NULL ||
          g_strcmp0 (gtk_buildable_get_buildable_id (buildable), buildable_id) == 0)
        return g_ptr_array_index (found, i);
    }

  return NULL;
}

/* Whether @widget shows when its window does: it and every parent below
 * the window are visible. */
static gboolean
shows (GtkWidget *widget)
{
  for (; widget != NULL && !GTK_IS_ROOT (widget); widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget))
      return FALSE;

  return TRUE;
}

/* A control is named by its own text, or by an accessible label or relation. */
static gboolean
is_named (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* The button inside a menu button or a drop-down is named by it. */
  if (GTK_IS_BUTTON (widget) && (GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent)))
    return is_named (parent);
  if (GTK_IS_MENU_BUTTON (widget))
    {
      const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      if (label != NULL && *label != '\0')
        return TRUE;
    }

  if (GTK_IS_BUTTON (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));

      /* An icon alone names nothing, though GTK says its button is
       * labelled by it: a shown icon-only button needs a name of its own.
       * (The window's own controls are GTK's to name.) */
      if (gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
        return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
               !shows (widget) ||
               gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL;
      if (label != NULL && *label != '\0')
        return TRUE;
      if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
        return TRUE;
    }

  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Whether a label with a mnemonic names @widget, a button. */
static gboolean
has_mnemonic (GtkWidget *widget)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  if (gtk_button_get_use_underline (GTK_BUTTON (widget)) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;
  child = gtk_button_get_child (GTK_BUTTON (widget));

  return ADW_IS_BUTTON_CONTENT (child) && adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (child));
}

/**
 * bie_test_assert_controls_named:
 * @root: where to start
 *
 * Fails the test unless every button and row below @root has a name an
 * assistive technology can read, and those shown have it once.
 */
void
bie_test_assert_controls_named (GtkWidget *root)
{
  const GType control_types[] = {
    GTK_TYPE_BUTTON, GTK_TYPE_MENU_BUTTON, GTK_TYPE_CHECK_BUTTON, GTK_TYPE_LIST_BOX_ROW
  };

  for (guint t = 0; t < G_N_ELEMENTS (control_types); t++)
    {
      g_autoptr(GPtrArray) controls = g_ptr_array_new ();

      bie_test_collect_widgets (root, control_types[t], controls);
      for (guint i = 0; i < controls->len; i++)
        {
          GtkWidget *control = g_ptr_array_index (controls, i);

          /* Rows of widgets that name themselves (AdwActionRow and the like) have titles. */
          if (ADW_IS_PREFERENCES_ROW (control))
            continue;
          if (!is_named (control))
            g_error ("%s %p (%s, %s) in %s has no accessible name",
                     G_OBJECT_TYPE_NAME (control), control,
                     gtk_widget_get_tooltip_text (control) ?: "no tooltip",
                     GTK_IS_BUTTON (control) && gtk_button_get_icon_name (GTK_BUTTON (control)) ?
                       gtk_button_get_icon_name (GTK_BUTTON (control)) : "no icon",
                     G_OBJECT_TYPE_NAME (root));
          /* GTK 4.8 reads both, one after the other ("_Save Save"). */
          if (gtk_widget_get_mapped (control) && has_mnemonic (control) &&
              gtk_test_accessible_has_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL))
            g_error ("%s %p (%s) in %s is named twice: by its label and by its mnemonic",
                     G_OBJECT_TYPE_NAME (control), control,
                     gtk_widget_get_tooltip_text (control) ?: "no tooltip", G_OBJECT_TYPE_NAME (root));
        }
    }
}

/* Handles what is pending: signals, idles, a frame or two. */
void
bie_test_spin (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, then handles what is pending: lets frames be
 * drawn and animations run their course (libadwaita 1.2 leaks a toast
 * whose window is destroyed while it is still going away). */
void
bie_test_wait_ms (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
  bie_test_spin ();
}

/**
 * bie_test_find_controller:
 *
 * Returns: (transfer none): the first event controller of @widget of @type;
 *   the test fails when there is none
 */
gpointer
bie_test_find_controller (GtkWidget *widget,
                          GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      /* The widget keeps it. */
      if (g_type_is_a (G_OBJECT_TYPE (controller), type))
        return controller;
    }

  g_assert_not_reached ();
}
