"""Who sees and who builds questionnaires, and the guards every write goes through."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role

from ..constants import VersionStatus
from ..models import Questionnaire, QuestionnaireVersion


def never_changes() -> str:
    return _("A published version never changes. Make a new version to change it.")


# Reads ------------------------------------------------------------------------------------


def _acting(user):
    return getattr(user, "active_membership", None)


def questionnaires_visible_to(*, user) -> QuerySet[Questionnaire]:
    """The standard check-in and the questionnaires of the organisation the user acts for;
    nothing for roles outside casework."""
    membership = _acting(user)
    if membership is None or membership.role not in CASEWORK_ROLES:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(
        Q(is_standard=True) | Q(owner_id=membership.organisation_id)
    )


def questionnaires_editable_by(*, user) -> QuerySet[Questionnaire]:
    """A coordinator's own organisation's questionnaires (never the standard check-in)."""
    membership = _acting(user)
    if membership is None or membership.role != Role.COORDINATOR:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(owner_id=membership.organisation_id, is_standard=False)


def can_build(*, user) -> bool:
    membership = _acting(user)
    return membership is not None and membership.role == Role.COORDINATOR


def questionnaire_list(*, user) -> QuerySet[Questionnaire]:
    """The builder's list: each questionnaire with its versions and their question counts,
    the standard check-in first. A fixed number of queries, however many rows."""
    versions = (
        QuestionnaireVersion.objects.annotate(question_count=Count("questions"))
        .select_related("published_by")
        .order_by("number")
    )
    return (
        questionnaires_visible_to(user=user)
        .select_related("owner")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("-is_standard", "name", "id")
    )


def latest_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.order_by("-number").first()


def copy_sources(*, user) -> QuerySet[QuestionnaireVersion]:
    """Versions the user may copy: published or retired versions of what they can see."""
    return (
        QuestionnaireVersion.objects.filter(
            questionnaire__in=questionnaires_visible_to(user=user),
            status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED],
        )
        .select_related("questionnaire")
        .order_by("-questionnaire__is_standard", "questionnaire__name", "-number")
    )


# Guards -----------------------------------------------------------------------------------


def require_builder(by):
    if not can_build(user=by):
        raise PermissionDenied
    return _acting(by)


def require_editor(by, questionnaire: Questionnaire) -> None:
    membership = require_builder(by)
    if questionnaire.is_standard or questionnaire.owner_id != membership.organisation_id:
        raise PermissionDenied


def locked_draft(version: QuestionnaireVersion, by) -> QuestionnaireVersion:
    """The version, locked for this transaction; refused unless it is a draft."""
    version = (
        QuestionnaireVersion.objects.select_for_update()
        .select_related("questionnaire")
        .get(pk=version.pk)
    )
    require_editor(by, version.questionnaire)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(never_changes(), code="published")
    return version
