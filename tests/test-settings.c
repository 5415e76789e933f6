/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The supervisor's rules in core: CRM fields, data owners and datasets,
 * users and permissions, assignments and outcomes, moving customers,
 * correcting outcomes, the overview and the exports. */

#include <string.h>

#include "cube-core.h"
#include "cube-test-util.h"

typedef struct {
  char          *dir;
  char          *path;
  CubeStore     *store;
  CubeTestSetup  setup;
  gint64         clock;
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  return ((Fixture *) data)->clock;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cube_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "cube.db", NULL);
  f->store = cube_test_open_store (f->path, "admin");
  /* A fixed day, 2027-03-10 12:00 local time, that tests move forward. */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
    g_autoptr(GDateTime) dt = g_date_time_new (tz, 2027, 3, 10, 12, 0, 0);
    f->clock = g_date_time_to_unix (dt);
  }
  cube_store_set_clock (f->store, fixture_clock, f);
  cube_test_setup_minimal (f->store, "Acme", "Vår 2027", &f->setup);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  cube_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Acts as @login, creating it with @permissions when new. */
static void
act_as (Fixture         *f,
        const char      *login,
        CubePermissions  permissions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) existing = cube_store_find_user (f->store, login, NULL);

  if (existing == NULL)
    {
      g_autoptr(CubeUser) user = NULL;

      cube_store_set_user (f->store, "admin", &error);
      g_assert_no_error (error);
      user = cube_store_add_user (f->store, login, login, permissions, &error);
      g_assert_no_error (error);
    }
  cube_store_set_user (f->store, login, &error);
  g_assert_no_error (error);
}

static CubeFieldDef *
add_field (Fixture       *f,
           const char    *key,
           const char    *label,
           CubeFieldType  type)
{
  g_autoptr(GError) error = NULL;
  static const char * const choices[] = { "Rød", "Grønn", NULL };
  CubeFieldDef *field;

  field = cube_store_add_field (f->store, f->setup.dataset_id, key, label, type, FALSE, FALSE,
                                type == CUBE_FIELD_CHOICE ? choices : NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (field);
  return field;
}

/* Adds a customer with one custom value (NULL: none). */
static CubeCustomer *
add_with_value (Fixture    *f,
                const char *customer_key,
                const char *field_key,
                const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  CubeCustomer *customer;

  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup (customer_key);
  if (value != NULL)
    cube_customer_draft_set_field (draft, field_key, value);
  customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  return customer;
}

static const char *
stored_value (Fixture    *f,
              gint64      customer_id,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_get_customer (f->store, customer_id, &error);
  static char buffer[256];
  const char *value;

  g_assert_no_error (error);
  value = g_hash_table_lookup (cube_customer_get_fields (customer), key);
  if (value == NULL)
    return NULL;
  g_strlcpy (buffer, value, sizeof buffer);
  return buffer;
}

/* Changes only what the test names, keeping the rest of @field. */
static CubeFieldDef *
update_field (Fixture        *f,
              CubeFieldDef   *field,
              const char     *key,
              CubeFieldType   type,
              gboolean        required,
              gboolean        unique,
              GError        **error)
{
  return cube_store_update_field (f->store, cube_field_def_get_id (field), key,
                                  cube_field_def_get_label (field), type, required, unique,
                                  type == CUBE_FIELD_CHOICE ? cube_field_def_get_options (field) : NULL,
                                  cube_field_def_get_help (field), error);
}

static GStrv
field_keys (Fixture  *f,
            gboolean  include_archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = cube_store_list_fields (f->store, f->setup.dataset_id,
                                                        include_archived, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    g_strv_builder_add (builder, cube_field_def_get_key (fields->pdata[i]));
  return g_strv_builder_end (builder);
}

static char *
joined_keys (Fixture  *f,
             gboolean  include_archived)
{
  g_auto(GStrv) keys = field_keys (f, include_archived);

  return g_strjoinv (",", keys);
}

/* ---- fields -------------------------------------------------------------- */

static void
test_key_from_label (void)
{
  static const struct { const char *label, *key; } cases[] = {
    { "Fødselsdato", "fodselsdato" },
    { "Kjære kunde nr. 2", "kjaere_kunde_nr_2" },
    { "Årsak", "arsak" },
    { "  Siste  kontakt!  ", "siste_kontakt" },
    { "2. adresse", "field_2_adresse" },
    { "", "field" },
    { "Übermäßig", "ubermassig" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = cube_field_key_from_label (cases[i].label);

      g_assert_cmpstr (key, ==, cases[i].key);
      g_assert_true (cube_validate_field_key (key, NULL));
    }
}

static void
test_field_update_basic (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "born", "Født", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeFieldDef) again = NULL;

  /* No values yet: the key may change along with everything else. */
  changed = cube_store_update_field (f->store, cube_field_def_get_id (field), "fodselsdato",
                                     "Fødselsdato", CUBE_FIELD_DATE, TRUE, TRUE, NULL,
                                     "  dd.mm.åååå ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_field_def_get_key (changed), ==, "fodselsdato");
  g_assert_cmpstr (cube_field_def_get_label (changed), ==, "Fødselsdato");
  g_assert_cmpint (cube_field_def_get_field_type (changed), ==, CUBE_FIELD_DATE);
  g_assert_true (cube_field_def_get_required (changed));
  g_assert_true (cube_field_def_get_unique (changed));
  g_assert_cmpstr (cube_field_def_get_help (changed), ==, "dd.mm.åååå");

  /* What the store holds, not just what it handed back. */
  again = cube_store_find_field (f->store, f->setup.dataset_id, "fodselsdato", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_field_def_get_id (again), ==, cube_field_def_get_id (field));
  g_assert_cmpint (cube_field_def_get_field_type (again), ==, CUBE_FIELD_DATE);
  g_clear_object (&again);
  again = cube_store_find_field (f->store, f->setup.dataset_id, "born", &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "key");
  g_assert_null (again);
  g_clear_error (&error);

  /* The rules of a new field hold for a changed one. */
  again = cube_store_update_field (f->store, cube_field_def_get_id (field), "name", "Navn",
                                   CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "key");
  g_clear_error (&error);
  again = cube_store_update_field (f->store, cube_field_def_get_id (field), NULL, "  ",
                                   CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "label");
  g_clear_error (&error);
  again = cube_store_update_field (f->store, cube_field_def_get_id (field), NULL, "Farge",
                                   CUBE_FIELD_CHOICE, FALSE, FALSE, NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "options");
  g_clear_error (&error);
  again = cube_store_update_field (f->store, 999999, NULL, "Farge",
                                   CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
  g_assert_null (again);
}

static void
test_field_key_locked_by_values (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "colour", "Farge", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) other = add_field (f, "size", "Størrelse", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "colour", "blå");
  g_autoptr(CubeCustomer) c2 = add_with_value (f, "K2", "colour", "rød");

  changed = update_field (f, field, "farge", CUBE_FIELD_TEXT, FALSE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "key");
  g_assert_nonnull (strstr (error->message, "2"));
  g_assert_null (changed);
  g_clear_error (&error);
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "colour"), ==, "blå");

  /* A key another field has is refused too. */
  changed = update_field (f, other, "colour", CUBE_FIELD_TEXT, FALSE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "key");
  g_clear_error (&error);

  /* The same key and a new label are fine while values exist. */
  changed = cube_store_update_field (f->store, cube_field_def_get_id (field), "colour", "Farge på bil",
                                     CUBE_FIELD_TEXT, FALSE, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_field_def_get_label (changed), ==, "Farge på bil");
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c2), "colour"), ==, "rød");
}

