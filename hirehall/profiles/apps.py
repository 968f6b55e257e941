from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "hirehall.profiles"
    label = "profiles"
    verbose_name = "Profiles and skills"
