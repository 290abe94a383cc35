from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("<slug:slug>/", views.project, name="project"),
]
