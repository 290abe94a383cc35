from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    RMC = "rmc", _("RMC/Doorstroompunt region")
    LABOUR_MARKET = "arbeidsmarktregio", _("Labour market region")
    MUNICIPALITY = "gemeente", _("Municipality")
    OTHER = "overig", _("Other region")


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    MUNICIPALITY = "gemeente", _("Municipality")
    UWV = "uwv", _("UWV")
    CARE = "zorg", _("Care provider or wijkteam")
    EMPLOYER = "werkgever", _("Employer")
    KNOWLEDGE = "kennisinstituut", _("Knowledge institute")
    STUDENT_COUNCIL = "studentenraad", _("Student council")
    OTHER = "overig", _("Other")


class SchoolSector(models.TextChoices):
    VO = "vo", _("Secondary education (vo)")
    VSO = "vso", _("Special secondary education (vso)")
    PRO = "pro", _("Practical education (PrO)")
    MBO = "mbo", _("Vocational education (mbo)")
    HBO = "hbo", _("Higher professional education (hbo)")
    WO = "wo", _("University (wo)")


class MunicipalFunction(models.TextChoices):
    LEERPLICHT = "leerplicht", _("Leerplicht")
    RMC = "rmc", _("RMC/Doorstroompunt")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet (work and income)")


# Municipal functions that carry the statutory task to follow young people in the
# region (WVO art. 118h; Leerplichtwet 1969): they see everyone living in their region.
FOLLOW_UP_FUNCTIONS = frozenset({MunicipalFunction.LEERPLICHT, MunicipalFunction.RMC})
