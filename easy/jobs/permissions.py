"""Who may see a background file: the person who asked for it. Staff files also need a staff
session with a second factor, as the page that made them did."""

from django.http import Http404

from easy.accounts.permissions import (
    SecondFactorRequired,
    is_staff_member,
    not_found,
    staff_powers,
)

from .models import Job
from .registry import maker_for


def can_see_job(user, job: Job) -> bool:
    return getattr(user, "is_authenticated", False) and job.owner_id == user.pk


def get_job_for_user(user, uuid) -> Job:
    """The job if ``user`` asked for it; 404 for anyone else."""
    job = Job.objects.select_related("owner").filter(uuid=uuid).first()
    if job is None or not can_see_job(user, job):
        raise not_found(user)
    maker = maker_for(job.kind)
    if maker.staff:
        if not is_staff_member(user):
            raise Http404
        if not staff_powers(user):
            raise SecondFactorRequired
    if maker.allowed is not None and not maker.allowed(user, job):
        raise Http404
    return job
