"""The Competencies page keeps every area's text, and a training tagged with an area in the log
(or the CSV import) counts as evidence for it on the page, on the submit summary and in the
reviewers' packet."""

from django.urls import reverse

from applications.models import Application
from applications.queries import evidence_by_area, with_workspace
from endorsements.queries import competency_areas_for
from reviews.packet import load, packet_context
from tests.factories.applications import TrainingFactory


def narrative_url(application, area):
    return reverse("applications:narrative", kwargs={"uuid": application.uuid, "area": area})


def competencies_url(application):
    return reverse(
        "applications:section", kwargs={"uuid": application.uuid, "section": "competencies"}
    )


def test_saving_one_area_keeps_what_was_typed_in_the_others(owner_client, application):
    page = owner_client.get(competencies_url(application)).content.decode()
    assert page.count("data-warn-unsaved") == 1  # one form for every area

    response = owner_client.post(
        narrative_url(application, "reflection"),
        {
            "reflection-narrative": "I use RS/C every month.",
            "thinking-narrative": "Typed but not saved with its own button.",
            "communicating-narrative": "",
        },
    )

    assert response.status_code == 302
    saved = dict(application.narratives.values_list("area_code", "narrative"))
    assert saved == {
        "reflection": "I use RS/C every month.",
        "thinking": "Typed but not saved with its own button.",
    }


def test_a_refused_save_shows_every_area_as_typed(owner_client, application):
    response = owner_client.post(
        narrative_url(application, "reflection"),
        {"reflection-narrative": "x" * 6001, "thinking-narrative": "Kept on the page."},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Kept on the page.</textarea>" in page
    assert not application.narratives.exists()


def test_training_tagged_with_an_area_is_evidence_everywhere(owner_client, application):
    tagged = TrainingFactory(
        application=application, title="Circle of Security", competency_areas=["reflection"]
    )
    TrainingFactory(application=application, title="Untagged", competency_areas=[])
    areas = competency_areas_for(application.category)

    evidence = {e.code: e for e in evidence_by_area(application, areas)}
    assert [t.title for t in evidence["reflection"].trainings] == ["Circle of Security"]
    assert evidence["thinking"].trainings == []

    page = owner_client.get(competencies_url(application)).content.decode()
    assert "Tied to this area: Circle of Security (6 h)" in page

    submit = owner_client.get(
        reverse("applications:submit", kwargs={"uuid": application.uuid})
    ).content.decode()
    reflection = next(a for a in areas if a.code == "reflection")
    assert f"<li>{reflection.name}: 1 training, 0 work periods</li>" in submit

    packet = packet_context(load(application))
    by_code = {a.code: a for a in packet["areas"]}
    assert by_code["reflection"].trainings == [tagged]
    loaded = with_workspace(Application.objects.filter(pk=application.pk)).get()
    assert [e.trainings for e in evidence_by_area(loaded, areas)] == [
        e.trainings for e in packet["areas"]
    ]
