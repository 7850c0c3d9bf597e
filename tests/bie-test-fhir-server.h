/* bie-test-fhir-server.h: a real FHIR R4 server on loopback for the tests
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Node shim in tests/fhir-server/ over Medplum's FHIR router, and
 * optionally the fault-injecting proxy in front of it. Both run as child
 * processes that end with the test, even when it aborts. */
typedef struct _BieTestFhirServer BieTestFhirServer;

gboolean           bie_test_fhir_server_available        (char              **why);
BieTestFhirServer *bie_test_fhir_server_start            (gboolean            with_proxy,
                                                          guint               seed,
                                                          double              fault_rate,
                                                          GError            **error);
BieTestFhirServer *bie_test_fhir_server_start_with_token (gboolean            with_proxy,
                                                          guint               seed,
                                                          double              fault_rate,
                                                          const char         *token,
                                                          GError            **error);
const char        *bie_test_fhir_server_get_url          (BieTestFhirServer  *server);
const char        *bie_test_fhir_server_get_direct_url   (BieTestFhirServer  *server);
gboolean           bie_test_fhir_server_reset            (BieTestFhirServer  *server,
                                                          GError            **error);
gboolean           bie_test_fhir_server_set_fault_rate   (BieTestFhirServer  *server,
                                                          double              rate,
                                                          GError            **error);
gboolean           bie_test_fhir_server_set_faults       (BieTestFhirServer  *server,
                                                          double              rate,
                                                          const char         *kinds,
                                                          GError            **error);
gint64             bie_test_fhir_server_get_fault_count  (BieTestFhirServer  *server,
                                                          const char         *kind,
                                                          GError            **error);
void               bie_test_fhir_server_stop             (BieTestFhirServer  *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BieTestFhirServer, bie_test_fhir_server_stop)

G_END_DECLS
