/* bie-fhir.c: the FHIR error domain and the URIs Bienestar writes
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bie-fhir.h"

G_DEFINE_QUARK (bie-fhir-error-quark, bie_fhir_error)

/* The district's namespace; every default lives under it. */
#define BASE "https://saludcapital.gov.co/fhir"

struct _BieFhirUris
{
  char *uris[BIE_FHIR_N_URIS];
};

static const struct
{
  const char *name;
  const char *uri;
} defaults[BIE_FHIR_N_URIS] = {
  [BIE_FHIR_URI_SECTOR_TAG] = { "sector-tag", BASE "/CodeSystem/sector" },
  [BIE_FHIR_URI_SUBRED] = { "subred", BASE "/sid/subred" },
  [BIE_FHIR_URI_LOCALIDAD] = { "localidad", BASE "/sid/localidad" },
  [BIE_FHIR_URI_UPZ] = { "upz", BASE "/sid/upz" },
  [BIE_FHIR_URI_SECTOR] = { "sector", BASE "/sid/sector" },
  [BIE_FHIR_URI_DOCUMENT_TYPE] = { "document-type", BASE "/sid/document" },
  [BIE_FHIR_URI_EPS] = { "eps", BASE "/sid/eps" },
  [BIE_FHIR_URI_REGIMEN] = { "regimen", BASE "/CodeSystem/regimen" },
  [BIE_FHIR_URI_RELATIONSHIP] = { "relationship", BASE "/CodeSystem/relationship" },
  [BIE_FHIR_URI_PROFESSION] = { "profession", BASE "/CodeSystem/profession" },
  [BIE_FHIR_URI_RISK] = { "risk", BASE "/CodeSystem/risk" },
  [BIE_FHIR_URI_RISK_STATUS] = { "risk-status", BASE "/CodeSystem/risk-status" },
  [BIE_FHIR_URI_ACTIVITY_KIND] = { "activity-kind", BASE "/CodeSystem/activity-kind" },
  [BIE_FHIR_URI_ACTIVITY_STATUS] = { "activity-status", BASE "/CodeSystem/activity-status" },
  [BIE_FHIR_URI_ENCOUNTER_KIND] = { "encounter-kind", BASE "/CodeSystem/encounter-kind" },
  [BIE_FHIR_URI_SERVICE] = { "service", BASE "/CodeSystem/service" },
  [BIE_FHIR_URI_BARRIER] = { "barrier", BASE "/CodeSystem/barrier" },
  [BIE_FHIR_URI_APPOINTMENT_OUTCOME] = { "appointment-outcome", BASE "/CodeSystem/appointment-outcome" },
  [BIE_FHIR_URI_VACCINE] = { "vaccine", BASE "/CodeSystem/vaccine" },
  [BIE_FHIR_URI_EXTENSION] = { "extension", BASE "/StructureDefinition" },
};

/**
 * bie_fhir_uris_new:
 *
 * Returns: (transfer full): the default URIs, to override
 */
BieFhirUris *
bie_fhir_uris_new (void)
{
  BieFhirUris *uris = g_new0 (BieFhirUris, 1);

  for (guint i = 0; i < BIE_FHIR_N_URIS; i++)
    uris->uris[i] = g_strdup (defaults[i].uri);

  return uris;
}

BieFhirUris *
bie_fhir_uris_copy (const BieFhirUris *uris)
{
  BieFhirUris *copy = g_new0 (BieFhirUris, 1);

  for (guint i = 0; i < BIE_FHIR_N_URIS; i++)
    copy->uris[i] = g_strdup (uris->uris[i]);

  return copy;
}

void
bie_fhir_uris_free (BieFhirUris *uris)
{
  if (uris == NULL)
    return;
  for (guint i = 0; i < BIE_FHIR_N_URIS; i++)
    g_free (uris->uris[i]);
  g_free (uris);
}

/**
 * bie_fhir_uris_default:
 *
 * Returns: (transfer none): the URIs as shipped, never overridden
 */
const BieFhirUris *
bie_fhir_uris_default (void)
{
  static gsize uris;

  if (g_once_init_enter (&uris))
    g_once_init_leave (&uris, (gsize) bie_fhir_uris_new ());

  return (const BieFhirUris *) uris;
}

const char *
bie_fhir_uris_get (const BieFhirUris *uris,
                   BieFhirUri         uri)
{
  g_return_val_if_fail (uris != NULL, NULL);
  g_return_val_if_fail (uri < BIE_FHIR_N_URIS, NULL);

  return uris->uris[uri];
}

const char *
bie_fhir_uri_name (BieFhirUri uri)
{
  g_return_val_if_fail (uri < BIE_FHIR_N_URIS, NULL);

  return defaults[uri].name;
}

/**
 * bie_fhir_uris_set:
 * @name: a URI's name, as bie_fhir_uri_name() gives it
 * @value: an absolute URI
 *
 * Overrides one URI. Fails, changing nothing, on an unknown name or a
 * value that is not an absolute URI.
 */
gboolean
bie_fhir_uris_set (BieFhirUris  *uris,
                   const char   *name,
                   const char   *value,
                   GError      **error)
{
  g_return_val_if_fail (uris != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  for (guint i = 0; i < BIE_FHIR_N_URIS; i++)
    {
      if (g_strcmp0 (defaults[i].name, name) != 0)
        continue;

      if (!g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL) || g_str_has_suffix (value, "/"))
        {
          g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
                       _("“%s” is not an absolute address without a final slash, as the URI “%s” must be."),
                       value, name);
          return FALSE;
        }
      g_free (uris->uris[i]);
      uris->uris[i] = g_strdup (value);
      return TRUE;
    }

  g_set_error (error, BIE_FHIR_ERROR, BIE_FHIR_ERROR_INVALID,
               _("There is no FHIR URI named “%s”."), name);

  return FALSE;
}

/**
 * bie_fhir_uris_new_with_overrides:
 * @overrides: (nullable): an a{ss} of URI names and values, as the
 *   "fhir-uris" setting keeps them
 *
 * Returns: (transfer full) (nullable): the URIs, or NULL when an override
 *   is not valid
 */
BieFhirUris *
bie_fhir_uris_new_with_overrides (GVariant  *overrides,
                                  GError   **error)
{
  g_autoptr(BieFhirUris) uris = bie_fhir_uris_new ();
  GVariantIter iter;
  const char *name;
  const char *value;

  if (overrides == NULL)
    return g_steal_pointer (&uris);

  g_return_val_if_fail (g_variant_is_of_type (overrides, G_VARIANT_TYPE ("a{ss}")), NULL);

  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
    {
      if (!bie_fhir_uris_set (uris, name, value, error))
        return NULL;
    }

  return g_steal_pointer (&uris);
}
