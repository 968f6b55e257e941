from django.urls import path

from hirehall.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="detail"),
    path("contracts/<int:contract_id>/do/<slug:action>/", views.contract_action, name="action"),
    path("contracts/<int:contract_id>/diary/", views.work_diary, name="diary"),
    path("contracts/<int:contract_id>/files/<int:file_id>/", views.contract_file, name="file"),
    path(
        "contracts/<int:contract_id>/segments/<int:segment_id>/screenshot/",
        views.screenshot,
        name="screenshot",
    ),
]
