from django.urls import path

from . import circle_urls, funding_urls, views

app_name = "programmes"
urlpatterns = [
    path("", views.projects, name="projects"),
    *funding_urls.urlpatterns,
    *circle_urls.urlpatterns,
    path("<slug:slug>/", views.project, name="project"),
    path("<slug:slug>/bewerken/", views.project_edit, name="edit"),
    path("<slug:slug>/mijlpalen/nieuw/", views.milestone_form, name="milestone_add"),
    path("<slug:slug>/mijlpalen/<int:pk>/", views.milestone_form, name="milestone_edit"),
    path("<slug:slug>/activiteiten/nieuw/", views.activity_form, name="activity_add"),
    path("<slug:slug>/activiteiten/<int:pk>/", views.activity_form, name="activity_edit"),
    path("<slug:slug>/links/", views.links, name="links"),
    path("<slug:slug>/links/<int:pk>/verwijderen/", views.link_remove, name="link_remove"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/partners/<int:pk>/verwijderen/", views.partner_remove, name="partner_remove"),
    path("<slug:slug>/deelnemers/", views.participants, name="participants"),
    path(
        "<slug:slug>/deelnemers/aanmelden/<int:person_id>/",
        views.participant_enrol,
        name="participant_enrol",
    ),
    path(
        "<slug:slug>/deelnemers/<int:pk>/beeindigen/",
        views.participant_end,
        name="participant_end",
    ),
]
