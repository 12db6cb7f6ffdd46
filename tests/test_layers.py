"""Apps depend one way, in the order docs/architecture.md gives: an app imports only apps on
lower floors, and no module imports another app inside a function (a hidden cycle)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tarjotin"
LAYERS_LINE = re.compile(r"^Layers, lowest first: (.+)$", re.MULTILINE)
# Imports inside functions that are not about cycles: Django must be set up first (cli), and
# an app's ready() connects its receivers once the registry is loaded.
SETUP_ORDER = {"cli.py", "apps.py"}


def documented_floors() -> dict[str, int]:
    """``Layers, lowest first: `catalogue`, `staff` < `search` < …`` -> {app: floor}."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = LAYERS_LINE.search(text)
    assert line, "docs/architecture.md states no 'Layers, lowest first:' line"
    floors = {}
    for floor, names in enumerate(line.group(1).split("<")):
        for name in re.findall(r"`(\w+)`", names):
            floors[name] = floor
    return floors


def apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def cross_app_imports():
    """(importing app, imported app, file, line, inside a function) for production code."""
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                  for n in ast.walk(f)}  # fmt: skip
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                target = name.split(".")
                if target[0] == "tarjotin" and len(target) > 1 and target[1] != parts[0]:
                    yield parts[0], target[1], path, node.lineno, id(node) in nested


def test_every_app_has_a_floor():
    floors = documented_floors()
    assert sorted(floors) == apps()


def test_apps_import_only_apps_below_them():
    floors = documented_floors()
    upward = [
        f"{path.relative_to(ROOT)}:{line} {app} -> {target}"
        for app, target, path, line, _nested in cross_app_imports()
        if target in floors and floors[target] >= floors[app]
    ]
    assert upward == [], "imports that go up or sideways:\n" + "\n".join(upward)


def test_no_app_imports_another_inside_a_function():
    hidden = [
        f"{path.relative_to(ROOT)}:{line} -> {target}"
        for _app, target, path, line, nested in cross_app_imports()
        if nested and path.name not in SETUP_ORDER
    ]
    assert hidden == [], "\n".join(hidden)
