from django.urls import path

from hirehall.accounts import views

urlpatterns = [
    path("settings/", views.account_settings, name="account_settings"),
    path("settings/locale/", views.locale_update, name="account_locale"),
    path("i18n/setlang/", views.language_switch, name="set_language"),
    path("settings/roles/", views.add_role, name="account_add_role"),
    path("settings/tokens/", views.token_create, name="api_token_create"),
    path("settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="api_token_revoke"),
]
