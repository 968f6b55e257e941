"""What every app's web views (and API handlers) share: who is asking, where "back" is, and how a
refused action reaches the person.

One policy for a DomainError on a web page:
- an object the user may not see (status 404) is the 404 page, whoever raised it: `refusals`
  re-raises it and `DomainErrorMiddleware` renders it (never a hint that the object exists);
- any other refusal of an action is shown where the person acts: as a form error when the view
  has a form, else as an error message on the page they are sent back to;
- a DomainError that escapes a view anyway (a GET page) becomes its 4xx page in the middleware.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from hirehall.core.errors import DomainError

if TYPE_CHECKING:
    # The configured AUTH_USER_MODEL as django-stubs resolves it; core imports no app at run time.
    from django.contrib.auth.models import _User as User

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a web view (session) or an API handler (session or bearer token).

    Views are behind `login_required` and every API router requires auth, so this only narrows
    the type; a request that gets here anonymously is refused as `unauthenticated` (401).
    """
    # Ninja puts the authenticated user in `request.auth`; a bearer-token request has no session user.
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user
    raise DomainError("unauthenticated")


def safe_next(request: HttpRequest, fallback: str, *, referer: bool = False) -> str:
    """Where to send the person after an action: the form's `next` (or, if asked, the page they came
    from) when it is a URL on this site, else `fallback`. Never an open redirect."""
    candidates = [request.POST.get("next", ""), request.GET.get("next", "")]
    if referer:
        candidates.append(request.META.get("HTTP_REFERER", ""))
    for target in candidates:
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
    return fallback


def redirect_back(request: HttpRequest, fallback: str, *, referer: bool = False) -> HttpResponseRedirect:
    return redirect(safe_next(request, fallback, referer=referer))


@dataclass(frozen=True)
class Fix:
    """Where a person can fix a refusal: "Add funds" on the wallet page for `insufficient_funds`."""

    label: str
    url_name: str
    when: dict[str, Any] = field(default_factory=dict)  # only if the error's extra matches these


_FIXES: dict[str, Fix] = {}


def register_fix(code: str, label: str, url_name: str, **when: Any) -> None:
    """An app tells core where a refusal is fixed (in its apps.ready; core imports no app)."""
    _FIXES[code] = Fix(label, url_name, dict(when))


# Refusals whose page wording is translated; the API keeps the English `detail` (its contract).
_PAGE_TEXTS: dict[str, Callable[[DomainError], str]] = {}


def register_page_text(code: str, words: Callable[[DomainError], str]) -> None:
    """How a page words refusal `code` in the active language (e.g. gettext with the error's extras)."""
    _PAGE_TEXTS[code] = words


def refusal_text(exc: DomainError, prefix: str = "") -> str | SafeString:
    """The refusal in words, with a link to where it is fixed when an app registered one."""
    words = _PAGE_TEXTS.get(exc.code)
    detail = words(exc) if words is not None else exc.detail
    fix = _FIXES.get(exc.code)
    if fix is None or any(exc.extra.get(k) != v for k, v in fix.when.items()):
        return f"{prefix}{detail}"
    return format_html('{}{} <a href="{}">{}</a>', prefix, detail, reverse(fix.url_name), fix.label)


class Refusal:
    """What `refusals` caught: falsy when the action went through."""

    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def detail(self) -> str:
        return self.error.detail if self.error is not None else ""


@contextmanager
def refusals(
    request: HttpRequest, *, form: forms.BaseForm | None = None, prefix: str = "", level: int = messages.ERROR
) -> Iterator[Refusal]:
    """Run an action; a DomainError becomes a form error (with `form`) or a message (an error, unless
    `level` says otherwise: e.g. a warning when the main action went through).

        with refusals(request) as refused:
            services.job_close(actor=user, job=job, reason=reason)
            messages.success(request, "The job is closed.")
        if refused: ...  # optional: go somewhere else when the action was refused

    A 404 is re-raised: another user's object is the 404 page, never a message.
    """
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as exc:
        if exc.status == 404:
            raise
        refusal.error = exc
        if form is not None:
            form.add_error(None, refusal_text(exc))
        else:
            messages.add_message(request, level, refusal_text(exc, prefix))


def refusals_redirect_back(fallback: str) -> Callable[[V], V]:
    """For action views with no form of their own: a refusal is an error message on the page the
    person came from (`next`, else the Referer when on this site, else the URL named `fallback`)."""

    def decorator(view: V) -> V:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            with refusals(request):
                return view(request, *args, **kwargs)
            # Only reached when the view was refused (a 404 has propagated).
            return redirect_back(request, reverse(fallback), referer=True)

        return cast(V, wrapper)

    return decorator
