/* bie-plan-pages.c: a family care plan on paper
 *
 * What a coordinator prints and files: the household and the plan's
 * details, its members, its goals, the timeline fitted to the page, and
 * every activity with who is responsible and why one was not done. The
 * plan is laid out once into blocks (a heading, a table row, a slice of the
 * timeline) placed on pages; a table that goes on over a page break
 * repeats its heading and its column names, and the timeline breaks only
 * between rows of activities, with its axis repeated.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-plan-pages"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bie-plan-pages.h"
#include "bie-render-text.h"
#include "bie-timeline.h"

G_DEFINE_QUARK (bie-render-error-quark, bie_render_error)

#define FONT          "Cantarell, DejaVu Sans, Sans"
#define MAX_COLUMNS   6
#define CELL_LINES    4
#define TIMELINE_TEXT 0.7     /* the timeline's text on paper: 8.4 pt */

typedef enum
{
  FONT_BODY,
  FONT_BOLD,
  FONT_SMALL,
  FONT_SMALL_BOLD,
  FONT_HEADING,
  FONT_TITLE,
  N_FONTS,
} Font;

/* In points. */
static const double font_sizes[N_FONTS] = { 9, 9, 7.5, 7.5, 12, 17 };

typedef enum
{
  MARK_NONE,
  MARK_ACTIVITY,
  MARK_GOAL,
} MarkKind;

typedef struct
{
  PangoLayout *cells[MAX_COLUMNS];
  double       height;
  int          status;
  gboolean     overdue;
} Row;

typedef struct
{
  const char  *title;
  guint        n_columns;
  double       x[MAX_COLUMNS];        /* from the left margin */
  double       widths[MAX_COLUMNS];
  PangoLayout *header[MAX_COLUMNS];
  double       header_h;
  MarkKind     mark;                  /* drawn at the start of mark_column */
  guint        mark_column;
  GArray      *rows;                  /* Row */
  PangoLayout *empty;                 /* said instead of an empty table */
} Table;

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_TABLE_HEADER,
  BLOCK_ROW,
  BLOCK_TEXT,
  BLOCK_TIMELINE,
  BLOCK_LEGEND,
} BlockKind;

typedef struct
{
  BlockKind    kind;
  double       y;
  double       height;
  Table       *table;
  guint        row;
  double       from;                  /* the timeline's lanes shown, as scroll_y */
  double       to;
  PangoLayout *text;
} Block;

typedef enum
{
  LEGEND_STATUS,
  LEGEND_OVERDUE,
  LEGEND_TODAY,
  LEGEND_GOAL,
  LEGEND_GOAL_ACHIEVED,
} LegendKind;

typedef struct
{
  LegendKind   kind;
  int          status;
  PangoLayout *text;
  double       x;
  double       y;
} LegendItem;

typedef struct
{
  PangoLayout *key;
  PangoLayout *value;
} Detail;

#define N_DETAILS 6

struct _BiePlanPages
{
  const BiePlanSnapshot *plan;
  double                 width;
  double                 height;
  double                 margin;
  GDate                  printed_on;

  PangoContext          *context;
  PangoFontDescription  *fonts[N_FONTS];
  GPtrArray             *layouts;     /* every PangoLayout made, freed together */
  BieTimelineStyle       style;

  double                 content_w;
  double                 bottom;      /* where the content of a page ends */
  double                 running_h;   /* the running header of the pages after the first */
  double                 gap;
  double                 cell_pad;
  double                 mark_w;      /* the status marks in tables */

  PangoLayout           *kicker;
  PangoLayout           *name;
  Detail                 details[N_DETAILS];
  double                 detail_key_w;
  double                 title_h;
  PangoLayout           *running;
  PangoLayout           *printed;

  Table                  members;
  Table                  goals;
  Table                  activities;

  BieTimelineLayout     *timeline;
  BieTimelineView        timeline_view;
  GArray                *legend;      /* LegendItem */
  double                 legend_h;

  GPtrArray             *pages;       /* GArray of Block, one per page */
};

/* Text */

/* @width ≤ 0: one line, as wide as it is. */
static PangoLayout *
new_text (BiePlanPages *self,
          Font          font,
          const char   *text,
          double        width,
          int           max_lines)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[font]);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -max_lines);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

/* A text kept as long as the pages. */
static PangoLayout *
make_text (BiePlanPages *self,
           Font          font,
           const char   *text,
           double        width,
           int           max_lines)
{
  PangoLayout *layout = new_text (self, font, text, width, max_lines);

  g_ptr_array_add (self->layouts, layout);

  return layout;
}

/* Data from the store on one line: a break inside a name or a reason
 * would otherwise escape the cell's limit of lines. */
static char *
one_line (const char *text)
{
  char *copy;

  if (text == NULL || *text == '\0')
    return g_strdup ("—");

  copy = g_strdup (text);
  for (char *c = copy; *c != '\0'; c++)
    if (*c == '\n' || *c == '\r' || *c == '\t')
      *c = ' ';

  return copy;
}

