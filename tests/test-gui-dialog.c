/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The new-customer dialog, driven through its actions and widgets as a user
 * would, checked against what the store holds afterwards. */
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-customer-card.h"
#include "cube-new-customer-dialog.h"

typedef struct {
  char           *dir;
  CubeStore      *store;
  CubeContext    *context;
  CubeAssignment *assignment;
  GtkWidget      *dialog;
  CubeCustomerCard *card;
  CubeCustomer   *saved;
  int             saved_mode;
  guint           n_saved;
  gint64          opened_id;
} Fixture;

/* Runs what is pending now. */
static void
spin (void)
{
  cube_test_spin_pending (50);
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  /* An action's enabled state shows on the button that points at it. */
  GtkWidget *button = NULL;

  if (g_str_equal (name, "customer.save-and-lock"))
    {
      GtkLabel *label = cube_test_find_label (widget, "Save and lock/register outcome");
      button = label ? gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON) : NULL;
    }
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
saved_cb (GtkWidget    *dialog,
          CubeCustomer *customer,
          int           mode,
          Fixture      *fixture)
{
  g_set_object (&fixture->saved, customer);
  fixture->saved_mode = mode;
  fixture->n_saved++;
}

static void
open_customer_cb (GtkWidget *dialog,
                  gint64     id,
                  Fixture   *fixture)
{
  fixture->opened_id = id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = cube_test_new_database (&fixture->dir, &path);
  cube_test_add_demo (fixture->store);
  fixture->context = cube_context_new (fixture->store);
  fixture->assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);

  fixture->dialog = cube_new_customer_dialog_new (fixture->context);
  g_object_ref_sink (fixture->dialog);
  g_signal_connect (fixture->dialog, "saved", G_CALLBACK (saved_cb), fixture);
  g_signal_connect (fixture->dialog, "open-customer", G_CALLBACK (open_customer_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  spin ();
  fixture->card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (fixture->dialog, CUBE_TYPE_CUSTOMER_CARD));
  g_assert_nonnull (fixture->card);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  spin ();
  g_assert_finalize_object (g_steal_pointer (&fixture->dialog));
  g_clear_object (&fixture->saved);
  g_clear_object (&fixture->assignment);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  cube_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
type_into (Fixture    *fixture,
           const char *key,
           const char *text)
{
  GtkWidget *input = cube_customer_card_get_input (fixture->card, key);

  g_assert_nonnull (input);
  g_assert_true (GTK_IS_EDITABLE (input));
  gtk_editable_set_text (GTK_EDITABLE (input), text);
  spin ();
}

static gint64
count_customers (Fixture *fixture)
{
  return cube_store_count_customers (fixture->store, NULL);
}

static void
test_generated_fields (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkLabel *label;

  /* The demo assignment is the only one: preselected, its fields generated
   * with a widget per type, each labelled by its visible label. */
  g_assert_true (GTK_IS_EDITABLE (cube_customer_card_get_input (fixture->card, "postnummer")));
  g_assert_true (GTK_IS_EDITABLE (cube_customer_card_get_input (fixture->card, "fodselsdato")));
  g_assert_true (GTK_IS_DROP_DOWN (cube_customer_card_get_input (fixture->card, "kundetype")));
  g_assert_true (GTK_IS_CHECK_BUTTON (cube_customer_card_get_input (fixture->card, "nyhetsbrev")));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (cube_customer_card_get_input (fixture->card, "notat")));
  label = cube_test_find_label (GTK_WIDGET (fixture->card), "Postnummer");
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_mnemonic_widget (label) == cube_customer_card_get_input (fixture->card, "postnummer"));
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (fixture->card), "Customer ID *"));
}

static void
test_save_disabled_until_valid (Fixture       *fixture,
                                gconstpointer  data)
{
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
  type_into (fixture, "customer_key", "77001");
  g_assert_true (action_enabled (fixture->dialog, "customer.save-and-lock"));
  type_into (fixture, "email", "not-an-address");
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
  /* The message comes from the core rule and shows under the field. */
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (fixture->card), "E-mail is not a valid e-mail address"));
  type_into (fixture, "email", "kari@example.no");
  type_into (fixture, "fodselsdato", "31.02.2001");
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
  type_into (fixture, "fodselsdato", "28.02.2001");
  g_assert_true (action_enabled (fixture->dialog, "customer.save-and-lock"));
  type_into (fixture, "customer_key", "   ");
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
}

static void
test_save_and_lock (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CubeCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count_customers (fixture);

  type_into (fixture, "customer_key", "77002");
  type_into (fixture, "name", "Åse Ødegård");
  type_into (fixture, "phone1", "912 34 567");
  type_into (fixture, "postnummer", "0150");
  gtk_widget_activate_action (fixture->dialog, "customer.save-and-lock", NULL);
  spin ();

  g_assert_cmpint (count_customers (fixture), ==, before + 1);
  stored = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment), "77002", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (stored), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpstr (cube_customer_get_locked_by (stored), ==, g_get_user_name ());
  g_assert_cmpstr (cube_customer_get_phones (stored)[0], ==, "+4791234567");
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (stored), "postnummer"), ==, "0150");
  g_assert_cmpuint (fixture->n_saved, ==, 1);
  g_assert_cmpint (fixture->saved_mode, ==, CUBE_SAVE_AND_LOCK);
  /* The dialog closed. */
  g_assert_false (gtk_widget_get_visible (fixture->dialog));
}

