"""Rounds under /vragenlijsten/rondes/ (namespace "surveys"): coordinators only."""

from django.urls import path

from . import round_views as views

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("nieuw/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/voortgang/", views.round_progress, name="round_progress"),
    path("<int:pk>/versturen/", views.round_start, name="round_start"),
    path("<int:pk>/opnieuw-versturen/", views.round_resume, name="round_resume"),
    path("<int:pk>/sluiten/", views.round_close, name="round_close"),
]
