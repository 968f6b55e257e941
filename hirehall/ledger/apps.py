from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "hirehall.ledger"
    label = "ledger"

    def ready(self) -> None:
        from hirehall.ledger import errors  # noqa: F401 - registers the ledger's error codes
