/* vmsock-platform-windows.c: the OS seam on Windows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <sys/stat.h>
#include <winsock2.h>
#include <windows.h>
#include <gio/gnetworking.h>
#include <gio/gwin32inputstream.h>
#include <gio/gwin32outputstream.h>
#include <glib/gstdio.h>

#include "vmsock-error-private.h"
#include "vmsock-file-error-private.h"
#include "vmsock-i18n-private.h"
#include "vmsock-wsa-error-private.h"
#include "vmsock-platform-private.h"
#include "vmsock-services-private.h"
#include "vmsock-socket-family.h"

/* The system's text for @code, or its number where the system has no text
 * (wine has none for most Windows Sockets errors). */
static char *
windows_error_message (DWORD code)
{
  g_autofree char *message = g_win32_error_message (code);

  if (*message != '\0')
    return g_steal_pointer (&message);
  return g_strdup_printf (_("Windows error %lu"), (unsigned long) code);
}

gboolean
_vmsock_set_wsa_error (GError     **error,
                       int          wsa_error,
                       const char  *what)
{
  g_autofree char *message = windows_error_message (wsa_error);

  if (what == NULL)
    g_set_error_literal (error, G_IO_ERROR, g_io_error_from_win32_error (wsa_error), message);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (wsa_error),
                 "%s: %s", what, message);
  return FALSE;
}

static gboolean
set_not_supported (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("AF_VSOCK sockets do not exist on Windows; use a Hyper-V socket "
                         "address with a VSock template service ID instead"));
  return FALSE;
}

gboolean
vmsock_platform_has_family (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV;
}

gboolean
vmsock_platform_check_family (int      family,
                              GError **error)
{
  static gsize probed = 0;
  static int probe_error = 0;
  g_autofree char *message = NULL;

  if (family != VMSOCK_SOCKET_FAMILY_HYPERV)
    return set_not_supported (error);

  /* Windows before 10 and Server 2016, and wine, have no AF_HYPERV. */
  if (g_once_init_enter (&probed))
    {
      SOCKET probe;

      g_networking_init ();
      probe = socket (VMSOCK_SOCKET_FAMILY_HYPERV, SOCK_STREAM, VMSOCK_SOCKET_PROTOCOL_HV_RAW);
      if (probe == INVALID_SOCKET)
        probe_error = WSAGetLastError ();
      else
        closesocket (probe);
      g_once_init_leave (&probed, 1);
    }
  if (probe_error == 0)
    return TRUE;

  message = windows_error_message (probe_error);
  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (probe_error),
               _("This system has no Hyper-V sockets (AF_HYPERV needs Windows 10 or "
                 "Windows Server 2016 and later): %s"), message);
  return FALSE;
}

int
vmsock_platform_socket_protocol (int family)
{
  return family == VMSOCK_SOCKET_FAMILY_HYPERV ? VMSOCK_SOCKET_PROTOCOL_HV_RAW : 0;
}

gboolean
vmsock_platform_get_fd_family (gint     fd,
                               int     *family,
                               GError **error)
{
  SOCKADDR_STORAGE address = { 0 };
  int length = sizeof address;

  if (getsockname ((SOCKET) fd, (struct sockaddr *) &address, &length) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Not a usable socket"));
  *family = address.ss_family;
  return TRUE;
}

gboolean
vmsock_platform_getsockopt (GSocket   *socket,
                            int        level,
                            int        name,
                            gpointer   value,
                            gsize     *size,
                            GError   **error)
{
  int length = (int) *size;

  if (getsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, &length) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Could not read the socket option"));
  *size = (gsize) length;
  return TRUE;
}

gboolean
vmsock_platform_setsockopt (GSocket        *socket,
                            int             level,
                            int             name,
                            gconstpointer   value,
                            gsize           size,
                            GError        **error)
{
  if (setsockopt ((SOCKET) g_socket_get_fd (socket), level, name, value, (int) size) != 0)
    return _vmsock_set_wsa_error (error, WSAGetLastError (), _("Could not set the socket option"));
  return TRUE;
}

gboolean
vmsock_platform_get_vsock_connect_timeout (GSocket  *socket,
                                           guint64  *usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_set_vsock_connect_timeout (GSocket  *socket,
                                           guint64   usec,
                                           GError  **error)
{
  return set_not_supported (error);
}

gboolean
vmsock_platform_is_setuid (void)
{
  return FALSE;
}

gboolean
vmsock_platform_get_local_cid (guint32  *cid,
                               GError  **error)
{
  return set_not_supported (error);
}

/* The part of VMSOCK_PLATFORM_GUEST_SERVICES_KEY below HKEY_LOCAL_MACHINE. */
#define GUEST_SERVICES_SUBKEY \
  "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices"
#define WIDE_STRING(text) L"" text
#define GUEST_SERVICES_SUBKEY_W WIDE_STRING (GUEST_SERVICES_SUBKEY)

static gboolean
set_registry_error (GError     **error,
                    LSTATUS      status,
                    const char  *guid)
{
  g_autofree char *message = NULL;

  if (status == ERROR_ACCESS_DENIED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Registering the service %s with Hyper-V needs administrator rights; "
                     "run from an elevated prompt"), guid);
      return FALSE;
    }

  message = windows_error_message (status);
  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (status),
               _("Could not write the service %s to the registry: %s"), guid, message);
  return FALSE;
}

