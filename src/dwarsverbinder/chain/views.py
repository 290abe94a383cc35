"""Pages for handovers and consents.

A handover is started from a young person's file; the list shows what the user's
organisation sent and received; the detail page offers the steps the user's side may
take. A receiving partner sees the young person's name only while the handover is open
(through ``people_visible_to``); afterwards the row stays, without the name.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import CASEWORK_ROLES
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit, policy
from dwarsverbinder.privacy import services as consent_services
from dwarsverbinder.privacy.constants import DataCategory
from dwarsverbinder.privacy.models import Consent
from dwarsverbinder.privacy.services import consent_text
from dwarsverbinder.utils.ids import as_id

from . import selectors, services
from .constants import ACTIVE_STATUSES, TRANSITIONS, HandoverStatus
from .forms import ConsentRecordForm, HandoverForm, StepForm, WithdrawForm


def _casework(request):
    membership = getattr(request.user, "active_membership", None)
    if membership is None or membership.role not in CASEWORK_ROLES:
        raise PermissionDenied
    return membership


def _person_to_change(request, pk: int) -> Person:
    """A person whose file the user may act on: visible, and a relation of its own."""
    person = get_object_or_404(people_visible_to(user=request.user), pk=pk)
    policy.require_change(user=request.user, person=person, category=DataCategory.IDENTITY)
    return person


def _form_page(request, form, *, person, title, submit, extra=None):
    if request.method == "GET":
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "person": person,
        "back": reverse("people:detail", args=[person.pk]) + "#handovers",
        **(extra or {}),
    }
    return render(request, "chain/form.html", context)


@login_required
def handover_list(request):
    membership = _casework(request)
    direction = request.GET.get("richting", "ontvangen")
    if direction not in ("ontvangen", "verstuurd"):
        direction = "ontvangen"
    state = request.GET.get("status", "open")
    organisation = membership.organisation
    handovers = selectors.handovers_for(organisation=organisation).select_related(
        "from_organisation", "to_organisation", "to_service"
    )
    handovers = (
        handovers.filter(to_organisation=organisation)
        if direction == "ontvangen"
        else handovers.filter(from_organisation=organisation)
    )
    if state == "open":
        handovers = handovers.filter(status__in=ACTIVE_STATUSES).order_by("due_on", "id")
    else:
        state = "alle"
        handovers = handovers.order_by("-sent_on", "-id")
    page = Paginator(handovers, 25).get_page(request.GET.get("page"))
    # The name only of those the user may see now: a receiving partner loses it when the
    # handover ends (one query for the page).
    visible = {
        p.pk: p.full_name
        for p in people_visible_to(user=request.user)
        .filter(id__in={h.person_id for h in page})
        .only("id", "given_names", "tussenvoegsel", "surname")
    }
    rows = [(h, visible.get(h.person_id)) for h in page]
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=sorted(visible),
        detail={"handovers": [h.pk for h in page], "direction": direction},
    )
    return render(
        request,
        "chain/list.html",
        {"page": page, "rows": rows, "direction": direction, "state": state},
    )


def _step_forms(request, handover, *, bound_step=None, bound=None):
    membership = request.user.active_membership
    side = (
        "receiver"
        if membership.organisation_id == handover.to_organisation_id
        else "sender"
        if membership.organisation_id == handover.from_organisation_id
        else None
    )
    steps = [to for to, who in TRANSITIONS.get(handover.status, {}).items() if who == side]
    return [StepForm(bound if step == bound_step else None, step=step) for step in steps]


def _detail(request, handover, *, forms=None, status=200):
    person_visible = people_visible_to(user=request.user).filter(pk=handover.person_id).exists()
    if person_visible:
        audit.log_view(actor=request.user, obj=handover, person_id=handover.person_id)
    context = {
        "handover": handover,
        "person_visible": person_visible,
        "shares": list(handover.shares.select_related("consent")),
        "steps": list(handover.steps.select_related("by", "organisation")),
        "step_forms": forms if forms is not None else _step_forms(request, handover),
        "is_active": handover.status in ACTIVE_STATUSES,
    }
    return render(request, "chain/detail.html", context, status=status)


@login_required
def handover_detail(request, pk: int):
    _casework(request)
    handover = selectors.handover_for_user(user=request.user, pk=pk)
    return _detail(request, handover)


@require_POST
@login_required
def handover_step(request, pk: int):
    _casework(request)
    handover = selectors.handover_for_user(user=request.user, pk=pk)
    step = request.POST.get("step")
    forms = _step_forms(request, handover, bound_step=step, bound=request.POST)
    form = next((f for f in forms if f.step == step), None)
    if form is None:
        messages.error(request, _("This step is not possible (any more) for this handover."))
        return redirect("chain:detail", pk=handover.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.handover_step(
                handover=handover,
                to=step,
                by=request.user,
                on=data["on"],
                decline_reason=data.get("decline_reason", ""),
                expected_first_contact_on=data.get("expected_first_contact_on"),
                outcome=data.get("outcome", ""),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The handover is now: %(status)s.") % {"status": HandoverStatus(step).label},
            )
            return redirect("chain:detail", pk=handover.pk)
    return _detail(request, handover, forms=forms, status=400)


@login_required
def handover_create(request, person_pk: int):
    membership = _casework(request)
    person = _person_to_change(request, person_pk)
    form = HandoverForm(
        request.POST if request.method == "POST" else None, sender=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.handover_send(
                person=person,
                to_organisation=data["to_organisation"],
                to_service=data["to_service"],
                reason=data["reason"],
                urgency=data["urgency"],
                categories=data["categories"],
                question=data["question"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The handover was sent to %(org)s.") % {"org": handover.to_organisation},
            )
            return redirect("chain:detail", pk=handover.pk)
    return _form_page(
        request,
        form,
        person=person,
        title=_("Hand over to a partner"),
        submit=_("Send handover"),
        extra={"consent_url": reverse("chain:consent_create", args=[person.pk])},
    )


@login_required
def consent_create(request, person_pk: int):
    membership = _casework(request)
    person = _person_to_change(request, person_pk)
    initial = {}
    if as_id(request.GET.get("organisation")) is not None:
        initial["receiving_organisation"] = as_id(request.GET.get("organisation"))
    form = ConsentRecordForm(
        request.POST if request.method == "POST" else None,
        organisation=membership.organisation,
        initial=initial,
    )
    preview = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            consent_services.consent_record(
                person=person,
                receiving_organisation=data["receiving_organisation"],
                categories=data["categories"],
                form=data["form"],
                given_on=data["given_on"],
                expires_on=data["expires_on"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect(reverse("people:detail", args=[person.pk]) + "#handovers")
    if form.is_bound and "receiving_organisation" in getattr(form, "cleaned_data", {}):
        preview = consent_text(
            organisation=form.cleaned_data["receiving_organisation"],
            categories=form.cleaned_data.get("categories") or [],
        )
    return _form_page(
        request,
        form,
        person=person,
        title=_("Record consent"),
        submit=_("Record consent"),
        extra={"consent_intro": True, "preview": preview},
    )


@require_POST
@login_required
def consent_withdraw(request, person_pk: int, consent_pk: int):
    _casework(request)
    person = _person_to_change(request, person_pk)
    consent = get_object_or_404(Consent.objects.filter(person=person), pk=consent_pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the consent was withdrawn."))
    else:
        try:
            consent_services.consent_withdraw(
                consent=consent, via=form.cleaned_data["via"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The consent was withdrawn. %(org)s no longer sees what it covered.")
                % {"org": consent.receiving_organisation},
            )
    return redirect(reverse("people:detail", args=[person.pk]) + "#handovers")