static char *
format_day (const GDate *date)
{
  char buffer[128];

  if (date == NULL || !g_date_valid (date))
    return NULL;

  /* Translators: a day as the printed plan writes it, in strftime()'s format */
  /* xgettext:no-c-format */
  if (g_date_strftime (buffer, sizeof buffer, C_("printed day", "%-d %b %Y"), date) == 0)
    return NULL;

  return g_strdup (buffer);
}

static char *
format_dates (const BiePlanActivity *activity)
{
  g_autofree char *start = format_day (&activity->start);
  g_autofree char *end = format_day (&activity->end);

  if (start == NULL && end == NULL)
    return g_strdup (_("No date"));
  if (start == NULL || end == NULL || g_date_compare (&activity->start, &activity->end) == 0)
    return g_strdup (start != NULL ? start : end);

  /* Translators: an activity's first and last days */
  return g_strdup_printf (C_("date range", "%s – %s"), start, end);
}

static void
init_text (BiePlanPages *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  /* Paper has no pixels: metrics as designed, not hinted to a grid. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_get_default ());

  for (guint i = 0; i < N_FONTS; i++)
    {
      self->fonts[i] = pango_font_description_from_string (FONT);
      pango_font_description_set_absolute_size (self->fonts[i], font_sizes[i] * PANGO_SCALE);
      if (i == FONT_BOLD || i == FONT_SMALL_BOLD || i == FONT_HEADING || i == FONT_TITLE)
        pango_font_description_set_weight (self->fonts[i], PANGO_WEIGHT_BOLD);
    }

  self->layouts = g_ptr_array_new_with_free_func (g_object_unref);
}

/* The title block */

static void
add_detail (BiePlanPages *self,
            guint         index,
            const char   *key,
            const char   *value)
{
  g_autofree char *text = one_line (value);

  self->details[index].key = make_text (self, FONT_SMALL_BOLD, key, -1, 1);
  self->details[index].value = make_text (self, FONT_BODY, text, 1, 3);
  self->detail_key_w = MAX (self->detail_key_w, bie_render_text_width (self->details[index].key));
}

static void
lay_out_title (BiePlanPages *self)
{
  const BiePlanSnapshot *plan = self->plan;
  g_autofree char *name = one_line (plan->household_name);
  g_autofree char *agreed = format_day (&plan->agreed_on);
  g_autofree char *sector = NULL;
  g_autofree char *running = NULL;
  double column_w = (self->content_w - self->gap) / 2, value_w;

  if (plan->sector_code != NULL && plan->sector_name != NULL)
    sector = g_strdup_printf ("%s %s", plan->sector_code, plan->sector_name);
  else
    sector = g_strdup (plan->sector_code != NULL ? plan->sector_code : plan->sector_name);

  self->kicker = make_text (self, FONT_SMALL_BOLD, _("Family care plan"), self->content_w, 1);
  self->name = make_text (self, FONT_TITLE, name, self->content_w, 2);

  add_detail (self, 0, _("Address"), plan->address);
  add_detail (self, 1, _("Sector"), sector);
  add_detail (self, 2, _("Localidad"), plan->localidad_name);
  add_detail (self, 3, _("Team"), plan->team);
  add_detail (self, 4, _("Plan status"), plan->plan_status);
  add_detail (self, 5, _("Agreed on"), agreed);

  /* Two columns of three: where the household is, and how the plan is. */
  self->detail_key_w += 6;
  value_w = MAX (20, column_w - self->detail_key_w);
  self->title_h = bie_render_text_height (self->kicker) + bie_render_text_height (self->name) + 8;
  for (guint i = 0; i < N_DETAILS / 2; i++)
    {
      double h = 0;

      for (guint j = i; j < N_DETAILS; j += N_DETAILS / 2)
        {
          pango_layout_set_width (self->details[j].value, (int) (value_w * PANGO_SCALE));
          h = MAX (h, MAX (bie_render_text_height (self->details[j].value), bie_render_text_height (self->details[j].key)));
        }
      self->title_h += h + 2;
    }

  running = g_strdup_printf ("%s · %s", _("Family care plan"), name);
  self->running = make_text (self, FONT_SMALL, running, self->content_w * 0.7, 1);
}

/* Tables */

static void
table_init (BiePlanPages  *self,
            Table         *table,
            const char    *title,
            const char   **headers,
            const double  *fractions,
            guint          n_columns)
{
  double x = 0;

  table->title = title;
  table->n_columns = n_columns;
  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  for (guint i = 0; i < n_columns; i++)
    {
      table->x[i] = x;
      table->widths[i] = fractions[i] * self->content_w;
      x += table->widths[i];
      table->header[i] = make_text (self, FONT_SMALL_BOLD, headers[i],
                                    table->widths[i] - 2 * self->cell_pad, 2);
      table->header_h = MAX (table->header_h, bie_render_text_height (table->header[i]) + 2 * self->cell_pad);
    }
}

/* Adds a row of @n_columns texts (one_line()d by the caller where they
 * come from the store). */
static Row *
table_add_row (BiePlanPages  *self,
               Table         *table,
               const char   **texts)
{
  Row row = { 0 };

  row.status = -1;
  for (guint i = 0; i < table->n_columns; i++)
    {
      double width = table->widths[i] - 2 * self->cell_pad;

      if (table->mark != MARK_NONE && i == table->mark_column)
        width -= self->mark_w + self->cell_pad;
      row.cells[i] = make_text (self, FONT_BODY, texts[i], width, CELL_LINES);
      row.height = MAX (row.height, bie_render_text_height (row.cells[i]));
    }
  row.height += 2 * self->cell_pad;
  g_array_append_val (table->rows, row);

  return &g_array_index (table->rows, Row, table->rows->len - 1);
}

static void
lay_out_members (BiePlanPages *self)
{
  const char *headers[] = { _("Name"), _("Age"), _("Document") };
  const double fractions[] = { 0.55, 0.12, 0.33 };

  table_init (self, &self->members, _("Members"), headers, fractions, G_N_ELEMENTS (headers));
  for (guint i = 0; i < self->plan->lanes->len; i++)
    {
      const BiePlanLane *lane = g_ptr_array_index (self->plan->lanes, i);
      g_autofree char *name = one_line (lane->name);
      g_autofree char *age = lane->age >= 0 ? g_strdup_printf ("%d", lane->age) : g_strdup ("—");
      g_autofree char *document = one_line (lane->document);
      const char *texts[] = { name, age, document };

      /* The family's own lane is not a member. */
      if (lane->person_id == 0 && lane->age < 0 && lane->document == NULL)
        continue;
      table_add_row (self, &self->members, texts);
    }
  if (self->members.rows->len == 0)
    self->members.empty = make_text (self, FONT_BODY, _("No members are recorded."), self->content_w, 2);
}

static gboolean
goal_overdue (const BiePlanGoal *goal,
              const GDate       *today)
{
  return (goal->status == BIE_GOAL_PROPOSED || goal->status == BIE_GOAL_ACTIVE) &&
         g_date_valid (&goal->target) && g_date_valid (today) && g_date_compare (&goal->target, today) < 0;
}

static void
lay_out_goals (BiePlanPages *self)
{
  const char *headers[] = { _("Goal"), _("Target date"), _("Status"), _("Risk") };
  const double fractions[] = { 0.42, 0.16, 0.18, 0.24 };

  self->goals.mark = MARK_GOAL;
  self->goals.mark_column = 2;
  table_init (self, &self->goals, _("Goals"), headers, fractions, G_N_ELEMENTS (headers));
  for (guint i = 0; i < self->plan->goals->len; i++)
    {
      const BiePlanGoal *goal = g_ptr_array_index (self->plan->goals, i);
      BieGoalStatus status = goal->status <= BIE_GOAL_CANCELLED ? goal->status : BIE_GOAL_PROPOSED;
      gboolean overdue = goal_overdue (goal, &self->plan->today);
      g_autofree char *description = one_line (goal->description);
      g_autofree char *target = format_day (&goal->target);
      g_autofree char *status_text = overdue ? g_strdup_printf ("%s\n%s", bie_goal_status_get_name (status),
                                                                _("Overdue")) :
                                               g_strdup (bie_goal_status_get_name (status));
      g_autofree char *risk = one_line (goal->risk);
      const char *texts[] = { description, target != NULL ? target : "—", status_text, risk };
      Row *row = table_add_row (self, &self->goals, texts);

      row->status = status;
      row->overdue = overdue;
    }
  if (self->goals.rows->len == 0)
    self->goals.empty = make_text (self, FONT_BODY, _("The plan has no goals yet."), self->content_w, 2);
}

static void
lay_out_activities (BiePlanPages *self)
{
  const BiePlanSnapshot *plan = self->plan;
  const char *headers[] = { _("Member"), _("Activity"), _("Dates"), _("Status"), _("Responsible"), _("Reason") };
  const double fractions[] = { 0.17, 0.18, 0.22, 0.15, 0.14, 0.14 };

  self->activities.mark = MARK_ACTIVITY;
  self->activities.mark_column = 3;
  table_init (self, &self->activities, _("Activities"), headers, fractions, G_N_ELEMENTS (headers));
  for (guint i = 0; i < plan->activities->len; i++)
    {
      const BiePlanActivity *activity = g_ptr_array_index (plan->activities, i);
      const BiePlanLane *lane = activity->lane < plan->lanes->len ? g_ptr_array_index (plan->lanes, activity->lane) :
                                                                    NULL;
      BieActivityStatus status = activity->status <= BIE_ACTIVITY_NOT_DONE ? activity->status :
                                                                             BIE_ACTIVITY_PLANNED;
      gboolean impossible = g_date_valid (&activity->start) && g_date_valid (&activity->end) &&
                            g_date_compare (&activity->end, &activity->start) < 0;
      g_autofree char *member = one_line (lane != NULL ? lane->name : NULL);
      g_autofree char *title = one_line (activity->title != NULL ? activity->title : activity->kind);
      g_autofree char *range = format_dates (activity);
      g_autofree char *dates = impossible ? g_strdup_printf ("%s\n%s", range, _("Ends before it starts")) :
                                            g_strdup (range);
      g_autofree char *status_text = activity->overdue ?
                                     g_strdup_printf ("%s\n%s", bie_activity_status_get_name (status),
                                                      _("Overdue")) :
                                     g_strdup (bie_activity_status_get_name (status));
      g_autofree char *professional = one_line (activity->professional);
      g_autofree char *reason = activity->status_reason != NULL ? one_line (activity->status_reason) :
                                                                  g_strdup ("");
      const char *texts[] = { member, title, dates, status_text, professional, reason };
      Row *row = table_add_row (self, &self->activities, texts);

      row->status = status;
      row->overdue = activity->overdue || impossible;
    }
  if (self->activities.rows->len == 0)
    self->activities.empty = make_text (self, FONT_BODY, _("The plan has no activities yet."), self->content_w, 2);
}

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->rows, g_array_unref);
}

