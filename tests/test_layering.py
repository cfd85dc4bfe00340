"""Dependencies point down the floors of ``assembly.floors``, and nowhere
else: every module of the project is imported, and every import statement
in it (at module level or inside a function) is checked against the table."""

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

from assembly.floors import FLOORS, floor_of, import_allowed
from tests.conftest import REPO_ROOT

# Folders of the repository that are not application code.
NOT_APPLICATION = {"tests", "bench", "bin", "docs", "translations"}


def project_packages() -> list[str]:
    return sorted(
        path.parent.name
        for path in REPO_ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPLICATION
    )


def project_modules() -> list[tuple[str, Path]]:
    modules = []
    for package in project_packages():
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append((".".join(parts), path))
    return modules


def imported_names(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a project module in ``path``."""
    packages = set(project_packages())
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            names = []
            for alias in node.names:
                # `from pkg import submodule` imports the submodule.
                candidate = f"{base}.{alias.name}"
                if base.split(".")[0] in packages and _is_module(candidate):
                    names.append(candidate)
                else:
                    names.append(base)
        else:
            continue
        found.extend(
            (node.lineno, name) for name in names if name.split(".")[0] in packages
        )
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


MODULES = project_modules()


def test_every_project_package_has_a_floor():
    unplaced = [name for name in project_packages() if floor_of(name) is None]
    assert not unplaced, (
        f"Give these packages a floor in assembly/floors.py: {unplaced}"
    )


def test_the_floors_are_ordered_and_distinct():
    levels = [floor.level for floor in FLOORS]
    assert levels == sorted(set(levels))
    prefixes = [prefix for floor in FLOORS for prefix in floor.modules]
    assert len(prefixes) == len(set(prefixes))


def test_the_rule_itself():
    # Down: allowed; up: refused; a content app importing another: refused.
    assert import_allowed("news.api", "cms.api")
    assert import_allowed("home.models", "agency_sites.viewsets")
    assert import_allowed("cms.chrome", "agency_sites.models")
    assert not import_allowed("cms.views", "agency_sites.admin_urls")
    assert not import_allowed("agency_sites.provisioning.pages", "home.models")
    assert not import_allowed("news.contributions", "home.panels")
    assert not import_allowed("cms.listings", "assembly.urls")
    assert import_allowed("assembly.urls", "agency_sites.admin_urls")


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_module_imports_point_down(module: str, path: Path):
    if not module.startswith("settings"):
        # Importable on its own (settings modules read the environment and
        # are imported by Django as it starts).
        importlib.import_module(module)
    upward = [
        f"{path.relative_to(REPO_ROOT)}:{line} imports {target}"
        for line, target in imported_names(module, path)
        if not import_allowed(module, target)
    ]
    assert not upward, "\n".join(upward)
