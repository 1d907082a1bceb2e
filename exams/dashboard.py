"""Next steps on the dashboard: the candidate's exam, the grader's essays (by code only), the
coordinator's exam page and the exam administrator's bank."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from easy.accounts.dashboard import Step, register
from easy.accounts.enums import Role

from .enums import ApprovalStatus, GradingStatus, SittingStatus
from .models import ExamApproval, Grading, Sitting


@register(Role.APPLICANT)
def candidate_steps(user, association) -> list[Step]:
    steps = []
    for approval in ExamApproval.objects.filter(candidate=user).exclude(
        status=ApprovalStatus.PASSED
    ):
        url = reverse("exams:approval", kwargs={"uuid": approval.uuid})
        if approval.is_active:
            text = _("Written exam: register and sit it before %(date)s") % {
                "date": date_format(approval.valid_until, "j F Y")
            }
        else:
            text = _("Written exam: your approval to sit it has ended")
        steps.append(Step(text, url, not approval.is_active))
    return steps


@register(Role.EXAM_GRADER)
def grader_steps(user, association) -> list[Step]:
    waiting = Grading.objects.filter(
        grader=user,
        status=GradingStatus.ASSIGNED,
        sitting__registration__approval__association=association,
    ).count()
    if not waiting:
        return []
    return [
        Step(_("%(n)s exam essay(s) to grade") % {"n": waiting}, reverse("exams:gradings"), True)
    ]


@register(Role.COORDINATOR)
@register(Role.ASSOCIATION_ADMIN)
def coordinator_steps(user, association) -> list[Step]:
    url = reverse("exams:staff", kwargs={"code": association.code})
    steps = []
    grading = Sitting.objects.filter(
        registration__approval__association=association, status=SittingStatus.GRADING
    ).count()
    if grading:
        steps.append(Step(_("%(n)s exam essay(s) in grading") % {"n": grading}, url))
    if ExamApproval.objects.filter(association=association).exists():
        steps.append(Step(_("Open the exam page"), url))
    return steps


@register(Role.EXAM_ADMINISTRATOR)
def exam_admin_steps(user, association) -> list[Step]:
    return [Step(_("Open the question bank"), reverse("exams:bank"))]
