"""'Which endorsement fits me?': the category the answers match ranks first, and every other
category says what it lacks (endorsements/rules/fit.py)."""

import datetime as dt

import pytest

from endorsements.rules.fit import FitAnswers, rank_fits

IFS_PERSON = FitAnswers(
    highest_degree="bachelor",
    age_group="infant",
    service="prevention",
    years_of_work=6,
    training_hours=34,
    rsc_hours=28,
)


def test_bachelor_infant_prevention_person_fits_ifs_first(rules):
    fits = rank_fits(IFS_PERSON, "MI-AIMH", dt.date(2026, 3, 1), ruleset=rules)

    assert fits[0].category == "IFS"
    assert fits[0].fits


def test_every_other_category_says_what_it_lacks(rules):
    fits = {
        f.category: f for f in rank_fits(IFS_PERSON, "MI-AIMH", dt.date(2026, 3, 1), ruleset=rules)
    }

    assert {r.code for r in fits["IMHS"].lacks} >= {"education", "rsc_hours"}
    assert "work_experience" in {r.code for r in fits["ECFS"].lacks}
    assert not fits["IFA"].lacks  # met too, but it asks less: IFS ranks above it
    for code, fit in fits.items():
        if not fit.fits:
            assert all(r.message for r in fit.lacks), code


def test_unknown_answer_is_refused():
    with pytest.raises(ValueError, match="age_group"):
        FitAnswers("bachelor", "teens", "prevention", 6, 34, 28)
