"""URLs of the register part (employers, account owner, contact log, overview); included by
employers/urls.py under /werkgevers/ in the namespace "employers"."""

from django.urls import path

from . import register_views as views

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("nieuw/", views.employer_create, name="employer_create"),
    path("dubbel-benaderd/", views.overview, name="overview"),
    path("dubbel-benaderd/csv/", views.overview_csv, name="overview_csv"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/bewerken/", views.employer_edit, name="employer_edit"),
    path("<int:pk>/locaties/nieuw/", views.location_add, name="location_add"),
    path("<int:pk>/locaties/<int:item>/", views.location_edit, name="location_edit"),
    path("<int:pk>/erkenningen/nieuw/", views.accreditation_add, name="accreditation_add"),
    path("<int:pk>/erkenningen/<int:item>/", views.accreditation_edit, name="accreditation_edit"),
    path("<int:pk>/contactpersonen/nieuw/", views.contact_person_add, name="contact_person_add"),
    path(
        "<int:pk>/contactpersonen/<int:item>/",
        views.contact_person_edit,
        name="contact_person_edit",
    ),
    path(
        "<int:pk>/contactpersonen/<int:item>/niet-meer/",
        views.contact_person_deactivate,
        name="contact_person_deactivate",
    ),
    path("<int:pk>/accounthouder/overnemen/", views.account_take, name="account_take"),
    path("<int:pk>/accounthouder/overdragen/", views.account_hand_over, name="account_hand_over"),
    path("<int:pk>/benadering/nieuw/", views.contact_add, name="contact_add"),
]
