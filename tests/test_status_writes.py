"""No module writes the status of another app's object; every workflow of the portal
(application, reference, payment, review, endorsement and its transfers and imports, the exam's
approvals, items, registrations, sittings and gradings, renewal and reinstatement) writes its
statuses only in its app's services, through the app's transition function. A new object may
be created in its first status (``Model.objects.create(status=...)``): that changes nothing.

Every module of every app is read (not imported) and each place that writes a ``status`` is
listed: an assignment to ``<obj>.status``, ``status=`` given to ``update``/``create``/
``get_or_create``/``update_or_create``, ``"status"`` in a ``bulk_update`` or as a key of a dict
of fields to save (``fields = {"status": ...}``), ``setattr(obj, "status", ...)``. Not counted:
a status given to a class by its name (``JsonResponse(status=404)``, the rules' dataclasses, a
``Q(status=...)`` filter), and the attributes of ``NOT_A_MODEL``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["easy", "endorsements", "applications", "references", "payments", "reviews", "exams"]
APPS += ["renewals"]
WRITING_CALLS = {"update", "create", "get_or_create", "update_or_create"}
#: Names of a dict of fields about to be saved (``fields = {"status": to, ...}``).
FIELD_DICTS = {"fields", "changes", "updates"}

#: The object a variable of this name holds, and the app owning its status.
OWNERS = {
    "application": "applications",
    "reference": "references",
    "review": "reviews",
    "payment": "payments",
    "endorsement": "endorsements",
    "transfer": "endorsements",
    "sitting": "exams",
    "approval": "exams",
    "registration": "exams",
    "grading": "exams",
    "renewal": "renewals",
    "reinstatement": "renewals",
}
#: The workflows whose every change goes through their transition function (``transition_many``
#: for the references' periodic job: one UPDATE, the same checks and audit rows; the exam's
#: ``transition_*`` functions share ``move``; the renewals' ``transition`` hands the write to
#: one helper per model).
ONE_FUNCTION = {
    "applications": {"transition"},
    "references": {"transition", "transition_many"},
    "payments": {"transition"},
    "reviews": {"transition"},
    "endorsements": {"transition", "transition_transfer", "transition_import"},
    "exams": {"move"},
    "renewals": {"_renewal", "_reinstatement"},
}
#: Writes of a ``status`` attribute on something that is not a model, with the reason.
NOT_A_MODEL = {
    ("endorsements/imports.py", "read_rows"): "a spreadsheet row being read (a dataclass)",
}


def _function(stack: list[ast.AST]) -> str:
    for node in reversed(stack):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return "<module>"


def _root(func: ast.expr) -> str:
    """The model named at the start of a query (``Reference.objects.filter(...).update``), or
    "?" when the query comes from a variable."""
    node = func
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    if isinstance(node, ast.Name) and node.id[:1].isupper():
        return node.id
    return "?"


def _written(node: ast.AST) -> str | None:
    """What the node writes the status of ("reference", "?" when unknown), or None."""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if (
            isinstance(node.value, ast.Dict)
            and any(isinstance(t, ast.Name) and t.id in FIELD_DICTS for t in targets)
            and any(isinstance(k, ast.Constant) and k.value == "status" for k in node.value.keys)
        ):
            return "?"
        for target in targets:
            for e in ast.walk(target):
                if (
                    isinstance(e, ast.Attribute)
                    and e.attr == "status"
                    and isinstance(e.ctx, ast.Store)
                ):
                    return ast.unparse(e.value).split(".")[-1]
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in WRITING_CALLS and any(
            k.arg == "status" or (k.arg == "defaults" and "'status'" in ast.unparse(k.value))
            for k in node.keywords
        ):
            return _root(node.func)
        if node.func.attr == "bulk_update" and "'status'" in ast.unparse(node):
            return _root(node.func)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) > 1
        and ast.unparse(node.args[1]) == "'status'"
    ):
        return ast.unparse(node.args[0]).split(".")[-1]
    return None


def _is_creation(node: ast.AST) -> bool:
    """``Model.objects.create(status=...)``: a new object in its first status."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "create"
    )


def status_writes(*, changes_only: bool = False) -> list[tuple[str, str, int, str]]:
    """(module, function, line, object) of every status write in the apps (``changes_only``:
    leaving out the creation of new objects in their first status)."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = path.relative_to(ROOT).as_posix()

            def visit(node, stack, module=module):
                if (
                    (obj := _written(node)) is not None
                    and (module, _function(stack)) not in NOT_A_MODEL
                    and not (changes_only and _is_creation(node))
                ):
                    found.append((module, _function(stack), node.lineno, obj))
                for child in ast.iter_child_nodes(node):
                    visit(child, [*stack, node])

            visit(ast.parse(path.read_text(), module), [])
    return found


def _app(module: str) -> str:
    parts = module.split("/")
    return "/".join(parts[:2]) if parts[0] == "easy" else parts[0]


def _in_services(module: str) -> bool:
    parts = module.removesuffix(".py").split("/")
    return "services" in parts


def test_the_workflow_apps_write_statuses_only_in_their_services():
    assert [
        f"{module}:{line} {function}()"
        for module, function, line, _ in status_writes()
        if _app(module) in ONE_FUNCTION and not _in_services(module)
    ] == []


def test_no_app_writes_the_status_of_another_apps_object():
    strays = []
    for module, function, line, obj in status_writes():
        owner = OWNERS.get(obj.lower())
        if owner is not None and _app(module) != owner:
            strays.append(f"{module}:{line} {function}() writes {obj}.status")
    assert strays == []


def test_the_workflows_change_status_only_through_their_transition_function():
    strays = [
        f"{module}:{line} {function}()"
        for module, function, line, _ in status_writes(changes_only=True)
        if _app(module) in ONE_FUNCTION and function not in ONE_FUNCTION[_app(module)]
    ]
    assert strays == []


def test_the_check_finds_each_way_of_writing_a_status():
    source = (
        "def f(reference, qs):\n"
        "    reference.status = 'replaced'\n"
        "    qs.update(status='x')\n"
        "    Reference.objects.create(status='x')\n"
        "    setattr(reference, 'status', 'x')\n"
        "    fields = {'status': 'x'}\n"
        "    JsonResponse({}, status=400)\n"
    )
    written = [_written(n) for n in ast.walk(ast.parse(source))]
    assert sorted(w for w in written if w is not None) == [
        "?",
        "?",
        "Reference",
        "reference",
        "reference",
    ]


def test_creating_an_object_in_its_first_status_is_not_a_change():
    source = (
        "def f(qs):\n"
        "    Registration.objects.create(status='registered')\n"
        "    Registration.objects.filter(pk=1).update(status='cancelled')\n"
    )
    nodes = [n for n in ast.walk(ast.parse(source)) if _written(n) is not None]
    assert [_is_creation(n) for n in nodes] == [True, False]


#: Pages that ask the model (``payment.is_paid``, ``item.is_retired``) or ``can_transition``
#: instead of comparing status strings; the other apps' pages follow as they are reworked.
ASKING_PAGES = ("payments", "exams")


def test_payment_and_exam_pages_ask_the_model_instead_of_comparing_statuses():
    compares = re.compile(r"""\bstatus\s*(==|!=)|\bstatus\s+(not\s+)?in\s""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ASKING_PAGES
        for path in sorted((ROOT / "templates" / folder).rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if compares.search(line)
    ]
    assert found == []
