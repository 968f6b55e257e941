"""Signals for apps above contracts (contracts knows nothing about them).

`contract_ended` is sent inside the transaction that ends a contract (either side, a refund, an
expired refund request), so a listener (reputation opens the feedback window) writes its rows in
that same transaction. `dispute_resolved` likewise, inside the transaction that settles a dispute
(a lost dispute is a negative Job Success outcome: reputation recomputes at once).
"""

from django.dispatch import Signal

# kwargs: contract (ended, with ended_at set)
contract_ended = Signal()

# kwargs: contract, dispute (resolved)
dispute_resolved = Signal()
