"""The transactional outbox that feeds each node's tantivy index (ADR 0022).

Writing: `record()` inserts one row in the caller's transaction (never lost, never phantom). On
PostgreSQL it first takes a transaction-scoped advisory lock on the document's key, so two
transactions changing the same document commit in the order of their outbox ids: the last row of a
key is always its latest committed state.

Applying (`apply_pending`, run by `manage.py search_worker`, the `serve` thread and the sweep): each
node keeps its own position in `<generation>/state.json` next to its index and never deletes rows,
because other nodes read them too. Ids can commit out of order across keys (a transaction that took
id 10 may commit after the one that took 11), so the position only passes an id once it has been
applied or has been missing for `HIREHALL_SEARCH_OUTBOX_GAP_SECONDS` (a rolled-back transaction);
rows seen beyond a gap are applied at once and remembered, so nothing waits on the gap.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from hirehall.core.clock import now as clock_now
from hirehall.search import tantivy_backend
from hirehall.search.models import SearchOutbox, SearchOutboxPruned

if TYPE_CHECKING:
    from hirehall.search.engine import Document

logger = logging.getLogger(__name__)
BATCH = 5_000


class IndexBehind(RuntimeError):
    """This node's index missed pruned outbox rows: rebuild it with `manage.py search_reindex`."""


# --- writing (in the caller's transaction) -------------------------------------------------------


def record(kind: str, object_id: int, doc: Document | None) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"search:{kind}:{object_id}"])
        SearchOutbox.objects.create(
            kind=kind, object_id=object_id, document=None if doc is None else to_json(doc)
        )


def to_json(doc: Document) -> dict[str, Any]:
    data = asdict(doc)
    data["tags"] = sorted([f, v] for f, v in doc.tags)
    return data


def from_json(data: dict[str, Any]) -> Document:
    from hirehall.search.engine import Document

    return Document(**{**data, "tags": frozenset((f, v) for f, v in data["tags"])})


# --- this node's position ---------------------------------------------------------------------


@dataclass
class State:
    position: int = 0  # every id ≤ position is applied (or was a rolled-back transaction's)
    applied: list[int] = field(default_factory=list)  # ids > position already applied
    gaps: dict[str, float] = field(default_factory=dict)  # missing id → when first noticed (epoch s)


def load_state(generation: Path) -> State:
    try:
        data = json.loads((generation / "state.json").read_text())
    except FileNotFoundError:
        return State()
    return State(position=data["position"], applied=data["applied"], gaps=data["gaps"])


def save_state(generation: Path, state: State) -> None:
    temporary = generation / "state.json.tmp"
    temporary.write_text(json.dumps(asdict(state)))
    os.replace(temporary, generation / "state.json")


def pruned_through() -> int:
    row = SearchOutboxPruned.objects.filter(pk=1).values_list("through_id", flat=True).first()
    return row or 0


# --- applying ------------------------------------------------------------------------------------


def apply_pending(now: datetime | None = None) -> int:
    """Apply committed outbox rows this node has not applied yet; returns how many rows it applied.
    Returns 0 at once if another process of this node is writing its index."""
    now = now or clock_now()
    with tantivy_backend.writer_lock(blocking=False) as locked:
        if not locked:
            return 0
        return _apply(tantivy_backend.ensure_generation(), now)


def _apply(generation: Path, now: datetime) -> int:
    state = load_state(generation)
    if state.position < pruned_through():
        raise IndexBehind(
            f"search index at outbox position {state.position}, rows up to {pruned_through()} were "
            "pruned: run `manage.py search_reindex` on this node"
        )
    applied = set(state.applied)
    # Unapplied rows: the ids missing between the position and the highest applied id (a
    # transaction that committed late, usually none), then everything past the highest.
    high = max(applied, default=state.position)
    rows: list[SearchOutbox] = []
    # A fixed number of queries per pass (4; 5 when a late row fills a gap), whatever the backlog.
    behind = SearchOutbox.objects.filter(id__gt=state.position, id__lt=high)
    missing = set(behind.values_list("id", flat=True)) - applied  # ids only: an index scan
    if missing:
        rows = list(SearchOutbox.objects.filter(id__in=sorted(missing)).order_by("id"))
    rows += list(SearchOutbox.objects.filter(id__gt=high).order_by("id")[:BATCH])
    if rows:
        latest: dict[tuple[str, int], SearchOutbox] = {}
        for row in rows:  # in id order: the last row of a key is its latest committed state
            latest[(row.kind, row.object_id)] = row
        upserts = [from_json(r.document) for r in latest.values() if r.document is not None]
        deletes = [key for key, r in latest.items() if r.document is None]
        tantivy_backend.write(tantivy_backend.open_index(generation), upserts, deletes)
        applied |= {r.id for r in rows}
    _advance(state, applied, now, settled=_settled_through(now))
    save_state(generation, state)
    return len(rows)


