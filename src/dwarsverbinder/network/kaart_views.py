"""The sociale kaart: public pages for young people and the partner's own pages.

The public pages need no login and show no personal data. A partner manages the services
of the organisation it acts for; anybody else's service is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .kaart_forms import ServiceFilterForm, ServiceForm, WaitingForm
from .models import Organisation, Service
from .selectors import service_detail, service_list, services_of, with_measured_waiting

PAGE_SIZE = 25


# --- Public ------------------------------------------------------------------------------


def kaart_list(request):
    form = ServiceFilterForm(request.GET)
    page = Paginator(service_list(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_measured_waiting(page.object_list)
    return render(request, "kaart/list.html", {"form": form, "page": page})


def kaart_detail(request, slug: str):
    service = get_object_or_404(service_detail(slug=slug))
    with_measured_waiting([service])
    return render(request, "kaart/detail.html", {"service": service})


# --- Partner -----------------------------------------------------------------------------


def _own_organisation(request) -> Organisation:
    membership = getattr(request.user, "active_membership", None)
    if membership is None:
        raise Http404
    return membership.organisation


def _own_service(request, slug: str) -> Service:
    return get_object_or_404(services_of(organisation=_own_organisation(request)), slug=slug)


def _waiting_form(service: Service, data=None) -> WaitingForm:
    initial = {"waiting_days": service.waiting_days, "accepting_new": service.accepting_new}
    return WaitingForm(data, initial=initial, prefix=f"s{service.pk}")


@login_required
def manage(request):
    organisation = _own_organisation(request)
    rows = [(service, _waiting_form(service)) for service in services_of(organisation=organisation)]
    return render(request, "kaart/manage.html", {"organisation": organisation, "rows": rows})


def _form_page(request, form, *, title: str, submit: str, service: Service | None = None):
    return render(
        request,
        "kaart/form.html",
        {"form": form, "title": title, "submit": submit, "service": service},
    )


def _save(form, save) -> Service | None:
    """Run the write; a ValidationError from the service goes back onto the form."""
    if not form.is_valid():
        return None
    try:
        return save(form.service_fields())
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def create(request):
    organisation = _own_organisation(request)
    form = ServiceForm(request.POST or None)
    if request.method == "POST":
        service = _save(
            form,
            lambda fields: services.service_create(
                organisation=organisation, fields=fields, by=request.user
            ),
        )
        if service is not None:
            messages.success(request, _("The service is saved."))
            return redirect("kaart:manage")
    return _form_page(request, form, title=_("New service"), submit=_("Save"))


@login_required
def edit(request, slug: str):
    service = _own_service(request, slug)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST":
        saved = _save(
            form,
            lambda fields: services.service_update(service=service, fields=fields, by=request.user),
        )
        if saved is not None:
            messages.success(request, _("The service is saved."))
            return redirect("kaart:manage")
    return _form_page(
        request,
        form,
        title=_("Change %(name)s") % {"name": service.name},
        submit=_("Save"),
        service=service,
    )


@login_required
def waiting(request, slug: str):
    service = _own_service(request, slug)
    form = _waiting_form(service, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_waiting_update(
                service=service,
                waiting_days=form.cleaned_data["waiting_days"],
                accepting_new=form.cleaned_data["accepting_new"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The waiting time of %(name)s is updated.") % {"name": service.name}
            )
            return redirect("kaart:manage")
    return render(request, "kaart/waiting.html", {"service": service, "form": form})
