/* test-validation.c: the rules records keep, accepted and refused
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bie-validation.h"

#define LONG_INPUT 10000

/* Every test judges by this day unless it says otherwise. */
static GDate today;

static GDate
make_day (guint year,
          guint month,
          guint day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return date;
}

static char *
repeat (char  c,
        gsize n)
{
  char *text = g_malloc (n + 1);

  memset (text, c, n);
  text[n] = '\0';

  return text;
}

/* What a test message shows of an input: ASCII, and not ten thousand
 * characters of it. */
static char *
describe (const char *text)
{
  if (text == NULL)
    return g_strdup ("(null)");
  if (strlen (text) > 40)
    return g_strdup_printf ("(%zu bytes)", strlen (text));

  return g_strescape (text, NULL);
}

/* A refusal is a BIE_STORE_ERROR_INVALID with a message, which never
 * repeats what was typed. */
static void
assert_refused (gboolean    ok,
                GError     *error,
                const char *secret)
{
  g_assert_false (ok);
  g_assert_error (error, BIE_STORE_ERROR, BIE_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  if (secret != NULL && strlen (secret) >= 4)
    g_assert_null (strstr (error->message, secret));
  g_test_message ("refused: %s", error->message);
}

/* Documents */

static void
test_document_accepted (void)
{
  const struct
  {
    const char *type;
    const char *number;
    const char *normalized;
  } accepted[] = {
    { "CC", "52123456", "52123456" },
    { "CC", "1020304050", "1020304050" },
    { "CC", "123", "123" },
    { "CC", "79.123.456", "79123456" },
    { "CC", "79 123 456", "79123456" },
    { "CC", "1.020.304.050", "1020304050" },
    { "CC", "  52123456\t", "52123456" },
    { "TI", "1012345678", "1012345678" },
    { "TI", "01051512345", "01051512345" },
    { "TI", "1.098.765.432", "1098765432" },
    { "RC", "1012345678", "1012345678" },
    { "RC", "12345678901", "12345678901" },
    { "RC", "1.012.345.678", "1012345678" },
    { "RC", "A1234567", "A1234567" },
    { "RC", "a12345b", "A12345B" },
    { "RC", "123456", "123456" },
    { "CN", "12345678", "12345678" },
    { "CN", "1234567890", "1234567890" },
    { "CE", "123456", "123456" },
    { "CE", "e123456", "E123456" },
    { "CE", "123", "123" },
    { "PA", "AB123456", "AB123456" },
    { "PA", "ab1234567", "AB1234567" },
    { "PA", "1234567890123456", "1234567890123456" },
    { "PT", "1234567", "1234567" },
    { "PE", "123456789012345", "123456789012345" },
    { "CD", "D12345", "D12345" },
    { "SC", "123456789", "123456789" },
    { "DE", "X1234567Z", "X1234567Z" },
    { "MS", "11001123", "11001123" },
    { "AS", "AS11001", "AS11001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_autofree char *shown = describe (accepted[i].number);

      g_test_message ("%s %s", accepted[i].type, shown);
      g_assert_true (bie_validate_document (accepted[i].type, accepted[i].number, &error));
      g_assert_no_error (error);
      normalized = bie_normalize_document (accepted[i].type, accepted[i].number);
      g_assert_cmpstr (normalized, ==, accepted[i].normalized);
    }
}

static void
test_document_refused (void)
{
  g_autofree char *long_digits = repeat ('9', LONG_INPUT);
  g_autofree char *long_letters = repeat ('A', LONG_INPUT);
  const struct
  {
    const char *type;
    const char *number;
  } refused[] = {
    /* The type */
    { NULL, "52123456" },
    { "", "52123456" },
    { "XX", "52123456" },
    { "cc", "52123456" },
    { "PPT", "1234567" },
    /* No number */
    { "CC", NULL },
    { "CC", "" },
    { "CC", "   " },
    /* CC: digits, 3 to 10, no leading zero */
    { "CC", "12" },
    { "CC", "12345678901" },
    { "CC", "0123456" },
    { "CC", "000" },
    { "CC", "12A456" },
    { "CC", "79-123-456" },
    { "CC", "79,123,456" },
    { "CC", "7912.3456" },
    { "CC", "79..123.456" },
    { "CC", "79.123.45" },
    { "CC", ".79.123.456" },
    { "CC", "79.123.456." },
    { "CC", "79 123456" },
    { "CC", "５２１２３４５６" },
    { "CC", long_digits },
    /* TI: 10 or 11 digits */
    { "TI", "123456789" },
    { "TI", "101234567890" },
    { "TI", "10123456A7" },
    { "TI", "0000000000" },
    /* RC: a NUIP, or an older serial */
    { "RC", "12345" },
    { "RC", "A12345678901" },
    { "RC", "1012-345678" },
    { "RC", "A.123.456" },
    { "RC", "0000000000" },
    { "RC", long_digits },
    /* CN */
    { "CN", "1234567" },
    { "CN", "12345678901" },
    { "CN", "1234567A" },
    /* Foreign documents */
    { "CE", "12345678" },
    { "CE", "12-345" },
    { "PA", "AB12" },
    { "PA", "AB 123456" },
    { "PA", "AB-123456" },
    { "PA", "ÑB123456" },
    { "PA", long_letters },
    { "PE", "12345678901234" },
    { "PE", "1234567890123456" },
    { "PE", "12345678901234A" },
    { "PT", "1234" },
    { "PT", "123456789" },
    { "MS", "AB" },
    { "AS", "AS-11001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_autofree char *shown = describe (refused[i].number);

      g_test_message ("%s %s", refused[i].type, shown);
      ok = bie_validate_document (refused[i].type, refused[i].number, &error);
      assert_refused (ok, error, refused[i].number);
      g_assert_null (bie_normalize_document (refused[i].type, refused[i].number));
    }

  /* Invalid UTF-8 is refused, not read past. */
  g_assert_false (bie_validate_document ("PA", "AB\xff\xfe" "123", NULL));
}

/* Birth dates and ages */

static void
assert_birth (const char *birth_date,
              const char *type,
              GDate       on,
              gboolean    expected)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = bie_validate_birth_date (birth_date, type, &on, &error);
  g_autofree char *shown = describe (birth_date);

  g_test_message ("born %s, %s, on %04u-%02u-%02u: %s", shown, type,
                  g_date_get_year (&on), g_date_get_month (&on), g_date_get_day (&on),
                  expected ? "accepted" : "refused");
  if (expected)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      assert_refused (ok, error, birth_date);
    }
}

static void
test_birth_date (void)
{
  g_autofree char *long_date = repeat ('1', LONG_INPUT);

  assert_birth ("1985-04-12", NULL, today, TRUE);
  assert_birth ("1985-04-12", "CC", today, TRUE);
  assert_birth ("2026-06-15", NULL, today, TRUE);
  assert_birth ("2026-06-15", "CN", today, TRUE);

  /* Not a day of the calendar */
  assert_birth ("2023-02-30", NULL, today, FALSE);
  assert_birth ("2023-02-29", NULL, today, FALSE);
  assert_birth ("1900-02-29", NULL, today, FALSE);
  assert_birth ("2023-13-01", NULL, today, FALSE);
  assert_birth ("2023-00-10", NULL, today, FALSE);
  assert_birth ("2023-04-31", NULL, today, FALSE);
  assert_birth ("2023-4-3", NULL, today, FALSE);
  assert_birth ("03/04/2023", NULL, today, FALSE);
  assert_birth ("2023-04-03x", NULL, today, FALSE);
  assert_birth ("", NULL, today, FALSE);
  assert_birth (NULL, NULL, today, FALSE);
  assert_birth (long_date, NULL, today, FALSE);

  /* Leap days that exist */
  assert_birth ("2024-02-29", NULL, today, TRUE);
  assert_birth ("2000-02-29", "CC", today, TRUE);

  /* Not in the future */
  assert_birth ("2026-06-16", NULL, today, FALSE);
  assert_birth ("2027-01-01", "CN", today, FALSE);

  /* At most 120 years ago */
  assert_birth ("1906-06-15", "CC", today, TRUE);
  assert_birth ("1906-06-14", "CC", today, FALSE);
  assert_birth ("1904-02-29", "CC", make_day (2024, 2, 29), TRUE);
  assert_birth ("1904-02-29", "CC", make_day (2024, 3, 1), FALSE);

  /* A type the list does not know is the document check's business. */
  assert_birth ("1985-04-12", "XX", today, TRUE);
}

static void
test_birth_date_seven (void)
{
  /* Seven on 2026-06-15: RC until the day before, TI from the day. */
  assert_birth ("2019-06-15", "RC", make_day (2026, 6, 14), TRUE);
  assert_birth ("2019-06-15", "TI", make_day (2026, 6, 14), FALSE);
  assert_birth ("2019-06-15", "RC", make_day (2026, 6, 15), FALSE);
  assert_birth ("2019-06-15", "TI", make_day (2026, 6, 15), TRUE);
  assert_birth ("2019-06-15", "RC", make_day (2026, 6, 16), FALSE);
  assert_birth ("2019-06-15", "TI", make_day (2026, 6, 16), TRUE);

  /* Any minor may be a minor without identification. */
  assert_birth ("2019-06-15", "MS", make_day (2026, 6, 14), TRUE);
  assert_birth ("2019-06-15", "MS", make_day (2026, 6, 16), TRUE);
  assert_birth ("2019-06-15", "CC", make_day (2026, 6, 16), FALSE);
  assert_birth ("2019-06-15", "AS", make_day (2026, 6, 16), FALSE);

  /* Documents for any age */
  assert_birth ("2019-06-15", "PA", make_day (2026, 6, 14), TRUE);
  assert_birth ("2019-06-15", "PT", make_day (2026, 6, 16), TRUE);
  assert_birth ("1950-01-01", "PE", today, TRUE);
}

static void
test_birth_date_eighteen (void)
{
  /* Eighteen on 2026-06-15: TI and MS until the day before, CC and AS
   * from the day. */
  assert_birth ("2008-06-15", "TI", make_day (2026, 6, 14), TRUE);
  assert_birth ("2008-06-15", "MS", make_day (2026, 6, 14), TRUE);
  assert_birth ("2008-06-15", "CC", make_day (2026, 6, 14), FALSE);
  assert_birth ("2008-06-15", "AS", make_day (2026, 6, 14), FALSE);

  assert_birth ("2008-06-15", "TI", make_day (2026, 6, 15), FALSE);
  assert_birth ("2008-06-15", "MS", make_day (2026, 6, 15), FALSE);
  assert_birth ("2008-06-15", "CC", make_day (2026, 6, 15), TRUE);
  assert_birth ("2008-06-15", "AS", make_day (2026, 6, 15), TRUE);

  assert_birth ("2008-06-15", "TI", make_day (2026, 6, 16), FALSE);
  assert_birth ("2008-06-15", "CC", make_day (2026, 6, 16), TRUE);

  /* The end of the year counts, not the number of days. */
  assert_birth ("2007-12-31", "CC", make_day (2025, 12, 30), FALSE);
  assert_birth ("2007-12-31", "CC", make_day (2025, 12, 31), TRUE);
}

static void
test_birth_date_newborn (void)
{
  /* One year on 2026-06-15: no longer a certificate of live birth. */
  assert_birth ("2025-06-15", "CN", make_day (2026, 6, 14), TRUE);
  assert_birth ("2025-06-15", "CN", make_day (2026, 6, 15), FALSE);
  assert_birth ("2025-06-15", "RC", make_day (2026, 6, 15), TRUE);
}

static void
test_birth_date_leap_day (void)
{
  /* Born on 29 February 2008: eighteen on 28 February 2026, a common
   * year, the last day of that February. */
  assert_birth ("2008-02-29", "TI", make_day (2026, 2, 27), TRUE);
  assert_birth ("2008-02-29", "CC", make_day (2026, 2, 27), FALSE);
  assert_birth ("2008-02-29", "TI", make_day (2026, 2, 28), FALSE);
  assert_birth ("2008-02-29", "CC", make_day (2026, 2, 28), TRUE);
  assert_birth ("2008-02-29", "CC", make_day (2026, 3, 1), TRUE);

  /* Born on 29 February 2016: seven on 28 February 2023. */
  assert_birth ("2016-02-29", "RC", make_day (2023, 2, 27), TRUE);
  assert_birth ("2016-02-29", "RC", make_day (2023, 2, 28), FALSE);
  assert_birth ("2016-02-29", "TI", make_day (2023, 2, 28), TRUE);

  /* A first birthday: born 29 February 2020, one on 28 February 2021;
   * born 28 February or 1 March 2023, one on that day of 2024, a leap
   * year, whose 29 February changes nothing. */
  assert_birth ("2020-02-29", "CN", make_day (2021, 2, 27), TRUE);
  assert_birth ("2020-02-29", "CN", make_day (2021, 2, 28), FALSE);
  assert_birth ("2023-02-28", "CN", make_day (2024, 2, 27), TRUE);
  assert_birth ("2023-02-28", "CN", make_day (2024, 2, 28), FALSE);
  assert_birth ("2023-03-01", "CN", make_day (2024, 2, 29), TRUE);
  assert_birth ("2023-03-01", "CN", make_day (2024, 3, 1), FALSE);
}

/* Phones */

static void
test_phone (void)
{
  g_autofree char *long_digits = repeat ('3', LONG_INPUT);
  g_autofree char *long_spaces = repeat (' ', LONG_INPUT);
  const struct
  {
    const char *phone;
    const char *normalized;
  } accepted[] = {
    { "3001234567", "3001234567" },
    { "300 123 4567", "3001234567" },
    { "300-123-4567", "3001234567" },
    { "(300) 123.4567", "3001234567" },
    { " 3001234567 ", "3001234567" },
    { "+57 300 123 4567", "3001234567" },
    { "+573001234567", "3001234567" },
    { "573001234567", "3001234567" },
    { "57 (300) 123-4567", "3001234567" },
    { "6012345678", "6012345678" },
    { "601 234 5678", "6012345678" },
    { "(601) 2345678", "6012345678" },
    { "+57 (601) 234-5678", "6012345678" },
    { "6045551234", "6045551234" },
    { "6085551234", "6085551234" },
  };
  const char *refused[] = {
    NULL,
    "",
    "   ",
    "2345678",          /* a landline from before 2021 */
    "300123456",        /* nine digits */
    "30012345678",      /* eleven */
    "1234567890",       /* neither mobile nor landline */
    "5730012345",       /* ten digits: 57 is no prefix here */
    "7001234567",
    "6001234567",       /* no such area */
    "6031234567",
    "6091234567",
    "+1 202 555 0100",  /* not Colombian */
    "+58 412 1234567",
    "+57",
    "+57 2345678",
    "++573001234567",
    "3001234567+",
    "300 123 456a",
    "300_123_4567",
    "300/123/4567",
    "３００１２３４５６７",
    "0573001234567",
    long_digits,
    long_spaces,
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_autofree char *shown = describe (accepted[i].phone);

      g_test_message ("%s", shown);
      g_assert_true (bie_validate_phone (accepted[i].phone, &error));
      g_assert_no_error (error);
      normalized = bie_normalize_phone (accepted[i].phone);
      g_assert_cmpstr (normalized, ==, accepted[i].normalized);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_autofree char *shown = describe (refused[i]);

      g_test_message ("%s", shown);
      ok = bie_validate_phone (refused[i], &error);
      assert_refused (ok, error, refused[i]);
      g_assert_null (bie_normalize_phone (refused[i]));
    }
}

/* Dates */

static void
test_date (void)
{
  g_autofree char *long_date = repeat ('2', LONG_INPUT);
  const char *malformed[] = {
    NULL, "", " ", "2023-02-30", "2023-02-29", "2023-13-01", "2023-00-10", "2023-01-00",
    "2023-01-32", "2023-1-01", "2023/01/01", "20230101", "01-02-2023", " 2023-01-01",
    "2023-01-01 ", "2023-01-01T10:00:00Z", "año-01-01", "1899-12-31", "0001-01-01",
    long_date,
  };
  GDate leap = make_day (2024, 2, 29);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_autofree char *shown = describe (malformed[i]);

      g_test_message ("%s", shown);
      ok = bie_validate_date (malformed[i], TRUE, &today, &error);
      assert_refused (ok, error, NULL);
    }

  g_assert_true (bie_validate_date ("2024-02-29", FALSE, &today, NULL));
  g_assert_true (bie_validate_date ("2024-02-29", FALSE, &leap, NULL));
  g_assert_true (bie_validate_date ("1900-01-01", FALSE, &today, NULL));
  g_assert_true (bie_validate_date ("2026-06-15", FALSE, &today, NULL));

  /* The future, when it is allowed */
  g_assert_false (bie_validate_date ("2026-06-16", FALSE, &today, NULL));
  g_assert_true (bie_validate_date ("2026-06-16", TRUE, &today, NULL));
  g_assert_false (bie_validate_date ("2024-03-01", FALSE, &leap, NULL));

  /* Without a day to judge by, today is today. */
  g_assert_true (bie_validate_date ("1990-01-01", FALSE, NULL, NULL));
  g_assert_false (bie_validate_date ("2999-01-01", FALSE, NULL, NULL));
  g_assert_true (bie_validate_date ("2999-01-01", TRUE, NULL, NULL));
}

