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
    from .permissions import needs_second_factor

    panels = [applicant_panel(user)]
    if needs_second_factor(user):
        panels.insert(
            0,
            Panel(
                role="security",
                title=_("Set up two-step sign-in"),
                steps=[
                    Step(
                        _(
                            "Your staff role needs a second factor (an authenticator app or a "
                            "passkey). Set it up before you can open staff pages."
                        ),
                        reverse("mfa_index"),
                        urgent=True,
                    )
                ],
            ),
        )
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
