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
