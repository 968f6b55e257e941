from django.urls import path

from hirehall.privacy import views

app_name = "privacy"

urlpatterns = [
    path("settings/data/", views.data, name="data"),
    path("settings/data/export/", views.export_create, name="export_create"),
    path("settings/data/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("settings/data/delete/", views.account_delete, name="account_delete"),
]
