"""The young person's file and the forms that change it.

Every view first fetches the person through ``people_visible_to`` (a 404 for anyone
outside the user's reach, and for roles without casework), then hands the change to a
service; a service's ValidationError goes back onto the form, which keeps what was typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.accounts.selectors import user_has_role
from dwarsverbinder.chain import selectors as chain_selectors
from dwarsverbinder.employers import placements as employer_placements
from dwarsverbinder.followup import services as followup_services
from dwarsverbinder.followup.constants import TaskStatus, VoucherStatus
from dwarsverbinder.followup.models import Contact, Signal, Task, Voucher
from dwarsverbinder.followup.selectors import person_search
from dwarsverbinder.network.constants import OrganisationKind
from dwarsverbinder.privacy import audit, policy
from dwarsverbinder.privacy.constants import DataCategory
from dwarsverbinder.privacy.selectors import history_of

from . import services
from .cohorts import cohort_label
from .constants import EpisodeKind, IdentityKind, Position, Source
from .forms import CareerForm, ChannelForm, ContactForm, EpisodeEditForm, EpisodeForm, PersonForm
from .models import Assignment, ContactChannel, Identity, Person, SchoolCareer, StatusEpisode
from .positions import STALE_AFTER, covers, position_at
from .selectors import people_visible_to


def _today() -> datetime.date:
    return timezone.localdate()


def _person_for(request, pk: int, category: str | None = None) -> Person:
    """The person, for a page that changes ``category`` of the file: 404 when the person
    is out of sight, 403 when the register or a handover-only relation does not allow
    the change."""
    person = get_object_or_404(people_visible_to(user=request.user), pk=pk)
    if category is not None:
        # Changing the file is casework; an employer account manager changes placements
        # (employers/placement_views.py), not the rest of the file.
        if not user_has_role(user=request.user, roles=CASEWORK_ROLES):
            raise PermissionDenied
        policy.require_change(user=request.user, person=person, category=category)
    return person


def _own_school(user):
    """The school the user acts for, or None when they act for another kind of partner."""
    organisation = user.active_membership.organisation
    return organisation if organisation.kind == OrganisationKind.SCHOOL else None


def _back_to_file(person: Person, section: str):
    return redirect(reverse("people:detail", args=[person.pk]) + f"#{section}")


def _form_page(request, form, *, title: str, submit: str, person: Person | None = None):
    """A form on a page of its own. Opening it shows the person, so it is audited."""
    if person is not None and request.method == "GET":
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    back = reverse("people:detail", args=[person.pk]) if person else reverse("people:list")
    context = {"form": form, "title": title, "submit": submit, "person": person, "back": back}
    return render(request, "people/form.html", context)


def _bound(request):
    return request.POST if request.method == "POST" else None


def _file_form(request, form, save, *, person: Person, section: str, success: str, **page):
    """What every form of the file does: valid input goes to ``save`` (a service call);
    the service's field errors land on the form with what was typed kept; on success a
    message and back to the file's ``section``."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return _back_to_file(person, section)
    return _form_page(request, form, person=person, **page)


# --- Reading -----------------------------------------------------------------------------


@login_required
@sensitive_post_parameters("q")
def person_list(request):
    # A search is sent by POST, so a name, birth date or BSN never ends up in a URL, the
    # browser history or a proxy log (the same as the caseload search).
    query = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    if query:
        found = list(person_search(user=request.user, query=query)[:SEARCH_LIMIT])
        page = Paginator(found, SEARCH_LIMIT).get_page(1)
    else:
        people = people_visible_to(user=request.user).select_related("municipality")
        page = Paginator(people.order_by("surname", "given_names", "id"), 25).get_page(
            request.GET.get("page")
        )
    # A list shows names: one audit row names everybody on the page. The search term is
    # not stored (it can itself be a name); only that a search was made.
    audit.log_list(
        actor=request.user,
        model=Person,
        ids=[p.pk for p in page],
        detail={"searched": bool(query), "page": page.number},
    )
    can_add = user_has_role(user=request.user, roles=CASEWORK_ROLES)
    return render(request, "people/list.html", {"page": page, "q": query, "can_add": can_add})


SEARCH_LIMIT = 50


def _file_queryset(user):
    """Everything the file shows, in a fixed number of queries however long it gets."""
    return (
        people_visible_to(user=user)
        .select_related("municipality", "municipality__rmc_region")
        .prefetch_related(
            Prefetch(
                "episodes",
                queryset=StatusEpisode.objects.select_related("recorded_by").order_by(
                    "-start_date", "-id"
                ),
            ),
            Prefetch(
                "school_careers",
                queryset=SchoolCareer.objects.select_related("school").order_by(
                    "-start_date", "-id"
                ),
            ),
            Prefetch(
                "contact_channels",
                queryset=ContactChannel.objects.order_by(
                    "-is_active", "kind", "-last_confirmed", "id"
                ),
            ),
            Prefetch("identities", queryset=Identity.objects.select_related("organisation")),
            Prefetch(
                "contacts",
                queryset=Contact.objects.select_related("by", "organisation").order_by(
                    "-on", "-id"
                ),
            ),
            Prefetch(
                "tasks",
                queryset=Task.objects.filter(status=TaskStatus.OPEN).select_related(
                    "organisation", "assigned_to"
                ),
                to_attr="open_tasks",
            ),
            Prefetch(
                "signals",
                queryset=Signal.objects.filter(resolved_on__isnull=True).select_related(
                    "organisation"
                ),
                to_attr="open_signals",
            ),
            Prefetch("vouchers", queryset=Voucher.objects.select_related("issued_by")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation", "coach").order_by(
                    "ended_at", "-started_at", "-id"
                ),
            ),
        )
    )


