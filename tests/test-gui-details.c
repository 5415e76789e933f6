/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The details view (kundedetaljer), driven through its actions and widgets
 * as a user would, checked against what the store holds afterwards. A
 * second connection on the same file plays another agent. */
#include <gtk/gtk.h>

#include "cube-gui-test-util.h"
#include "cube-active-view.h"
#include "cube-customer-card.h"
#include "cube-details-view.h"
#include "cube-history-view.h"

#define OTHER_LOGIN "kari"
#define OTHER_NAME  "Kari Nordmann"

typedef struct {
  char           *dir;
  char           *path;
  CubeStore      *store;
  CubeContext    *context;
  CubeAssignment *assignment;
  CubeCustomer   *customer;   /* demo customer 10005 as it was at set-up */
  GtkWidget      *view;
} Fixture;

/* Runs what is pending now. */
static void
spin (void)
{
  cube_test_spin_pending (50);
}

/* An action's enabled state shows on the button that points at it. */
static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  GtkWidget *button = cube_test_find_action_button (widget, name);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* The active customer views open now. */
static GList *
list_active_views (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  GList *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CUBE_IS_ACTIVE_VIEW (l->data))
      found = g_list_prepend (found, l->data);
  return found;
}

static CubeCustomerCard *
view_card (GtkWidget *view)
{
  CubeCustomerCard *card = CUBE_CUSTOMER_CARD (cube_test_find_descendant (view, CUBE_TYPE_CUSTOMER_CARD));

  g_assert_nonnull (card);
  return card;
}

static const char *
card_text (GtkWidget  *view,
           const char *key)
{
  GtkWidget *input = cube_customer_card_get_input (view_card (view), key);

  g_assert_true (GTK_IS_EDITABLE (input));
  return gtk_editable_get_text (GTK_EDITABLE (input));
}

static void
type_into (GtkWidget  *view,
           const char *key,
           const char *text)
{
  GtkWidget *input = cube_customer_card_get_input (view_card (view), key);

  g_assert_true (GTK_IS_EDITABLE (input));
  gtk_editable_set_text (GTK_EDITABLE (input), text);
  spin ();
}

static GtkWidget *
open_view (Fixture *fixture,
           gint64   customer_id)
{
  GtkWidget *view = g_object_ref_sink (cube_details_view_new (fixture->context, customer_id));

  gtk_window_present (GTK_WINDOW (view));
  spin ();
  return view;
}

static void
close_view (GtkWidget *view)
{
  if (cube_test_is_toplevel (view))
    gtk_window_destroy (GTK_WINDOW (view));
  spin ();
  g_assert_finalize_object (view);
}

static CubeCustomer *
stored (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CubeCustomer *customer = cube_store_get_customer (fixture->store, cube_customer_get_id (fixture->customer), &error);

  g_assert_no_error (error);
  return customer;
}

static guint
count_events (Fixture *fixture)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  events = cube_store_list_events (fixture->store, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);
  return events->len;
}

