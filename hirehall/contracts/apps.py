from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "hirehall.contracts"
    label = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from hirehall.contracts import errors, sweeps  # noqa: F401 - registers error codes and sweeps
