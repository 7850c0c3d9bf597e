/* bie-validation.c: the rules of a single field: documents, birth dates,
 * phones, dates
 *
 * Pure functions of the text and of the reference lists: no SQL, no GTK.
 * Each refusal is a BIE_STORE_ERROR_INVALID whose message is written for
 * the nurse or physician at the keyboard, in their language, and names the
 * field, never its content: what they typed is theirs to see on the form,
 * and errors travel further than forms (toasts, logs of whoever catches
 * them).
 *
 * Where a rule's numbers are data (document lengths, ages a document is
 * for), they live in the reference lists, src/core/reference/. The rules
 * of whole records are in bie-validation-records.c.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-validation"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bie-reference.h"
#include "bie-validation.h"
#include "bie-validation-private.h"

/* Older birth dates are typing mistakes. */
#define MAX_AGE_YEARS 120
/* Nothing the cache records happened before. */
#define MIN_YEAR 1900

typedef struct
{
  const char *name;
  const char *label;
} FieldLabel;

/* What a form calls each column, for the messages. */
static const FieldLabel field_labels[] = {
  { "address", N_("Address") },
  { "agreed_on", N_("Date agreed") },
  { "assigned_on", N_("Date assigned") },
  { "attended_on", N_("Date attended") },
  { "barrier", N_("Barrier") },
  { "birth_date", N_("Birth date") },
  { "closed_on", N_("Date closed") },
  { "code", N_("Code") },
  { "date", N_("Date") },
  { "description", N_("Description") },
  { "document_number", N_("Document number") },
  { "document_type", N_("Document type") },
  { "end_date", N_("End date") },
  { "eps_code", N_("EPS") },
  { "family_names", N_("Family names") },
  { "given_names", N_("Given names") },
  { "household_id", N_("Household") },
  { "identified_on", N_("Date identified") },
  { "localidad_id", N_("Localidad") },
  { "managed_on", N_("Date managed") },
  { "name", N_("Name") },
  { "notes", N_("Notes") },
  { "outcome", N_("Outcome") },
  { "participants", N_("Participants") },
  { "person_id", N_("Person") },
  { "phone", N_("Phone") },
  { "plan_id", N_("Care plan") },
  { "profession", N_("Profession") },
  { "regimen", N_("Insurance scheme") },
  { "relationship", N_("Relationship to the head of household") },
  { "requested_on", N_("Date requested") },
  { "sector_id", N_("Sector") },
  { "service", N_("Service") },
  { "sex", N_("Sex") },
  { "start_date", N_("Start date") },
  { "status", N_("Status") },
  { "status_reason", N_("Reason for the status") },
  { "subred_id", N_("Subred") },
  { "target_date", N_("Target date") },
  { "vaccine", N_("Vaccine") },
};

const char *
bie_field_label (BieEntity   entity,
                 const char *name)
{
  if (entity == BIE_ENTITY_RISK && g_str_equal (name, "code"))
    return _("Risk");
  if (entity == BIE_ENTITY_ACTIVITY && g_str_equal (name, "kind"))
    return _("Kind of activity");
  if (entity == BIE_ENTITY_ENCOUNTER && g_str_equal (name, "kind"))
    return _("Kind of encounter");

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].name, name))
      return _(field_labels[i].label);

  g_critical ("The field %s has no label", name);
  return name;
}

/* Refuses: sets @error and @field, and returns FALSE to return at once. */
gboolean
bie_invalid (const char  **field,
             const char   *name,
             GError      **error,
             const char   *format,
             ...)
{
  va_list args;

  if (field != NULL)
    *field = name;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID, format, args);
      va_end (args);
    }

  return FALSE;
}

gboolean
bie_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

BieReferenceList *
bie_validation_list (const char *id)
{
  g_autoptr(GError) error = NULL;
  BieReferenceList *list = bie_reference_list_get (id, &error);

  /* The lists are built into the application: a missing one is a bug. */
  if (list == NULL)
    g_critical ("%s", error->message);

  return list;
}

