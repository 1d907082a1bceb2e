"""Every public example in shared/dossier/examples/ gives its expected verdict."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from endorsements.rules import evaluate

EXAMPLES = Path(settings.BASE_DIR).parent / "shared" / "dossier" / "examples"
NAMES = sorted(
    p.name.removesuffix(".json") for p in EXAMPLES.glob("*.json") if ".expected" not in p.name
)


def _load(name: str) -> tuple[dict, dict]:
    dossier = json.loads((EXAMPLES / f"{name}.json").read_text())
    expected = json.loads((EXAMPLES / f"{name}.expected.json").read_text())
    return dossier, expected


def test_examples_are_there():
    assert len(NAMES) >= 3, f"no examples found in {EXAMPLES}"


@pytest.mark.parametrize("name", NAMES)
def test_example_gives_its_expected_verdict(name, db):
    dossier, expected = _load(name)

    evaluation = evaluate(dossier)

    assert evaluation.ready is expected["ready"]
    statuses = {r.code: r.status for r in evaluation.requirements}
    for code, status in expected["codes"].items():
        assert statuses.get(code) == status, (code, statuses.get(code), evaluation.get(code))


@pytest.mark.parametrize("name", NAMES)
def test_command_answers_each_example_without_a_database(name, tmp_path):
    """From a fresh clone: no migrated database, so the rules come from the fixture files."""
    _, expected = _load(name)
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "easy.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'absent.sqlite3'}",
    }

    done = subprocess.run(
        [sys.executable, "manage.py", "evaluate_dossier", str(EXAMPLES / f"{name}.json")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    assert output["ready"] is expected["ready"]
    statuses = {r["code"]: r["status"] for r in output["requirements"]}
    for code, status in expected["codes"].items():
        assert statuses[code] == status
    assert not (tmp_path / "absent.sqlite3").exists()
