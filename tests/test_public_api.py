"""The curated public face: each package's __all__ is complete, resolvable, and schemas import nothing of ours."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ["paperaudit.schemas", "paperaudit.extract", "paperaudit.check"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_resolves_and_is_sorted(name: str) -> None:
    mod = importlib.import_module(name)
    assert mod.__all__ == sorted(mod.__all__), f"{name}.__all__ is not sorted"
    for attr in mod.__all__:
        assert hasattr(mod, attr), f"{name}.__all__ names {attr}, which is missing"


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_complete(name: str) -> None:
    """Every public name the package's __init__ imports is listed in __all__."""
    mod = importlib.import_module(name)
    public = {k for k, v in vars(mod).items() if not k.startswith("_") and not isinstance(v, type(importlib))}
    public -= {"annotations"}
    assert public <= set(mod.__all__), f"{name}: public but not in __all__: {sorted(public - set(mod.__all__))}"


def _imports(folder: Path) -> set[str]:
    out: set[str] = set()
    for py in folder.glob("*.py"):
        for node in ast.walk(ast.parse(py.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                out.add(node.module)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
    return out


def test_arrows_point_down() -> None:
    """schemas imports nothing of ours; extract imports schemas only; check may import both."""
    assert not any(m.startswith("paperaudit") for m in _imports(REPO / "schemas"))
    assert not any(m.startswith("paperaudit.check") for m in _imports(REPO / "extract"))


def test_console_script_and_bundled_example() -> None:
    from paperaudit.extract import bundled_example

    assert bundled_example().is_file()
