from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .constants import OrganisationKind
from .selectors import organisation_detail, organisation_list, working_group_list


@login_required
def organisations(request):
    kind = request.GET.get("kind", "")
    if kind not in OrganisationKind.values:
        kind = ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(organisation_list(kind=kind, query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/organisations.html",
        {"page": page, "kinds": OrganisationKind.choices, "kind": kind, "q": query},
    )


@login_required
def organisation(request, code: str):
    org = get_object_or_404(organisation_detail(code=code))
    return render(request, "network/organisation.html", {"organisation": org})


@login_required
def working_groups(request):
    return render(request, "network/working_groups.html", {"groups": working_group_list()})
