/* bie-household-row.c: one household in the caseload list
 *
 * What a nurse scans for: who (the head of household), where, how many,
 * which risks (each an icon and a word, never colour alone), how urgent
 * (the priority), when the family was last seen and what is due next.
 * The row's accessible name and description say the same in words.
 *
 * The row is one widget that draws its text itself, for speed: GTK 4.8's
 * list view keeps some 200 rows bound around what is on screen, so a jump
 * through the list binds a hundred rows in one frame, and rows made of
 * labels and flow boxes each laid their text out to be measured. Here a
 * row's height follows from its width, the font and how many badge lines
 * it needs (badge widths are kept per text: there are few risk names), so
 * measuring lays nothing out; and a row lays its text out only when it is
 * drawn on screen. A row drawn while out of view draws nothing and watches
 * the frame clock's layout phase, after GTK has placed the rows, to be
 * drawn in the same frame in which it comes into view.
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
#include "bie-store.h"
#include "bie-validation.h"

/* Spacing, in pixels, as libadwaita's boxed rows have it. */
#define MARGIN_X         12
#define MARGIN_Y         8
#define COLUMN_SPACING   12
#define LINE_SPACING     2
#define PRIORITY_PAD_X   4
#define PRIORITY_PAD_Y   6
#define BADGE_PAD_X      6
#define BADGE_PAD_Y      1
#define BADGE_RADIUS     6
#define BADGE_ICON       16
#define BADGE_ICON_GAP   4
#define BADGE_SPACING_X  6
#define BADGE_SPACING_Y  4
#define DATE_SPACING     18
#define DIM_ALPHA        0.55   /* libadwaita's .dim-label */
#define CAPTION_SCALE    (9.0 / 11.0)   /* libadwaita's .caption against .body */
/* Badge texts kept measured; a city has a few dozen risk names. */
#define MAX_BADGE_WIDTHS 256

typedef struct
{
  char     *text;
  gboolean  person;    /* a vulnerable member, not a risk */
} Badge;

/* What one household shows, in words. */
typedef struct
{
  char   *priority;
  char   *name;
  char   *place;
  GArray *badges;      /* of Badge */
  char   *contact;
  char   *due;         /* NULL: nothing due */
  gboolean overdue;
  char   *member;      /* the member a search matched, when not the head */
  /* Where the search matched, BieTextRange arrays; NULL when not searching */
  GArray *name_highlights;
  GArray *place_highlights;
  GArray *member_highlights;
} Content;

/* What a row's size depends on, shared by every row and remade when the
 * font or its resolution changes (the large-text setting, for one). */
typedef struct
{
  PangoFontDescription *font;          /* the widget font this was made for */
  double                resolution;
  PangoFontDescription *heading_font;
  PangoFontDescription *caption_font;
  int                   body_height;
  int                   heading_height;
  int                   caption_height;
  int                   priority_width;  /* the pill of three digits */
  int                   priority_height;
  int                   date_column;     /* the widest date line */
  GHashTable           *badge_widths;    /* badge text → its width in the caption font */
} Metrics;

/* Where things go in a row of a given width, left to right: drawn
 * mirrored (flip()) when the widget's direction is right to left. */
typedef struct
{
  int      width;
  gboolean rtl;
  int      text_x;
  int      text_width;
  int      place_y;
  int      member_y;
  int      badges_y;
  guint    badge_lines;
  int      dates_y;
  gboolean dates_in_columns;
  int      height;
} Geometry;

struct _BieHouseholdRow
{
  GtkWidget      parent_instance;

  Content        content;
  char          *why;       /* the priority's tooltip */

  /* Drawn while out of view: the frame clock watched until it is in view. */
  GdkFrameClock *clock;
  gulong         layout_id;
};

G_DEFINE_FINAL_TYPE (BieHouseholdRow, bie_household_row, GTK_TYPE_WIDGET)

/* One for all rows: widgets live on the main thread. */
static Metrics metrics;

static void
badge_clear (gpointer data)
{
  Badge *badge = data;

  g_free (badge->text);
}

