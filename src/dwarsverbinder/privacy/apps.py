from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_register(sender, using="default", **kwargs) -> None:
    """Every data category has a row in the processing register: `migrate` writes the
    defaults (privacy/register_defaults.py) for any category that has none yet, and never
    touches a row the privacy officer keeps. Also runs after a test flushes the database."""
    from .register_defaults import DEFAULT_REGISTER

    ProcessingRecord = sender.get_model("ProcessingRecord")
    present = set(ProcessingRecord.objects.using(using).values_list("category", flat=True))
    ProcessingRecord.objects.using(using).bulk_create(
        [ProcessingRecord(**row) for row in DEFAULT_REGISTER if row["category"] not in present]
    )


class PrivacyConfig(AppConfig):
    name = "dwarsverbinder.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        post_migrate.connect(_ensure_register, sender=self, dispatch_uid="privacy-register")
