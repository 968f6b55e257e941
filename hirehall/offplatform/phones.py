"""Phone numbers in free text, in every region phonenumbers knows, with their disguises.

Candidates are found with one linear regex (digit runs with separators) and by reading runs of number
words ("five five five …"); each candidate is then judged:

- international ("+44 20 7946 0958", "0044 …"): flagged when phonenumbers calls it a valid number
  (Leniency.VALID semantics), or a possible one next to a phone word ("call +1 555 010 0123");
- national ("020 7946 0958", "(415) 555-2671", "06 12 34 56 78"): flagged when it is a valid national
  number in at least one of the 245 regions, has 9+ digits (7–8 only next to a phone word), is not
  shaped like a date, an IP address, a thousands-grouped amount or a list of years, and does not follow
  a word that names another kind of number ("order", "tracking", "ISBN", "invoice"…);
- number words: seven or more digits spelled out are a phone whatever the metadata says; nobody spells
  an order number.

Which regions a national number fits is answered from phonenumbers' metadata (trunk prefix, possible
lengths, the general number pattern) before any full parse, and cached, so a 100 KB message of digit
runs costs milliseconds per thousand candidates rather than a parse per region.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneMetadata, PhoneNumberMatcher

from . import lexicon


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


# A run of 7–17 digits with up to three separator characters between digits. The lookbehind keeps
# numbers glued to identifiers, paths, amounts and versions out ("v1.2", "/pull/12345678", "$1500").
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/=#$€£¥@.\-])(?:\+\s?|\(\+?)?\d(?:[ \t.\-/()]{0,3}\d){6,16}(?!\d)",
)
_TEL_URI = re.compile(r"\btel:\s?\+?[\d\-. ()]{7,20}", re.IGNORECASE)
_PHONE_CONTEXT = re.compile(
    r"(?<![^\W\d_])(?:" + _alternation(lexicon.PHONE_CONTEXT) + r")(?![^\W\d_])", re.IGNORECASE
)
_NOT_PHONE_CONTEXT = re.compile(
    r"(?<![^\W\d_])(?:" + _alternation(lexicon.NOT_PHONE_CONTEXT) + r")(?![^\W\d_])|#|\bno\.|\bnr\.?",
    re.IGNORECASE,
)
# What follows a number that is an amount or a measure, not a phone.
_UNIT_AFTER = re.compile(
    r"\s?(?:%|\$|€|£|usd|eur|gbp|inr|dollars?|euros?|rupees?|px|pt|em|rem|dpi|kb|mb|gb|tb|ms|"
    r"sec|secs|seconds|mins?|minutes|hours?|hrs?|days|weeks|months|years|words|rows|records|users|"
    r"views|downloads|visits|visitors|items|products|lines|times|pages|units|pcs|sq|km|kg|mm|cm|m2|"
    r"x\b|\*)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(?:(?:19|20)\d\d[./\-](?:0?[1-9]|1[0-2])[./\-](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[./\-](?:0?[1-9]|1[0-2])[./\-](?:19|20)?\d\d"
    r"|(?:0?[1-9]|1[0-2])[./\-](?:0?[1-9]|[12]\d|3[01])[./\-](?:19|20)?\d\d)"
)
_TRUNK_IN_BRACKETS = re.compile(r"\(\s*0\s*\)")
_NUMBER_WORDS = frozenset({"number", "num", "nummer", "numero", "número", "numéro", "no"})
_IP = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([ .,])\d{3})(?:\1\d{3})*")
_YEARS = re.compile(r"(?:(?:19|20)\d\d)(?:[ \-/.]{1,3}(?:19|20)\d\d)+")

MAX_DIGITS = 15  # E.164


@dataclass(frozen=True, slots=True)
class PhoneHit:
    start: int
    end: int


_TYPE_DESCS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


@dataclass(frozen=True, slots=True)
class _Region:
    code: str
    country_code: int
    national_prefix: str | None
    prefix_optional: bool
    lengths: frozenset[int]
    pattern: re.Pattern[str]
    # (possible lengths, pattern) per number type: a number is valid when one of them fits, which is
    # is_valid_number_for_region() without parsing (a parse per region would cost ~100 µs each).
    types: tuple[tuple[frozenset[int], re.Pattern[str]], ...]

    def valid(self, nsn: str) -> bool:
        if len(nsn) not in self.lengths or not self.pattern.fullmatch(nsn):
            return False
        return any((not lengths or len(nsn) in lengths) and p.fullmatch(nsn) for lengths, p in self.types)


@functools.cache
def _regions() -> tuple[_Region, ...]:
    regions = []
    for code in sorted(phonenumbers.SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(code)
        if metadata is None or metadata.general_desc is None or metadata.country_code is None:
            continue
        pattern = metadata.general_desc.national_number_pattern
        lengths = metadata.general_desc.possible_length or ()
        if not pattern or not lengths:
            continue
        types = []
        for name in _TYPE_DESCS:
            desc = getattr(metadata, name, None)
            if desc is not None and desc.national_number_pattern:
                types.append(
                    (frozenset(desc.possible_length or ()), re.compile(desc.national_number_pattern))
                )
        prefix = metadata.national_prefix
        regions.append(
            _Region(
                code=code,
                country_code=metadata.country_code,
                national_prefix=prefix,
                # North America writes 10 digits without its trunk "1"; Russia and Kazakhstan often
                # drop the "8". Everywhere else a national number is written with its trunk prefix.
                prefix_optional=prefix in (None, "1", "8"),
                lengths=frozenset(lengths),
                pattern=re.compile(pattern),
                types=tuple(types),
            )
        )
    return tuple(regions)


@functools.cache
def _by_country_code() -> dict[int, tuple[_Region, ...]]:
    table: dict[int, list[_Region]] = {}
    for region in _regions():
        table.setdefault(region.country_code, []).append(region)
    return {code: tuple(regions) for code, regions in table.items()}


@functools.lru_cache(maxsize=8192)
def national_regions(digits: str, *, unprefixed: bool = False, limit: int = 6) -> tuple[str, ...]:
    """Regions where `digits`, written nationally, is a valid number (at most `limit` of them).

    `unprefixed` also accepts numbers written without the region's trunk prefix ("(11) 96123-4569" in
    Brazil, "612 34 56 78" in France): common in speech, so the caller allows it next to a phone word.
    """
    found: list[str] = []
    for region in _regions():
        if region.national_prefix and digits.startswith(region.national_prefix):
            if region.valid(digits[len(region.national_prefix) :]):
                found.append(region.code)
        elif region.prefix_optional and region.valid(digits):
            found.append(region.code)
        if len(found) >= limit:
            return tuple(found)
    if unprefixed:  # second: the way the number would be written with its trunk prefix comes first
        for region in _regions():
            if region.national_prefix and not region.prefix_optional and region.valid(digits):
                found.append(region.code)
                if len(found) >= limit:
                    break
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def international_valid(digits: str) -> bool:
    """Whether "+digits" is a valid number of the region its country code names."""
    table = _by_country_code()
    for size in (1, 2, 3):
        regions = table.get(int(digits[:size])) if digits[:size].isdigit() else None
        if regions:
            return any(region.valid(digits[size:]) for region in regions)
    return False


@functools.lru_cache(maxsize=4096)
def _matcher_finds(raw: str, region: str | None, leniency: int) -> bool:
    """libphonenumber's own matcher, run on one candidate: it also refuses slash dates, timestamps
    and page ranges. VALID is the tuned level: STRICT_GROUPING would miss spaced-out digits
    ("4 1 5 5 5 5 2 6 7 1"), POSSIBLE would take any digit run of a possible length."""
    return any(True for _ in PhoneNumberMatcher(raw, region, leniency=leniency, max_tries=8))


def _context(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(a phone word is near, the nearest word before names another kind of number)."""
    before = text[max(0, start - 48) : start]
    after = text[end : end + 24]
    positive = [m.end() for m in _PHONE_CONTEXT.finditer(before)]
    negative = [m.end() for m in _NOT_PHONE_CONTEXT.finditer(before[-32:])]
    near_positive = bool(positive) or bool(_PHONE_CONTEXT.match(after.lstrip(" :-)(")))
    # The closer word wins: "call me, order 123…" is an order; "order? call 0207…" is a phone.
    offset = len(before) - len(before[-32:])
    negative_wins = bool(negative) and (not positive or negative[-1] + offset > positive[-1])
    # "order number 4155552671", "account no. 55779911": the number word belongs to the other kind.
    if positive and negative and not negative_wins:
        last = list(_PHONE_CONTEXT.finditer(before))[-1]
        if last.group().lower() in _NUMBER_WORDS and negative[-1] + offset >= last.start() - 2:
            negative_wins = True
    return near_positive, negative_wins


