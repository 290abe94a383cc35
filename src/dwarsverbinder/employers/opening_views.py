"""Pages of openings, matching and proposals under /werkgevers/.

Openings are shared by the region's partners (readers of the register); keepers publish
and edit them. Matching pages show young people only through ``people_visible_to`` with
the category "placements": the page of a person outside it is a 404, and the candidates of
an opening are chosen among visible people only, with no count of anybody else.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.people.models import Person
from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.ids import as_id

from . import matching, notify, openings
from .constants import OpeningKind, ProposalStatus
from .models import MatchProfile, Opening, Proposal
from .opening_forms import (
    MatchProfileForm,
    OpeningFilterForm,
    OpeningForm,
    ProposalForm,
    ProposalStatusForm,
)
from .permissions import MATCHERS, REGISTER_KEEPERS, REGISTER_READERS, can_keep_register, can_match

PAGE_SIZE = 25


def _opening(request, pk: int) -> Opening:
    return get_object_or_404(
        openings.openings_readable(user=request.user).select_related(
            "employer", "location", "organisation", "created_by"
        ),
        pk=pk,
    )


def _visible_person(request, pk: int) -> Person:
    return get_object_or_404(
        people_visible_to(user=request.user, category=openings.CATEGORY), pk=pk
    )


# --- Openings ------------------------------------------------------------------------------


@role_required(*REGISTER_READERS)
def opening_list(request):
    form = OpeningFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(openings.opening_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "employers/openings/list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(v not in ("", None) for v in filters.values()),
            "may_keep": can_keep_register(user=request.user),
        },
    )


@role_required(*REGISTER_READERS)
def opening_detail(request, pk: int):
    opening = _opening(request, pk)
    proposals = list(openings.proposals_of_opening(user=request.user, opening=opening))
    if proposals:
        audit.log_list(
            actor=request.user,
            model=Proposal,
            ids=[p.pk for p in proposals],
            detail={"opening": opening.pk, "person_ids": sorted({p.person_id for p in proposals})},
        )
    context = {
        "opening": opening,
        "warning": openings.sbb_warning(
            employer_id=opening.employer_id, kind=opening.kind, crebo=opening.crebo
        ),
        "proposals": proposals,
        "may_edit": openings.can_edit_opening(user=request.user, opening=opening),
        "may_match": can_match(user=request.user),
        "owner": openings.current_account_owner(opening.employer_id),
    }
    return render(request, "employers/openings/detail.html", context)


def _opening_form_page(request, form, *, opening=None, status=200):
    warning = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        employer = data.get("employer")
        warning = openings.sbb_warning(
            employer_id=employer.pk if employer else None,
            kind=data.get("kind", ""),
            crebo=data.get("crebo", ""),
        )
    context = {
        "form": form,
        "opening": opening,
        "warning": warning,
        "title": _("Edit opening") if opening else _("New opening"),
        "submit": _("Save opening") if opening else _("Publish opening"),
        "back": reverse("employers:opening_detail", args=[opening.pk])
        if opening
        else reverse("employers:openings"),
    }
    return render(request, "employers/openings/form.html", context, status=status)


def _saved(request, opening: Opening, text: str):
    messages.success(request, text)
    warning = openings.sbb_warning(
        employer_id=opening.employer_id, kind=opening.kind, crebo=opening.crebo
    )
    if warning:
        messages.warning(request, warning)
    return redirect("employers:opening_detail", pk=opening.pk)


@role_required(*REGISTER_KEEPERS)
def opening_create(request):
    initial = {}
    employer = request.GET.get("werkgever", "")
    if as_id(employer) is not None:
        initial["employer"] = as_id(employer)
    form = OpeningForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            opening = openings.opening_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return _saved(request, opening, _("The opening was saved."))
    return _opening_form_page(request, form, status=400 if form.errors else 200)


@role_required(*REGISTER_KEEPERS)
def opening_edit(request, pk: int):
    opening = _opening(request, pk)
    if not openings.can_edit_opening(user=request.user, opening=opening):
        raise PermissionDenied
    form = OpeningForm(
        request.POST if request.method == "POST" else None,
        initial=OpeningForm.initial_from(opening),
        employer_id=opening.employer_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            opening = openings.opening_update(opening=opening, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            opening.refresh_from_db()
            form.add_service_errors(exc)
        else:
            return _saved(request, opening, _("The opening was changed."))
    return _opening_form_page(request, form, opening=opening, status=400 if form.errors else 200)


# --- Matching ------------------------------------------------------------------------------


@role_required(*MATCHERS)
def opening_candidates(request, pk: int):
    opening = _opening(request, pk)
    matches = matching.candidates_for_opening(user=request.user, opening=opening)
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=[m.subject.pk for m in matches],
        detail={"opening": opening.pk, "purpose": "matching"},
    )
    return render(
        request,
        "employers/openings/candidates.html",
        {
            "opening": opening,
            "matches": matches,
            "is_open": opening.status == "open",
            "shown": matching.SHOWN,
        },
    )


@role_required(*MATCHERS)
def person_matches(request, person_pk: int):
    person = _visible_person(request, person_pk)
    audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    matches = matching.openings_for_person(
        user=request.user, person=person, today=timezone.localdate()
    )
    profile = MatchProfile.objects.filter(person=person).first()
    kinds, interests = dict(OpeningKind.choices), dict(matching.INTERESTS.choices)
    context = {
        "person": person,
        "profile": profile,
        "profile_kinds": [kinds.get(k, k) for k in (profile.kinds if profile else [])],
        "profile_interests": [interests.get(i, i) for i in (profile.interests if profile else [])],
        "default_km": matching.DEFAULT_MAX_DISTANCE_KM,
        "matches": matches,
        "proposals": list(openings.proposals_of_person(person=person)),
        "may_change": openings.may_match_person(user=request.user, person=person),
        "shown": matching.SHOWN,
    }
    return render(request, "employers/openings/person_matches.html", context)


@role_required(*MATCHERS)
def match_profile_edit(request, person_pk: int):
    person = _visible_person(request, person_pk)
    if not openings.may_match_person(user=request.user, person=person):
        raise PermissionDenied
    profile = MatchProfile.objects.filter(person=person).first()
    initial = (
        {name: getattr(profile, name) for name in MatchProfileForm.base_fields} if profile else {}
    )
    form = MatchProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            openings.match_profile_save(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The matching profile was saved."))
            return redirect("employers:person_matches", person_pk=person.pk)
    if request.method == "GET":
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    return render(
        request,
        "employers/openings/profile_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


# --- Proposals -----------------------------------------------------------------------------

NOTIFIED_TEXT = {
    notify.ACCOUNT_OWNER: lambda: _("The account owner of the employer was told by e-mail."),
    notify.EMPLOYER_MANAGERS: lambda: _(
        "This employer has no account owner: the employer account managers of the "
        "publishing organisation were told by e-mail."
    ),
}


@role_required(*MATCHERS)
def proposal_create(request, pk: int, person_pk: int):
    opening = _opening(request, pk)
    person = _visible_person(request, person_pk)
    if not openings.may_match_person(user=request.user, person=person):
        raise PermissionDenied
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = openings.proposal_create(
                opening=opening, person=person, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The young person was proposed."))
            if done.notified.kind == notify.NOBODY:
                messages.warning(
                    request,
                    _(
                        "Nobody could be told: this employer has no account owner, and the "
                        "publishing organisation has no employer account manager with an "
                        "e-mail address. Contact the employer yourself."
                    ),
                )
            else:
                messages.info(request, NOTIFIED_TEXT[done.notified.kind]())
            return redirect("employers:proposal_detail", pk=done.proposal.pk)
    if request.method == "GET":
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    match = matching.fit_for(user=request.user, opening=opening, person=person)
    context = {"form": form, "opening": opening, "person": person, "match": match}
    return render(
        request,
        "employers/openings/propose.html",
        context,
        status=400 if form.errors else 200,
    )


def _proposal(request, pk: int) -> Proposal:
    return get_object_or_404(
        openings.proposals_reachable(user=request.user).select_related(
            "opening__employer", "opening__location", "organisation", "proposed_by"
        ),
        pk=pk,
    )


def _proposal_page(request, proposal: Proposal, *, status=200):
    person_visible = (
        people_visible_to(user=request.user, category=openings.CATEGORY)
        .filter(pk=proposal.person_id)
        .exists()
    )
    audit.log_view(actor=request.user, obj=proposal, person_id=proposal.person_id)
    steps = openings.proposal_next_steps(user=request.user, proposal=proposal)
    context = {
        "proposal": proposal,
        "person_visible": person_visible,
        "person_name": proposal.person.full_name if person_visible else "",
        "rows": matching.reason_rows(proposal.reasons, with_text=person_visible),
        "score": sum(int(r.get("points", 0)) for r in proposal.reasons if isinstance(r, dict)),
        "steps": [(s, ProposalStatus(s).label) for s in steps],
        "may_match": can_match(user=request.user),
    }
    context["fit_label"] = matching.fit_label(context["score"])
    return render(request, "employers/openings/proposal_detail.html", context, status=status)


@role_required(*REGISTER_READERS)
def proposal_detail(request, pk: int):
    return _proposal_page(request, _proposal(request, pk))


@require_POST
@role_required(*REGISTER_READERS)
def proposal_status(request, pk: int):
    proposal = _proposal(request, pk)
    form = ProposalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a next step from the page."))
        return redirect("employers:proposal_detail", pk=proposal.pk)
    try:
        proposal = openings.proposal_status_change(
            proposal=proposal, to=form.cleaned_data["to"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The proposal is now: %(status)s.")
            % {"status": ProposalStatus(proposal.status).label},
        )
    return redirect("employers:proposal_detail", pk=proposal.pk)
