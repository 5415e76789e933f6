/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cube-error.h"
#include "cube-sqlite-store.h"
#include "cube-store.h"
#include "cube-store-private.h"
#include "cube-validate.h"

/* The rules live here, above the backends: every way in calls these
 * functions, so validation and permissions are the same for all. */

G_DEFINE_INTERFACE (CubeStore, cube_store, G_TYPE_OBJECT)

/* Per-store state the interface needs: who acts and what time it is. */
typedef struct {
  char          *login;
  CubeClockFunc  clock;
  gpointer       clock_data;
  guint          lease_seconds;
} StoreState;

static GQuark state_quark;

static void
store_state_free (gpointer data)
{
  StoreState *state = data;

  g_free (state->login);
  g_free (state);
}

static StoreState *
get_state (CubeStore *self)
{
  StoreState *state = g_object_get_qdata (G_OBJECT (self), state_quark);

  if (state == NULL)
    {
      state = g_new0 (StoreState, 1);
      state->lease_seconds = CUBE_DEFAULT_LEASE_SECONDS;
      g_object_set_qdata_full (G_OBJECT (self), state_quark, state, store_state_free);
    }
  return state;
}

static void
cube_store_default_init (CubeStoreInterface *iface)
{
  state_quark = g_quark_from_static_string ("cube-store-state");
}

#define IFACE(self) CUBE_STORE_GET_IFACE (self)

/* The acting user as the database has it now (another process may have
 * changed the permissions since we last looked). */
static CubeUser *
current_user (CubeStore  *self,
              GError    **error)
{
  StoreState *state = get_state (self);
  CubeUser *user;

  if (state->login == NULL)
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL, _("No user is signed in"));
      return NULL;
    }
  user = IFACE (self)->find_user (self, state->login, error);
  if (user != NULL && cube_user_get_archived (user))
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL,
                      _("The user %s is archived"), state->login);
      g_clear_object (&user);
    }
  return user;
}

/* Returns the acting user when they hold any of @any_of. */
static CubeUser *
require_permission (CubeStore        *self,
                    CubePermissions   any_of,
                    const char       *what,
                    GError          **error)
{
  g_autoptr(CubeUser) user = current_user (self, error);

  if (user == NULL)
    return NULL;
  if ((cube_user_get_permissions (user) & any_of) == 0)
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, NULL,
                      _("%s does not have permission to %s"),
                      cube_user_get_login (user), what);
      return NULL;
    }
  return g_steal_pointer (&user);
}

/* Ends the caller's transaction for a change: commits when @changed (the
 * changed object) is there, else rolls back. Returns @changed, or NULL when
 * the commit fails. */
static gpointer
end_change (CubeStore  *self,
            gpointer    changed,
            GError    **error)
{
  if (changed == NULL)
    IFACE (self)->rollback (self);
  else if (!IFACE (self)->commit (self, error))
    g_clear_pointer (&changed, g_object_unref);
  return changed;
}

/* Whether the acting user holds any of @any_of (else @error says they may
 * not @what). */
static gboolean
has_permission (CubeStore        *self,
                CubePermissions   any_of,
                const char       *what,
                GError          **error)
{
  g_autoptr(CubeUser) user = require_permission (self, any_of, what, error);

  return user != NULL;
}

/* Choices are matched ignoring case, so "A" and "a" are one choice. */
static gboolean
same_choice (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

#define SETUP_PERMISSIONS (CUBE_PERMISSION_ADMINISTRATOR | CUBE_PERMISSION_ASSIGNMENT_SETUP)

static gboolean
is_supervisor (CubeUser *user)
{
  return (cube_user_get_permissions (user) & SETUP_PERMISSIONS) != 0;
}

/* Today's date in local time as YYYY-MM-DD, by the store's clock. */
static char *
today (CubeStore *self)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (cube_store_now (self));

  return g_date_time_format (dt, "%Y-%m-%d");
}

/* Whether @user may work @assignment: not archived; within its dates
 * unless @dates_for_supervisors is FALSE and @user is a supervisor; visible
 * to @user (supervisors see every assignment). */
static gboolean
assignment_open_to (CubeStore       *self,
                    CubeAssignment  *assignment,
                    CubeUser        *user,
                    gboolean         dates_for_supervisors,
                    GError         **error)
{
  const char *from = cube_assignment_get_active_from (assignment);
  const char *until = cube_assignment_get_active_until (assignment);
  g_autofree char *day = today (self);

  if (cube_assignment_get_archived (assignment))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The assignment “%s” is archived"), cube_assignment_get_name (assignment));
      return FALSE;
    }
  if (!is_supervisor (user) && cube_assignment_get_visibility (assignment) == CUBE_VISIBILITY_CHOSEN
      && !g_strv_contains (cube_assignment_get_users (assignment), cube_user_get_login (user)))
    {
      cube_set_error (error, CUBE_ERROR_PERMISSION, "assignment",
                      _("The assignment “%s” is not open to %s"),
                      cube_assignment_get_name (assignment), cube_user_get_login (user));
      return FALSE;
    }
  if (!dates_for_supervisors && is_supervisor (user))
    return TRUE;
  if (from != NULL && g_strcmp0 (day, from) < 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The assignment “%s” starts on %s"), cube_assignment_get_name (assignment), from);
      return FALSE;
    }
  if (until != NULL && g_strcmp0 (day, until) > 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The assignment “%s” ended on %s"), cube_assignment_get_name (assignment), until);
      return FALSE;
    }
  return TRUE;
}

CubeStore *
cube_store_open_sqlite (const char  *path,
                        GError     **error)
{
  return (CubeStore *) cube_sqlite_store_new (path, error);
}

char *
cube_store_resolve_path (const char *explicit_path)
{
  const char *env = g_getenv ("CUBE_DATABASE");

  if (explicit_path != NULL && explicit_path[0] != '\0')
    return g_strdup (explicit_path);
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "cube", "cube.db", NULL);
}

static gboolean
valid_login (const char *login)
{
  if (login == NULL || login[0] == '\0' || strlen (login) > 100 || !g_utf8_validate (login, -1, NULL))
    return FALSE;
  for (const char *p = login; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }
  return TRUE;
}

gboolean
cube_store_set_user (CubeStore   *self,
                     const char  *login,
                     GError     **error)
{
  g_autoptr(CubeUser) user = NULL;
  StoreState *state = get_state (self);

  g_return_val_if_fail (CUBE_IS_STORE (self), FALSE);

  if (!valid_login (login))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "login",
                      _("A login cannot be empty or contain spaces"));
      return FALSE;
    }
  user = IFACE (self)->ensure_user (self, login, error);
  if (user == NULL)
    return FALSE;
  g_free (state->login);
  state->login = g_strdup (login);
  return TRUE;
}

CubeUser *
cube_store_get_user (CubeStore *self)
{
  g_return_val_if_fail (CUBE_IS_STORE (self), NULL);
  return current_user (self, NULL);
}

void
cube_store_set_clock (CubeStore     *self,
                      CubeClockFunc  func,
                      gpointer       user_data)
{
  StoreState *state = get_state (self);

  state->clock = func;
  state->clock_data = user_data;
}

gint64
cube_store_now (CubeStore *self)
{
  StoreState *state = get_state (self);

  if (state->clock != NULL)
    return state->clock (state->clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
cube_store_set_lease_seconds (CubeStore *self,
                              guint      seconds)
{
  get_state (self)->lease_seconds = MAX (seconds, 1);
}

guint
cube_store_get_lease_seconds (CubeStore *self)
{
  return get_state (self)->lease_seconds;
}

gboolean
cube_store_begin (CubeStore  *self,
                  GError    **error)
{
  return IFACE (self)->begin (self, error);
}

gboolean
cube_store_commit (CubeStore  *self,
                   GError    **error)
{
  return IFACE (self)->commit (self, error);
}

void
cube_store_rollback (CubeStore *self)
{
  IFACE (self)->rollback (self);
}

gint64
cube_store_get_data_version (CubeStore *self)
{
  return IFACE (self)->get_data_version (self);
}

/* Trims @value; NULL when it is not valid text, empty while @required, more
 * than @max characters or, when @single_line, more than one line. */
static char *
clean_value (const char  *value,
             const char  *field,
             const char  *label,
             gsize        max,
             gboolean     required,
             gboolean     single_line,
             GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value ? value : ""));

  if (!g_utf8_validate (text, -1, NULL))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field, _("%s is not valid text"), label);
      return NULL;
    }
  if (required && text[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field, _("%s is required"), label);
      return NULL;
    }
  if ((gsize) g_utf8_strlen (text, -1) > max)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                      _("%s can be at most %u characters"), label, (guint) max);
      return NULL;
    }
  for (const char *p = text; single_line && *p; p = g_utf8_next_char (p))
    if ((guchar) *p < 0x80 ? ((guchar) *p < 0x20 || *p == 0x7f) : g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                        _("%s must be a single line of text"), label);
        return NULL;
      }
  return g_steal_pointer (&text);
}

/* Trims @value; NULL when it is empty or more than @max characters. */
static char *
clean_name (const char  *value,
            const char  *field,
            const char  *label,
            gsize        max,
            gboolean     required,
            GError     **error)
{
  return clean_value (value, field, label, max, required, TRUE, error);
}

/* Free text of a data owner (controller, purpose): trimmed, valid, and not
 * longer than @max characters; may span lines. */
static char *
clean_text (const char  *value,
            const char  *field,
            const char  *label,
            gsize        max,
            GError     **error)
{
  return clean_value (value, field, label, max, FALSE, FALSE, error);
}

/* Checks what a data owner is: its name (not empty, one line, no “/”),
 * controller and purpose; the cleaned texts go to the three out pointers. */
