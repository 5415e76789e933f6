/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cube-store.h"

G_BEGIN_DECLS

/* What every window needs: the store, who is signed in, and word of changes
 * (ours, and other processes' found by polling the data version). */
#define CUBE_TYPE_CONTEXT (cube_context_get_type ())
G_DECLARE_FINAL_TYPE (CubeContext, cube_context, CUBE, CONTEXT, GObject)

CubeContext *cube_context_new            (CubeStore   *store);
CubeStore   *cube_context_get_store      (CubeContext *self);
/* The signed-in user as the database has it now. */
CubeUser    *cube_context_dup_user       (CubeContext *self);
/* Emits ::changed; call after a write of this process. */
void         cube_context_notify_changed (CubeContext *self);
/* Polls the database every @interval_ms for other processes' changes (0 stops). */
void         cube_context_set_poll_interval (CubeContext *self,
                                             guint        interval_ms);

G_END_DECLS
