from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("nieuw/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/gegevens/", views.person_edit, name="edit"),
    path("<int:pk>/status/nieuw/", views.episode_add, name="episode_add"),
    path("<int:pk>/status/<int:episode_pk>/", views.episode_edit, name="episode_edit"),
    path("<int:pk>/contactgegevens/nieuw/", views.channel_add, name="channel_add"),
    path(
        "<int:pk>/contactgegevens/<int:channel_pk>/buiten-gebruik/",
        views.channel_retire,
        name="channel_retire",
    ),
    path("<int:pk>/schoolloopbaan/nieuw/", views.career_add, name="career_add"),
    path("<int:pk>/schoolloopbaan/<int:career_pk>/", views.career_edit, name="career_edit"),
    path("<int:pk>/contacten/nieuw/", views.contact_add, name="contact_add"),
]
