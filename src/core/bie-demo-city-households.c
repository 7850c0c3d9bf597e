/* bie-demo-city-households.c: the demo city's households and all that belongs to them
 *
 * Each household is drawn for its risks, plan and appointment first (by
 * bie-demo-city.c, to exact quotas), then made to fit: its members with
 * ages, names and documents consistent with one another, its risks, its
 * family care plan, the encounters with the team, a managed appointment
 * and the vaccination cards of its children under five.
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-demo-city"

#include "config.h"

#include <string.h>

#include "bie-demo-city-private.h"

#define MAX_MEMBERS 12
#define MAX_RISKS   6
#define MAX_GOALS   3

/* Who was born from 1986 on got a cédula in 2004 or later. */
#define DAY_1986_01_01 5844

typedef enum
{
  REL_HEAD,
  REL_SPOUSE,
  REL_CHILD,
  REL_PARENT,
  REL_SIBLING,
  REL_GRANDCHILD,
  REL_OTHER_RELATIVE,
  REL_NON_RELATIVE,
} Relationship;

static const char *const relationship_codes[] = {
  "head", "spouse", "child", "parent", "sibling", "grandchild", "other-relative", "non-relative",
};

typedef enum
{
  DOC_RC,
  DOC_TI,
  DOC_CC,
  DOC_CE,
  DOC_PPT,
} DocumentType;

static const char *const document_codes[] = { "RC", "TI", "CC", "CE", "PT" };  /* PT: the PPT, as RIPS codes it */

/* Counters that document numbers are derived from, so that they are
 * unique in the whole city. */
enum
{
  SERIES_RC,
  SERIES_TI,
  SERIES_CC_NUIP,    /* issued from 2004 on: ten digits */
  SERIES_CC_FEMALE,  /* earlier: eight digits */
  SERIES_CC_MALE,
  SERIES_CC_MORE,    /* when the eight-digit ranges are used up */
  SERIES_CE,
  SERIES_PPT,
  N_SERIES
};

G_STATIC_ASSERT (N_SERIES <= G_N_ELEMENTS (((BieDemoGenerator *) NULL)->series));

typedef enum
{
  REGIMEN_CONTRIBUTIVO,
  REGIMEN_SUBSIDIADO,
  REGIMEN_ESPECIAL,
  REGIMEN_NO_AFILIADO,
} Regimen;

static const char *const regimen_codes[] = {
  "contributivo", "subsidiado", "especial", "no-afiliado",
};

typedef enum
{
  RISK_PREGNANCY,
  RISK_NO_CONTROL,
  RISK_VACCINATION,
  RISK_MENTAL_HEALTH,
  RISK_CAREGIVER,
  RISK_HOUSING,
  N_RISK_KINDS
} RiskKind;

typedef enum
{
  ACT_PRENATAL,
  ACT_VACCINATION,
  ACT_GROWTH,
  ACT_PSYCHOLOGY,
  ACT_RESPITE,
  ACT_NUTRITION,
  ACT_CHRONIC,
  ACT_EDUCATION,
  ACT_APPOINTMENT,
  ACT_HOME_VISIT,
  ACT_WORK_SESSION,
} ActivityKind;

static const struct
{
  const char *code;
  BieDemoProfession  profession;  /* who usually does it */
  gboolean    family;      /* for the whole family rather than one member */
} activity_kinds[] = {
  { "prenatal-control", BIE_DEMO_NURSE, FALSE },
  { "vaccination", BIE_DEMO_NURSING_ASSISTANT, FALSE },
  { "growth-monitoring", BIE_DEMO_NURSE, FALSE },
  { "psychology-session", BIE_DEMO_PSYCHOLOGIST, FALSE },
  { "caregiver-respite", BIE_DEMO_SOCIAL_WORKER, FALSE },
  { "nutrition-follow-up", BIE_DEMO_NUTRITIONIST, FALSE },
  { "chronic-control", BIE_DEMO_PHYSICIAN, FALSE },
  { "health-education", BIE_DEMO_HEALTH_WORKER, TRUE },
  { "appointment-management", BIE_DEMO_HEALTH_WORKER, FALSE },
  { "home-visit", BIE_DEMO_HEALTH_WORKER, TRUE },
  { "work-session", BIE_DEMO_HEALTH_WORKER, TRUE },
};

/* Goal descriptions and plan texts are data in Spanish, as the district's
 * teams write them; they are not user interface. */
typedef struct
{
  const char *code;
  guint8      status[3];   /* identified, managed, closed: percent, after the first weeks */
  const char *goal;
  guint8      kinds[3];
} RiskInfo;

static const RiskInfo risk_infos[N_RISK_KINDS] = {
  { "pregnancy", { 10, 60, 30 },
    "Mantener la adherencia de la gestante a la Ruta Materno Perinatal",
    { ACT_PRENATAL, ACT_NUTRITION, ACT_HOME_VISIT } },
  /* 94 % of them were brought into the Ruta Materno Perinatal */
  { "pregnancy-no-prenatal-control", { 6, 64, 30 },
    "Vincular a la gestante a controles prenatales",
    { ACT_PRENATAL, ACT_APPOINTMENT, ACT_HOME_VISIT } },
  { "child-incomplete-vaccination", { 8, 22, 70 },
    "Completar el esquema de vacunación del menor de cinco años",
    { ACT_VACCINATION, ACT_GROWTH, ACT_HOME_VISIT } },
  { "mental-health", { 15, 60, 25 },
    "Fortalecer las redes de apoyo y el afrontamiento familiar",
    { ACT_PSYCHOLOGY, ACT_WORK_SESSION, ACT_HOME_VISIT } },
  /* 98 % of the caregivers had a lower burden */
  { "caregiver-burden", { 2, 58, 40 },
    "Reducir la carga física y emocional de la persona cuidadora",
    { ACT_RESPITE, ACT_PSYCHOLOGY, ACT_WORK_SESSION } },
  { "housing", { 20, 55, 25 },
    "Mejorar las condiciones de la vivienda y reducir la exposición a contaminantes",
    { ACT_EDUCATION, ACT_WORK_SESSION, ACT_HOME_VISIT } },
};

enum
{
  GOAL_HABITS,
  GOAL_ACCESS,
  GOAL_CHRONIC,
  GOAL_GROWTH,   /* only where there are children */
};

static const struct
{
  const char *description;
  guint8      kinds[3];
} generic_goals[] = {
  { "Promover hábitos de vida saludable en la familia",
    { ACT_EDUCATION, ACT_NUTRITION, ACT_WORK_SESSION } },
  { "Garantizar el acceso oportuno a los servicios de salud",
    { ACT_APPOINTMENT, ACT_HOME_VISIT, ACT_APPOINTMENT } },
  { "Controlar las enfermedades crónicas de la familia",
    { ACT_CHRONIC, ACT_APPOINTMENT, ACT_NUTRITION } },
  { "Acompañar el crecimiento y desarrollo de niñas y niños",
    { ACT_GROWTH, ACT_NUTRITION, ACT_VACCINATION } },
};

