"""The inbox of messages from the public employer page, under /werkgevers/verzoeken/.
A plain ``urlpatterns`` list: employers/urls.py includes it in the "employers" namespace."""

from django.urls import path

from . import request_views

urlpatterns = [
    path("verzoeken/", request_views.request_list, name="requests"),
    path("verzoeken/<int:pk>/", request_views.request_detail, name="request_detail"),
    path("verzoeken/<int:pk>/status/", request_views.request_status, name="request_status"),
]
