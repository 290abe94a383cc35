"""Writes of the programmes room: a project's facts, milestones, activities, links and
partners, and young people's enrolment in a project.

Every write is atomic, validated with errors keyed by field (so a form puts them next to
the field and keeps what was typed) and audited before/after. Enrolments name the young
person in the audit row (``person_id``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit

from .constants import MilestoneStatus
from .models import (
    Activity,
    Milestone,
    Project,
    ProjectLink,
    ProjectParticipation,
    ProjectPartner,
    RegionalIssue,
)

PROJECT_FIELDS = frozenset(
    {
        "name",
        "region",
        "region_label",
        "status",
        "summary",
        "approach",
        "target_group",
        "target_age_min",
        "target_age_max",
        "target_programme_types",
        "target_situation",
        "start_date",
        "end_date",
        "results",
        "success_factors",
        "challenges",
    }
)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _outside_period(project: Project, day: datetime.date | None) -> str | None:
    """A message when ``day`` falls outside the project's period (as far as it is known)."""
    if day is None:
        return None
    if project.start_date and day < project.start_date:
        return _("This date is before the project starts (%(start)s).") % {
            "start": _fmt(project.start_date)
        }
    if project.end_date and day > project.end_date:
        return _("This date is after the project ends (%(end)s).") % {"end": _fmt(project.end_date)}
    return None


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# -- the project's facts ---------------------------------------------------------------


def _project_errors(project: Project) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if project.start_date and project.end_date and project.end_date < project.start_date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    low, high = project.target_age_min, project.target_age_max
    if low is not None and high is not None and low > high:
        errors["target_age_max"] = [_("The oldest age cannot be below the youngest age.")]
    unknown = [t for t in project.target_programme_types if t not in ProgrammeType.values]
    if unknown:
        errors["target_programme_types"] = [
            _("Unknown programme type: %(types)s.") % {"types": ", ".join(map(str, unknown))}
        ]
    if not errors:
        errors.update(_dated_rows_outside(project))
    return errors


def _dated_rows_outside(project: Project) -> dict[str, list[str]]:
    """Milestones and activities the new period would leave outside it."""
    if not project.pk:
        return {}
    titles = [m.title for m in project.milestones.all() if _outside_period(project, m.due_on)]
    titles += [
        a.title
        for a in project.activities.all()
        if _outside_period(project, a.start_date) or _outside_period(project, a.end_date)
    ]
    if not titles:
        return {}
    message = _(
        "Milestones or activities would fall outside this period: %(titles)s. "
        "Change their dates first."
    ) % {"titles": ", ".join(titles)}
    key = "start_date" if project.start_date else "end_date"
    return {key: [message]}


