from django.urls import path

from hirehall.proposals import views

app_name = "proposals"
urlpatterns = [
    path("jobs/<int:job_id>/apply/", views.apply, name="apply"),
    path("jobs/<int:job_id>/proposals/", views.review, name="review"),
    path("jobs/<int:job_id>/invite/", views.invite, name="invite"),
    path("proposals/", views.my_proposals, name="mine"),
    path("proposals/<int:proposal_id>/", views.detail, name="detail"),
    path("proposals/<int:proposal_id>/do/<slug:action>/", views.proposal_action, name="action"),
    path("proposals/<int:proposal_id>/offer/", views.make_offer, name="make_offer"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer"),
    path("offers/<int:offer_id>/do/<slug:action>/", views.offer_action, name="offer_action"),
    path("invitations/<int:invitation_id>/decline/", views.decline_invitation, name="decline_invitation"),
]
