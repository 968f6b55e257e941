"""Off-platform detection: a pure function, low in the layer order (imports nothing of Hirehall's).

    from hirehall.offplatform import check
    result = check(text, share_contract=False)  # Result(flagged, reasons, spans)

See docs/offplatform.md.
"""

from .detector import REASONS, Result, Span, check

__all__ = ["REASONS", "Result", "Span", "check"]
