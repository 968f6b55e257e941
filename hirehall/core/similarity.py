"""Near-duplicate text detection: word shingling and Jaccard similarity (pure, no Django, no app).

Used by the template-proposal and repost-job signals (docs/spam-signals.md). Texts are folded
(NFKC, case, punctuation dropped) into words; a text's shingles are its runs of `k` consecutive
words, hashed to 64-bit integers. Two texts are near-duplicates when the Jaccard similarity of their
shingle sets (|A ∩ B| / |A ∪ B|) reaches a threshold.

Why exact Jaccard and not MinHash: callers compare one new text against a bounded set of candidates
(the author's recent proposals or jobs, at most `MAX_CANDIDATES`), so exact set intersection in C is
faster than computing permutation signatures in Python and has no estimation error. `minhash` and
`minhash_similarity` are provided for callers that must store a fixed-size signature instead of text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

SHINGLE_WORDS = 3
MAX_WORDS = 5_000  # a cover letter is at most 5,000 characters; bounds the work on any input
_WORD = re.compile(r"[^\W_]+")
_MASK = (1 << 64) - 1
_PRIME = (1 << 61) - 1


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)[:MAX_WORDS]


def _h(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashed k-word shingles; a text shorter than k words is one shingle of all its words."""
    w = words(text)
    if not w:
        return frozenset()
    if len(w) < k:
        return frozenset({_h(" ".join(w))})
    return frozenset(_h(" ".join(w[i : i + k])) for i in range(len(w) - k + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def similarity(text_a: str, text_b: str) -> float:
    return jaccard(shingles(text_a), shingles(text_b))


def near_duplicates(text: str, candidates: Iterable[tuple[int, str]], threshold: float) -> list[int]:
    """Keys of the candidates (key, text) whose similarity to `text` is at least `threshold`."""
    mine = shingles(text)
    return [key for key, other in candidates if jaccard(mine, shingles(other)) >= threshold]


def minhash(shingle_set: frozenset[int], num_perm: int = 64) -> tuple[int, ...]:
    """A MinHash signature: for each of `num_perm` universal hash functions, the minimum value."""
    if not shingle_set:
        return tuple([_MASK] * num_perm)
    out = []
    for i in range(num_perm):
        a = (_h(f"a{i}") % (_PRIME - 1)) + 1
        b = _h(f"b{i}") % _PRIME
        out.append(min(((a * x + b) % _PRIME) for x in shingle_set))
    return tuple(out)


def minhash_similarity(sig_a: tuple[int, ...], sig_b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the share of positions where the signatures agree."""
    if not sig_a or len(sig_a) != len(sig_b):
        return 0.0
    return sum(x == y for x, y in zip(sig_a, sig_b, strict=True)) / len(sig_a)
