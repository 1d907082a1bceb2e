"""Exam sittings: candidates saving an answer every 5 s against gunicorn and PostgreSQL.

Simulated candidates each post one answer every 5 s; printed: answers saved per second, p95 save latency (target < 100 ms), answers lost (target
0, checked in the database against what was sent).

``BENCH_EXAM_CANDIDATES`` (default 200) and ``BENCH_EXAM_SECONDS`` (default 300) size the run;
``BENCH=quick`` runs 60 s. Uses its own database ``easy_exams_bench`` on 127.0.0.1:5432.
"""

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_URL = "postgres://postgres@127.0.0.1:5432/easy_exams_bench"
INTERVAL = 5.0


def _env(settings: str = "easy.settings.test") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
    env.update(
        DATABASE_URL=DB_URL,
        DJANGO_SETTINGS_MODULE=settings,
        CELERY_BROKER_URL="",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


def _python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"bench_exams step failed:\n{done.stderr[-3000:]}")
    return done.stdout


SEED = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone
from exams import services
from exams.enums import Part
from exams.models import ExamSettings
from tests.factories.accounts import AssociationFactory
from tests.factories.exams import approved_candidate, bank, exam_week
from tests.factories.reviews import load_catalog
count, seconds = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", verbosity=0)
load_catalog()
association = AssociationFactory(code="WI-AIMH")
ExamSettings.objects.create(association=association, part_seconds=seconds + 900)
from endorsements.models import CompetencyArea
areas = list(CompetencyArea.objects.filter(family="infant", for_mentors=True))
bank("infant", per_area=6, spare=0)
services.save_blueprint("infant", True, "Bench", {a: (6 if i < 5 else 5) for i, a in enumerate(areas)}, actor=None)
week = exam_week(association, starts_in=1, name="Bench week")
out = []
for n in range(count):
    approval = approved_candidate(association, "IMHM-C", email=f"cand{n}@bench.test")
    registration = services.register(approval, week, actor=approval.candidate)
    out.append((approval, registration))
week.starts_on = timezone.localdate(); week.save()
rows = []
for approval, registration in out:
    sitting = registration.sittings.get(part=Part.MC)
    services.start(sitting, actor=approval.candidate)
    user = approval.candidate
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    rows.append({"sitting": str(sitting.uuid), "session": session.session_key})
print(json.dumps(rows))
"""

VERIFY = r"""
import json, sys
import django
django.setup()
from exams.models import Answer, Sitting
sent = json.loads(sys.stdin.read())
lost = wrong = 0
for uuid, answers in sent.items():
    sitting = Sitting.objects.get(uuid=uuid)
    stored = {a.item_id: a.choice for a in Answer.objects.filter(sitting=sitting)}
    for position, shown in answers.items():
        item_id = sitting.item_order[int(position) - 1]
        expected = sitting.option_orders[str(item_id)][shown]
        if item_id not in stored:
            lost += 1
        elif stored[item_id] != expected:
            wrong += 1
print(json.dumps({"lost": lost, "wrong": wrong}))
"""


def _postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception:  # any failure means "not here"
        return False
    return True


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(
        "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as connection:
        connection.execute("DROP DATABASE IF EXISTS easy_exams_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE easy_exams_bench")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 30) -> None:
    import requests

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


class Candidate(threading.Thread):
    def __init__(self, base: str, row: dict, until: float, rng: random.Random):
        super().__init__(daemon=True)
        import requests

        self.session = requests.Session()
        self.session.cookies.set("sessionid", row["session"], domain="127.0.0.1")
        self.token = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))
        self.session.cookies.set("csrftoken", self.token, domain="127.0.0.1")
        self.url = f"{base}/exams/s/{row['sitting']}/answer/"
        self.sitting = row["sitting"]
        self.until = until
        self.rng = rng
        self.latencies: list[float] = []
        self.sent: dict[int, int] = {}
        self.failed = 0

    def run(self) -> None:
        next_at = time.monotonic() + self.rng.uniform(0, INTERVAL)
        question = 0
        while True:
            time.sleep(max(0.0, next_at - time.monotonic()))
            if time.monotonic() >= self.until:
                return
            question = question % 60 + 1
            choice = self.rng.randrange(4)
            started = time.perf_counter()
            try:
                response = self.session.post(
                    self.url,
                    data={"q": question, "choice": choice},
                    headers={
                        "X-Exam-Autosave": "1",
                        "X-CSRFToken": self.token,
                        "Referer": self.url,
                    },
                    timeout=30,
                )
                ok = response.status_code == 200 and response.json().get("saved") is True
            except Exception:  # counted as a failure; the answer is expected lost
                ok = False
            self.latencies.append(time.perf_counter() - started)
            if ok:
                self.sent[question] = choice
            else:
                self.failed += 1
            next_at += INTERVAL


def main() -> None:
    if not _postgres_answers():
        print("   skipped: the exam benchmark needs PostgreSQL on 127.0.0.1:5432")
        return
    count = int(os.environ.get("BENCH_EXAM_CANDIDATES", "200"))
    default_seconds = "60" if os.environ.get("BENCH") == "quick" else "300"
    seconds = int(os.environ.get("BENCH_EXAM_SECONDS", default_seconds))
    _recreate_database()
    rows = json.loads(_python(SEED, str(count), str(seconds)).strip().splitlines()[-1])
    port = _free_port()
    workers = str(int(os.environ.get("BENCH_EXAM_WORKERS", "4")))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "easy.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            workers,
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env("benchmarks.exams_settings"),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/health/")
        rng = random.Random(12)
        until = time.monotonic() + seconds
        candidates = [Candidate(base, row, until, random.Random(rng.random())) for row in rows]
        started = time.monotonic()
        for c in candidates:
            c.start()
        for c in candidates:
            c.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(x for c in candidates for x in c.latencies)
    saved = sum(len(c.latencies) - c.failed for c in candidates)
    failed = sum(c.failed for c in candidates)
    sent = {c.sitting: c.sent for c in candidates}
    done = subprocess.run(
        [sys.executable, "-c", VERIFY],
        cwd=ROOT,
        env=_env(),
        input=json.dumps(sent),
        capture_output=True,
        text=True,
        check=True,
    )
    check = json.loads(done.stdout.strip().splitlines()[-1])
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] * 1000 if latencies else 0
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
    print(
        f"   {count} candidates, one answer every {INTERVAL:.0f} s for {seconds} s "
        f"(gunicorn, {workers} workers x 4 threads, PostgreSQL)"
    )
    print(f"   answers saved: {saved} ({saved / elapsed:.1f}/s); refused or failed: {failed}")
    print(f"   save latency: median {p50:.1f} ms, p95 {p95:.1f} ms (target < 100 ms)")
    print(f"   answers lost: {check['lost']} (stored differently: {check['wrong']}; target 0)")


if __name__ == "__main__":
    main()
