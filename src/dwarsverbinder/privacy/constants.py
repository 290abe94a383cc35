from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    LOCKED_OUT = "locked_out", _("Locked out")
    RETENTION = "retention", _("Retention run")


class DataCategory(models.TextChoices):
    """The categories of personal data in the processing register. Each one maps onto a
    part of a young person's file; what a user sees of a file follows from these."""

    IDENTITY = "identity", _("Identity")
    CONTACT = "contact", _("Contact details")
    SCHOOL_CAREER = "school_career", _("School career")
    STATUS = "status", _("Status (education, work, benefit)")
    CONTACTS = "contacts", _("Contacts and notes")
    CARE = "care", _("Care involvement")
    SURVEY = "survey", _("Survey answers")
    PLACEMENTS = "placements", _("Placements")


class LegalBasis(models.TextChoices):
    """The lawful bases of AVG article 6(1)."""

    LEGAL_TASK = "legal_task", _("Public task (AVG art. 6(1)(e))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (AVG art. 6(1)(c))")
    CONSENT = "consent", _("Consent (AVG art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (AVG art. 6(1)(b))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (AVG art. 6(1)(d))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (AVG art. 6(1)(f))")


class ConsentPurpose(models.TextChoices):
    HANDOVER = "handover", _("Handing over to a partner")
    SURVEY = "survey", _("Check-ins and surveys")
    PLACEMENT = "placement", _("Matching with employers")


class ConsentForm(models.TextChoices):
    """How the young person gave (or withdrew) consent."""

    IN_PERSON = "in_person", _("In a conversation")
    WRITTEN = "written", _("On paper, signed")
    DIGITAL = "digital", _("Digitally (e-mail or form)")
    MY_PAGE = "my_page", _("On My page")


class RequestKind(models.TextChoices):
    """Data subject requests (AVG articles 15 to 18)."""

    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction (art. 18)")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
