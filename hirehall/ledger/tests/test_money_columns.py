"""Every column that stores money in cents is 64-bit (issue 9, item 3): sums and the largest accepted
amount never overflow a 32-bit integer on PostgreSQL."""

from __future__ import annotations

from django.apps import apps
from django.db import models

MONEY_FIELD_NAMES = {"amount", "posted_amount", "price"}  # money columns not named *_cents


def money_fields() -> list[models.Field]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("hirehall."):
            continue
        for field in model._meta.concrete_fields:
            if field.name.endswith("_cents") or (
                field.name in MONEY_FIELD_NAMES and isinstance(field, models.IntegerField)
            ):
                found.append(field)
    return found


def test_every_money_column_is_64_bit() -> None:
    fields = money_fields()
    assert len(fields) > 30  # the scan sees the apps' models
    narrow = [
        f"{f.model._meta.label}.{f.name}"
        for f in fields
        if not isinstance(f, models.BigIntegerField | models.PositiveBigIntegerField)
    ]
    assert narrow == []
