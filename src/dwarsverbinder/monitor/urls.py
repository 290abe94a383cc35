"""The monitor dashboard under /monitor/."""

from django.urls import path

from . import views

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.<slug:fmt>", views.download, name="download"),
]
