"""Table-driven: every category, every requirement met and unmet, association overrides and
the date boundaries of dated rules."""

import datetime as dt

import pytest

from endorsements.rules import evaluate

from .builders import CATEGORIES, MENTORS, association_for, changed, ready, renewal


def judge(dossier, rules):
    return evaluate(dossier, ruleset=rules)


def result(dossier, rules, code):
    found = judge(dossier, rules).get(code)
    assert found is not None, f"{code} not listed"
    return found


# -- every category ------------------------------------------------------------------------------

EXPECTED_CODES = {
    "IFA": ["education", "training_hours", "rsc_hours", "references", "reference_roles",
            "reference_endorsed_rater", "code_of_ethics", "agreement", "membership"],
    "IFS": ["education", "work_experience", "training_hours", "rsc_hours", "references",
            "reference_roles", "reference_endorsed_rater", "code_of_ethics", "agreement",
            "membership"],
    "IMHS": ["education", "work_experience", "training_hours", "rsc_hours", "references",
             "reference_roles", "reference_endorsed_rater", "code_of_ethics", "agreement",
             "membership", "exam"],
    "IMHM-C": ["education", "work_experience", "training_hours", "training_rsc_provision_hours",
               "rsc_hours", "rsc_about_provision", "leadership_activities", "references",
               "reference_roles", "reference_endorsed_rater", "code_of_ethics", "agreement",
               "membership", "exam"],
    "IMHM-P": ["education", "work_experience", "training_hours", "rsc_hours",
               "leadership_activities", "references", "reference_roles",
               "reference_endorsed_rater", "code_of_ethics", "agreement", "membership", "exam"],
    "IFRS": ["work_experience", "training_hours", "rsc_hours", "references", "code_of_ethics",
             "agreement", "membership"],
}  # fmt: skip
TWINS = {"ECFA": "IFA", "ECFS": "IFS", "ECMHS": "IMHS", "ECMHM-C": "IMHM-C", "ECMHM-P": "IMHM-P",
         "IMHM-R/F": "IMHM-P", "ECMHM-R/F": "IMHM-P"}  # fmt: skip


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_lists_its_requirements_in_checklist_order(category, rules):
    evaluation = judge(ready(category), rules)

    assert [r.code for r in evaluation.requirements] == EXPECTED_CODES[
        TWINS.get(category, category)
    ]


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_ready_when_every_requirement_is_met(category, rules):
    evaluation = judge(ready(category), rules)

    assert evaluation.ready is True
    assert evaluation.met_count == evaluation.required_count
    assert all(r.status in ("met", "not_applicable") for r in evaluation.requirements)


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_renewal_ready_when_every_renewal_requirement_is_met(category, rules):
    evaluation = judge(renewal(category), rules)

    assert evaluation.ready is True
    codes = {r.code for r in evaluation.requirements}
    assert codes >= {"renewal_training_hours", "renewal_rsc_hours", "membership", "code_of_ethics"}
    # DOMAIN.md §5: training about providing RS/C concerns only these six categories.
    assert ("renewal_rsc_training_hours" in codes) is (category in RSC_TRAINING_CATEGORIES)


RSC_TRAINING_CATEGORIES = {"IFS", "ECFS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"}


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_not_ready_without_signed_agreement(category, rules):
    evaluation = judge(changed(ready(category), lambda d: d.update(agreement_signed=False)), rules)

    assert evaluation.ready is False
    assert evaluation.get("agreement").status == "unmet"
    assert evaluation.met_count == evaluation.required_count - 1


def test_evaluation_to_dict_is_the_readme_shape(rules):
    out = judge(ready("IFS"), rules).to_dict()

    assert list(out) == ["association", "category", "purpose", "as_of", "ready", "requirements"]
    assert out["as_of"] == "2026-03-01"
    assert out["requirements"][0] == {
        "code": "education", "severity": "required", "status": "met", "have": None,
        "need": None, "message": "Your MSW counts (official transcript received).",
    }  # fmt: skip


# -- one case per requirement, met and unmet -----------------------------------------------------


def _degree(level, completed_on="2015-06-01", transcript=True, name=""):
    return {"level": level, "name": name, "completed_on": completed_on, "transcript": transcript}


def _rsc(date, hours, provider="IMHM-C", **extra):
    return {"date": date, "hours": hours, "format": "individual",
            "provider_endorsement": provider, "provider_vetted": False,
            "provider_degree": "master", "about_rsc_provided": False, **extra}  # fmt: skip


