"""The rules' sentences read in Spanish for an applicant who chose Spanish."""

import re

import pytest
from django.utils import translation

from .builders import changed, ready, renewal
from .test_requirements import CASES, RENEWAL_CASES, _rsc, _work, result

#: English words that have no business in a Spanish sentence (names, codes and topics aside).
ENGLISH = re.compile(
    r"\b(the|of|your|you|hours|months|count|counts|needed|is|are|with|from|need|session|"
    r"sessions|period|periods|training|rating|ratings|before|after|and|or)\b"
)


def _spanish(dossier, rules, code):
    with translation.override("es"):
        return result(dossier, rules, code).message


@pytest.mark.parametrize(
    ("category", "association", "change", "code"),
    [pytest.param(*case[1:5], id=case[0]) for case in CASES],
)
def test_every_application_sentence_reads_in_spanish(category, association, change, code, rules):
    message = _spanish(changed(ready(category, association), change), rules, code)

    assert message
    assert ENGLISH.search(message) is None, message


@pytest.mark.parametrize(
    ("category", "association", "change", "code"),
    [pytest.param(*case[1:5], id=case[0]) for case in RENEWAL_CASES],
)
def test_every_renewal_sentence_reads_in_spanish(category, association, change, code, rules):
    message = _spanish(changed(renewal(category, association), change), rules, code)

    assert message
    assert ENGLISH.search(message) is None, message


def test_work_sentence_in_spanish_with_a_decimal_comma(rules):
    dossier = ready("IFS")
    dossier["work"] = [_work("2020-01-01", "2021-06-15", "prevention", age="infant", families=4)]

    message = _spanish(dossier, rules, "work_experience")

    assert message.startswith("Cuentan 17,5 de 24 meses de trabajo remunerado en prevención")
    assert "atendiendo a 4 de 10 familias con bebés y niños pequeños" in message


def test_rsc_reasons_in_spanish(rules):
    dossier = ready("IFS")
    dossier["rsc"] = [_rsc("2023-01-10", 1, format="peer"), _rsc("2023-02-10", 1, format="peer")]

    message = _spanish(dossier, rules, "rsc_hours")

    assert "2 sesiones son consultas entre pares, que aquí no cuentan" in message


def test_english_is_unchanged_outside_a_spanish_request(rules):
    with translation.override("es"):
        result(ready("IFS"), rules, "work_experience")

    assert result(ready("IFS"), rules, "work_experience").message.startswith("48 months of")


def test_which_endorsement_fits_me_says_what_each_category_lacks_in_spanish(rules):
    import datetime as dt

    from endorsements.rules.fit import rank_fits

    from .test_fit import IFS_PERSON

    with translation.override("es"):
        fits = rank_fits(IFS_PERSON, "MI-AIMH", dt.date(2026, 3, 1), ruleset=rules)
    lacks = [r.message for f in fits for r in f.lacks]

    assert lacks
    assert [m for m in lacks if ENGLISH.search(m)] == []
    assert any(m.startswith("Necesita un título de máster") for m in lacks), lacks