def _benign_shape(raw: str, digits: str) -> bool:
    compact = raw.strip()
    if _DATE.fullmatch(compact) or _IP.fullmatch(compact) or _YEARS.fullmatch(compact):
        return True
    if len(set(digits)) == 1 or _counting(raw):
        return True
    return (
        len(digits) in (10, 13) and digits[:3] in ("978", "979") and _isbn13(digits)
    ) or _looks_like_date_time(compact)


def _looks_like_date_time(compact: str) -> bool:
    # "20240610 1200", "2024-06-10 12 00": a date followed by digits.
    head = _DATE.match(compact)
    return bool(head) and head is not None and head.end() >= len(compact) - 5


_ROUND_STEPS = frozenset({1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 250, 500, 1000})


def _counting(raw: str) -> bool:
    """ "1 2 3 4 5 6 7 8 9 10", "10 20 30 40 50 60 70": a list counting up or down is not a number."""
    groups = [int(g) for g in re.findall(r"\d+", raw)]
    if len(groups) < 4:
        return False
    step = groups[1] - groups[0]
    # Lists count in round steps; "98 76 54 32 10" (an Indian mobile in pairs) steps by 22.
    return abs(step) in _ROUND_STEPS and all(b - a == step for a, b in itertools.pairwise(groups))