static gboolean
clean_data_owner (const char  *name,
                  const char  *controller,
                  const char  *purpose,
                  char       **clean,
                  char       **clean_controller,
                  char       **clean_purpose,
                  GError     **error)
{
  if (!(*clean = clean_name (name, "name", _("Name"), 200, TRUE, error))
      || !(*clean_controller = clean_text (controller, "controller", _("Controller"), 500, error))
      || !(*clean_purpose = clean_text (purpose, "purpose", _("Purpose"), 2000, error)))
    return FALSE;
  /* A name with a slash would make OWNER/b2c ambiguous. */
  if (strchr (*clean, '/') != NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "name", _("A data owner’s name cannot contain “/”"));
      return FALSE;
    }
  return TRUE;
}

CubeDataOwner *
cube_store_add_data_owner (CubeStore   *self,
                           const char  *name,
                           const char  *controller,
                           const char  *purpose,
                           GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *clean_controller = NULL;
  g_autofree char *clean_purpose = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up data owners"), error))
    return NULL;
  if (!clean_data_owner (name, controller, purpose, &clean, &clean_controller, &clean_purpose, error))
    return NULL;
  return IFACE (self)->add_data_owner (self, clean, clean_controller, clean_purpose, error);
}

CubeDataOwner *
cube_store_get_data_owner (CubeStore  *self,
                           gint64      id,
                           GError    **error)
{
  return IFACE (self)->get_data_owner (self, id, error);
}

CubeDataOwner *
cube_store_find_data_owner (CubeStore   *self,
                            const char  *spec,
                            GError     **error)
{
  g_autoptr(GPtrArray) owners = NULL;
  char *end = NULL;
  gint64 id;

  if (spec == NULL || spec[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "owner", _("A data owner is required"));
      return NULL;
    }
  id = g_ascii_strtoll (spec, &end, 10);
  if (end != spec && *end == '\0')
    return IFACE (self)->get_data_owner (self, id, error);
  if (!(owners = IFACE (self)->list_data_owners (self, error)))
    return NULL;
  for (guint i = 0; i < owners->len; i++)
    if (g_strcmp0 (cube_data_owner_get_name (owners->pdata[i]), spec) == 0)
      return g_object_ref (owners->pdata[i]);
  cube_set_error (error, CUBE_ERROR_NOT_FOUND, "owner", _("No data owner “%s”"), spec);
  return NULL;
}

CubeDataOwner *
cube_store_update_data_owner (CubeStore   *self,
                              gint64       id,
                              const char  *name,
                              const char  *controller,
                              const char  *purpose,
                              GError     **error)
{
  g_autoptr(CubeDataOwner) owner = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *clean_controller = NULL;
  g_autofree char *clean_purpose = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up data owners"), error))
    return NULL;
  if (!(owner = IFACE (self)->get_data_owner (self, id, error)))
    return NULL;
  if (!clean_data_owner (name, controller, purpose, &clean, &clean_controller, &clean_purpose, error))
    return NULL;
  return IFACE (self)->update_data_owner (self, id, clean, clean_controller, clean_purpose, error);
}

GPtrArray *
cube_store_list_data_owners (CubeStore  *self,
                             GError    **error)
{
  return IFACE (self)->list_data_owners (self, error);
}

CubeDataset *
cube_store_add_dataset (CubeStore        *self,
                        gint64            owner_id,
                        CubeDatasetKind   kind,
                        GError          **error)
{
  if (!has_permission (self, SETUP_PERMISSIONS, _("set up datasets"), error))
    return NULL;
  if (kind != CUBE_DATASET_B2B && kind != CUBE_DATASET_B2C)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "kind", _("A dataset is B2B or B2C"));
      return NULL;
    }
  return IFACE (self)->add_dataset (self, owner_id, kind, error);
}

CubeDataset *
cube_store_find_dataset (CubeStore   *self,
                         const char  *spec,
                         GError     **error)
{
  const char *slash = spec ? strrchr (spec, '/') : NULL;
  char *end = NULL;
  gint64 id;

  if (spec == NULL || spec[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "dataset", _("A dataset is required"));
      return NULL;
    }
  if (slash != NULL)
    {
      g_autofree char *owner = g_strndup (spec, slash - spec);
      CubeDatasetKind kind;

      if (!cube_dataset_kind_from_string (slash + 1, &kind))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, "dataset",
                          _("A dataset is named OWNER/b2b or OWNER/b2c, not “%s”"), spec);
          return NULL;
        }
      return IFACE (self)->find_dataset (self, owner, kind, error);
    }
  id = g_ascii_strtoll (spec, &end, 10);
  if (end == spec || *end != '\0' || id <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "dataset",
                      _("A dataset is named by its id or OWNER/b2b or OWNER/b2c, not “%s”"), spec);
      return NULL;
    }
  return IFACE (self)->get_dataset (self, id, error);
}

GPtrArray *
cube_store_list_datasets (CubeStore  *self,
                          GError    **error)
{
  return IFACE (self)->list_datasets (self, error);
}

static const char * const reserved_keys[] = {
  "customer_key", "customer_id", "id", "name", "email", "phone", "phones",
  "phone1", "phone2", "phone3", "assignment", "status", NULL
};

/* Checks the parts of a field definition that need no stored data: the
 * key, the label and the options for @type. */
static gboolean
clean_field_spec (const char           *key,
                  const char           *label,
                  CubeFieldType         type,
                  const char * const   *options,
                  char                **clean_label,
                  GPtrArray           **clean_options,
                  GError              **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cleaned = NULL;

  if (!cube_validate_field_key (key, error))
    return FALSE;
  if (g_strv_contains (reserved_keys, key))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "key",
                      _("The key “%s” is used by a standard field"), key);
      return FALSE;
    }
  if ((guint) type > CUBE_FIELD_YES_NO)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "type", _("Choose a field type"));
      return FALSE;
    }
  if (!(cleaned = clean_name (label, "label", _("Label"), 100, TRUE, error)))
    return FALSE;
  for (guint i = 0; options && options[i]; i++)
    {
      g_autofree char *option = g_strstrip (g_strdup (options[i]));
      if (option[0] == '\0')
        continue;
      if (!g_utf8_validate (option, -1, NULL) || strchr (option, '\n') != NULL)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, "options",
                          _("A choice must be a single line of text"));
          return FALSE;
        }
      for (guint j = 0; j < list->len; j++)
        if (same_choice (list->pdata[j], option))
          {
            cube_set_error (error, CUBE_ERROR_VALIDATION, "options",
                            _("The choice “%s” is listed twice"), option);
            return FALSE;
          }
      g_ptr_array_add (list, g_steal_pointer (&option));
    }
  if (type == CUBE_FIELD_CHOICE && list->len == 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "options",
                      _("A choice field needs at least one option"));
      return FALSE;
    }
  if (type != CUBE_FIELD_CHOICE && list->len > 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "options",
                      _("Only a choice field has options"));
      return FALSE;
    }
  g_ptr_array_add (list, NULL);
  *clean_label = g_steal_pointer (&cleaned);
  *clean_options = g_steal_pointer (&list);
  return TRUE;
}

CubeFieldDef *
cube_store_add_field (CubeStore           *self,
                      gint64               dataset_id,
                      const char          *key,
                      const char          *label,
                      CubeFieldType        type,
                      gboolean             required,
                      gboolean             unique,
                      const char * const  *options,
                      const char          *help,
                      GError             **error)
{
  g_autofree char *clean_label = NULL;
  g_autoptr(GPtrArray) clean_options = NULL;
  g_autoptr(CubeDataset) dataset = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("change CRM settings"), error))
    return NULL;
  if (!(dataset = IFACE (self)->get_dataset (self, dataset_id, error)))
    return NULL;
  if (!clean_field_spec (key, label, type, options, &clean_label, &clean_options, error))
    return NULL;
  return IFACE (self)->add_field (self, dataset_id, key, clean_label, type, required, unique,
                                  (const char * const *) clean_options->pdata, help, error);
}

CubeFieldDef *
cube_store_get_field (CubeStore  *self,
                      gint64      field_id,
                      GError    **error)
{
  return IFACE (self)->get_field (self, field_id, error);
}

CubeFieldDef *
cube_store_find_field (CubeStore   *self,
                       gint64       dataset_id,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(GPtrArray) fields = NULL;

  if (!(fields = IFACE (self)->list_fields (self, dataset_id, TRUE, error)))
    return NULL;
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (cube_field_def_get_key (fields->pdata[i]), key) == 0)
      return g_object_ref (fields->pdata[i]);
  cube_set_error (error, CUBE_ERROR_NOT_FOUND, "key", _("The dataset has no field “%s”"),
                  key ? key : "");
  return NULL;
}

static char *
convert_value_cb (const char  *value,
                  gpointer     user_data,
                  GError     **error)
{
  return cube_validate_field_value (user_data, value, error);
}

