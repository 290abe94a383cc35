from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    AuditAction,
    ConsentForm,
    ConsentPurpose,
    DataCategory,
    LegalBasis,
    RequestKind,
    RequestStatus,
)


def _validate_choices(values, allowed, message) -> None:
    if not isinstance(values, list) or any(v not in allowed for v in values):
        raise ValidationError(message)


def validate_roles(values) -> None:
    from dwarsverbinder.accounts.constants import Role

    _validate_choices(values, Role.values, _("Choose roles from the list."))


def validate_organisation_kinds(values) -> None:
    from dwarsverbinder.network.constants import OrganisationKind

    _validate_choices(values, OrganisationKind.values, _("Choose partner types from the list."))


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


class ProcessingRecord(models.Model):
    """One entry of the processing register (AVG art. 30): a category of personal data,
    why it is processed, on what basis, how long it is kept and who may see it.

    The access policy (``privacy.policy``) reads these rows: who sees which part of a file,
    what a handover may carry without consent, and what the retention run removes all
    follow from here, not from a second copy in code. The rows are seeded by a data
    migration and kept up to date by the privacy officer.
    """

    category = models.CharField(
        _("data category"), max_length=24, choices=DataCategory.choices, unique=True
    )
    contents = models.CharField(
        _("what it holds"), max_length=300, help_text=_("The fields in this category.")
    )
    purpose = models.TextField(_("purpose"), max_length=1000)
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    legal_article = models.CharField(
        _("law and article"),
        max_length=300,
        blank=True,
        help_text=_("For a public task or legal obligation: the law and article."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
    )
    retention_from = models.CharField(
        _("retention counts from"), max_length=200, help_text=_("For example: the contact date.")
    )
    roles = models.JSONField(
        _("roles that may see it"), default=list, validators=[validate_roles], blank=True
    )
    organisation_kinds = models.JSONField(
        _("partner types that may see it"),
        default=list,
        validators=[validate_organisation_kinds],
        blank=True,
    )
    shared_without_consent_with = models.JSONField(
        _("handed over without consent to"),
        default=list,
        validators=[validate_organisation_kinds],
        blank=True,
        help_text=_(
            "Partner types to which a handover may carry this category on the legal basis "
            "above. To any other partner type it needs the young person's consent."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("processing register entry")
        verbose_name_plural = _("processing register")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_category_display()

    def clean(self) -> None:
        outside = set(self.shared_without_consent_with) - set(self.organisation_kinds)
        if outside:
            raise ValidationError(
                {
                    "shared_without_consent_with": _(
                        "A partner type that may not see this category cannot receive it "
                        "in a handover either."
                    )
                }
            )

    def role_labels(self) -> list[str]:
        from dwarsverbinder.accounts.constants import Role

        return [Role(r).label for r in self.roles if r in Role.values]

    def organisation_kind_labels(self, field: str = "organisation_kinds") -> list[str]:
        from dwarsverbinder.network.constants import OrganisationKind

        return [
            OrganisationKind(k).label for k in getattr(self, field) if k in OrganisationKind.values
        ]


class Consent(models.Model):
    """A young person's consent for one purpose and one receiving partner.

    Never edited once given, except to withdraw it: a withdrawn or expired consent is not
    revived, a new consent is a new record. Access that rested on a consent ends the
    moment it is withdrawn or expires (the policy checks it on every read).
    """

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    receiving_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("receiving partner"),
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    categories = models.JSONField(_("data categories"), default=list)
    text_shown = models.TextField(
        _("text shown"), max_length=4000, help_text=_("Exactly what the young person read.")
    )
    form = models.CharField(_("given"), max_length=16, choices=ConsentForm.choices)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("recorded at"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="consents_recorded",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_via = models.CharField(
        _("withdrawn"), max_length=16, choices=ConsentForm.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_via=""),
                name="consent_withdrawal_has_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.receiving_organisation}"

    def is_valid_on(self, day) -> bool:
        return self.withdrawn_at is None and self.given_on <= day <= self.expires_on

    def state_on(self, day) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if day > self.expires_on:
            return "expired"
        return "valid"

    def category_labels(self) -> list[str]:
        return [DataCategory(c).label for c in self.categories if c in DataCategory.values]


def valid_consent_q(day, prefix: str = "") -> models.Q:
    """Consents in force on ``day``, optionally through a relation (``prefix="consent__"``)."""
    return models.Q(
        **{
            f"{prefix}withdrawn_at__isnull": True,
            f"{prefix}given_on__lte": day,
            f"{prefix}expires_on__gte": day,
        }
    )


class DataSubjectRequest(models.Model):
    """A request under AVG articles 15 to 18, handled by the privacy officer within a month
    (art. 12(3)). The record outlives an erasure: it then keeps a reference, not a person."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_subject_requests",
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer before"))
    details = models.TextField(
        _("what is asked"),
        max_length=2000,
        blank=True,
        help_text=_("For rectification: which details are wrong. No health details."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    result = models.JSONField(_("what was done"), default=dict, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.reference
