from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "hirehall.reputation"
    label = "reputation"
    verbose_name = "Reputation"

    def ready(self) -> None:
        from hirehall.reputation import errors, receivers, sources, sweeps  # noqa: F401 - registers

        sources.install()
