"""app/ is the program without its face: it must never import Qt or ui/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_app_imports_qt_or_ui() -> None:
    offenders = {
        str(path.relative_to(APP.parent)): sorted(imported_modules(path) & set(FORBIDDEN))
        for path in APP.rglob("*.py")
        if imported_modules(path) & set(FORBIDDEN)
    }
    assert offenders == {}


def test_loading_every_app_module_pulls_in_no_qt() -> None:
    modules = [
        ".".join(p.relative_to(APP.parent).with_suffix("").parts)
        for p in APP.rglob("*.py")
        if p.name not in ("__main__.py",)
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=APP.parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