static void
content_clear (Content *content)
{
  g_clear_pointer (&content->priority, g_free);
  g_clear_pointer (&content->name, g_free);
  g_clear_pointer (&content->place, g_free);
  g_clear_pointer (&content->contact, g_free);
  g_clear_pointer (&content->due, g_free);
  g_array_set_size (content->badges, 0);
  g_clear_pointer (&content->member, g_free);
  g_clear_pointer (&content->name_highlights, g_array_unref);
  g_clear_pointer (&content->place_highlights, g_array_unref);
  g_clear_pointer (&content->member_highlights, g_array_unref);
  content->overdue = FALSE;
}

static void
add_badge (Content    *content,
           const char *text,
           gboolean    person)
{
  Badge badge = { g_strdup (text), person };

  g_array_append_val (content->badges, badge);
}

static int
text_width (GtkWidget                  *widget,
            const PangoFontDescription *font,
            const char                 *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static int
line_height (GtkWidget                  *widget,
             const PangoFontDescription *font)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ág");
  int height;

  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

static void
metrics_clear (void)
{
  g_clear_pointer (&metrics.font, pango_font_description_free);
  g_clear_pointer (&metrics.heading_font, pango_font_description_free);
  g_clear_pointer (&metrics.caption_font, pango_font_description_free);
  g_clear_pointer (&metrics.badge_widths, g_hash_table_unref);
}

/* Whose font a row is measured in: its list's, which it inherits. A
 * row's own Pango context would cost more than its drawing when the list
 * makes two hundred rows anew, as every keystroke of a search does. */
static GtkWidget *
font_source (GtkWidget *row)
{
  GtkWidget *view = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);

  return view != NULL ? view : row;
}

/* The metrics for @row's font, made again only when it changed. */
static const Metrics *
get_metrics (GtkWidget *row)
{
  GtkWidget *widget = font_source (row);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);
  g_autofree char *day = NULL;

  if (metrics.font != NULL && resolution == metrics.resolution &&
      pango_font_description_equal (font, metrics.font))
    return &metrics;

  metrics_clear ();
  metrics.font = pango_font_description_copy (font);
  metrics.resolution = resolution;
  metrics.heading_font = pango_font_description_copy (font);
  pango_font_description_set_weight (metrics.heading_font, PANGO_WEIGHT_BOLD);
  metrics.caption_font = pango_font_description_copy (font);
  /* GTK gives a widget's font an absolute size, in device units. */
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (metrics.caption_font,
                                              pango_font_description_get_size (font) * CAPTION_SCALE);
  else
    pango_font_description_set_size (metrics.caption_font,
                                     pango_font_description_get_size (font) * CAPTION_SCALE);
  metrics.body_height = line_height (widget, font);
  metrics.heading_height = line_height (widget, metrics.heading_font);
  metrics.caption_height = line_height (widget, metrics.caption_font);
  metrics.priority_width = text_width (widget, metrics.heading_font, "000") + 2 * PRIORITY_PAD_X;
  metrics.priority_height = metrics.heading_height + 2 * PRIORITY_PAD_Y;

  /* A date of a long month, in each line a row may show. */
  day = bie_format_day ("2000-09-28");
  {
    char *lines[] = {
      g_strdup (_("Never contacted")),
      g_strdup_printf (_("Last contact %s"), day),
      g_strdup_printf (_("Next due %s"), day),
      g_strdup_printf (_("⚠ Overdue since %s"), day),
    };

    metrics.date_column = 0;
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        metrics.date_column = MAX (metrics.date_column, text_width (widget, metrics.caption_font, lines[i]));
        g_free (lines[i]);
      }
  }

  metrics.badge_widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return &metrics;
}

/* The width of @badge's pill: its text measured once for all rows (in
 * the metrics get_metrics() made last). */
static int
badge_width (GtkWidget   *widget,
             const Badge *badge)
{
  gpointer width;

  if (!g_hash_table_lookup_extended (metrics.badge_widths, badge->text, NULL, &width))
    {
      if (g_hash_table_size (metrics.badge_widths) >= MAX_BADGE_WIDTHS)
        g_hash_table_remove_all (metrics.badge_widths);
      width = GINT_TO_POINTER (text_width (font_source (widget), metrics.caption_font, badge->text));
      g_hash_table_insert (metrics.badge_widths, g_strdup (badge->text), width);
    }

  return 2 * BADGE_PAD_X + BADGE_ICON + BADGE_ICON_GAP + GPOINTER_TO_INT (width);
}

