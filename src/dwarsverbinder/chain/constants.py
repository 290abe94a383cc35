from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITING = "waiting", _("On the waiting list")
    FIRST_CONTACT = "first_contact", _("First contact made")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Withdrawn by the sender")
    CONSENT_WITHDRAWN = "consent_ended", _("Ended: consent withdrawn")


# While a handover is in one of these, the receiving partner sees what was shared.
ACTIVE_STATUSES = frozenset(
    {
        HandoverStatus.SENT,
        HandoverStatus.ACCEPTED,
        HandoverStatus.WAITING,
        HandoverStatus.FIRST_CONTACT,
    }
)

# The steps a handover may take, and who takes them ("receiver" or "sender").
TRANSITIONS = {
    HandoverStatus.SENT: {
        HandoverStatus.ACCEPTED: "receiver",
        HandoverStatus.DECLINED: "receiver",
        HandoverStatus.CANCELLED: "sender",
    },
    HandoverStatus.ACCEPTED: {
        HandoverStatus.WAITING: "receiver",
        HandoverStatus.FIRST_CONTACT: "receiver",
        HandoverStatus.CLOSED: "receiver",
        HandoverStatus.CANCELLED: "sender",
    },
    HandoverStatus.WAITING: {
        HandoverStatus.FIRST_CONTACT: "receiver",
        HandoverStatus.CLOSED: "receiver",
        HandoverStatus.CANCELLED: "sender",
    },
    HandoverStatus.FIRST_CONTACT: {HandoverStatus.CLOSED: "receiver"},
}


class HandoverReason(models.TextChoices):
    """Why a young person is handed over. A list, so that no health details end up in it:
    "care" says that care is wanted, never why."""

    EDUCATION = "education", _("Back to school or a course")
    WORK = "work", _("Finding or keeping work")
    INCOME = "income", _("Income or benefit")
    DEBTS = "debts", _("Money and debts")
    HOUSING = "housing", _("Housing")
    CARE = "care", _("Support or care (no details)")
    DAYTIME = "daytime", _("Daytime activities")
    OTHER = "other", _("Other support")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class HandoverOutcome(models.TextChoices):
    STARTED = "started", _("Support started")
    COMPLETED = "completed", _("Support completed")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_NEEDED = "not_needed", _("No longer needed")
    NOT_REACHED = "not_reached", _("Young person not reached")
    REFUSED = "refused", _("Young person did not want it")


class DeclineReason(models.TextChoices):
    NOT_OUR_SERVICE = "not_ours", _("Not what we offer")
    FULL = "full", _("We take no new people now")
    OUTSIDE_AREA = "area", _("Outside our area")
    ALREADY_KNOWN = "known", _("Already in support with us")
    OTHER = "other", _("Other reason")


class ShareBasis(models.TextChoices):
    REGISTER = "register", _("Legal basis in the register")
    CONSENT = "consent", _("Consent")
