from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    """Where an outbound email is. ``queued`` and ``retrying`` wait for a worker; ``sending`` is
    claimed by one worker until its lease runs out; the rest are final."""

    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.TextChoices):
    """Every event that can notify someone. Each app's emails.py uses one of these per email."""

    WELCOME = "welcome", _("Welcome after sign-up")
    EMAIL_VERIFICATION = "email_verification", _("Email address verification")
    PASSWORD_RESET = "password_reset", _("Password reset")
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
    FILE_READY = "file_ready", _("A requested file is ready")
    EXAM_APPROVAL = "exam_approval", _("Approval to sit the exam: extended, ended or renewed")
    EXAM_REGISTRATION = "exam_registration", _("Exam registration, accommodations, reminders")
    EXAM_SITTING = "exam_sitting", _("Exam part submitted")
    EXAM_GRADING = "exam_grading", _("Essay grading assigned")
    EXAM_RESULT = "exam_result", _("Exam result")
    RENEWAL_REMINDER = "renewal_reminder", _("Renewal reminder")
    RENEWAL_STATUS = "renewal_status", _("Renewal status changed")
    ENDORSEMENT_LAPSED = "endorsement_lapsed", _("Endorsement lapsed (to the coordinator)")
    TEST = "test", _("Test message")
