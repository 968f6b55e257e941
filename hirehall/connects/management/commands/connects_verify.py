from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hirehall.connects.verify import verify_connects


class Command(BaseCommand):
    help = "Check the Connects ledger's invariants (ADR 0006); exits non-zero on any problem."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_connects()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} Connects problem(s)")
        self.stdout.write("Connects ledger OK")
