"""Off-platform detection: a pure function, low in the layer order (imports nothing of Hirehall's).

    from hirehall.offplatform import check, warnings
    result = check(text, share_contract=False)  # Result(flagged, reasons, spans)
    warnings(text, share_contract=False)  # the public codes: ["email", "phone", ...] or []

See docs/offplatform.md.
"""

from .codes import CODES, reason_codes, warnings
from .detector import REASONS, Result, Span, check

__all__ = ["CODES", "REASONS", "Result", "Span", "check", "reason_codes", "warnings"]
