"""Importing an association's existing endorsees from a spreadsheet."""

import datetime as dt

import pytest
import tablib
from django.core import mail

from easy.accounts.models import User
from easy.audit.models import AuditEvent
from easy.notifications.models import OutboundEmail
from endorsements import imports, services
from endorsements.models import EndorseeImport, Endorsement
from tests.endorsements.records import category, endorsee_sheet
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

MAPPING = {
    "email": "Email",
    "first_name": "First name",
    "last_name": "Surname",
    "category": "Endorsement",
    "number": "Number",
    "granted_on": "Date endorsed",
    "valid_until": "Renewal date",
    "city": "City",
    "state": "State",
}


def start(association, coordinator, text: str, name: str = "endorsees.csv"):
    job = imports.start(association, content=text.encode(), original_name=name, actor=coordinator)
    imports.set_mapping(job, MAPPING, actor=coordinator)
    return job


def test_columns_are_guessed_from_their_names(association, coordinator):
    category()
    text, _ = endorsee_sheet(3)

    job = imports.start(
        association, content=text.encode(), original_name="x.csv", actor=coordinator
    )

    assert job.mapping == MAPPING
    assert job.total_rows == 3


def test_dry_run_lists_bad_rows_with_their_reasons_and_writes_nothing(association, coordinator):
    category()
    text, _ = endorsee_sheet(9, bad=3)
    job = start(association, coordinator, text)

    summary = imports.dry_run(job)

    assert summary["counts"] == {"create": 6, "update": 0, "unchanged": 0}
    assert summary["errors"] == [
        {"row": 8, "number": "WI-IFS-000007", "errors": ["bad date granted “31/31/2016”"]},
        {"row": 9, "number": "WI-IFS-000008", "errors": ["unknown category “XYZ”"]},
        {
            "row": 10,
            "number": "WI-IFS-000003",
            "errors": ["duplicate number WI-IFS-000003 (also on row 4)"],
        },
    ]
    assert Endorsement.objects.count() == 0
    assert User.objects.filter(full_name__startswith="Pat Holder").count() == 0


def test_import_keeps_numbers_categories_and_dates_and_invites_each_person(
    association, coordinator, django_capture_on_commit_callbacks
):
    category()
    text, _ = endorsee_sheet(2)
    job = start(association, coordinator, text)
    imports.dry_run(job)

    with django_capture_on_commit_callbacks(execute=True):
        created = imports.run(job)

    assert created == 2
    first = Endorsement.objects.get(number="WI-IFS-000001")
    assert (first.category_code, first.granted_on, first.renews_on, first.status) == (
        "IFS",
        dt.date(2015, 1, 10),
        dt.date(2026, 12, 31),
        "current",
    )
    assert first.user.full_name == "Pat Holder1"
    assert first.user.has_usable_password() is False
    assert first.application is None
    invitation = next(m for m in mail.outbox if m.to == ["person1@example.org"])
    assert invitation.subject == (
        "Wisconsin Alliance for Infant Mental Health invites you to the endorsement portal"
    )
    assert "/accounts/password/reset/key/" in invitation.body
    assert "password" not in invitation.body.split("/accounts/")[0].lower().replace(
        "choose your own password", ""
    ).replace("set a password", "")
    assert AuditEvent.objects.filter(action="endorsement.imported").count() == 2
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count) == ("done", 2, 2)


def test_invitation_link_lets_the_person_choose_a_password(
    client, association, coordinator, django_capture_on_commit_callbacks
):
    category()
    text, _ = endorsee_sheet(1)
    job = start(association, coordinator, text)
    with django_capture_on_commit_callbacks(execute=True):
        imports.run(job)
    link = next(m for m in mail.outbox if m.to == ["person1@example.org"]).body
    url = next(w for w in link.split() if "/accounts/password/reset/key/" in w)
    path = url.split("://", 1)[1].split("/", 1)[1]

    form = client.get("/" + path, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"password1": "a-long-new-secret-91", "password2": "a-long-new-secret-91"},
    )

    assert response.status_code == 302
    assert User.objects.get(email="person1@example.org").check_password("a-long-new-secret-91")


def test_second_run_changes_nothing(association, coordinator):
    category()
    text, _ = endorsee_sheet(20, bad=2)
    imports.run(start(association, coordinator, text))
    emails = OutboundEmail.objects.count()

    again = start(association, coordinator, text)
    summary = imports.dry_run(again)
    created = imports.run(again)

    again.refresh_from_db()
    assert summary["counts"] == {"create": 0, "update": 0, "unchanged": 18}
    assert (created, again.updated_count, again.unchanged_count) == (0, 0, 18)
    assert Endorsement.objects.count() == 18
    assert OutboundEmail.objects.count() == emails


def test_changed_row_updates_the_endorsement(association, coordinator):
    category()
    text, _ = endorsee_sheet(2)
    imports.run(start(association, coordinator, text))

    changed = text.replace("12/31/2026,Madison", "12/31/2027,Madison", 1)
    job = start(association, coordinator, changed)
    imports.run(job)

    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    assert Endorsement.objects.get(number="WI-IFS-000001").renews_on == dt.date(2027, 12, 31)


def test_number_of_someone_else_is_refused(association, coordinator):
    category()
    text, _ = endorsee_sheet(1)
    imports.run(start(association, coordinator, text))

    job = start(association, coordinator, text.replace("person1@", "other@"))
    summary = imports.dry_run(job)

    assert summary["errors"] == [
        {
            "row": 2,
            "number": "WI-IFS-000001",
            "errors": ["number WI-IFS-000001 already belongs to another person"],
        }
    ]


