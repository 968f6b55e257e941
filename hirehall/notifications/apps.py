from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hirehall.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from hirehall.notifications import sweeps  # noqa: F401 - registers the daily digest sweep