/* The timeline and its legend */

static void
add_legend (BiePlanPages *self,
            LegendKind    kind,
            int           status,
            const char   *text)
{
  LegendItem item = { kind, status, make_text (self, FONT_SMALL, text, -1, 1), 0, 0 };

  g_array_append_val (self->legend, item);
}

static void
lay_out_timeline (BiePlanPages *self)
{
  double line_h, x = 0, y = 0, sample_w = 26;

  self->timeline_view.text_scale = TIMELINE_TEXT;
  bie_timeline_view_fit (&self->timeline_view, self->plan, self->content_w, 1000);
  self->timeline = bie_timeline_layout_new (self->plan, &self->timeline_view);

  /* The legend: every mark the timeline may show, in lines that wrap. */
  self->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  for (guint i = 0; i < BIE_TIMELINE_N_STATUSES; i++)
    add_legend (self, LEGEND_STATUS, i, bie_activity_status_get_name (i));
  add_legend (self, LEGEND_OVERDUE, -1, _("Overdue or impossible dates"));
  add_legend (self, LEGEND_TODAY, -1, _("Today"));
  add_legend (self, LEGEND_GOAL, -1, _("Goal"));
  add_legend (self, LEGEND_GOAL_ACHIEVED, -1, _("Goal achieved"));

  line_h = MAX (10, bie_render_text_height (g_array_index (self->legend, LegendItem, 0).text)) + 4;
  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendItem *item = &g_array_index (self->legend, LegendItem, i);
      double w = sample_w + 4 + bie_render_text_width (item->text) + 12;

      if (x > 0 && x + w > self->content_w)
        {
          x = 0;
          y += line_h;
        }
      item->x = x;
      item->y = y;
      x += w;
    }
  self->legend_h = y + line_h + 4;
}

