from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hirehall.search"
    label = "search"
    verbose_name = "Search"
