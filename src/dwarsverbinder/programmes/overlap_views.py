"""The overlap page for the regional coordinator (a 404 for anybody else). The young
people it names are the ones the coordinator may see; the list is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from dwarsverbinder.people.models import Person
from dwarsverbinder.privacy import audit

from . import overlap, selectors


@login_required
def overlap_page(request):
    if not selectors.can_edit_projects(user=request.user):
        raise Http404
    people = overlap.people_in_several_projects(user=request.user)
    if people:
        audit.log_list(
            actor=request.user,
            model=Person,
            ids=[row.person.pk for row in people],
            detail={"page": "project-overlap"},
        )
    return render(
        request,
        "programmes/overlap/page.html",
        {
            "projects": overlap.overlapping_projects(),
            "people": people,
            "employers": overlap.employers_approached_by_several_projects(),
            "weeks": overlap.EMPLOYER_WINDOW_WEEKS,
        },
    )
