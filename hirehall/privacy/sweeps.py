"""Exports that were never built (the task did not run, or its worker died) are built here; ready
exports past their expiry lose their file."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from hirehall.core.sweeps_registry import run_batch, sweep
from hirehall.privacy.models import DataExport, ExportStatus
from hirehall.privacy.services import EXPORT_LEASE, export_build, export_expire


@sweep("privacy.build_exports")
def build_exports(now: datetime) -> int:
    due = (
        DataExport.objects.filter(
            Q(status=ExportStatus.PENDING, created_at__lte=now - EXPORT_LEASE)
            | Q(status=ExportStatus.BUILDING, started_at__lte=now - EXPORT_LEASE)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return run_batch(
        "privacy.build_exports", due, lambda pk: export_build(export_id=pk, now=now), limit=20
    ).done


@sweep("privacy.expire_exports")
def expire_exports(now: datetime) -> int:
    due = (
        DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return run_batch("privacy.expire_exports", due, lambda pk: export_expire(export_id=pk, now=now)).done
