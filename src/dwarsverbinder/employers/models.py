"""The region's one employer register: employers and their locations, SBB accreditation,
contact persons and one account owner; the shared contact log; openings; proposals of
candidates; placements and certificates earned.

Employers, their contact persons, the contact log and openings are shared by every partner
in the region (they are about companies, not young people). Proposals, placements and
certificates are a young person's data (register category "placements"): they are read only
through the visibility selectors and changed through ``services.py``, which audits."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.people.constants import ProgrammeType

from .constants import (
    CertificateKind,
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    OpeningKind,
    OpeningStatus,
    PlacementOutcome,
    ProposalStatus,
    RequestKind,
    RequestStatus,
    Sector,
    SizeClass,
)
from .validators import validate_kvk, validate_postcode

crebo_validator = RegexValidator(r"^\d{5}$", _("A crebo code has five digits."))


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        unique=True,
        validators=[validate_kvk],
        help_text=_("The eight digits of the Chamber of Commerce registration."),
        error_messages={"unique": _("An employer with this KvK number is already registered.")},
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    size = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, blank=True)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what the company does"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, validators=[validate_postcode], help_text=_("1234 AB")
    )
    city = models.CharField(_("place"), max_length=100)
    is_main = models.BooleanField(_("main location"), default=False)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["-is_main", "city", "name"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.street, self.city) if part)


class Accreditation(models.Model):
    """SBB recognition as erkend leerbedrijf for one programme, from and to."""

    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="accreditations",
    )
    crebo = models.CharField(_("crebo"), max_length=5, validators=[crebo_validator])
    programme_name = models.CharField(_("programme"), max_length=200)
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    valid_from = models.DateField(_("recognised from"))
    valid_until = models.DateField(_("recognised until"), null=True, blank=True)

    class Meta:
        verbose_name = _("SBB accreditation")
        verbose_name_plural = _("SBB accreditations")
        ordering = ["programme_name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="accreditation_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_name} ({self.crebo})"


class ContactPerson(models.Model):
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("still the contact"), default=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name


class AccountOwner(models.Model):
    """The organisation and person who lead contact with an employer; one at a time."""

    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="account_owners",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employer_accounts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="employer_accounts",
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("account owner")
        verbose_name_plural = _("account owners")
        ordering = ["employer", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(until__isnull=True),
                name="accountowner_one_current",
                violation_error_message=_("This employer already has an account owner."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="accountowner_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer}: {self.organisation}"


class EmployerContact(models.Model):
    """One approach of an employer by a partner or project: the shared contact log."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("by organisation"),
        on_delete=models.PROTECT,
        related_name="employer_contacts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="employer_contacts",
    )
    project = models.ForeignKey(
        "programmes.Project",
        verbose_name=_("for project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employer_contacts",
    )
    contact_person = models.ForeignKey(
        ContactPerson,
        verbose_name=_("spoke with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    date = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=16, choices=ContactChannel.choices)
    purpose = models.CharField(_("why"), max_length=16, choices=ContactPurpose.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    summary = models.CharField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("What was asked and agreed. No names or details of young people."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["employer", "-date"], name="employercontact_recent_idx")]

    def __str__(self) -> str:
        return f"{self.employer} {self.date:%d-%m-%Y} ({self.organisation})"


class Opening(models.Model):
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="openings"
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="openings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OpeningKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("work and what the employer asks"), blank=True)
    programme_types = models.JSONField(
        _("programme types"),
        default=list,
        blank=True,
        help_text=_("For whom; empty for anyone."),
    )
    crebo = models.CharField(_("crebo"), max_length=5, blank=True, validators=[crebo_validator])
    level_min = models.PositiveSmallIntegerField(
        _("lowest level"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    level_max = models.PositiveSmallIntegerField(
        _("highest level"), null=True, blank=True, validators=[MaxValueValidator(4)]
    )
    hours_min = models.PositiveSmallIntegerField(
        _("hours a week, at least"), validators=[MaxValueValidator(60)]
    )
    hours_max = models.PositiveSmallIntegerField(
        _("hours a week, at most"), validators=[MaxValueValidator(60)]
    )
    jobcoach = models.BooleanField(_("a jobcoach is available"), default=False)
    wage_cost_subsidy = models.BooleanField(_("wage-cost subsidy possible"), default=False)
    banenafspraak = models.BooleanField(_("a banenafspraak place"), default=False)
    interests = models.JSONField(_("fits interests"), default=list, blank=True)
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1)]
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="openings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="openings",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_max__gte=models.F("hours_min")), name="opening_hours_order"
            ),
            models.CheckConstraint(
                condition=Q(level_min__isnull=True)
                | Q(level_max__isnull=True)
                | Q(level_max__gte=models.F("level_min")),
                name="opening_level_order",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="opening_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="opening_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer})"

    @property
    def level_label(self) -> str:
        """ "2", "1–2", or "" for any level."""
        if self.level_min is None and self.level_max is None:
            return ""
        low, high = self.level_min or 1, self.level_max or 4
        return str(low) if low == high else f"{low}–{high}"

    @property
    def programme_type_labels(self) -> list[str]:
        labels = dict(ProgrammeType.choices)
        return [str(labels.get(p, p)) for p in self.programme_types]


class MatchProfile(models.Model):
    """What a young person looks for in work, for matching: agreed with them by a coach."""

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="match_profile",
    )
    interests = models.JSONField(_("interests"), default=list, blank=True)
    hours_wanted = models.PositiveSmallIntegerField(
        _("hours a week wanted"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("travels at most (km)"), null=True, blank=True
    )
    needs_jobcoach = models.BooleanField(_("needs a jobcoach"), default=False)
    needs_wage_cost_subsidy = models.BooleanField(_("needs wage-cost subsidy"), default=False)
    banenafspraak = models.BooleanField(
        _("in the doelgroepregister (banenafspraak)"), default=False
    )
    kinds = models.JSONField(_("looking for"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matching profile")
        verbose_name_plural = _("matching profiles")

    def __str__(self) -> str:
        return f"{self.person_id}"


class Proposal(models.Model):
    """A young person proposed for an opening; the account owner is told."""

    opening = models.ForeignKey(
        Opening, verbose_name=_("opening"), on_delete=models.CASCADE, related_name="proposals"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("proposed by organisation"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    reasons = models.JSONField(_("why it fits"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "person"],
                condition=Q(status__in=["voorgesteld", "voorgesteld-werkgever"]),
                name="proposal_one_open_per_opening",
                violation_error_message=_("This young person is already proposed for it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.opening} ← {self.person_id}"


class Placement(models.Model):
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="placements"
    )
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OpeningKind.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("placed by"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(
        _("hours a week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    guidance = models.CharField(
        _("guidance"),
        max_length=300,
        blank=True,
        help_text=_("Who guides the young person at work, e.g. a jobcoach or praktijkopleider."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=PlacementOutcome.choices,
        default=PlacementOutcome.ONGOING,
    )
    episode = models.OneToOneField(
        "people.StatusEpisode",
        verbose_name=_("status episode"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placement",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
                violation_error_message=_("A placement cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.start_date:%d-%m-%Y})"


class Certificate(models.Model):
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CertificateKind.choices)
    name = models.CharField(_("name"), max_length=200)
    crebo = models.CharField(_("crebo"), max_length=5, blank=True, validators=[crebo_validator])
    issued_on = models.DateField(_("issued on"))
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("during placement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class EmployerRequest(models.Model):
    """A message from an employer through the public page, without login."""

    kind = models.CharField(_("what"), max_length=16, choices=RequestKind.choices)
    company = models.CharField(_("company"), max_length=200)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk]
    )
    contact_name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    opening_kind = models.CharField(
        _("kind of place"), max_length=16, choices=OpeningKind.choices, blank=True
    )
    message = models.TextField(_("message"), max_length=3000)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer request")
        verbose_name_plural = _("employer requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company} ({self.created_at:%d-%m-%Y})"


class PostcodeArea(models.Model):
    """The centre of a four-digit postcode area, for distances in matching. Loaded from an
    open dataset with ``dwarsverbinder postcodes`` (docs/employers.md, "Postcode areas")."""

    pc4 = models.CharField(_("postcode area"), max_length=4, primary_key=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["pc4"]

    def __str__(self) -> str:
        return self.pc4