/* Pagination */

typedef struct
{
  BiePlanPages *self;
  GArray       *page;
  double        y;
  double        top;
} Flow;

static void
flow_new_page (Flow *flow)
{
  flow->page = g_array_new (FALSE, TRUE, sizeof (Block));
  g_ptr_array_add (flow->self->pages, flow->page);
  flow->top = flow->self->margin + (flow->self->pages->len > 1 ? flow->self->running_h : 0);
  flow->y = flow->top;
}

static gboolean
flow_fits (Flow   *flow,
           double  height)
{
  /* An empty page takes whatever comes, so nothing loops for ever. */
  return flow->y + height <= flow->self->bottom + 0.01 || flow->y <= flow->top + 0.01;
}

static void
flow_place (Flow  *flow,
            Block *block)
{
  block->y = flow->y;
  g_array_append_val (flow->page, *block);
  flow->y += block->height;
}

static void
flow_heading (Flow       *flow,
              const char *title,
              gboolean    continued)
{
  BiePlanPages *self = flow->self;
  g_autofree char *text = continued ? g_strdup_printf (_("%s (continued)"), title) : g_strdup (title);
  Block block = { BLOCK_HEADING };

  block.text = make_text (self, FONT_HEADING, text, self->content_w, 1);
  block.height = bie_render_text_height (block.text) + 6;
  flow_place (flow, &block);
}

static double
heading_height (BiePlanPages *self)
{
  return font_sizes[FONT_HEADING] * 1.3 + 6;
}

static void
flow_table (Flow  *flow,
            Table *table)
{
  BiePlanPages *self = flow->self;
  Block header = { BLOCK_TABLE_HEADER };
  double first;

  header.table = table;
  header.height = table->header_h;
  first = table->rows->len > 0 ? g_array_index (table->rows, Row, 0).height : bie_render_text_height (table->empty) + 6;

  /* The heading never stays alone at the foot of a page. */
  if (!flow_fits (flow, heading_height (self) + header.height + first))
    flow_new_page (flow);
  flow_heading (flow, table->title, FALSE);

  if (table->rows->len == 0)
    {
      Block text = { BLOCK_TEXT };

      text.text = table->empty;
      text.height = first;
      flow_place (flow, &text);
      return;
    }

  flow_place (flow, &header);
  for (guint i = 0; i < table->rows->len; i++)
    {
      Block row = { BLOCK_ROW };

      row.table = table;
      row.row = i;
      row.height = g_array_index (table->rows, Row, i).height;
      if (!flow_fits (flow, row.height))
        {
          flow_new_page (flow);
          flow_heading (flow, table->title, TRUE);
          flow_place (flow, &header);
        }
      flow_place (flow, &row);
    }
}

