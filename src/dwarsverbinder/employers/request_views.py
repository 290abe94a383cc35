"""The inbox of messages from the public employer page, under /werkgevers/verzoeken/.

Register keepers (employer account managers and regional coordinators) see every request;
the account owner of the employer a request is linked to may open that one request (the
notice mail links them to it). A request holds a contact person's name and details, so
every list and every opened request is written to the audit log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dwarsverbinder.privacy import audit

from . import public
from .constants import RequestStatus
from .models import AccountOwner, Employer, EmployerRequest
from .permissions import can_keep_register
from .public_forms import RequestStatusForm

PAGE_SIZE = 25
DONE_MESSAGES = {
    RequestStatus.NEW: lambda: _("The request is marked as new again."),
    RequestStatus.HANDLED: lambda: _("The request is marked as handled."),
    RequestStatus.SPAM: lambda: _("The request is marked as not a real request."),
}


def url_or_none(name: str, *args) -> str | None:
    """A page of another part of the register, when that part is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _request_for(request, pk: int) -> EmployerRequest:
    """A request the user may open: any, for a register keeper; for anyone else only one
    linked to an employer whose current account owner they are. Otherwise a 404."""
    found = get_object_or_404(EmployerRequest.objects.select_related("employer"), pk=pk)
    if can_keep_register(user=request.user):
        return found
    owns = (
        found.employer_id is not None
        and AccountOwner.objects.filter(
            employer_id=found.employer_id, user=request.user, until__isnull=True
        ).exists()
    )
    if not owns:
        raise Http404
    return found


@login_required
@require_GET
def request_list(request):
    if not can_keep_register(user=request.user):
        raise PermissionDenied
    state = request.GET.get("status", RequestStatus.NEW)
    if state not in RequestStatus.values:
        state = RequestStatus.NEW
    counts = {
        row["status"]: row["n"]
        for row in EmployerRequest.objects.order_by().values("status").annotate(n=Count("id"))
    }
    rows = EmployerRequest.objects.filter(status=state).select_related("employer")
    page = Paginator(rows.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.log_list(
        actor=request.user,
        model=EmployerRequest,
        ids=[r.pk for r in page],
        detail={"status": state},
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in RequestStatus.choices]
    return render(
        request,
        "employers/requests/list.html",
        {"page": page, "state": state, "tabs": tabs},
    )


@login_required
@require_GET
def request_detail(request, pk: int):
    employer_request = _request_for(request, pk)
    audit.log_view(actor=request.user, obj=employer_request)
    context = _detail_context(employer_request)
    context["keeper"] = can_keep_register(user=request.user)
    return render(request, "employers/requests/detail.html", context)


def _detail_context(employer_request: EmployerRequest) -> dict:
    employer = employer_request.employer
    registered_since = None
    if employer is None and employer_request.kvk_number:
        # Registered after the request came in: point to it, without linking silently.
        registered_since = Employer.objects.filter(kvk_number=employer_request.kvk_number).first()
    shown = employer or registered_since
    owner = public.current_account_owner(employer) if employer else None
    return {
        "r": employer_request,
        "employer": employer,
        "registered_since": registered_since,
        "employer_url": url_or_none("employers:detail", shown.pk) if shown else None,
        "create_url": None
        if shown
        else url_or_none("employers:employer_create") or url_or_none("employers:create"),
        "owner": owner,
        "statuses": [
            (value, label)
            for value, label in RequestStatus.choices
            if value != employer_request.status
        ],
    }


@login_required
@require_POST
def request_status(request, pk: int):
    employer_request = _request_for(request, pk)
    form = RequestStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose handled, not a real request, or new."))
        return redirect("employers:request_detail", pk=employer_request.pk)
    status = form.cleaned_data["status"]
    public.request_mark(employer_request=employer_request, status=status, by=request.user)
    messages.success(request, DONE_MESSAGES[status]())
    if can_keep_register(user=request.user):
        return redirect(f"{reverse('employers:requests')}?status={RequestStatus.NEW}")
    return redirect("employers:request_detail", pk=employer_request.pk)