static gboolean
same_options (const char * const *a,
              const char * const *b)
{
  guint na = a ? g_strv_length ((char **) a) : 0;
  guint nb = b ? g_strv_length ((char **) b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (g_strcmp0 (a[i], b[i]) != 0)
      return FALSE;
  return TRUE;
}

/* The checks of cube_store_update_field() that read stored values, inside
 * its transaction. */
static gboolean
update_field_checked (CubeStore     *self,
                      CubeFieldDef  *old,
                      CubeFieldDef  *updated,
                      GError       **error)
{
  gboolean key_changed = g_strcmp0 (cube_field_def_get_key (old), cube_field_def_get_key (updated)) != 0;
  gboolean type_changed = cube_field_def_get_field_type (old) != cube_field_def_get_field_type (updated);
  gboolean options_changed = !same_options (cube_field_def_get_options (old),
                                            cube_field_def_get_options (updated));
  gboolean converted = FALSE;
  gint64 n;

  if (key_changed)
    {
      g_autoptr(CubeFieldDef) other = NULL;

      if ((n = IFACE (self)->count_field_values (self, cube_field_def_get_id (old), error)) < 0)
        return FALSE;
      if (n > 0)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "key",
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The key cannot change: %lu customer has a value",
                                       "The key cannot change: %lu customers have a value",
                                       n), (gulong) n);
          return FALSE;
        }
      other = cube_store_find_field (self, cube_field_def_get_dataset_id (old),
                                     cube_field_def_get_key (updated), NULL);
      if (other != NULL)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "key",
                          _("The dataset already has a field with the key “%s”"),
                          cube_field_def_get_key (updated));
          return FALSE;
        }
    }

  if (type_changed || options_changed)
    {
      gint64 failed = 0;

      if (!IFACE (self)->convert_field_values (self, cube_field_def_get_id (old), convert_value_cb,
                                               updated, &failed, error))
        return FALSE;
      if (failed > 0 && type_changed)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "type",
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The type cannot change to %s: %lu value does not convert",
                                       "The type cannot change to %s: %lu values do not convert",
                                       failed),
                          cube_field_type_get_display_name (cube_field_def_get_field_type (updated)), (gulong) failed);
          return FALSE;
        }
      if (failed > 0)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "options",
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The choices cannot change: %lu value is not among them",
                                       "The choices cannot change: %lu values are not among them",
                                       failed), (gulong) failed);
          return FALSE;
        }
      converted = TRUE;
    }

  if (cube_field_def_get_unique (updated) && (!cube_field_def_get_unique (old) || converted))
    {
      if ((n = IFACE (self)->count_duplicate_values (self, cube_field_def_get_id (old), error)) < 0)
        return FALSE;
      if (n > 0)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "unique",
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Unique-if-filled cannot be turned on: %lu customer shares a value with another",
                                       "Unique-if-filled cannot be turned on: %lu customers share a value with another",
                                       n), (gulong) n);
          return FALSE;
        }
    }
  return IFACE (self)->save_field (self, updated, error);
}

CubeFieldDef *
cube_store_update_field (CubeStore           *self,
                         gint64               field_id,
                         const char          *key,
                         const char          *label,
                         CubeFieldType        type,
                         gboolean             required,
                         gboolean             unique,
                         const char * const  *options,
                         const char          *help,
                         GError             **error)
{
  g_autoptr(CubeFieldDef) old = NULL;
  g_autoptr(CubeFieldDef) updated = NULL;
  g_autofree char *clean_label = NULL;
  g_autofree char *clean_help = NULL;
  g_autoptr(GPtrArray) clean_options = NULL;
  gboolean ok;

  if (!has_permission (self, SETUP_PERMISSIONS, _("change CRM settings"), error))
    return NULL;
  if (!(old = IFACE (self)->get_field (self, field_id, error)))
    return NULL;
  if (key == NULL)
    key = cube_field_def_get_key (old);
  if (!clean_field_spec (key, label, type, options, &clean_label, &clean_options, error))
    return NULL;
  clean_help = g_strstrip (g_strdup (help ? help : ""));
  updated = g_object_new (CUBE_TYPE_FIELD_DEF,
                          "id", cube_field_def_get_id (old),
                          "dataset-id", cube_field_def_get_dataset_id (old),
                          "key", key,
                          "label", clean_label,
                          "field-type", type,
                          "required", required,
                          "unique", unique,
                          "help", clean_help,
                          "position", cube_field_def_get_position (old),
                          "archived", cube_field_def_get_archived (old),
                          "options", (char **) clean_options->pdata,
                          NULL);

  if (!IFACE (self)->begin (self, error))
    return NULL;
  ok = update_field_checked (self, old, updated, error);
  if (!ok)
    IFACE (self)->rollback (self);
  else if (!IFACE (self)->commit (self, error))
    return NULL;
  if (!ok)
    return NULL;
  return IFACE (self)->get_field (self, field_id, error);
}

/* A place in a list of fields or outcomes, 1 for first. */
static gboolean
check_position (int      position,
                GError **error)
{
  if (position < 1)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "position", _("A position starts at 1"));
      return FALSE;
    }
  return TRUE;
}

gboolean
cube_store_move_field (CubeStore  *self,
                       gint64      field_id,
                       int         position,
                       GError    **error)
{
  g_autoptr(CubeFieldDef) field = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("change CRM settings"), error))
    return FALSE;
  if (!(field = IFACE (self)->get_field (self, field_id, error)))
    return FALSE;
  if (!check_position (position, error))
    return FALSE;
  return IFACE (self)->move_field (self, field_id, position, error);
}

CubeFieldDef *
cube_store_set_field_archived (CubeStore  *self,
                               gint64      field_id,
                               gboolean    archived,
                               GError    **error)
{
  g_autoptr(CubeFieldDef) old = NULL;
  g_autoptr(CubeFieldDef) updated = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("change CRM settings"), error))
    return NULL;
  if (!(old = IFACE (self)->get_field (self, field_id, error)))
    return NULL;
  updated = g_object_new (CUBE_TYPE_FIELD_DEF,
                          "id", cube_field_def_get_id (old),
                          "dataset-id", cube_field_def_get_dataset_id (old),
                          "key", cube_field_def_get_key (old),
                          "label", cube_field_def_get_label (old),
                          "field-type", cube_field_def_get_field_type (old),
                          "required", cube_field_def_get_required (old),
                          "unique", cube_field_def_get_unique (old),
                          "help", cube_field_def_get_help (old),
                          "position", cube_field_def_get_position (old),
                          "archived", archived,
                          "options", cube_field_def_get_options (old),
                          NULL);
  if (!IFACE (self)->save_field (self, updated, error))
    return NULL;
  return IFACE (self)->get_field (self, field_id, error);
}

GPtrArray *
cube_store_list_missing_value (CubeStore  *self,
                               gint64      field_id,
                               guint       offset,
                               guint       limit,
                               GError    **error)
{
  return IFACE (self)->list_missing_value (self, field_id, offset, MIN (limit, 1000), error);
}

gint64
cube_store_count_missing_value (CubeStore  *self,
                                gint64      field_id,
                                GError    **error)
{
  return IFACE (self)->count_missing_value (self, field_id, error);
}

GPtrArray *
cube_store_list_fields (CubeStore  *self,
                        gint64      dataset_id,
                        gboolean    include_archived,
                        GError    **error)
{
  return IFACE (self)->list_fields (self, dataset_id, include_archived, error);
}

/* The cleaned name of an assignment, or NULL. */
static char *
clean_assignment_name (const char  *name,
                       GError     **error)
{
  g_autofree char *clean = NULL;
  char *end = NULL;

  if (!(clean = clean_name (name, "name", _("Name"), 200, TRUE, error)))
    return NULL;
  /* Assignments are named by id or name; a name that is a number would be
   * ambiguous. */
  g_ascii_strtoll (clean, &end, 10);
  if (end != clean && *end == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "name",
                      _("An assignment name cannot be just a number"));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

CubeAssignment *
cube_store_add_assignment (CubeStore   *self,
                           gint64       dataset_id,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *clean = NULL;
  g_autoptr(CubeDataset) dataset = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up assignments"), error))
    return NULL;
  if (!(dataset = IFACE (self)->get_dataset (self, dataset_id, error)))
    return NULL;
  if (!(clean = clean_assignment_name (name, error)))
    return NULL;
  return IFACE (self)->add_assignment (self, dataset_id, clean, error);
}

CubeAssignment *
cube_store_get_assignment (CubeStore  *self,
                           gint64      id,
                           GError    **error)
{
  return IFACE (self)->get_assignment (self, id, error);
}

CubeAssignment *
cube_store_find_assignment (CubeStore   *self,
                            const char  *spec,
                            GError     **error)
{
  char *end = NULL;
  gint64 id;

  if (spec == NULL || spec[0] == '\0')
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment", _("An assignment is required"));
      return NULL;
    }
  id = g_ascii_strtoll (spec, &end, 10);
  if (end != spec && *end == '\0')
    return IFACE (self)->get_assignment (self, id, error);
  return IFACE (self)->find_assignment (self, spec, error);
}

GPtrArray *
cube_store_list_assignments (CubeStore  *self,
                             gboolean    include_archived,
                             GError    **error)
{
  g_autoptr(CubeUser) user = current_user (self, NULL);
  GPtrArray *list;

  /* Reads need no user (tools, reports); a signed-in agent sees only what
   * they may work. */
  if (user == NULL || is_supervisor (user))
    return IFACE (self)->list_assignments (self, include_archived, error);
  if (!(list = IFACE (self)->list_assignments (self, FALSE, error)))
    return NULL;
  for (guint i = list->len; i > 0; i--)
    if (!assignment_open_to (self, list->pdata[i - 1], user, TRUE, NULL))
      g_ptr_array_remove_index (list, i - 1);
  return list;
}

gboolean
cube_store_check_assignment_open (CubeStore       *self,
                                  CubeAssignment  *assignment,
                                  GError         **error)
{
  g_autoptr(CubeUser) user = current_user (self, error);

  return user != NULL && assignment_open_to (self, assignment, user, TRUE, error);
}

/* A date option of an assignment: NULL for none, else YYYY-MM-DD. */
static gboolean
clean_date (const char  *value,
            const char  *field,
            const char  *label,
            char       **result,
            GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value ? value : ""));

  *result = NULL;
  if (text[0] == '\0')
    return TRUE;
  return (*result = cube_normalize_date (text, field, label, error)) != NULL;
}

