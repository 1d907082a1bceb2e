from applications import demo
from applications.enums import ApplicationStatus as S
from applications.models import Application
from easy.accounts.management.commands.load_demo import DemoContext, ensure_user
from easy.audit.models import AuditEvent
from references import demo as references_demo
from references.enums import ReferenceStatus


def test_demo_creates_applications_in_several_states_once(catalog, association):
    ctx = DemoContext(association=association)
    ctx.users["applicant@demo.test"] = ensure_user("applicant@demo.test", "Avery Applicant")
    ctx.users["advisor@demo.test"] = ensure_user("advisor@demo.test", "Alex Advisor")

    for _ in range(2):
        demo.load(ctx)
        references_demo.load(ctx)  # the raters answer; the complete ones are submitted

    rows = dict(Application.objects.values_list("applicant__email", "status"))
    assert rows == {
        "applicant@demo.test": S.IN_PROGRESS,
        "registering@demo.test": S.REGISTERING,
        "registered@demo.test": S.REGISTERED,
        "submitted@demo.test": S.SUBMITTED,
        "inreview@demo.test": S.SUBMITTED,
        "endorsed@demo.test": S.SUBMITTED,
    }
    advised = Application.objects.get(applicant__email="applicant@demo.test")
    assert advised.advisor.email == "advisor@demo.test"
    assert advised.rsc_sessions.count() == 6
    submitted = Application.objects.get(applicant__email="submitted@demo.test")
    # The product's own path: each change of status went through the transition function.
    assert [
        (e.data["from"], e.data["to"])
        for e in AuditEvent.objects.filter(
            action="application.transition", object_id=str(submitted.uuid)
        ).order_by("id")
    ] == [
        ("registering", "registered"),
        ("registered", "in_progress"),
        ("in_progress", "submitted"),
    ]
    reference = submitted.references.get()
    assert reference.status == ReferenceStatus.SUBMITTED
    assert reference.invitation.rating.counts is True


def test_demo_without_a_catalog_does_nothing(association):
    demo.load(DemoContext(association=association))

    assert Application.objects.count() == 0
