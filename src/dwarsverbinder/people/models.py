from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Gender, IdentityKind, ProgrammeType


class Person(models.Model):
    """A young person followed by the region. Read only through ``selectors``."""

    given_names = models.CharField(_("first names"), max_length=200)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    municipality = models.ForeignKey(
        "network.Region",
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        ordering = ["surname", "given_names", "id"]
        indexes = [models.Index(fields=["surname", "date_of_birth"], name="person_name_dob_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.tussenvoegsel, self.surname) if p)


class Identity(models.Model):
    """An identifier of a person: the BSN pseudonym, or a student number at a school."""

    # The value never goes into the audit log: for a BSN it is the keyed pseudonym.
    AUDIT_REDACTED_FIELDS = ("value",)

    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="identities",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=IdentityKind.choices)
    value = models.CharField(_("value"), max_length=64)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_identities",
    )

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                condition=models.Q(kind=IdentityKind.BSN),
                name="identity_unique_bsn",
            ),
            models.UniqueConstraint(
                fields=["kind", "organisation", "value"],
                condition=models.Q(kind=IdentityKind.STUDENT_NUMBER),
                name="identity_unique_student_number",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SchoolCareer(models.Model):
    """An enrolment of a person at a school. Expanded by the follow-up issue."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="school_careers",
    )
    school = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="school_careers",
    )
    programme_type = models.CharField(
        _("programme type"), max_length=16, choices=ProgrammeType.choices
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    programme_name = models.CharField(_("programme"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    diploma = models.BooleanField(_("diploma"), default=False)
    startkwalificatie = models.BooleanField(_("startkwalificatie"), default=False)

    class Meta:
        verbose_name = _("school career")
        verbose_name_plural = _("school careers")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(leave_date__isnull=True)
                | models.Q(leave_date__gte=models.F("start_date")),
                name="schoolcareer_leave_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_type_display()} · {self.school}"


class Assignment(models.Model):
    """A coach at an organisation actively working with a person (an active relation)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    started_at = models.DateField(_("since"))
    ended_at = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.coach or '-'}"