/* Records: each fixture is valid on `today`; each case changes some
 * columns ("column=value;column=value"; @null for NULL, @long:c for ten
 * thousand c) and says which column the refusal names, or NULL if the
 * record stays valid. */

typedef struct
{
  const char *changes;
  const char *field;
} Case;

static char *
case_value (const char *value)
{
  if (g_str_equal (value, "@null"))
    return NULL;
  if (g_str_has_prefix (value, "@long:"))
    return repeat (value[6], LONG_INPUT);

  return g_strdup (value);
}

static const char *
apply_changes (BieEntity   entity,
               gpointer    record,
               const char *changes)
{
  const BieEntityInfo *info = bie_entity_info (entity);
  g_auto(GStrv) assignments = g_strsplit (changes, ";", -1);
  const char *secret = NULL;

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (assignments[i], "=", 2);
      const BieField *field;
      gpointer value;

      if (*assignments[i] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (pair), ==, 2);
      field = bie_entity_find_field (info, pair[0]);
      g_assert_nonnull (field);
      value = BIE_FIELD_PTR (record, field);

      switch (field->type)
        {
        case BIE_FIELD_TEXT:
          g_free (*(char **) value);
          *(char **) value = case_value (pair[1]);
          /* What a person typed about themselves never shows in a message. */
          if (g_strv_contains ((const char * const[]) { "document_number", "given_names",
                                                         "family_names", "phone", "address",
                                                         "notes", "status_reason", NULL }, pair[0]))
            secret = *(char **) value;
          break;
        case BIE_FIELD_INT:
        case BIE_FIELD_REF:
          *(gint64 *) value = g_ascii_strtoll (pair[1], NULL, 10);
          break;
        case BIE_FIELD_REAL:
          *(double *) value = g_ascii_strtod (pair[1], NULL);
          break;
        case BIE_FIELD_BOOL:
        default:
          g_assert_not_reached ();
        }
    }

  return secret;
}

