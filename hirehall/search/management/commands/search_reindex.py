from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hirehall.search import engine, registry


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the source rows (all kinds, or the ones named). With the "
        "tantivy backend, without kinds: a fresh index for this node, switched in atomically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kinds", nargs="*", help=f"default: all ({', '.join(registry.registered_kinds())})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if engine.uses_tantivy() and not options["kinds"]:
            for kind, count in registry.rebuild_node_index().items():
                self.stdout.write(f"{kind}: {count} documents indexed")
            return
        kinds = options["kinds"] or registry.registered_kinds()
        for kind in kinds:
            try:
                count = registry.reindex(kind)
            except KeyError:
                raise CommandError(f"unknown kind {kind!r}; known: {registry.registered_kinds()}") from None
            self.stdout.write(f"{kind}: {count} documents indexed")