static const char *const not_done_reasons[] = {
  "La familia no se encontraba en la vivienda",
  "La persona no asistió a la cita",
  "Reprogramada a solicitud de la familia",
};

static const char *const cancelled_reasons[] = {
  "Cambio de domicilio",
  "La familia no aceptó la actividad",
  "Resuelta por otra ruta de atención",
};

/* Colombia's vaccination schedule (PAI) up to the age of five. */
static const struct
{
  const char *vaccine;
  guint8      dose;
  guint16     age_days;
} schedule[] = {
  { "bcg", 1, 0 }, { "hepatitis-b", 1, 0 },
  { "pentavalent", 1, 60 }, { "polio-inactivated", 1, 60 },
  { "rotavirus", 1, 60 }, { "pneumococcal", 1, 60 },
  { "pentavalent", 2, 120 }, { "polio-inactivated", 2, 120 },
  { "rotavirus", 2, 120 }, { "pneumococcal", 2, 120 },
  { "pentavalent", 3, 180 }, { "polio-inactivated", 3, 180 }, { "influenza", 1, 180 },
  { "influenza", 2, 210 },
  { "mmr", 1, 365 }, { "pneumococcal", 3, 365 }, { "hepatitis-a", 1, 365 }, { "varicella", 1, 365 },
  { "yellow-fever", 1, 540 }, { "pentavalent", 4, 540 }, { "polio-inactivated", 4, 540 },
  { "mmr", 2, 540 },
};

static const char *
given_name (BieRng   *rng,
            gboolean  female)
{
  if (female)
    return bie_demo_female_names[bie_rng_below (rng, bie_demo_n_female_names)];

  return bie_demo_male_names[bie_rng_below (rng, bie_demo_n_male_names)];
}

static const char *
family_name (BieRng *rng)
{
  return bie_demo_family_names[bie_rng_below (rng, bie_demo_n_family_names)];
}

static char *
given_names (BieRng   *rng,
             gboolean  female,
             guint     two_percent)
{
  const char *first = given_name (rng, female);
  const char *second;

  if (!bie_rng_percent (rng, two_percent))
    return g_strdup (first);
  second = given_name (rng, female);
  if (second == first)
    return g_strdup (first);

  return g_strconcat (first, " ", second, NULL);
}

/* A document number, unique for its type in the whole city: each is
 * derived from a counter (a random step below the stride keeps it from
 * looking sequential), with the digits the type has. */