def _isbn13(digits: str) -> bool:
    if len(digits) != 13:
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return total % 10 == 0


def _grouped(raw: str) -> bool:
    return bool(re.search(r"\d[ .\-/()]+\d", raw))


# The matcher confirms the first candidates of a text; past this many (a flood of digit runs) the
# metadata check alone decides, so a 100 KB message stays linear and cheap.
CONFIRM_BUDGET = 200
MAX_HITS = 50  # a text with this many phone numbers is flagged; no need to find the rest


def find_phones(text: str, masked: list[tuple[int, int]]) -> Iterator[PhoneHit]:
    """Phone numbers in normalised text; `masked` ranges (links, emails, IBANs) are skipped."""
    masked = _merge(masked)
    for match in _TEL_URI.finditer(text):
        yield PhoneHit(match.start(), match.end())
    if _ANY_DIGIT.search(text) is None:
        yield from _spelled_numbers(text, masked)
        return
    budget = [CONFIRM_BUDGET]
    hits = 0
    for match in PHONE_CANDIDATE.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, masked):
            continue
        if _judge(text, match.group(), start, end, budget):
            yield PhoneHit(start, end)
            hits += 1
            if hits >= MAX_HITS:
                return
    yield from _spelled_numbers(text, masked)


def _confirm(raw: str, region: str | None, budget: list[int]) -> bool:
    if budget[0] <= 0:
        return True
    budget[0] -= 1
    return _matcher_finds(raw, region, Leniency.VALID)


