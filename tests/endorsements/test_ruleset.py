"""The rules load from the database when it holds them, else from the fixture files: the same
data, the same verdicts. Editing a rule takes effect at once in this process."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings

from endorsements.models import RequirementRule
from endorsements.rules import evaluate, from_database, from_fixtures, get_ruleset

from .builders import CATEGORIES, changed, ready, renewal

EXAMPLES = Path(settings.BASE_DIR).parent / "shared" / "dossier" / "examples"


def test_empty_database_means_fixture_rules(db):
    assert from_database() is None
    assert get_ruleset().source == "fixtures"


def test_database_and_fixtures_hold_the_same_rules(catalog):
    from_db = from_database()

    assert from_db is not None and from_db.source == "database"
    assert from_db.fingerprint() == from_fixtures().fingerprint()
    assert len(from_db.rules) == 60


def test_database_and_fixtures_give_identical_verdicts(catalog):
    from_db, from_files = from_database(), from_fixtures()
    dossiers = [ready(c) for c in CATEGORIES] + [renewal(c) for c in CATEGORIES]
    dossiers += [changed(ready(c), lambda d: d.update(rsc=d["rsc"][:9], exam="not_taken",
                                                       as_of="2024-06-01")) for c in CATEGORIES]  # fmt: skip
    dossiers += [
        json.loads(p.read_text()) for p in EXAMPLES.glob("*.json") if ".expected" not in p.name
    ]

    for dossier in dossiers:
        assert (
            evaluate(dossier, ruleset=from_db).to_dict()
            == evaluate(dossier, ruleset=from_files).to_dict()
        )


def test_saving_a_rule_takes_effect_at_once(catalog):
    dossier = ready("IFS")
    dossier["trainings"] = [{"title": "t", "date": "2020-01-01", "hours": 35}]
    assert evaluate(dossier).get("training_hours").status == "met"
    rule = RequirementRule.objects.get(key="training-specialist")

    rule.params = {"hours": 40, "typical": 50}
    rule.save()

    assert evaluate(dossier).get("training_hours").status == "unmet"
    assert evaluate(dossier).get("training_hours").need == 40


def test_adding_a_category_to_a_rule_takes_effect_at_once(catalog):
    rule = RequirementRule.objects.get(key="wa-training-dei-mentor-clinical")
    dossier = ready("IMHS", "WA-AIMH")
    assert evaluate(dossier).get("training_dei_hours") is None

    rule.categories.add(rule.categories.model.objects.get(code="IMHS"))

    assert evaluate(dossier).get("training_dei_hours").status == "met"


def test_a_dated_rule_row_applies_only_in_its_range(catalog):
    RequirementRule.objects.filter(key="training-specialist").update(valid_to=dt.date(2025, 12, 31))
    from endorsements.rules import clear_cache

    clear_cache()
    dossier = ready("IFS")

    assert evaluate(dossier, dt.date(2025, 12, 31)).get("training_hours") is not None
    assert evaluate(dossier, dt.date(2026, 1, 1)).get("training_hours") is None


@pytest.mark.parametrize("key", ["exam", "alliance-exam-dropped-imhs-ecmhs"])
def test_rule_keys_are_the_fixture_keys(key, rules):
    assert key in {r.key for r in rules.rules}
