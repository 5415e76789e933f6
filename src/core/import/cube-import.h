/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The import's readers and column mapping (src/core/import/). */
#include "cube-import-job.h"
#include "cube-import-mapping.h"
#include "cube-sheet-reader.h"
