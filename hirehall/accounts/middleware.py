from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from hirehall.accounts.locale import user_language, user_zone


class UserLocaleMiddleware:
    """Pages for a signed-in user are in their saved language and show times in their timezone.

    Runs after AuthenticationMiddleware and inside Django's LocaleMiddleware (which picked the
    visitor's language from the language cookie or Accept-Language and still sets Content-Language
    and Vary on the way out). The API stays English and UTC whoever asks: its error texts are a
    contract for integrators, and amounts inside them must not change with the caller's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/"):
            translation.activate(settings.LANGUAGE_CODE)
            timezone.deactivate()
        elif user is not None and user.is_authenticated:
            translation.activate(user_language(user))
            timezone.activate(user_zone(user))
        else:
            timezone.deactivate()
        request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            # The active timezone is per thread: never let one user's zone leak into the next request.
            timezone.deactivate()
