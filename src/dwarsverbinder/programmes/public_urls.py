"""The public regional issue pages, without login: mounted at /vraagstukken/."""

from django.urls import path

from . import views

app_name = "issues"
urlpatterns = [
    path("", views.issues, name="list"),
    path("<slug:slug>/", views.issue, name="detail"),
]
