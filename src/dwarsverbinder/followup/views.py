"""The coach's pages: caseload and search, tasks, and who coaches a young person.

Flash messages name no young person: they travel in a cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.people.constants import Position
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.positions import position_at
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.ids import as_id

from . import selectors, services
from .forms import (
    SCOPE_ORGANISATION,
    CaseloadFilterForm,
    CoachForm,
    PersonSearchForm,
    TaskForm,
    TransferForm,
    TransferOrganisationForm,
)

PAGE_SIZE = 25
SEARCH_LIMIT = 50

casework_required = role_required(*CASEWORK_ROLES)


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's errors next to the form's fields (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _safe_next(request, default: str) -> str:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return reverse(default)


# -- caseload and search -----------------------------------------------------------------


@sensitive_post_parameters("q")
@casework_required
def caseload(request):
    """The caseload (GET), or the results of a search through everyone visible (POST).

    The search is posted so that the term (perhaps a BSN or a name) never appears in a
    URL, the browser history or a proxy log."""
    if request.method == "POST":
        return _search(request)
    form = CaseloadFilterForm(
        request.GET or None, schools=selectors.caseload_schools(user=request.user)
    )
    filters = form.filters()
    people = selectors.caseload_rows(
        selectors.caseload_for(user=request.user, **filters), user=request.user
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for person in page:
        person.position_today = position_at(person.episodes.all(), today)
        person.position_label = Position(person.position_today.position).label
        person.cohort = cohort_label(person.last_leave_date)
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=[p.pk for p in page],
        detail={"caseload": True, "page": page.number},
    )
    filtered = any(filters[k] for k in ("signal_kind", "overdue_only", "cohort", "school_id"))
    return render(
        request,
        "followup/caseload.html",
        {
            "form": form,
            "page": page,
            "search_form": PersonSearchForm(),
            "whole_organisation": not filters["mine_only"],
            "scope_organisation": SCOPE_ORGANISATION,
            "filtered": filtered,
            "today": today,
        },
    )


def _search(request):
    search_form = PersonSearchForm(request.POST)
    results, more = [], False
    if search_form.is_valid():
        query = search_form.cleaned_data["q"]
        found = list(selectors.person_search(user=request.user, query=query)[: SEARCH_LIMIT + 1])
        results, more = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
        # The term is not stored (it can be a name or a BSN); only that a search was made.
        audit.log_list(
            actor=request.user, model=Person, ids=[p.pk for p in results], detail={"searched": True}
        )
    return render(
        request,
        "followup/search.html",
        {"search_form": search_form, "results": results, "more": more, "limit": SEARCH_LIMIT},
        status=200 if search_form.is_valid() else 400,
    )


# -- tasks -------------------------------------------------------------------------------


@casework_required
def tasks(request):
    people = selectors.caseload_people(user=request.user, mine_only=False).order_by(
        "surname", "given_names", "id"
    )
    form = TaskForm(
        request.POST or None, people=people, initial={"person": request.GET.get("person")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(
                person=form.cleaned_data["person"],
                organisation=selectors.acting_organisation(request.user),
                title=form.cleaned_data["title"],
                due_date=form.cleaned_data["due_date"],
                by=request.user,
                assigned_to=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The task has been added."))
            return redirect("followup:tasks")
    open_tasks = list(selectors.tasks_for(user=request.user))
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=sorted({t.person_id for t in open_tasks}),
        detail={"tasks": True},
    )
    return render(
        request,
        "followup/tasks.html",
        {"tasks": open_tasks, "form": form, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )


@casework_required
@require_POST
def task_done(request, pk: int):
    task = get_object_or_404(selectors.tasks_for(user=request.user, mine_only=False), pk=pk)
    services.task_complete(task=task, by=request.user)
    messages.success(request, _("The task is marked as done."))
    return redirect(_safe_next(request, "followup:tasks"))


# -- who coaches a young person ----------------------------------------------------------


@dataclass
class CoachForms:
    assign: CoachForm
    pick: TransferOrganisationForm
    transfer: TransferForm | None = None
    target: object = None  # the organisation picked for a transfer
    end_error: str = ""

    @property
    def failed(self) -> bool:
        return bool(
            self.assign.errors or (self.transfer is not None and self.transfer.errors)
        ) or bool(self.end_error)


def _coach_forms(request, organisation) -> CoachForms:
    organisations = selectors.transfer_organisations(user=request.user)
    forms = CoachForms(
        assign=CoachForm(coaches=selectors.coaches_at(organisation=organisation)),
        pick=TransferOrganisationForm(request.GET or None, organisations=organisations),
    )
    if forms.pick.is_bound and forms.pick.is_valid():
        chosen = forms.target = forms.pick.cleaned_data["naar"]
        forms.transfer = TransferForm(
            initial={"to_organisation": chosen.pk},
            organisations=organisations,
            coaches=selectors.coaches_at(organisation=chosen),
        )
    return forms


@casework_required
def coach(request, person_id: int):
    person = get_object_or_404(people_visible_to(user=request.user), pk=person_id)
    organisation = selectors.acting_organisation(request.user)
    forms = _coach_forms(request, organisation)
    if request.method == "POST":
        action = COACH_ACTIONS.get(request.POST.get("action", ""))
        response = action(request, person, organisation, forms) if action else None
        if response is not None:
            return response
        if action is None:
            forms.end_error = _("Choose what to do.")
    assignments = list(selectors.open_assignments_of(person=person))
    audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    context = {
        "person": person,
        "organisation": organisation,
        "assignments": assignments,
        "mine": next((a for a in assignments if a.organisation_id == organisation.pk), None),
        "forms": forms,
    }
    return render(request, "followup/coach.html", context, status=400 if forms.failed else 200)


def _after_change(request, person: Person) -> HttpResponse:
    # After an end or a transfer the young person may be out of sight: back to the caseload.
    if people_visible_to(user=request.user).filter(pk=person.pk).exists():
        return redirect("followup:coach", person_id=person.pk)
    return redirect("followup:caseload")


def _start(request, person, organisation, forms, coach_user) -> HttpResponse | None:
    try:
        services.assignment_start(
            person=person, organisation=organisation, coach=coach_user, by=request.user
        )
    except ValidationError as exc:
        _add_errors(forms.assign, exc)
        return None
    messages.success(request, _("The coach has been assigned."))
    return redirect("followup:coach", person_id=person.pk)


def _assign(request, person, organisation, forms) -> HttpResponse | None:
    forms.assign = CoachForm(request.POST, coaches=selectors.coaches_at(organisation=organisation))
    if not forms.assign.is_valid():
        return None
    return _start(request, person, organisation, forms, forms.assign.cleaned_data["coach"])


def _take_over(request, person, organisation, forms) -> HttpResponse | None:
    return _start(request, person, organisation, forms, request.user)


def _end(request, person, organisation, forms) -> HttpResponse | None:
    current = person.assignments.filter(organisation=organisation, ended_at__isnull=True).first()
    if current is None:
        forms.end_error = _("There is no open assignment at %(org)s to end.") % {
            "org": organisation.name
        }
        return None
    try:
        services.assignment_end(assignment=current, by=request.user)
    except ValidationError as exc:
        forms.end_error = " ".join(exc.messages)
        return None
    messages.success(request, _("The assignment has ended; its open tasks are cancelled."))
    return _after_change(request, person)


def _transfer(request, person, organisation, forms) -> HttpResponse | None:
    organisations = selectors.transfer_organisations(user=request.user)
    raw = as_id(request.POST.get("to_organisation"))
    target = organisations.filter(pk=raw).first() if raw is not None else None
    coaches = (
        selectors.coaches_at(organisation=target) if target else get_user_model().objects.none()
    )
    forms.target = target
    forms.transfer = TransferForm(request.POST, organisations=organisations, coaches=coaches)
    if not forms.transfer.is_valid():
        return None
    try:
        services.assignment_transfer(
            person=person,
            from_organisation=organisation,
            to_organisation=forms.transfer.cleaned_data["to_organisation"],
            coach=forms.transfer.cleaned_data["coach"],
            by=request.user,
        )
    except ValidationError as exc:
        _add_errors(forms.transfer, exc)
        return None
    messages.success(request, _("The young person has been handed over."))
    return _after_change(request, person)


COACH_ACTIONS = {
    "assign": _assign,
    "take_over": _take_over,
    "end": _end,
    "transfer": _transfer,
}
