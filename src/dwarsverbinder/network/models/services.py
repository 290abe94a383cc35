"""The sociale kaart: the services the region's partners offer young people.

A service is public information about an organisation's offer (who it is for, how to get
in, how long the wait is). It holds no personal data of young people.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..constants import RegionKind

# Digits, spaces, brackets, hyphens and one leading plus; 6 to 15 digits, so that short
# municipal numbers ("14 0344") and international numbers ("+31 344 ...") both fit.
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")


class ServiceTheme(models.TextChoices):
    CARE = "zorg", _("Care")
    MONEY = "geld", _("Money and debts")
    WORK = "werk", _("Work")
    EDUCATION = "onderwijs", _("Education")
    HOUSING = "wonen", _("Housing")
    MENTAL_HEALTH = "mentaal", _("Mental health")


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value or "")
    if not PHONE_RE.match(value or "") or not 6 <= len(digits) <= 15:
        raise ValidationError(
            _("Enter a phone number with digits only, e.g. 0344 123 456."), code="invalid_phone"
        )


def validate_themes(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one theme."), code="no_theme")
    unknown = [v for v in value if v not in ServiceTheme.values]
    if unknown:
        raise ValidationError(
            _("Unknown theme: %(themes)s."), code="unknown_theme", params={"themes": unknown}
        )


_AGE = [MinValueValidator(0), MaxValueValidator(99)]


class Service(models.Model):
    """One offer of one organisation on the public sociale kaart."""

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    summary = models.CharField(
        _("what we offer"), max_length=300, help_text=_("One or two short sentences.")
    )
    for_whom = models.TextField(_("for whom"), max_length=1000)
    themes = models.JSONField(_("themes"), default=list, validators=[validate_themes])
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=_AGE
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=_AGE
    )
    how_to_get_in = models.TextField(_("how to get in"), max_length=2000)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "network.Region",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_services",
        limit_choices_to={"kind": RegionKind.MUNICIPALITY},
        help_text=_("Leave empty when the service is for the whole region."),
    )
    regions = models.ManyToManyField(
        "network.Region",
        verbose_name=_("also for"),
        blank=True,
        related_name="services",
    )
    waiting_days = models.PositiveSmallIntegerField(
        _("waiting time in days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    waiting_updated_on = models.DateField(_("waiting time updated on"), null=True, blank=True)
    accepting_new = models.BooleanField(_("takes new people"), default=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_min_age_not_above_max",
            ),
            models.CheckConstraint(
                condition=models.Q(waiting_days__isnull=True)
                | models.Q(waiting_updated_on__isnull=False),
                name="service_waiting_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kaart:detail", args=[self.slug])

    def clean(self) -> None:
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The maximum age cannot be lower than the minimum age.")
        if self.waiting_days is not None and self.waiting_updated_on is None:
            errors["waiting_updated_on"] = _("Say when the waiting time was last checked.")
        if errors:
            raise ValidationError(errors)

    @property
    def phone_href(self) -> str:
        """The number for a tel: link: digits and a leading plus only."""
        return re.sub(r"[^\d+]", "", self.phone)

    def theme_labels(self) -> list[str]:
        return [ServiceTheme(code).label for code in self.themes if code in ServiceTheme.values]

    def waiting_phrase(self) -> str:
        """The wait in plain words ("about 3 weeks"); empty when nobody knows it."""
        days = self.waiting_days
        if days is None:
            return ""
        if days == 0:
            return str(_("no waiting time"))
        if days < 7:
            return ngettext("about %(count)d day", "about %(count)d days", days) % {"count": days}
        if days < 60:
            weeks = round(days / 7)
            return ngettext("about %(count)d week", "about %(count)d weeks", weeks) % {
                "count": weeks
            }
        months = round(days / 30.4)
        return ngettext("about %(count)d month", "about %(count)d months", months) % {
            "count": months
        }

    def waiting_date_label(self) -> str:
        """When the wait was checked: "12 November", with the year when it is not this year."""
        if self.waiting_updated_on is None:
            return ""
        same_year = self.waiting_updated_on.year == timezone.localdate().year
        return formats.date_format(self.waiting_updated_on, "j F" if same_year else "j F Y")

    def age_phrase(self) -> str:
        low, high = self.min_age, self.max_age
        if low is not None and high is not None:
            return _("%(low)d to %(high)d years") % {"low": low, "high": high}
        if low is not None:
            return _("%(low)d years and older") % {"low": low}
        if high is not None:
            return _("up to %(high)d years") % {"high": high}
        return ""
