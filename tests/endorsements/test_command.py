"""``manage.py evaluate_dossier``: JSON and text output, --all-categories, one-line errors."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from .builders import ready


def run(*args, stdin: str | None = None) -> str:
    out = StringIO()
    if stdin is not None:
        import sys as _sys

        saved = _sys.stdin
        _sys.stdin = StringIO(stdin)
        try:
            call_command("evaluate_dossier", *args, stdout=out)
        finally:
            _sys.stdin = saved
    else:
        call_command("evaluate_dossier", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dossier_file(tmp_path):
    def write(data) -> str:
        path = tmp_path / "dossier.json"
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return str(path)

    return write


def test_json_output_is_the_readme_shape(db, dossier_file):
    output = json.loads(run(dossier_file(ready("IFS"))))

    assert output["ready"] is True
    assert output["category"] == "IFS"
    assert set(output["requirements"][0]) == {
        "code",
        "severity",
        "status",
        "have",
        "need",
        "message",
    }


def test_reads_standard_input(db):
    output = json.loads(run("-", stdin=json.dumps(ready("IMHS"))))

    assert output["category"] == "IMHS"


def test_text_output_lists_each_requirement(db, dossier_file):
    data = ready("IFS")
    data["agreement_signed"] = False

    text = run(dossier_file(data), "--format", "text")

    lines = text.splitlines()
    assert lines[0] == "MI-AIMH IFS application as of 2026-03-01: NOT READY (9 of 10 required met)"
    assert "  [ ] agreement: Sign the Endorsement Agreement." in lines
    assert "  [x] training_hours 80/30: 80 hours of training (30 needed)." in lines


def test_all_categories_ranks_closest_first(db, dossier_file):
    data = ready("IFS", "WI-AIMH")  # a master's-prepared therapist without the exam
    data["exam"] = "not_taken"
    data["rsc"] = data["rsc"][:13]  # 32.5 hours over 12 months: enough for IFS, not IMHS

    output = json.loads(run(dossier_file(data), "--all-categories"))

    order = [e["category"] for e in output]
    assert len(order) == 12
    assert order[:6] == ["IFA", "IFS", "IMHM-P", "ECFA", "ECFS", "ECMHM-P"]
    assert [e["ready"] for e in output[:7]] == [True] * 6 + [False]
    unmet = {e["category"]: [r["code"] for r in e["requirements"] if r["status"] == "unmet"]
             for e in output}  # fmt: skip
    assert order[6:8] == ["IMHM-R/F", "ECMHM-R/F"]  # one rater short of 3: a third of a step
    assert unmet["IMHM-R/F"] == ["reference_roles"]
    assert order[8] == "IMHS"  # 32.5 of 50 hours: a bit more than a third short
    assert unmet["IMHS"] == ["rsc_hours"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "input: not valid JSON (Expecting property name enclosed in double quotes"),
        ('{"association": "XX", "category": "IFS"}', "association: unknown association 'XX'"),
        ('{"association": "MI-AIMH", "category": "IFRS", "as_of": "2026-01-01"}',
         "category: MI-AIMH does not offer IFRS on 2026-01-01"),
        ('{"association": "MI-AIMH", "category": "IFS", "as_of": "01/02/2026"}',
         "as_of: '01/02/2026' is not a date"),
        ('{"association": "MI-AIMH", "category": "IFS", "trainings": [{"date": "2026-01-01", "hours": -1}]}',
         "trainings[0].hours: must be greater than 0"),
    ],
)  # fmt: skip
def test_bad_input_is_a_command_error_naming_the_field(db, dossier_file, content, message):
    with pytest.raises(CommandError) as caught:
        run(dossier_file(content))

    assert str(caught.value).startswith(message)
    assert caught.value.returncode == 2


def test_missing_file_is_a_command_error(db):
    with pytest.raises(CommandError, match=r"^path: cannot read /no/such/file"):
        run("/no/such/file")


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ("[1, 2]", "dossier"),
        ('{"association": "MI-AIMH", "category": "IFS", "rsc": [{"date": "2026-02-30", "hours": 1}]}',
         "rsc[0].date"),
        ('{"association": "MI-AIMH", "category": "IFS", "work": [{"start": "2020-01-01", "paid": 1}]}',
         "work[0].paid"),
        ("", "input"),
    ],
)  # fmt: skip
def test_bad_input_from_the_shell_is_one_line_on_stderr(stdin, field, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "easy.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'absent.sqlite3'}",
    }

    done = subprocess.run(
        [sys.executable, "manage.py", "evaluate_dossier", "-", "--format", "text"],
        input=stdin, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"CommandError: {field}: ")
    assert "Traceback" not in done.stderr
