"""Property tests: never raises on a well-formed dossier; more evidence never hurts; list order
never matters."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from endorsements.rules import evaluate, from_fixtures

from .builders import CATEGORIES, association_for

RULES = from_fixtures()
SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CODES = [*CATEGORIES, None]

days = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2027, 12, 31))
hours = st.sampled_from([0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 8, 12, 20])


def iso(day: dt.date) -> str:
    return day.isoformat()


degrees = st.builds(
    lambda level, day, transcript: {"level": level, "completed_on": iso(day), "transcript": transcript},
    st.sampled_from(["associate", "bachelor", "master", "doctorate"]), days, st.booleans(),
)  # fmt: skip


@st.composite
def work_periods(draw):
    start = draw(days)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=dt.date(2027, 12, 31))))
    return {
        "start": iso(start), "end": iso(end) if end else None, "paid": draw(st.booleans()),
        "volunteer_qualifies": draw(st.booleans()),
        "age_group": draw(st.sampled_from(["infant", "early_childhood", "both"])),
        "service": draw(st.sampled_from(["promotion", "prevention", "intervention", "rsc_provision",
                                         "policy_leadership", "research_faculty_leadership"])),
        "families_served": draw(st.integers(0, 30)), "internship": draw(st.booleans()),
        "internship_supervisor_endorsement": draw(st.sampled_from(CODES)),
    }  # fmt: skip


trainings = st.builds(
    lambda day, h, topics: {"title": "t", "date": iso(day), "hours": h, "topics": topics},
    days, hours, st.lists(st.sampled_from(["rsc_provision", "dei", "other"]), max_size=2),
)  # fmt: skip
sessions = st.builds(
    lambda day, h, fmt, provider, vetted, degree, about: {
        "date": iso(day), "hours": h, "format": fmt, "provider_endorsement": provider,
        "provider_vetted": vetted, "provider_degree": degree, "about_rsc_provided": about},
    st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 6, 1)), hours,
    st.sampled_from(["individual", "group", "peer"]), st.sampled_from(CODES), st.booleans(),
    st.sampled_from(["bachelor", "master", "doctorate", None]), st.booleans(),
)  # fmt: skip
references = st.builds(
    lambda rel, endorsement, vetted, status: {"relationship": rel, "rater_endorsement": endorsement,
                                              "rater_vetted": vetted, "status": status},
    st.sampled_from(["current_supervisor", "other_supervisor", "rsc_provider", "rsc_recipient",
                     "supervisee", "colleague", "parent", "department_chair", "student"]),
    st.sampled_from(CODES), st.booleans(), st.sampled_from(["requested", "submitted", "declined"]),
)  # fmt: skip


@st.composite
def dossiers(draw):
    category = draw(st.sampled_from(CATEGORIES))
    association = association_for(category) if category == "IFRS" else draw(
        st.sampled_from(["MI-AIMH", "WI-AIMH", "WA-AIMH", "MassAIMH"]))  # fmt: skip
    return {
        "association": association,
        "category": category,
        "purpose": draw(st.sampled_from(["application", "renewal"])),
        "as_of": iso(draw(st.dates(min_value=dt.date(2023, 6, 1), max_value=dt.date(2027, 6, 1)))),
        "degrees": draw(st.lists(degrees, max_size=3)),
        "certificates": draw(st.lists(st.builds(
            lambda kind, day, doc: {"kind": kind, "completed_on": iso(day), "document": doc},
            st.sampled_from(["cda", "university_certificate", "postgraduate_specialization"]),
            days, st.booleans()), max_size=2)),
        "work": draw(st.lists(work_periods(), max_size=4)),
        "trainings": draw(st.lists(trainings, max_size=8)),
        "rsc": draw(st.lists(sessions, max_size=30)),
        "provides_rsc": draw(st.booleans()),
        "leadership_activities": draw(st.lists(st.builds(
            lambda level: {"title": "l", "level": level},
            st.sampled_from(["regional", "state", "national"])), max_size=2)),
        "references": draw(st.lists(references, max_size=4)),
        "code_of_ethics_signed": draw(st.booleans()),
        "agreement_signed": draw(st.booleans()),
        "membership_expires_on": draw(st.one_of(st.none(), days.map(iso))),
        "exam": draw(st.sampled_from(["not_taken", "passed", "failed"])),
        "endorsed_since": iso(draw(days)),
        "renewal_year": draw(st.sampled_from([None, 2024, 2025, 2026])),
    }  # fmt: skip


def statuses(dossier: dict) -> dict[str, str]:
    return {r.code: r.status for r in evaluate(dossier, ruleset=RULES).requirements}


@SETTINGS
@given(dossiers())
def test_never_raises_on_a_well_formed_dossier(dossier):
    evaluation = evaluate(dossier, ruleset=RULES)

    assert evaluation.ready == all(
        r.status in ("met", "not_applicable") for r in evaluation.requirements if r.blocks
    )
    assert all(r.message for r in evaluation.requirements)


@SETTINGS
@given(dossiers(), st.data())
def test_adding_evidence_never_turns_met_into_unmet(dossier, data):
    before = statuses(dossier)
    kind = data.draw(st.sampled_from(["trainings", "rsc", "references"]))
    item = data.draw({"trainings": trainings, "rsc": sessions, "references": references}[kind])
    if kind == "references":
        item["status"] = "submitted"
    more = {**dossier, kind: [*dossier[kind], item]}

    after = statuses(more)

    assert [
        code for code, status in before.items() if status == "met" and after[code] != "met"
    ] == []


@SETTINGS
@given(dossiers(), st.randoms(use_true_random=False))
def test_list_order_never_changes_the_verdict(dossier, random):
    shuffled = dict(dossier)
    for name in ("degrees", "certificates", "work", "trainings", "rsc", "references",
                 "leadership_activities"):  # fmt: skip
        items = list(dossier[name])
        random.shuffle(items)
        shuffled[name] = items

    assert evaluate(shuffled, ruleset=RULES).to_dict() == evaluate(dossier, ruleset=RULES).to_dict()
