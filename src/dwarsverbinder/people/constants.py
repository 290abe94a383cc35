from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    FEMALE = "v", _("Female")
    MALE = "m", _("Male")
    OTHER = "x", pgettext_lazy("gender", "Other")


class IdentityKind(models.TextChoices):
    BSN = "bsn", _("BSN (pseudonym)")
    STUDENT_NUMBER = "student_number", _("Student number")


class ProgrammeType(models.TextChoices):
    PRO = "pro", _("Practical education (PrO)")
    VSO = "vso", _("Special secondary education (VSO)")
    VMBO = "vmbo", _("vmbo")
    ENTREE = "entree", _("Entree (mbo-1)")
    MBO_BOL = "mbo_bol", _("mbo BOL")
    MBO_BBL = "mbo_bbl", _("mbo BBL")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    HBO = "hbo", _("hbo")
    WO = "wo", _("wo")


class UitstroomProfiel(models.TextChoices):
    """The exit profile of a VSO programme."""

    VERVOLGONDERWIJS = "vervolgonderwijs", _("Further education")
    ARBEIDSMARKT = "arbeidsmarkt", _("Labour market")
    DAGBESTEDING = "dagbesteding", _("Daytime activities")


class Leerweg(models.TextChoices):
    """The learning track of a vmbo programme."""

    BB = "bb", _("basisberoepsgerichte leerweg (bb)")
    KB = "kb", _("kaderberoepsgerichte leerweg (kb)")
    GL = "gl", _("gemengde leerweg (gl)")
    TL = "tl", _("theoretische leerweg (tl)")


class LeaveReason(models.TextChoices):
    DIPLOMA = "diploma", _("Graduated")
    SWITCH = "overstap", _("Moved to another programme or school")
    DROPOUT = "uitval", _("Dropped out")
    WORK = "werk", _("Left for work")
    MOVED = "verhuisd", _("Moved house")
    CARE = "zorg", _("Care or health")
    OTHER = "anders", _("Other reason")


class EpisodeKind(models.TextChoices):
    """What a young person is doing: the categories of the monitor (definition v1)."""

    ONDERWIJS = "onderwijs", _("Education")
    WERK = "werk", _("Work")
    DAGBESTEDING = "dagbesteding", _("Daytime activities")
    UITKERING = "uitkering", _("Benefit")
    ZORG = "zorg", _("Care")
    GEEN = "geen", _("None of these")


class Position(models.TextChoices):
    """A young person's position at a date: an episode kind, or unknown."""

    ONDERWIJS = "onderwijs", _("Education")
    WERK = "werk", _("Work")
    DAGBESTEDING = "dagbesteding", _("Daytime activities")
    UITKERING = "uitkering", _("Benefit")
    GEEN = "geen", _("None of these")
    ONBEKEND = "onbekend", _("Unknown")


class Source(models.TextChoices):
    """Where a fact came from."""

    COACH = "coach", _("Coach")
    YOUNG_PERSON = "jongere", _("The young person")
    SCHOOL = "school", _("School")
    SURVEY = "vragenlijst", _("Survey")
    IMPORT = "import", _("Import")
    UWV = "uwv", _("UWV")
    MUNICIPALITY = "gemeente", _("Municipality")
    PARTNER = "partner", _("Partner organisation")
    PLACEMENT = "plaatsing", _("Placement with an employer")


class ChannelKind(models.TextChoices):
    PHONE = "telefoon", _("Phone")
    EMAIL = "email", _("E-mail")
    ADDRESS = "adres", _("Postal address")
    GUARDIAN_PHONE = "ouder_telefoon", _("Parent or guardian: phone")
    GUARDIAN_EMAIL = "ouder_email", _("Parent or guardian: e-mail")
