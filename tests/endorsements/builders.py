"""Dossiers that meet every requirement of a category; tests break one thing at a time."""

import copy
from collections.abc import Callable

EXAMPLE_AS_OF = "2026-03-01"
MENTORS = ["IMHM-C", "IMHM-P", "IMHM-R/F", "ECMHM-C", "ECMHM-P", "ECMHM-R/F"]
CATEGORIES = ["IFA", "IFS", "IMHS", *MENTORS[:3], "ECFA", "ECFS", "ECMHS", *MENTORS[3:], "IFRS"]


def association_for(category: str) -> str:
    return "WA-AIMH" if category == "IFRS" else "MI-AIMH"


def _monthly(start_year: int, start_month: int, count: int, hours: float, **extra) -> list[dict]:
    out = []
    year, month = start_year, start_month
    for _ in range(count):
        out.append(
            {
                "date": f"{year}-{month:02d}-10",
                "hours": hours,
                "format": "individual",
                "provider_endorsement": "IMHM-C",
                "provider_vetted": False,
                "provider_degree": "master",
                "about_rsc_provided": True,
                **extra,
            }
        )
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


REFERENCES = {
    "associate": ["current_supervisor", "colleague", "parent"],
    "specialist": ["current_supervisor", "rsc_provider", "colleague"],
    "C": ["current_supervisor", "rsc_provider", "rsc_recipient"],
    "P": ["current_supervisor", "rsc_provider", "colleague"],
    "RF": ["department_chair", "rsc_provider", "student"],
}


def _roles(category: str) -> list[str]:
    if category in ("IFA", "ECFA"):
        return REFERENCES["associate"]
    if category.endswith("-C"):
        return REFERENCES["C"]
    if category.endswith("-P"):
        return REFERENCES["P"]
    if category.endswith("-R/F"):
        return REFERENCES["RF"]
    return REFERENCES["specialist"]


def ready(category: str, association: str | None = None, as_of: str = EXAMPLE_AS_OF) -> dict:
    """An application dossier meeting every requirement of the category (exam passed)."""
    work = [
        {"title": "Therapist", "start": "2015-09-01", "end": "2019-08-31", "paid": True,
         "age_group": "both", "service": "intervention", "families_served": 40},
        {"title": "Home visitor", "start": "2015-09-01", "end": "2019-08-31", "paid": True,
         "age_group": "both", "service": "prevention", "families_served": 20},
        {"title": "Reflective supervisor", "start": "2019-09-01", "end": None, "paid": True,
         "age_group": "both", "service": "rsc_provision"},
        {"title": "Policy lead", "start": "2019-09-01", "end": None, "paid": True,
         "age_group": "both", "service": "policy_leadership"},
        {"title": "Associate professor", "start": "2019-09-01", "end": None, "paid": True,
         "age_group": "both", "service": "research_faculty_leadership"},
    ]  # fmt: skip
    return {
        "association": association or association_for(category),
        "category": category,
        "purpose": "application",
        "as_of": as_of,
        "degrees": [
            {"level": "master", "name": "MSW", "completed_on": "2015-06-01", "transcript": True}
        ],
        "work": work,
        "trainings": [
            {"title": "Foundations", "date": "2016-03-01", "hours": 60, "topics": []},
            {
                "title": "Providing RS/C",
                "date": "2020-03-01",
                "hours": 16,
                "topics": ["rsc_provision"],
            },
            {"title": "Equity in practice", "date": "2021-03-01", "hours": 4, "topics": ["dei"]},
        ],
        "rsc": _monthly(2022, 1, 24, 2.5),
        "provides_rsc": True,
        "leadership_activities": [{"title": "State IMH board", "level": "state"}],
        "references": [
            {
                "relationship": rel,
                "rater_endorsement": "IMHM-C" if i == 0 else None,
                "rater_vetted": False,
                "status": "submitted",
            }
            for i, rel in enumerate(_roles(category))
        ],
        "code_of_ethics_signed": True,
        "agreement_signed": True,
        "membership_expires_on": "2027-12-31",
        "exam": "passed",
    }


def renewal(category: str, association: str | None = None, as_of: str = "2026-11-20") -> dict:
    """A renewal dossier meeting every renewal requirement of the category."""
    return {
        "association": association or association_for(category),
        "category": category,
        "purpose": "renewal",
        "as_of": as_of,
        "renewal_year": 2026,
        "endorsed_since": "2025-04-01",
        "provides_rsc": True,
        "trainings": [
            {"title": "Conference", "date": "2026-05-12", "hours": 12, "topics": []},
            {
                "title": "RS/C skills",
                "date": "2026-09-01",
                "hours": 4,
                "topics": ["rsc_provision", "dei"],
            },
        ],
        "rsc": _monthly(2026, 1, 10, 1.5, format="group"),
        "membership_expires_on": "2027-03-31",
        "code_of_ethics_signed": True,
    }


def changed(dossier: dict, change: Callable[[dict], object]) -> dict:
    out = copy.deepcopy(dossier)
    change(out)
    return out
