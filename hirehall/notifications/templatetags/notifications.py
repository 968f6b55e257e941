from __future__ import annotations

from django import template

from hirehall.accounts.models import User
from hirehall.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: User) -> int:
    """The bell's count: one COUNT on an index, only for signed-in users."""
    return unread_count(user) if user.is_authenticated else 0
