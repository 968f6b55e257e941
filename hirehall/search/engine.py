"""The search module's whole interface: index a document, remove it, query.

Callers never see which backend runs. `HIREHALL_SEARCH_BACKEND = "database"` (the default): words
are matched by the database's own full-text engine (PostgreSQL tsvector + GIN, SQLite FTS5); filters,
sorts, facets and counts are ordinary SQL over SearchDocument/SearchTag and therefore identical on
both. `"tantivy"`: `index`/`remove` write an outbox row instead and each node's embedded tantivy
index answers queries with the same semantics (tantivy_backend.py, outbox.py, ADR 0022). Either way,
call `index`/`remove` inside the transaction that changes the source row: the change commits or
rolls back with it. Ties in every order go to the newest object (highest object id).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Expression, F, Field, FloatField, Max, QuerySet
from django.db.models.expressions import RawSQL

from hirehall.search import outbox, tantivy_backend, text
from hirehall.search.models import SearchDocument, SearchTag

Sort = Literal["relevance", "price_asc", "price_desc", "rating", "score", "volume"]
SORTS: tuple[str, ...] = ("relevance", "price_asc", "price_desc", "rating")

# Column weights: the title counts most, then keywords (skills), body (overview), extra (portfolio).
PG_WEIGHTS = ("A", "B", "C", "D")
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str = ""
    keywords: str = ""
    body: str = ""
    extra: str = ""
    tags: frozenset[tuple[str, str]] = frozenset()
    public: bool = True
    price: int | None = None
    score: int | None = None
    rating: int | None = None
    volume: int = 0


@dataclass(frozen=True)
class Query:
    kind: str
    words: str = ""
    # Every (facet, value) here must be on the document ("has Python and Django").
    all_tags: Sequence[tuple[str, str]] = ()
    # For each facet, at least one of the values ("in Germany or France").
    any_tags: Mapping[str, Sequence[str]] = field(default_factory=dict)
    price_min: int | None = None
    price_max: int | None = None
    score_min: int | None = None
    volume_min: int | None = None
    include_members_only: bool = False  # signed-in searchers also see "logged-in only" documents
    sort: Sort = "relevance"
    facets: Sequence[str] = ()
    facet_limit: int = 20
    offset: int = 0
    limit: int = 20
    aliases: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    ids: list[int]
    total: int  # exact up to COUNT_LIMIT; beyond it an estimate from a sample (total_exact False)
    facets: dict[str, list[tuple[str, int]]]
    total_exact: bool = True
    facets_approximate: bool = False  # counted on an even sample of a very large result


# Counting and faceting cost grows with the number of matches, not the page size. Up to
# FACET_EXACT_LIMIT matches everything is exact; beyond it facets are counted on an even sample of
# the index (about FACET_SAMPLE documents) and scaled, and past COUNT_LIMIT the total is estimated
# from the same sample. Both are flagged in the Result.
COUNT_LIMIT = 5_000
FACET_EXACT_LIMIT = 2_000
FACET_SAMPLE = 1_000


# --- writing -------------------------------------------------------------------------------------


def uses_tantivy() -> bool:
    return settings.HIREHALL_SEARCH_BACKEND == "tantivy"


def index(doc: Document) -> None:
    """Insert or replace one document (its row, its tags and its words) atomically."""
    if uses_tantivy():
        outbox.record(doc.kind, doc.object_id, doc)
        return
    with transaction.atomic():
        row, _ = SearchDocument.objects.update_or_create(
            kind=doc.kind,
            object_id=doc.object_id,
            defaults={
                "public": doc.public,
                "price": doc.price,
                "score": doc.score,
                "rating": doc.rating,
                "volume": doc.volume,
                "facet_values": "\n".join(f"{f}\t{v}" for f, v in sorted(doc.tags)),
            },
        )
        SearchTag.objects.filter(document=row).delete()
        SearchTag.objects.bulk_create(
            [SearchTag(document=row, facet=f, value=v) for f, v in sorted(doc.tags)]
        )
        texts = [text.normalize(t) for t in (doc.title, doc.keywords, doc.body, doc.extra)]
        _backend().write(row.pk, texts)


def remove(kind: str, object_id: int) -> None:
    if uses_tantivy():
        outbox.record(kind, object_id, None)
        return
    with transaction.atomic():
        for pk in SearchDocument.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True):
            _backend().delete(pk)
        SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


# --- reading -------------------------------------------------------------------------------------


def query(q: Query) -> Result:
    """Ids of one page in order, the total number of matches and the requested facet counts."""
    if uses_tantivy():
        return tantivy_backend.search(q)
    backend = _backend()
    qs = SearchDocument.objects.filter(kind=q.kind)
    if not q.include_members_only:
        qs = qs.filter(public=True)
    groups = text.parse_query(q.words, q.aliases) if q.words.strip() else []
    if groups:
        qs = backend.match(qs, groups)
    qs = backend.require_tags(qs, list(q.all_tags), {f: list(v) for f, v in q.any_tags.items() if v})
    if q.price_min is not None:
        qs = qs.filter(price__gte=q.price_min)
    if q.price_max is not None:
        qs = qs.filter(price__lte=q.price_max)
    if q.score_min is not None:
        qs = qs.filter(score__gte=q.score_min)
    if q.volume_min is not None:
        qs = qs.filter(volume__gte=q.volume_min)

    rank = backend.rank(groups) if groups else None

    # Most searches are selective: read every match once and order, count and facet them in memory.
    # Only broad ones (more than FACET_EXACT_LIMIT matches) use the database to order the page and a
    # sample for the facets. The capped count decides which, cheaply (no rank, no row data).
    total = qs.order_by()[: COUNT_LIMIT + 1].count()
    if total <= FACET_EXACT_LIMIT:
        head_qs = qs.order_by()
        fields = ["id", "object_id", "price", "score", "rating", "volume", "facet_values"]
        if rank is not None:
            head_qs = head_qs.annotate(rank=rank)
            fields.append("rank")
        head = sorted(head_qs.values_list(*fields), key=_sort_key(q.sort, rank is not None))
        ids = [row[1] for row in head[q.offset : q.offset + q.limit]]
        exact = _count_facets((row[6] for row in head), q.facets, q.facet_limit) if q.facets else {}
        return Result(ids=ids, total=len(head), facets=exact)

    ordered = _order(qs, q.sort, rank)
    ids = list(ordered.values_list("object_id", flat=True)[q.offset : q.offset + q.limit])
    total_exact = total <= COUNT_LIMIT
    facets = {}
    if q.facets or not total_exact:
        # Sample the whole index evenly (every step-th id, about FACET_SAMPLE documents whatever the
        # query, read through the primary key) and scale up. Past COUNT_LIMIT the total is estimated
        # from the same sample.
        step = _global_step()
        sample = list(backend.sample(qs.order_by(), step).values_list("facet_values", flat=True))
        if q.facets:
            facets = _count_facets(sample, q.facets, q.facet_limit, scale=step)
        if not total_exact:
            total = max(len(sample) * step, COUNT_LIMIT + 1)
    return Result(
        ids=ids, total=total, facets=facets, total_exact=total_exact, facets_approximate=bool(q.facets)
    )


def _sort_key(sort: str, ranked: bool) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The same order as `_order`, for rows already in memory (NULLs last, newest object first on
    ties). Row layout: id, object_id, price, score, rating, volume, facet_values[, rank]."""
    if sort == "price_asc":
        return lambda r: (r[2] is None, r[2] or 0, -r[1])
    if sort == "price_desc":
        return lambda r: (r[2] is None, -(r[2] or 0), -r[1])
    if sort == "rating":
        return lambda r: (r[4] is None, -(r[4] or 0), r[3] is None, -(r[3] or 0), -r[1])
    if sort == "score":
        return lambda r: (r[3] is None, -(r[3] or 0), -r[5], -r[1])
    if sort == "volume":
        return lambda r: (-r[5], r[3] is None, -(r[3] or 0), -r[1])
    if ranked:
        return lambda r: (-(r[7] or 0.0), -r[1])
    return lambda r: (r[3] is None, -(r[3] or 0), -r[5], -r[1])


