"""Normalisation undoes disguises and keeps the way back to the original offsets."""

from __future__ import annotations

import pytest

from hirehall.offplatform.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ascii stays", "plain ascii stays"),
        ("ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ", "john@gmail.com"),  # full-width forms
        ("𝐣𝐨𝐡𝐧", "john"),  # mathematical bold
        ("jo\u200bhn\u200d\u2060\ufeff", "john"),  # zero-width and format characters
        ("jo\u00adhn", "john"),  # soft hyphen
        ("jóhn", "john"),  # accents
        ("јоhn@ɡmаіl.соm", "john@gmail.com"),  # look-alikes inside a Latin token
        ("gmail dot сом", "gmail dot com"),  # a short all-look-alike token
        ("٠١٢٣٤٥٦٧٨٩ ०१२", "0123456789 012"),  # any script's digits
        ("①②", "12"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text).text == expected


def test_a_russian_sentence_keeps_its_words():
    # Only tokens that already hold Latin letters, digits, "@" or "." are mapped.
    assert normalize("позвоните мне по телефону").text == "позвоните мне по телефону"


def test_offsets_map_back_to_the_original():
    text = "a\u200bｂ＠c"
    doc = normalize(text)
    assert doc.text == "ab@c"
    start = doc.text.index("b@c")
    assert doc.span(start, len(doc.text)) == (2, 5)
    assert text[2:5] == "ｂ＠c"


def test_ascii_is_the_identity():
    doc = normalize("hello")
    assert doc.origin is None
    assert doc.span(1, 3) == (1, 3)