static char *
document_number (BieDemoGenerator *gen,
                 DocumentType      type,
                 gint              birth,
                 gboolean          female)
{
  static const guint female_prefixes[] = { 20, 35, 39, 41, 51, 52, 53 };
  static const guint male_prefixes[] = { 17, 19, 79, 80, 91, 93 };
  BieRng *rng = &gen->rng;
  guint64 number;

  switch (type)
    {
    case DOC_RC:
      number = 1030000000 + gen->series[SERIES_RC]++ * 23 + bie_rng_below (rng, 23);
      break;

    case DOC_TI:
      number = 1020000000 + gen->series[SERIES_TI]++ * 23 + bie_rng_below (rng, 23);
      break;

    case DOC_CC:
      /* Since 2004 a cédula has the ten-digit NUIP; before, eight digits
       * with a prefix by place of issue. */
      if (birth >= DAY_1986_01_01)
        {
          number = 1000000000 + gen->series[SERIES_CC_NUIP]++ * 23 + bie_rng_below (rng, 23);
        }
      else
        {
          const guint *prefixes = female ? female_prefixes : male_prefixes;
          guint n_prefixes = female ? G_N_ELEMENTS (female_prefixes) : G_N_ELEMENTS (male_prefixes);
          guint64 count = gen->series[female ? SERIES_CC_FEMALE : SERIES_CC_MALE]++;
          guint64 step = count / n_prefixes;

          if (step * 13 + 12 < 1000000)
            number = prefixes[count % n_prefixes] * G_GUINT64_CONSTANT (1000000) +
                     step * 13 + bie_rng_below (rng, 13);
          else
            number = 1500000000 + gen->series[SERIES_CC_MORE]++ * 23 + bie_rng_below (rng, 23);
        }
      break;

    case DOC_CE:
      number = 1000000 + gen->series[SERIES_CE]++ * 3 + bie_rng_below (rng, 3);
      break;

    case DOC_PPT:
      number = 4000000 + gen->series[SERIES_PPT]++ * 3 + bie_rng_below (rng, 3);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_strdup_printf ("%" G_GUINT64_FORMAT, number);
}

/**
 * bie_demo_full_name:
 *
 * Returns: (transfer full): given names and two family names
 */
char *
bie_demo_full_name (BieRng   *rng,
                    gboolean  female)
{
  g_autofree char *given = given_names (rng, female, 35);
  const char *family1 = family_name (rng);
  const char *family2 = family_name (rng);

  return g_strconcat (given, " ", family1, " ", family2, NULL);
}

/**
 * bie_demo_cc_number:
 *
 * Returns: (transfer full): a cédula number, unique in the city
 */
char *
bie_demo_cc_number (BieDemoGenerator *gen,
                    gint              birth,
                    gboolean          female)
{
  return document_number (gen, DOC_CC, birth, female);
}

/* A Colombian mobile number: ten digits, starting with 3. */
static char *
phone_text (BieRng *rng)
{
  static const guint operators[] = {
    0, 1, 2, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 50, 51,
  };
  guint op = BIE_RNG_PICK (rng, operators);
  guint line = bie_rng_below (rng, 10000000);

  return g_strdup_printf ("3%02u%07u", op, line);
}

/* Households */

typedef struct
{
  BiePerson    *person;
  gint          birth;
  guint         age;
  gboolean      female;
  Relationship  relationship;
  const char   *family1;
  const char   *family2;
} Member;

typedef struct
{
  BieRisk  *risk;
  RiskKind  kind;
  Member   *person;
  gint      identified;
  gint      closed;     /* 0 while open */
} Risk;

typedef struct
{
  const BieDemoSector *sector;
  const BieDemoTeam   *team;
  BieHousehold        *household;
  Member               members[MAX_MEMBERS];
  guint                n_members;
  gboolean             migrant;
  guint                stratum;
  gint                 characterised;   /* day of the first home visit */
  gboolean             drawn[N_RISK_KINDS];
  gboolean             plan;
  gboolean             appointment;
  Risk                 risks[MAX_RISKS];
  guint                n_risks;
} Home;

static const guint16 size_weights[] = { 0, 13, 21, 24, 21, 12, 6, 2, 1 };

static const struct
{
  guint8  lo, hi;
  guint16 weight;
} head_ages[] = {
  { 18, 24, 5 }, { 25, 29, 8 }, { 30, 34, 10 }, { 35, 39, 11 }, { 40, 44, 11 }, { 45, 49, 11 },
  { 50, 54, 11 }, { 55, 59, 10 }, { 60, 64, 8 }, { 65, 69, 6 }, { 70, 74, 4 }, { 75, 79, 3 },
  { 80, 92, 2 },
};

static Member *
home_add_member (Home         *home,
                 Relationship  relationship,
                 guint         age,
                 gboolean      female)
{
  Member *member = &home->members[home->n_members++];

  g_assert (home->n_members <= MAX_MEMBERS);
  member->relationship = relationship;
  member->age = age;
  member->female = female;

  return member;
}

static guint
draw_head_age (BieRng *rng)
{
  guint16 weights[G_N_ELEMENTS (head_ages)];
  guint bin;

  for (guint i = 0; i < G_N_ELEMENTS (head_ages); i++)
    weights[i] = head_ages[i].weight;
  bin = BIE_RNG_WEIGHTED (rng, weights);

  return (guint) bie_rng_range (rng, head_ages[bin].lo, head_ages[bin].hi);
}

/* Who lives here: a head, often a spouse, then children, grandchildren,
 * parents and others with ages consistent with the head's. What the
 * household was drawn for is made to hold. */
static void
home_compose (BieDemoGenerator *gen,
              Home             *home)
{
  BieRng *rng = &gen->rng;
  guint size = BIE_RNG_WEIGHTED (rng, size_weights);
  guint head_age, mother_age;
  gboolean head_female;
  gint spouse_age = -1;
  gboolean spouse_female = FALSE;

  if (home->drawn[RISK_VACCINATION] || home->drawn[RISK_CAREGIVER])
    size = MAX (size, 2);

  if (home->drawn[RISK_PREGNANCY] && (size == 1 || bie_rng_percent (rng, 40)))
    {
      head_female = TRUE;
      head_age = (guint) bie_rng_range (rng, 18, 43);
    }
  else if (home->drawn[RISK_PREGNANCY])
    {
      head_female = FALSE;
      head_age = (guint) bie_rng_range (rng, 20, 50);
      spouse_age = bie_rng_range (rng, 18, MIN (43, (gint) head_age + 2));
      spouse_female = TRUE;
    }
  else
    {
      head_age = draw_head_age (rng);
      head_female = bie_rng_percent (rng, 45);
      if (size >= 2 && bie_rng_percent (rng, head_age < 25 ? 40 : 68))
        {
          spouse_female = bie_rng_percent (rng, 97) ? !head_female : head_female;
          spouse_age = (gint) head_age + (spouse_female ? bie_rng_range (rng, -8, 3)
                                                        : bie_rng_range (rng, -3, 8));
          spouse_age = CLAMP (spouse_age, 18, 98);
        }
    }

  home_add_member (home, REL_HEAD, head_age, head_female);
  if (spouse_age >= 0)
    home_add_member (home, REL_SPOUSE, (guint) spouse_age, spouse_female);

  /* Children are reckoned from the mother's age where there is one. */
  mother_age = head_age;
  if (!head_female && spouse_age >= 0 && spouse_female)
    mother_age = (guint) spouse_age;

  /* (Each draw in its own statement: the order in which C evaluates the
   * arguments of a call is unspecified, and the city must not depend on
   * the compiler.) */
  if (home->drawn[RISK_VACCINATION])
    {
      guint age = (guint) bie_rng_range (rng, 0, 4);
      gboolean female = bie_rng_percent (rng, 49);

      home_add_member (home, mother_age <= 46 ? REL_CHILD : REL_GRANDCHILD, age, female);
    }
  if (home->drawn[RISK_CAREGIVER] && head_age <= 68)
    {
      gint lo = MAX ((gint) head_age + 20, 65);
      gint hi = MAX (lo, MIN ((gint) head_age + 40, 99));
      guint age = (guint) bie_rng_range (rng, lo, hi);
      gboolean female = bie_rng_percent (rng, 65);

      home_add_member (home, REL_PARENT, age, female);
    }

  while (home->n_members < size)
    {
      static const guint16 young[] = { 55, 0, 25, 0, 12, 8 };
      static const guint16 middle[] = { 80, 6, 6, 0, 5, 3 };
      static const guint16 older[] = { 52, 0, 4, 36, 6, 2 };
      static const Relationship kinds[] = {
        REL_CHILD, REL_PARENT, REL_SIBLING, REL_GRANDCHILD, REL_OTHER_RELATIVE, REL_NON_RELATIVE,
      };
      Relationship relationship;
      gint age;

      if (head_age < 30)
        relationship = kinds[BIE_RNG_WEIGHTED (rng, young)];
      else if (head_age < 55)
        relationship = kinds[BIE_RNG_WEIGHTED (rng, middle)];
      else
        relationship = kinds[BIE_RNG_WEIGHTED (rng, older)];
      if (relationship == REL_PARENT && head_age > 62)
        relationship = REL_OTHER_RELATIVE;

      switch (relationship)
        {
        case REL_CHILD:
          age = (gint) mother_age - bie_rng_range (rng, 17, MIN (44, (gint) mother_age));
          /* Births have fallen in Bogotá: fewer small children than older ones. */
          if (age < 5 && bie_rng_percent (rng, 35))
            age = (gint) mother_age - bie_rng_range (rng, 17, MIN (44, (gint) mother_age));
          break;
        case REL_GRANDCHILD:
          age = (gint) head_age - bie_rng_range (rng, 34, MIN (75, (gint) head_age));
          break;
        case REL_PARENT:
          age = bie_rng_range (rng, (gint) head_age + 18, MIN ((gint) head_age + 40, 99));
          break;
        case REL_SIBLING:
          age = (gint) head_age + bie_rng_range (rng, -10, 10);
          age = CLAMP (age, 0, 99);
          break;
        case REL_OTHER_RELATIVE:
          age = bie_rng_range (rng, 0, 85);
          break;
        case REL_NON_RELATIVE:
          age = bie_rng_range (rng, 18, 70);
          break;
        case REL_HEAD:
        case REL_SPOUSE:
        default:
          g_assert_not_reached ();
        }
      home_add_member (home, relationship, (guint) MAX (age, 0), bie_rng_percent (rng, 51));
    }
}

static void
pick_eps (BieRng      *rng,
          Regimen      regimen,
          const char **eps)
{
  static const char *const subsidiado[] = { "EPSS34", "EPS037", "EPS017", "EPS008" };
  static const guint16 subsidiado_weights[] = { 70, 15, 8, 7 };
  static const char *const contributivo[] = {
    "EPS037", "EPS005", "EPS010", "EPS002", "EPS008", "EPS017",
  };
  static const guint16 contributivo_weights[] = { 20, 20, 18, 15, 17, 10 };

  switch (regimen)
    {
    case REGIMEN_SUBSIDIADO:
      *eps = subsidiado[BIE_RNG_WEIGHTED (rng, subsidiado_weights)];
      break;
    case REGIMEN_CONTRIBUTIVO:
      *eps = contributivo[BIE_RNG_WEIGHTED (rng, contributivo_weights)];
      break;
    case REGIMEN_ESPECIAL:
    case REGIMEN_NO_AFILIADO:
    default:
      *eps = NULL;
      break;
    }
}

static Regimen
pick_regimen (BieRng   *rng,
              guint     stratum,
              gboolean  migrant)
{
  static const guint8 subsidiado_by_stratum[] = { 0, 88, 66, 32, 10, 4, 2 };
  guint roll = bie_rng_below (rng, 100);

  if (migrant)
    return roll < 55 ? REGIMEN_SUBSIDIADO : roll < 85 ? REGIMEN_NO_AFILIADO : REGIMEN_CONTRIBUTIVO;
  if (roll < subsidiado_by_stratum[stratum])
    return REGIMEN_SUBSIDIADO;
  roll = bie_rng_below (rng, 100);
  if (roll < 4)
    return REGIMEN_ESPECIAL;
  if (roll < 6)
    return REGIMEN_NO_AFILIADO;

  return REGIMEN_CONTRIBUTIVO;
}

static void
home_make_persons (BieDemoGenerator *gen,
                   Home             *home)
{
  BieRng *rng = &gen->rng;
  const Member *father = NULL, *mother = NULL;
  Regimen regimen = pick_regimen (rng, home->stratum, home->migrant);
  const char *eps;

  pick_eps (rng, regimen, &eps);

  /* The parents of the head's children: the head and the spouse. */
  for (guint k = 0; k < home->n_members && home->members[k].relationship <= REL_SPOUSE; k++)
    {
      if (home->members[k].female)
        mother = mother ? mother : &home->members[k];
      else
        father = father ? father : &home->members[k];
    }

  for (guint k = 0; k < home->n_members; k++)
    {
      Member *member = &home->members[k];
      const Member *head = &home->members[0];
      BiePerson *person = bie_demo_record_new (gen, BIE_ENTITY_PERSON);
      DocumentType type;

      member->person = person;
      member->birth = bie_demo_birth_for_age (gen, member->age);

      switch (member->relationship)
        {
        case REL_HEAD:
        case REL_SPOUSE:
        case REL_OTHER_RELATIVE:
        case REL_NON_RELATIVE:
          member->family1 = family_name (rng);
          member->family2 = family_name (rng);
          break;
        case REL_CHILD:
          /* The father's first family name, then the mother's; a single
           * mother gives both of hers. */
          if (father != NULL && mother != NULL)
            {
              member->family1 = father->family1;
              member->family2 = mother->family1;
            }
          else if (mother != NULL)
            {
              member->family1 = mother->family1;
              member->family2 = mother->family2;
            }
          else
            {
              member->family1 = father->family1;
              member->family2 = family_name (rng);
            }
          break;
        case REL_GRANDCHILD:
          member->family1 = bie_rng_percent (rng, 50) ? head->family1 : family_name (rng);
          member->family2 = family_name (rng);
          break;
        case REL_PARENT:
          member->family1 = member->female ? head->family2 : head->family1;
          member->family2 = family_name (rng);
          break;
        case REL_SIBLING:
          member->family1 = head->family1;
          member->family2 = head->family2;
          break;
        default:
          g_assert_not_reached ();
        }

      /* Venezuelan families: a PPT (or, for some adults, a CE), except for
       * the young children born here. */
      if (home->migrant && !(member->age < 6 && bie_rng_percent (rng, 50)))
        type = member->age >= 18 && bie_rng_percent (rng, 20) ? DOC_CE : DOC_PPT;
      else
        type = member->age < 7 ? DOC_RC : member->age < 18 ? DOC_TI : DOC_CC;

      person->household_id = home->household->record.id;
      person->document_type = g_strdup (document_codes[type]);
      person->document_number = document_number (gen, type, member->birth, member->female);
      person->given_names = given_names (rng, member->female, member->age < 30 ? 45 : 30);
      person->family_names = g_strconcat (member->family1, " ", member->family2, NULL);
      person->sex = g_strdup (member->female ? "F" : "M");
      person->birth_date = bie_demo_date_text (member->birth);
      if (!bie_rng_percent (rng, 90))
        {
          Regimen own = pick_regimen (rng, home->stratum, home->migrant);
          const char *own_eps;

          pick_eps (rng, own, &own_eps);
          person->regimen = g_strdup (regimen_codes[own]);
          person->eps_code = g_strdup (own_eps);
        }
      else
        {
          person->regimen = g_strdup (regimen_codes[regimen]);
          person->eps_code = g_strdup (eps);
        }
      if ((member->age >= 18 && bie_rng_percent (rng, 88)) ||
          (member->age >= 14 && bie_rng_percent (rng, 35)))
        person->phone = phone_text (rng);
      person->relationship = g_strdup (relationship_codes[member->relationship]);
    }
}

/* A Bogotá address near the household's point. Calles run east–west,
 * numbered from Calle 1 northwards and "Sur" southwards; carreras run
 * north–south, numbered westwards from the hills and "Este" east of them. */
static char *
address_text (BieRng *rng,
              gint32  lon,
              gint32  lat,
              guint   stratum)
{
  static const char *const letters[] = { "", "", "", "", "", "", "", "A", "A", "B", "C", " Bis",
                                         "A Bis" };
  gboolean sur = lat < 4598000;
  guint calle = (guint) ((sur ? 4598000 - lat : lat - 4598000) / (sur ? 1100 : 900)) + 1;
  gint32 hills = -74065000 + (lat - 4600000) / 4;
  gboolean este = lon > hills;
  guint carrera = (guint) ((este ? lon - hills : hills - lon) / 1000) + 1;
  guint placa = (guint) bie_rng_range (rng, 2, 95);
  guint roll = bie_rng_below (rng, 100);
  guint a = (guint) bie_rng_range (rng, 1, 20);
  guint b = (guint) bie_rng_range (rng, 1, 8);
  guint c = (guint) bie_rng_range (rng, 1, 6);
  const char *letter1 = BIE_RNG_PICK (rng, letters);
  const char *letter2 = BIE_RNG_PICK (rng, letters);
  char unit[32] = "";
  const char *way;

  /* Apartments, towers and houses in a condominium higher up, rooms and
   * floors of a house lower down. */
  if (stratum >= 3)
    {
      if (roll < 40)
        g_snprintf (unit, sizeof unit, " Apto %u%02u", a, b);
      else if (roll < 50)
        g_snprintf (unit, sizeof unit, " Torre %u Apto %u%02u", c, a, b % 4 + 1);
      else if (roll < 58)
        g_snprintf (unit, sizeof unit, " Casa %u", a * 3 - b % 3);
    }
  else
    {
      if (roll < 15)
        g_snprintf (unit, sizeof unit, " Piso %u", c % 3 + 2);
      else if (roll < 25)
        g_snprintf (unit, sizeof unit, " Int %u", c);
      else if (roll < 30)
        g_snprintf (unit, sizeof unit, " Apto %u%02u", a % 5 + 1, b % 4 + 1);
    }

  roll = bie_rng_below (rng, 100);
  if (roll < 50)
    {
      way = roll < 42 ? "Calle" : roll < 47 ? "Diagonal" : "Avenida Calle";
      return g_strdup_printf ("%s %u%s%s # %u%s-%02u%s%s", way, calle, letter1, sur ? " Sur" : "",
                              carrera, letter2, placa, este ? " Este" : "", unit);
    }
  way = roll < 90 ? "Carrera" : roll < 97 ? "Transversal" : "Avenida Carrera";

  return g_strdup_printf ("%s %u%s%s # %u%s-%02u%s%s", way, carrera, letter1, este ? " Este" : "",
                          calle, letter2, placa, sur ? " Sur" : "", unit);
}

/* A point strictly inside the sector, uniform over its polygon. */
static void
sector_pick_point (BieRng              *rng,
                   const BieDemoSector *sector,
                   gint32              *lon,
                   gint32              *lat)
{
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      *lon = bie_rng_range (rng, sector->min_lon, sector->max_lon);
      *lat = bie_rng_range (rng, sector->min_lat, sector->max_lat);
      if (bie_demo_ring_contains (sector->ring, BIE_DEMO_RING_POINTS, *lon, *lat))
        return;
    }
  *lon = sector->inside_lon;
  *lat = sector->inside_lat;
}