CubeAssignment *
cube_store_update_assignment (CubeStore           *self,
                              gint64               id,
                              const char          *name,
                              gint64               dataset_id,
                              CubeVisibility       visibility,
                              const char * const  *logins,
                              const char          *active_from,
                              const char          *active_until,
                              guint                attempt_limit,
                              guint                cooldown_minutes,
                              GError             **error)
{
  g_autoptr(CubeAssignment) old = NULL;
  g_autoptr(CubeAssignment) other = NULL;
  g_autoptr(CubeDataset) dataset = NULL;
  g_autoptr(GArray) user_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *clean = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  CubeAssignment *changed = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up assignments"), error))
    return NULL;
  if (!(clean = clean_assignment_name (name, error)))
    return NULL;
  if (visibility != CUBE_VISIBILITY_ALL && visibility != CUBE_VISIBILITY_CHOSEN)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "visibility", _("Choose who sees the assignment"));
      return NULL;
    }
  if (!clean_date (active_from, "active_from", _("Active from"), &from, error)
      || !clean_date (active_until, "active_until", _("Active until"), &until, error))
    return NULL;
  if (from != NULL && until != NULL && g_strcmp0 (from, until) > 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "active_until",
                      _("The assignment cannot end before it starts"));
      return NULL;
    }
  if (attempt_limit > 1000)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "attempt_limit",
                      _("The attempt limit can be at most 1000"));
      return NULL;
    }
  if (cooldown_minutes > 60 * 24 * 365)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "cooldown_minutes",
                      _("The cool-down can be at most a year"));
      return NULL;
    }

  if (!IFACE (self)->begin (self, error))
    return NULL;
  if (!(old = IFACE (self)->get_assignment (self, id, error)))
    goto out;
  if (!(dataset = IFACE (self)->get_dataset (self, dataset_id, error)))
    goto out;
  if ((other = IFACE (self)->find_assignment (self, clean, NULL))
      && cube_assignment_get_id (other) != id)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "name",
                      _("An assignment named “%s” already exists"), clean);
      goto out;
    }
  if (dataset_id != cube_assignment_get_dataset_id (old))
    {
      gint64 n = IFACE (self)->count_assignment_customers (self, id, error);

      if (n < 0)
        goto out;
      /* Customers never move between datasets. */
      if (n > 0)
        {
          cube_set_error (error, CUBE_ERROR_CONFLICT, "dataset",
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The dataset cannot change: the assignment has %lu customer",
                                       "The dataset cannot change: the assignment has %lu customers",
                                       n), (gulong) n);
          goto out;
        }
    }
  for (guint i = 0; visibility == CUBE_VISIBILITY_CHOSEN && logins && logins[i]; i++)
    {
      g_autoptr(CubeUser) chosen = IFACE (self)->find_user (self, logins[i], error);
      gint64 user_id;

      if (chosen == NULL)
        goto out;
      user_id = cube_user_get_id (chosen);
      g_array_append_val (user_ids, user_id);
    }
  changed = IFACE (self)->update_assignment (self, id, clean, dataset_id, visibility, user_ids,
                                             from, until, attempt_limit, cooldown_minutes, error);
out:
  return end_change (self, changed, error);
}

gboolean
cube_store_set_assignment_archived (CubeStore  *self,
                                    gint64      id,
                                    gboolean    archived,
                                    GError    **error)
{
  if (!has_permission (self, SETUP_PERMISSIONS, _("set up assignments"), error))
    return FALSE;
  return IFACE (self)->set_assignment_archived (self, id, archived, error);
}

/* The cleaned label of an outcome, or NULL when the label is not one or the
 * outcome is an attempt that closes. */
static char *
clean_outcome (const char       *label,
               CubeOutcomeKind   kind,
               gboolean          closes,
               GError          **error)
{
  g_autofree char *clean = NULL;

  if (!(clean = clean_name (label, "label", _("Label"), 100, TRUE, error)))
    return NULL;
  if (kind == CUBE_OUTCOME_ATTEMPT && closes)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "closes",
                      _("An attempt outcome cannot close the customer"));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

CubeOutcome *
cube_store_add_outcome (CubeStore        *self,
                        gint64            assignment_id,
                        const char       *label,
                        CubeOutcomeKind   kind,
                        gboolean          closes,
                        gboolean          needs_time,
                        GError          **error)
{
  g_autofree char *clean = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up outcomes"), error))
    return NULL;
  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return NULL;
  if (!(clean = clean_outcome (label, kind, closes, error)))
    return NULL;
  return IFACE (self)->add_outcome (self, assignment_id, clean, kind, closes, needs_time, error);
}

GPtrArray *
cube_store_list_outcomes (CubeStore  *self,
                          gint64      assignment_id,
                          GError    **error)
{
  return IFACE (self)->list_outcomes (self, assignment_id, error);
}

CubeOutcome *
cube_store_get_outcome (CubeStore  *self,
                        gint64      outcome_id,
                        GError    **error)
{
  return IFACE (self)->get_outcome (self, outcome_id, error);
}

static CubeOutcome *
save_outcome (CubeStore        *self,
              CubeOutcome      *old,
              const char       *label,
              CubeOutcomeKind   kind,
              gboolean          closes,
              gboolean          needs_time,
              gboolean          archived,
              GError          **error)
{
  g_autoptr(CubeOutcome) updated = g_object_new (CUBE_TYPE_OUTCOME,
                                                 "id", cube_outcome_get_id (old),
                                                 "assignment-id", cube_outcome_get_assignment_id (old),
                                                 "label", label,
                                                 "kind", kind,
                                                 "closes", closes,
                                                 "needs-time", needs_time,
                                                 "position", cube_outcome_get_position (old),
                                                 "archived", archived,
                                                 NULL);

  if (!IFACE (self)->save_outcome (self, updated, error))
    return NULL;
  return IFACE (self)->get_outcome (self, cube_outcome_get_id (old), error);
}

CubeOutcome *
cube_store_update_outcome (CubeStore        *self,
                           gint64            outcome_id,
                           const char       *label,
                           CubeOutcomeKind   kind,
                           gboolean          closes,
                           gboolean          needs_time,
                           GError          **error)
{
  g_autoptr(CubeOutcome) old = NULL;
  g_autofree char *clean = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up outcomes"), error))
    return NULL;
  if (!(old = IFACE (self)->get_outcome (self, outcome_id, error)))
    return NULL;
  if (!(clean = clean_outcome (label, kind, closes, error)))
    return NULL;
  /* An unknown kind is no attempt: clean_outcome passed it. */
  if (kind != CUBE_OUTCOME_PROGRESS && kind != CUBE_OUTCOME_ATTEMPT)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "kind", _("An outcome is progress or attempt"));
      return NULL;
    }
  return save_outcome (self, old, clean, kind, closes, needs_time, cube_outcome_get_archived (old), error);
}

gboolean
cube_store_move_outcome (CubeStore  *self,
                         gint64      outcome_id,
                         int         position,
                         GError    **error)
{
  g_autoptr(CubeOutcome) outcome = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up outcomes"), error))
    return FALSE;
  if (!(outcome = IFACE (self)->get_outcome (self, outcome_id, error)))
    return FALSE;
  if (!check_position (position, error))
    return FALSE;
  return IFACE (self)->move_outcome (self, outcome_id, position, error);
}

CubeOutcome *
cube_store_set_outcome_archived (CubeStore  *self,
                                 gint64      outcome_id,
                                 gboolean    archived,
                                 GError    **error)
{
  g_autoptr(CubeOutcome) old = NULL;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up outcomes"), error))
    return NULL;
  if (!(old = IFACE (self)->get_outcome (self, outcome_id, error)))
    return NULL;
  return save_outcome (self, old, cube_outcome_get_label (old), cube_outcome_get_kind (old),
                       cube_outcome_get_closes (old), cube_outcome_get_needs_time (old), archived, error);
}

gboolean
cube_store_delete_outcome (CubeStore  *self,
                           gint64      outcome_id,
                           GError    **error)
{
  g_autoptr(CubeOutcome) outcome = NULL;
  gboolean ok = FALSE;
  gint64 uses;

  if (!has_permission (self, SETUP_PERMISSIONS, _("set up outcomes"), error))
    return FALSE;
  if (!IFACE (self)->begin (self, error))
    return FALSE;
  if ((outcome = IFACE (self)->get_outcome (self, outcome_id, error))
      && (uses = IFACE (self)->count_outcome_uses (self, outcome_id, error)) >= 0)
    {
      if (uses > 0)
        cube_set_error (error, CUBE_ERROR_CONFLICT, "outcome",
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The outcome “%s” is in use (%lu time); archive it instead",
                                     "The outcome “%s” is in use (%lu times); archive it instead",
                                     uses), cube_outcome_get_label (outcome), (gulong) uses);
      else
        ok = IFACE (self)->delete_outcome (self, outcome_id, error);
    }
  if (!ok)
    {
      IFACE (self)->rollback (self);
      return FALSE;
    }
  return IFACE (self)->commit (self, error);
}

CubeOutcome *
cube_store_find_outcome (CubeStore   *self,
                         gint64       assignment_id,
                         const char  *label,
                         GError     **error)
{
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *folded = g_utf8_casefold (label ? label : "", -1);

  if (!(outcomes = IFACE (self)->list_outcomes (self, assignment_id, error)))
    return NULL;
  for (guint i = 0; i < outcomes->len; i++)
    {
      CubeOutcome *outcome = outcomes->pdata[i];
      g_autofree char *candidate = g_utf8_casefold (cube_outcome_get_label (outcome), -1);

      if (g_strcmp0 (candidate, folded) == 0 && !cube_outcome_get_archived (outcome))
        return g_object_ref (outcome);
    }
  cube_set_error (error, CUBE_ERROR_NOT_FOUND, "outcome",
                  _("The assignment has no outcome “%s”"), label ? label : "");
  return NULL;
}