def _judge(text: str, raw: str, start: int, end: int, budget: list[int]) -> bool:
    digits = "".join(ch for ch in raw if ch.isdigit())
    stripped = raw.lstrip("( ")
    international = stripped.startswith("+") or (digits.startswith("00") and not digits.startswith("000"))
    if international:
        # "+44 (0)20 …": the trunk prefix in brackets is not dialled from abroad.
        digits = "".join(ch for ch in _TRUNK_IN_BRACKETS.sub(" ", raw) if ch.isdigit())
        national_digits = digits[2:] if not stripped.startswith("+") else digits
        if not 7 <= len(national_digits) <= MAX_DIGITS:
            return False
        written = "+" + stripped[2:] if not stripped.startswith("+") else stripped
        if international_valid(national_digits) and _confirm(written, None, budget):
            return True
        # Fictional or unassigned ranges ("+1 555 010 0123") still give a way to call next to "call".
        near, _ = _context(text, start, end)
        return near and len(national_digits) >= 9
    if len(digits) > MAX_DIGITS or len(digits) < 7 or _benign_shape(raw, digits):
        return False
    if _UNIT_AFTER.match(text, end) or text[max(0, start - 1) : start] in ("$", "€", "£"):
        return False
    near, negative = _context(text, start, end)
    if negative:
        return False
    if len(digits) < 9 and not near:
        return False
    # "1 500 000" is an amount unless a phone word says otherwise ("tel. 601 123 456").
    if not near and _THOUSANDS.fullmatch(raw.strip()):
        return False
    regions = national_regions(digits, unprefixed=near)
    if not any(_confirm(raw.strip(), region, budget) for region in regions):
        return False
    # A bare run of digits with no phone word and no grouping is only a phone at national lengths.
    return near or _grouped(raw) or 10 <= len(digits) <= 12


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether [start, end) meets any range; `ranges` is sorted by start (see find_phones)."""
    index = bisect.bisect_left(ranges, (end, -1))
    # Ranges starting before `end`: the nearest ones are enough once they are merged (find_phones).
    return index > 0 and ranges[index - 1][1] > start


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_NUMBER_WORD_ALT = _alternation(list(lexicon.NUMBER_WORDS) + list(lexicon.REPEAT_WORDS))
# Runs of number words and digit groups; Python then counts words and digits. Each step needs a word
# boundary, so a run cannot be split two ways (linear).
_SPELLED_RUN = re.compile(r"(?<![^\W_])(?:(?:" + _NUMBER_WORD_ALT + r"|\d++)[\s,.\-/()]{0,4}){3,60}+")
_ANY_DIGIT = re.compile(r"\d")
_RUN_TOKEN = re.compile(_NUMBER_WORD_ALT + r"|\d+")


def _spelled_numbers(text: str, masked: list[tuple[int, int]]) -> Iterator[PhoneHit]:
    """Runs of number words and digits ("five five five 12 34 five six seven", "double seven")."""
    for run in _SPELLED_RUN.finditer(text):
        digits: list[str] = []
        words = 0
        repeat = 1
        end = run.start()
        for token in _RUN_TOKEN.finditer(text, run.start(), run.end()):
            word = token.group()
            end = token.end()
            if word.isdigit():
                digits.append(word)
            elif word in lexicon.REPEAT_WORDS:
                repeat = lexicon.REPEAT_WORDS[word]
                continue
            else:
                digits.append(lexicon.NUMBER_WORDS[word] * repeat)
                words += 1
            repeat = 1
        hit = _spelled_hit(text, run.start(), end, "".join(digits), words, masked)
        if hit:
            yield hit


def _spelled_hit(
    text: str, start: int, end: int, digits: str, words: int, masked: list[tuple[int, int]]
) -> PhoneHit | None:
    if words < 1 or not 7 <= len(digits) <= MAX_DIGITS or _overlaps(start, end, masked):
        return None
    if words >= 3:
        return PhoneHit(start, end)
    # One or two words among digits ("+44 7911 12345six"): a phone only if the digits make one.
    plus = text[max(0, start - 2) : start].strip().endswith("+")
    valid = international_valid(digits) if plus else bool(national_regions(digits))
    return PhoneHit(start - 1 if plus else start, end) if valid and len(digits) >= 9 else None
