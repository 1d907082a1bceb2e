"""Signals other parts of the portal listen to. Both are sent after the transaction commits.

- ``payment_completed(sender=Payment, payment=...)``: once, when a payment becomes paid.
- ``payment_refunded(sender=Payment, payment=...)``: once, when a paid payment is refunded.
"""

from django.dispatch import Signal

payment_completed = Signal()
payment_refunded = Signal()
