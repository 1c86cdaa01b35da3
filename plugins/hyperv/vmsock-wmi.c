/* vmsock-wmi.c: WQL queries through COM, on Windows
 *
 * The sequence Microsoft documents for a C client of WMI: initialize COM
 * and its security, create the WbemLocator, connect to the namespace, set
 * the proxy's security, run the query semi-synchronously and read the
 * objects as they come, a slice of time at a time so that a deadline and a
 * cancellation can end the wait.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#define COBJMACROS
#include <windows.h>
#include <wbemidl.h>

#include <glib/gi18n-lib.h>

#include <libvmsock-glib/vmsock.h>

#include "vmsock-wmi.h"

/* How long one wait for objects may last before the deadline and the
 * cancellable are checked again, and how many objects it may bring. */
#define SLICE_MS 100
#define BATCH_SIZE 32

/* More objects than any query of ours can sensibly return. */
#define MAX_OBJECTS 65536

/* g_autoptr() for the COM interfaces used here, g_auto() for BSTR and
 * VARIANT. */
#define DEFINE_RELEASE(Type)                                              \
  static void release_##Type (Type *object) { Type##_Release (object); } \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (Type, release_##Type)

DEFINE_RELEASE (IWbemLocator)
DEFINE_RELEASE (IWbemServices)
DEFINE_RELEASE (IEnumWbemClassObject)
DEFINE_RELEASE (IWbemClassObject)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (BSTR, SysFreeString, NULL)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VARIANT, VariantClear)

static BSTR
bstr_from_utf8 (const char *text)
{
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);

  /* The callers pass valid UTF-8, checked on the way in. */
  g_assert (utf16 != NULL);
  return SysAllocString ((const OLECHAR *) utf16);
}

/* What went wrong, in words, for the HRESULTs a query meets most. */
static char *
describe_hresult (HRESULT hr)
{
  g_autofree char *system_message = NULL;

  switch ((guint32) hr)
    {
    case WBEM_E_INVALID_QUERY:
      return g_strdup (_("the query is not valid WQL"));
    case WBEM_E_INVALID_QUERY_TYPE:
      return g_strdup (_("the query language is not supported"));
    case WBEM_E_INVALID_CLASS:
      return g_strdup (_("the class does not exist"));
    case WBEM_E_INVALID_PROPERTY:
      return g_strdup (_("the property does not exist"));
    case WBEM_E_NOT_FOUND:
      return g_strdup (_("not found"));
    case WBEM_E_INVALID_PARAMETER:
      return g_strdup (_("invalid parameter"));
    case WBEM_E_NOT_SUPPORTED:
      return g_strdup (_("not supported"));
    case WBEM_E_PROVIDER_NOT_FOUND:
    case WBEM_E_PROVIDER_LOAD_FAILURE:
      return g_strdup (_("the WMI provider of the class could not be loaded"));
    case WBEM_E_TRANSPORT_FAILURE:
    case WBEM_E_SHUTTING_DOWN:
      return g_strdup (_("the WMI service cannot be reached"));
    case WBEM_E_TIMED_OUT:
      return g_strdup (_("timed out"));
    case WBEM_E_QUOTA_VIOLATION:
      return g_strdup (_("the WMI service’s quota is exhausted"));
    case WBEM_E_OUT_OF_MEMORY:
      return g_strdup (_("out of memory"));
    case WBEM_E_FAILED:
      return g_strdup (_("unspecified WMI failure"));
    default:
      break;
    }

  system_message = g_win32_error_message ((gint) hr);
  g_strstrip (system_message);
  if (*system_message == '\0')
    return g_strdup (_("unknown error"));
  return g_steal_pointer (&system_message);
}

/* Sets @error for @hr, which failed while doing what @format says.  A
 * missing namespace and a refusal get errors of their own, since callers
 * tell users how to mend them. */
