"""The one notification service every app calls, and the writes behind the bell, the list and the
preferences (DESIGN §10).

`notify()` runs inside the caller's transaction: the in-app row commits or rolls back with the event,
and the email is handed to Celery only after commit (eager in the embedded mode and in tests), so a
rolled-back action never tells anyone it happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise

from hirehall.accounts.locale import activate_for
from hirehall.accounts.models import User
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, register_codes
from hirehall.notifications import emails, kinds
from hirehall.notifications.kinds import Channel
from hirehall.notifications.models import EmailState, Notification, NotificationPreference
from hirehall.notifications.selectors import channel_for

logger = logging.getLogger(__name__)

register_codes({"unknown_notification_kind": (422, "Unknown notification kind")})

MAX_IDS = 500  # ids per mark-read request

_EMAIL_STATE = {Channel.EMAIL: EmailState.PENDING, Channel.DIGEST: EmailState.DIGEST}


def notify(
    *,
    user: User,
    kind: str,
    title: str | Promise,
    body: str | Promise = "",
    url: str = "",
    ref: str = "",
    key: str = "",
) -> Notification | None:
    """Tell `user` about an event of `kind` (kinds.py), as their preference for the kind says.

    `url` is a path on this site (the list and the email link to it), `ref` names the object
    ("contract:12"), `key` makes the call idempotent for callers that may run twice (a second call
    with the same key for the same user does nothing). Returns the stored row, or None when the user
    turned the kind off (nothing stored, nothing sent) or the key was already used.

    `title` and `body` may be lazy translations (`format_lazy(gettext_lazy(...), ...)`): they are
    stored in the recipient's language, not in the language of whoever caused the event.
    """
    kinds.get(kind)  # an unknown kind is a programming error, caught by the tests
    channel = channel_for(user, kind)
    if channel == Channel.OFF:
        return None
    email_state = _EMAIL_STATE.get(channel, EmailState.NONE) if user.is_active else EmailState.NONE
    with translation.override(emails.recipient_language(user)):
        title, body = str(title), str(body)
    fields = {
        "user": user,
        "kind": kind,
        "title": " ".join(title.split())[:200],
        "body": body.strip()[:2000],
        "url": url if url.startswith("/") and not url.startswith("//") else "",
        "ref": ref[:80],
        "key": key[:120],
        "email_state": email_state,
        "created_at": clock_now(),
    }
    if key:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a duplicate
                notification = Notification.objects.create(**fields)
        except IntegrityError:
            return None
    else:
        notification = Notification.objects.create(**fields)
    if email_state == EmailState.PENDING:
        pk = notification.pk
        transaction.on_commit(lambda: _queue_email(pk))
    return notification


def _queue_email(notification_id: int) -> None:
    from hirehall.notifications.tasks import send_notification_email

    send_notification_email.delay(notification_id)


def notification_email_deliver(*, notification_id: int) -> bool:
    """The task's work: claim the pending email (so two workers never both send it), then send it
    outside any transaction. False when there was nothing to send."""
    now = clock_now()
    claimed = Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING).update(
        email_state=EmailState.SENT, emailed_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        # In the recipient's language and timezone, whoever's request or worker sends it.
        with activate_for(notification.user):
            rendered = emails.render_notification(notification, notification.user)
        rendered.message([notification.user.email]).send()
    except Exception:  # a mail server refusing must not break the task; the row records it
        logger.exception("notification email %s failed", notification_id)
        Notification.objects.filter(pk=notification_id).update(email_state=EmailState.FAILED)
        return False
    return True


def send_rendered_email(*, to: list[str], subject: str, text: str, html: str) -> None:
    """Mails that are not notifications (allauth's, the digest): already rendered, sent as they are."""
    emails.Rendered(subject, text, html).message(to).send()


def digest_cutoff(now: datetime) -> datetime:
    """The digest covers everything before today's 00:00 UTC; the first sweep after midnight sends it."""
    return datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)


def digest_send(*, user_id: int, now: datetime) -> bool:
    """Sweep step: one email with the user's digest notifications from before today. Rows are claimed
    under SKIP LOCKED, so two sweepers never send the same rows; the mail goes after commit."""
    with transaction.atomic(durable=True):
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(user_id=user_id, email_state=EmailState.DIGEST, created_at__lt=digest_cutoff(now))
            .order_by("pk")
        )
        if not rows:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            email_state=EmailState.SENT, emailed_at=now
        )
        user = User.objects.get(pk=user_id)
        if not user.is_active:
            return True
        with activate_for(user):
            rendered = emails.render_digest(user, rows)
        to = [user.email]
        transaction.on_commit(lambda: _queue_rendered(to, rendered))
        return True


def _queue_rendered(to: list[str], rendered: emails.Rendered) -> None:
    from hirehall.notifications.tasks import send_email

    send_email.delay(to, rendered.subject, rendered.text, rendered.html)


def queue_rendered_email(*, to: list[str], rendered: emails.Rendered) -> None:
    """Send an already rendered mail through Celery once the current transaction commits."""
    transaction.on_commit(lambda: _queue_rendered(to, rendered))


@transaction.atomic(durable=True)
def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None, all: bool = False) -> int:
    """Mark the actor's notifications read: the given ids (other users' ids are ignored) or all.
    Returns how many changed."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if not all:
        wanted = list(dict.fromkeys(ids or []))
        if len(wanted) > MAX_IDS:
            raise DomainError("validation_error", f"At most {MAX_IDS} ids at once.")
        qs = qs.filter(pk__in=wanted)
    return qs.update(read_at=clock_now())


@transaction.atomic(durable=True)
def notification_preferences_set(*, actor: User, choices: Mapping[str, str]) -> None:
    """Set the actor's channel per kind. Unknown kinds or channels are refused (422), nothing changed."""
    parsed: dict[str, Channel] = {}
    for kind, channel in choices.items():
        try:
            kinds.get(kind)
        except ValueError:
            raise DomainError("unknown_notification_kind", f"No notification kind {kind[:40]!r}.") from None
        if channel not in Channel.values:
            raise DomainError("validation_error", f"Channel must be one of {', '.join(Channel.values)}.")
        parsed[kind] = Channel(channel)
    for kind, channel in parsed.items():
        NotificationPreference.objects.update_or_create(user=actor, kind=kind, defaults={"channel": channel})
