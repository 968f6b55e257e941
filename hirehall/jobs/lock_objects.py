"""Row locks of jobs (docs/money.md, "Lock order": the job row is the first lock of every use-case
that touches a job and its proposals or offers)."""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.accounts.models import User
from hirehall.jobs.models import Job, SavedSearch


def jobs_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[Job]:
    # of=("self",): a join never locks the rows of another table by accident.
    return Job.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def saved_searches_qs_select_for_update(*, skip_locked: bool = False) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.order_by("pk").select_for_update(skip_locked=skip_locked, of=("self",))


def users_qs_select_for_update() -> QuerySet[User]:
    """The acting user's row, taken first to serialise a per-user cap (check-then-act)."""
    return User.objects.order_by("pk").select_for_update(of=("self",))
