"""Each workspace row offers "Change" (a link) and "Remove" (a form), both naming the row for
screen readers; the rows' URLs are the edit_row and delete_row URLs. The table body boosts
them with htmx (in place with JavaScript, plain link and form without)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories.applications import (
    DegreeFactory,
    MembershipFactory,
    RSCSessionFactory,
    TrainingFactory,
    WorkPeriodFactory,
)


@pytest.mark.parametrize(
    ("section", "kind", "make"),
    [
        ("education", "degree", lambda a: DegreeFactory(application=a, name="BA <Arts> & Co")),
        ("work", "work", lambda a: WorkPeriodFactory(application=a, employer="O'Neil & Sons")),
        ("training", "training", lambda a: TrainingFactory(application=a)),
        ("rsc", "rsc", lambda a: RSCSessionFactory(application=a)),
        ("membership", "membership", lambda a: MembershipFactory(application=a)),
    ],
)
def test_each_row_links_to_its_change_page_and_remove_form(
    owner_client, application, section, kind, make
):
    rows = [make(application), make(application) if kind in ("training", "rsc") else None]
    response = owner_client.get(
        reverse("applications:section", kwargs={"uuid": application.uuid, "section": section})
    )
    html = response.content.decode()
    for row in filter(None, rows):
        args = {"uuid": application.uuid, "kind": kind, "row": row.uuid}
        row.refresh_from_db()  # the page names the row as saved (hours with two decimals)
        name = escape(str(row))
        assert (
            f'<a href="{reverse("applications:edit_row", kwargs=args)}" class="usa-button '
            f'usa-button--unstyled margin-right-2">Change<span class="usa-sr-only"> {name}'
            f'</span></a><form method="post" '
            f'action="{reverse("applications:delete_row", kwargs=args)}" '
            'class="display-inline"><input type="hidden" name="csrfmiddlewaretoken" value="'
        ) in html
        assert (
            '<button type="submit" class="usa-button usa-button--unstyled">Remove'
            f'<span class="usa-sr-only"> {name}</span></button></form></td>'
        ) in html