/* Reads the unsigned number @attribute of an item, when it has one. */
static gboolean
get_uint_attribute (BieReferenceList *list,
                    guint             position,
                    const char       *attribute,
                    guint            *value)
{
  const char *text = bie_reference_list_get_attribute (list, position, attribute);
  guint64 number;
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, &error))
    {
      g_critical ("Reference list %s, item %s: %s: %s", bie_reference_list_get_id (list),
                  bie_reference_list_get_code (list, position), attribute, error->message);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

void
bie_resolve_today (GDate *today,
                   GDate *out)
{
  g_autoptr(GDate) local = NULL;

  if (today != NULL)
    {
      *out = *today;
      return;
    }

  local = bie_today ();
  *out = *local;
}

/* Dates */

typedef enum
{
  DAY_OK,
  DAY_MALFORMED,
  DAY_IMPOSSIBLE,
} DayParse;

/* Reads exactly "YYYY-MM-DD" from the start of @text; whether more may
 * follow is the caller's business. */
static DayParse
parse_day_prefix (const char *text,
                  GDate      *date)
{
  static const char shape[] = "dddd-dd-dd";
  guint year, month, day;

  for (guint i = 0; shape[i] != '\0'; i++)
    {
      if (shape[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != shape[i])
        return DAY_MALFORMED;
    }

  year = g_ascii_digit_value (text[0]) * 1000 + g_ascii_digit_value (text[1]) * 100 +
         g_ascii_digit_value (text[2]) * 10 + g_ascii_digit_value (text[3]);
  month = g_ascii_digit_value (text[5]) * 10 + g_ascii_digit_value (text[6]);
  day = g_ascii_digit_value (text[8]) * 10 + g_ascii_digit_value (text[9]);

  if (!g_date_valid_dmy (day, month, year))
    return DAY_IMPOSSIBLE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);

  return DAY_OK;
}

/* The messages of a date, naming its field when @label is given. */
static gboolean
check_parsed_day (DayParse      parse,
                  const GDate  *date,
                  gboolean      allow_future,
                  const GDate  *today,
                  const char   *label,
                  const char   *name,
                  const char  **field,
                  GError      **error)
{
  switch (parse)
    {
    case DAY_MALFORMED:
      return label != NULL
        ? bie_invalid (field, name, error,
                       _("Write “%s” as year-month-day, for example 2024-03-15."), label)
        : bie_invalid (field, name, error,
                       _("Write the date as year-month-day, for example 2024-03-15."));

    case DAY_IMPOSSIBLE:
      return label != NULL
        ? bie_invalid (field, name, error, _("“%s” is a day that does not exist."), label)
        : bie_invalid (field, name, error, _("That day does not exist."));

    case DAY_OK:
    default:
      break;
    }

  if (g_date_get_year (date) < MIN_YEAR)
    return label != NULL
      ? bie_invalid (field, name, error, _("“%s” is before %u."), label, MIN_YEAR)
      : bie_invalid (field, name, error, _("The date is before %u."), MIN_YEAR);

  if (!allow_future && g_date_compare (date, today) > 0)
    return label != NULL
      ? bie_invalid (field, name, error, _("“%s” is in the future."), label)
      : bie_invalid (field, name, error, _("The date is in the future."));

  return TRUE;
}

gboolean
bie_check_day (const char   *text,
               gboolean      allow_future,
               const GDate  *today,
               const char   *label,
               const char   *name,
               GDate        *date,
               const char  **field,
               GError      **error)
{
  DayParse parse;

  if (bie_is_blank (text))
    return label != NULL
      ? bie_invalid (field, name, error, _("Fill in “%s”."), label)
      : bie_invalid (field, name, error, _("Enter a date."));

  parse = parse_day_prefix (text, date);
  if (parse == DAY_OK && text[10] != '\0')
    parse = DAY_MALFORMED;

  return check_parsed_day (parse, date, allow_future, today, label, name, field, error);
}

/* A day, or a moment with its time zone ("2024-03-15T14:30:00Z"), as FHIR
 * writes a dateTime. A moment counts on the day it was in Bogotá (the local
 * time zone), not in UTC: an evening visit is not tomorrow's. */
gboolean
bie_check_moment (const char   *text,
                  gboolean      allow_future,
                  const GDate  *today,
                  const char   *label,
                  const char   *name,
                  GDate        *date,
                  const char  **field,
                  GError      **error)
{
  DayParse parse;

  if (bie_is_blank (text))
    return bie_invalid (field, name, error, _("Fill in “%s”."), label);

  parse = parse_day_prefix (text, date);
  if (parse == DAY_OK && text[10] != '\0')
    {
      g_autoptr(GDateTime) moment = NULL;
      g_autoptr(GDateTime) local = NULL;

      if (text[10] == 'T')
        moment = g_date_time_new_from_iso8601 (text, NULL);

      if (moment == NULL)
        {
          parse = DAY_MALFORMED;
        }
      else
        {
          local = g_date_time_to_local (moment);
          g_date_set_dmy (date,
                          g_date_time_get_day_of_month (local),
                          g_date_time_get_month (local),
                          g_date_time_get_year (local));
        }
    }

  return check_parsed_day (parse, date, allow_future, today, label, name, field, error);
}

/**
 * bie_validate_date:
 * @date: (nullable): a day, "YYYY-MM-DD"
 * @allow_future: whether @date may come after @today
 * @today: (nullable): the day to judge by; %NULL for today
 *
 * Checks that @date is a day of the calendar, written as "YYYY-MM-DD",
 * from 1900 on, and not in the future unless @allow_future.
 *
 * Returns: whether @date is valid; if not, @error says why
 */
gboolean
bie_validate_date (const char  *date,
                   gboolean     allow_future,
                   GDate       *today,
                   GError     **error)
{
  GDate parsed, now;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bie_resolve_today (today, &now);

  return bie_check_day (date, allow_future, &now, NULL, "date", &parsed, NULL, error);
}

/* Ages */

/* Completed years of age on @today. Someone born on 29 February has their
 * birthday on 28 February in common years: Colombian law ends a term of
 * years that began on a day the last month lacks on that month's last day
 * (Ley 4 de 1913, art. 59). */
static int
age_in_years (const GDate *birth,
              const GDate *today)
{
  int years = g_date_get_year (today) - g_date_get_year (birth);
  GDateMonth month = g_date_get_month (birth);
  GDateDay day = g_date_get_day (birth);
  GDateDay last = g_date_get_days_in_month (month, g_date_get_year (today));

  if (day > last)
    day = last;

  if (g_date_get_month (today) < month ||
      (g_date_get_month (today) == month && g_date_get_day (today) < day))
    years--;

  return years;
}

/**
 * bie_parse_day:
 * @text: (nullable): a day, "YYYY-MM-DD"
 * @date: (out): the day
 *
 * Returns: whether @text is exactly a day of the calendar
 */
gboolean
bie_parse_day (const char *text,
               GDate      *date)
{
  g_return_val_if_fail (date != NULL, FALSE);

  return text != NULL && parse_day_prefix (text, date) == DAY_OK && text[10] == '\0';
}

/**
 * bie_format_day:
 * @day: (nullable): a day, "YYYY-MM-DD", or a moment that begins with one
 *
 * Returns: (transfer full) (nullable): the day as people read it in their
 *   language ("23 Jul 2026"); @day itself when it is not a day; %NULL for
 *   %NULL
 */
char *
bie_format_day (const char *day)
{
  g_autofree char *prefix = NULL;
  char text[64];
  GDate date;

  if (day == NULL)
    return NULL;

  prefix = g_strndup (day, 10);
  /* Translators: a short date, as in "23 Jul 2026"; see strftime */
  if (!bie_parse_day (prefix, &date) ||
      g_date_strftime (text, sizeof text, _("%-d %b %Y"), &date) == 0)
    return g_strdup (day);

  return g_strdup (text);
}

/**
 * bie_age_on:
 * @birth_date: (nullable): a birth date, "YYYY-MM-DD"
 * @today: the day the age is for
 *
 * Returns: completed years of age on @today, as the law counts them (see
 *   age_in_years()), or -1 when @birth_date is not a day
 */
int
bie_age_on (const char  *birth_date,
            const GDate *today)
{
  GDate birth;

  g_return_val_if_fail (today != NULL, -1);

  if (!bie_parse_day (birth_date, &birth))
    return -1;

  return age_in_years (&birth, today);
}

/* Whether a person aged @age may hold the document type @code. */
static gboolean
check_document_age (const char  *code,
                    int          age,
                    const char **field,
                    GError     **error)
{
  g_autoptr(BieReferenceList) types = bie_validation_list ("document-types");
  guint position;
  guint min_age = 0, max_age = G_MAXUINT;
  gboolean has_min, has_max;

  /* An unknown type is the document check's to report. */
  if (types == NULL || code == NULL || !bie_reference_list_find (types, code, &position))
    return TRUE;

  has_min = get_uint_attribute (types, position, "min-age", &min_age);
  has_max = get_uint_attribute (types, position, "max-age", &max_age);

  if (age >= (int) min_age && (!has_max || age <= (int) max_age))
    return TRUE;

  if (has_min && has_max)
    return bie_invalid (field, "document_type", error,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "This document type is for persons aged %u to %u year.",
                                     "This document type is for persons aged %u to %u years.",
                                     max_age),
                        min_age, max_age);
  if (has_min)
    return bie_invalid (field, "document_type", error,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "This document type is for persons aged %u year or more.",
                                     "This document type is for persons aged %u years or more.",
                                     min_age),
                        min_age);

  return bie_invalid (field, "document_type", error,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "This document type is for persons younger than %u year.",
                                   "This document type is for persons younger than %u years.",
                                   max_age + 1),
                      max_age + 1);
}