def _global_step() -> int:
    # Ids are dense enough that the highest id approximates the index size (an index lookup).
    highest = SearchDocument.objects.aggregate(m=Max("id"))["m"] or 1
    return max(1, -(-highest // FACET_SAMPLE))


def _order(qs: QuerySet[SearchDocument], sort: str, rank: Expression | None) -> QuerySet[SearchDocument]:
    if sort == "price_asc":
        return qs.order_by(F("price").asc(nulls_last=True), "-object_id")
    if sort == "price_desc":
        return qs.order_by(F("price").desc(nulls_last=True), "-object_id")
    if sort == "rating":
        return qs.order_by(F("rating").desc(nulls_last=True), F("score").desc(nulls_last=True), "-object_id")
    if sort == "score":  # Job Success Score, then earnings
        return qs.order_by(F("score").desc(nulls_last=True), "-volume", "-object_id")
    if sort == "volume":  # earnings, then Job Success Score
        return qs.order_by("-volume", F("score").desc(nulls_last=True), "-object_id")
    if rank is not None:
        return qs.annotate(rank=rank).order_by("-rank", "-object_id")
    # Relevance without words: proven reputation first, then earnings.
    return qs.order_by(F("score").desc(nulls_last=True), "-volume", "-object_id")


def _count_facets(
    facet_texts: Iterable[str], facets: Iterable[str], limit: int, scale: int = 1
) -> dict[str, list[tuple[str, int]]]:
    """Facet value counts from the documents' `facet_values` texts, most frequent first."""
    wanted = set(facets)
    lines: Counter[str] = Counter()
    for text_value in facet_texts:
        lines.update(text_value.split("\n"))  # counted in C; split into facet/value once per distinct line
    counts = []
    for line, n in lines.items():
        facet, _, value = line.partition("\t")
        if facet in wanted:
            counts.append((facet, -n, value))
    out: dict[str, list[tuple[str, int]]] = {facet: [] for facet in facets}
    for facet, negative, value in sorted(counts):
        if len(out[facet]) < limit:
            out[facet].append((value, -negative * scale))
    return out


# --- backends ------------------------------------------------------------------------------------


class _OnDocument(Expression):
    """SQL over the document row's backend-only columns, written against whatever alias the row has
    in this query (the facet and count queries use the search as a subquery, aliased U0)."""

    def __init__(self, template: str, param: Any, output_field: Field | None = None) -> None:
        super().__init__(output_field=output_field or BooleanField())
        self.template, self.param = template, param

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.format(table=table), [self.param]


def _tag_filters_via_rows(
    qs: QuerySet[SearchDocument], all_tags: list[tuple[str, str]], any_tags: dict[str, list[str]]
) -> QuerySet[SearchDocument]:
    for facet, value in all_tags:
        qs = qs.filter(id__in=SearchTag.objects.filter(facet=facet, value=value).values("document_id"))
    for facet, values in any_tags.items():
        qs = qs.filter(id__in=SearchTag.objects.filter(facet=facet, value__in=values).values("document_id"))
    return qs


class _Postgres:
    TAGS = "string_to_array({table}.facet_values, E'\\n')"  # the expression GIN-indexed by 0006

    def require_tags(
        self, qs: QuerySet[SearchDocument], all_tags: list[tuple[str, str]], any_tags: dict[str, list[str]]
    ) -> QuerySet[SearchDocument]:
        if all_tags:
            qs = qs.filter(_OnDocument(self.TAGS + " @> %s::text[]", [f"{f}\t{v}" for f, v in all_tags]))
        for facet, values in any_tags.items():
            qs = qs.filter(_OnDocument(self.TAGS + " && %s::text[]", [f"{facet}\t{v}" for v in values]))
        return qs

    def sample(self, qs: QuerySet[SearchDocument], step: int) -> QuerySet[SearchDocument]:
        # Every step-th id, looked up through the primary key (one array parameter).
        ids = list(range(step, step * (FACET_SAMPLE + 1), step))
        return qs.filter(_OnDocument("{table}.id = ANY(%s)", ids))

    def write(self, pk: int, texts: list[str]) -> None:
        parts = " || ".join(f"setweight(to_tsvector('simple', %s), '{w}')" for w in PG_WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE search_searchdocument SET vector = {parts} WHERE id = %s", [*texts, pk])  # noqa: S608 - weights are constants

    def delete(self, pk: int) -> None:
        """The vector lives on the row, which the caller deletes."""

    def match(self, qs: QuerySet[SearchDocument], groups: list[text.Group]) -> QuerySet[SearchDocument]:
        # A plain predicate on the row (not an IN subquery): the planner can combine the GIN index
        # with the other conditions.
        return qs.filter(_OnDocument("{table}.vector @@ to_tsquery('simple', %s)", text.to_tsquery(groups)))

    def rank(self, groups: list[text.Group]) -> Expression:
        return _OnDocument(
            "ts_rank({table}.vector, to_tsquery('simple', %s))", text.to_tsquery(groups), FloatField()
        )


class _Sqlite:
    def require_tags(
        self, qs: QuerySet[SearchDocument], all_tags: list[tuple[str, str]], any_tags: dict[str, list[str]]
    ) -> QuerySet[SearchDocument]:
        return _tag_filters_via_rows(qs, all_tags, any_tags)

    def sample(self, qs: QuerySet[SearchDocument], step: int) -> QuerySet[SearchDocument]:
        return qs.filter(_OnDocument("{table}.id %% %s = 0", step))

    def write(self, pk: int, texts: list[str]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, keywords, body, extra) VALUES (%s, %s, %s, %s, %s)",
                [pk, *texts],
            )

    def delete(self, pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [pk])

    def match(self, qs: QuerySet[SearchDocument], groups: list[text.Group]) -> QuerySet[SearchDocument]:
        return qs.filter(
            id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [text.to_fts5(groups)])
        )

    def rank(self, groups: list[text.Group]) -> RawSQL:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        # bm25 is "smaller is better"; negate it so both backends sort rank descending.
        return RawSQL(  # noqa: S611 - the only parameter is bound
            f"(SELECT -bm25(search_fts, {weights}) FROM search_fts "  # noqa: S608 - constants only
            "WHERE search_fts MATCH %s AND search_fts.rowid = search_searchdocument.id)",
            [text.to_fts5(groups)],
        )


_BACKENDS: dict[str, Callable[[], _Postgres | _Sqlite]] = {"postgresql": _Postgres, "sqlite": _Sqlite}


def _backend() -> _Postgres | _Sqlite:
    try:
        return _BACKENDS[connection.vendor]()
    except KeyError:
        raise RuntimeError(f"hirehall.search has no backend for {connection.vendor!r}") from None


def backend_name() -> str:
    return "tantivy" if uses_tantivy() else connection.vendor
