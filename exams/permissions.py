"""Who may see and do what in the exam. Predicates here; views call them.

- the candidate reaches their own approval, registrations and sittings; the questions of a part
  only while sitting it, never a key; anyone else gets 404 (a manager of the association may
  read the approval and registration pages: 403 on their forms);
- a grader reaches only the gradings assigned to them (anonymous: a code, never a name), while
  they hold the grader role at the association; anyone else gets 404;
- coordinators and association administrators run the exam of their association;
- exam administrators (a site-level role) keep the question bank; everybody else gets 404.
"""

from django.http import Http404

from easy.accounts.enums import MANAGER_ROLES, Role
from easy.accounts.permissions import (
    get_association_for_user,
    has_role,
    is_manager,
    require,  # noqa: F401  (re-exported: views ask the one require)
    role_pairs,
    staff_powers,
)

from .models import ExamApproval, Grading, Registration, Sitting


def is_exam_admin(user) -> bool:
    """Holds the exam administrator role (at any association: the bank is shared)."""
    if not staff_powers(user):  # signed in, with a second factor in this session
        return False
    return user.is_superuser or any(r == Role.EXAM_ADMINISTRATOR for _, r in role_pairs(user))


def require_exam_admin(user) -> None:
    if not is_exam_admin(user):
        raise Http404


def is_candidate(user, approval: ExamApproval) -> bool:
    return getattr(user, "pk", None) == approval.candidate_id


def may_read_approval(user, approval: ExamApproval) -> bool:
    return is_candidate(user, approval) or is_manager(user, approval.association)


def get_approval_for_user(user, uuid) -> ExamApproval:
    """The candidate's own approval, or one of an association the user manages; else 404."""
    approval = (
        ExamApproval.objects.select_related("application", "association", "candidate")
        .filter(uuid=uuid)
        .first()
    )
    if approval is None or not may_read_approval(user, approval):
        raise Http404
    return approval


def get_registration_for_user(user, uuid) -> Registration:
    registration = (
        Registration.objects.select_related(
            "approval__association", "approval__candidate", "approval__application", "exam_week"
        )
        .filter(uuid=uuid)
        .first()
    )
    if registration is None or not may_read_approval(user, registration.approval):
        raise Http404
    return registration


def get_sitting_for_candidate(user, uuid) -> Sitting:
    """A part of the user's own registration; anyone else (staff included) gets 404."""
    sitting = (
        Sitting.objects.select_related(
            "registration__approval__association",
            "registration__approval__application",
            "registration__exam_week",
        )
        .filter(uuid=uuid, registration__approval__candidate_id=getattr(user, "pk", None))
        .first()
    )
    if sitting is None:
        raise Http404
    return sitting


def shows_questions(sitting: Sitting) -> bool:
    """The questions of a part are shown only while the candidate sits it."""
    return sitting.is_in_progress


def get_grading_for_user(user, uuid) -> Grading:
    """A grading assigned to ``user`` who still grades at the association; else 404."""
    grading = (
        Grading.objects.select_related("sitting__registration__approval__association")
        .filter(uuid=uuid, grader_id=getattr(user, "pk", None))
        .first()
    )
    if grading is None or not has_role(user, grading.sitting.association, [Role.EXAM_GRADER]):
        raise Http404
    return grading


def get_association_for_manager(user, code: str):
    """An association whose exam the user runs (coordinator or administrator); else 404."""
    return get_association_for_user(user, code, MANAGER_ROLES)
