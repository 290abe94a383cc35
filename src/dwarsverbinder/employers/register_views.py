"""Pages of the employer register under /werkgevers/: the list, an employer's page, the
forms that keep it, the account owner, logging an approach and the coordinator's overview
of employers approached by several parties.

Every page needs a role in REGISTER_READERS; changing the register needs one in
REGISTER_KEEPERS and the overview one in OVERVIEW_READERS. Other roles get 403, as on the
handover pages; an employer that does not exist is a 404. The services audit every change;
an employer's page (with its contact persons) writes a ``view`` row and the CSV download an
``export`` row.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import AuditAction
from dwarsverbinder.utils.exports import to_csv

from . import register as services
from . import register_selectors as selectors
from .models import Accreditation, ContactPerson, Employer, EmployerContact, Location
from .permissions import can_keep_register, can_read_overview, can_read_register
from .register_forms import (
    AccreditationForm,
    ContactPersonForm,
    EmployerContactForm,
    EmployerFilterForm,
    EmployerForm,
    HandOverForm,
    LocationForm,
    OverviewForm,
)

PAGE_SIZE = 25


def _reader(request) -> None:
    if not can_read_register(user=request.user):
        raise PermissionDenied


def _keeper(request) -> None:
    if not can_keep_register(user=request.user):
        raise PermissionDenied


def _employer(pk: int) -> Employer:
    return get_object_or_404(Employer.objects.select_related("region"), pk=pk)


def _detail_url(employer: Employer, anchor: str = "") -> str:
    url = reverse("employers:detail", args=[employer.pk])
    return f"{url}#{anchor}" if anchor else url


# -- list and page ------------------------------------------------------------------------


@login_required
def employer_list(request):
    _reader(request)
    form = EmployerFilterForm(request.GET)
    employers = selectors.employer_list(**form.filters())
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(e, selectors.current_owner(employer=e)) for e in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "may_keep": can_keep_register(user=request.user),
    }
    return render(request, "employers/register/list.html", context)


@login_required
def employer_detail(request, pk: int):
    _reader(request)
    try:
        employer = selectors.employer_detail(pk=pk)
    except Employer.DoesNotExist as exc:
        raise Http404 from exc
    may_keep = can_keep_register(user=request.user)
    log = Paginator(selectors.contact_log(employer=employer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit.log_view(actor=request.user, obj=employer)
    context = {
        "employer": employer,
        "owner": selectors.current_owner(employer=employer),
        "accreditations": selectors.accreditation_rows(employer),
        "openings": list(selectors.employer_openings(employer=employer, include_drafts=may_keep)),
        "page": log,
        "may_keep": may_keep,
        "membership": request.user.active_membership,
        "today": timezone.localdate(),
    }
    return render(request, "employers/register/detail.html", context)


# -- forms --------------------------------------------------------------------------------


def _form_page(request, form, *, title, submit, employer=None, back, extra=None):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "employer": employer,
        "back": back,
        **(extra or {}),
    }
    return render(request, "employers/register/form.html", context)


def _duplicate_of(form) -> Employer | None:
    """The employer already registered with the KvK number typed, when that was the
    problem: the page links to it."""
    codes = {e.code for e in form.errors.as_data().get("kvk_number", [])}
    if "kvk_taken" not in codes:
        return None
    return selectors.employer_by_kvk(form.data.get("kvk_number", ""))


@login_required
def employer_create(request):
    _keeper(request)
    form = EmployerForm(request.POST if request.method == "POST" else None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(name)s was added to the register.") % {"name": employer})
            return redirect(_detail_url(employer))
    return _form_page(
        request,
        form,
        title=_("Add an employer"),
        submit=_("Add employer"),
        back=reverse("employers:list"),
        extra={"duplicate": _duplicate_of(form) if form.is_bound else None},
    )


@login_required
def employer_edit(request, pk: int):
    _keeper(request)
    employer = _employer(pk)
    initial = {name: getattr(employer, name) for name in services.EMPLOYER_FIELDS}
    form = EmployerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
            employer.refresh_from_db()
        else:
            messages.success(request, _("The details were saved."))
            return redirect(_detail_url(employer))
    duplicate = _duplicate_of(form) if form.is_bound else None
    return _form_page(
        request,
        form,
        title=_("Edit employer"),
        submit=_("Save"),
        employer=employer,
        back=_detail_url(employer),
        extra={"duplicate": duplicate if duplicate and duplicate.pk != employer.pk else None},
    )


# Locations, accreditations and contact persons share one add/edit page: (model, form,
# service, the service's keyword for the record, titles, section of the employer's page).
ITEMS = {
    "location": (
        Location,
        LocationForm,
        services.location_save,
        "location",
        (lambda: _("Add a location"), lambda: _("Change location")),
        "locations",
    ),
    "accreditation": (
        Accreditation,
        AccreditationForm,
        services.accreditation_save,
        "accreditation",
        (lambda: _("Add an SBB accreditation"), lambda: _("Change SBB accreditation")),
        "accreditations",
    ),
    "contact_person": (
        ContactPerson,
        ContactPersonForm,
        services.contact_person_save,
        "contact_person",
        (lambda: _("Add a contact person"), lambda: _("Change contact person")),
        "contact-persons",
    ),
}


def _item_page(request, pk: int, item_pk: int | None, *, kind: str):
    _keeper(request)
    model, form_class, save, keyword, (add_title, edit_title), anchor = ITEMS[kind]
    employer = _employer(pk)
    item = None
    if item_pk is not None:
        item = get_object_or_404(model.objects.filter(employer=employer), pk=item_pk)
    kwargs = {"creating": True} if item is None and form_class is ContactPersonForm else {}
    initial = {name: getattr(item, name) for name in form_class.base_fields} if item else None
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(employer=employer, by=request.user, **{keyword: item}, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(employer, anchor))
    return _form_page(
        request,
        form,
        title=edit_title() if item else add_title(),
        submit=_("Save"),
        employer=employer,
        back=_detail_url(employer, anchor),
    )


@login_required
def location_add(request, pk: int):
    return _item_page(request, pk, None, kind="location")


@login_required
def location_edit(request, pk: int, item: int):
    return _item_page(request, pk, item, kind="location")


@login_required
def accreditation_add(request, pk: int):
    return _item_page(request, pk, None, kind="accreditation")


@login_required
def accreditation_edit(request, pk: int, item: int):
    return _item_page(request, pk, item, kind="accreditation")


@login_required
def contact_person_add(request, pk: int):
    return _item_page(request, pk, None, kind="contact_person")


@login_required
def contact_person_edit(request, pk: int, item: int):
    return _item_page(request, pk, item, kind="contact_person")


@require_POST
@login_required
def contact_person_deactivate(request, pk: int, item: int):
    _keeper(request)
    employer = _employer(pk)
    person = get_object_or_404(ContactPerson.objects.filter(employer=employer), pk=item)
    services.contact_person_deactivate(contact_person=person, by=request.user)
    messages.success(
        request, _("%(name)s is no longer listed as a contact.") % {"name": person.name}
    )
    return redirect(_detail_url(employer, "contact-persons"))


# -- the account owner --------------------------------------------------------------------


@require_POST
@login_required
def account_take(request, pk: int):
    _keeper(request)
    employer = _employer(pk)
    try:
        services.account_take(employer=employer, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You now hold the account of %(name)s.") % {"name": employer})
    return redirect(_detail_url(employer, "account"))


@login_required
def account_hand_over(request, pk: int):
    _keeper(request)
    employer = _employer(pk)
    owner = selectors.current_owner(employer=employer)
    form = HandOverForm(request.POST if request.method == "POST" else None, owner=owner)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            owner = services.account_hand_over(
                employer=employer,
                organisation=membership.organisation,
                user=membership.user,
                by=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The account of %(name)s now lies with %(organisation)s.")
                % {"name": employer, "organisation": owner.organisation},
            )
            return redirect(_detail_url(employer, "account"))
    return _form_page(
        request,
        form,
        title=_("Hand over the account"),
        submit=_("Hand over"),
        employer=employer,
        back=_detail_url(employer, "account"),
        extra={"owner": owner, "hand_over": True},
    )


# -- the contact log ----------------------------------------------------------------------


@login_required
def contact_add(request, pk: int):
    """Log an approach. Before the form, the page shows who approached this employer in
    the last DWV_EMPLOYER_RECENT_WEEKS weeks and who holds the account."""
    _reader(request)
    employer = _employer(pk)
    form = EmployerContactForm(
        request.POST if request.method == "POST" else None, employer=employer
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_contact_log(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The approach was logged."))
            return redirect(_detail_url(employer, "contact-log"))
    weeks = selectors.recent_weeks()
    context = {
        "form": form,
        "employer": employer,
        "weeks": weeks,
        "recent": list(selectors.recent_contacts(employer=employer, weeks=weeks)),
        "owner": selectors.current_owner(employer=employer),
        "back": _detail_url(employer, "contact-log"),
    }
    return render(request, "employers/register/contact_form.html", context)


# -- the coordinator's overview -----------------------------------------------------------


def _overview(request):
    if not can_read_overview(user=request.user):
        raise PermissionDenied
    form = OverviewForm(request.GET or None)
    weeks = form.weeks_or_default(selectors.recent_weeks())
    return form, weeks, selectors.double_approaches(weeks=weeks)


@login_required
def overview(request):
    form, weeks, rows = _overview(request)
    if not form.is_bound:
        form = OverviewForm(initial={"weeks": weeks})
    context = {"form": form, "weeks": weeks, "rows": rows}
    return render(request, "employers/register/overview.html", context)


@login_required
def overview_csv(request):
    _form, weeks, rows = _overview(request)
    header = [
        _("Employer"),
        _("KvK number"),
        _("Parties"),
        _("Date"),
        _("Organisation"),
        _("Project"),
        _("Why"),
        _("How"),
        _("Outcome"),
    ]
    lines = [header]
    for row in rows:
        for c in row.contacts:
            lines.append(
                [
                    row.employer.name,
                    row.employer.kvk_number,
                    row.party_count,
                    c.date.isoformat(),
                    c.organisation.name,
                    c.project.name if c.project else "",
                    c.get_purpose_display(),
                    c.get_channel_display(),
                    c.get_outcome_display(),
                ]
            )
    audit.log_event(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=EmployerContact._meta.label_lower,
        detail={
            "report": "double_approaches",
            "weeks": weeks,
            "employers": [row.employer.pk for row in rows],
            "format": "csv",
        },
    )
    response = HttpResponse(to_csv(lines), content_type="text/csv; charset=utf-8")
    name = f"dubbel-benaderd-{weeks}w-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
