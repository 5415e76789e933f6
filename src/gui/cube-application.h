/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

#define CUBE_TYPE_APPLICATION (cube_application_get_type ())
G_DECLARE_FINAL_TYPE (CubeApplication, cube_application, CUBE, APPLICATION, GtkApplication)

CubeApplication *cube_application_new         (void);
/* The context of the open database; NULL before startup opened it. */
CubeContext     *cube_application_get_context (CubeApplication *self);
/* Cube's GSettings, or NULL when the schema is not installed (tests, a
 * build tree without GSETTINGS_SCHEMA_DIR). */
GSettings       *cube_settings_new            (void);

G_END_DECLS
