/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cube-customer-list-model.h"

/* Pages of PAGE_SIZE customers are fetched when a row asks for them and kept
 * in an LRU cache of at most MAX_PAGES, so memory stays flat however far the
 * table scrolls.
 *
 * Listing (empty query): n_items is cube_store_count_customers() and any page
 * can be fetched directly by offset.
 *
 * Searching: the store connection belongs to the main thread (SQLite, one
 * connection, no mutex), so the first page of a search runs in a GTask
 * thread on a connection of its own to the same database file (the
 * "database" property). Each new query cancels the search in flight; a
 * cancelled search never shows its results. The rows shown stay those of the
 * last finished search until the new one finishes. Without a database path
 * (a context not made by CubeApplication) the search runs on the main loop
 * after SEARCH_DELAY_MS.
 *
 * n_items is what has been found so far; when a row of the last page is
 * asked for and that page was full, the next page is fetched from an idle
 * and appended.
 *
 * With an import set (and no query) the listing is the customers that import
 * added or updated, counted and paged like every customer. */

/* A page is one query. Listing fetches pages by offset, which SQLite pays
 * for by stepping over every row before it: fewer, bigger pages make a jump
 * far down the table one query instead of several. */
#define PAGE_SIZE       200
#define MAX_PAGES       10
/* Pages a reload refreshes: the most recently used, which hold the rows on
 * screen. The others are dropped and read afresh when asked for again. */
#define REFRESH_PAGES   3
#define SEARCH_DELAY_MS 150

/* The connection searches run on, shared by the search tasks (one at a
 * time) and freed with the last of them. */
typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  char            *path;
  CubeStore       *store;   /* opened by the first search */
} SearchWorker;

typedef struct
{
  SearchWorker *worker;
  char         *query;
} SearchJob;

typedef struct
{
  GList      link;    /* in the LRU queue; data points back here */
  guint      index;
  GPtrArray *items;   /* CubeCustomer */
} Page;

struct _CubeCustomerListModel
{
  GObject      parent_instance;

  CubeContext *context;
  char        *query;          /* as last set */
  char        *active_query;   /* what the items are for; "" lists everyone */
  guint        n_items;
  gboolean     exhausted;      /* searching: nothing after n_items */
  gint64       import_id;      /* listing: only this import's customers, or 0 */

  GHashTable  *pages;          /* page index → Page */
  GQueue       lru;            /* most recently used first */

  char          *database;     /* file for the search connection, or NULL */
  SearchWorker  *worker;
  GCancellable  *search_cancellable;  /* the search in flight */

  guint        search_id;
  guint        grow_id;
};

static void cube_customer_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CubeCustomerListModel, cube_customer_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cube_customer_list_model_list_model_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_QUERY,
  PROP_DATABASE,
  PROP_IMPORT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SearchWorker *
search_worker_new (const char *path)
{
  SearchWorker *worker = g_new0 (SearchWorker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->mutex);
  worker->path = g_strdup (path);
  return worker;
}

static SearchWorker *
search_worker_ref (SearchWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
search_worker_unref (SearchWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;
  g_clear_object (&worker->store);
  g_mutex_clear (&worker->mutex);
  g_free (worker->path);
  g_free (worker);
}

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  search_worker_unref (job->worker);
  g_free (job->query);
  g_free (job);
}