static void
test_save_and_details (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CubeCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;

  type_into (fixture, "customer_key", "77003");
  gtk_widget_activate_action (fixture->dialog, "customer.save-and-details", NULL);
  spin ();
  stored = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment), "77003", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (stored), ==, CUBE_STATUS_AVAILABLE);
  g_assert_cmpint (fixture->saved_mode, ==, CUBE_SAVE_AND_DETAILS);
  g_assert_false (gtk_widget_get_visible (fixture->dialog));
}

static void
test_save_and_add_another (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CubeCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkDropDown *dropdown = GTK_DROP_DOWN (cube_test_find_descendant (fixture->dialog, GTK_TYPE_DROP_DOWN));
  guint selected = gtk_drop_down_get_selected (dropdown);

  type_into (fixture, "customer_key", "77004");
  type_into (fixture, "name", "Pål Sæther");
  type_into (fixture, "poststed", "Bergen");
  gtk_widget_activate_action (fixture->dialog, "customer.save-and-add-another", NULL);
  spin ();

  stored = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment), "77004", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cube_customer_get_status (stored), ==, CUBE_STATUS_AVAILABLE);
  /* Still open, every field empty but the assignment, and it says what it added. */
  g_assert_true (gtk_widget_get_visible (fixture->dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_customer_card_get_input (fixture->card, "customer_key"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_customer_card_get_input (fixture->card, "name"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cube_customer_card_get_input (fixture->card, "poststed"))), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, selected);
  g_assert_nonnull (cube_test_find_label (fixture->dialog, "Customer 77004 was added"));
  /* An entry's focus sits on the text widget inside it. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->dialog)),
                                         cube_customer_card_get_input (fixture->card, "customer_key")));
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
}

static void
test_duplicate_offers_existing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CubeCustomer) existing = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count_customers (fixture);

  existing = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment), "10001", &error);
  g_assert_no_error (error);
  type_into (fixture, "customer_key", "10001");
  gtk_widget_activate_action (fixture->dialog, "customer.save-and-lock", NULL);
  spin ();

  g_assert_cmpint (count_customers (fixture), ==, before);
  g_assert_cmpuint (fixture->n_saved, ==, 0);
  g_assert_true (gtk_widget_get_visible (fixture->dialog));
  g_assert_nonnull (cube_test_find_label (fixture->dialog, "Customer ID already exists"));
  gtk_widget_activate_action (fixture->dialog, "customer.open-existing", NULL);
  g_assert_cmpint (fixture->opened_id, ==, cube_customer_get_id (existing));
}

static void
test_other_dataset_regenerates (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeFieldDef) field = NULL;
  g_autoptr(CubeAssignment) other = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  CubeCustomerCard *card;
  GtkDropDown *dropdown;
  GListModel *model;

  owner = cube_store_add_data_owner (fixture->store, "Annen AS", NULL, NULL, &error);
  g_assert_no_error (error);
  dataset = cube_store_add_dataset (fixture->store, cube_data_owner_get_id (owner), CUBE_DATASET_B2B, &error);
  g_assert_no_error (error);
  field = cube_store_add_field (fixture->store, cube_dataset_get_id (dataset), "orgnr", "Organisasjonsnummer",
                                CUBE_FIELD_NUMBER, TRUE, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);
  other = cube_store_add_assignment (fixture->store, cube_dataset_get_id (dataset), "Bedriftsløftet", &error);
  g_assert_no_error (error);

  dialog = g_object_ref_sink (cube_new_customer_dialog_new (fixture->context));
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();
  card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (dialog, CUBE_TYPE_CUSTOMER_CARD));
  dropdown = GTK_DROP_DOWN (cube_test_find_descendant (dialog, GTK_TYPE_DROP_DOWN));
  model = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CubeAssignment) a = g_list_model_get_item (model, i);
      if (cube_assignment_get_id (a) == cube_assignment_get_id (other))
        gtk_drop_down_set_selected (dropdown, i);
    }
  spin ();
  g_assert_nonnull (cube_customer_card_get_input (card, "orgnr"));
  g_assert_null (cube_customer_card_get_input (card, "postnummer"));
  g_assert_nonnull (cube_test_find_label (GTK_WIDGET (card), "Organisasjonsnummer *"));

  /* The new field is required: no save without it. */
  gtk_editable_set_text (GTK_EDITABLE (cube_customer_card_get_input (card, "customer_key")), "1");
  spin ();
  g_assert_false (action_enabled (dialog, "customer.save-and-lock"));
  gtk_editable_set_text (GTK_EDITABLE (cube_customer_card_get_input (card, "orgnr")), "912345678");
  spin ();
  g_assert_true (action_enabled (dialog, "customer.save-and-lock"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_finalize_object (dialog);
}

static void
test_no_assignment_no_save (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (cube_test_find_descendant (fixture->dialog, GTK_TYPE_DROP_DOWN));

  type_into (fixture, "customer_key", "77005");
  g_assert_true (action_enabled (fixture->dialog, "customer.save-and-lock"));
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
  spin ();
  g_assert_false (action_enabled (fixture->dialog, "customer.save-and-lock"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/new-customer/generated-fields", test_generated_fields);
  ADD ("/gui/new-customer/save-disabled-until-valid", test_save_disabled_until_valid);
  ADD ("/gui/new-customer/save-and-lock", test_save_and_lock);
  ADD ("/gui/new-customer/save-and-details", test_save_and_details);
  ADD ("/gui/new-customer/save-and-add-another", test_save_and_add_another);
  ADD ("/gui/new-customer/duplicate-offers-existing", test_duplicate_offers_existing);
  ADD ("/gui/new-customer/other-dataset-regenerates", test_other_dataset_regenerates);
  ADD ("/gui/new-customer/no-assignment-no-save", test_no_assignment_no_save);
#undef ADD

  return g_test_run ();
}