static int
badge_height (const Metrics *m)
{
  return MAX (m->caption_height, BADGE_ICON) + 2 * BADGE_PAD_Y;
}

/* Lays the badges out in lines of @width: calls @place (if not NULL)
 * for each, and returns the number of lines. A badge wider than a line
 * has a line of its own and is cut to fit. */
static guint
flow_badges (BieHouseholdRow *self,
             int              width,
             void           (*place) (BieHouseholdRow *, const Badge *, int, int, int, gpointer),
             gpointer         data)
{
  int x = 0;
  guint line = 0;

  for (guint i = 0; i < self->content.badges->len; i++)
    {
      const Badge *badge = &g_array_index (self->content.badges, Badge, i);
      int w = MIN (badge_width (GTK_WIDGET (self), badge), width);

      if (x > 0 && x + w > width)
        {
          line++;
          x = 0;
        }
      if (place != NULL)
        place (self, badge, x, line, w, data);
      x += w + BADGE_SPACING_X;
    }

  return self->content.badges->len > 0 ? line + 1 : 0;
}

static void
compute_geometry (BieHouseholdRow *self,
                  const Metrics   *m,
                  int              width,
                  Geometry        *g)
{
  int y = MARGIN_Y + m->heading_height + LINE_SPACING;

  g->width = width;
  g->rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  g->text_x = MARGIN_X + m->priority_width + COLUMN_SPACING;
  g->text_width = MAX (1, width - g->text_x - MARGIN_X);
  g->place_y = y;
  y += m->body_height;
  g->member_y = y + LINE_SPACING;
  if (self->content.member != NULL)
    y = g->member_y + m->body_height;

  g->badges_y = y + LINE_SPACING;
  g->badge_lines = flow_badges (self, g->text_width, NULL, NULL);
  if (g->badge_lines > 0)
    y = g->badges_y + g->badge_lines * badge_height (m) + (g->badge_lines - 1) * BADGE_SPACING_Y;

  g->dates_y = y + LINE_SPACING;
  g->dates_in_columns = 2 * m->date_column + DATE_SPACING <= g->text_width;
  y = g->dates_y + m->caption_height;
  if (self->content.due != NULL && !g->dates_in_columns)
    y += m->caption_height;

  g->height = MAX (y + MARGIN_Y, m->priority_height + 2 * MARGIN_Y);
}

/* Where something @width wide at @x (left to right) is drawn. */
static int
flip (const Geometry *g,
      int             x,
      int             width)
{
  return g->rtl ? g->width - x - width : x;
}

static void
bie_household_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  BieHouseholdRow *self = BIE_HOUSEHOLD_ROW (widget);
  const Metrics *m = get_metrics (widget);
  int text_x = MARGIN_X + m->priority_width + COLUMN_SPACING;
  /* Wide enough for both dates side by side; any narrower one works too. */
  int wide = text_x + 2 * m->date_column + DATE_SPACING + MARGIN_X;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = text_x + m->date_column / 2 + MARGIN_X;
      *natural = wide;
    }
  else
    {
      Geometry g;

      compute_geometry (self, m, for_size < 0 ? wide : for_size, &g);
      *minimum = *natural = g.height;
    }
}

static GtkSizeRequestMode
bie_household_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static GdkRGBA
widget_color (GtkWidget *widget)
{
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return color;
}

/* The named colour of the style, or @fallback in another alpha. */
static GdkRGBA
style_color (GtkWidget     *widget,
             const char    *name,
             const GdkRGBA *fallback,
             double         alpha)
{
  GdkRGBA color;

  if (!lookup_color (widget, name, &color))
    color = *fallback;
  color.alpha *= alpha;

  return color;
}

static void
draw_pill (GtkSnapshot   *snapshot,
           int            x,
           int            y,
           int            width,
           int            height,
           int            radius,
           const GdkRGBA *color)
{
  GskRoundedRect rect;

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, width, height), radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &rect.bounds);
  gtk_snapshot_pop (snapshot);
}

