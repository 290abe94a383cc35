"""URLs of openings, matching and proposals; included by employers/urls.py (namespace
"employers", under /werkgevers/)."""

from django.urls import path

from . import opening_views as views

urlpatterns = [
    path("vacatures/", views.opening_list, name="openings"),
    path("vacatures/nieuw/", views.opening_create, name="opening_create"),
    path("vacatures/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("vacatures/<int:pk>/bewerken/", views.opening_edit, name="opening_edit"),
    path("vacatures/<int:pk>/kandidaten/", views.opening_candidates, name="opening_candidates"),
    path(
        "vacatures/<int:pk>/voorstellen/<int:person_pk>/",
        views.proposal_create,
        name="proposal_create",
    ),
    path("matching/jongere/<int:person_pk>/", views.person_matches, name="person_matches"),
    path(
        "matching/jongere/<int:person_pk>/profiel/",
        views.match_profile_edit,
        name="match_profile",
    ),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("voorstellen/<int:pk>/status/", views.proposal_status, name="proposal_status"),
]
