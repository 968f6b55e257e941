from __future__ import annotations

from celery import shared_task

from hirehall.core.clock import now
from hirehall.core.sweeps_registry import run_sweeps as _run_sweeps


@shared_task(name="hirehall.core.tasks.run_sweeps")
def run_sweeps() -> dict[str, int]:
    return {r.name: r.processed for r in _run_sweeps(now())}