/* One line of @text in @font, cut with an ellipsis to @width. */
static PangoLayout *
line_layout (BieHouseholdRow            *self,
             const PangoFontDescription *font,
             const char                 *text,
             PangoAttrList              *attributes,
             int                         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (layout, MAX (1, width) * PANGO_SCALE);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  return layout;
}

static void
append_layout (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               int            x,
               int            y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* Draws one line of @text at (@x, @y), cut with an ellipsis to @width. */
static void
draw_text (BieHouseholdRow            *self,
           GtkSnapshot                *snapshot,
           const PangoFontDescription *font,
           const char                 *text,
           PangoAttrList              *attributes,
           int                         x,
           int                         y,
           int                         width,
           const GdkRGBA              *color)
{
  g_autoptr(PangoLayout) layout = line_layout (self, font, text, attributes, width);

  append_layout (snapshot, layout, x, y, color);
}

static void
insert_over (PangoAttrList      *attributes,
             PangoAttribute     *attribute,
             const BieTextRange *range)
{
  attribute->start_index = range->start;
  attribute->end_index = range->end;
  pango_attr_list_insert (attributes, attribute);
}

/* The search's matches in a line, underlined and shaded: more than a colour. */
static PangoAttrList *
highlight_attributes (GArray        *highlights,
                      const GdkRGBA *shade)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  for (guint i = 0; highlights != NULL && i < highlights->len; i++)
    {
      const BieTextRange *range = &g_array_index (highlights, BieTextRange, i);

      insert_over (attributes, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), range);
      insert_over (attributes,
                   pango_attr_background_new (shade->red * 65535, shade->green * 65535, shade->blue * 65535),
                   range);
      insert_over (attributes, pango_attr_background_alpha_new (shade->alpha * 65535), range);
    }

  return attributes;
}

typedef struct
{
  GtkSnapshot    *snapshot;
  const Metrics  *metrics;
  const Geometry *geometry;
  GdkRGBA         color;
  GdkRGBA         background;
} BadgeDrawing;

static void
draw_badge (BieHouseholdRow *self,
            const Badge     *badge,
            int              x,
            int              line,
            int              width,
            gpointer         data)
{
  BadgeDrawing *drawing = data;
  GtkWidget *widget = GTK_WIDGET (self);
  const Geometry *g = drawing->geometry;
  int height = badge_height (drawing->metrics);
  int top = g->badges_y + line * (height + BADGE_SPACING_Y);
  int left = g->text_x + x;
  int text_width = width - 2 * BADGE_PAD_X - BADGE_ICON - BADGE_ICON_GAP;
  g_autoptr(GtkIconPaintable) icon = NULL;

  draw_pill (drawing->snapshot, flip (g, left, width), top, width, height, BADGE_RADIUS,
             &drawing->background);

  icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (widget)),
                                     badge->person ? "system-users-symbolic" : "dialog-warning-symbolic",
                                     NULL, BADGE_ICON, gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_snapshot_save (drawing->snapshot);
  gtk_snapshot_translate (drawing->snapshot,
                          &GRAPHENE_POINT_INIT (flip (g, left + BADGE_PAD_X, BADGE_ICON),
                                                top + (height - BADGE_ICON) / 2));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), drawing->snapshot,
                                            BADGE_ICON, BADGE_ICON, &drawing->color, 1);
  gtk_snapshot_restore (drawing->snapshot);

  draw_text (self, drawing->snapshot, drawing->metrics->caption_font, badge->text, NULL,
             flip (g, left + BADGE_PAD_X + BADGE_ICON + BADGE_ICON_GAP, text_width),
             top + (height - drawing->metrics->caption_height) / 2,
             text_width, &drawing->color);
}

/* Whether any of the row lies within its scrolled window, as placed now. */
static gboolean
is_in_view (BieHouseholdRow *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (view == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (self), view, &bounds))
    return TRUE;

  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (view) &&
         bounds.origin.x + bounds.size.width > 0 &&
         bounds.origin.x < gtk_widget_get_width (view);
}

