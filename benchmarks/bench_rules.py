"""Rules: dossier evaluations per second (one core) and RS/C window scaling."""

import datetime as dt
import random
import time

from endorsements.rules import evaluate, from_fixtures, parse_dossier
from endorsements.rules.measures import best_window, span_bounds


def large_dossier(sessions: int = 300, seed: int = 7) -> dict:
    """5 work periods, 200 trainings, ``sessions`` RS/C sessions, 3 references (IMHM-C)."""
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    span_days = (dt.date(2026, 1, 1) - start).days

    def day() -> str:
        return (start + dt.timedelta(days=rng.randrange(span_days))).isoformat()

    services = ["intervention", "intervention", "rsc_provision", "prevention", "policy_leadership"]
    return {
        "association": "WA-AIMH",
        "category": "IMHM-C",
        "as_of": "2026-03-01",
        "degrees": [{"level": "master", "name": "MSW", "completed_on": "2015-06-01",
                     "transcript": True}],
        "work": [{"title": f"Job {i}", "start": f"{2015 + 2 * i}-09-01",
                  "end": None if i == 4 else f"{2018 + 2 * i}-08-31", "paid": True,
                  "age_group": "both", "service": services[i], "families_served": 12}
                 for i in range(5)],
        "trainings": [{"title": f"Training {i}", "date": day(), "hours": rng.choice([1, 1.5, 3, 6]),
                       "topics": rng.choice([[], ["rsc_provision"], ["dei"]])} for i in range(200)],
        "rsc": [{"date": day(), "hours": rng.choice([1, 1.5, 2]), "format": "individual",
                 "provider_endorsement": "IMHM-C", "provider_vetted": False,
                 "provider_degree": "master", "about_rsc_provided": rng.random() < 0.5}
                for _ in range(sessions)],
        "provides_rsc": True,
        "leadership_activities": [{"title": "State board", "level": "state"}],
        "references": [
            {"relationship": "current_supervisor", "rater_endorsement": "IMHS",
             "rater_vetted": False, "status": "submitted"},
            {"relationship": "rsc_provider", "rater_endorsement": "IMHM-C", "rater_vetted": False,
             "status": "submitted"},
            {"relationship": "rsc_recipient", "rater_endorsement": None, "rater_vetted": False,
             "status": "submitted"},
        ],
        "code_of_ethics_signed": True,
        "agreement_signed": True,
        "membership_expires_on": "2026-12-31",
        "exam": "not_taken",
    }  # fmt: skip


def per_second(fn, *, seconds: float = 1.5) -> float:
    fn()
    count = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        fn()
        count += 1
    return count / elapsed


def main() -> None:
    rules = from_fixtures()
    data = large_dossier()
    parsed = parse_dossier(data, ruleset=rules)
    verdict = evaluate(parsed, ruleset=rules)
    print(f"   large dossier: 5 work periods, 200 trainings, 300 RS/C sessions, 3 references "
          f"({verdict.category}, ready={verdict.ready})")  # fmt: skip
    rate = per_second(lambda: evaluate(parsed, ruleset=rules))
    print(f"   evaluate(parsed dossier): {rate:,.0f} evaluations/s (target >= 2,000)")
    rate = per_second(lambda: evaluate(data, ruleset=rules))
    print(f"   evaluate(dict: parse + evaluate): {rate:,.0f} evaluations/s")

    low, high = span_bounds(12, 24)
    for n in (300, 3_000, 30_000):
        dossier = parse_dossier(large_dossier(sessions=n), ruleset=rules)
        sessions = [(s.date.toordinal(), s.hours) for s in dossier.rsc]
        window_rate = per_second(lambda s=sessions: best_window(s, low, high), seconds=0.5)
        full_rate = per_second(lambda d=dossier: evaluate(d, ruleset=rules), seconds=0.5)
        print(
            f"   {n:>6,} RS/C sessions: window check {1e6 / window_rate:8.1f} µs, "
            f"whole evaluation {1e3 / full_rate:7.2f} ms"
        )
