"""The accessibility walk's coverage matrix: where a test run writes it, and the one command that
writes the committed copy.

Every run of the walk (``tests/ui/test_accessibility.py``) writes its matrix to
``var/accessibility-walk.md`` (not in git) and prints it in the test output. The copy in
``docs/`` is written only by::

    .venv/bin/python -m tests.ui.walk_report docs/accessibility-walk.md

(under ``xvfb-run -a -s "-screen 0 1280x800x24"`` where there is no screen),

which walks every variant (``WALK=full``) and copies the matrix there once the walk passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_COPY = ROOT / "var" / "accessibility-walk.md"
COMMAND = "python -m tests.ui.walk_report docs/accessibility-walk.md"


def write(path: Path, summary: str, table: str, walk: str) -> None:
    """The matrix as a Markdown page: how it was made, the summary line, the table. ``walk``:
    the test's WALK ("full", "sample" or a regular expression)."""
    walked = {"full": "every variant (`WALK=full`)",
              "sample": "a sample of the variants (as `make test` walks them)"}.get(
                  walk, f"the variants matching `WALK={walk}`")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# The accessibility walk\n\n"
        f"Written by `{COMMAND}` (under `xvfb-run` where there is no screen): it runs "
        "`tests/ui/test_accessibility.py` over every variant (`WALK=full`) and copies the "
        "matrix here once the walk passed. Test runs write theirs to `var/accessibility-walk.md` "
        "(not in git) and print it in the test output.\n\n"
        "The walk is generated from the screen registry, the theme's text sizes, the palettes, "
        "the screenshot sizes and the UI languages; states are what tapping reaches. "
        f"This matrix: {walked}.\n\n"
        f"{summary}.\n\n{table}\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(f"usage: {COMMAND}", file=sys.stderr)
        return 2
    target = Path(argv[0])
    RUN_COPY.unlink(missing_ok=True)
    env = {**os.environ, "WALK": "full"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/ui/test_accessibility.py::test_the_walk_sees_every_screen_in_every_variant"],
        cwd=ROOT, env=env, check=False)
    if result.returncode != 0 or not RUN_COPY.exists():
        print(f"the walk did not pass: {target} left as it was", file=sys.stderr)
        return result.returncode or 1
    shutil.copyfile(RUN_COPY, target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
