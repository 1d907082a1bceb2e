"""The apps' layers (``../shared/STYLE.md``, README "Architecture"): a module imports only from
its own layer or below. A lower layer that must react to a higher one offers a hook (a signal or
a registry) that the higher one fills when it starts.

Every module of every app is read (not imported) and every ``import`` in it counts, at module
level or inside a function. Two kinds of names are not imports and are not checked: strings
that Django resolves through the app registry (a foreign key to ``"endorsements.Association"``,
``include("exams.urls")``, ``INSTALLED_APPS``) and imports under ``if TYPE_CHECKING:``, which
never run (they name the type of an object a higher layer hands down).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Lowest first: platform → catalog, rules and granted records → applications →
#: references, payments → reviews → exams, renewals.
LAYERS: dict[str, int] = {
    "easy": 0,
    "endorsements": 1,
    "applications": 2,
    "references": 3,
    "payments": 3,
    "reviews": 4,
    "exams": 5,
    "renewals": 5,
}


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: list[str]):
    """(line, imported module) for every import that runs, at any depth."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield node.lineno, module
        stack.extend(ast.iter_child_nodes(node))


def upward_imports(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name[:-1]
        for line, module in _imports(ast.parse(path.read_text(), str(path)), package):
            top = module.split(".")[0]
            if LAYERS.get(top, -1) > LAYERS[app]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("app", list(LAYERS))
def test_no_module_imports_from_a_layer_above(app):
    assert upward_imports(app) == []


def test_the_check_sees_imports_inside_functions_and_relative_ones():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from reviews.models import Review\n"
        "def f():\n"
        "    from reviews import services\n"
        "    import exams.models\n"
    )
    tree = ast.parse(source)
    assert sorted(m for _, m in _imports(tree, ["applications"])) == [
        "exams.models",
        "reviews",
        "typing",
    ]
    relative = ast.parse("from ..models import Application\nfrom . import forms\n")
    # In the package applications.views: ``..`` is applications, ``.`` the package itself.
    assert sorted(m for _, m in _imports(relative, ["applications", "views"])) == [
        "applications.models",
        "applications.views",
    ]
