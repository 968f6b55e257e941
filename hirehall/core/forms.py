"""Form fields shared by every app's web forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hirehall.core.errors import DomainError
from hirehall.core.money import cents_to_decimal_str, format_cents, max_amount_cents, parse_money

_AMOUNT_PROBLEMS = {
    "invalid_amount": gettext_lazy("Write the amount with digits and a point, like 600.00."),
    "amount_too_precise": gettext_lazy("Use at most two decimal places (whole cents)."),
    "amount_negative": gettext_lazy("The amount must not be negative."),
}


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
            # The API keeps parse_money's English detail; people read it in their language.
            message = _AMOUNT_PROBLEMS.get(exc.code, exc.detail)
            if exc.code == "amount_too_large":
                message = _("Enter an amount of at most %(most)s.") % {
                    "most": format_cents(max_amount_cents())
                }
            raise forms.ValidationError(message, code=exc.code) from None
        if cents < self.min_cents:
            least = cents_to_decimal_str(self.min_cents)
            raise forms.ValidationError(
                _("Enter an amount of at least %(least)s.") % {"least": least}, code="amount_too_small"
            )
        if self.max_cents is not None and cents > self.max_cents:
            most = cents_to_decimal_str(self.max_cents)
            raise forms.ValidationError(
                _("Enter an amount of at most %(most)s.") % {"most": most}, code="amount_too_large"
            )
        return cents

    def validate(self, value: Any) -> None:
        # The amount was checked in to_python; only "required" is left.
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        # The validators CharField adds (max_length, no NUL) are for text; the cents are checked.
        return None
