"""URLs of placements and certificates; included by employers/urls.py (namespace
"employers", under /werkgevers/)."""

from django.urls import path

from . import placement_views as views

urlpatterns = [
    path("plaatsingen/", views.placement_list, name="placements"),
    path("plaatsingen/nieuw/<int:person_pk>/", views.placement_create, name="placement_create"),
    path("plaatsingen/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("plaatsingen/<int:pk>/bewerken/", views.placement_edit, name="placement_edit"),
    path(
        "certificaten/nieuw/<int:person_pk>/",
        views.certificate_create,
        name="certificate_create",
    ),
    path("certificaten/<int:pk>/bewerken/", views.certificate_edit, name="certificate_edit"),
    path(
        "certificaten/<int:pk>/verwijderen/",
        views.certificate_delete,
        name="certificate_delete",
    ),
]
