from django.urls import path

from . import register_views, request_views, views

app_name = "privacy"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/<int:pk>/", views.audit_event, name="audit_event"),
    path("register/", register_views.register, name="register"),
    path("register/<str:category>/bewerken/", register_views.register_edit, name="register_edit"),
    path("bewaartermijnen/", register_views.retention, name="retention"),
    path("verzoeken/", request_views.request_list, name="requests"),
    path("verzoeken/nieuw/", request_views.request_new, name="request_new"),
    path("verzoeken/<int:pk>/", request_views.request_detail, name="request"),
    path("verzoeken/<int:pk>/afsluiten/", request_views.request_close, name="request_close"),
    path("verzoeken/<int:pk>/wissen/", request_views.request_erase, name="request_erase"),
    path(
        "verzoeken/<int:pk>/gegevens.<str:fmt>",
        request_views.request_export,
        name="request_export",
    ),
]
