"""Questionnaires and their versions: make, copy, start a new draft, publish, retire and
discard. A published version never changes; a change is a new draft."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.privacy import audit

from ..constants import VersionStatus
from ..models import Question, Questionnaire, QuestionnaireVersion
from .access import copy_sources, locked_draft, require_builder, require_editor
from .rules import QUESTION_FIELDS, version_problems


def _clean_name(name: str, description: str) -> tuple[str, str]:
    errors = {}
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        errors["name"] = _("Give the questionnaire a name.")
    elif len(name) > Questionnaire._meta.get_field("name").max_length:
        errors["name"] = _("A name has at most 200 characters.")
    if len(description) > 2000:
        errors["description"] = _("A description has at most 2000 characters.")
    if errors:
        raise ValidationError(errors)
    return name, description


def _new_version(questionnaire, number: int, by, source=None) -> QuestionnaireVersion:
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=number,
        intro_nl=source.intro_nl if source else "",
        intro_en=source.intro_en if source else "",
    )
    audit.log_change(actor=by, obj=version, before=None)
    for question in source.questions.order_by("position") if source else []:
        copy = Question(version=version, position=question.position)
        for name in QUESTION_FIELDS:
            setattr(copy, name, getattr(question, name))
        copy.save()
        audit.log_change(actor=by, obj=copy, before=None)
    return version


@transaction.atomic
def questionnaire_create(*, by, name: str, description: str = "") -> QuestionnaireVersion:
    """A new questionnaire of the coordinator's organisation, with an empty draft v1."""
    membership = require_builder(by)
    name, description = _clean_name(name, description)
    questionnaire = Questionnaire.objects.create(
        name=name, description=description, owner=membership.organisation, created_by=by
    )
    audit.log_change(actor=by, obj=questionnaire, before=None)
    return _new_version(questionnaire, 1, by)


@transaction.atomic
def questionnaire_copy(
    *, source: QuestionnaireVersion, by, name: str, description: str = ""
) -> QuestionnaireVersion:
    """A new questionnaire whose draft v1 holds a copy of a published (or retired) version,
    for example the standard check-in."""
    membership = require_builder(by)
    if not copy_sources(user=by).filter(pk=source.pk).exists():
        raise PermissionDenied
    name, description = _clean_name(name, description)
    questionnaire = Questionnaire.objects.create(
        name=name, description=description, owner=membership.organisation, created_by=by
    )
    audit.log_change(actor=by, obj=questionnaire, before=None)
    return _new_version(questionnaire, 1, by, source)


def _draft_exists_error(draft: QuestionnaireVersion) -> ValidationError:
    return ValidationError(
        _(
            "Version %(number)s is still a draft. Publish or discard it before you "
            "make a new version."
        )
        % {"number": draft.number},
        code="one_draft",
    )


@transaction.atomic
def version_new_draft(
    *, questionnaire: Questionnaire, by, source: QuestionnaireVersion | None = None
) -> QuestionnaireVersion:
    """A new draft numbered after the latest version, holding a copy of ``source`` (by
    default the latest version; or any version the user may copy, such as the standard
    check-in). One draft at a time: the database refuses a second one, too."""
    require_editor(by, questionnaire)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    versions = list(questionnaire.versions.order_by("-number"))
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    if draft is not None:
        raise _draft_exists_error(draft)
    if source is None:
        source = versions[0] if versions else None
    elif source.questionnaire_id != questionnaire.pk and not (
        copy_sources(user=by).filter(pk=source.pk).exists()
    ):
        raise PermissionDenied
    number = (versions[0].number if versions else 0) + 1
    try:
        with transaction.atomic():
            return _new_version(questionnaire, number, by, source)
    except IntegrityError:
        # Another request made a draft in the meantime.
        raise ValidationError(
            _("There is already a draft version. Publish or discard it first."),
            code="one_draft",
        ) from None


@transaction.atomic
def version_update_intro(
    *, version: QuestionnaireVersion, by, intro_nl: str, intro_en: str = ""
) -> QuestionnaireVersion:
    version = locked_draft(version, by)
    before = audit.snapshot(version)
    version.intro_nl, version.intro_en = (intro_nl or "").strip(), (intro_en or "").strip()
    errors = {
        name: _("An introduction has at most 2000 characters.")
        for name in ("intro_nl", "intro_en")
        if len(getattr(version, name)) > 2000
    }
    if errors:
        raise ValidationError(errors)
    version.save(update_fields=["intro_nl", "intro_en"])
    audit.log_change(actor=by, obj=version, before=before)
    return version


@transaction.atomic
def version_publish(*, version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    """Freeze a draft: after this, it never changes and rounds can use it."""
    version = locked_draft(version, by)
    problems = version_problems(version)
    if problems:
        raise ValidationError(problems, code="not_ready")
    before = audit.snapshot(version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by"])
    audit.log_change(actor=by, obj=version, before=before)
    return version


@transaction.atomic
def version_retire(*, version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    """Take a published version out of use for new rounds. Its answers stay."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    require_editor(by, version.questionnaire)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."), code="status")
    before = audit.snapshot(version)
    version.status = VersionStatus.RETIRED
    version.save(update_fields=["status"])
    audit.log_change(actor=by, obj=version, before=before)
    return version


@transaction.atomic
def version_discard(*, version: QuestionnaireVersion, by) -> Questionnaire | None:
    """Throw away a draft. When it was the questionnaire's only version, the questionnaire
    goes too (returns None); otherwise returns the questionnaire."""
    version = locked_draft(version, by)
    questionnaire = version.questionnaire
    try:
        with transaction.atomic():
            for question in version.questions.all():
                audit.log_delete(actor=by, obj=question)
            audit.log_delete(actor=by, obj=version)
            version.delete()
            if not questionnaire.versions.exists():
                audit.log_delete(actor=by, obj=questionnaire)
                questionnaire.delete()
                return None
    except ProtectedError:
        raise ValidationError(
            _("This draft is used by a round, so it cannot be discarded."), code="in_use"
        ) from None
    return questionnaire