static void
stop_watching (BieHouseholdRow *self)
{
  if (self->layout_id != 0)
    g_signal_handler_disconnect (self->clock, self->layout_id);
  self->layout_id = 0;
  g_clear_object (&self->clock);
}

/* After GTK's own layout handler: the rows are where this frame shows them. */
static void
on_clock_layout (GdkFrameClock   *clock,
                 BieHouseholdRow *self)
{
  if (!is_in_view (self))
    return;

  stop_watching (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
watch_until_in_view (BieHouseholdRow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->layout_id != 0 || clock == NULL)
    return;

  self->clock = g_object_ref (clock);
  self->layout_id = g_signal_connect_after (clock, "layout", G_CALLBACK (on_clock_layout), self);
}

static void
bie_household_row_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BieHouseholdRow *self = BIE_HOUSEHOLD_ROW (widget);
  const Metrics *m;
  Geometry g;
  GdkRGBA color, dim, accent, accent_text, shade, due;
  g_autoptr(PangoAttrList) name_attributes = NULL;
  g_autoptr(PangoAttrList) place_attributes = NULL;
  g_autoptr(PangoAttrList) numeric = pango_attr_list_new ();
  g_autoptr(PangoLayout) priority = NULL;
  int width = gtk_widget_get_width (widget);
  int priority_y, contact_width;

  if (self->content.name == NULL)
    return;

  if (!is_in_view (self))
    {
      watch_until_in_view (self);
      return;
    }
  stop_watching (self);

  m = get_metrics (widget);
  compute_geometry (self, m, width, &g);
  color = widget_color (widget);
  dim = color;
  dim.alpha *= DIM_ALPHA;
  accent = style_color (widget, "accent_bg_color", &color, 1.0);
  accent_text = style_color (widget, "accent_color", &color, 1.0);
  shade = (GdkRGBA) { accent.red, accent.green, accent.blue, 0.3 };

  /* The priority, a pill of tabular digits */
  priority_y = (gtk_widget_get_height (widget) - m->priority_height) / 2;
  draw_pill (snapshot, flip (&g, MARGIN_X, m->priority_width), priority_y,
             m->priority_width, m->priority_height,
             m->priority_height / 2, &(GdkRGBA) { accent.red, accent.green, accent.blue, 0.15 });
  pango_attr_list_insert (numeric, pango_attr_font_features_new ("tnum=1"));
  priority = line_layout (self, m->heading_font, self->content.priority, numeric, m->priority_width);
  pango_layout_set_alignment (priority, PANGO_ALIGN_CENTER);
  append_layout (snapshot, priority, flip (&g, MARGIN_X, m->priority_width),
                 priority_y + PRIORITY_PAD_Y, &accent_text);

  name_attributes = highlight_attributes (self->content.name_highlights, &shade);
  draw_text (self, snapshot, m->heading_font, self->content.name, name_attributes,
             flip (&g, g.text_x, g.text_width), MARGIN_Y, g.text_width, &color);
  place_attributes = highlight_attributes (self->content.place_highlights, &shade);
  draw_text (self, snapshot, m->font, self->content.place, place_attributes,
             flip (&g, g.text_x, g.text_width), g.place_y, g.text_width, &dim);
  if (self->content.member != NULL)
    {
      g_autoptr(PangoAttrList) member_attributes = highlight_attributes (self->content.member_highlights,
                                                                         &shade);

      draw_text (self, snapshot, m->font, self->content.member, member_attributes,
                 flip (&g, g.text_x, g.text_width), g.member_y, g.text_width, &dim);
    }

  if (g.badge_lines > 0)
    {
      GdkRGBA warning = style_color (widget, "warning_bg_color", &color, 0.2);
      BadgeDrawing drawing = { snapshot, m, &g, color, warning };

      flow_badges (self, g.text_width, draw_badge, &drawing);
    }

  contact_width = g.dates_in_columns && self->content.due != NULL ? m->date_column : g.text_width;
  draw_text (self, snapshot, m->caption_font, self->content.contact, NULL,
             flip (&g, g.text_x, contact_width), g.dates_y, contact_width, &color);
  if (self->content.due != NULL)
    {
      int due_x = g.text_x;
      int due_y = g.dates_y + m->caption_height;
      int due_width = g.text_width;

      if (g.dates_in_columns)
        {
          due_x += m->date_column + DATE_SPACING;
          due_y = g.dates_y;
          due_width -= m->date_column + DATE_SPACING;
        }
      due = self->content.overdue ? style_color (widget, "error_color", &color, 1.0) : color;
      draw_text (self, snapshot, m->caption_font, self->content.due, NULL,
                 flip (&g, due_x, due_width), due_y, due_width, &due);
    }
}