/* In a worker thread: the first page of results for the job's query. */
static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  SearchWorker *worker = job->worker;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  /* Searches queue up here; those overtaken by newer keystrokes give up. */
  if (g_task_return_error_if_cancelled (task))
    return;
  locker = g_mutex_locker_new (&worker->mutex);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (worker->store == NULL && !(worker->store = cube_store_open_sqlite (worker->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(items = cube_store_search_customers (worker->store, job->query, 0, PAGE_SIZE, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

static gboolean
searching (CubeCustomerListModel *self)
{
  return self->active_query[0] != '\0';
}

static void
drop_pages (CubeCustomerListModel *self)
{
  /* The links live inside the pages: forget them, do not free them. */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

/* The customers of page @index from the store, or NULL on error. */
static GPtrArray *
query_page (CubeCustomerListModel *self,
            guint                  index)
{
  CubeStore *store = cube_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  if (searching (self))
    items = cube_store_search_customers (store, self->active_query, index * PAGE_SIZE, PAGE_SIZE, &error);
  else if (self->import_id > 0)
    items = cube_store_list_import_customers (store, self->import_id, index * PAGE_SIZE, PAGE_SIZE, &error);
  else
    items = cube_store_list_customers (store, index * PAGE_SIZE, PAGE_SIZE, &error);
  if (items == NULL)
    g_warning ("Cannot read customers: %s", error->message);
  return items;
}

/* How many customers the listing has: all, or the import's. */
static gint64
count_listed (CubeCustomerListModel  *self,
              GError                **error)
{
  CubeStore *store = cube_context_get_store (self->context);

  if (self->import_id > 0)
    return cube_store_count_import_customers (store, self->import_id, error);
  return cube_store_count_customers (store, error);
}

static void
store_page (CubeCustomerListModel *self,
            guint                  index,
            GPtrArray             *items)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_ptr_array_unref (page->items);
      page->items = items;
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return;
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->items = items;
  page->link.data = page;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);

  while (self->lru.length > MAX_PAGES)
    {
      Page *oldest = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &oldest->link);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static Page *
ensure_page (CubeCustomerListModel *self,
             guint                  index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  GPtrArray *items;

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }
  if (!(items = query_page (self, index)))
    return NULL;
  store_page (self, index, items);
  return g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
}

static gboolean
same_customer (CubeCustomer *a,
               CubeCustomer *b)
{
  const char * const *phones_a = cube_customer_get_phones (a);
  const char * const *phones_b = cube_customer_get_phones (b);

  return cube_customer_get_id (a) == cube_customer_get_id (b)
    && cube_customer_get_updated_at (a) == cube_customer_get_updated_at (b)
    && cube_customer_get_status (a) == cube_customer_get_status (b)
    && cube_customer_get_assignment_id (a) == cube_customer_get_assignment_id (b)
    && g_strcmp0 (cube_customer_get_locked_by (a), cube_customer_get_locked_by (b)) == 0
    && g_strcmp0 (cube_customer_get_updated_by (a), cube_customer_get_updated_by (b)) == 0
    && g_strcmp0 (cube_customer_get_customer_key (a), cube_customer_get_customer_key (b)) == 0
    && g_strcmp0 (cube_customer_get_name (a), cube_customer_get_name (b)) == 0
    && g_strcmp0 (cube_customer_get_email (a), cube_customer_get_email (b)) == 0
    && g_strcmp0 (phones_a ? phones_a[0] : NULL, phones_b ? phones_b[0] : NULL) == 0;
}

/* Replaces the rows of the customers that differ, one items-changed per run
 * of changed rows below @limit; n_items does not change here. */
static void
emit_changed_rows (CubeCustomerListModel *self,
                   guint                  first,
                   GPtrArray             *old_items,
                   GPtrArray             *new_items,
                   guint                  limit)
{
  guint run_start = G_MAXUINT;
  guint n = MAX (old_items->len, new_items->len);

  for (guint i = 0; i <= n; i++)
    {
      guint position = first + i;
      gboolean changed = i < n && position < limit
        && (i >= old_items->len || i >= new_items->len
            || !same_customer (g_ptr_array_index (old_items, i), g_ptr_array_index (new_items, i)));

      if (changed && run_start == G_MAXUINT)
        run_start = position;
      else if (!changed && run_start != G_MAXUINT)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), run_start,
                                      position - run_start, position - run_start);
          run_start = G_MAXUINT;
        }
    }
}

static void
set_items (CubeCustomerListModel *self,
           guint                  n_items)
{
  guint removed = self->n_items;

  self->n_items = n_items;
  if (removed != 0 || n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n_items);
}

/* Shows @first_page, the first results for @query, from the top. */
static void
show_results (CubeCustomerListModel *self,
              const char            *query,
              GPtrArray             *first_page)
{
  guint found = first_page ? first_page->len : 0;

  g_clear_handle_id (&self->grow_id, g_source_remove);
  g_free (self->active_query);
  self->active_query = g_strdup (query);
  drop_pages (self);
  if (first_page != NULL)
    store_page (self, 0, first_page);
  self->exhausted = found < PAGE_SIZE;
  set_items (self, found);
}

static void
cancel_search (CubeCustomerListModel *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  if (self->search_cancellable != NULL)
    {
      g_cancellable_cancel (self->search_cancellable);
      g_clear_object (&self->search_cancellable);
    }
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CubeCustomerListModel *self = CUBE_CUSTOMER_LIST_MODEL (source);
  GTask *task = G_TASK (result);
  SearchJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_task_propagate_pointer (task, &error);

  /* Overtaken by a newer query (or the model is going away). */
  if (g_task_get_cancellable (task) != self->search_cancellable
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&items, g_ptr_array_unref);
      return;
    }
  g_clear_object (&self->search_cancellable);
  if (items == NULL)
    g_warning ("Cannot search customers: %s", error->message);
  show_results (self, job->query, items);
}

static void
start_search (CubeCustomerListModel *self)
{
  g_autoptr(GTask) task = NULL;
  SearchJob *job = g_new0 (SearchJob, 1);

  cancel_search (self);
  if (self->worker == NULL)
    self->worker = search_worker_new (self->database);
  job->worker = search_worker_ref (self->worker);
  job->query = g_strdup (self->query);
  self->search_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->search_cancellable, search_done_cb, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, job, search_job_free);
  g_task_run_in_thread (task, search_thread);
}

