/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "cube-types.h"

G_BEGIN_DECLS

/* One customer register of a data owner, B2B or B2C. Immutable: the store hands out a new object after each change. */
#define CUBE_TYPE_DATASET (cube_dataset_get_type ())
G_DECLARE_FINAL_TYPE (CubeDataset, cube_dataset, CUBE, DATASET, GObject)

/* Row id. */
gint64 cube_dataset_get_id (CubeDataset *self);
/* Data owner id. */
gint64 cube_dataset_get_owner_id (CubeDataset *self);
/* Data owner name. */
const char * cube_dataset_get_owner_name (CubeDataset *self);
/* B2B or B2C. */
CubeDatasetKind cube_dataset_get_kind (CubeDataset *self);

G_END_DECLS
