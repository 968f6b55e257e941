"""The shared test infrastructure (hirehall/core/testing): users, API client, race(), reference data."""

from __future__ import annotations

import ast
import threading
from functools import partial
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from hirehall.accounts.models import ApiToken
from hirehall.core.errors import DomainError
from hirehall.core.testing import PASSWORD, ApiClient, make_user, race, restore_reference_data
from hirehall.core.testing.race import RaceError
from hirehall.core.testing.reference_data import ReferenceDataRegistry, discover, registry, run_data_migration
from hirehall.ledger.models import FeeSchedule, FeeTier
from hirehall.profiles.models import Category, Skill, SkillAlias, Subcategory

TESTING_DIR = Path(__file__).resolve().parents[1] / "testing"
REFERENCE_MODELS = (FeeSchedule, FeeTier, Category, Subcategory, Skill, SkillAlias)


class TestMakeUser:
    def test_defaults_both_roles_verified_email_and_the_shared_password(self, db):
        user = make_user()
        assert (user.is_client, user.is_freelancer, user.is_staff) == (True, True, False)
        assert user.check_password(PASSWORD)
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)

    def test_generated_emails_never_collide(self, db):
        emails = {make_user().email for _ in range(5)}
        assert len(emails) == 5

    def test_single_role_unverified_and_fields(self, db):
        client = make_user("Client@Example.com", freelancer=False, verified=False, name="Cleo")
        assert (client.email, client.name, client.is_client, client.is_freelancer) == (
            "client@example.com",
            "Cleo",
            True,
            False,
        )
        assert not EmailAddress.objects.filter(user=client).exists()
        freelancer = make_user(client=False)
        assert (freelancer.is_client, freelancer.is_freelancer) == (False, True)

    def test_model_field_names_win_over_the_role_flags(self, db):
        user = make_user(is_client=False)
        assert (user.is_client, user.is_freelancer) == (False, True)

    def test_fixtures_use_it(self, user, other_user, staff_user):
        assert (user.email, other_user.email) == ("owner@example.com", "other@example.com")
        assert staff_user.is_staff and staff_user.is_superuser
        assert (
            EmailAddress.objects.filter(user__in=[user, other_user, staff_user], verified=True).count() == 3
        )


class TestApiClient:
    def test_bearer_token_of_the_user(self, api, user):
        response = api.get("/api/v1/me")
        assert response.status_code == 200
        assert response.json()["email"] == user.email

    def test_anonymous(self, db):
        assert ApiClient(None).get("/api/v1/me").status_code == 401

    def test_read_scope(self, api_client_for, user):
        reader = api_client_for(user, scope="read")
        assert reader.post("/api/v1/me/tokens", {"name": "x"}).status_code == 403

    def test_key_sends_an_idempotency_key(self, api, user):
        first = api.post("/api/v1/me/tokens", {"name": "once"}, key="same")
        again = api.post("/api/v1/me/tokens", {"name": "once"}, key="same")
        assert (first.status_code, again.status_code) == (201, 201)
        assert again["Idempotent-Replayed"] == "true"
        assert ApiToken.objects.filter(user=user, name="once").count() == 1

    def test_patch_and_delete(self, api):
        patched = api.patch("/api/v1/me/freelancer-profile", {"title": "Data engineer for hire"})
        assert patched.status_code == 200, patched.content
        assert patched.json()["title"] == "Data engineer for hire"
        assert api.delete("/api/v1/me/freelancer-profile/photo").status_code == 200

    def test_headers_for_raw_requests(self, api):
        headers = api.headers({"X-Extra": "1"}, key="k")
        assert headers["Authorization"] == f"Bearer {api.token}"
        assert (headers["Idempotency-Key"], headers["X-Extra"]) == ("k", "1")
        assert "Authorization" not in ApiClient(None).headers()


class TestRace:
    def test_all_threads_are_inside_fn_at_once(self):
        # If race() ran the calls one after another, this inner barrier would never fill up.
        inside = threading.Barrier(4)
        results = race(4, lambda i: (inside.wait(timeout=10), i)[1])
        assert [r.result() for r in results] == [0, 1, 2, 3]
        assert [r.index for r in results] == [0, 1, 2, 3]

    def test_exceptions_are_collected_not_raised(self):
        def fn(i: int) -> int:
            if i == 1:
                raise DomainError("conflict", "taken")
            if i == 2:
                raise ValueError("boom")
            return i * 10

        ok, refused, crashed = race(3, fn)
        assert (ok.status, ok.value, ok.code) == ("ok", 0, None)
        assert (refused.status, refused.code) == ("refused", "conflict")
        assert crashed.status == "crashed" and isinstance(crashed.error, ValueError)
        with pytest.raises(DomainError):
            refused.result()

    def test_a_thread_that_never_finishes_fails_the_test(self):
        release = threading.Event()
        try:
            with pytest.raises(RaceError, match="still running"):
                race(2, lambda i: release.wait(30) if i else None, timeout=0.5)
        finally:
            release.set()

    def test_even_a_base_exception_is_an_outcome(self):
        def fn(i: int) -> int:
            if i:
                raise SystemExit  # not an Exception: a plain `except Exception` would lose it
            return i

        ok, exited = race(2, fn)
        assert ok.result() == 0
        assert exited.status == "crashed" and isinstance(exited.error, SystemExit)

    def test_needs_two_threads(self):
        with pytest.raises(RaceError):
            race(1, lambda i: i)

    @pytest.mark.django_db
    def test_refuses_to_run_inside_the_test_transaction(self):
        # Threads could not see this test's uncommitted rows: the race would test nothing.
        with pytest.raises(RaceError, match="transaction=True"):
            race(2, lambda i: i)

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_each_thread_has_its_own_connection_and_closes_it(self):
        def own_connection(i: int):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                return connections[DEFAULT_DB_ALIAS], cursor.fetchone()[0]  # the thread's own wrapper

        wrappers, pids = zip(*(r.result() for r in race(3, own_connection)), strict=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids += (cursor.fetchone()[0],)
        assert len(set(pids)) == 4  # three threads and the test: four server sessions
        assert all(wrapper.connection is None for wrapper in wrappers)  # closed when each thread ended


def reference_rows() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in REFERENCE_MODELS}