static void
test_field_type_change (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "amount", "Beløp", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "amount", "12,5");
  g_autoptr(CubeCustomer) c2 = add_with_value (f, "K2", "amount", "mange");
  g_autoptr(CubeCustomer) c3 = add_with_value (f, "K3", "amount", "ti");
  g_autoptr(CubeCustomer) c4 = add_with_value (f, "K4", "amount", "1 000");

  /* Two values are not numbers: refused, with the count, nothing changed. */
  changed = update_field (f, field, NULL, CUBE_FIELD_NUMBER, FALSE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "type");
  g_assert_nonnull (strstr (error->message, " 2 "));
  /* The type in the user's words, not its key. */
  g_assert_nonnull (strstr (error->message, cube_field_type_get_display_name (CUBE_FIELD_NUMBER)));
  g_assert_null (strstr (error->message, "number"));
  g_assert_null (changed);
  g_clear_error (&error);
  g_clear_object (&changed);
  changed = cube_store_get_field (f->store, cube_field_def_get_id (field), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_field_def_get_field_type (changed), ==, CUBE_FIELD_TEXT);
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "amount"), ==, "12,5");
  g_clear_object (&changed);

  /* Once they are fixed, the change goes through and the values are
   * stored in the number's form. */
  {
    g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
    g_autoptr(CubeCustomer) fixed = NULL;

    draft->customer_key = g_strdup ("K2");
    cube_customer_draft_set_field (draft, "amount", "7");
    fixed = cube_store_update_customer (f->store, cube_customer_get_id (c2), draft, &error);
    g_assert_no_error (error);
    g_clear_object (&fixed);
    g_free (draft->customer_key);
    draft->customer_key = g_strdup ("K3");
    fixed = cube_store_update_customer (f->store, cube_customer_get_id (c3), draft, &error);
    g_assert_no_error (error);
  }
  changed = update_field (f, field, NULL, CUBE_FIELD_NUMBER, FALSE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_field_def_get_field_type (changed), ==, CUBE_FIELD_NUMBER);
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "amount"), ==, "12.5");
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c4), "amount"), ==, "1000");
  g_clear_object (&changed);

  /* Number to text always converts. */
  changed = update_field (f, field, NULL, CUBE_FIELD_TEXT, FALSE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_field_def_get_field_type (changed), ==, CUBE_FIELD_TEXT);
}

static void
test_field_choice_options (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "colour", "Farge", CUBE_FIELD_CHOICE);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "colour", "rød");
  static const char * const without_red[] = { "Grønn", "Blå", NULL };
  static const char * const renamed[] = { "RØD", "Grønn", "Blå", NULL };
  static const char * const twice[] = { "Rød", "grønn", "GRØNN", NULL };

  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "colour"), ==, "Rød");
  changed = cube_store_update_field (f->store, cube_field_def_get_id (field), NULL, "Farge",
                                     CUBE_FIELD_CHOICE, FALSE, FALSE, without_red, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "options");
  g_assert_nonnull (strstr (error->message, "1"));
  g_clear_error (&error);

  changed = cube_store_update_field (f->store, cube_field_def_get_id (field), NULL, "Farge",
                                     CUBE_FIELD_CHOICE, FALSE, FALSE, twice, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "options");
  g_clear_error (&error);

  changed = cube_store_update_field (f->store, cube_field_def_get_id (field), NULL, "Farge",
                                     CUBE_FIELD_CHOICE, FALSE, FALSE, renamed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (cube_field_def_get_options (changed), renamed);
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "colour"), ==, "RØD");
}

static void
test_field_unique_with_duplicates (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "orgnr", "Org.nr.", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "orgnr", "111");
  g_autoptr(CubeCustomer) c2 = add_with_value (f, "K2", "orgnr", "111");
  g_autoptr(CubeCustomer) c3 = add_with_value (f, "K3", "orgnr", "111");
  g_autoptr(CubeCustomer) c4 = add_with_value (f, "K4", "orgnr", "222");
  g_autoptr(CubeCustomer) c5 = add_with_value (f, "K5", "orgnr", NULL);
  g_autoptr(CubeCustomer) dup = NULL;

  changed = update_field (f, field, NULL, CUBE_FIELD_TEXT, FALSE, TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "unique");
  g_assert_nonnull (strstr (error->message, " 3 "));
  g_assert_null (changed);
  g_clear_error (&error);

  /* Fix two of the three and it is allowed; after that a duplicate is
   * refused, an empty value is not. */
  {
    g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
    g_autoptr(CubeCustomer) fixed = NULL;

    draft->customer_key = g_strdup ("K2");
    cube_customer_draft_set_field (draft, "orgnr", "333");
    fixed = cube_store_update_customer (f->store, cube_customer_get_id (c2), draft, &error);
    g_assert_no_error (error);
    g_clear_object (&fixed);
    g_free (draft->customer_key);
    draft->customer_key = g_strdup ("K3");
    cube_customer_draft_set_field (draft, "orgnr", "");
    fixed = cube_store_update_customer (f->store, cube_customer_get_id (c3), draft, &error);
    g_assert_no_error (error);
  }
  changed = update_field (f, field, NULL, CUBE_FIELD_TEXT, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_field_def_get_unique (changed));

  {
    g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();

    draft->assignment_id = f->setup.assignment_id;
    draft->customer_key = g_strdup ("K6");
    cube_customer_draft_set_field (draft, "orgnr", "222");
    dup = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
    cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "orgnr");
    g_assert_null (dup);
  }
}

static void
test_field_required_keeps_existing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "city", "Sted", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) changed = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "city", "Bergen");
  g_autoptr(CubeCustomer) c2 = add_with_value (f, "K2", "city", NULL);
  g_autoptr(CubeCustomer) c3 = add_with_value (f, "K3", "city", NULL);
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();

  changed = update_field (f, field, NULL, CUBE_FIELD_TEXT, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_field_def_get_required (changed));

  /* Existing customers are listed, not changed. */
  after = cube_store_get_customer (f->store, cube_customer_get_id (c2), &error);
  g_assert_no_error (error);
  g_assert_null (g_hash_table_lookup (cube_customer_get_fields (after), "city"));
  g_assert_cmpint (cube_customer_get_updated_at (after), ==, cube_customer_get_updated_at (c2));
  g_assert_cmpint (cube_store_count_missing_value (f->store, cube_field_def_get_id (field), &error), ==, 2);
  g_assert_no_error (error);
  missing = cube_store_list_missing_value (f->store, cube_field_def_get_id (field), 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 2);
  g_assert_cmpstr (cube_customer_get_customer_key (missing->pdata[0]), ==, "K2");
  g_assert_cmpstr (cube_customer_get_customer_key (missing->pdata[1]), ==, "K3");
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = cube_store_list_missing_value (f->store, cube_field_def_get_id (field), 1, 10, &error);
  g_assert_cmpuint (missing->len, ==, 1);

  /* New and edited customers must have it. */
  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup ("K4");
  g_clear_object (&after);
  after = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "city");
  g_clear_error (&error);
  g_free (draft->customer_key);
  draft->customer_key = g_strdup ("K2");
  draft->name = g_strdup ("Kari");
  after = cube_store_update_customer (f->store, cube_customer_get_id (c2), draft, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "city");
  g_clear_error (&error);
  cube_customer_draft_set_field (draft, "city", "Oslo");
  after = cube_store_update_customer (f->store, cube_customer_get_id (c2), draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_store_count_missing_value (f->store, cube_field_def_get_id (field), &error), ==, 1);
  (void) c1;
  (void) c3;
}

static void
test_field_move (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) a = add_field (f, "a", "A", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) b = add_field (f, "b", "B", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) c = add_field (f, "c", "C", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) d = add_field (f, "d", "D", CUBE_FIELD_TEXT);
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *order = NULL;

  g_assert_true (cube_store_move_field (f->store, cube_field_def_get_id (d), 1, &error));
  g_assert_no_error (error);
  order = joined_keys (f, TRUE);
  g_assert_cmpstr (order, ==, "d,a,b,c");
  g_free (order);

  g_assert_true (cube_store_move_field (f->store, cube_field_def_get_id (d), 3, &error));
  order = joined_keys (f, TRUE);
  g_assert_cmpstr (order, ==, "a,b,d,c");
  g_free (order);

  /* Past the end means last. */
  g_assert_true (cube_store_move_field (f->store, cube_field_def_get_id (a), 99, &error));
  order = joined_keys (f, TRUE);
  g_assert_cmpstr (order, ==, "b,d,c,a");

  /* Renumbered 1..n, so the positions say the same. */
  fields = cube_store_list_fields (f->store, f->setup.dataset_id, TRUE, &error);
  for (guint i = 0; i < fields->len; i++)
    g_assert_cmpint (cube_field_def_get_position (fields->pdata[i]), ==, (int) i + 1);

  g_assert_false (cube_store_move_field (f->store, cube_field_def_get_id (a), 0, &error));
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "position");
  g_clear_error (&error);
  g_assert_false (cube_store_move_field (f->store, 999999, 1, &error));
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
  (void) b;
  (void) c;
}

