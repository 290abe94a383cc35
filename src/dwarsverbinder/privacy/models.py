from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AuditAction


def object_type_label(label: str) -> str:
    """``app_label.model`` to the model's verbose name; the label itself when unknown."""
    from django.apps import apps

    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditEvent(models.Model):
    """One read or change of personal data, or one login event. Append-only.

    Database triggers (migration 0002) refuse UPDATE, DELETE and TRUNCATE on this table,
    for the app's own database user too. Actor and organisation are copied in as plain
    values rather than foreign keys, so that no cascade can ever touch a row and the log
    stays readable after an account is removed. No names or contact details are stored:
    a record is named by its type and id.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    # The young person whose file this concerns, so "who opened my file" is one query.
    person_id = models.BigIntegerField(_("young person id"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    @property
    def object_type_label(self) -> str:
        """The record type as it reads in the interface, e.g. "jongere" for people.person."""
        return object_type_label(self.object_type)

    @property
    def role_label(self) -> str:
        """The role as it reads in the interface; the stored code if the role is unknown."""
        from dwarsverbinder.accounts.constants import Role

        return Role(self.role).label if self.role in Role.values else self.role