CubeUser *
cube_store_add_user (CubeStore        *self,
                     const char       *login,
                     const char       *name,
                     CubePermissions   permissions,
                     GError          **error)
{
  g_autofree char *clean = NULL;

  if (!has_permission (self, CUBE_PERMISSION_ADMINISTRATOR, _("manage users"), error))
    return NULL;
  if (!valid_login (login))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "login",
                      _("A login cannot be empty or contain spaces"));
      return NULL;
    }
  if (!(clean = clean_name (name, "name", _("Name"), 200, FALSE, error)))
    return NULL;
  return IFACE (self)->add_user (self, login, clean, permissions & CUBE_PERMISSION_ALL, error);
}

CubeUser *
cube_store_get_user_by_id (CubeStore  *self,
                           gint64      user_id,
                           GError    **error)
{
  return IFACE (self)->get_user (self, user_id, error);
}

/* Refuses, inside the caller's transaction, a change that would leave no
 * administrator who can act. */
static gboolean
keeps_an_administrator (CubeStore  *self,
                        CubeUser   *target,
                        gboolean    stays_admin,
                        GError    **error)
{
  gint64 others;

  if (stays_admin || cube_user_get_archived (target)
      || (cube_user_get_permissions (target) & CUBE_PERMISSION_ADMINISTRATOR) == 0)
    return TRUE;
  if ((others = IFACE (self)->count_administrators (self, cube_user_get_id (target), error)) < 0)
    return FALSE;
  if (others == 0)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "permissions",
                      _("%s is the last administrator; make someone else administrator first"),
                      cube_user_get_login (target));
      return FALSE;
    }
  return TRUE;
}

CubeUser *
cube_store_update_user (CubeStore        *self,
                        gint64            user_id,
                        const char       *name,
                        CubePermissions   permissions,
                        GError          **error)
{
  g_autoptr(CubeUser) target = NULL;
  g_autofree char *clean = NULL;
  CubeUser *changed = NULL;

  if (!has_permission (self, CUBE_PERMISSION_ADMINISTRATOR, _("manage users"), error))
    return NULL;
  if (!(clean = clean_name (name, "name", _("Name"), 200, FALSE, error)))
    return NULL;
  permissions &= CUBE_PERMISSION_ALL;
  if (!IFACE (self)->begin (self, error))
    return NULL;
  if ((target = IFACE (self)->get_user (self, user_id, error))
      && keeps_an_administrator (self, target, (permissions & CUBE_PERMISSION_ADMINISTRATOR) != 0, error))
    changed = IFACE (self)->update_user (self, user_id, clean, permissions, error);
  return end_change (self, changed, error);
}

CubeUser *
cube_store_set_user_archived (CubeStore  *self,
                              gint64      user_id,
                              gboolean    archived,
                              GError    **error)
{
  g_autoptr(CubeUser) target = NULL;
  CubeUser *changed = NULL;

  if (!has_permission (self, CUBE_PERMISSION_ADMINISTRATOR, _("manage users"), error))
    return NULL;
  if (!IFACE (self)->begin (self, error))
    return NULL;
  if ((target = IFACE (self)->get_user (self, user_id, error))
      && keeps_an_administrator (self, target, !archived, error))
    changed = IFACE (self)->set_user_archived (self, user_id, archived, error);
  return end_change (self, changed, error);
}

CubeUser *
cube_store_find_user (CubeStore   *self,
                      const char  *login,
                      GError     **error)
{
  return IFACE (self)->find_user (self, login, error);
}

GPtrArray *
cube_store_list_users (CubeStore  *self,
                       GError    **error)
{
  return IFACE (self)->list_users (self, error);
}

/* Phone slot @slot (1-based) of a form: "phone2" and its label. */
static char *
normalize_phone_slot (const char  *phone,
                      guint        slot,
                      GError     **error)
{
  static const char * const fields[] = { "phone1", "phone2", "phone3" };
  g_autofree char *field = NULL;
  g_autofree char *label = NULL;
  char *normalized;

  /* The name and the label are for a message only: the check runs once
   * without them, and again with them when it fails (gettext for every row
   * cost an import of a million 0.1 s). */
  if ((normalized = cube_normalize_phone (phone, NULL, NULL, NULL)) != NULL)
    return normalized;
  field = slot <= G_N_ELEMENTS (fields) ? g_strdup (fields[slot - 1]) : g_strdup_printf ("phone%u", slot);
  label = slot == 1 ? g_strdup (_("Phone number")) : g_strdup_printf (_("Phone number %u"), slot);
  return cube_normalize_phone (phone, field, label, error);
}

static CubeFieldDef *
find_def (GPtrArray  *fields,
          const char *key)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_strcmp0 (cube_field_def_get_key (fields->pdata[i]), key) == 0)
      return fields->pdata[i];
  return NULL;
}

/* The stored form of one value by its field's own rule; "" when an
 * optional value is empty. @fields: the dataset's fields, not archived. */
static char *
normalize_value (GPtrArray   *fields,
                 const char  *field,
                 const char  *value,
                 GError     **error)
{
  CubeFieldDef *def;

  if (g_str_equal (field, "customer_key"))
    return cube_validate_customer_key (value, error);
  /* The labels as in normalize_phone_slot: translated for a message only. */
  if (g_str_equal (field, "name"))
    {
      char *name = clean_name (value, "name", NULL, 300, FALSE, NULL);
      return name != NULL ? name : clean_name (value, "name", _("Name"), 300, FALSE, error);
    }
  if (g_str_equal (field, "email"))
    {
      char *email = cube_validate_email (value, "email", NULL, NULL);
      return email != NULL ? email : cube_validate_email (value, "email", _("E-mail"), error);
    }
  if (g_str_has_prefix (field, "phone") && field[5] >= '1' && field[5] <= '3' && field[6] == '\0')
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));

      if (trimmed[0] == '\0')
        return g_strdup ("");
      return normalize_phone_slot (value, field[5] - '0', error);
    }
  if ((def = find_def (fields, field)) == NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, field,
                      _("The dataset has no field “%s”"), field);
      return NULL;
    }
  return cube_validate_field_value (def, value, error);
}

/* Checks and normalises @draft against @fields (the dataset's, not
 * archived): the rules that need no other customer. Duplicates are the
 * backend's, inside its transaction. */
static gboolean
normalize_draft_into (GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      CubeCustomerDraft        *clean,
                      GError                  **error)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  clean->assignment_id = draft->assignment_id;
  if (!(clean->customer_key = normalize_value (fields, "customer_key", draft->customer_key, error)))
    return FALSE;
  if (!(clean->name = normalize_value (fields, "name", draft->name, error)))
    return FALSE;
  if (!(clean->email = normalize_value (fields, "email", draft->email, error)))
    return FALSE;

  for (guint i = 0; draft->phones && i < draft->phones->len; i++)
    {
      const char *phone = draft->phones->pdata[i];
      char *normalized;

      /* Blank (as g_strstrip() sees it): not given. */
      if (phone == NULL || phone[strspn (phone, " \t\n\r\f\v")] == '\0')
        continue;
      if (++n > CUBE_MAX_PHONES)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, "phones",
                          _("A customer can have at most %d phone numbers"), CUBE_MAX_PHONES);
          return FALSE;
        }
      /* Named by the slot it was typed in, so a form can show the message
       * under that input. A list longer than the form's slots (the CLI, an
       * import) names the number by its place among those given. */
      if (!(normalized = normalize_phone_slot (phone, i < CUBE_MAX_PHONES ? i + 1 : n, error)))
        return FALSE;
      g_ptr_array_add (clean->phones, normalized);
    }

  g_hash_table_iter_init (&iter, draft->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CubeFieldDef *def = find_def (fields, key);
      char *stored;

      if (def == NULL)
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, key,
                          _("The dataset has no field “%s”"), (const char *) key);
          return FALSE;
        }
      if (!(stored = cube_validate_field_value (def, value, error)))
        return FALSE;
      if (stored[0] == '\0')
        g_free (stored);
      else
        g_hash_table_replace (clean->fields, g_strdup (key), stored);
    }

  for (guint i = 0; i < fields->len; i++)
    {
      CubeFieldDef *def = fields->pdata[i];
      if (cube_field_def_get_required (def)
          && !g_hash_table_contains (clean->fields, cube_field_def_get_key (def)))
        {
          cube_set_error (error, CUBE_ERROR_VALIDATION, cube_field_def_get_key (def),
                          _("%s is required"), cube_field_def_get_label (def));
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks and normalises @draft into a new draft (normalize_draft_into). */
static CubeCustomerDraft *
normalize_draft_with (GPtrArray                *fields,
                      const CubeCustomerDraft  *draft,
                      GError                  **error)
{
  g_autoptr(CubeCustomerDraft) clean = cube_customer_draft_new ();

  if (!normalize_draft_into (fields, draft, clean, error))
    return NULL;
  return g_steal_pointer (&clean);
}

/* The same for @dataset_id's fields as they are now. */
static CubeCustomerDraft *
normalize_draft (CubeStore                *self,
                 gint64                    dataset_id,
                 const CubeCustomerDraft  *draft,
                 GError                  **error)
{
  g_autoptr(GPtrArray) fields = NULL;

  if (!(fields = IFACE (self)->list_fields (self, dataset_id, FALSE, error)))
    return NULL;
  return normalize_draft_with (fields, draft, error);
}

/* The assignment a new customer goes into: chosen, existing, not archived. */
/* The assignment a new customer goes into: chosen, existing, open to @user
 * (supervisors may fill it before and after its dates). */
static CubeAssignment *
assignment_for_new_customer (CubeStore  *self,
                             CubeUser   *user,
                             gint64      assignment_id,
                             GError    **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;

  if (assignment_id <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment", _("Choose an assignment"));
      return NULL;
    }
  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return NULL;
  if (!assignment_open_to (self, assignment, user, FALSE, error))
    return NULL;
  return g_steal_pointer (&assignment);
}

static CubeCustomer *
add_customer (CubeStore                *self,
              const CubeCustomerDraft  *draft,
              CubeSource                source,
              const char               *source_detail,
              gboolean                  lock,
              GError                  **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomerDraft) clean = NULL;

  g_return_val_if_fail (CUBE_IS_STORE (self), NULL);
  g_return_val_if_fail (draft != NULL, NULL);

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("add customers"), error)))
    return NULL;
  if (!(assignment = assignment_for_new_customer (self, user, draft->assignment_id, error)))
    return NULL;
  if (!(clean = normalize_draft (self, cube_assignment_get_dataset_id (assignment), draft, error)))
    return NULL;
  return IFACE (self)->insert_customer (self, cube_user_get_id (user),
                                        cube_assignment_get_dataset_id (assignment),
                                        clean, source, source_detail, lock, error);
}