/* A second connection on the same database, signed in as Kari. */
static CubeStore *
open_other (Fixture *fixture)
{
  return cube_test_open_store (fixture->path, OTHER_LOGIN);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CubeUser) kari = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = cube_test_new_database (&fixture->dir, &fixture->path);
  cube_test_add_demo (fixture->store);
  kari = cube_store_add_user (fixture->store, OTHER_LOGIN, OTHER_NAME, CUBE_PERMISSION_CUSTOMER_HANDLING, &error);
  g_assert_no_error (error);
  fixture->context = cube_context_new (fixture->store);
  fixture->assignment = cube_store_find_assignment (fixture->store, CUBE_DEMO_ASSIGNMENT, &error);
  g_assert_no_error (error);
  fixture->customer = cube_store_find_customer (fixture->store, cube_assignment_get_id (fixture->assignment),
                                                "10005", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->view != NULL)
    close_view (g_steal_pointer (&fixture->view));
  g_clear_object (&fixture->customer);
  g_clear_object (&fixture->assignment);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  cube_test_remove_database (fixture->dir, fixture->path);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_shows_customer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *assignment = g_strdup_printf ("Assignment: %s", CUBE_DEMO_ASSIGNMENT);
  g_autofree char *title = g_strdup_printf ("Customer details – %s (10005)", cube_customer_get_name (fixture->customer));
  g_autoptr(CubeCustomer) after = NULL;

  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_cmpint (cube_details_view_get_customer_id (CUBE_DETAILS_VIEW (fixture->view)), ==,
                   cube_customer_get_id (fixture->customer));

  /* The fields, as stored. */
  g_assert_cmpstr (card_text (fixture->view, "customer_key"), ==, "10005");
  g_assert_cmpstr (card_text (fixture->view, "name"), ==, cube_customer_get_name (fixture->customer));
  g_assert_cmpstr (card_text (fixture->view, "email"), ==, cube_customer_get_email (fixture->customer));
  g_assert_cmpstr (card_text (fixture->view, "phone1"), ==, cube_customer_get_phones (fixture->customer)[0]);
  g_assert_cmpstr (card_text (fixture->view, "poststed"), ==,
                   g_hash_table_lookup (cube_customer_get_fields (fixture->customer), "poststed"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->view)), ==, title);

  /* State, assignment and history. */
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Available"));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, assignment));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Created (demo)"));
  g_assert_true (action_enabled (fixture->view, "details.select"));
  g_assert_false (action_enabled (fixture->view, "details.save-changes"));

  /* Looking takes no lock. */
  after = stored (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
  g_assert_null (cube_customer_get_locked_by (after));
}

static void
test_edit_and_save (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *change = g_strdup_printf ("Changed Name: %s → Åse Endret",
                                             cube_customer_get_name (fixture->customer));
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  CubeEvent *last;

  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_null (cube_test_find_shown_label (fixture->view, change));
  type_into (fixture->view, "name", "Åse Endret");
  g_assert_true (action_enabled (fixture->view, "details.save-changes"));
  gtk_widget_activate_action (fixture->view, "details.save-changes", NULL);
  spin ();

  /* Stored through the core, with an edited event… */
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_name (after), ==, "Åse Endret");
  g_assert_cmpstr (cube_customer_get_email (after), ==, cube_customer_get_email (fixture->customer));
  events = cube_store_list_events (fixture->store, cube_customer_get_id (after), &error);
  g_assert_no_error (error);
  last = events->pdata[0];
  g_assert_cmpstr (cube_event_get_kind (last), ==, "edited");
  g_assert_cmpstr (cube_event_get_field (last), ==, "name");
  g_assert_cmpstr (cube_event_get_new_value (last), ==, "Åse Endret");
  /* …only for the field that changed… */
  g_assert_cmpstr (cube_event_get_kind (events->pdata[1]), ==, "created");

  /* …shown in the history, and the view says so. */
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, change));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Changes saved"));
  g_assert_false (action_enabled (fixture->view, "details.save-changes"));
  g_assert_false (cube_customer_card_get_dirty (view_card (fixture->view)));
  g_assert_cmpstr (card_text (fixture->view, "name"), ==, "Åse Endret");
}

static void
test_invalid_edit_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;
  guint n_events = count_events (fixture);

  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));

  /* A bad e-mail address: the core's message under the field, no save. */
  type_into (fixture->view, "email", "ikke-en-adresse");
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "E-mail is not a valid e-mail address"));
  g_assert_false (action_enabled (fixture->view, "details.save-changes"));
  g_assert_false (action_enabled (fixture->view, "details.select"));
  gtk_widget_activate_action (fixture->view, "details.save-changes", NULL);
  spin ();
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_email (after), ==, cube_customer_get_email (fixture->customer));
  g_assert_cmpuint (count_events (fixture), ==, n_events);
  g_clear_object (&after);

  /* A rule only the store can check (another customer has the Kundeid):
   * refused with its message, nothing stored, the edit still in the card. */
  type_into (fixture->view, "email", "");
  type_into (fixture->view, "customer_key", "10001");
  g_assert_true (action_enabled (fixture->view, "details.save-changes"));
  gtk_widget_activate_action (fixture->view, "details.save-changes", NULL);
  spin ();
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Customer ID 10001 already exists"));
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_customer_key (after), ==, "10005");
  g_assert_cmpstr (cube_customer_get_email (after), ==, cube_customer_get_email (fixture->customer));
  g_assert_cmpuint (count_events (fixture), ==, n_events);
  g_assert_cmpstr (card_text (fixture->view, "customer_key"), ==, "10001");
  g_assert_true (cube_customer_card_get_dirty (view_card (fixture->view)));
}

