from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dwarsverbinder.api"
    label = "api"
