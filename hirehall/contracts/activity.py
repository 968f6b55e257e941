"""The client activity the profiles app shows (the client box on job pages, client pages, job search):
open and closed jobs, hires, money spent and hours billed. Registered in apps.ready through
`profiles.sources` (the profiles app sits below jobs and contracts and cannot read them itself).

Five grouped queries for any number of clients, whatever their history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum

from hirehall.contracts.models import Contract, ContractMilestone, Invoice, InvoiceStatus
from hirehall.jobs.models import Job, JobStatus
from hirehall.profiles.sources import ClientActivity

PAID_INVOICES = (InvoiceStatus.PAID, InvoiceStatus.PROTECTED)


def client_activity(user_ids: Sequence[int]) -> dict[int, ClientActivity]:
    jobs = {
        row["client_id"]: row
        for row in Job.objects.filter(client_id__in=user_ids)
        .values("client_id")
        .annotate(
            open_jobs=Count("pk", filter=Q(status=JobStatus.OPEN)),
            posted=Count("pk", filter=Q(opened_at__isnull=False)),
            closed_jobs=Count("pk", filter=Q(status=JobStatus.CLOSED)),
            closed_with_hire=Count("pk", filter=Q(status=JobStatus.CLOSED, hires_count__gt=0)),
        )
    }
    hires = dict(
        Contract.objects.filter(client_id__in=user_ids)
        .values("client_id")
        .annotate(n=Count("pk"))
        .values_list("client_id", "n")
    )
    fixed_paid = dict(
        ContractMilestone.objects.filter(contract__client_id__in=user_ids, paid_cents__gt=0)
        .values("contract__client_id")
        .annotate(s=Sum("paid_cents"))
        .values_list("contract__client_id", "s")
    )
    hourly: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for client_id, cents, minutes in (
        Invoice.objects.filter(contract__client_id__in=user_ids, status__in=PAID_INVOICES)
        .values("contract__client_id")
        .annotate(s=Sum("paid_cents"), m=Sum("billable_minutes"))
        .values_list("contract__client_id", "s", "m")
    ):
        hourly[client_id] = (int(cents or 0), int(minutes or 0))
    out: dict[int, ClientActivity] = {}
    for uid in user_ids:
        job_row = jobs.get(uid, {})
        hourly_cents, minutes = hourly[uid]
        out[uid] = ClientActivity(
            total_spent_cents=int(fixed_paid.get(uid) or 0) + hourly_cents,
            hires=int(hires.get(uid, 0)),
            closed_jobs=int(job_row.get("closed_jobs", 0)),
            closed_jobs_with_hire=int(job_row.get("closed_with_hire", 0)),
            open_jobs=int(job_row.get("open_jobs", 0)),
            jobs_posted=int(job_row.get("posted", 0)),
            hourly_paid_cents=hourly_cents,
            hours_billed=(Decimal(minutes) / 60).quantize(Decimal("0.01")),
        )
    return out
