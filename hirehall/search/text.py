"""Text normalisation shared by both backends, so they see exactly the same tokens.

Both indexes store lower-case, accent-free alphanumeric words with no stemming and no stop words
(PostgreSQL's `simple` configuration, FTS5's `unicode61`). Query words match as prefixes
("develop" finds "developer"); one-letter words ("c", "r") match whole words only.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
MAX_QUERY_TERMS = 12


def normalize(text: str) -> str:
    if text.isascii():  # nothing to decompose or fold: skip the per-character pass
        return _NON_WORD.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def tokens(text: str) -> list[str]:
    return normalize(text).split()


# A query is a conjunction of groups; a group matches if any of its alternatives matches;
# an alternative is a conjunction of words. "js react" with alias js → javascript:
# [[["js"], ["javascript"]], [["react"]]]
Alternative = list[str]
Group = list[Alternative]


def parse_query(words: str, aliases: dict[str, list[str]]) -> list[Group]:
    groups: list[Group] = []
    for word in tokens(words)[:MAX_QUERY_TERMS]:
        group: Group = [[word]]
        expansion = aliases.get(word)
        if expansion:
            alt = [t for t in tokens(" ".join(expansion)) if t]
            if alt and alt != [word]:
                group.append(alt)
        groups.append(group)
    return groups


def _term_pg(word: str) -> str:
    return f"{word}:*" if len(word) > 1 else word


def _term_fts(word: str) -> str:
    return f'"{word}"*' if len(word) > 1 else f'"{word}"'


def to_tsquery(groups: list[Group]) -> str:
    """PostgreSQL to_tsquery('simple', ...) syntax; words are [0-9a-z]+ so nothing needs quoting."""
    parts = []
    for group in groups:
        alts = ["(" + " & ".join(_term_pg(w) for w in alt) + ")" for alt in group]
        parts.append("(" + " | ".join(alts) + ")")
    return " & ".join(parts)


def to_fts5(groups: list[Group]) -> str:
    """SQLite FTS5 MATCH syntax with the same meaning as to_tsquery."""
    parts = []
    for group in groups:
        alts = ["(" + " AND ".join(_term_fts(w) for w in alt) + ")" for alt in group]
        parts.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(parts)
