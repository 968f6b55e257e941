from django.urls import path

from hirehall.moderation import views

app_name = "moderation"

urlpatterns = [
    path("settings/standing/", views.standing, name="standing"),
    path("settings/standing/appeal/", views.appeal_create, name="appeal_create"),
    path("staff/", views.console, name="console"),
    path("staff/audit/", views.audit, name="audit"),
    path("staff/users/<int:pk>/", views.user_detail, name="user"),
    path("staff/users/<int:pk>/action/", views.user_action, name="user_action"),
    path("staff/jobs/<int:pk>/remove/", views.job_remove, name="job_remove"),
    path("staff/flags/<int:pk>/dismiss/", views.flag_dismiss, name="flag_dismiss"),
    path("staff/reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("staff/appeals/<int:pk>/answer/", views.appeal_answer, name="appeal_answer"),
    path("staff/messages/<int:pk>/", views.message_context, name="message"),
    path("staff/messages/<int:pk>/hide/", views.message_hide, name="message_hide"),
]
