"""Questionnaires, their versions and questions; rounds that send a version to young
people; invitations with one-time links; and responses with one row per answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import (
    ConditionOperator,
    Effect,
    InvitationChannel,
    QuestionKind,
    ResponseVia,
    RoundStatus,
    VersionStatus,
)


class Questionnaire(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # The shipped standard check-in is marked so that it can be found and copied.
    is_standard = models.BooleanField(_("standard check-in"), default=False)
    owner = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire. A published version never changes: a change is a new
    draft version (``surveys.authoring.version_new_draft``)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    intro_nl = models.TextField(_("introduction (Dutch)"), max_length=2000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="version_number"),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=models.Q(status=VersionStatus.DRAFT),
                name="version_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def intro(self, language: str | None = None) -> str:
        language = language or get_language() or "nl"
        return (self.intro_en if language.startswith("en") else "") or self.intro_nl


class Question(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("A short name, used in conditions and exports.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text_nl = models.CharField(_("question (Dutch)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_nl = models.CharField(_("explanation (Dutch)"), max_length=500, blank=True)
    help_en = models.CharField(_("explanation (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    # Choices: [{"value": "werk", "label_nl": "Ik werk", "label_en": "I work"}, ...]
    options = models.JSONField(_("answer options"), default=list, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), null=True, blank=True)
    scale_min_label_nl = models.CharField(_("label of the lowest"), max_length=60, blank=True)
    scale_max_label_nl = models.CharField(_("label of the highest"), max_length=60, blank=True)
    scale_min_label_en = models.CharField(
        _("label of the lowest (English)"), max_length=60, blank=True
    )
    scale_max_label_en = models.CharField(
        _("label of the highest (English)"), max_length=60, blank=True
    )
    # Shown only when another (earlier) question's answer matches.
    condition_key = models.SlugField(_("shown when question"), max_length=40, blank=True)
    condition_operator = models.CharField(
        _("condition"), max_length=12, choices=ConditionOperator.choices, blank=True
    )
    condition_value = models.JSONField(_("condition value"), null=True, blank=True)
    effect = models.CharField(
        _("effect in the file"), max_length=16, choices=Effect.choices, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="question_position"),
        ]

    def __str__(self) -> str:
        return self.key

    def text(self, language: str | None = None) -> str:
        language = language or get_language() or "nl"
        return (self.text_en if language.startswith("en") else "") or self.text_nl

    def help(self, language: str | None = None) -> str:
        language = language or get_language() or "nl"
        return (self.help_en if language.startswith("en") else "") or self.help_nl

    def option_label(self, value, language: str | None = None) -> str:
        language = language or get_language() or "nl"
        for option in self.options:
            if option.get("value") == value:
                english = option.get("label_en") if language.startswith("en") else ""
                return english or option.get("label_nl") or str(value)
        return str(value)


class Round(models.Model):
    """A questionnaire version sent to a selection of young people, with reminders and a
    closing date."""

    name = models.CharField(_("name"), max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who is invited: {"cohort": "2024-2025", "school": 12, "months_after_leaving": 6,
    # "programme_types": ["entree"], "municipality": 3}; empty keys are not filtered on.
    selection = models.JSONField(_("selection"), default=dict, blank=True)
    starts_on = models.DateField(_("starts on"))
    closes_on = models.DateField(_("closes on"))
    reminder_days = models.JSONField(
        _("reminders after (days)"),
        default=list,
        blank=True,
        help_text=_("For example 3 and 7: reminders 3 and 7 days after the invitation."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    # Progress of sending, for the progress bar.
    to_send = models.PositiveIntegerField(_("invitations to send"), default=0)
    sent = models.PositiveIntegerField(_("invitations sent"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("starts_on")),
                name="round_closes_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """One young person's invitation to a round: the one-time link (stored as a hash) and
    how and when it was sent. One per person and round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    channel = models.CharField(
        _("sent by"), max_length=8, choices=InvitationChannel.choices, blank=True
    )
    contact_channel = models.ForeignKey(
        "people.ContactChannel",
        verbose_name=_("contact detail used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="invitation_once")]
        indexes = [
            models.Index(fields=["round", "completed_at"], name="invitation_round_done_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.person_id}"


class Response(models.Model):
    """A young person's answers to one round. One per invitation, created at the first
    answer, so that submitting twice never makes two."""

    invitation = models.OneToOneField(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="response"
    )
    via = models.CharField(_("answered"), max_length=8, choices=ResponseVia.choices)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Set when the answers were applied to the file (status, contact details, a task).
    applied_at = models.DateTimeField(_("applied to the file at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.invitation)


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    # str for single/text/yes_no ("yes"/"no"), list[str] for multiple, int for a scale,
    # ISO date string for a date.
    value = models.JSONField(_("answer"))
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.question.key}"

    def display(self, language: str | None = None) -> str:
        """The answer as it reads in the interface."""
        from django.utils import formats
        from django.utils.dateparse import parse_date
        from django.utils.translation import gettext

        question, value = self.question, self.value
        if question.kind == QuestionKind.YES_NO:
            return gettext("yes") if value == "yes" else gettext("no")
        if question.kind == QuestionKind.SINGLE:
            return question.option_label(value, language)
        if question.kind == QuestionKind.MULTIPLE:
            return ", ".join(question.option_label(v, language) for v in value or [])
        if question.kind == QuestionKind.SCALE:
            return f"{value} ({question.scale_min}–{question.scale_max})"
        if question.kind == QuestionKind.DATE:
            day = parse_date(str(value))
            return formats.date_format(day, "j F Y") if day else str(value)
        return str(value)


class ClassSession(models.Model):
    """Class mode: a code on the screen (as a QR code) for one round at one school; young
    people answer on their own phone after identifying with student number and birth date."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="class_sessions"
    )
    school = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("works until"))

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.code
