from django.urls import path

from hirehall.messaging import views

app_name = "messaging"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/unread/", views.unread_badge, name="unread"),
    path("messages/<int:room_id>/", views.room, name="room"),
    path("messages/<int:room_id>/poll/", views.poll, name="poll"),
    path("messages/<int:room_id>/send/", views.send, name="send"),
    path("messages/<int:room_id>/archive/", views.archive, name="archive"),
    path("messages/<int:room_id>/m/<int:message_id>/edit/", views.edit, name="edit"),
    path("messages/files/<int:file_id>/", views.attachment, name="file"),
    path("messages/files/<int:file_id>/thumb/", views.thumbnail, name="thumb"),
    path("messages/proposal/<int:proposal_id>/", views.for_proposal, name="for_proposal"),
    path("messages/offer/<int:offer_id>/", views.for_offer, name="for_offer"),
    path("messages/contract/<int:contract_id>/", views.for_contract, name="for_contract"),
    path("messages/with/<int:user_id>/", views.direct, name="direct"),
]
