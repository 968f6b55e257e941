from django.urls import path

from hirehall.contracts import views

urlpatterns = [
    path("contracts/", views.contract_list, name="contract_list"),
    path("contracts/earnings/", views.earnings, name="contract_earnings"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:contract_id>/do/<slug:action>/", views.contract_action, name="contract_action"),
    path("contracts/<int:contract_id>/diary/", views.work_diary, name="work_diary"),
    path("contracts/<int:contract_id>/files/<int:file_id>/", views.contract_file, name="contract_file"),
    path(
        "contracts/<int:contract_id>/segments/<int:segment_id>/screenshot/",
        views.screenshot,
        name="segment_screenshot",
    ),
]
