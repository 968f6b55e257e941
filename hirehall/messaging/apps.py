from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "hirehall.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from hirehall.messaging import errors  # noqa: F401 - registers the error codes
