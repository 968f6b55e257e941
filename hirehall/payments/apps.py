from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "hirehall.payments"
    label = "payments"

    def ready(self) -> None:
        from hirehall.payments import errors  # noqa: F401 - registers the payment error codes
