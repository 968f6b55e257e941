from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hirehall.core.clock import now, parse_instant
from hirehall.core.sweeps_registry import registered_sweeps, run_sweeps


class Command(BaseCommand):
    help = "Run every registered sweep (deadline processing) once, as of now or of --now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="ISO 8601 instant to process deadlines as of (default: the clock)")
        parser.add_argument("--only", help="run only the sweep with this name")
        parser.add_argument("--list", action="store_true", help="list registered sweeps and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for name in sorted(registered_sweeps()):
                self.stdout.write(name)
            return
        try:
            as_of = parse_instant(options["now"]) if options["now"] else now()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["only"] and options["only"] not in registered_sweeps():
            raise CommandError(f"no sweep named {options['only']!r}; see --list")
        results = run_sweeps(as_of, only=options["only"])
        failed = False
        for result in results:
            if result.error:
                failed = True
                self.stderr.write(f"{result.name}: FAILED {result.error}")
            else:
                self.stdout.write(f"{result.name}: {result.processed}")
        if failed:
            raise CommandError("some sweeps failed")
