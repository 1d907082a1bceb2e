"""Forms of the applicant's portal. Each workspace section has its own form; a form that fails
validation is shown again with everything typed, and a message at the field."""

from .narrative_signatures import NarrativeForm, SignatureForm
from .registration import CouponForm, FitForm, RegistrationForm
from .rows import (
    CertificateForm,
    DegreeForm,
    LeadershipForm,
    MembershipForm,
    ProvidesRSCForm,
    RSCSessionForm,
    TrainingForm,
    UploadForm,
    WorkPeriodForm,
)
from .staff import AdvisorForm, CommentForm, ReasonForm, StaffTranscriptForm, WithdrawForm
from .training_import import TrainingImportForm, parse_training_csv

__all__ = [
    "AdvisorForm",
    "CertificateForm",
    "CommentForm",
    "CouponForm",
    "DegreeForm",
    "FitForm",
    "LeadershipForm",
    "MembershipForm",
    "NarrativeForm",
    "ProvidesRSCForm",
    "RSCSessionForm",
    "ReasonForm",
    "RegistrationForm",
    "SignatureForm",
    "StaffTranscriptForm",
    "TrainingForm",
    "TrainingImportForm",
    "UploadForm",
    "WithdrawForm",
    "WorkPeriodForm",
    "parse_training_csv",
]