gboolean
bie_check_birth_date (const char   *birth_date,
                      const char   *document_type,
                      const GDate  *today,
                      const char  **field,
                      GError      **error)
{
  GDate birth, oldest;

  if (!bie_check_day (birth_date, FALSE, today, _("Birth date"), "birth_date", &birth,
                      field, error))
    return FALSE;

  /* Subtracting clamps 29 February to the 28th, as the birthday goes. */
  oldest = *today;
  g_date_subtract_years (&oldest, MAX_AGE_YEARS);
  if (g_date_compare (&birth, &oldest) < 0)
    return bie_invalid (field, "birth_date", error,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The birth date is more than %u year ago.",
                                     "The birth date is more than %u years ago.",
                                     MAX_AGE_YEARS),
                        MAX_AGE_YEARS);

  return check_document_age (document_type, age_in_years (&birth, today), field, error);
}

/**
 * bie_validate_birth_date:
 * @birth_date: (nullable): a day, "YYYY-MM-DD"
 * @document_type: (nullable): the code of the person's document type, to
 *   check that it is one for their age
 * @today: (nullable): the day to judge by; %NULL for today
 *
 * Checks that @birth_date is a day of the calendar, not in the future, at
 * most 120 years ago, and that a person born then may hold
 * @document_type today (the ages are in document-types.xml).
 *
 * Returns: whether @birth_date is valid; if not, @error says why
 */
