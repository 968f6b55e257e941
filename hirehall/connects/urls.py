from django.urls import path

from hirehall.connects import views

app_name = "connects"
urlpatterns = [
    path("connects/", views.connects_page, name="page"),
    path("connects/buy/", views.buy, name="buy"),
    path("connects/plus/", views.plus_subscribe, name="plus"),
    path("connects/plus/cancel/", views.plus_cancel, name="plus_cancel"),
]
