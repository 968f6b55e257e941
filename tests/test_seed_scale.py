"""benchmarks/seed_scale.py at a tiny size on PostgreSQL: the counts asked for, the product's checks
(ledger_verify, connects_verify, pages), every dropped index and constraint back, same seed = same rows."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count, Sum

from hirehall.connects.models import ConnectsEntry, ConnectsLot
from hirehall.connects.verify import verify_connects
from hirehall.contracts.models import Contract, ContractMilestone
from hirehall.jobs.models import Job
from hirehall.ledger.models import Account, Transfer, TransferGroup
from hirehall.ledger.verify import verify_ledger
from hirehall.profiles.models import FreelancerProfile
from hirehall.proposals.models import Offer, Proposal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import seed_scale

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_copy_outlives_the_test():
    """The seed writes through one COPY connection per table: if one fails mid-run, the others stay
    open holding their locks, and the teardown's TRUNCATE would wait for them for ever. End them."""
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'COPY %%'"
        )


NOW = datetime(2026, 6, 1, tzinfo=UTC)
SIZES = seed_scale.Sizes(jobs=80, freelancers=30, proposals=400, contracts=70)


def _schema() -> list[tuple[str, str]]:
    """Constraints with their definitions; indexes by name, columns and uniqueness (PostgreSQL prints a
    recreated partial index's predicate with different but equivalent casts)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) UNION ALL "
            "SELECT i.indexrelid::regclass::text, i.indisunique::text || i.indkey::text "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s)",
            [list(seed_scale.TABLES), list(seed_scale.TABLES)],
        )
        return sorted(cursor.fetchall())


def test_tiny_seed_loads_the_counts_and_passes_the_products_checks() -> None:
    schema = _schema()
    result = seed_scale.seed(SIZES, rng_seed=7, now=NOW, log=lambda *_: None)

    assert Job.objects.count() == 80
    assert FreelancerProfile.objects.count() == 30
    assert Proposal.objects.count() == 400
    assert Contract.objects.count() == Offer.objects.count() == 70
    assert result.counts["proposals_proposal"] == 400 and result.counts["contracts_contract"] == 70
    # Every contract's first milestone is funded: one escrow account, one funding group, two holds.
    assert ContractMilestone.objects.filter(position=1, status="funded").count() == 70
    assert Account.objects.filter(kind="escrow", credits_pending__gt=0).count() == 70
    assert TransferGroup.objects.filter(kind="escrow_fund").count() == 70
    assert Transfer.objects.filter(code="escrow_hold", status="pending").count() == 70
    # Hires per job match the contracts; each proposal paid its job's Connects.
    assert Job.objects.aggregate(n=Sum("hires_count"))["n"] == 70
    assert Job.objects.aggregate(n=Sum("proposal_count"))["n"] == 400
    spent = Proposal.objects.aggregate(n=Sum("connects_spent"))["n"]
    assert ConnectsEntry.objects.filter(kind="spend").count() == 400
    assert -ConnectsEntry.objects.filter(kind="spend").aggregate(n=Sum("delta"))["n"] == spent
    assert ConnectsLot.objects.filter(source="signup").count() == 30
    assert not Proposal.objects.values("job", "freelancer").annotate(n=Count("id")).filter(n__gt=1)

    assert verify_ledger() == []
    assert verify_connects() == []
    assert _schema() == schema  # every index and constraint dropped for the load is back
    timings = seed_scale.product_checks(log=lambda *_: None)  # raises unless every page answers 200
    assert "ledger_verify" in timings and "/talent/" in timings


def test_the_same_seed_gives_the_same_rows() -> None:
    seed_scale.seed(SIZES, rng_seed=7, now=NOW, log=lambda *_: None)
    first = _snapshot()
    seed_scale.seed(SIZES, rng_seed=7, now=NOW, log=lambda *_: None)  # appended after the first batch
    second = _snapshot(offset=True)
    assert first == second
    assert verify_ledger() == [] and verify_connects() == []


def _snapshot(*, offset: bool = False) -> list[tuple]:
    jobs = Job.objects.order_by("id")
    rows = list(jobs.values_list("title", "fixed_cents", "status", "proposal_count"))
    return rows[len(rows) // 2 :] if offset else rows
