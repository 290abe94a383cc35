from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import FundingSource, LinkKind, MilestoneStatus, PartnerRole, ProjectStatus


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
    target_age_min = models.PositiveSmallIntegerField(
        _("target group: youngest age"), null=True, blank=True
    )
    target_age_max = models.PositiveSmallIntegerField(
        _("target group: oldest age"), null=True, blank=True
    )
    target_programme_types = models.JSONField(
        _("target group: programme types"),
        default=list,
        blank=True,
        help_text=_("Empty for any programme."),
    )
    target_situation = models.CharField(
        _("target group: situation"),
        max_length=300,
        blank=True,
        help_text=_(
            "E.g. left school without a startkwalificatie, NEET, in the doelgroepregister."
        ),
    )
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
    conditions = models.TextField(_("conditions"), blank=True)

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


class FundingYear(models.Model):
    """What a funding line grants and what was spent of it in one calendar year."""

    funding = models.ForeignKey(
        FundingLine, verbose_name=_("funding line"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    granted = models.DecimalField(_("granted (EUR)"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (EUR)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("funding year")
        verbose_name_plural = _("funding years")
        ordering = ["funding", "year"]
        constraints = [
            models.UniqueConstraint(fields=["funding", "year"], name="fundingyear_unique"),
            models.CheckConstraint(
                condition=models.Q(granted__gte=0) & models.Q(spent__gte=0),
                name="fundingyear_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funding} {self.year}"


class ReportingDate(models.Model):
    """A report a funder expects by a date; a reminder goes out before it."""

    funding = models.ForeignKey(
        FundingLine,
        verbose_name=_("funding line"),
        on_delete=models.CASCADE,
        related_name="reporting_dates",
    )
    due_on = models.DateField(_("due on"))
    description = models.CharField(_("what is due"), max_length=200)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting date")
        verbose_name_plural = _("reporting dates")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.description} ({self.due_on:%d-%m-%Y})"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned for"))
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["project", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProjectLink(models.Model):
    """A document or web page about a project (stored elsewhere: a link)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (URL)"), max_length=500)

    class Meta:
        verbose_name = _("document or link")
        verbose_name_plural = _("documents and links")
        ordering = ["project", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class LearningCircle(models.Model):
    """A meeting of several regions to learn from each other's approach."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    regions = models.ManyToManyField(
        "network.Region", verbose_name=_("regions"), blank=True, related_name="learning_circles"
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    issues = models.ManyToManyField(
        RegionalIssue,
        verbose_name=_("regional issues"),
        blank=True,
        related_name="learning_circles",
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="learning_circles"
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("learning circle")
        verbose_name_plural = _("learning circles")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class LearningCircleParticipant(models.Model):
    circle = models.ForeignKey(
        LearningCircle,
        verbose_name=_("learning circle"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="learning_circles",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["circle", "organisation__name", "name"]

    def __str__(self) -> str:
        return self.name or str(self.organisation)
