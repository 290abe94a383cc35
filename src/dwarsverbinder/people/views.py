from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.selectors import history_of

from .models import Person
from .selectors import people_visible_to


@login_required
def person_list(request):
    query = request.GET.get("q", "").strip()[:100]
    people = people_visible_to(user=request.user).select_related("municipality")
    if query:
        people = people.filter(Q(surname__icontains=query) | Q(given_names__icontains=query))
    page = Paginator(people.order_by("surname", "given_names", "id"), 25).get_page(
        request.GET.get("page")
    )
    # A list shows names: one audit row names everybody on the page. The search term is
    # not stored (it can itself be a name); only that a search was made.
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=[p.pk for p in page],
        detail={"searched": bool(query), "page": page.number},
    )
    return render(request, "people/list.html", {"page": page, "q": query})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(
        people_visible_to(user=request.user)
        .select_related("municipality", "municipality__rmc_region")
        .prefetch_related(
            "school_careers__school", "assignments__organisation", "assignments__coach"
        ),
        pk=pk,
    )
    audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    return render(
        request,
        "people/detail.html",
        {"person": person, "history": history_of(person_id=person.pk)[:20]},
    )
