from django.urls import path

from hirehall.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.endpoints, name="endpoints"),
    path("settings/webhooks/<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("settings/webhooks/<int:pk>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("settings/webhooks/<int:pk>/enable/", views.endpoint_enable, name="endpoint_enable"),
    path("settings/webhooks/deliveries/<int:pk>/redeliver/", views.redeliver, name="redeliver"),
]
