"""Hooks of the granted records. Higher layers (reviews, exams, renewals) call the services;
the services send these, and receivers inside ``endorsements`` (certificates, credentials)
react, so no lower module imports a higher one.

Every signal is sent inside the service's transaction, with ``endorsement`` and ``actor``.
"""

from django.dispatch import Signal

#: A new endorsement was granted (or imported).
endorsement_granted = Signal()
#: An endorsement was renewed: a new valid-until date.
endorsement_renewed = Signal()
#: The status changed (``old``, ``new`` and ``reason`` also sent).
endorsement_status_changed = Signal()
#: An endorsement moved to another association (``transfer`` also sent).
endorsement_transferred = Signal()
