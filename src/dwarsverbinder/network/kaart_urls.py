from django.urls import path

from . import kaart_views as views

app_name = "kaart"
urlpatterns = [
    path("", views.kaart_list, name="list"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/nieuw/", views.create, name="create"),
    path("beheer/<slug:slug>/", views.edit, name="edit"),
    path("beheer/<slug:slug>/wachttijd/", views.waiting, name="waiting"),
    path("<slug:slug>/", views.kaart_detail, name="detail"),
]
