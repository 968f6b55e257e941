from django.urls import path

from hirehall.profiles import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/sections/<slug:name>/", views.profile_section, name="profile_section"),
    path("profile/photo/remove/", views.photo_remove, name="profile_photo_remove"),
    path("profile/video/remove/", views.video_remove, name="profile_video_remove"),
    path("profile/portfolio/<int:pk>/", views.portfolio_item_edit, name="portfolio_item_edit"),
    path("profile/portfolio/<int:pk>/delete/", views.portfolio_item_delete, name="portfolio_item_delete"),
    path(
        "profile/portfolio/files/<int:pk>/delete/", views.portfolio_file_delete, name="portfolio_file_delete"
    ),
    path("profile/employment/<int:pk>/delete/", views.employment_delete, name="employment_delete"),
    path("profile/education/<int:pk>/delete/", views.education_delete, name="education_delete"),
    path("rates/guidance/", views.rate_guidance_partial, name="rate_guidance_partial"),
    path("skills/suggest/", views.skills_suggest, name="skills_suggest"),
    path("freelancers/<int:pk>/", views.freelancer_detail, name="freelancer_detail"),
    path("files/<slug:kind>/<int:pk>/", views.profile_file, name="profile_file"),
    path("files/<slug:kind>/<int:pk>/<slug:variant>/", views.profile_file, name="profile_file_variant"),
    path("talent/", views.talent_search, name="talent_search"),
    path("favourites/", views.favourites, name="favourites"),
    path("favourites/toggle/<int:pk>/", views.favourite_toggle, name="favourite_toggle"),
    path("favourites/<int:pk>/delete/", views.favourite_list_delete, name="favourite_list_delete"),
    path(
        "favourites/<int:pk>/remove/<int:profile_pk>/",
        views.favourite_entry_remove,
        name="favourite_entry_remove",
    ),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("client-profile/", views.client_profile_edit, name="client_profile_edit"),
]
