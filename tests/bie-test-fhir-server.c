/* bie-test-fhir-server.c: a real FHIR R4 server on loopback for the tests
 *
 * Copyright 2026 The Bienestar developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bie-test-fhir-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bie-test-fhir-server.h"

/* Node loads Medplum's definitions in about a second; a busy machine
 * building in parallel may take much longer. */
#define START_TIMEOUT_S 90
#define STOP_TIMEOUT_S 10
#define BASE_PATH "/fhir/R4"
#define MIN_NODE_MAJOR 20

struct _BieTestFhirServer
{
  GSubprocess      *server;
  GSubprocess      *proxy;
  GDataInputStream *server_out;
  GDataInputStream *proxy_out;
  char             *direct_url;
  char             *url;
  SoupSession      *session;
};

/* The folder of server.mjs: $BIE_TEST_FHIR_SERVER_DIR, else fhir-server in
 * $G_TEST_SRCDIR, else the one this file was built beside. */
static char *
find_server_dir (void)
{
  const char *dir = g_getenv ("BIE_TEST_FHIR_SERVER_DIR");
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);

  if (srcdir != NULL)
    {
      g_autofree char *candidate = g_build_filename (srcdir, "fhir-server", NULL);
      g_autofree char *script = g_build_filename (candidate, "server.mjs", NULL);

      if (g_file_test (script, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&candidate);
    }

  return g_strdup (BIE_TEST_FHIR_SERVER_DIR);
}

/* $BIE_TEST_NODE (a path or a name on PATH), else node on PATH. */
static char *
find_node (void)
{
  const char *node = g_getenv ("BIE_TEST_NODE");

  if (node == NULL || *node == '\0')
    node = "node";

  if (strchr (node, '/') != NULL)
    return g_file_test (node, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (node) : NULL;

  return g_find_program_in_path (node);
}

static gboolean
check_node_version (const char  *node,
                    char       **why)
{
  const char *argv[] = { node, "--version", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  guint64 major = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      *why = g_strdup_printf ("%s --version failed: %s", node, error->message);
      return FALSE;
    }

  if (out[0] == 'v')
    major = g_ascii_strtoull (out + 1, NULL, 10);
  if (major < MIN_NODE_MAJOR)
    {
      *why = g_strdup_printf ("%s is %s; Node %d or later is needed (build-aux/test installs one)",
                              node, g_strstrip (out), MIN_NODE_MAJOR);
      return FALSE;
    }

  return TRUE;
}

/**
 * bie_test_fhir_server_available:
 * @why: (out) (optional): where to put the reason when it is not
 *
 * Whether the test server can run: Node 20 or later (`$BIE_TEST_NODE` or
 * `node` on PATH) and the npm packages in tests/fhir-server/node_modules,
 * which build-aux/test installs. Tests skip with @why when it cannot.
 *
 * Returns: %TRUE when bie_test_fhir_server_start() can work
 */
gboolean
bie_test_fhir_server_available (char **why)
{
  static gsize checked = 0;
  static gboolean available = FALSE;
  static char *reason = NULL;

  if (g_once_init_enter (&checked))
    {
      g_autofree char *dir = find_server_dir ();
      g_autofree char *node = find_node ();
      g_autofree char *package = g_build_filename (dir, "node_modules", "@medplum",
                                                   "fhir-router", "package.json", NULL);

      if (node == NULL)
        reason = g_strdup ("Node is not installed (set BIE_TEST_NODE or run build-aux/test)");
      else if (!g_file_test (package, G_FILE_TEST_IS_REGULAR))
        reason = g_strdup_printf ("%s/node_modules is missing (run npm ci there, or build-aux/test)", dir);
      else
        available = check_node_version (node, &reason);

      g_once_init_leave (&checked, 1);
    }

  if (why != NULL)
    *why = available ? NULL : g_strdup (reason);

  return available;
}

/* Runs in the child between fork and exec: the kernel sends it SIGTERM when
 * the test process ends, however it ends. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != (pid_t) GPOINTER_TO_INT (user_data))
    _exit (1);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until *@result is set or @seconds pass. */
static gboolean
iterate_until_done (GMainContext  *context,
                    GAsyncResult **result,
                    guint          seconds)
{
  g_autoptr(GSource) deadline = g_timeout_source_new_seconds (seconds);
  gboolean passed = FALSE;

  g_source_set_callback (deadline, on_deadline, &passed, NULL);
  g_source_attach (deadline, context);
  while (*result == NULL && !passed)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);

  return *result != NULL;
}

