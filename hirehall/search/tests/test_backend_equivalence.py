"""The database backend of the run (SQLite FTS5 or PostgreSQL) and tantivy give the same answers.

One generated corpus is indexed into both; every query of the shared list must return the same ids in
the same order, the same total and the same facet counts. Texts have a fixed number of distinct words
per field (title 3, keywords 3, body 6, extra 3), so every backend's relevance reduces to the field
weights (title > keywords > body > extra) and ties fall to the newest object on all of them.

One exception, on purpose: PostgreSQL's ts_rank orders multi-word AND queries by the words'
proximity, which neither FTS5 nor tantivy do; for those the suite compares the complete match set.
"""

from __future__ import annotations

import random

import pytest

from hirehall.search import engine, outbox, tantivy_backend
from hirehall.search.engine import Document, Query

pytestmark = pytest.mark.django_db

KIND = "eq"
ALIASES = {"js": ["javascript"], "ml": ["machine", "learning"], "k8s": ["kubernetes"]}
# No word is a prefix of another one used in the same role, so a prefix query matches one word per field.
TITLE = ["python", "developer", "designer", "writer", "react", "senior", "data", "c", "analyst", "editor"]
KEYWORDS = ["django", "javascript", "kubernetes", "machine", "learning", "seo", "figma", "excel", "go", "r"]
BODY = ["api", "startup", "fintech", "travel", "python", "react", "blog", "cloud", "remote", "zurich", "cafe"]
EXTRA = ["portfolio", "award", "opensource", "python", "writer", "bakery", "museum"]
SKILLS = ["python", "django", "react", "javascript", "seo", "figma", "go", "c"]
COUNTRIES = ["DE", "FR", "US", "IN", "BR"]
LANGS = ["en", "de", "fr", "es"]
BADGES = ["top_rated", "rising_talent"]


def corpus() -> list[Document]:
    rng = random.Random(15)
    docs = []
    for object_id in range(1, 81):
        tags = {("skill", s) for s in rng.sample(SKILLS, rng.randint(1, 3))}
        tags.add(("country", rng.choice(COUNTRIES)))
        tags |= {("language", lang) for lang in rng.sample(LANGS, rng.randint(1, 2))}
        if rng.random() < 0.3:
            tags.add(("badge", rng.choice(BADGES)))
        docs.append(
            Document(
                kind=KIND,
                object_id=object_id,
                title=" ".join(rng.sample(TITLE, 3)).title(),
                keywords=" ".join(rng.sample(KEYWORDS, 3)),
                body=" ".join(rng.sample(BODY, 6)),
                extra=" ".join(rng.sample(EXTRA, 3)),
                tags=frozenset(tags),
                public=rng.random() < 0.85,
                price=rng.choice([None, 1500, 3000, 4500, 6000, 9000]),
                score=rng.choice([None, None, 70, 85, 100]),
                rating=rng.choice([None, 420, 480, 500]),
                volume=rng.choice([0, 0, 50_000, 250_000]),
            )
        )
    return docs


SINGLE_WORDS = [
    "python",
    "pyth",
    "dev",
    "react",
    "writer",
    "c",
    "r",
    "go",
    "zurich",
    "caf",
    "js",
    "k8s",
    "nothing",
]
MULTI_WORDS = ["python dev", "react api", "senior data", "ml", "python django", "writer blog travel"]
FACETS = ("skill", "country", "language", "badge")
SORTS = ("relevance", "price_asc", "price_desc", "rating", "score", "volume")


def shared_queries() -> list[tuple[str, Query]]:
    out: list[tuple[str, Query]] = []

    def add(label: str, **kw: object) -> None:
        out.append((label, Query(kind=KIND, aliases=ALIASES, limit=100, **kw)))

    for words in SINGLE_WORDS:
        add(f"words {words!r}", words=words, facets=FACETS)
        add(f"words {words!r}, members", words=words, include_members_only=True)
    for sort in SORTS:
        add(f"sort {sort}", sort=sort, facets=FACETS)
        add(f"sort {sort}, python", sort=sort, words="python")
        add(f"sort {sort}, page 2 of 7", sort=sort, offset=7)
        out.append((f"sort {sort}, 5 from 10", Query(kind=KIND, sort=sort, offset=10, limit=5)))
    for words in MULTI_WORDS:
        for sort in ("price_asc", "rating"):
            add(f"words {words!r} sorted {sort}", words=words, sort=sort, facets=FACETS)
    add("all skills", all_tags=[("skill", "python"), ("skill", "django")], facets=FACETS)
    add("any country", any_tags={"country": ["DE", "FR"]}, facets=FACETS, sort="price_desc")
    add("any country + language", any_tags={"country": ["US"], "language": ["en", "de"]}, sort="rating")
    add("badge + words", all_tags=[("badge", "top_rated")], words="dev", include_members_only=True)
    add("price range", price_min=3000, price_max=6000, sort="price_asc", facets=FACETS)
    add("price min only", price_min=9000)
    add("score min", score_min=85, sort="score", facets=FACETS)
    add("volume min", volume_min=50_000, sort="volume")
    add(
        "everything",
        words="python",
        all_tags=[("language", "en")],
        any_tags={"country": ["DE", "US", "IN"]},
        price_max=6000,
        score_min=70,
        include_members_only=True,
        facets=FACETS,
    )
    add("facet limit 2", facets=FACETS, facet_limit=2)
    add("no match", words="python", all_tags=[("skill", "nope")], facets=FACETS)
    add("past the end", offset=500)
    return out


