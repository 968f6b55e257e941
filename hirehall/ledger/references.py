"""What a ledger reference means to a person: "milestone:5" → "'Payments and tests' — Booking app".

The ledger keys escrow by business reference strings it does not understand (the contracts app owns
what "milestone:5" means, DESIGN §5). Pages, receipts and CSV exports must never show those internal
references, so the apps that own them register a *describer* per prefix here (a registry: the ledger
imports no higher app). `describe_references` groups the references by prefix and calls each describer
once with all of its references, so a page of any length costs one query per prefix it shows.

A reference nobody describes (or whose object is gone) gets a generic label for its prefix
("Wallet deposit", "Contract payment"), never the raw reference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

Describer = Callable[[list[str]], dict[str, str]]

_DESCRIBERS: dict[str, Describer] = {}

# What a reference is when no describer knows it: a human label per prefix, and one for the rest.
GENERIC: dict[str, str] = {
    "deposit": "Wallet deposit",
    "withdrawal": "Withdrawal",
    "milestone": "Contract milestone",
    "offer": "Contract milestone",
    "invoice": "Weekly hourly invoice",
    "contract": "Contract",
    "protection": "Hourly protection",
    "adjustment": "Adjustment by Hirehall staff",
}
UNKNOWN = "Hirehall payment"


def register_describer(prefix: str, describer: Describer) -> None:
    """An app that writes references `<prefix>:...` tells the ledger what they mean (in apps.ready)."""
    existing = _DESCRIBERS.get(prefix)
    if existing is not None and existing is not describer:
        raise ValueError(f"references {prefix!r}: a describer is already registered")
    _DESCRIBERS[prefix] = describer


def prefix_of(reference: str) -> str:
    return reference.split(":", 1)[0]


def describe_references(references: Iterable[str]) -> dict[str, str]:
    """Every given reference → a label for people; one describer call per prefix present."""
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for ref in set(references):
        if ref:
            by_prefix[prefix_of(ref)].append(ref)
    labels: dict[str, str] = {}
    for prefix, refs in by_prefix.items():
        describer = _DESCRIBERS.get(prefix)
        found = describer(sorted(refs)) if describer else {}
        for ref in refs:
            labels[ref] = found.get(ref) or GENERIC.get(prefix, UNKNOWN)
    return labels


def describe_reference(reference: str) -> str:
    return describe_references([reference]).get(reference, "") if reference else ""


def ids_after(prefix: str, references: Iterable[str]) -> dict[int, str]:
    """`["milestone:5", "milestone:x"]` → `{5: "milestone:5"}`: the numeric ids, malformed ones skipped."""
    found: dict[int, str] = {}
    for ref in references:
        head, _, rest = ref.partition(":")
        if head == prefix and rest.isascii() and rest.isdigit():
            found[int(rest)] = ref
    return found
