from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hirehall.core"
    label = "core"

    def ready(self) -> None:
        # Apps declare their deadline processing in `sweeps.py`; importing registers it.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("sweeps")
