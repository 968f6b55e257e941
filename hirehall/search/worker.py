"""This node's outbox consumer: applies pending rows to the node's tantivy index every half second."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from hirehall.search import outbox

logger = logging.getLogger(__name__)


def outbox_loop(stop: threading.Event, interval: float | None = None) -> None:
    if settings.HIREHALL_SEARCH_BACKEND != "tantivy":
        return  # the database index is written in the transaction: nothing to consume
    interval = settings.HIREHALL_SEARCH_OUTBOX_POLL_SECONDS if interval is None else interval
    while not stop.is_set():
        try:
            outbox.apply_pending()
        except outbox.IndexBehind as exc:
            logger.error("%s", exc)
            stop.wait(60)  # nothing to do until an operator rebuilds; do not flood the log
        except Exception:  # a database blip must not end the loop: the next poll retries
            logger.exception("search outbox: apply failed")
        finally:
            close_old_connections()
        stop.wait(interval)
