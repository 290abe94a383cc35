"""Learning circles and the overlap page, under /projecten/. A plain list that
programmes/urls.py puts BEFORE its "<slug:slug>/" pattern (which would otherwise take
"leerkringen" and "overlap" for a project's code); the names live in the "programmes"
namespace."""

from django.urls import path

from . import circle_views, overlap_views

urlpatterns = [
    path("overlap/", overlap_views.overlap_page, name="overlap"),
    path("leerkringen/", circle_views.circle_list, name="circles"),
    path("leerkringen/nieuw/", circle_views.circle_form, name="circle_add"),
    path("leerkringen/<int:pk>/", circle_views.circle_detail, name="circle"),
    path("leerkringen/<int:pk>/bewerken/", circle_views.circle_form, name="circle_edit"),
    path(
        "leerkringen/<int:pk>/deelnemers/",
        circle_views.circle_participants,
        name="circle_participants",
    ),
    path(
        "leerkringen/<int:pk>/deelnemers/<int:participant>/verwijderen/",
        circle_views.circle_participant_remove,
        name="circle_participant_remove",
    ),
]
