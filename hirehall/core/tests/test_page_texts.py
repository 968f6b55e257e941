"""A refusal keeps its English `detail` for the API, and a page words it in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from hirehall.core.errors import DomainError
from hirehall.core.restrictions import ensure_allowed, register_checker
from hirehall.core.web import refusal_text


def test_a_restriction_reads_in_spanish_on_a_page_and_stays_english_for_the_api(monkeypatch) -> None:
    from hirehall.core import restrictions

    monkeypatch.setattr(restrictions, "_checkers", [])
    register_checker(
        lambda user, feature: "Sent contact details three times." if feature == "messages" else None
    )
    with pytest.raises(DomainError) as caught:
        ensure_allowed(object(), "messages")
    exc = caught.value
    assert (
        exc.detail
        == "Your account is restricted: Sent contact details three times. See Account standing to appeal."
    )
    with translation.override("es"):
        assert refusal_text(exc) == (
            "Tu cuenta está restringida: Sent contact details three times. "
            "Ve a «Estado de la cuenta» para apelar."
        )
    with translation.override("en"):
        assert refusal_text(exc) == exc.detail