static gint64
team_professional (BieDemoGenerator  *gen,
                   const BieDemoTeam *team,
                   BieDemoProfession  wanted)
{
  guint found[BIE_DEMO_MAX_TEAM];
  guint n_found = 0;

  for (guint k = 0; k < team->n_professionals; k++)
    if (team->professions[k] == wanted)
      found[n_found++] = k;
  if (n_found == 0)
    for (guint k = 0; k < team->n_professionals; k++)
      if (team->professions[k] == BIE_DEMO_NURSE)
        found[n_found++] = k;
  g_assert (n_found > 0);

  return team->first_professional + found[bie_rng_below (&gen->rng, n_found)];
}

/* Risks, plans, encounters, appointments, vaccinations */

static Member *
pick_member (BieDemoGenerator *gen,
             Home             *home,
             guint             min_age,
             guint             max_age,
             gint              sex,   /* 1 female, 0 male, -1 either */
             const Member     *except)
{
  Member *found[MAX_MEMBERS];
  guint n_found = 0;

  for (guint k = 0; k < home->n_members; k++)
    {
      Member *member = &home->members[k];

      if (member != except && member->age >= min_age && member->age <= max_age &&
          (sex < 0 || member->female == (sex == 1)))
        found[n_found++] = member;
    }
  if (n_found == 0)
    return NULL;

  return found[bie_rng_below (&gen->rng, n_found)];
}

