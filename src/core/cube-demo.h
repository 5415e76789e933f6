/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cube-store.h"

G_BEGIN_DECLS

#define CUBE_DEMO_OWNER "Demo AS"
#define CUBE_DEMO_ASSIGNMENT "Vårkampanje 2027"

/* Creates the demo data owner, dataset, fields, assignment, outcomes and 40
 * customers, and gives the current user every permission. Does nothing
 * (and sets @created to FALSE) when the demo data is already there. */
gboolean cube_demo_create (CubeStore *store,
                           gboolean  *created,
                           GError   **error);

G_END_DECLS
