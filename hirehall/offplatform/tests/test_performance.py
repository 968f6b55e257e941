"""A 100 KB message is checked in bounded time: no regex backtracks catastrophically, no loop parses
every digit run against every region.

The bound is generous (the shared CI machine is slow and busy); the benchmark prints the real times
(docs/offplatform.md). A catastrophic pattern would take minutes, not seconds.
"""

from __future__ import annotations

import time

import pytest

from hirehall.offplatform import check

from .adversarial import ADVERSARIAL, SIZE

BOUND_SECONDS = 8.0


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_100_kb_message_is_checked_in_bounded_time(name):
    text = ADVERSARIAL[name]
    assert len(text) >= SIZE - 20
    check("warm up +44 20 7946 0958")  # compile patterns and phone metadata once
    started = time.perf_counter()
    check(text)
    assert time.perf_counter() - started < BOUND_SECONDS


def test_a_contact_detail_at_the_end_of_a_flood_is_still_found():
    # Caps on confirmations and spans must not let padding hide a number or an address.
    padding = ADVERSARIAL["distinct_numbers"][: SIZE - 100]
    result = check(padding + " my email: hidden.one@gmail.com")
    assert "email" in result.reasons
    decoys = ADVERSARIAL["prose"][: SIZE - 100]
    assert check(decoys + " call +44 20 7946 0958").reasons == ("phone",)