/* A risk found at the first visit or a later one, not before @not_before. */
static Risk *
home_add_risk (BieDemoGenerator *gen,
               Home             *home,
               RiskKind          kind,
               Member           *person,
               gint              not_before)
{
  BieRng *rng = &gen->rng;
  const RiskInfo *info = &risk_infos[kind];
  Risk *risk = &home->risks[home->n_risks++];
  BieRisk *record = bie_demo_record_new (gen, BIE_ENTITY_RISK);
  gint today = gen->today;
  gint elapsed;
  guint status;

  g_assert (home->n_risks <= MAX_RISKS);
  risk->risk = record;
  risk->kind = kind;
  risk->person = person;
  risk->closed = 0;
  risk->identified = bie_rng_percent (rng, 60) ? home->characterised
                                               : bie_rng_range (rng, home->characterised, today);
  risk->identified = CLAMP (risk->identified, MIN (not_before, today), today);
  elapsed = today - risk->identified;
  if (elapsed == 0)
    status = 0;
  else if (elapsed < 15)
    status = bie_rng_percent (rng, 60) ? 0 : 1;
  else
    {
      const guint16 weights[] = { info->status[0], info->status[1], info->status[2] };

      status = BIE_RNG_WEIGHTED (rng, weights);
    }

  record->household_id = home->household->record.id;
  record->person_id = person ? person->person->record.id : 0;
  record->code = g_strdup (info->code);
  record->identified_on = bie_demo_date_text (risk->identified);
  if (status >= 1)
    {
      gint managed = risk->identified + bie_rng_range (rng, 1, MIN (45, elapsed));

      record->managed_on = bie_demo_date_text (managed);
      if (status == 2 && managed < today)
        {
          risk->closed = managed + bie_rng_range (rng, 1, today - managed);
          record->closed_on = bie_demo_date_text (risk->closed);
        }
      else
        {
          status = 1;
        }
    }
  record->status = g_strdup (status == 0 ? "identified" : status == 1 ? "managed" : "closed");

  return risk;
}

static void
home_make_risks (BieDemoGenerator *gen,
                 Home             *home)
{
  BieRng *rng = &gen->rng;

  if (home->drawn[RISK_PREGNANCY])
    {
      Member *woman = pick_member (gen, home, 14, 45, 1, NULL);

      g_assert (woman != NULL);
      home_add_risk (gen, home, home->drawn[RISK_NO_CONTROL] ? RISK_NO_CONTROL : RISK_PREGNANCY,
                     woman, G_MININT);
    }
  if (home->drawn[RISK_VACCINATION])
    {
      Member *child = NULL;

      for (guint k = 0; k < home->n_members; k++)
        if (home->members[k].age < 5 && (child == NULL || home->members[k].birth > child->birth))
          child = &home->members[k];
      g_assert (child != NULL);
      /* Not before the first doses after birth were due. */
      home_add_risk (gen, home, RISK_VACCINATION, child, child->birth + 60);
    }
  if (home->drawn[RISK_MENTAL_HEALTH])
    home_add_risk (gen, home, RISK_MENTAL_HEALTH, NULL, G_MININT);
  if (home->drawn[RISK_CAREGIVER])
    {
      /* Mostly women look after the elder of the house. */
      Member *dependent = NULL;
      Member *carer = NULL;

      for (guint k = 0; k < home->n_members; k++)
        if (dependent == NULL || home->members[k].age > dependent->age)
          dependent = &home->members[k];
      if (bie_rng_percent (rng, 75))
        carer = pick_member (gen, home, 18, 75, 1, dependent);
      if (carer == NULL)
        carer = pick_member (gen, home, 18, 75, -1, dependent);
      if (carer == NULL)
        carer = pick_member (gen, home, 14, 120, -1, dependent);
      if (carer == NULL)
        carer = &home->members[0];
      home_add_risk (gen, home, RISK_CAREGIVER, carer, G_MININT);
    }
  if (home->drawn[RISK_HOUSING])
    home_add_risk (gen, home, RISK_HOUSING, NULL, G_MININT);
}

