"""The rules module: does a person meet a category's requirements, as of a date?

Requirements are data (``RequirementRule`` rows, seeded from fixtures/catalog/); the code that
applies them is here. Public interface (other apps code against these names only)::

    from endorsements.rules import evaluate, parse_dossier, DossierError, Evaluation, \\
        RequirementResult, rank_categories

The input and output shapes are shared/dossier/README.md.
"""

from .dossier import Dossier, DossierError, parse_dossier
from .engine import Evaluation, RequirementResult, evaluate, rank_categories
from .ruleset import RuleSet, clear_cache, from_database, from_fixtures, get_ruleset

__all__ = [
    "Dossier",
    "DossierError",
    "Evaluation",
    "RequirementResult",
    "RuleSet",
    "clear_cache",
    "evaluate",
    "from_database",
    "from_fixtures",
    "get_ruleset",
    "parse_dossier",
    "rank_categories",
]
