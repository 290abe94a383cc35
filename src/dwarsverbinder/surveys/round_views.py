"""Pages for rounds (coordinators): the list, a new round, a round's page with the
preview before sending and the progress bar while sending, and starting and closing.

No page does the sending: "start sending" only marks the round and queues the work
(``tasks.round_send_task``). While a round is sending, its page shows a ``<progress>``
bar that ``static/dwarsverbinder/js/round-progress.js`` updates from ``round_progress``
(JSON) every few seconds; without JavaScript the page has a link to look again. (A
``<meta http-equiv="refresh">`` would reload the page under the user's hands, which
WCAG 2.2.1 and axe forbid, and the Content-Security-Policy rules out inline script.)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.decorators import role_required
from dwarsverbinder.network.models import Organisation, Region

from . import rounds
from .constants import RoundStatus
from .round_forms import RoundForm


@role_required(Role.COORDINATOR)
def round_list(request):
    page = Paginator(rounds.rounds_for(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "surveys/rounds/list.html", {"page": page})


@role_required(Role.COORDINATOR)
def round_create(request):
    organisation = request.user.active_membership.organisation
    form = RoundForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = rounds.round_create(
                by=request.user,
                name=data["name"],
                version=data["version"],
                starts_on=data["starts_on"],
                closes_on=data["closes_on"],
                reminder_days=data["reminder_days"],
                cohort=data["cohort"],
                months_after_leaving=data["months_after_leaving"],
                school=data["school"],
                programme_types=data["programme_types"],
                municipality=data["municipality"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("The round is ready. Check who it invites, then start sending.")
            )
            return redirect("surveys:round_detail", pk=round.pk)
    context = {"form": form, "refusal": rounds.register_refusal(organisation)}
    return render(request, "surveys/rounds/form.html", context)


def _selection_rows(round) -> list[tuple[str, str]]:
    """The selection in words, for the round's page."""
    selection = round.selection
    rows = []
    if selection.get("cohort"):
        rows.append((_("School year of leaving"), selection["cohort"]))
    months = rounds.months_list(selection.get("months_after_leaving"))
    if months:
        rows.append(
            (
                _("Months after leaving"),
                ", ".join(str(m) for m in months)
                + " "
                + _("(give or take half a month, counted back from the start date)"),
            )
        )
    if selection.get("school"):
        school = Organisation.objects.filter(pk=selection["school"]).first()
        rows.append((_("School"), school.name if school else "–"))
    if selection.get("programme_types"):
        from dwarsverbinder.people.constants import ProgrammeType

        labels = dict(ProgrammeType.choices)
        rows.append(
            (
                _("Programme types"),
                ", ".join(str(labels.get(t, t)) for t in selection["programme_types"]),
            )
        )
    if selection.get("municipality"):
        municipality = Region.objects.filter(pk=selection["municipality"]).first()
        rows.append((_("Municipality of residence"), municipality.name if municipality else "–"))
    return rows


def progress_text(round) -> str:
    return _("%(sent)s of %(total)s sent") % {
        "sent": formats.number_format(round.sent, force_grouping=True),
        "total": formats.number_format(round.to_send, force_grouping=True),
    }


@role_required(Role.COORDINATOR)
def round_detail(request, pk: int):
    round = rounds.round_for(user=request.user, pk=pk)
    context = {
        "round": round,
        "selection_rows": _selection_rows(round),
        "progress_text": progress_text(round),
        "refusal": rounds.register_refusal(round.organisation),
        "today": timezone.localdate(),
    }
    if round.status == RoundStatus.DRAFT:
        context["preview"] = rounds.round_preview(round=round, user=request.user)
    else:
        context["counts"] = rounds.invitation_counts(round)
    return render(request, "surveys/rounds/detail.html", context)


@require_GET
@role_required(Role.COORDINATOR)
def round_progress(request, pk: int):
    """The numbers of the progress bar, for round-progress.js."""
    round = rounds.round_for(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": round.status,
            "sent": round.sent,
            "to_send": round.to_send,
            "text": progress_text(round),
        }
    )


def _act(request, pk: int, action, success: str):
    round = rounds.round_for(user=request.user, pk=pk)
    try:
        action(round=round, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("surveys:round_detail", pk=round.pk)


@require_POST
@role_required(Role.COORDINATOR)
def round_start(request, pk: int):
    return _act(
        request,
        pk,
        rounds.round_start,
        _("Sending has started. You can leave this page: sending goes on in the background."),
    )


@require_POST
@role_required(Role.COORDINATOR)
def round_resume(request, pk: int):
    return _act(
        request,
        pk,
        rounds.round_resume,
        _("Sending again to those not reached yet. This goes on in the background."),
    )


@require_POST
@role_required(Role.COORDINATOR)
def round_close(request, pk: int):
    return _act(
        request,
        pk,
        rounds.round_close,
        _("The round is closed. The links no longer work and no reminders go out."),
    )
