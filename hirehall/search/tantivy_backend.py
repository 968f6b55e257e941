"""The tantivy backend: an embedded index on this node's disk, fed from the outbox (ADR 0022).

Layout of `HIREHALL_SEARCH_INDEX_DIR`:
- `current` names the live generation directory (`gen-<timestamp>`); `search_reindex` builds a new
  generation beside it and switches `current` atomically (rename), so readers never see half an index;
- `<generation>/state.json` is this node's applied outbox position for that generation (see outbox.py);
- `writer.lock` is held (flock) by whoever writes: one writer per node, readers never wait.

Semantics are the database backends' (ADR 0004), reproduced exactly:
- words: the same parsed groups (text.parse_query); a word of two letters or more is a prefix
  (a term-dictionary range), a one-letter word a whole term; every group must match;
- relevance = the sum, over matched words, of the weights of the fields they match in (10/4/2/1,
  the databases' column weights) as constant scores; ties newest object first;
- filters, sorts and facets read fast fields; each sort order is one precomputed u64 key that never
  contradicts the exact order (NULLs last, ties by object id descending), so tantivy orders by one
  column and Python settles the few equal keys around the page's end exactly;
- totals are exact at any size; facets are exact up to 20,000 matches, sampled beyond (_facets).
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tantivy
from django.conf import settings
from tantivy import FieldType, Occur, Query

from hirehall.search import text

if TYPE_CHECKING:
    from hirehall.search.engine import Document, Result
    from hirehall.search.engine import Query as SearchQuery

TEXT_FIELDS = ("title", "keywords", "body", "extra")
WEIGHTS = (10.0, 4.0, 2.0, 1.0)  # = engine.FTS_WEIGHTS and PostgreSQL's A/B/C/D ratios
NUMBERS = ("price", "score", "rating", "volume")
SORT_FIELDS = {
    "price_asc": "sort_price_asc",
    "price_desc": "sort_price_desc",
    "rating": "sort_rating",
    "score": "sort_score",
    "volume": "sort_volume",
    "relevance": "sort_score",  # without words relevance is "best": score, then volume
}
WRITER_HEAP = 128_000_000


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic")  # "<kind>:<object id>"
    sb.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("public", indexed=True)
    for name in TEXT_FIELDS:
        # Python normalises text first (text.normalize), so splitting on spaces gives the database
        # backends' tokens exactly. No frequencies or positions: scores are constant per field.
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("tag", tokenizer_name="raw", index_option="basic", fast=True)  # "facet\tvalue"
    sb.add_integer_field("oid", fast=True)
    # log2(2 + oid_weight) multiplies the relevance score by 1..1+1/512, growing with the object id:
    # it orders equal scores (almost) newest first inside tantivy, so the tie fix-up in Python only
    # ever sees short runs. Levels never cross: scores are integers ≤ 204 and 204/512 < 1.
    sb.add_float_field("oid_weight", fast=True)
    for name in NUMBERS:
        sb.add_integer_field(name, indexed=True, fast=True)
    for name in sorted(set(SORT_FIELDS.values())):
        sb.add_unsigned_field(name, fast=True)
    sb.add_unsigned_field("bucket", indexed=True, fast=True)  # facet sampling (see _facets)
    return sb.build()


SCHEMA = schema()
_TIE_DELTA = 1.0 / 512
_TIE_SCALE = 1_000_000.0


def _oid_weight(object_id: int) -> float:
    r = 1.0 - 1.0 / (1.0 + max(object_id, 0) / _TIE_SCALE)  # monotone, 0..1, spread over ~a million ids
    return 2.0 ** (1.0 + _TIE_DELTA * r) - 2.0


def _mono(n: int | None, bits: int) -> int:
    """A monotone (non-decreasing) code of a non-negative integer in `bits` bits, exact below
    2^(bits-6) and float-like above (6 exponent bits): big values share a code with close ones."""
    n = max(n or 0, 0)
    mantissa = bits - 6
    if n < 1 << mantissa:
        return n
    exponent = n.bit_length() - mantissa
    return min((exponent << mantissa) + (n >> exponent), (1 << bits) - 1)


def _has(n: int | None) -> int:
    return 0 if n is None else 1


def sort_keys(doc: Document) -> dict[str, int]:
    """One u64 per sort, larger first, never contradicting the databases' ORDER BY (NULLS LAST,
    ties newest object first). Keys are lossy for very large values; `_exact` settles equal keys."""
    oid27, price36 = _mono(doc.object_id, 27), _mono(doc.price, 36)
    score9 = _has(doc.score) << 8 | min(doc.score or 0, 255)
    rating11 = _has(doc.rating) << 10 | min(doc.rating or 0, 1023)
    return {
        "sort_price_asc": _has(doc.price) << 63 | ((1 << 36) - 1 - price36) << 27 | oid27,
        "sort_price_desc": _has(doc.price) << 63 | price36 << 27 | oid27,
        "sort_rating": rating11 << 53 | score9 << 44 | _mono(doc.object_id, 44),
        "sort_score": score9 << 55 | _mono(doc.volume, 28) << 27 | oid27,
        "sort_volume": _mono(doc.volume, 28) << 36 | score9 << 27 | oid27,
    }


def _exact(sort: str) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The exact order (engine._sort_key) over (price, score, rating, volume, oid) read back."""
    if sort == "price_asc":
        return lambda r: (r[0] is None, r[0] or 0, -r[4])
    if sort == "price_desc":
        return lambda r: (r[0] is None, -(r[0] or 0), -r[4])
    if sort == "rating":
        return lambda r: (r[2] is None, -(r[2] or 0), r[1] is None, -(r[1] or 0), -r[4])
    if sort == "volume":
        return lambda r: (-(r[3] or 0), r[1] is None, -(r[1] or 0), -r[4])
    return lambda r: (r[1] is None, -(r[1] or 0), -(r[3] or 0), -r[4])  # score; relevance without words


