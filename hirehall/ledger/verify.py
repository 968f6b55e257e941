"""Ledger invariants, checked from the rows (not from the cached totals they guard).

Used by `manage.py ledger_verify`, the benchmark and the hypothesis state machine. Reads only.
Every check is a handful of aggregate queries, whatever the size of the ledger.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Sum

from hirehall.ledger.models import Account, BillingRelationship, Transfer, TransferGroup

PAYMENT_GROUPS = [TransferGroup.Kind.ESCROW_RELEASE, TransferGroup.Kind.BONUS]


def verify_ledger() -> list[str]:
    """Return one line per violation; an empty list means the ledger is consistent."""
    problems: list[str] = []
    problems += _sums_balance()
    problems += _cached_totals_match()
    problems += _bounds_hold()
    problems += _transfer_shapes()
    problems += _billing_matches()
    return problems


def _sums_balance() -> list[str]:
    problems = []
    totals = Account.objects.values("currency").annotate(
        dp=Sum("debits_pending"),
        dpost=Sum("debits_posted"),
        cp=Sum("credits_pending"),
        cpost=Sum("credits_posted"),
    )
    for row in totals:
        if row["dpost"] != row["cpost"]:
            problems.append(
                f"{row['currency']}: posted debits {row['dpost']} != posted credits {row['cpost']}"
            )
        if row["dp"] != row["cp"]:
            problems.append(f"{row['currency']}: pending debits {row['dp']} != pending credits {row['cp']}")
    return problems


def _cached_totals_match() -> list[str]:
    expected: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    pending, posted = Q(status=Transfer.Status.PENDING), Q(status=Transfer.Status.POSTED)
    for row in Transfer.objects.values("debit_account_id").annotate(
        p=Sum("amount", filter=pending), q=Sum("posted_amount", filter=posted)
    ):
        expected[row["debit_account_id"]][0] += row["p"] or 0
        expected[row["debit_account_id"]][1] += row["q"] or 0
    for row in Transfer.objects.values("credit_account_id").annotate(
        p=Sum("amount", filter=pending), q=Sum("posted_amount", filter=posted)
    ):
        expected[row["credit_account_id"]][2] += row["p"] or 0
        expected[row["credit_account_id"]][3] += row["q"] or 0
    problems = []
    names = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")
    for account in Account.objects.only("key", *names).iterator(chunk_size=2000):
        cached = [getattr(account, n) for n in names]
        if cached != expected.get(account.pk, [0, 0, 0, 0]):
            problems.append(
                f"account {account.key}: cached totals {dict(zip(names, cached, strict=True))} != "
                f"sums of transfers {dict(zip(names, expected.get(account.pk, [0, 0, 0, 0]), strict=True))}"
            )
    return problems


def _bounds_hold() -> list[str]:
    return [
        f"account {a.key} is past its bound: available {a.available}"
        for a in Account.objects.filter(must_not_go_negative=True).only(
            "key", "credits_posted", "debits_posted", "debits_pending"
        )
        if a.available < 0
    ]


def _transfer_shapes() -> list[str]:
    problems = []
    bad_amount = Transfer.objects.filter(Q(amount__lte=0) | Q(posted_amount__gt=F("amount"))).count()
    if bad_amount:
        problems.append(f"{bad_amount} transfers have an amount <= 0 or posted more than reserved")
    twice = Transfer.objects.filter(was_pending=False).exclude(status=Transfer.Status.POSTED).count()
    if twice:
        problems.append(f"{twice} single-phase transfers are not posted")
    unresolved = (
        Transfer.objects.filter(was_pending=True)
        .exclude(status=Transfer.Status.PENDING)
        .filter(Q(resolved_group__isnull=True) | Q(resolved_at__isnull=True))
    )
    if unresolved.exists():
        problems.append(f"{unresolved.count()} resolved transfers do not say which group resolved them")
    # A resolution is stored once per transfer (set by a conditional UPDATE), so resolving twice would
    # have applied its account deltas twice: `_cached_totals_match` catches that. Here: a transfer is
    # never resolved by the group that created it.
    self_resolved = Transfer.objects.filter(resolved_group=F("group")).count()
    if self_resolved:
        problems.append(f"{self_resolved} pending transfers were resolved by their own group")
    mixed = (
        Transfer.objects.exclude(currency=F("debit_account__currency")).count()
        + Transfer.objects.exclude(currency=F("credit_account__currency")).count()
    )
    if mixed:
        problems.append(f"{mixed} transfers move money between accounts of different currencies")
    open_escrows = (
        Transfer.objects.filter(status=Transfer.Status.PENDING, code=Transfer.Code.ESCROW_HOLD)
        .values("reference")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"reference {row['reference']} has {row['n']} open escrows" for row in open_escrows]
    return problems


def _billing_matches() -> list[str]:
    expected: dict[tuple[int, int], int] = defaultdict(int)
    for row in (
        TransferGroup.objects.filter(kind__in=PAYMENT_GROUPS, payer__isnull=False, payee__isnull=False)
        .values("payer_id", "payee_id")
        .annotate(total=Sum("gross_cents"))
    ):
        expected[(row["payer_id"], row["payee_id"])] = row["total"] or 0
    problems = []
    seen = set()
    for rel in BillingRelationship.objects.all():
        pair = (rel.client_id, rel.freelancer_id)
        seen.add(pair)
        if rel.billed_cents != expected.get(pair, 0):
            paid = expected.get(pair, 0)
            problems.append(f"billings {pair[0]}->{pair[1]}: cached {rel.billed_cents} != payments {paid}")
    problems += [
        f"billings {pair[0]}->{pair[1]}: payments {total} but no cached row"
        for pair, total in expected.items()
        if pair not in seen and total
    ]
    return problems
