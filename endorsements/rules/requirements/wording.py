"""The rules' sentences are written to the applicant ("Your BA counts…"). Staff read the same
verdict about someone else: ``for_staff`` turns a sentence into the third person ("The
applicant's BA counts…"). The phrases below are every second-person form the requirement
functions use; a test checks each requirement's sentences come out without a "you"."""

from __future__ import annotations

import re

#: (pattern, replacement), applied in order; the longer phrases before the bare words.
_THIRD_PERSON = [
    (r"\bYou need\b", "The applicant needs"),
    (r"\byou have\b", "the applicant has"),
    (r"\bYou passed\b", "The applicant passed"),
    (r"\bYou did not pass\b", "The applicant did not pass"),
    (r"\bYou do not provide\b", "The applicant does not provide"),
    (r": renew it\.", "."),
    (r"\bdescribe your leadership\b", "the applicant should describe their leadership"),
    (r"\bbeyond your own\b", "beyond their own"),
    (r"\bYour\b", "The applicant's"),
    (r"\byour\b", "the applicant's"),
    (r"\brequired of you\b", "required of the applicant"),
    (r"\bfrom you\b", "from the applicant"),
    (r"\byou (provide|provided|supervise|taught)\b", r"the applicant \1"),
    (r"\bthe applicant provide\b", "the applicant provides"),
    (r"\bthe applicant supervise\b", "the applicant supervises"),
]
_COMPILED = [(re.compile(p), r) for p, r in _THIRD_PERSON]


def for_staff(message: str) -> str:
    """``message`` (a requirement's sentence to the applicant) in the third person."""
    for pattern, replacement in _COMPILED:
        message = pattern.sub(replacement, message)
    return message
