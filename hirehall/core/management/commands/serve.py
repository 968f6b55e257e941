from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from hirehall.core.clock import now
from hirehall.core.sweeps_registry import registered_background_loops, run_sweeps

logger = logging.getLogger("hirehall.sweeps")


def sweep_loop(stop: threading.Event, interval: float) -> None:
    """The embedded stand-in for Celery beat: every `interval` seconds, run the sweeps."""
    while not stop.is_set():
        try:
            for result in run_sweeps(now()):
                if result.processed or result.error:
                    logger.info("sweep %s: %s", result.name, result.error or result.processed)
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Serve Hirehall for one machine: the web app plus the background sweep loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-sweeps", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["no_sweeps"]:
            thread = threading.Thread(
                target=sweep_loop,
                args=(stop, settings.HIREHALL_SWEEP_INTERVAL_SECONDS),
                name="hirehall-sweeps",
                daemon=True,
            )
            thread.start()
            self.stdout.write(
                f"Sweeps run every {settings.HIREHALL_SWEEP_INTERVAL_SECONDS}s in the background."
            )
        for name, loop in registered_background_loops().items():
            # Per-node loops apps register (the search outbox consumer): they end with `stop`.
            threading.Thread(target=loop, args=(stop,), name=f"hirehall-{name}", daemon=True).start()
        try:
            # The reloader would fork a second process and a second sweep loop; keep one.
            call_command("runserver", options["addrport"], use_reloader=False, use_threading=True)
        finally:
            stop.set()