gboolean
bie_validate_birth_date (const char  *birth_date,
                         const char  *document_type,
                         GDate       *today,
                         GError     **error)
{
  GDate now;

  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bie_resolve_today (today, &now);

  return bie_check_birth_date (birth_date, document_type, &now, NULL, error);
}

/* Documents */

typedef struct
{
  gboolean alnum;
  guint    min_length;
  guint    max_length;
  gboolean no_leading_zero;
  gboolean grouping;
  gboolean has_serial;
  guint    serial_min_length;
  guint    serial_max_length;
} DocumentRule;

static void
read_document_rule (BieReferenceList *types,
                    guint             position,
                    DocumentRule     *rule)
{
  memset (rule, 0, sizeof *rule);
  rule->alnum =
    g_strcmp0 (bie_reference_list_get_attribute (types, position, "chars"), "alnum") == 0;
  rule->min_length = 1;
  rule->max_length = G_MAXUINT;
  get_uint_attribute (types, position, "min-length", &rule->min_length);
  get_uint_attribute (types, position, "max-length", &rule->max_length);
  rule->no_leading_zero =
    g_strcmp0 (bie_reference_list_get_attribute (types, position, "leading-zero"), "no") == 0;
  rule->grouping =
    g_strcmp0 (bie_reference_list_get_attribute (types, position, "grouping"), "thousands") == 0;
  rule->has_serial =
    get_uint_attribute (types, position, "serial-min-length", &rule->serial_min_length) &&
    get_uint_attribute (types, position, "serial-max-length", &rule->serial_max_length);
}

