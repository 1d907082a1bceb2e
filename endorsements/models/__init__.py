"""The catalog (``catalog``) and the granted records (``records``)."""

from .catalog import (
    Association,
    Category,
    CategoryOffering,
    CompetencyArea,
    ExamWeek,
    KnowledgeSkillArea,
    RequirementRule,
    SubmissionPeriod,
)
from .records import (
    CredentialStatusEntry,
    EndorseeImport,
    Endorsement,
    RegistryListing,
    Transfer,
)

__all__ = [
    "Association",
    "Category",
    "CategoryOffering",
    "CompetencyArea",
    "CredentialStatusEntry",
    "EndorseeImport",
    "Endorsement",
    "ExamWeek",
    "KnowledgeSkillArea",
    "RegistryListing",
    "RequirementRule",
    "SubmissionPeriod",
    "Transfer",
]
