from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cohorts import cohort_label
from .constants import (
    ChannelKind,
    EpisodeKind,
    Gender,
    IdentityKind,
    LeaveReason,
    Leerweg,
    ProgrammeType,
    Source,
    UitstroomProfiel,
)


class Person(models.Model):
    """A young person followed by the region. Read only through ``selectors``."""

    given_names = models.CharField(_("first names"), max_length=200)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    municipality = models.ForeignKey(
        "network.Region",
        verbose_name=_("municipality of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    # Set by the retention run when the file was anonymised (privacy/retention.py): the
    # record stays for the monitor, without a name, address or contact details.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
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
    crebo = models.CharField(_("crebo"), max_length=5, blank=True)
    uitstroomprofiel = models.CharField(
        _("exit profile (VSO)"), max_length=20, choices=UitstroomProfiel.choices, blank=True
    )
    leerweg = models.CharField(
        _("learning track (vmbo)"), max_length=2, choices=Leerweg.choices, blank=True
    )
    start_date = models.DateField(_("start date"))
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=16, choices=LeaveReason.choices, blank=True
    )
    diploma = models.BooleanField(_("diploma"), default=False)
    # Derived by people.services.startkwalificatie_for when the career is saved; stored so
    # that the monitor can select on it.
    startkwalificatie = models.BooleanField(_("startkwalificatie"), default=False)

    class Meta:
        verbose_name = _("school career")
        verbose_name_plural = _("school careers")
        ordering = ["-start_date"]
        indexes = [
            # Covers the school's visibility (people_visible_to) without touching the table.
            models.Index(fields=["school", "leave_date", "person"], name="career_school_leave_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(leave_date__isnull=True)
                | models.Q(leave_date__gte=models.F("start_date")),
                name="schoolcareer_leave_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_type_display()} · {self.school}"

    @property
    def cohort(self) -> str:
        """The school year of leaving ("2023-2024"); empty while enrolled."""
        return cohort_label(self.leave_date)


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


class ContactChannel(models.Model):
    """A way to reach a young person (or a parent), with where it came from and when it was
    last confirmed to work. Old channels are kept, marked inactive, as history."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="contact_channels",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    value = models.CharField(_("value"), max_length=300)
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("For example: mother, mentor.")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    last_confirmed = models.DateField(_("last confirmed"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        ordering = ["-is_active", "kind", "-last_confirmed"]

    def __str__(self) -> str:
        return self.get_kind_display()


class StatusEpisode(models.Model):
    """A period in which a young person was in education, work, daytime activities, on a
    benefit, in care or none of these. See people.positions for how positions follow."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="episodes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EpisodeKind.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    last_confirmed = models.DateField(_("last confirmed"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status episode")
        verbose_name_plural = _("status episodes")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["person", "start_date"], name="episode_person_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="episode_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(last_confirmed__gte=models.F("start_date")),
                name="episode_confirmed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%d-%m-%Y}"