static void
test_field_archive_restore (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) keep = add_field (f, "keep", "Behold", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) old = add_field (f, "old", "Gammel", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) archived = NULL;
  g_autoptr(CubeFieldDef) restored = NULL;
  g_autoptr(CubeCustomer) c1 = add_with_value (f, "K1", "old", "verdi");
  g_autoptr(CubeCustomer) edited = NULL;
  g_autoptr(CubeCustomer) refused = NULL;
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autofree char *visible = NULL;
  g_autofree char *all = NULL;

  archived = cube_store_set_field_archived (f->store, cube_field_def_get_id (old), TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_field_def_get_archived (archived));
  visible = joined_keys (f, FALSE);
  all = joined_keys (f, TRUE);
  g_assert_cmpstr (visible, ==, "keep");
  g_assert_cmpstr (all, ==, "keep,old");

  /* The value is kept, also through an edit that does not show it. */
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "old"), ==, "verdi");
  draft->customer_key = g_strdup ("K1");
  draft->name = g_strdup ("Per");
  edited = cube_store_update_customer (f->store, cube_customer_get_id (c1), draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "old"), ==, "verdi");

  /* Forms, import and API cannot fill it. */
  g_free (draft->customer_key);
  draft->customer_key = g_strdup ("K2");
  draft->assignment_id = f->setup.assignment_id;
  cube_customer_draft_set_field (draft, "old", "ny");
  refused = cube_store_add_customer (f->store, draft, CUBE_SOURCE_IMPORT, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "old");
  g_clear_error (&error);

  restored = cube_store_set_field_archived (f->store, cube_field_def_get_id (old), FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (cube_field_def_get_archived (restored));
  g_free (visible);
  visible = joined_keys (f, FALSE);
  g_assert_cmpstr (visible, ==, "keep,old");
  g_assert_cmpstr (stored_value (f, cube_customer_get_id (c1), "old"), ==, "verdi");
  (void) keep;
}

static void
test_field_permissions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) field = add_field (f, "note", "Notat", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) result = NULL;
  g_autofree char *order = NULL;

  act_as (f, "agent", CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_REPORTING
                      | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING | CUBE_PERMISSION_CORRECT_OUTCOMES);
  result = cube_store_add_field (f->store, f->setup.dataset_id, "x", "X", CUBE_FIELD_TEXT,
                                 FALSE, FALSE, NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  result = update_field (f, field, NULL, CUBE_FIELD_NUMBER, TRUE, TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_false (cube_store_move_field (f->store, cube_field_def_get_id (field), 1, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  result = cube_store_set_field_archived (f->store, cube_field_def_get_id (field), TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  order = joined_keys (f, FALSE);
  g_assert_cmpstr (order, ==, "note");

  /* Assignment setup alone is enough. */
  act_as (f, "setup", CUBE_PERMISSION_ASSIGNMENT_SETUP);
  result = update_field (f, field, NULL, CUBE_FIELD_NUMBER, TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_field_def_get_required (result));
  g_clear_object (&result);
  result = cube_store_set_field_archived (f->store, cube_field_def_get_id (field), TRUE, &error);
  g_assert_no_error (error);
}

/* ---- data owners and datasets ---------------------------------------------- */

static void
test_owner_edit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataOwner) other = NULL;
  g_autoptr(CubeDataOwner) changed = NULL;
  g_autoptr(CubeDataOwner) found = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeCustomer) customer = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);

  other = cube_store_add_data_owner (f->store, "Beta", NULL, NULL, &error);
  g_assert_no_error (error);

  changed = cube_store_update_data_owner (f->store, f->setup.owner_id, "  Acme Norge ",
                                          "Acme Norge AS", "Salg av\nstrøm", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cube_data_owner_get_name (changed), ==, "Acme Norge");
  g_assert_cmpstr (cube_data_owner_get_controller (changed), ==, "Acme Norge AS");
  g_assert_cmpstr (cube_data_owner_get_purpose (changed), ==, "Salg av\nstrøm");

  /* By id and by name, as the store holds it; its dataset stays with it. */
  found = cube_store_find_data_owner (f->store, "Acme Norge", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_data_owner_get_id (found), ==, f->setup.owner_id);
  g_assert_cmpstr (cube_data_owner_get_purpose (found), ==, "Salg av\nstrøm");
  dataset = cube_store_find_dataset (f->store, "Acme Norge/b2c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_dataset_get_id (dataset), ==, f->setup.dataset_id);
  g_clear_object (&found);
  found = cube_store_find_data_owner (f->store, "Acme", &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "owner");
  g_clear_error (&error);

  g_clear_object (&changed);
  changed = cube_store_update_data_owner (f->store, f->setup.owner_id, "Beta", NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "name");
  g_clear_error (&error);
  changed = cube_store_update_data_owner (f->store, f->setup.owner_id, " ", NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "name");
  g_clear_error (&error);
  changed = cube_store_update_data_owner (f->store, f->setup.owner_id, "A/B", NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "name");
  g_clear_error (&error);
  changed = cube_store_update_data_owner (f->store, 99999, "Gamma", NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "owner");
  g_clear_error (&error);

  act_as (f, "agent", CUBE_PERMISSION_CUSTOMER_HANDLING);
  changed = cube_store_update_data_owner (f->store, f->setup.owner_id, "Gamma", NULL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_null (cube_store_add_data_owner (f->store, "Delta", NULL, NULL, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  (void) customer;
}

static void
test_dataset_one_of_each (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataset) b2b = NULL;
  g_autoptr(CubeDataset) again = NULL;
  g_autoptr(GPtrArray) datasets = NULL;

  b2b = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_dataset_get_kind (b2b), ==, CUBE_DATASET_B2B);
  g_assert_cmpint (cube_dataset_get_owner_id (b2b), ==, f->setup.owner_id);
  again = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "kind");
  g_clear_error (&error);
  again = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2C, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "kind");
  g_clear_error (&error);
  again = cube_store_add_dataset (f->store, 99999, CUBE_DATASET_B2C, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "owner");
  g_clear_error (&error);
  datasets = cube_store_list_datasets (f->store, &error);
  g_assert_cmpuint (datasets->len, ==, 2);

  act_as (f, "agent", CUBE_PERMISSION_CUSTOMER_HANDLING);
  {
    g_autoptr(CubeDataOwner) owner = NULL;

    cube_store_set_user (f->store, "admin", &error);
    owner = cube_store_add_data_owner (f->store, "Beta", NULL, NULL, &error);
    g_assert_no_error (error);
    cube_store_set_user (f->store, "agent", &error);
    again = cube_store_add_dataset (f->store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, &error);
    cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
    g_assert_null (again);
  }
}

/* ---- users --------------------------------------------------------------------- */

static void
test_user_first_gets_everything (void)
{
  g_autofree char *dir = cube_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cube.db", NULL);
  g_autoptr(CubeStore) store = cube_test_open_store (path, "first");
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) first = NULL;
  g_autoptr(CubeUser) second = NULL;

  first = cube_store_find_user (store, "first", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_user_get_permissions (first), ==, CUBE_PERMISSION_ALL);
  cube_store_set_user (store, "second", &error);
  g_assert_no_error (error);
  second = cube_store_find_user (store, "second", &error);
  g_assert_cmpint (cube_user_get_permissions (second), ==, CUBE_PERMISSION_CUSTOMER_HANDLING);
  g_clear_object (&store);
  cube_test_remove_tree (dir);
}

