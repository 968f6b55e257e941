"""The outbox sweep: prune old rows (once for all nodes) and, with the tantivy backend, apply pending
rows to this node's index. The per-node `search_worker` (or the `serve` thread) applies them every
half second; this minute-by-minute sweep is the safety net and the pruner."""

from __future__ import annotations

from datetime import datetime

from hirehall.core.sweeps_registry import sweep
from hirehall.search import engine, outbox


@sweep("search.outbox")
def outbox_sweep(now: datetime) -> int:
    pruned = outbox.prune(now)
    if not engine.uses_tantivy():
        return pruned
    return pruned + outbox.apply_pending(now)
