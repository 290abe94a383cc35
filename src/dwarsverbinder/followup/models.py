from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    ContactChannelUsed,
    ContactOutcome,
    SignalKind,
    TaskKind,
    TaskStatus,
    VoucherStatus,
)


class Task(models.Model):
    """Something a coach has to do for a young person, usually a follow-up moment."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TaskKind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    # For follow-up moments: months after leaving and the leave date they count from, so
    # the schedule is created once per leave date, however often the job runs.
    months_after_leaving = models.PositiveSmallIntegerField(
        _("months after leaving"), null=True, blank=True
    )
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_date"], name="task_queue_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "leave_date", "months_after_leaving"],
                condition=models.Q(kind=TaskKind.FOLLOW_UP),
                name="task_one_follow_up_moment",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """A contact with (or attempt to reach) a young person, in the shared contact log."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=16, choices=ContactChannelUsed.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = models.CharField(
        _("short note"),
        max_length=500,
        blank=True,
        help_text=_(
            "Keep it short and factual. No health details: those stay with the care partner."
        ),
    )
    channel_used = models.ForeignKey(
        "people.ContactChannel",
        verbose_name=_("contact detail used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.on:%d-%m-%Y}"


class Signal(models.Model):
    """A warning that a young person needs attention; raised by the daily job, one open
    signal per person, organisation and kind."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="signals",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SignalKind.choices)
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    notified_at = models.DateTimeField(_("sent in digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "kind"],
                condition=models.Q(resolved_on__isnull=True),
                name="signal_one_open_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Voucher(models.Model):
    """An education voucher: a young person may come back to education with it at any time
    while it is valid (the Rivierenland onderwijsvoucher)."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="vouchers",
    )
    code = models.CharField(_("voucher code"), max_length=16, unique=True)
    issued_by = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="vouchers_issued",
    )
    issued_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by (person)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"))
    description = models.CharField(_("for"), max_length=200, help_text=_("A course or programme."))
    value_eur = models.DecimalField(
        _("value (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    valid_until = models.DateField(_("valid until"))
    redeemed_on = models.DateField(_("redeemed on"), null=True, blank=True)
    redeemed_at = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("redeemed at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vouchers_redeemed",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("education voucher")
        verbose_name_plural = _("education vouchers")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("issued_on")),
                name="voucher_valid_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(value_eur__isnull=True) | models.Q(value_eur__gt=0),
                name="voucher_value_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def status_on(self, day) -> str:
        """Open, redeemed, withdrawn or expired on ``day``; derived, never stored."""
        if self.redeemed_on is not None:
            return VoucherStatus.REDEEMED
        if self.withdrawn_on is not None:
            return VoucherStatus.WITHDRAWN
        return VoucherStatus.EXPIRED if day > self.valid_until else VoucherStatus.OPEN
