/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Everything src/core offers the GUI, the CLI and the tests. */
#include "cube-assignment.h"
#include "cube-context.h"
#include "cube-csv.h"
#include "cube-customer.h"
#include "cube-customer-draft.h"
#include "cube-data-owner.h"
#include "cube-dataset.h"
#include "cube-demo.h"
#include "cube-error.h"
#include "cube-event.h"
#include "cube-field-def.h"
#include "cube-outcome.h"
#include "cube-overview.h"
#include "cube-store.h"
#include "cube-types.h"
#include "cube-user.h"
#include "cube-validate.h"
