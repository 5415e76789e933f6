/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include "cube-core.h"

G_BEGIN_DECLS

/* Korriger utfall: chooses another outcome of the assignment for a
 * registered outcome (event), with a comment and, when the outcome needs
 * one, a follow-up time; the core records the correction as its own event.
 * Closes itself when the correction is stored. */
#define CUBE_TYPE_CORRECT_OUTCOME_DIALOG (cube_correct_outcome_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CubeCorrectOutcomeDialog, cube_correct_outcome_dialog,
                      CUBE, CORRECT_OUTCOME_DIALOG, GtkWindow)

/* For outcome event @event_id, registered in @assignment_id, whose outcome
 * in effect is @current (a label). */
GtkWidget *cube_correct_outcome_dialog_new (CubeContext *context,
                                            gint64       event_id,
                                            gint64       assignment_id,
                                            const char  *current);

G_END_DECLS
