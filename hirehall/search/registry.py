"""Sources of documents, so `manage.py search_reindex` can rebuild any kind without knowing apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from hirehall.search import engine, outbox
from hirehall.search.models import SearchDocument

DocumentSource = Callable[[], Iterable[engine.Document]]
_SOURCES: dict[str, DocumentSource] = {}


def register_source(kind: str, source: DocumentSource) -> None:
    """Apps call this from AppConfig.ready(); `source()` yields every document of the kind."""
    _SOURCES[kind] = source


def registered_kinds() -> list[str]:
    return sorted(_SOURCES)


def reindex(kind: str) -> int:
    """Rebuild one kind from its source. Database backend: in one transaction, readers see the old
    or the new index. Tantivy: this node's index only, in one commit (other nodes run it themselves)."""
    if kind not in _SOURCES:
        raise KeyError(kind)
    if engine.uses_tantivy():
        return outbox.reindex_kind_in_place(kind, _SOURCES[kind]())
    count = 0
    with transaction.atomic():
        for pk in SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True):
            engine.remove(kind, pk)
        for doc in _SOURCES[kind]():
            engine.index(doc)
            count += 1
    return count


def rebuild_node_index() -> dict[str, int]:
    """Tantivy: a fresh index of every kind for this node, switched in atomically, with its outbox
    position (a new node, a lost disk, or a node behind the outbox's pruning horizon)."""
    return outbox.rebuild({kind: _SOURCES[kind] for kind in registered_kinds()})
