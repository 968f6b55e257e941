from django.apps import AppConfig


class ConnectsConfig(AppConfig):
    name = "hirehall.connects"
    label = "connects"
    verbose_name = "Connects"

    def ready(self) -> None:
        from hirehall.connects import signals, sweeps  # noqa: F401 - registers receivers and sweeps
