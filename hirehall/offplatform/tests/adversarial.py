"""100 KB messages shaped to make a careless regex backtrack or a careless loop parse every number.

Shared by test_performance.py (which bounds their time) and benchmarks/offplatform.py (which prints it).
Deterministic: no randomness, so a slow case reproduces.
"""

from __future__ import annotations

SIZE = 100_000


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def _distinct_numbers(prefix: str, width: int) -> str:
    # Distinct digit runs (defeats caching): a linear congruential sequence, formatted to `width`.
    parts: list[str] = []
    value = 7_919
    length = 0
    while length < SIZE:
        value = (value * 1_103_515_245 + 12_345) % (10**width)
        parts.append(prefix + str(value).zfill(width))
        length += len(parts[-1]) + 1
    return " ".join(parts)[:SIZE]


ADVERSARIAL = {
    "prose": _fill("We need a Django developer to build a REST API, version 2.3.1, budget $1,500. "),
    "one_letter": _fill("a"),
    "dotted_letters": _fill("a."),
    "spaced_letters": _fill("a "),
    "one_digit": _fill("1"),
    "spaced_digits": _fill("1 "),
    "distinct_numbers": _distinct_numbers("", 10),
    "distinct_plus_numbers": _distinct_numbers("+", 11),
    "at_words": _fill("john at "),
    "request_words": _fill("please let's talk continue "),
    "email_fragments": _fill("x@y."),
    "iban_prefix": "DE89" + "A" * (SIZE - 4),
    "hex_run": "0x" + "a" * (SIZE - 2),
    "number_words": _fill("five "),
    "look_alikes": _fill("јоhn ɡmаіl сом телефон "),
    "at_signs": _fill("@"),
    "bracket_at": _fill("(at)"),
    "pay_words": _fill("pay me via "),
    "zero_width": _fill("a\u200b"),
    "hashes": _fill("user#"),
    "slashes": _fill("t.me/"),
    # many matches that a rule then turns down, or accepts (overlap checks must stay linear)
    "many_emails": _fill("a@b.com "),
    "many_links": _fill("t.me/abc "),
    "many_phones": _fill("+44 20 7946 0958 "),
    "look_at_domains": _fill("look at stripe.com "),
    "dotted_at_words": _fill("a.b at c.d at e.f "),
    "stack_lists": _fill("telegram: aiogram "),
    "payment_words": _fill("paypal: checkout "),
    "webmail_labels": _fill("gmail: john "),
}