def _bucket(object_id: int) -> int:
    return (object_id * 2654435761) % (1 << 32) >> 22  # 0..1023, even whatever the order of ids


def to_tantivy(doc: Document) -> tantivy.Document:
    out = tantivy.Document()
    out.add_text("key", f"{doc.kind}:{doc.object_id}")
    out.add_text("kind", doc.kind)
    out.add_unsigned("public", 1 if doc.public else 0)
    for name, value in zip(TEXT_FIELDS, (doc.title, doc.keywords, doc.body, doc.extra), strict=True):
        normalized = text.normalize(value)
        if normalized:
            out.add_text(name, normalized)
    for facet, value in sorted(doc.tags):
        out.add_text("tag", f"{facet}\t{value}")
    out.add_integer("oid", doc.object_id)
    out.add_float("oid_weight", _oid_weight(doc.object_id))
    for name in NUMBERS:
        value = getattr(doc, name)
        if value is not None:
            out.add_integer(name, value)
    for name, key in sort_keys(doc).items():
        out.add_unsigned(name, key)
    out.add_unsigned("bucket", _bucket(doc.object_id))
    return out


# --- where the index lives ------------------------------------------------------------------------


def root() -> Path:
    return Path(settings.HIREHALL_SEARCH_INDEX_DIR)


def current_generation() -> Path | None:
    try:
        name = (root() / "current").read_text().strip()
    except FileNotFoundError:
        return None
    return root() / name if name else None


def new_generation() -> Path:
    path = root() / f"gen-{time.time_ns()}"
    path.mkdir(parents=True)
    return path


def switch_to(generation: Path) -> None:
    """Make `generation` the live index (atomic rename of the pointer) and delete older ones."""
    pointer = root() / "current.tmp"
    pointer.write_text(generation.name)
    os.replace(pointer, root() / "current")
    for old in root().glob("gen-*"):
        if old != generation:
            # Readers holding the old files keep them open (mmap); they move on at their next query.
            _remove_tree(old)


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            child.rmdir() if child.is_dir() else child.unlink()
    with contextlib.suppress(OSError):
        path.rmdir()


