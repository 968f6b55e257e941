from django.urls import path

from hirehall.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/", views.job_search, name="search"),
    path("jobs/mine/", views.my_jobs, name="mine"),
    path("jobs/new/", views.job_wizard, name="new"),
    path("jobs/<int:job_id>/", views.job_detail, name="detail"),
    path("jobs/<int:job_id>/edit/<int:step>/", views.job_wizard, name="edit"),
    path("jobs/<int:job_id>/publish/", views.job_publish, name="publish"),
    path("jobs/<int:job_id>/close/", views.job_close, name="close"),
    path("jobs/<int:job_id>/attachments/", views.job_attachment_upload, name="attach"),
    path("jobs/attachments/<int:attachment_id>/", views.job_attachment_download, name="attachment"),
    path("jobs/saved-searches/", views.saved_search_create, name="save_search"),
    path("jobs/saved-searches/<int:saved_id>/", views.saved_search_run, name="run_search"),
    path("jobs/saved-searches/<int:saved_id>/delete/", views.saved_search_delete, name="delete_search"),
]