G_GNUC_PRINTF (4, 5)
static void
set_hresult_error (GError     **error,
                   HRESULT      hr,
                   const char  *wmi_namespace,
                   const char  *format,
                   ...)
{
  g_autofree char *what = NULL;
  g_autofree char *why = NULL;
  va_list args;

  switch ((guint32) hr)
    {
    case WBEM_E_INVALID_NAMESPACE:
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_PROVIDER_UNAVAILABLE,
                   _("The WMI namespace %s does not exist (HRESULT 0x%08lX)"),
                   wmi_namespace, (unsigned long) hr);
      return;
    case WBEM_E_ACCESS_DENIED:
    case (guint32) E_ACCESSDENIED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Access to the WMI namespace %s was denied (HRESULT 0x%08lX)"),
                   wmi_namespace, (unsigned long) hr);
      return;
    default:
      break;
    }

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  why = describe_hresult (hr);
  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_FAILED,
               /* TRANSLATORS: what failed, why, and the Windows error code */
               _("%s: %s (HRESULT 0x%08lX)"), what, why, (unsigned long) hr);
}

/* @value as a GVariant, or NULL with @error unset for a NULL value. */
static gboolean
variant_from_property (const VARIANT  *value,
                       CIMTYPE         cim_type,
                       const char     *wmi_namespace,
                       const char     *name,
                       GVariant      **result,
                       GError        **error)
{
  *result = NULL;
  switch (V_VT (value))
    {
    case VT_EMPTY:
    case VT_NULL:
      return TRUE;
    case VT_BOOL:
      *result = g_variant_new_boolean (V_BOOL (value) != VARIANT_FALSE);
      return TRUE;
    case VT_I1: *result = g_variant_new_int64 (V_I1 (value)); return TRUE;
    case VT_UI1: *result = g_variant_new_int64 (V_UI1 (value)); return TRUE;
    case VT_I2: *result = g_variant_new_int64 (V_I2 (value)); return TRUE;
    case VT_UI2: *result = g_variant_new_int64 (V_UI2 (value)); return TRUE;
    case VT_UI4: *result = g_variant_new_int64 (V_UI4 (value)); return TRUE;
    case VT_INT: *result = g_variant_new_int64 (V_INT (value)); return TRUE;
    case VT_UINT: *result = g_variant_new_int64 (V_UINT (value)); return TRUE;
    case VT_I8: *result = g_variant_new_int64 (V_I8 (value)); return TRUE;
    case VT_I4:
      /* WMI hands a uint32 over as a signed VT_I4. */
      if (cim_type == CIM_UINT32)
        *result = g_variant_new_int64 ((guint32) V_I4 (value));
      else
        *result = g_variant_new_int64 (V_I4 (value));
      return TRUE;
    case VT_UI8:
      if (V_UI8 (value) > G_MAXINT64)
        {
          g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                       _("The WMI namespace %s returned a property %s too large for a signed 64-bit integer"),
                       wmi_namespace, name);
          return FALSE;
        }
      *result = g_variant_new_int64 ((gint64) V_UI8 (value));
      return TRUE;
    case VT_BSTR:
      {
        g_autofree char *text = NULL;

        if (V_BSTR (value) != NULL)
          text = g_utf16_to_utf8 ((const gunichar2 *) V_BSTR (value), SysStringLen (V_BSTR (value)),
                                  NULL, NULL, NULL);
        else
          text = g_strdup ("");
        if (text == NULL)
          {
            g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                         _("The WMI namespace %s returned a property %s that is not valid text"),
                         wmi_namespace, name);
            return FALSE;
          }

        /* WMI hands 64-bit integers over as strings. */
        if (cim_type == CIM_SINT64 || cim_type == CIM_UINT64)
          {
            gint64 number;

            if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
              {
                g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                             _("The WMI namespace %s returned a property %s that is not a signed 64-bit integer"),
                             wmi_namespace, name);
                return FALSE;
              }
            *result = g_variant_new_int64 (number);
            return TRUE;
          }
        *result = g_variant_new_take_string (g_steal_pointer (&text));
        return TRUE;
      }
    default:
      g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                   _("The WMI namespace %s returned a property %s of a type that cannot be read (VARTYPE 0x%04X)"),
                   wmi_namespace, name, (guint) V_VT (value));
      return FALSE;
    }
}