/* Drops the dots or spaces between groups of three digits, as the
 * Registraduría prints its numbers ("1.020.304.050"): the first group has
 * one to three digits, every other exactly three. Anything else is left
 * for the character check to refuse. */
static void
drop_grouping (GString *number)
{
  gsize group = 0;
  gboolean separated = FALSE;

  if (strpbrk (number->str, ". ") == NULL)
    return;

  for (gsize i = 0; i < number->len; i++)
    {
      char c = number->str[i];

      if (g_ascii_isdigit (c))
        {
          if (++group > 3)
            return;
        }
      else if (c == '.' || c == ' ')
        {
          if (group == 0 || (separated && group != 3))
            return;
          separated = TRUE;
          group = 0;
        }
      else
        {
          return;
        }
    }
  if (group != 3)
    return;

  for (gsize i = 0; i < number->len;)
    {
      if (number->str[i] == '.' || number->str[i] == ' ')
        g_string_erase (number, i, 1);
      else
        i++;
    }
}

static gboolean
is_all (const char *text,
        gboolean  (*accept) (char c))
{
  for (; *text != '\0'; text++)
    if (!accept (*text))
      return FALSE;

  return TRUE;
}

static gboolean
is_digit (char c)
{
  return g_ascii_isdigit (c);
}

static gboolean
is_alnum (char c)
{
  return g_ascii_isalnum (c);
}

static gboolean
is_zero (char c)
{
  return c == '0';
}

/* Whether the older serial of a civil registry fits @number. */
static gboolean
fits_serial (const DocumentRule *rule,
             const char         *number)
{
  gsize length = strlen (number);

  return rule->has_serial && is_all (number, is_alnum) &&
         length >= rule->serial_min_length && length <= rule->serial_max_length &&
         !is_all (number, is_zero);
}

/* Checks @number against the rule of @type and gives it back in its
 * canonical form: without the whitespace around it or the separators the
 * rule tolerates, letters in upper case. Only the Colombian numbers the
 * Registraduría prints grouped by thousands (CC, TI, the NUIP of an RC)
 * accept dots or spaces inside; no document has dashes. */