static void
flow_timeline (Flow *flow)
{
  BiePlanPages *self = flow->self;
  double header_h = bie_timeline_layout_get_header_height (self->timeline);
  /* The lanes and the note below them: where the last break is. */
  double body = bie_timeline_layout_get_break (self->timeline, 0, G_MAXDOUBLE / 2);
  double from = 0;
  gboolean fresh;   /* nothing on this page yet but headings */

  if (!flow_fits (flow, heading_height (self) + header_h + MIN (body, 60)))
    flow_new_page (flow);
  fresh = flow->y <= flow->top + 0.01;
  flow_heading (flow, _("Timeline"), FALSE);

  do
    {
      Block block = { BLOCK_TIMELINE };
      double room = self->bottom - flow->y - header_h;
      double to = bie_timeline_layout_get_break (self->timeline, from, room);

      if (to <= from + 0.01 && !fresh)
        {
          /* Not even one row fits: the rest on the next page. */
          flow_new_page (flow);
          flow_heading (flow, _("Timeline"), TRUE);
          fresh = TRUE;
          continue;
        }
      if (to <= from + 0.01)
        to = from + MAX (room, 10);   /* a row taller than a page: cut it */
      fresh = FALSE;

      block.from = from;
      block.to = MIN (to, body);
      block.height = header_h + block.to - block.from;
      flow_place (flow, &block);
      from = to;
    }
  while (from < body - 0.01);

  if (!flow_fits (flow, self->legend_h))
    flow_new_page (flow);
  {
    Block legend = { BLOCK_LEGEND };

    legend.height = self->legend_h;
    flow_place (flow, &legend);
  }
}

static void
flow_gap (Flow *flow)
{
  if (flow->y > flow->top + 0.01)
    flow->y += flow->self->gap;
}

static void
paginate (BiePlanPages *self)
{
  Flow flow = { self };
  Block title = { BLOCK_TITLE };

  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  flow_new_page (&flow);

  title.height = self->title_h;
  flow_place (&flow, &title);
  flow_gap (&flow);
  flow_table (&flow, &self->members);
  flow_gap (&flow);
  flow_table (&flow, &self->goals);
  flow_gap (&flow);
  flow_timeline (&flow);
  flow_gap (&flow);
  flow_table (&flow, &self->activities);
}

/**
 * bie_plan_pages_new:
 * @plan: the plan, which must outlive the pages
 * @width: of a page, in points (GtkPrintOperation with %GTK_UNIT_POINTS)
 * @height: of a page, in points
 * @margin: on every side, in points; 0 where the printer's margins are
 *   already outside @width and @height
 * @printed_on: (nullable): the day in the footer; %NULL for today
 *
 * Lays @plan out on pages.
 *
 * Returns: (transfer full): the pages
 */
BiePlanPages *
bie_plan_pages_new (const BiePlanSnapshot *plan,
                    double                 width,
                    double                 height,
                    double                 margin,
                    const GDate           *printed_on)
{
  BiePlanPages *self;
  double small_h;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (width > 2 * margin + 100 && height > 2 * margin + 100, NULL);

  self = g_new0 (BiePlanPages, 1);
  self->plan = plan;
  self->width = width;
  self->height = height;
  self->margin = margin;
  g_date_clear (&self->printed_on, 1);
  if (printed_on != NULL && g_date_valid (printed_on))
    self->printed_on = *printed_on;
  else
    g_date_set_time_t (&self->printed_on, time (NULL));

  init_text (self);
  bie_timeline_style_init_light (&self->style);

  self->content_w = width - 2 * margin;
  self->gap = 12;
  self->cell_pad = 3;
  self->mark_w = 24;
  small_h = font_sizes[FONT_SMALL] * 1.4;
  self->running_h = small_h + 10;
  self->bottom = height - margin - (small_h + 8);

  lay_out_title (self);
  lay_out_members (self);
  lay_out_goals (self);
  lay_out_timeline (self);
  lay_out_activities (self);
  paginate (self);

  return self;
}

void
bie_plan_pages_free (BiePlanPages *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->timeline, bie_timeline_layout_free);
  g_clear_pointer (&self->legend, g_array_unref);
  table_clear (&self->members);
  table_clear (&self->goals);
  table_clear (&self->activities);
  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_object (&self->context);
  g_free (self);
}

