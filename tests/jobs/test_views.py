import pytest
from django.urls import reverse

from easy.jobs import services
from easy.jobs.tasks import task_make_file
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def page(name, job):
    return reverse(f"jobs:{name}", kwargs={"uuid": job.uuid})


def test_progress_page_shows_the_download_when_ready(numbers_kind, client):
    ada = UserFactory()
    job = services.start("numbers", actor=ada, params={"lines": 20})
    client.force_login(ada)

    waiting = client.get(page("progress", job)).content.decode()
    task_make_file(job_id=job.pk)
    ready = client.get(page("progress", job)).content.decode()

    assert "Check again" in waiting and 'id="job-download" hidden' in waiting
    assert "Your file is ready" in ready and "Download numbers.txt" in ready
    assert client.get(page("status", job)).json() == {
        "status": "done",
        "status_label": "Ready",
        "percent": 100,
        "done": 20,
        "total": 20,
        "message": "",
    }


def test_someone_else_gets_404(numbers_kind, client):
    job = services.start("numbers", actor=UserFactory(), params={"lines": 5})
    task_make_file(job_id=job.pk)
    client.force_login(UserFactory())

    for name in ("progress", "status", "download"):
        assert client.get(page(name, job)).status_code == 404


def test_download_before_ready_is_404_and_post_is_405(numbers_kind, client):
    ada = UserFactory()
    job = services.start("numbers", actor=ada, params={"lines": 5})
    client.force_login(ada)

    assert client.get(page("download", job)).status_code == 404
    assert client.post(page("progress", job)).status_code == 405


def test_anonymous_is_sent_to_sign_in(numbers_kind, client):
    job = services.start("numbers", actor=UserFactory(), params={"lines": 5})

    response = client.get(page("progress", job))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