gboolean
vmsock_platform_has_guest_services (void)
{
  return TRUE;
}

/* The longest ElementName read; Hyper-V's own are far shorter. */
#define MAX_ELEMENT_NAME_BYTES (64 * 1024)

/* The ElementName of the guest service @subkey of @services_key, or NULL
 * when it has none that can name a service. */
static char *
read_element_name (HKEY            services_key,
                   const gunichar2 *subkey)
{
  g_autofree gunichar2 *value = NULL;
  g_autofree char *name = NULL;
  DWORD size = 0;

  if (RegGetValueW (services_key, subkey, L"ElementName", RRF_RT_REG_SZ, NULL, NULL, &size) != ERROR_SUCCESS ||
      size > MAX_ELEMENT_NAME_BYTES)
    return NULL;
  value = g_malloc0 (size + sizeof (gunichar2));
  if (RegGetValueW (services_key, subkey, L"ElementName", RRF_RT_REG_SZ, NULL, value, &size) != ERROR_SUCCESS)
    return NULL;
  name = g_utf16_to_utf8 (value, -1, NULL, NULL, NULL);
  if (name == NULL || !vmsock_service_name_is_valid (name, NULL))
    return NULL;
  return g_steal_pointer (&name);
}

GPtrArray *
vmsock_platform_list_guest_services (GError **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  HKEY key;
  LSTATUS status;

  status = RegOpenKeyExW (HKEY_LOCAL_MACHINE, GUEST_SERVICES_SUBKEY_W, 0, KEY_READ, &key);
  if (status == ERROR_FILE_NOT_FOUND)
    return g_steal_pointer (&services);
  if (status != ERROR_SUCCESS)
    {
      g_autofree char *message = windows_error_message (status);

      g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (status),
                   _("Could not read Hyper-V’s guest services from the registry: %s"), message);
      return NULL;
    }

  for (DWORD index = 0; ; index++)
    {
      /* Key names have at most 255 characters. */
      gunichar2 subkey[256];
      DWORD length = G_N_ELEMENTS (subkey);
      g_autofree char *guid_text = NULL;
      g_autofree char *name = NULL;
      VmsockGuid guid;

      status = RegEnumKeyExW (key, index, subkey, &length, NULL, NULL, NULL, NULL);
      if (status == ERROR_NO_MORE_ITEMS)
        break;
      if (status != ERROR_SUCCESS)
        continue;
      guid_text = g_utf16_to_utf8 (subkey, length, NULL, NULL, NULL);
      /* A key that names no service is none of ours to show. */
      if (guid_text == NULL || !vmsock_guid_parse (guid_text, &guid, NULL))
        continue;
      name = read_element_name (key, subkey);
      if (name == NULL)
        name = vmsock_guid_to_string (&guid);
      g_ptr_array_add (services, vmsock_service_new (name, &guid));
    }
  RegCloseKey (key);

  vmsock_services_sort (services);
  return g_steal_pointer (&services);
}

