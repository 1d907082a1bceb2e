"""What each person should do next, per role. Each later part of the portal adds its own items.

``panels_for(user)`` returns one panel per role the person holds, each a heading and a list of
next steps (text and link). Apps register a function per role with ``register``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from .enums import Role


@dataclass
class Step:
    text: str
    url: str = ""
    urgent: bool = False
    #: A share done (0-100) shown as a progress bar, and lines shown under the step.
    percent: int | None = None
    details: tuple[str, ...] = ()


@dataclass
class Panel:
    role: str
    title: str
    association: object = None
    steps: list[Step] = field(default_factory=list)
    empty_text: str = ""


_providers: dict[str, list[Callable]] = {}


def register(role: str) -> Callable:
    """Decorator: ``fn(user, association) -> list[Step]`` adds steps to a role's panel."""

    def decorate(fn: Callable) -> Callable:
        _providers.setdefault(role, []).append(fn)
        return fn

    return decorate


_TITLES = {
    Role.COORDINATOR: _("Coordinator"),
    Role.REVIEWER: _("Reviewer"),
    Role.ADVISOR: _("Advisor"),
    Role.EXAM_GRADER: _("Exam grader"),
    Role.ASSOCIATION_ADMIN: _("Association administrator"),
}
_EMPTY = {
    Role.COORDINATOR: _("Nothing is waiting for you."),
    Role.REVIEWER: _("No application is assigned to you for review."),
    Role.ADVISOR: _("No applicant is assigned to you."),
    Role.EXAM_GRADER: _("No exam essay is waiting to be graded."),
    Role.ASSOCIATION_ADMIN: _("Nothing is waiting for you."),
}


def applicant_panel(user) -> Panel:
    panel = Panel(
        role=Role.APPLICANT,
        title=_("Your endorsement"),
        empty_text=_("You have not started an application yet."),
    )
    for fn in _providers.get(Role.APPLICANT, []):
        panel.steps.extend(fn(user, None))
    if not user.full_name:
        panel.steps.insert(
            0,
            Step(_("Add your full name and mailing address to your profile."), reverse("profile")),
        )
    return panel


def panels_for(user) -> list[Panel]:
    """The person's panels. Staff whose session has not used a second factor see only their
    own panel and the way to the second factor: role panels name other people."""
    from .permissions import is_mfa_enabled, needs_second_factor

    panels = [applicant_panel(user)]
    if needs_second_factor(user):
        title = _("Set up two-step sign-in")
        if is_mfa_enabled(user):
            title = _("Confirm two-step sign-in")
            step = Step(
                _(
                    "Your staff pages need the second factor in this session. Enter a code from "
                    "your authenticator app to open them."
                ),
                reverse("mfa_reauthenticate"),
                urgent=True,
            )
        else:
            step = Step(
                _(
                    "Your staff role needs a second factor (an authenticator app or a "
                    "passkey). Set it up before you can open staff pages."
                ),
                reverse("mfa_index"),
                urgent=True,
            )
        panels.insert(0, Panel(role="security", title=title, steps=[step]))
        return panels
    assignments = sorted(
        user.role_assignments.select_related("association"),
        key=lambda ra: (ra.association.name, ra.role),
    )
    for ra in assignments:
        if ra.role == Role.APPLICANT:
            continue
        panel = Panel(
            role=ra.role,
            title=f"{_TITLES.get(ra.role, ra.role)} — {ra.association}",
            association=ra.association,
            empty_text=_EMPTY.get(ra.role, ""),
        )
        for fn in _providers.get(ra.role, []):
            panel.steps.extend(fn(user, ra.association))
        if ra.role == Role.ASSOCIATION_ADMIN:
            panel.steps.append(
                Step(
                    _("Manage who holds which role"),
                    reverse("association_people", args=[ra.association.code]),
                )
            )
        panels.append(panel)
    return panels
