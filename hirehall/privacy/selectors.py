"""Reads and visibility: an export is its owner's alone (anyone else's is a 404, staff included)."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import User
from hirehall.core.errors import NotFound
from hirehall.privacy.models import DataExport


def exports_for(user: User) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user)


def export_get_for(user: User, export_id: int) -> DataExport:
    export = exports_for(user).filter(pk=export_id).first()
    if export is None:
        raise NotFound("No such export.")
    return export
