from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hirehall.accounts"
    label = "accounts"