/* Reads the child's "listening PORT" line. */
static guint
read_port (GDataInputStream  *stream,
           const char        *what,
           GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 port = 0;

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable,
                                       on_async_done, &result);
  if (!iterate_until_done (context, &result, START_TIMEOUT_S))
    {
      g_cancellable_cancel (cancellable);
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, &local_error);
  g_main_context_pop_thread_default (context);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "The %s did not start within %d s", what, START_TIMEOUT_S);
      return 0;
    }
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Reading from the %s: ", what);
      return 0;
    }
  if (line == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The %s ended before it listened (its messages are above)", what);
      return 0;
    }
  if (!g_str_has_prefix (line, "listening ") ||
      !g_ascii_string_to_unsigned (line + strlen ("listening "), 10, 1, G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The %s said “%s”, not “listening PORT”", what, line);
      return 0;
    }

  return (guint) port;
}

static GSubprocess *
spawn_node (const char           *dir,
            const char * const   *argv,
            const char           *token,
            const char           *what,
            GDataInputStream    **out,
            guint                *port,
            GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "FHIR_SERVER_TOKEN", token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "FHIR_SERVER_TOKEN");

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *port = read_port (stream, what, error);
  if (*port == 0)
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }

  *out = g_steal_pointer (&stream);
  return g_steal_pointer (&process);
}

static void
stop_process (GSubprocess *process)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (process == NULL)
    return;

  /* Both scripts also end when their standard input closes. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_subprocess_send_signal (process, SIGTERM);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, NULL, on_async_done, &result);
  if (!iterate_until_done (context, &result, STOP_TIMEOUT_S))
    {
      g_subprocess_force_exit (process);
      while (result == NULL)
        g_main_context_iteration (context, TRUE);
    }
  g_subprocess_wait_finish (process, result, NULL);
  g_main_context_pop_thread_default (context);
}

/**
 * bie_test_fhir_server_stop:
 * @server: (transfer full) (nullable): the server
 *
 * Stops the server and the proxy and frees @server.
 */
void
bie_test_fhir_server_stop (BieTestFhirServer *server)
{
  if (server == NULL)
    return;

  stop_process (server->proxy);
  stop_process (server->server);
  g_clear_object (&server->proxy);
  g_clear_object (&server->server);
  g_clear_object (&server->proxy_out);
  g_clear_object (&server->server_out);
  g_clear_object (&server->session);
  g_free (server->direct_url);
  g_free (server->url);
  g_free (server);
}

/**
 * bie_test_fhir_server_start_with_token:
 * @with_proxy: whether to put the fault-injecting proxy in front
 * @seed: the seed of the proxy's faults
 * @fault_rate: the share of requests, 0 to 1, that meet a fault
 * @token: (nullable): the bearer token every request must carry, or %NULL
 * @error: return location for an error
 *
 * Starts the FHIR R4 test server on 127.0.0.1 and, with @with_proxy, the
 * fault proxy in front of it (tests/fhir-server/fault-proxy.mjs tells the
 * faults; `$FAULT_PROXY_MAX_DELAY` sets the longest delay in ms, 3000 by
 * default). Both are child processes that end with the test process.
 * Call bie_test_fhir_server_available() first.
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
BieTestFhirServer *
bie_test_fhir_server_start_with_token (gboolean     with_proxy,
                                       guint        seed,
                                       double       fault_rate,
                                       const char  *token,
                                       GError     **error)
{
  g_autoptr(BieTestFhirServer) server = g_new0 (BieTestFhirServer, 1);
  g_autofree char *dir = find_server_dir ();
  g_autofree char *node = find_node ();
  guint server_port = 0;

  g_return_val_if_fail (fault_rate >= 0.0 && fault_rate <= 1.0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Node is not installed");
      return NULL;
    }

  {
    const char * const argv[] = { node, "server.mjs", "0", "--exit-with-stdin", NULL };

    server->server = spawn_node (dir, argv, token, "FHIR test server",
                                 &server->server_out, &server_port, error);
    if (server->server == NULL)
      return NULL;
  }
  server->direct_url = g_strdup_printf ("http://127.0.0.1:%u" BASE_PATH, server_port);

  if (with_proxy)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *target = g_strdup_printf ("%u", server_port);
      g_autofree char *seed_text = g_strdup_printf ("%u", seed);
      const char * const argv[] = {
        node, "fault-proxy.mjs", "--target", target, "--seed", seed_text,
        "--rate", g_ascii_dtostr (rate, sizeof rate, fault_rate),
        "--exit-with-stdin", NULL
      };
      guint proxy_port = 0;

      server->proxy = spawn_node (dir, argv, token, "fault proxy",
                                  &server->proxy_out, &proxy_port, error);
      if (server->proxy == NULL)
        return NULL;
      server->url = g_strdup_printf ("http://127.0.0.1:%u" BASE_PATH, proxy_port);
    }
  else
    {
      server->url = g_strdup (server->direct_url);
    }

  server->session = soup_session_new_with_options ("timeout", 30, NULL);

  return g_steal_pointer (&server);
}

/**
 * bie_test_fhir_server_start:
 * @with_proxy: whether to put the fault-injecting proxy in front
 * @seed: the seed of the proxy's faults
 * @fault_rate: the share of requests, 0 to 1, that meet a fault
 * @error: return location for an error
 *
 * Starts the server without a token: see
 * bie_test_fhir_server_start_with_token().
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
BieTestFhirServer *
bie_test_fhir_server_start (gboolean   with_proxy,
                            guint      seed,
                            double     fault_rate,
                            GError   **error)
{
  return bie_test_fhir_server_start_with_token (with_proxy, seed, fault_rate, NULL, error);
}

/**
 * bie_test_fhir_server_get_url:
 * @server: the server
 *
 * Returns: the FHIR base URL a client should use: through the proxy when
 *   there is one, e.g. `http://127.0.0.1:PORT/fhir/R4`
 */
