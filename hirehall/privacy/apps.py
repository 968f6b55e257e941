from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hirehall.privacy"
    label = "privacy"
    verbose_name = "Data export and account deletion"

    def ready(self) -> None:
        from hirehall.privacy import errors, sweeps  # noqa: F401 - registers codes and sweeps
