"""The young person's survey pages under /vragenlijst/ (no account, no login)."""

from django.urls import include, path

from . import respond_urls

app_name = "survey"
urlpatterns = [path("", include(respond_urls))]
