/* bie-map-page.c: the Map view: the sector map, its theme, export and
 * printing
 *
 * The territory is read from the store the first time the map is shown,
 * not when the window opens; the theme's figures are read again when the
 * records they count change, a moment after the last change, and only
 * while the map is shown (else when it is shown next).
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "bie-demo-cache.h"
#include "bie-map-export.h"
#include "bie-messages.h"
#include "bie-map-page.h"
#include "bie-reference.h"
#include "bie-store-map.h"

#define REFRESH_DELAY_MS 400

/* In the order of the theme drop-down. */
static const struct {
  BieMapTheme  theme;
  const char  *name;
} themes[] = {
  { BIE_MAP_THEME_OPEN_RISKS, N_("Households with open risks") },
  { BIE_MAP_THEME_RISK_TYPE, N_("Households with a risk…") },
  { BIE_MAP_THEME_PLAN_COVERAGE, N_("Care plan coverage") },
  { BIE_MAP_THEME_OVERDUE, N_("Overdue activities") },
  { BIE_MAP_THEME_DAYS_SINCE_VISIT, N_("Days since the last contact") },
};

struct _BieMapPage
{
  GtkWidget          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *stack;
  GtkDropDown       *theme_choice;
  GtkDropDown       *risk_choice;
  BieMapWidget      *map;

  BieStore          *store;
  BieReferenceList  *risks;
  BieMapSnapshot    *snapshot;
  gboolean           snapshot_stale;   /* the territory or households changed */
  gboolean           figures_stale;    /* what the theme counts changed */
  guint              refresh_id;
  gint64             pending_subred;   /* a territory to show once loaded */
  gint64             pending_localidad;
  gboolean           pending_territory;

  GtkNativeDialog   *chooser;
  GtkPrintSettings  *print_settings;
};

G_DEFINE_FINAL_TYPE (BieMapPage, bie_map_page, GTK_TYPE_WIDGET)

enum {
  SECTOR_ACTIVATED,
  HOUSEHOLD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static BieMapTheme
chosen_theme (BieMapPage  *self,
              const char **risk_code)
{
  guint theme = gtk_drop_down_get_selected (self->theme_choice);
  guint risk = gtk_drop_down_get_selected (self->risk_choice);

  if (theme >= G_N_ELEMENTS (themes))
    theme = 0;
  *risk_code = NULL;
  if (themes[theme].theme == BIE_MAP_THEME_RISK_TYPE)
    {
      if (self->risks == NULL || risk >= bie_reference_list_get_n_items (self->risks))
        return BIE_MAP_THEME_OPEN_RISKS;
      *risk_code = bie_reference_list_get_code (self->risks, risk);
    }

  return themes[theme].theme;
}

static void
update_actions (BieMapPage *self)
{
  gboolean loaded = self->snapshot != NULL && self->snapshot->sectors->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.zoom-in", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.zoom-out", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.show-all", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.export", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.print", loaded);
}

static gboolean
read_figures (BieMapPage *self)
{
  g_autoptr(GError) error = NULL;
  BieMapFigures *figures;
  const char *risk_code;
  BieMapTheme theme = chosen_theme (self, &risk_code);

  if (self->snapshot == NULL)
    return FALSE;

  figures = bie_store_map_figures (self->store, self->snapshot, theme, risk_code, &error);
  if (figures == NULL)
    {
      bie_show_error_dialog (GTK_WIDGET (self), _("The Map Could Not Be Coloured"), error->message);
      return FALSE;
    }
  bie_map_widget_set_figures (self->map, figures);
  self->figures_stale = FALSE;

  return TRUE;
}

static void
show_pending_territory (BieMapPage *self)
{
  if (self->pending_territory)
    {
      self->pending_territory = FALSE;
      bie_map_page_show_territory (self, self->pending_subred, self->pending_localidad);
    }
}

static void
read_snapshot (BieMapPage *self)
{
  g_autoptr(GError) error = NULL;
  BieMapSnapshot *snapshot;

  if (self->store == NULL)
    return;

  snapshot = bie_store_map_snapshot (self->store, &error);
  if (snapshot == NULL)
    {
      bie_show_error_dialog (GTK_WIDGET (self), _("The Map Could Not Be Read"), error->message);
      return;
    }

  g_clear_pointer (&self->snapshot, bie_map_snapshot_unref);
  self->snapshot = snapshot;
  self->snapshot_stale = FALSE;
  gtk_stack_set_visible_child_name (self->stack, snapshot->sectors->len > 0 ? "map" : "empty");
  if (snapshot->sectors->len > 0)
    {
      bie_map_widget_set_snapshot (self->map, snapshot);
      read_figures (self);
      show_pending_territory (self);
    }
  update_actions (self);
}

/* Reads what is stale, if the map is shown. */
static void
refresh (BieMapPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->store == NULL)
    return;