gboolean
vmsock_platform_set_guest_service (const char  *guid,
                                   const char  *name,
                                   GError     **error)
{
  g_autofree gunichar2 *subkey = NULL;
  g_autofree gunichar2 *value = NULL;
  g_autofree char *path = g_strconcat (GUEST_SERVICES_SUBKEY "\\", guid, NULL);
  glong value_units = 0;
  HKEY key;
  LSTATUS status;

  subkey = g_utf8_to_utf16 (path, -1, NULL, NULL, error);
  if (subkey == NULL)
    return FALSE;

  if (name == NULL)
    {
      status = RegDeleteKeyW (HKEY_LOCAL_MACHINE, subkey);
      return status == ERROR_SUCCESS || status == ERROR_FILE_NOT_FOUND ||
             set_registry_error (error, status, guid);
    }

  value = g_utf8_to_utf16 (name, -1, NULL, &value_units, error);
  if (value == NULL)
    return FALSE;

  status = RegCreateKeyExW (HKEY_LOCAL_MACHINE, subkey, 0, NULL, REG_OPTION_NON_VOLATILE,
                            KEY_SET_VALUE, NULL, &key, NULL);
  if (status != ERROR_SUCCESS)
    return set_registry_error (error, status, guid);

  status = RegSetValueExW (key, L"ElementName", 0, REG_SZ, (const BYTE *) value,
                           (DWORD) ((value_units + 1) * sizeof (gunichar2)));
  RegCloseKey (key);
  return status == ERROR_SUCCESS || set_registry_error (error, status, guid);
}

struct _VmsockPlatformLock
{
  HANDLE file;
};

int
vmsock_platform_open_regular_file (const char  *path,
                                   GError     **error)
{
  GStatBuf status;
  struct _stat64 opened;
  int fd;

  /* A device such as CON would wait for input: look first. */
  if (g_stat (path, &status) < 0)
    return vmsock_file_error_from_errno (error, errno);
  if ((status.st_mode & _S_IFMT) != _S_IFREG)
    return vmsock_file_error_not_regular (error);

  fd = g_open (path, O_RDONLY | O_BINARY, 0);
  if (fd < 0)
    return vmsock_file_error_from_errno (error, errno);
  if (_fstat64 (fd, &opened) < 0 || (opened.st_mode & _S_IFMT) != _S_IFREG)
    {
      _close (fd);
      return vmsock_file_error_not_regular (error);
    }
  return fd;
}

gssize
vmsock_platform_read (int      fd,
                      void    *buffer,
                      gsize    size,
                      GError **error)
{
  int n = _read (fd, buffer, (unsigned int) MIN (size, G_MAXINT));

  if (n < 0)
    return vmsock_file_error_from_errno (error, errno);
  return n;
}

