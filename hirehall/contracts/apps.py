from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "hirehall.contracts"
    label = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from hirehall.contracts import errors, references, sweeps  # noqa: F401 - registers error codes and sweeps

        references.register()  # what "milestone:5" means on receipts and transaction lists
        from hirehall.contracts.activity import client_activity
        from hirehall.profiles.sources import set_client_activity_source

        # The client box on job pages: open jobs (the one viewed included), hires, money spent.
        set_client_activity_source(client_activity)
