"""One question for every workflow: may this object move to that status now?

Each app answers it for its own models with ``<app>.services.can_transition(obj, to)`` (from
the allowed-changes table beside its status enum) and registers that function here when it
starts, so that templates ask one filter (``{% load workflow %}``, ``obj|can_transition:"x"``)
instead of repeating lists of statuses, and the platform imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_checks: dict[type, Callable[[Any, str], bool]] = {}


def register(model: type, check: Callable[[Any, str], bool]) -> None:
    _checks[model] = check


def can_transition(obj: Any, to: str) -> bool:
    """What the app owning ``obj`` answers; False for an object of no registered workflow."""
    for klass in type(obj).__mro__:
        check = _checks.get(klass)
        if check is not None:
            return check(obj, to)
    return False