def _settled_through(now: datetime) -> int:
    """The highest id written more than the gap timeout ago: a missing id below it was taken before
    that row was written, by a transaction open longer than the timeout, i.e. rolled back."""
    horizon = now - timedelta(seconds=settings.HIREHALL_SEARCH_OUTBOX_GAP_SECONDS)
    return SearchOutbox.objects.filter(created_at__lt=horizon).aggregate(m=Max("id"))["m"] or 0


def _advance(state: State, applied: set[int], now: datetime, settled: int = 0) -> None:
    highest = max(applied, default=state.position)
    timeout = settings.HIREHALL_SEARCH_OUTBOX_GAP_SECONDS
    while state.position < highest:
        following = state.position + 1
        if following in applied:
            applied.discard(following)
            state.gaps.pop(str(following), None)
            state.position = following
            continue
        if following <= settled:
            state.position = following  # rolled back long ago
            continue
        first_seen = state.gaps.setdefault(str(following), now.timestamp())
        if now.timestamp() - first_seen < timeout:
            break  # maybe a transaction still open: keep the position, wait for it
        state.gaps.pop(str(following), None)
        state.position = following  # rolled back: that id will never commit
    state.applied = sorted(applied)
    state.gaps = {k: v for k, v in state.gaps.items() if int(k) > state.position}


def prune(now: datetime) -> int:
    """Delete rows older than the retention window (any node may run it) and record the horizon."""
    cutoff = now - timedelta(days=settings.HIREHALL_SEARCH_OUTBOX_RETENTION_DAYS)
    with transaction.atomic():
        old = SearchOutbox.objects.filter(created_at__lt=cutoff)
        through = old.aggregate(m=Max("id"))["m"]
        if through is None:
            return 0
        deleted, _ = SearchOutbox.objects.filter(id__lte=through).delete()
        marker, _ = SearchOutboxPruned.objects.select_for_update().get_or_create(pk=1)
        if through > marker.through_id:
            marker.through_id = through
            marker.save(update_fields=["through_id"])
    return deleted


# --- rebuilding -----------------------------------------------------------------------------------


def rebuild(documents_by_kind: dict[str, Any], *, now: datetime | None = None) -> dict[str, int]:
    """Build a fresh generation from the source rows and switch this node to it.

    Every outbox row visible before the source rows are read is already reflected in them, so the
    new state counts it as applied (replaying it could undo a change made without an outbox row,
    such as a new reputation source). The position stays below ids that may belong to transactions
    still open (those newer than the gap timeout and not yet visible): they are applied on commit."""
    now = now or clock_now()
    horizon = now - timedelta(seconds=settings.HIREHALL_SEARCH_OUTBOX_GAP_SECONDS)
    position = SearchOutbox.objects.filter(created_at__lt=horizon).aggregate(m=Max("id"))["m"] or 0
    position = max(position, pruned_through())
    visible = sorted(SearchOutbox.objects.filter(id__gt=position).values_list("id", flat=True))
    counts: dict[str, int] = {}
    with tantivy_backend.writer_lock(blocking=True):
        generation = tantivy_backend.new_generation()
        index = tantivy_backend.open_index(generation)
        writer = index.writer(tantivy_backend.WRITER_HEAP, 1)
        for kind, source in documents_by_kind.items():
            counts[kind] = 0
            for doc in source():
                writer.add_document(tantivy_backend.to_tantivy(doc))
                counts[kind] += 1
        writer.commit()
        writer.wait_merging_threads()
        state = State(position=position)
        _advance(state, set(visible), now)
        save_state(generation, state)
        tantivy_backend.switch_to(generation)
    return counts


def reindex_kind_in_place(kind: str, documents: Any) -> int:
    """Replace one kind's documents in the live generation. Pending outbox rows are applied first,
    so none is replayed over the fresher source rows afterwards."""
    count = 0
    with tantivy_backend.writer_lock(blocking=True):
        generation = tantivy_backend.ensure_generation()
        while _apply(generation, clock_now()):
            pass
        index = tantivy_backend.open_index(generation)
        writer = index.writer(tantivy_backend.WRITER_HEAP, 1)
        writer.delete_documents_by_term("kind", kind)
        for doc in documents:
            writer.add_document(tantivy_backend.to_tantivy(doc))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
    return count
