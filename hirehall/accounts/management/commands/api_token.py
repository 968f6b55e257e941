from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hirehall.accounts.models import ApiToken, User
from hirehall.accounts.services import api_token_create
from hirehall.core.errors import DomainError


class Command(BaseCommand):
    help = "Create a personal access token for EMAIL and print it (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"no user with email {options['email']}")
        try:
            _token, raw = api_token_create(actor=user, name=options["name"], scope=options["scope"])
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        self.stdout.write(raw)