guint
bie_plan_pages_get_n_pages (BiePlanPages *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

/* Drawing */

static void
set_colour (cairo_t       *cr,
            const BieRgba *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_title (BiePlanPages *self,
            cairo_t      *cr,
            double        y)
{
  double x = self->margin, column_w = (self->content_w - self->gap) / 2;

  set_colour (cr, &self->style.accent, 1);
  show (cr, self->kicker, x, y);
  y += bie_render_text_height (self->kicker);
  set_colour (cr, &self->style.foreground, 1);
  show (cr, self->name, x, y);
  y += bie_render_text_height (self->name) + 8;

  for (guint i = 0; i < N_DETAILS / 2; i++)
    {
      double h = 0;

      for (guint j = i, column = 0; j < N_DETAILS; j += N_DETAILS / 2, column++)
        {
          double cx = x + column * (column_w + self->gap);

          set_colour (cr, &self->style.foreground, 0.65);
          show (cr, self->details[j].key, cx, y + 1);
          set_colour (cr, &self->style.foreground, 1);
          show (cr, self->details[j].value, cx + self->detail_key_w, y);
          h = MAX (h, MAX (bie_render_text_height (self->details[j].value), bie_render_text_height (self->details[j].key)));
        }
      y += h + 2;
    }
}

static void
draw_table_header (BiePlanPages *self,
                   cairo_t      *cr,
                   const Block  *block)
{
  const Table *table = block->table;

  set_colour (cr, &self->style.foreground, 0.08);
  cairo_rectangle (cr, self->margin, block->y, self->content_w, block->height);
  cairo_fill (cr);
  set_colour (cr, &self->style.foreground, 0.85);
  for (guint i = 0; i < table->n_columns; i++)
    show (cr, table->header[i], self->margin + table->x[i] + self->cell_pad, block->y + self->cell_pad);
  set_colour (cr, &self->style.foreground, 0.5);
  cairo_set_line_width (cr, 0.75);
  cairo_move_to (cr, self->margin, block->y + block->height);
  cairo_line_to (cr, self->margin + self->content_w, block->y + block->height);
  cairo_stroke (cr);
}

static void
draw_row (BiePlanPages *self,
          cairo_t      *cr,
          const Block  *block)
{
  const Table *table = block->table;
  const Row *row = &g_array_index (table->rows, Row, block->row);

  if (block->row % 2 == 1)
    {
      set_colour (cr, &self->style.foreground, 0.035);
      cairo_rectangle (cr, self->margin, block->y, self->content_w, block->height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < table->n_columns; i++)
    {
      double x = self->margin + table->x[i] + self->cell_pad;
      double y = block->y + self->cell_pad;

      if (table->mark != MARK_NONE && i == table->mark_column && row->status >= 0)
        {
          double h = 7;

          if (table->mark == MARK_ACTIVITY)
            bie_timeline_draw_activity_mark (cr, &self->style, row->status, row->overdue, x, y + 2,
                                             self->mark_w, h);
          else
            {
              bie_timeline_draw_goal_mark (cr, &self->style, row->status, x, y + 1, h + 2);
              if (row->overdue)
                bie_timeline_draw_overdue_mark (cr, &self->style, x + h + 8, y + 2 + h / 2, h * 0.45);
            }
          x += self->mark_w + self->cell_pad;
        }

      set_colour (cr, &self->style.foreground, 1);
      show (cr, row->cells[i], x, y);
    }

  set_colour (cr, &self->style.foreground, 0.15);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, self->margin, block->y + block->height);
  cairo_line_to (cr, self->margin + self->content_w, block->y + block->height);
  cairo_stroke (cr);
}

static void
draw_timeline (BiePlanPages *self,
               cairo_t      *cr,
               const Block  *block)
{
  BieTimelineView view = self->timeline_view;

  view.scroll_y = block->from;
  view.height = block->height;
  cairo_save (cr);
  cairo_translate (cr, self->margin, block->y);
  bie_timeline_layout_draw (self->timeline, cr, &view, &self->style);
  set_colour (cr, &self->style.foreground, 0.35);
  cairo_set_line_width (cr, 0.75);
  cairo_rectangle (cr, 0, 0, view.width, view.height);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_legend (BiePlanPages *self,
             cairo_t      *cr,
             const Block  *block)
{
  double h = 8, w = 26;

  for (guint i = 0; i < self->legend->len; i++)
    {
      const LegendItem *item = &g_array_index (self->legend, LegendItem, i);
      double x = self->margin + item->x, y = block->y + 4 + item->y;
      double text_h = bie_render_text_height (item->text);
      double mark_y = y + (text_h - h) / 2;

      switch (item->kind)
        {
        case LEGEND_STATUS:
          bie_timeline_draw_activity_mark (cr, &self->style, item->status, FALSE, x, mark_y, w, h);
          break;

        case LEGEND_OVERDUE:
          bie_timeline_draw_activity_mark (cr, &self->style, BIE_ACTIVITY_SCHEDULED, TRUE, x, mark_y, w, h);
          break;

        case LEGEND_TODAY:
          set_colour (cr, &self->style.accent, 1);
          cairo_set_line_width (cr, 1.4);
          cairo_move_to (cr, x + w / 2, y);
          cairo_line_to (cr, x + w / 2, y + text_h);
          cairo_stroke (cr);
          break;

        case LEGEND_GOAL:
          bie_timeline_draw_goal_mark (cr, &self->style, BIE_GOAL_ACTIVE, x + (w - h - 2) / 2, mark_y - 1, h + 2);
          break;

        case LEGEND_GOAL_ACHIEVED:
        default:
          bie_timeline_draw_goal_mark (cr, &self->style, BIE_GOAL_ACHIEVED, x + (w - h - 2) / 2, mark_y - 1, h + 2);
          break;
        }

      set_colour (cr, &self->style.foreground, 0.85);
      show (cr, item->text, x + w + 4, y);
    }
}

/* The footer and, after the first page, the running header. "Page 1 of 3"
 * counts this plan's pages, also in a PDF of a thousand plans. */
static void
draw_margins (BiePlanPages *self,
              cairo_t      *cr,
              guint         page)
{
  g_autofree char *day = format_day (&self->printed_on);
  g_autofree char *printed = g_strdup_printf (_("Printed on %s"), day != NULL ? day : "");
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  g_autoptr(PangoLayout) left = new_text (self, FONT_SMALL, printed, -1, 1);
  g_autoptr(PangoLayout) right = new_text (self, FONT_SMALL, number, -1, 1);
  double y = self->height - self->margin - bie_render_text_height (right);

  set_colour (cr, &self->style.foreground, 0.3);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, self->margin, y - 4);
  cairo_line_to (cr, self->width - self->margin, y - 4);
  cairo_stroke (cr);
  set_colour (cr, &self->style.foreground, 0.75);
  show (cr, left, self->margin, y);
  show (cr, right, self->width - self->margin - bie_render_text_width (right), y);

  if (page > 0)
    {
      y = self->margin;
      show (cr, self->running, self->margin, y);
      set_colour (cr, &self->style.foreground, 0.3);
      cairo_move_to (cr, self->margin, y + bie_render_text_height (self->running) + 3);
      cairo_line_to (cr, self->width - self->margin, y + bie_render_text_height (self->running) + 3);
      cairo_stroke (cr);
    }
}

/**
 * bie_plan_pages_draw:
 * @page: from 0
 *
 * Draws a page into @cr, whose user space is the page in points from its
 * top left corner (what GtkPrintOperation's draw-page and a PDF surface
 * give).
 */
void
bie_plan_pages_draw (BiePlanPages *self,
                     cairo_t      *cr,
                     guint         page)
{
  GArray *blocks;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  blocks = g_ptr_array_index (self->pages, page);
  cairo_save (cr);
  set_colour (cr, &self->style.background, 1);
  cairo_rectangle (cr, 0, 0, self->width, self->height);
  cairo_fill (cr);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = &g_array_index (blocks, Block, i);

      switch (block->kind)
        {
        case BLOCK_TITLE:
          draw_title (self, cr, block->y);
          break;

        case BLOCK_HEADING:
          set_colour (cr, &self->style.foreground, 1);
          show (cr, block->text, self->margin, block->y + 2);
          break;

        case BLOCK_TABLE_HEADER:
          draw_table_header (self, cr, block);
          break;

        case BLOCK_ROW:
          draw_row (self, cr, block);
          break;

        case BLOCK_TEXT:
          set_colour (cr, &self->style.foreground, 0.7);
          show (cr, block->text, self->margin, block->y + 2);
          break;

        case BLOCK_TIMELINE:
          draw_timeline (self, cr, block);
          break;

        case BLOCK_LEGEND:
        default:
          draw_legend (self, cr, block);
          break;
        }
    }

  draw_margins (self, cr, page);
  cairo_restore (cr);
}

/* PDF */

/**
 * bie_paper_get_size:
 * @width: (out): in points
 * @height: (out): in points, portrait
 */
void
bie_paper_get_size (BiePaper  paper,
                    double   *width,
                    double   *height)
{
  if (paper == BIE_PAPER_LETTER)
    {
      *width = 612;
      *height = 792;
    }
  else
    {
      *width = 595.276;
      *height = 841.89;
    }
}

/* Cairo's output, buffered into a file descriptor. */
typedef struct
{
  int      fd;
  int      saved_errno;
  gboolean discard;
  guchar   buffer[64 * 1024];
  gsize    used;
} Sink;

static gboolean
sink_flush (Sink *sink)
{
  gsize done = 0;

  while (done < sink->used)
    {
      gssize n = write (sink->fd, sink->buffer + done, sink->used - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          sink->saved_errno = errno;
          return FALSE;
        }
      done += n;
    }
  sink->used = 0;

  return TRUE;
}

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->discard)
    return CAIRO_STATUS_SUCCESS;
  if (sink->saved_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;

  while (length > 0)
    {
      gsize n = MIN (length, sizeof sink->buffer - sink->used);

      memcpy (sink->buffer + sink->used, data, n);
      sink->used += n;
      data += n;
      length -= n;
      if (sink->used == sizeof sink->buffer && !sink_flush (sink))
        return CAIRO_STATUS_WRITE_ERROR;
    }

  return CAIRO_STATUS_SUCCESS;
}

