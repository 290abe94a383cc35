from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dwarsverbinder.demo"
    label = "demo"