CubeCustomer *
cube_store_add_customer (CubeStore                *self,
                         const CubeCustomerDraft  *draft,
                         CubeSource                source,
                         const char               *source_detail,
                         GError                  **error)
{
  return add_customer (self, draft, source, source_detail, FALSE, error);
}

CubeCustomer *
cube_store_add_customer_locked (CubeStore                *self,
                                const CubeCustomerDraft  *draft,
                                CubeSource                source,
                                const char               *source_detail,
                                GError                  **error)
{
  return add_customer (self, draft, source, source_detail, TRUE, error);
}

gboolean
cube_store_check_customer (CubeStore                *self,
                           const CubeCustomerDraft  *draft,
                           GError                  **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(CubeCustomerDraft) clean = NULL;
  g_autoptr(CubeCustomer) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("add customers"), error)))
    return FALSE;
  if (!(assignment = assignment_for_new_customer (self, user, draft->assignment_id, error)))
    return FALSE;
  if (!(clean = normalize_draft (self, cube_assignment_get_dataset_id (assignment), draft, error)))
    return FALSE;
  existing = IFACE (self)->find_customer (self, cube_assignment_get_dataset_id (assignment),
                                          clean->customer_key, &local_error);
  if (existing != NULL)
    {
      cube_set_error (error, CUBE_ERROR_CONFLICT, "customer_key",
                      _("Customer ID %s already exists"), clean->customer_key);
      cube_error_set_existing_customer_id (*error, cube_customer_get_id (existing));
      return FALSE;
    }
  return TRUE;
}

CubeCustomer *
cube_store_get_customer (CubeStore  *self,
                         gint64      id,
                         GError    **error)
{
  return IFACE (self)->get_customer (self, id, error);
}

CubeCustomer *
cube_store_find_customer (CubeStore   *self,
                          gint64       assignment_id,
                          const char  *customer_key,
                          GError     **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autofree char *key = g_strstrip (g_strdup (customer_key ? customer_key : ""));

  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return NULL;
  return IFACE (self)->find_customer (self, cube_assignment_get_dataset_id (assignment), key, error);
}

/* Text that reads as a phone number: digits with the usual separators. */
static gboolean
looks_like_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-().", *p) == NULL)
        return FALSE;
    }
  return digits >= 2;
}

GPtrArray *
cube_store_search_customers (CubeStore   *self,
                             const char  *text,
                             guint        offset,
                             guint        limit,
                             GError     **error)
{
  g_autofree char *query = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *digits = NULL;

  if (query[0] == '\0' || limit == 0 || !g_utf8_validate (query, -1, NULL))
    return g_ptr_array_new_with_free_func (g_object_unref);
  if (looks_like_phone (query))
    digits = cube_phone_digits (query);
  return IFACE (self)->search_customers (self, query, digits, offset, MIN (limit, 1000), error);
}

CubeCustomer *
cube_store_update_customer (CubeStore                *self,
                            gint64                    customer_id,
                            const CubeCustomerDraft  *draft,
                            GError                  **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeCustomerDraft) clean = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("edit customers"), error)))
    return NULL;
  if (!(customer = IFACE (self)->get_customer (self, customer_id, error)))
    return NULL;
  if (!(clean = normalize_draft (self, cube_customer_get_dataset_id (customer), draft, error)))
    return NULL;
  clean->assignment_id = cube_customer_get_assignment_id (customer);
  return IFACE (self)->update_customer (self, cube_user_get_id (user), customer_id, clean, error);
}

GPtrArray *
cube_store_list_customers (CubeStore  *self,
                           guint       offset,
                           guint       limit,
                           GError    **error)
{
  return IFACE (self)->list_customers (self, offset, MIN (limit, 1000), error);
}

gint64
cube_store_count_customers (CubeStore  *self,
                            GError    **error)
{
  return IFACE (self)->count_customers (self, error);
}

GPtrArray *
cube_store_list_events (CubeStore  *self,
                        gint64      customer_id,
                        GError    **error)
{
  return IFACE (self)->list_events (self, customer_id, error);
}

CubeCustomer *
cube_store_move_customer (CubeStore  *self,
                          gint64      customer_id,
                          gint64      to_assignment_id,
                          GError    **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeAssignment) to = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING,
                                   _("move customers"), error)))
    return NULL;
  if (!(customer = IFACE (self)->get_customer (self, customer_id, error)))
    return NULL;
  if (!(to = IFACE (self)->get_assignment (self, to_assignment_id, error)))
    return NULL;
  if (cube_assignment_get_archived (to))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The assignment “%s” is archived"), cube_assignment_get_name (to));
      return NULL;
    }
  if (cube_assignment_get_dataset_id (to) != cube_customer_get_dataset_id (customer))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The assignment “%s” works another dataset; a customer stays in its data owner’s "
                        "B2B or B2C register"), cube_assignment_get_name (to));
      return NULL;
    }
  if (cube_customer_get_assignment_id (customer) == to_assignment_id)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "assignment",
                      _("The customer is already in “%s”"), cube_assignment_get_name (to));
      return NULL;
    }
  return IFACE (self)->move_customer (self, cube_user_get_id (user), customer_id, to, error);
}

/* The follow-up time an outcome takes: required and not in the past when it
 * needs one, else none. */
static gboolean
check_follow_up (CubeStore    *self,
                 CubeOutcome  *outcome,
                 gint64       *follow_up_at,
                 GError      **error)
{
  if (!cube_outcome_get_needs_time (outcome))
    *follow_up_at = 0;
  else if (*follow_up_at <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "follow_up_at",
                      _("The outcome “%s” needs a date and time"), cube_outcome_get_label (outcome));
      return FALSE;
    }
  else if (*follow_up_at < cube_store_now (self) - 60)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "follow_up_at",
                      _("The follow-up time is in the past"));
      return FALSE;
    }
  return TRUE;
}

CubeCustomer *
cube_store_correct_outcome (CubeStore   *self,
                            gint64       event_id,
                            gint64       outcome_id,
                            gint64       follow_up_at,
                            const char  *comment,
                            GError     **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeOutcome) old = NULL;
  g_autoptr(CubeOutcome) corrected = NULL;
  g_autofree char *clean_comment = NULL;
  gint64 customer_id = 0, assignment_id = 0, old_id = 0;

  if (!(user = require_permission (self, CUBE_PERMISSION_CORRECT_OUTCOMES, _("correct outcomes"), error)))
    return NULL;
  if (!IFACE (self)->read_outcome_event (self, event_id, &customer_id, &assignment_id, &old_id, error))
    return NULL;
  if (!(old = IFACE (self)->get_outcome (self, old_id, error)))
    return NULL;
  corrected = IFACE (self)->get_outcome (self, outcome_id, NULL);
  if (corrected == NULL || cube_outcome_get_assignment_id (corrected) != assignment_id
      || cube_outcome_get_archived (corrected))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "outcome",
                      _("Choose an outcome of the assignment the outcome was registered in"));
      return NULL;
    }
  if (outcome_id == old_id)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "outcome",
                      _("The outcome is already “%s”"), cube_outcome_get_label (old));
      return NULL;
    }
  if (!check_follow_up (self, corrected, &follow_up_at, error))
    return NULL;
  clean_comment = g_strstrip (g_strdup (comment ? comment : ""));
  if (!g_utf8_validate (clean_comment, -1, NULL))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "comment", _("The comment is not valid text"));
      return NULL;
    }
  return IFACE (self)->correct_outcome (self, cube_user_get_id (user), event_id, old, corrected,
                                        follow_up_at, clean_comment, error);
}

CubeCustomer *
cube_store_lock_customer (CubeStore  *self,
                          gint64      customer_id,
                          GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("work customers"), error)))
    return NULL;
  if (!(customer = IFACE (self)->get_customer (self, customer_id, error)))
    return NULL;
  if (!(assignment = IFACE (self)->get_assignment (self, cube_customer_get_assignment_id (customer), error)))
    return NULL;
  /* Only those who may work the assignment; supervisors also outside its dates. */
  if (!assignment_open_to (self, assignment, user, FALSE, error))
    return NULL;
  return IFACE (self)->lock_customer (self, cube_user_get_id (user), customer_id, error);
}

CubeCustomer *
cube_store_lock_next (CubeStore  *self,
                      gint64      assignment_id,
                      GError    **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("work customers"), error)))
    return NULL;
  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return NULL;
  if (!assignment_open_to (self, assignment, user, TRUE, error))
    return NULL;
  return IFACE (self)->lock_next (self, cube_user_get_id (user), assignment_id,
                                  cube_assignment_get_attempt_limit (assignment),
                                  (gint64) cube_assignment_get_cooldown_minutes (assignment) * 60, error);
}

gboolean
cube_store_renew_lock (CubeStore  *self,
                       gint64      customer_id,
                       GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("work customers"), error)))
    return FALSE;
  return IFACE (self)->renew_lock (self, cube_user_get_id (user), customer_id, error);
}