char *
bie_check_document (const char  *type,
                    const char  *number,
                    const char **type_field,
                    const char **number_field,
                    GError     **error)
{
  g_autoptr(BieReferenceList) types = NULL;
  g_autoptr(GString) text = NULL;
  DocumentRule rule;
  guint position;
  gboolean chars_ok;

  if (bie_is_blank (type))
    {
      bie_invalid (type_field, "document_type", error, _("Choose the document type."));
      return NULL;
    }

  types = bie_validation_list ("document-types");
  if (types == NULL || !bie_reference_list_find (types, type, &position))
    {
      bie_invalid (type_field, "document_type", error,
                   _("Choose one of the listed values for “%s”."), _("Document type"));
      return NULL;
    }

  if (bie_is_blank (number))
    {
      bie_invalid (number_field, "document_number", error, _("Enter the document number."));
      return NULL;
    }

  read_document_rule (types, position, &rule);

  text = g_string_new (number);
  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));
  if (!rule.alnum && rule.grouping)
    drop_grouping (text);
  if (rule.alnum || rule.has_serial)
    for (gsize i = 0; i < text->len; i++)
      text->str[i] = g_ascii_toupper (text->str[i]);

  chars_ok = is_all (text->str, rule.alnum ? is_alnum : is_digit);
  if ((!chars_ok || text->len < rule.min_length || text->len > rule.max_length) &&
      fits_serial (&rule, text->str))
    return g_string_free (g_steal_pointer (&text), FALSE);

  if (!chars_ok && !(rule.has_serial && is_all (text->str, is_alnum)))
    {
      bie_invalid (number_field, "document_number", error,
                   rule.alnum || rule.has_serial
                   ? _("The document number can only have letters and digits.")
                   : _("The document number can only have digits."));
      return NULL;
    }

  if (!chars_ok || text->len < rule.min_length || text->len > rule.max_length)
    {
      if (rule.has_serial)
        bie_invalid (number_field, "document_number", error,
                     _("The document number must be a NUIP of %u to %u digits, or the serial of an "
                       "older registry, of %u to %u letters and digits."),
                     rule.min_length, rule.max_length,
                     rule.serial_min_length, rule.serial_max_length);
      else if (rule.min_length == rule.max_length)
        bie_invalid (number_field, "document_number", error,
                     rule.alnum
                     ? g_dngettext (GETTEXT_PACKAGE,
                                    "The document number must have %u letter or digit.",
                                    "The document number must have %u letters and digits.",
                                    rule.max_length)
                     : g_dngettext (GETTEXT_PACKAGE,
                                    "The document number must have %u digit.",
                                    "The document number must have %u digits.",
                                    rule.max_length),
                     rule.max_length);
      else
        bie_invalid (number_field, "document_number", error,
                     rule.alnum
                     ? g_dngettext (GETTEXT_PACKAGE,
                                    "The document number must have %u to %u letter or digit.",
                                    "The document number must have %u to %u letters and digits.",
                                    rule.max_length)
                     : g_dngettext (GETTEXT_PACKAGE,
                                    "The document number must have %u to %u digit.",
                                    "The document number must have %u to %u digits.",
                                    rule.max_length),
                     rule.min_length, rule.max_length);
      return NULL;
    }

  if (is_all (text->str, is_zero))
    {
      bie_invalid (number_field, "document_number", error,
                   _("The document number cannot be only zeros."));
      return NULL;
    }

  if (rule.no_leading_zero && text->str[0] == '0')
    {
      bie_invalid (number_field, "document_number", error,
                   _("The document number cannot start with 0."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * bie_validate_document:
 * @document_type: (nullable): the code of a document type
 * @document_number: (nullable): the number as the user typed it
 *
 * Checks that @document_type is a known type and that @document_number
 * has the characters and length of that type (document-types.xml).
 * Whitespace around the number is ignored; dots or spaces between groups
 * of three digits are accepted where the Registraduría prints them.
 *
 * Returns: whether the document is valid; if not, @error says why
 */
gboolean
bie_validate_document (const char  *document_type,
                       const char  *document_number,
                       GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = bie_check_document (document_type, document_number, NULL, NULL, error);

  return normalized != NULL;
}

/**
 * bie_normalize_document:
 * @document_type: (nullable): the code of a document type
 * @document_number: (nullable): the number as the user typed it
 *
 * Returns: (transfer full) (nullable): the number as it is stored and
 *   compared (no separators, letters in upper case), or %NULL if it is not
 *   valid for @document_type
 */
char *
bie_normalize_document (const char *document_type,
                        const char *document_number)
{
  return bie_check_document (document_type, document_number, NULL, NULL, NULL);
}

/* Phones */

typedef enum
{
  PHONE_OK,
  PHONE_EMPTY,
  PHONE_CHARACTERS,
  PHONE_COUNTRY,
  PHONE_OLD_LANDLINE,
  PHONE_LENGTH,
  PHONE_PREFIX,
  PHONE_AREA,
} PhoneCheck;

/* Colombian numbers since the numbering plan of 2021 (CRC, Resolución 5826
 * de 2019): ten digits, 3 for a mobile, 60 and the area digit for a
 * landline (601 Bogotá and Cundinamarca, 602, 604 to 608; 603 is not
 * assigned). */
static PhoneCheck
parse_phone (const char *phone,
             char        canonical[11])
{
  char digits[13];
  guint n = 0;
  gboolean plus = FALSE;
  const char *d = digits;

  if (bie_is_blank (phone))
    return PHONE_EMPTY;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n == sizeof digits - 1)
            return PHONE_LENGTH;
          digits[n++] = *p;
        }
      else if (*p == '+' && n == 0 && !plus)
        {
          plus = TRUE;
        }
      else if (!g_ascii_isspace (*p) && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        {
          return PHONE_CHARACTERS;
        }
    }
  digits[n] = '\0';

  if (plus || n == 12)
    {
      if (n < 2 || d[0] != '5' || d[1] != '7')
        return plus ? PHONE_COUNTRY : PHONE_LENGTH;
      d += 2;
      n -= 2;
    }

  if (n == 7 && !plus)
    return PHONE_OLD_LANDLINE;
  if (n != 10)
    return PHONE_LENGTH;
  if (d[0] == '6' && d[1] == '0' && strchr ("1245678", d[2]) == NULL)
    return PHONE_AREA;
  if (d[0] != '3' && !(d[0] == '6' && d[1] == '0'))
    return PHONE_PREFIX;

  memcpy (canonical, d, 10);
  canonical[10] = '\0';

  return PHONE_OK;
}

gboolean
bie_check_phone (const char  *phone,
                 const char **field,
                 GError     **error)
{
  char canonical[11];

  switch (parse_phone (phone, canonical))
    {
    case PHONE_OK:
      return TRUE;
    case PHONE_EMPTY:
      return bie_invalid (field, "phone", error, _("Enter a phone number."));
    case PHONE_CHARACTERS:
      return bie_invalid (field, "phone", error,
                          _("A phone number can only have digits, spaces, dashes, dots, "
                            "parentheses and the +57 prefix."));
    case PHONE_COUNTRY:
      return bie_invalid (field, "phone", error,
                          _("Only Colombian phone numbers (+57) can be recorded."));
    case PHONE_OLD_LANDLINE:
      return bie_invalid (field, "phone", error,
                          _("Landlines have 10 digits since 2021: "
                            "write 601 before a Bogotá number."));
    case PHONE_LENGTH:
      return bie_invalid (field, "phone", error,
                          _("A phone number has 10 digits, besides the +57 prefix."));
    case PHONE_PREFIX:
      return bie_invalid (field, "phone", error,
                          _("A phone number starts with 3 for a mobile or 60 for a landline."));
    case PHONE_AREA:
      return bie_invalid (field, "phone", error,
                          _("A landline starts with 601, 602 or 604 to 608."));
    default:
      g_assert_not_reached ();
    }
}

/**
 * bie_validate_phone:
 * @phone: (nullable): a phone number as the user typed it
 *
 * Checks that @phone is a Colombian mobile (ten digits starting with 3) or
 * landline (ten digits starting with 60 and an area digit), optionally
 * after +57 or 57. Spaces, dashes, dots and parentheses are ignored.
 *
 * Returns: whether @phone is valid; if not, @error says why
 */
gboolean
bie_validate_phone (const char  *phone,
                    GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bie_check_phone (phone, NULL, error);
}

/**
 * bie_normalize_phone:
 * @phone: (nullable): a phone number as the user typed it
 *
 * Returns: (transfer full) (nullable): the ten digits of @phone, without
 *   prefix or separators ("3001234567", "6011234567"), or %NULL if it is
 *   not a valid Colombian number
 */
char *
bie_normalize_phone (const char *phone)
{
  char canonical[11];

  if (parse_phone (phone, canonical) != PHONE_OK)
    return NULL;

  return g_strdup (canonical);
}
