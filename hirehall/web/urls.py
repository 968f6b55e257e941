from django.contrib.sitemaps.views import sitemap
from django.urls import path

from hirehall.web import views
from hirehall.web.sitemaps import SITEMAPS

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
