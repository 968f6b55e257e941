from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hirehall.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from hirehall.core.sweeps_registry import register_background_loop
        from hirehall.search import sweeps  # noqa: F401 - registers the outbox sweep
        from hirehall.search.worker import outbox_loop

        register_background_loop("search-outbox", outbox_loop)
