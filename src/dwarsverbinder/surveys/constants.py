from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Short text")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("is")
    NOT_EQUALS = "not_equals", _("is not")
    IN = "in", _("is one of")
    CONTAINS = "contains", _("includes")  # for multiple choice answers


class Effect(models.TextChoices):
    """What an answer does in the young person's file (the standard check-in)."""

    NONE = "", _("Nothing")
    POSITION = "position", _("Sets where the young person is now")
    POSITION_SINCE = "position_since", _("Since when")
    CONTACT_OK = "contact_ok", _("Confirms the contact details")
    NEW_PHONE = "new_phone", _("New phone number")
    NEW_EMAIL = "new_email", _("New e-mail address")
    WANTS_COACH = "wants_coach", _("Asks for a coach to get in touch")
    WELLBEING = "wellbeing", _("How the young person is doing")
    MONEY_WORRIES = "money_worries", _("Money worries")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    CLASS = "class", _("In class (QR code)")
    NONE = "none", _("No working contact details")


class ResponseVia(models.TextChoices):
    LINK = "link", _("Personal link")
    CLASS = "class", _("In class")
