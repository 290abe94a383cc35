from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import FundingSource, PartnerRole, ProjectStatus


class RegionalIssue(models.Model):
    """One of the ten substantive issues of the ROB tool (domain brief §2)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("regional issue")
        verbose_name_plural = _("regional issues")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Project(models.Model):
    """A regional project or pilot. Expanded by the programmes issue."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    region_label = models.CharField(
        _("region (as described)"),
        max_length=200,
        blank=True,
        help_text=_("For projects spanning several regions."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING
    )
    summary = models.TextField(_("summary"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    success_factors = models.JSONField(_("success factors"), default=list, blank=True)
    challenges = models.JSONField(_("challenges"), default=list, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    issues = models.ManyToManyField(
        RegionalIssue, verbose_name=_("regional issues"), blank=True, related_name="projects"
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProjectPartner(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="projectpartner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class FundingLine(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("source"), max_length=16, choices=FundingSource.choices)
    funder = models.CharField(_("funder"), max_length=200)
    # Empty when the amount is not known (e.g. a support fund that never published it).
    amount_granted = models.DecimalField(
        _("amount granted (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    granted_on = models.DateField(_("granted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["project", models.F("amount_granted").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_granted__gte=0), name="fundingline_amount_positive"
            )
        ]

    def __str__(self) -> str:
        amount = "?" if self.amount_granted is None else self.amount_granted
        return f"{self.funder}: € {amount}"


class ProjectParticipation(models.Model):
    """A young person taking part in a project or pilot. The monitor filters on it and
    compares a pilot's participants with the rest of its region."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="project_participations",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("project participation")
        verbose_name_plural = _("project participations")
        ordering = ["project", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person", "joined_on"], name="projectparticipation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="projectparticipation_left_after_joined",
            ),
        ]
        indexes = [models.Index(fields=["person", "project"], name="participation_person_idx")]

    def __str__(self) -> str:
        return f"{self.project} ({self.joined_on:%d-%m-%Y})"
