from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hirehall.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Check the ledger's invariants; exits non-zero and lists every violation found."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_ledger()
        if problems:
            for line in problems:
                self.stderr.write(f"VIOLATION: {line}")
            raise CommandError(f"ledger_verify: {len(problems)} violation(s)")
        self.stdout.write("ledger_verify: OK (sums balance, cached totals match, bounds hold)")
