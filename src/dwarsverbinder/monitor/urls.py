"""The monitor dashboard under /monitor/."""

from django.urls import path

from . import views
from .extract_views import extract as researcher_extract
from .pdf_views import report

app_name = "monitor"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.<slug:fmt>", views.download, name="download"),
    path("onderzoeksbestand/", researcher_extract, name="extract"),
    path("rapport.pdf", report, name="report"),
]
