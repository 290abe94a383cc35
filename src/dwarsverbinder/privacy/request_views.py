"""Data subject requests: the privacy officer's list, the new-request form and the page
of one request, where it is answered. Anyone else gets a 404, as for the audit log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.decorators import role_required

from . import audit, requests
from .constants import RequestKind, RequestStatus
from .forms import ErasureConfirmForm, RequestCloseForm, RequestCreateForm
from .models import DataSubjectRequest
from .removal import record_type_label

officer_only = role_required(Role.PRIVACY_OFFICER)


def _dsr(pk: int) -> DataSubjectRequest:
    return get_object_or_404(
        DataSubjectRequest.objects.select_related("person", "handled_by"), pk=pk
    )


@officer_only
def request_list(request):
    page = Paginator(requests.requests_list(), 50).get_page(request.GET.get("page"))
    # The list names the young people the requests are about.
    audit.log_list(
        actor=request.user,
        model=DataSubjectRequest,
        ids=[dsr.pk for dsr in page],
        detail={"person_ids": sorted({dsr.person_id for dsr in page if dsr.person_id})},
    )
    return render(
        request,
        "privacy/requests.html",
        {"page": page, "today": timezone.localdate()},
    )


@officer_only
@sensitive_post_parameters("bsn", "surname", "date_of_birth")
def request_new(request):
    if request.method != "POST":
        form = RequestCreateForm(initial={"received_on": timezone.localdate()})
        return render(request, "privacy/request_new.html", {"form": form})
    form = RequestCreateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = requests.person_find(
                by=request.user,
                bsn=data["bsn"],
                surname=data.get("surname") or "",
                date_of_birth=data.get("date_of_birth"),
            )
            dsr = requests.request_create(
                by=request.user,
                person=person,
                kind=data["kind"],
                received_on=data["received_on"],
                details=data["details"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Request %(reference)s is recorded. Answer it before %(date)s.")
                % {"reference": dsr.reference, "date": dsr.due_on.strftime("%d-%m-%Y")},
            )
            return redirect("privacy:request", pk=dsr.pk)
    return render(request, "privacy/request_new.html", {"form": form})


def _detail(request, dsr: DataSubjectRequest, *, close_form=None, erase_form=None, status=200):
    preview = None
    is_open = dsr.status == RequestStatus.OPEN
    if is_open and dsr.kind == RequestKind.ERASURE and dsr.person is not None:
        preview = requests.erasure_preview(person=dsr.person)
    if is_open and close_form is None:
        initial = {}
        if preview is not None and preview.blockers:
            initial = {"status": RequestStatus.REFUSED, "outcome": "\n".join(preview.blockers)}
        close_form = RequestCloseForm(initial=initial, refuse_only=dsr.kind == RequestKind.ERASURE)
    if preview is not None and preview.can_erase and erase_form is None:
        erase_form = ErasureConfirmForm()
    if dsr.person_id:
        audit.log_view(actor=request.user, obj=dsr, person_id=dsr.person_id)
    context = {
        "dsr": dsr,
        "today": timezone.localdate(),
        "preview": preview,
        "preview_rows": [(record_type_label(k), n) for k, n in preview.counts.items()]
        if preview
        else [],
        "result_rows": [(record_type_label(k), n) for k, n in (dsr.result or {}).items()],
        "close_form": close_form if is_open else None,
        "erase_form": erase_form if is_open else None,
        "can_export": dsr.kind == RequestKind.ACCESS and dsr.person_id is not None,
    }
    return render(request, "privacy/request_detail.html", context, status=status)


@officer_only
def request_detail(request, pk: int):
    return _detail(request, _dsr(pk))


def _already_closed(request, dsr: DataSubjectRequest):
    messages.info(request, _("This request was already closed; nothing was changed."))
    return redirect("privacy:request", pk=dsr.pk)


@officer_only
@require_POST
def request_close(request, pk: int):
    dsr = _dsr(pk)
    if dsr.status != RequestStatus.OPEN:
        return _already_closed(request, dsr)
    form = RequestCloseForm(request.POST, refuse_only=dsr.kind == RequestKind.ERASURE)
    if form.is_valid():
        try:
            requests.request_close(
                dsr=dsr,
                by=request.user,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The request is closed."))
            return redirect("privacy:request", pk=dsr.pk)
    return _detail(request, dsr, close_form=form)


@officer_only
@require_POST
def request_erase(request, pk: int):
    dsr = _dsr(pk)
    if dsr.kind != RequestKind.ERASURE:
        raise Http404
    if dsr.status != RequestStatus.OPEN:
        return _already_closed(request, dsr)
    form = ErasureConfirmForm(request.POST)
    if form.is_valid():
        try:
            requests.person_erase(dsr=dsr, by=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The file is removed. The request keeps what was removed."))
            return redirect("privacy:request", pk=dsr.pk)
    return _detail(request, dsr, erase_form=form)


@officer_only
def request_export(request, pk: int, fmt: str):
    """The young person's data for an access request: the same export they download on
    My page, as JSON or PDF."""
    from .export import person_export, person_export_pdf

    dsr = _dsr(pk)
    if dsr.kind != RequestKind.ACCESS or dsr.person is None or fmt not in ("json", "pdf"):
        raise Http404
    data = person_export(person=dsr.person)
    requests.access_exported(dsr=dsr, by=request.user, fmt=fmt)
    name = f"{dsr.reference}.{fmt}"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(person_export_pdf(data=data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
