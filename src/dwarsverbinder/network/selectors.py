from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from dwarsverbinder.accounts.models import Membership

from .constants import RegionKind
from .models import Organisation, Region, Service, ServiceTheme, WorkingGroup


def organisation_list(*, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(is_active=True).select_related("municipality")
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("name")


def organisation_detail(*, code: str) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(code=code, is_active=True)
        .select_related("municipality")
        .prefetch_related(
            "regions",
            Prefetch("working_groups", queryset=WorkingGroup.objects.select_related("region")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(is_active=True)
                .select_related("user")
                .order_by("user__last_name"),
            ),
        )
    )


def working_group_list() -> QuerySet[WorkingGroup]:
    return (
        WorkingGroup.objects.select_related("region", "project")
        .prefetch_related("organisations")
        .order_by("name")
    )


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(organisation_count=Count("organisations")).order_by(
        "kind", "name"
    )


# --- Sociale kaart -------------------------------------------------------------------------


def _has_theme(code: str) -> Q:
    """Services whose list of themes holds ``code``, on PostgreSQL and SQLite alike.

    SQLite has no JSON containment; a list holds each theme once, so one of its first six
    positions is the code.
    """
    if connection.features.supports_json_field_contains:
        return Q(themes__contains=[code])
    q = Q()
    for index in range(len(ServiceTheme.values)):
        q |= Q(**{f"themes__{index}": code})
    return q


def _serves(municipality: Region) -> Q:
    """Services for the whole region (no place given) or for this municipality or its regions."""
    areas = [
        r
        for r in (municipality.pk, municipality.rmc_region_id, municipality.labour_market_region_id)
        if r
    ]
    links = Service.regions.through.objects
    also_for = links.filter(service_id=OuterRef("pk"), region_id__in=areas)
    whole_region = Q(municipality__isnull=True) & ~Exists(links.filter(service_id=OuterRef("pk")))
    return whole_region | Q(municipality=municipality) | Exists(also_for)


def service_list(
    *,
    query: str = "",
    themes: Iterable[str] = (),
    age: int | None = None,
    municipality: Region | None = None,
    accepting_only: bool = False,
) -> QuerySet[Service]:
    """Published services of active organisations, for the public sociale kaart."""
    qs = Service.objects.filter(is_published=True, organisation__is_active=True)
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(summary__icontains=query)
            | Q(for_whom__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    theme_q = Q()
    for code in themes:
        theme_q |= _has_theme(code)
    if theme_q:
        qs = qs.filter(theme_q)
    if age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    if municipality is not None:
        qs = qs.filter(_serves(municipality))
    if accepting_only:
        qs = qs.filter(accepting_new=True)
    return qs.select_related("organisation", "municipality").order_by("name", "pk")


def service_detail(*, slug: str) -> QuerySet[Service]:
    return (
        Service.objects.filter(slug=slug, is_published=True, organisation__is_active=True)
        .select_related("organisation", "municipality")
        .prefetch_related("regions")
    )


def services_of(*, organisation: Organisation) -> QuerySet[Service]:
    """Every service of one organisation, published or not, for its own partners."""
    return (
        Service.objects.filter(organisation=organisation)
        .select_related("municipality")
        .order_by("name", "pk")
    )


def kaart_municipalities() -> QuerySet[Region]:
    return Region.objects.filter(kind=RegionKind.MUNICIPALITY).order_by("name")


def with_measured_waiting(services) -> list:
    """Attach ``measured`` to each service: the waiting time measured from handovers
    (median days from sending to first contact, and over how many), or None when there
    are too few handovers to show it. One query for the whole list."""
    from dwarsverbinder.chain.selectors import measured_waiting_days

    services = list(services)
    measured = measured_waiting_days(services=[s.pk for s in services])
    for service in services:
        service.measured = measured.get(service.pk)
    return services
