"""Reads of the programmes room: regional issues, projects and who takes part in them.

The public issue pages read only organisations and project facts, never people. The
participants of a project are read through ``people_visible_to`` (one person at a time is
never shown otherwise), and their number only as a count at or above the minimum cell size.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.people.selectors import people_visible_to

from .constants import MilestoneStatus
from .models import Milestone, Project, ProjectParticipation, ProjectPartner, RegionalIssue

# Who keeps projects (facts, milestones, activities, links, partners).
EDITOR_ROLES = frozenset({Role.COORDINATOR})
# Who enrols young people in a project and sees the (visible) participants.
PARTICIPANT_ROLES = frozenset({Role.COACH, Role.COORDINATOR})


def _acts_as(user, roles: frozenset) -> bool:
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in roles


def can_edit_projects(*, user) -> bool:
    return _acts_as(user, EDITOR_ROLES)


def can_enrol_participants(*, user) -> bool:
    return _acts_as(user, PARTICIPANT_ROLES)


def _partners() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=ProjectPartner.objects.select_related("organisation").order_by(
            "role", "organisation__name"
        ),
    )


def project_list() -> QuerySet[Project]:
    return Project.objects.select_related("region").prefetch_related("issues").order_by("name")


def project_detail(*, slug: str) -> QuerySet[Project]:
    return (
        Project.objects.filter(slug=slug)
        .select_related("region")
        .prefetch_related(
            "issues",
            "funding",
            "working_groups__organisations",
            "milestones",
            "activities",
            "links",
            _partners(),
        )
    )


def issue_list() -> QuerySet[RegionalIssue]:
    return RegionalIssue.objects.order_by("number")


def issue_public(*, slug: str) -> QuerySet[RegionalIssue]:
    """One issue with the projects addressing it, their region and partners (organisations
    only: the public page names no people)."""
    projects = (
        Project.objects.select_related("region")
        .prefetch_related(_partners())
        .order_by("status", "name")
    )
    return RegionalIssue.objects.filter(slug=slug).prefetch_related(
        Prefetch("projects", queryset=projects)
    )


def milestone_is_late(milestone: Milestone, *, today: datetime.date) -> bool:
    """Late: the planned date has passed and the milestone is not reached."""
    return milestone.due_on < today and milestone.status != MilestoneStatus.DONE


def milestones_with_lateness(
    project: Project, *, today: datetime.date | None = None
) -> list[tuple[Milestone, bool]]:
    today = today or timezone.localdate()
    return [(m, milestone_is_late(m, today=today)) for m in project.milestones.all()]


def participant_count(*, project: Project, today: datetime.date | None = None) -> int | None:
    """How many young people take part in the project today, or None when that number is
    below the minimum cell size (so a small group cannot be singled out)."""
    today = today or timezone.localdate()
    count = (
        ProjectParticipation.objects.filter(project=project, joined_on__lte=today)
        .exclude(left_on__lt=today)
        .values("person_id")
        .distinct()
        .count()
    )
    return count if count >= settings.MIN_CELL_SIZE else None


def participations_visible_to(*, user, project: Project) -> QuerySet[ProjectParticipation]:
    """The enrolments in ``project`` of the young people the user may see; nobody else."""
    return (
        ProjectParticipation.objects.filter(
            project=project, person__in=people_visible_to(user=user).values("pk")
        )
        .select_related("person")
        .order_by("person__surname", "person__given_names", "joined_on")
    )