static void
test_select_opens_active_view (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GList) active = NULL;
  GtkWidget *view;
  GtkWidget *active_view;

  g_assert_null (list_active_views ());
  view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_true (action_enabled (view, "details.select"));
  gtk_widget_activate_action (view, "details.select", NULL);
  spin ();

  /* Locked to the current user… */
  after = stored (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_LOCKED);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, g_get_user_name ());
  g_clear_object (&after);

  /* …in the active view, and the details view is gone. */
  active = list_active_views ();
  g_assert_cmpuint (g_list_length (active), ==, 1);
  active_view = g_object_ref (active->data);
  {
    g_autoptr(CubeCustomer) shown = NULL;

    g_object_get (active_view, "customer", &shown, NULL);
    g_assert_cmpint (cube_customer_get_id (shown), ==, cube_customer_get_id (fixture->customer));
  }
  g_assert_false (cube_test_is_toplevel (view));
  close_view (view);

  /* Closing the active view lets the customer go again. */
  gtk_window_close (GTK_WINDOW (active_view));
  spin ();
  close_view (active_view);
  after = stored (fixture);
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_AVAILABLE);
}

static void
test_select_keeps_typed_edits (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GList) active = NULL;
  GtkWidget *view = open_view (fixture, cube_customer_get_id (fixture->customer));
  GtkWidget *active_view;

  type_into (view, "poststed", "Hønefoss");
  gtk_widget_activate_action (view, "details.select", NULL);
  spin ();
  after = stored (fixture);
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (after), "poststed"), ==, "Hønefoss");
  g_assert_cmpint (cube_customer_get_status (after), ==, CUBE_STATUS_LOCKED);
  active = list_active_views ();
  g_assert_cmpuint (g_list_length (active), ==, 1);
  active_view = g_object_ref (active->data);
  close_view (view);
  gtk_window_destroy (GTK_WINDOW (active_view));
  close_view (active_view);
}

static void
test_locked_by_other (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CubeStore) other = open_other (fixture);
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GError) error = NULL;

  locked = cube_store_lock_customer (other, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);

  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Locked by " OTHER_NAME));
  g_assert_null (cube_test_find_shown_label (fixture->view, "Available"));
  g_assert_false (action_enabled (fixture->view, "details.select"));
  /* The core refuses edits while Kari holds it; so does the view. */
  type_into (fixture->view, "name", "Noe annet");
  g_assert_false (action_enabled (fixture->view, "details.save-changes"));

  gtk_widget_activate_action (fixture->view, "details.select", NULL);
  spin ();
  g_assert_null (list_active_views ());
  g_assert_true (cube_test_is_toplevel (fixture->view));
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, OTHER_LOGIN);
  g_assert_cmpstr (cube_customer_get_name (after), ==, cube_customer_get_name (fixture->customer));
}

static void
test_select_loses_race (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(CubeStore) other = open_other (fixture);
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(GError) error = NULL;

  /* Kari takes the customer before this view has noticed (no polling). */
  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_true (action_enabled (fixture->view, "details.select"));
  locked = cube_store_lock_customer (other, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (fixture->view, "details.select", NULL);
  spin ();
  g_assert_null (list_active_views ());
  g_assert_true (cube_test_is_toplevel (fixture->view));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "The customer is locked by " OTHER_LOGIN));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Locked by " OTHER_NAME));
  g_assert_false (action_enabled (fixture->view, "details.select"));
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_locked_by (after), ==, OTHER_LOGIN);
}

