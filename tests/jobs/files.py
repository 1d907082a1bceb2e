"""Following a background file the way a person does: the page that asks for it sends them to
its progress page, where the download link leads to the stored file."""

from django.urls import reverse

from easy.jobs.models import Job


def ask_for_file(client, capture, path, data=None):
    """GET ``path`` (which starts a background file), run the task the request queued, and
    return (the job, the progress page's response)."""
    with capture(execute=True):
        response = client.get(path, data or {})
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/files/"), response["Location"]
    job = Job.objects.get(uuid=response["Location"].split("/")[2])
    return job, client.get(response["Location"])


def download(client, job):
    """The finished file's bytes, through the download link and the document link."""
    response = client.get(reverse("jobs:download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 302, response.status_code
    stored = client.get(response["Location"])
    assert stored.status_code == 200
    return b"".join(stored.streaming_content)
