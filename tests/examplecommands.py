# SPDX-License-Identifier: LGPL-2.1-or-later
"""How the tests start an example in each of its languages."""

import os
import pathlib
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
BUILT = pathlib.Path(os.environ.get("EXAMPLES_BUILDDIR", "."))
PYTHON = os.environ.get("VMSOCK_TEST_PYTHON", sys.executable)
LANGUAGES = ("c", "python", "javascript")


def command(language, name):
    """The command line that runs example @name written in @language."""
    if language == "c":
        return [str(BUILT / f"example-{name}")]
    if language == "python":
        return [PYTHON, str(EXAMPLES / f"{name}.py")]
    return ["gjs", "-m", str(EXAMPLES / f"{name}.js")]