/* The @properties of @object, as an a{sv} GVariant. */
static GVariant *
read_object (IWbemClassObject    *object,
             const char          *wmi_namespace,
             const char * const  *properties,
             GError             **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (gsize i = 0; properties[i] != NULL; i++)
    {
      g_autofree gunichar2 *name = g_utf8_to_utf16 (properties[i], -1, NULL, NULL, NULL);
      g_auto(VARIANT) value;
      CIMTYPE cim_type = CIM_EMPTY;
      GVariant *variant;
      HRESULT hr;

      VariantInit (&value);
      hr = IWbemClassObject_Get (object, (LPCWSTR) name, 0, &value, &cim_type, NULL);
      /* A class without the property: as good as NULL. */
      if (hr == (HRESULT) WBEM_E_NOT_FOUND)
        continue;
      if (FAILED (hr))
        {
          set_hresult_error (error, hr, wmi_namespace, _("Could not read the property %s in the WMI namespace %s"),
                             properties[i], wmi_namespace);
          return NULL;
        }
      if (!variant_from_property (&value, cim_type, wmi_namespace, properties[i], &variant, error))
        return NULL;
      if (variant != NULL)
        g_variant_builder_add (&builder, "{sv}", properties[i], variant);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
deadline_passed (gint64        deadline,
                 const char   *wmi_namespace,
                 const char   *query,
                 guint         timeout_ms,
                 GError      **error)
{
  if (g_get_monotonic_time () < deadline)
    return FALSE;
  g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_TIMED_OUT,
               _("The WMI namespace %s did not answer the query “%s” within %u ms"),
               wmi_namespace, query, timeout_ms);
  return TRUE;
}

/* Reads the objects @objects brings, into @rows. */
static gboolean
read_objects (IEnumWbemClassObject  *objects,
              const char            *wmi_namespace,
              const char            *query,
              const char * const    *properties,
              guint                  timeout_ms,
              GCancellable          *cancellable,
              GPtrArray             *rows,
              GError               **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      IWbemClassObject *batch[BATCH_SIZE] = { NULL, };
      ULONG n_returned = 0;
      gboolean ok = TRUE;
      HRESULT hr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          deadline_passed (deadline, wmi_namespace, query, timeout_ms, error))
        return FALSE;

      hr = IEnumWbemClassObject_Next (objects, SLICE_MS, BATCH_SIZE, batch, &n_returned);
      if (FAILED (hr))
        {
          set_hresult_error (error, hr, wmi_namespace,
                             _("Reading the results of the query “%s” in the WMI namespace %s failed"),
                             query, wmi_namespace);
          return FALSE;
        }

      /* Every object of the batch is released, read or not. */
      for (ULONG i = 0; i < n_returned; i++)
        {
          g_autoptr(IWbemClassObject) object = batch[i];
          GVariant *row;

          if (!ok)
            continue;
          if (rows->len >= MAX_OBJECTS)
            {
              g_set_error (error, VMSOCK_ERROR, VMSOCK_ERROR_INVALID_DATA,
                           _("The query “%s” in the WMI namespace %s returned more than %u objects"),
                           query, wmi_namespace, (guint) MAX_OBJECTS);
              ok = FALSE;
              continue;
            }
          row = read_object (object, wmi_namespace, properties, error);
          if (row == NULL)
            ok = FALSE;
          else
            g_ptr_array_add (rows, row);
        }
      if (!ok)
        return FALSE;

      /* WBEM_S_FALSE: fewer than asked for, and no more to come.
       * WBEM_S_TIMEDOUT: fewer than asked for, so far. */
      if (hr == (HRESULT) WBEM_S_FALSE)
        return TRUE;
    }
}

