"""Form fields shared by every app's web forms."""

from __future__ import annotations

from typing import Any

from django import forms

from hirehall.core.errors import DomainError
from hirehall.core.money import cents_to_decimal_str, parse_money


class MoneyField(forms.CharField):
    """A decimal amount like 100.00, cleaned to integer cents by core.money.parse_money (never a
    float, never rounded, at most settings.HIREHALL_MAX_AMOUNT_CENTS). `min_cents`/`max_cents`
    narrow the range for the form (by default 0 up to the maximum: the service decides its own)."""

    def __init__(self, *, min_cents: int = 0, max_cents: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_cents = min_cents
        self.max_cents = max_cents

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        raw = super().to_python(value)
        if raw is None or raw in self.empty_values:
            return None
        try:
            cents = parse_money(raw, field="Amount")
        except DomainError as exc:
            raise forms.ValidationError(exc.detail, code=exc.code) from None
        if cents < self.min_cents:
            least = cents_to_decimal_str(self.min_cents)
            raise forms.ValidationError(f"Enter an amount of at least {least}.", code="amount_too_small")
        if self.max_cents is not None and cents > self.max_cents:
            most = cents_to_decimal_str(self.max_cents)
            raise forms.ValidationError(f"Enter an amount of at most {most}.", code="amount_too_large")
        return cents

    def validate(self, value: Any) -> None:
        # The amount was checked in to_python; only "required" is left.
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        # The validators CharField adds (max_length, no NUL) are for text; the cents are checked.
        return None