@contextlib.contextmanager
def writer_lock(*, blocking: bool) -> Iterator[bool]:
    """One writer per node (the worker thread, the sweep and search_reindex may all try)."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / "writer.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_index(generation: Path) -> tantivy.Index:
    return tantivy.Index(SCHEMA, path=str(generation), reuse=True)


def ensure_generation() -> Path:
    """The live generation, creating an empty one on a fresh disk (the outbox or a rebuild fills it)."""
    generation = current_generation()
    if generation is None or not generation.exists():
        generation = new_generation()
        open_index(generation)
        switch_to(generation)
    return generation


# --- writing --------------------------------------------------------------------------------------


def write(index: tantivy.Index, upserts: Iterable[Document], deletes: Iterable[tuple[str, int]]) -> None:
    """Apply replacements and removals in one tantivy commit (the caller holds writer_lock)."""
    writer = index.writer(WRITER_HEAP, 1)
    for kind, object_id in deletes:
        writer.delete_documents_by_term("key", f"{kind}:{object_id}")
    for doc in upserts:
        writer.delete_documents_by_term("key", f"{doc.kind}:{doc.object_id}")
        writer.add_document(to_tantivy(doc))
    writer.commit()
    writer.wait_merging_threads()


# --- reading --------------------------------------------------------------------------------------


@dataclass
class _Reader:
    generation: Path
    index: tantivy.Index
    seen: int = 0  # meta.json's mtime when we last reloaded


_local = threading.local()


def _reader() -> _Reader:
    """This thread's reader of the live generation; reopened when `current` moves (a rebuild)."""
    generation = ensure_generation()
    cached: _Reader | None = getattr(_local, "reader", None)
    if cached is None or cached.generation != generation:
        cached = _Reader(generation, open_index(generation))
        _local.reader = cached
    # Every commit rewrites meta.json: reload only then (a stat per query instead of a reload).
    with contextlib.suppress(FileNotFoundError):
        changed = (generation / "meta.json").stat().st_mtime_ns
        if changed != cached.seen:
            cached.index.reload()
            cached.seen = changed
    return cached


# A prefix that expands to at most this many terms becomes a union of term queries: their posting
# lists intersect lazily with the filters (skipping), instead of a bitset over every document holding
# any such term, which dominates selective searches at a million documents.
PREFIX_EXPANSION = 16


def _term(field: str, word: str, searcher: tantivy.Searcher | None) -> Query:
    if len(word) == 1:
        return Query.term_query(SCHEMA, field, word)
    if searcher is not None:
        terms = searcher.terms_with_prefix(field, word, limit=PREFIX_EXPANSION + 1)
        if len(terms) <= PREFIX_EXPANSION:
            if not terms:
                return Query.empty_query()
            return Query.boolean_query([(Occur.Should, Query.term_query(SCHEMA, field, t)) for t, _ in terms])
    # A one-word phrase prefix is a range over the term dictionary (no automaton to compile).
    return Query.phrase_prefix_query(SCHEMA, field, [word])


def _words_query(groups: list[text.Group], searcher: tantivy.Searcher | None) -> Query:
    def word(w: str) -> Query:
        return Query.boolean_query(
            [
                (Occur.Should, Query.const_score_query(_term(field, w, searcher), weight))
                for field, weight in zip(TEXT_FIELDS, WEIGHTS, strict=True)
            ]
        )

    def alternative(words: list[str]) -> Query:
        return Query.boolean_query([(Occur.Must, word(w)) for w in words])

    return Query.boolean_query(
        [
            (Occur.Must, Query.boolean_query([(Occur.Should, alternative(alt)) for alt in group]))
            for group in groups
        ]
    )


def _filter(q: Query) -> tuple[Any, Query]:
    return (Occur.Must, Query.const_score_query(q, 0.0))  # filters never change the relevance


def build_query(q: SearchQuery, groups: list[text.Group], searcher: tantivy.Searcher | None = None) -> Query:
    clauses = [_filter(Query.term_query(SCHEMA, "kind", q.kind))]
    if not q.include_members_only:
        clauses.append(_filter(Query.term_query(SCHEMA, "public", 1)))
    for facet, value in q.all_tags:
        clauses.append(_filter(Query.term_query(SCHEMA, "tag", f"{facet}\t{value}")))
    for facet, values in q.any_tags.items():
        if values:
            clauses.append(_filter(Query.term_set_query(SCHEMA, "tag", [f"{facet}\t{v}" for v in values])))
    for field, low, high in (
        ("price", q.price_min, q.price_max),
        ("score", q.score_min, None),
        ("volume", q.volume_min, None),
    ):
        if low is not None or high is not None:
            clauses.append(_filter(Query.range_query(SCHEMA, field, FieldType.Integer, low, high)))
    if groups:
        clauses.append((Occur.Must, _words_query(groups, searcher)))
    return Query.boolean_query(clauses)


def search(q: SearchQuery) -> Result:
    from hirehall.search.engine import Result

    groups = text.parse_query(q.words, q.aliases) if q.words.strip() else []
    searcher = _reader().index.searcher()
    query = build_query(q, groups, searcher)
    offset, limit = max(q.offset, 0), max(q.limit, 0)
    if groups and q.sort == "relevance":
        ids, total = _ranked(searcher, query, offset, offset + limit)
    else:
        ids, total = _sorted(searcher, query, q.sort, offset, offset + limit)
    facets: dict[str, list[tuple[str, int]]] = {}
    approximate = False
    if q.facets:
        facets, approximate = _facets(searcher, query, total, q.facets, q.facet_limit)
    return Result(ids=ids, total=total, facets=facets, facets_approximate=approximate)