static void
test_user_edit_archive (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) kari = NULL;
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(CubeUser) stored = NULL;
  g_autoptr(CubeCustomer) customer = NULL;

  kari = cube_store_add_user (f->store, "kari", "Kari", CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  g_assert_null (cube_store_add_user (f->store, "kari", "Kari", 0, &error));
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "login");
  g_clear_error (&error);
  g_assert_null (cube_store_add_user (f->store, "kari nordmann", "Kari", 0, &error));
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "login");
  g_clear_error (&error);

  changed = cube_store_update_user (f->store, cube_user_get_id (kari), " Kari Nordmann ",
                                    CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_REPORTING
                                    | (1 << 20), &error);
  g_assert_no_error (error);
  stored = cube_store_find_user (f->store, "kari", &error);
  g_assert_cmpstr (cube_user_get_name (stored), ==, "Kari Nordmann");
  g_assert_cmpint (cube_user_get_permissions (stored), ==,
                   CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_REPORTING);
  g_clear_object (&stored);

  /* Archived: kept with its history, but cannot act. */
  g_clear_object (&changed);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (kari), TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_user_get_archived (changed));
  cube_store_set_user (f->store, "kari", &error);
  g_assert_no_error (error);
  customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_null (cube_store_get_user (f->store));

  cube_store_set_user (f->store, "admin", &error);
  g_clear_object (&changed);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (kari), FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (cube_user_get_archived (changed));
  cube_store_set_user (f->store, "kari", &error);
  stored = cube_store_get_user (f->store);
  g_assert_nonnull (stored);

  /* Only an administrator manages users. */
  g_clear_object (&changed);
  changed = cube_store_update_user (f->store, cube_user_get_id (kari), "Kari", CUBE_PERMISSION_ALL, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  act_as (f, "setup", CUBE_PERMISSION_ASSIGNMENT_SETUP | CUBE_PERMISSION_CORRECT_OUTCOMES);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (kari), TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_null (cube_store_add_user (f->store, "ola", NULL, 0, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
}

static void
test_user_last_administrator (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeUser) admin = cube_store_find_user (f->store, "admin", NULL);
  g_autoptr(CubeUser) boss = NULL;
  g_autoptr(CubeUser) changed = NULL;
  g_autoptr(CubeUser) stored = NULL;

  changed = cube_store_update_user (f->store, cube_user_get_id (admin), "Admin",
                                    CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "permissions");
  g_clear_error (&error);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (admin), TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "permissions");
  g_clear_error (&error);
  stored = cube_store_find_user (f->store, "admin", &error);
  g_assert_cmpint (cube_user_get_permissions (stored), ==, CUBE_PERMISSION_ALL);
  g_assert_false (cube_user_get_archived (stored));
  g_clear_object (&stored);

  /* Other permissions of the last administrator may change. */
  changed = cube_store_update_user (f->store, cube_user_get_id (admin), "Admin",
                                    CUBE_PERMISSION_ADMINISTRATOR, &error);
  g_assert_no_error (error);
  g_clear_object (&changed);

  /* An archived administrator does not count. */
  boss = cube_store_add_user (f->store, "boss", "Boss", CUBE_PERMISSION_ADMINISTRATOR, &error);
  g_assert_no_error (error);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (boss), TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&changed);
  changed = cube_store_update_user (f->store, cube_user_get_id (admin), "Admin", 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "permissions");
  g_clear_error (&error);

  /* With a second one, the first may step down, and then the second is the last. */
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (boss), FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&changed);
  changed = cube_store_update_user (f->store, cube_user_get_id (admin), "Admin",
                                    CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  g_clear_object (&changed);
  cube_store_set_user (f->store, "boss", &error);
  changed = cube_store_set_user_archived (f->store, cube_user_get_id (boss), TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "permissions");
}

/* ---- assignments ----------------------------------------------------------------- */

/* Changes only what the test names, keeping the rest of the assignment. */
static CubeAssignment *
set_assignment (Fixture             *f,
                CubeVisibility       visibility,
                const char * const  *logins,
                const char          *from,
                const char          *until,
                guint                attempt_limit,
                guint                cooldown,
                GError             **error)
{
  g_autoptr(CubeAssignment) old = cube_store_get_assignment (f->store, f->setup.assignment_id, NULL);

  return cube_store_update_assignment (f->store, f->setup.assignment_id, cube_assignment_get_name (old),
                                       cube_assignment_get_dataset_id (old), visibility, logins, from,
                                       until, attempt_limit, cooldown, error);
}

static gboolean
lists_assignment (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = cube_store_list_assignments (f->store, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (cube_assignment_get_id (list->pdata[i]) == f->setup.assignment_id)
      return TRUE;
  return FALSE;
}

/* Locks the next customer and registers @outcome_id for it. */
static void
work_next (Fixture    *f,
           gint64      outcome_id,
           const char *expected_key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  g_autoptr(CubeCustomer) done = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cube_customer_get_customer_key (customer), ==, expected_key);
  done = cube_store_register_outcome (f->store, cube_customer_get_id (customer), outcome_id, 0, NULL, &error);
  g_assert_no_error (error);
}

static char *
next_key (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  char *key;

  if (customer == NULL)
    {
      cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
      return NULL;
    }
  key = g_strdup (cube_customer_get_customer_key (customer));
  g_assert_true (cube_store_release_lock (f->store, cube_customer_get_id (customer), &error));
  g_assert_no_error (error);
  return key;
}

static void
test_assignment_update (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeAssignment) stored = NULL;
  g_autoptr(CubeAssignment) other = NULL;
  g_autoptr(CubeUser) kari = cube_store_add_user (f->store, "kari", NULL, CUBE_PERMISSION_CUSTOMER_HANDLING, NULL);
  g_autoptr(CubeUser) ola = cube_store_add_user (f->store, "ola", NULL, CUBE_PERMISSION_CUSTOMER_HANDLING, NULL);
  g_autoptr(CubeDataset) b2b = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, NULL);
  g_autoptr(CubeCustomer) customer = NULL;
  static const char * const chosen[] = { "ola", "kari", NULL };
  static const char * const sorted[] = { "kari", "ola", NULL };
  static const char * const unknown[] = { "nobody", NULL };

  changed = cube_store_update_assignment (f->store, f->setup.assignment_id, " Høst 2027 ", f->setup.dataset_id,
                                          CUBE_VISIBILITY_CHOSEN, chosen, "1.9.2027", "2027-12-31", 5, 90, &error);
  g_assert_no_error (error);
  stored = cube_store_find_assignment (f->store, "Høst 2027", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_assignment_get_id (stored), ==, f->setup.assignment_id);
  g_assert_cmpint (cube_assignment_get_visibility (stored), ==, CUBE_VISIBILITY_CHOSEN);
  g_assert_cmpstrv (cube_assignment_get_users (stored), sorted);
  g_assert_cmpstr (cube_assignment_get_active_from (stored), ==, "2027-09-01");
  g_assert_cmpstr (cube_assignment_get_active_until (stored), ==, "2027-12-31");
  g_assert_cmpuint (cube_assignment_get_attempt_limit (stored), ==, 5);
  g_assert_cmpuint (cube_assignment_get_cooldown_minutes (stored), ==, 90);
  g_clear_object (&changed);

  /* Back to everyone, no dates: the chosen users and dates go. */
  changed = cube_store_update_assignment (f->store, f->setup.assignment_id, "Høst 2027", f->setup.dataset_id,
                                          CUBE_VISIBILITY_ALL, chosen, "", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) cube_assignment_get_users (changed)), ==, 0);
  g_assert_null (cube_assignment_get_active_from (changed));
  g_clear_object (&changed);

  other = cube_store_add_assignment (f->store, f->setup.dataset_id, "Annet", &error);
  g_assert_no_error (error);
  changed = cube_store_update_assignment (f->store, f->setup.assignment_id, "Annet", f->setup.dataset_id,
                                          CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "name");
  g_clear_error (&error);
  changed = cube_store_update_assignment (f->store, f->setup.assignment_id, "2027", f->setup.dataset_id,
                                          CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "name");
  g_clear_error (&error);
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, "2027-05-01", "2027-04-30", 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "active_until");
  g_clear_error (&error);
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, "31.02.2027", NULL, 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "active_from");
  g_clear_error (&error);
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 1001, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "attempt_limit");
  g_clear_error (&error);
  changed = set_assignment (f, CUBE_VISIBILITY_CHOSEN, unknown, NULL, NULL, 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "login");
  g_clear_error (&error);

  /* The dataset changes only while the assignment is empty: customers never
   * move between datasets. */
  changed = cube_store_update_assignment (f->store, cube_assignment_get_id (other), "Annet",
                                          cube_dataset_get_id (b2b), CUBE_VISIBILITY_ALL, NULL, NULL, NULL,
                                          0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_assignment_get_dataset_id (changed), ==, cube_dataset_get_id (b2b));
  g_clear_object (&changed);
  customer = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  changed = cube_store_update_assignment (f->store, f->setup.assignment_id, "Høst 2027",
                                          cube_dataset_get_id (b2b), CUBE_VISIBILITY_ALL, NULL, NULL, NULL,
                                          0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "dataset");
  g_clear_error (&error);

  act_as (f, "kari", 0);
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 3, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  (void) kari;
  (void) ola;
}

