from django.contrib import admin
from django.urls import include, path, re_path

from config.api import api
from hirehall.core import views as core_views

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("hirehall.web.urls")),
    path("", include("hirehall.accounts.urls")),
    path("", include("hirehall.notifications.urls")),
    path("", include("hirehall.jobs.urls")),
    path("", include("hirehall.connects.urls")),
    path("", include("hirehall.proposals.urls")),
    path("", include("hirehall.contracts.urls")),
    path("", include("hirehall.messaging.urls")),
    path("", include("hirehall.payments.urls")),
    path("", include("hirehall.profiles.urls")),
    path("", include("hirehall.reputation.urls")),
    path("", include("hirehall.moderation.urls")),
    path("", include("hirehall.webhooks.urls")),
    path("", include("hirehall.privacy.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", core_views.api_not_found, name="api_not_found"),
]

handler400 = "hirehall.core.views.error_400"
handler403 = "hirehall.core.views.error_403"
handler404 = "hirehall.core.views.error_404"
handler500 = "hirehall.core.views.error_500"