  if (self->snapshot == NULL || self->snapshot_stale)
    read_snapshot (self);
  else if (self->figures_stale)
    read_figures (self);
}

static gboolean
refresh_later (gpointer data)
{
  BieMapPage *self = data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
on_store_changed (BieMapPage *self,
                  guint       entity,
                  GArray     *ids)
{
  switch ((BieEntity) entity)
    {
    case BIE_ENTITY_SECTOR:
    case BIE_ENTITY_LOCALIDAD:
    case BIE_ENTITY_HOUSEHOLD:
      self->snapshot_stale = TRUE;
      break;

    /* What the themes count: household_facts follows these. */
    case BIE_ENTITY_PERSON:
    case BIE_ENTITY_RISK:
    case BIE_ENTITY_CARE_PLAN:
    case BIE_ENTITY_ACTIVITY:
    case BIE_ENTITY_ENCOUNTER:
      self->figures_stale = TRUE;
      break;

    default:
      return;
    }

  /* A burst of changes (a sync, an import) reads once, after the last. */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_later, self);
}

static void
on_theme_changed (BieMapPage *self)
{
  guint theme = gtk_drop_down_get_selected (self->theme_choice);

  gtk_widget_set_visible (GTK_WIDGET (self->risk_choice),
                          theme < G_N_ELEMENTS (themes) && themes[theme].theme == BIE_MAP_THEME_RISK_TYPE);
  if (self->snapshot != NULL)
    read_figures (self);
}

static void
on_sector_activated (BieMapPage *self,
                     gint64      sector_id)
{
  g_signal_emit (self, signals[SECTOR_ACTIVATED], 0, sector_id);
}

static void
on_household_activated (BieMapPage *self,
                        gint64      household_id)
{
  g_signal_emit (self, signals[HOUSEHOLD_ACTIVATED], 0, household_id);
}

/* Export and printing */

/* The figures' title, where, when and from what, over the exported map. */
static BieMapCaption *
make_caption (BieMapPage *self)
{
  BieMapRenderer *renderer = bie_map_widget_get_renderer (self->map);
  g_autoptr(GDate) today = bie_today ();

  return bie_map_caption_new (bie_map_renderer_get_figures (renderer), self->snapshot,
                              bie_demo_cache_is_demo (self->store), today);
}

/**
 * bie_map_page_export:
 * @path: a .png, .svg or .pdf file
 *
 * Writes what the map shows now, with its legend, title, date and source,
 * at the size exports have (1600 × 1000 pixels, or a landscape A4 page).
 */
gboolean
bie_map_page_export (BieMapPage  *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(BieMapCaption) caption = NULL;
  BieMapDrawOptions options;
  BieMapView view, out;
  BieMapFormat format;

  g_return_val_if_fail (BIE_IS_MAP_PAGE (self), FALSE);

  if (!bie_map_format_from_path (path, &format))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The map can be exported as PNG, SVG or PDF: the file name must end in "
                             ".png, .svg or .pdf."));
      return FALSE;
    }
  if (self->snapshot == NULL || bie_map_widget_get_renderer (self->map) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("There is no map to export."));
      return FALSE;
    }

  bie_map_widget_get_view (self->map, &view);
  bie_map_export_view (&view, format, &out);
  caption = make_caption (self);
  bie_map_draw_options_init (&options);
  bie_map_caption_apply (caption, &options);

  return bie_map_export (bie_map_widget_get_renderer (self->map), &out, &options, format, path, error);
}