static void
test_assignment_visibility (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) c2 = cube_test_add_customer (f->store, f->setup.assignment_id, "K2", NULL, NULL);
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  static const char * const chosen[] = { "kari", NULL };
  g_autofree char *key = NULL;

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  act_as (f, "ola", CUBE_PERMISSION_CUSTOMER_HANDLING);
  act_as (f, "admin", 0);
  changed = set_assignment (f, CUBE_VISIBILITY_CHOSEN, chosen, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (lists_assignment (f));

  /* Ola is not chosen: does not see it, cannot work it or fill it. */
  act_as (f, "ola", 0);
  g_assert_false (lists_assignment (f));
  customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, "assignment");
  g_clear_error (&error);
  customer = cube_store_lock_customer (f->store, cube_customer_get_id (c1), &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, "assignment");
  g_clear_error (&error);
  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup ("K3");
  customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, "assignment");
  g_clear_error (&error);
  g_assert_false (cube_store_check_customer (f->store, draft, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, "assignment");
  g_clear_error (&error);

  /* Kari is. */
  act_as (f, "kari", 0);
  g_assert_true (lists_assignment (f));
  key = next_key (f);
  g_assert_cmpstr (key, ==, "K1");
  customer = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  (void) c2;
}

static void
test_assignment_dates (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autofree char *key = NULL;

  /* The clock says 2027-03-10 12:00; the assignment starts tomorrow. */
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, "2027-03-11", "2027-03-12", 0, 0, &error);
  g_assert_no_error (error);
  /* A supervisor fills it before it starts, but nobody works it. */
  customer = cube_test_add_customer (f->store, f->setup.assignment_id, "K2", NULL, NULL);
  g_clear_object (&customer);
  customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "assignment");
  g_assert_nonnull (strstr (error->message, "2027-03-11"));
  g_clear_error (&error);
  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  g_assert_false (lists_assignment (f));
  customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "assignment");
  g_clear_error (&error);

  /* Tomorrow at one minute past midnight it is open... */
  f->clock += 12 * 3600 + 60;
  g_assert_true (lists_assignment (f));
  key = next_key (f);
  g_assert_cmpstr (key, ==, "K1");
  g_clear_pointer (&key, g_free);

  /* ...and on the 13th it has ended. */
  f->clock += 2 * 24 * 3600;
  g_assert_false (lists_assignment (f));
  customer = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "assignment");
  g_assert_nonnull (strstr (error->message, "2027-03-12"));
  (void) c1;
}

static void
test_assignment_attempt_limit (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) c2 = cube_test_add_customer (f->store, f->setup.assignment_id, "K2", NULL, NULL);
  g_autofree char *key = NULL;

  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 2, 0, &error);
  g_assert_no_error (error);
  work_next (f, f->setup.outcome_no_answer_id, "K1");
  work_next (f, f->setup.outcome_no_answer_id, "K1");
  /* K1 has had its two attempts: K2 is next, and after K2 is closed nobody. */
  key = next_key (f);
  g_assert_cmpstr (key, ==, "K2");
  g_clear_pointer (&key, g_free);
  work_next (f, f->setup.outcome_sale_id, "K2");
  key = next_key (f);
  g_assert_null (key);

  /* The limit is read when offering: raising it brings K1 back. */
  g_clear_object (&changed);
  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 3, 0, &error);
  g_assert_no_error (error);
  key = next_key (f);
  g_assert_cmpstr (key, ==, "K1");
  (void) c1;
  (void) c2;
}

static void
test_assignment_cooldown (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) changed = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autofree char *key = NULL;

  changed = set_assignment (f, CUBE_VISIBILITY_ALL, NULL, NULL, NULL, 0, 30, &error);
  g_assert_no_error (error);
  work_next (f, f->setup.outcome_no_answer_id, "K1");
  key = next_key (f);
  g_assert_null (key);
  f->clock += 29 * 60;
  key = next_key (f);
  g_assert_null (key);
  f->clock += 60;
  key = next_key (f);
  g_assert_cmpstr (key, ==, "K1");
  (void) c1;
}

/* ---- outcomes --------------------------------------------------------------------- */

