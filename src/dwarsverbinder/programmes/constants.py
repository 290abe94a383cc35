from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerRole(models.TextChoices):
    PENVOERDER = "penvoerder", _("Penvoerder (lead applicant)")
    PROJECT_LEAD = "projectleider", _("Project lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "financier", _("Funder")


class ProjectStatus(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    RUNNING = "lopend", _("Running")
    FINISHED = "afgerond", _("Finished")


class FundingSource(models.TextChoices):
    RIF = "rif", _("Regionaal Investeringsfonds mbo (RIF)")
    PROVINCE = "provincie", _("Province")
    MUNICIPALITY = "gemeente", _("Municipality")
    STATE = "rijk", _("National government")
    SUPPORT_FUND = "steunfonds", _("Support fund")
    OWN = "eigen", _("Partners' own contribution")
