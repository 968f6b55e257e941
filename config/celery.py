"""The Celery app: workers run tasks, beat runs the sweeps every minute (see docs/deploy.md)."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
app = Celery("hirehall")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _task_starts_clean(**_kwargs: object) -> None:
    # A worker runs many tasks in one thread: each starts with reads allowed on the replica again
    # (until it writes), like a request (hirehall/core/db_router.py).
    from hirehall.core.db_router import task_begin

    task_begin()
