from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Broad sectors, after the sections of the Standaard Bedrijfsindeling (SBI) that young
    people in vocational routes mostly work in."""

    AGRICULTURE = "landbouw", _("Agriculture, green and animals")
    MANUFACTURING = "industrie", _("Manufacturing and engineering")
    CONSTRUCTION = "bouw", _("Construction and installation")
    RETAIL = "handel", _("Retail and wholesale")
    LOGISTICS = "logistiek", _("Transport and logistics")
    HOSPITALITY = "horeca", _("Hospitality and catering")
    ICT = "ict", _("ICT and media")
    FACILITY = "facilitair", _("Cleaning and facility services")
    CARE = "zorg", _("Care and welfare")
    EDUCATION = "onderwijs", _("Education and childcare")
    GOVERNMENT = "overheid", _("Government")
    BUSINESS = "zakelijk", _("Business services and administration")
    OTHER = "overig", _("Other")


class SizeClass(models.TextChoices):
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    LARGE = "250+", _("250 employees or more")


class ContactChannel(models.TextChoices):
    VISIT = "bezoek", _("Visit")
    PHONE = "telefoon", _("Phone")
    EMAIL = "email", _("E-mail")
    MEETING = "bijeenkomst", _("Meeting or event")
    OTHER = "overig", _("Other")


class ContactPurpose(models.TextChoices):
    """Why a partner approached an employer: what the coordinator looks for in double
    approaches."""

    BPV = "bpv", _("Internship places (BPV)")
    BBL = "bbl", _("BBL places")
    JOB = "baan", _("Jobs")
    WORK_TRIAL = "proefplaatsing", _("Work trial")
    CANDIDATE = "kandidaat", _("A candidate for an opening")
    AFTERCARE = "nazorg", _("Aftercare of a placement")
    INFORMATION = "informatie", _("Information or relationship")
    OTHER = "overig", _("Other")


class ContactOutcome(models.TextChoices):
    AGREED = "akkoord", _("Agreed: openings or a placement follow")
    INTERESTED = "interesse", _("Interested: follow up")
    NOT_NOW = "niet-nu", _("Not now")
    DECLINED = "afgewezen", _("Declined")
    NO_ANSWER = "geen-reactie", _("No answer yet")
    INFORMED = "geinformeerd", _("Informed, nothing asked")


class OpeningKind(models.TextChoices):
    BPV = "bpv", _("Internship (BPV)")
    BBL = "bbl", _("BBL place")
    WORK_TRIAL = "proefplaatsing", _("Work trial")
    LEARNING_WORK = "leerwerkplek", _("Learning-work place")
    JOB = "baan", _("Job")


class OpeningStatus(models.TextChoices):
    DRAFT = "concept", _("Draft")
    OPEN = "open", _("Open")
    FILLED = "vervuld", _("Filled")
    CLOSED = "gesloten", _("Closed")


class ProposalStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Proposed")
    INTRODUCED = "voorgesteld-werkgever", _("Introduced to the employer")
    ACCEPTED = "aangenomen", _("Accepted")
    DECLINED = "afgewezen", _("Declined")
    WITHDRAWN = "ingetrokken", _("Withdrawn")


class PlacementOutcome(models.TextChoices):
    ONGOING = "lopend", _("Ongoing")
    COMPLETED = "afgerond", _("Completed as agreed")
    CONTRACT = "contract", _("Continued with a contract")
    EDUCATION = "opleiding", _("Continued in education")
    ENDED_EARLY = "voortijdig", _("Ended early")


class CertificateKind(models.TextChoices):
    PRAKTIJKVERKLARING = "praktijkverklaring", _("Praktijkverklaring")
    MBO_CERTIFICAAT = "mbo-certificaat", _("mbo certificate")
    BRANCH = "branche", _("Branch certificate")
    DIPLOMA = "diploma", _("Diploma")


class RequestKind(models.TextChoices):
    """What an employer asks through the public page."""

    OFFER = "aanbod", _("I want to offer a place")
    HELP = "hulp", _("I have a question or need help")


class RequestStatus(models.TextChoices):
    NEW = "nieuw", _("New")
    HANDLED = "afgehandeld", _("Handled")
    SPAM = "spam", _("Not a real request")
