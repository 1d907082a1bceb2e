"""Demo reviewers (``make run``): the two demo reviewers get their own endorsements on file, so
that the coordinator can assign them to the submitted demo application. Idempotent."""

DEMO_REVIEWERS = [
    ("reviewer@demo.test", "IMHS", "Lakeshore Family Services"),
    ("reviewer2@demo.test", "IMHM-C", "Northwoods Infant Mental Health Clinic"),
]


def load(ctx) -> None:
    from .models import ReviewerProfile

    for email, category, employer in DEMO_REVIEWERS:
        user = ctx.users.get(email)
        if user is None:
            continue
        ReviewerProfile.objects.get_or_create(
            user=user,
            association=ctx.association,
            defaults={"category_code": category, "employer": employer},
        )
