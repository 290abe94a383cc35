from django.db.models import Count, Prefetch, QuerySet

from dwarsverbinder.accounts.models import Membership

from .models import Organisation, Region, WorkingGroup


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
