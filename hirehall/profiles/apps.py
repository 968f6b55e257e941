from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "hirehall.profiles"
    label = "profiles"
    verbose_name = "Profiles and skills"

    def ready(self) -> None:
        from hirehall.profiles import receivers, search_index  # noqa: F401 - receivers register
        from hirehall.search.registry import register_source

        register_source(search_index.KIND, search_index.all_documents)
