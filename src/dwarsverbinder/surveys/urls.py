"""Staff pages of surveys under /vragenlijsten/: the builder, rounds, response and results.
The young person's pages live under /vragenlijst/ (``respond_urls``)."""

from django.urls import include, path

from . import builder_urls, result_urls, round_urls

app_name = "surveys"
urlpatterns = [
    path("", include(builder_urls)),
    path("rondes/", include(round_urls)),
    path("resultaten/", include(result_urls)),
]
