"""allauth's mails (confirm your address, reset your password...) on the notifications email path.

allauth names the site after the request's host ("Hello from 127.0.0.1!"); here the site is the
operator's `HIREHALL_SITE_NAME` at `HIREHALL_BASE_URL`. Each mail gets its text body (allauth's
templates, with Hirehall's `account/email/base_message.txt`) and an HTML version in the same layout
as the notification emails, and is sent by Celery after the current transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from hirehall.accounts.adapter import AccountAdapter
from hirehall.notifications import emails
from hirehall.notifications.services import queue_rendered_email


@dataclass(frozen=True)
class OperatorSite:
    """What allauth's templates read as `current_site`."""

    name: str
    domain: str


def operator_site() -> OperatorSite:
    base = str(settings.HIREHALL_BASE_URL)
    return OperatorSite(name=emails.site_name(), domain=urlsplit(base).netloc or base)


class NotificationsAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        ctx: dict[str, Any] = {"email": email, "current_site": operator_site()}
        ctx.update(context)
        ctx["current_site"] = operator_site()
        msg = self.render_mail(template_prefix, email, ctx)
        text = str(msg.body)
        html = emails.render_account_mail(
            text, title=str(msg.subject).removeprefix(f"[{emails.site_name()}] ")
        )
        queue_rendered_email(to=list(msg.to), rendered=emails.Rendered(str(msg.subject), text, html))
