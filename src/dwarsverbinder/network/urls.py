from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("werkgroepen/", views.working_groups, name="working_groups"),
    path("<slug:code>/", views.organisation, name="organisation"),
]