static void
run_cases (BieEntity   entity,
           const char *fixture,
           const Case *cases,
           gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      gpointer record = bie_record_new (entity);
      g_autoptr(GError) error = NULL;
      const char *field = "unset";
      const char *secret;
      gboolean ok;

      apply_changes (entity, record, fixture);
      secret = apply_changes (entity, record, cases[i].changes);
      g_autofree char *shown = g_strescape (cases[i].changes, NULL);

      g_test_message ("%s: %s", bie_entity_info (entity)->table, shown);

      ok = bie_validate_record (entity, record, &today, &field, &error);
      if (cases[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_null (field);
        }
      else
        {
          assert_refused (ok, error, secret);
          g_assert_cmpstr (field, ==, cases[i].field);
        }

      bie_record_free (entity, record);
    }
}

#define PERSON "household_id=1;document_type=CC;document_number=52.123.456;" \
               "given_names=María José;family_names=Rodríguez Peña;sex=F;" \
               "birth_date=1985-04-12;eps_code=EPSS34;regimen=subsidiado;" \
               "phone=300 123 4567;relationship=head"

static void
test_person (void)
{
  const Case cases[] = {
    { "", NULL },
    { "eps_code=@null;regimen=@null;phone=@null", NULL },
    { "eps_code=;regimen=;phone=", NULL },
    { "regimen=no-afiliado;eps_code=@null", NULL },
    { "regimen=contributivo;eps_code=EPS037", NULL },
    { "phone=+57 601 234 5678", NULL },
    { "document_type=TI;document_number=1012345678;birth_date=2012-01-20;relationship=child",
      NULL },
    { "document_type=RC;document_number=1234567890;birth_date=2024-02-29;relationship=grandchild",
      NULL },
    { "document_type=CN;document_number=12345678;birth_date=2026-06-01;sex=I", NULL },
    { "document_type=PT;document_number=4567890;birth_date=1990-07-01", NULL },
    /* Required */
    { "household_id=0", "household_id" },
    { "document_type=@null", "document_type" },
    { "document_number=", "document_number" },
    { "given_names=@null", "given_names" },
    { "given_names=   ", "given_names" },
    { "family_names=", "family_names" },
    { "sex=@null", "sex" },
    { "birth_date=@null", "birth_date" },
    { "relationship=", "relationship" },
    /* Text */
    { "given_names=@long:a", "given_names" },
    { "family_names=Rodríguez\nPeña", "family_names" },
    { "given_names=Ana\tMaría", "given_names" },
    { "family_names=Rodr\xc3", "family_names" },
    /* Document */
    { "document_type=XX", "document_type" },
    { "document_number=52-123-456", "document_number" },
    { "document_number=0052123456", "document_number" },
    { "document_number=@long:5", "document_number" },
    { "document_type=TI;document_number=1012345678", "document_type" },
    { "document_type=RC;document_number=1012345678", "document_type" },
    { "document_type=MS;document_number=11001123", "document_type" },
    { "document_type=CC;birth_date=2010-01-01", "document_type" },
    /* Birth date */
    { "birth_date=2026-06-16", "birth_date" },
    { "birth_date=1985-02-29", "birth_date" },
    { "birth_date=12/04/1985", "birth_date" },
    { "birth_date=1900-01-01", "birth_date" },
    { "birth_date=@long:1", "birth_date" },
    /* Reference lists */
    { "sex=X", "sex" },
    { "sex=f", "sex" },
    { "relationship=cousin", "relationship" },
    { "eps_code=EPS999", "eps_code" },
    { "regimen=privado", "regimen" },
    { "regimen=no-afiliado", "eps_code" },
    /* Phone */
    { "phone=2345678", "phone" },
    { "phone=300 123 45", "phone" },
    { "phone=@long:3", "phone" },
  };

  run_cases (BIE_ENTITY_PERSON, PERSON, cases, G_N_ELEMENTS (cases));
}

