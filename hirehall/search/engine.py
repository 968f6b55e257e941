"""The search module's whole interface: index a document, remove it, query.

Callers never see which backend runs. Words are matched by the database's own full-text engine
(PostgreSQL tsvector + GIN, SQLite FTS5); filters, sorts, facets and counts are ordinary SQL over
SearchDocument/SearchTag and therefore identical on both. Call `index`/`remove` inside the
transaction that changes the source row: the index is never stale and rolls back with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL

from hirehall.search import text
from hirehall.search.models import SearchDocument, SearchTag

Sort = Literal["relevance", "price_asc", "price_desc", "rating"]
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
    total: int
    facets: dict[str, list[tuple[str, int]]]


# --- writing -------------------------------------------------------------------------------------


def index(doc: Document) -> None:
    """Insert or replace one document (its row, its tags and its words) atomically."""
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
            },
        )
        SearchTag.objects.filter(document=row).delete()
        SearchTag.objects.bulk_create(
            [SearchTag(document=row, facet=f, value=v) for f, v in sorted(doc.tags)]
        )
        texts = [text.normalize(t) for t in (doc.title, doc.keywords, doc.body, doc.extra)]
        _backend().write(row.pk, texts)


def remove(kind: str, object_id: int) -> None:
    with transaction.atomic():
        for pk in SearchDocument.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True):
            _backend().delete(pk)
        SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


# --- reading -------------------------------------------------------------------------------------


def query(q: Query) -> Result:
    """Ids of one page in order, the total number of matches and the requested facet counts."""
    backend = _backend()
    qs = SearchDocument.objects.filter(kind=q.kind)
    if not q.include_members_only:
        qs = qs.filter(public=True)
    groups = text.parse_query(q.words, q.aliases) if q.words.strip() else []
    if groups:
        qs = backend.match(qs, groups)
    for facet, value in q.all_tags:
        qs = qs.filter(id__in=SearchTag.objects.filter(facet=facet, value=value).values("document_id"))
    for facet, values in q.any_tags.items():
        if values:
            qs = qs.filter(
                id__in=SearchTag.objects.filter(facet=facet, value__in=list(values)).values("document_id")
            )
    if q.price_min is not None:
        qs = qs.filter(price__gte=q.price_min)
    if q.price_max is not None:
        qs = qs.filter(price__lte=q.price_max)
    if q.score_min is not None:
        qs = qs.filter(score__gte=q.score_min)
    if q.volume_min is not None:
        qs = qs.filter(volume__gte=q.volume_min)

    ordered = _order(qs, q.sort, backend.rank(groups) if groups else None)
    ids = list(ordered.values_list("object_id", flat=True)[q.offset : q.offset + q.limit])
    total = qs.count()
    facets = _facets(qs, q.facets, q.facet_limit) if q.facets else {}
    return Result(ids=ids, total=total, facets=facets)


def _order(qs: QuerySet[SearchDocument], sort: str, rank: RawSQL | None) -> QuerySet[SearchDocument]:
    if sort == "price_asc":
        return qs.order_by(F("price").asc(nulls_last=True), "-id")
    if sort == "price_desc":
        return qs.order_by(F("price").desc(nulls_last=True), "-id")
    if sort == "rating":
        return qs.order_by(F("rating").desc(nulls_last=True), F("score").desc(nulls_last=True), "-id")
    if rank is not None:
        return qs.annotate(rank=rank).order_by("-rank", "-id")
    # Relevance without words: proven reputation first, then earnings.
    return qs.order_by(F("score").desc(nulls_last=True), "-volume", "-id")


def _facets(
    qs: QuerySet[SearchDocument], facets: Iterable[str], limit: int
) -> dict[str, list[tuple[str, int]]]:
    rows = (
        SearchTag.objects.filter(document__in=qs.order_by().values("id"), facet__in=list(facets))
        .values("facet", "value")
        .annotate(n=Count("id"))
        .order_by("facet", "-n", "value")
    )
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        bucket = out[row["facet"]]
        if len(bucket) < limit:
            bucket.append((row["value"], row["n"]))
    return {facet: out.get(facet, []) for facet in facets}


# --- backends ------------------------------------------------------------------------------------


class _Postgres:
    def write(self, pk: int, texts: list[str]) -> None:
        parts = " || ".join(f"setweight(to_tsvector('simple', %s), '{w}')" for w in PG_WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE search_searchdocument SET vector = {parts} WHERE id = %s", [*texts, pk])  # noqa: S608 - weights are constants

    def delete(self, pk: int) -> None:
        """The vector lives on the row, which the caller deletes."""

    def match(self, qs: QuerySet[SearchDocument], groups: list[text.Group]) -> QuerySet[SearchDocument]:
        return qs.filter(
            id__in=RawSQL(
                "SELECT id FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s)",
                [text.to_tsquery(groups)],
            )
        )

    def rank(self, groups: list[text.Group]) -> RawSQL:
        return RawSQL(
            "ts_rank(search_searchdocument.vector, to_tsquery('simple', %s))", [text.to_tsquery(groups)]
        )


class _Sqlite:
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
    return connection.vendor
