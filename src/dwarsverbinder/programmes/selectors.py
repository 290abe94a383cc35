from django.db.models import Prefetch, QuerySet

from .models import Project, ProjectPartner


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
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "role", "organisation__name"
                ),
            ),
        )
    )
