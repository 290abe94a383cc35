from django.urls import path

from . import views

app_name = "chain"
urlpatterns = [
    path("", views.handover_list, name="list"),
    path("<int:pk>/", views.handover_detail, name="detail"),
    path("<int:pk>/stap/", views.handover_step, name="step"),
    path("jongere/<int:person_pk>/nieuw/", views.handover_create, name="create"),
    path("jongere/<int:person_pk>/toestemming/nieuw/", views.consent_create, name="consent_create"),
    path(
        "jongere/<int:person_pk>/toestemming/<int:consent_pk>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