/* Shows the results for self->query from the top, found on the main loop. */
static void
apply_query (CubeCustomerListModel *self)
{
  cancel_search (self);
  g_clear_handle_id (&self->grow_id, g_source_remove);

  if (self->query[0] != '\0')
    {
      g_free (self->active_query);
      self->active_query = g_strdup (self->query);
      drop_pages (self);
      show_results (self, self->query, query_page (self, 0));
    }
  else
    {
      g_autoptr(GError) error = NULL;
      gint64 count;

      g_free (self->active_query);
      self->active_query = g_strdup ("");
      drop_pages (self);
      count = count_listed (self, &error);
      if (count < 0)
        g_warning ("Cannot count customers: %s", error->message);
      self->exhausted = TRUE;
      set_items (self, (guint) MAX (count, 0));
    }
}

static gboolean
search_cb (gpointer user_data)
{
  CubeCustomerListModel *self = user_data;

  self->search_id = 0;
  apply_query (self);
  return G_SOURCE_REMOVE;
}

/* Appends the next page of search results. */
static gboolean
grow_cb (gpointer user_data)
{
  CubeCustomerListModel *self = user_data;
  guint position = self->n_items;
  Page *page;

  self->grow_id = 0;
  if (self->exhausted || !searching (self))
    return G_SOURCE_REMOVE;

  /* While more may come, n_items is a whole number of pages. */
  page = ensure_page (self, position / PAGE_SIZE);
  if (page == NULL)
    {
      self->exhausted = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->exhausted = page->items->len < PAGE_SIZE;
  self->n_items += page->items->len;
  if (page->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, page->items->len);
  return G_SOURCE_REMOVE;
}

static GType
cube_customer_list_model_get_item_type (GListModel *model)
{
  return CUBE_TYPE_CUSTOMER;
}

static guint
cube_customer_list_model_get_n_items (GListModel *model)
{
  return CUBE_CUSTOMER_LIST_MODEL (model)->n_items;
}

static gpointer
cube_customer_list_model_get_item (GListModel *model,
                                   guint       position)
{
  CubeCustomerListModel *self = CUBE_CUSTOMER_LIST_MODEL (model);
  guint index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;
  if (!(page = ensure_page (self, index)))
    return NULL;

  if (!self->exhausted && index == (self->n_items - 1) / PAGE_SIZE && self->grow_id == 0)
    self->grow_id = g_idle_add (grow_cb, self);

  if (position % PAGE_SIZE >= page->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (page->items, position % PAGE_SIZE));
}

static void
cube_customer_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cube_customer_list_model_get_item_type;
  iface->get_n_items = cube_customer_list_model_get_n_items;
  iface->get_item = cube_customer_list_model_get_item;
}

static void
context_changed_cb (CubeCustomerListModel *self)
{
  cube_customer_list_model_reload (self);
}

static void
cube_customer_list_model_constructed (GObject *object)
{
  CubeCustomerListModel *self = (CubeCustomerListModel *) object;

  G_OBJECT_CLASS (cube_customer_list_model_parent_class)->constructed (object);

  g_return_if_fail (CUBE_IS_CONTEXT (self->context));
  g_signal_connect_object (self->context, "changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_query (self);
}

static void
cube_customer_list_model_dispose (GObject *object)
{
  CubeCustomerListModel *self = (CubeCustomerListModel *) object;

  cancel_search (self);
  g_clear_pointer (&self->worker, search_worker_unref);
  g_clear_handle_id (&self->grow_id, g_source_remove);
  if (self->pages != NULL)
    drop_pages (self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cube_customer_list_model_parent_class)->dispose (object);
}

static void
cube_customer_list_model_finalize (GObject *object)
{
  CubeCustomerListModel *self = (CubeCustomerListModel *) object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->active_query, g_free);
  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (cube_customer_list_model_parent_class)->finalize (object);
}

