"""The direction of imports inside app/ (docs/ARCHITECTURE.md): the kernel imports no area,
an area imports only the areas it names below, and the areas form no circle. Imports made
only for type checking (under `if TYPE_CHECKING:`) do not count: they run nowhere.

A new area adds a line to ALLOWED; a new dependency between areas is a decision, made here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"

AREAS = (
    "deputies",
    "meetings",
    "suggestions",
    "duties",
    "elections",
    "plans",
    "oversight",
    "county",
    "reports",
)
LAYERS = ("core", "db", "documents", "exchange", "access")
# What each package of app/ may import at run time, besides itself. The top-level modules
# (office.py the facade, areas.py, cli.py, demo.py, lists.py) assemble and may import all.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "db": {"core"},
    "deputies": {"core", "db"},
    "meetings": {"core", "db", "deputies"},
    "suggestions": {"core", "db", "deputies", "meetings"},
    "duties": {"core", "db", "deputies", "meetings", "suggestions"},
    "elections": {"core", "db", "deputies", "meetings"},
    # The year's plan turns its items into meetings and activities; its calendar reads all;
    # 换届 ends the old term's posts and shows the new presidium from the register.
    "plans": {"core", "db", "deputies", "meetings", "suggestions", "duties", "elections"},
    "oversight": {"core", "db", "deputies", "meetings", "suggestions", "duties"},
    # The county opens each township's package as an office of its own (the facade).
    "county": {
        "core",
        "db",
        "deputies",
        "meetings",
        "suggestions",
        "duties",
        "plans",
        "exchange",
        "office",
    },
    # The report drafts read every area (and write .docx); no area reads them.
    "reports": {
        "core",
        "db",
        "deputies",
        "meetings",
        "suggestions",
        "duties",
        "elections",
        "plans",
        "oversight",
        "county",
        "documents",
        "exchange",  # the county's evaluation exported to Excel
    },
    # The layers render and carry the areas' records.
    "documents": {
        "core",
        "db",
        "deputies",
        "meetings",
        "suggestions",
        "duties",
        "elections",
        "plans",
        "oversight",
    },
    "exchange": {
        "core",
        "db",
        "documents",
        "deputies",
        "meetings",
        "suggestions",
        "duties",
        "elections",
        "oversight",
    },
    # Users, roles and the audit trail: its viewer names deputies' fields and exports to Excel.
    "access": {"core", "db", "deputies", "exchange"},
}
# A package's command line and demo drive the office (the facade) and print its forms and
# export its lists through the layers.
AREA_CLI_EXTRA = {"documents", "exchange", "office"}
# Known, reasoned exceptions: (importing module, imported package) -> why.
EXCEPTIONS = {
    # The migration that turned free-text résumés into entries parses them as the
    # deputies' area does today; copying the parser would let the two drift apart.
    ("app.db.migrations.activities", "deputies"): "résumé parser shared with the migration",
}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def runtime_imports(path: Path) -> set[str]:
    """The app.* modules a file imports when it runs (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("app."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "app":
                names.update(f"app.{a.name}" for a in node.names)
            elif node.module.startswith("app."):
                names.add(node.module)
    return names


def package_of(module: str) -> str | None:
    """The package of app/ a module belongs to; "office" for the facade; None for the other
    top-level assemblers (areas, cli, demo)."""
    parts = module.split(".")
    if len(parts) > 2 or parts[1] in AREAS + LAYERS:
        return parts[1]
    return "office" if parts[1] == "office" else None


def violations() -> list[str]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        own = package_of(module)
        if own in (None, "office"):  # the facade and the assemblers may import all
            continue
        allowed = ALLOWED[own] | {own}
        if path.stem.startswith(("cli", "demo")):
            allowed = allowed | AREA_CLI_EXTRA
        for imported in sorted(runtime_imports(path)):
            target = package_of(imported)
            if target is None and imported != "app.version":
                found.append(f"{module} imports the assembler {imported}")
            elif target and target not in allowed and (module, target) not in EXCEPTIONS:
                found.append(f"{module} imports {imported} ({own} may not import {target})")
    return found


def test_every_import_runs_in_an_allowed_direction() -> None:
    assert violations() == []


def test_the_allowed_dependencies_between_packages_form_no_circle() -> None:
    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in ALLOWED.get(start, ())
        )

    assert [p for p in ALLOWED if reaches(p, p)] == []


def test_the_kernel_imports_no_area_even_for_type_checking() -> None:
    """Type-checking imports of the facade (app.office) are how the kernel names its
    argument; anything else from an area would tie the kernel to it."""
    offenders = []
    for path in sorted((APP / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app."):
                pkg = node.module.split(".")[1]
                if pkg in AREAS:
                    offenders.append(f"{path.name}: {node.module}")
    assert offenders == []
