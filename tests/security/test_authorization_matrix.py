"""Every route, every role, GET and POST: against ONE table of expected outcomes.

The routes come from the URL resolver (the admin counts as one route, allauth's sign-in pages as
one). A route without a row in ``EXPECTED`` fails. The URL arguments come from one seeded world:
an application in progress (rows, a document, raters, one invited), one in review (an assigned,
a declined review and a decision), payments, a fee schedule, a coupon, a saved filter.

Each cell runs in a savepoint that is rolled back, so a POST that changes something leaves the
world as it was for the next cell.

Roles (one letter each, used in the table):

    Z anonymous                    O owner (applicant)            P another applicant
    A advisor of the application   B another advisor              V assigned reviewer
    U unassigned reviewer          D reviewer who declined        G exam grader
    C coordinator                  K coordinator elsewhere        X association admin elsewhere
    N coordinator here, session without a second factor
    S superuser, session without a second factor

A rule is ``R(get, post)``; each is a list of ``outcome:letters`` tokens (a bare ``letters``
token means ``ok``). ``*`` is every role, ``T`` every staff role with a second factor
(ABVUDGCKX), ``E`` everyone signed in, ``W`` everyone signed in but N and S. A role a rule does not name gets the default: Z is sent
to sign in (``login``), N and S are asked for the second factor (``mfa``), everyone else gets
``404``. Outcomes: ok (2xx, or a redirect anywhere but sign-in or the second factor), login,
mfa, 403, 404, 405.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.enums import ApplicationStatus, SignatureKind
from easy.accounts.enums import Role
from endorsements.queries import competency_areas_for
from payments import services as payment_services
from payments.enums import FeeKind
from references import services as reference_services
from references.enums import ReferenceStatus
from reviews import services as review_services
from reviews.enums import Recommendation, ReviewStatus
from reviews.models import Decision
from tests.conftest import SignInClient
from tests.factories.accounts import AssociationFactory, UserFactory, staff, with_role
from tests.factories.applications import ApplicationFactory, ReferenceFactory
from tests.factories.payments import CouponFactory, offline_payment, wisconsin_fees
from tests.factories.references import invitation_for
from tests.factories.reviews import assign, load_catalog, submitted_application

ROLES = "ZOPABVUDGCKXNS"
STAFF = "ABVUDGCKX"
MISSING = uuid.UUID(int=1)  # an object that does not exist: everyone is denied


@dataclass(frozen=True)
class R:
    get: str = ""
    post: str = ""
    kw: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # what the POST sends (a valid form where needed)

    def expected(self, method: str) -> dict[str, str]:
        cells = {r: ("login" if r == "Z" else "mfa" if r in "NS" else "404") for r in ROLES}
        for token in (self.get if method == "GET" else self.post).split():
            outcome, _, letters = token.rpartition(":")
            letters = (
                letters.replace("*", ROLES)
                .replace("T", STAFF)
                .replace("E", ROLES[1:])
                .replace("W", ROLES[1:-2])
            )
            for letter in letters:
                cells[letter] = outcome or "ok"
        return cells


# Shorthands for the most common shapes.
GET_ONLY_APP = "405:OAC"  # an application page: its readers get 405 for POST, others as GET
STAFF_GET_ONLY = "405:T"  # staff_required then GET only: any staff member gets 405 for POST

# fmt: off
EXPECTED: dict[str, R] = {
    # --- platform -------------------------------------------------------------------------------
    "home": R("*", "405:*"),
    "health": R("*", "405:*"),
    "document": R("404:*", "405:*", kw={"token": "not-a-token"}),
    "allauth": R("*", "*"),
    "set_language": R("*", "*"),  # Django's language switch: public, redirects back
    # Nobody here is a site operator with a second factor: signed-in people without Django's
    # staff flag get 403; the superuser is asked for the second factor.
    "admin": R("403:OPABVUDGCKXN", "403:OPABVUDGCKXN"),
    "dashboard": R("E", "405:E"),
    "profile": R("E", "E"),
    "association_people": R("", ""),  # only the administrators of WI; none among the roles
    "object_history": R(
        "C", STAFF_GET_ONLY, kw={"model": "references.reference", "object_id": "reference_id"}
    ),
    # --- catalog (staff calendar) --------------------------------------------------------------
    "endorsements:calendar": R("C", "404:C"),  # an empty POST names no kind of entry
    "endorsements:calendar_entry": R("", "", kw={"kind": "period", "uuid": MISSING}),
    "endorsements:calendar_delete": R("405:T", "", kw={"kind": "period", "uuid": MISSING}),
    # --- the applicant's application -----------------------------------------------------------
    "applications:index": R("E", "405:E"),
    "applications:start": R("E", "405:E"),
    "applications:register": R("E", "E"),
    "applications:fit": R("E", "405:E"),
    "applications:staff_list": R("C", STAFF_GET_ONLY),
    "applications:detail": R("OAC", GET_ONLY_APP),
    "applications:registration": R("OAC", "403:OAC"),
    "applications:pay": R("405:OAC", "O 403:AC", kw={"fee": "processing"}),
    "applications:submit": R("OAC", "O 403:AC"),
    "applications:withdraw": R("O 403:AC", "O 403:AC"),
    "applications:revise": R("405:OAC", "403:OAC"),
    "applications:status": R("OAC", GET_ONLY_APP),
    "applications:document": R("OAC", GET_ONLY_APP),
    "applications:delete_document": R("405:OAC", "O 403:AC"),
    "applications:comment": R(
        "405:OAC", "AC 403:O", data={"section": "education", "body": "Please add a transcript."}
    ),
    "applications:training_import": R("O 403:AC", "O 403:AC"),
    "applications:provides_rsc": R("405:OAC", "O 403:AC"),
    "applications:narrative": R("405:OAC", "O 403:AC"),
    "applications:sign": R("405:OAC", "O 403:AC", kw={"kind": "sign_kind"}),
    "applications:add_row": R("405:OAC", "O 403:AC", kw={"kind": "degree"}),
    "applications:edit_row": R("O 403:AC", "O 403:AC", kw={"kind": "degree"}),
    "applications:delete_row": R("405:OAC", "O 403:AC", kw={"kind": "degree"}),
    "applications:upload": R("405:OAC", "O 403:AC", kw={"kind": "degree"}),
    # In place (htmx): a row as shown (Cancel) and one field's check; the applicant's only.
    "applications:show_row": R("O", "405:O", kw={"kind": "degree"}),
    "applications:check_field": R("405:O", "O", kw={"kind": "degree", "field": "institution"}),
    "applications:manage": R("C 403:OA", GET_ONLY_APP),
    "applications:approve": R("405:OAC", "403:OAC"),
    "applications:assign_advisor": R("405:OAC", "C 403:OA"),
    "applications:attach_transcript": R("405:OAC", "C 403:OA"),
    "applications:section": R("OAC", GET_ONLY_APP, kw={"section": "education"}),
    # --- raters ---------------------------------------------------------------------------------
    "references:rate": R("*", "*"),
    "references:decline": R("*", "*"),
    # The method is checked before the person: a wrong method is 405 for everyone.
    "references:list": R("OAC", "405:*"),
    "references:staff": R("C 403:OA", "405:*"),
    "references:invite": R("405:*", "O 403:AC"),  # invited already: the owner is told so
    "references:resend": R("405:*", "OC 403:A"),
    "references:copy_link": R("405:*", "C 403:OA"),  # never the applicant (issue 10.4)
    "references:replace": R("O 403:AC", "O 403:AC"),
    "references:deadline": R("405:*", "C 403:OA"),
    "references:vet": R("405:*", "C 403:OA"),
    # --- payments -------------------------------------------------------------------------------
    "payments:my_payments": R("E", "405:E"),
    "payments:stripe_webhook": R("405:*", "ok:*"),  # signature checked; answers 400 → ok here
    # Signed in first, then the method (405 for anyone signed in), then the person.
    "payments:payment_detail": R("OC", "405:E"),
    "payments:receipt": R("OC", "405:E", kw={"payment_uuid": "paid"}),
    "payments:payment_return": R("OC", "405:E"),
    "payments:payment_status": R("OC", "405:E"),
    "payments:test_checkout": R("O 404:C", "O 404:C"),
    "payments:refund": R("405:E", "C 403:O", kw={"payment_uuid": "paid"}),
    "payments:staff_payments": R("C", STAFF_GET_ONLY),
    "payments:staff_payments_csv": R("C", STAFF_GET_ONLY),
    "payments:record_offline": R("C", "C"),
    "payments:fee_schedules": R("C", STAFF_GET_ONLY),
    "payments:fee_schedule_new": R("C", "C"),
    "payments:fee_schedule_edit": R("C", "C"),
    "payments:coupons": R("C", STAFF_GET_ONLY),
    "payments:coupon_new": R("C", "C"),
    "payments:coupon_edit": R("C", "C"),
    # --- review ---------------------------------------------------------------------------------
    "reviews:queue": R("C", STAFF_GET_ONLY),
    "reviews:export": R("C", STAFF_GET_ONLY),
    "reviews:save_filter": R("405:T", "C"),
    "reviews:delete_filter": R("405:T", "C", kw={"uuid": "filter"}),
    "reviews:pool": R("C", "C"),
    "reviews:reviewer_profile": R("C", "C"),
    "reviews:application": R("C", STAFF_GET_ONLY, kw={"uuid": "reviewed"}),
    "reviews:accept": R("405:T", "C", kw={"uuid": "reviewed"}),
    "reviews:return": R("405:T", "C", kw={"uuid": "reviewed"}),
    "reviews:assign": R("405:T", "C", kw={"uuid": "reviewed"}),
    "reviews:decide": R("405:T", "C", kw={"uuid": "reviewed"}),
    "reviews:due_date": R("405:T", "C", kw={"uuid": "reviewed"}),
    "reviews:mine": R("T", STAFF_GET_ONLY),
    "reviews:review": R("V", "V", kw={"uuid": "review"}),
    "reviews:decline": R("405:T", "V", kw={"uuid": "review"}),
    "reviews:packet": R("V", STAFF_GET_ONLY, kw={"uuid": "review"}),
    "reviews:packet_pdf": R("V", STAFF_GET_ONLY, kw={"uuid": "review"}),
    "reviews:document": R("V", STAFF_GET_ONLY, kw={"uuid": "review", "document": "reviewed_doc"}),
    "reviews:decision": R("OC", "405:E", kw={"uuid": "reviewed"}),
    "reviews:report": R("C", STAFF_GET_ONLY, kw={"section": "pipeline"}),
    "reviews:report_csv": R("C", STAFF_GET_ONLY, kw={"section": "pipeline"}),
    "reviews:alliance_report": R("", STAFF_GET_ONLY),
    "reviews:alliance_report_csv": R("", STAFF_GET_ONLY, kw={"section": "pipeline"}),
    # --- rows added for routes of other parts (objects not in this world: MISSING) -------------
    # Endorsement holders and the public register.
    "endorsements:mine": R("E", "405:E"),
    "endorsements:registry_profile": R("E", "E"),
    "endorsements:certificate": R("404:E", "405:E", kw={"uuid": MISSING}),
    "endorsements:letter": R("404:E", "405:E", kw={"uuid": MISSING}),
    "endorsements:credential": R("404:E", "405:E", kw={"uuid": MISSING}),
    "endorsements:transfer_request": R("404:E", "404:E", kw={"uuid": MISSING}),
    "endorsements:endorsees": R("ABVUDGC", STAFF_GET_ONLY),
    "endorsements:revoke": R("", "", kw={"uuid": MISSING}),
    "endorsements:transfers": R("C", "404:C"),
    "endorsements:logo": R("", ""),
    "endorsements:import_start": R("C", "C"),
    "endorsements:import_map": R("", "", kw={"uuid": MISSING}),
    "endorsements:import_check": R("", "", kw={"uuid": MISSING}),
    "endorsements:import_progress": R("", STAFF_GET_ONLY, kw={"uuid": MISSING}),
    "public:verify_search": R("*", "405:*"),
    "public:verify_credential": R("*", "*"),
    "public:verify_json": R("404:*", "405:*", kw={"number": "NO-SUCH-NUMBER"}),
    "public:verify": R("404:*", "405:*", kw={"number": "NO-SUCH-NUMBER"}),
    "public:registry": R("*", "405:*"),
    "public:issuer": R("*", "405:*"),
    "public:issuer_key": R("404:*", "405:*"),  # no signing key in the test settings
    "public:status_list": R("404:*", "405:*"),
    "public:association_logo": R("404:*", "405:*"),  # the test association has no logo
    # Exams.
    "exams:home": R("E", "405:E"),
    "exams:approval": R("404:E", "404:E", kw={"uuid": MISSING}),
    "exams:registration": R("404:E", "404:E", kw={"uuid": MISSING}),
    "exams:sitting": R("404:E", "405:E", kw={"uuid": MISSING}),
    "exams:start": R("405:E", "404:E", kw={"uuid": MISSING}),
    "exams:answer": R("405:E", "404:E", kw={"uuid": MISSING}),
    "exams:submit": R("405:E", "404:E", kw={"uuid": MISSING}),
    "exams:clock": R("404:E", "405:E", kw={"uuid": MISSING}),
    "exams:gradings": R("T", STAFF_GET_ONLY),
    "exams:grade": R("", "", kw={"uuid": MISSING}),
    "exams:staff": R("C", STAFF_GET_ONLY),
    "exams:staff_settings": R("405:T", "C"),
    "exams:staff_extend": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_renewal": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_accommodation": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_retake": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_confirm": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_assign": R("405:T", "", kw={"uuid": MISSING}),
    "exams:staff_start_code": R("405:T", "", kw={"uuid": MISSING}),
    "exams:bank": R("", ""),
    "exams:item_new": R("", ""),
    "exams:item": R("", "", kw={"uuid": MISSING}),
    "exams:vignette_new": R("", ""),
    "exams:vignette": R("", "", kw={"uuid": MISSING}),
    "exams:blueprint": R("", ""),
    "exams:import": R("", ""),
    "exams:export": R("", ""),
    "exams:statistics": R("", "", kw={"uuid": MISSING}),
    # Renewals.
    "renewals:mine": R("E", "405:E"),
    "renewals:start": R("405:E", "E", kw={"code": "NO-SUCH-CODE"}),  # told: nothing to renew
    "renewals:detail": R("404:W", "405:E", kw={"uuid": MISSING}),
    "renewals:answers": R("405:E", "404:W", kw={"uuid": MISSING}),
    "renewals:sign": R("405:E", "404:W", kw={"uuid": MISSING}),
    "renewals:add_entry": R("405:E", "404:W", kw={"uuid": MISSING, "kind": "training"}),
    "renewals:pay": R("405:E", "404:W", kw={"uuid": MISSING, "fee": "renewal"}),
    "renewals:submit": R("405:E", "404:W", kw={"uuid": MISSING}),
    "renewals:proof": R("405:E", "404:W", kw={"uuid": MISSING}),
    "renewals:decide": R("405:E", "404:W", kw={"uuid": MISSING}),
    "renewals:archive": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:inactive": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:reinstate": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:reinstatement": R("404:E", "405:E", kw={"uuid": MISSING}),
    "renewals:reinstatement_pay": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:reinstatement_decide": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:reinstatement_submit": R("405:E", "404:E", kw={"uuid": MISSING}),
    "renewals:queue": R("C", STAFF_GET_ONLY),
    "renewals:export": R("C", STAFF_GET_ONLY),
    "renewals:settings": R(
        "C",
        "C",
        data={
            "opens_on": "2026-10-01",
            "deadline": "2026-12-31",
            "grace_ends_on": "2027-01-31",
            "auto_approve": "on",
            "audit_percent": "10",
            "archive_reactivation_years": "2",
            "inactive_max_years": "2",
        },
    ),
    # Background files (exports, imports).
    "jobs:progress": R("404:W", "405:E", kw={"uuid": MISSING}),
    "jobs:status": R("404:W", "405:E", kw={"uuid": MISSING}),
    "jobs:download": R("404:W", "405:E", kw={"uuid": MISSING}),
}
# fmt: on


# --- the world ----------------------------------------------------------------------------------


@dataclass
class World:
    clients: dict
    kwargs: dict


def _build_world() -> World:
    load_catalog()
    wi = AssociationFactory(code="WI-AIMH", name="Wisconsin Alliance for Infant Mental Health")
    wa = AssociationFactory(code="WA-AIMH", name="Washington Association for Infant Mental Health")
    wisconsin_fees(wi)
    owner = UserFactory(full_name="Olive Owner")
    other = UserFactory(full_name="Pat Other")
    advisor = staff(wi, Role.ADVISOR, full_name="Abe Advisor")
    other_advisor = staff(wi, Role.ADVISOR)
    reviewer = staff(wi, Role.REVIEWER, full_name="Vera Reviewer")
    unassigned = staff(wi, Role.REVIEWER)
    declined = staff(wi, Role.REVIEWER, full_name="Dora Decliner")
    grader = staff(wi, Role.EXAM_GRADER)
    coordinator = staff(wi)
    other_coordinator = staff(wa)
    other_admin = staff(wa, Role.ASSOCIATION_ADMIN)
    dormant = staff(wi)
    superuser = UserFactory(is_superuser=True, is_staff=True)

    # The person's log (rows, documents) is the owner's, shared by both applications.
    reviewed = submitted_application(
        wi, status=ApplicationStatus.IN_REVIEW, applicant=owner, advisor=advisor
    )
    app = ApplicationFactory(association=wi, applicant=owner, advisor=advisor)
    ApplicationFactory(association=wi, applicant=other)
    invited = ReferenceFactory(application=app, rater_name="Rita Rater")
    invitation = invitation_for(invited, status=ReferenceStatus.INVITED)
    token = reference_services.copy_link(invitation, actor=coordinator)
    review = assign(reviewed, reviewer)
    assign(reviewed, declined, status=ReviewStatus.DECLINED)
    Decision.objects.create(
        application=reviewed,
        version=reviewed.version,
        outcome=Recommendation.ENDORSE,
        decided_by=coordinator,
    )
    paid = offline_payment(owner, wi, coordinator)
    pending = payment_services.start_payment(
        payer=owner,
        association=wi,
        fee_kind=FeeKind.REGISTRATION,
        category_code="",
        purpose=app,
        success_url="/apply/",
        cancel_url="/apply/",
        actor=owner,
    ).payment
    schedule = wi.fee_schedules.first()
    coupon = CouponFactory(association=wi)
    saved = review_services.save_filter(coordinator, wi, "mine", "status=submitted")
    with_role(owner, wi, Role.APPLICANT)

    people = {
        "O": owner, "P": other, "A": advisor, "B": other_advisor, "V": reviewer,
        "U": unassigned, "D": declined, "G": grader, "C": coordinator, "K": other_coordinator,
        "X": other_admin, "N": dormant, "S": superuser,
    }  # fmt: skip
    clients = {"Z": SignInClient()}
    for letter, person in people.items():
        client = SignInClient()
        client.force_login(person, second_factor=letter not in "NS")
        clients[letter] = client
    kwargs = {
        "uuid": app.uuid,
        "reviewed": reviewed.uuid,
        "review": review.uuid,
        "filter": saved.uuid,
        "code": wi.code,
        "fee": "processing",
        "document": owner.documents.first().uuid,
        "reviewed_doc": owner.documents.first().uuid,
        "area": competency_areas_for(app.category)[0].code,
        "sign_kind": SignatureKind.values[0],
        "kind": "degree",
        "row": app.degrees.first().uuid,
        "section": "education",
        "reference": invited.uuid,
        "user": reviewer.uuid,
        "token": token,
        "payment_uuid": pending.uuid,
        "paid": paid.uuid,
        "schedule_uuid": schedule.uuid,
        "coupon_uuid": coupon.uuid,
        "model": "applications.application",
        "object_id": str(app.uuid),
        "reference_id": str(invited.uuid),
        "mentors": "no",
        "family": "infant",
        "purpose": "revocation",
        "action": "approve",
        "fmt": "csv",
    }
    return World(clients=clients, kwargs=kwargs)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the routes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    pattern: URLPattern | None
    params: tuple[str, ...]


def _routes() -> list[Route]:
    found: dict[str, Route] = {}

    def walk(patterns, namespace: str | None = None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                if p.app_name == "admin":
                    found["admin"] = Route("admin", None, ())
                elif module.startswith("allauth"):
                    found["allauth"] = Route("allauth", None, ())
                else:
                    ns = ":".join(filter(None, [namespace, p.namespace])) or None
                    walk(p.url_patterns, ns)
            elif p.name:
                key = f"{namespace}:{p.name}" if namespace else p.name
                found.setdefault(key, Route(key, p, tuple(p.pattern.converters)))

    walk(get_resolver().url_patterns)
    return list(found.values())


ROUTES = _routes()


def _url(route: Route, world: World) -> str:
    if route.key == "admin":
        return reverse("admin:index")
    if route.key == "allauth":
        return reverse("account_login")
    rule = EXPECTED[route.key]
    values = {}
    for name in route.params:
        wanted = rule.kw.get(name, name)
        if isinstance(wanted, uuid.UUID):
            values[name] = wanted
        else:
            values[name] = world.kwargs.get(wanted, MISSING if "uuid" in name else wanted)
    return reverse(route.key, kwargs=values)


_LOGIN = {"/accounts/login/", "/admin/login/"}
_MFA = {"/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/2fa/reauthenticate/"}


def _outcome(client, method: str, url: str, data: dict | None = None) -> str:
    response = client.get(url) if method == "GET" else client.post(url, data)
    code = response.status_code
    if code in (301, 302, 303):
        location = urlparse(response["Location"])
        if location.path == "/admin/login/":
            # The admin first sends everyone to its login view, which sends them on.
            return _outcome(client, "GET", response["Location"])
        if location.path in _LOGIN:
            return "login"
        if location.path in _MFA:
            return "mfa"
        return "ok"
    if code in (403, 404, 405):
        return str(code)
    if code >= 500:
        return f"server error {code}"
    return "ok"


def test_every_route_has_a_row():
    missing = sorted(r.key for r in ROUTES if r.key not in EXPECTED)
    stale = sorted(set(EXPECTED) - {r.key for r in ROUTES})
    assert missing == [], "routes without an expected outcome in EXPECTED"
    assert stale == [], "rows for routes that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_route_answers_each_role_as_the_table_says(route, world):
    if route.key not in EXPECTED:
        pytest.fail(f"{route.key} has no row in EXPECTED")
    url = _url(route, world)
    rule = EXPECTED[route.key]
    wrong = []
    for method in ("GET", "POST"):
        expected = rule.expected(method)
        for role in ROLES:
            cache.clear()  # public pages count requests per address
            with transaction.atomic():
                actual = _outcome(world.clients[role], method, url, rule.data)
                transaction.set_rollback(True)
            if actual != expected[role]:
                wrong.append(f"{method} {role}: expected {expected[role]}, got {actual}")
    assert not wrong, f"{route.key} {url}: " + "; ".join(wrong)
