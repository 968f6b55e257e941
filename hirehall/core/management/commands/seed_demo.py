from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hirehall.core.demo_seed import seed_demo


class Command(BaseCommand):
    help = "Load the demo marketplace (idempotent: existing demo users are left as they are)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_demo()
        if created:
            self.stdout.write(f"Demo data loaded: {', '.join(created)}")
        else:
            self.stdout.write("Demo data already present.")
