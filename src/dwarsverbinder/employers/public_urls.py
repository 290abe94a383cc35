"""The public page for employers (no login), under /werkgever/."""

from django.urls import path

from . import public_views

app_name = "employer_public"

urlpatterns = [
    path("", public_views.offer, name="offer"),
    path("bedankt/", public_views.thanks, name="thanks"),
]
