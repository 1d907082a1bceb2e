"""The training import page offers a sample CSV file, and the sample imports as it is."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Training

SAMPLE = Path(__file__).resolve().parents[2] / "static/applications/training-import-sample.csv"


def test_import_page_links_a_sample_that_imports_cleanly(owner_client, application):
    page_url = reverse("applications:training_import", kwargs={"uuid": application.uuid})
    page = owner_client.get(page_url).content.decode()

    assert '<a href="/static/applications/training-import-sample.csv" download=' in page
    assert "Download a sample CSV file (two example rows)" in page
    text = SAMPLE.read_text()
    assert text.splitlines()[0] == "date,title,provider,hours,topics,competency_areas"
    assert len(text.splitlines()) == 3

    checked = owner_client.post(page_url, {"file": SimpleUploadedFile("s.csv", text.encode())})
    assert checked.status_code == 200
    assert "2 rows are ready to import." in checked.content.decode()

    before = Training.objects.count()
    done = owner_client.post(page_url, {"csv_text": text, "confirm": "1"})
    assert done.status_code == 302
    assert Training.objects.count() == before + 2
    assert "2 trainings imported." in owner_client.get(done["Location"]).content.decode()
