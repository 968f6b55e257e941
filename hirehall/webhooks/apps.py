from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "hirehall.webhooks"
    label = "webhooks"
    verbose_name = "Outgoing webhooks"

    def ready(self) -> None:
        from hirehall.webhooks import errors, receivers, sweeps  # noqa: F401 - registers codes, receivers, sweeps