static void
on_export_response (BieMapPage      *self,
                    int              response,
                    GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      bie_show_error_dialog (GTK_WIDGET (self), _("The Map Could Not Be Exported"),
                             _("The map can only be exported to a file on this computer."));
      return;
    }
  if (!bie_map_page_export (self, path, &error))
    {
      bie_show_error_dialog (GTK_WIDGET (self), _("The Map Could Not Be Exported"), error->message);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: a toast after the map was written to a file */
  title = g_strdup_printf (_("Map exported as “%s”"), name);
  adw_toast_overlay_add_toast (self->toast_overlay, bie_file_toast_new (title, file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  static const struct {
    const char *extension;
    const char *filter_name;
    const char *mime_type;
  } formats[] = {
    { "png", N_("PNG images"), "image/png" },
    { "svg", N_("SVG drawings"), "image/svg+xml" },
    { "pdf", N_("PDF documents"), "application/pdf" },
  };
  BieMapPage *self = BIE_MAP_PAGE (widget);
  const char *extension = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  guint i = 0;

  if (self->chooser != NULL)
    return;

  while (i + 1 < G_N_ELEMENTS (formats) && !g_str_equal (extension, formats[i].extension))
    i++;

  /* Translators: the file name offered for an exported map; %s is png, svg or pdf */
  name = g_strdup_printf (_("Sector map.%s"), formats[i].extension);
  self->chooser = GTK_NATIVE_DIALOG (bie_save_chooser_new (widget, _("Export Map"), _("_Export"),
                                                           _(formats[i].filter_name), formats[i].mime_type,
                                                           formats[i].extension, name));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_export_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->chooser);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              BieMapPage        *self)
{
  g_autoptr(BieMapCaption) caption = make_caption (self);
  BieMapDrawOptions options;
  BieMapView view, out;

  /* The area in view, fitted to the paper inside its margins. */
  bie_map_widget_get_view (self->map, &view);
  bie_map_view_resize (&view, gtk_print_context_get_width (context), gtk_print_context_get_height (context),
                       &out);
  bie_map_draw_options_init (&options);
  bie_map_caption_apply (caption, &options);
  bie_map_renderer_draw (bie_map_widget_get_renderer (self->map), gtk_print_context_get_cairo_context (context),
                         &out, &options);
}

static void
on_print_done (BieMapPage              *self,
               GtkPrintOperationResult  result,
               GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      bie_show_error_dialog (GTK_WIDGET (self), _("The Map Could Not Be Printed"),
                             error != NULL ? error->message : _("The printer reported an error."));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
}

/**
 * bie_map_page_print:
 * @export_path: (nullable): a PDF file to print to without asking, or
 *   %NULL to show the print dialog
 *
 * Prints what the map shows, on a page across: with the print dialog,
 * whose result (or error) shows later; or straight into @export_path.
 *
 * Returns: whether printing started (with the dialog) or the file was
 *   written
 */
gboolean
bie_map_page_print (BieMapPage  *self,
                    const char  *export_path,
                    GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  GtkRoot *root;

  g_return_val_if_fail (BIE_IS_MAP_PAGE (self), FALSE);

  if (self->snapshot == NULL || bie_map_widget_get_renderer (self->map) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("There is no map to print."));
      return FALSE;
    }

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  /* Maps are wider than tall. */
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, _("Sector map"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, export_path == NULL);
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page), self, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done), self, G_CONNECT_SWAPPED);

  root = gtk_widget_get_root (GTK_WIDGET (self));

  return gtk_print_operation_run (operation,
                                  export_path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                      : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!bie_map_page_print (BIE_MAP_PAGE (widget), NULL, &error))
    bie_show_error_dialog (widget, _("The Map Could Not Be Printed"), error->message);
}

static void
map_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BieMapPage *self = BIE_MAP_PAGE (widget);

  if (g_str_equal (action_name, "map.zoom-in"))
    bie_map_widget_zoom (self->map, 1.5);
  else if (g_str_equal (action_name, "map.zoom-out"))
    bie_map_widget_zoom (self->map, 1 / 1.5);
  else if (g_str_equal (action_name, "map.show-all"))
    bie_map_widget_show_all (self->map);
}

/* GObject */

static void
bie_map_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bie_map_page_parent_class)->map (widget);

  refresh (BIE_MAP_PAGE (widget));
}

static void
bie_map_page_dispose (GObject *object)
{
  BieMapPage *self = BIE_MAP_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_object (&self->print_settings);
  g_clear_pointer (&self->risks, bie_reference_list_unref);
  g_clear_pointer (&self->snapshot, bie_map_snapshot_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BIE_TYPE_MAP_PAGE);

  G_OBJECT_CLASS (bie_map_page_parent_class)->dispose (object);
}