static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), name, g_strerror (saved_errno));
}

static gboolean
check_surface (cairo_surface_t  *surface,
               Sink             *sink,
               const char       *path,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  if (sink->saved_errno != 0)
    set_io_error (error, sink->saved_errno, path);
  else
    g_set_error (error, BIE_RENDER_ERROR, BIE_RENDER_ERROR_FAILED,
                 _("The plans could not be drawn: %s"), cairo_status_to_string (status));

  return FALSE;
}

static gboolean
write_plan (cairo_surface_t        *surface,
            cairo_t                *cr,
            const BiePlanSnapshot  *plan,
            double                  width,
            double                  height,
            const GDate            *printed_on,
            guint                  *n_pages,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autoptr(BiePlanPages) pages = bie_plan_pages_new (plan, width, height, BIE_PLAN_PAGES_MARGIN, printed_on);
  g_autofree char *link = g_strdup_printf ("page=%u", *n_pages + 1);
  g_autofree char *name = one_line (plan->household_name);

  /* A bookmark per household, to find one among a thousand. */
  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);

  for (guint i = 0; i < pages->pages->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      bie_plan_pages_draw (pages, cr, i);
      cairo_show_page (cr);
      (*n_pages)++;
    }

  return TRUE;
}

/* @free_plan: what to do with each plan once written, or NULL to keep it */
static gboolean
write_pdf (const char           *path,
           BiePaper              paper,
           const GDate          *printed_on,
           BiePlanSourceFunc     source,
           gpointer              source_data,
           GDestroyNotify        free_plan,
           BiePlanProgressFunc   progress,
           gpointer              progress_data,
           GCancellable         *cancellable,
           GError              **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree Sink *sink = g_new0 (Sink, 1);
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  double width, height;
  guint n_plans = 0, n_pages = 0;
  gboolean ok = FALSE;

  /* Beside the file, so the rename that completes it is atomic. */
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  sink->fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (sink->fd < 0)
    {
      set_io_error (error, errno, path);
      return FALSE;
    }

  bie_paper_get_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Family care plans"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Bienestar " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      BiePlanSnapshot *plan;
      gboolean written;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      plan = source (source_data, &local_error);
      if (plan == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          break;
        }

      written = write_plan (surface, cr, plan, width, height, printed_on, &n_pages, cancellable, error);
      if (free_plan != NULL)
        free_plan (plan);
      if (!written || !check_surface (surface, sink, path, error))
        goto out;

      n_plans++;
      if (progress != NULL)
        progress (n_plans, progress_data);
    }

  if (n_plans == 0)
    {
      g_set_error_literal (error, BIE_RENDER_ERROR, BIE_RENDER_ERROR_NO_PLANS,
                           _("There are no plans to print."));
      goto out;
    }

  g_clear_pointer (&cr, cairo_destroy);
  cairo_surface_finish (surface);
  if (!check_surface (surface, sink, path, error))
    goto out;
  if (!sink_flush (sink) || fsync (sink->fd) != 0 || close (sink->fd) != 0)
    {
      set_io_error (error, sink->saved_errno != 0 ? sink->saved_errno : errno, path);
      sink->fd = -1;
      goto out;
    }
  sink->fd = -1;
  if (g_rename (tmp_path, path) != 0)
    {
      set_io_error (error, errno, path);
      goto out;
    }
  ok = TRUE;

