from django.apps import AppConfig


class WebConfig(AppConfig):
    """The product's web shell: the dashboard (it reads every app below), the public crawl files
    (sitemap, robots.txt, favicon) and the template components. It sits on top of the layer order."""

    name = "hirehall.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"
