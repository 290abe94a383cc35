from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit/<int:pk>/", views.audit_event, name="audit_event"),
]
