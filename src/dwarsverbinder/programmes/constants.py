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


class MilestoneStatus(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    ON_TRACK = "op-schema", _("On track")
    AT_RISK = "risico", _("At risk")
    DONE = "behaald", _("Reached")
    MISSED = "gemist", _("Missed")


class LinkKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    WEBSITE = "website", _("Website")
    REPORT = "rapport", _("Report")
