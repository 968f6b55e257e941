"""Sent inside the transaction that closes a job, so the proposals app closes its proposals and
returns Connects in that same transaction (jobs knows nothing about proposals)."""

from django.dispatch import Signal

# kwargs: job, reason, now
job_closed = Signal()
