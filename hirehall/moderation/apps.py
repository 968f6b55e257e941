from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hirehall.moderation"
    label = "moderation"
    verbose_name = "Trust and safety"

    def ready(self) -> None:
        from hirehall.core.restrictions import register_checker, register_history
        from hirehall.moderation import adjustments, errors, receivers, selectors  # noqa: F401 - codes, listeners

        register_checker(selectors.restriction_reason_for)
        adjustments.register()  # what "adjustment:7" means in the user's transaction list
        register_history(selectors.restricted_since)
