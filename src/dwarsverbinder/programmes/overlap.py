"""Reads that flag overlap between projects (issue 8, item 4).

Three lists, each in a fixed number of queries whatever the number of projects:

- pairs of projects in the same region that address the same regional issue for a target
  group that overlaps, in periods that overlap (an unknown start or end counts as open);
- young people enrolled in more than one project at the same time: only the people the
  user may see (``people_visible_to``); nobody else is named or counted;
- employers approached for several projects in the last 26 weeks (the shared contact log).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.employers.models import EmployerContact
from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to

from .models import Project, ProjectParticipation

EMPLOYER_WINDOW_WEEKS = 26


# -- small interval helpers (None = open) ------------------------------------------------


def _periods_overlap(
    start_a: datetime.date | None,
    end_a: datetime.date | None,
    start_b: datetime.date | None,
    end_b: datetime.date | None,
) -> bool:
    """Whether two periods share a day; a missing start or end is open."""
    if end_a is not None and start_b is not None and end_a < start_b:
        return False
    return not (end_b is not None and start_a is not None and end_b < start_a)


def _ages_overlap(a: Project, b: Project) -> bool:
    low = max((x for x in (a.target_age_min, b.target_age_min) if x is not None), default=None)
    high = min((x for x in (a.target_age_max, b.target_age_max) if x is not None), default=None)
    return low is None or high is None or low <= high


def _fmt(day: datetime.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "?"


def _ages(project: Project) -> str:
    low, high = project.target_age_min, project.target_age_max
    if low is None and high is None:
        return _("any age")
    return f"{low if low is not None else '?'}–{high if high is not None else '?'}"


# -- (a) projects ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectOverlap:
    first: Project
    second: Project
    reasons: tuple[str, ...]


def _programme_types_reason(a: Project, b: Project) -> str | None:
    """None when the programme types exclude each other; otherwise why they overlap."""
    types_a, types_b = set(a.target_programme_types), set(b.target_programme_types)
    if not types_a or not types_b:
        return _("programme types: at least one project takes any programme")
    shared = types_a & types_b
    if not shared:
        return None
    labels = dict(ProgrammeType.choices)
    names = ", ".join(str(labels.get(t, t)) for t in sorted(shared))
    return _("programme types in common: %(types)s") % {"types": names}


def _pair_reasons(a: Project, b: Project) -> tuple[str, ...] | None:
    """Why two projects of the same region overlap, or None when they do not."""
    shared = [i for i in a.issues.all() if i in set(b.issues.all())]
    if not shared or not _ages_overlap(a, b):
        return None
    types = _programme_types_reason(a, b)
    if types is None or not _periods_overlap(a.start_date, a.end_date, b.start_date, b.end_date):
        return None
    return (
        _("same region: %(region)s") % {"region": a.region},
        _("same regional issue: %(issues)s")
        % {"issues": "; ".join(f"{i.number}. {i.title}" for i in shared)},
        _("target ages overlap: %(a)s and %(b)s") % {"a": _ages(a), "b": _ages(b)},
        types,
        _("periods overlap: %(a_start)s – %(a_end)s and %(b_start)s – %(b_end)s")
        % {
            "a_start": _fmt(a.start_date),
            "a_end": _fmt(a.end_date),
            "b_start": _fmt(b.start_date),
            "b_end": _fmt(b.end_date),
        },
    )


def overlapping_projects() -> list[ProjectOverlap]:
    """Pairs of projects that may do the same for the same young people (two queries)."""
    projects = (
        Project.objects.filter(region__isnull=False)
        .select_related("region")
        .prefetch_related("issues")
        .order_by("region__name", "name", "pk")
    )
    by_region: dict[int, list[Project]] = defaultdict(list)
    for project in projects:
        by_region[project.region_id].append(project)
    pairs = []
    for members in by_region.values():
        for a, b in combinations(members, 2):
            reasons = _pair_reasons(a, b)
            if reasons is not None:
                pairs.append(ProjectOverlap(a, b, reasons))
    return pairs


# -- (b) young people in several projects at once ----------------------------------------


@dataclass
class PersonOverlap:
    person: Person
    # (first enrolment, second enrolment) whose periods overlap, in different projects.
    pairs: list[tuple[ProjectParticipation, ProjectParticipation]] = field(default_factory=list)

    @property
    def projects(self) -> list[Project]:
        seen: dict[int, Project] = {}
        for first, second in self.pairs:
            seen.setdefault(first.project_id, first.project)
            seen.setdefault(second.project_id, second.project)
        return sorted(seen.values(), key=lambda p: p.name)


def people_in_several_projects(*, user) -> list[PersonOverlap]:
    """Young people visible to ``user`` enrolled in two projects in overlapping periods.

    Two queries (the acting organisation's regions for ``people_visible_to``, then the
    enrolments with their people and projects). People the user may not see are left out
    entirely, not counted."""
    several = (
        ProjectParticipation.objects.values("person_id")
        .annotate(projects=Count("project", distinct=True))
        .filter(projects__gte=2)
        .values("person_id")
    )
    rows = (
        ProjectParticipation.objects.filter(
            person_id__in=several, person__in=people_visible_to(user=user).values("pk")
        )
        .select_related("person", "project")
        .order_by("person__surname", "person__given_names", "person_id", "joined_on", "pk")
    )
    by_person: dict[int, list[ProjectParticipation]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(row)
    found = []
    for enrolments in by_person.values():
        overlap = PersonOverlap(person=enrolments[0].person)
        for a, b in combinations(enrolments, 2):
            if a.project_id != b.project_id and _periods_overlap(
                a.joined_on, a.left_on, b.joined_on, b.left_on
            ):
                overlap.pairs.append((a, b))
        if overlap.pairs:
            found.append(overlap)
    return found


# -- (c) employers approached for several projects ---------------------------------------


@dataclass
class EmployerOverlap:
    employer_id: int
    employer_name: str
    # (project name, project slug, approaches, last approach)
    projects: list[tuple[str, str, int, datetime.date]] = field(default_factory=list)


def employers_approached_by_several_projects(
    *, today: datetime.date | None = None, weeks: int = EMPLOYER_WINDOW_WEEKS
) -> list[EmployerOverlap]:
    """Employers approached for at least two different projects in the last ``weeks``
    weeks, with those projects (one query). Contact persons are not read."""
    today = today or timezone.localdate()
    recent = EmployerContact.objects.filter(
        project__isnull=False,
        date__gte=today - datetime.timedelta(weeks=weeks),
        date__lte=today,
    )
    several = (
        recent.values("employer_id")
        .annotate(projects=Count("project", distinct=True))
        .filter(projects__gte=2)
        .values("employer_id")
    )
    rows = (
        recent.filter(employer_id__in=several)
        .values("employer_id", "employer__name", "project__name", "project__slug")
        .annotate(approaches=Count("id"), last=Max("date"))
        .order_by("employer__name", "employer_id", "project__name")
    )
    found: dict[int, EmployerOverlap] = {}
    for row in rows:
        entry = found.setdefault(
            row["employer_id"], EmployerOverlap(row["employer_id"], row["employer__name"])
        )
        entry.projects.append(
            (row["project__name"], row["project__slug"], row["approaches"], row["last"])
        )
    return list(found.values())