def delete_reference_rows(models=REFERENCE_MODELS) -> None:
    for model in reversed(models):  # children first
        model.objects.all().delete()


def registry_of_ledger_and_profiles() -> ReferenceDataRegistry:
    reg = ReferenceDataRegistry()
    reg.register(
        "fees",
        models=("ledger.FeeSchedule", "ledger.FeeTier"),
        load=partial(run_data_migration, "ledger", "0002_seed_fee_schedule"),
    )
    reg.register(
        "taxonomy",
        models=("profiles.Category", "profiles.Subcategory", "profiles.Skill", "profiles.SkillAlias"),
        load=partial(run_data_migration, "profiles", "0002_seed_taxonomy"),
    )
    return reg


class TestReferenceData:
    def test_apps_register_what_their_data_migrations_load(self):
        discover()  # imports every project app's testing module
        assert {"ledger.fee_schedule", "profiles.taxonomy"} <= set(registry.names())

    @pytest.mark.django_db
    def test_restore_puts_back_the_migrated_rows_keys_included_in_a_few_queries(self):
        migrated = reference_rows()
        assert len(migrated["FeeSchedule"]) == 1 and len(migrated["Skill"]) > 300
        assert restore_reference_data() == []  # nothing missing: nothing loaded
        delete_reference_rows()
        with CaptureQueriesContext(connection) as queries:
            assert sorted(restore_reference_data()) == ["ledger.fee_schedule", "profiles.taxonomy"]
        assert reference_rows() == migrated
        # Copied after `migrate` and bulk-inserted: not the data migrations' thousands of get_or_create.
        assert len(queries) < 40, len(queries)

    @pytest.mark.django_db
    def test_without_a_copy_the_data_migration_loads_them_once(self):
        reg = registry_of_ledger_and_profiles()
        migrated = reference_rows()
        delete_reference_rows((FeeSchedule, FeeTier))
        assert reg.restore() == ["fees"]  # only what is missing
        schedule = FeeSchedule.objects.get()
        assert (schedule.version, schedule.marketplace_fee_bps) == (1, 500)
        assert [(t.up_to_cents, t.rate_bps) for t in schedule.tiers.order_by("pk")] == [
            (500_00, 2000),
            (10_000_00, 1000),
            (None, 500),
        ]
        assert reference_rows()["Skill"] == migrated["Skill"]
        loaded = reference_rows()
        delete_reference_rows((FeeSchedule, FeeTier))
        assert reg.restore() == ["fees"]
        assert reference_rows() == loaded  # the second time from the copy, keys included

    def test_a_set_is_registered_once_and_names_its_models(self):
        reg = registry_of_ledger_and_profiles()
        with pytest.raises(ValueError, match="twice"):
            reg.register("fees", models=("ledger.FeeSchedule",), load=lambda: None)
        with pytest.raises(ValueError, match="no model"):
            reg.register("nothing", models=(), load=lambda: None)
        assert reg.names() == ["fees", "taxonomy"]

    @pytest.mark.django_db(transaction=True)
    def test_a_flush_puts_reference_data_back(self):
        migrated = reference_rows()
        call_command("flush", interactive=False, verbosity=0)
        assert reference_rows() == migrated
        schedule = FeeSchedule.objects.get()  # and new rows do not collide with the restored keys
        FeeSchedule.objects.create(
            version=2,
            effective_from=schedule.effective_from,
            marketplace_fee_bps=500,
            bank_withdrawal_fee_cents=99,
            instant_withdrawal_fee_cents=200,
            security_hold_days=5,
        )

    @pytest.mark.django_db(transaction=True)
    def test_a_transactional_test_that_empties_the_tables(self):
        # Its teardown flushes every table; the next test must not notice.
        FeeSchedule.objects.all().delete()
        assert not FeeSchedule.objects.exists()

    def test_the_next_test_sees_the_migrated_database(self, request):
        # No django_db mark: pytest-django orders such tests after the transactional ones (as xdist's
        # next file would come after them), so this runs after the flushes above.
        request.getfixturevalue("db")
        assert FeeSchedule.objects.filter(version=1).exists()
        assert Skill.objects.filter(slug="python").exists()


def test_core_testing_imports_no_app():
    """Core sits below every app: apps register with it, never the reverse."""
    offenders = []
    for path in sorted(TESTING_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith("hirehall.") and not n.startswith("hirehall.core")
            ]
    assert offenders == []
