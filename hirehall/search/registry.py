"""Sources of documents, so `manage.py search_reindex` can rebuild any kind without knowing apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from hirehall.search import engine
from hirehall.search.models import SearchDocument

DocumentSource = Callable[[], Iterable[engine.Document]]
_SOURCES: dict[str, DocumentSource] = {}


def register_source(kind: str, source: DocumentSource) -> None:
    """Apps call this from AppConfig.ready(); `source()` yields every document of the kind."""
    _SOURCES[kind] = source


def registered_kinds() -> list[str]:
    return sorted(_SOURCES)


def reindex(kind: str) -> int:
    """Rebuild one kind from its source in one transaction: readers see the old or the new index."""
    if kind not in _SOURCES:
        raise KeyError(kind)
    count = 0
    with transaction.atomic():
        for pk in SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True):
            engine.remove(kind, pk)
        for doc in _SOURCES[kind]():
            engine.index(doc)
            count += 1
    return count
