"""Learning circles (leercirkels): meetings of several regions that learn from each other's
approach, with their participants, themes and notes, linked to projects.

Reads (selectors) for every logged-in partner; writes (services) for the regional
coordinator, atomic, validated with errors keyed by field, and audited before/after
(many-to-many fields as added/removed ids)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.network.models import Organisation
from dwarsverbinder.privacy import audit

from .models import LearningCircle, LearningCircleParticipant, Project

# A learning circle is planned at most this far ahead; a later date is a typing error.
MAX_YEARS_AHEAD = 2
CIRCLE_FIELDS = ("title", "held_on", "place", "themes", "notes")
RELATIONS = ("regions", "issues", "projects")


# -- selectors ---------------------------------------------------------------------------


def _participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=LearningCircleParticipant.objects.select_related("organisation").order_by(
            "organisation__name", "name", "pk"
        ),
    )


def circle_list() -> QuerySet[LearningCircle]:
    """Every learning circle, newest first, with its regions and projects."""
    return LearningCircle.objects.prefetch_related("regions", "projects").order_by(
        "-held_on", "title", "pk"
    )


def circle_detail(*, pk: int) -> QuerySet[LearningCircle]:
    return LearningCircle.objects.filter(pk=pk).prefetch_related(
        "regions", "issues", "projects", _participants()
    )


def circles_for_project(project: Project) -> QuerySet[LearningCircle]:
    """The learning circles a project was discussed in, newest first (for its page)."""
    return (
        LearningCircle.objects.filter(projects=project)
        .prefetch_related("regions")
        .order_by("-held_on", "title", "pk")
    )


# -- services ----------------------------------------------------------------------------


def _latest_allowed(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def _circle_errors(
    circle: LearningCircle, regions: list, today: datetime.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if len(set(regions)) < 2:
        errors["regions"] = [
            _("A learning circle brings together several regions: choose at least two.")
        ]
    if circle.held_on and circle.held_on > _latest_allowed(today):
        errors["held_on"] = [
            _("This date is more than %(years)s years ahead. Check the year.")
            % {"years": MAX_YEARS_AHEAD}
        ]
    return errors


def _set_relation(circle: LearningCircle, name: str, values: list, by) -> None:
    manager = getattr(circle, name)
    before = set(manager.values_list("pk", flat=True))
    manager.set(values)
    audit.log_m2m_change(
        actor=by, obj=circle, field=name, before=before, after={v.pk for v in values}
    )


@transaction.atomic
def circle_save(
    *,
    fields: dict[str, Any],
    regions: list,
    by,
    issues: list | None = None,
    projects: list | None = None,
    circle: LearningCircle | None = None,
    today: datetime.date | None = None,
) -> LearningCircle:
    """Create a learning circle, or change one, with its regions, issues and projects."""
    today = today or timezone.localdate()
    if circle is None:
        circle, before = LearningCircle(), None
    else:
        circle = LearningCircle.objects.select_for_update().get(pk=circle.pk)
        before = audit.snapshot(circle)
    for name in CIRCLE_FIELDS:
        if name in fields:
            setattr(circle, name, fields[name])
    errors = _circle_errors(circle, regions, today)
    if errors:
        raise ValidationError(errors)
    circle.full_clean()
    circle.save()
    audit.log_change(actor=by, obj=circle, before=before)
    relations = {"regions": regions, "issues": issues, "projects": projects}
    for name in RELATIONS:
        if relations[name] is not None:
            _set_relation(circle, name, list(relations[name]), by)
    return circle


@transaction.atomic
def circle_participant_add(
    *, circle: LearningCircle, organisation: Organisation, by, name: str = "", role: str = ""
) -> LearningCircleParticipant:
    """Record who took part: an organisation, optionally with a person's name and role."""
    participant = LearningCircleParticipant(
        circle=circle, organisation=organisation, name=name.strip(), role=role.strip()
    )
    participant.full_clean()
    participant.save()
    audit.log_change(actor=by, obj=participant, before=None)
    return participant


@transaction.atomic
def circle_participant_remove(*, participant: LearningCircleParticipant, by) -> None:
    audit.log_delete(actor=by, obj=participant)
    participant.delete()
