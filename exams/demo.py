"""Demo exam (``make run``): a Mentor applicant approved to sit the exam, a demo exam week
three weeks ahead, an infant Mentor question bank (66 sample items, a 60-item blueprint) and a
vignette with its rubric per designation; the association administrator also keeps the bank.
Idempotent: what exists is left alone."""

import datetime as dt

DEMO_CANDIDATE = ("mentor@demo.test", "Mona Mentor", "IMHM-C")


def load(ctx) -> None:
    from django.utils import timezone

    from applications import services as application_services
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from easy.accounts.enums import Role
    from easy.accounts.management.commands.load_demo import ensure_user
    from easy.accounts.models import RoleAssignment
    from endorsements.models import Category, ExamWeek

    from . import services

    association = ctx.association
    admin = ctx.users.get("admin@demo.test")
    if admin is not None:
        RoleAssignment.objects.get_or_create(
            user=admin, association=association, role=Role.EXAM_ADMINISTRATOR
        )
    _bank()
    start = timezone.localdate() + dt.timedelta(days=21)
    ExamWeek.objects.get_or_create(
        association=association,
        name="Demo exam week",
        defaults={"starts_on": start, "ends_on": start + dt.timedelta(days=4)},
    )
    email, name, code = DEMO_CANDIDATE
    user = ensure_user(email, name)
    ctx.users[email] = user
    if Application.objects.filter(applicant=user, association=association).exists():
        return
    category = Category.objects.get(code=code)
    # Through the applicant's portal's services, as a real applicant gets there (the demo's
    # timeline is the product's; tests/test_status_writes.py).
    application = application_services.start_registration(
        user, association, category, {}, actor=user
    )
    S = ApplicationStatus
    for status in (S.REGISTERED, S.IN_PROGRESS, S.SUBMITTED, S.IN_REVIEW, S.APPROVED_TO_SIT_EXAM):
        application_services.transition(
            application, status, actor=None, actor_label="demo", notify=False
        )
    services.open_approval(application)


def _bank() -> None:
    from endorsements.models import CompetencyArea

    from . import services
    from .enums import ItemStatus
    from .models import Blueprint, Item

    if Item.objects.exists():
        return
    areas = list(CompetencyArea.objects.filter(family="infant", for_mentors=True))
    if len(areas) != 11:
        return
    for area in areas:
        for n in range(1, 7):
            item = services.save_item(
                None,
                services.ItemData(
                    family="infant",
                    area=area,
                    stem=f"Sample question {n} on {area.name}: which response fits best?",
                    options=[
                        f"A response that fits {area.name.lower()} ({n})",
                        f"A response that ignores the relationship ({n})",
                        f"A response that skips the family's culture ({n})",
                        f"A response outside the practitioner's role ({n})",
                    ],
                    key=0,
                ),
                actor=None,
            )
            services.transition_item(item, ItemStatus.ACTIVE, actor=None)
    if not Blueprint.objects.exists():
        services.save_blueprint(
            "infant",
            True,
            "Infant Mentor (demo)",
            {a: (6 if i < 5 else 5) for i, a in enumerate(areas)},
            actor=None,
        )
    for designation, label in (("C", "Clinical"), ("P", "Policy"), ("RF", "Research/Faculty")):
        vignette = services.save_vignette(
            None,
            family="infant",
            designation=designation,
            title=f"Demo vignette ({label})",
            text=(
                "A home visitor tells you that a young mother of a 7-month-old has stopped "
                "answering her calls after a child-protection report. Describe what you would "
                "do next, and why, from your role."
            ),
            criteria=[
                ("Names the relationships at stake", 5, None),
                ("Reflects on their own reactions", 5, None),
                ("Plans next steps that fit the role", 5, None),
            ],
            actor=None,
        )
        services.transition_item(vignette, ItemStatus.ACTIVE, actor=None)
