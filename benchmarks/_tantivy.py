"""The benchmarks' tantivy index: built from the same generated documents the database receives."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class IndexBuilder:
    """Collects engine Documents while the generator COPYs rows, then commits one fresh generation
    (the same layout `search_reindex` writes: generation directory, state, `current` pointer)."""

    def __init__(self) -> None:
        from hirehall.search import tantivy_backend

        self.backend = tantivy_backend
        self.generation = tantivy_backend.new_generation()
        self.writer = tantivy_backend.open_index(self.generation).writer(1_000_000_000, 2)
        self.count = 0
        self.started = time.perf_counter()

    def add(self, doc) -> None:
        self.writer.add_document(self.backend.to_tantivy(doc))
        self.count += 1

    def finish(self) -> None:
        from hirehall.search import outbox

        self.writer.commit()
        self.writer.wait_merging_threads()
        outbox.save_state(self.generation, outbox.State())
        self.backend.switch_to(self.generation)
        print(f"tantivy: {self.count} documents indexed in {time.perf_counter() - self.started:.1f}s")


def use_bench_index(database: str, *, rebuild: bool) -> Path:
    """Point the search settings at this benchmark database's own index directory."""
    from django.conf import settings

    path = ROOT / "var" / "bench-search" / database
    if rebuild and path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    settings.HIREHALL_SEARCH_INDEX_DIR = path
    return path


def index_exists() -> bool:
    from hirehall.search import tantivy_backend

    generation = tantivy_backend.current_generation()
    return generation is not None and (generation / "meta.json").exists()


def rebuild_from_database() -> None:
    """The product's path for a node with an empty disk: `manage.py search_reindex` (ORM, slower)."""
    from django.conf import settings

    from hirehall.search import registry

    settings.HIREHALL_SEARCH_BACKEND = "tantivy"
    started = time.perf_counter()
    counts = registry.rebuild_node_index()
    print(f"tantivy: rebuilt from the database ({counts}) in {time.perf_counter() - started:.1f}s")