QUERIES = shared_queries()


@pytest.fixture
def both(settings, tmp_path):
    """The corpus indexed by the database backend and, through the outbox, by tantivy."""
    docs = corpus()
    for doc in docs:
        engine.index(doc)
    settings.HIREHALL_SEARCH_BACKEND = "tantivy"
    settings.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "search-index"
    for doc in docs:
        engine.index(doc)
    outbox.apply_pending()
    yield settings
    tantivy_backend.drop_cached_reader()


def run(settings, backend: str, q: Query) -> engine.Result:
    settings.HIREHALL_SEARCH_BACKEND = backend
    return engine.query(q)


def test_the_shared_queries_exercise_the_corpus(both):
    """Guard against a vacuous suite: most queries find something, several find many."""
    totals = [run(both, "database", q).total for _, q in QUERIES]
    assert sum(1 for t in totals if t) >= len(QUERIES) * 3 // 4
    assert sum(1 for t in totals if t >= 10) >= 20


def test_every_shared_query_gives_the_same_answer_on_both_backends(both):
    mismatches = []
    for label, q in QUERIES:
        database, tantivy = run(both, "database", q), run(both, "tantivy", q)
        multi_word_relevance = q.sort == "relevance" and len(q.words.split()) > 1
        database_ids = sorted(database.ids) if multi_word_relevance else database.ids
        tantivy_ids = sorted(tantivy.ids) if multi_word_relevance else tantivy.ids
        if (database_ids, database.total, database.facets) != (tantivy_ids, tantivy.total, tantivy.facets):
            mismatches.append(f"{label}: database {database} != tantivy {tantivy}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("words", MULTI_WORDS)
def test_multi_word_relevance_matches_the_same_documents(both, words):
    q = Query(kind=KIND, words=words, aliases=ALIASES, limit=100, facets=FACETS)
    database, tantivy = run(both, "database", q), run(both, "tantivy", q)
    assert sorted(database.ids) == sorted(tantivy.ids) and database.total == tantivy.total
    assert database.facets == tantivy.facets


def wide_corpus() -> list[Document]:
    """Values past the exact range of tantivy's compact sort keys (ids beyond 2^21, prices beyond
    2^30 cents, epoch-second volumes), with many equal values: the exact order must still hold."""
    rng = random.Random(1515)
    ids = rng.sample(range(1, 10**9), 60)
    return [
        Document(
            kind=KIND,
            object_id=object_id,
            title="python developer",
            tags=frozenset({("country", rng.choice(COUNTRIES))}),
            price=rng.choice([None, 2**40 + 1, 2**40 + 2, 2**35, 7]),
            score=rng.choice([None, 90, 90, 100]),
            rating=rng.choice([None, 500, 499]),
            volume=rng.choice([1_764_000_000, 1_764_000_001, 1_764_000_300, 0]),
        )
        for object_id in ids
    ]


def test_huge_values_and_ids_keep_the_exact_order(settings, tmp_path):
    docs = wide_corpus()
    for doc in docs:
        engine.index(doc)
    settings.HIREHALL_SEARCH_BACKEND = "tantivy"
    settings.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "search-index"
    for doc in docs:
        engine.index(doc)
    outbox.apply_pending()
    try:
        for sort in SORTS:
            for offset, limit in ((0, 60), (0, 5), (5, 5), (17, 9)):
                for words in ("", "python"):
                    q = Query(kind=KIND, words=words, sort=sort, offset=offset, limit=limit)
                    database, tantivy = run(settings, "database", q), run(settings, "tantivy", q)
                    assert database.ids == tantivy.ids, (sort, offset, limit, words)
    finally:
        tantivy_backend.drop_cached_reader()


def test_tantivy_samples_facets_of_very_large_results(both, monkeypatch):
    """Past FACET_EXACT_LIMIT matches, facets come from an even sample of id buckets, scaled."""
    q = Query(kind=KIND, facets=("country",), include_members_only=True)
    exact = run(both, "tantivy", q)
    monkeypatch.setattr(tantivy_backend, "FACET_EXACT_LIMIT", 10)
    monkeypatch.setattr(tantivy_backend, "FACET_SAMPLE", 40)
    sampled = run(both, "tantivy", q)
    assert sampled.facets_approximate and not exact.facets_approximate
    assert sampled.total == exact.total == 80  # totals stay exact
    estimated = dict(sampled.facets["country"])
    assert sum(estimated.values()) == pytest.approx(80, rel=0.35)
    assert set(estimated) <= {value for value, _ in exact.facets["country"]}