static char *
outcome_labels (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = cube_store_list_outcomes (f->store, f->setup.assignment_id, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < outcomes->len; i++)
    g_string_append_printf (text, "%s%s%s", i ? "," : "", cube_outcome_get_label (outcomes->pdata[i]),
                            cube_outcome_get_archived (outcomes->pdata[i]) ? "*" : "");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_outcome_edit_move (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOutcome) changed = NULL;
  g_autoptr(CubeOutcome) stored = NULL;
  g_autofree char *labels = NULL;

  changed = cube_store_update_outcome (f->store, f->setup.outcome_no_answer_id, " Ikke svar i dag ",
                                       CUBE_OUTCOME_ATTEMPT, FALSE, TRUE, &error);
  g_assert_no_error (error);
  stored = cube_store_get_outcome (f->store, f->setup.outcome_no_answer_id, &error);
  g_assert_cmpstr (cube_outcome_get_label (stored), ==, "Ikke svar i dag");
  g_assert_true (cube_outcome_get_needs_time (stored));
  g_clear_object (&changed);

  changed = cube_store_update_outcome (f->store, f->setup.outcome_no_answer_id, "X",
                                       CUBE_OUTCOME_ATTEMPT, TRUE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "closes");
  g_clear_error (&error);
  changed = cube_store_update_outcome (f->store, f->setup.outcome_no_answer_id, "Salg",
                                       CUBE_OUTCOME_ATTEMPT, FALSE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "label");
  g_clear_error (&error);
  changed = cube_store_update_outcome (f->store, f->setup.outcome_sale_id, "",
                                       CUBE_OUTCOME_PROGRESS, TRUE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "label");
  g_clear_error (&error);

  g_assert_true (cube_store_move_outcome (f->store, f->setup.outcome_call_back_id, 1, &error));
  g_assert_no_error (error);
  labels = outcome_labels (f);
  g_assert_cmpstr (labels, ==, "Ring tilbake,Salg,Ikke svar i dag");
  g_free (labels);
  g_assert_true (cube_store_move_outcome (f->store, f->setup.outcome_call_back_id, 50, &error));
  labels = outcome_labels (f);
  g_assert_cmpstr (labels, ==, "Salg,Ikke svar i dag,Ring tilbake");

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_CORRECT_OUTCOMES);
  changed = cube_store_update_outcome (f->store, f->setup.outcome_sale_id, "Salg!",
                                       CUBE_OUTCOME_PROGRESS, TRUE, FALSE, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_assert_false (cube_store_move_outcome (f->store, f->setup.outcome_sale_id, 2, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
}

static void
test_outcome_archive_delete (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOutcome) unused = NULL;
  g_autoptr(CubeOutcome) changed = NULL;
  g_autoptr(CubeOutcome) found = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autofree char *labels = NULL;

  unused = cube_store_add_outcome (f->store, f->setup.assignment_id, "Feil nummer", CUBE_OUTCOME_PROGRESS,
                                   TRUE, FALSE, &error);
  g_assert_no_error (error);
  work_next (f, f->setup.outcome_no_answer_id, "K1");

  /* In use: cannot be deleted, can be archived. */
  g_assert_false (cube_store_delete_outcome (f->store, f->setup.outcome_no_answer_id, &error));
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, "outcome");
  g_assert_nonnull (strstr (error->message, "archive"));
  g_clear_error (&error);
  changed = cube_store_set_outcome_archived (f->store, f->setup.outcome_no_answer_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (cube_outcome_get_archived (changed));
  labels = outcome_labels (f);
  g_assert_cmpstr (labels, ==, "Salg,Ikke svar*,Ring tilbake,Feil nummer");
  g_clear_pointer (&labels, g_free);

  /* Archived: no longer registered, still in the history. */
  found = cube_store_find_outcome (f->store, f->setup.assignment_id, "Ikke svar", &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "outcome");
  g_clear_error (&error);
  locked = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (f->store, cube_customer_get_id (locked), f->setup.outcome_no_answer_id,
                                      0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "outcome");
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) events = cube_store_list_events (f->store, cube_customer_get_id (c1), &error);
    gboolean seen = FALSE;

    for (guint i = 0; i < events->len; i++)
      seen |= g_strcmp0 (cube_event_get_outcome (events->pdata[i]), "Ikke svar") == 0;
    g_assert_true (seen);
  }
  g_clear_object (&changed);
  changed = cube_store_set_outcome_archived (f->store, f->setup.outcome_no_answer_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (cube_outcome_get_archived (changed));

  /* Never used: deleted. */
  g_assert_true (cube_store_delete_outcome (f->store, cube_outcome_get_id (unused), &error));
  g_assert_no_error (error);
  labels = outcome_labels (f);
  g_assert_cmpstr (labels, ==, "Salg,Ikke svar,Ring tilbake");
  g_assert_false (cube_store_delete_outcome (f->store, cube_outcome_get_id (unused), &error));
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
  g_clear_error (&error);

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  g_assert_false (cube_store_delete_outcome (f->store, f->setup.outcome_sale_id, &error));
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  g_clear_object (&changed);
  changed = cube_store_set_outcome_archived (f->store, f->setup.outcome_sale_id, TRUE, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
}

/* ---- moving customers ------------------------------------------------------------- */

static GStrv
event_kinds (Fixture *f,
             gint64   customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cube_store_list_events (f->store, customer_id, &error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_strv_builder_add (builder, cube_event_get_kind (events->pdata[i]));
  return g_strv_builder_end (builder);
}

static void
test_move_customer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) other = cube_store_add_assignment (f->store, f->setup.dataset_id, "Høst", NULL);
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", "Kari", NULL);
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_auto(GStrv) kinds = NULL;
  static const char * const expected[] = { "moved", "outcome", "locked", "outcome", "locked", "created", NULL };

  /* An attempt with a follow-up, then a sale that closes it. */
  locked = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (f->store, cube_customer_get_id (c1), f->setup.outcome_call_back_id,
                                      f->clock + 60, "ring i morgen", &error);
  g_assert_no_error (error);
  g_clear_object (&locked);
  g_clear_object (&done);
  locked = cube_store_lock_customer (f->store, cube_customer_get_id (c1), &error);
  g_assert_no_error (error);
  done = cube_store_register_outcome (f->store, cube_customer_get_id (c1), f->setup.outcome_sale_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (done), ==, CUBE_STATUS_CLOSED);

  moved = cube_store_move_customer (f->store, cube_customer_get_id (c1), cube_assignment_get_id (other), &error);
  g_assert_no_error (error);
  g_clear_object (&moved);
  moved = cube_store_get_customer (f->store, cube_customer_get_id (c1), &error);
  g_assert_cmpint (cube_customer_get_assignment_id (moved), ==, cube_assignment_get_id (other));
  g_assert_cmpint (cube_customer_get_status (moved), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_attempts (moved), ==, 0);
  g_assert_cmpint (cube_customer_get_follow_up_at (moved), ==, 0);
  g_assert_null (cube_customer_get_last_outcome (moved));
  g_assert_cmpstr (cube_customer_get_name (moved), ==, "Kari");

  /* History kept, with the move on top naming both assignments. */
  kinds = event_kinds (f, cube_customer_get_id (c1));
  g_assert_cmpstrv (kinds, expected);
  events = cube_store_list_events (f->store, cube_customer_get_id (c1), &error);
  g_assert_cmpstr (cube_event_get_old_value (events->pdata[0]), ==, "Vår 2027");
  g_assert_cmpstr (cube_event_get_new_value (events->pdata[0]), ==, "Høst");
  g_assert_cmpstr (cube_event_get_login (events->pdata[0]), ==, "admin");

  /* Available in the new assignment, gone from the old. */
  g_clear_object (&locked);
  locked = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
  g_clear_error (&error);
  locked = cube_store_lock_next (f->store, cube_assignment_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_id (locked), ==, cube_customer_get_id (c1));
}

static void
test_move_customer_locked (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) other = cube_store_add_assignment (f->store, f->setup.dataset_id, "Høst", NULL);
  g_autoptr(CubeOutcome) other_sale = cube_store_add_outcome (f->store, cube_assignment_get_id (other), "Salg",
                                                              CUBE_OUTCOME_PROGRESS, TRUE, FALSE, NULL);
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(CubeCustomer) done = NULL;
  g_auto(GStrv) kinds = NULL;

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  locked = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  g_assert_no_error (error);

  /* Kari cannot move; a supervisor with extended handling can, releasing her lock. */
  moved = cube_store_move_customer (f->store, cube_customer_get_id (c1), cube_assignment_get_id (other), &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  act_as (f, "teamleder", CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING);
  moved = cube_store_move_customer (f->store, cube_customer_get_id (c1), cube_assignment_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (moved), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (moved));
  kinds = event_kinds (f, cube_customer_get_id (c1));
  g_assert_cmpstr (kinds[0], ==, "moved");
  g_assert_cmpstr (kinds[1], ==, "released");

  act_as (f, "kari", 0);
  done = cube_store_register_outcome (f->store, cube_customer_get_id (c1), cube_outcome_get_id (other_sale),
                                      0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, NULL);
}

static void
test_move_customer_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeDataset) b2b = cube_store_add_dataset (f->store, f->setup.owner_id, CUBE_DATASET_B2B, NULL);
  g_autoptr(CubeAssignment) b2b_assignment = cube_store_add_assignment (f->store, cube_dataset_get_id (b2b),
                                                                         "Bedrift", NULL);
  g_autoptr(CubeDataOwner) beta = cube_store_add_data_owner (f->store, "Beta", NULL, NULL, NULL);
  g_autoptr(CubeDataset) beta_b2c = cube_store_add_dataset (f->store, cube_data_owner_get_id (beta),
                                                            CUBE_DATASET_B2C, NULL);
  g_autoptr(CubeAssignment) beta_assignment = cube_store_add_assignment (f->store, cube_dataset_get_id (beta_b2c),
                                                                          "Beta vår", NULL);
  g_autoptr(CubeAssignment) archived = cube_store_add_assignment (f->store, f->setup.dataset_id, "Gammel", NULL);
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) moved = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  gint64 targets[] = {
    cube_assignment_get_id (b2b_assignment), cube_assignment_get_id (beta_assignment),
    cube_assignment_get_id (archived), f->setup.assignment_id,
  };

  g_assert_true (cube_store_set_assignment_archived (f->store, cube_assignment_get_id (archived), TRUE, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      moved = cube_store_move_customer (f->store, cube_customer_get_id (c1), targets[i], &error);
      cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "assignment");
      g_assert_null (moved);
      g_clear_error (&error);
    }
  moved = cube_store_move_customer (f->store, cube_customer_get_id (c1), 99999, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, NULL);
  g_clear_error (&error);
  after = cube_store_get_customer (f->store, cube_customer_get_id (c1), &error);
  g_assert_cmpint (cube_customer_get_assignment_id (after), ==, f->setup.assignment_id);
  g_assert_cmpint (cube_customer_get_dataset_id (after), ==, f->setup.dataset_id);
}

/* ---- correcting outcomes ------------------------------------------------------------ */

/* The id of the newest event of @kind. */
static gint64
latest_event (Fixture    *f,
              gint64      customer_id,
              const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = cube_store_list_events (f->store, customer_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cube_event_get_kind (events->pdata[i]), kind))
      return cube_event_get_id (events->pdata[i]);
  return 0;
}