static void
test_person_direct (void)
{
  BiePerson *person = bie_record_new (BIE_ENTITY_PERSON);
  g_autoptr(GError) error = NULL;
  const char *field = "unset";

  apply_changes (BIE_ENTITY_PERSON, person, PERSON);

  g_assert_true (bie_validate_person (person, &today, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_true (bie_validate_person (person, NULL, NULL, NULL));

  g_free (person->sex);
  person->sex = g_strdup ("Q");
  g_assert_false (bie_validate_person (person, &today, NULL, NULL));
  g_assert_false (bie_validate_person (person, &today, &field, NULL));
  g_assert_cmpstr (field, ==, "sex");

  bie_record_free (BIE_ENTITY_PERSON, person);
}

#define HOUSEHOLD "sector_id=12;address=Calle 48 Sur # 5-20 Este;lon=-74.1;lat=4.55;stratum=2"

static void
test_household (void)
{
  const Case cases[] = {
    { "", NULL },
    { "lon=0;lat=0;stratum=0", NULL },
    { "stratum=6", NULL },
    { "lon=-74.15;lat=3.80", NULL },  /* Sumapaz */
    { "sector_id=0", "sector_id" },
    { "address=", "address" },
    { "address=@null", "address" },
    { "address=@long:x", "address" },
    { "address=Calle 48\nSur", "address" },
    { "stratum=7", "stratum" },
    { "stratum=-1", "stratum" },
    { "lon=-75.57;lat=6.25", "lon" },  /* Medellín */
    { "lon=74.1", "lon" },
    { "lat=-4.55", "lat" },
    { "lon=-74.1;lat=0", "lat" },
    { "lon=nan", "lon" },
  };

  run_cases (BIE_ENTITY_HOUSEHOLD, HOUSEHOLD, cases, G_N_ELEMENTS (cases));
}

#define RISK "household_id=3;person_id=0;code=housing;status=identified;identified_on=2026-05-01"

static void
test_risk (void)
{
  const Case cases[] = {
    { "", NULL },
    { "code=pregnancy-no-prenatal-control;person_id=9", NULL },
    { "status=managed;managed_on=2026-05-01", NULL },
    { "status=managed;managed_on=2026-06-15", NULL },
    { "status=closed;closed_on=2026-05-01", NULL },
    { "status=closed;managed_on=2026-05-10;closed_on=2026-06-15", NULL },
    { "notes=First line.\nSecond line.\n\tIndented.", NULL },
    /* Required */
    { "household_id=0", "household_id" },
    { "code=", "code" },
    { "status=@null", "status" },
    { "identified_on=", "identified_on" },
    /* Code and level */
    { "code=flood", "code" },
    { "code=pregnancy", "person_id" },
    { "code=caregiver-burden;person_id=0", "person_id" },
    { "code=housing;person_id=9", "person_id" },
    { "code=food-insecurity;person_id=4", "person_id" },
    /* Status and dates */
    { "status=open", "status" },
    { "status=Closed;closed_on=2026-05-02", "status" },
    { "identified_on=2026-06-16", "identified_on" },
    { "identified_on=2026-02-30", "identified_on" },
    { "identified_on=@long:2", "identified_on" },
    { "status=managed;managed_on=2026-04-30", "managed_on" },
    { "status=managed;managed_on=2026-06-16", "managed_on" },
    { "status=closed;closed_on=2026-04-30", "closed_on" },
    { "status=closed;managed_on=2026-05-10;closed_on=2026-05-09", "closed_on" },
    { "status=closed", "closed_on" },
    { "status=closed;closed_on=", "closed_on" },
    { "status=managed;closed_on=2026-05-02", "closed_on" },
    { "notes=@long:n", "notes" },
    { "notes=Bell\a", "notes" },
  };

  run_cases (BIE_ENTITY_RISK, RISK, cases, G_N_ELEMENTS (cases));
}

#define ENCOUNTER "household_id=3;professional_id=2;kind=home-visit;date=2026-06-15T14:30:00Z"

static void
test_encounter (void)
{
  const Case cases[] = {
    { "", NULL },
    { "kind=work-session", NULL },
    { "kind=call;professional_id=0", NULL },
    { "date=2026-06-15", NULL },
    { "date=2026-06-15T09:30:00-05:00", NULL },
    { "date=2026-06-14T23:59:59.250Z", NULL },
    /* 20:00 in Bogotá on the 15th is already the 16th in UTC. */
    { "date=2026-06-16T01:00:00Z", NULL },
    { "participants=8f4e2f0a-6d0b-4c1e-9a8e-0d2b1f3c4a5b", NULL },
    { "participants=8f4e2f0a-6d0b-4c1e-9a8e-0d2b1f3c4a5b, "
      "1b7d8e2c-3f4a-4b5c-8d6e-7f8091a2b3c4", NULL },
    /* Required */
    { "household_id=0", "household_id" },
    { "kind=", "kind" },
    { "date=@null", "date" },
    /* Kind */
    { "kind=visit", "kind" },
    { "kind=Home-visit", "kind" },
    /* Date */
    { "date=2026-06-16", "date" },
    { "date=2026-06-16T06:00:00Z", "date" },
    { "date=2026-06-16T00:30:00-05:00", "date" },
    { "date=2026-06-15T14:30:00", "date" },
    { "date=2026-06-15 14:30:00Z", "date" },
    { "date=2026-02-30T10:00:00Z", "date" },
    { "date=2026-06-15T25:00:00Z", "date" },
    { "date=1899-12-31T10:00:00Z", "date" },
    { "date=yesterday", "date" },
    { "date=@long:2", "date" },
    /* Participants */
    { "participants=not-a-uuid", "participants" },
    { "participants=8f4e2f0a-6d0b-4c1e-9a8e-0d2b1f3c4a5b,,", "participants" },
    { "notes=@long:n", "notes" },
  };

  run_cases (BIE_ENTITY_ENCOUNTER, ENCOUNTER, cases, G_N_ELEMENTS (cases));
}

#define APPOINTMENT "household_id=3;person_id=9;service=prenatal-control;barrier=administrative;" \
                    "requested_on=2026-05-02;outcome=pending"

static void
test_appointment (void)
{
  const Case cases[] = {
    { "", NULL },
    { "barrier=@null", NULL },
    { "outcome=assigned;assigned_on=2026-05-02", NULL },
    { "outcome=assigned;assigned_on=2026-07-20", NULL },
    { "outcome=attended;assigned_on=2026-05-20;attended_on=2026-06-15", NULL },
    { "outcome=attended;assigned_on=2026-05-20;attended_on=2026-05-20", NULL },
    { "outcome=attended;attended_on=2026-05-20", NULL },
    { "outcome=missed;assigned_on=2026-05-20", NULL },
    { "outcome=cancelled", NULL },
    /* Required */
    { "household_id=0", "household_id" },
    { "person_id=0", "person_id" },
    { "service=", "service" },
    { "requested_on=@null", "requested_on" },
    { "outcome=", "outcome" },
    /* Lists */
    { "service=cardiology", "service" },
    { "barrier=weather", "barrier" },
    { "outcome=done", "outcome" },
    /* Dates */
    { "requested_on=2026-06-16", "requested_on" },
    { "requested_on=2026-13-01", "requested_on" },
    { "outcome=assigned;assigned_on=2026-05-01", "assigned_on" },
    { "outcome=assigned;assigned_on=2026-05-02x", "assigned_on" },
    { "outcome=attended;assigned_on=2026-05-20;attended_on=2026-05-19", "attended_on" },
    { "outcome=attended;attended_on=2026-05-01", "attended_on" },
    { "outcome=attended;assigned_on=2026-06-16;attended_on=2026-06-17", "attended_on" },
    /* Outcome and dates agree */
    { "outcome=assigned", "assigned_on" },
    { "outcome=attended;assigned_on=2026-05-20", "attended_on" },
    { "outcome=missed;assigned_on=2026-05-20;attended_on=2026-05-20", "attended_on" },
    { "attended_on=2026-05-20", "attended_on" },
    { "notes=@long:n", "notes" },
  };

  run_cases (BIE_ENTITY_APPOINTMENT, APPOINTMENT, cases, G_N_ELEMENTS (cases));
}

static void
test_other_kinds (void)
{
  const Case professional[] = {
    { "", NULL },
    { "profession=chef", "profession" },
    { "document_type=ZZ", "document_type" },
    { "document_number=12AB", "document_number" },
    { "name=@long:n", "name" },
  };
  const Case care_plan[] = {
    { "", NULL },
    { "agreed_on=@null", NULL },
    { "status=open", "status" },
    { "agreed_on=2026-06-16", "agreed_on" },
  };
  const Case goal[] = {
    { "", NULL },
    { "target_date=2027-01-31", NULL },
    { "status=done", "status" },
    { "target_date=2027-02-29", "target_date" },
    { "description=@long:d", "description" },
  };
  const Case activity[] = {
    { "", NULL },
    { "start_date=2026-07-01;end_date=2026-07-01", NULL },
    { "start_date=@null;end_date=2026-07-01", NULL },
    { "kind=dancing", "kind" },
    { "status=maybe", "status" },
    { "start_date=2026-07-02;end_date=2026-07-01", "end_date" },
    { "start_date=@null;end_date=@null", NULL },
    /* Why it did not happen */
    { "status=done", NULL },
    { "status=not-done;status_reason=La familia no estaba", NULL },
    { "status=cancelled;status_reason=Se trasladaron a Soacha", NULL },
    { "status=not-done", "status_reason" },
    { "status=not-done;status_reason=", "status_reason" },
    { "status=cancelled;status_reason= \t ", "status_reason" },
    { "status=cancelled;status_reason=@null", "status_reason" },
    { "status=cancelled;status_reason=@long:r", "status_reason" },
  };
  const Case vaccination[] = {
    { "", NULL },
    { "dose=0;date=@null;status=not-done", NULL },
    { "vaccine=smallpox", "vaccine" },
    { "status=done", "status" },
    { "date=2026-06-16", "date" },
    { "dose=11", "dose" },
    { "dose=-1", "dose" },
  };
  const Case territory[] = {
    { "", NULL },
    { "code=", "code" },
    { "name=@null", "name" },
    { "name=Usa\nquén", "name" },
  };

  run_cases (BIE_ENTITY_PROFESSIONAL,
             "document_type=CC;document_number=1020304050;name=Luz Dary Gómez;profession=nurse",
             professional, G_N_ELEMENTS (professional));
  run_cases (BIE_ENTITY_CARE_PLAN, "household_id=3;status=active;agreed_on=2026-06-01",
             care_plan, G_N_ELEMENTS (care_plan));
  run_cases (BIE_ENTITY_GOAL, "plan_id=1;description=Prenatal control;status=active",
             goal, G_N_ELEMENTS (goal));
  run_cases (BIE_ENTITY_ACTIVITY,
             "plan_id=1;kind=home-visit;status=planned;start_date=2026-07-01;end_date=2026-07-31",
             activity, G_N_ELEMENTS (activity));
  run_cases (BIE_ENTITY_VACCINATION,
             "person_id=9;vaccine=pentavalent;dose=2;date=2026-06-10;status=completed",
             vaccination, G_N_ELEMENTS (vaccination));
  run_cases (BIE_ENTITY_LOCALIDAD, "code=01;name=Usaquén;subred_id=1",
             territory, G_N_ELEMENTS (territory));
}

/* Every required field of every kind is refused when missing, and every
 * text field when too long, with a message that names the field as a
 * person would (a label, not the column). */
static void
test_every_field (void)
{
  for (BieEntity e = 0; e < BIE_N_ENTITIES; e++)
    {
      const BieEntityInfo *info = bie_entity_info (e);

      for (guint i = 0; i < info->n_fields; i++)
        {
          const BieField *target = &info->fields[i];
          gpointer record = bie_record_new (e);
          g_autoptr(GError) error = NULL;
          const char *field = NULL;
          gboolean ok;

          if (!target->required && (target->type != BIE_FIELD_TEXT ||
                                    g_str_equal (target->name, "geometry")))
            {
              bie_record_free (e, record);
              continue;
            }

          /* Fill every required field, then spoil the target. */
          for (guint j = 0; j < info->n_fields; j++)
            {
              const BieField *f = &info->fields[j];

              if (!f->required)
                continue;
              if (f->type == BIE_FIELD_TEXT)
                *(char **) BIE_FIELD_PTR (record, f) = g_strdup ("x");
              else
                *(gint64 *) BIE_FIELD_PTR (record, f) = 1;
            }
          if (target->required && target->type == BIE_FIELD_TEXT)
            g_clear_pointer ((char **) BIE_FIELD_PTR (record, target), g_free);
          else if (target->required)
            *(gint64 *) BIE_FIELD_PTR (record, target) = 0;
          else
            *(char **) BIE_FIELD_PTR (record, target) = repeat ('x', LONG_INPUT);

          ok = bie_validate_record (e, record, &today, &field, &error);
          g_test_message ("%s.%s", info->table, target->name);
          assert_refused (ok, error, NULL);
          g_assert_cmpstr (field, ==, target->name);
          g_assert_null (strchr (error->message, '_'));

          bie_record_free (e, record);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Moments count on their day in Bogotá. */
  g_setenv ("TZ", "America/Bogota", TRUE);
  g_test_init (&argc, &argv, NULL);

  today = make_day (2026, 6, 15);

  g_test_add_func ("/validation/document/accepted", test_document_accepted);
  g_test_add_func ("/validation/document/refused", test_document_refused);
  g_test_add_func ("/validation/birth-date/calendar", test_birth_date);
  g_test_add_func ("/validation/birth-date/seven", test_birth_date_seven);
  g_test_add_func ("/validation/birth-date/eighteen", test_birth_date_eighteen);
  g_test_add_func ("/validation/birth-date/newborn", test_birth_date_newborn);
  g_test_add_func ("/validation/birth-date/leap-day", test_birth_date_leap_day);
  g_test_add_func ("/validation/phone", test_phone);
  g_test_add_func ("/validation/date", test_date);
  g_test_add_func ("/validation/person", test_person);
  g_test_add_func ("/validation/person/direct", test_person_direct);
  g_test_add_func ("/validation/household", test_household);
  g_test_add_func ("/validation/risk", test_risk);
  g_test_add_func ("/validation/encounter", test_encounter);
  g_test_add_func ("/validation/appointment", test_appointment);
  g_test_add_func ("/validation/other-kinds", test_other_kinds);
  g_test_add_func ("/validation/every-field", test_every_field);

  return g_test_run ();
}
