"""Warm handovers: a young person passed from one partner to another, with the data that
crosses, the basis for each piece, and every step with its deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.privacy.constants import DataCategory

from .constants import (
    DeclineReason,
    HandoverOutcome,
    HandoverReason,
    HandoverStatus,
    ShareBasis,
    Urgency,
)


class Handover(models.Model):
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="handovers",
    )
    from_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="handovers_sent",
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="handovers_sent",
    )
    to_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    to_service = models.ForeignKey(
        "network.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handovers",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=HandoverReason.choices)
    question = models.CharField(
        _("question for the partner"),
        max_length=500,
        blank=True,
        help_text=_("What should the partner do? Short and factual, no health details."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.SENT
    )
    # The deadline of the step the handover waits for; empty once it has ended.
    due_on = models.DateField(_("next step due"), null=True, blank=True)
    # The step whose deadline passed was signalled; reset at every step.
    overdue_signalled_on = models.DateField(_("overdue signalled on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    expected_first_contact_on = models.DateField(_("expected first contact"), null=True, blank=True)
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=HandoverOutcome.choices, blank=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handovers_handled",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="handover_to_status_idx"),
            models.Index(fields=["from_organisation", "status"], name="handover_from_status_idx"),
            models.Index(fields=["status", "due_on"], name="handover_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="handover_to_another_partner",
            ),
            models.CheckConstraint(
                condition=models.Q(first_contact_on__isnull=True)
                | models.Q(first_contact_on__gte=models.F("sent_on")),
                name="handover_contact_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} → {self.to_organisation}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def waiting_days(self) -> int | None:
        """Days from sending to first contact: the measured waiting time."""
        if self.first_contact_on is None:
            return None
        return (self.first_contact_on - self.sent_on).days


class HandoverShare(models.Model):
    """One data category a handover carries, with the basis it rests on."""

    handover = models.ForeignKey(
        Handover, verbose_name=_("handover"), on_delete=models.CASCADE, related_name="shares"
    )
    category = models.CharField(_("data category"), max_length=24, choices=DataCategory.choices)
    basis = models.CharField(_("basis"), max_length=16, choices=ShareBasis.choices)
    consent = models.ForeignKey(
        "privacy.Consent",
        verbose_name=_("consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shares",
    )
    # A copy of the register's basis at the moment of sending, for the record.
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("shared data category")
        verbose_name_plural = _("shared data categories")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "category"], name="share_once"),
            models.CheckConstraint(
                condition=models.Q(basis=ShareBasis.CONSENT, consent__isnull=False)
                | models.Q(basis=ShareBasis.REGISTER, consent__isnull=True),
                name="share_consent_matches_basis",
            ),
        ]

    def __str__(self) -> str:
        return self.get_category_display()


class HandoverStep(models.Model):
    """The history of a handover: one row per step, with who took it."""

    handover = models.ForeignKey(
        Handover, verbose_name=_("handover"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=16, choices=HandoverStatus.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handover step")
        verbose_name_plural = _("handover steps")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.get_status_display()
