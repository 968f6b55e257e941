from django.urls import path

from hirehall.contracts import views

app_name = "contracts"
urlpatterns = [
    path("contracts/", views.contract_list, name="list"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="detail"),
]
