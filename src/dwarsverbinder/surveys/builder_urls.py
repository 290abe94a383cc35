"""The questionnaire builder under /vragenlijsten/ (namespace "surveys")."""

from django.urls import path

from . import builder_views as views

urlpatterns = [
    path("", views.builder_list, name="builder_list"),
    path("nieuw/", views.builder_create, name="builder_create"),
    path("kopieren/<int:version_pk>/", views.builder_copy, name="builder_copy"),
    path("<int:pk>/", views.builder_questionnaire, name="builder_questionnaire"),
    path("<int:pk>/nieuwe-versie/", views.builder_new_version, name="builder_new_version"),
    path("versie/<int:pk>/", views.builder_version, name="builder_version"),
    path("versie/<int:pk>/inleiding/", views.builder_intro, name="builder_intro"),
    path("versie/<int:pk>/vraag/", views.builder_question_add, name="builder_question_add"),
    path("versie/<int:pk>/publiceren/", views.builder_publish, name="builder_publish"),
    path("versie/<int:pk>/intrekken/", views.builder_retire, name="builder_retire"),
    path("versie/<int:pk>/weggooien/", views.builder_discard, name="builder_discard"),
    path("vraag/<int:pk>/", views.builder_question_edit, name="builder_question_edit"),
    path(
        "vraag/<int:pk>/verwijderen/", views.builder_question_delete, name="builder_question_delete"
    ),
    path("vraag/<int:pk>/verplaatsen/", views.builder_question_move, name="builder_question_move"),
]