const char *
bie_test_fhir_server_get_url (BieTestFhirServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->url;
}

/**
 * bie_test_fhir_server_get_direct_url:
 * @server: the server
 *
 * Returns: the FHIR base URL of the server itself, never faulted
 */
const char *
bie_test_fhir_server_get_direct_url (BieTestFhirServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  return server->direct_url;
}

/* Sends a control request; returns its body when the answer is 200. */
static GBytes *
control (BieTestFhirServer  *server,
         const char         *method,
         const char         *url,
         GError            **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Bad URL %s", url);
      return NULL;
    }

  body = soup_session_send_and_read (server->session, message, NULL, error);
  if (body == NULL)
    return NULL;

  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: HTTP %u %.*s", method, url,
                   status, (int) MIN (g_bytes_get_size (body), 500),
                   (const char *) g_bytes_get_data (body, NULL));
      return NULL;
    }

  return g_steal_pointer (&body);
}

/**
 * bie_test_fhir_server_reset:
 * @server: the server
 * @error: return location for an error
 *
 * Empties the server (every resource and all history), so a test can
 * reuse one server.
 *
 * Returns: whether it worked
 */
gboolean
bie_test_fhir_server_reset (BieTestFhirServer  *server,
                            GError            **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  url = g_strconcat (server->direct_url, "/$reset", NULL);
  body = control (server, "POST", url, error);

  return body != NULL;
}

/**
 * bie_test_fhir_server_set_faults:
 * @server: a server started with a proxy
 * @rate: the share of requests, 0 to 1, that meet a fault
 * @kinds: (nullable): the faults to choose from, comma-separated (drop,
 *   delay, 503, 429, cut, lost), or %NULL to leave them as they are
 * @error: return location for an error
 *
 * Changes the proxy's faults; a rate of 0 lets everything through.
 *
 * Returns: whether it worked
 */
gboolean
bie_test_fhir_server_set_faults (BieTestFhirServer  *server,
                                 double              rate,
                                 const char         *kinds,
                                 GError            **error)
{
  char rate_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) url = NULL;
  g_autoptr(GBytes) body = NULL;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (rate >= 0.0 && rate <= 1.0, FALSE);

  if (server->proxy == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The server has no proxy");
      return FALSE;
    }

  url = g_string_new (server->url);
  g_string_append_printf (url, "/$faults?rate=%s",
                          g_ascii_dtostr (rate_text, sizeof rate_text, rate));
  if (kinds != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (kinds, NULL, FALSE);

      g_string_append_printf (url, "&faults=%s", escaped);
    }
  body = control (server, "POST", url->str, error);

  return body != NULL;
}

/**
 * bie_test_fhir_server_set_fault_rate:
 * @server: a server started with a proxy
 * @rate: the share of requests, 0 to 1, that meet a fault
 * @error: return location for an error
 *
 * Returns: whether it worked
 */
gboolean
bie_test_fhir_server_set_fault_rate (BieTestFhirServer  *server,
                                     double              rate,
                                     GError            **error)
{
  return bie_test_fhir_server_set_faults (server, rate, NULL, error);
}

/**
 * bie_test_fhir_server_get_fault_count:
 * @server: a server started with a proxy
 * @kind: (nullable): one kind of fault, or %NULL for all
 * @error: return location for an error
 *
 * Returns: how many faults of @kind the proxy injected so far, or -1 with
 *   @error set
 */
gint64
bie_test_fhir_server_get_fault_count (BieTestFhirServer  *server,
                                      const char         *kind,
                                      GError            **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *faults;
  GList *values;
  gint64 count = 0;

  g_return_val_if_fail (server != NULL, -1);

  if (server->proxy == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "The server has no proxy");
      return -1;
    }

  url = g_strconcat (server->url, "/$faults", NULL);
  body = control (server, "GET", url, error);
  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), error))
    return -1;

  faults = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "faults");
  if (kind != NULL)
    return json_object_get_int_member_with_default (faults, kind, 0);

  values = json_object_get_values (faults);
  for (GList *l = values; l != NULL; l = l->next)
    count += json_node_get_int (l->data);
  g_list_free (values);

  return count;
}