static void
cube_customer_list_model_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CubeCustomerListModel *self = CUBE_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_IMPORT_ID:
      g_value_set_int64 (value, self->import_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_list_model_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CubeCustomerListModel *self = CUBE_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      cube_customer_list_model_set_query (self, g_value_get_string (value));
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_IMPORT_ID:
      cube_customer_list_model_set_import (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cube_customer_list_model_class_init (CubeCustomerListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cube_customer_list_model_constructed;
  object_class->dispose = cube_customer_list_model_dispose;
  object_class->finalize = cube_customer_list_model_finalize;
  object_class->get_property = cube_customer_list_model_get_property;
  object_class->set_property = cube_customer_list_model_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CUBE_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The database file searches open their own connection to; NULL searches
   * on the context's connection, on the main loop. */
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The import whose customers the listing shows (0: every customer). */
  properties[PROP_IMPORT_ID] =
    g_param_spec_int64 ("import-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cube_customer_list_model_init (CubeCustomerListModel *self)
{
  self->query = g_strdup ("");
  self->active_query = g_strdup ("");
  self->exhausted = TRUE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

CubeCustomerListModel *
cube_customer_list_model_new (CubeContext *context)
{
  g_return_val_if_fail (CUBE_IS_CONTEXT (context), NULL);

  return g_object_new (CUBE_TYPE_CUSTOMER_LIST_MODEL, "context", context, NULL);
}

void
cube_customer_list_model_set_query (CubeCustomerListModel *self,
                                    const char            *query)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (CUBE_IS_CUSTOMER_LIST_MODEL (self));

  stripped = g_strstrip (g_strdup (query ? query : ""));
  if (g_strcmp0 (stripped, self->query) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  /* Each keystroke cancels the search the last one started. */
  cancel_search (self);
  if (self->context == NULL)
    return;
  if (g_strcmp0 (self->query, self->active_query) == 0)
    return;
  if (self->query[0] == '\0')
    apply_query (self);
  else if (self->database != NULL)
    start_search (self);
  else
    self->search_id = g_timeout_add (SEARCH_DELAY_MS, search_cb, self);
}

void
cube_customer_list_model_set_import (CubeCustomerListModel *self,
                                     gint64                 import_id)
{
  g_return_if_fail (CUBE_IS_CUSTOMER_LIST_MODEL (self));
  g_return_if_fail (import_id >= 0);

  if (self->import_id == import_id)
    return;
  self->import_id = import_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORT_ID]);
  /* The listing changes; a search shows the same results. */
  if (self->context != NULL && !searching (self))
    apply_query (self);
}

gint64
cube_customer_list_model_get_import (CubeCustomerListModel *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER_LIST_MODEL (self), 0);

  return self->import_id;
}

const char *
cube_customer_list_model_get_query (CubeCustomerListModel *self)
{
  g_return_val_if_fail (CUBE_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->query;
}

void
cube_customer_list_model_reload (CubeCustomerListModel *self)
{
  g_autoptr(GList) cached = NULL;
  g_autoptr(GPtrArray) refreshed = g_ptr_array_new ();
  guint old_n, new_n, limit;

  g_return_if_fail (CUBE_IS_CUSTOMER_LIST_MODEL (self));

  old_n = self->n_items;

  /* How many rows there are now. */
  if (searching (self))
    {
      /* The last page tells: full means more may follow. */
      guint index = old_n == 0 ? 0 : (old_n - 1) / PAGE_SIZE;
      GPtrArray *items;

      if (!self->exhausted)
        index = old_n / PAGE_SIZE;
      for (;;)
        {
          if (!(items = query_page (self, index)))
            return;
          if (items->len > 0 || index == 0)
            break;
          g_ptr_array_unref (items);
          index--;
        }
      new_n = index * PAGE_SIZE + items->len;
      self->exhausted = items->len < PAGE_SIZE;
      g_ptr_array_unref (items);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      gint64 count = count_listed (self, &error);

      if (count < 0)
        {
          g_warning ("Cannot count customers: %s", error->message);
          return;
        }
      new_n = (guint) count;
    }

  /* Rows on screen are in the most recently used pages: refresh those and
   * replace only the rows that changed, so the table keeps its scroll
   * position and focus. Pages not cached are read afresh when asked for. The
   * pages are all refreshed before any signal, since a handler may fetch and
   * evict pages. */
  limit = MIN (old_n, new_n);
  /* Most recently used first; the links go with the pages dropped. */
  for (GList *l = self->lru.head; l; l = l->next)
    cached = g_list_prepend (cached, l->data);
  cached = g_list_reverse (cached);
  for (const GList *l = cached; l; l = l->next)
    {
      Page *page = l->data;
      GPtrArray *items;

      if (page->index * PAGE_SIZE >= new_n || refreshed->len / 3 >= REFRESH_PAGES)
        {
          g_queue_unlink (&self->lru, &page->link);
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
          continue;
        }
      if (!(items = query_page (self, page->index)))
        continue;
      g_ptr_array_add (refreshed, GUINT_TO_POINTER (page->index));
      g_ptr_array_add (refreshed, page->items);
      g_ptr_array_add (refreshed, g_ptr_array_ref (items));
      page->items = items;
    }
  for (guint i = 0; i < refreshed->len; i += 3)
    {
      guint index = GPOINTER_TO_UINT (g_ptr_array_index (refreshed, i));
      g_autoptr(GPtrArray) old_items = g_ptr_array_index (refreshed, i + 1);
      g_autoptr(GPtrArray) new_items = g_ptr_array_index (refreshed, i + 2);

      emit_changed_rows (self, index * PAGE_SIZE, old_items, new_items, limit);
    }

  self->n_items = new_n;
  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
}
