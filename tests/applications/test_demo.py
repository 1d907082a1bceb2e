from applications import demo
from applications.enums import ApplicationStatus as S
from applications.models import Application
from easy.accounts.management.commands.load_demo import DemoContext, ensure_user


def test_demo_creates_applications_in_several_states_once(catalog, association):
    ctx = DemoContext(association=association)
    ctx.users["applicant@demo.test"] = ensure_user("applicant@demo.test", "Avery Applicant")
    ctx.users["advisor@demo.test"] = ensure_user("advisor@demo.test", "Alex Advisor")

    demo.load(ctx)
    demo.load(ctx)

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


def test_demo_without_a_catalog_does_nothing(association):
    demo.load(DemoContext(association=association))

    assert Application.objects.count() == 0