VmsockPlatformLock *
vmsock_platform_lock_file (const char  *path,
                           GError     **error)
{
  g_autofree gunichar2 *wide_path = g_utf8_to_utf16 (path, -1, NULL, NULL, error);
  g_autofree char *quoted = vmsock_printable_quote (path, -1);
  BY_HANDLE_FILE_INFORMATION information;
  OVERLAPPED whole_file = { 0 };
  VmsockPlatformLock *lock;
  HANDLE file;

  if (wide_path == NULL)
    return NULL;

  /* A symbolic link (a reparse point) is opened itself, not followed. */
  file = CreateFileW (wide_path, GENERIC_READ | GENERIC_WRITE,
                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
  if (file == INVALID_HANDLE_VALUE)
    {
      g_autofree char *message = windows_error_message (GetLastError ());

      g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (GetLastError ()),
                   _("Could not open the lock file %s: %s"), quoted, message);
      return NULL;
    }
  if (GetFileType (file) != FILE_TYPE_DISK ||
      !GetFileInformationByHandle (file, &information) ||
      (information.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) != 0)
    {
      CloseHandle (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Could not open the lock file %s: it is not a regular file"), quoted);
      return NULL;
    }

  if (!LockFileEx (file, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole_file))
    {
      g_autofree char *message = windows_error_message (GetLastError ());

      CloseHandle (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not lock %s: %s"), quoted, message);
      return NULL;
    }

  lock = g_new (VmsockPlatformLock, 1);
  lock->file = file;
  return lock;
}

void
vmsock_platform_unlock_file (VmsockPlatformLock *lock)
{
  /* Closing the handle releases the lock. */
  CloseHandle (lock->file);
  g_free (lock);
}

/* The installation's prefix: the folder of the library's DLL, or its parent
 * when that is bin or lib. */
static char *
find_installation_prefix (void)
{
  HMODULE library = NULL;

  if (!GetModuleHandleExW (GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCWSTR) find_installation_prefix, &library))
    library = NULL;
  return g_win32_get_package_installation_directory_of_module (library);
}

const char *
vmsock_platform_get_installed_path (VmsockPlatformInstalledPath what)
{
  static const char * const in_prefix[] = {
    [VMSOCK_PLATFORM_PLUGIN_DIR] = VMSOCK_PLUGIN_DIR_IN_PREFIX,
    [VMSOCK_PLATFORM_PLUGIN_HOST] = VMSOCK_PLUGIN_HOST_IN_PREFIX,
    [VMSOCK_PLATFORM_LOCALE_DIR] = LOCALEDIR_IN_PREFIX,
  };
  static char *paths[G_N_ELEMENTS (in_prefix)];
  static gsize found = 0;

  g_return_val_if_fail ((guint) what < G_N_ELEMENTS (in_prefix), NULL);

  if (g_once_init_enter (&found))
    {
      g_autofree char *prefix = find_installation_prefix ();

      for (gsize i = 0; i < G_N_ELEMENTS (in_prefix); i++)
        paths[i] = g_build_filename (prefix, in_prefix[i], NULL);
      g_once_init_leave (&found, 1);
    }
  return paths[what];
}

const char *
vmsock_platform_get_kind (void)
{
  return "windows";
}

gboolean
vmsock_platform_runs_systemd (void)
{
  return FALSE;
}

gboolean
vmsock_platform_check_plugin_path (const char  *path,
                                   GError     **error)
{
  /* Windows guards its program folders with ACLs, which installers set. */
  return TRUE;
}

const char *
vmsock_platform_get_system_config_dir (void)
{
  /* The common application data folder. */
  return g_get_system_config_dirs ()[0];
}

/* The job object that holds a process vmsock_platform_spawn_isolated()
 * started, as object data on its GSubprocess. */
#define JOB_KEY "vmsock-platform-job"

static void
close_job (gpointer job)
{
  /* With JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, the job's processes die now. */
  CloseHandle (job);
}

static gboolean
set_job_error (GError **error,
               DWORD    code)
{
  g_autofree char *message = windows_error_message (code);

  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (code),
               _("Could not place the process in a job object: %s"), message);
  return FALSE;
}

/* A job object that kills its processes when its last handle is closed;
 * not inheritable. */
static HANDLE
create_job (GError **error)
{
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits = { 0 };
  HANDLE job = CreateJobObjectW (NULL, NULL);

  if (job == NULL)
    {
      set_job_error (error, GetLastError ());
      return NULL;
    }
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!SetInformationJobObject (job, JobObjectExtendedLimitInformation, &limits, sizeof limits))
    {
      set_job_error (error, GetLastError ());
      CloseHandle (job);
      return NULL;
    }
  return job;
}

/* Puts @process in @job.  GSubprocess knows the process by a handle, others
 * only by its PID, which Windows gives to no other process while that
 * handle is open: so the PID names the same process as long as GSubprocess
 * has not reaped it. */
static gboolean
assign_to_job (HANDLE        job,
               GSubprocess  *process,
               GError      **error)
{
  const char *identifier = g_subprocess_get_identifier (process);
  HANDLE handle;
  gboolean assigned;

  if (identifier == NULL)
    return TRUE;
  handle = OpenProcess (PROCESS_SET_QUOTA | PROCESS_TERMINATE | SYNCHRONIZE, FALSE,
                        (DWORD) g_ascii_strtoull (identifier, NULL, 10));
  /* Reaped already: it has ended, and the PID may name another process. */
  if (g_subprocess_get_identifier (process) == NULL)
    {
      if (handle != NULL)
        CloseHandle (handle);
      return TRUE;
    }
  if (handle == NULL)
    return set_job_error (error, GetLastError ());

  assigned = AssignProcessToJobObject (job, handle);
  if (!assigned)
    {
      DWORD code = GetLastError ();

      /* A process that has just ended cannot join a job, and need not. */
      assigned = WaitForSingleObject (handle, 0) == WAIT_OBJECT_0;
      if (!assigned)
        set_job_error (error, code);
    }
  CloseHandle (handle);
  return assigned;
}

