"""Response and results of rounds, under /vragenlijsten/resultaten/ (``result_views``)."""

from django.urls import path

from . import result_views as views

urlpatterns = [
    path("", views.result_rounds, name="result_rounds"),
    path("<int:pk>/", views.result_detail, name="result_detail"),
    path("<int:pk>/respons/", views.result_response, name="result_response"),
    path("<int:pk>/niet-gereageerd/", views.result_nonresponders, name="result_nonresponders"),
    path(
        "<int:pk>/download/<slug:table>.<slug:fmt>",
        views.result_download,
        name="result_download",
    ),
]
