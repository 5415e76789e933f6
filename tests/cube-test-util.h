/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the core test suites: a temporary directory per test
 * and a store with the smallest setup a customer needs. Self-contained on
 * purpose so any suite can include it. */

#include <glib.h>
#include <glib/gstdio.h>

#include "cube-core.h"

G_BEGIN_DECLS

/* A fresh directory under the system's temporary folder. */
static inline char *
cube_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cube-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

/* Removes @path and everything below it. */
static inline void
cube_test_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          cube_test_remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* Opens (creating) the database at @path and acts as @login. The first
 * login of a new database gets every permission. */
static inline CubeStore *
cube_test_open_store (const char *path,
                      const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeStore) store = cube_store_open_sqlite (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (login != NULL)
    {
      cube_store_set_user (store, login, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

/* Adds the demo data to @store; whether it did (FALSE: it was there). */
static inline gboolean
cube_test_add_demo (CubeStore *store)
{
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  g_assert_true (cube_demo_create (store, &created, &error));
  g_assert_no_error (error);
  return created;
}

/* What cube_test_setup_minimal() made. */
typedef struct {
  gint64 owner_id;
  gint64 dataset_id;
  gint64 assignment_id;
  gint64 outcome_sale_id;      /* progress, closes */
  gint64 outcome_no_answer_id; /* attempt */
  gint64 outcome_call_back_id; /* attempt, needs a time */
} CubeTestSetup;

/* A data owner @owner_name with a B2C dataset, an assignment
 * @assignment_name and three outcomes. The current user must be allowed to
 * set them up (the database's first user is). */
static inline void
cube_test_setup_minimal (CubeStore     *store,
                         const char    *owner_name,
                         const char    *assignment_name,
                         CubeTestSetup *setup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeOutcome) sale = NULL;
  g_autoptr(CubeOutcome) no_answer = NULL;
  g_autoptr(CubeOutcome) call_back = NULL;

  owner = cube_store_add_data_owner (store, owner_name, owner_name, "Testing", &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error);
  g_assert_no_error (error);
  assignment = cube_store_add_assignment (store, cube_dataset_get_id (dataset), assignment_name, &error);
  g_assert_no_error (error);
  sale = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Salg",
                                 CUBE_OUTCOME_PROGRESS, TRUE, FALSE, &error);
  g_assert_no_error (error);
  no_answer = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Ikke svar",
                                      CUBE_OUTCOME_ATTEMPT, FALSE, FALSE, &error);
  g_assert_no_error (error);
  call_back = cube_store_add_outcome (store, cube_assignment_get_id (assignment), "Ring tilbake",
                                      CUBE_OUTCOME_ATTEMPT, FALSE, TRUE, &error);
  g_assert_no_error (error);

  setup->owner_id = cube_data_owner_get_id (owner);
  setup->dataset_id = cube_dataset_get_id (dataset);
  setup->assignment_id = cube_assignment_get_id (assignment);
  setup->outcome_sale_id = cube_outcome_get_id (sale);
  setup->outcome_no_answer_id = cube_outcome_get_id (no_answer);
  setup->outcome_call_back_id = cube_outcome_get_id (call_back);
}

/* Adds a customer that must be accepted; @name and @phone may be NULL. */
static inline CubeCustomer *
cube_test_add_customer (CubeStore  *store,
                        gint64      assignment_id,
                        const char *customer_key,
                        const char *name,
                        const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  CubeCustomer *customer;

  draft->assignment_id = assignment_id;
  draft->customer_key = g_strdup (customer_key);
  draft->name = g_strdup (name);
  if (phone != NULL)
    cube_customer_draft_add_phone (draft, phone);
  customer = cube_store_add_customer (store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

/* Asserts @error is a CUBE_ERROR with @code naming @field (NULL: any). */
#define cube_test_assert_error(error, code, field)                              \
  G_STMT_START {                                                              \
    g_assert_error ((error), CUBE_ERROR, (int) (code));                             \
    if ((field) != NULL)                                                        \
      g_assert_cmpstr (cube_error_get_field (error), ==, (field));              \
  } G_STMT_END

G_END_DECLS