gboolean
cube_store_release_lock (CubeStore  *self,
                         gint64      customer_id,
                         GError    **error)
{
  g_autoptr(CubeUser) user = NULL;
  gboolean extended;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING
                                   | CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING,
                                   _("work customers"), error)))
    return FALSE;
  extended = (cube_user_get_permissions (user) & CUBE_PERMISSION_EXTENDED_CUSTOMER_HANDLING) != 0;
  return IFACE (self)->release_lock (self, cube_user_get_id (user), customer_id, extended, error);
}

CubeCustomer *
cube_store_register_outcome (CubeStore   *self,
                             gint64       customer_id,
                             gint64       outcome_id,
                             gint64       follow_up_at,
                             const char  *comment,
                             GError     **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeCustomer) customer = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *clean_comment = NULL;
  CubeOutcome *outcome = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("register outcomes"), error)))
    return NULL;
  if (!(customer = IFACE (self)->get_customer (self, customer_id, error)))
    return NULL;
  if (!(outcomes = IFACE (self)->list_outcomes (self, cube_customer_get_assignment_id (customer), error)))
    return NULL;
  for (guint i = 0; i < outcomes->len && outcome == NULL; i++)
    if (cube_outcome_get_id (outcomes->pdata[i]) == outcome_id
        && !cube_outcome_get_archived (outcomes->pdata[i]))
      outcome = outcomes->pdata[i];
  if (outcome == NULL)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "outcome",
                      _("Choose an outcome of the customer’s assignment"));
      return NULL;
    }
  if (!cube_outcome_get_needs_time (outcome))
    follow_up_at = 0;
  else if (follow_up_at <= 0)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "follow_up_at",
                      _("The outcome “%s” needs a date and time"), cube_outcome_get_label (outcome));
      return NULL;
    }
  else if (follow_up_at < cube_store_now (self) - 60)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "follow_up_at",
                      _("The follow-up time is in the past"));
      return NULL;
    }
  clean_comment = g_strstrip (g_strdup (comment ? comment : ""));
  if (!g_utf8_validate (clean_comment, -1, NULL))
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "comment", _("The comment is not valid text"));
      return NULL;
    }
  return IFACE (self)->register_outcome (self, cube_user_get_id (user), customer_id, outcome,
                                         follow_up_at, clean_comment, error);
}

/* ---- overview and exports ------------------------------------------------ */

#define REPORTING_PERMISSIONS (CUBE_PERMISSION_REPORTING | CUBE_PERMISSION_ADMINISTRATOR)

gint64
cube_store_day_start (CubeStore *self,
                      gint64     time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time > 0 ? time : cube_store_now (self));
  g_autoptr(GDateTime) midnight = NULL;

  midnight = g_date_time_new (g_date_time_get_timezone (dt), g_date_time_get_year (dt),
                              g_date_time_get_month (dt), g_date_time_get_day_of_month (dt), 0, 0, 0);
  return g_date_time_to_unix (midnight);
}

typedef struct {
  CubeOverview *overview;
  GPtrArray    *outcomes;
} OverviewFill;

static void
add_count_cb (const char *login,
              gint64      outcome_id,
              gint64      count,
              gpointer    user_data)
{
  OverviewFill *fill = user_data;

  for (guint i = 0; i < fill->outcomes->len; i++)
    if (cube_outcome_get_id (fill->outcomes->pdata[i]) == outcome_id)
      cube_overview_add_count (fill->overview, login, i, count);
}

CubeOverview *
cube_store_get_overview (CubeStore  *self,
                         gint64      assignment_id,
                         gint64      from,
                         gint64      until,
                         GError    **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (CubeOutcomeKind));
  g_autoptr(CubeOverview) overview = NULL;
  gint64 counts[3] = { 0 };
  gint64 follow_ups = 0;
  OverviewFill fill;

  if (!has_permission (self, REPORTING_PERMISSIONS, _("see the overview"), error))
    return NULL;
  if (from > 0 && until > 0 && until <= from)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "until", _("The period ends before it starts"));
      return NULL;
    }
  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return NULL;
  if (!(outcomes = IFACE (self)->list_outcomes (self, assignment_id, error)))
    return NULL;
  for (guint i = 0; i < outcomes->len; i++)
    {
      CubeOutcomeKind kind = cube_outcome_get_kind (outcomes->pdata[i]);

      g_ptr_array_add (labels, (gpointer) cube_outcome_get_label (outcomes->pdata[i]));
      g_array_append_val (kinds, kind);
    }
  g_ptr_array_add (labels, NULL);
  if (!IFACE (self)->count_statuses (self, assignment_id, counts, &follow_ups, error))
    return NULL;
  overview = cube_overview_new (assignment_id, from, until, counts, follow_ups,
                                (const char * const *) labels->pdata, (const CubeOutcomeKind *) kinds->data);
  fill.overview = overview;
  fill.outcomes = outcomes;
  if (!IFACE (self)->count_outcomes (self, assignment_id, from, until, add_count_cb, &fill, error))
    return NULL;
  return g_steal_pointer (&overview);
}

gboolean
cube_store_export_overview (CubeStore      *self,
                            CubeOverview   *overview,
                            GOutputStream  *out,
                            CubeCsvFlags    flags,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GString) line = g_string_new ((flags & CUBE_CSV_BOM) ? "\xEF\xBB\xBF" : "");
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char * const *agents = cube_overview_get_agents (overview);
  guint n = cube_overview_get_n_outcomes (overview);

  g_ptr_array_add (fields, g_strdup (_("Agent")));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (fields, g_strdup (cube_overview_get_outcome_label (overview, i)));
  g_ptr_array_add (fields, g_strdup (_("Total")));
  cube_csv_append_row (line, (const char * const *) fields->pdata, fields->len, flags);

  /* The agents, then one row for all of them. */
  for (guint a = 0, n_agents = g_strv_length ((char **) agents); a <= n_agents; a++)
    {
      const char *agent = agents[a];

      g_ptr_array_set_size (fields, 0);
      g_ptr_array_add (fields, g_strdup (agent != NULL ? (agent[0] ? agent : "?") : _("All agents")));
      for (guint i = 0; i <= n; i++)
        g_ptr_array_add (fields, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  cube_overview_get_count (overview, agent,
                                                                           i < n ? i : G_MAXUINT)));
      cube_csv_append_row (line, (const char * const *) fields->pdata, fields->len, flags);
    }
  return cube_csv_flush (line, out, cancellable, error);
}

typedef struct {
  GOutputStream *out;
  GCancellable  *cancellable;
  CubeCsvFlags   flags;
  GPtrArray     *fields;   /* the dataset's CubeFieldDefs */
  GString       *line;
  GPtrArray     *row;
} CustomerExport;

static char *
format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static gboolean
export_customer_cb (CubeCustomer  *customer,
                    gpointer       user_data,
                    GError       **error)
{
  CustomerExport *export = user_data;
  const char * const *phones = cube_customer_get_phones (customer);
  GHashTable *values = cube_customer_get_fields (customer);
  guint n_phones = phones ? g_strv_length ((char **) phones) : 0;

  g_ptr_array_set_size (export->row, 0);
  g_ptr_array_add (export->row, g_strdup (cube_customer_get_customer_key (customer)));
  g_ptr_array_add (export->row, g_strdup (cube_customer_get_name (customer)));
  g_ptr_array_add (export->row, g_strdup (cube_customer_get_email (customer)));
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (export->row, g_strdup (i < n_phones ? phones[i] : NULL));
  for (guint i = 0; i < export->fields->len; i++)
    g_ptr_array_add (export->row, g_strdup (g_hash_table_lookup (values,
                                                                 cube_field_def_get_key (export->fields->pdata[i]))));
  g_ptr_array_add (export->row, g_strdup (cube_status_to_string (cube_customer_get_status (customer))));
  g_ptr_array_add (export->row, g_strdup_printf ("%d", cube_customer_get_attempts (customer)));
  g_ptr_array_add (export->row, g_strdup (cube_customer_get_last_outcome (customer)));
  g_ptr_array_add (export->row, format_local_time (cube_customer_get_follow_up_at (customer)));
  g_ptr_array_add (export->row, format_local_time (cube_customer_get_updated_at (customer)));
  cube_csv_append_row (export->line, (const char * const *) export->row->pdata, export->row->len, export->flags);
  /* Written in blocks, never the whole file in memory. */
  if (export->line->len >= 64 * 1024)
    return cube_csv_flush (export->line, export->out, export->cancellable, error);
  return TRUE;
}

gboolean
cube_store_export_customers (CubeStore      *self,
                             gint64          assignment_id,
                             GOutputStream  *out,
                             CubeCsvFlags    flags,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) line = g_string_new ((flags & CUBE_CSV_BOM) ? "\xEF\xBB\xBF" : "");
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  const char *standard[] = {
    _("Customer ID"), _("Name"), _("E-mail"), _("Phone 1"), _("Phone 2"), _("Phone 3"),
  };
  const char *trailing[] = {
    _("Status"), _("Attempts"), _("Last outcome"), _("Follow-up"), _("Last changed"),
  };
  CustomerExport export;

  if (!has_permission (self, REPORTING_PERMISSIONS, _("export customers"), error))
    return FALSE;
  if (!(assignment = IFACE (self)->get_assignment (self, assignment_id, error)))
    return FALSE;
  if (!(fields = IFACE (self)->list_fields (self, cube_assignment_get_dataset_id (assignment), TRUE, error)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (standard); i++)
    g_ptr_array_add (row, g_strdup (standard[i]));
  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (row, g_strdup (cube_field_def_get_label (fields->pdata[i])));
  for (guint i = 0; i < G_N_ELEMENTS (trailing); i++)
    g_ptr_array_add (row, g_strdup (trailing[i]));
  cube_csv_append_row (line, (const char * const *) row->pdata, row->len, flags);

  export.out = out;
  export.cancellable = cancellable;
  export.flags = flags;
  export.fields = fields;
  export.line = line;
  export.row = row;
  if (!IFACE (self)->foreach_customer (self, assignment_id, export_customer_cb, &export, cancellable, error))
    return FALSE;
  return cube_csv_flush (line, out, cancellable, error);
}

