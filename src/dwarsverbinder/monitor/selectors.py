"""Reads of the monitor. Only suppressed aggregates leave this module: the monitor never
shows a person, so it is not limited to ``people_visible_to``; who may read it at all is
decided by ``can_read_monitor`` (the analyst and coordinator roles)."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import replace

from django.conf import settings
from django.utils.translation import gettext as _

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.network.models import Organisation, Region
from dwarsverbinder.people.constants import Gender, ProgrammeType

from . import engine, report, survival
from .definitions import CURRENT, CohortScope

MONITOR_ROLES = frozenset({Role.ANALYST, Role.COORDINATOR})
_CHOICES = {"programme_type": ProgrammeType, "gender": Gender}


def can_read_monitor(*, user) -> bool:
    """Whether the user, in the membership they act in, may read the monitor."""
    membership = getattr(user, "active_membership", None)
    return membership is not None and membership.role in MONITOR_ROLES


def monitor_positions(
    *,
    cohort: str,
    horizon: int,
    group_by: str = engine.NONE,
    filters: engine.Filters = engine.NO_FILTERS,
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    minimum: int | None = None,
) -> report.PositionsReport:
    """Positions of ``cohort`` at ``horizon`` months per group, suppressed, with public keys
    (codes and values) and labels, sorted by label with "unknown" last.

    ValueError for a malformed cohort, a horizon the definition lacks or an unknown
    group_by (the API checks these first, with a message per parameter)."""
    if group_by not in engine.GROUP_BYS:
        raise ValueError(f"Cannot group by {group_by!r}.")
    raw = engine.compute(
        cohort=cohort, horizon=horizon, filters=filters, today=today, version=version, scope=scope
    )
    published = report.publish(
        raw, group_by=group_by, minimum=minimum if minimum is not None else settings.MIN_CELL_SIZE
    )
    names = group_names(group_by=group_by, keys=[g.key for g in published.groups])
    groups = [replace(g, key=names[g.key][0], label=names[g.key][1]) for g in published.groups]
    groups.sort(key=lambda g: (g.key is None, g.label.lower(), str(g.key)))
    overall = replace(published.overall, label=_("All"))
    return replace(published, groups=groups, overall=overall)


def monitor_curve(
    *,
    cohort: str,
    group_by: str = engine.NONE,
    filters: engine.Filters = engine.NO_FILTERS,
    today: datetime.date | None = None,
    version: str = CURRENT,
    scope: CohortScope | None = None,
    minimum: int | None = None,
) -> survival.SurvivalReport:
    """Time to first work or education of ``cohort`` per group (Kaplan–Meier), published:
    whole percentages only, hidden for small groups and months; groups with public keys and
    labels, largest first."""
    raw = survival.compute(
        cohort=cohort, group_by=group_by, filters=filters, today=today, version=version, scope=scope
    )
    published = survival.publish(
        raw, minimum=minimum if minimum is not None else settings.MIN_CELL_SIZE
    )
    names = group_names(group_by=group_by, keys=[g.key for g in published.groups])
    groups = [replace(g, key=names[g.key][0], label=names[g.key][1]) for g in published.groups]
    return replace(published, groups=groups, overall=replace(published.overall, label=_("All")))


def monitor_trend(
    *, result: report.PositionsReport, cohorts: Iterable[str]
) -> list[tuple[str, report.PublishedGroup]]:
    """The whole selection of ``result`` per cohort at its horizon, oldest first: the
    cohort of ``result`` as it is, the others counted with the same filters."""
    return [
        (
            cohort,
            result.overall
            if cohort == result.cohort
            else monitor_positions(
                cohort=cohort, horizon=result.horizon, group_by=engine.NONE, filters=result.filters
            ).overall,
        )
        for cohort in cohorts
    ]


def pilot_errors(*, group_by: str, project, region) -> dict[str, str]:
    """What is wrong with a pilot comparison (group_by "pilot"), per field: the dashboard
    form and the API give the same messages."""
    if group_by != "pilot":
        return {}
    if project is None:
        return {"project": _("Choose the pilot to compare with the rest of its region.")}
    if project.region_id is None:
        return {
            "project": _(
                "This project has no region of its own, so there is no rest of the region."
            )
        }
    if region is not None and region.pk != project.region_id:
        return {
            "region": _(
                "A pilot is compared within its own region, %(region)s: choose that or none."
            )
            % {"region": project.region.name}
        }
    return {}


def group_names(*, group_by: str, keys: Iterable[Hashable]) -> dict[Hashable, tuple]:
    """The public key and label of each engine key: codes and names for regions,
    municipalities and schools (one query), values and their labels for the rest."""
    keys = list(keys)
    names: dict[Hashable, tuple] = {None: (None, _("Unknown"))}
    if group_by in ("region", "municipality"):
        rows = Region.objects.filter(pk__in=[k for k in keys if k is not None])
        names.update({r.pk: (r.code, r.name) for r in rows.only("code", "name")})
    elif group_by == "school":
        rows = Organisation.objects.filter(pk__in=[k for k in keys if k is not None])
        names.update({o.pk: (o.code, o.name) for o in rows.only("code", "name")})
    elif group_by in _CHOICES:
        labels = dict(_CHOICES[group_by].choices)
        names.update({k: (k, str(labels.get(k, k))) for k in keys if k is not None})
    elif group_by == "level":
        names.update(
            {k: (str(k), _("Level %(level)s") % {"level": k}) for k in keys if k is not None}
        )
    elif group_by == "pilot":
        names.update({True: ("pilot", _("In the pilot")), False: ("rest", _("Rest of the region"))})
    elif group_by == engine.NONE:
        names[None] = (None, _("All"))
    return names
