"""What the server imports of the kiosk's core must run with the server's own install: the
locked server export (deploy/requirements/server.txt) has no Kivy, no sqlite-utils, no requests.
Read from the source like tests/test_architecture.py; the real install is
tests/deploy/test_server_deploy.py (slow), this finds the same fault in a second."""

from __future__ import annotations

import re
import sys
from importlib.metadata import packages_distributions

from tests.test_architecture import MODULES, REPO, RUNTIME, below, own


def server_import_names() -> set[str]:
    """The top-level names the server's installed distributions can be imported by."""
    text = (REPO / "deploy/requirements/server.txt").read_text()
    locked = {name.replace("_", "-") for name in re.findall(r"^([a-z0-9._-]+)==", text, re.M)}
    return {module for module, dists in packages_distributions().items()
            if any(d.lower().replace("_", "-") in locked for d in dists)}


def kiosk_modules_of_the_server() -> dict[str, str]:
    """Every kiosk module the server's code runs, with the server module it comes through."""
    reached: dict[str, str] = {}
    todo = [(name, name) for name in MODULES if below(name, "dqserver")]
    while todo:
        name, via = todo.pop()
        for target, _line in RUNTIME[name]:
            module = own(target)
            if module and below(module, "kiosk") and module not in reached:
                reached[module] = via
                todo.append((module, via))
    return reached


def test_the_server_runs_the_kiosk_modules_it_imports_with_its_own_packages():
    allowed = server_import_names() | set(sys.stdlib_module_names) | {"kiosk"}
    reached = kiosk_modules_of_the_server()
    assert {"kiosk.pins", "kiosk.bundle", "kiosk.states", "kiosk.textrules"} <= set(reached)
    missing = [f"{module} imports {target} (line {line}), not in the server's install; the "
               f"server runs it through {reached[module]}"
               for module in sorted(reached) for target, line in RUNTIME[module]
               if own(target) is None and target.split(".")[0] not in allowed]
    assert not missing, "\n".join(missing)


def test_a_kiosk_module_with_the_store_would_be_found():
    """The check can fail: the kiosk's booking rules need the store (sqlite-utils)."""
    allowed = server_import_names() | set(sys.stdlib_module_names)
    assert "sqlite_utils" not in allowed and "django" in allowed
    assert any(target == "sqlite_utils" for target, _ in RUNTIME["kiosk.store"])
