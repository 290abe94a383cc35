"""The young person's survey pages under /vragenlijst/, class mode and the staff preview.

The class mode and preview paths come first: a token is never "klas" or "voorbeeld".
The summary and thank-you pages sit beside the question pages, so their names are reserved
question keys (``respond.RESERVED_KEYS``).
"""

from django.urls import path

from . import respond_views as views

urlpatterns = [
    # Class mode: staff pages (a school's coach or coordinator) ...
    path("klas/", views.class_rounds, name="respond_class_rounds"),
    path("klas/start/<int:round_id>/", views.class_open, name="respond_class_open"),
    path("klas/scherm/<str:code>/", views.class_screen, name="respond_class_screen"),
    # ... and the young person's pages after the QR code.
    path("klas/<str:code>/", views.class_identify, name="respond_class_identify"),
    path("klas/<str:code>/vragen/", views.class_start, name="respond_class_start"),
    path(
        "klas/<str:code>/vragen/overzicht/",
        views.class_summary,
        name="respond_class_summary",
    ),
    path("klas/<str:code>/vragen/bedankt/", views.class_thanks, name="respond_class_thanks"),
    path(
        "klas/<str:code>/vragen/<slug:key>/",
        views.class_question,
        name="respond_class_question",
    ),
    # The preview of any version for coordinators: nothing is saved.
    path("voorbeeld/<int:version_id>/", views.preview_start, name="respond_preview"),
    path(
        "voorbeeld/<int:version_id>/overzicht/",
        views.preview_summary,
        name="respond_preview_summary",
    ),
    path(
        "voorbeeld/<int:version_id>/bedankt/",
        views.preview_thanks,
        name="respond_preview_thanks",
    ),
    path(
        "voorbeeld/<int:version_id>/<slug:key>/",
        views.preview_question,
        name="respond_preview_question",
    ),
    # The personal link.
    path("<str:token>/", views.link_start, name="respond_start"),
    path("<str:token>/overzicht/", views.link_summary, name="respond_summary"),
    path("<str:token>/bedankt/", views.link_thanks, name="respond_thanks"),
    path("<str:token>/<slug:key>/", views.link_question, name="respond_question"),
]
