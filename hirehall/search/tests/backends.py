"""Run a test module on both search backends: `pytestmark = pytest.mark.usefixtures("search_backend")`
after importing this fixture. With tantivy, every search first applies the outbox, as the node's
worker does within a second of the commit (tests share one connection, so 'committed' = written)."""

from __future__ import annotations

import pytest

from hirehall.search import engine, outbox, tantivy_backend


@pytest.fixture(params=["database", "tantivy"])
def search_backend(request, settings, tmp_path, monkeypatch):
    if request.param == "tantivy":
        settings.HIREHALL_SEARCH_BACKEND = "tantivy"
        settings.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "search-index"
        search = tantivy_backend.search

        def applied_then_search(q: engine.Query) -> engine.Result:
            outbox.apply_pending()
            return search(q)

        monkeypatch.setattr(tantivy_backend, "search", applied_then_search)
    yield request.param
    tantivy_backend.drop_cached_reader()
