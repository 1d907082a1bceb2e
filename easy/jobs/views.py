from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from easy.lib.storage import document_url

from .enums import JobStatus
from .permissions import get_job_for_user
from .registry import maker_for


def _state(job) -> dict:
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": job.percent,
        "done": job.done,
        "total": job.total,
        "message": job.message,
    }


@login_required
@require_http_methods(["GET"])
def progress(request, uuid):
    """How far the file is, and its link when it is ready. Works without JavaScript (a
    "check again" link); with it, the bar follows ``status.json``."""
    job = get_job_for_user(request.user, uuid)
    return render(
        request,
        "jobs/progress.html",
        {"job": job, "label": maker_for(job.kind).label, "state": _state(job)},
    )


@login_required
@require_http_methods(["GET"])
def status(request, uuid):
    job = get_job_for_user(request.user, uuid)
    return JsonResponse(_state(job))


@login_required
@require_http_methods(["GET"])
def download(request, uuid):
    """The finished file, through a short-lived link to the document store."""
    job = get_job_for_user(request.user, uuid)
    if job.status != JobStatus.DONE or not job.file_name:
        raise Http404
    return redirect(document_url(job.file_name))
