"""The Celery app: workers run tasks, beat runs the sweeps every minute (see docs/deploy.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
app = Celery("hirehall")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
