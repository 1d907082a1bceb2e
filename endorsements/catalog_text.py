"""Spanish for the catalog's words that applicants, raters and candidates read.

The catalog is data (``fixtures/catalog/``): competency area names and category descriptions
are rows, edited in the Django admin. They are translated the way the code's strings are: each
value shipped in the fixtures is listed here (``gettext_noop``, so ``makemessages`` finds it and
the Spanish lives in ``locale/es``), and a page shows the row's value through ``gettext``
(``{% translate area.name %}`` in a template, ``catalog_text(area.name)`` in Python). A value
added or changed in the admin and not listed here reads in English, as before; a test checks
that every value in the fixtures is listed and has Spanish. Category names stay as they are:
they are the credential's name (and appear in signed credentials), like "Endorsement".
"""

from django.utils.translation import gettext, gettext_noop

COMPETENCY_AREAS = (
    gettext_noop("Administration"),
    gettext_noop("Adult learning"),
    gettext_noop("Adult mental disorders"),
    gettext_noop("Attachment, separation, trauma, grief and loss"),
    gettext_noop("Communicating"),
    gettext_noop("Cultural competence"),
    gettext_noop("Direct Service Skills"),
    gettext_noop("Disorders of early childhood"),
    gettext_noop("Disorders of infancy"),
    gettext_noop("Family relationships and dynamics"),
    gettext_noop("Family-centred practice"),
    gettext_noop("Infant and toddler development and behaviour"),
    gettext_noop("Law, Regulation and Agency Policy"),
    gettext_noop("Leading People"),
    gettext_noop("Pregnancy and early parenthood"),
    gettext_noop("Psychotherapeutic and behavioural theories of change"),
    gettext_noop("Reflection"),
    gettext_noop("Relationship-focused practice"),
    gettext_noop("Research and Evaluation"),
    gettext_noop("Research and evaluation"),
    gettext_noop("Statistics"),
    gettext_noop("Systems Expertise"),
    gettext_noop("Theoretical Foundations"),
    gettext_noop("Thinking"),
    gettext_noop("Working with Others"),
    gettext_noop("Young child development and behaviour"),
)

CATEGORY_DESCRIPTIONS = (
    gettext_noop(
        "For professionals who promote the social and emotional well-being of young children "
        "and their families (for example home visitors, child care providers, parent "
        "educators)."
    ),
    gettext_noop(
        "For professionals who provide prevention and early intervention services to families "
        "with young children."
    ),
    gettext_noop(
        "For professionals who provide reflective supervision to others working in prevention "
        "and early intervention (Washington)."
    ),
    gettext_noop(
        "For professionals who provide relationship-based, therapeutic intervention to young "
        "children and their caregivers, on behalf of their relationship."
    ),
    gettext_noop(
        "For experienced professionals who lead the field: providing reflective "
        "supervision/consultation (Clinical), shaping policy and programmes (Policy), or "
        "teaching and research (Research/Faculty)."
    ),
)


def catalog_text(value: str) -> str:
    """A catalog value in the reader's language (unchanged when it has no translation)."""
    return gettext(value) if value else value