GtkWidget *
bie_household_row_new (void)
{
  return g_object_new (BIE_TYPE_HOUSEHOLD_ROW, NULL);
}

/* The row's height at its present width, as things are now. */
static int
current_height (BieHouseholdRow *self)
{
  Geometry g;

  compute_geometry (self, get_metrics (GTK_WIDGET (self)), gtk_widget_get_width (GTK_WIDGET (self)), &g);

  return g.height;
}

/* Where @query matches what the row shows; when a member matches more
 * of it than the name and the place do (the search wants every word in
 * one person, or in the address), the member with most matches gets a
 * line of its own. */
static void
show_matches (Content            *content,
              const char         *query,
              const char * const *members)
{
  guint best;

  content->name_highlights = bie_search_highlights (content->name, query);
  content->place_highlights = bie_search_highlights (content->place, query);
  best = content->name_highlights->len + content->place_highlights->len;

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      /* Translators: a person of the household whose name or document the search matched */
      g_autofree char *member = g_strdup_printf (_("Matching member: %s"), members[i]);
      g_autoptr(GArray) highlights = bie_search_highlights (member, query);

      if (highlights->len > best)
        {
          best = highlights->len;
          g_free (content->member);
          content->member = g_steal_pointer (&member);
          g_clear_pointer (&content->member_highlights, g_array_unref);
          content->member_highlights = g_steal_pointer (&highlights);
        }
    }
}

/**
 * bie_household_row_set_item:
 * @item: (nullable): the household to show
 * @today: the day "overdue" and ages are judged on
 * @query: (nullable): the search as typed, whose matches are highlighted
 * @members: (nullable): what the search reads of each member, from
 *   bie_store_caseload_members(), to say which member a search matched
 */