static void
test_locked_by_you (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(GList) active = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *first, *view;

  /* The current user already works the customer in an active view. */
  locked = cube_store_lock_customer (fixture->store, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);
  first = g_object_ref_sink (cube_active_view_new (fixture->context, locked));
  gtk_window_present (GTK_WINDOW (first));
  spin ();

  view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_nonnull (cube_test_find_shown_label (view, "Locked by you"));
  g_assert_true (action_enabled (view, "details.select"));
  gtk_widget_activate_action (view, "details.select", NULL);
  spin ();

  /* Select brings that view forward rather than opening a second one. */
  active = list_active_views ();
  g_assert_cmpuint (g_list_length (active), ==, 1);
  g_assert_true (active->data == (gpointer) first);
  g_assert_false (cube_test_is_toplevel (view));
  close_view (view);
  gtk_window_destroy (GTK_WINDOW (first));
  close_view (first);
}

static gboolean
label_shown_cb (gpointer data)
{
  gpointer *args = data;

  return cube_test_find_shown_label (args[0], args[1]) != NULL;
}

static gboolean
wait_for_label (GtkWidget  *view,
                const char *text)
{
  gpointer args[2] = { view, (gpointer) text };

  return cube_test_spin_until (label_shown_cb, args, 5000);
}

static void
test_refreshes_on_other_changes (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(CubeStore) other = open_other (fixture);
  g_autoptr(CubeCustomer) edited = NULL;
  g_autoptr(CubeCustomer) locked = NULL;
  g_autoptr(CubeCustomer) after = NULL;
  g_autoptr(CubeCustomerDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *change = NULL;
  const char *old_place = g_hash_table_lookup (cube_customer_get_fields (fixture->customer), "poststed");
  g_autofree char *place_change = g_strdup_printf ("Changed Poststed: %s → Lillehammer", old_place);

  cube_context_set_poll_interval (fixture->context, 20);
  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));

  /* Kari renames the customer in her own process. */
  draft = cube_customer_draft_new ();
  draft->customer_key = g_strdup ("10005");
  draft->name = g_strdup ("Navn Fra Kari");
  draft->email = g_strdup (cube_customer_get_email (fixture->customer));
  cube_customer_draft_add_phone (draft, cube_customer_get_phones (fixture->customer)[0]);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, cube_customer_get_fields (fixture->customer));
    while (g_hash_table_iter_next (&iter, &key, &value))
      cube_customer_draft_set_field (draft, key, value);
  }
  edited = cube_store_update_customer (other, cube_customer_get_id (fixture->customer), draft, &error);
  g_assert_no_error (error);
  change = g_strdup_printf ("Changed Name: %s → Navn Fra Kari", cube_customer_get_name (fixture->customer));
  g_assert_true (wait_for_label (fixture->view, change));
  g_assert_cmpstr (card_text (fixture->view, "name"), ==, "Navn Fra Kari");

  /* While the user types, Kari's next change shows in the history but does
   * not overwrite what is typed; saving keeps both. */
  type_into (fixture->view, "email", "ny.adresse@example.no");
  cube_customer_draft_set_field (draft, "poststed", "Lillehammer");
  g_clear_object (&edited);
  edited = cube_store_update_customer (other, cube_customer_get_id (fixture->customer), draft, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_label (fixture->view, place_change));
  g_assert_cmpstr (card_text (fixture->view, "email"), ==, "ny.adresse@example.no");
  g_assert_cmpstr (card_text (fixture->view, "poststed"), ==, old_place);
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Someone else changed this customer. Your unsaved changes are kept; "
                                "the fields you did not change take the new values when you save."));
  g_assert_true (action_enabled (fixture->view, "details.save-changes"));
  gtk_widget_activate_action (fixture->view, "details.save-changes", NULL);
  spin ();
  after = stored (fixture);
  g_assert_cmpstr (cube_customer_get_email (after), ==, "ny.adresse@example.no");
  g_assert_cmpstr (g_hash_table_lookup (cube_customer_get_fields (after), "poststed"), ==, "Lillehammer");
  g_assert_cmpstr (cube_customer_get_name (after), ==, "Navn Fra Kari");
  g_assert_cmpstr (card_text (fixture->view, "poststed"), ==, "Lillehammer");

  /* Kari locks it: the state names her and Select is disabled. */
  locked = cube_store_lock_customer (other, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);
  g_assert_true (wait_for_label (fixture->view, "Locked by " OTHER_NAME));
  g_assert_false (action_enabled (fixture->view, "details.select"));

  /* And lets it go again. */
  g_assert_true (cube_store_release_lock (other, cube_customer_get_id (fixture->customer), &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_label (fixture->view, "Available"));
  g_assert_true (action_enabled (fixture->view, "details.select"));
  cube_context_set_poll_interval (fixture->context, 0);
}