typedef struct
{
  BieGoal      *goal;
  const guint8 *kinds;
  Member       *person;
} Goal;

static void
home_make_plan (BieDemoGenerator *gen,
                Home             *home)
{
  static const guint16 n_activity_weights[] = { 0, 0, 10, 20, 22, 18, 14, 9, 7 };
  /* done, not-done, cancelled, scheduled (overdue) */
  static const guint16 active_past[] = { 70, 10, 6, 14 };
  static const guint16 completed_past[] = { 85, 10, 5, 0 };
  static const guint16 cancelled_past[] = { 30, 10, 60, 0 };
  BieRng *rng = &gen->rng;
  gint today = gen->today;
  BieCarePlan *plan = bie_demo_record_new (gen, BIE_ENTITY_CARE_PLAN);
  Goal goals[MAX_GOALS];
  guint n_goals = 0;
  guint n_activities;
  gint agreed = 0;
  enum { DRAFT, ACTIVE, COMPLETED, CANCELLED } status;
  gboolean children = FALSE;

  for (guint k = 0; k < home->n_members; k++)
    children |= home->members[k].age < 10;

  plan->household_id = home->household->record.id;
  plan->professional_id = team_professional (gen, home->team,
                                             bie_rng_percent (rng, 60) ? BIE_DEMO_NURSE
                                                                       : BIE_DEMO_HEALTH_WORKER);
  if (bie_rng_percent (rng, 5))
    {
      status = DRAFT;
    }
  else
    {
      gint elapsed;

      agreed = bie_rng_range (rng, MAX (home->characterised, today - 300), today);
      elapsed = today - agreed;
      if (elapsed > 150)
        status = bie_rng_percent (rng, 45) ? COMPLETED
                 : bie_rng_percent (rng, 82) ? ACTIVE : CANCELLED;
      else if (elapsed > 60)
        status = bie_rng_percent (rng, 85) ? ACTIVE
                 : bie_rng_percent (rng, 55) ? COMPLETED : CANCELLED;
      else
        status = ACTIVE;
      plan->agreed_on = bie_demo_date_text (agreed);
    }
  plan->status = g_strdup (status == DRAFT ? "draft" : status == ACTIVE ? "active"
                           : status == COMPLETED ? "completed" : "cancelled");

  /* A goal for each risk, up to three; a general one where there is room. */
  for (guint r = 0; r < home->n_risks && n_goals < MAX_GOALS; r++)
    {
      Goal *goal = &goals[n_goals++];

      goal->goal = bie_demo_record_new (gen, BIE_ENTITY_GOAL);
      goal->goal->risk_id = home->risks[r].risk->record.id;
      goal->goal->description = g_strdup (risk_infos[home->risks[r].kind].goal);
      goal->kinds = risk_infos[home->risks[r].kind].kinds;
      goal->person = home->risks[r].person;
    }
  if (n_goals == 0 || (n_goals < MAX_GOALS && bie_rng_percent (rng, 30)))
    {
      guint n_generic = n_goals == 0 && bie_rng_percent (rng, 40) ? 2 : 1;
      guint first = bie_rng_below (rng, children ? 4 : 3);

      for (guint k = 0; k < n_generic; k++)
        {
          Goal *goal = &goals[n_goals++];
          guint which = (first + k) % (children ? 4 : 3);

          goal->goal = bie_demo_record_new (gen, BIE_ENTITY_GOAL);
          goal->goal->description = g_strdup (generic_goals[which].description);
          goal->kinds = generic_goals[which].kinds;
          goal->person = NULL;
          /* Chronic disease: the eldest; growth: the youngest child. */
          for (guint m = 0; m < home->n_members; m++)
            {
              Member *member = &home->members[m];

              if ((which == GOAL_CHRONIC && member->age >= 40 &&
                   (goal->person == NULL || member->age > goal->person->age)) ||
                  (which == GOAL_GROWTH && member->age < 10 &&
                   (goal->person == NULL || member->birth > goal->person->birth)))
                goal->person = member;
            }
        }
    }
  for (guint g = 0; g < n_goals; g++)
    {
      BieGoal *goal = goals[g].goal;
      const char *goal_status;

      goal->plan_id = plan->record.id;
      if (status == DRAFT)
        {
          goal->target_date = bie_demo_date_text (today + bie_rng_range (rng, 90, 180));
          goal_status = "proposed";
        }
      else
        {
          goal->target_date = bie_demo_date_text (agreed + bie_rng_range (rng, 90, 240));
          if (status == COMPLETED)
            goal_status = bie_rng_percent (rng, 80) ? "achieved" : "cancelled";
          else if (status == CANCELLED)
            goal_status = "cancelled";
          else
            goal_status = bie_rng_percent (rng, 65) ? "active"
                          : bie_rng_percent (rng, 70) ? "achieved" : "proposed";
        }
      goal->status = g_strdup (goal_status);
    }

  n_activities = BIE_RNG_WEIGHTED (rng, n_activity_weights);
  for (guint a = 0; a < n_activities; a++)
    {
      static const guint16 durations[] = { 60, 15, 12, 8, 5 };
      static const gint duration_days[] = { 0, 7, 14, 30, 60 };
      const Goal *goal = &goals[a % n_goals];
      ActivityKind kind = goal->kinds[bie_rng_below (rng, 3)];
      BieActivity *activity = bie_demo_record_new (gen, BIE_ENTITY_ACTIVITY);
      gint duration = duration_days[BIE_RNG_WEIGHTED (rng, durations)];
      const Member *person = NULL;
      gint start, end;
      const char *activity_status;
      const char *reason = NULL;

      activity->plan_id = plan->record.id;
      activity->goal_id = goal->goal->record.id;
      activity->kind = g_strdup (activity_kinds[kind].code);
      activity->professional_id = team_professional (gen, home->team,
                                                     activity_kinds[kind].profession);
      if (!activity_kinds[kind].family)
        {
          person = goal->person;
          if (person == NULL)
            person = pick_member (gen, home, 14, G_MAXUINT, -1, NULL);
          if (person == NULL)
            person = &home->members[bie_rng_below (rng, home->n_members)];
          activity->person_id = person->person->record.id;
        }

      /* From ten months before today to four months after it. */
      if (status == DRAFT)
        start = today + bie_rng_range (rng, 1, 120);
      else if (status == COMPLETED)
        start = bie_rng_range (rng, agreed, today - 1);
      else
        start = bie_rng_range (rng, agreed, MIN (agreed + 240, today + 120));
      if (person != NULL)
        start = MAX (start, person->birth);
      end = MIN (start + duration, status == COMPLETED ? today - 1 : today + 120);
      end = MAX (start, end);

      if (end < today)
        {
          const guint16 *weights = status == COMPLETED ? completed_past
                                   : status == CANCELLED ? cancelled_past : active_past;
          static const char *const past[] = { "done", "not-done", "cancelled", "scheduled" };
          guint which = bie_rng_weighted (rng, weights, 4);

          activity_status = past[which];
          if (which == 1)
            reason = BIE_RNG_PICK (rng, not_done_reasons);
          else if (which == 2)
            reason = BIE_RNG_PICK (rng, cancelled_reasons);
        }
      else if (status == CANCELLED)
        {
          activity_status = "cancelled";
          reason = BIE_RNG_PICK (rng, cancelled_reasons);
        }
      else if (start <= today)
        {
          activity_status = bie_rng_percent (rng, 60) ? "in-progress" : "scheduled";
        }
      else
        {
          activity_status = status == DRAFT || bie_rng_percent (rng, 45) ? "planned" : "scheduled";
        }
      activity->start_date = bie_demo_date_text (start);
      activity->end_date = bie_demo_date_text (end);
      activity->status = g_strdup (activity_status);
      activity->status_reason = g_strdup (reason);
    }
}