@dataclass(frozen=True)
class EpisodeRow:
    episode: StatusEpisode
    state: str  # "current", "stale" (open, but no longer counts) or "ended"
    counts_until: datetime.date | None  # the last day an open episode counts unconfirmed


def _episode_rows(episodes, today: datetime.date) -> list[EpisodeRow]:
    rows = []
    for episode in episodes:
        if episode.end_date is None and today > episode.last_confirmed + STALE_AFTER:
            state = "stale"
        elif covers(episode, today):
            state = "current"
        else:
            state = "ended"
        counts_until = episode.last_confirmed + STALE_AFTER if episode.end_date is None else None
        rows.append(EpisodeRow(episode=episode, state=state, counts_until=counts_until))
    return rows


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _file_context(person: Person, today: datetime.date, *, user) -> dict:
    categories, direct = policy.file_access(user=user, person=person)
    episodes = list(person.episodes.all())
    shown_episodes = [
        e for e in episodes if e.kind != EpisodeKind.ZORG or DataCategory.CARE in categories
    ]
    position = position_at(episodes, today)
    channels = list(person.contact_channels.all())
    identities = list(person.identities.all())
    return {
        "person": person,
        "today": today,
        "age": _age(person.date_of_birth, today),
        "position": Position(position.position).label,
        "position_code": position.position,
        "care_involved": position.zorg and DataCategory.CARE in categories,
        "categories": categories,
        # What arrived through a handover is read-only for the receiving partner.
        "may_change": direct,
        # Handovers, consents, vouchers and coaches are casework; an employer account
        # manager who sees the file works on its placements.
        "may_casework": direct and user_has_role(user=user, roles=CASEWORK_ROLES),
        "cohort": cohort_label(followup_services.last_leave_date(person)),
        "episodes": _episode_rows(shown_episodes, today),
        "active_channels": [c for c in channels if c.is_active],
        "retired_channels": [c for c in channels if not c.is_active],
        "has_bsn": any(i.kind == IdentityKind.BSN for i in identities),
        "student_numbers": [i for i in identities if i.kind == IdentityKind.STUDENT_NUMBER],
        "vouchers": [(v, VoucherStatus(v.status_on(today)).label) for v in person.vouchers.all()],
        "history": history_of(person_id=person.pk)[:20],
        "check_ins": _check_ins(person) if DataCategory.SURVEY in categories else [],
        **chain_selectors.file_chain_context(user=user, person=person, today=today, direct=direct),
        **employer_placements.file_section(
            user=user, person=person, categories=categories, direct=direct, today=today
        ),
    }


def _check_ins(person: Person) -> list:
    """The young person's completed survey responses with their answers (two queries)."""
    from dwarsverbinder.surveys.models import Answer, Response

    return list(
        Response.objects.filter(invitation__person=person, completed_at__isnull=False)
        .select_related("invitation__round")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by("question__position"),
            )
        )
        .order_by("-completed_at")[:10]
    )


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(_file_queryset(request.user), pk=pk)
    audit.log_view(actor=request.user, obj=person, person_id=person.pk)
    return render(request, "people/detail.html", _file_context(person, _today(), user=request.user))


# --- The person ----------------------------------------------------------------------------


def _add_identities(person: Person, form: PersonForm, *, by, school) -> None:
    if form.cleaned_data.get("bsn"):
        services.identity_add_bsn(person=person, bsn=form.cleaned_data["bsn"], by=by)
    if school is not None and form.cleaned_data.get("student_number"):
        services.identity_add_student_number(
            person=person, school=school, number=form.cleaned_data["student_number"], by=by
        )


@login_required
def person_create(request):
    if not user_has_role(user=request.user, roles=CASEWORK_ROLES):
        raise PermissionDenied
    membership = request.user.active_membership
    school = _own_school(request.user)
    form = PersonForm(_bound(request), school=school)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a BSN or student number that fails leaves no person behind.
            with transaction.atomic():
                person = services.person_create(by=request.user, **form.person_data())
                _add_identities(person, form, by=request.user, school=school)
                followup_services.assignment_start(
                    person=person,
                    organisation=membership.organisation,
                    coach=request.user if membership.role == Role.COACH else None,
                    by=request.user,
                )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return _form_page(request, form, title=_("Add a young person"), submit=_("Add young person"))


