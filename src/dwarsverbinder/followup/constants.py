from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up moment")
    HELP_REQUESTED = "help", _("Asked for help")
    OTHER = "other", _("Other task")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ContactChannelUsed(models.TextChoices):
    PHONE = "telefoon", _("Phone call")
    TEXT = "bericht", _("Text or chat message")
    EMAIL = "email", _("E-mail")
    VISIT = "gesprek", _("Conversation in person")
    HOME_VISIT = "huisbezoek", _("Home visit")
    LETTER = "brief", _("Letter")
    VIA_PARTNER = "via_partner", _("Through a partner")


class ContactOutcome(models.TextChoices):
    REACHED = "bereikt", _("Reached")
    NOT_REACHED = "niet_bereikt", _("Not reached")
    WRONG_DETAILS = "onjuist", _("Contact details are wrong")
    DECLINED = "geen_behoefte", _("Reached, wants no contact")


class SignalKind(models.TextChoices):
    OUT_OF_SIGHT = "out_of_sight", _("Out of sight")
    NEET = "neet", _("No work or education")
    OVERDUE = "overdue", _("Follow-up moment overdue")
    KWALIFICATIEPLICHT = "kwalificatieplicht", _("Left school under kwalificatieplicht")
    HANDOVER_OVERDUE = "handover_overdue", _("Handover step overdue")


# The kinds the daily job (followup.signals) raises and resolves; the others are raised
# and resolved by the work they are about (handovers).
DAILY_SIGNAL_KINDS = frozenset(
    {
        SignalKind.OUT_OF_SIGHT,
        SignalKind.NEET,
        SignalKind.OVERDUE,
        SignalKind.KWALIFICATIEPLICHT,
    }
)


class VoucherStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REDEEMED = "redeemed", _("Redeemed")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
