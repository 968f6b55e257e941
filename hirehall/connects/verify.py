"""`connects_verify` (ADR 0006): the Connects ledger's own invariants, checked from the rows.

1. For every freelancer, the sum of history deltas equals the sum of their lots' `remaining`.
2. Every entry's touched lots add up to its delta (grants/refunds put in, spends/expiries take out).
3. No Connects were spent from a lot after it expired.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Sum

from hirehall.connects.models import ConnectsEntry, ConnectsEntryLot, ConnectsLot, EntryKind


def verify_connects() -> list[str]:
    problems = []
    deltas = dict(
        ConnectsEntry.objects.values("user_id").annotate(n=Sum("delta")).values_list("user_id", "n")
    )
    remaining = dict(
        ConnectsLot.objects.values("user_id").annotate(n=Sum("remaining")).values_list("user_id", "n")
    )
    for user_id in set(deltas) | set(remaining):
        if (deltas.get(user_id) or 0) != (remaining.get(user_id) or 0):
            problems.append(
                f"user {user_id}: history sums to {deltas.get(user_id)}, lots hold {remaining.get(user_id)}"
            )
    touched: dict[int, int] = defaultdict(int)
    for entry_id, units in ConnectsEntryLot.objects.values_list("entry_id", "units"):
        touched[entry_id] += units
    for entry_id, delta in ConnectsEntry.objects.values_list("id", "delta"):
        if touched.get(entry_id, 0) != abs(delta):
            problems.append(f"entry {entry_id}: touches {touched.get(entry_id, 0)} Connects, delta {delta}")
    late = ConnectsEntryLot.objects.filter(
        entry__kind=EntryKind.SPEND, entry__created_at__gte=F("lot__expires_at")
    ).values_list("entry_id", "lot_id")
    problems += [f"entry {e}: spent from lot {lot} after it expired" for e, lot in late]
    return problems
