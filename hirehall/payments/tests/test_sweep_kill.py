"""A real sweep process killed with SIGKILL mid-batch, then restarted (issue 16, docs/reliability.md).

The test prepares a PostgreSQL database with a batch of deposit intents left pending, starts
`manage.py sweep --only payments.finish_deposits` on it as a separate process, waits until the first
rows are committed and kills the process (SIGKILL: no handler, no cleanup, no rollback but the
server's). Then it restarts the sweep and checks every row was processed exactly once. Nothing in
production code knows it is being tested: the process is killed wherever it happens to be.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from hirehall.core.testing import make_user
from hirehall.ledger.models import TransferGroup
from hirehall.ledger.selectors import balances_for
from hirehall.ledger.tests.helpers import assert_ledger_ok
from hirehall.payments.models import Deposit
from hirehall.payments.tests.helpers import card

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROWS = 120  # under one batch (BATCH = 500): one run would finish them all if it were not killed


def _sweep_process() -> subprocess.Popen[bytes]:
    s = connection.settings_dict
    url = f"postgresql://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "sweep", "--only", "payments.finish_deposits"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_sweep_process_killed_mid_batch_then_restarted_processes_every_row_once() -> None:
    user = make_user()
    method = card(user)
    Deposit.objects.bulk_create(
        [Deposit(user=user, payment_method=method, amount_cents=100 + i) for i in range(ROWS)]
    )
    Deposit.objects.update(created_at=timezone.now() - timedelta(minutes=10))  # past the grace period
    done = Deposit.objects.filter(status=Deposit.Status.SUCCEEDED)

    process = _sweep_process()
    deadline = time.monotonic() + 60
    while done.count() < 10:  # the first commits are visible: the process is mid-batch
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sweep never committed a row"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    killed_at = done.count()
    assert 10 <= killed_at < ROWS, killed_at  # killed mid-batch, not after it
    # Nothing half-written: each row is pending with no money, or succeeded with its one deposit.
    assert TransferGroup.objects.filter(kind=TransferGroup.Kind.DEPOSIT).count() == killed_at
    assert balances_for(user).wallet_balance == sum(done.values_list("amount_cents", flat=True))
    assert_ledger_ok()

    restarted = _sweep_process()
    out, err = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, err
    assert out.decode().strip() == f"payments.finish_deposits: {ROWS - killed_at}"
    assert done.count() == ROWS
    groups = TransferGroup.objects.filter(kind=TransferGroup.Kind.DEPOSIT)
    assert sorted(groups.values_list("key", flat=True)) == sorted(
        f"deposit:{pk}" for pk in Deposit.objects.values_list("pk", flat=True)
    )
    assert balances_for(user).wallet_balance == sum(100 + i for i in range(ROWS))
    assert_ledger_ok()
