"""The processes around the app: the embedded sweep loop, the Celery task, the test runner's DB probe."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hirehall.core import sweeps_registry
from hirehall.core.management.commands.serve import sweep_loop
from hirehall.core.tasks import run_sweeps

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_embedded_sweep_loop_runs_sweeps_until_stopped(monkeypatch):
    stop = threading.Event()
    calls = []

    def fake_run(now, only=None):
        calls.append(now)
        stop.set()
        return []

    monkeypatch.setattr("hirehall.core.management.commands.serve.run_sweeps", fake_run)
    thread = threading.Thread(target=sweep_loop, args=(stop, 0.01))
    thread.start()
    thread.join(5)
    assert not thread.is_alive() and len(calls) == 1


@pytest.mark.django_db
def test_celery_task_runs_every_sweep():
    result = run_sweeps.delay().get()
    assert set(result) == set(sweeps_registry.registered_sweeps())


def run_probe(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/postgres_url.py"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_ci_requires_postgres_and_fails_loudly():
    unreachable = "postgresql://postgres@127.0.0.1:1/none"
    local = run_probe(CI="false", DATABASE_URL=unreachable)
    assert local.returncode == 0 and local.stdout == ""  # skipped locally
    ci = run_probe(CI="true", DATABASE_URL=unreachable)
    assert ci.returncode == 1 and "CI=true and PostgreSQL is not reachable" in ci.stderr
