"""Every view: the owner works; another applicant and another association's coordinator get 404;
the advisor reads and comments but gets 403 on writes; wrong methods get 405."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from easy.accounts.enums import Role
from tests.factories.accounts import UserFactory, staff
from tests.factories.applications import ApplicationFactory, RSCSessionFactory

READ_VIEWS = [
    ("detail", {}),
    ("registration", {}),
    ("status", {}),
    ("submit", {}),
    ("section", {"section": "education"}),
    ("section", {"section": "work"}),
    ("section", {"section": "training"}),
    ("section", {"section": "rsc"}),
    ("section", {"section": "leadership"}),
    ("section", {"section": "competencies"}),
    ("section", {"section": "membership"}),
    ("section", {"section": "references"}),
    ("section", {"section": "signatures"}),
]


@pytest.fixture
def people(application, advisor, coordinator, other_association):
    stranger = UserFactory()
    ApplicationFactory(applicant=stranger, association=application.association)
    return {
        "owner": application.applicant,
        "stranger": stranger,
        "advisor": advisor,
        "manager": coordinator,
        "other_coordinator": staff(other_association),
        "unassigned_advisor": staff(application.association, Role.ADVISOR),
    }


@pytest.fixture
def session(application):
    return RSCSessionFactory(application=application, date=dt.date(2024, 1, 5))


def url(name, application, **kwargs):
    return reverse(f"applications:{name}", kwargs={"uuid": application.uuid, **kwargs})


def write_views(application, session):
    """(name, kwargs, valid POST data) of every applicant write."""
    return [
        (
            "add_row",
            {"kind": "rsc"},
            {
                "rsc-date": "2024-02-05",
                "rsc-hours": "1",
                "rsc-format": "group",
                "rsc-provider_name": "Pat",
                "rsc-provider_endorsement": "IMHS",
                "rsc-provider_degree": "master",
            },
        ),
        (
            "edit_row",
            {"kind": "rsc", "row": session.uuid},
            {
                "rsc-date": "2024-01-05",
                "rsc-hours": "2",
                "rsc-format": "individual",
                "rsc-provider_name": "Pat",
                "rsc-provider_endorsement": "IMHS",
                "rsc-provider_degree": "master",
            },
        ),
        ("provides_rsc", {}, {"provides_rsc": "on"}),
        (
            "sign",
            {"kind": "code_of_ethics"},
            {
                "code_of_ethics-kind": "code_of_ethics",
                "code_of_ethics-typed_name": "Ada Applicant",
                "code_of_ethics-agree": "on",
            },
        ),
        ("narrative", {"area": "reflection"}, {"reflection-narrative": "I reflect."}),
        ("delete_row", {"kind": "rsc", "row": session.uuid}, {}),
    ]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("advisor", 200),
        ("manager", 200),
        ("stranger", 404),
        ("other_coordinator", 404),
        ("unassigned_advisor", 404),
    ],
)
def test_read_views(client, application, people, who, expected):
    client.force_login(people[who])
    for name, kwargs in READ_VIEWS:
        response = client.get(url(name, application, **kwargs))

        assert (name, kwargs, response.status_code) == (name, kwargs, expected)
        if expected == 200:
            assert application.category_code.encode() in response.content


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 302),
        ("advisor", 403),
        ("manager", 403),
        ("stranger", 404),
        ("other_coordinator", 404),
    ],
)
def test_write_views(client, application, people, session, who, expected):
    client.force_login(people[who])
    for name, kwargs, data in write_views(application, session):
        response = client.post(url(name, application, **kwargs), data)

        assert (name, response.status_code) == (name, expected)


def test_write_views_refuse_the_owner_once_submitted(client, application, people, session):
    application.status = S.SUBMITTED
    application.save()
    client.force_login(people["owner"])
    for name, kwargs, data in write_views(application, session):
        response = client.post(url(name, application, **kwargs), data)

        assert (name, response.status_code) == (name, 403)
    assert application.rsc_sessions.get().hours == session.hours


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("add_row", {"kind": "rsc"}),
        ("delete_row", {"kind": "rsc", "row": "00000000-0000-0000-0000-000000000000"}),
        ("provides_rsc", {}),
        ("comment", {}),
        ("approve", {}),
        ("pay", {"fee": "processing"}),
    ],
)
def test_post_only_views_refuse_get(client, application, people, name, kwargs):
    client.force_login(people["owner"])

    assert client.get(url(name, application, **kwargs)).status_code == 405


@pytest.mark.parametrize("name", ["detail", "status", "section"])
def test_read_views_refuse_delete(client, application, people, name):
    client.force_login(people["owner"])
    kwargs = {"section": "work"} if name == "section" else {}

    assert client.delete(url(name, application, **kwargs)).status_code == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 403),
        ("advisor", 403),
        ("manager", 302),
        ("stranger", 404),
        ("other_coordinator", 404),
    ],
)
def test_manage_page_is_for_the_coordinator(client, application, people, who, expected):
    """The old address leads the coordinator to the one screen of the application."""
    client.force_login(people[who])

    response = client.get(url("manage", application))

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/review/application/{application.uuid}/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 403),
        ("advisor", 403),
        ("manager", 302),
        ("stranger", 404),
        ("other_coordinator", 404),
    ],
)
def test_approve_is_for_the_coordinator(client, application, people, who, expected):
    application.status = S.REGISTERED
    application.save()
    client.force_login(people[who])

    assert client.post(url("approve", application)).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 403),
        ("advisor", 302),
        ("manager", 302),
        ("stranger", 404),
        ("other_coordinator", 404),
    ],
)
def test_comment_is_for_advisor_and_coordinator(client, application, people, who, expected):
    client.force_login(people[who])

    response = client.post(url("comment", application), {"section": "work", "body": "Add dates."})

    assert response.status_code == expected


def test_advisor_without_second_factor_is_sent_to_set_one_up(client, application):
    person = staff(application.association, Role.ADVISOR, mfa=False)
    application.advisor = person
    application.save()
    client.force_login(person)

    response = client.get(url("detail", application))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))


def test_documents_are_served_only_to_people_with_access(client, application, people):
    from applications.enums import DocumentKind
    from applications.models import Document

    doc = Document.objects.create(
        application=application,
        kind=DocumentKind.TRANSCRIPT,
        name="applications/x/y/t.pdf",
        original_name="t.pdf",
        content_type="application/pdf",
        size=3,
    )
    target = reverse(
        "applications:document", kwargs={"uuid": application.uuid, "document": doc.uuid}
    )
    for who, expected in [
        ("owner", 302),
        ("manager", 302),
        ("advisor", 302),
        ("stranger", 404),
        ("other_coordinator", 404),
    ]:
        client.force_login(people[who])
        response = client.get(target)
        assert (who, response.status_code) == (who, expected)
        if expected == 302:
            assert response["Location"].startswith("/documents/")


def test_anonymous_visitor_is_sent_to_sign_in(client, application):
    response = client.get(url("detail", application))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
