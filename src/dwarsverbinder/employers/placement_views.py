"""Pages for placements and certificates, under /werkgevers/plaatsingen/ and
/werkgevers/certificaten/.

Every page first fetches the young person (or the record) through the visibility of the
placements category: anyone else is a 404. Changing needs a matcher whose organisation
has a relation of its own with the person (403 otherwise). Opening a page is audited with
the person's id; the change itself is audited by the service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.ids import as_id

from . import placements
from .constants import PlacementOutcome
from .models import Opening, Placement
from .placement_forms import CertificateForm, PlacementForm


def _bound(request):
    return request.POST if request.method == "POST" else None


def _person_to_change(request, pk: int) -> Person:
    visible = people_visible_to(user=request.user, category=placements.CATEGORY)
    person = get_object_or_404(visible, pk=pk)
    placements.require_may_record(user=request.user, person=person)
    return person


def _file_url(person_id: int) -> str:
    return reverse("people:detail", args=[person_id]) + "#work"


def _form_page(request, form, *, person, title, submit, back, audited=None, intro=""):
    """A form on a page of its own. Opening it shows the person, so it is audited."""
    if request.method == "GET":
        audit.log_view(actor=request.user, obj=audited or person, person_id=person.pk)
    context = {
        "form": form,
        "person": person,
        "title": title,
        "submit": submit,
        "back": back,
        "intro": intro,
    }
    return render(request, "employers/placements/form.html", context)


def _save(request, form, save, *, success: str):
    """Valid input goes to ``save`` (a service call); its field errors land on the form.
    Returns the saved record, or None when the form is shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    messages.success(request, success)
    return saved


# --- Placements ----------------------------------------------------------------------------


def _opening_from_query(request) -> Opening | None:
    pk = as_id(request.GET.get("opening"))
    return Opening.objects.filter(pk=pk).first() if pk is not None else None


@login_required
def placement_list(request):
    today = timezone.localdate()
    page = Paginator(placements.organisation_placements(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    rows = placements.placement_rows(page, today=today)
    audit.log_list(
        actor=request.user,
        model=Placement,
        ids=[p.pk for p in page],
        detail={"person_ids": sorted({p.person_id for p in page}), "page": page.number},
    )
    return render(request, "employers/placements/list.html", {"page": page, "rows": rows})


@login_required
def placement_create(request, person_pk: int):
    person = _person_to_change(request, person_pk)
    opening = _opening_from_query(request)
    initial = {
        "start_date": timezone.localdate(),
        "outcome": PlacementOutcome.ONGOING,
        "opening": opening,
    }
    form = PlacementForm(_bound(request), initial=initial)
    organisation = request.user.active_membership.organisation
    placement = _save(
        request,
        form,
        lambda: placements.placement_record(
            person=person, organisation=organisation, by=request.user, **form.placement_data()
        ),
        success=_("The placement was recorded."),
    )
    if placement is not None:
        return redirect("employers:placement_detail", pk=placement.pk)
    return _form_page(
        request,
        form,
        person=person,
        title=_("Record a placement"),
        submit=_("Record placement"),
        back=_file_url(person.pk),
    )


@login_required
def placement_detail(request, pk: int):
    placement = placements.placement_for(user=request.user, pk=pk)
    audit.log_view(actor=request.user, obj=placement, person_id=placement.person_id)
    today = timezone.localdate()
    context = {
        "placement": placement,
        "person": placement.person,
        "row": placements.PlacementRow(placement, placements.lasting(placement, today=today)),
        "certificates": list(placement.certificates.order_by("-issued_on", "-id")),
        "may_change": placements.may_record(user=request.user, person=placement.person),
    }
    return render(request, "employers/placements/detail.html", context)


@login_required
def placement_edit(request, pk: int):
    placement = placements.placement_for(user=request.user, pk=pk)
    person = placement.person
    placements.require_may_record(user=request.user, person=person)
    initial = {name: getattr(placement, name) for name in PlacementForm.base_fields}
    form = PlacementForm(_bound(request), initial=initial, placement=placement)
    saved = _save(
        request,
        form,
        lambda: placements.placement_update(
            placement=placement, by=request.user, **form.placement_data()
        ),
        success=_("The placement was saved."),
    )
    if saved is not None:
        return redirect("employers:placement_detail", pk=placement.pk)
    return _form_page(
        request,
        form,
        person=person,
        title=_("Change or end a placement"),
        submit=_("Save"),
        back=reverse("employers:placement_detail", args=[placement.pk]),
        audited=placement,
    )


# --- Certificates --------------------------------------------------------------------------


@login_required
def certificate_create(request, person_pk: int):
    person = _person_to_change(request, person_pk)
    initial = {"issued_on": timezone.localdate()}
    placement_id = as_id(request.GET.get("plaatsing"))
    if placement_id is not None:
        initial["placement"] = person.placements.filter(pk=placement_id).first()
    form = CertificateForm(_bound(request), initial=initial, person=person)
    saved = _save(
        request,
        form,
        lambda: placements.certificate_record(
            person=person, by=request.user, **form.certificate_data()
        ),
        success=_("The certificate was recorded."),
    )
    if saved is not None:
        return redirect(_file_url(person.pk))
    return _form_page(
        request,
        form,
        person=person,
        title=_("Record a certificate"),
        submit=_("Record certificate"),
        back=_file_url(person.pk),
    )


@login_required
def certificate_edit(request, pk: int):
    certificate = placements.certificate_for(user=request.user, pk=pk)
    person = certificate.person
    placements.require_may_record(user=request.user, person=person)
    form = CertificateForm(
        _bound(request), initial=CertificateForm.initial_for(certificate), person=person
    )
    saved = _save(
        request,
        form,
        lambda: placements.certificate_update(
            certificate=certificate, by=request.user, **form.certificate_data()
        ),
        success=_("The certificate was saved."),
    )
    if saved is not None:
        return redirect(_file_url(person.pk))
    return _form_page(
        request,
        form,
        person=person,
        title=_("Change a certificate"),
        submit=_("Save"),
        back=_file_url(person.pk),
        audited=certificate,
    )


@login_required
def certificate_delete(request, pk: int):
    certificate = placements.certificate_for(user=request.user, pk=pk)
    person = certificate.person
    placements.require_may_record(user=request.user, person=person)
    if request.method == "POST":
        placements.certificate_delete(certificate=certificate, by=request.user)
        messages.success(request, _("The certificate was deleted."))
        return redirect(_file_url(person.pk))
    audit.log_view(actor=request.user, obj=certificate, person_id=person.pk)
    context = {"certificate": certificate, "person": person, "back": _file_url(person.pk)}
    return render(request, "employers/placements/certificate_delete.html", context)
