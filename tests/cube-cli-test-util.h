/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The fixture and the runner shared by the cube-cli suites (test-cli.c,
 * test-cli-settings.c): a temporary directory with the database and
 * XDG_DATA_HOME, cube-cli run as a child process, its status and output.
 * The short names are the ones the suites were written with. */

#include <json-glib/json-glib.h>
#include <sys/wait.h>

#include "cube-test-util.h"

G_BEGIN_DECLS

enum {
  EXIT_DONE = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
  EXIT_CONFLICT = 3,
  EXIT_NOT_FOUND = 4,
  EXIT_PERMISSION = 5,
};

typedef struct {
  char *dir;
  char *path;      /* the database passed with --database */
  char *xdg;       /* XDG_DATA_HOME, so the default database stays inside dir */
  char *out;       /* stdout and stderr of the last run */
  char *err;
} Fixture;

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cube-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->xdg = g_build_filename (fixture->dir, "xdg", NULL);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cube_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->xdg);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Runs cube-cli with @args (after --database unless @database is NULL) and
 * @cube_database as $CUBE_DATABASE (unset when NULL); returns the exit
 * status and keeps the output in the fixture. */
static inline int
run_argv (Fixture            *fixture,
          const char         *database,
          const char         *cube_database,
          const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  const char *cli = g_getenv ("CUBE_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  if (database != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, (gpointer) database);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "CUBE_DATABASE");
  if (cube_database != NULL)
    envp = g_environ_setenv (envp, "CUBE_DATABASE", cube_database, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", fixture->xdg, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &fixture->out, &fixture->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_test_message ("cube-cli ... %s -> %d\n%s%s", args[0], WEXITSTATUS (status),
                  fixture->out, fixture->err);
  return WEXITSTATUS (status);
}

#define run(fixture, ...) \
  run_argv ((fixture), (fixture)->path, NULL, (const char *[]) { __VA_ARGS__, NULL })

static inline void
assert_status (Fixture *fixture,
               int      status,
               int      expected)
{
  if (status != expected)
    g_error ("cube-cli exited with %d, expected %d\nstdout: %s\nstderr: %s",
             status, expected, fixture->out, fixture->err);
}

static inline JsonNode *
parse_output (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, fixture->out, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

G_END_DECLS
