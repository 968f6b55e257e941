"""`hirehall.core.pagination`: every cursor format and page-size rule of the API lives here."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hirehall.accounts.models import ApiToken
from hirehall.accounts.services import api_token_create
from hirehall.core.errors import DomainError
from hirehall.core.pagination import (
    MAX_OFFSET,
    decode_cursor,
    decode_offset_cursor,
    encode_cursor,
    encode_offset_cursor,
    offset_page,
    page_size,
    paginate,
)


def forged(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def bad_request(fn, *args) -> None:
    with pytest.raises(DomainError) as exc:
        fn(*args)
    assert exc.value.code == "bad_request" and exc.value.status == 400


class TestCursors:
    def test_round_trips(self):
        assert decode_cursor(encode_cursor(42)) == 42
        assert decode_offset_cursor(encode_offset_cursor(40)) == 40
        assert decode_offset_cursor(None) == decode_offset_cursor("") == 0

    @pytest.mark.parametrize(
        "raw",
        [
            "pk:+5",  # int() would take these four; a cursor we wrote never holds them
            "pk: 5",
            "pk:٥",
            "pk:1_000",
            "pk:-1",
            "pk:99999999999999999999",  # past a 64-bit key: refused here, not as a database 500
            "off:3",  # an offset cursor is not a key cursor
            "pk:" + "9" * 5000,
        ],
    )
    def test_forged_key_cursors_are_400(self, raw):
        bad_request(decode_cursor, forged(raw))

    @pytest.mark.parametrize("raw", ["off:10001", "o:20", "pk:20", "off:", "off:2e3"])
    def test_forged_offset_cursors_are_400(self, raw):
        bad_request(decode_offset_cursor, forged(raw))

    @pytest.mark.parametrize("cursor", ["!!", "%%%", "\x00", "é"])
    def test_garbage_is_400(self, cursor):
        bad_request(decode_cursor, cursor)
        bad_request(decode_offset_cursor, cursor)

    def test_offsets_stop_at_the_maximum(self):
        assert decode_offset_cursor(encode_offset_cursor(MAX_OFFSET)) == MAX_OFFSET
        bad_request(decode_offset_cursor, encode_offset_cursor(MAX_OFFSET + 1))


@pytest.mark.parametrize(
    ("limit", "maximum", "size"),
    [(None, 100, 20), (0, 100, 1), (-5, 100, 1), (7, 100, 7), (500, 100, 100), (80, 50, 50)],
)
def test_page_size_clamps(limit, maximum, size):
    assert page_size(limit, maximum=maximum) == size


def test_offset_page_walks_a_ranked_list():
    rows = list(range(7))
    seen: list[int] = []
    cursor: str | None = None
    while True:
        page, cursor = offset_page(rows, cursor=cursor, limit=3)
        seen.extend(page)
        if cursor is None:
            break
    assert seen == rows


@pytest.mark.django_db
def test_paginate_newest_first_in_one_query_per_page(user):
    for i in range(5):
        api_token_create(actor=user, name=f"t{i}", scope="read")
    qs = ApiToken.objects.filter(user=user)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        with CaptureQueriesContext(connection) as queries:
            page, cursor = paginate(qs, cursor=cursor, limit=2)
        assert len(queries) == 1
        seen.extend(t.name for t in page)
        if cursor is None:
            break
    assert seen == [f"t{i}" for i in reversed(range(5))]
