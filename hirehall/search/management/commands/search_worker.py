from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hirehall.search import engine
from hirehall.search.worker import outbox_loop


class Command(BaseCommand):
    help = (
        "Run on every node serving search with the tantivy backend: applies the search outbox to "
        "this node's index every HIREHALL_SEARCH_OUTBOX_POLL_SECONDS (0.5 s)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not engine.uses_tantivy():
            raise CommandError('HIREHALL_SEARCH_BACKEND is not "tantivy": the database index needs no worker')
        self.stdout.write(
            f"Applying the search outbox to {settings.HIREHALL_SEARCH_INDEX_DIR} every "
            f"{settings.HIREHALL_SEARCH_OUTBOX_POLL_SECONDS}s"
        )
        stop = threading.Event()
        try:
            outbox_loop(stop)
        except KeyboardInterrupt:
            stop.set()
