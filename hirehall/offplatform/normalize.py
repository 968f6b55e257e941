"""Undo the disguises people use to slip contact details past a filter, keeping offsets.

`normalize(text)` returns the text the detectors read and, for every character of it, the index of
the original character it came from, so a match is reported on the text the user typed.

Steps, per character: drop invisible format characters (zero-width space/joiner, soft hyphen, bidi
controls, variation selectors); NFKC (full-width "ｇｍａｉｌ", mathematical letters, circled digits);
strip accents; any script's decimal digits become ASCII digits. Then, in tokens that already hold
Latin letters, digits, "@" or ".", map look-alike letters (Cyrillic "а", Greek "ο", Latin "ɡ") to
ASCII: "јоhn@ɡmаіl.соm" reads as "john@gmail.com" while a Russian sentence stays Russian, so its
phone-context words ("телефон") still match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Look-alikes NFKC leaves alone (a subset of Unicode's confusables.txt: letters that pass for ASCII).
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ѡ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɩ": "i", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ӏ": "l", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "γ": "y", "η": "n",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian, Latin extensions, IPA
    "օ": "o", "ս": "u", "հ": "h", "ց": "g", "ո": "n", "զ": "q",
    "ɡ": "g", "ı": "i", "ȷ": "j", "ǀ": "l", "ɑ": "a", "ɒ": "a", "ɛ": "e", "ɪ": "i", "ʟ": "l", "ɴ": "n",
    "ʀ": "r", "ꜱ": "s", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ᴊ": "j",
    "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    "ø": "o", "ł": "l", "đ": "d", "ħ": "h",
    # punctuation that stands in for "@" and "."
    "。": ".", "｡": ".", "·": ".", "•": ".", "∙": ".", "‧": ".", "․": ".", "⋅": ".",
}  # fmt: skip

_TOKEN = re.compile(r"\S+")
_ANCHOR = re.compile(r"[A-Za-z0-9@.]")


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    # origin[i] is the index in the original text of the character text[i] came from; None when the
    # text was already plain ASCII (the identity).
    origin: tuple[int, ...] | None
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the normalised text back to the original text."""
        if self.origin is None:
            return start, end
        if start >= end:
            return self.origin[start] if start < len(self.origin) else self.original_length, (
                self.origin[start] if start < len(self.origin) else self.original_length
            )
        return self.origin[start], self.origin[end - 1] + 1


def _fold_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cf" or category == "Mn" or category == "Me":
        return ""  # zero-width, soft hyphen, bidi controls, combining marks, variation selectors
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    folded = unicodedata.normalize("NFKC", ch)
    if folded.isascii():
        return folded
    out = []
    for part in unicodedata.normalize("NFKD", folded):
        if unicodedata.combining(part):
            continue
        if unicodedata.category(part) == "Nd":
            part = str(unicodedata.decimal(part))
        out.append(part)
    return "".join(out)


def normalize(text: str) -> Normalized:
    if text.isascii():
        return Normalized(text, None, len(text))
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        if ch.isascii():
            chars.append(ch)
            origin.append(index)
            continue
        for part in _fold_char(ch):
            chars.append(part)
            origin.append(index)
    folded = "".join(chars)
    if any(ch in CONFUSABLES for ch in folded):
        # One character in, one out: offsets stay valid.
        pieces: list[str] = []
        last = 0
        previous = ""
        for token in _TOKEN.finditer(folded):
            word = token.group()
            after_separator = previous.lower() in _SEPARATOR_WORDS
            previous = word
            if not _ANCHOR.search(word) and not (after_separator and _mostly_confusable(word)):
                continue
            pieces.append(folded[last : token.start()])
            pieces.append("".join(CONFUSABLES.get(ch, ch) for ch in word))
            last = token.end()
        pieces.append(folded[last:])
        folded = "".join(pieces)
    return Normalized(folded, tuple(origin), len(text))


# "gmail dot сом": a short all-look-alike token right after a spelled-out separator is a disguise;
# elsewhere ("позвоните мне") it is a word of its own language.
_SEPARATOR_WORDS = frozenset({"dot", "(dot)", "[dot]", "{dot}", "at", "(at)", "[at]", "{at}", "@", "."})


def _mostly_confusable(word: str) -> bool:
    return len(word) <= 4 and all(ch in CONFUSABLES for ch in word)
