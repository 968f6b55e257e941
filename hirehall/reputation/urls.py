from django.urls import path

from hirehall.reputation import views

app_name = "reputation"
urlpatterns = [
    path("contracts/<int:contract_id>/feedback/", views.contract_feedback, name="feedback"),
    path("me/reputation/", views.insights, name="insights"),
    path("job-success-score/", views.formula, name="formula"),
]
