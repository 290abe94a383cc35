"""Pages for the regional coordinator: candidate duplicates, and merging two files."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.privacy import audit

from .duplicates import duplicate_candidates
from .merge import merge_people, merge_preview
from .models import Person
from .selectors import people_visible_to


class MergeForm(forms.Form):
    confirmed = forms.BooleanField(
        label=gettext_lazy("I have checked that these two files are about the same young person."),
        error_messages={"required": gettext_lazy("Confirm that this is the same young person.")},
    )


def _visible(request) -> QuerySet[Person]:
    return people_visible_to(user=request.user)


@role_required(Role.COORDINATOR)
def duplicate_list(request):
    visible = _visible(request)
    page = Paginator(duplicate_candidates(queryset=visible), 25).get_page(request.GET.get("page"))
    ids = {pk for pair in page for pk in (pair.first_id, pair.second_id)}
    people = visible.select_related("municipality").in_bulk(ids)
    rows = [(pair, people[pair.first_id], people[pair.second_id]) for pair in page]
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=sorted(ids),
        detail={"duplicates": True, "page": page.number},
    )
    return render(request, "people/duplicates/list.html", {"page": page, "rows": rows})


def _person_or_404(visible: QuerySet[Person], pk: int) -> Person:
    return get_object_or_404(
        visible.select_related("municipality").prefetch_related(
            "identities__organisation", "school_careers__school"
        ),
        pk=pk,
    )


@role_required(Role.COORDINATOR)
def merge_confirm(request, keep: int, remove: int):
    if keep == remove:
        raise Http404
    visible = _visible(request)
    keep_person, remove_person = _person_or_404(visible, keep), _person_or_404(visible, remove)
    form = MergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_people(keep=keep_person, remove=remove_person, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The two files are merged: everything is now in the file of %(name)s.")
                % {"name": keep_person.full_name},
            )
            return redirect("people:detail", pk=keep_person.pk)
    for person in (keep_person, remove_person):
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    preview = merge_preview(keep=keep_person, remove=remove_person)
    context = {
        "preview": preview,
        "form": form,
        "keep": keep_person,
        "remove": remove_person,
        "preview_people": (keep_person, remove_person),
        "moving": [move for move in preview.moves if move.count],
        "filled": _filled(preview),
    }
    return render(request, "people/duplicates/merge.html", context)


def _filled(preview) -> list[tuple[str, str]]:
    """The fields the survivor takes over, as (label, value) the way the file shows them."""
    filled = []
    for attname in preview.fills:
        field = Person._meta.get_field(attname)
        if field.choices:
            value = getattr(preview.remove, f"get_{field.name}_display")()
        else:
            value = getattr(preview.remove, field.name)
        filled.append((str(field.verbose_name), str(value)))
    return filled