@transaction.atomic
def project_update(
    *,
    project: Project,
    fields: dict[str, Any],
    by,
    issues: list[RegionalIssue] | None = None,
) -> Project:
    """Change the facts of a project (and, when given, the regional issues it addresses)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = audit.snapshot(project)
    issues_before = set(project.issues.values_list("pk", flat=True))
    for name, value in fields.items():
        if name not in PROJECT_FIELDS:
            raise ValueError(f"{name} is not a project fact")
        setattr(project, name, value)
    _raise(_project_errors(project))
    project.full_clean()
    project.save()
    audit.log_change(actor=by, obj=project, before=before)
    if issues is not None:
        project.issues.set(issues)
        audit.log_m2m_change(
            actor=by,
            obj=project,
            field="issues",
            before=issues_before,
            after={i.pk for i in issues},
        )
    return project


# -- milestones and activities ---------------------------------------------------------


def _milestone_errors(project: Project, milestone: Milestone) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    outside = _outside_period(project, milestone.due_on)
    if outside:
        errors["due_on"] = [outside]
    if milestone.status == MilestoneStatus.DONE and milestone.reached_on is None:
        errors["reached_on"] = [_("A reached milestone needs the date it was reached.")]
    elif milestone.status != MilestoneStatus.DONE and milestone.reached_on is not None:
        errors["reached_on"] = [_("Only a reached milestone has a date reached.")]
    return errors


@transaction.atomic
def milestone_save(
    *, project: Project, fields: dict[str, Any], by, milestone: Milestone | None = None
) -> Milestone:
    """Add a milestone to ``project`` or change one of its milestones."""
    if milestone is None:
        milestone, before = Milestone(project=project), None
    else:
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, project=project)
        before = audit.snapshot(milestone)
    for name in ("title", "due_on", "status", "reached_on", "note"):
        if name in fields:
            setattr(milestone, name, fields[name])
    _raise(_milestone_errors(project, milestone))
    milestone.full_clean()
    milestone.save()
    audit.log_change(actor=by, obj=milestone, before=before)
    return milestone


def _activity_errors(project: Project, activity: Activity) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("start_date", "end_date"):
        outside = _outside_period(project, getattr(activity, name))
        if outside:
            errors[name] = [outside]
    start, end = activity.start_date, activity.end_date
    if "end_date" not in errors and start and end and end < start:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    return errors


@transaction.atomic
def activity_save(
    *, project: Project, fields: dict[str, Any], by, activity: Activity | None = None
) -> Activity:
    """Add an activity to ``project`` or change one of its activities."""
    if activity is None:
        activity, before = Activity(project=project), None
    else:
        activity = Activity.objects.select_for_update().get(pk=activity.pk, project=project)
        before = audit.snapshot(activity)
    for name in ("title", "description", "start_date", "end_date"):
        if name in fields:
            setattr(activity, name, fields[name])
    _raise(_activity_errors(project, activity))
    activity.full_clean()
    activity.save()
    audit.log_change(actor=by, obj=activity, before=before)
    return activity


# -- links and partners ----------------------------------------------------------------


@transaction.atomic
def link_add(*, project: Project, kind: str, title: str, url: str, by) -> ProjectLink:
    link = ProjectLink(project=project, kind=kind, title=title.strip(), url=url.strip())
    link.full_clean()
    link.save()
    audit.log_change(actor=by, obj=link, before=None)
    return link


@transaction.atomic
def link_remove(*, link: ProjectLink, by) -> None:
    audit.log_delete(actor=by, obj=link)
    link.delete()


@transaction.atomic
def partner_add(*, project: Project, organisation: Organisation, role: str, by) -> ProjectPartner:
    if ProjectPartner.objects.filter(
        project=project, organisation=organisation, role=role
    ).exists():
        raise ValidationError(
            {"organisation": [_("This organisation already has this role in the project.")]}
        )
    partner = ProjectPartner(project=project, organisation=organisation, role=role)
    partner.full_clean()
    partner.save()
    audit.log_change(actor=by, obj=partner, before=None)
    return partner


@transaction.atomic
def partner_remove(*, partner: ProjectPartner, by) -> None:
    audit.log_delete(actor=by, obj=partner)
    partner.delete()


# -- participants ----------------------------------------------------------------------


def _visible(person: Person, by) -> bool:
    return people_visible_to(user=by).filter(pk=person.pk).exists()


@transaction.atomic
def participation_start(
    *, project: Project, person: Person, joined_on: datetime.date, by
) -> ProjectParticipation:
    """Enrol a young person the user may see in ``project`` from ``joined_on``."""
    if not _visible(person, by):
        # Same words as for anybody who does not exist: nothing is revealed.
        raise ValidationError({"person": [_("Choose a young person from the list.")]})
    errors: dict[str, list[str]] = {}
    outside = _outside_period(project, joined_on)
    if outside:
        errors["joined_on"] = [outside]
    elif ProjectParticipation.objects.filter(
        project=project, person=person, left_on__isnull=True
    ).exists():
        errors["person"] = [_("This young person already takes part in the project.")]
    elif ProjectParticipation.objects.filter(
        project=project, person=person, joined_on=joined_on
    ).exists():
        errors["joined_on"] = [_("This young person already joined the project on this date.")]
    _raise(errors)
    participation = ProjectParticipation(project=project, person=person, joined_on=joined_on)
    participation.full_clean()
    participation.save()
    audit.log_change(actor=by, obj=participation, before=None, person_id=person.pk)
    return participation


@transaction.atomic
def participation_end(
    *, participation: ProjectParticipation, left_on: datetime.date, by
) -> ProjectParticipation:
    """End an enrolment of a young person the user may see."""
    participation = ProjectParticipation.objects.select_for_update().get(pk=participation.pk)
    if not _visible(participation.person, by):
        raise ProjectParticipation.DoesNotExist
    if left_on < participation.joined_on:
        raise ValidationError(
            {
                "left_on": [
                    _("The end cannot be before the day the young person joined (%(day)s).")
                    % {"day": _fmt(participation.joined_on)}
                ]
            }
        )
    before = audit.snapshot(participation)
    participation.left_on = left_on
    participation.full_clean()
    participation.save(update_fields=["left_on"])
    audit.log_change(actor=by, obj=participation, before=before, person_id=participation.person_id)
    return participation
