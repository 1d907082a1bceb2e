"""Bad input names the field; good input parses into typed records."""

import datetime as dt

import pytest

from endorsements.rules import DossierError, parse_dossier

from .builders import ready

BAD = [
    ({"category": "IFS"}, "association: is required (one of: MI-AIMH, MassAIMH, WA-AIMH, WI-AIMH)"),
    ({"association": "NY-AIMH", "category": "IFS"},
     "association: unknown association 'NY-AIMH' (known: MI-AIMH, MassAIMH, WA-AIMH, WI-AIMH)"),
    ({"association": "MI-AIMH"}, "category: is required (a category code such as IFS)"),
    ({"association": "MI-AIMH", "category": "XYZ"}, "category: unknown category 'XYZ'"),
    ({"association": "WI-AIMH", "category": "IFRS", "as_of": "2026-01-01"},
     "category: WI-AIMH does not offer IFRS on 2026-01-01"),
    ({"association": "MI-AIMH", "category": "IFS", "as_of": "2026-1-5"},
     "as_of: '2026-1-5' is not a date (use YYYY-MM-DD)"),
    ({"association": "MI-AIMH", "category": "IFS", "purpose": "reinstatement"},
     "purpose: 'reinstatement' is not one of: application, renewal"),
    ({"association": "MI-AIMH", "category": "IFS", "trainings": [{"date": "2020-01-01", "hours": -2}]},
     "trainings[0].hours: must be greater than 0 (got -2)"),
    ({"association": "MI-AIMH", "category": "IFS", "rsc": [{"date": "2020-01-01", "hours": 0}]},
     "rsc[0].hours: must be greater than 0 (got 0)"),
    ({"association": "MI-AIMH", "category": "IFS", "rsc": [{"date": "2020-01-01", "hours": "2"}]},
     "rsc[0].hours: must be a number of hours, not '2'"),
    ({"association": "MI-AIMH", "category": "IFS", "work": [{"start": "2020-02-01", "end": "2020-01-01"}]},
     "work[0].end: 2020-01-01 is before the start 2020-02-01"),
    ({"association": "MI-AIMH", "category": "IFS", "degrees": [{"level": "phd", "completed_on": "2020-01-01"}]},
     "degrees[0].level: 'phd' is not one of: associate, bachelor, master, doctorate"),
    ({"association": "MI-AIMH", "category": "IFS", "references": "three"}, "references: must be a list"),
    ({"association": "MI-AIMH", "category": "IFS", "references": [{"status": "submitted"}]},
     "references[0].relationship: is required"),
    ({"association": "MI-AIMH", "category": "IFS", "agreement_signed": "yes"},
     "agreement_signed: must be true or false, not 'yes'"),
    (["not", "an", "object"], "dossier: must be a JSON object"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "starts"), BAD, ids=[b[1].split(":")[0] for b in BAD])
def test_bad_input_names_the_field(data, starts, rules):
    with pytest.raises(DossierError) as caught:
        parse_dossier(data, ruleset=rules)

    assert str(caught.value).startswith(starts)
    assert "\n" not in str(caught.value)
    assert caught.value.field == starts.split(":")[0]


def test_parse_reads_typed_records_and_sorts_sessions(rules):
    data = ready("IFS")
    data["rsc"].reverse()
    data["unknown_field"] = "ignored"

    dossier = parse_dossier(data, ruleset=rules)

    assert dossier.as_of == dt.date(2026, 3, 1)
    assert dossier.degrees[0].completed_on == dt.date(2015, 6, 1)
    assert [s.date for s in dossier.rsc] == sorted(s.date for s in dossier.rsc)
    assert dossier.work[2].end is None


def test_missing_lists_are_empty_and_as_of_defaults_to_today(rules):
    dossier = parse_dossier(
        {"association": "MI-AIMH", "category": "ifs"}, ruleset=rules, today=dt.date(2026, 5, 1)
    )

    assert (dossier.category, dossier.as_of, dossier.trainings, dossier.exam) == (
        "IFS", dt.date(2026, 5, 1), (), "not_taken"
    )  # fmt: skip
