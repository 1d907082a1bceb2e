from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")


class Event(models.TextChoices):
    """Every event that can notify someone. Each app's emails.py uses one of these per email."""

    WELCOME = "welcome", _("Welcome after sign-up")
    REGISTRATION_RECEIVED = "registration_received", _("Registration received")
    REGISTRATION_APPROVED = "registration_approved", _("Registration approved")
    APPLICATION_STATUS = "application_status", _("Application status changed")
    ADVISOR_COMMENT = "advisor_comment", _("Advisor comment or answer")
    REFERENCE_INVITATION = "reference_invitation", _("Reference rating invitation")
    REFERENCE_REMINDER = "reference_reminder", _("Reference rating reminder")
    REFERENCE_DECLINED = "reference_declined", _("Reference rater declined")
    REFERENCE_EXPIRED = "reference_expired", _("Reference link expired")
    PAYMENT_RECEIVED = "payment_received", _("Payment received")
    PAYMENT_REFUNDED = "payment_refunded", _("Payment refunded")
    REVIEW_ASSIGNED = "review_assigned", _("Review assigned")
    REVIEW_REMINDER = "review_reminder", _("Review due reminder")
    DECISION = "decision", _("Decision on an application")
    CERTIFICATE = "certificate", _("Endorsement certificate ready")
    ENDORSEMENT_STATUS = "endorsement_status", _("Endorsement revoked or its status changed")
    TRANSFER = "transfer", _("Transfer between associations")
    INVITATION = "invitation", _("Invitation to set a password (imported endorsee)")
    EXAM_APPROVAL = "exam_approval", _("Approval to sit the exam: extended, ended or renewed")
    EXAM_REGISTRATION = "exam_registration", _("Exam registration, accommodations, reminders")
    EXAM_SITTING = "exam_sitting", _("Exam part submitted")
    EXAM_GRADING = "exam_grading", _("Essay grading assigned")
    EXAM_RESULT = "exam_result", _("Exam result")
    TEST = "test", _("Test message")