static void
test_correct_outcome (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) fixed = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 sale_event, correction;

  work_next (f, f->setup.outcome_sale_id, "K1");
  sale_event = latest_event (f, cube_customer_get_id (c1), "outcome");

  act_as (f, "kontroll", CUBE_PERMISSION_CORRECT_OUTCOMES);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_no_answer_id, 0,
                                      " Kunden svarte ikke ", &error);
  g_assert_no_error (error);
  g_clear_object (&fixed);
  fixed = cube_store_get_customer (f->store, cube_customer_get_id (c1), &error);
  g_assert_cmpint (cube_customer_get_status (fixed), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (cube_customer_get_attempts (fixed), ==, 1);
  g_assert_cmpstr (cube_customer_get_last_outcome (fixed), ==, "Ikke svar");

  /* The correction is an event of its own; the original stays. */
  events = cube_store_list_events (f->store, cube_customer_get_id (c1), &error);
  g_assert_cmpstr (cube_event_get_kind (events->pdata[0]), ==, "corrected");
  g_assert_cmpstr (cube_event_get_login (events->pdata[0]), ==, "kontroll");
  g_assert_cmpstr (cube_event_get_old_value (events->pdata[0]), ==, "Salg");
  g_assert_cmpstr (cube_event_get_new_value (events->pdata[0]), ==, "Ikke svar");
  g_assert_cmpstr (cube_event_get_outcome (events->pdata[0]), ==, "Ikke svar");
  g_assert_cmpstr (cube_event_get_comment (events->pdata[0]), ==, "Kunden svarte ikke");
  g_assert_cmpint (cube_event_get_corrects_id (events->pdata[0]), ==, sale_event);
  g_assert_cmpint (cube_event_get_id (events->pdata[1]), ==, sale_event);
  g_assert_cmpstr (cube_event_get_outcome (events->pdata[1]), ==, "Salg");
  correction = cube_event_get_id (events->pdata[0]);

  /* Again: the same outcome is refused, a time is needed for call-back. */
  g_clear_object (&fixed);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_no_answer_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "outcome");
  g_clear_error (&error);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_call_back_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "follow_up_at");
  g_clear_error (&error);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_call_back_id, f->clock + 3600,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_follow_up_at (fixed), ==, f->clock + 3600);
  g_assert_cmpint (cube_customer_get_attempts (fixed), ==, 1);
  g_assert_cmpstr (cube_customer_get_last_outcome (fixed), ==, "Ring tilbake");
  g_clear_object (&fixed);

  /* Back to a sale closes it again and the attempt is no longer counted. */
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_sale_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (fixed), ==, CUBE_STATUS_CLOSED);
  g_assert_cmpint (cube_customer_get_attempts (fixed), ==, 0);
  g_assert_cmpint (cube_customer_get_follow_up_at (fixed), ==, 0);
  g_clear_object (&fixed);

  /* Only outcome events are corrected. */
  fixed = cube_store_correct_outcome (f->store, correction, f->setup.outcome_no_answer_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "event");
  g_clear_error (&error);
  fixed = cube_store_correct_outcome (f->store, latest_event (f, cube_customer_get_id (c1), "created"),
                                      f->setup.outcome_no_answer_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_NOT_FOUND, "event");
  g_clear_error (&error);

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_no_answer_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
}

static void
test_correct_outcome_rules (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeAssignment) other = cube_store_add_assignment (f->store, f->setup.dataset_id, "Høst", NULL);
  g_autoptr(CubeOutcome) other_sale = cube_store_add_outcome (f->store, cube_assignment_get_id (other), "Salg",
                                                              CUBE_OUTCOME_PROGRESS, TRUE, FALSE, NULL);
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) fixed = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  gint64 first, second;

  work_next (f, f->setup.outcome_no_answer_id, "K1");
  first = latest_event (f, cube_customer_get_id (c1), "outcome");
  work_next (f, f->setup.outcome_sale_id, "K1");
  second = latest_event (f, cube_customer_get_id (c1), "outcome");

  /* An older outcome: the attempts are recounted, the state follows the latest. */
  fixed = cube_store_correct_outcome (f->store, first, f->setup.outcome_call_back_id, f->clock + 60, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (fixed), ==, CUBE_STATUS_CLOSED);
  g_assert_cmpstr (cube_customer_get_last_outcome (fixed), ==, "Salg");
  g_assert_cmpint (cube_customer_get_follow_up_at (fixed), ==, 0);
  g_clear_object (&fixed);

  /* An outcome of another assignment is not a choice. */
  fixed = cube_store_correct_outcome (f->store, second, cube_outcome_get_id (other_sale), 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "outcome");
  g_clear_error (&error);

  /* Not while another user holds the customer. */
  fixed = cube_store_correct_outcome (f->store, second, f->setup.outcome_no_answer_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (fixed), ==, CUBE_STATUS_AVAILABLE);
  g_clear_object (&fixed);
  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  locked = cube_store_lock_customer (f->store, cube_customer_get_id (c1), &error);
  g_assert_no_error (error);
  act_as (f, "admin", 0);
  fixed = cube_store_correct_outcome (f->store, second, f->setup.outcome_sale_id, 0, NULL, &error);
  cube_test_assert_error (error, CUBE_ERROR_CONFLICT, NULL);
}

/* ---- overview and exports -------------------------------------------------------------- */

static void
test_overview (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOverview) overview = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) fixed = NULL;
  gint64 today = cube_store_day_start (f->store, 0);
  gint64 sale_event;
  static const char * const agents[] = { "kari", "ola", NULL };

  g_assert_cmpint (today, ==, f->clock - 12 * 3600);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("K%u", i);
      g_autoptr(CubeCustomer) c = cube_test_add_customer (f->store, f->setup.assignment_id, key, NULL, NULL);
    }
  /* Yesterday kari had no answer from K1; today she sells to K1 and K2,
   * ola gets no answer from K3 and sets a call-back for K4; K5 is open. */
  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  act_as (f, "ola", CUBE_PERMISSION_CUSTOMER_HANDLING);
  f->clock -= 24 * 3600;
  act_as (f, "kari", 0);
  work_next (f, f->setup.outcome_no_answer_id, "K1");
  f->clock += 24 * 3600;
  work_next (f, f->setup.outcome_sale_id, "K1");
  sale_event = latest_event (f, 1, "outcome");
  work_next (f, f->setup.outcome_sale_id, "K2");
  act_as (f, "ola", 0);
  work_next (f, f->setup.outcome_no_answer_id, "K3");
  {
    g_autoptr(CubeCustomer) k4 = cube_store_find_customer (f->store, f->setup.assignment_id, "K4", &error);
    g_autoptr(CubeCustomer) c = cube_store_lock_customer (f->store, cube_customer_get_id (k4), &error);
    g_autoptr(CubeCustomer) done = NULL;

    g_assert_no_error (error);
    done = cube_store_register_outcome (f->store, cube_customer_get_id (c), f->setup.outcome_call_back_id,
                                        f->clock + 7200, NULL, &error);
    g_assert_no_error (error);
  }
  locked = cube_store_lock_next (f->store, f->setup.assignment_id, &error);
  g_assert_no_error (error);

  /* A supervisor corrects kari's sale to K1 to no answer. */
  act_as (f, "admin", 0);
  fixed = cube_store_correct_outcome (f->store, sale_event, f->setup.outcome_no_answer_id, 0, NULL, &error);
  g_assert_no_error (error);

  overview = cube_store_get_overview (f->store, f->setup.assignment_id, today, today + 24 * 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_overview_get_customers (overview), ==, 5);
  g_assert_cmpint (cube_overview_get_status_count (overview, CUBE_STATUS_CLOSED), ==, 1);
  g_assert_cmpint (cube_overview_get_status_count (overview, CUBE_STATUS_LOCKED), ==, 1);
  g_assert_cmpint (cube_overview_get_status_count (overview, CUBE_STATUS_AVAILABLE), ==, 3);
  g_assert_cmpint (cube_overview_get_follow_ups (overview), ==, 1);
  g_assert_cmpuint (cube_overview_get_n_outcomes (overview), ==, 3);
  g_assert_cmpstr (cube_overview_get_outcome_label (overview, 0), ==, "Salg");
  g_assert_cmpstr (cube_overview_get_outcome_label (overview, 1), ==, "Ikke svar");
  g_assert_cmpstrv (cube_overview_get_agents (overview), agents);
  /* Today only, as corrected, by the agent who registered it. */
  g_assert_cmpint (cube_overview_get_count (overview, "kari", 0), ==, 1);
  g_assert_cmpint (cube_overview_get_count (overview, "kari", 1), ==, 1);
  g_assert_cmpint (cube_overview_get_count (overview, "ola", 1), ==, 1);
  g_assert_cmpint (cube_overview_get_count (overview, "ola", 2), ==, 1);
  g_assert_cmpint (cube_overview_get_count (overview, "admin", G_MAXUINT), ==, 0);
  g_assert_cmpint (cube_overview_get_count (overview, NULL, 0), ==, 1);
  g_assert_cmpint (cube_overview_get_count (overview, NULL, 1), ==, 2);
  g_assert_cmpint (cube_overview_get_count (overview, NULL, G_MAXUINT), ==, 4);
  g_clear_object (&overview);

  /* An open period has yesterday's too. */
  overview = cube_store_get_overview (f->store, f->setup.assignment_id, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_overview_get_count (overview, "kari", 1), ==, 2);
  g_assert_cmpint (cube_overview_get_count (overview, NULL, G_MAXUINT), ==, 5);
  g_clear_object (&overview);

  overview = cube_store_get_overview (f->store, f->setup.assignment_id, today, today, &error);
  cube_test_assert_error (error, CUBE_ERROR_VALIDATION, "until");
  g_clear_error (&error);
  act_as (f, "kari", 0);
  overview = cube_store_get_overview (f->store, f->setup.assignment_id, 0, 0, &error);
  cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  g_clear_error (&error);
  act_as (f, "rapport", CUBE_PERMISSION_REPORTING);
  overview = cube_store_get_overview (f->store, f->setup.assignment_id, 0, 0, &error);
  g_assert_no_error (error);
}

