"""The transactional outbox feeding each node's tantivy index (ADR 0022)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from hirehall.core.sweeps_registry import run_sweeps
from hirehall.core.testing import make_user
from hirehall.jobs.selectors import JobSearch, job_search
from hirehall.jobs.testing import open_job
from hirehall.profiles import services
from hirehall.profiles.models import Skill
from hirehall.profiles.selectors import TalentQuery, talent_search
from hirehall.profiles.tests.factories import make_profile
from hirehall.search import engine, outbox, tantivy_backend
from hirehall.search.engine import Document, Query
from hirehall.search.models import SearchDocument, SearchOutbox, SearchOutboxPruned
from hirehall.search.worker import outbox_loop

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(settings, tmp_path):
    """This test's node: the tantivy backend with its own index directory."""
    settings.HIREHALL_SEARCH_BACKEND = "tantivy"
    settings.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "node-a"
    if connection.vendor == "postgresql":
        # Sequences survive the rollback of earlier tests: ids would start past a gap of ids no
        # transaction holds any more, which a node waits out (the gap timeout). Start at 1, as a
        # new database does, so positions here are exact.
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('search_searchoutbox', 'id'), 1, false)")
    yield settings
    tantivy_backend.drop_cached_reader()


def doc(object_id: int, title: str = "Python developer", **kw) -> Document:
    return Document(kind="t", object_id=object_id, title=title, **kw)


def found(words: str = "", **kw) -> list[int]:
    return engine.query(Query(kind="t", words=words, include_members_only=True, **kw)).ids


class Boom(Exception):
    pass


def test_the_outbox_row_commits_and_rolls_back_with_the_change(node):
    profile = make_profile(name="Ana", title="Python Developer", skills=["python"])
    with pytest.raises(Boom), transaction.atomic():
        services.freelancer_profile_update.__wrapped__(actor=profile.user, profile=profile, title="Gardener")
        assert SearchOutbox.objects.filter(object_id=profile.pk, document__title="Gardener").count() == 1
        raise Boom
    assert not SearchOutbox.objects.filter(document__title="Gardener").exists()  # rolled back: no row

    profile.refresh_from_db()
    services.freelancer_profile_update(actor=profile.user, profile=profile, title="Gardener")
    row = SearchOutbox.objects.get(document__title="Gardener")  # committed: the row is there
    assert (row.kind, row.object_id) == ("freelancer", profile.pk)
    assert not SearchDocument.objects.filter(kind="freelancer").exists()  # the database index is not written


def test_the_database_backend_writes_no_outbox_rows(settings):
    assert settings.HIREHALL_SEARCH_BACKEND == "database"
    engine.index(doc(1))
    engine.remove("t", 1)
    assert not SearchOutbox.objects.exists()


def test_the_sweep_applies_pending_rows_once(node):
    engine.index(doc(1))
    engine.index(doc(2, title="Go developer", price=5000))
    assert found("developer") == []  # not applied yet
    results = {r.name: r.processed for r in run_sweeps(timezone.now(), only="search.outbox")}
    assert results == {"search.outbox": 2}
    assert found("developer") == [2, 1]
    assert outbox.apply_pending() == 0  # applied once: nothing left for this node
    assert outbox.load_state(tantivy_backend.current_generation()).position == SearchOutbox.objects.last().pk
    assert SearchOutbox.objects.count() == 2  # never deleted by a consumer: other nodes need them


def test_the_last_row_of_a_document_wins_and_removals_apply(node):
    engine.index(doc(1, title="Python developer"))
    engine.index(doc(1, title="Rust developer"))
    engine.index(doc(2))
    engine.remove("t", 2)
    outbox.apply_pending()
    assert found("rust") == [1] and found("python") == [] and found("developer") == [1]
    engine.index(doc(1, title="Rust developer", price=100))  # a replay of one key is idempotent
    outbox.apply_pending()
    assert engine.query(Query(kind="t")).total == 1


def test_every_node_consumes_the_same_rows_with_its_own_position(node, tmp_path):
    engine.index(doc(1))
    outbox.apply_pending()
    engine.index(doc(2))
    outbox.apply_pending()
    node.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "node-b"  # a second node, fresh disk, nothing pruned
    tantivy_backend.drop_cached_reader()
    assert found("python") == []
    assert outbox.apply_pending() == 2  # replays the whole outbox
    assert found("python") == [2, 1]
    node.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "node-a"
    tantivy_backend.drop_cached_reader()
    engine.index(doc(3))
    assert outbox.apply_pending() == 1 and found("python") == [3, 2, 1]


def test_a_row_committed_late_behind_a_newer_one_is_still_applied(node):
    """Ids are taken at insert and commit in any order: a gap may fill in later."""
    late_id = SearchOutbox.objects.create(kind="t", object_id=9, document=None).pk
    SearchOutbox.objects.filter(pk=late_id).delete()  # the id of a transaction not committed yet
    engine.index(doc(1))
    outbox.apply_pending()
    state = outbox.load_state(tantivy_backend.current_generation())
    assert state.position == late_id - 1  # held at the gap
    SearchOutbox.objects.create(id=late_id, kind="t", object_id=9, document=outbox.to_json(doc(9)))
    assert outbox.apply_pending() == 1
    assert found("python") == [9, 1]
    assert outbox.load_state(tantivy_backend.current_generation()).position > late_id