def _monthly(first_year, first_month, count, hours, provider="IMHM-C", **extra):
    out, y, m = [], first_year, first_month
    for _ in range(count):
        out.append(_rsc(f"{y}-{m:02d}-10", hours, provider, **extra))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _work(start, end, service, *, paid=True, age="both", families=0, **extra):
    return {"title": "w", "start": start, "end": end, "paid": paid, "age_group": age,
            "service": service, "families_served": families, **extra}  # fmt: skip


def _refs(*pairs):
    return [{"relationship": rel, "rater_endorsement": endorsement, "rater_vetted": False,
             "status": "submitted"} for rel, endorsement in pairs]  # fmt: skip


def _set(**fields):
    return lambda d: d.update(fields)


CASES = [
    # (id, category, association, change, code, status, have)
    ("education-ifa-degree", "IFA", None, _set(degrees=[_degree("associate")]), "education", "met", None),
    ("education-ifa-cda", "IFA", None, _set(degrees=[], work=[], certificates=[
        {"kind": "cda", "completed_on": "2020-01-01", "document": True}]), "education", "met", None),
    ("education-ifa-two-years-work", "IFA", None, _set(degrees=[], work=[
        _work("2022-01-01", "2023-12-31", "promotion", age="infant")]), "education", "met", None),
    ("education-ifa-volunteer-accepted", "IFA", None, _set(degrees=[], work=[
        _work("2022-01-01", "2023-12-31", "promotion", paid=False, volunteer_qualifies=True)]),
        "education", "met", None),
    ("education-ifa-one-year-work", "IFA", None, _set(degrees=[], work=[
        _work("2023-01-01", "2023-12-31", "promotion")]), "education", "unmet", None),
    ("education-ecfa-infant-work-only", "ECFA", None, _set(degrees=[], work=[
        _work("2020-01-01", "2023-12-31", "promotion", age="infant")]), "education", "unmet", None),
    ("education-ifs-no-transcript", "IFS", None, _set(degrees=[_degree("bachelor", transcript=False)]),
        "education", "unmet", None),
    ("education-ifs-associate", "IFS", None, _set(degrees=[_degree("associate")]), "education", "unmet", None),
    ("education-imhs-bachelor", "IMHS", None, _set(degrees=[_degree("bachelor")]), "education", "unmet", None),
    ("education-imhs-postgraduate-specialization", "IMHS", None, _set(degrees=[_degree("bachelor")],
        certificates=[{"kind": "postgraduate_specialization", "completed_on": "2015-06-01",
                       "document": True}]), "education", "met", None),
    ("education-future-degree", "IMHS", None, _set(degrees=[_degree("master", "2027-06-01")]),
        "education", "unmet", None),
    ("work-ifs-before-bachelor", "IFS", None, _set(degrees=[_degree("bachelor", "2020-01-01")]),
        "work_experience", "unmet", 0),
    ("work-ifs-families", "IFS", None, _set(work=[_work("2015-09-01", "2019-08-31", "prevention",
        families=9)]), "work_experience", "unmet", 48),
    ("work-ifs-unpaid", "IFS", None, _set(work=[_work("2015-09-01", "2019-08-31", "prevention",
        paid=False, families=20)]), "work_experience", "unmet", 0),
    ("work-ifs-overlaps-count-once", "IFS", None, _set(work=[
        _work("2020-01-01", "2021-06-30", "prevention", families=5),
        _work("2021-01-01", "2021-12-31", "prevention", families=5)]), "work_experience", "met", 24.0),
    ("work-ifs-23-months", "IFS", None, _set(work=[_work("2020-01-01", "2021-11-30", "prevention",
        families=20)]), "work_experience", "unmet", 23.0),
    ("work-ecfs-infant-only", "ECFS", None, _set(work=[_work("2015-09-01", "2019-08-31",
        "prevention", age="infant", families=20)]), "work_experience", "unmet", 0),
    ("work-imhs-internship-endorsed", "IMHS", None, _set(work=[
        _work("2014-06-01", "2015-05-31", "intervention", paid=False, internship=True,
              internship_supervisor_endorsement="IMHS"),
        _work("2015-06-01", "2016-05-31", "intervention")]), "work_experience", "met", 24.0),
    ("work-imhs-internship-unendorsed", "IMHS", None, _set(work=[
        _work("2014-06-01", "2015-05-31", "intervention", paid=False, internship=True,
              internship_supervisor_endorsement="IFS"),
        _work("2015-06-01", "2016-05-31", "intervention")]), "work_experience", "unmet", 12.0),
    ("work-imhs-internship-capped", "IMHS", None, _set(work=[
        _work("2013-06-01", "2015-05-31", "intervention", internship=True,
              internship_supervisor_endorsement="IMHM-C"),
        _work("2015-06-01", "2015-11-30", "intervention")]), "work_experience", "unmet", 18.0),
    ("work-mentor-c-no-rsc-provision", "IMHM-C", None, lambda d: d.update(work=[
        w for w in d["work"] if w["service"] != "rsc_provision"]), "work_experience", "unmet", 0),
    ("work-mentor-p-short", "IMHM-P", None, _set(work=[_work("2024-01-01", None, "policy_leadership")]),
        "work_experience", "unmet", 26.0),
    ("work-mentor-rf", "ECMHM-R/F", None, _set(work=[_work("2022-01-01", None,
        "research_faculty_leadership")]), "work_experience", "met", 50.0),
    ("training-29-5", "IFS", None, _set(trainings=[{"title": "t", "date": "2020-01-01", "hours": 29.5}]),
        "training_hours", "unmet", 29.5),
    ("training-30", "IFS", None, _set(trainings=[{"title": "t", "date": "2020-01-01", "hours": 30}]),
        "training_hours", "met", 30),
    ("training-after-as-of", "IFA", None, _set(trainings=[
        {"title": "t", "date": "2026-03-02", "hours": 40}]), "training_hours", "unmet", 0),
    ("training-rsc-provision-14", "IMHM-C", None, _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 60},
        {"title": "r", "date": "2020-01-01", "hours": 14, "topics": ["rsc_provision"]}]),
        "training_rsc_provision_hours", "unmet", 14),
    ("rsc-ifs-23-5", "IFS", None, _set(rsc=[*_monthly(2022, 1, 13, 1.5), _rsc("2023-02-10", 4)]),
        "rsc_hours", "unmet", 23.5),
    ("rsc-ifs-before-bachelor", "IFS", None, _set(degrees=[_degree("bachelor", "2022-07-01")]),
        "rsc_hours", "met", 45),
    ("rsc-ifs-provider-not-accepted", "IFS", None, _set(rsc=_monthly(2022, 1, 24, 2.5, "IFS")),
        "rsc_hours", "unmet", 0),
    ("rsc-ifs-bachelor-with-masters-ifs-provider", "IFS", None, _set(
        degrees=[_degree("bachelor")], rsc=_monthly(2022, 1, 24, 2.5, "IFS")), "rsc_hours", "met", 60),
    ("rsc-ifs-bachelor-with-bachelors-ifs-provider", "IFS", None, _set(
        degrees=[_degree("bachelor")], rsc=_monthly(2022, 1, 24, 2.5, "IFS", provider_degree="bachelor")),
        "rsc_hours", "unmet", 0),
    ("rsc-ecfs-ecmhs-provider", "ECFS", None, _set(rsc=_monthly(2022, 1, 24, 2.5, "ECMHS")),
        "rsc_hours", "met", 60),
    ("rsc-ifs-ecmhs-provider", "IFS", None, _set(rsc=_monthly(2022, 1, 24, 2.5, "ECMHS")),
        "rsc_hours", "unmet", 0),
    ("rsc-span-under-12-months", "IMHS", None, _set(rsc=_monthly(2022, 1, 11, 6)),
        "rsc_hours", "unmet", 0),
    ("rsc-span-12-months", "IMHS", None, _set(rsc=_monthly(2022, 1, 13, 4)), "rsc_hours", "met", 52),
    ("rsc-best-window-of-24-months", "IMHS", None, _set(rsc=_monthly(2020, 1, 36, 2)),
        "rsc_hours", "met", 50),
    ("rsc-window-too-thin", "IMHS", None, _set(rsc=_monthly(2020, 1, 36, 1.5)),
        "rsc_hours", "unmet", 37.5),
    ("rsc-peer-not-counted", "IMHS", None, _set(rsc=_monthly(2022, 1, 24, 2.5, format="peer")),
        "rsc_hours", "unmet", 0),
    ("rsc-imhs-provider-for-mentor-c", "IMHM-C", None, _set(rsc=_monthly(2022, 1, 24, 2.5, "IMHS")),
        "rsc_hours", "unmet", 0),
    ("rsc-mentor-c-while-not-providing", "IMHM-C", None, _set(rsc=_monthly(2017, 1, 24, 2.5)),
        "rsc_hours", "unmet", 0),
    ("rsc-ecmhm-c-vetted-provider", "ECMHM-C", None, _set(rsc=_monthly(2022, 1, 24, 2.5, None,
        provider_vetted=True)), "rsc_hours", "met", 60),
    ("rsc-imhm-c-vetted-provider", "IMHM-C", None, _set(rsc=_monthly(2022, 1, 24, 2.5, None,
        provider_vetted=True)), "rsc_hours", "unmet", 0),
    ("rsc-ifa-encouraged", "IFA", None, _set(rsc=[]), "rsc_hours", "unmet", 0),
    ("rsc-about-provision-24", "IMHM-C", None, _set(rsc=_monthly(2022, 1, 12, 2, about_rsc_provided=True)
        + _monthly(2023, 1, 12, 2.5)), "rsc_about_provision", "unmet", 24),
    ("leadership-none", "IMHM-P", None, _set(leadership_activities=[]), "leadership_activities",
        "unmet", 0),
    ("leadership-regional", "ECMHM-C", None, _set(leadership_activities=[
        {"title": "Regional network", "level": "regional"}]), "leadership_activities", "met", 1),
    ("references-two", "IFS", None, lambda d: d["references"][2].update(status="requested"),
        "references", "unmet", 2),
    ("references-declined", "IFA", None, lambda d: d["references"][2].update(status="declined"),
        "references", "unmet", 2),
    ("roles-ifa-no-supervisor", "IFA", None, _set(references=_refs(("colleague", "IMHS"),
        ("colleague", None), ("parent", None))), "reference_roles", "unmet", 0),
    ("roles-ifs-no-rsc-provider", "IFS", None, _set(references=_refs(("current_supervisor", "IMHS"),
        ("colleague", None), ("colleague", None))), "reference_roles", "unmet", 2),
    ("roles-ifs-supervisee-not-accepted", "IFS", None, _set(references=_refs(
        ("current_supervisor", "IMHS"), ("rsc_provider", None), ("supervisee", None))),
        "reference_roles", "unmet", 2),
    ("roles-imhs-supervisee", "IMHS", None, _set(references=_refs(("current_supervisor", "IMHS"),
        ("rsc_provider", None), ("supervisee", None))), "reference_roles", "met", 3),
    ("roles-mentor-c-needs-recipient", "IMHM-C", None, _set(references=_refs(
        ("current_supervisor", "IMHS"), ("rsc_provider", None), ("colleague", None))),
        "reference_roles", "unmet", 2),
    ("roles-mentor-p-three-colleagues", "IMHM-P", None, _set(references=_refs(("colleague", "IMHS"),
        ("colleague", None), ("colleague", None))), "reference_roles", "met", 3),
    ("roles-mentor-rf-needs-student", "IMHM-R/F", None, _set(references=_refs(
        ("department_chair", "IMHS"), ("rsc_provider", None), ("colleague", None))),
        "reference_roles", "unmet", 2),
    ("endorsed-ifa-any-category", "IFA", None, _set(references=_refs(("current_supervisor", "IFA"),
        ("colleague", None), ("parent", None))), "reference_endorsed_rater", "met", 1),
    ("endorsed-ifa-vetted", "IFA", None, lambda d: d["references"][0].update(
        rater_endorsement=None, rater_vetted=True), "reference_endorsed_rater", "met", 1),
    ("endorsed-ifs-ifa-rater-not-enough", "IFS", None, lambda d: d["references"][0].update(
        rater_endorsement="IFA"), "reference_endorsed_rater", "unmet", 0),
    ("endorsed-ifs-vetted-not-enough", "IFS", None, lambda d: d["references"][0].update(
        rater_endorsement=None, rater_vetted=True), "reference_endorsed_rater", "unmet", 0),
    ("endorsed-requested-does-not-count", "IMHS", None, lambda d: d["references"][0].update(
        status="requested"), "reference_endorsed_rater", "unmet", 0),
    ("code-of-ethics-unsigned", "IMHS", None, _set(code_of_ethics_signed=False), "code_of_ethics",
        "unmet", None),
    ("membership-none", "IFA", None, _set(membership_expires_on=None), "membership", "unmet", None),
    ("membership-expired-day-before", "IFA", None, _set(membership_expires_on="2026-02-28"),
        "membership", "unmet", None),
    ("membership-expires-on-the-day", "IFA", None, _set(membership_expires_on="2026-03-01"),
        "membership", "met", None),
    ("exam-mentor-not-taken", "IMHM-P", None, _set(exam="not_taken"), "exam", "pending", None),
    ("exam-mentor-failed", "ECMHM-C", None, _set(exam="failed"), "exam", "unmet", None),
    ("exam-imhs-before-2025", "IMHS", None, _set(exam="not_taken", as_of="2024-12-31"), "exam",
        "pending", None),
    ("exam-imhs-from-2025", "IMHS", None, _set(exam="not_taken", as_of="2025-01-01"), "exam",
        "not_applicable", None),
    ("exam-ecmhs-from-2025", "ECMHS", None, _set(exam="not_taken", as_of="2025-01-01"), "exam",
        "not_applicable", None),
    ("references-three", "IFS", None, lambda d: None, "references", "met", 3),
    ("references-four-with-one-declined", "IFS", None, lambda d: d["references"].append(
        {"relationship": "colleague", "status": "declined"}), "references", "met", 3),
    ("training-rsc-provision-16", "ECMHM-C", None, lambda d: None, "training_rsc_provision_hours",
        "met", 16),
    ("rsc-about-provision-60", "IMHM-C", None, lambda d: None, "rsc_about_provision", "met", 60),
    ("exam-passed", "IMHM-R/F", None, lambda d: None, "exam", "met", None),
    ("agreement-signed", "IFA", None, lambda d: None, "agreement", "met", None),
    ("agreement-unsigned", "IFA", None, _set(agreement_signed=False), "agreement", "unmet", None),
    ("code-of-ethics-signed", "IFRS", "WA-AIMH", lambda d: None, "code_of_ethics", "met", None),
    # Washington
    ("wa-ifs-no-degree", "IFS", "WA-AIMH", _set(degrees=[]), "education", "not_applicable", None),
    ("wa-ifs-work-before-any-degree", "IFS", "WA-AIMH", _set(degrees=[_degree("bachelor", "2025-01-01")]),
        "work_experience", "met", 48),
    ("wa-ifs-rsc-before-any-degree", "IFS", "WA-AIMH", _set(degrees=[], rsc=_monthly(2022, 1, 24, 1)),
        "rsc_hours", "met", 24),
    ("wa-ecfs-still-needs-degree", "ECFS", "WA-AIMH", _set(degrees=[]), "education", "unmet", None),
    ("wa-ifrs-48-hours-training", "IFRS", "WA-AIMH", _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 47}]), "training_hours", "unmet", 47),
    ("wa-ifrs-rsc-24", "IFRS", "WA-AIMH", _set(rsc=_monthly(2022, 1, 13, 1.5)), "rsc_hours",
        "unmet", 19.5),
    ("wa-ifrs-work", "IFRS", "WA-AIMH", _set(work=[_work("2024-06-01", None, "prevention")]),
        "work_experience", "unmet", 21.0),
    ("wa-mentor-p-33", "IMHM-P", "WA-AIMH", _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 32}]), "training_hours", "unmet", 32),
    ("mi-mentor-p-30", "IMHM-P", None, _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 32}]), "training_hours", "met", 32),
    ("wa-mentor-c-48", "IMHM-C", "WA-AIMH", _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 30, "topics": ["dei"]},
        {"title": "r", "date": "2020-01-01", "hours": 15, "topics": ["rsc_provision"]}]),
        "training_hours", "unmet", 45),
    ("wa-mentor-c-dei-2", "ECMHM-C", "WA-AIMH", _set(trainings=[
        {"title": "t", "date": "2020-01-01", "hours": 60, "topics": []},
        {"title": "d", "date": "2020-01-01", "hours": 2, "topics": ["dei"]},
        {"title": "r", "date": "2020-01-01", "hours": 15, "topics": ["rsc_provision"]}]),
        "training_dei_hours", "unmet", 2),
    ("wa-mentor-c-dei-3", "IMHM-C", "WA-AIMH", lambda d: None, "training_dei_hours", "met", 4),
    # Massachusetts temporary exceptions, last day 2023-12-31
    ("mass-vetted-provider-2023", "IFS", "MassAIMH", _set(as_of="2023-12-31",
        rsc=_monthly(2022, 1, 20, 2, None, provider_vetted=True)), "rsc_hours", "met", 40),
    ("mass-vetted-provider-2024", "IFS", "MassAIMH", _set(as_of="2024-01-01",
        rsc=_monthly(2022, 1, 20, 2, None, provider_vetted=True)), "rsc_hours", "unmet", 0),
    ("mi-vetted-provider-2023", "IFS", None, _set(as_of="2023-12-31",
        rsc=_monthly(2022, 1, 20, 2, None, provider_vetted=True)), "rsc_hours", "unmet", 0),
    ("mass-vetted-rater-2023", "IMHS", "MassAIMH", lambda d: d.update(as_of="2023-12-31") or
        d["references"][0].update(rater_endorsement=None, rater_vetted=True),
        "reference_endorsed_rater", "met", 1),
    ("mass-vetted-rater-2024", "IMHS", "MassAIMH", lambda d: d.update(as_of="2024-01-01") or
        d["references"][0].update(rater_endorsement=None, rater_vetted=True),
        "reference_endorsed_rater", "unmet", 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "association", "change", "code", "status", "have"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_requirement(category, association, change, code, status, have, rules):
    dossier = changed(ready(category, association), change)

    found = result(dossier, rules, code)

    assert (found.status, found.have) == (status, have), found.message


def test_every_code_has_a_met_and_an_unmet_case():
    seen = {(code, status) for *_, code, status, _ in CASES + RENEWAL_CASES}
    codes = {code for *_, code, _, _ in CASES + RENEWAL_CASES} | {"renewal_dei_training_hours"}
    seen |= {("renewal_dei_training_hours", "met"), ("renewal_dei_training_hours", "unmet")}

    assert {c for c in codes if (c, "met") in seen and (c, "unmet") in seen} == codes


def test_mass_about_provision_is_recommended_until_2023(rules):
    dossier = ready("IMHM-C", "MassAIMH", as_of="2023-12-31")
    dossier["rsc"] = _monthly(2022, 1, 24, 2.5)  # none about the RS/C provided

    before = judge(dossier, rules)
    after = judge({**dossier, "as_of": "2024-01-01"}, rules)

    assert before.get("rsc_about_provision").severity == "recommended"
    assert before.get("rsc_about_provision").status == "unmet"
    assert before.ready is True
    assert after.get("rsc_about_provision").severity == "required"
    assert after.ready is False


def test_wisconsin_quotes_90_hours_typical_for_mentors(rules):
    dossier = ready("IMHM-P", "WI-AIMH")

    message = result(dossier, rules, "training_hours").message

    assert message == (
        "80 hours of training (30 needed). Successful IMHM-P applications typically show about "
        "90 hours."
    )


def test_exam_failed_does_not_block_ready(rules):
    evaluation = judge(changed(ready("IMHM-C"), _set(exam="failed")), rules)

    assert evaluation.ready is True
    assert evaluation.get("exam").status == "unmet"


def test_rsc_message_names_what_does_not_count(rules):
    dossier = ready("IFS")
    dossier["degrees"] = [_degree("bachelor", "2022-05-01", name="BA")]
    dossier["rsc"] = (
        _monthly(2022, 1, 4, 1.5)  # 4 before the degree
        + _monthly(2022, 5, 2, 1.5, "IFA")  # 2 with a provider IFS does not accept
        + _monthly(2022, 7, 12, 1.5)
        + [_rsc("2023-07-10", 0.5)]
    )

    found = result(dossier, rules, "rsc_hours")

    assert found.status == "unmet"
    assert (found.have, found.need) == (18.5, 24)
    assert found.message == (
        "18.5 of 24 hours of RS/C count: 4 sessions are before your bachelor's degree; "
        "2 sessions are with a provider who is not endorsed as IMHM-C or IMHS."
    )


def test_work_message_explains_each_part(rules):
    dossier = ready("IMHM-C")
    dossier["work"] = [_work("2016-01-01", "2017-12-31", "intervention"),
                       _work("2024-03-01", None, "rsc_provision")]  # fmt: skip

    found = result(dossier, rules, "work_experience")

    assert (found.status, found.have, found.need) == ("unmet", 24.0, 36)
    assert found.message == (
        "24 of 24 months of paid, supervised, relationship-based work with young children and "
        "their caregivers count. 24 of 36 months of post-graduate experience providing RS/C to "
        "others count."
    )


def test_reference_roles_message_says_who_is_missing(rules):
    dossier = ready("IFS")
    dossier["references"] = _refs(("current_supervisor", "IMHS"), ("colleague", None))
    dossier["references"].append(
        {"relationship": "rsc_provider", "rater_endorsement": None, "status": "requested"}
    )

    found = result(dossier, rules, "reference_roles")

    assert found.message == (
        "Still needed: a submitted rating from your RS/C provider. Some of these are requested "
        "and not submitted yet."
    )


# -- renewal -------------------------------------------------------------------------------------

RENEWAL_CASES = [
    ("renewal-training-14", "IFS", None, _set(trainings=[
        {"title": "t", "date": "2026-02-01", "hours": 14}]), "renewal_training_hours", "unmet", 14),
    ("renewal-training-16", "ECFA", None, lambda d: None, "renewal_training_hours", "met", 16),
    ("renewal-rsc-training-4", "IMHM-C", None, lambda d: None, "renewal_rsc_training_hours", "met", 4),
    ("renewal-training-last-year-not-counted", "IFS", None, _set(trainings=[
        {"title": "t", "date": "2025-12-31", "hours": 20}]), "renewal_training_hours", "unmet", 0),
    ("renewal-rsc-training-master-ifs-provider", "IFS", None, _set(degrees=[
        {"level": "master", "name": "MSW", "completed_on": "2015-05-01", "transcript": True}],
        trainings=[{"title": "t", "date": "2026-02-01", "hours": 20, "topics": []}]),
        "renewal_rsc_training_hours", "unmet", 0),
    ("renewal-rsc-training-not-provider", "IFS", None, _set(provides_rsc=False, trainings=[
        {"title": "t", "date": "2026-02-01", "hours": 20}]), "renewal_rsc_training_hours",
        "not_applicable", None),
    ("renewal-rsc-training-imhs-not-provider", "IMHS", None, _set(provides_rsc=False, trainings=[
        {"title": "t", "date": "2026-02-01", "hours": 20}]), "renewal_rsc_training_hours",
        "not_applicable", None),
    ("renewal-rsc-training-imhs-provider", "IMHS", None, _set(provides_rsc=True, trainings=[
        {"title": "t", "date": "2026-02-01", "hours": 20}]), "renewal_rsc_training_hours",
        "unmet", 0),
    ("renewal-rsc-training-mentor-c-always", "IMHM-C", None, _set(provides_rsc=False, trainings=[
        {"title": "t", "date": "2026-02-01", "hours": 20}]), "renewal_rsc_training_hours",
        "unmet", 0),
    ("renewal-rsc-training-ifs-bachelor-provider", "IFS", None, _set(provides_rsc=True, degrees=[
        {"level": "bachelor", "name": "BA", "completed_on": "2015-05-01", "transcript": True}],
        trainings=[{"title": "t", "date": "2026-02-01", "hours": 20}]),
        "renewal_rsc_training_hours", "not_applicable", None),
    ("renewal-rsc-11", "IMHS", None, _set(rsc=_monthly(2026, 1, 11, 1)), "renewal_rsc_hours",
        "unmet", 11),
    ("renewal-rsc-12", "IMHS", None, _set(rsc=_monthly(2026, 1, 10, 1.2)), "renewal_rsc_hours",
        "met", 12),
    ("renewal-rsc-other-year", "IFS", None, _set(rsc=_monthly(2025, 1, 12, 1.5)),
        "renewal_rsc_hours", "unmet", 0),
    ("renewal-rsc-mentor-c-new-10", "IMHM-C", None, _set(rsc=_monthly(2026, 1, 10, 1)),
        "renewal_rsc_hours", "unmet", 10),
    ("renewal-rsc-mentor-c-senior-10", "IMHM-C", None, _set(endorsed_since="2023-11-20",
        rsc=_monthly(2026, 1, 10, 1)), "renewal_rsc_hours", "met", 10),
    ("renewal-rsc-mentor-c-senior-day-before", "IMHM-C", None, _set(endorsed_since="2023-11-21",
        rsc=_monthly(2026, 1, 10, 1)), "renewal_rsc_hours", "unmet", 10),
    ("renewal-rsc-mentor-c-senior-peer", "ECMHM-C", None, _set(endorsed_since="2020-01-01",
        rsc=_monthly(2026, 1, 10, 1, "ECMHM-C", format="peer")), "renewal_rsc_hours", "met", 10),
    ("renewal-rsc-mentor-c-peer-other-category", "ECMHM-C", None, _set(endorsed_since="2020-01-01",
        rsc=_monthly(2026, 1, 10, 1, "IMHS", format="peer")), "renewal_rsc_hours", "unmet", 0),
    ("renewal-rsc-ifs-peer", "IFS", None, _set(rsc=_monthly(2026, 1, 10, 1.5, format="peer")),
        "renewal_rsc_hours", "unmet", 0),
    ("renewal-rsc-policy-optional", "IMHM-P", None, _set(rsc=[]), "renewal_rsc_hours", "unmet", 0),
    ("renewal-membership-expired", "IFA", None, _set(membership_expires_on="2026-11-19"),
        "membership", "unmet", None),
    ("renewal-code-of-ethics", "IFA", None, _set(code_of_ethics_signed=False), "code_of_ethics",
        "unmet", None),
    ("mass-renewal-rsc-2023", "IMHS", "MassAIMH", _set(as_of="2023-11-20", renewal_year=2023,
        rsc=[], trainings=[{"title": "t", "date": "2023-05-01", "hours": 15}]),
        "renewal_rsc_hours", "unmet", 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "association", "change", "code", "status", "have"),
    [pytest.param(*case[1:], id=case[0]) for case in RENEWAL_CASES],
)
def test_renewal_requirement(category, association, change, code, status, have, rules):
    dossier = changed(renewal(category, association), change)

    found = result(dossier, rules, code)

    assert (found.status, found.have) == (status, have), found.message


def test_renewal_optional_rsc_for_policy_is_a_recommendation(rules):
    evaluation = judge(changed(renewal("IMHM-P"), _set(rsc=[])), rules)

    assert evaluation.get("renewal_rsc_hours").severity == "recommended"
    assert evaluation.ready is True


def test_mass_renewal_exceptions_are_recommendations_until_2023(rules):
    dossier = changed(
        renewal("IMHS", "MassAIMH"),
        _set(as_of="2023-11-20", renewal_year=2023, rsc=[],
             trainings=[{"title": "t", "date": "2023-05-01", "hours": 15}]),
    )  # fmt: skip

    in_2023 = judge(dossier, rules)
    in_2024 = judge({**dossier, "as_of": "2024-11-20", "renewal_year": 2024,
                     "trainings": [{"title": "t", "date": "2024-05-01", "hours": 15}]}, rules)  # fmt: skip

    assert [(r.code, r.severity) for r in in_2023.requirements if r.status == "unmet"] == [
        ("renewal_rsc_training_hours", "recommended"),
        ("renewal_rsc_hours", "recommended"),
    ]
    assert in_2023.ready is True
    assert in_2024.ready is False


def test_renewal_dei_training_rule_when_an_association_adds_one(rules):
    from endorsements.rules import RuleSet
    from endorsements.rules.ruleset import Rule

    extra = Rule(
        key="test-dei", code="renewal_dei_training_hours", association="WA-AIMH",
        categories=frozenset({"IFS"}), purpose="renewal", severity="required",
        params={"hours": 3}, valid_from=None, valid_to=None,
    )  # fmt: skip
    custom = RuleSet(
        associations=rules.associations,
        categories=list(rules.categories.values()),
        offerings=[(a, c, s, e) for a, items in rules.offerings.items() for c, s, e in items],
        rules=[*rules.rules, extra],
        source="test",
    )
    dossier = renewal("IFS", "WA-AIMH")

    met = evaluate(dossier, ruleset=custom).get("renewal_dei_training_hours")
    unmet = evaluate(
        changed(dossier, lambda d: d["trainings"][1].update(topics=["rsc_provision"])),
        ruleset=custom,
    ).get("renewal_dei_training_hours")

    assert (met.status, met.have, met.need) == ("met", 4, 3)
    assert (unmet.status, unmet.have, unmet.need) == ("unmet", 0, 3)
    assert (
        evaluate(renewal("IFS", "MI-AIMH"), ruleset=custom).get("renewal_dei_training_hours")
        is None
    )


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_is_offered_by_the_association_the_tests_use(category, rules):
    assert rules.offers(association_for(category), category, dt.date(2026, 3, 1))


def test_ifrs_is_offered_by_washington_only(rules):
    day = dt.date(2026, 3, 1)

    assert [a for a in rules.associations if rules.offers(a, "IFRS", day)] == ["WA-AIMH"]


def test_mentors_have_leadership_rule(rules):
    for category in MENTORS:
        assert judge(ready(category), rules).get("leadership_activities") is not None
