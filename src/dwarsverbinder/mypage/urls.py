from django.urls import path

from . import views

app_name = "mypage"
urlpatterns = [
    path("", views.request_link, name="request"),
    path("verstuurd/", views.link_sent, name="sent"),
    path("inloggen/<str:token>/", views.link, name="link"),
    path("overzicht/", views.overview, name="overview"),
    path("toestemming/<int:pk>/intrekken/", views.consent_take_back, name="consent_withdraw"),
    path("download/<str:fmt>/", views.download, name="download"),
    path("uitloggen/", views.log_out, name="logout"),
]