/* ---- imports ------------------------------------------------------------ */

CubeStore *
cube_store_open_again (CubeStore  *self,
                       GError    **error)
{
  StoreState *state = get_state (self);
  g_autoptr(CubeStore) other = NULL;
  StoreState *other_state;

  g_return_val_if_fail (CUBE_IS_STORE (self), NULL);
  if (!(other = IFACE (self)->open_again (self, error)))
    return NULL;
  other_state = get_state (other);
  other_state->login = g_strdup (state->login);
  other_state->clock = state->clock;
  other_state->clock_data = state->clock_data;
  other_state->lease_seconds = state->lease_seconds;
  return g_steal_pointer (&other);
}

struct _CubeStoreBulk
{
  CubeStore      *store;
  CubeUser       *user;
  CubeAssignment *assignment;
  GPtrArray      *fields;      /* not archived */
  GPtrArray      *all_fields;  /* archived ones too */
  StoreState     *state;       /* the store's clock, looked up once */
};

CubeStoreBulk *
cube_store_bulk_new (CubeStore  *store,
                     gint64      assignment_id,
                     GError    **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeAssignment) assignment = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) all_fields = NULL;
  CubeStoreBulk *bulk;
  gint64 dataset_id;

  g_return_val_if_fail (CUBE_IS_STORE (store), NULL);

  if (!(user = require_permission (store, CUBE_PERMISSION_CUSTOMER_HANDLING, _("add customers"), error)))
    return NULL;
  if (!(assignment = assignment_for_new_customer (store, user, assignment_id, error)))
    return NULL;
  dataset_id = cube_assignment_get_dataset_id (assignment);
  if (!(fields = IFACE (store)->list_fields (store, dataset_id, FALSE, error))
      || !(all_fields = IFACE (store)->list_fields (store, dataset_id, TRUE, error)))
    return NULL;

  bulk = g_new0 (CubeStoreBulk, 1);
  bulk->store = g_object_ref (store);
  bulk->user = g_steal_pointer (&user);
  bulk->assignment = g_steal_pointer (&assignment);
  bulk->fields = g_steal_pointer (&fields);
  bulk->all_fields = g_steal_pointer (&all_fields);
  bulk->state = get_state (store);
  return bulk;
}

gboolean
cube_store_bulk_defer_indexes (CubeStoreBulk  *bulk,
                               guint64         expected_rows,
                               GError        **error)
{
  return IFACE (bulk->store)->import_defer_indexes (bulk->store, expected_rows, error);
}

gboolean
cube_store_bulk_begin (CubeStore  *store,
                       gboolean    alone,
                       GError    **error)
{
  if (IFACE (store)->import_begin == NULL)
    return IFACE (store)->begin (store, error);
  return IFACE (store)->import_begin (store, alone, error);
}

gboolean
cube_store_bulk_idle (CubeStoreBulk  *bulk,
                      gboolean       *did_work,
                      GError        **error)
{
  *did_work = FALSE;
  if (IFACE (bulk->store)->import_idle == NULL)
    return TRUE;
  return IFACE (bulk->store)->import_idle (bulk->store, did_work, error);
}

gboolean
cube_store_bulk_flush (CubeStoreBulk  *bulk,
                       GError        **error)
{
  return IFACE (bulk->store)->import_index (bulk->store, TRUE, error);
}

void
cube_store_bulk_free (CubeStoreBulk *bulk)
{
  if (bulk == NULL)
    return;
  IFACE (bulk->store)->import_index (bulk->store, FALSE, NULL);
  g_object_unref (bulk->store);
  g_object_unref (bulk->user);
  g_object_unref (bulk->assignment);
  g_ptr_array_unref (bulk->fields);
  g_ptr_array_unref (bulk->all_fields);
  g_free (bulk);
}

CubeUser *
cube_store_bulk_get_user (CubeStoreBulk *bulk)
{
  return bulk->user;
}

CubeAssignment *
cube_store_bulk_get_assignment (CubeStoreBulk *bulk)
{
  return bulk->assignment;
}

GPtrArray *
cube_store_bulk_get_fields (CubeStoreBulk *bulk)
{
  return bulk->fields;
}

char *
cube_store_bulk_normalize_value (CubeStoreBulk  *bulk,
                                 const char     *field,
                                 const char     *value,
                                 GError        **error)
{
  return normalize_value (bulk->fields, field, value, error);
}

CubeCustomerDraft *
cube_store_bulk_normalize (CubeStoreBulk            *bulk,
                           const CubeCustomerDraft  *draft,
                           GError                  **error)
{
  g_autoptr(CubeCustomerDraft) clean = cube_customer_draft_new ();

  if (!cube_store_bulk_normalize_into (bulk, draft, clean, error))
    return NULL;
  return g_steal_pointer (&clean);
}

gboolean
cube_store_bulk_normalize_into (CubeStoreBulk            *bulk,
                                const CubeCustomerDraft  *draft,
                                CubeCustomerDraft        *clean,
                                GError                  **error)
{
  if (!normalize_draft_into (bulk->fields, draft, clean, error))
    return FALSE;
  clean->assignment_id = cube_assignment_get_id (bulk->assignment);
  return TRUE;
}

gint64
cube_store_bulk_find (CubeStoreBulk  *bulk,
                      const char     *customer_key,
                      gint64         *import_id,
                      GError        **error)
{
  return IFACE (bulk->store)->find_customer_id (bulk->store, cube_assignment_get_dataset_id (bulk->assignment),
                                                customer_key, import_id, error);
}

gpointer
cube_store_bulk_derive (CubeStoreBulk            *bulk,
                        const CubeCustomerDraft  *clean,
                        GDestroyNotify           *destroy)
{
  *destroy = NULL;
  if (IFACE (bulk->store)->import_derive == NULL)
    return NULL;
  return IFACE (bulk->store)->import_derive (bulk->store, bulk->all_fields, clean, destroy);
}

gint64
cube_store_bulk_add (CubeStoreBulk            *bulk,
                     const CubeCustomerDraft  *clean,
                     gconstpointer             derived,
                     const char               *source_detail,
                     gint64                    import_id,
                     GError                  **error)
{
  /* The time of the row, as cube_store_now () tells it (a test's clock
   * too), without finding the store's state again for every row. */
  gint64 at = bulk->state->clock != NULL ? bulk->state->clock (bulk->state->clock_data)
                                         : g_get_real_time () / G_USEC_PER_SEC;

  return IFACE (bulk->store)->import_insert (bulk->store, cube_user_get_id (bulk->user),
                                             cube_assignment_get_dataset_id (bulk->assignment),
                                             bulk->all_fields, clean, derived, source_detail, import_id, at,
                                             error);
}

gboolean
cube_store_bulk_update (CubeStoreBulk            *bulk,
                        CubeCustomer             *old,
                        const CubeCustomerDraft  *clean,
                        gint64                    import_id,
                        GError                  **error)
{
  return IFACE (bulk->store)->import_update (bulk->store, cube_user_get_id (bulk->user), old,
                                             bulk->all_fields, clean, import_id, error);
}

gint64
cube_store_insert_import (CubeStore               *store,
                          const CubeImportRecord  *record,
                          GError                 **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (store, CUBE_PERMISSION_CUSTOMER_HANDLING, _("import customers"), error)))
    return 0;
  return IFACE (store)->insert_import (store, cube_user_get_id (user), record, error);
}

gboolean
cube_store_finish_import (CubeStore               *store,
                          const CubeImportRecord  *record,
                          GError                 **error)
{
  return IFACE (store)->finish_import (store, record, error);
}

GPtrArray *
cube_store_list_imports (CubeStore  *self,
                         GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("see imports"), error)))
    return NULL;
  return IFACE (self)->list_imports (self, error);
}

CubeImportRecord *
cube_store_get_import (CubeStore  *self,
                       gint64      import_id,
                       GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("see imports"), error)))
    return NULL;
  return IFACE (self)->get_import (self, import_id, error);
}

GPtrArray *
cube_store_list_import_customers (CubeStore  *self,
                                  gint64      import_id,
                                  guint       offset,
                                  guint       limit,
                                  GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("see imports"), error)))
    return NULL;
  return IFACE (self)->list_import_customers (self, import_id, offset, MIN (limit, 1000), error);
}

gint64
cube_store_count_import_customers (CubeStore  *self,
                                   gint64      import_id,
                                   GError    **error)
{
  g_autoptr(CubeUser) user = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("see imports"), error)))
    return -1;
  return IFACE (self)->count_import_customers (self, import_id, error);
}

char *
cube_store_get_import_mapping (CubeStore  *self,
                               gint64      dataset_id,
                               GError    **error)
{
  return IFACE (self)->get_import_mapping (self, dataset_id, error);
}

gboolean
cube_store_save_import_mapping (CubeStore   *self,
                                gint64       dataset_id,
                                const char  *mapping,
                                GError     **error)
{
  g_autoptr(CubeUser) user = NULL;
  g_autoptr(CubeDataset) dataset = NULL;

  if (!(user = require_permission (self, CUBE_PERMISSION_CUSTOMER_HANDLING, _("import customers"), error)))
    return FALSE;
  if (!(dataset = IFACE (self)->get_dataset (self, dataset_id, error)))
    return FALSE;
  if (mapping == NULL || !g_utf8_validate (mapping, -1, NULL) || strlen (mapping) > 1024 * 1024)
    {
      cube_set_error (error, CUBE_ERROR_VALIDATION, "mapping", _("The mapping is not valid text"));
      return FALSE;
    }
  return IFACE (self)->save_import_mapping (self, dataset_id, mapping, error);
}
