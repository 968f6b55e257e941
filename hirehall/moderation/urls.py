from django.urls import path

from hirehall.moderation import casework_views, views

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
    # ledger adjustments (four eyes) and the identity queue: casework_views.py
    path("staff/adjustments/", casework_views.adjustment_list, name="adjustments"),
    path("staff/users/<int:pk>/adjust/", casework_views.adjustment_new, name="adjustment_new"),
    path("staff/adjustments/<int:pk>/approve/", casework_views.adjustment_approve, name="adjustment_approve"),
    path("staff/adjustments/<int:pk>/refuse/", casework_views.adjustment_refuse, name="adjustment_refuse"),
    path("staff/identity/", casework_views.identity_queue, name="identity_queue"),
    path("staff/identity/<int:pk>/decide/", casework_views.identity_decide, name="identity_decide"),
    path("settings/identity/", casework_views.identity_page, name="identity"),
    path("settings/identity/<int:pk>/<str:which>/", casework_views.identity_file, name="identity_file"),
    path("staff/messages/<int:pk>/", views.message_context, name="message"),
    path("staff/messages/<int:pk>/hide/", views.message_hide, name="message_hide"),
]
