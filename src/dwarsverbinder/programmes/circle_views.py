"""Pages of the learning circles: the list and a circle for every logged-in partner; adding
and changing circles and their participants for the regional coordinator (a 404 for
anybody else)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import circles, selectors
from .circle_forms import CircleForm, CircleParticipantForm
from .models import LearningCircle, LearningCircleParticipant


def _keeper(request) -> None:
    if not selectors.can_edit_projects(user=request.user):
        raise Http404


@login_required
def circle_list(request):
    return render(
        request,
        "programmes/circles/list.html",
        {
            "circles": circles.circle_list(),
            "can_edit": selectors.can_edit_projects(user=request.user),
        },
    )


@login_required
def circle_detail(request, pk: int):
    circle = get_object_or_404(circles.circle_detail(pk=pk))
    return render(
        request,
        "programmes/circles/detail.html",
        {"circle": circle, "can_edit": selectors.can_edit_projects(user=request.user)},
    )


def _save_circle(request, form: CircleForm, circle: LearningCircle | None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return circles.circle_save(
            circle=circle,
            fields=form.circle_fields(),
            regions=list(data["regions"]),
            issues=list(data["issues"]),
            projects=list(data["projects"]),
            by=request.user,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@login_required
def circle_form(request, pk: int | None = None):
    _keeper(request)
    circle = get_object_or_404(LearningCircle, pk=pk) if pk else None
    form = CircleForm.for_circle(circle, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = _save_circle(request, form, circle)
        if saved is not None:
            messages.success(request, _("The learning circle is saved."))
            return redirect("programmes:circle", pk=saved.pk)
    title = _("Change learning circle") if circle else _("New learning circle")
    return render(
        request,
        "programmes/circles/form.html",
        {"circle": circle, "form": form, "title": title},
    )


@login_required
def circle_participants(request, pk: int):
    _keeper(request)
    circle = get_object_or_404(circles.circle_detail(pk=pk))
    form = CircleParticipantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            circles.circle_participant_add(circle=circle, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The participant is added."))
            return redirect("programmes:circle_participants", pk=circle.pk)
    return render(request, "programmes/circles/participants.html", {"circle": circle, "form": form})


@login_required
@require_POST
def circle_participant_remove(request, pk: int, participant: int):
    _keeper(request)
    row = get_object_or_404(LearningCircleParticipant, pk=participant, circle_id=pk)
    circles.circle_participant_remove(participant=row, by=request.user)
    messages.success(request, _("The participant is removed."))
    return redirect("programmes:circle_participants", pk=pk)