static gint
working_day (BieRng *rng,
             gint    first,
             gint    last)
{
  gint day = bie_rng_range (rng, first, last);

  /* Teams work from Monday to Saturday. */
  return bie_demo_weekday (day) == 0 ? (day > first ? day - 1 : day + 1) : day;
}

static void
home_add_encounter (BieDemoGenerator  *gen,
                    Home              *home,
                    const char        *kind,
                    BieDemoProfession  profession,
                    gint               day,
                    guint              present)   /* a bit per member */
{
  BieRng *rng = &gen->rng;
  BieEncounter *encounter = bie_demo_record_new (gen, BIE_ENTITY_ENCOUNTER);
  char participants[MAX_MEMBERS * (BIE_DEMO_UUID_LENGTH + 1)];
  char *p = participants;
  guint minute;

  for (guint k = 0; k < home->n_members; k++)
    if ((present & (1u << k)) && home->members[k].birth <= day)
      {
        if (p != participants)
          *p++ = ',';
        memcpy (p, home->members[k].person->record.uuid, BIE_DEMO_UUID_LENGTH);
        p += BIE_DEMO_UUID_LENGTH;
      }
  *p = '\0';

  encounter->household_id = home->household->record.id;
  encounter->professional_id = team_professional (gen, home->team, profession);
  encounter->kind = g_strdup (kind);
  /* 07:00–17:55 in Bogotá, every five minutes */
  minute = (guint) bie_rng_range (rng, 7 * 12, 17 * 12 + 11) * 5;
  encounter->date = bie_demo_moment_text (day, minute);
  encounter->participants = g_strdup (participants);
}

static guint
some_members (BieDemoGenerator *gen,
              Home             *home,
              guint             percent)
{
  guint present = 1;   /* the head receives the team */

  for (guint k = 1; k < home->n_members; k++)
    if (bie_rng_percent (&gen->rng, percent))
      present |= 1u << k;

  return present;
}

static void
home_make_encounters (BieDemoGenerator *gen,
                      Home             *home)
{
  /* Work sessions: 2.1 a household with a plan (12.5 % of them), 0.27 for
   * the others, so 0.49 a household overall (205,000 for 415,000). */
  static const guint16 sessions_plan[] = { 10, 25, 30, 20, 10, 5 };
  static const guint16 sessions_other[] = { 77, 19, 4 };
  static const guint16 calls_plan[] = { 30, 40, 30 };
  static const guint16 calls_other[] = { 75, 20, 5 };
  BieRng *rng = &gen->rng;
  gint today = gen->today;
  guint visits, sessions, calls;
  guint present;

  present = some_members (gen, home, 60);
  home_add_encounter (gen, home, "home-visit",
                      bie_rng_percent (rng, 70) ? BIE_DEMO_HEALTH_WORKER : BIE_DEMO_NURSE,
                      home->characterised, present);

  if (home->plan)
    {
      visits = (guint) bie_rng_range (rng, 1, 3);
      sessions = BIE_RNG_WEIGHTED (rng, sessions_plan);
      calls = BIE_RNG_WEIGHTED (rng, calls_plan);
    }
  else
    {
      visits = home->n_risks > 0 ? 1 : bie_rng_percent (rng, 10);
      sessions = BIE_RNG_WEIGHTED (rng, sessions_other);
      calls = BIE_RNG_WEIGHTED (rng, calls_other);
    }

  for (guint k = 0; k < visits; k++)
    {
      BieDemoProfession who = bie_rng_percent (rng, 60) ? BIE_DEMO_HEALTH_WORKER : BIE_DEMO_NURSE;
      gint day = working_day (rng, home->characterised + 1, today - 1);

      present = some_members (gen, home, 50);
      home_add_encounter (gen, home, "home-visit", who, day, present);
    }
  for (guint k = 0; k < sessions; k++)
    {
      static const BieDemoProfession leads[] = {
        BIE_DEMO_HEALTH_WORKER, BIE_DEMO_HEALTH_WORKER, BIE_DEMO_PSYCHOLOGIST, BIE_DEMO_NURSE,
        BIE_DEMO_SOCIAL_WORKER,
      };
      BieDemoProfession who = BIE_RNG_PICK (rng, leads);
      gint day = working_day (rng, home->characterised + 1, today - 1);

      present = some_members (gen, home, 40);
      home_add_encounter (gen, home, "work-session", who, day, present);
    }
  for (guint k = 0; k < calls; k++)
    {
      BieDemoProfession who = bie_rng_percent (rng, 50) ? BIE_DEMO_NURSING_ASSISTANT
                                                        : BIE_DEMO_HEALTH_WORKER;
      gint day = working_day (rng, home->characterised + 1, today - 1);

      /* The head answers, sometimes the spouse. */
      present = home->n_members > 1 && home->members[1].age >= 18 && bie_rng_percent (rng, 25)
                ? 2 : 1;
      home_add_encounter (gen, home, "call", who, day, present);
    }
}

