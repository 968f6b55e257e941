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

from hirehall.accounts.models import ApiToken
from hirehall.core.errors import DomainError
from hirehall.core.testing import PASSWORD, ApiClient, make_user, race, restore_reference_data
from hirehall.core.testing.race import RaceError
from hirehall.core.testing.reference_data import ReferenceDataRegistry, discover, registry
from hirehall.ledger.models import FeeSchedule, FeeTier
from hirehall.profiles.models import Category, Skill, SkillAlias, Subcategory

TESTING_DIR = Path(__file__).resolve().parents[1] / "testing"
REFERENCE_MODELS = (FeeSchedule, FeeTier, Category, Subcategory, Skill, SkillAlias)


def reference_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REFERENCE_MODELS}


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


class TestReferenceData:
    def test_apps_register_what_their_data_migrations_load(self):
        discover()  # imports every project app's testing module
        assert {"ledger.fee_schedule", "profiles.taxonomy"} <= set(registry.names())

    @pytest.mark.django_db
    def test_restore_reloads_exactly_what_migrate_loaded(self):
        migrated = reference_counts()
        assert migrated["FeeSchedule"] == 1 and migrated["Skill"] > 300
        assert restore_reference_data() == []  # nothing missing: nothing loaded
        FeeSchedule.objects.all().delete()
        for model in (SkillAlias, Skill, Subcategory, Category):
            model.objects.all().delete()
        assert sorted(restore_reference_data()) == ["ledger.fee_schedule", "profiles.taxonomy"]
        assert reference_counts() == migrated
        assert FeeSchedule.objects.get().version == 1

    @pytest.mark.django_db
    def test_registry_loads_only_missing_sets_in_order_and_refuses_duplicates(self):
        present = {"a": True, "b": False, "c": False}
        loaded: list[str] = []
        reg = ReferenceDataRegistry()
        for name in present:
            reg.register(name, present=partial(present.__getitem__, name), load=partial(loaded.append, name))
        assert reg.restore() == ["b", "c"] and loaded == ["b", "c"]
        with pytest.raises(ValueError, match="twice"):
            reg.register("a", present=lambda: True, load=lambda: None)

    @pytest.mark.django_db(transaction=True)
    def test_a_flush_puts_reference_data_back(self):
        migrated = reference_counts()
        call_command("flush", interactive=False, verbosity=0)
        assert reference_counts() == migrated

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
