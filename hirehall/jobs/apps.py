from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hirehall.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from hirehall.jobs import search_index, sweeps  # noqa: F401 - registers sweeps
        from hirehall.search.registry import register_source

        register_source(search_index.KIND, search_index.all_documents)