void
bie_household_row_set_item (BieHouseholdRow    *self,
                            BieCaseloadItem    *item,
                            GDate              *today,
                            const char         *query,
                            const char * const *members)
{
  g_autoptr(BieReferenceList) risks = bie_reference_list_get ("risks", NULL);
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *why = NULL;
  g_autofree char *accessible = NULL;
  g_auto(GStrv) codes = NULL;
  Content *content = &self->content;
  const BieCaseloadRow *row;
  BiePriorityFactors factors;
  int old_height;

  g_return_if_fail (BIE_IS_HOUSEHOLD_ROW (self));

  old_height = current_height (self);
  content_clear (content);
  g_clear_pointer (&self->why, g_free);

  if (item == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  row = bie_caseload_item_get_row (item);
  content->name = g_strdup (row->head_name != NULL ? row->head_name : _("Household without members"));
  bie_priority_factors_init (&factors, today, row->open_risks, row->next_due, row->last_contact,
                             row->youngest_birth, row->oldest_birth, row->pregnant, row->caregiver);
  bie_priority_score (&factors, reasons);

  content->priority = g_strdup_printf ("%d", row->priority);
  content->place = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: address · sector code and name · members */
                                                 "%s · %s %s · %u member",
                                                 "%s · %s %s · %u members",
                                                 row->n_members),
                                    row->address ?: "", row->sector_code ?: "", row->sector_name ?: "",
                                    row->n_members);

  codes = g_strsplit (row->risk_codes ?: "", ",", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      add_badge (content, (risks != NULL ? bie_reference_list_lookup_name (risks, codes[i]) : NULL) ?: codes[i],
                 FALSE);
  if (factors.child_under_five)
    add_badge (content, _("Child under five"), TRUE);
  if (factors.older_person)
    add_badge (content, _("Older person"), TRUE);

  if (row->last_contact != NULL)
    {
      g_autofree char *day = bie_format_day (row->last_contact);

      content->contact = g_strdup_printf (_("Last contact %s"), day);
    }
  else
    content->contact = g_strdup (_("Never contacted"));

  if (row->next_due != NULL)
    {
      g_autofree char *day = bie_format_day (row->next_due);

      /* Said in words and marked: never colour alone. */
      content->overdue = factors.overdue;
      content->due = g_strdup_printf (factors.overdue ? _("⚠ Overdue since %s") : _("Next due %s"), day);
    }

  if (query != NULL && *query != '\0')
    show_matches (content, query, members);

  g_ptr_array_add (reasons, NULL);
  why = g_strjoinv (", ", (char **) reasons->pdata);
  /* Translators: a household for screen readers: name, place, priority, why */
  accessible = g_strdup_printf (_("%s, %s, priority %d: %s"), content->name, content->place,
                                row->priority, *why != '\0' ? why : _("nothing to watch"));
  /* The rest in words: the dates, then the badges. */
  if (content->member != NULL)
    g_string_append_printf (description, "%s. ", content->member);
  g_string_append (description, content->contact);
  if (content->due != NULL)
    g_string_append_printf (description, ". %s", content->due);
  for (guint i = 0; i < content->badges->len; i++)
    g_string_append_printf (description, "%s%s", i > 0 ? ", " : ". ",
                            g_array_index (content->badges, Badge, i).text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  /* Given when asked (query_tooltip): setting a tooltip's text makes GTK
   * look for the pointer, two round trips to the X server for every row
   * bound while the list scrolls. */
  self->why = g_steal_pointer (&why);

  /* Most households are as tall as the one before: then only the drawing
   * changes, and the list need not measure the row again. */
  if (current_height (self) != old_height)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * bie_household_row_get_name:
 *
 * Returns: (nullable): the name the row shows, the head of household's
 */
const char *
bie_household_row_get_name (BieHouseholdRow *self)
{
  g_return_val_if_fail (BIE_IS_HOUSEHOLD_ROW (self), NULL);

  return self->content.name;
}

/**
 * bie_household_row_get_member:
 *
 * Returns: (nullable): the line naming the member a search matched, when
 *   the row shows one
 */
const char *
bie_household_row_get_member (BieHouseholdRow *self)
{
  g_return_val_if_fail (BIE_IS_HOUSEHOLD_ROW (self), NULL);

  return self->content.member;
}

static gboolean
bie_household_row_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  BieHouseholdRow *self = BIE_HOUSEHOLD_ROW (widget);
  const Metrics *m = get_metrics (widget);
  Geometry g;

  if (self->why == NULL || *self->why == '\0')
    return FALSE;
  /* Over the priority, or anywhere when asked from the keyboard. */
  compute_geometry (self, m, gtk_widget_get_width (widget), &g);
  if (!keyboard_mode && flip (&g, x, 0) >= g.text_x)
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->why);
  return TRUE;
}

static void
bie_household_row_unrealize (GtkWidget *widget)
{
  stop_watching (BIE_HOUSEHOLD_ROW (widget));

  GTK_WIDGET_CLASS (bie_household_row_parent_class)->unrealize (widget);
}

static void
bie_household_row_dispose (GObject *object)
{
  stop_watching (BIE_HOUSEHOLD_ROW (object));

  G_OBJECT_CLASS (bie_household_row_parent_class)->dispose (object);
}

static void
bie_household_row_finalize (GObject *object)
{
  BieHouseholdRow *self = BIE_HOUSEHOLD_ROW (object);

  content_clear (&self->content);
  g_array_unref (self->content.badges);
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

  widget_class->measure = bie_household_row_measure;
  widget_class->get_request_mode = bie_household_row_get_request_mode;
  widget_class->snapshot = bie_household_row_snapshot;
  widget_class->query_tooltip = bie_household_row_query_tooltip;
  widget_class->unrealize = bie_household_row_unrealize;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "householdrow");
}

static void
bie_household_row_init (BieHouseholdRow *self)
{
  self->content.badges = g_array_new (FALSE, TRUE, sizeof (Badge));
  g_array_set_clear_func (self->content.badges, badge_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}