GSubprocess *
vmsock_platform_spawn_isolated (GSubprocessLauncher  *launcher,
                                const char * const   *argv,
                                GError              **error)
{
  g_autoptr(GSubprocess) process = NULL;
  HANDLE job;

  /* GLib 2.74 on Windows asserts instead of failing when the program does
   * not exist. */
  if (g_path_is_absolute (argv[0]) && !g_file_test (argv[0], G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s does not exist"), argv[0]);
      return NULL;
    }

  job = create_job (error);
  if (job == NULL)
    return NULL;

  /* GSubprocess cannot start a process in a job, so the process joins it as
   * soon as it runs; whatever it starts from then on is in the job too. */
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL || !assign_to_job (job, process, error))
    {
      if (process != NULL)
        g_subprocess_force_exit (process);
      CloseHandle (job);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (process), JOB_KEY, job, close_job);
  return g_steal_pointer (&process);
}

void
vmsock_platform_kill_process_tree (GSubprocess *process)
{
  HANDLE job = g_object_get_data (G_OBJECT (process), JOB_KEY);

  g_return_if_fail (job != NULL);

  /* The exit status g_subprocess_force_exit() gives. */
  TerminateJobObject (job, 1);
}

void
vmsock_platform_end_tree (void)
{
  /* The caller's job object does it. */
}

void
vmsock_platform_end_tree_with_caller (void)
{
  /* The job object that vmsock_platform_spawn_isolated() made kills the
   * whole tree when the caller ends. */
}

static GIOStream *
fail_taking_streams (GError **error,
                     DWORD    code)
{
  g_autofree char *message = windows_error_message (code);

  g_set_error (error, G_IO_ERROR, g_io_error_from_win32_error (code),
               _("Could not take over standard input and output: %s"), message);
  return NULL;
}

/* A handle of this process's own to @handle, not inherited. */
static HANDLE
duplicate_handle (HANDLE handle)
{
  HANDLE process = GetCurrentProcess ();
  HANDLE duplicate = NULL;

  if (!DuplicateHandle (process, handle, process, &duplicate, 0, FALSE, DUPLICATE_SAME_ACCESS))
    return NULL;
  return duplicate;
}

GIOStream *
vmsock_platform_take_standard_streams (GError **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  HANDLE input_handle, output_handle;
  int null_fd;

  input_handle = duplicate_handle (GetStdHandle (STD_INPUT_HANDLE));
  if (input_handle == NULL)
    return fail_taking_streams (error, GetLastError ());
  input = g_win32_input_stream_new (input_handle, TRUE);
  output_handle = duplicate_handle (GetStdHandle (STD_OUTPUT_HANDLE));
  if (output_handle == NULL)
    return fail_taking_streams (error, GetLastError ());
  output = g_win32_output_stream_new (output_handle, TRUE);

  /* The C library's descriptors, then the process's standard handles,
   * which the processes it starts inherit. */
  fflush (stdout);
  null_fd = _open ("NUL", _O_RDONLY | _O_BINARY);
  if (null_fd < 0 || _dup2 (null_fd, _fileno (stdin)) != 0 || _dup2 (_fileno (stderr), _fileno (stdout)) != 0)
    {
      int saved_errno = errno;

      if (null_fd >= 0)
        _close (null_fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not take over standard input and output: %s"), g_strerror (saved_errno));
      return NULL;
    }
  _close (null_fd);
  if (!SetStdHandle (STD_INPUT_HANDLE, (HANDLE) _get_osfhandle (_fileno (stdin))) ||
      !SetStdHandle (STD_OUTPUT_HANDLE, GetStdHandle (STD_ERROR_HANDLE)))
    return fail_taking_streams (error, GetLastError ());
  return g_simple_io_stream_new (input, output);
}
