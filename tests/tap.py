# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs unittest test cases and reports each test as a TAP line."""

import sys
import traceback
import unittest


def main(*test_case_classes):
    loader = unittest.TestLoader()
    # Arguments, if any, pick tests whose names contain one of them.
    tests = [test for case in test_case_classes
             for test in loader.loadTestsFromTestCase(case)
             if len(sys.argv) < 2 or any(word in test.id() for word in sys.argv[1:])]
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for number, test in enumerate(tests, 1):
        result = unittest.TestResult()
        test.run(result)
        name = test.id().split(".", 1)[-1]
        problems = result.errors + result.failures
        if result.skipped:
            print(f"ok {number} {name} # SKIP {result.skipped[0][1]}", flush=True)
        elif problems:
            failed += 1
            for _, text in problems:
                for line in text.splitlines():
                    print(f"# {line}")
            print(f"not ok {number} {name}", flush=True)
        else:
            print(f"ok {number} {name}", flush=True)
    sys.exit(1 if failed else 0)


def bail_out(reason):
    print(f"Bail out! {reason}", flush=True)
    traceback.print_stack(file=sys.stderr)
    sys.exit(1)