def _top(
    searcher: tantivy.Searcher, query: Query, need: int, **order: Any
) -> tuple[list[tuple[Any, tantivy.DocAddress]], int]:
    """The first `need` hits plus every hit tying with the last of them (keys can tie: lossy sort
    keys, equal relevance levels), and the total."""
    fetch = need + 32
    total: int | None = None
    while True:
        found = searcher.search(query, limit=fetch, count=total is None, **order)
        if total is None:
            total = _count(found)
        hits = found.hits
        if len(hits) < fetch or need == 0 or hits[-1][0] < hits[need - 1][0]:
            return hits, total
        fetch *= 4


def _sorted(
    searcher: tantivy.Searcher, query: Query, sort: str, offset: int, need: int
) -> tuple[list[int], int]:
    hits, total = _top(searcher, query, need, order_by_field=SORT_FIELDS[sort])
    addresses = [address for _, address in hits]
    if not addresses:
        return [], total
    columns = [searcher.fast_field_values(name, addresses) for name in (*NUMBERS, "oid")]
    rows = sorted(zip(*columns, strict=True), key=_exact(sort))
    return [int(r[4]) for r in rows[offset:need]], total


def _ranked(searcher: tantivy.Searcher, query: Query, offset: int, need: int) -> tuple[list[int], int]:
    """Order by (relevance, object id) descending. Scores are integer levels nudged by oid_weight, so
    tantivy returns them almost in final order; `_top` completes the run of equal scores at the
    page's end, then Python orders exactly by (level, object id)."""
    hits, total = _top(searcher, query, need, weight_by_field="oid_weight")
    oids = _oids(searcher, [address for _, address in hits])
    # A weighted score lies in [level, level + 0.4] (f32 rounding aside): floor(score + 0.3) = level.
    ordered = sorted(zip(hits, oids, strict=True), key=lambda h: (-math.floor(h[0][0] + 0.3), -h[1]))
    return [oid for _, oid in ordered[offset:need]], total


def _count(found: tantivy.SearchResult) -> int:
    return int(found.count)  # type: ignore[attr-defined] # the stub omits `count`


def _oids(searcher: tantivy.Searcher, addresses: list[tantivy.DocAddress]) -> list[int]:
    return (
        [int(v) for v in searcher.fast_field_values("oid", addresses) if v is not None] if addresses else []
    )


# Facet counts read every match's tags: exact up to FACET_EXACT_LIMIT matches (a few ms); beyond,
# they are counted on the matches in an even sample of id buckets (about FACET_SAMPLE of them) and
# scaled, flagged `facets_approximate` like the database backend's sample. Totals are always exact.
FACET_EXACT_LIMIT = 20_000
FACET_SAMPLE = 20_000
BUCKETS = 1024


def _facets(
    searcher: tantivy.Searcher, query: Query, total: int, facets: Iterable[str], limit: int
) -> tuple[dict[str, list[tuple[str, int]]], bool]:
    wanted = list(facets)
    out: dict[str, list[tuple[str, int]]] = {facet: [] for facet in wanted}
    if not total:
        return out, False
    scale = 1.0
    if total > FACET_EXACT_LIMIT:
        buckets = max(1, math.ceil(BUCKETS * FACET_SAMPLE / total))
        sample = Query.range_query(SCHEMA, "bucket", FieldType.Unsigned, 0, buckets - 1)
        query = Query.boolean_query([(Occur.Must, query), (Occur.Must, sample)])
        scale = BUCKETS / buckets
    found = searcher.aggregate(query, {"t": {"terms": {"field": "tag", "size": 65_000}}})
    counts: list[tuple[str, int, str]] = []
    wanted_set = set(wanted)
    for bucket in found["t"]["buckets"]:
        facet, _, value = bucket["key"].partition("\t")
        if facet in wanted_set:
            counts.append((facet, -round(bucket["doc_count"] * scale), value))
    for facet, negative, value in sorted(counts):
        if len(out[facet]) < limit:
            out[facet].append((value, -negative))
    return out, scale != 1.0


def drop_cached_reader() -> None:
    _local.reader = None