@login_required
def person_edit(request, pk: int):
    person = _person_for(request, pk, DataCategory.IDENTITY)
    identities = list(person.identities.all())
    school = _own_school(request.user)
    numbered_at = {i.organisation_id for i in identities if i.kind == IdentityKind.STUDENT_NUMBER}
    if school is not None and school.pk in numbered_at:
        school = None  # the number at this school is recorded already
    initial = {name: getattr(person, name) for name in PersonForm.person_fields}
    form = PersonForm(
        _bound(request),
        initial=initial,
        with_bsn=not any(i.kind == IdentityKind.BSN for i in identities),
        school=school,
    )

    @transaction.atomic
    def save(data):
        services.person_update(person=person, by=request.user, **form.person_data())
        _add_identities(person, form, by=request.user, school=school)

    return _file_form(
        request,
        form,
        save,
        person=person,
        section="details",
        success=_("The personal details were saved."),
        title=_("Edit personal details"),
        submit=_("Save"),
    )


# --- Status episodes ---------------------------------------------------------------------


def _require_care(request, person: Person, kind: str | None) -> None:
    """Care involvement is a category of its own in the register."""
    if kind == EpisodeKind.ZORG and not policy.may_change(
        user=request.user, person=person, category=DataCategory.CARE
    ):
        raise ValidationError(
            {"kind": _("The processing register does not let you record care involvement.")}
        )


@login_required
def episode_add(request, pk: int):
    person = _person_for(request, pk, DataCategory.STATUS)
    form = EpisodeForm(_bound(request), initial={"start_date": _today(), "source": Source.COACH})

    def save(data):
        _require_care(request, person, data.get("kind"))
        services.episode_record(person=person, by=request.user, **data)

    return _file_form(
        request,
        form,
        save,
        person=person,
        section="timeline",
        success=_("The status was recorded."),
        title=_("Record a status"),
        submit=_("Record status"),
    )


@login_required
def episode_edit(request, pk: int, episode_pk: int):
    person = _person_for(request, pk, DataCategory.STATUS)
    episode = get_object_or_404(person.episodes.all(), pk=episode_pk)
    if episode.kind == EpisodeKind.ZORG:
        policy.require_change(user=request.user, person=person, category=DataCategory.CARE)
    initial = {name: getattr(episode, name) for name in EpisodeEditForm.base_fields}
    form = EpisodeEditForm(_bound(request), initial=initial)
    return _file_form(
        request,
        form,
        lambda data: services.episode_update(episode=episode, by=request.user, **data),
        person=person,
        section="timeline",
        success=_("The status was changed."),
        title=_("Change or end a status"),
        submit=_("Save"),
    )


# --- Contact channels --------------------------------------------------------------------


@login_required
def channel_add(request, pk: int):
    person = _person_for(request, pk, DataCategory.CONTACT)
    form = ChannelForm(_bound(request), initial={"source": Source.COACH})
    return _file_form(
        request,
        form,
        lambda data: services.contact_channel_add(person=person, by=request.user, **data),
        person=person,
        section="channels",
        success=_("The contact detail was saved."),
        title=_("Add a contact detail"),
        submit=_("Add"),
    )


@require_POST
@login_required
def channel_retire(request, pk: int, channel_pk: int):
    person = _person_for(request, pk, DataCategory.CONTACT)
    channel = get_object_or_404(person.contact_channels.all(), pk=channel_pk)
    if channel.is_active:
        services.contact_channel_retire(channel=channel, by=request.user)
        messages.success(request, _("The contact detail is kept as history, no longer in use."))
    return _back_to_file(person, "channels")


# --- School careers ----------------------------------------------------------------------


def _career_form_page(request, person: Person, career: SchoolCareer, form: CareerForm, title):
    def save(data):
        for name, value in data.items():
            setattr(career, name, value)
        services.school_career_save(career=career, by=request.user)

    return _file_form(
        request,
        form,
        save,
        person=person,
        section="school-careers",
        success=_("The school career was saved."),
        title=title,
        submit=_("Save"),
    )


@login_required
def career_add(request, pk: int):
    person = _person_for(request, pk, DataCategory.SCHOOL_CAREER)
    form = CareerForm(_bound(request), initial={"school": _own_school(request.user)})
    return _career_form_page(
        request, person, SchoolCareer(person=person), form, _("Add a school career")
    )


@login_required
def career_edit(request, pk: int, career_pk: int):
    person = _person_for(request, pk, DataCategory.SCHOOL_CAREER)
    career = get_object_or_404(person.school_careers.all(), pk=career_pk)
    initial = {name: getattr(career, name) for name in CareerForm.base_fields}
    form = CareerForm(_bound(request), initial=initial)
    return _career_form_page(request, person, career, form, _("Change a school career"))


# --- Contact log -------------------------------------------------------------------------


@login_required
def contact_add(request, pk: int):
    person = _person_for(request, pk, DataCategory.CONTACTS)
    form = ContactForm(_bound(request), initial={"on": _today()}, person=person)
    organisation = request.user.active_membership.organisation
    return _file_form(
        request,
        form,
        lambda data: followup_services.contact_log(
            person=person, organisation=organisation, by=request.user, **data
        ),
        person=person,
        section="contacts",
        success=_("The contact was logged."),
        title=_("Log a contact"),
        submit=_("Log contact"),
    )
