from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_standard(sender, using="default", **kwargs) -> None:
    from .standard import ensure_standard_checkin

    ensure_standard_checkin(using=using)


class SurveysConfig(AppConfig):
    name = "dwarsverbinder.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        post_migrate.connect(_ensure_standard, sender=self, dispatch_uid="surveys-standard")