def test_a_gap_older_than_the_timeout_is_a_rollback(node):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        gap = SearchOutbox.objects.create(kind="t", object_id=9, document=None).pk
        SearchOutbox.objects.filter(pk=gap).delete()
        engine.index(doc(1))
        outbox.apply_pending()
        assert outbox.load_state(tantivy_backend.current_generation()).position == gap - 1
        traveller.shift(timedelta(seconds=node.HIREHALL_SEARCH_OUTBOX_GAP_SECONDS + 1))
        outbox.apply_pending()
        state = outbox.load_state(tantivy_backend.current_generation())
        assert state.position == SearchOutbox.objects.last().pk and state.applied == [] and state.gaps == {}


def test_pruning_keeps_recent_rows_and_a_node_behind_it_must_rebuild(node, tmp_path):
    skill = Skill.objects.get(slug="python")
    profile = make_profile(name="Ana", title="Python Developer", skills=["python"])
    client_job = open_job(make_user(freelancer=False), title="Python API work", skills=[skill])
    outbox.apply_pending()
    with time_machine.travel(
        timezone.now() + timedelta(days=node.HIREHALL_SEARCH_OUTBOX_RETENTION_DAYS, hours=1)
    ):
        services.freelancer_profile_update(actor=profile.user, profile=profile, title="Python Architect")
        newest = SearchOutbox.objects.last().pk
        results = {r.name: r for r in run_sweeps(timezone.now(), only="search.outbox")}
        assert results["search.outbox"].error is None
    assert list(SearchOutbox.objects.values_list("pk", flat=True)) == [newest]  # only the recent row
    assert SearchOutboxPruned.objects.get().through_id == newest - 1
    assert talent_search(None, TalentQuery(q="architect")).total == 1  # node A kept up: applied it

    node.HIREHALL_SEARCH_INDEX_DIR = tmp_path / "node-b"  # fresh disk after pruning
    tantivy_backend.drop_cached_reader()
    with pytest.raises(outbox.IndexBehind):
        outbox.apply_pending()
    call_command("search_reindex", stdout=None)
    assert outbox.apply_pending() == 0
    assert [p.pk for p in talent_search(None, TalentQuery(q="architect")).profiles] == [profile.pk]
    assert [j.pk for j in job_search(JobSearch(q="python")).jobs] == [client_job.pk]


def test_a_rebuild_equals_the_incremental_index(node):
    skills = list(Skill.objects.filter(slug__in=["python", "django", "react"]).order_by("slug"))
    people = [
        make_profile(name=f"P{i}", title=t, skills=s, hourly_rate_cents=r, country=c)
        for i, (t, s, r, c) in enumerate(
            [
                ("Python Developer", ["python", "django"], 9000, "DE"),
                ("React Engineer", ["react"], 7000, "FR"),
                ("Django Consultant", ["django"], 7000, "DE"),
                ("Data Analyst", ["python"], None, "US"),
            ]
        )
    ]
    client = make_user(freelancer=False)
    for i, title in enumerate(["Django shop", "React dashboard", "Python scraper", "Django API"]):
        open_job(client, title=title, skills=[skills[i % 3]], fixed_cents=(i + 1) * 100_00)
    services.freelancer_profile_update(actor=people[3].user, profile=people[3], visibility="private")
    outbox.apply_pending()

    def snapshot():
        talent = [
            TalentQuery(q=q, sort=s, countries=c)
            for q in ("", "python", "dj", "engineer")
            for s in ("relevance", "rate_asc", "rate_desc", "rating")
            for c in ((), ("DE",))
        ]
        jobs = [JobSearch(q=q, sort=s) for q in ("", "django", "react") for s in ("relevance", "budget_asc")]
        out = []
        for q in talent:
            page = talent_search(None, q)
            out.append(([p.pk for p in page.profiles], page.total, page.facets))
        for s in jobs:
            jp = job_search(s, facets=True)
            out.append(([j.pk for j in jp.jobs], jp.total, jp.facets))
        return out

    incremental = snapshot()
    assert any(total > 1 for _, total, _ in incremental)
    before = tantivy_backend.current_generation()
    call_command("search_reindex", stdout=None)
    assert tantivy_backend.current_generation() != before and not before.exists()  # switched, old removed
    assert snapshot() == incremental


def test_the_worker_loop_applies_rows(node, monkeypatch):
    engine.index(doc(1))
    stop = threading.Event()
    real = outbox.apply_pending

    def once(*args, **kwargs):
        applied = real(*args, **kwargs)
        stop.set()  # one pass, then the loop ends
        return applied

    monkeypatch.setattr(outbox, "apply_pending", once)
    outbox_loop(stop, interval=0)
    assert found("python") == [1]


def test_a_second_writer_on_the_node_skips_instead_of_waiting(node):
    engine.index(doc(1))
    with tantivy_backend.writer_lock(blocking=True):
        assert outbox.apply_pending() == 0  # the worker thread would come back half a second later
    assert outbox.apply_pending() == 1


def test_a_gap_below_a_row_older_than_the_timeout_is_skipped_at_once(node):
    """A fresh node on an old outbox: ids missing before a row written long ago were rolled back."""
    gap = SearchOutbox.objects.create(kind="t", object_id=9, document=None).pk
    SearchOutbox.objects.filter(pk=gap).delete()
    engine.index(doc(1))
    SearchOutbox.objects.update(created_at=timezone.now() - timedelta(hours=1))
    engine.index(doc(2))
    assert outbox.apply_pending() == 2
    state = outbox.load_state(tantivy_backend.current_generation())
    assert state.position == SearchOutbox.objects.last().pk and state.gaps == {}
