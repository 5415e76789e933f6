/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>

#include "cube-demo.h"
#include "cube-error.h"

static const char * const first_names[] = {
  "Øystein", "Åse", "Bjørn", "Kari", "Ole", "Ingrid", "Håkon", "Sigrid", "Lars", "Solveig",
  "Eirik", "Marit", "Torbjørn", "Ragnhild", "Jørgen", "Tone", "Pål", "Liv", "Anders", "Hege",
};

static const char * const last_names[] = {
  "Ås", "Bråten", "Sæther", "Hansen", "Johansen", "Olsen", "Lærum", "Dahl", "Haugen", "Østby",
  "Berg", "Strøm", "Lie", "Næss", "Moen", "Kvåle", "Aas", "Gjerde", "Solberg", "Rønning",
};

static const char * const places[][2] = {
  { "0150", "Oslo" }, { "5003", "Bergen" }, { "7010", "Trondheim" }, { "4006", "Stavanger" },
  { "9008", "Tromsø" }, { "3015", "Drammen" }, { "1606", "Fredrikstad" }, { "2317", "Hamar" },
};

/* ASCII form of a name for the demo e-mail addresses. */
static char *
mail_part (const char *name)
{
  static const char * const from[] = { "æ", "ø", "å", "Æ", "Ø", "Å" };
  static const char * const to[] = { "ae", "o", "a", "ae", "o", "a" };
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *s = g_string_new (lower);

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    g_string_replace (s, from[i], to[i], 0);
  return g_string_free (s, FALSE);
}

static gboolean
create (CubeStore  *store,
        GError    **error)
{
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  gint64 dataset_id;
  const char * const kinds[] = { "Privat", "Bedrift", NULL };
  const struct {
    const char *key, *label;
    CubeFieldType type;
    const char * const *options;
  } fields[] = {
    { "postnummer", N_("Postnummer"), CUBE_FIELD_TEXT, NULL },
    { "poststed", N_("Poststed"), CUBE_FIELD_TEXT, NULL },
    { "fodselsdato", N_("Fødselsdato"), CUBE_FIELD_DATE, NULL },
    { "kundetype", N_("Kundetype"), CUBE_FIELD_CHOICE, kinds },
    { "nyhetsbrev", N_("Nyhetsbrev"), CUBE_FIELD_YES_NO, NULL },
    { "notat", N_("Notat"), CUBE_FIELD_MULTILINE, NULL },
  };
  const struct {
    const char *label;
    CubeOutcomeKind kind;
    gboolean closes, needs_time;
  } outcomes[] = {
    { "Salg", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
    { "Nei takk", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
    { "Ikke svar", CUBE_OUTCOME_ATTEMPT, FALSE, FALSE },
    { "Ring tilbake senere", CUBE_OUTCOME_ATTEMPT, FALSE, TRUE },
    { "Feil nummer", CUBE_OUTCOME_PROGRESS, TRUE, FALSE },
  };

  if (!(owner = cube_store_add_data_owner (store, CUBE_DEMO_OWNER, "Demo AS",
                                           "Salg og kundeservice på telefon", error)))
    return FALSE;
  if (!(dataset = cube_store_add_dataset (store, cube_data_owner_get_id (owner), CUBE_DATASET_B2C, error)))
    return FALSE;
  dataset_id = cube_dataset_get_id (dataset);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(CubeFieldDef) field = cube_store_add_field (store, dataset_id, fields[i].key,
                                                            fields[i].label, fields[i].type,
                                                            FALSE, FALSE, fields[i].options,
                                                            NULL, error);
      if (field == NULL)
        return FALSE;
    }
  if (!(assignment = cube_store_add_assignment (store, dataset_id, CUBE_DEMO_ASSIGNMENT, error)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autoptr(CubeOutcome) outcome = cube_store_add_outcome (store, cube_assignment_get_id (assignment),
                                                               outcomes[i].label, outcomes[i].kind,
                                                               outcomes[i].closes, outcomes[i].needs_time,
                                                               error);
      if (outcome == NULL)
        return FALSE;
    }

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(CubeCustomerDraft) draft = cube_customer_draft_new ();
      g_autoptr(CubeCustomer) customer = NULL;
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i * 7) % G_N_ELEMENTS (last_names)];
      g_autofree char *first_mail = mail_part (first);
      g_autofree char *last_mail = mail_part (last);
      g_autofree char *phone = g_strdup_printf ("%s %02u %03u", i % 3 ? "9" "12" : "4" "81",
                                                10 + i, 100 + i * 17);
      g_autofree char *birth = g_strdup_printf ("%02u.%02u.%u", 1 + i % 28, 1 + i % 12, 1950 + i);

      draft->assignment_id = cube_assignment_get_id (assignment);
      draft->customer_key = g_strdup_printf ("%u", 10001 + i);
      draft->name = g_strdup_printf ("%s %s", first, last);
      if (i % 4 != 3)
        draft->email = g_strdup_printf ("%s.%s@example.no", first_mail, last_mail);
      cube_customer_draft_add_phone (draft, phone);
      cube_customer_draft_set_field (draft, "postnummer", places[i % G_N_ELEMENTS (places)][0]);
      cube_customer_draft_set_field (draft, "poststed", places[i % G_N_ELEMENTS (places)][1]);
      cube_customer_draft_set_field (draft, "fodselsdato", birth);
      cube_customer_draft_set_field (draft, "kundetype", kinds[i % 5 == 0]);
      cube_customer_draft_set_field (draft, "nyhetsbrev", i % 2 ? "ja" : "nei");
      if (!(customer = cube_store_add_customer (store, draft, CUBE_SOURCE_DEMO, NULL, error)))
        return FALSE;
    }
  return TRUE;
}

gboolean
cube_demo_create (CubeStore  *store,
                  gboolean   *created,
                  GError    **error)
{
  g_autoptr(CubeUser) user = cube_store_get_user (store);
  g_autoptr(CubeDataset) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (created)
    *created = FALSE;
  if (user == NULL)
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL, _("No user is signed in"));
      return FALSE;
    }
  if (!cube_store_begin (store, error))
    return FALSE;
  existing = cube_store_find_dataset (store, CUBE_DEMO_OWNER "/b2c", &local_error);
  if (existing != NULL)
    return cube_store_commit (store, error);
  if (!g_error_matches (local_error, CUBE_ERROR, CUBE_ERROR_NOT_FOUND))
    {
      cube_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Sets up a data owner, so it takes an administrator: the person trying
   * Cube out on a new database is its first user and has every permission,
   * and nobody gains a permission by asking for the demo. */
  if (!(cube_user_get_permissions (user) & CUBE_PERMISSION_ADMINISTRATOR))
    {
      cube_store_rollback (store);
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL,
                      _("%s does not have permission to create the demo data; an administrator can"),
                      cube_user_get_login (user));
      return FALSE;
    }
  if (!create (store, error))
    {
      cube_store_rollback (store);
      return FALSE;
    }
  if (!cube_store_commit (store, error))
    return FALSE;
  if (created)
    *created = TRUE;
  return TRUE;
}