/* The query, in a thread where COM is initialized. */
static GPtrArray *
query_with_com (const char          *wmi_namespace,
                const char          *query,
                const char * const  *properties,
                guint                timeout_ms,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(IWbemLocator) locator = NULL;
  g_autoptr(IWbemServices) services = NULL;
  g_autoptr(IEnumWbemClassObject) objects = NULL;
  g_auto(BSTR) namespace_bstr = NULL;
  g_auto(BSTR) language = NULL;
  g_auto(BSTR) query_bstr = NULL;
  HRESULT hr;

  /* The process's default COM security, unless it already has one. */
  hr = CoInitializeSecurity (NULL, -1, NULL, NULL, RPC_C_AUTHN_LEVEL_DEFAULT,
                             RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE, NULL);
  if (FAILED (hr) && hr != RPC_E_TOO_LATE)
    {
      set_hresult_error (error, hr, wmi_namespace, _("Could not set up COM security to query the WMI namespace %s"),
                         wmi_namespace);
      return NULL;
    }

  hr = CoCreateInstance (&CLSID_WbemLocator, NULL, CLSCTX_INPROC_SERVER, &IID_IWbemLocator,
                         (void **) &locator);
  if (FAILED (hr))
    {
      set_hresult_error (error, hr, wmi_namespace, _("Could not create the WMI locator to query the WMI namespace %s"),
                         wmi_namespace);
      return NULL;
    }

  /* At most two minutes, says WBEM_FLAG_CONNECT_USE_MAX_WAIT. */
  namespace_bstr = bstr_from_utf8 (wmi_namespace);
  hr = IWbemLocator_ConnectServer (locator, namespace_bstr, NULL, NULL, NULL,
                                   WBEM_FLAG_CONNECT_USE_MAX_WAIT, NULL, NULL, &services);
  if (FAILED (hr))
    {
      set_hresult_error (error, hr, wmi_namespace, _("Could not connect to the WMI namespace %s"),
                         wmi_namespace);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  hr = CoSetProxyBlanket ((IUnknown *) services, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, NULL,
                          RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE);
  if (FAILED (hr))
    {
      set_hresult_error (error, hr, wmi_namespace, _("Could not set the security of the connection to the WMI namespace %s"),
                         wmi_namespace);
      return NULL;
    }

  language = bstr_from_utf8 ("WQL");
  query_bstr = bstr_from_utf8 (query);
  hr = IWbemServices_ExecQuery (services, language, query_bstr,
                                WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, NULL, &objects);
  if (FAILED (hr))
    {
      set_hresult_error (error, hr, wmi_namespace, _("The WMI namespace %s refused the query “%s”"),
                         wmi_namespace, query);
      return NULL;
    }

  if (!read_objects (objects, wmi_namespace, query, properties, timeout_ms, cancellable, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
vmsock_wmi_query (const char          *wmi_namespace,
                  const char          *query,
                  const char * const  *properties,
                  guint                timeout_ms,
                  GCancellable        *cancellable,
                  GError             **error)
{
  GPtrArray *rows;
  HRESULT hr;

  g_return_val_if_fail (wmi_namespace != NULL && g_utf8_validate (wmi_namespace, -1, NULL), NULL);
  g_return_val_if_fail (query != NULL && g_utf8_validate (query, -1, NULL), NULL);
  g_return_val_if_fail (properties != NULL, NULL);
  for (gsize i = 0; properties[i] != NULL; i++)
    g_return_val_if_fail (g_utf8_validate (properties[i], -1, NULL), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A thread that chose the single-threaded apartment keeps it; WMI works
   * from there too. */
  hr = CoInitializeEx (NULL, COINIT_MULTITHREADED);
  if (FAILED (hr) && hr != RPC_E_CHANGED_MODE)
    {
      set_hresult_error (error, hr, wmi_namespace, _("Could not initialize COM to query the WMI namespace %s"),
                         wmi_namespace);
      return NULL;
    }

  rows = query_with_com (wmi_namespace, query, properties, timeout_ms, cancellable, error);

  /* S_OK and S_FALSE both count, and need undoing. */
  if (SUCCEEDED (hr))
    CoUninitialize ();
  return rows;
}