static void
bie_map_page_class_init (BieMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bie_map_page_dispose;
  widget_class->map = bie_map_page_map;

  /**
   * BieMapPage::sector-activated:
   * @sector_id: the sector clicked on the map, or chosen with Enter
   */
  signals[SECTOR_ACTIVATED] =
    g_signal_new ("sector-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * BieMapPage::household-activated:
   * @household_id: the household clicked on the map
   */
  signals[HOUSEHOLD_ACTIVATED] =
    g_signal_new ("household-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (BIE_TYPE_MAP_WIDGET);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/bie-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BieMapPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BieMapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, BieMapPage, theme_choice);
  gtk_widget_class_bind_template_child (widget_class, BieMapPage, risk_choice);
  gtk_widget_class_bind_template_child (widget_class, BieMapPage, map);
  gtk_widget_class_bind_template_callback (widget_class, on_theme_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sector_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_household_activated);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.show-all", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "map.print", NULL, print_action);
}

static void
bie_map_page_init (BieMapPage *self)
{
  g_autoptr(GtkStringList) theme_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) risk_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    gtk_string_list_append (theme_names, _(themes[i].name));
  self->risks = bie_reference_list_get ("risks", NULL);
  for (guint i = 0; self->risks != NULL && i < bie_reference_list_get_n_items (self->risks); i++)
    gtk_string_list_append (risk_names, bie_reference_list_get_name (self->risks, i));

  /* The lists first, then the handlers see a choice. */
  g_signal_handlers_block_by_func (self->theme_choice, on_theme_changed, self);
  g_signal_handlers_block_by_func (self->risk_choice, on_theme_changed, self);
  gtk_drop_down_set_model (self->theme_choice, G_LIST_MODEL (theme_names));
  gtk_drop_down_set_model (self->risk_choice, G_LIST_MODEL (risk_names));
  g_signal_handlers_unblock_by_func (self->theme_choice, on_theme_changed, self);
  g_signal_handlers_unblock_by_func (self->risk_choice, on_theme_changed, self);

  update_actions (self);
}

void
bie_map_page_set_store (BieMapPage *self,
                        BieStore   *store)
{
  g_return_if_fail (BIE_IS_MAP_PAGE (self));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->snapshot, bie_map_snapshot_unref);
  update_actions (self);
  refresh (self);
}

BieMapWidget *
bie_map_page_get_map (BieMapPage *self)
{
  g_return_val_if_fail (BIE_IS_MAP_PAGE (self), NULL);

  return self->map;
}

/**
 * bie_map_page_set_theme:
 * @risk_code: (nullable): for %BIE_MAP_THEME_RISK_TYPE, a code of the risks list
 *
 * Returns: whether the theme (and risk) exist
 */
gboolean
bie_map_page_set_theme (BieMapPage  *self,
                        BieMapTheme  theme,
                        const char  *risk_code)
{
  g_return_val_if_fail (BIE_IS_MAP_PAGE (self), FALSE);

  if (theme == BIE_MAP_THEME_RISK_TYPE)
    {
      guint position;

      if (self->risks == NULL || !bie_reference_list_find (self->risks, risk_code, &position))
        return FALSE;
      gtk_drop_down_set_selected (self->risk_choice, position);
    }
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    if (themes[i].theme == theme)
      gtk_drop_down_set_selected (self->theme_choice, i);

  return TRUE;
}

/**
 * bie_map_page_show_territory:
 *
 * Zooms to the sectors of a localidad, or of a subred, or (both 0) to the
 * whole city, as the sidebar chooses.
 */
void
bie_map_page_show_territory (BieMapPage *self,
                             gint64      subred_id,
                             gint64      localidad_id)
{
  double min_lon, min_lat, max_lon, max_lat;

  g_return_if_fail (BIE_IS_MAP_PAGE (self));

  if (self->snapshot == NULL)
    {
      self->pending_territory = TRUE;
      self->pending_subred = subred_id;
      self->pending_localidad = localidad_id;
      return;
    }

  if (bie_map_snapshot_get_area (self->snapshot, subred_id, localidad_id, 0,
                                 &min_lon, &min_lat, &max_lon, &max_lat))
    bie_map_widget_show_area (self->map, min_lon, min_lat, max_lon, max_lat);
}

void
bie_map_page_select_sector (BieMapPage *self,
                            gint64      sector_id)
{
  g_return_if_fail (BIE_IS_MAP_PAGE (self));

  bie_map_widget_set_selected_sector (self->map, sector_id);
}

void
bie_map_page_select_household (BieMapPage *self,
                               gint64      household_id)
{
  g_return_if_fail (BIE_IS_MAP_PAGE (self));

  bie_map_widget_set_selected_household (self->map, household_id);
}

/**
 * bie_map_page_show_household:
 *
 * Marks a household and zooms to its sector; the map must be shown.
 */
void
bie_map_page_show_household (BieMapPage *self,
                             gint64      household_id)
{
  double min_lon, min_lat, max_lon, max_lat;

  g_return_if_fail (BIE_IS_MAP_PAGE (self));

  refresh (self);
  for (guint i = 0; self->snapshot != NULL && i < self->snapshot->n_households; i++)
    if (self->snapshot->household_ids[i] == household_id)
      {
        if (bie_map_snapshot_get_area (self->snapshot, 0, 0, self->snapshot->household_sectors[i],
                                       &min_lon, &min_lat, &max_lon, &max_lat))
          bie_map_widget_show_area (self->map, min_lon, min_lat, max_lon, max_lat);
        break;
      }
  bie_map_widget_set_selected_household (self->map, household_id);
}
