"""The engine on a fixed corpus: these expectations hold on SQLite, PostgreSQL and tantivy alike
(every test taking `backend` runs on the database of the run and on the tantivy index)."""

from __future__ import annotations

import pytest

from hirehall.search import engine, outbox, tantivy_backend
from hirehall.search.engine import Document, Query
from hirehall.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "tantivy"])
def backend(request, settings, tmp_path):
    if request.param == "tantivy":
        settings.HIREHALL_SEARCH_BACKEND = "tantivy"
        settings.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield request.param
    tantivy_backend.drop_cached_reader()


def sync():
    """Tantivy: apply the outbox to this node's index, as the worker does within a second."""
    if engine.uses_tantivy():
        outbox.apply_pending()


ALIASES = {"js": ["javascript"], "ml": ["machine", "learning"]}


def doc(object_id, **kw):
    tags = frozenset(kw.pop("tags", ()))
    return Document(kind="t", object_id=object_id, tags=tags, **kw)


@pytest.fixture
def corpus(backend):
    docs = [
        doc(
            1,
            title="Python developer",
            keywords="python django",
            body="APIs",
            price=5000,
            score=95,
            rating=490,
            volume=2_000_000,
            tags={("skill", "python"), ("skill", "django"), ("country", "DE")},
        ),
        doc(
            2,
            title="Data scientist",
            keywords="python pandas machine learning",
            body="I build models",
            price=9000,
            score=80,
            rating=450,
            tags={("skill", "python"), ("country", "FR")},
        ),
        doc(
            3,
            title="Copywriter",
            keywords="seo",
            body="I write about python and travel",
            extra="Python blog",
            price=3000,
            tags={("skill", "seo"), ("country", "DE")},
        ),
        doc(
            4,
            title="Frontend engineer",
            keywords="javascript react",
            body="Résumé: Zürich café apps",
            price=7000,
            score=70,
            rating=480,
            tags={("skill", "javascript"), ("country", "CH")},
        ),
        doc(
            5,
            title="Hidden python guru",
            keywords="python",
            price=8000,
            public=False,
            tags={("skill", "python"), ("country", "DE")},
        ),
        doc(
            6, title="C developer", keywords="c", body="embedded C and C++", price=6000, tags={("skill", "c")}
        ),
    ]
    for d in docs:
        engine.index(d)
    sync()
    return docs


def ids(**kw):
    kw.setdefault("kind", "t")
    kw.setdefault("aliases", ALIASES)
    return engine.query(Query(**kw)).ids


def test_relevance_title_beats_keywords_beats_body(corpus):
    assert ids(words="python") == [1, 2, 3]


def test_prefix_accents_and_aliases(corpus):
    assert sorted(ids(words="dev")) == [1, 6]  # prefix match
    assert ids(words="zurich cafe") == [4]  # accents folded on both sides
    assert ids(words="js") == [4]  # alias expanded
    assert ids(words="ml") == [2]  # multi-word alias: all its words
    assert ids(words="c") == [6]  # one letter matches whole words only
    assert ids(words="python nonexistentword") == []
    assert ids(words="  !!! ") == ids()  # no usable words: no text filter


def test_members_only_documents_need_a_signed_in_searcher(corpus):
    assert 5 not in ids(words="python")
    assert ids(words="guru", include_members_only=True) == [5]


def test_filters_sorts_and_facets(corpus):
    assert ids(all_tags=[("skill", "python"), ("skill", "django")]) == [1]
    assert set(ids(any_tags={"country": ["DE", "CH"]})) == {1, 3, 4}
    assert ids(price_min=5000, price_max=7000, sort="price_asc") == [1, 6, 4]
    assert ids(sort="price_desc") == [2, 4, 6, 1, 3]
    assert ids(sort="rating") == [1, 4, 2, 6, 3]
    assert ids(score_min=80) == [1, 2]
    assert ids(volume_min=1) == [1]
    assert ids() == [1, 2, 4, 6, 3]  # no words: score, then volume, then newest

    result = engine.query(Query(kind="t", words="python", facets=["skill", "country"]))
    assert result.total == 3
    assert result.facets == {
        "skill": [("python", 2), ("django", 1), ("seo", 1)],
        "country": [("DE", 2), ("FR", 1)],
    }


def test_pagination_counts_everything(corpus):
    page = engine.query(Query(kind="t", limit=2, offset=2))
    assert page.ids == [4, 6] and page.total == 5


def test_reindex_replaces_and_remove_forgets(corpus):
    engine.index(doc(3, title="Travel photographer", price=3000, tags={("skill", "photography")}))
    sync()
    assert ids(words="copywriter") == []
    assert ids(words="photographer") == [3]
    assert ids(all_tags=[("skill", "seo")]) == []
    engine.remove("t", 3)
    sync()
    assert ids(words="photographer") == []
    assert not SearchDocument.objects.filter(kind="t", object_id=3).exists()  # tantivy: never written


@pytest.mark.parametrize(
    "kw",
    [
        {"words": "python"},
        {"words": "dev"},
        {},
        {"sort": "price_asc"},
        {"sort": "price_desc"},
        {"sort": "rating"},
        {"any_tags": {"country": ["DE", "CH"]}, "sort": "price_asc"},
    ],
)
def test_broad_path_orders_exactly_like_the_in_memory_path(corpus, monkeypatch, kw, backend):
    """Selective searches are ordered in Python, broad ones by SQL: both must give the same order."""
    if backend == "tantivy":
        pytest.skip("the database backend's two paths; tantivy has one")
    small = engine.query(Query(kind="t", aliases=ALIASES, facets=["country"], **kw))
    monkeypatch.setattr(engine, "FACET_EXACT_LIMIT", 0)  # force the broad path
    monkeypatch.setattr(engine, "FACET_SAMPLE", 10_000)  # sample step 1: every document
    broad = engine.query(Query(kind="t", aliases=ALIASES, facets=["country"], **kw))
    assert broad.ids == small.ids and broad.total == small.total
    assert broad.facets == small.facets and broad.facets_approximate and not small.facets_approximate


def test_past_the_count_limit_the_total_is_an_estimate(corpus, monkeypatch, backend):
    if backend == "tantivy":
        pytest.skip("tantivy counts every match exactly")
    monkeypatch.setattr(engine, "FACET_EXACT_LIMIT", 0)
    monkeypatch.setattr(engine, "COUNT_LIMIT", 2)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 10_000)
    result = engine.query(Query(kind="t", facets=["country"]))
    assert not result.total_exact and result.total == 5 and result.ids == [1, 2, 4, 6, 3]
