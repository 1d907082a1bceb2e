"""Choices of the written exam. Every status changes only through the matching ``transition`` in
``exams.services`` (approvals, items, registrations, accommodations, sittings, gradings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    """The applicant's approval to sit the exam (from the review's decision)."""

    ACTIVE = "active", _("Approved to sit the exam")
    EXPIRED = "expired", _("Approval ended")
    RENEWAL_REQUESTED = "renewal_requested", _("New approval requested")
    PASSED = "passed", _("Exam passed")


class ItemStatus(models.TextChoices):
    """A multiple-choice item or an essay vignette in the question bank."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Part(models.TextChoices):
    MC = "mc", _("Part 1: multiple choice")
    ESSAY = "essay", _("Part 2: written responses")


class RegistrationStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the exam fee")
    REGISTERED = "registered", _("Registered")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


class AccommodationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class SittingStatus(models.TextChoices):
    """One part of one registration, sat in the browser."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    GRADING = "grading", _("Being graded")
    SCORED = "scored", _("Scored")


#: A sitting whose answers can no longer change.
CLOSED_SITTING = frozenset({SittingStatus.SUBMITTED, SittingStatus.GRADING, SittingStatus.SCORED})


class GradingStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SUBMITTED = "submitted", _("Submitted")


class RetakeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


#: The four options of a multiple-choice item, in the bank's order.
OPTION_LETTERS = ("A", "B", "C", "D")