out:
  /* What Cairo still has to say about a failed document is not wanted. */
  sink->discard = !ok;
  g_clear_pointer (&cr, cairo_destroy);
  g_clear_pointer (&surface, cairo_surface_destroy);
  if (sink->fd >= 0)
    close (sink->fd);
  if (!ok)
    g_unlink (tmp_path);

  return ok;
}

/**
 * bie_plan_pages_write_pdf:
 * @path: the PDF file, replaced only once it is complete
 * @printed_on: (nullable): the day in the footers; %NULL for today
 * @source: called for each plan in turn until it returns %NULL; each plan
 *   it returns is freed once written
 * @progress: (nullable): called after each plan
 * @cancellable: (nullable): stops between pages; nothing is left at @path
 *
 * Writes many plans into one PDF, each from a new page and with pages
 * counted per plan, and a bookmark per household. One plan and its pages
 * are held at a time, so a thousand plans take no more memory than one.
 * It blocks: call it in a worker thread, where @source and @progress are
 * called too.
 *
 * Returns: whether the file was written; %BIE_RENDER_ERROR_NO_PLANS when
 *   @source gave none
 */
gboolean
bie_plan_pages_write_pdf (const char           *path,
                          BiePaper              paper,
                          const GDate          *printed_on,
                          BiePlanSourceFunc     source,
                          gpointer              source_data,
                          BiePlanProgressFunc   progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_pdf (path, paper, printed_on, source, source_data, (GDestroyNotify) bie_plan_snapshot_free,
                    progress, progress_data, cancellable, error);
}

typedef struct
{
  GPtrArray *plans;
  guint      next;
} ArraySource;

static BiePlanSnapshot *
array_source (gpointer   user_data,
              GError   **error)
{
  ArraySource *source = user_data;

  if (source->next >= source->plans->len)
    return NULL;

  return g_ptr_array_index (source->plans, source->next++);
}

/**
 * bie_plan_pages_write_pdf_array:
 * @plans: (element-type BiePlanSnapshot): the plans, kept by the caller
 *
 * bie_plan_pages_write_pdf() for plans already read.
 */
gboolean
bie_plan_pages_write_pdf_array (const char           *path,
                                BiePaper              paper,
                                const GDate          *printed_on,
                                GPtrArray            *plans,
                                BiePlanProgressFunc   progress,
                                gpointer              progress_data,
                                GCancellable         *cancellable,
                                GError              **error)
{
  ArraySource source = { plans, 0 };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (plans != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_pdf (path, paper, printed_on, array_source, &source, NULL,
                    progress, progress_data, cancellable, error);
}
