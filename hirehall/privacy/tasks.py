"""Thin tasks: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from hirehall.privacy.services import export_build


@shared_task(name="hirehall.privacy.tasks.build_export")
def build_export(export_id: int) -> bool:
    return export_build(export_id=export_id)