static void
test_closed_and_follow_up (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CubeOutcome) sale = NULL;
  g_autoptr(CubeOutcome) call_back = NULL;
  g_autoptr(CubeCustomer) other_customer = NULL;
  g_autoptr(CubeCustomer) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 assignment_id = cube_assignment_get_id (fixture->assignment);
  gint64 follow_up_at = cube_parse_time ("2031-05-17 14:30");
  GtkWidget *view;

  sale = cube_store_find_outcome (fixture->store, assignment_id, "Salg", &error);
  g_assert_no_error (error);
  call_back = cube_store_find_outcome (fixture->store, assignment_id, "Ring tilbake senere", &error);
  g_assert_no_error (error);

  /* A follow-up time set by an attempt outcome. */
  other_customer = cube_store_find_customer (fixture->store, assignment_id, "10006", &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_lock_customer (fixture->store, cube_customer_get_id (other_customer), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_register_outcome (fixture->store, cube_customer_get_id (other_customer),
                                        cube_outcome_get_id (call_back), follow_up_at, "Ring etter lunsj", &error);
  g_assert_no_error (error);
  view = open_view (fixture, cube_customer_get_id (other_customer));
  g_assert_nonnull (cube_test_find_shown_label (view, "Follow-up 17.05.2031 14:30"));
  g_assert_nonnull (cube_test_find_shown_label (view, "Ring tilbake senere"));
  g_assert_nonnull (cube_test_find_shown_label (view, "1"));
  g_assert_true (action_enabled (view, "details.select"));
  close_view (view);

  /* Sold: closed with its outcome, no Select. */
  g_clear_object (&result);
  result = cube_store_lock_customer (fixture->store, cube_customer_get_id (fixture->customer), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  result = cube_store_register_outcome (fixture->store, cube_customer_get_id (fixture->customer),
                                        cube_outcome_get_id (sale), 0, NULL, &error);
  g_assert_no_error (error);
  fixture->view = open_view (fixture, cube_customer_get_id (fixture->customer));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Closed: Salg"));
  g_assert_nonnull (cube_test_find_shown_label (fixture->view, "Outcome: Salg"));
  g_assert_false (action_enabled (fixture->view, "details.select"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/details/shows-customer", test_shows_customer);
  ADD ("/gui/details/edit-and-save", test_edit_and_save);
  ADD ("/gui/details/invalid-edit-refused", test_invalid_edit_refused);
  ADD ("/gui/details/select-opens-active-view", test_select_opens_active_view);
  ADD ("/gui/details/select-keeps-typed-edits", test_select_keeps_typed_edits);
  ADD ("/gui/details/locked-by-other", test_locked_by_other);
  ADD ("/gui/details/select-loses-race", test_select_loses_race);
  ADD ("/gui/details/locked-by-you", test_locked_by_you);
  ADD ("/gui/details/refreshes-on-other-changes", test_refreshes_on_other_changes);
  ADD ("/gui/details/closed-and-follow-up", test_closed_and_follow_up);
#undef ADD

  return g_test_run ();
}
