"""Staff read the rules' verdict about the applicant in the third person."""

import re

import pytest

from endorsements.rules.requirements.wording import for_staff

from .builders import changed, ready
from .test_requirements import CASES, RENEWAL_CASES, result

SECOND_PERSON = re.compile(r"\byou(r|rs|rself)?\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("category", "association", "change", "code"),
    [pytest.param(*case[1:5], id=case[0]) for case in CASES],
)
def test_every_requirement_sentence_reads_in_the_third_person_for_staff(
    category, association, change, code, rules
):
    message = result(changed(ready(category, association), change), rules, code).message

    staff = for_staff(message)

    assert SECOND_PERSON.search(staff) is None, staff


def test_renewal_cases_too(rules):
    assert RENEWAL_CASES  # the renewal verdicts are staff-facing only through the same helper
    assert for_staff("You do not provide RS/C to others, so no training about it is required.") == (
        "The applicant does not provide RS/C to others, so no training about it is required."
    )


def test_exact_staff_sentences():
    assert for_staff("Your BA in Psychology counts (official transcript received).") == (
        "The applicant's BA in Psychology counts (official transcript received)."
    )
    assert for_staff("Your membership expired on 2026-01-31: renew it.") == (
        "The applicant's membership expired on 2026-01-31."
    )
    assert for_staff("5 hours of your RS/C are about the RS/C you provide.") == (
        "5 hours of the applicant's RS/C are about the RS/C the applicant provides."
    )


def test_numbers_read_have_then_needed_never_40_of_10(rules):
    message = result(ready("IFS"), rules, "work_experience").message

    assert message == (
        "48 months of paid work in prevention or early intervention count (24 needed), serving 60 "
        "families with infants and toddlers (10 needed)."
    )
