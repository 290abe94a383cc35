from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import FOLLOW_UP_FUNCTIONS, OrganisationKind
from ..validators import validate_brin


class Organisation(models.Model):
    """A partner in the regional chain: school, municipality, UWV, care, employer, ..."""

    code = models.SlugField(
        _("code"), max_length=64, unique=True, help_text=_("Short unique code, e.g. roc-mondriaan.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    # School sectors (vo, vso, pro, mbo, hbo, wo) for schools; municipal functions
    # (leerplicht, rmc, participatiewet) for municipalities. Lists of constant codes.
    sectors = models.JSONField(_("school sectors"), default=list, blank=True)
    functions = models.JSONField(_("municipal functions"), default=list, blank=True)
    brin_code = models.CharField(
        _("BRIN code"), max_length=4, blank=True, validators=[validate_brin]
    )
    municipality = models.ForeignKey(
        "network.Region",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_organisations",
    )
    regions = models.ManyToManyField(
        "network.Region",
        verbose_name=_("regions served"),
        blank=True,
        related_name="organisations",
        help_text=_("For a municipality with RMC or leerplicht: the region of its statutory task."),
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin_code"],
                condition=~models.Q(brin_code=""),
                name="organisation_unique_brin",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_follow_up_task(self) -> bool:
        """True for a municipality that runs leerplicht or RMC for its region."""
        return self.kind == OrganisationKind.MUNICIPALITY and bool(
            FOLLOW_UP_FUNCTIONS.intersection(self.functions or [])
        )
