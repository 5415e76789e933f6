/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* cube-cli's exit statuses; scripts rely on them. */
typedef enum {
  CUBE_CLI_EXIT_DONE       = 0,
  CUBE_CLI_EXIT_INVALID    = 1,  /* validation error, unusable database */
  CUBE_CLI_EXIT_USAGE      = 2,  /* unknown command, missing or malformed option */
  CUBE_CLI_EXIT_CONFLICT   = 3,  /* duplicate Kundeid, customer locked by someone else */
  CUBE_CLI_EXIT_NOT_FOUND  = 4,  /* no such assignment, customer, … or no available customer */
  CUBE_CLI_EXIT_PERMISSION = 5,
} CubeCliExit;

/* Runs `cube-cli [--database FILE] [--user LOGIN] [--json] COMMAND …` and
 * returns its exit status. */
int cube_cli_run (int    argc,
                  char **argv);

G_END_DECLS
