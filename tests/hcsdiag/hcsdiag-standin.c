/* hcsdiag-standin.c: a stand-in for Windows' hcsdiag.exe
 *
 * Built as hcsdiag.exe, it prints captured output.  HCSDIAG_STANDIN says
 * which hcsdiag to play:
 *   json     a new one: "list -raw" prints JSON (the default)
 *   text     an old one: "list -raw" prints the help text, "list" the records
 *   denied   run by a user without the rights to list
 *   garbled  a new one whose JSON is cut short
 *   deep     a new one whose JSON nests 200,000 arrays deep
 *   hang     one that never answers, and has started a child that does not
 *            either; both PIDs go to $HCSDIAG_STANDIN_PID_FILE, a line each
 * Anything else prints the help text and fails, as hcsdiag does.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

#include "standin-fixture.h"

#define HANG_SECONDS 600

#ifdef _WIN32

/* The argument that makes the program the hanging child. */
#define HANG_CHILD_ARGUMENT "--standin-hanging-child"

static void
hang (void)
{
  Sleep (HANG_SECONDS * 1000);
}

static unsigned long
own_pid (void)
{
  return GetCurrentProcessId ();
}

/* Runs this program again as a child that hangs. */
static unsigned long
start_hanging_child (void)
{
  wchar_t program[MAX_PATH];
  wchar_t command_line[] = L"hcsdiag.exe " HANG_CHILD_ARGUMENT;
  STARTUPINFOW startup = { .cb = sizeof startup };
  PROCESS_INFORMATION child;
  DWORD length = GetModuleFileNameW (NULL, program, MAX_PATH);

  if (length == 0 || length == MAX_PATH ||
      !CreateProcessW (program, command_line, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &child))
    {
      fprintf (stderr, "hcsdiag stand-in: cannot start a child (error %lu)\n", GetLastError ());
      exit (2);
    }
  CloseHandle (child.hThread);
  CloseHandle (child.hProcess);
  return child.dwProcessId;
}

#else

static void
hang (void)
{
  sleep (HANG_SECONDS);
}

static unsigned long
own_pid (void)
{
  return (unsigned long) getpid ();
}

static unsigned long
start_hanging_child (void)
{
  pid_t child = fork ();

  if (child < 0)
    {
      perror ("hcsdiag stand-in: cannot start a child");
      exit (2);
    }
  if (child == 0)
    {
      hang ();
      _exit (0);
    }
  return (unsigned long) child;
}

#endif

static void
hang_with_child (void)
{
  const char *pid_file = getenv ("HCSDIAG_STANDIN_PID_FILE");
  unsigned long child = start_hanging_child ();

  if (pid_file != NULL && *pid_file != '\0')
    {
      FILE *file = fopen (pid_file, "w");

      if (file == NULL || fprintf (file, "%lu\n%lu\n", own_pid (), child) < 0 || fclose (file) != 0)
        {
          fprintf (stderr, "hcsdiag stand-in: cannot write %s\n", pid_file);
          exit (2);
        }
    }
  hang ();
}

static int
arguments_are (int          argc,
               char       **argv,
               const char  *first,
               const char  *second)
{
  return argc == (second != NULL ? 3 : 2) &&
         strcmp (argv[1], first) == 0 &&
         (second == NULL || strcmp (argv[2], second) == 0);
}

int
main (int    argc,
      char **argv)
{
  const char *mode = getenv ("HCSDIAG_STANDIN");

#ifdef _WIN32
  if (argc == 2 && strcmp (argv[1], HANG_CHILD_ARGUMENT) == 0)
    {
      hang ();
      return 0;
    }
#endif

  if (mode == NULL || *mode == '\0')
    mode = "json";

  if (strcmp (mode, "json") == 0 && arguments_are (argc, argv, "list", "-raw"))
    standin_print_fixture ("list-raw.json", -1);
  else if (strcmp (mode, "text") == 0 && arguments_are (argc, argv, "list", "-raw"))
    standin_print_fixture ("help.txt", -1);
  else if (strcmp (mode, "text") == 0 && arguments_are (argc, argv, "list", NULL))
    standin_print_fixture ("list.txt", -1);
  else if (strcmp (mode, "denied") == 0 && argc >= 2 && strcmp (argv[1], "list") == 0)
    {
      standin_print_fixture ("access-denied.txt", -1);
      return 1;
    }
  else if (strcmp (mode, "garbled") == 0 && arguments_are (argc, argv, "list", "-raw"))
    standin_print_fixture ("list-raw.json", 200);
  else if (strcmp (mode, "deep") == 0 && arguments_are (argc, argv, "list", "-raw"))
    {
      for (int i = 0; i < 200000; i++)
        putchar ('[');
    }
  else if (strcmp (mode, "hang") == 0)
    hang_with_child ();
  else
    {
      standin_print_fixture ("help.txt", -1);
      return 1;
    }
  return 0;
}