static void
home_make_appointment (BieDemoGenerator *gen,
                       Home             *home)
{
  static const char *const services[] = {
    "general-medicine", "prenatal-control", "vaccination", "pediatrics", "psychology",
    "nutrition", "dentistry", "specialist-other",
  };
  static const guint16 under_five[] = { 20, 0, 25, 40, 0, 10, 5, 0 };
  static const guint16 minors[] = { 35, 0, 0, 15, 15, 10, 25, 0 };
  static const guint16 adults[] = { 45, 0, 0, 0, 12, 8, 15, 20 };
  static const guint16 elders[] = { 38, 0, 0, 0, 5, 7, 10, 40 };
  static const char *const barriers[] = {
    "administrative", "financial", "logistic", "geographic", "cultural", "other",
  };
  static const guint16 barrier_weights[] = { 55, 12, 18, 7, 3, 5 };
  BieRng *rng = &gen->rng;
  gint today = gen->today;
  BieAppointment *appointment = bie_demo_record_new (gen, BIE_ENTITY_APPOINTMENT);
  Member *person = NULL;
  const char *service = NULL;
  gint requested;

  for (guint r = 0; r < home->n_risks; r++)
    if ((home->risks[r].kind == RISK_PREGNANCY || home->risks[r].kind == RISK_NO_CONTROL) &&
        bie_rng_percent (rng, 60))
      {
        person = home->risks[r].person;
        service = "prenatal-control";
      }
  if (person == NULL)
    {
      person = &home->members[bie_rng_below (rng, home->n_members)];
      if (person->age < 5)
        service = services[BIE_RNG_WEIGHTED (rng, under_five)];
      else if (person->age < 18)
        service = services[BIE_RNG_WEIGHTED (rng, minors)];
      else if (person->age < 60)
        service = services[BIE_RNG_WEIGHTED (rng, adults)];
      else
        service = services[BIE_RNG_WEIGHTED (rng, elders)];
    }

  requested = bie_rng_range (rng, MAX (home->characterised, person->birth), today);
  appointment->household_id = home->household->record.id;
  appointment->person_id = person->person->record.id;
  appointment->service = g_strdup (service);
  appointment->barrier = g_strdup (barriers[BIE_RNG_WEIGHTED (rng, barrier_weights)]);
  appointment->requested_on = bie_demo_date_text (requested);
  if (today - requested < 20 && bie_rng_percent (rng, 40))
    {
      appointment->outcome = g_strdup ("pending");
    }
  else
    {
      gint assigned = requested + bie_rng_range (rng, 2, 40);
      guint roll = bie_rng_below (rng, 100);

      appointment->assigned_on = bie_demo_date_text (assigned);
      if (assigned > today)
        {
          appointment->outcome = g_strdup ("assigned");
        }
      else if (roll < 80)
        {
          appointment->attended_on = bie_demo_date_text (assigned);
          appointment->outcome = g_strdup ("attended");
        }
      else
        {
          appointment->outcome = g_strdup (roll < 92 ? "missed" : "cancelled");
        }
    }
}

static void
home_make_vaccinations (BieDemoGenerator *gen,
                        Home             *home)
{
  BieRng *rng = &gen->rng;
  gint today = gen->today;
  const Risk *risk = NULL;

  for (guint r = 0; r < home->n_risks; r++)
    if (home->risks[r].kind == RISK_VACCINATION)
      risk = &home->risks[r];

  for (guint k = 0; k < home->n_members; k++)
    {
      const Member *child = &home->members[k];
      guint age_days, due = 0, shown, missing = 0;

      if (child->age >= 5)
        continue;
      age_days = (guint) (today - child->birth);
      while (due < G_N_ELEMENTS (schedule) && schedule[due].age_days <= age_days)
        due++;
      /* The last few doses on the card. */
      /* (GLib's MIN and MAX evaluate their arguments twice: draws go
       * outside them.) */
      shown = (guint) bie_rng_range (rng, 2, 5);
      shown = MIN (due, shown);
      if (risk != NULL && risk->person == child)
        {
          missing = (guint) bie_rng_range (rng, 1, 2);
          missing = MIN (shown, missing);
        }

      for (guint e = due - shown; e < due; e++)
        {
          BieVaccination *vaccination = bie_demo_record_new (gen, BIE_ENTITY_VACCINATION);
          gint due_day = child->birth + schedule[e].age_days;

          vaccination->person_id = child->person->record.id;
          vaccination->vaccine = g_strdup (schedule[e].vaccine);
          vaccination->dose = schedule[e].dose;
          if (e < due - missing)
            {
              gint day = due_day + bie_rng_range (rng, 0, 14);

              day = MIN (day, today);

              vaccination->date = bie_demo_date_text (day);
              vaccination->status = g_strdup ("completed");
            }
          else if (risk->closed != 0)
            {
              /* Put up to date once the team found the gap. */
              gint from = MAX (due_day, risk->identified);
              gint day = bie_rng_range (rng, from, MAX (from, risk->closed));

              vaccination->date = bie_demo_date_text (day);
              vaccination->status = g_strdup ("completed");
            }
          else
            {
              vaccination->date = bie_demo_date_text (due_day);
              vaccination->status = g_strdup ("not-done");
            }
        }
    }
}

/**
 * bie_demo_make_household:
 * @draw: what the household was drawn for: it is made to fit
 *
 * Adds a household of @sector to the current batch, with its members,
 * risks, care plan, encounters, appointment and vaccinations.
 */
void
bie_demo_make_household (BieDemoGenerator    *gen,
                         const BieDemoSector *sector,
                         const BieDemoDraw   *draw)
{
  BieRng *rng = &gen->rng;
  Home home = { 0 };
  gint32 lon, lat;
  gint stratum;

  home.sector = sector;
  home.team = &gen->teams[sector->team];
  home.drawn[RISK_PREGNANCY] = draw->pregnant;
  home.drawn[RISK_NO_CONTROL] = draw->no_prenatal_control;
  home.drawn[RISK_VACCINATION] = draw->incomplete_vaccination;
  home.drawn[RISK_MENTAL_HEALTH] = draw->mental_health;
  home.drawn[RISK_CAREGIVER] = draw->caregiver;
  home.drawn[RISK_HOUSING] = draw->housing;
  home.plan = draw->plan;
  home.appointment = draw->appointment;

  home.household = bie_demo_record_new (gen, BIE_ENTITY_HOUSEHOLD);
  home.household->sector_id = sector->id;
  sector_pick_point (rng, sector, &lon, &lat);
  home.household->lon = lon / 1e6;
  home.household->lat = lat / 1e6;
  stratum = ((gint) sector->stratum_x10 + bie_rng_range (rng, -5, 4) + 5) / 10;
  if (bie_rng_percent (rng, 12))
    stratum += bie_rng_percent (rng, 50) ? 1 : -1;
  if (home.drawn[RISK_HOUSING])
    {
      gint low = bie_rng_range (rng, 1, 2);

      stratum = MIN (stratum, low);
    }
  home.stratum = (guint) CLAMP (stratum, 1, 6);
  home.household->stratum = home.stratum;
  home.household->address = address_text (rng, lon, lat, home.stratum);
  home.migrant = bie_rng_percent (rng, home.stratum <= 2 ? 8 : 3);
  home.characterised = working_day (rng, gen->today - 364, gen->today - 7);

  home_compose (gen, &home);
  home_make_persons (gen, &home);
  home_make_risks (gen, &home);
  if (home.plan)
    home_make_plan (gen, &home);
  home_make_encounters (gen, &home);
  if (home.appointment)
    home_make_appointment (gen, &home);
  home_make_vaccinations (gen, &home);
}

