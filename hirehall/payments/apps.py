from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "hirehall.payments"
    label = "payments"

    def ready(self) -> None:
        from hirehall.core.web import register_fix
        from hirehall.payments import errors  # noqa: F401 - registers the payment error codes

        # "not enough in your wallet: $12.00 more is needed" comes with a link to add the funds.
        register_fix("insufficient_funds", "Add funds", "payments:wallet", account="client_wallet")
