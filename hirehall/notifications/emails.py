"""Rendering emails: one HTML + text template pair per kind (`notifications/email/<kind>.*`), the
daily digest, and the pieces every mail shares (the operator's site name, absolute links)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from hirehall.accounts.models import User
from hirehall.notifications import kinds
from hirehall.notifications.models import Notification


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str

    def message(self, to: Sequence[str]) -> EmailMultiAlternatives:
        msg = EmailMultiAlternatives(self.subject, self.text, settings.DEFAULT_FROM_EMAIL, list(to))
        msg.attach_alternative(self.html, "text/html")
        return msg


def recipient_language(user: User) -> str:
    """The language a user reads notifications and emails in: their own setting once accounts stores
    one (a `language` field), else the site default. Emails are sent from Celery, where no request
    says which language is active, so every rendering asks this."""
    return str(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def site_name() -> str:
    return str(settings.HIREHALL_SITE_NAME)


def absolute(path: str) -> str:
    """A link for an email: paths on this site become absolute; anything else is dropped."""
    if not path.startswith("/") or path.startswith("//"):
        return str(settings.HIREHALL_BASE_URL) + "/"
    return str(settings.HIREHALL_BASE_URL) + path


def subject(text: str) -> str:
    return f"[{site_name()}] " + " ".join(text.split())[:180]


def _common(user: User) -> dict[str, Any]:
    return {
        "site_name": site_name(),
        "base_url": settings.HIREHALL_BASE_URL,
        "user": user,
        "greeting_name": user.name or user.email.split("@")[0],
        "preferences_url": absolute(reverse("notifications:preferences")),
    }


def render_notification(notification: Notification, user: User) -> Rendered:
    kind = kinds.get(notification.kind)
    context = {
        **_common(user),
        "notification": notification,
        "kind": kind,
        "action_url": absolute(notification.url or reverse("notifications:list")),
    }
    template = f"notifications/email/{notification.kind}"
    with translation.override(recipient_language(user)):
        return Rendered(
            subject=subject(notification.title),
            text=render_to_string(f"{template}.txt", context).strip() + "\n",
            html=render_to_string(f"{template}.html", context),
        )


def render_digest(user: User, notifications: Sequence[Notification]) -> Rendered:
    context = {
        **_common(user),
        "notifications": [(n, absolute(n.url or reverse("notifications:list"))) for n in notifications],
        "list_url": absolute(reverse("notifications:list")),
    }
    count = len(notifications)
    with translation.override(recipient_language(user)):
        summary = ngettext(
            "Your daily summary: %(count)d notification", "Your daily summary: %(count)d notifications", count
        ) % {"count": count}
        return Rendered(
            subject=subject(summary),
            text=render_to_string("notifications/email/digest.txt", context).strip() + "\n",
            html=render_to_string("notifications/email/digest.html", context),
        )


def render_account_mail(body_text: str, *, title: str) -> str:
    """allauth's mails: its text body in our HTML layout (links made clickable)."""
    return render_to_string(
        "notifications/email/account.html", {"site_name": site_name(), "title": title, "body": body_text}
    )