def test_existing_account_is_matched_by_email(association, coordinator):
    category()
    person = UserFactory(email="person1@example.org", full_name="Pat Holder")
    text, _ = endorsee_sheet(1)

    imports.run(start(association, coordinator, text))

    assert Endorsement.objects.get().user == person
    assert person.check_password("correct-horse-battery")
    assert not [m for m in mail.outbox if m.to == ["person1@example.org"]]


def test_xlsx_files_are_read(association, coordinator):
    category()
    data = tablib.Dataset(headers=list(MAPPING.values()))
    data.append(
        ["x@example.org", "Xi", "Lee", "IFS", "WI-IFS-000042", dt.date(2019, 4, 1),
         dt.date(2026, 12, 31), "Milwaukee", "Wisconsin"]
    )  # fmt: skip
    job = imports.start(
        association, content=data.export("xlsx"), original_name="e.xlsx", actor=coordinator
    )

    imports.run(job)

    assert Endorsement.objects.get().granted_on == dt.date(2019, 4, 1)


def test_ten_thousand_rows_with_fifty_bad(association, coordinator):
    category()
    text, problems = endorsee_sheet(10_000, bad=50)
    job = start(association, coordinator, text)

    created = imports.run(job)
    job.refresh_from_db()
    again = start(association, coordinator, text)
    created_again = imports.run(again)

    assert created == 9_950
    assert Endorsement.objects.filter(association=association).count() == 9_950
    assert [e["row"] for e in job.errors] == [p["row"] for p in problems]
    assert all(len(e["errors"]) == 1 for e in job.errors)
    assert created_again == 0
    again.refresh_from_db()
    assert (again.updated_count, again.unchanged_count, len(again.errors)) == (0, 9_950, 50)


# --- The pages --------------------------------------------------------------------------------


def test_import_pages_upload_map_check_and_run(
    client, association, coordinator, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    category()
    text, _ = endorsee_sheet(4, bad=1)
    client.force_login(coordinator)
    base = f"/catalog/staff/{association.code}/imports/"

    uploaded = client.post(base, {"file": SimpleUploadedFile("e.csv", text.encode())})
    job = EndorseeImport.objects.get()
    assert uploaded["Location"] == f"{base}{job.uuid}/columns/"
    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(f"{base}{job.uuid}/columns/", MAPPING)
    page = client.get(checked["Location"]).content.decode()
    assert 'data-count="create">3<' in page
    assert "unknown category “XYZ”" not in page  # the bad row is a bad date
    assert "bad date granted “31/31/2016”" in page
    with django_capture_on_commit_callbacks(execute=True):
        ran = client.post(f"{base}{job.uuid}/check/")
    progress = client.get(ran["Location"]).content.decode()

    assert '<progress id="progress" max="4" value="4">' in progress
    assert 'data-count="create">3<' in progress
    assert Endorsement.objects.count() == 3


def test_check_page_waits_for_the_dry_run(client, association, coordinator):
    category()
    text, _ = endorsee_sheet(3)
    job = start(association, coordinator, text)
    client.force_login(coordinator)

    page = client.get(f"/catalog/staff/{association.code}/imports/{job.uuid}/check/")

    html = page.content.decode()
    assert "Checking 3 rows… this page refreshes itself." in html
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Import the good rows" not in html


def test_import_pages_are_for_the_association_managers(client, association, other_association):
    from tests.factories.accounts import staff

    client.force_login(staff(other_association))

    assert client.get(f"/catalog/staff/{association.code}/imports/").status_code == 404


def test_unreadable_file_is_refused(association, coordinator):
    with pytest.raises(services.EndorsementError):
        imports.start(
            association, content=b"\x00\x01garbage", original_name="e.xlsx", actor=coordinator
        )


def test_sheet_with_only_headers_imports_nothing(association, coordinator):
    job = start(association, coordinator, "Email,Number\n")

    assert imports.run(job) == 0


def test_a_new_standing_goes_through_the_transition_and_a_refused_one_is_a_bad_row(
    association, coordinator
):
    category()
    header = "Email,First name,Surname,Endorsement,Number,Date endorsed,Renewal date,City,State"

    def run(first: str, second: str):
        text = (
            f"{header},Status\n"
            f"a@example.org,Ann,Lee,IFS,WI-IFS-000001,2019-04-01,12/31/2026,Madison,WI,{first}\n"
            f"b@example.org,Bo,Lee,IFS,WI-IFS-000002,2019-04-01,12/31/2026,Madison,WI,{second}\n"
        )
        job = imports.start(
            association, content=text.encode(), original_name="e.csv", actor=coordinator
        )
        imports.set_mapping(job, {**MAPPING, "status": "Status"}, actor=coordinator)
        imports.run(job)
        job.refresh_from_db()
        return job

    run("current", "revoked")
    job = run("lapsed", "current")

    assert (job.created_count, job.updated_count) == (0, 1)
    assert [e["errors"] for e in job.errors] == [
        ["the endorsement cannot go from revoked to current"]
    ]
    assert Endorsement.objects.get(number="WI-IFS-000001").status == "lapsed"
    assert Endorsement.objects.get(number="WI-IFS-000002").status == "revoked"
    lapsed = AuditEvent.objects.get(action="endorsement.lapsed")
    assert lapsed.data == {"from": "current", "to": "lapsed"}
