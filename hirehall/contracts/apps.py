from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "hirehall.contracts"
    label = "contracts"
    verbose_name = "Contracts"
