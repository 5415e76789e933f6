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
 * connection, no mutex), so a search runs on the main loop, but only once the
 * typing pauses (SEARCH_DELAY_MS after the last keystroke; each keystroke
 * cancels the pending search), and only one page at a time: each page is a
 * few index lookups. n_items is what has been found so far; when a row of the
 * last page is asked for and that page was full, the next page is fetched
 * from an idle and appended. */

#define PAGE_SIZE       50
#define MAX_PAGES       20
#define SEARCH_DELAY_MS 150

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

  GHashTable  *pages;          /* page index → Page */
  GQueue       lru;            /* most recently used first */

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  else
    items = cube_store_list_customers (store, index * PAGE_SIZE, PAGE_SIZE, &error);
  if (items == NULL)
    g_warning ("Cannot read customers: %s", error->message);
  return items;
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

/* Shows the results for self->query from the top. */
static void
apply_query (CubeCustomerListModel *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_clear_handle_id (&self->grow_id, g_source_remove);

  g_free (self->active_query);
  self->active_query = g_strdup (self->query);
  drop_pages (self);

  if (searching (self))
    {
      Page *page = ensure_page (self, 0);
      guint found = page ? page->items->len : 0;

      self->exhausted = found < PAGE_SIZE;
      set_items (self, found);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      gint64 count = cube_store_count_customers (cube_context_get_store (self->context), &error);

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

  g_clear_handle_id (&self->search_id, g_source_remove);
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

  /* Each keystroke cancels the search the last one scheduled. */
  g_clear_handle_id (&self->search_id, g_source_remove);
  if (self->context == NULL)
    return;
  if (g_strcmp0 (self->query, self->active_query) == 0)
    return;
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, search_cb, self);
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
      gint64 count = cube_store_count_customers (cube_context_get_store (self->context), &error);

      if (count < 0)
        {
          g_warning ("Cannot count customers: %s", error->message);
          return;
        }
      new_n = (guint) count;
    }

  /* Rows on screen are in the cached pages: refresh those and replace only
   * the rows that changed, so the table keeps its scroll position and focus.
   * Pages not cached are read afresh when asked for. The pages are all
   * refreshed before any signal, since a handler may fetch and evict pages. */
  limit = MIN (old_n, new_n);
  cached = g_hash_table_get_values (self->pages);
  for (const GList *l = cached; l; l = l->next)
    {
      Page *page = l->data;
      GPtrArray *items;

      if (page->index * PAGE_SIZE >= new_n)
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
