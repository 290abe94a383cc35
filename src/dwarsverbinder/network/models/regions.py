from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import RegionKind


class Region(models.Model):
    """A region in one of the Dutch divisions the chain works in.

    A municipality points to the RMC/Doorstroompunt region and the labour market region it
    belongs to; those two are how the statutory tasks and the monitor group people.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=RegionKind.choices)
    rmc_region = models.ForeignKey(
        "self",
        verbose_name=_("RMC/Doorstroompunt region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"kind": RegionKind.RMC},
    )
    labour_market_region = models.ForeignKey(
        "self",
        verbose_name=_("labour market region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labour_market_municipalities",
        limit_choices_to={"kind": RegionKind.LABOUR_MARKET},
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