static char *
export_to_string (Fixture       *f,
                  gint64         assignment_id,
                  CubeCsvFlags   flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (cube_store_export_customers (f->store, assignment_id, out, flags, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_export_customers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeFieldDef) note = add_field (f, "note", "Notat, kort", CUBE_FIELD_MULTILINE);
  g_autoptr(CubeFieldDef) old = add_field (f, "old", "Gammel", CUBE_FIELD_TEXT);
  g_autoptr(CubeFieldDef) archived = NULL;
  g_autoptr(CubeAssignment) other = cube_store_add_assignment (f->store, f->setup.dataset_id, "Høst", NULL);
  g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
  g_autoptr(CubeCustomer) c1 = NULL;
  g_autoptr(CubeCustomer) c2 = NULL;
  g_autoptr(CubeCustomer) elsewhere = cube_test_add_customer (f->store, cube_assignment_get_id (other), "X1",
                                                              NULL, NULL);
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *when = NULL;
  g_auto(GStrv) lines = NULL;

  draft->assignment_id = f->setup.assignment_id;
  draft->customer_key = g_strdup ("K1");
  draft->name = g_strdup ("Åse \"Tøffen\" Bråten");
  draft->email = g_strdup ("ase@example.no");
  cube_customer_draft_add_phone (draft, "912 34 567");
  cube_customer_draft_add_phone (draft, "+46 70 123 45 67");
  cube_customer_draft_set_field (draft, "note", "Ring etter kl. 17,\nikke før");
  cube_customer_draft_set_field (draft, "old", "verdi");
  c1 = cube_store_add_customer (f->store, draft, CUBE_SOURCE_MANUAL, NULL, &error);
  g_assert_no_error (error);
  c2 = cube_test_add_customer (f->store, f->setup.assignment_id, "K2", NULL, NULL);
  work_next (f, f->setup.outcome_sale_id, "K1");
  archived = cube_store_set_field_archived (f->store, cube_field_def_get_id (old), TRUE, &error);
  g_assert_no_error (error);

  csv = export_to_string (f, f->setup.assignment_id, CUBE_CSV_DEFAULT);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Customer ID,Name,E-mail,Phone 1,Phone 2,Phone 3,\"Notat, kort\",Gammel,"
                                 "Status,Attempts,Last outcome,Follow-up,Last changed");
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (f->clock);
    when = g_date_time_format (dt, "%Y-%m-%d %H:%M");
  }
  /* Quotes doubled, the separator and the line break inside quotes. */
  expected = g_strdup_printf ("K1,\"Åse \"\"Tøffen\"\" Bråten\",ase@example.no,+4791234567,+46701234567,,"
                              "\"Ring etter kl. 17,\nikke før\",verdi,closed,0,Salg,,%s", when);
  g_assert_cmpstr (lines[1], ==, expected);
  g_assert_true (g_str_has_prefix (lines[2], "K2,,,,,,,,available,0,,,"));
  g_assert_cmpstr (lines[3], ==, "");
  g_assert_null (lines[4]);
  g_clear_pointer (&csv, g_free);

  csv = export_to_string (f, f->setup.assignment_id, CUBE_CSV_BOM | CUBE_CSV_SEMICOLON);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "Customer ID;Name;E-mail;Phone 1;Phone 2;Phone 3;Notat, kort;"));
  g_assert_nonnull (strstr (csv, "\r\nK1;\"Åse \"\"Tøffen\"\" Bråten\";"));

  /* Cancelled: stops with G_IO_ERROR_CANCELLED. */
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (cube_store_export_customers (f->store, f->setup.assignment_id, out, 0, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING | CUBE_PERMISSION_ASSIGNMENT_SETUP);
  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_assert_false (cube_store_export_customers (f->store, f->setup.assignment_id, out, 0, NULL, &error));
    cube_test_assert_error (error, CUBE_ERROR_PERMISSION, NULL);
  }
  (void) note;
  (void) c2;
  (void) elsewhere;
}

static void
test_export_overview (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CubeOverview) overview = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CubeCustomer) c1 = cube_test_add_customer (f->store, f->setup.assignment_id, "K1", NULL, NULL);
  g_autoptr(CubeCustomer) c2 = cube_test_add_customer (f->store, f->setup.assignment_id, "K2", NULL, NULL);
  g_autofree char *csv = NULL;

  act_as (f, "kari", CUBE_PERMISSION_CUSTOMER_HANDLING);
  work_next (f, f->setup.outcome_sale_id, "K1");
  work_next (f, f->setup.outcome_no_answer_id, "K2");
  act_as (f, "admin", 0);
  overview = cube_store_get_overview (f->store, f->setup.assignment_id, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cube_store_export_overview (f->store, overview, out, CUBE_CSV_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpstr (csv, ==,
                   "Agent,Salg,Ikke svar,Ring tilbake,Total\r\n"
                   "kari,1,1,0,2\r\n"
                   "All agents,1,1,0,2\r\n");
  (void) c1;
  (void) c2;
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/settings/field/key-from-label", test_key_from_label);
  ADD ("/settings/field/update", test_field_update_basic);
  ADD ("/settings/field/key-locked-by-values", test_field_key_locked_by_values);
  ADD ("/settings/field/type-change", test_field_type_change);
  ADD ("/settings/field/choice-options", test_field_choice_options);
  ADD ("/settings/field/unique-with-duplicates", test_field_unique_with_duplicates);
  ADD ("/settings/field/required-keeps-existing", test_field_required_keeps_existing);
  ADD ("/settings/field/move", test_field_move);
  ADD ("/settings/field/archive-restore", test_field_archive_restore);
  ADD ("/settings/field/permissions", test_field_permissions);
  ADD ("/settings/owner/edit", test_owner_edit);
  ADD ("/settings/dataset/one-of-each", test_dataset_one_of_each);
  g_test_add_func ("/settings/user/first-gets-everything", test_user_first_gets_everything);
  ADD ("/settings/user/edit-archive", test_user_edit_archive);
  ADD ("/settings/user/last-administrator", test_user_last_administrator);
  ADD ("/settings/assignment/update", test_assignment_update);
  ADD ("/settings/assignment/visibility", test_assignment_visibility);
  ADD ("/settings/assignment/dates", test_assignment_dates);
  ADD ("/settings/assignment/attempt-limit", test_assignment_attempt_limit);
  ADD ("/settings/assignment/cooldown", test_assignment_cooldown);
  ADD ("/settings/outcome/edit-move", test_outcome_edit_move);
  ADD ("/settings/outcome/archive-delete", test_outcome_archive_delete);
  ADD ("/settings/move/customer", test_move_customer);
  ADD ("/settings/move/locked", test_move_customer_locked);
  ADD ("/settings/move/refused", test_move_customer_refused);
  ADD ("/settings/correct/outcome", test_correct_outcome);
  ADD ("/settings/correct/rules", test_correct_outcome_rules);
  ADD ("/settings/overview/counts", test_overview);
  ADD ("/settings/export/customers", test_export_customers);
  ADD ("/settings/export/overview", test_export_overview);

#undef ADD
  return g_test_run ();
}
