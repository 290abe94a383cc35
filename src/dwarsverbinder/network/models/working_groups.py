from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingGroup(models.Model):
    """A regional working group of partner organisations (e.g. the Leeuwarden group)."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="working_groups",
    )
    focus = models.TextField(_("focus"), blank=True)
    organisations = models.ManyToManyField(
        "network.Organisation",
        verbose_name=_("member organisations"),
        blank=True,
        related_name="working_groups",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="working_groups",
    )
    project = models.ForeignKey(
        "programmes.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
