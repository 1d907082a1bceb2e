"""Receivers of lower layers' hooks (connected in ``apps.py``)."""

from reviews.enums import Recommendation


def on_decision_saved(sender, instance, created, **kwargs) -> None:
    """A decision "approve to sit the exam" opens the candidate's approval, dated from it."""
    if not created or instance.outcome != Recommendation.APPROVE_TO_SIT_EXAM:
        return
    from .services.approvals import open_approval

    open_approval(
        instance.application, decided_on=instance.decided_at.date(), actor=instance.decided_by
    )
